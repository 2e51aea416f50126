"""Quote suggestions: every quote in an article with its exact span, kind, speaker and role.

    suggest_quotes(text, language) -> list[Suggestion]

Spans come from the quotation marks alone (any language); speakers need the language's model
(see `nlp`), loaded on first use. Without a model the quotes are still found and the speaker is
left empty, with the reason saying why.
"""

from __future__ import annotations

import re

from briefing.core.suggest.attribute import Attributor
from briefing.core.suggest.context import layout
from briefing.core.suggest.marks import Quoted, find_quoted
from briefing.core.suggest.nlp import base_language, entities, has_model, load
from briefing.core.suggest.people import build_cast, tokenize
from briefing.core.suggest.types import QuoteKind, Suggestion

__all__ = ["QuoteKind", "Suggestion", "guess_language", "has_model", "suggest_quotes"]

_NOT_NEWLINE = re.compile(r"[^\n]")
_ENGLISH_HINTS = (" the ", " and ", " said ", " of ", " to ", " is ", " was ")


def guess_language(text: str) -> str:
    """A rough guess for articles stored without a language: "en" for English-looking Latin
    text, else "" (unknown). Enough to choose a model, not to label an article."""
    sample = text[:4000].lower()
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return ""
    latin = sum(1 for c in letters if c < "\u0250")
    if latin / len(letters) < 0.8:
        return ""
    hits = sum(sample.count(word) for word in _ENGLISH_HINTS)
    return "en" if hits * 200 >= len(sample) else ""


_BLANKED_ABOVE = 40  # characters: shorter quotes keep their words (they are part of a sentence)


def _without_long_quotes(text: str, quoted: list[Quoted]) -> str:
    """The text with the inside of every long quote blanked to spaces, offsets unchanged.
    Speakers are named outside the quotes, so the model, which takes most of the time, reads
    a fifth to a half fewer words; names said inside quotes are still found by surname."""
    pieces, position = [], 0
    for quote in quoted:
        if quote.end - quote.start > _BLANKED_ABOVE and quote.start >= position:
            pieces.append(text[position : quote.start])
            pieces.append(_NOT_NEWLINE.sub(" ", text[quote.start : quote.end]))
            position = quote.end
    pieces.append(text[position:])
    return "".join(pieces)


def suggest_quotes(text: str, language: str = "") -> list[Suggestion]:
    """The quotes of an article's text (as stored), in text order, reported speech included.
    Loads the language's model on first use: slow the first time, so not on a GUI thread."""
    language = base_language(language) or guess_language(text)
    quoted = find_quoted(text)
    page = layout(text, quoted)
    nlp = load(language) if language else None
    if nlp is None:
        reason = (
            f"no language model for '{language}' is installed: speaker left for the analyst"
            if language
            else "the article's language is not set and it does not read as English: "
            "speaker left for the analyst"
        )
        attributor = Attributor(page, None, reason)
    else:
        found = entities(nlp, _without_long_quotes(text, quoted))
        cast = build_cast(text, tokenize(text), found.persons, found.orgs)
        attributor = Attributor(page, cast, "")
    suggestions = attributor.quotes() + attributor.reported()
    return sorted(suggestions, key=lambda s: (s.start, s.end))
