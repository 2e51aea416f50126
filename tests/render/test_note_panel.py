"""The analyst-note panel takes its fill from the theme, the same in every writer."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

from lxml import etree
from pypdf import PdfReader
from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import fp_str

from briefing.core.theme import Theme
from briefing.render.docx import write_docx
from briefing.render.html import render_html
from briefing.render.pdf import write_pdf
from tests.render.pdf_sample import sample_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WINE = replace(Theme(), accent_colour="#7A1F1F")


def test_the_fill_is_the_accent_mixed_with_white() -> None:
    assert WINE.note_background == "#F4EDED"
    assert Theme().note_background == "#EDEFF2"
    assert replace(Theme(), accent_colour="navy").note_background == "#F3F4F6"


def test_every_writer_fills_notes_with_the_theme_colour(tmp_path: Path) -> None:
    document = sample_document(4)
    assert "background-color: #F4EDED" in render_html(document, WINE)
    assert "#F3F5F8" not in render_html(document, WINE)

    write_docx(document, WINE, tmp_path / "b.docx")
    with zipfile.ZipFile(tmp_path / "b.docx") as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
    note = next(
        s for s in styles.iter(f"{W}style") if s.find(f"{W}name").get(f"{W}val") == "Analyst Note"
    )
    assert note.find(f"{W}pPr/{W}shd").get(f"{W}fill") == "F4EDED"

    write_pdf(document, WINE, tmp_path / "b.pdf")
    colour = HexColor(WINE.note_background)
    fill = f"{fp_str(colour.red, colour.green, colour.blue)} rg"
    contents = [page.get_contents().get_data().decode("latin-1")
                for page in PdfReader(tmp_path / "b.pdf").pages]
    assert any(fill in content for content in contents), fill
