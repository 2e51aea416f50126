"""Every operation can be undone exactly, refuses bad input without side effects, and keeps the
briefing consistent (a briefing changed only through ops can always be saved)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.core import ops
from briefing.core.changes import (
    ARTICLES,
    KEY_JUDGMENTS,
    SECTIONS,
    Changes,
    Container,
    Inserted,
    Moved,
    Removed,
    clips_of,
    items_of,
)
from briefing.core.model import Article, Briefing, BriefingMeta, Clip, ClipKind, ClipRef, Note
from briefing.core.ops import OpError, OpResult
from briefing.core.storage import briefing_to_dict, validate_briefing_dict

TEXTS = {
    "a-1": "The minister said: “We will restore power by Friday.” Engineers were less sure.",
    "a-2": "Рабочие порта объявили забастовку. «Мы не уйдём», — сказал профсоюзный лидер.",
    "a-3": "A third article, with nothing clipped from it yet.",
}


def build() -> Briefing:
    """Three articles, four clips (one unplaced), three sections with notes, two judgments."""
    b = Briefing()
    for ident, text in TEXTS.items():
        ops.add_article(b, Article(id=ident, title=f"Title {ident}", text=text, authors=["X"]))
    clipped = [
        ("c-1", "a-1", "“We will restore power by Friday.”"),
        ("c-2", "a-1", "Engineers were less sure."),
        ("c-3", "a-2", "Рабочие порта объявили забастовку."),
        ("c-4", "a-2", "«Мы не уйдём»"),
    ]
    for ident, article_id, quote in clipped:
        start = TEXTS[article_id].index(quote)
        clip = Clip(ident, article_id, ClipKind.QUOTE, quote, start, start + len(quote))
        ops.add_clip(b, clip)
    ops.add_section(b, "First", "Commentary one", section_id="s-1")
    ops.add_section(b, "Second", section_id="s-2")
    ops.add_section(b, "Empty", section_id="s-3")
    ops.place_clip(b, "c-1", "s-1")
    ops.add_note(b, "s-1", "Note one", note_id="n-1")
    ops.place_clip(b, "c-2", "s-1")
    ops.place_clip(b, "c-3", "s-2")
    ops.add_note(b, "s-2", "Note two", note_id="n-2")
    ops.add_key_judgment(b, "Power is back soon", ["c-1", "c-2"], judgment_id="k-1")
    ops.add_key_judgment(b, "Strike goes on", ["c-3", "c-4"], judgment_id="k-2")
    return b


def items(b: Briefing, section_id: str) -> list[str]:
    section = b.section(section_id)
    assert section is not None
    return [i.clip_id if isinstance(i, ClipRef) else i.id for i in section.items]


def snapshot(b: Briefing) -> dict[str, Any]:
    return briefing_to_dict(b)


# Each case applies one op to the built briefing, returning its result; `check` proves it acted.
Case = tuple[Callable[[Briefing], OpResult], Callable[[Briefing], bool]]


def _first(result: Any) -> OpResult:
    """The OpResult of an op that also returns the object it made."""
    return result if isinstance(result, OpResult) else result[1]


CASES: dict[str, Case] = {
    "edit_meta": (
        lambda b: ops.edit_meta(b, title="New", page_size="letter", marking="SECRET"),
        lambda b: b.meta.title == "New" and b.meta.page_size == "letter",
    ),
    "add_key_judgment": (
        lambda b: _first(ops.add_key_judgment(b, "Third", ["c-4"], index=0)),
        lambda b: b.meta.key_judgments[0].text == "Third",
    ),
    "edit_key_judgment": (
        lambda b: ops.edit_key_judgment(b, "k-1", text="Changed", clip_ids=["c-4"]),
        lambda b: b.meta.key_judgments[0].clip_ids == ["c-4"],
    ),
    "remove_key_judgment": (
        lambda b: ops.remove_key_judgment(b, "k-1"),
        lambda b: [k.id for k in b.meta.key_judgments] == ["k-2"],
    ),
    "move_key_judgment": (
        lambda b: ops.move_key_judgment(b, "k-1", 1),
        lambda b: [k.id for k in b.meta.key_judgments] == ["k-2", "k-1"],
    ),
    "add_article": (
        lambda b: ops.add_article(b, Article(id="a-new", text="New text"), index=1),
        lambda b: [a.id for a in b.articles] == ["a-1", "a-new", "a-2", "a-3"],
    ),
    "add_articles": (
        lambda b: ops.add_articles(b, [Article(id="a-x", text="X"), Article(id="a-y")], 0),
        lambda b: [a.id for a in b.articles] == ["a-x", "a-y", "a-1", "a-2", "a-3"],
    ),
    "edit_article": (
        lambda b: ops.edit_article(b, "a-2", title="Заголовок", authors=["A", "B"], url="u"),
        lambda b: b.articles[1].title == "Заголовок" and b.articles[1].authors == ["A", "B"],
    ),
    "remove_article": (
        lambda b: ops.remove_article(b, "a-1"),
        lambda b: b.article("a-1") is None and b.clip("c-1") is None,
    ),
    "add_clip": (
        lambda b: ops.add_clip(b, ops.make_clip(b, "a-3", 0, 15), index=0),
        lambda b: b.clips[0].text == "A third article",
    ),
    "edit_clip": (
        lambda b: ops.edit_clip(b, "c-1", kind="excerpt", speaker="Minister", note="n"),
        lambda b: b.clips[0].kind is ClipKind.EXCERPT and b.clips[0].speaker == "Minister",
    ),
    "remove_clip": (
        lambda b: ops.remove_clip(b, "c-3"),
        lambda b: b.clip("c-3") is None and items(b, "s-2") == ["n-2"],
    ),
    "add_section": (
        lambda b: _first(ops.add_section(b, "Inserted", "text", index=1)),
        lambda b: b.sections[1].heading == "Inserted",
    ),
    "edit_section": (
        lambda b: ops.edit_section(b, "s-2", heading="Renamed", commentary="Why"),
        lambda b: b.sections[1].heading == "Renamed",
    ),
    "move_section": (
        lambda b: ops.move_section(b, "s-3", 0),
        lambda b: [s.id for s in b.sections] == ["s-3", "s-1", "s-2"],
    ),
    "remove_section": (
        lambda b: ops.remove_section(b, "s-1"),
        lambda b: b.placement("c-1") is None and b.clip("c-1") is not None,
    ),
    "place_clip": (
        lambda b: ops.place_clip(b, "c-4", "s-1", 1),
        lambda b: items(b, "s-1") == ["c-1", "c-4", "n-1", "c-2"],
    ),
    "place_clip (already placed: moves it)": (
        lambda b: ops.place_clip(b, "c-1", "s-3"),
        lambda b: items(b, "s-1") == ["n-1", "c-2"] and items(b, "s-3") == ["c-1"],
    ),
    "add_note": (
        lambda b: _first(ops.add_note(b, "s-3", "Fresh note")),
        lambda b: len(items(b, "s-3")) == 1,
    ),
    "edit_note": (
        lambda b: ops.edit_note(b, "n-2", "Edited"),
        lambda b: b.sections[1].items[1] == Note("n-2", "Edited"),
    ),
    "move_item (within a section)": (
        lambda b: ops.move_item(b, "c-2", "s-1", 0),
        lambda b: items(b, "s-1") == ["c-2", "c-1", "n-1"],
    ),
    "move_item (between sections)": (
        lambda b: ops.move_item(b, "n-1", "s-2", 1),
        lambda b: items(b, "s-1") == ["c-1", "c-2"] and items(b, "s-2") == ["c-3", "n-1", "n-2"],
    ),
    "step_item (within a section)": (
        lambda b: ops.step_item(b, "n-1", -1),
        lambda b: items(b, "s-1") == ["n-1", "c-1", "c-2"],
    ),
    "step_item (down past the section's end)": (
        lambda b: ops.step_item(b, "n-2", +1),
        lambda b: items(b, "s-2") == ["c-3"] and items(b, "s-3") == ["n-2"],
    ),
    "step_item (up past the section's start)": (
        lambda b: ops.step_item(b, "c-3", -1),
        lambda b: items(b, "s-1") == ["c-1", "n-1", "c-2", "c-3"] and items(b, "s-2") == ["n-2"],
    ),
    "remove_item (clip)": (
        lambda b: ops.remove_item(b, "c-1"),
        lambda b: b.placement("c-1") is None and b.clip("c-1") is not None,
    ),
    "remove_item (note)": (
        lambda b: ops.remove_item(b, "n-1"),
        lambda b: items(b, "s-1") == ["c-1", "c-2"],
    ),
}


def test_every_public_op_has_a_case() -> None:
    covered = {name.split(" ")[0] for name in CASES}
    not_mutating = {"OpError", "OpResult", "Undo", "make_clip", "same_clip", "clone_briefing"}
    assert set(ops.__all__) - not_mutating == covered


@pytest.mark.parametrize("name", list(CASES))
def test_op_then_undo_restores_an_equal_briefing(name: str) -> None:
    apply, check = CASES[name]
    b = build()
    before = snapshot(b)
    result = apply(b)
    assert check(b), "the op did not do what it says"
    assert snapshot(b) != before
    assert validate_briefing_dict(snapshot(b)) == []
    result.undo()
    assert snapshot(b) == before


@pytest.mark.parametrize("name", list(CASES))
def test_undo_then_redo_gives_the_same_result(name: str) -> None:
    apply, _ = CASES[name]
    b = build()
    apply(b).undo()
    second = build()
    apply(second)
    apply(b)
    # Ops that create objects make fresh ids on each call; everything else must match.
    assert _without_new_ids(snapshot(b)) == _without_new_ids(snapshot(second))


def _without_new_ids(data: dict[str, Any]) -> str:
    import re

    text = repr(data)
    return re.sub(r"'[ckns]-[0-9a-f]{8}'", "'NEW'", text)


REFUSALS: list[tuple[Callable[[Briefing], object], str]] = [
    (lambda b: ops.edit_meta(b, page_size="a5"), "page size"),
    (lambda b: ops.edit_meta(b, title="x", key_judgments=[]), "cannot edit"),
    (lambda b: ops.edit_meta(b, nonsense=1), "cannot edit"),
    (lambda b: ops.add_key_judgment(b, "x", ["c-404"]), "no clip"),
    (lambda b: ops.add_key_judgment(b, "x", index=-1), "out of range"),
    (lambda b: ops.add_key_judgment(b, "x", judgment_id="a-1"), "already used"),
    (lambda b: ops.edit_key_judgment(b, "k-404", text="x"), "no key judgment"),
    (lambda b: ops.edit_key_judgment(b, "k-1", text="x", clip_ids=["c-404"]), "no clip"),
    (lambda b: ops.edit_key_judgment(b, "k-1", id="k-9"), "cannot edit"),
    (lambda b: ops.remove_key_judgment(b, "k-404"), "no key judgment"),
    (lambda b: ops.move_key_judgment(b, "k-1", 2), "out of range"),
    (lambda b: ops.move_key_judgment(b, "k-1", -1), "out of range"),
    (lambda b: ops.add_article(b, Article(id="a-1")), "already used"),
    (lambda b: ops.add_article(b, Article(id="c-1")), "already used"),
    (lambda b: ops.add_article(b, Article(id="")), "empty"),
    (lambda b: ops.add_article(b, Article(id="a-9"), index=-2), "out of range"),
    (lambda b: ops.edit_article(b, "a-404", title="x"), "no article"),
    (lambda b: ops.edit_article(b, "a-1", title="x", text="rewritten"), "cannot edit"),
    (lambda b: ops.remove_article(b, "a-404"), "no article"),
    (lambda b: ops.make_clip(b, "a-404", 0, 1), "no article"),
    (lambda b: ops.make_clip(b, "a-1", 5, 5), "outside"),
    (lambda b: ops.make_clip(b, "a-1", -1, 5), "outside"),
    (lambda b: ops.make_clip(b, "a-1", 0, 10_000), "outside"),
    (lambda b: ops.make_clip(b, "a-1", 3, 4), "white space"),
    (lambda b: ops.add_clip(b, Clip("c-1", "a-1", ClipKind.QUOTE, "x", 0, 1)), "already used"),
    (lambda b: ops.add_clip(b, Clip("c-9", "a-404", ClipKind.QUOTE, "x", 0, 1)), "no article"),
    (lambda b: ops.add_clip(b, Clip("c-9", "a-1", ClipKind.QUOTE, "x", 5, 2)), "outside"),
    (lambda b: ops.add_clip(b, Clip("c-9", "a-1", ClipKind.QUOTE, "x", 0, 999)), "outside"),
    (lambda b: ops.add_clip(b, Clip("c-9", "a-1", "paraphrase", "x", 0, 1)), "kind"),  # type: ignore[arg-type]
    (lambda b: ops.edit_clip(b, "c-404", note="x"), "no clip"),
    (lambda b: ops.edit_clip(b, "c-1", note="x", kind="paraphrase"), "kind"),
    (lambda b: ops.edit_clip(b, "c-1", start=0), "cannot edit"),
    (lambda b: ops.remove_clip(b, "c-404"), "no clip"),
    (lambda b: ops.add_section(b, "x", section_id="n-1"), "already used"),
    (lambda b: ops.add_section(b, "x", index=-1), "out of range"),
    (lambda b: ops.edit_section(b, "s-404", heading="x"), "no section"),
    (lambda b: ops.edit_section(b, "s-1", items=[]), "cannot edit"),
    (lambda b: ops.move_section(b, "s-1", 3), "out of range"),
    (lambda b: ops.move_section(b, "s-404", 0), "no section"),
    (lambda b: ops.remove_section(b, "s-404"), "no section"),
    (lambda b: ops.place_clip(b, "c-404", "s-1"), "no clip"),
    (lambda b: ops.place_clip(b, "c-4", "s-404"), "no section"),
    (lambda b: ops.place_clip(b, "c-4", "s-1", -1), "out of range"),
    (lambda b: ops.place_clip(b, "c-1", "s-404"), "no section"),
    (lambda b: ops.place_clip(b, "c-1", "s-2", -1), "out of range"),
    (lambda b: ops.add_note(b, "s-404", "x"), "no section"),
    (lambda b: ops.add_note(b, "s-1", "x", note_id="n-1"), "already used"),
    (lambda b: ops.add_note(b, "s-1", "x", index=-1), "out of range"),
    (lambda b: ops.edit_note(b, "n-404", "x"), "no note"),
    (lambda b: ops.edit_note(b, "c-1", "x"), "no note"),
    (lambda b: ops.move_item(b, "c-4", "s-1"), "no placed item"),
    (lambda b: ops.move_item(b, "c-1", "s-404"), "no section"),
    (lambda b: ops.move_item(b, "c-1", "s-1", -1), "out of range"),
    (lambda b: ops.move_item(b, "n-1", "s-2", -3), "out of range"),
    (lambda b: ops.add_clip(b, Clip("c-9", "a-1", ClipKind.QUOTE, "x", b.clips[0].start,
                                    b.clips[0].end)), "already clipped"),
    (lambda b: ops.add_articles(b, [Article(id="a-8"), Article(id="a-8")]), "already used"),
    (lambda b: ops.add_articles(b, [Article(id="a-8"), Article(id="a-1")]), "already used"),
    (lambda b: ops.edit_key_judgment(b, "k-1", clip_ids="c-1"), "list of clip ids"),
    (lambda b: ops.step_item(b, "c-1", -1), "top of the outline"),
    (lambda b: ops.step_item(b, "n-2", +2), "one place at a time"),
    (lambda b: ops.step_item(b, "c-4", +1), "no placed item"),
    (lambda b: ops.remove_item(b, "c-4"), "no placed item"),
    (lambda b: ops.remove_item(b, "s-1"), "no placed item"),
]


@pytest.mark.parametrize(("attempt", "why"), REFUSALS)
def test_bad_input_is_refused_without_any_change(
    attempt: Callable[[Briefing], object], why: str
) -> None:
    b = build()
    before = snapshot(b)
    with pytest.raises(OpError, match=why):
        attempt(b)
    assert snapshot(b) == before


# ---- cascades ----------------------------------------------------------------------------------
def test_remove_article_takes_its_clips_placements_and_links_and_undo_restores_order() -> None:
    b = build()
    before = snapshot(b)
    article, clips = b.article("a-1"), b.clips_of("a-1")
    undo = ops.remove_article(b, "a-1").undo
    assert [a.id for a in b.articles] == ["a-2", "a-3"]
    assert [c.id for c in b.clips] == ["c-3", "c-4"]
    assert items(b, "s-1") == ["n-1"]
    assert b.meta.key_judgments[0].clip_ids == []
    assert b.meta.key_judgments[1].clip_ids == ["c-3", "c-4"]
    undo()
    assert snapshot(b) == before
    assert b.articles[0] is article and b.clips[:2] == clips and b.clips[0] is clips[0]


def test_remove_clip_unlinks_it_everywhere_and_undo_restores_it() -> None:
    b = build()
    before = snapshot(b)
    undo = ops.remove_clip(b, "c-2").undo
    assert [c.id for c in b.clips] == ["c-1", "c-3", "c-4"]
    assert items(b, "s-1") == ["c-1", "n-1"]
    assert b.meta.key_judgments[0].clip_ids == ["c-1"]
    undo()
    assert snapshot(b) == before


def test_remove_section_unplaces_its_clips_and_drops_its_notes() -> None:
    b = build()
    before = snapshot(b)
    undo = ops.remove_section(b, "s-2").undo
    assert [c.id for c in b.unplaced_clips()] == ["c-3", "c-4"]
    assert b.placed_clip_ids() == {"c-1", "c-2"}
    assert b.placement("n-2") is None
    assert b.meta.key_judgments[1].clip_ids == ["c-3", "c-4"]  # links survive: clips still exist
    assert (b.section_index("s-1"), b.section_index("s-2")) == (0, None)
    undo()
    assert snapshot(b) == before
    assert b.section_index("s-2") == 1


def test_removing_an_article_twice_over_with_undo_in_reverse_order() -> None:
    b = build()
    before = snapshot(b)
    undo_clip = ops.remove_clip(b, "c-3").undo
    undo_article = ops.remove_article(b, "a-2").undo
    undo_section = ops.remove_section(b, "s-1").undo
    undo_section()
    undo_article()
    undo_clip()
    assert snapshot(b) == before


# ---- moving items ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("item", "section", "index", "expected_s1", "expected_s2"),
    [
        ("c-1", "s-1", None, ["n-1", "c-2", "c-1"], ["c-3", "n-2"]),
        ("c-1", "s-1", 2, ["n-1", "c-2", "c-1"], ["c-3", "n-2"]),
        ("c-1", "s-1", 99, ["n-1", "c-2", "c-1"], ["c-3", "n-2"]),
        ("c-2", "s-1", 1, ["c-1", "c-2", "n-1"], ["c-3", "n-2"]),
        ("c-1", "s-1", 0, ["c-1", "n-1", "c-2"], ["c-3", "n-2"]),  # to where it is: no change
        ("c-1", "s-2", 0, ["n-1", "c-2"], ["c-1", "c-3", "n-2"]),
        ("c-1", "s-2", None, ["n-1", "c-2"], ["c-3", "n-2", "c-1"]),
        ("n-2", "s-1", 1, ["c-1", "n-2", "n-1", "c-2"], ["c-3"]),
    ],
)
def test_move_item_puts_the_item_at_its_final_index(
    item: str, section: str, index: int | None, expected_s1: list[str], expected_s2: list[str]
) -> None:
    b = build()
    before = snapshot(b)
    found = b.placement(item)
    assert found is not None
    moved = found[0].items[found[1]]
    undo = ops.move_item(b, item, section, index).undo
    assert items(b, "s-1") == expected_s1
    assert items(b, "s-2") == expected_s2
    target = b.section(section)
    assert target is not None and any(i is moved for i in target.items)  # the same object moved
    undo()
    assert snapshot(b) == before


def test_moves_into_an_empty_section_and_back() -> None:
    b = build()
    before = snapshot(b)
    undos = [
        ops.move_item(b, "c-1", "s-3").undo,
        ops.move_item(b, "n-1", "s-3", 0).undo,
        ops.move_item(b, "c-1", "s-2", 1).undo,
        ops.move_item(b, "n-1", "s-1", 5).undo,
    ]
    assert items(b, "s-3") == []
    assert items(b, "s-2") == ["c-3", "c-1", "n-2"]
    assert items(b, "s-1") == ["c-2", "n-1"]
    for undo in reversed(undos):
        undo()
    assert snapshot(b) == before


def test_clone_is_deep_and_equal() -> None:
    b = build()
    clone = ops.clone_briefing(b)
    assert clone == b
    ops.edit_clip(clone, "c-1", note="only in the clone")
    ops.remove_article(clone, "a-2")
    assert snapshot(b) == snapshot(build())


def test_edits_copy_their_values() -> None:
    b = build()
    authors = ["Ann"]
    ops.edit_article(b, "a-1", authors=authors)
    authors.append("Bob")  # the caller's list must not reach into the model
    assert b.articles[0].authors == ["Ann"]


# ---- random sequences --------------------------------------------------------------------------
def _ids(b: Briefing) -> dict[str, list[str]]:
    return {
        "article": [a.id for a in b.articles] + ["a-404"],
        "clip": [c.id for c in b.clips] + ["c-404"],
        "section": [s.id for s in b.sections] + ["s-404"],
        "item": [i.clip_id if isinstance(i, ClipRef) else i.id for s in b.sections for i in s.items]
        + ["n-404"],
        "judgment": [k.id for k in b.meta.key_judgments] + ["k-404"],
    }


def _random_op(b: Briefing, data: st.DataObject) -> OpResult:
    ids = _ids(b)

    def pick(kind: str) -> str:
        return data.draw(st.sampled_from(ids[kind]))

    index = data.draw(st.none() | st.integers(-1, 5))
    choice = data.draw(st.integers(0, 15))
    if choice == 0:
        return ops.remove_article(b, pick("article"))
    if choice == 1:
        article = b.article(pick("article"))
        if article is None or not article.text:
            raise OpError("no article")
        start = data.draw(st.integers(0, len(article.text) - 1))
        end = data.draw(st.integers(start + 1, len(article.text)))
        return ops.add_clip(b, ops.make_clip(b, article.id, start, end), index)
    if choice == 2:
        return ops.remove_clip(b, pick("clip"))
    if choice == 3:
        return ops.place_clip(b, pick("clip"), pick("section"), index)
    if choice == 4:
        return ops.move_item(b, pick("item"), pick("section"), index)
    if choice == 5:
        return ops.remove_item(b, pick("item"))
    if choice == 6:
        return ops.add_note(b, pick("section"), "note", index)[1]
    if choice == 7:
        return ops.add_section(b, "heading", index=index)[1]
    if choice == 8:
        return ops.remove_section(b, pick("section"))
    if choice == 9:
        return ops.move_section(b, pick("section"), index if index is not None else 0)
    if choice == 10:
        clips = data.draw(st.lists(st.sampled_from(ids["clip"]), max_size=3))
        return ops.add_key_judgment(b, "judgment", clips, index)[1]
    if choice == 11:
        return ops.remove_key_judgment(b, pick("judgment"))
    if choice == 12:
        return ops.edit_clip(
            b,
            pick("clip"),
            note="edited",
            kind=data.draw(st.sampled_from(["quote", "excerpt", "bad"])),
        )
    if choice == 13:
        return ops.move_key_judgment(b, pick("judgment"), index if index is not None else 0)
    if choice == 14:
        return ops.edit_note(b, pick("item"), "edited note")
    return ops.add_article(
        b, Article(id=data.draw(st.sampled_from(["a-1", "a-new", "c-1"])), text="Hi there")
    )


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_random_op_sequences_stay_consistent_and_undo_completely(data: st.DataObject) -> None:
    b = build()
    initial = snapshot(b)
    undos: list[tuple[OpResult, dict[str, Any], Observed]] = []
    for _ in range(data.draw(st.integers(1, 12))):
        before, seen_before = snapshot(b), observe(b)
        try:
            result = _random_op(b, data)
        except OpError:
            assert snapshot(b) == before  # a refused op changed nothing
            continue
        assert validate_briefing_dict(snapshot(b)) == []  # always saveable
        assert_changes_describe(seen_before, observe(b), result.changes, exact_edits=False)
        undos.append((result, before, seen_before))
    for result, before, seen_before in reversed(undos):
        seen_after = observe(b)
        inverse = result.undo()
        assert snapshot(b) == before
        assert inverse == result.changes.inverse()
        assert_changes_describe(seen_after, seen_before, inverse, exact_edits=False)
    assert snapshot(b) == initial


# ---- what the changes say ----------------------------------------------------------------------
Shape = dict[Container, list[str]]
_CONTENTS = {"articles": "clips", "sections": "items"}  # the container each such object holds


@dataclass
class Observed:
    """What a view could see of a briefing: the ids in every container, each object's
    fields (without the objects it contains) and the briefing's properties."""

    shape: Shape
    fields: dict[str, Any]
    meta: dict[str, Any]


def observe(b: Briefing) -> Observed:
    shape: Shape = {
        ARTICLES: [a.id for a in b.articles],
        SECTIONS: [s.id for s in b.sections],
        KEY_JUDGMENTS: [k.id for k in b.meta.key_judgments],
    }
    found: dict[str, Any] = {}
    for article in b.articles:
        shape[clips_of(article.id)] = [c.id for c in b.clips_of(article.id)]
        found[article.id] = copy.deepcopy(article)
    for clip in b.clips:
        found[clip.id] = copy.deepcopy(clip)
    for section in b.sections:
        shape[items_of(section.id)] = items(b, section.id)
        found[section.id] = (section.heading, section.commentary)
        for item in section.items:
            if isinstance(item, Note):
                found[item.id] = item.text
    for judgment in b.meta.key_judgments:
        found[judgment.id] = (judgment.text, list(judgment.clip_ids))
    meta = {f.name: getattr(b.meta, f.name) for f in fields(BriefingMeta)
            if f.name != "key_judgments"}
    return Observed(shape, found, copy.deepcopy(meta))


def replay(shape: Shape, changes: Changes) -> Shape:
    """Apply the steps to a copy of `shape`, checking each names what stands where it says;
    a container comes into being and goes away empty."""
    result = {container: list(ids) for container, ids in shape.items()}
    for step in changes.steps:
        if isinstance(step, Removed):
            assert result[step.container][step.index] == step.id, step
            del result[step.container][step.index]
            if step.container[0] in _CONTENTS:
                assert result.pop((_CONTENTS[step.container[0]], step.id)) == [], step
        elif isinstance(step, Inserted):
            assert 0 <= step.index <= len(result[step.container]), step
            result[step.container].insert(step.index, step.id)
            if step.container[0] in _CONTENTS:
                assert (_CONTENTS[step.container[0]], step.id) not in result, step
                result[(_CONTENTS[step.container[0]], step.id)] = []
        else:
            assert isinstance(step, Moved)
            assert result[step.source][step.source_index] == step.id, step
            del result[step.source][step.source_index]
            assert 0 <= step.target_index <= len(result[step.target]), step
            result[step.target].insert(step.target_index, step.id)
    return result


def assert_changes_describe(
    before: Observed, after: Observed, changes: Changes, *, exact_edits: bool = True
) -> None:
    """The steps turn the containers before into the containers after; `edited` names the
    objects whose fields differ (with `exact_edits` False: at least those, as an op may
    write a value a field already had); `meta` names the properties that differ."""
    assert replay(before.shape, changes) == after.shape
    both = before.fields.keys() & after.fields.keys()
    differ = {ident for ident in both if before.fields[ident] != after.fields[ident]}
    meta = {name for name in before.meta if before.meta[name] != after.meta[name]}
    if exact_edits:
        assert changes.edited == differ
        assert changes.meta == meta
    else:
        assert differ <= changes.edited <= before.fields.keys() | after.fields.keys()
        assert meta <= changes.meta
    if changes.steps:
        assert changes.structural
    else:
        assert before.shape == after.shape and not changes.structural


@pytest.mark.parametrize("name", list(CASES))
def test_every_ops_changes_say_what_changed_and_its_undo_says_the_inverse(name: str) -> None:
    apply, _ = CASES[name]
    b = build()
    before = observe(b)
    result = apply(b)
    after = observe(b)
    assert not result.changes.empty
    assert_changes_describe(before, after, result.changes)
    inverse = result.undo()
    assert inverse == result.changes.inverse()
    assert_changes_describe(after, observe(b), inverse)


def test_removing_an_article_reports_its_clips_placements_and_links_in_order() -> None:
    b = build()
    changes = ops.remove_article(b, "a-1").changes
    assert changes.steps == (
        Removed(items_of("s-1"), 2, "c-2"),  # c-2 went first: the article's last clip
        Removed(clips_of("a-1"), 1, "c-2"),
        Removed(items_of("s-1"), 0, "c-1"),
        Removed(clips_of("a-1"), 0, "c-1"),
        Removed(ARTICLES, 0, "a-1"),
    )
    assert changes.edited == {"k-1"}  # the judgment that cited them
    assert changes.inverse().inserted == (
        Inserted(ARTICLES, 0, "a-1"),
        Inserted(clips_of("a-1"), 0, "c-1"),
        Inserted(items_of("s-1"), 0, "c-1"),
        Inserted(clips_of("a-1"), 1, "c-2"),
        Inserted(items_of("s-1"), 2, "c-2"),
    )


def test_removing_a_section_reports_its_items_then_the_section() -> None:
    b = build()
    changes = ops.remove_section(b, "s-2").changes
    assert changes.removed == (
        Removed(items_of("s-2"), 1, "n-2"),
        Removed(items_of("s-2"), 0, "c-3"),
        Removed(SECTIONS, 1, "s-2"),
    )
    assert changes.edited == frozenset() and not changes.moved and not changes.inserted


def test_a_clip_counts_its_index_among_its_articles_clips() -> None:
    b = build()
    clip = ops.make_clip(b, "a-2", 0, 6)
    changes = ops.add_clip(b, clip, index=1).changes  # second of all clips, first of a-2's
    assert changes.steps == (Inserted(clips_of("a-2"), 0, clip.id),)
    assert [c.id for c in b.clips][:2] == ["c-1", clip.id]


def test_moves_report_source_and_final_index() -> None:
    b = build()
    assert ops.move_item(b, "c-1", "s-1", 2).changes.moved == (
        Moved("c-1", items_of("s-1"), 0, items_of("s-1"), 2),
    )
    assert ops.place_clip(b, "c-1", "s-3").changes.moved == (
        Moved("c-1", items_of("s-1"), 2, items_of("s-3"), 0),
    )
    assert ops.move_section(b, "s-3", 0).changes.moved == (
        Moved("s-3", SECTIONS, 2, SECTIONS, 0),
    )
    assert ops.move_item(b, "n-1", "s-1", 0).changes.empty  # already there: nothing moved


def test_edits_report_the_object_or_the_properties_written() -> None:
    b = build()
    assert ops.edit_meta(b, title="T", marking="OFFICIAL").changes == Changes(
        meta=frozenset({"title", "marking"})
    )
    assert ops.edit_clip(b, "c-2", speaker="Engineer").changes == Changes(
        edited=frozenset({"c-2"})
    )
    assert ops.edit_note(b, "n-1", "Same text?").changes.edited == {"n-1"}
    assert not ops.edit_section(b, "s-1", heading="New").changes.structural


def test_changes_compose_in_order_and_invert_step_by_step() -> None:
    first = Changes((Inserted(SECTIONS, 0, "s-9"),), frozenset({"c-1"}))
    second = Changes((Moved("s-9", SECTIONS, 0, SECTIONS, 2),), meta=frozenset({"title"}))
    both = first.then(second)
    assert both.steps == first.steps + second.steps
    assert both.edited == {"c-1"} and both.meta == {"title"}
    assert both.inverse().steps == (
        Moved("s-9", SECTIONS, 2, SECTIONS, 0),
        Removed(SECTIONS, 0, "s-9"),
    )
    assert both.inverse().inverse() == both


# ---- rules the ops keep ------------------------------------------------------------------------
def test_the_same_span_is_not_clipped_twice_but_another_kind_of_it_may_be() -> None:
    b = build()
    existing = b.clips[0]
    again = ops.make_clip(b, existing.article_id, existing.start, existing.end)
    assert ops.same_clip(b, again) is existing
    with pytest.raises(OpError, match="already clipped"):
        ops.add_clip(b, again)
    # With white space around it the selection trims to the same span.
    text = TEXTS["a-1"]
    wider = ops.make_clip(b, "a-1", existing.start - 1, existing.end + 1)
    assert text[existing.start - 1] == " " and ops.same_clip(b, wider) is existing
    excerpt = ops.make_clip(b, existing.article_id, existing.start, existing.end,
                            ClipKind.EXCERPT)
    assert ops.same_clip(b, excerpt) is None
    ops.add_clip(b, excerpt)
    assert len(b.clips) == 5


def test_stepping_an_item_down_through_every_section_and_back_up() -> None:
    b = build()
    before = snapshot(b)
    path = []
    results = []
    while True:
        try:
            results.append(ops.step_item(b, "c-1", +1))
        except OpError as exc:
            assert "bottom of the outline" in str(exc)
            break
        found = b.placement("c-1")
        assert found is not None
        path.append((found[0].id, found[1]))
    # s-1 holds c-1 n-1 c-2, s-2 holds c-3 n-2, s-3 is empty
    assert path == [("s-1", 1), ("s-1", 2), ("s-2", 0), ("s-2", 1), ("s-2", 2), ("s-3", 0)]
    for result in reversed(results):
        result.undo()
    assert snapshot(b) == before
    with pytest.raises(OpError, match="top of the outline"):
        ops.step_item(b, "c-1", -1)
