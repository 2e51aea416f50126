"""Fragments made without reportlab's parser (briefing.render.pdf_frags) are the parser's own,
attribute for attribute, whenever they are made; and they are made for ordinary pieces."""

from __future__ import annotations

import random

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser

from briefing.core.fonts import FontSet
from briefing.render.pdf_text import Markup, PdfFonts, Piece

TEXTS = [
    "Kateryna Novak. ", "“Grain exports — the border schedule (постачання)”. ", "Kyiv Post. ",
    "20 February 2026. ", " ", "[119]", "x",
]
# what the parser treats in ways of its own, or the main font lacks
ODD_TEXTS = [
    "AT&T", "x<y", " lead", "trail ", "two  spaces", "no\u00a0break", "tab\tbed",
    "line\nbreak", "中文", "emoji 😀", "",
]
HREFS = ["https://news.example/1/a-000191", "#src_a_1", "https://x.example/?a=1&b=2", ""]


@pytest.fixture(scope="module")
def markup():
    return Markup(PdfFonts(FontSet.resolve(("DejaVu Serif", "DejaVu Sans"))), 8)


def _attributes(frags):
    return [dict(sorted(frag.__dict__.items())) for frag in frags]


def test_fragments_are_the_parsers(markup):
    rng = random.Random(20261127)
    styles = [
        ParagraphStyle("regular", fontName=markup.fonts.main_name("regular"), fontSize=9),
        ParagraphStyle("bold", fontName=markup.fonts.main_name("bold"), fontSize=10),
    ]
    made = 0
    for _ in range(3000):
        style = rng.choice(styles)
        base = markup.base_of(style)
        pieces = []
        for _ in range(rng.randint(1, 6)):
            href = rng.choice(HREFS) if rng.random() < 0.3 else ""
            pieces.append(
                Piece(
                    rng.choice(ODD_TEXTS if rng.random() < 0.05 else TEXTS),
                    bold=rng.random() < 0.15,
                    italic=rng.random() < 0.3,
                    href=href,
                    colour=rng.choice(["", "#1d4e89"]) if href or rng.random() < 0.1 else "",
                    small=rng.random() < 0.1,
                )
            )
        frags = markup.frag_maker.frags(pieces, style, base)
        if frags is None:
            continue
        made += 1
        text = cleanBlockQuotedText(markup.pieces(pieces, base))
        _, parsed, _ = ParaParser().parse(text, style)
        assert _attributes(frags) == _attributes(parsed), pieces
    assert made > 400  # ordinary pieces are made, not parsed


def test_odd_spaces_are_reportlabs_and_pythons_whitespace_but_the_space():
    import re

    from reportlab.platypus.paragraph import _wsc

    from briefing.render.pdf_frags import ODD_SPACES

    odd = re.compile(f"[{ODD_SPACES}]")
    found = "".join(c for c in map(chr, range(0x110000)) if odd.match(c))
    expected = "".join(
        c for c in map(chr, range(0x110000)) if (c.isspace() or c in _wsc) and c != " "
    )
    assert found == expected


def test_cleaned_text_is_the_parsers():
    from reportlab.platypus.paragraph import _wsc

    from briefing.render.pdf_text import _cleaned

    rng = random.Random(5)
    pool = [*"ab c", *_wsc, "\u00a0", "\u200b", " ", " ", "ж", "\n"]
    for _ in range(20000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 8)))
        assert _cleaned(text) == cleanBlockQuotedText(text), repr(text)
