"""Fonts embedded in the DOCX: read the package back and de-obfuscate each font."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from briefing.core.storage import load_briefing
from briefing.render.docx_fonts import obfuscate
from briefing.render.export import export_briefing

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample.briefing"


def embedded_fonts(path: Path) -> dict[tuple[str, str], TTFont]:
    package = zipfile.ZipFile(path)
    table = package.read("word/fontTable.xml").decode()
    rels = package.read("word/_rels/fontTable.xml.rels").decode()
    targets = {}
    for rel in re.findall(r"<Relationship [^>]*>", rels):
        targets[re.search(r'Id="([^"]+)"', rel)[1]] = re.search(r'Target="([^"]+)"', rel)[1]
    found = {}
    for name, body in re.findall(r'<w:font w:name="([^"]+)">(.*?)</w:font>', table):
        for tag, rid, key in re.findall(r'<w:(embed\w+) r:id="([^"]+)" w:fontKey="([^"]+)"', body):
            data = package.read(f"word/{targets[rid]}")
            assert data[:4] != b"\x00\x01\x00\x00"  # stored obfuscated, not as a plain font
            found[(name, tag)] = TTFont(io.BytesIO(obfuscate(data, key)))
    return found


def test_obfuscation_is_its_own_inverse_and_touches_only_the_first_32_bytes():
    data = bytes(range(256)) * 4
    key = "{01234567-89AB-CDEF-0123-456789ABCDEF}"
    hidden = obfuscate(data, key)
    assert hidden[32:] == data[32:] and hidden[:32] != data[:32]
    assert obfuscate(hidden, key) == data
    # The key's bytes are applied in reverse order of its hex digits (ECMA-376 17.8.1).
    assert hidden[0] == data[0] ^ 0xEF and hidden[15] == data[15] ^ 0x01


def test_sample_embeds_the_theme_fonts_subset_to_its_characters(tmp_path):
    target = export_briefing(load_briefing(SAMPLE), tmp_path / "sample.docx")
    fonts = embedded_fonts(target)
    assert {name for name, _ in fonts} == {"DejaVu Serif", "DejaVu Sans"}
    assert ("DejaVu Serif", "embedRegular") in fonts and ("DejaVu Sans", "embedBold") in fonts
    serif = fonts[("DejaVu Serif", "embedRegular")]
    cmap = serif.getBestCmap()
    assert ord("a") in cmap and 0x4E00 not in cmap  # subset: no CJK the text never uses
    assert serif["OS/2"].fsType & 0x0002 == 0
    settings = zipfile.ZipFile(target).read("word/settings.xml")
    assert b"<w:embedTrueTypeFonts/>" in settings and b"<w:saveSubsetFonts/>" in settings
    assert target.stat().st_size < 600_000


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_draws_with_a_font_only_the_docx_carries(tmp_path, monkeypatch):
    from fontTools.ttLib import TTFont as Font

    from briefing.core.fonts import refresh_fonts
    from briefing.core.theme import load_theme

    folder = tmp_path / "fonts"
    folder.mkdir()
    font = Font("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    for record in font["name"].names:  # a family no fontconfig on this machine knows
        if record.nameID in (1, 4, 16):
            record.string = "Zebra Test Sans"
        elif record.nameID == 6:
            record.string = "ZebraTestSans"
    font.save(folder / "ZebraTestSans.ttf")
    theme_file = tmp_path / "zebra.json"
    theme_file.write_text(
        '{"name": "zebra", "body_fonts": ["Zebra Test Sans"], '
        '"heading_fonts": ["Zebra Test Sans"]}'
    )
    monkeypatch.setenv("BRIEFING_FONT_PATH", str(folder))
    refresh_fonts()
    try:
        target = export_briefing(
            load_briefing(SAMPLE), tmp_path / "zebra.docx", theme=load_theme(str(theme_file))
        )
    finally:
        monkeypatch.delenv("BRIEFING_FONT_PATH")
        refresh_fonts()
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(target)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    listing = subprocess.run(
        ["pdffonts", str(tmp_path / "zebra.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "ZebraTestSans" in listing


def test_marking_is_a_document_property(tmp_path):
    import docx

    target = export_briefing(load_briefing(SAMPLE), tmp_path / "sample.docx")
    props = docx.Document(str(target)).core_properties
    assert props.category == "OFFICIAL-SENSITIVE"
    assert props.content_status == "OFFICIAL-SENSITIVE"


def test_subsets_keep_the_space_and_the_digits(tmp_path):
    target = export_briefing(load_briefing(SAMPLE), tmp_path / "sample.docx")
    for font in embedded_fonts(target).values():
        cmap = font.getBestCmap()
        assert all(ord(c) in cmap for c in " 0123456789")


def test_subsets_keep_the_list_symbols_the_numbering_draws(tmp_path):
    # The key judgments' bullet lives in the numbering part, not in the body's text: a subset
    # made from the body alone drew a box for every bullet (seen in LibreOffice).
    target = export_briefing(load_briefing(SAMPLE), tmp_path / "sample.docx")
    numbering = zipfile.ZipFile(target).read("word/numbering.xml").decode()
    symbols = {c for text in re.findall(r'<w:lvlText w:val="([^"%]+)"', numbering) for c in text}
    assert symbols  # the sample has key judgments, so a bullet
    regular = [f for (_, tag), f in embedded_fonts(target).items() if tag == "embedRegular"]
    assert regular
    for font in regular:
        cmap = font.getBestCmap()
        assert all(ord(c) in cmap for c in symbols)


def _face_with_fs_type(tmp_path: Path, fs_type: int):
    from fontTools.ttLib import TTFont as Font

    from briefing.core.fonts_discovery import FontFace

    font = Font("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    font["OS/2"].fsType = fs_type
    path = tmp_path / f"fs{fs_type}.ttf"
    font.save(path)
    glyphs = len(font.getGlyphOrder())
    face = FontFace(str(path), 0, ("DejaVu Sans",), "Book", 400, False, 5, "truetype", False)
    return face, glyphs


def test_a_face_is_subset_unless_its_licence_bits_say_otherwise(tmp_path):
    from briefing.render.docx_fonts import _embeddable

    characters = {ord(c) for c in "Briefing 0123456789"}
    face, glyphs = _face_with_fs_type(tmp_path, 0)
    subset = TTFont(io.BytesIO(_embeddable(face, characters)))
    assert set(subset.getBestCmap()) == characters
    assert len(subset.getGlyphOrder()) < glyphs / 20
    assert "GSUB" in subset and "GPOS" in subset  # shaping keeps its tables
    # 0x0100: no subsetting, so every glyph goes in; 0x0002 or 0x0200: not embedded at all.
    face, glyphs = _face_with_fs_type(tmp_path, 0x0100)
    whole = _embeddable(face, characters)
    assert whole == Path(face.path).read_bytes()  # the font as installed, every table kept
    assert len(TTFont(io.BytesIO(whole)).getGlyphOrder()) == glyphs
    for forbidden in (0x0002, 0x0200):
        face, _ = _face_with_fs_type(tmp_path, forbidden)
        assert _embeddable(face, characters) is None
    missing = dataclasses.replace(face, path=str(tmp_path / "missing.ttf"))
    assert _embeddable(missing, characters) is None


def test_a_face_of_a_collection_is_embedded_as_a_font_of_its_own():
    from briefing.core.fonts import resolve_family
    from briefing.render.docx_fonts import _embeddable

    family = resolve_family("WenQuanYi Zen Hei")
    if family is None or not family.regular.path.endswith(".ttc"):
        pytest.skip("WenQuanYi Zen Hei (a .ttc collection) is not installed")
    data = _embeddable(family.regular, {0x4E2D, 0x6587})
    assert data is not None and data[:4] == b"\x00\x01\x00\x00"  # TrueType, not 'ttcf'
    assert set(TTFont(io.BytesIO(data)).getBestCmap()) == {0x4E2D, 0x6587}
