"""Every operation's Changes record says what it changed (replayed against the briefing before
and after), its undo returns the inverse, and the rules the ops keep for the window."""

from __future__ import annotations

import pytest

from briefing.core import ops
from briefing.core.changes import (
    ARTICLES,
    SECTIONS,
    Changes,
    Inserted,
    Moved,
    Removed,
    clips_of,
    items_of,
)
from briefing.core.model import ClipKind
from briefing.core.ops import OpError
from tests.core.changes_check import assert_changes_describe, observe
from tests.core.test_ops import CASES, TEXTS, build, snapshot


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
