"""Figures in all three formats: the picture at the text width with its caption under it,
read back from the PDF, the DOCX and the HTML."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import docx
import pypdf
import pytest
from PIL import Image

from briefing.core import ops
from briefing.core.checks import run_checks
from briefing.core.errors import ExportError
from briefing.core.images import image_from_bytes
from briefing.core.model import Briefing, Figure
from briefing.core.theme import Theme
from briefing.render.export import export_briefing

WIDE = (1600, 900)
TALL = (300, 1200)
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" onload="alert(1)">'
    '<script>alert(2)</script><rect width="200" height="100" fill="#00aa00"/>'
    '<text x="10" y="60" font-size="30">Київ مرحبا</text></svg>'
).encode()


def picture(size: tuple[int, int], kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, kind)
    return out.getvalue()


def briefing_with_figures(page_size: str = "a4") -> Briefing:
    briefing = Briefing()
    ops.edit_meta(briefing, title="Figures", page_size=page_size)
    ops.add_section(briefing, "Maps & <pictures>", section_id="s-1")
    ops.add_note(briefing, "s-1", "The picture below shows the port.", note_id="n-1")
    ops.add_figure(briefing, "s-1", image_from_bytes(picture(WIDE)), "The port <at> dawn & dusk",
                   "Photo: Reuters", figure_id="f-1")
    ops.add_figure(briefing, "s-1", image_from_bytes(picture(TALL, "JPEG")), "A tall one", "",
                   figure_id="f-2")
    ops.add_figure(briefing, "s-1", image_from_bytes(SVG), "A drawing", "Chart: analyst",
                   figure_id="f-3")
    return briefing


def frame_size(pdf: pypdf.PdfReader) -> tuple[float, float]:
    """The text area of the default theme on the PDF's page (margins from the theme)."""
    from briefing.core.theme import Theme

    top, right, bottom, left = (m * 72 / 25.4 for m in Theme().margins_mm)
    box = pdf.pages[0].mediabox
    return float(box.width) - left - right, float(box.height) - top - bottom


def drawn_images(page: pypdf.PageObject) -> list[tuple[float, float]]:
    """The size each image is drawn at on the page, from the `cm` before its `Do`."""
    sizes = []
    content = page.get_contents()
    assert content is not None
    operations = pypdf.generic.ContentStream(content, page.pdf).operations
    matrix: list[float] = []
    for operands, operator in operations:
        if operator == b"cm":
            matrix = [float(v) for v in operands]
        elif operator == b"Do" and matrix:
            sizes.append((matrix[0], matrix[3]))
    return sizes


@pytest.mark.parametrize("page_size", ["a4", "letter"])
def test_pdf_sets_each_picture_at_the_text_width_with_its_caption_on_the_same_page(
    tmp_path: Path, page_size: str
) -> None:
    out = export_briefing(briefing_with_figures(page_size), tmp_path / "f.pdf")
    pdf = pypdf.PdfReader(out)
    width, height = frame_size(pdf)
    seen: list[tuple[float, float]] = []
    for page in pdf.pages:
        drawn = drawn_images(page)
        text = page.extract_text()
        captions = re.findall(r"Figure \d\.", text)
        assert len(captions) == len(drawn), "a picture and its caption share a page"
        seen += drawn
    assert len(seen) == 3
    (w1, h1), (w2, h2), (w3, h3) = seen
    assert w1 == pytest.approx(width, abs=0.5) and h1 == pytest.approx(width * 9 / 16, abs=0.5)
    assert h2 == pytest.approx(height * 0.6, abs=0.5) and w2 == pytest.approx(h2 / 4, abs=0.5)
    assert w3 == pytest.approx(width, abs=0.5) and h3 == pytest.approx(width / 2, abs=0.5)
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Figure 1. The port <at> dawn & dusk — Photo: Reuters" in text


def test_docx_holds_each_picture_at_the_text_width_with_a_caption(tmp_path: Path) -> None:
    out = export_briefing(briefing_with_figures(), tmp_path / "f.docx")
    document = docx.Document(str(out))
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    text_height = section.page_height - section.top_margin - section.bottom_margin
    shapes = document.inline_shapes
    assert len(shapes) == 3
    assert shapes[0].width == pytest.approx(text_width, abs=2000)
    assert shapes[1].height == pytest.approx(text_height * 0.6, abs=2000)
    assert shapes[2].width == pytest.approx(text_width, abs=2000)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == [
        "Figure 1. The port <at> dawn & dusk — Photo: Reuters",
        "Figure 2. A tall one",
        "Figure 3. A drawing — Chart: analyst",
    ]
    assert [p.runs[0].bold for p in document.paragraphs if p.style.name == "Caption"] == [True] * 3
    # each picture's paragraph keeps with its caption; Word gets a PNG for the SVG
    pictures = [p for p in document.paragraphs if p.style.name == "Figure"]
    assert all(p.paragraph_format.keep_with_next for p in pictures)
    blobs = [r.target_part.blob for r in document.part.rels.values() if "image" in r.reltype]
    assert sorted(blob[:4] for blob in blobs) == sorted([b"\x89PNG", b"\xff\xd8\xff\xe0",
                                                         b"\x89PNG"])
    described = re.findall(r'descr="([^"]*)"', (out.read_bytes() and _document_xml(out)))
    assert "The port &lt;at&gt; dawn &amp; dusk — Photo: Reuters" in described


def _document_xml(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml").decode("utf-8")


def test_html_carries_the_picture_in_the_page_and_the_svg_without_its_script(
    tmp_path: Path,
) -> None:
    out = export_briefing(briefing_with_figures(), tmp_path / "f.html")
    html = out.read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="figure"><p class="picture" id="[^"]+">'
                         r'<img src="data:([^;]+);base64,'
                         r'([^"]+)" alt="([^"]*)"', html)
    assert [(mime, alt) for mime, _, alt in figures] == [
        ("image/png", "The port &lt;at&gt; dawn &amp; dusk — Photo: Reuters"),
        ("image/jpeg", "A tall one"),
        ("image/svg+xml", "A drawing — Chart: analyst"),
    ]
    svg = base64.b64decode(figures[2][1]).decode("utf-8")
    assert "script" not in svg and "onload" not in svg and "Київ مرحبا" in svg
    assert "<figcaption><b>Figure 1.</b> The port &lt;at&gt; dawn &amp; dusk" in html


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
@pytest.mark.parametrize("damage", ["truncated", "another kind"])
def test_a_picture_that_cannot_be_drawn_stops_every_format_with_the_checks_sentence(
    tmp_path: Path, fmt: str, damage: str
) -> None:
    briefing = briefing_with_figures()
    figure = briefing.sections[0].items[1]
    assert isinstance(figure, Figure)
    if damage == "truncated":
        figure.data = figure.data[:100]  # the header is fine, the pixels are gone
    else:
        figure.mime = "image/jpeg"
    finding = next(f for f in run_checks(briefing, Theme(), uncovered=lambda _t: set())
                   if f.code == "figure-unreadable")
    assert finding.message.startswith(
        "the figure in section “Maps & <pictures>”, item 2 cannot be printed: its picture "
    )
    target = tmp_path / f"f.{fmt}"
    target.write_bytes(b"the previous export")
    with pytest.raises(ExportError) as caught:
        export_briefing(briefing, target)
    assert str(caught.value) == finding.message  # one sentence, whatever the format
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no leftovers


def test_docx_keeps_the_pictures_beside_the_sources_links(tmp_path: Path) -> None:
    # Hyperlink relationships were numbered from a counter made before the pictures were
    # added: the first link took the first picture's id and the picture vanished in Word.
    from briefing.core.model import Article, ClipKind

    briefing = briefing_with_figures()
    text = "The minister said the port would reopen on Friday."
    ops.add_article(briefing, Article(id="a-1", title="Port", outlet="Daily", text=text,
                                      url="https://news.example.org/port", published="2026-01-02"))
    clip = ops.make_clip(briefing, "a-1", 0, len(text), ClipKind.EXCERPT)
    ops.add_clip(briefing, clip)
    ops.place_clip(briefing, clip.id, "s-1")
    out = export_briefing(briefing, tmp_path / "f.docx")
    document = docx.Document(str(out))
    rels = document.part.rels.values()
    pictures = [r for r in rels if r.reltype.endswith("/image")]
    links = [r for r in rels if r.reltype.endswith("/hyperlink")]
    assert len(pictures) == 3 and links
    assert len(document.inline_shapes) == 3
    embedded = {shape._inline.graphic.graphicData.pic.blipFill.blip.embed
                for shape in document.inline_shapes}
    assert embedded == {r.rId for r in pictures}
