"""Every operation can be undone exactly, refuses bad input without side effects, and keeps the
briefing consistent (a briefing changed only through ops can always be saved)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.core import ops
from briefing.core.model import Article, Briefing, Clip, ClipKind, ClipRef, Note
from briefing.core.ops import OpError, OpResult
from briefing.core.storage import briefing_to_dict, validate_briefing_dict
from tests.core.changes_check import Observed, assert_changes_describe, observe

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
