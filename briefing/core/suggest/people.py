"""Who is named in an article: people (from the language model's entities), their roles as the
article states them, organisations, and how later mentions (surname, pronoun, "the minister")
lead back to the full name.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from briefing.core.suggest.lexicon import (
    DETERMINERS,
    HONORIFICS,
    ORG_WORDS,
    ROLE_WORDS,
    SPEECH_VERBS,
    words,
)

_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}|(?:Dr|Mr|Mrs|Ms|St|Col|Lt|Gen|Sgt|Maj|Capt|Prof|Gov|Sen|Rep)\.(?=\s)"
    r"|[^\W_](?:[\w’'ʼ\-.]*[^\W_])?|[^\s]"
)
_RANKS = words("col. lt. gen. sgt. maj. capt. prof. gov. sen. rep.")
# Left edges of a role phrase that are not part of it.
_ROLE_LEFT_JUNK = words(
    "but and yet so meanwhile however then now also later earlier in on at of for with as "
    "by while when after before from to"
)
_ROLE_STOP = words(
    "by with from to that was is as when after before while who whose which where said "
    "told says and"
)
_COMPANY_ENDINGS = words(
    "management ltd inc plc gmbh ag sa corp corporation holdings partners energy shipping "
    "airlines motors systems technologies pharma media"
)
_OF_LIKE = words("of for at in")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_AGE = re.compile(r"\d{1,3}")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def is_role_word(word: str) -> bool:
    lower = _POSSESSIVE.sub("", word.lower())
    return (
        lower in ROLE_WORDS
        or bool(re.fullmatch(r"\w+-of-\w+", lower))
        or any(part in ROLE_WORDS for part in lower.split("-")[1:])
    )


@dataclass
class Person:
    name: str  # the full name, as first given
    role: str = ""
    gender: str = ""  # "m", "f" or "" when unknown
    is_org: bool = False

    @property
    def parts(self) -> list[str]:
        return self.name.split()

    @property
    def plausible(self) -> bool:
        """Sure enough to be a person for a pronoun to point at: the model tags many one-word
        place and company names as people ("Aldmark said"), so a lone word needs a title."""
        return len(self.parts) >= 2 or bool(self.role or self.gender)


@dataclass
class Mention:
    start: int
    end: int
    person: Person


@dataclass
class Cast:
    """Everyone an article names, with every mention in text order."""

    text: str
    tokens: list[Token]
    mentions: list[Mention] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    by_part: dict[str, Person] = field(default_factory=dict)  # surname or first name -> person
    orgs: list[Mention] = field(default_factory=list)
    _token_starts: list[int] = field(default_factory=list)
    _mention_starts: dict[str, list[int]] = field(default_factory=dict)
    _named_orgs: dict[str, list[Mention]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._token_starts = [t.start for t in self.tokens]

    def tokens_between(self, start: int, end: int) -> list[Token]:
        lo = bisect.bisect_left(self._token_starts, start)
        hi = bisect.bisect_left(self._token_starts, end)
        return [t for t in self.tokens[lo:hi] if t.end <= end]

    def token_index(self, position: int) -> int:
        return bisect.bisect_left(self._token_starts, position)

    def person_at(self, start: int, end: int) -> Mention | None:
        """The last person mention inside [start, end)."""
        inside = self.mentions_in(start, end)
        return inside[-1] if inside else None

    def _starts(self, orgs: bool) -> list[int]:
        """Mention start offsets, computed once the cast is complete (for bisecting)."""
        key = "orgs" if orgs else "people"
        if key not in self._mention_starts:
            pool = self.orgs if orgs else self.mentions
            self._mention_starts[key] = [m.start for m in pool]
        return self._mention_starts[key]

    def orgs_named(self, head: str) -> list[Mention]:
        """Every capitalised organisation name ending in `head` ("… Ministry"), in text order."""
        key = "named:" + head
        if key not in self._named_orgs:
            pattern = re.compile(
                r"(?:[A-Z][\w’'.-]*\s+){0,4}" + re.escape(head.capitalize()) + r"\b"
            )
            self._named_orgs[key] = [
                Mention(m.start(), m.end(), Person(clean_name(m.group()), is_org=True))
                for m in pattern.finditer(self.text)
            ]
        return self._named_orgs[key]

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """The person mentions inside [start, end), in text order."""
        lo = bisect.bisect_left(self._starts(False), start)
        return [m for m in self.mentions[lo:] if m.start < end and m.end <= end]

    def last_before(
        self, position: int, excluded: list[tuple[int, int]], gender: str = "", orgs: bool = False
    ) -> Mention | None:
        """The nearest mention before `position` outside the `excluded` spans (the quotes)."""
        pool = self.orgs if orgs else self.mentions
        index = bisect.bisect_left(self._starts(orgs), position) - 1
        while index >= 0:
            mention = pool[index]
            inside = any(s <= mention.start < e for s, e in excluded)
            clash = gender and mention.person.gender and mention.person.gender != gender
            if not inside and not clash and (orgs or mention.person.plausible):
                return mention
            index -= 1
        return None


def strip_honorific(name: str) -> tuple[str, str]:
    """("Ingrid Aasland", "f"-ish hint) from "Dr. Ingrid Aasland": the name and the gender the
    honorific gives, if any."""
    words = name.split()
    gender = ""
    while words and words[0].lower() in HONORIFICS:
        honorific = words.pop(0).lower().rstrip(".")
        gender = {"mr": "m", "sir": "m", "mrs": "f", "ms": "f", "miss": "f", "dame": "f"}.get(
            honorific, gender
        )
    return " ".join(words), gender


def clean_name(raw: str) -> str:
    words = [w for w in raw.replace("\n", " ").split() if w]
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1])
    return " ".join(words).strip(" ,.;:")


def _name_runs(tokens: list[Token]) -> list[tuple[int, int]]:
    """Token index ranges of runs of capitalised words ("Energy Commissioner Kristiina Vahter")."""
    runs, i = [], 0
    while i < len(tokens):
        if tokens[i].capitalised and tokens[i].text[0].isalpha():
            j = i
            while (
                j + 1 < len(tokens)
                and tokens[j + 1].capitalised
                and tokens[j + 1].text[0].isalpha()
                and tokens[j + 1].start - tokens[j].end == 1
            ):
                j += 1
            runs.append((i, j + 1))
            i = j + 1
        else:
            i += 1
    return runs


def _is_cyrillic(word: str) -> bool:
    return "\u0400" <= word[:1] <= "\u04ff"


def rule_persons(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """Names the model may miss: two or three capitalised words after a title or role word
    ("Skipper Jordan Mbeki", "ministry spokesperson Wang Liqun", "Ms Vahter"), and names
    written in Cyrillic inside English text."""
    found = []
    for i, j in _name_runs(tokens):
        run = tokens[i:j]
        cut = max(
            (
                k
                for k, t in enumerate(run)
                if is_role_word(t.text) or t.lower in HONORIFICS or t.lower in _RANKS
            ),
            default=-1,
        )
        name = run[cut + 1 :]
        while name and (name[0].lower in DETERMINERS or name[0].lower in _ROLE_LEFT_JUNK):
            name = name[1:]
        before = tokens[i - 1] if i > 0 and run[0].start - tokens[i - 1].end == 1 else None
        if before is not None and before.text == "," and i > 1:
            before = tokens[i - 2]  # "Its director, Anders Holm, said"
        titled = cut >= 0 or (
            before is not None and (is_role_word(before.text) or before.lower in HONORIFICS)
        )
        honorific = cut >= 0 and run[cut].lower in HONORIFICS
        if not name or len(name) > 3 or name[-1].lower in ORG_WORDS | _COMPANY_ENDINGS:
            continue  # "The ship’s manager, Kalliope Ship Management": a company
        if (titled and (len(name) >= 2 or honorific)) or (
            len(name) >= 2 and all(_is_cyrillic(t.text) for t in name)
        ):
            found.append((name[0].start, name[-1].end))
    return found


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


def build_cast(
    text: str, tokens: list[Token], persons: list[tuple[int, int]], orgs: list[tuple[int, int]]
) -> Cast:
    """The cast from the model's PERSON and ORG entity spans and the name rules, merged by
    surname; an "organisation" whose words are a known person's names is that person."""
    cast = Cast(text, tokens)
    spans = [(s, e) for s, e in persons if text[e : e + 1] != "-" and text[s - 1 : s] != "-"]
    for rule in rule_persons(text, tokens):  # a longer name wins: "Anders Holm" over "Holm"
        inside = [s for s in spans if rule[0] <= s[0] and s[1] <= rule[1]]
        if not _overlaps(rule, [s for s in spans if s not in inside]):
            spans = [s for s in spans if s not in inside] + [rule]
    for start, end in sorted(spans):
        _add_mention(cast, start, end)
    for start, end in orgs:
        name = clean_name(text[start:end])
        if not name or not name[:1].isupper():
            continue
        if all(part in cast.by_part for part in name.split()) and not _overlaps(
            (start, end), spans
        ):
            _add_mention(cast, start, end)
        else:
            cast.orgs.append(Mention(start, end, Person(name, is_org=True)))
    covered = [(m.start, m.end) for m in cast.mentions]
    for token in tokens:
        bare = _POSSESSIVE.sub("", token.text)
        if (
            token.capitalised
            and bare in cast.by_part
            and not _overlaps((token.start, token.end), covered)
        ):
            cast.mentions.append(Mention(token.start, token.end, cast.by_part[bare]))
    cast.mentions.sort(key=lambda m: m.start)
    cast.orgs.sort(key=lambda m: m.start)
    return cast


def _add_mention(cast: Cast, start: int, end: int) -> None:
    raw = cast.text[start:end]
    name, gender = strip_honorific(clean_name(raw))
    if not name or not name[0].isupper() or any(c.isdigit() for c in name):
        return  # "SeaLink-1" is a cable, not a person
    if name.isupper() and len(name) > 3:
        return  # a dateline ("VARNHOLM"), not a person
    name_start = start + raw.find(name.split()[0])
    person = _find_or_add(cast, name, gender)
    cast.mentions.append(Mention(start, end, person))
    if not person.role and len(name.split()) >= 2:
        person.role = role_around(cast, name_start, start + len(raw.rstrip()))


def _find_or_add(cast: Cast, name: str, gender: str) -> Person:
    parts = name.split()
    known = cast.by_part.get(parts[-1]) or (cast.by_part.get(parts[0]) if len(parts) == 1 else None)
    if known is not None and (
        len(parts) == 1 or len(known.parts) == 1 or known.parts[0] == parts[0]
    ):
        if len(parts) > len(known.parts):
            known.name = name  # "Terry" first, "Terry Walsh" later: keep the fuller name
        known.gender = known.gender or gender
        for part in parts:
            cast.by_part.setdefault(part, known)
        return known
    person = Person(name, gender=gender)
    cast.people.append(person)
    for part in (parts[-1], parts[0]):
        cast.by_part.setdefault(part, person)
    return person


def role_around(cast: Cast, name_start: int, name_end: int) -> str:
    """The role the article gives with this mention: a title before the name ("Energy
    Commissioner Kristiina Vahter"), or a phrase in commas before or after it."""
    before = _title_before(cast, name_start)
    if before:
        return before
    after = _appositive_after(cast, name_end)
    if after:
        return after
    return _appositive_before(cast, name_start)


def _collect_role_backwards(text: str, tokens: list[Token], index: int) -> list[Token]:
    """Tokens before `index` that can form a role phrase, nearest last (never over a line break)."""
    collected: list[Token] = []
    i = index - 1
    while i >= 0:
        token = tokens[i]
        lower = token.lower
        right = tokens[i + 1].start if i + 1 < len(tokens) else len(text)
        if not token.text[0].isalnum() or "\n" in text[token.end : right]:
            break
        if lower in _OF_LIKE:
            prev = tokens[i - 1] if i > 0 else None
            if prev is None or not (prev.capitalised or is_role_word(prev.text)):
                break
        elif lower == "the" and collected and i > 0 and tokens[i - 1].lower in _OF_LIKE:
            pass  # "head of the agency"
        elif (
            lower in DETERMINERS
            or (lower in _ROLE_STOP and lower != "and")
            or lower in SPEECH_VERBS
        ):
            break
        collected.insert(0, token)
        i -= 1
    while collected and (
        collected[0].lower in _ROLE_LEFT_JUNK or collected[0].lower in DETERMINERS
    ):
        collected.pop(0)
    while collected and collected[-1].lower in _RANKS:
        collected.pop()
    return collected


def text_between(text: str, tokens: list[Token], j: int) -> str:
    """The text between tokens[j - 1] and tokens[j]."""
    return text[tokens[j - 1].end : tokens[j].start] if j > 0 else ""


def _phrase(cast: Cast, tokens: list[Token]) -> str:
    return cast.text[tokens[0].start : tokens[-1].end] if tokens else ""


def _has_role_word(tokens: list[Token]) -> bool:
    return any(is_role_word(t.text) for t in tokens)


def _title_before(cast: Cast, name_start: int) -> str:
    index = cast.token_index(name_start)
    tokens = _collect_role_backwards(cast.text, cast.tokens, index)
    return _phrase(cast, tokens) if _has_role_word(tokens) else ""


def _appositive_before(cast: Cast, name_start: int) -> str:
    index = cast.token_index(name_start)
    if index < 2 or cast.tokens[index - 1].text != ",":
        return ""
    tokens = _collect_role_backwards(cast.text, cast.tokens, index - 1)
    return _phrase(cast, tokens) if _has_role_word(tokens) else ""


def _appositive_after(cast: Cast, name_end: int) -> str:
    tokens = cast.tokens
    i = cast.token_index(name_end)
    if i + 1 < len(tokens) and tokens[i].text == "," and _AGE.fullmatch(tokens[i + 1].text):
        i += 2  # "Dave Pritchard, 61, a retired postman"
    if i >= len(tokens) or tokens[i].text != ",":
        return ""
    phrase: list[Token] = []
    j = i + 1
    while j < len(tokens) and len(phrase) < 14:
        token = tokens[j]
        if token.text in ",;:()—–." or "\n" in text_between(cast.text, tokens, j):
            break
        phrase.append(token)
        j += 1
    while phrase and (phrase[0].lower in DETERMINERS or phrase[0].lower in ("of",)):
        phrase.pop(0)
    if (
        not phrase
        or phrase[0].lower in ("who", "whose", "which", "where")
        or any(t.lower in SPEECH_VERBS for t in phrase)
    ):
        return ""
    organisation = any(t.lower in ORG_WORDS for t in phrase) and tokens[i + 1].lower == "of"
    return _phrase(cast, phrase) if _has_role_word(phrase) or organisation else ""
