"""One design, decided in compile (issue 12.5): memo mode, the cover's page label, key
judgments cited by [n], the one citation style, the one italics rule, empty sections and the
logo, the same way for every format."""

from __future__ import annotations

import datetime as dt

from briefing.core import blocks as b
from briefing.core import ops
from briefing.core.checks import run_checks
from briefing.core.compile import compile_briefing, language_direction, may_slant, source_inlines
from briefing.core.model import Article, Briefing
from briefing.core.theme import Theme

NOW = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
TEXT = "The minister said: we will keep the lights on. Critics disagreed."


def _briefing(sections: int = 2) -> Briefing:
    briefing = Briefing()
    briefing.meta.title = "Grid"
    ops.add_article(briefing, Article(id="a1", title="Lights stay on", outlet="The Post",
                                      authors=["Ana Writer"], published="2026-11-26",
                                      url="https://example.com/a", text=TEXT))  # fmt: skip
    quote = ops.make_clip(briefing, "a1", TEXT.index("we"), TEXT.index(" Critics") - 1)
    quote.speaker = "Ana Minister"
    ops.add_clip(briefing, quote)
    for number in range(sections):
        section, _ = ops.add_section(briefing, f"Part {number}", "Why it matters.")
        if number == 0:
            ops.place_clip(briefing, quote.id, section.id)
    ops.add_key_judgment(briefing, "Supply holds.", [quote.id])
    return briefing


def _kinds(document: b.Document) -> list[str]:
    return [type(block).__name__ for block in document.blocks]


def test_a_short_briefing_reads_like_a_memo_and_a_long_one_has_a_contents_page() -> None:
    short = compile_briefing(_briefing(2), Theme(), now=NOW)
    assert _kinds(short)[:4] == ["Cover", "PageBreak", "TableOfContents", "Heading"]
    toc = short.blocks[2]
    assert isinstance(toc, b.TableOfContents) and toc.compact and len(toc.entries) < 8
    long = compile_briefing(_briefing(9), Theme(), now=NOW)
    assert _kinds(long)[:4] == ["Cover", "PageBreak", "TableOfContents", "PageBreak"]
    assert not long.blocks[2].compact
    # the threshold is the theme's: 0 gives every briefing its contents page
    assert not compile_briefing(_briefing(2), Theme(memo_contents_entries=0)).blocks[2].compact


def test_the_cover_is_not_page_one_of_n() -> None:
    info = compile_briefing(_briefing(), Theme(), now=NOW).info
    assert info.label_first_page is False and info.direction == "ltr"
    assert language_direction("ar") == "rtl" and language_direction("he-IL") == "rtl"
    assert language_direction("en-GB") == "ltr"


def test_key_judgments_cite_their_quotes_by_number() -> None:
    document = compile_briefing(_briefing(), Theme(), now=NOW)
    judgments = next(blk for blk in document.blocks if isinstance(blk, b.BulletList))
    inlines = judgments.items[0].inlines
    assert [type(i).__name__ for i in inlines] == ["Text", "Text", "CitationRef"]
    quote = next(blk for blk in document.blocks if isinstance(blk, b.BlockQuote))
    assert inlines[-1] == b.CitationRef(quote.citation.number, quote.anchor)
    assert not any(isinstance(i, b.CrossRef) for i in inlines)


def test_sources_follow_one_citation_style() -> None:
    article = Article(id="a", title="Lights stay on", outlet="The Post", authors=["A. Writer"],
                      published="2026-11-26", url="https://example.com/a",
                      accessed_at="2026-11-27T08:00:00Z")  # fmt: skip
    inlines = source_inlines(article)
    shown = "".join(getattr(i, "text", "") for i in inlines)
    assert shown == (
        "A. Writer. “Lights stay on”. The Post. 26 November 2026. https://example.com/a"
        " (accessed 27 Nov 2026)"
    )
    outlet = next(i for i in inlines if isinstance(i, b.Text) and i.text.startswith("The Post"))
    assert outlet.italic  # a publication's name, in a script that has italics


def test_a_right_to_left_outlet_keeps_the_entry_in_the_documents_direction() -> None:
    briefing = _briefing()
    briefing.articles[0].outlet = "الجزيرة"
    briefing.articles[0].title = "عنوان"
    briefing.articles[0].language = "ar"
    document = compile_briefing(briefing, Theme(), now=NOW)
    sources = next(blk for blk in document.blocks if isinstance(blk, b.SourcesList))
    [entry] = sources.entries
    assert entry.direction == "ltr"  # the number, indent and date stay in place
    runs = {i.text: i for i in entry.inlines if isinstance(i, b.Text)}
    assert (runs["الجزيرة"].direction, runs["الجزيرة"].language) == ("rtl", "ar")
    assert not runs["الجزيرة"].italic  # no italics for Arabic
    assert runs["26 November 2026. "].direction == ""
    quote = next(blk for blk in document.blocks if isinstance(blk, b.BlockQuote))
    assert quote.language == "ar" and quote.attribution_align == b.ATTRIBUTION_END


def test_one_italics_rule_by_script() -> None:
    assert may_slant("We will stand", "ltr") and may_slant("Мы не допустим", "ltr")
    assert may_slant("Ο υπουργός", "ltr")
    for upright in ("外交部发言人", "मंत्री ने कहा", "รัฐมนตรีกล่าว", "우리는"):
        assert not may_slant(upright, "ltr"), upright
    assert not may_slant("قال", "rtl")
    briefing = _briefing()
    briefing.clips[0].text = "外交部发言人表示"
    quote = next(blk for blk in compile_briefing(briefing, Theme()).blocks
                 if isinstance(blk, b.BlockQuote))  # fmt: skip
    assert quote.italic is False


def test_an_empty_section_is_left_out_and_the_checks_warn() -> None:
    briefing = _briefing()
    empty, _ = ops.add_section(briefing, "Nothing yet")
    document = compile_briefing(briefing, Theme(), now=NOW)
    headings = [blk.text for blk in document.blocks if isinstance(blk, b.Heading)]
    assert "Nothing yet" not in headings and "Part 0" in headings
    toc = next(blk for blk in document.blocks if isinstance(blk, b.TableOfContents))
    assert "Nothing yet" not in [e.text for e in toc.entries]
    findings = run_checks(briefing, Theme(), uncovered=lambda _t: set())  # an export's report
    [warning] = [f for f in findings if f.code == "section-empty"]
    assert warning.severity == "warning" and warning.target_id == empty.id
    assert "leaves it out" in warning.message
