"""The text a reader sees in a tree of elements, built from start/text/end events.

One collector serves both ways HTML is read: walking a parsed tree (a page, or trafilatura's
extract of it) and streaming a huge page through the parser without building a tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from briefing.core.intake.normalise import normalise_text

_WHITESPACE_RUN = re.compile(r"[ \t\n\r\f]+")
_SPACE_AROUND_NEWLINE = re.compile(r"[ \t]*\n[ \t]*")
# Pieces are joined this often, so a page of a million text nodes holds a few large strings
# rather than a million small ones (each small str costs some 50 bytes beyond its text).
_PIECES_PER_CHUNK = 4096
_SPACES = " \t\n"


@dataclass(frozen=True)
class Vocabulary:
    """Which tags of a tree are blocks (a blank line around them), list items (a bullet on a
    line of their own), rows (a line each), cells (apart by " | "), line breaks and
    preformatted text (white space kept)."""

    blocks: frozenset[str]
    items: str
    rows: frozenset[str]
    cells: frozenset[str]
    line_breaks: frozenset[str]
    preformatted: frozenset[str]

    @classmethod
    def of(
        cls,
        blocks: Iterable[str],
        *,
        items: str,
        rows: Iterable[str],
        cells: Iterable[str],
        line_breaks: Iterable[str],
        preformatted: Iterable[str],
    ) -> Vocabulary:
        return cls(frozenset(blocks), items, frozenset(rows), frozenset(cells),
                   frozenset(line_breaks), frozenset(preformatted))


class TextCollector:
    """Collects visible text from events in document order: `start(tag)`, `text(...)` for
    each piece of character data, `end(tag)`; `result()` gives the normalised text."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self._words = vocabulary
        self._pieces: list[str] = []
        self._chunks: list[str] = []
        self._pre_depth = 0
        self._pending_newlines = 0  # owed before the next text: 1 = new line, 2 = blank line
        self._cells_in_row: list[int] = []
        self.characters = 0  # of text collected so far, for budgets

    def _emit(self, text: str) -> None:
        if self._pending_newlines and self.characters:
            self._pieces.append("\n" * self._pending_newlines)
        self._pending_newlines = 0
        self._pieces.append(text)
        self.characters += len(text)
        if len(self._pieces) >= _PIECES_PER_CHUNK:
            self._compact()

    def _compact(self, final: bool = False) -> None:
        """Join the pieces into a chunk with the spaces around its newlines removed. The white
        space at its end waits for the next chunk, so no run of it is split and chunk by chunk
        gives what the whole text at once would. (Found piece by piece: copying a chunk to
        look at its end would double the transient memory of a huge page.)"""
        pieces = self._pieces
        carried: list[str] = []
        if not final:
            while pieces and not pieces[-1].strip(_SPACES):
                carried.append(pieces.pop())
            if pieces:
                bare = pieces[-1].rstrip(_SPACES)
                if len(bare) < len(pieces[-1]):
                    carried.append(pieces[-1][len(bare):])
                    pieces[-1] = bare
            carried.reverse()
        self._chunks.append(_SPACE_AROUND_NEWLINE.sub("\n", "".join(pieces)))
        self._pieces = carried

    def _owe(self, newlines: int) -> None:
        self._pending_newlines = max(self._pending_newlines, newlines)

    def text(self, text: str | None) -> None:
        if not text:
            return
        if not self._pre_depth:
            text = _WHITESPACE_RUN.sub(" ", text)
            if self._pending_newlines and not text.strip():
                return  # source indentation between blocks
        self._emit(text)

    def start(self, tag: str) -> None:
        words = self._words
        if tag in words.line_breaks:
            self._emit("\n")
        if tag in words.blocks:
            self._owe(2)
        elif tag == words.items or tag in words.rows:
            self._owe(1)
        if tag in words.preformatted:
            self._pre_depth += 1
        if tag in words.rows:
            self._cells_in_row.append(0)
        if tag == words.items:
            self._emit("• ")
        elif tag in words.cells and self._cells_in_row:
            if self._cells_in_row[-1]:
                self._emit(" | ")
            self._cells_in_row[-1] += 1

    def end(self, tag: str) -> None:
        words = self._words
        if tag in words.preformatted and self._pre_depth:
            self._pre_depth -= 1
        if tag in words.rows and self._cells_in_row:
            self._cells_in_row.pop()
        if tag in words.blocks:
            self._owe(2)
        elif tag == words.items or tag in words.rows:
            self._owe(1)

    def result(self) -> str:
        self._compact(final=True)
        text = "".join(self._chunks)
        self._chunks = [text]  # result() may be asked again
        return normalise_text(text)
