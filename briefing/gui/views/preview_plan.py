"""Which part of the shown preview an edit changes: pure Python, so it is tested without Qt.

The preview holds the HTML writer's items (banner, blocks) in runs called chunks; each chunk
was parsed into the shown QTextDocument as one HTML document. After an edit, the new items are
compared with the shown ones and only the chunks around the difference are parsed again and
swapped in, so adding a quote to a long briefing parses a few kilobytes, not the whole page.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

Chunk = tuple[str, ...]

# A chunk may begin only with an item that Qt lays out the same whether it is parsed on its
# own or in the middle of the page. Measured: headings, quotes and the cover do; a contents
# list parsed on its own gains an empty first paragraph, and a list or paragraph at the start
# of a piece would take its neighbour's spacing.
_CHUNK_STARTS = ("<h1", "<h2", "<blockquote", '<div class="cover"')


def may_split(before: str, after: str) -> bool:
    """Whether a chunk may end with item `before` and the next begin with item `after`."""
    # a block of divisions (contents, sources) parsed last in a piece leaves an empty paragraph
    return after.startswith(_CHUNK_STARTS) and not before.endswith("</div>")


def chunk_items(items: Sequence[str], piece_chars: int) -> list[Chunk]:
    """The items in runs of about `piece_chars` characters, each run (but the first) beginning
    with an item that may start a chunk; a top-level heading always starts one, so an edit in
    one section does not re-parse the next (or the long list of sources)."""
    chunks: list[Chunk] = []
    current: list[str] = []
    size = 0
    for item in items:
        if (
            current
            and (size >= piece_chars or item.startswith("<h1"))
            and may_split(current[-1], item)
        ):
            chunks.append(tuple(current))
            current, size = [], 0
        current.append(item)
        size += len(item)
    if current:
        chunks.append(tuple(current))
    return chunks


@dataclass(frozen=True)
class Patch:
    """Replace the shown chunks `first` up to (not including) `stop` with `chunks`."""

    first: int
    stop: int
    chunks: list[Chunk]

    @property
    def is_empty(self) -> bool:
        return self.first == self.stop and not self.chunks

    @property
    def chars(self) -> int:
        return sum(len(item) for chunk in self.chunks for item in chunk)


def plan_patch(shown: Sequence[Chunk], items: Sequence[str], piece_chars: int) -> Patch:
    """The smallest run of whole shown chunks whose replacement turns `shown` into `items`.

    Chunk boundaries outside the run stay where they are; the new items of the run are cut
    into chunks afresh. The run is widened by whole chunks until both its ends are places
    where the page may be split (`may_split`), or the top and bottom of the page."""
    old = [item for chunk in shown for item in chunk]
    n_old, n_new = len(old), len(items)
    prefix = 0
    limit = min(n_old, n_new)
    while prefix < limit and old[prefix] == items[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[n_old - 1 - suffix] == items[n_new - 1 - suffix]:
        suffix += 1
    if prefix == n_old == n_new:
        return Patch(0, 0, [])
    if not shown:
        return Patch(0, 0, chunk_items(items, piece_chars))

    starts = []
    position = 0
    for chunk in shown:
        starts.append(position)
        position += len(chunk)
    first = min(bisect_right(starts, prefix) - 1, len(shown) - 1)
    last_changed = n_old - suffix - 1  # below `prefix` when items were only inserted
    stop = max(first, bisect_right(starts, last_changed) - 1) + 1
    growth = n_new - n_old
    while True:
        begin = starts[first]
        end = (starts[stop] if stop < len(shown) else n_old) + growth
        run = list(items[begin:end])
        if first > 0 and run and not may_split(items[begin - 1], run[0]):
            first -= 1  # the boundary before an unchanged chunk was a valid split
        elif stop < len(shown) and run and not may_split(run[-1], shown[stop][0]):
            stop += 1  # and so was the one after it
        else:
            return Patch(first, stop, chunk_items(run, piece_chars))
