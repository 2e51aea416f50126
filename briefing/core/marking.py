"""Handling markings: which of several markings is the most restrictive.

Markings are free text ("OFFICIAL-SENSITIVE", "UNCLASSIFIED // FOR OFFICIAL USE ONLY",
"CONFIDENTIAL — NOT FOR DISTRIBUTION"). They are ranked by the strongest level word they
contain, so the banner of a briefing is never weaker than any item in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Highest first. Each pattern is matched as whole words, case-insensitively.
_LEVELS: tuple[tuple[int, str], ...] = (
    (60, r"TOP\s+SECRET|STRICTLY\s+SECRET"),
    (50, r"SECRET"),
    (40, r"CONFIDENTIAL|COMMERCIAL\s+IN\s+CONFIDENCE"),
    (30, r"RESTRICTED|OFFICIAL[-\s]+SENSITIVE|PROTECTED|NOT\s+FOR\s+DISTRIBUTION"),
    (20, r"FOR\s+OFFICIAL\s+USE\s+ONLY|FOUO|INTERNAL(?:\s+ONLY)?|LIMITED\s+DISTRIBUTION|TLP:AMBER"),
    (10, r"OFFICIAL|TLP:GREEN"),
    (0, r"UNCLASSIFIED|PUBLIC|TLP:CLEAR|TLP:WHITE"),
)
_COMPILED = tuple((rank, re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", re.I)) for rank, p in _LEVELS)
_UNKNOWN_RANK = 5  # an unrecognised marking still outranks "no marking" and UNCLASSIFIED


def marking_rank(marking: str) -> int:
    """How restrictive a marking is; -1 for no marking at all."""
    text = marking.strip()
    if not text:
        return -1
    # "NOT FOR DISTRIBUTION" beside "CONFIDENTIAL" must rank as CONFIDENTIAL: take the max.
    ranks = [rank for rank, pattern in _COMPILED if pattern.search(text)]
    return max(ranks) if ranks else _UNKNOWN_RANK


def highest_marking(base: str, others: Iterable[str]) -> str:
    """The banner text: `base` unless some other marking ranks strictly higher."""
    best, best_rank = base.strip(), marking_rank(base)
    for marking in others:
        rank = marking_rank(marking)
        if rank > best_rank:
            best, best_rank = marking.strip(), rank
    return best
