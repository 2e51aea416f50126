"""Complex scripts inside right-to-left paragraphs (issue 12, point 1): a Hindi word in an
Arabic sentence and a Thai word in a Hebrew one are shaped as they are in a left-to-right
paragraph, the right-to-left text around them stays joined and in display order, and the
text layer reads back as the source text; also the mirror case, an Arabic word in a Hindi
sentence.

Fonts: Debian's fonts-dejavu-core, fonts-noto-core (Devanagari) and a Thai family
(fonts-noto-core or fonts-thai-tlwg); the text layer is read with poppler's pdftotext.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.core import fonts, ops
from briefing.core.fonts import FontSet
from briefing.core.model import Article, Briefing, BriefingMeta, ClipKind
from briefing.core.tree_text import has_rtl
from tests.render.harfbuzz_glyphs import harfbuzz_glyph_ids

BODY = ("DejaVu Serif", "DejaVu Sans", "WenQuanYi Zen Hei")
HINDI = "प्रतिक्रिया"
THAI = "ผู้ใหญ่ที่นั่น"  # tone marks over upper vowels: shaping moves them
ARABIC_HINDI = f"قال الوزير إن كلمة {HINDI} تعني الرد في اللغة الهندية."
HEBREW_THAI = f"השר אמר כי המילה {THAI} פירושה אנשים חשובים שם."
HINDI_ARABIC = "मंत्री ने कहा कि الحكومة का समर्थन किया जाएगा।"
HINDI_LTR = f"सरकार की {HINDI} का समर्थन"
THAI_LTR = f"รัฐบาล {THAI} สนับสนุน"


def _missing() -> str:
    if fonts.resolve_family("DejaVu Serif") is None:
        return "fonts-dejavu-core"
    font_set = FontSet.resolve(BODY)
    lacking = [c for c in "कท" if font_set.family_for(c) is None]
    return f"fonts for {''.join(lacking)} (fonts-noto-core)" if lacking else ""


pytestmark = [
    pytest.mark.skipif(bool(_missing()), reason=f"needs {_missing()}"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)"),
]


# ---- the layout: which glyphs are drawn ------------------------------------------------------
@pytest.fixture(scope="module")
def pdf_fonts():
    from briefing.render.pdf_text import PdfFonts

    return PdfFonts(FontSet.resolve(BODY))


def _paragraph(pdf_fonts, text: str, rtl: bool, width: float = 2000):
    from reportlab.lib.styles import ParagraphStyle

    from briefing.render.pdf_text import Markup, Piece, make_paragraph

    style = ParagraphStyle("t", fontName=pdf_fonts.main_name(), fontSize=11, leading=14)
    paragraph = make_paragraph([Piece(text)], style, Markup(pdf_fonts, 8), rtl=rtl)
    paragraph.wrap(width, 10_000)
    return paragraph


_FACES: dict[str, fonts.FontFace] = {}  # reportlab name -> the face, for HarfBuzz


def _font_name(pdf_fonts, char: str) -> str:
    family = pdf_fonts.font_set.family_for(char)
    assert family is not None and family not in pdf_fonts.font_set.families  # a fallback
    name = pdf_fonts.name(family)
    _FACES[name] = family.regular
    return name


def _drawn(paragraph, font_name: str) -> list[int]:
    """The glyph ids the laid-out paragraph draws in `font_name` (spaces left out)."""
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(font_name).face
    return [
        face.charToGlyph[ord(char)]
        for line in paragraph.blPara.lines
        for word in line.words
        if word.fontName == font_name
        for char in word.text
        if not char.isspace()
    ]


def _harfbuzz(text: str, font_name: str) -> list[int]:
    face = _FACES[font_name]
    return harfbuzz_glyph_ids(text, face.path, face.index)


def _cmap(text: str, font_name: str) -> list[int]:
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(font_name).face
    return [face.charToGlyph[ord(c)] for c in text if not c.isspace()]


@pytest.mark.parametrize(
    ("sentence", "word", "ltr_sentence"),
    [(ARABIC_HINDI, HINDI, HINDI_LTR), (HEBREW_THAI, THAI, THAI_LTR)],
    ids=["hindi-in-arabic", "thai-in-hebrew"],
)
def test_word_in_a_right_to_left_paragraph_is_shaped_by_harfbuzz(
    pdf_fonts, sentence, word, ltr_sentence
):
    from briefing.render.pdf_bidi import BidiParagraph

    paragraph = _paragraph(pdf_fonts, sentence, rtl=True)
    assert isinstance(paragraph, BidiParagraph)
    name = _font_name(pdf_fonts, word[0])
    ours = _drawn(paragraph, name)
    assert ours == _harfbuzz(word, name)
    assert ours != _cmap(word, name)  # shaping did something
    # the glyphs the same word gets in a left-to-right paragraph
    ltr = _paragraph(pdf_fonts, ltr_sentence, rtl=False)
    assert not isinstance(ltr, BidiParagraph)
    drawn_ltr = _drawn(ltr, name)
    start = len(_harfbuzz(ltr_sentence.split(word)[0], name))
    assert drawn_ltr[start : start + len(ours)] == ours


def test_joiners_inside_the_word_are_kept_for_shaping(pdf_fonts):
    # ZWNJ asks for क् ष instead of the conjunct क्ष; the bidi algorithm drops joiners, so
    # the run reaches shaping whole from the paragraph's logical text
    word = "क्\u200cष"
    paragraph = _paragraph(pdf_fonts, f"قال كلمة {word} تعني", rtl=True)
    name = _font_name(pdf_fonts, word[0])
    ours = _drawn(paragraph, name)
    assert ours == _harfbuzz(word, name)
    assert ours != _harfbuzz(word.replace("\u200c", ""), name)


def test_visual_order_keeps_a_unit_whole_and_in_logical_order():
    from briefing.render.pdf_bidi import visual_order
    from briefing.render.pdf_shaping import shaping_runs

    text = "שלום क्\u200cष עולם"
    units = shaping_runs(text)
    assert units == [(5, 9)]
    displayed = "".join(char for _, char in visual_order(text, True, units))
    assert displayed == "םלוע क्\u200cष םולש"
    # without units the joiner is gone (rule X9)
    assert "\u200c" not in "".join(char for _, char in visual_order(text, True))


def test_arabic_around_the_hindi_word_stays_joined_and_right_to_left(pdf_fonts):
    import arabic_reshaper
    from reportlab.pdfbase.ttfonts import ShapedStr

    paragraph = _paragraph(pdf_fonts, ARABIC_HINDI, rtl=True)
    (line,) = paragraph.display_lines(2000)
    logical = arabic_reshaper.reshape(ARABIC_HINDI).split()
    # words right to left, each Arabic word's joined letters reversed, the Hindi word as is
    expected = [w[::-1] if has_rtl(w) else w for w in reversed(logical)]
    assert line.split() == expected
    assert any("\ufe70" <= c <= "\ufeff" for c in line)  # joined forms
    hindi_font = _font_name(pdf_fonts, HINDI[0])
    drawn = [w for ln in paragraph.blPara.lines for w in ln.words if w.fontName != hindi_font]
    arabic = "".join(str(w.text) for w in drawn)
    assert arabic.split() == [w for w in expected if has_rtl(w)]
    # HarfBuzz left the reordered Arabic alone (it would have reversed it once more)
    assert not any(isinstance(w.text, ShapedStr) for w in drawn)


def test_mirror_case_arabic_word_in_a_hindi_paragraph(pdf_fonts):
    import arabic_reshaper

    from briefing.render.pdf_bidi import BidiParagraph

    paragraph = _paragraph(pdf_fonts, HINDI_ARABIC, rtl=False)
    assert isinstance(paragraph, BidiParagraph)
    name = _font_name(pdf_fonts, "म")
    hindi_words = " ".join(w for w in HINDI_ARABIC.split() if not has_rtl(w))
    assert _drawn(paragraph, name) == _harfbuzz(hindi_words, name)
    (line,) = paragraph.display_lines(2000)
    expected = [
        arabic_reshaper.reshape(w)[::-1] if has_rtl(w) else w for w in HINDI_ARABIC.split()
    ]
    assert line.split() == expected  # left to right, the Arabic word joined, reversed


def test_thai_in_hebrew_gets_the_leading_thai_gets_in_a_left_to_right_paragraph(pdf_fonts):
    mixed = _paragraph(pdf_fonts, HEBREW_THAI, rtl=True)
    ltr = _paragraph(pdf_fonts, THAI_LTR, rtl=False)
    assert mixed.height == pytest.approx(ltr.height)
    assert mixed.height > 14  # raised above the style's leading: the marks need it


@pytest.mark.parametrize("rtl", [True, False], ids=["arabic-paragraph", "hindi-paragraph"])
def test_long_mixed_paragraph_lines_never_overflow(pdf_fonts, rtl):
    sentence = ARABIC_HINDI if rtl else HINDI_ARABIC
    text = " ".join([sentence] * 10)
    for width in range(110, 330, 11):
        paragraph = _paragraph(pdf_fonts, text, rtl=rtl, width=width)
        lines = paragraph.blPara.lines
        # reportlab set each reordered line as one line: none overflowed and was split
        assert len(lines) == len(paragraph.display_lines(width)) > 1, width
        assert min(line.extraSpace for line in lines) >= -0.01, width


@pytest.mark.parametrize("rtl", [True, False], ids=["arabic-paragraph", "hindi-paragraph"])
def test_lines_are_broken_by_the_shaped_widths(pdf_fonts, rtl):
    # the shaped Hindi is narrower than its characters side by side (a conjunct is one
    # glyph): a line just wider than the shaped text holds it all
    sentence = ARABIC_HINDI if rtl else HINDI_ARABIC
    (line,) = _paragraph(pdf_fonts, sentence, rtl=rtl).blPara.lines
    drawn = 2000 - line.extraSpace
    assert len(_paragraph(pdf_fonts, sentence, rtl, drawn + 2).display_lines(drawn + 2)) == 1
    assert len(_paragraph(pdf_fonts, sentence, rtl, drawn - 2).display_lines(drawn - 2)) == 2


# ---- the PDF: what is drawn and what reads back -----------------------------------------------
_NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


def _briefing(quotes: list[tuple[str, str, str]]) -> Briefing:
    """A briefing with one section per (language, quote, heading)."""
    briefing = Briefing(
        meta=BriefingMeta(
            title="Mixed scripts", author="A. Analyst", organisation="Tests", date="2026-11-27"
        )
    )
    for number, (language, text, heading) in enumerate(quotes):
        article = Article(
            id=f"a{number}",
            title=heading,
            outlet="Outlet",
            authors=["R"],
            published="2026-11-20",
            url=f"https://news.example/{number}",
            language=language,
            text=text,
            source_kind="html",
            source_path=f"/imports/{number}.html",
            imported_at="2026-11-27T08:00:00+00:00",
            encoding="utf-8",
        )
        ops.add_article(briefing, article)
        clip = ops.make_clip(briefing, article.id, 0, len(text), ClipKind.QUOTE)
        ops.add_clip(briefing, replace(clip, id=f"c{number}", speaker="الوزير"))
        ops.add_section(briefing, heading=heading, commentary="", section_id=f"s{number}")
        ops.place_clip(briefing, f"c{number}", f"s{number}")
    return briefing


def _export(tmp_path_factory, name: str, quotes: list[tuple[str, str, str]]) -> Path:
    from briefing.render.export import export_briefing

    target = tmp_path_factory.mktemp("mixed") / f"{name}.pdf"
    export_briefing(_briefing(quotes), target, now=_NOW)
    return target


@pytest.fixture(scope="module")
def rtl_pdf(tmp_path_factory) -> Path:
    # headings and speakers in Arabic and Hebrew: a page that is mostly right-to-left, which
    # poppler then reads right to left (it takes a page's main direction from its letters)
    return _export(
        tmp_path_factory,
        "rtl",
        [("ar", ARABIC_HINDI, "القسم الأول"), ("he", HEBREW_THAI, "החלק השני")],
    )


@pytest.fixture(scope="module")
def ltr_pdf(tmp_path_factory) -> Path:
    return _export(tmp_path_factory, "ltr", [("hi", HINDI_ARABIC, "भारत: प्रतिक्रिया")])


def _page_text(pdf: Path, page: int) -> str:
    done = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        check=True,
    )
    # poppler marks each embedded run of the other direction with LRE/RLE … PDF, and puts
    # the space beside the run inside the marks: read the marks as the run's edges
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", " ", done.stdout.decode("utf-8"))
    return re.sub(r"\s+", " ", text)


def _boxes(pdf: Path, page: int) -> list[tuple[str, float, float]]:
    """(word, x min, y min) of each word pdftotext finds on `page`."""
    done = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        check=True,
    )
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>'
    return [(w, float(x), float(y)) for x, y, w in re.findall(pattern, done.stdout.decode())]


def _actual_texts(pdf: Path, page: int) -> set[str]:
    """The source texts the page's marked content gives its shaped words."""
    content = PdfReader(pdf).pages[page - 1].get_contents()
    assert content is not None
    data = content.get_data().decode("latin-1")
    return {
        bytes.fromhex(hexed).decode("utf-16-be")
        for hexed in re.findall(r"/ActualText <FEFF([0-9A-F]*)>", data)
    }


def test_right_to_left_page_reads_back_in_logical_order(rtl_pdf):
    text = _page_text(rtl_pdf, 2)
    for sentence in (ARABIC_HINDI, HEBREW_THAI):
        # poppler moves the final full stop: compare the words
        assert sentence.rstrip(".") in text, sentence
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text), "presentation forms"


def test_shaped_words_carry_their_source_text(rtl_pdf, ltr_pdf):
    assert {HINDI, THAI} <= _actual_texts(rtl_pdf, 2)
    hindi_shaped = {"मंत्री", "कि"}  # words whose glyphs are not their characters
    assert hindi_shaped <= _actual_texts(ltr_pdf, 2)


def _x_of(boxes: list[tuple[str, float, float]], word: str) -> tuple[float, float]:
    # pdftotext's boxes give a right-to-left word's letters as drawn, left to right
    found = [(x, y) for w, x, y in boxes if word in (w, w[::-1])]
    assert len(found) == 1, (word, boxes)
    return found[0]


def test_hindi_word_sits_between_its_arabic_neighbours(rtl_pdf):
    boxes = _boxes(rtl_pdf, 2)
    before, hindi, after = (_x_of(boxes, w) for w in ("كلمة", HINDI, "تعني"))
    assert before[1] == pytest.approx(hindi[1], abs=3) == pytest.approx(after[1], abs=3)
    assert after[0] < hindi[0] < before[0]  # read right to left


def test_mirror_case_reads_back_and_sits_left_to_right(ltr_pdf):
    text = _page_text(ltr_pdf, 2)
    assert HINDI_ARABIC in text
    boxes = _boxes(ltr_pdf, 2)
    before, arabic, after = (_x_of(boxes, w) for w in ("कि", "الحكومة", "का"))
    assert before[0] < arabic[0] < after[0]
