"""Text in another language than the document's is a /Lang span in the PDF's page content, so
a screen reader or a spelling tool reads it in its own language: a whole quote, and a run
inside a paragraph (a Russian or Arabic title in the Sources, an inline quote in commentary),
balanced on every page and nested inside a whole quote's span."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.core.compile import compile_briefing
from briefing.core.model import Article, Briefing, BriefingMeta, Clip, ClipKind, ClipRef, Section
from briefing.core.theme import Theme
from briefing.render.pdf import _PdfWriter, write_pdf
from briefing.render.pdf_flowables import Ruled
from briefing.render.pdf_text import Piece, make_paragraph
from tests.render.pdf_marked import Run, page_runs

RUSSIAN = "«Мы восстановим мост к весне», — сказал мэр на заседании городского совета."
ENGLISH = "The mayor said the bridge would be rebuilt by spring, the council heard."
ARABIC = "قال الوزير إن الحكومة ستدعم الاتفاق الجديد."
ARABIC_TITLE = "الحكومة تدعم الاتفاق"
NOW = dt.datetime(2026, 11, 27, 9, tzinfo=dt.UTC)
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")


def _briefing(repeat: int = 1) -> Briefing:
    articles = [
        Article(id="ru", title="Мост через Кострову", outlet="ТАСС", language="ru",
                published="2026-11-26", text=RUSSIAN * repeat),
        Article(id="en", title="Bridge", outlet="Wire", language="en", text=ENGLISH),
    ]
    clips = [
        Clip("c1", "ru", ClipKind.QUOTE, RUSSIAN * repeat, 0, len(RUSSIAN) * repeat),
        Clip("c2", "en", ClipKind.QUOTE, ENGLISH, 0, len(ENGLISH)),
    ]
    return Briefing(
        meta=BriefingMeta(title="Bridges", language="en-GB"), articles=articles, clips=clips,
        sections=[Section("s1", "Bridges", items=[ClipRef("c1"), ClipRef("c2")])],
    )


def _write(tmp_path: Path, briefing: Briefing, name: str = "out.pdf") -> PdfReader:
    out = tmp_path / name
    write_pdf(compile_briefing(briefing, Theme(), now=NOW), Theme(), out)
    return PdfReader(out)


def _content(page) -> str:
    return page.get_contents().get_data().decode("latin-1")


def _balanced(stream: str) -> bool:
    return len(re.findall(r"\bBDC\b", stream)) == len(re.findall(r"\bEMC\b", stream))


def _runs(reader: PdfReader) -> list[list[Run]]:
    return [page_runs(page) for page in reader.pages]  # each page checked for balance


def test_a_russian_quote_is_a_russian_span_and_the_english_one_is_not(tmp_path):
    reader = _write(tmp_path, _briefing())
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    runs = [run for page in _runs(reader) for run in page]
    quote = [run for run in runs if "восстановим" in run.text or "заседании" in run.text]
    assert quote and all(run.languages == ("ru",) for run in quote)
    english = [run for run in runs if "rebuilt" in run.text]
    assert english and all(run.languages == () for run in english)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "восстановим" in text and "rebuilt" in text


def test_a_quote_broken_over_pages_opens_and_closes_its_span_on_each(tmp_path):
    reader = _write(tmp_path, _briefing(repeat=60))  # a quote of several pages
    spanned = 0
    for page in reader.pages:
        stream = _content(page)
        assert _balanced(stream)  # balanced on every page
        spanned += "/Lang (ru)" in stream
    assert spanned >= 2


def test_a_russian_sources_title_is_russian_and_the_date_after_it_is_not(tmp_path):
    reader = _write(tmp_path, _briefing())
    runs = _runs(reader)[-1]  # the Sources are on the last page
    title = [run for run in runs if "Мост через" in run.text]
    outlet = [run for run in runs if "ТАСС" in run.text]
    assert title and all(run.languages == ("ru",) for run in title)
    assert outlet and all(run.languages == ("ru",) for run in outlet)
    date = [run for run in runs if "26 November 2026" in run.text]
    assert date and all(run.languages == () for run in date)
    # the English source's entry has no span at all
    bridge = [run for run in runs if "Bridge" in run.text or "Wire" in run.text]
    assert bridge and all(run.languages == () for run in bridge)


def _inline_briefing(quote: str, language: str, repeat: int = 1) -> Briefing:
    text = " ".join([quote] * repeat)
    articles = [Article(id="a1", title="Source", outlet="Outlet", language=language, text=text)]
    clips = [Clip("c1", "a1", ClipKind.QUOTE, text, 0, len(text))]
    commentary = "The mayor promised [@c1] at the council meeting on Tuesday."
    return Briefing(
        meta=BriefingMeta(title="Bridges", language="en"), articles=articles, clips=clips,
        sections=[Section("s1", "Bridges", commentary=commentary)],
    )


def test_an_inline_quote_in_commentary_is_in_its_article_language(tmp_path):
    reader = _write(tmp_path, _inline_briefing(RUSSIAN, "ru"))
    runs = [run for page in _runs(reader) for run in page]
    quoted = [run for run in runs if _CYRILLIC.search(run.text)]
    assert any("восстановим" in run.text for run in quoted)
    assert all(run.languages == ("ru",) for run in quoted)
    before = [run for run in runs if "The mayor promised" in run.text]
    after = [run for run in runs if "council meeting" in run.text]
    assert before and after
    # the English words around the quote are the document's: outside any span (a run that
    # holds both sides of the quote would be a span around the wrong text)
    assert all(not _CYRILLIC.search(run.text) and run.languages == () for run in before + after)


@pytest.mark.parametrize(
    ("quote", "language", "letters"),
    [(RUSSIAN, "ru", _CYRILLIC), (ARABIC, "ar", _ARABIC)],
    ids=["russian", "arabic"],
)
def test_an_inline_quote_over_a_page_break_is_closed_and_reopened(
    tmp_path, quote, language, letters
):
    # one paragraph whose inline quote runs over several pages: each page's part of it is in
    # the quote's span, and each page closes what it opened (the Arabic one is reordered line
    # by line: BidiParagraph)
    reader = _write(tmp_path, _inline_briefing(quote, language, repeat=20_000 // len(quote)))
    pages_with_quote = 0
    for page, runs in zip(reader.pages, _runs(reader), strict=True):
        assert _balanced(_content(page))
        quoted = [run for run in runs if letters.search(run.text)]
        if quoted:
            pages_with_quote += 1
            assert all(run.language == language for run in quoted), page.page_number
    assert pages_with_quote >= 3  # at least two page breaks inside the quote
    # the page after the first break starts inside the quote: its first text is the quote's
    second = next(runs for runs in _runs(reader)[1:] if any(letters.search(r.text) for r in runs))
    body = [run for run in second if letters.search(run.text) or "council" in run.text]
    assert body[0].language == language


def _arabic_briefing(article_language: str) -> Briefing:
    articles = [
        Article(id="a1", title=ARABIC_TITLE, outlet="الجزيرة", language=article_language,
                published="2026-11-26", text=ARABIC),
    ]
    clips = [Clip("c1", "a1", ClipKind.QUOTE, ARABIC, 0, len(ARABIC))]
    return Briefing(
        meta=BriefingMeta(title="Agreement", language="en"), articles=articles, clips=clips,
        sections=[Section("s1", "Agreement", items=[ClipRef("c1")])],
    )


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_an_arabic_sources_title_is_arabic_and_reads_back_as_before(tmp_path):
    marked = _write(tmp_path, _arabic_briefing("ar"), "marked.pdf")
    runs = _runs(marked)[-1]
    arabic = [run for run in runs if _ARABIC.search(run.text)]
    assert arabic and all(run.languages == ("ar",) for run in arabic)
    date = [run for run in runs if "26 November 2026" in run.text]
    assert date and all(run.languages == () for run in date)
    # The same document with the article's language unknown has no spans in its Sources: the
    # text pdftotext reads back is the same, the title in logical order.
    plain = _write(tmp_path, _arabic_briefing(""), "plain.pdf")
    assert not any(run.languages for page in _runs(plain) for run in page)

    def text(name: str) -> str:
        done = subprocess.run(
            ["pdftotext", "-layout", str(tmp_path / name), "-"], capture_output=True, check=True
        )
        return done.stdout.decode("utf-8")

    read = text("marked.pdf")
    assert read == text("plain.pdf")
    assert ARABIC_TITLE in read and "الجزيرة" in read


def test_runs_nest_inside_a_whole_quote_span_without_repeating_its_language(tmp_path):
    # A Russian quote's span around a paragraph with a Ukrainian run (long enough to break over
    # pages) and a Russian one: the Ukrainian run nests in the quote's span, the Russian one
    # needs no span of its own.
    document = compile_briefing(_briefing(), Theme(), now=NOW)
    writer = _PdfWriter(document, Theme(), None)
    pieces = [
        Piece("Он сказал: "),
        Piece(" ".join(["«Слава Україні»"] * 400), language="uk"),
        Piece(" и ушёл.", language="ru"),
    ]
    paragraph = make_paragraph(pieces, writer.styles.quote, writer.body_markup)
    story = [*writer.story(), Ruled(paragraph, language="ru")]
    writer.build(story, tmp_path / "nested.pdf")
    reader = PdfReader(tmp_path / "nested.pdf")
    runs = [run for page in _runs(reader) for run in page]  # balanced on every page
    ukrainian = [run for run in runs if "Україні" in run.text]
    assert len({id(page) for page in reader.pages if "/Lang (uk)" in _content(page)}) >= 2
    assert ukrainian and all(run.languages == ("ru", "uk") for run in ukrainian)
    russian = [run for run in runs if "сказал" in run.text or "ушёл" in run.text]
    assert russian and all(run.languages == ("ru",) for run in russian)


def test_a_paragraph_without_runs_in_other_languages_has_no_spans(tmp_path):
    # The same document with every article in the document's language: no span anywhere.
    briefing = _briefing()
    briefing = replace(briefing, articles=[replace(a, language="en") for a in briefing.articles])
    reader = _write(tmp_path, briefing)
    assert not any("BDC" in _content(page) for page in reader.pages)


def test_an_attribution_in_the_quote_letters_is_in_the_quote_language(tmp_path):
    # "— Григорий Белов" under a Russian quote is Russian; "— Grigory Belov" is the document's
    briefing = _briefing()
    russian, english = (replace(briefing.clips[0], id=i, speaker=s) for i, s in
                        (("c3", "Григорий Белов"), ("c4", "Grigory Belov")))
    briefing = replace(
        briefing, clips=[russian, english],
        sections=[Section("s1", "Bridges", items=[ClipRef("c3"), ClipRef("c4")])],
    )
    runs = [run for page in _runs(_write(tmp_path, briefing)) for run in page]
    assert [run.languages for run in runs if "Белов" in run.text] == [("ru",)]
    assert [run.languages for run in runs if "Belov" in run.text] == [()]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_a_hindi_word_in_an_arabic_inline_quote_is_shaped_inside_the_quote_span(tmp_path):
    # the two newest paths together: the quote's language marks in a right-to-left run of a
    # left-to-right paragraph, around a Devanagari word that is shaped whole
    quote = "قال الوزير إن كلمة प्रतिक्रिया تعني الرد"
    reader = _write(tmp_path, _inline_briefing(quote, "ar"))
    runs = [run for page in _runs(reader) for run in page]  # balanced on every page
    quoted = [run for run in runs if _ARABIC.search(run.text) or "\u0915" in run.text]
    assert quoted and all(run.language == "ar" for run in quoted)
    assert all(run.languages == () for run in runs if "council meeting" in run.text)
    content = "".join(_content(page) for page in reader.pages)
    shaped = {
        bytes.fromhex(hexed).decode("utf-16-be")
        for hexed in re.findall(r"/ActualText <FEFF([0-9A-F]*)>", content)
    }
    assert "प्रतिक्रिया" in shaped  # drawn as HarfBuzz's glyphs, read back as the word
    text = subprocess.run(["pdftotext", str(tmp_path / "out.pdf"), "-"], capture_output=True,
                          check=True).stdout.decode()  # fmt: skip
    assert "प्रतिक्रिया" in text
