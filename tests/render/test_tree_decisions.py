"""Writers only translate: given the same tree, DOCX, PDF and HTML follow its decisions (italics,
the note lead, directions, the page label) instead of making their own."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from briefing.core import blocks as b
from briefing.core.theme import Theme
from briefing.render.docx import write_docx
from briefing.render.html import render_html
from briefing.render.pdf import write_pdf

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ARABIC = "إن الأمن الأوروبي يعتمد على الحوار"
INFO = b.DocumentInfo(
    "T", "A", "S", "en", "2026-11-27T09:00:00", "", "a4", page_label="Seite {page} von {pages}"
)


def _tree(*, italic: bool, lead: str = "Kommentar — ") -> b.Document:
    return b.Document(
        INFO,
        (
            b.BlockQuote(
                "An upright or slanted quote.", "quote", "— Ana", None, "q_1",
                note="Seen twice.", note_label="Kommentar", note_lead=lead, italic=italic,
            ),
            b.BlockQuote(
                "An excerpt the tree slants.", "excerpt", "", None, "q_2", italic=not italic,
            ),
            b.Paragraph((b.Text(ARABIC),), "body", "rtl"),
        ),
    )


def _docx_quote_runs(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    runs = {}
    for run in body.iter(f"{W}r"):
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        if text:
            runs[text] = run
    return runs


def _visible(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _slanted_in_docx(run: etree._Element, style_italic: bool) -> bool:
    own = run.find(f"{W}rPr/{W}i")
    if own is None:
        return style_italic
    return own.get(f"{W}val", "1") not in ("0", "false")


def test_docx_slants_what_the_tree_slants(tmp_path: Path) -> None:
    for italic in (True, False):
        target = tmp_path / f"q{italic}.docx"
        write_docx(_tree(italic=italic), Theme(), target)
        runs = _docx_quote_runs(target)
        # the bundled Quote style is italic, the Excerpt style upright
        assert _slanted_in_docx(runs["An upright or slanted quote."], True) is italic
        assert _slanted_in_docx(runs["An excerpt the tree slants."], False) is not italic


def test_html_slants_what_the_tree_slants() -> None:
    html = render_html(_tree(italic=False), Theme())
    assert "<i>An upright" not in html and "<i>An excerpt the tree slants.</i>" in html
    html = render_html(_tree(italic=True), Theme())
    assert "<i>An upright or slanted quote.</i>" in html and "<i>An excerpt" not in html


def _pdf_fonts(path: Path) -> set[str]:
    names = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_pdf_slants_what_the_tree_slants(tmp_path: Path) -> None:
    for italic in (True, False):
        tree = _tree(italic=italic)
        # only the quote: the excerpt would bring the italic face in the other way round
        quote_only = b.Document(tree.info, tree.blocks[:1])
        target = tmp_path / f"q{italic}.pdf"
        write_pdf(quote_only, Theme(), target)
        assert any("Italic" in name for name in _pdf_fonts(target)) is italic


def test_every_writer_shows_the_note_lead_as_given(tmp_path: Path) -> None:
    tree = _tree(italic=True)  # a lead with no colon: none of them may add one
    write_docx(tree, Theme(), tmp_path / "n.docx")
    runs = _docx_quote_runs(tmp_path / "n.docx")
    assert "Kommentar — " in runs and runs["Kommentar — "].find(f"{W}rPr/{W}b") is not None
    write_pdf(tree, Theme(), tmp_path / "n.pdf")
    pdf_text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "n.pdf").pages)
    assert "Kommentar — Seen twice." in re.sub(r"\s+", " ", pdf_text)
    assert "Kommentar:" not in pdf_text
    html = render_html(tree, Theme())
    assert "<b>Kommentar — </b>Seen twice." in html


def test_pdf_and_docx_show_the_same_page_label(tmp_path: Path) -> None:
    from dataclasses import replace

    for label, shown in (
        ("Seite {page} von {pages}", "Seite 1 von 1"),
        ("S {page}/{pages} {x} {{page}}", "S 1/1 {x} {1}"),  # fields filled, the rest as is
    ):
        tree = _tree(italic=True)
        tree = replace(tree, info=replace(tree.info, page_label=label))
        write_pdf(tree, Theme(), tmp_path / "p.pdf")
        assert shown in PdfReader(tmp_path / "p.pdf").pages[0].extract_text()
        write_docx(tree, Theme(), tmp_path / "p.docx")
        with zipfile.ZipFile(tmp_path / "p.docx") as archive:
            footers = [archive.read(n) for n in archive.namelist() if "footer" in n]
        texts = [_visible(etree.fromstring(f)) for f in footers]
        assert any(t.startswith(shown) for t in texts), texts  # field results shown as "1"


def test_directions_come_from_the_tree_not_from_the_text(tmp_path: Path) -> None:
    # a contents entry tagged left-to-right stays so though its text is Arabic, and the other
    # way round: the writer does not look at the letters
    toc = b.TableOfContents(
        "المحتويات", (b.TocEntry(1, ARABIC, "x", "ltr"), b.TocEntry(1, "Plain", "y", "rtl")),
        title_direction="rtl",
    )
    tree = b.Document(INFO, (toc,))
    html = render_html(tree, Theme())
    assert '<h2 dir="rtl">' in html
    assert f'<p class="l1"><a href="#x">{ARABIC}' in html
    assert '<p class="l1" dir="rtl"><a href="#y">Plain' in html
    write_docx(tree, Theme(), tmp_path / "d.docx")
    with zipfile.ZipFile(tmp_path / "d.docx") as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    bidi = {
        _visible(p): p.find(f"{W}pPr/{W}bidi") is not None for p in body.iter(f"{W}p")
    }
    assert bidi["المحتويات"] is True and bidi[ARABIC] is False and bidi["Plain"] is True


def test_the_cover_logo_is_in_every_format(tmp_path: Path) -> None:
    import io

    from PIL import Image

    from briefing.core.compile import compile_briefing
    from briefing.core.model import Briefing

    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), (31, 58, 95)).save(buffer, "PNG")
    logo = tmp_path / "crest.png"
    logo.write_bytes(buffer.getvalue())
    tree = compile_briefing(Briefing(), Theme(logo=str(logo)))
    write_pdf(tree, Theme(), tmp_path / "l.pdf")
    cover_page = PdfReader(tmp_path / "l.pdf").pages[0]
    assert [image.image.size for image in cover_page.images] == [(60, 20)]
    write_docx(tree, Theme(), tmp_path / "l.docx")
    with zipfile.ZipFile(tmp_path / "l.docx") as archive:
        assert [n for n in archive.namelist() if n.startswith("word/media/")]
    assert 'src="data:image/png;base64,' in render_html(tree, Theme())
    plain = compile_briefing(Briefing(), Theme())
    assert "<img" not in render_html(plain, Theme())


@pytest.mark.parametrize(("pixels", "drawn_pt"), [
    ((60, 20), (60.0, 20.0)),  # small: a pixel to a point, never enlarged
    ((600, 100), (45 * 72 / 25.4, 45 * 72 / 25.4 / 6)),  # wide: shrunk to the box's width
    ((100, 400), (18 * 72 / 25.4 / 4, 18 * 72 / 25.4)),  # tall: to its height
])  # fmt: skip
def test_the_cover_logo_has_one_size_in_every_format(tmp_path: Path, pixels, drawn_pt) -> None:

    import docx
    from PIL import Image

    from briefing.core.compile import compile_briefing
    from briefing.core.model import Briefing

    logo = tmp_path / "crest.png"
    Image.new("RGB", pixels, (31, 58, 95)).save(logo)
    tree = compile_briefing(Briefing(), Theme(logo=str(logo)))
    width, height = drawn_pt
    # PDF: the image's placement matrix on the cover page
    write_pdf(tree, Theme(), tmp_path / "l.pdf")
    content = PdfReader(tmp_path / "l.pdf").pages[0].get_contents().get_data().decode("latin-1")
    matrices = re.findall(r"([\d.]+) 0 0 ([\d.]+) [-\d.]+ [-\d.]+ cm\s*/\S+ Do", content)
    assert [(float(a), float(d)) for a, d in matrices] == [
        (pytest.approx(width, abs=0.01), pytest.approx(height, abs=0.01))]
    # DOCX: the inline picture's extent
    write_docx(tree, Theme(), tmp_path / "l.docx")
    shape = docx.Document(str(tmp_path / "l.docx")).inline_shapes[0]
    assert shape.width.pt == pytest.approx(width, abs=0.05)
    assert shape.height.pt == pytest.approx(height, abs=0.05)
    # HTML: the img in CSS pixels (96 to the inch)
    size = re.search(r'<img src="data:image/png;base64,[^"]+" alt="" width="(\d+)" height="(\d+)"',
                     render_html(tree, Theme()))  # fmt: skip
    assert size is not None
    assert (int(size[1]), int(size[2])) == (round(width * 4 / 3), round(height * 4 / 3))


def test_an_arabic_inline_quote_in_english_prose_is_isolated_in_every_format(
    tmp_path: Path,
) -> None:
    import datetime as dt

    from briefing.core.compile import compile_briefing
    from briefing.core.model import Article, Briefing, BriefingMeta, Clip, ClipKind, Section

    arabic = "سنعيد بناء الجسر قبل الربيع."
    briefing = Briefing(
        meta=BriefingMeta(title="Bridges", language="en"),
        articles=[Article(id="a1", title="الجسر", language="ar", text=arabic)],
        clips=[Clip("c1", "a1", ClipKind.QUOTE, arabic, 0, len(arabic))],
        sections=[Section("s1", "Bridges", commentary="The mayor said [@c1] on Tuesday.")],
    )
    tree = compile_briefing(briefing, Theme(), now=dt.datetime(2026, 11, 27, tzinfo=dt.UTC))
    html = render_html(tree, Theme())
    assert f'<bdi lang="ar" dir="rtl">“{arabic}”</bdi>' in html
    write_docx(tree, Theme(), tmp_path / "q.docx")
    body = etree.fromstring(zipfile.ZipFile(tmp_path / "q.docx").read("word/document.xml"))
    runs = [r for r in body.iter(f"{W}r") if arabic in "".join(r.itertext())]
    assert runs and all(r.find(f"{W}rPr/{W}rtl") is not None for r in runs)
    english = [r for r in body.iter(f"{W}r") if "The mayor said" in "".join(r.itertext())]
    assert english and all(r.find(f"{W}rPr/{W}rtl") is None for r in english)


def test_a_phone_photo_logo_is_upright_and_one_size_in_every_format(tmp_path: Path) -> None:
    # 120 × 40 pixels stored, EXIF orientation 6: seen as 40 × 120 (a quarter turn)
    import docx
    from PIL import Image

    from briefing.core.compile import compile_briefing
    from briefing.core.model import Briefing

    logo = tmp_path / "crest.jpg"
    image = Image.new("RGB", (120, 40), (31, 58, 95))
    exif = image.getexif()
    exif[0x0112] = 6
    image.save(logo, exif=exif)
    tree = compile_briefing(Briefing(), Theme(logo=str(logo)))
    box_h = 18 * 72 / 25.4
    width, height = 40 * box_h / 120, box_h
    write_pdf(tree, Theme(), tmp_path / "l.pdf")
    page = PdfReader(tmp_path / "l.pdf").pages[0]
    assert [i.image.size for i in page.images] == [(40, 120)]  # the pixels turned upright
    content = page.get_contents().get_data().decode("latin-1")
    matrices = re.findall(r"([\d.]+) 0 0 ([\d.]+) [-\d.]+ [-\d.]+ cm\s*/\S+ Do", content)
    assert [(float(a), float(d)) for a, d in matrices] == [
        (pytest.approx(width, abs=0.01), pytest.approx(height, abs=0.01))]
    write_docx(tree, Theme(), tmp_path / "l.docx")
    shape = docx.Document(str(tmp_path / "l.docx")).inline_shapes[0]
    assert (shape.width.pt, shape.height.pt) == (
        pytest.approx(width, abs=0.05), pytest.approx(height, abs=0.05))
    with zipfile.ZipFile(tmp_path / "l.docx") as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        with Image.open(io.BytesIO(archive.read(media[0]))) as stored:
            assert stored.size == (40, 120)
    size = re.search(r'<img src="data:image/jpeg;base64,[^"]+" alt="" width="(\d+)" height="(\d+)"',
                     render_html(tree, Theme()))  # fmt: skip  (the browser turns the JPEG)
    assert size is not None
    assert (int(size[1]), int(size[2])) == (round(width * 4 / 3), round(height * 4 / 3))
