"""The PDF writer's own ways of writing reportlab's operators give reportlab's bytes: text
encoding (briefing.render.pdf_codes) chunk for chunk, with the font's subsets left as
reportlab would leave them; text, string, link, colour and line-width operators; and the
writer's fonts stay its own (another registration of the face gets a plain reportlab font)."""

from __future__ import annotations

import random

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from briefing.core import fonts
from briefing.core.fonts import FontSet
from briefing.render.pdf_shaping import EmbeddedFont
from briefing.render.pdf_text import PdfFonts


class _Document:
    """Stands in for a PDF document: fonts keep their subsets per document object."""


def _face(family: str) -> tuple[str, int]:
    resolved = fonts.resolve_family(family)
    if resolved is None:
        pytest.skip(f"needs the {family} font")
    face = resolved.face()
    return face.path, face.index


# Character pools: ASCII, Cyrillic, typographic punctuation, no-break space and characters the
# fonts lack (U+0378 is unassigned; emoji beyond the BMP), NUL, CJK (several subsets' worth).
_POOLS = (
    [chr(c) for c in range(32, 127)],
    [chr(c) for c in range(0x400, 0x4FF)],
    list("\u00a0\u02bc\u2019\u201c\u201d\u2014\u2013\u00ab\u00bb\u0378\U0001f600\x00\ufffe"),
    [chr(c) for c in range(0x100, 0x17F)],
    [chr(c) for c in range(0x4E00, 0x5400)],
)


@pytest.mark.parametrize("family", ["DejaVu Serif", "WenQuanYi Zen Hei"])
def test_split_is_reportlabs(family):
    path, index = _face(family)
    plain = TTFont(f"test-plain-{family}", path, subfontIndex=index)
    ours = EmbeddedFont(f"test-ours-{family}", path, subfontIndex=index)
    document = _Document()
    rng = random.Random(20261127)
    for _ in range(6000):
        pools = rng.sample(_POOLS, 2)
        text = "".join(rng.choice(rng.choice(pools)) for _ in range(rng.randint(0, 70)))
        assert ours.splitString(text, document) == plain.splitString(text, document), text
    theirs, mine = plain.state[document], ours.state[document]
    assert mine.assignments == theirs.assignments
    assert mine.subsets == theirs.subsets
    assert len(mine.subsets) > (3 if family.startswith("WenQuanYi") else 1)  # runs across subsets


def test_writer_fonts_stay_the_writers():
    family = "DejaVu Serif"
    path, index = _face(family)
    pdf_fonts = PdfFonts(FontSet.resolve((family,)))
    name = pdf_fonts.main_name()
    assert isinstance(pdfmetrics.getFont(name), EmbeddedFont)
    # another registration of the same face (other code in the process) gets reportlab's own
    pdfmetrics.registerFont(TTFont("test-other-serif", path, subfontIndex=index))
    assert type(pdfmetrics.getFont("test-other-serif")) is TTFont
    assert isinstance(pdfmetrics.getFont(name), EmbeddedFont)


def test_plain_text_operators_are_reportlabs(tmp_path):
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.pdfgen.textobject import PDFTextObject

    from briefing.render.pdf_shaping import ActualTextObject

    path, index = _face("WenQuanYi Zen Hei")
    font = EmbeddedFont("test-ops-cjk", path, subfontIndex=index)
    pdfmetrics.registerFont(font)
    canvas = Canvas(str(tmp_path / "x.pdf"))
    theirs, ours = PDFTextObject(canvas), ActualTextObject(canvas)
    for text_object in (theirs, ours):
        text_object.setFont("test-ops-cjk", 11, 14)
    rng = random.Random(3)
    for _ in range(300):
        text = "".join(rng.choice(rng.choice(_POOLS[:2] + _POOLS[4:])) for _ in range(30))
        expected = theirs._formatText(text)  # first: it gives the new characters their codes
        assert ours._formatText(text) == expected
        assert ours._curSubset == theirs._curSubset


@pytest.mark.parametrize("align", [0, 1, 2])
def test_plain_strings_are_reportlabs(tmp_path, align):
    from reportlab.pdfgen.canvas import Canvas

    from briefing.render.pdf_pages import DeferredCanvas
    from briefing.render.pdf_shaping import draw_plain

    path, index = _face("DejaVu Serif")
    font = EmbeddedFont(f"test-strings-{align}", path, subfontIndex=index)
    pdfmetrics.registerFont(font)
    theirs, ours = (Canvas(str(tmp_path / "a.pdf")), DeferredCanvas(str(tmp_path / "b.pdf")))
    draw = (theirs.drawString, theirs.drawCentredString, theirs.drawRightString)[align]
    rng = random.Random(align)
    for _ in range(200):
        size = rng.choice([8, 9, 10.5])
        for canvas in (theirs, ours):
            canvas.setFont(f"test-strings-{align}", size)
        text = "".join(rng.choice(_POOLS[rng.choice([0, 1, 3])]) for _ in range(rng.randint(0, 20)))
        x, y = rng.uniform(0, 500), rng.uniform(0, 800)
        draw(x, y, text)  # first: it gives the new characters their codes
        draw_plain(ours, x, y, text, align)
        assert ours._code[-1] == theirs._code[-1], text


def test_url_links_are_reportlabs(tmp_path):
    from reportlab.pdfbase.pdfdoc import format as pdf_format
    from reportlab.pdfgen.canvas import Canvas

    from briefing.render.pdf_pages import DeferredCanvas

    theirs, ours = Canvas(str(tmp_path / "a.pdf")), DeferredCanvas(str(tmp_path / "b.pdf"))
    urls = ["https://news.example/1/a-000191", "https://x.example/?a=1&b=(2)", "https://х.example/ü\\"]
    rng = random.Random(2)
    for number in range(60):
        url = rng.choice(urls)
        rect = (rng.uniform(0, 500), rng.uniform(0, 800), rng.uniform(0, 500), rng.uniform(0, 800))
        for canvas in (theirs, ours):
            canvas.linkURL(url, rect, relative=1)
        name = theirs._doc.annotationName(f"NUMBER{number + 1}")
        expected = pdf_format(theirs._doc.idToObject[name], theirs._doc)
        assert pdf_format(ours._doc.idToObject[name], ours._doc) == expected, url


def test_colour_and_width_operators_are_reportlabs(tmp_path):
    from reportlab.lib import colors
    from reportlab.pdfgen.canvas import Canvas

    from briefing.render.pdf_pages import DeferredCanvas

    choices = [
        colors.HexColor("#1d4e89"), colors.HexColor("#1d4e89"), colors.Color(0.1, 0.2, 0.3, 0.5),
        colors.CMYKColor(0.1, 0.2, 0.3, 0.4), (0.5, 0.25, 0.125), "red", colors.black,
    ]
    theirs, ours = Canvas(str(tmp_path / "a.pdf")), DeferredCanvas(str(tmp_path / "b.pdf"))
    their_text, our_text = theirs.beginText(), ours.beginText()
    rng = random.Random(4)
    for _ in range(300):
        colour, alpha = rng.choice(choices), rng.choice([None, None, 1, 0.5])
        width = rng.choice([0.8, 2.2, 1, 3])
        for canvas, text in ((theirs, their_text), (ours, our_text)):
            canvas.setFillColor(colour, alpha)
            canvas.setStrokeColor(colour, alpha)
            canvas.setLineWidth(width)
            text.setFillColor(colour, alpha)
        assert ours._code == theirs._code and our_text._code == their_text._code
        assert ours._fillColorObj == theirs._fillColorObj
        assert ours._strokeColorObj == theirs._strokeColorObj
        assert ours._lineWidth == theirs._lineWidth
        assert ours._extgstate._d == theirs._extgstate._d
    assert ours._doc._pdfVersion == theirs._doc._pdfVersion
