"""Finding the quoted stretches of an article: every quotation-mark style, nesting, quotes that
run over several paragraphs, and quotes interrupted by their attribution inside the marks.

Works on characters only (no language model), so it serves every language the same way.
A `Quoted` span excludes the marks themselves: ``text[start:end]`` is what was said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Opening mark -> the closing marks that end it. „ closes with “ in German and Ukrainian and
# with ” in Polish; ‚ likewise. The straight " closes itself.
CLOSERS: dict[str, str] = {
    "“": "”",
    "„": "“”",
    "«": "»",
    "‘": "’",
    "‚": "‘’",
    "「": "」",
    "『": "』",
    '"': '"',
}
_ALL_CLOSERS = set('”“»’‘」』"')
_LETTER = re.compile(r"\w", re.UNICODE)
# Where a paragraph ends (our intake's separator is a blank line).
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# Inside the marks: "We are ready, — he added, — but not …" (the Russian and Ukrainian way of
# interrupting a quote with its attribution), split so that each part is a quote of its own.
_DASH_INTERRUPTION = re.compile(r"(?<=[,.!?…])\s+[—–]\s+([^—–«»\n]{2,80}?)[,.]\s+[—–]\s+")
MAX_QUOTE_CHARS = 6000  # a longer "quote" is an unclosed mark, not a quote


@dataclass(frozen=True)
class Quoted:
    start: int  # first character inside the opening mark
    end: int  # just before the closing mark
    open_mark: str
    open_at: int  # index of the opening mark
    close_at: int  # index of the closing mark
    part: int = 0  # 0 for a whole quote; 1, 2, … for the parts of a dash-interrupted one
    interruption: str = ""  # for part 2 onwards: the attribution between the parts


def _is_letter(char: str) -> bool:
    return bool(char) and bool(_LETTER.match(char))


def _can_open(text: str, i: int) -> bool:
    """A mark opens when something follows it and nothing word-like sticks to its left."""
    after = text[i + 1 : i + 2]
    if not after or after.isspace():
        return False
    if text[i] in "「『":  # CJK corner brackets only ever open
        return True
    before = text[i - 1] if i > 0 else " "
    return before.isspace() or before in "([{—–-/:;,\u00a0" or before in CLOSERS


def _can_close_straight(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    return not before.isspace()


def _is_apostrophe(text: str, i: int) -> bool:
    """’ between letters (won’t, Kyiv’s) or after a letter before a space when another ’
    closes later in the same paragraph is an apostrophe, not a closing mark."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if _is_letter(before) and _is_letter(after):
        return True
    if before in "sS" and after == " ":
        # plural possessive (ministers’ meeting): only if a later ’ can still close the quote
        rest = text[i + 1 : i + 400]
        stop = rest.find("\n\n")
        rest = rest if stop < 0 else rest[:stop]
        following = text[i + 2 : i + 3]
        return "’" in rest and following.islower()
    return False


def _closes(text: str, i: int, opener: str) -> bool:
    char = text[i]
    if char not in CLOSERS[opener]:
        return False
    if char == "’":
        return not _is_apostrophe(text, i)
    if opener == '"':
        return _can_close_straight(text, i)
    return True


def _continues_in_next_paragraph(text: str, i: int, opener: str) -> int | None:
    """At a paragraph break inside an open quote: the index of the opener that starts the next
    paragraph when the quote goes on there (the English convention), else None."""
    match = _PARAGRAPH_BREAK.match(text, i)
    if match and text[match.end() : match.end() + 1] == opener:
        return match.end()
    return None


def find_quoted(text: str) -> list[Quoted]:
    """Every top-level quoted span in document order; nested quotes stay inside their outer one."""
    found: list[Quoted] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char in CLOSERS and _can_open(text, i) and not _apostrophe_open(text, i):
            end = _scan_to_close(text, i)
            if end is not None:
                found.extend(_split_dash_interruptions(text, i, end))
                i = end + 1
                continue
        i += 1
    return found


def _apostrophe_open(text: str, i: int) -> bool:
    """‘ used as an elision mark (‘til, the ‘90s) rather than an opening quote."""
    return bool(re.match(r"‘(?:\d0s|til|cause|em)\b", text[i : i + 8]))


def _scan_to_close(text: str, open_at: int) -> int | None:
    """The index of the mark that closes the quote opened at `open_at`, or None if unclosed."""
    opener = text[open_at]
    stack: list[str] = []  # nested openers inside the quote
    i, n = open_at + 1, len(text)
    limit = min(n, open_at + MAX_QUOTE_CHARS)
    while i < limit:
        char = text[i]
        if char == "\n" and _PARAGRAPH_BREAK.match(text, i):
            resumed = _continues_in_next_paragraph(text, i, opener)
            if resumed is None:
                return None
            stack.clear()
            i = resumed + 1
            continue
        if stack:
            inner = stack[-1]
            if _closes(text, i, inner):
                stack.pop()
            elif char != inner and _closes(text, i, opener) and not _can_open(text, i):
                stack.clear()  # the inner "opener" was not one: the outer quote ends here
                return i
            elif char in CLOSERS and char != opener and _can_open(text, i):
                stack.append(char)
        elif _closes(text, i, opener):
            return i
        elif char in CLOSERS and char != opener and _can_open(text, i):
            stack.append(char)
        i += 1
    return None


def _split_dash_interruptions(text: str, open_at: int, close_at: int) -> list[Quoted]:
    opener = text[open_at]
    start, end = open_at + 1, close_at
    pieces: list[Quoted] = []
    position = start
    part = 1
    interruption = ""
    for match in _DASH_INTERRUPTION.finditer(text, start, end):
        if len(match.group(1).split()) > 6:
            continue
        s, e = _trim(text, position, match.start())
        pieces.append(Quoted(s, e, opener, open_at, close_at, part, interruption))
        interruption = match.group(1)
        position = match.end()
        part += 1
    if not pieces:
        s, e = _trim(text, start, end)
        return [Quoted(s, e, opener, open_at, close_at)] if e > s else []
    s, e = _trim(text, position, end)
    pieces.append(Quoted(s, e, opener, open_at, close_at, part, interruption))
    return [p for p in pieces if p.end > p.start]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of every paragraph, split at blank lines."""
    bounds, position = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        bounds.append((position, match.start()))
        position = match.end()
    bounds.append((position, len(text)))
    return bounds
