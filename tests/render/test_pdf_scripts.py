"""Complex scripts in the PDF (issue 12): shaped glyphs, a text layer that reads back as the
source text, bold headings, fonts found among the installed ones, mixed-direction layout.

The fonts come from Debian's fonts-noto-core, fonts-thai-tlwg-ttf, fonts-dejavu-core and
fonts-wqy-zenhei, which `.ci/run` installs; the text layer is read with poppler's pdftotext
(poppler-utils, also installed there). On a machine without them the tests skip and say why.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.core import fonts
from briefing.core.checks import run_checks
from briefing.core.fonts import FontSet
from briefing.core.theme import load_theme
from briefing.render.export import export_briefing
from tests.render.harfbuzz_glyphs import harfbuzz_glyph_ids
from tests.render.multiscript import (
    ARABIC_OUTLET,
    HEADINGS,
    SENTENCES,
    build_multiscript,
    long_quote,
)

BODY = ("DejaVu Serif", "DejaVu Sans", "WenQuanYi Zen Hei")
# a character of each script the briefing holds: some installed font must have it
_NEEDED = "मবதผកမქՀ北"


def _missing_fonts() -> str:
    if fonts.resolve_family("DejaVu Serif") is None:
        return "fonts-dejavu-core"
    font_set = FontSet.resolve(BODY)
    lacking = [c for c in _NEEDED if font_set.family_for(c) is None]
    return f"fonts for {''.join(lacking)} (fonts-noto-core)" if lacking else ""


pytestmark = [
    pytest.mark.skipif(bool(_missing_fonts()), reason=f"needs {_missing_fonts()}"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)"),
]

_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", _BIDI_CONTROLS.sub("", text)).strip()


@pytest.fixture(scope="module")
def briefing():
    return build_multiscript(sections=40)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory, briefing) -> Path:
    target = tmp_path_factory.mktemp("scripts") / "scripts.pdf"
    export_briefing(briefing, target)
    return target


@pytest.fixture(scope="module")
def text(pdf) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


@pytest.mark.parametrize(
    "name",
    ["hindi", "bengali", "tamil", "thai", "khmer", "myanmar", "greek", "georgian",
     "armenian", "chinese", "combining"],
)
def test_left_to_right_sentences_read_back_as_their_source(text, name):
    sentence = unicodedata.normalize("NFC", SENTENCES[name][1])
    assert sentence in unicodedata.normalize("NFC", squash(text)), name


@pytest.mark.parametrize("name", ["arabic", "hebrew"])
def test_right_to_left_sentences_read_back_in_logical_order(text, name):
    # pdftotext moves a right-to-left line's final full stop to its start: compare the words
    sentence = SENTENCES[name][1].rstrip(".")
    assert sentence in squash(text)
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text), "presentation forms"


def test_headings_read_back(text):
    flat = squash(text)
    for heading in HEADINGS.values():
        assert heading in flat, heading


def test_emoji_have_valid_unicode_maps(pdf, text):
    assert "😀" in text and "👍" in text
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            cmap = font.get_object().get("/ToUnicode")
            if cmap is None:
                continue
            data = cmap.get_object().get_data().decode("latin-1")
            for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
                for source, target in re.findall(r"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]*)>", block):
                    assert target and len(target) % 4 == 0, (source, target)


def _shaped_glyph_ids(text: str, font_name: str, size: float) -> list[int]:
    """The glyph ids our paragraphs draw for `text` in one line (from reportlab's layout)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import ShapedStr

    from briefing.render.pdf_text import Markup, PdfFonts, Piece, make_paragraph

    pdf_fonts = PdfFonts(FontSet.resolve(BODY))
    style = ParagraphStyle("t", fontName=pdf_fonts.main_name(), fontSize=size, leading=size * 1.3)
    paragraph = make_paragraph([Piece(text)], style, Markup(pdf_fonts, 8))
    paragraph.wrap(2000, 1000)
    ids: list[int] = []
    for line in paragraph.blPara.lines:
        for word in line.words:
            glyphs = word.text
            if word.fontName != font_name:
                continue
            assert isinstance(glyphs, ShapedStr)
            face = pdfmetrics.getFont(font_name).face
            ids += [face.charToGlyph[ord(c)] for c in glyphs if not c.isspace()]
    return ids


@pytest.mark.parametrize("name", ["hindi", "thai", "khmer", "tamil"])
def test_glyphs_are_harfbuzz_shaping_of_the_text(name):
    from briefing.render.pdf_text import PdfFonts

    sentence = SENTENCES[name][1]
    words = [w for w in sentence.split() if all(unicodedata.category(c)[0] in "LM" for c in w)]
    plain = " ".join(words)
    font_set = FontSet.resolve(BODY)
    family = font_set.family_for(words[0][0])
    assert family is not None and family not in font_set.families
    font_name = PdfFonts(font_set).name(family)
    ours = _shaped_glyph_ids(plain, font_name, 11)
    theirs = harfbuzz_glyph_ids(plain, family.regular.path, family.regular.index)
    assert ours == theirs
    # and shaping did something: not the font's plain character-to-glyph map
    cmap_ids = [fonts_glyph for fonts_glyph in _cmap_ids(plain, family.regular.path)]
    assert ours != cmap_ids


def _cmap_ids(text: str, path: str) -> list[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    cmap = font.getBestCmap()
    order = font.getGlyphOrder()
    names = {name: index for index, name in enumerate(order)}
    return [names[cmap[ord(c)]] for c in text if not c.isspace()]


def _base_fonts(pdf: Path) -> set[str]:
    found = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            found.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return found


def test_hindi_and_thai_headings_are_bold_and_fallbacks_are_embedded(pdf):
    names = _base_fonts(pdf)
    assert any(n.startswith("NotoSansDevanagari-Bold") for n in names), names
    assert any(n.startswith("NotoSansThai-Bold") for n in names), names
    for script in ("Bengali", "Tamil", "Khmer", "Myanmar"):
        assert any(script in n for n in names), (script, names)


def test_cjk_headings_use_the_bold_face_only_if_one_exists():
    # The only TrueType CJK family Debian ships (WenQuanYi Zen Hei) has no bold face; the
    # heading then uses its regular face rather than a box.
    font_set = FontSet.resolve(("DejaVu Sans", "DejaVu Serif", "WenQuanYi Zen Hei"))
    family = font_set.family_for(HEADINGS["chinese"][0], "bold")
    assert family is not None


def test_document_language_in_the_catalog(pdf):
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "en"


def _words_with_boxes(pdf: Path, page: int = 0) -> list[tuple[str, float, float, float]]:
    """(word, x min, y min, x max) of every word, or of page `page` (1-based) only."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    done = subprocess.run(
        ["pdftotext", "-bbox", *pages, str(pdf), "-"], capture_output=True, check=True
    )
    found = []
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
    for x_min, y_min, x_max, word in re.findall(pattern, done.stdout.decode("utf-8")):
        found.append((word, float(x_min), float(y_min), float(x_max)))
    return found


def test_sources_entry_with_a_right_to_left_outlet_keeps_its_hanging_number(pdf):
    words = _words_with_boxes(pdf, len(PdfReader(pdf).pages))  # Sources: the last page
    last = {w: (x, y) for w, x, y, _ in words if re.fullmatch(r"\[\d+\]", w)}
    assert last["[7]"][0] == pytest.approx(last["[6]"][0], abs=0.5)  # the Arabic outlet's
    assert last["[8]"][0] == pytest.approx(last["[6]"][0], abs=0.5)  # the Hebrew outlet's
    urls = {w: x for w, x, _, _ in words if w.startswith("https://news.example/")}
    assert urls["https://news.example/arabic"] == pytest.approx(
        urls["https://news.example/greek"], abs=0.5
    )  # second lines hang at the same indent
    # the English date stays after the outlet, on the number's line
    line_y = last["[7]"][1]
    in_order = [w for _, w in sorted((x, w) for w, x, y, _ in words if abs(y - line_y) < 1)]
    assert in_order[0] == "[7]"
    outlet = next(i for i, w in enumerate(in_order) if ARABIC_OUTLET[::-1] in w)
    # the English date follows the outlet, in its own order
    assert in_order[outlet + 1 : outlet + 3] == ["20", "November"]


def test_right_to_left_key_judgment_hangs_its_bullet_at_the_right(pdf):
    words = _words_with_boxes(pdf)
    bullets = [(x, x_max) for w, x, _, x_max in words if w == "•"]
    width = float(PdfReader(pdf).pages[0].mediabox.width)
    assert any(x < width / 4 for x, _ in bullets)  # the English judgment's
    right = [x_max for x, x_max in bullets if x > width / 2]
    assert right, bullets
    # mirrored: as far from the right margin as the left bullet is from the left one
    left = min(x for x, _ in bullets)
    assert width - max(right) == pytest.approx(left, abs=3)


def test_long_quote_and_forty_sections_all_print(text):
    flat = squash(text)
    assert long_quote().split()[-1] in flat
    assert "Section 40" in flat
    assert flat.count(long_quote(12)[:-1]) >= 1


def test_check_reports_only_what_no_installed_font_draws_with_its_place(briefing):
    findings = [f for f in run_checks(briefing, load_theme("default")) if f.code == "glyph-missing"]
    font_set = FontSet.resolve(BODY)
    lacking = {c for c in "🇺🇦" if font_set.family_for(c) is None}
    reported = {re.search(r"U\+([0-9A-F]+)", f.message).group(1) for f in findings}
    assert reported == {f"{ord(c):04X}" for c in lacking}
    assert len(findings) == len(lacking)  # once per character
    for finding in findings:
        assert "section “13. Emoji”, item 1" in finding.message
        assert finding.target_id == "c-emoji"
