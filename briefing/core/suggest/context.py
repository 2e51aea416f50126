"""The sentence and paragraph around each quote, with quoted words masked so that their full
stops and capitals do not split the reporter's sentence, and headings told apart from prose."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from briefing.core.suggest.lexicon import words
from briefing.core.suggest.marks import Quoted, paragraph_bounds

_ABBREVIATIONS = words(
    "mr mrs ms dr st col lt gen sgt maj capt prof gov sen rep jan feb mar apr jun jul aug "
    "sep sept oct nov dec no vs etc inc ltd co corp u.s u.k u.n e.g i.e"
)
_SENTENCE_END = re.compile(r"[.!?…](?=[\s)\]]*\s+[^\s])|[。！？](?=.)")
_TERMINAL = ".!?…"


@dataclass
class Layout:
    text: str
    masked: str  # the text with every quote's inside (and marks) replaced by "Q"
    quotes: list[Quoted]
    sentence_starts: list[int]
    paragraphs: list[tuple[int, int]]
    paragraph_starts: list[int]
    headings: set[int]  # indexes of paragraphs that are headings

    def sentence(self, position: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.sentence_starts, position) - 1
        start = self.sentence_starts[max(index, 0)]
        end = (
            self.sentence_starts[index + 1]
            if index + 1 < len(self.sentence_starts)
            else len(self.text)
        )
        return start, end

    def paragraph(self, position: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, position) - 1

    def quote_spans(self) -> list[tuple[int, int]]:
        return [(q.open_at, q.close_at + 1) for q in self.quotes]


def _mask(text: str, quotes: list[Quoted]) -> str:
    pieces, position = [], 0
    for quote in quotes:
        if quote.open_at < position:  # the parts of one interrupted quote share their marks
            continue
        pieces.append(text[position : quote.open_at])
        inside = text[quote.open_at : quote.close_at + 1]
        masked = re.sub(r"[^\n]", "Q", inside)
        content = text[quote.open_at + 1 : quote.close_at].rstrip()
        if content[-1:] in _TERMINAL:  # “…ago.” ends the sentence it stands in
            masked = masked[:-1] + "."
        pieces.append(masked)
        position = quote.close_at + 1
    pieces.append(text[position:])
    return "".join(pieces)


def _is_heading(paragraph: str) -> bool:
    """A title or standfirst line: short with no closing full stop, or all in capitals."""
    stripped = paragraph.strip()
    if not stripped:
        return False
    letters = [c for c in stripped if c.isalpha() and (c.isupper() or c.islower())]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        return True
    return "\n" not in stripped and len(stripped) < 110 and stripped[-1] not in '.!?…:;”"»’」。！？'


def layout(text: str, quotes: list[Quoted]) -> Layout:
    masked = _mask(text, quotes)
    paragraphs = paragraph_bounds(text)
    starts = []
    for p_start, p_end in paragraphs:
        starts.append(p_start)
        for match in _SENTENCE_END.finditer(masked, p_start, p_end):
            word = re.search(r"[\w.]+$", masked[max(p_start, match.start() - 8) : match.start()])
            previous = word.group().lower() if word else ""
            if match.group() == "." and (previous in _ABBREVIATIONS or len(previous) == 1):
                continue
            following = re.match(r"[\s)\]]*", masked[match.end() :])
            starts.append(match.end() + (following.end() if following else 0))
    starts = sorted(set(starts))
    headings = {i for i, (s, e) in enumerate(paragraphs) if _is_heading(text[s:e])}
    return Layout(text, masked, quotes, starts, paragraphs, [s for s, _ in paragraphs], headings)
