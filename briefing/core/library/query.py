"""What a person types into the search box, read as a query that can never be a syntax error.

    nato summit            both words (any order, anywhere)
    "exact phrase"         the words in this order
    russia OR ukraine      either
    -sanctions             not this word (also -"a phrase", NOT word)
    minist*                words that start with this
    U.S. (NATO             just the words U.S. and NATO: stray punctuation is not syntax

Each engine turns the parsed query into its own syntax with every term quoted
(`briefing.core.library.sqlite`, `.postgres`), so nothing typed reaches the engine's parser as
an operator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.core.library.fingerprint import has_cjk

# A bare word ends at white space, a double quote or a parenthesis.
_TOKEN = re.compile(r'\s*(?:(-?)"([^"]*)"?|([^\s"()]+)|[()]+)')


@dataclass(frozen=True)
class Term:
    text: str  # the words, without quotes or a trailing *
    phrase: bool = False  # typed in double quotes
    prefix: bool = False  # typed with a trailing *

    @property
    def cjk(self) -> bool:
        return has_cjk(self.text)

    def words(self) -> list[str]:
        """The term's words as a tokenizer sees them: runs of letters and digits."""
        return re.findall(r"\w+", self.text)


@dataclass(frozen=True)
class Clause:
    """One condition: any of the alternatives (joined by OR) matches; `negated` inverts it."""

    alternatives: tuple[Term, ...]
    negated: bool = False

    @property
    def cjk(self) -> bool:
        return any(term.cjk for term in self.alternatives)


@dataclass(frozen=True)
class ParsedQuery:
    clauses: tuple[Clause, ...] = ()

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.negated)

    @property
    def negative(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.negated)

    def __bool__(self) -> bool:
        return bool(self.clauses)

    def terms(self) -> list[Term]:
        return [t for c in self.positive for t in c.alternatives]


def _searchable(text: str) -> bool:
    return any(char.isalnum() for char in text)


# Control characters and lone surrogates cannot be stored or sent by either engine.
_UNSEARCHABLE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def parse_query(typed: str) -> ParsedQuery:
    """The query in `typed`; terms with no letter or digit (a lone "(" or "-") are dropped."""
    typed = _UNSEARCHABLE.sub(" ", typed)
    clauses: list[Clause] = []
    join_next = False  # the previous token was OR
    negate_next = False  # the previous token was NOT
    for match in _TOKEN.finditer(typed):
        minus, quoted, bare = match.group(1), match.group(2), match.group(3)
        if quoted is None and bare is None:
            continue  # parentheses or trailing white space
        if bare is not None:
            if bare == "OR":
                join_next = bool(clauses) and not clauses[-1].negated
                continue
            if bare == "AND":
                continue
            if bare == "NOT":
                negate_next = True
                continue
            negated = bare.startswith("-") and len(bare) > 1
            text = bare[1:] if negated else bare
            prefix = text.endswith("*")
            term = Term(text.rstrip("*"), prefix=prefix)
        else:
            negated = bool(minus)
            term = Term(quoted.strip(), phrase=True)
        negated = negated or negate_next
        negate_next = False
        if not _searchable(term.text):
            join_next = False
            continue
        if join_next and not negated:
            last = clauses.pop()
            clauses.append(Clause((*last.alternatives, term)))
        else:
            clauses.append(Clause((term,), negated=negated))
        join_next = False
    return ParsedQuery(tuple(clauses))
