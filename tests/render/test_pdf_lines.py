"""The PDF writer's quick line breaking (briefing.render.pdf_lines) breaks plain paragraphs
exactly as reportlab's Paragraph does: same lines, same spare widths, same splits; and it takes
its quick path for ordinary text (else it would only be reportlab's own)."""

from __future__ import annotations

import random
from xml.sax.saxutils import escape

import pytest
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from briefing.core.fonts import FontSet
from briefing.render import pdf_lines
from briefing.render.pdf_lines import PlainParagraph
from briefing.render.pdf_text import PdfFonts

WORDS = ["a", "of", "the", "ceasefire", "звʼязок", "—", "“patience”;", "2026,"]


@pytest.fixture(scope="module")
def font():
    return PdfFonts(FontSet.resolve(("DejaVu Serif",))).main_name()


def _lines(paragraph: Paragraph) -> tuple:
    para = paragraph.blPara
    return (
        para.kind,
        [(space, list(words)) for space, words in para.lines],
        para.ascent,
        para.descent,
        para.fontSize,
        paragraph._width_max,
        paragraph._wrapWidths,
    )


def _text(rng: random.Random) -> str:
    """Words and spaces, now and then a word too long for a line, a double or no-break space
    or a soft hyphen (which reportlab treats in ways of its own)."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(0, 60))]
    if words and rng.random() < 0.15:
        words[rng.randrange(len(words))] = "x" * rng.randint(30, 80)
    odd = rng.random() < 0.3
    separators = [rng.choice(["  ", "\u00a0", " \u00ad"]) if odd and rng.random() < 0.1 else " "
                  for _ in words]
    return "".join(w + s for w, s in zip(words, separators, strict=True)).strip(" ")


def test_lines_are_reportlabs(font, monkeypatch):
    rng = random.Random(20261127)
    quick = 0
    original = pdf_lines._word_widths

    def counted(*args):
        nonlocal quick
        quick += 1
        return original(*args)

    monkeypatch.setattr(pdf_lines, "_word_widths", counted)
    for number in range(600):
        style = ParagraphStyle(
            f"s{number}",
            fontName=font,
            fontSize=rng.choice([8, 9.5, 10.5, 14]),
            leading=13,
            leftIndent=rng.choice([0, 16]),
            rightIndent=rng.choice([0, 8]),
            firstLineIndent=rng.choice([0, 22.5]),
            alignment=rng.choice([TA_LEFT, TA_RIGHT]),
            splitLongWords=rng.choice([0, 1]),
            bulletIndent=4,
            bulletFontName=font,
        )
        text = escape(_text(rng))
        bullet = rng.choice([None, "•", "[12]"])
        width = rng.choice([120.0, 300.0, 451.27])
        ours = PlainParagraph(text, style, bulletText=bullet)
        theirs = Paragraph(text, style, bulletText=bullet)
        assert ours.wrap(width, 800) == theirs.wrap(width, 800), text
        assert _lines(ours) == _lines(theirs), text
        height = rng.choice([20, 40, 90])
        ours_parts = ours.split(width, height)
        theirs_parts = theirs.split(width, height)
        assert len(ours_parts) == len(theirs_parts)
        for ours_part, theirs_part in zip(ours_parts, theirs_parts, strict=True):
            assert ours_part.wrap(width, 800) == theirs_part.wrap(width, 800)
            assert _lines(ours_part) == _lines(theirs_part)
    assert quick > 300  # most of them went the quick way


def _frag_lines(paragraph: Paragraph) -> tuple:
    para = paragraph.blPara
    if para.kind == 0:
        return _lines(paragraph)
    lines = [
        (
            line.extraSpace, line.wordCount, line.lineBreak, line.fontSize, line.ascent,
            line.descent, line.maxWidth, line.sFW,
            [dict(sorted(word.__dict__.items())) for word in line.words],
        )
        for line in para.lines
    ]
    words = [
        (type(word).__name__, word[0], [(dict(sorted(f.__dict__.items())), t) for f, t in word[1:]])
        for word in paragraph.frags
    ]
    return para.kind, lines, words, paragraph._width_max, paragraph._wrapWidths


def _markup(rng: random.Random) -> str:
    """A few runs in different looks: what a sources entry or a key judgment is made of."""
    runs = []
    for number in range(rng.randint(2, 7)):
        text = escape(_text(rng))
        look = rng.choice(["", "i", "b", "a", "font", "a"])
        if look == "a":
            text = f'<a href="#x{number}" color="#1d4e89">{text or "[1]"}</a>'
        elif look == "font":
            text = f'<font size="7">{text}</font>'
        elif look:
            text = f"<{look}>{text}</{look}>"
        runs.append(text + rng.choice(["", " ", " "]))
    return "".join(runs)


def test_runs_break_as_reportlabs(font, monkeypatch):
    rng = random.Random(5)
    quick = 0
    original = PlainParagraph._break_runs

    def counted(self, width):
        nonlocal quick
        result = original(self, width)
        quick += result is not None
        return result

    monkeypatch.setattr(PlainParagraph, "_break_runs", counted)
    from reportlab.pdfbase.pdfmetrics import registerFontFamily

    registerFontFamily(font, normal=font, bold=font, italic=font, boldItalic=font)
    for number in range(400):
        style = ParagraphStyle(
            f"r{number}",
            fontName=font,
            fontSize=rng.choice([8, 9.5]),
            leading=12,
            leftIndent=rng.choice([0, 24]),
            firstLineIndent=rng.choice([0, 12]),
            alignment=rng.choice([TA_LEFT, TA_RIGHT]),
            bulletIndent=0,
            bulletFontName=font,
        )
        text = _markup(rng)
        bullet = rng.choice([None, "[12]"])
        width = rng.choice([150.0, 300.0, 451.27])
        ours = PlainParagraph(text, style, bulletText=bullet)
        theirs = Paragraph(text, style, bulletText=bullet)
        assert ours.wrap(width, 800) == theirs.wrap(width, 800), text
        assert _frag_lines(ours) == _frag_lines(theirs), text
        height = rng.choice([15, 30, 60])
        ours_parts, theirs_parts = ours.split(width, height), theirs.split(width, height)
        assert len(ours_parts) == len(theirs_parts)
        for ours_part, theirs_part in zip(ours_parts, theirs_parts, strict=True):
            assert ours_part.wrap(width, 800) == theirs_part.wrap(width, 800)
            assert _frag_lines(ours_part) == _frag_lines(theirs_part)
    assert quick > 100  # the ones without long words or soft hyphens went the quick way


def test_same_frag_is_reportlabs():
    from reportlab.lib import colors
    from reportlab.lib.rl_accel import sameFrag
    from reportlab.platypus.paraparser import ParaFrag

    from briefing.render.pdf_lines import same_frag

    rng = random.Random(1)
    values = {
        "fontName": ["A", "B"], "fontSize": [9, 9.0, 10],
        "textColor": [colors.HexColor("#123456"), colors.HexColor("#123456"), None],
        "rise": [0, 0.0, 1], "us_lines": [[], [("u",)]], "link": [[], [(0, "x")], [(0, "x")]],
        "backColor": [None, colors.red], "nobr": [None, 1], "text": ["a", "b"],
    }
    for _ in range(20000):
        f, g = ParaFrag(), ParaFrag()
        for frag in (f, g):
            for name, choices in values.items():
                if name in ("fontName", "fontSize") or rng.random() < 0.8:
                    setattr(frag, name, rng.choice(choices))
            if rng.random() < 0.02:
                setattr(frag, rng.choice(["cbDefn", "lineBreak"]), 1)
        assert same_frag(f, g) == bool(sameFrag(f, g)), (f, g)
