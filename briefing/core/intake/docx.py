"""Word documents (.docx): paragraphs and tables in reading order, core properties.

A .docx is a zip archive, and a zip can be a bomb: a few hundred kilobytes that inflate to
gigabytes. python-docx does not guard against that, so the archive's declared sizes are checked
before anything is decompressed. zipfile never yields more bytes than a member declares (and
fails its CRC check if the data would go on), so the declared sizes are a real bound.
XML entities: python-docx parses with resolve_entities=False, so an external entity reads no
file, but the text after it is silently dropped. Word never writes a DOCTYPE, so a part that
declares one is refused outright rather than imported with text missing.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from briefing.core.intake.build import build_article
from briefing.core.intake.errors import IntakeError
from briefing.core.intake.files import format_size
from briefing.core.model import Article

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# A ratio only matters once there is a lot to unpack: small documents compress very well too.
RATIO_CHECK_FROM_BYTES = 20 * 1024 * 1024
MAX_OVERALL_RATIO = 100
# Real Word XML compresses 5-30:1; deflate's limit is about 1032:1, which only runs of one
# repeated byte reach.
MAX_MEMBER_RATIO = 500
MEMBER_RATIO_CHECK_FROM_BYTES = 5 * 1024 * 1024
MAX_MEMBERS = 10_000
# A DOCTYPE must come before the root element, so the start of each XML part is enough.
_DOCTYPE_SCAN_BYTES = 64 * 1024
_DOCTYPE_MARKERS = (
    b"<!DOCTYPE",
    "<!DOCTYPE".encode("utf-16-le"),
    "<!DOCTYPE".encode("utf-16-be"),
)

# python-docx's default template leaves these behind in documents made without setting them.
_TEMPLATE_AUTHOR = "python-docx"
_TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15)


def check_archive(data: bytes, source_name: str) -> None:
    """IntakeError unless the bytes are a zip holding a Word document that unpacks to a sane
    size."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise IntakeError(source_name, "not a Word document (.docx): the file is not a zip archive")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise IntakeError(source_name, f"the document is damaged ({error})") from None
    if len(members) > MAX_MEMBERS:
        raise IntakeError(source_name, f"refused: the archive holds {len(members)} files")
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names:  # every Office Open XML package has one
        raise IntakeError(source_name, "not a Word document (.docx)")
    unpacked = sum(member.file_size for member in members)
    packed = max(1, sum(member.compress_size for member in members))
    ratio = unpacked / packed
    worst = max(
        (m for m in members if m.file_size >= MEMBER_RATIO_CHECK_FROM_BYTES),
        key=lambda m: m.file_size / max(1, m.compress_size),
        default=None,
    )
    worst_ratio = worst.file_size / max(1, worst.compress_size) if worst else 0.0
    if (
        unpacked > MAX_UNPACKED_BYTES
        or (unpacked > RATIO_CHECK_FROM_BYTES and ratio > MAX_OVERALL_RATIO)
        or worst_ratio > MAX_MEMBER_RATIO
    ):
        shown_ratio = max(ratio, worst_ratio)
        raise IntakeError(
            source_name,
            f"refused: the document would unpack to {format_size(unpacked)} "
            f"(compression ratio {shown_ratio:.0f}:1)",
        )
    _refuse_doctypes(data, members, source_name)


def _refuse_doctypes(data: bytes, members: list[zipfile.ZipInfo], source_name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in members:
                if not member.filename.endswith((".xml", ".rels")):
                    continue
                with archive.open(member) as stream:
                    head = stream.read(_DOCTYPE_SCAN_BYTES).upper()
                if any(marker in head for marker in _DOCTYPE_MARKERS):
                    raise IntakeError(
                        source_name,
                        f"refused: {member.filename} declares XML entities (a DOCTYPE), "
                        "which Word documents never contain",
                    )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise IntakeError(source_name, f"the document is damaged ({error})") from None


def _table_text(table: object) -> str:
    lines = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            # A merged cell is reported once per grid column it spans.
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            lines.append(" | ".join(cells))
    return "\n".join(lines)


def _sensible_created(properties: object) -> datetime | None:
    created = getattr(properties, "created", None)
    if not isinstance(created, datetime):
        return None
    if created.replace(tzinfo=None) == _TEMPLATE_CREATED:
        return None
    return created


def article_from_docx_file(path: Path, data: bytes) -> Article:
    """An article from the bytes of a .docx file."""
    name = path.name
    check_archive(data, name)
    import docx  # python-docx; imported here so a text-only import never pays for it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        heading = ""
        for item in document.iter_inner_content():
            if hasattr(item, "rows"):
                blocks.append(_table_text(item))
                continue
            text = item.text
            if text.strip():
                blocks.append(text)
                style = getattr(item.style, "name", "") or ""
                if not heading and (style == "Title" or style.startswith("Heading")):
                    heading = text
        properties = document.core_properties
        title = properties.title or heading
        author = properties.author if properties.author != _TEMPLATE_AUTHOR else ""
        created = _sensible_created(properties)
        language = properties.language or ""
    except (PackageNotFoundError, KeyError, ValueError) as error:
        # python-docx says ValueError/KeyError for packages that are not Word documents
        # (a .xlsx renamed, a .docm/.dotx content type, a missing part).
        raise IntakeError(name, f"not a readable Word document ({error})") from None
    except zipfile.BadZipFile as error:
        raise IntakeError(name, f"the document is damaged ({error})") from None
    except Exception as error:  # lxml syntax errors and the like from a malformed part
        raise IntakeError(name, f"the document is damaged ({type(error).__name__})") from None
    return build_article(
        "\n\n".join(blocks),
        source_name=name,
        source_kind="docx",
        source_path=str(path),
        title=title,
        authors=author,
        published=created,
        language=language,
    )
