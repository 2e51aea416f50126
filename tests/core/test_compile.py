"""compile_briefing makes every layout decision; these tests pin those decisions."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from briefing.core import blocks as b
from briefing.core import ops
from briefing.core.compile import (
    attribution,
    changed_by_writable,
    compile_briefing,
    format_date,
    safe_url,
    text_direction,
    writable,
)
from briefing.core.model import Article, Briefing, BriefingMeta, ClipKind
from briefing.core.theme import Theme

TEXT = (
    "The minister spoke at dawn. “We will keep the lights on,” she said.\n\n"
    "Critics disagreed — loudly. Ukraineʼs envoy said nothing."
)


def _briefing() -> Briefing:
    briefing = Briefing(
        meta=BriefingMeta(
            title="Grid <crisis> & you",
            subtitle="Daily",
            author="A. Analyst",
            organisation="Desk",
            date="2026-11-27",
            marking="OFFICIAL",
        )
    )
    ops.add_article(
        briefing,
        Article(
            id="a1",
            title="Lights stay on",
            outlet="The Example Post",
            authors=["Jo Reporter"],
            published="2026-11-26",
            url="https://www.example.com/lights",
            text=TEXT,
        ),
    )
    ops.add_article(
        briefing,
        Article(id="a2", title="خبر", outlet="", url="javascript:alert(1)", text="قال الوزير إن"),
    )
    start = TEXT.index("We will")
    quote = ops.make_clip(briefing, "a1", start, start + len("We will keep the lights on"))
    quote.speaker, quote.speaker_role, quote.marking = "Ana Minister", "Energy Minister", ""
    ops.add_clip(briefing, quote)
    excerpt = ops.make_clip(briefing, "a1", 0, 27, ClipKind.EXCERPT)
    excerpt.marking = "CONFIDENTIAL"
    ops.add_clip(briefing, excerpt)
    arabic = ops.make_clip(briefing, "a2", 0, len("قال الوزير إن"))
    ops.add_clip(briefing, arabic)
    unplaced = ops.make_clip(briefing, "a1", TEXT.index("Critics"), TEXT.index(" — "))
    ops.add_clip(briefing, unplaced)
    first, _ = ops.add_section(briefing, "Power", "First paragraph.\n\nSecond paragraph.")
    second, _ = ops.add_section(briefing, "", "")
    ops.place_clip(briefing, quote.id, first.id)
    ops.add_note(briefing, first.id, "Watch this.")
    ops.place_clip(briefing, arabic.id, second.id)
    ops.place_clip(briefing, excerpt.id, second.id)
    ops.add_key_judgment(briefing, "Supply holds.", [quote.id, excerpt.id, unplaced.id])
    return briefing


@pytest.fixture
def document() -> b.Document:
    # a contents page of its own, as a long briefing has (short ones read as memos)
    theme = Theme(memo_contents_entries=0)
    return compile_briefing(_briefing(), theme, now=dt.datetime(2026, 11, 27, tzinfo=dt.UTC))


def test_block_order_is_cover_toc_judgments_sections_sources(document: b.Document) -> None:
    kinds = [type(block).__name__ for block in document.blocks]
    assert kinds[:4] == ["Cover", "PageBreak", "TableOfContents", "PageBreak"]
    headings = [blk.text for blk in document.blocks if isinstance(blk, b.Heading)]
    assert headings == ["Key judgments", "Power", "Section 2", "Sources"]
    toc = document.blocks[2]
    assert [e.text for e in toc.entries] == headings
    anchors = [blk.anchor for blk in document.blocks if isinstance(blk, b.Heading)]
    assert [e.anchor for e in toc.entries] == anchors
    assert len(set(anchors)) == len(anchors)


def test_marking_banner_is_highest_of_included_items(document: b.Document) -> None:
    assert document.info.marking == "CONFIDENTIAL"
    assert document.blocks[0].marking == "CONFIDENTIAL"
    marked = [blk.marking for blk in document.blocks if isinstance(blk, b.BlockQuote)]
    assert "(CONFIDENTIAL)" in marked  # a clip's portion marking, as every writer shows it


def test_unplaced_clip_marking_does_not_raise_banner() -> None:
    briefing = _briefing()
    briefing.clips[-1].marking = "TOP SECRET"  # the unplaced one
    assert compile_briefing(briefing, Theme()).info.marking == "CONFIDENTIAL"


def test_quotes_have_attribution_and_citation_numbers_in_order(document: b.Document) -> None:
    quotes = [blk for blk in document.blocks if isinstance(blk, b.BlockQuote)]
    assert [q.text for q in quotes] == [
        "We will keep the lights on",
        "قال الوزير إن",
        "The minister spoke at dawn.",
    ]
    assert quotes[0].attribution == "— Ana Minister, Energy Minister"
    assert quotes[2].attribution == "— The Example Post, “Lights stay on”"
    assert [q.citation.number for q in quotes] == [1, 2, 1]
    assert quotes[1].direction == "rtl" and quotes[0].direction == "ltr"
    assert [q.note_label for q in quotes] == ["", "", ""]  # no notes, so no label
    sources = next(blk for blk in document.blocks if isinstance(blk, b.SourcesList))
    assert [e.number for e in sources.entries] == [1, 2]
    assert quotes[0].citation.anchor == sources.entries[0].anchor


def test_sources_link_only_safe_urls(document: b.Document) -> None:
    sources = next(blk for blk in document.blocks if isinstance(blk, b.SourcesList))
    first, second = sources.entries
    assert b.Link("https://www.example.com/lights", "https://www.example.com/lights") in (
        first.inlines
    )
    assert not any(isinstance(i, b.Link) for i in second.inlines)
    assert "26 November 2026. " in [getattr(i, "text", "") for i in first.inlines]


def test_key_judgments_link_only_placed_supporting_clips(document: b.Document) -> None:
    # Issue 12: a judgment cites its quotes by their sources' "[n]", like every quote does
    # (it named the speaker before); the mark leads to the supporting quote.
    judgments = next(blk for blk in document.blocks if isinstance(blk, b.BulletList))
    refs = [i for i in judgments.items[0].inlines if isinstance(i, b.CitationRef)]
    quotes = {blk.anchor: blk for blk in document.blocks if isinstance(blk, b.BlockQuote)}
    # the quote and the excerpt both come from source 1: one mark, to the first of them
    assert [r.mark for r in refs] == ["[1]"]
    assert all(r.anchor in quotes for r in refs)
    assert quotes[refs[0].anchor].text == "We will keep the lights on"
    assert quotes[refs[0].anchor].citation.number == 1


def test_commentary_paragraphs_and_notes(document: b.Document) -> None:
    paras = [blk for blk in document.blocks if isinstance(blk, b.Paragraph)]
    assert [(p.style, p.inlines[-1].text) for p in paras] == [
        ("commentary", "First paragraph."),
        ("commentary", "Second paragraph."),
        ("note", "Watch this."),
    ]
    assert paras[2].inlines[0] == b.Text("Analyst note: ", bold=True)


def test_labels_come_from_the_theme_and_only_where_needed() -> None:
    briefing = _briefing()
    briefing.clips[0].note = "Check the date."
    theme = Theme(labels={**Theme().labels, "note": "Comment", "prepared_by": "Von"})
    document = compile_briefing(briefing, theme)
    quotes = [blk for blk in document.blocks if isinstance(blk, b.BlockQuote)]
    assert (quotes[0].note, quotes[0].note_label) == ("Check the date.", "Comment")
    assert [q.note_label for q in quotes[1:]] == ["", ""]
    assert document.blocks[0].prepared_by_label == "Von"
    briefing.meta.author = briefing.meta.organisation = " "
    assert compile_briefing(briefing, theme).blocks[0].prepared_by_label == ""  # nobody named


def test_document_info(document: b.Document) -> None:
    info = document.info
    assert (info.title, info.author, info.subject) == ("Grid <crisis> & you", "A. Analyst", "Daily")
    assert info.page_size == "a4"
    assert compile_briefing(_briefing(), Theme(), page_size="letter").info.page_size == "letter"


def test_the_creation_time_is_the_moment_of_export_not_the_briefing_date() -> None:
    briefing = _briefing()  # dated 2026-11-27
    later = dt.datetime(2031, 5, 6, 7, 8, 9, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert compile_briefing(briefing, Theme(), now=later).info.created == (
        "2031-05-06T07:08:09+02:00"
    )
    naive = dt.datetime(2031, 5, 6, 7, 8, 9)  # read as UTC
    assert compile_briefing(briefing, Theme(), now=naive).info.created == (
        "2031-05-06T07:08:09+00:00"
    )
    # without one, the clock at compile time (bracketed, so the test holds on any day)
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    created = dt.datetime.fromisoformat(compile_briefing(briefing, Theme()).info.created)
    assert before <= created <= dt.datetime.now(dt.UTC)


def test_unwritable_characters_are_removed_everywhere() -> None:
    briefing = _briefing()
    briefing.meta.title = "Bad\x00title\ud800\ufffe"
    briefing.sections[0].heading = "Head\x0bing"
    document = compile_briefing(briefing, Theme())
    assert document.info.title == "Badtitle"
    assert document.blocks[0].title == "Badtitle"
    assert any(isinstance(x, b.Heading) and x.text == "Heading" for x in document.blocks)


def _tree_strings(node: object):
    if isinstance(node, str):
        yield node
    elif isinstance(node, tuple | list):
        for item in node:
            yield from _tree_strings(item)
    elif dataclasses.is_dataclass(node):
        for f in dataclasses.fields(node):
            yield from _tree_strings(getattr(node, f.name))


def _string_fields(briefing: Briefing):
    """(object, field name) for every text field of every object in the briefing."""
    objects = [briefing.meta, *briefing.meta.key_judgments, *briefing.articles, *briefing.clips]
    for section in briefing.sections:
        objects += [section, *section.items]
    for obj in objects:
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if isinstance(value, str) or (isinstance(value, list) and value
                                          and isinstance(value[0], str)):
                yield obj, f.name


@pytest.mark.parametrize("bad", ["\x07", "\r", "\ud800", "\uffff"])
def test_an_unwritable_character_in_any_one_field_never_reaches_the_tree(bad: str) -> None:
    # compile skips its cleaning pass when no source string needs it; a field it forgot to
    # look at would let the character through to the writers
    reached = 0
    for index in range(len(list(_string_fields(_briefing())))):
        briefing = _briefing()
        obj, name = list(_string_fields(briefing))[index]
        value = getattr(obj, name)
        if isinstance(value, list):
            setattr(obj, name, [v + bad for v in value])
        elif name == "text" and isinstance(obj, Article):
            continue  # only clips of it reach the tree; a clip is its own field
        else:
            setattr(obj, name, value + bad if value else bad)
        try:
            document = compile_briefing(briefing, Theme())
        except Exception:  # an id or kind made invalid is another test's business
            continue
        strings = list(_tree_strings(document))
        assert not any(bad in text for text in strings), (type(obj).__name__, name)
        reached += 1
    assert reached > 30


def test_no_toc_when_theme_says_so() -> None:
    document = compile_briefing(_briefing(), Theme(show_toc=False))
    assert not any(isinstance(x, b.TableOfContents) for x in document.blocks)


def test_empty_briefing_still_compiles() -> None:
    document = compile_briefing(Briefing(), Theme())
    assert isinstance(document.blocks[0], b.Cover)
    assert document.blocks[0].title == "Untitled briefing"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("abc", "ltr"), ("שלום", "rtl"), ("123 مرحبا", "rtl"), ("", "ltr"), ("«Привет»", "ltr")],
)
def test_text_direction(text: str, expected: str) -> None:
    assert text_direction(text) == expected


def test_the_fast_check_agrees_with_writable_on_every_character() -> None:
    samples = [chr(c) for c in range(0x10000)] + ["😀", "a\r\nb", "", "\t\n", "\ud800x"]
    disagree = [s for s in samples if changed_by_writable(s) != (writable(s) != s)]
    assert disagree == []


def test_helpers() -> None:
    assert format_date("2026-01-05") == "5 January 2026"
    assert format_date("spring 2026") == "spring 2026"
    assert safe_url("mailto:desk@example.com") == "mailto:desk@example.com"
    assert safe_url("file:///etc/passwd") == "" and safe_url("javascript:x") == ""
    assert writable("a\r\nb\rc\x07") == "a\nb\nc"
    briefing = _briefing()
    quote = briefing.clips[0]
    quote.speaker, quote.speaker_role = "", ""
    assert attribution(quote, briefing.articles[0]) == ""


def test_citations_and_their_sources_share_one_mark() -> None:
    document = compile_briefing(_briefing(), Theme())
    sources = next(blk for blk in document.blocks if isinstance(blk, b.SourcesList))
    quotes = [blk for blk in document.blocks if isinstance(blk, b.BlockQuote) and blk.citation]
    assert quotes and {q.citation.mark for q in quotes} <= {e.mark for e in sources.entries}
    assert sources.entries[0].mark == "[1]"


# ---- decisions the writers used to make (issue 8, item 3) ----------------------------------
def test_italics_are_decided_once_a_right_to_left_quote_stays_upright(
    document: b.Document,
) -> None:
    quotes = [blk for blk in document.blocks if isinstance(blk, b.BlockQuote)]
    assert [(q.kind, q.direction, q.italic) for q in quotes] == [
        ("quote", "ltr", True),
        ("quote", "rtl", False),
        ("excerpt", "ltr", False),
    ]


def test_the_note_lead_is_written_once_with_its_colon() -> None:
    briefing = _briefing()
    briefing.clips[0].note = "Check the date."
    theme = Theme(labels={**Theme().labels, "note": "Comment"})
    document = compile_briefing(briefing, theme)
    quotes = [blk for blk in document.blocks if isinstance(blk, b.BlockQuote)]
    assert [q.note_lead for q in quotes] == ["Comment: ", "", ""]
    notes = [blk for blk in document.blocks if isinstance(blk, b.Paragraph) and blk.style == "note"]
    assert [(p.has_lead, p.inlines[0]) for p in notes] == [(True, b.Text("Comment: ", bold=True))]
    commentary = next(blk for blk in document.blocks if isinstance(blk, b.Paragraph))
    assert not commentary.has_lead


def test_every_text_a_writer_shows_has_its_direction() -> None:
    briefing = _briefing()
    meta = briefing.meta
    meta.title, meta.subtitle, meta.author = "تقرير يومي", "Daily", "עוזי"
    meta.organisation, meta.marking = "Desk", "سري"
    briefing.sections[0].heading = "الطاقة"
    quote = briefing.clips[0]
    quote.speaker, quote.speaker_role, quote.marking = "وزير", "", "OFFICIAL"
    arabic_quote = briefing.clips[2]  # a quote with no speaker: no attribution text at all
    theme = Theme(labels={**Theme().labels, "contents": "المحتويات"})
    document = compile_briefing(briefing, theme)
    cover = document.blocks[0]
    assert isinstance(cover, b.Cover)
    assert (cover.title_direction, cover.subtitle_direction, cover.author_direction) == (
        "rtl", "ltr", "rtl",
    )
    assert (cover.organisation_direction, cover.date_direction) == ("ltr", "ltr")
    assert cover.marking_direction == document.info.marking_direction
    toc = next(blk for blk in document.blocks if isinstance(blk, b.TableOfContents))
    assert toc.title_direction == "rtl"
    assert [e.direction for e in toc.entries if e.text == "الطاقة"] == ["rtl"]
    assert [e.direction for e in toc.entries if e.text == "Sources"] == ["ltr"]
    quotes = {blk.text: blk for blk in document.blocks if isinstance(blk, b.BlockQuote)}
    ours = quotes["We will keep the lights on"]
    assert (ours.attribution, ours.attribution_direction) == ("— وزير", "rtl")
    assert (ours.marking, ours.marking_direction) == ("(OFFICIAL)", "ltr")
    assert quotes[arabic_quote.text].attribution_direction == "rtl"


def test_an_attribution_without_letters_follows_its_quote() -> None:
    assert text_direction("— 123", "rtl") == "rtl" and text_direction("— 123") == "ltr"


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ("Seite {page} von {pages}", "Seite {page} von {pages}"),
        ("{page}/{pages}", "{page}/{pages}"),
        ("Confidential", "Confidential"),
        ("Page {page} of {total}", "Page {page} of {total}"),  # printed as written
        ("Page {0}", "Page {0}"),
        ("Page {page", "Page {page"),
        ("{{page}}", "{{page}}"),
        ("two\nlines {page}", "two lines {page}"),
        ("   ", "Page {page} of {pages}"),
    ],
)
def test_the_page_label_is_one_every_writer_shows_the_same(label: str, shown: str) -> None:
    theme = Theme(labels={**Theme().labels, "page": label})
    assert compile_briefing(_briefing(), theme).info.page_label == shown


def test_one_cleaning_rule_for_line_breaks_controls_and_noncharacters() -> None:
    assert writable("a\u2028b\u2029c\x85d\r\ne") == "a\nb\nc\nd\ne"
    assert writable("tab\tstays\x7f\x80\x9f, C1 and DEL go") == "tab\tstays, C1 and DEL go"
    assert writable("lone \ud800surrogate\ufffe\uffff") == "lone surrogate"
    assert writable("«Привет» 😀 é\u00a0x") == "«Привет» 😀 é\u00a0x"  # ordinary text as is
    for text in ("\u2028", "\x85", "\x9f", "\x7f", "é\x80"):
        assert changed_by_writable(text), repr(text)


def test_writers_clean_a_tree_compile_did_not_make_but_trust_compiles_own() -> None:
    from briefing.core.tree_text import ensure_clean

    document = compile_briefing(_briefing(), Theme())
    assert ensure_clean(document) is document
    dirty = b.Document(document.info, (b.Heading(1, "a\x00b\u2028c", "h"),))
    assert ensure_clean(dirty).blocks[0].text == "ab\nc"
    clean_copy = dataclasses.replace(document)  # an equal tree compile did not hand out
    assert ensure_clean(clean_copy) == document


def test_an_attribution_takes_the_article_language_only_in_the_article_letters() -> None:
    # "— Grigory Belov, Mayor" typed by the analyst is English; "— Григорий Белов" is Russian.
    from briefing.core.model import Clip, ClipRef, Section

    text = "«Мы восстановим мост», — сказал мэр."
    article = Article(id="a1", title="Мост", outlet="ТАСС", language="ru", text=text)
    clips = [
        Clip("c1", "a1", ClipKind.QUOTE, text[1:21], 1, 21, speaker="Grigory Belov"),
        Clip("c2", "a1", ClipKind.QUOTE, text[1:21], 1, 21, speaker="Григорий Белов"),
    ]
    briefing = Briefing(
        meta=BriefingMeta(title="T", language="en"), articles=[article], clips=clips,
        sections=[Section("s1", "Bridges", items=[ClipRef("c1"), ClipRef("c2")])],
    )
    now = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    blocks = compile_briefing(briefing, Theme(), now=now).blocks
    quotes = [q for q in blocks if isinstance(q, b.BlockQuote)]
    assert [(q.language, q.attribution_language) for q in quotes] == [("ru", ""), ("ru", "ru")]


def test_an_attribution_in_the_document_letters_stays_in_the_document_language() -> None:
    # A Russian briefing quoting an English article: "— Григорий Белов, мэр" is Russian, the
    # document's, not English; under a Ukrainian quote, "— Міністр" is the article's.
    from briefing.core.model import Clip, ClipRef, Section

    english = "The bridge will be rebuilt by spring, the mayor said."
    ukrainian = "Міст відбудують до весни, сказав міністр."
    articles = [Article(id="a1", title="Bridge", language="en", text=english),
                Article(id="a2", title="Міст", language="uk", text=ukrainian)]
    clips = [Clip("c1", "a1", ClipKind.QUOTE, english, 0, len(english), speaker="Григорий Белов"),
             Clip("c2", "a2", ClipKind.QUOTE, ukrainian, 0, len(ukrainian), speaker="Міністр")]
    briefing = Briefing(
        meta=BriefingMeta(title="Т", language="ru"), articles=articles, clips=clips,
        sections=[Section("s1", "Мосты", items=[ClipRef("c1"), ClipRef("c2")])],
    )
    now = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    blocks = compile_briefing(briefing, Theme(), now=now).blocks
    quotes = [q for q in blocks if isinstance(q, b.BlockQuote)]
    assert [(q.language, q.attribution_language) for q in quotes] == [("en", ""), ("uk", "uk")]


def test_an_inline_quote_carries_its_article_language_where_it_is_not_the_document() -> None:
    # A key judgment and a commentary quoting a Russian and an English article inline: the
    # Russian quote's run is Russian; the English one is the document's ("").
    from briefing.core.model import Clip, KeyJudgment, Section

    russian = "Мы восстановим мост к весне."
    english = "The bridge will be rebuilt by spring."
    articles = [Article(id="a1", title="Мост", language="ru", text=russian),
                Article(id="a2", title="Bridge", language="en-GB", text=english)]
    clips = [Clip("c1", "a1", ClipKind.QUOTE, russian, 0, len(russian)),
             Clip("c2", "a2", ClipKind.QUOTE, english, 0, len(english))]
    meta = BriefingMeta(title="T", language="en",
                        key_judgments=[KeyJudgment("k1", "Repair is promised: [@c1]")])
    briefing = Briefing(
        meta=meta, articles=articles, clips=clips,
        sections=[Section("s1", "Bridges", commentary="The mayor: [@c1], the wire: [@c2].")],
    )
    now = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    blocks = compile_briefing(briefing, Theme(), now=now).blocks
    commentary = next(p for p in blocks if isinstance(p, b.Paragraph) and p.style == "commentary")
    runs = {i.text: i.language for i in commentary.inlines if isinstance(i, b.Text)}
    assert runs["“Мы восстановим мост к весне.”"] == "ru"
    assert runs["“The bridge will be rebuilt by spring.”"] == ""
    assert runs["The mayor: "] == ""
    judgments = next(block for block in blocks if isinstance(block, b.BulletList))
    quoted = [i for i in judgments.items[0].inlines if isinstance(i, b.Text) and "Мы" in i.text]
    assert [i.language for i in quoted] == ["ru"]


def test_an_inline_quote_in_another_direction_keeps_its_own() -> None:
    # An Arabic quote in English prose and in a key judgment is right-to-left within its
    # left-to-right block (every writer isolates it); in Arabic prose it says nothing.
    from briefing.core.model import Clip, KeyJudgment, Section

    arabic = "سنعيد بناء الجسر قبل الربيع."
    articles = [Article(id="a1", title="الجسر", language="ar", text=arabic)]
    clips = [Clip("c1", "a1", ClipKind.QUOTE, arabic, 0, len(arabic))]
    meta = BriefingMeta(title="T", language="en",
                        key_judgments=[KeyJudgment("k1", "Repair is promised: [@c1]")])
    sections = [Section("s1", "Bridges", commentary="The mayor said [@c1] on Tuesday."),
                Section("s2", "الجسر", commentary="قال رئيس البلدية [@c1] يوم الثلاثاء.")]
    briefing = Briefing(meta=meta, articles=articles, clips=clips, sections=sections)
    now = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    blocks = compile_briefing(briefing, Theme(), now=now).blocks
    english, arabic_prose = [p for p in blocks if isinstance(p, b.Paragraph)
                             and p.style == "commentary"]  # fmt: skip

    def quote_of(inlines):
        return next(i for i in inlines if isinstance(i, b.Text) and "الجسر" in i.text)

    assert english.direction == "ltr"
    assert (quote_of(english.inlines).direction, quote_of(english.inlines).language) == (
        "rtl", "ar")
    assert arabic_prose.direction == "rtl" and quote_of(arabic_prose.inlines).direction == ""
    judgments = next(block for block in blocks if isinstance(block, b.BulletList))
    assert quote_of(judgments.items[0].inlines).direction == "rtl"


def test_a_block_that_opens_with_a_quote_in_another_direction_keeps_its_own_words_direction():
    # An English paragraph and an Arabic key judgment that each open with a quote in the other
    # direction: the block reads as its own words, and the quote is isolated inside it.
    from briefing.core.model import Clip, KeyJudgment, Section

    arabic, english = "سنعيد بناء الجسر قبل الربيع.", "We will rebuild the bridge."
    articles = [Article(id="a1", title="الجسر", language="ar", text=arabic),
                Article(id="a2", title="Bridge", language="en", text=english)]
    clips = [Clip("c1", "a1", ClipKind.QUOTE, arabic, 0, len(arabic)),
             Clip("c2", "a2", ClipKind.QUOTE, english, 0, len(english))]
    meta = BriefingMeta(title="T", language="ar",
                        key_judgments=[KeyJudgment("k1", "[@c2] وعد رئيس البلدية")])
    sections = [Section("s1", "Bridges", commentary="[@c1] said the mayor on Tuesday."),
                Section("s2", "Quote", commentary="[@c1]")]
    briefing = Briefing(meta=meta, articles=articles, clips=clips, sections=sections)
    now = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    blocks = compile_briefing(briefing, Theme(), now=now).blocks
    paragraphs = [p for p in blocks if isinstance(p, b.Paragraph) and p.style == "commentary"]
    assert [p.direction for p in paragraphs] == ["ltr", "rtl"]  # the second: the quote alone
    assert next(i for i in paragraphs[0].inlines if "الجسر" in i.text).direction == "rtl"
    judgment = next(block for block in blocks if isinstance(block, b.BulletList)).items[0]
    assert judgment.direction == "rtl"
    assert next(i for i in judgment.inlines if "bridge" in i.text).direction == "ltr"
