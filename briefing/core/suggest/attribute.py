"""Deciding what each quoted stretch is (a direct quote, quoted words inside the reporter's
sentence, or a title or scare quote to leave alone) and who said it; and finding reported
speech ("Ishiba said that …")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.core.suggest.context import Layout
from briefing.core.suggest.lexicon import (
    ADJUNCT_WORDS,
    FRAMING_VERBS,
    REPORTING_VERBS,
    SO_CALLED,
    SPEECH_VERBS,
    TELL_OBJECTS,
    TITLE_NOUNS,
    words,
)
from briefing.core.suggest.marks import Quoted
from briefing.core.suggest.people import Cast, Token
from briefing.core.suggest.speakers import Speaker, resolve, subject_before
from briefing.core.suggest.types import QuoteKind, Suggestion

_AUXILIARIES = words(
    "would will had has have was were is are could can should may might must did does do "
    "needed wanted planned expected remained stood"
)
_WORD = re.compile(r"[^\W\d_][\w’'ʼ-]*")
# A second predicate of the speaker's that ends the reported clause: "…, and pointed to …".
_NEXT_PREDICATE = re.compile(
    r",?\s+(?:and|but)\s+(?!(?:would|will|could|should|that|had|has|was|were)\b)"
    r"(?:[a-z]+ed|said|told|wrote|gave|took|made|went|came|declined|refused)\b"
)
_TAIL_REACH = 9  # how many words after a quote its "…," he said may take


@dataclass
class Found:
    quote: Quoted
    kind: QuoteKind
    speaker: Speaker | None


class Attributor:
    def __init__(self, layout: Layout, cast: Cast | None, no_model_reason: str) -> None:
        self.layout = layout
        self.cast = cast
        self.no_model_reason = no_model_reason
        self.text = layout.text
        self.masked = layout.masked
        self.excluded = layout.quote_spans()

    # ---- quotes in marks ---------------------------------------------------------------------
    def quotes(self) -> list[Suggestion]:
        found: list[Found] = []
        quotes = self.layout.quotes
        for index, quote in enumerate(quotes):
            if self.layout.paragraph(quote.open_at) in self.layout.headings:
                continue
            previous_close = quotes[index - 1].close_at + 1 if index else 0
            next_open = quotes[index + 1].open_at if index + 1 < len(quotes) else len(self.text)
            item = self._classify(quote, previous_close, next_open, found)
            if item is not None:
                found.append(item)
        return [self._suggestion(item) for item in found]

    def _classify(
        self, quote: Quoted, previous_close: int, next_open: int, found: list[Found]
    ) -> Found | None:
        if quote.part >= 2:  # the rest of a quote interrupted inside its marks
            prior = found[-1] if found and found[-1].quote.open_at == quote.open_at else None
            return Found(
                quote, prior.kind if prior else QuoteKind.DIRECT, prior.speaker if prior else None
            )
        sent_start, sent_end = self.layout.sentence(quote.open_at)
        head_start = max(
            sent_start, previous_close if previous_close <= quote.open_at else sent_start
        )
        head = self.masked[head_start : quote.open_at]
        sentence_head = self.masked[sent_start : quote.open_at]
        tail_end = min(max(sent_end, quote.close_at + 1), next_open)
        tail_start = quote.close_at + 1
        content = self.text[quote.start : quote.end]
        if self._is_title_or_scare(sentence_head, self.masked[tail_start:tail_end], content):
            return None
        opening = head.rstrip()
        at_start = not sentence_head.strip()
        introduced = opening.endswith(":") or (
            opening.endswith(",") and self._verb_in_last_words(opening)
        )
        if self.cast is None:
            kind = (
                QuoteKind.DIRECT
                if at_start or introduced or self._dash_after(tail_start)
                else QuoteKind.MIXED
            )
            return Found(quote, kind, None)
        speaker = self._tail_speaker(tail_start, tail_end)
        if at_start or introduced or (quote.part == 1):
            if speaker is None and introduced:
                speaker = self._head_speaker(head_start, quote.open_at)
            if speaker is None:
                speaker = self._continuation(quote, found)
            return Found(quote, QuoteKind.DIRECT, speaker)
        verb_at = self._last_verb(
            sent_start, quote.open_at, SPEECH_VERBS | FRAMING_VERBS | REPORTING_VERBS
        )
        if verb_at is not None:
            speaker = self._subject(sent_start, verb_at) or speaker
        elif speaker is None:
            return None  # quoted words nobody is said to have said: a scare quote
        return Found(quote, QuoteKind.MIXED, speaker)

    def _is_title_or_scare(self, head: str, tail: str, content: str) -> bool:
        before = head.rstrip()
        if SO_CALLED.search(before):
            return True
        last_word = _WORD.findall(before[-40:])
        if last_word and last_word[-1].lower() in TITLE_NOUNS:
            return True
        if tail.startswith(("と題", "という")):  # 『…』と題した報告書: a title
            return True
        next_word = _WORD.findall(tail[:30])
        if next_word and next_word[0].lower() in TITLE_NOUNS and tail[:1] in " ":
            return True
        words = content.split()
        embedded = before and before[-1] not in ":,"
        if embedded and 1 <= len(words) <= 8 and content[-1:] not in ".!?,…":
            capitals = [w for w in words if len(w) > 3 or w is words[0]]
            if capitals and all(w[:1].isupper() or not w[:1].isalpha() for w in capitals):
                return True  # “The Quiet Border”, «Shared Waters»: a title
        return False

    def _dash_after(self, position: int) -> bool:
        return bool(re.match(r"[,.!?]?\s*[—–]", self.text[position : position + 4]))

    def _verb_in_last_words(self, opening: str) -> bool:
        words = [w.lower() for w in _WORD.findall(opening[-60:])][-6:]
        return any(w in SPEECH_VERBS for w in words)

    def _tokens(self, start: int, end: int) -> list[Token]:
        assert self.cast is not None
        return [
            t
            for t in self.cast.tokens_between(start, end)
            if "Q" not in self.masked[t.start : t.end]
        ]

    def _tail_speaker(self, start: int, end: int) -> Speaker | None:
        """“…,” she said / “…,” said Priya Raman, Chief Executive …"""
        words = [t for t in self._tokens(start, end) if t.text[0].isalnum()][:_TAIL_REACH]
        for index, token in enumerate(words):
            if token.lower not in SPEECH_VERBS:
                continue
            if index == 0:  # “…,” said Kazakhstan’s chief negotiator, Aigerim Seitkali.
                named = self.cast.mentions_in(token.end, end) if self.cast else []
                if named:
                    return self._resolve(token.end, named[0].end)
                stop = re.search(r"[,.;:!?]", self.masked[token.end : end])
                after_end = token.end + stop.start() if stop else end
                return self._resolve(token.end, after_end)
            return self._resolve(start, token.start)
        return None

    def _head_speaker(self, start: int, open_at: int) -> Speaker | None:
        verb_at = self._last_verb(start, open_at, SPEECH_VERBS)
        if verb_at is None:
            return None
        sent_start, _ = self.layout.sentence(open_at)
        return self._subject(sent_start, verb_at)

    def _subject(self, start: int, verb_at: int) -> Speaker | None:
        assert self.cast is not None
        stretch = subject_before(self.cast, self.masked, start, verb_at)
        return self._resolve(*stretch) if stretch else None

    def _resolve(self, start: int, end: int) -> Speaker | None:
        assert self.cast is not None
        return resolve(self.cast, self.masked, start, end, self.excluded)

    def _last_verb(self, start: int, end: int, verbs: frozenset[str]) -> int | None:
        for token in reversed(self._tokens(start, end)):
            if token.lower in verbs:
                return token.start
        return None

    def _continuation(self, quote: Quoted, found: list[Found]) -> Speaker | None:
        """A quote with no attribution of its own goes on from the quote before it: in the
        same paragraph, or in the paragraph before when this one opens with it."""
        previous = found[-1] if found else None
        if previous is None or previous.speaker is None:
            return None
        s = previous.speaker
        here = self.layout.paragraph(quote.open_at)
        there = self.layout.paragraph(previous.quote.open_at)
        paragraph_start = self.layout.paragraphs[here][0]
        opens_paragraph = not self.text[paragraph_start : quote.open_at].strip()
        if here == there or (here == there + 1 and opens_paragraph):
            where = "sentence before" if here == there else "paragraph before"
            confidence = 0.75 if here == there else 0.6
            return Speaker(
                s.name,
                s.role,
                confidence,
                f"no attribution of its own → goes on from the quote in the {where}, "
                f"by {s.name or s.role}",
            )
        return None

    def _suggestion(self, item: Found) -> Suggestion:
        quote = item.quote
        speaker = item.speaker
        if speaker is None:
            reason = self.no_model_reason or "no speaker found near the quote: left for the analyst"
            return Suggestion(
                item.kind,
                quote.start,
                quote.end,
                self.text[quote.start : quote.end],
                confidence=0.3,
                reason=reason,
            )
        return Suggestion(
            item.kind,
            quote.start,
            quote.end,
            self.text[quote.start : quote.end],
            speaker.name,
            speaker.role,
            speaker.confidence,
            speaker.reason,
        )

    # ---- reported speech ---------------------------------------------------------------------
    def reported(self) -> list[Suggestion]:
        if self.cast is None:
            return []
        found = []
        for s_start, s_end in zip(
            self.layout.sentence_starts,
            [*self.layout.sentence_starts[1:], len(self.text)],
            strict=False,
        ):
            if self.layout.paragraph(s_start) in self.layout.headings:
                continue
            tokens = self._tokens(s_start, s_end)
            for index, token in enumerate(tokens):
                if token.lower in REPORTING_VERBS:
                    suggestion = self._reported_after(tokens, index, s_start, s_end)
                    if suggestion is not None:
                        found.append(suggestion)
                        break
        return found

    def _reported_after(
        self, tokens: list[Token], index: int, s_start: int, s_end: int
    ) -> Suggestion | None:
        verb = tokens[index]
        rest = tokens[index + 1 :]
        if not rest or not rest[0].text[0].isalnum():
            return None
        clause_at = None
        for j, token in enumerate(rest[:8]):
            if not token.text[0].isalnum():
                break
            if token.lower == "that":
                clause_at = j + 1
                break
        if clause_at is None:
            clause_at = self._bare_clause(rest)
        if clause_at is None or clause_at >= len(rest):
            return None
        start = rest[clause_at].start
        end = s_end
        coordinated = _NEXT_PREDICATE.search(self.masked, start, s_end)
        if coordinated:  # "said the change was temporary and blamed the drivers"
            end = coordinated.start()
        colon = self.masked.find(":", start, end)
        end = colon if colon > 0 else end
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] in ".;"):
            end -= 1
        clause = self.text[start:end]
        if len(clause.split()) < 3 or "\n\n" in clause or self.masked[start] == "Q":
            return None
        speaker = self._subject(s_start, verb.start)
        if speaker is None:
            return None
        return Suggestion(
            QuoteKind.REPORTED,
            start,
            end,
            clause,
            speaker.name,
            speaker.role,
            min(speaker.confidence, 0.7),
            f"reported speech after '{verb.text}'; {speaker.reason}",
        )

    def _bare_clause(self, rest: list[Token]) -> int | None:
        """Where a clause without "that" starts after the verb: "said the plan was …",
        "told reporters the plan was …"; it needs a finite verb within a few words."""
        start = 0
        while start < len(rest) and rest[start].lower in ADJUNCT_WORDS | TELL_OBJECTS and start < 4:
            if (
                rest[start].lower in ("the", "a")
                and start + 1 < len(rest)
                and not rest[start + 1].capitalised
            ):
                break
            start += 1
        window = rest[start : start + 7]
        for j, token in enumerate(window):
            if not token.text[0].isalnum():
                return None
            if token.lower in _AUXILIARIES and j >= 1:
                return start
        return None
