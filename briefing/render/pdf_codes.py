"""Fast text-to-subset encoding for the PDF writer's TrueType fonts.

reportlab draws every line of text through `TTFont.splitString`, which maps each character to
its code in the font's embedded subsets in a Python loop (a dictionary lookup and a few
branches per character): about a tenth of a large export. A character's code, once given,
never changes for that document, so `SubsetCodes` keeps each subset's settled codes as a
charmap codec table and encodes a line in C (`codecs.charmap_encode`), one call per run of
characters from one subset. A line with a character that has no code yet (or none in the
font) goes through reportlab's loop, which gives it one, and the tables learn it. The result
is the same list of (subset, bytes) reportlab returns.
"""

from __future__ import annotations

import codecs
from typing import Any

Split = list[tuple[int, bytes]]

_UNDEFINED = "\ufffe"  # a charmap table's "no character here"
_NBSP, _SPACE = "\u00a0", " "


class SubsetCodes:
    """The settled codes of one font in one document (one `TTFont.State`)."""

    __slots__ = ("count", "maps", "names", "subset_of", "tables")

    def __init__(self) -> None:
        self.count = -1  # the number of reportlab's assignments the tables hold
        self.subset_of: dict[str, int] = {}  # character -> its subset
        self.tables: list[list[str]] = []  # subset -> its 256 characters by byte
        self.maps: list[Any] = []  # subset -> its encoding map (None until needed)
        self.names: dict[int, str] = {}  # subset -> its font name in the document

    def split(self, text: str, assignments: dict[int, int]) -> Split | None:
        """The (subset, bytes) chunks of `text`, or None when a character has no code yet."""
        if len(assignments) != self.count:
            self._seed(assignments)
        if "\x00" in text or _UNDEFINED in text:
            return None  # byte 0 of every subset, and the tables' own marker: left to reportlab
        if _NBSP in text:
            text = text.replace(_NBSP, _SPACE)  # as reportlab: drawn as a space
        subset_of = self.subset_of
        chunks: Split = []
        start, end = 0, len(text)
        while start < end:
            subset = subset_of.get(text[start])
            if subset is None:
                return None
            rest = text[start:] if start else text
            try:
                chunks.append((subset, codecs.charmap_encode(rest, "strict", self._map(subset))[0]))
                return chunks
            except UnicodeEncodeError as error:  # a character of another subset, or new
                stop = start + error.start
                run = text[start:stop]
                chunks.append((subset, codecs.charmap_encode(run, "strict", self._map(subset))[0]))
                start = stop
        return chunks

    def learn(self, text: str, assignments: dict[int, int]) -> None:
        """Take in the codes reportlab has just given `text`'s characters."""
        if self.count < 0:
            self._seed(assignments)
            return
        for char in set(text.replace(_NBSP, _SPACE)):
            if char not in self.subset_of and ord(char) in assignments:
                self._add(char, assignments[ord(char)])
                self.count += 1
        if self.count != len(assignments):  # codes given some other way: start over
            self._seed(assignments)

    def _seed(self, assignments: dict[int, int]) -> None:
        self.subset_of, self.tables, self.maps = {}, [], []
        for code, number in assignments.items():
            self._add(chr(code), number)
        self.count = len(assignments)

    def _add(self, char: str, number: int) -> None:
        subset = number >> 8
        while len(self.tables) <= subset:
            self.tables.append(["\x00"] + [_UNDEFINED] * 255)
            self.maps.append(None)
        self.tables[subset][number & 0xFF] = char
        self.maps[subset] = None
        self.subset_of[char] = subset

    def _map(self, subset: int) -> Any:
        encoding_map = self.maps[subset]
        if encoding_map is None:
            encoding_map = codecs.charmap_build("".join(self.tables[subset]))
            self.maps[subset] = encoding_map
        return encoding_map


def codes_of(state: Any) -> SubsetCodes:
    """The settled codes kept on a font's `TTFont.State` for one document."""
    codes: SubsetCodes | None = getattr(state, "bb_codes", None)
    if codes is None:
        codes = SubsetCodes()
        state.bb_codes = codes
    return codes
