"""The DOCX writer's package: the reference document it starts from (a user's template
checked and read, its styles themed or completed, its page set up, its sample body removed)
and what lies outside the body (headers and footers with the marking and page numbers, the
document properties). The body itself is written by briefing.render.docx.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.opc.packuri import PackURI
from docx.parts.numbering import NumberingPart
from lxml import etree

from briefing.core import blocks as b
from briefing.core.errors import ExportError
from briefing.core.resources import resource_path
from briefing.core.theme import Theme
from briefing.render import docx_styles as st
from briefing.render.docx_language import language_tag
from briefing.render.docx_xml import (
    VAL,
    W_BIDI,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_R,
    W_RPR,
    W_RTL,
    add_text,
    field,
    get_or_add,
    w,
)

PAGE_SIZES_TWIPS = {"a4": (11906, 16838), "letter": (12240, 15840)}
# A user's reference document is read whole into memory; refuse one that would expand to
# more than this, or that compresses suspiciously well (a zip bomb).
_MAX_REFERENCE_BYTES = 200 * 1024 * 1024
_MAX_COMPRESSION_RATIO = 200
_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


# ---- the reference document -----------------------------------------------------------------
def open_reference(reference: Path | None) -> docx.document.Document:
    if reference is None:
        path = resource_path("reference.docx")
        try:
            return docx.Document(str(path))
        except (OSError, OpcError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise ExportError(
                f"{path}: the bundled reference document is unusable: {exc}"
            ) from None
    path = Path(reference)
    try:
        data = _read_reference(path)
        return docx.Document(io.BytesIO(data))
    except ExportError:
        raise
    except FileNotFoundError:
        raise ExportError(f"{path}: cannot use as a reference document: no such file") from None
    except (
        OSError,
        OpcError,
        KeyError,
        ValueError,
        zipfile.BadZipFile,
        etree.XMLSyntaxError,
    ) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ExportError(
            f"{path}: cannot use as a reference document (a Word .docx is needed): {reason}"
        ) from None


def _read_reference(path: Path) -> bytes:
    """The reference package's bytes, a Word template (.dotx) turned into a document."""
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        declared = sum(m.file_size for m in members)
        packed = sum(m.compress_size for m in members) or 1
        if declared > _MAX_REFERENCE_BYTES or declared / packed > _MAX_COMPRESSION_RATIO:
            raise ExportError(
                f"{path}: cannot use as a reference document: it expands to "
                f"{declared // (1024 * 1024)} MB, which is not a plausible Word template"
            )
        parts = {m.filename: archive.read(m) for m in members}
    types = parts.get("[Content_Types].xml", b"")
    if _TEMPLATE_MAIN.encode() not in types:
        return path.read_bytes()
    parts["[Content_Types].xml"] = types.replace(_TEMPLATE_MAIN.encode(), _DOCUMENT_MAIN.encode())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return buffer.getvalue()


@cache
def _bundled_parts() -> tuple[bytes, bytes]:
    """styles.xml and numbering.xml of our bundled reference, for styles a user's one lacks."""
    with zipfile.ZipFile(resource_path("reference.docx")) as archive:
        return archive.read("word/styles.xml"), archive.read("word/numbering.xml")


def prepare_styles(word: docx.document.Document, theme: Theme, *, bundled: bool) -> dict[str, str]:
    """Theme the styles (bundled) or add the missing ones (user's); return ids by our names."""
    styles = word.styles.element
    if bundled:
        st.apply_theme(styles, theme, _numbering_element(word, create=False))
    else:
        ours, our_numbering = (etree.fromstring(part) for part in _bundled_parts())
        st.add_missing_styles(
            styles, lambda: _created_numbering(word), ours, our_numbering, theme
        )
    by_name = st.styles_by_name(styles)
    return {name: by_name[name.casefold()].get(w("styleId")) or "" for name in st.ALL_STYLES}


def created_numbering(word: docx.document.Document) -> etree._Element:
    """The document's numbering part's root, made first when the document has none."""
    return _created_numbering(word)


def _created_numbering(word: docx.document.Document) -> etree._Element:
    numbering = _numbering_element(word, create=True)
    assert numbering is not None  # create=True makes one
    return numbering


def _numbering_element(word: docx.document.Document, *, create: bool) -> etree._Element | None:
    part = word.part
    try:
        found: etree._Element = part.part_related_by(RT.NUMBERING).element  # type: ignore[attr-defined]
        return found
    except KeyError:
        if not create:
            return None
    # python-docx cannot create a numbering part by itself (NumberingPart.new is not
    # implemented), so build one.
    partname = part.package.next_partname("/word/numbering%d.xml")
    if partname == "/word/numbering1.xml":
        partname = PackURI("/word/numbering.xml")
    root: Any = st.new_numbering_root()  # python-docx types it as its own element class
    numbering = NumberingPart(partname, CT.WML_NUMBERING, root, part.package)
    part.relate_to(numbering, RT.NUMBERING)
    created: etree._Element = numbering.element
    return created


def page_setup(
    section: etree._Element, info: b.DocumentInfo, theme: Theme, *, bundled: bool
) -> None:
    """Apply the page size (always) and the theme's margins (bundled reference only: a user's
    template keeps its own margins unless it has none)."""
    width, height = PAGE_SIZES_TWIPS.get(info.page_size.lower(), PAGE_SIZES_TWIPS["a4"])
    size = get_or_add(section, "pgSz", _SECTPR_ORDER)
    size.set(w("w"), str(width))
    size.set(w("h"), str(height))
    size.attrib.pop(w("orient"), None)
    margins = get_or_add(section, "pgMar", _SECTPR_ORDER)
    if bundled or margins.get(w("left")) is None:
        top, right, bottom, left = (round(mm * 1440 / 25.4) for mm in theme.margins_mm)
        for key, value in (("top", top), ("right", right), ("bottom", bottom), ("left", left)):
            margins.set(w(key), str(value))
        margins.set(w("header"), str(min(709, top // 2)))
        margins.set(w("footer"), str(min(709, bottom // 2)))
        margins.set(w("gutter"), "0")


_SECTPR_ORDER = tuple(
    w(n)
    for n in [
        "headerReference",
        "footerReference",
        "footnotePr",
        "endnotePr",
        "type",
        "pgSz",
        "pgMar",
        "paperSrc",
        "pgBorders",
        "lnNumType",
        "pgNumType",
        "cols",
        "formProt",
        "vAlign",
        "noEndnote",
        "titlePg",
        "textDirection",
        "bidi",
        "rtlGutter",
        "docGrid",
        "printerSettings",
        "sectPrChange",
    ]
)


def default_tab_stop(word: docx.document.Document) -> int:
    """The settings' default tab stop interval in twips (Word's default: half an inch)."""
    found = word.settings.element.find(w("defaultTabStop"))
    try:
        return int(found.get(w("val"), "720")) if found is not None else 720
    except ValueError:
        return 720


def empty_body(body: etree._Element) -> etree._Element:
    """Remove the reference's sample content; return its (detached) final section properties."""
    section = body.find(w("sectPr"))
    for child in list(body):
        body.remove(child)
    if section is None:
        section = etree.Element(w("sectPr"))
    return section



# ---- headers, footers, properties --------------------------------------------------------------
def headers_and_footers(
    word: docx.document.Document, info: b.DocumentInfo, ids: dict[str, str]
) -> None:
    section = word.sections[-1]
    if not info.label_first_page:
        # the cover shows the marking but no page number: a first-page footer of its own
        section.different_first_page_header_footer = True
    pairs = [(section.header, section.footer, True)]
    if section.different_first_page_header_footer:
        pairs.append((section.first_page_header, section.first_page_footer, info.label_first_page))
    if word.settings.odd_and_even_pages_header_footer:
        pairs.append((section.even_page_header, section.even_page_footer, True))
    marking = info.marking.strip()
    for header, footer, numbered in pairs:
        root = _fresh_story(header)
        if marking:
            _marking_paragraph(root, marking, info.marking_direction, ids)
        else:
            p = etree.SubElement(root, W_P)
            etree.SubElement(etree.SubElement(p, W_PPR), W_PSTYLE).set(VAL, ids[st.HEADER])
        root = _fresh_story(footer)
        if numbered:
            _page_number_paragraph(root, info.page_label, ids)
        if marking:
            _marking_paragraph(root, marking, info.marking_direction, ids)
        elif not numbered:  # a footer needs a paragraph
            p = etree.SubElement(root, W_P)
            etree.SubElement(etree.SubElement(p, W_PPR), W_PSTYLE).set(VAL, ids[st.FOOTER])


def _fresh_story(header_or_footer: Any) -> etree._Element:
    """The header/footer's root element, newly created and empty (a reference's own content
    is replaced: the marking must be there and nothing stale)."""
    if not header_or_footer.is_linked_to_previous:
        header_or_footer.is_linked_to_previous = True  # drops the reference's part
    header_or_footer.is_linked_to_previous = False
    root = header_or_footer.part.element
    for child in list(root):
        root.remove(child)
    return root


def _marking_paragraph(
    root: etree._Element, marking: str, direction: str, ids: dict[str, str]
) -> None:
    p = etree.SubElement(root, W_P)
    ppr = etree.SubElement(p, W_PPR)
    etree.SubElement(ppr, W_PSTYLE).set(VAL, ids[st.MARKING])
    rtl = direction == "rtl"
    if rtl:
        etree.SubElement(ppr, W_BIDI)
    r = etree.SubElement(p, W_R)
    if rtl:
        etree.SubElement(etree.SubElement(r, W_RPR), W_RTL)
    add_text(r, marking)


def _page_number_paragraph(root: etree._Element, label: str, ids: dict[str, str]) -> None:
    p = etree.SubElement(root, W_P)
    etree.SubElement(etree.SubElement(p, W_PPR), W_PSTYLE).set(VAL, ids[st.FOOTER])
    for piece in b.page_label_pieces(label):
        if piece == "{page}":
            field(p, " PAGE ", "1")
        elif piece == "{pages}":
            field(p, " NUMPAGES ", "1")
        elif piece:
            add_text(etree.SubElement(p, W_R), piece)


def core_properties(word: docx.document.Document, info: b.DocumentInfo) -> None:
    created = parse_created(info.created)
    props = word.core_properties

    def text(value: str) -> str:
        return value.replace("\n", " ").strip()[:255]

    props.title = text(info.title)
    props.author = text(info.author)
    props.last_modified_by = text(info.author)
    props.subject = text(info.subject)
    props.language = language_tag(info.language)
    for name in ("comments", "keywords", "identifier", "version"):
        setattr(props, name, "")
    # The handling marking as a property Word shows (File > Info > Properties: Categories,
    # Status): document management systems and mail gateways read it from there.
    props.category = text(info.marking)
    props.content_status = text(info.marking)
    props.revision = 1
    props.created = created
    props.modified = created
    if props.last_printed is not None:
        props.last_printed = created  # a template's print date says nothing about this file


def parse_created(value: str, now: dt.datetime | None = None) -> dt.datetime:
    """A naive UTC datetime (python-docx writes it with a "Z" as given); `now` (default: the
    clock) for a value that is not an ISO date-time (compile always writes one)."""
    moment = None
    with contextlib.suppress(ValueError):
        moment = dt.datetime.fromisoformat(value.strip())
    if moment is None:
        moment = now or dt.datetime.now(dt.UTC)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)
