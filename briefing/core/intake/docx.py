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
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from lxml import etree

from briefing.core.intake.budget import Budget, IntakeCancelled
from briefing.core.intake.build import build_article
from briefing.core.intake.errors import IntakeError
from briefing.core.intake.files import format_size
from briefing.core.model import Article

if TYPE_CHECKING:
    from docx.oxml.text.paragraph import CT_P

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# A ratio only matters once there is a lot to unpack: small documents compress very well too.
RATIO_CHECK_FROM_BYTES = 20 * 1024 * 1024
MAX_OVERALL_RATIO = 100
# Real Word XML compresses 5-30:1; deflate's limit is about 1032:1, which only runs of one
# repeated byte reach.
MAX_MEMBER_RATIO = 500
MEMBER_RATIO_CHECK_FROM_BYTES = 5 * 1024 * 1024
MAX_MEMBERS = 10_000
_OLE2_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")
_DOCTYPE_MARKERS = (
    b"<!DOCTYPE",
    "<!DOCTYPE".encode("utf-16-le"),
    "<!DOCTYPE".encode("utf-16-be"),
    "<!DOCTYPE".encode("utf-32-le"),
    "<!DOCTYPE".encode("utf-32-be"),
)

# python-docx's default template leaves these behind in documents made without setting them.
_TEMPLATE_AUTHOR = "python-docx"
_TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15)


def check_archive(data: bytes, source_name: str) -> None:
    """IntakeError unless the bytes are a zip holding a Word document that unpacks to a sane
    size."""
    if data.startswith(_OLE2_SIGNATURE):
        # Word 97-2003 files and password-protected .docx files are both OLE2 containers.
        raise IntakeError(
            source_name,
            "not a .docx: this is an old-format (.doc) or password-protected Word file; "
            "save it from Word as an unprotected .docx",
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise IntakeError(source_name, "not a Word document (.docx): the file is not a zip archive")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_members(members, source_name)
            _refuse_doctypes(archive, members, source_name)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise IntakeError(source_name, f"the document is damaged ({error})") from None


def _check_members(members: list[zipfile.ZipInfo], source_name: str) -> None:
    """IntakeError unless the listed files are a Word package of a sane unpacked size."""
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


def _refuse_doctypes(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], source_name: str
) -> None:
    """Refuse any XML part that declares a DOCTYPE, wherever it hides: after a long comment (a
    DOCTYPE may follow any number of comments), or in a part not named .xml (the package's
    content types, not names, decide what python-docx parses). Every member that is XML by
    its content type or by its first byte is read to its end."""
    for member in members:
        if member.is_dir() or not _may_be_xml(archive, member):
            continue
        if _declares_doctype(archive, member):
            raise IntakeError(
                source_name,
                f"refused: {member.filename} declares XML entities (a DOCTYPE), "
                "which Word documents never contain",
            )


_XML_STARTS = (b"<", b"\xef\xbb\xbf<", b"\xff\xfe<", b"\xfe\xff\x00<", b"<\x00", b"\x00<")
_CHUNK_BYTES = 1024 * 1024


def _may_be_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    if member.filename.endswith((".xml", ".rels")):
        return True
    with archive.open(member) as stream:
        head = stream.read(64).lstrip(b" \t\r\n")
    return head.startswith(_XML_STARTS)


def _declares_doctype(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    overlap = max(len(marker) for marker in _DOCTYPE_MARKERS) - 1
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK_BYTES):
            window = tail + chunk.upper()
            if any(marker in window for marker in _DOCTYPE_MARKERS):
                return True
            tail = window[-overlap:]
    return False


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# The visible text of a paragraph in document order. python-docx's Paragraph.text reads only
# plain runs and hyperlinks, so it loses tracked insertions, inline content controls, smart tags
# and simple fields. Excluded: tab-stop definitions (w:pPr), text boxes (their paragraphs are
# not part of the flow), the VML copy of drawings (mc:Fallback repeats mc:Choice); deleted text
# is w:delText and never matches.
_TEXT_NODES = etree.XPath(
    ".//*[(self::w:t or self::w:tab or self::w:br or self::w:cr or self::w:noBreakHyphen)"
    " and not(ancestor::w:pPr) and not(ancestor::w:txbxContent) and not(ancestor::mc:Fallback)]",
    namespaces={"w": _W, "mc": _MC},
)
_NODE_TEXT = {f"{{{_W}}}tab": "\t", f"{{{_W}}}br": "\n", f"{{{_W}}}cr": "\n",
              f"{{{_W}}}noBreakHyphen": "-"}  # fmt: skip
_HEADING_SCAN = 50  # paragraphs searched for a heading to use as the title


def _paragraph_text(paragraph: etree._Element) -> str:
    parts = []
    for node in _TEXT_NODES(paragraph):
        parts.append(node.text or "" if node.tag == f"{{{_W}}}t" else _NODE_TEXT[node.tag])
    return "".join(parts)


def _table_text(table: etree._Element) -> str:
    lines = []
    for row in table.iterchildren(f"{{{_W}}}tr"):
        cells: list[str] = []
        for cell in row.iterchildren(f"{{{_W}}}tc"):
            paragraphs = (_paragraph_text(p) for p in cell.iter(f"{{{_W}}}p"))
            cells.append(" ".join(text.strip() for text in paragraphs if text.strip()))
        if any(cells):
            lines.append(" | ".join(cells))
    return "\n".join(lines)


def _body_blocks(container: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables of the body in order, including those inside content controls."""
    for child in container.iterchildren():
        if child.tag in (f"{{{_W}}}p", f"{{{_W}}}tbl"):
            yield child
        elif child.tag == f"{{{_W}}}sdt":
            content = child.find(f"{{{_W}}}sdtContent")
            if content is not None:
                yield from _body_blocks(content)


def _sensible_created(properties: object) -> datetime | None:
    created = getattr(properties, "created", None)
    if not isinstance(created, datetime):
        return None
    if created.replace(tzinfo=None) == _TEMPLATE_CREATED:
        return None
    return created


def article_from_docx_file(path: Path, data: bytes, budget: Budget | None = None) -> Article:
    """An article from the bytes of a .docx file."""
    name = path.name
    budget = budget or Budget(name)
    check_archive(data, name)
    budget.check()
    import docx  # python-docx; imported here so a text-only import never pays for it
    from docx.opc.exceptions import PackageNotFoundError
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        heading = ""
        budget.check()
        for index, element in enumerate(_body_blocks(document.element.body)):
            if element.tag == f"{{{_W}}}tbl":
                blocks.append(_table_text(element))
                budget.spend_text(len(blocks[-1]))
                continue
            text = _paragraph_text(element)
            budget.spend_text(len(text))
            if not text.strip():
                continue
            blocks.append(text)
            if not heading and index < _HEADING_SCAN:
                # python-docx parsed the body, so a w:p here is its own CT_P element
                style = Paragraph(cast("CT_P", element), document).style
                style_name = (style.name if style is not None else "") or ""
                if style_name == "Title" or style_name.startswith("Heading"):
                    heading = text
        properties = document.core_properties
        title = properties.title or heading
        author = properties.author if properties.author != _TEMPLATE_AUTHOR else ""
        created = _sensible_created(properties)
        language = properties.language or ""
    except (IntakeError, IntakeCancelled):
        raise
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
