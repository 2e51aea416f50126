"""Planning the preview's partial refreshes: which shown chunks an edit replaces."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from briefing.gui.views.preview_plan import (
    chunk_items,
    may_split,
    plan_patch,
)

ITEMS = st.sampled_from([
    '<p class="marking">OFFICIAL</p>',
    '<div class="cover"><p class="title">T</p></div>',
    '<div class="toc"><h2>Contents</h2></div>',
    "<h1>Section</h1>",
    "<h1>Other section</h1>",
    "<blockquote><p>Quote one</p></blockquote>",
    "<blockquote><p>Quote two, a little longer</p></blockquote>",
    '<p class="commentary">Commentary</p>',
    '<ul class="judgments"><li>Judgment</li></ul>',
    '<div class="sources"><p>[1] Source</p></div>',
])


def _well_formed(chunks: list[tuple[str, ...]]) -> bool:
    return all(chunk for chunk in chunks) and all(
        may_split(earlier[-1], later[0])
        for earlier, later in pairwise(chunks)
    )


def test_chunks_start_at_headings_and_quotes_only():
    items = ['<p class="marking">X</p>', "<h1>A</h1>", "<p>a</p>" * 3, "<blockquote>q</blockquote>",
             '<div class="toc">t</div>', "<h1>B</h1>", '<div class="sources">s</div>']
    chunks = chunk_items(items, piece_chars=10)
    assert [item for chunk in chunks for item in chunk] == items
    assert chunks == [
        ('<p class="marking">X</p>',),
        ("<h1>A</h1>", "<p>a</p>" * 3),
        ("<blockquote>q</blockquote>", '<div class="toc">t</div>', "<h1>B</h1>",
         '<div class="sources">s</div>'),
    ]


def test_an_edit_in_one_chunk_replaces_that_chunk_only():
    items = ["<h1>A</h1>", "<p>a</p>", "<h1>B</h1>", "<p>b</p>", "<h1>C</h1>", "<p>c</p>"]
    shown = chunk_items(items, piece_chars=1_000)
    assert len(shown) == 3
    patch = plan_patch(shown, [*items[:3], "<p>b, edited</p>", *items[4:]], 1_000)
    assert (patch.first, patch.stop) == (1, 2)
    assert patch.chunks == [("<h1>B</h1>", "<p>b, edited</p>")]
    assert plan_patch(shown, items, 1_000).is_empty


@given(
    old=st.lists(ITEMS, max_size=30),
    cut=st.tuples(st.integers(0, 30), st.integers(0, 30)),
    inserted=st.lists(ITEMS, max_size=6),
    piece_chars=st.integers(1, 200),
)
def test_applying_a_patch_gives_the_new_items_in_well_formed_chunks(
    old, cut, inserted, piece_chars
):
    start, stop = sorted(cut)
    new = old[:start] + inserted + old[stop:]
    shown = chunk_items(old, piece_chars)
    assert _well_formed(shown)
    patch = plan_patch(shown, new, piece_chars)
    result = shown[: patch.first] + patch.chunks + shown[patch.stop :]
    assert [item for chunk in result for item in chunk] == new
    assert _well_formed(result)
    if new == old:
        assert patch.is_empty


def test_a_run_is_widened_so_no_chunk_ends_with_a_division():
    items = ["<h1>A</h1>", "<p>a</p>", "<h1>B</h1>", "<p>b</p>"]
    shown = chunk_items(items, piece_chars=1)
    new = ["<h1>A</h1>", '<div class="toc">t</div>', "<h1>B</h1>", "<p>b</p>"]
    patch = plan_patch(shown, new, 1)
    result = shown[: patch.first] + patch.chunks + shown[patch.stop :]
    assert _well_formed(result)
