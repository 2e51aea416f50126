"""A quote in another language than the document's is a /Lang span in the PDF's page content,
so a screen reader or a spelling tool reads it in its own language."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pypdf import PdfReader

from briefing.core.compile import compile_briefing
from briefing.core.model import Article, Briefing, BriefingMeta, Clip, ClipKind, ClipRef, Section
from briefing.core.theme import Theme
from briefing.render.pdf import write_pdf

RUSSIAN = "«Мы восстановим мост к весне», — сказал мэр на заседании городского совета."
ENGLISH = "The mayor said the bridge would be rebuilt by spring, the council heard."


def _briefing(repeat: int = 1) -> Briefing:
    articles = [
        Article(id="ru", title="Мост", outlet="ТАСС", language="ru", text=RUSSIAN * repeat),
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


def _write(tmp_path: Path, briefing: Briefing) -> PdfReader:
    now = dt.datetime(2026, 11, 27, 9, tzinfo=dt.UTC)
    out = tmp_path / "out.pdf"
    write_pdf(compile_briefing(briefing, Theme(), now=now), Theme(), out)
    return PdfReader(out)


def _content(page) -> str:
    return page.get_contents().get_data().decode("latin-1")


def test_a_russian_quote_is_a_russian_span_and_the_english_one_is_not(tmp_path):
    reader = _write(tmp_path, _briefing())
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    streams = [_content(page) for page in reader.pages]
    span = re.compile(r"/Span <</Lang \(([^)]*)\)>> BDC")
    spans = [tag for stream in streams for tag in span.findall(stream)]
    assert spans == ["ru"]  # one quote in Russian; the English quote is the document's
    text = "".join(page.extract_text() for page in reader.pages)
    assert "восстановим" in text and "rebuilt" in text


def test_a_quote_broken_over_pages_opens_and_closes_its_span_on_each(tmp_path):
    reader = _write(tmp_path, _briefing(repeat=60))  # a quote of several pages
    spanned = 0
    for page in reader.pages:
        stream = _content(page)
        opened = len(re.findall(r"\bBDC\b", stream))
        assert opened == len(re.findall(r"\bEMC\b", stream))  # balanced on every page
        spanned += "/Lang (ru)" in stream
    assert spanned >= 2
