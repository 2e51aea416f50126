"""Embed the theme's fonts in the DOCX, so the file looks the same where they are not installed.

Word's embedded TrueType fonts (ECMA-376 Part 1, 17.8.1 and 17.8.3.3): each face is stored as
an obfuscated part /word/fonts/fontN.odttf, related from the font table; the font table's
w:font entry names it with w:embedRegular / w:embedBold / w:embedItalic / w:embedBoldItalic and
the obfuscation key (w:fontKey, a GUID); settings.xml turns on w:embedTrueTypeFonts, and
w:saveSubsetFonts since we store only the characters the document uses (as Word's own
"embed only the characters used" does; HarfBuzz subsets, keeping the layout tables that
shaping needs). Obfuscation: the first 32 bytes of the font are XORed with the GUID's 16 bytes
taken in reverse order of its hex digits.

Which fonts: every family the document's styles name (w:rFonts ascii/hAnsi/eastAsia/cs) that
is installed (briefing.core.fonts) and draws at least one character of the document, with its
real faces (a missing bold is not faked). A face whose OS/2 fsType forbids embedding
(restricted licence, or bitmap-only embedding) is left out; one that forbids subsetting is
embedded whole. DejaVu's licence (Bitstream Vera terms) allows embedding.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from briefing.core.fonts import BOLD, BOLD_ITALIC, ITALIC, REGULAR, FontFace, resolve_family
from briefing.render.docx_xml import R_ID, R_NS, W_NS, get_or_add, insert_ordered, w

ODTTF_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
_EMBED_TAGS = {
    REGULAR: "embedRegular",
    BOLD: "embedBold",
    ITALIC: "embedItalic",
    BOLD_ITALIC: "embedBoldItalic",
}
_FONT_ORDER = tuple(
    w(n)
    for n in ["altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig",
              "embedRegular", "embedBold", "embedItalic", "embedBoldItalic"]
)  # fmt: skip
_SETTINGS_ORDER = tuple(
    w(n)
    for n in ["writeProtection", "view", "zoom", "removePersonalInformation",
              "removeDateAndTime", "doNotDisplayPageBoundaries", "displayBackgroundShape",
              "printPostScriptOverText", "printFractionalCharacterWidth", "printFormsData",
              "embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts", "saveFormsData",
              "mirrorMargins", "alignBordersAndEdges", "bordersDoNotSurroundHeader",
              "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
              "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign",
              "attachedTemplate", "linkStyles", "stylePaneFormatFilter",
              "stylePaneSortMethod", "documentType", "mailMerge", "revisionView",
              "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting", "documentProtection",
              "autoFormatOverride", "styleLockTheme", "styleLockQFSet", "defaultTabStop"]
)  # fmt: skip
# OS/2 fsType bits (OpenType spec): 0x0002 restricted licence embedding, 0x0200 bitmap
# embedding only: neither may be embedded as outlines. 0x0100: no subsetting.
_RESTRICTED, _BITMAP_ONLY, _NO_SUBSETTING = 0x0002, 0x0200, 0x0100


@dataclass(frozen=True)
class EmbeddedFace:
    family: str
    style: str
    key: str  # "{GUID}"
    data: bytes  # the plain (not obfuscated) font


def obfuscate(font: bytes, key: str) -> bytes:
    """ECMA-376 font obfuscation; applying it twice gives the font back."""
    digits = key.strip("{}").replace("-", "")
    mask = bytes.fromhex(digits)[::-1]
    head = bytes(byte ^ mask[index % 16] for index, byte in enumerate(font[:32]))
    return head + font[32:]


def embed_fonts(word: docx.document.Document, text: str) -> list[EmbeddedFace]:
    """Embed the styles' font families, subset to the characters of `text`."""
    shown = {ord(c) for c in set(text) if not c.isspace()}
    faces: list[EmbeddedFace] = []
    drawn: set[int] = set()
    latin = _style_families(word, ("ascii", "hAnsi"))
    for family in latin + [f for f in _style_families(word) if f not in latin]:
        # A style's Latin font is embedded; a CJK or complex-script one only when it draws
        # something the fonts before it do not. Page numbers (digits) are in every subset.
        found = list(_faces(family, shown, drawn, always=family in latin))
        faces += found
    if not faces:
        return []
    table = _font_table(word)
    fonts_by_name = {f.get(w("name")): f for f in table.iterchildren(w("font"))}
    part = _font_table_part(word)
    for number, face in enumerate(faces, start=1):
        font_part = Part(
            PackURI(f"/word/fonts/font{number}.odttf"),
            ODTTF_CONTENT_TYPE,
            obfuscate(face.data, face.key),
            word.part.package,
        )
        rel_id = part.relate_to(font_part, RT.FONT)
        entry = fonts_by_name.get(face.family)
        if entry is None:
            entry = etree.SubElement(table, w("font"))
            entry.set(w("name"), face.family)
            fonts_by_name[face.family] = entry
        embed = etree.Element(w(_EMBED_TAGS[face.style]))
        embed.set(R_ID, rel_id)
        embed.set(w("fontKey"), face.key)
        insert_ordered(entry, embed, _FONT_ORDER)
    _store_font_table(part, table)
    settings = word.settings.element
    get_or_add(settings, "embedTrueTypeFonts", _SETTINGS_ORDER)
    get_or_add(settings, "saveSubsetFonts", _SETTINGS_ORDER)
    return faces


def _style_families(
    word: docx.document.Document, slots: tuple[str, ...] = ("ascii", "hAnsi", "eastAsia", "cs")
) -> list[str]:
    names: list[str] = []
    for fonts in word.styles.element.iter(w("rFonts")):
        for attr in slots:
            name = fonts.get(w(attr))
            if name and name not in names:
                names.append(name)
    return names


def _faces(
    family: str, shown: set[int], drawn: set[int], *, always: bool
) -> Iterable[EmbeddedFace]:
    resolved = resolve_family(family)
    if resolved is None:
        return
    covered = shown & _cmap(resolved.regular)
    if not covered or (not always and not covered - drawn):
        return
    drawn.update(covered)
    # Spaces are no "shown" characters but a subset without them draws boxes between words.
    characters = covered | {ord(c) for c in "0123456789 \u00a0"}
    seen: set[str] = set()
    for style in (REGULAR, BOLD, ITALIC, BOLD_ITALIC):
        face = resolved.face(style)
        if face.key in seen or (style != REGULAR and face.key == resolved.regular.key):
            continue  # the family has no such face: Word synthesises it, so do we
        seen.add(face.key)
        data = _embeddable(face, characters)
        if data is not None:
            name = f"{family}/{style}/{len(data)}"
            key = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, name)).upper() + "}"
            yield EmbeddedFace(family, style, key, data)


def _hb_face(face: FontFace) -> Any | None:
    """HarfBuzz's view of the face (the file is mapped, not read), or None if unreadable."""
    import uharfbuzz as hb

    try:
        hb_face = hb.Face(hb.Blob.from_file_path(str(face.path)), face.index)
    except Exception:  # an unreadable font is simply not embedded
        return None
    return hb_face if hb_face.glyph_count > 0 else None


def _cmap(face: FontFace) -> set[int]:
    hb_face = _hb_face(face)
    return set(hb_face.unicodes) if hb_face is not None else set()


def _embeddable(face: FontFace, characters: set[int]) -> bytes | None:
    """The face as a standalone TrueType font subset to `characters`, or None when its
    licence bits forbid embedding or it draws none of them.

    HarfBuzz's subsetter does this in milliseconds where fontTools took ~0.12 s per DejaVu
    face (most of a small export); it keeps every layout feature, name and the .notdef
    outline, so Word and LibreOffice shape the embedded text as they would the installed font.
    """
    import uharfbuzz as hb

    hb_face = _hb_face(face)
    if hb_face is None or "glyf" not in hb_face.table_tags:
        return None
    os2 = hb_face.reference_table("OS/2").data
    fs_type = int.from_bytes(os2[8:10], "big") if len(os2) >= 10 else 0
    if fs_type & (_RESTRICTED | _BITMAP_ONLY):
        return None
    used = characters & set(hb_face.unicodes)
    if not used:
        return None
    wanted = hb.SubsetInput()
    wanted.unicode_set.update(used)
    flags = hb.SubsetFlags.NOTDEF_OUTLINE
    if fs_type & _NO_SUBSETTING:
        try:
            whole = Path(face.path).read_bytes()
        except OSError:  # gone since it was found: not embedded
            return None
        if not whole.startswith(b"ttcf"):
            return whole  # the font exactly as installed
        # one face of a collection: every glyph and table, as a font of its own
        wanted.unicode_set.update(hb_face.unicodes)
        wanted.glyph_set.add_range(0, hb_face.glyph_count - 1)
        wanted.drop_table_tag_set.clear()
        flags |= hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | hb.SubsetFlags.RETAIN_GIDS
    for everything in (
        wanted.layout_feature_tag_set, wanted.name_id_set, wanted.name_lang_id_set
    ):
        everything.clear()
        everything.invert()
    wanted.flags = flags
    try:
        subset = hb.subset(hb_face, wanted)
    except Exception:  # HarfBuzz refuses a font it cannot make sense of: not embedded
        return None
    return bytes(subset.blob.data) if subset is not None else None


def _font_table_part(word: docx.document.Document) -> Part:
    try:
        found: Part = word.part.part_related_by(RT.FONT_TABLE)
        return found
    except KeyError:
        blob = f'<w:fonts xmlns:w="{W_NS}" xmlns:r="{R_NS}"/>'.encode()
        part = Part(PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE, blob, word.part.package)
        word.part.relate_to(part, RT.FONT_TABLE)
        return part


def _font_table(word: docx.document.Document) -> etree._Element:
    part = _font_table_part(word)
    element = getattr(part, "element", None)
    if element is not None:
        return element
    return etree.fromstring(part.blob)


def _store_font_table(part: Part, table: etree._Element) -> None:
    if getattr(part, "element", None) is None:
        part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
