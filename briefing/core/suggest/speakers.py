"""From the words around a quote to a speaker: the subject of a speech verb, a pronoun, a
surname, "the minister", an organisation ("the ministry said") or an unnamed source."""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.core.suggest.lexicon import DETERMINERS, ORG_WORDS, PRONOUNS, words
from briefing.core.suggest.people import Cast, Mention, Token, clean_name, is_role_word

_POSSESSIVE = re.compile(r"['’]s?$")
_DESCRIPTOR = re.compile(r"^(?:\d+-year-old|[A-Z]\w+(?:man|woman|ian|ese|ish|i))$")
_SKIP_SEGMENT = words("who whose which where while when after")
_LEADING_JUNK = words("but and yet so meanwhile however then now also later earlier asked pressed")


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str
    confidence: float
    reason: str


def segments(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """The comma-separated stretches of [start, end), nearest to `end` first."""
    bounds, position = [], start
    for i in range(start, end):
        if masked[i] in ",;—–(" and not (
            masked[i] in "—–" and i + 1 < end and masked[i + 1] == "-"
        ):
            bounds.append((position, i))
            position = i + 1
    bounds.append((position, end))
    return bounds[::-1]


def _acceptable(cast: Cast, masked: str, start: int, end: int, first: bool) -> bool:
    """Is this stretch a possible subject, rather than an aside ("61", "a retired postman",
    "speaking on condition of anonymity", "who heads the association")?"""
    tokens = [t for t in cast.tokens_between(start, end) if "Q" not in masked[t.start : t.end]]
    words = [t for t in tokens if t.text[0].isalnum()]
    if not words:
        return False
    head = words[0].lower
    if head in _SKIP_SEGMENT or words[0].text.isdigit():
        return False
    if head in ("a", "an") and not first:
        return False
    if head in PRONOUNS or head in DETERMINERS:
        return True
    return (
        any(t.capitalised and t.lower not in _LEADING_JUNK for t in words)
        or cast.person_at(start, end) is not None
    )


def subject_before(cast: Cast, masked: str, start: int, verb_at: int) -> tuple[int, int] | None:
    """The stretch holding the subject of the verb at `verb_at`, looking back to `start`."""
    parts = segments(masked, start, verb_at)
    for index, (s, e) in enumerate(parts):
        if _acceptable(cast, masked, s, e, first=index == len(parts) - 1):
            return s, e
    return None


def resolve(
    cast: Cast, masked: str, start: int, end: int, excluded: list[tuple[int, int]]
) -> Speaker | None:
    """Who the stretch [start, end) names, reading left to right (the subject comes first)."""
    tokens = [t for t in cast.tokens_between(start, end) if "Q" not in masked[t.start : t.end]]
    named = [  # not "Kovalchuk’s pupils"
        m
        for m in cast.mentions_in(start, end)
        if not _POSSESSIVE.search(cast.text[m.start : m.end])
    ]
    sure = [m for m in named if m.person.plausible]
    if sure:
        return _named(sure[0], cast.text[start:end])
    for index, token in enumerate(tokens):
        lower = token.lower
        if lower in ("he", "she"):
            return _pronoun(cast, token, excluded)
        if lower in ("it", "they") and index == len(tokens) - 1:
            org = cast.last_before(token.start, excluded, orgs=True)
            if org is not None:
                return Speaker(
                    org.person.name,
                    "",
                    0.6,
                    f"pronoun '{token.text}' → last named organisation, {org.person.name}",
                )
            return None
        if lower in DETERMINERS or index == 0:
            found = _descriptor_or_group(cast, tokens[index:], excluded)
            if found is not None:
                return found
        in_org = any(o.start <= token.start < o.end for o in cast.orgs)
        if lower in ORG_WORDS or (in_org and not _POSSESSIVE.search(token.text)):
            return _organisation(cast, tokens, index, excluded)
    # A lone word the model called a person, and nothing better: "Northwind said".
    if named:
        return _named(named[0], cast.text[start:end])
    words = [t for t in tokens if t.text[0].isalnum()]
    if 1 <= len(words) <= 4 and all(t.capitalised for t in words) and _proper(cast, words[0].text):
        # a name the model missed, standing alone as the subject: "Northwind said"
        name = clean_name(cast.text[words[0].start : words[-1].end])
        return Speaker(name, "", 0.6, f"'{name}' stands as the subject of the speech verb")
    return None


def _proper(cast: Cast, word: str) -> bool:
    """Is `word` a name: written with a capital somewhere other than a sentence's start
    ("… told Northwind Robotics, …"), unlike "One" or "Critics" opening a sentence?"""
    return re.search(r"[\w,;] " + re.escape(word) + r"\b", cast.text) is not None


def _named(mention: Mention, phrase: str) -> Speaker:
    person = mention.person
    said = " ".join(phrase.split())
    if person.name in said:
        return Speaker(person.name, person.role, 0.95, f"named in the attribution: {person.name}")
    return Speaker(person.name, person.role, 0.9, f"'{said}' → {person.name}, named earlier")


def _pronoun(cast: Cast, token: Token, excluded: list[tuple[int, int]]) -> Speaker | None:
    gender = "m" if token.lower == "he" else "f"
    mention = cast.last_before(token.start, excluded, gender=gender)
    if mention is None:
        return None
    person = mention.person
    person.gender = person.gender or gender
    return Speaker(
        person.name,
        person.role,
        0.8,
        f"pronoun '{token.text}' → last named person, {person.name}",
    )


def _descriptor_or_group(
    cast: Cast, tokens: list[Token], excluded: list[tuple[int, int]]
) -> Speaker | None:
    """ "the Irishman", "the 27-year-old", "the minister" → the last person named;
    "a spokesman for the council" → an unnamed source with that role."""
    words = [t for t in tokens if t.text[0].isalnum()]
    if not words:
        return None
    article = words[0].lower
    rest = words[1:] if article in DETERMINERS else words
    if not rest:
        return None
    phrase = cast.text[rest[0].start : rest[-1].end]
    if article in ("a", "an") and any(is_role_word(t.text) for t in rest):
        return Speaker(
            "", phrase, 0.6, f"unnamed source: '{cast.text[words[0].start : rest[-1].end]}'"
        )
    if article == "the" and len(rest) <= 2 and not any(t.lower in ORG_WORDS for t in rest):
        last = rest[-1].text
        if _DESCRIPTOR.match(last) or is_role_word(last):
            mention = cast.last_before(words[0].start, excluded)
            if mention is not None:
                person = mention.person
                return Speaker(
                    person.name,
                    person.role,
                    0.7,
                    f"'the {phrase}' → last named person, {person.name}",
                )
    if article != "the" and article in DETERMINERS and any(is_role_word(t.text) for t in rest):
        return None
    return None


def _organisation(
    cast: Cast, tokens: list[Token], index: int, excluded: list[tuple[int, int]]
) -> Speaker:
    """The organisation phrase around tokens[index]: "Taiwan's Defence Ministry", "group
    OpenRights" (the name after the descriptor), "the ministry" (the last one named)."""
    after = []
    j = index + 1
    while j < len(tokens) and tokens[j].capitalised and tokens[j].text[0].isalpha():
        after.append(tokens[j])
        j += 1
    if after and tokens[index].lower in ORG_WORDS and not tokens[index].capitalised:
        name = clean_name(cast.text[after[0].start : after[-1].end])
        return Speaker(name, "", 0.8, f"organisation as speaker: {name}")
    first = index
    while (
        first > 0
        and (
            tokens[first - 1].capitalised
            or tokens[first - 1].lower in DETERMINERS
            or tokens[first - 1].text[0].isalpha()
        )
        and tokens[first - 1].lower not in _LEADING_JUNK
        and tokens[first - 1].text[0].isalnum()
    ):
        first -= 1
    last = index
    while last + 1 < len(tokens) and tokens[last + 1].text[0].isalpha():
        following = tokens[last + 1]
        if following.capitalised or following.lower in ORG_WORDS:
            last += 1
        elif (  # "Ministry of Climate and Energy"
            following.lower in ("of", "and", "for")
            and last + 2 < len(tokens)
            and tokens[last + 2].capitalised
        ):
            last += 2
        else:
            break
    words = tokens[first : last + 1]
    if len(words) == 2 and words[0].lower in DETERMINERS and words[1].lower in ORG_WORDS:
        earlier = _named_org(cast, words[1].lower, words[0].start, excluded)
        if earlier:
            return Speaker(
                earlier, "", 0.75, f"'{words[0].text} {words[1].text}' → {earlier}, named earlier"
            )
    name = clean_name(cast.text[words[0].start : words[-1].end])
    return Speaker(name, "", 0.8, f"organisation as speaker: {name}")


def _named_org(cast: Cast, head: str, before: int, excluded: list[tuple[int, int]]) -> str:
    """The last organisation named before `before` whose name contains `head` ("ministry")."""
    for org in reversed(cast.orgs_named(head)):
        if org.start < before and not any(s <= org.start < e for s, e in excluded):
            return org.person.name
    return ""
