"""The DOCX layout's line filling: the bisecting fill (a line at a time, from prefix widths)
must break exactly where placing one word at a time does, which stays as the path for looks
whose widths do not add up (capitals, negative letter spacing)."""

from __future__ import annotations

import random

import pytest
from lxml import etree

from briefing.render import docx_measure
from briefing.render.docx_layout import StyleSheet, layout_paragraph

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ALPHABET = [
    *["a", "e", "n", "m", "W", "i", "-", "\u2010", " ", " ", " ", " ", "\u00a0", "7"],
    *["中", "文", "한", "ا", "ש", "\u0301", "\u200b", "ß", "—", "“", "ʼ", "\u0915", "\u093f"],
    *["²", "½", "\n", "_", "-", "-"],
]
CJK = {"中", "文", "한"}


def _paragraph(texts: list[str]) -> etree._Element:
    p = etree.Element(f"{W}p")
    for text in texts:
        etree.SubElement(etree.SubElement(p, f"{W}r"), f"{W}t").text = text
    return p


def _sheet() -> StyleSheet:
    return StyleSheet(etree.fromstring(
        f'<w:styles xmlns:w="{W[1:-1]}"><w:docDefaults><w:pPrDefault><w:pPr>'
        '<w:spacing w:before="0" w:after="0"/></w:pPr></w:pPrDefault></w:docDefaults>'
        "</w:styles>"
    ))  # fmt: skip


def _random_text(rng: random.Random) -> str:
    length = rng.choice([0, 1, 3, 12, 60, 400])
    if rng.random() < 0.1:  # a long unbroken word, wider than any line
        return "x" * rng.randint(50, 300)
    # most texts without CJK, which word_ends cuts with one regex; the rest through the loop
    letters = ALPHABET if rng.random() < 0.3 else [c for c in ALPHABET if c not in CJK]
    return "".join(rng.choice(letters) for _ in range(length))


def test_word_ends_are_where_break_opportunities_cut():
    rng = random.Random(7)
    for _ in range(6000):
        text = _random_text(rng)
        ends, stripped = docx_measure.word_ends(text)
        words = list(docx_measure.break_opportunities(text))
        position, expected_ends, expected_stripped = 0, [], []
        for word in words:
            position += len(word)
            expected_ends.append(position)
            expected_stripped.append(position - len(word) + len(word.rstrip(" ")))
        assert (ends, stripped) == (expected_ends, expected_stripped), repr(text)


@pytest.mark.parametrize("seed", range(4))
def test_filling_a_line_at_a_time_breaks_where_word_by_word_does(seed, monkeypatch):
    rng = random.Random(seed)
    sheet = _sheet()
    cases = []
    for _ in range(150):
        texts = [_random_text(rng) for _ in range(rng.randint(1, 4))]
        width = rng.choice([300.0, 1500.0, 4000.0, 9000.0])
        cases.append((texts, width))
    fast = [layout_paragraph(_paragraph(t), sheet, width).lines for t, width in cases]
    assert any(len(lines) > 3 for lines in fast)  # the cases do wrap
    monkeypatch.setattr(docx_measure.CharacterWidths, "additive", property(lambda self: False))
    slow = [layout_paragraph(_paragraph(t), sheet, width).lines for t, width in cases]
    assert fast == slow
