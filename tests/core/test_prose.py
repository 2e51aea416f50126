"""The prose subset: parsing, escaping, writing back, and what compile and the checks make of
inline-placed clips."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.core import blocks as b
from briefing.core import prose
from briefing.core.checks import Severity, run_checks
from briefing.core.compile import compile_briefing
from briefing.core.model import (
    Article,
    Briefing,
    BriefingMeta,
    Clip,
    ClipKind,
    ClipRef,
    KeyJudgment,
    Note,
    Section,
)
from briefing.core.prose import (
    ClipMention,
    LinkSpan,
    ProseList,
    ProseParagraph,
    Span,
    clip_mentions,
    escape_prose,
    parse_prose,
    prose_from_plain_text,
    prose_markdown,
)
from briefing.core.prose_places import prose_words, used_clip_ids
from briefing.core.theme import Theme


def full_parse(text: str) -> tuple[prose.ProseBlock, ...]:
    """markdown-it's reading, without the quick path for plain text."""
    return prose._blocks(prose._parser().parse(text))


# ---- parsing -----------------------------------------------------------------------------------
def test_bold_italic_links_and_inline_clips() -> None:
    text = "Rutte called it [@c-1], **bold *both*** and _it_ [site](https://example.org/a)"
    (para,) = parse_prose(text)
    assert para == ProseParagraph((
        Span("Rutte called it "),
        ClipMention("c-1"),
        Span(", "),
        Span("bold ", bold=True),
        Span("both", bold=True, italic=True),
        Span(" and "),
        Span("it", italic=True),
        Span(" "),
        LinkSpan("site", "https://example.org/a"),
    ))  # fmt: skip


def test_lists_numbered_from_their_start_and_nested_items_flattened() -> None:
    blocks = parse_prose("Intro\n\n3. three\n4. four\n\n- a\n  - nested\n- b")
    assert blocks == (
        ProseParagraph((Span("Intro"),)),
        ProseList(((Span("three"),), (Span("four"),)), ordered=True, start=3),
        ProseList(((Span("a"),), (Span("nested"),), (Span("b"),))),
    )


def test_a_single_newline_is_a_line_break_and_blank_lines_split_paragraphs() -> None:
    assert parse_prose("one\ntwo\n\n\nthree") == (
        ProseParagraph((Span("one\ntwo"),)),
        ProseParagraph((Span("three"),)),
    )


def test_html_headings_code_and_entities_are_plain_text() -> None:
    text = "# not a heading <b>x</b> &amp; `code` > quote"
    assert parse_prose(text) == (ProseParagraph((Span(text),)),)
    (para,) = parse_prose("<script>alert(1)</script> & # x")
    assert para == ProseParagraph((Span("<script>alert(1)</script> & # x"),))


def test_unsafe_link_schemes_stay_text() -> None:
    (para,) = parse_prose("[x](javascript:alert(1))")
    assert all(not isinstance(i, LinkSpan) for i in para.inlines)


def test_clip_mentions_in_order() -> None:
    text = "- [@a] and [@b]\n\n**[@c]** [@a] \\[@not]"
    assert clip_mentions(text) == ["a", "b", "c", "a"]
    assert clip_mentions("no clips here") == []


plain_texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\r\x00"), max_size=80
)


@settings(max_examples=300, deadline=None)
@given(plain_texts)
def test_the_quick_path_reads_plain_text_as_markdown_it_does(text: str) -> None:
    if not prose._MAYBE_MARKUP.search(text):
        assert prose._plain_blocks(text) == full_parse(text)


# ---- escaping (the format 1 -> 2 migration) ------------------------------------------------
def v1_lines(text: str) -> list[str]:
    """What format 1 printed, line by line: paragraphs split at whitespace-only lines, each
    stripped (its lines' inner indentation set aside: markdown drops it)."""
    import re

    out = []
    for para in re.split(r"\n\s*\n", text):
        if para.strip():
            out.append(_lines_stripped(para.strip()))
    return out


def _lines_stripped(text: str) -> str:
    return "\n".join(line.strip(" \t") for line in text.split("\n"))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab *_[]\\-+1.)@#<>&`\n\t", max_size=60))
def test_escaped_plain_text_reads_back_as_the_same_words(text: str) -> None:
    blocks = parse_prose(prose_from_plain_text(text))
    assert all(isinstance(block, ProseParagraph) for block in blocks)
    read = []
    for block in blocks:
        assert isinstance(block, ProseParagraph)
        assert all(type(i) is Span and not (i.bold or i.italic) for i in block.inlines)
        read.append(_lines_stripped("".join(i.text for i in block.inlines if isinstance(i, Span))))
    assert read == v1_lines(text)


def test_escape_examples() -> None:
    assert escape_prose("1. a *b* [c] \\ d\n- e") == "1\\. a \\*b\\* \\[c\\] \\\\ d\n\\- e"
    assert parse_prose(escape_prose("see [@c-1]")) == (ProseParagraph((Span("see [@c-1]"),)),)


# ---- writing back --------------------------------------------------------------------------
words = st.text(alphabet="abcxyz", min_size=1, max_size=6)
phrase = st.lists(words, min_size=1, max_size=3).map(" ".join)
formatted = st.builds(
    Span, phrase, st.booleans(), st.booleans()
) | st.builds(LinkSpan, phrase, st.sampled_from(["https://example.org/x", "mailto:a@b.c"]))
mention = st.builds(ClipMention, st.sampled_from(["c-1", "c-2f3a"]))


@st.composite
def lines(draw: st.DrawFn) -> tuple[prose.ProseInline, ...]:
    """Pieces separated by plain spaces (the serialiser's documented domain)."""
    pieces = draw(st.lists(formatted | mention, min_size=1, max_size=4))
    out: list[prose.ProseInline] = []
    for index, piece in enumerate(pieces):
        if index:
            out.append(Span(" "))
        out.append(piece)
    return prose._merged(out)


blocks_strategy = st.lists(
    st.builds(ProseParagraph, lines())
    | st.builds(
        ProseList,
        st.lists(lines(), min_size=1, max_size=3).map(tuple),
        st.booleans(),
        st.integers(1, 30),
    ).map(lambda lst: lst if lst.ordered else ProseList(lst.items)),
    min_size=1,
    max_size=4,
).map(tuple)


def _separable(blocks: tuple[prose.ProseBlock, ...]) -> bool:
    # Two lists of the same kind in a row are one list in Markdown.
    kinds = [(type(x), getattr(x, "ordered", None)) for x in blocks]
    return not any(a == c and a[0] is ProseList for a, c in itertools.pairwise(kinds))


@settings(max_examples=200, deadline=None)
@given(blocks_strategy)
def test_blocks_written_back_read_the_same(blocks: tuple[prose.ProseBlock, ...]) -> None:
    if _separable(blocks):
        assert parse_prose(prose_markdown(blocks)) == blocks


# ---- compile and checks ----------------------------------------------------------------------
def briefing_with_prose() -> Briefing:
    art1 = Article(id="a-1", title="NATO summit", outlet="Wire", published="2026-11-27",
                   text="Rutte said it was a real breakthrough for the alliance.")
    art2 = Article(id="a-2", title="Other", outlet="Daily", published="2026-11-26",
                   text="A second source says something else entirely.")
    at1, at2 = art1.text.index("real"), art2.text.index("something")
    inline = Clip("c-in", "a-1", ClipKind.QUOTE, "real breakthrough", at1, at1 + 17, speaker="R")
    block = Clip("c-bl", "a-2", ClipKind.QUOTE, "something else", at2, at2 + 14, speaker="X")
    return Briefing(
        meta=BriefingMeta(
            title="T", key_judgments=[KeyJudgment("k-1", "It **matters**.", ["c-in"])]
        ),
        articles=[art1, art2],
        clips=[inline, block],
        sections=[
            Section("s-1", "Summit", "Rutte called US participation a [@c-in].",
                    [ClipRef("c-bl"), Note("n-1", "See *also* [@c-bl].")]),
        ],
    )  # fmt: skip


def _text_of(inlines: tuple[b.Inline, ...]) -> str:
    parts = []
    for inline in inlines:
        parts.append(inline.mark if isinstance(inline, b.CitationRef) else inline.text)
    return "".join(parts)


def test_an_inline_quote_is_printed_in_quotation_marks_with_its_citation() -> None:
    document = compile_briefing(briefing_with_prose(), Theme())
    commentary = next(
        x for x in document.blocks if isinstance(x, b.Paragraph) and x.style == "commentary"
    )
    expected = "Rutte called US participation a “real breakthrough”\u00a0[1]."
    assert _text_of(commentary.inlines) == expected
    assert commentary.anchor  # the key judgment's link to the inline-only clip lands here
    judgments = next(x for x in document.blocks if isinstance(x, b.BulletList))
    # key judgments cite by their sources' [n] (issue 12); the mark leads to the quote
    cites = [i for i in judgments.items[0].inlines if isinstance(i, b.CitationRef)]
    assert [(c.mark, c.anchor) for c in cites] == [("[1]", commentary.anchor)]
    bold = [i for i in judgments.items[0].inlines if isinstance(i, b.Text) and i.bold]
    assert [t.text for t in bold] == ["matters"]


def test_inline_quotes_share_the_citation_sequence_in_reading_order() -> None:
    document = compile_briefing(briefing_with_prose(), Theme())
    marks = [
        inline.number
        for block in document.blocks
        if isinstance(block, b.Paragraph | b.BlockQuote)
        for inline in (block.inlines if isinstance(block, b.Paragraph) else (block.citation,))
        if isinstance(inline, b.CitationRef)
    ]
    assert marks == [1, 2, 2]  # commentary's inline quote first, then the placed clip
    sources = next(x for x in document.blocks if isinstance(x, b.SourcesList))
    assert [e.number for e in sources.entries] == [1, 2]
    assert "NATO summit" in _text_of(sources.entries[0].inlines)


def test_an_inline_placed_clip_counts_as_used_and_is_checked() -> None:
    briefing = briefing_with_prose()
    assert used_clip_ids(briefing) == {"c-in", "c-bl"}
    findings = run_checks(briefing, Theme(), lambda text: set(), completeness=True)
    assert not [f for f in findings if f.code == "clips-unplaced"]
    briefing.clips[0].text = "a fake breakthrough"  # no longer what the source says
    findings = run_checks(briefing, Theme(), lambda text: set(), completeness=True)
    assert [f.target_id for f in findings if f.code == "quote-mismatch"] == ["c-in"]


def test_an_unknown_inline_clip_is_an_error_naming_its_place() -> None:
    briefing = briefing_with_prose()
    briefing.sections[0].items[1] = Note("n-1", "See [@c-gone].")
    findings = run_checks(briefing, Theme(), lambda text: set())
    (finding,) = [f for f in findings if f.code == "inline-clip-unknown"]
    assert finding.severity == Severity.ERROR
    assert finding.message.startswith("section “Summit” note 1: [@c-gone] names no clip")
    assert finding.target_id == "n-1"
    document = compile_briefing(briefing, Theme())
    note = [x for x in document.blocks if isinstance(x, b.Paragraph) and x.style == "note"]
    assert "[@c-gone]" in _text_of(note[0].inlines)  # printed as written, never dropped


def test_lists_and_safe_links_reach_the_tree() -> None:
    briefing = briefing_with_prose()
    briefing.sections[0].commentary = (
        "2. [ok](https://example.org) and [bad](file:///etc/passwd)\n3. *two*"
    )
    document = compile_briefing(briefing, Theme())
    lists = [x for x in document.blocks if isinstance(x, b.BulletList) and x.style == "plain"]
    (numbered,) = lists
    assert numbered.ordered and numbered.start == 2 and len(numbered.items) == 2
    first = numbered.items[0].inlines
    assert [i.url for i in first if isinstance(i, b.Link)] == ["https://example.org"]
    assert "bad" in _text_of(first) and "file:" not in "".join(
        i.url for i in first if isinstance(i, b.Link)
    )


def test_the_outline_shows_a_note_s_words_with_its_quotes() -> None:
    briefing = briefing_with_prose()
    clips = {clip.id: clip for clip in briefing.clips}
    assert prose_words("See *also* [@c-bl] and [@c-x].\n\n- one", clips) == (
        "See also “something else” and [@c-x].\none"
    )
    assert prose_words("plain words", clips) == "plain words"
