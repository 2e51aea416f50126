"""Deterministic synthetic briefings for the benchmarks, built through the real model and ops.

Every briefing comes from `random.Random` seeded with the seed and the size name, and every
id is derived from a counter, so the same seed and size always save to the same bytes. Articles
are 300–800 words of English news prose mixed with Cyrillic words and phrases, curly quotes,
typographic apostrophes (’ and ʼ) and em dashes; each carries its quotes verbatim, and every
clip is a span of its article found while the text is generated, never searched for afterwards.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from briefing.core import ops
from briefing.core.model import Article, Briefing, BriefingMeta, ClipKind
from briefing.core.storage import save_briefing

DEFAULT_SEED = 20261127


@dataclass(frozen=True)
class Size:
    name: str
    articles: int
    quotes: int
    sections: int
    key_judgments: int
    notes_every: int = 10  # an analyst note after every Nth clip in a section


SIZES: dict[str, Size] = {
    # T is not in the issue: a tiny briefing for the harness's own smoke test.
    "T": Size("T", articles=4, quotes=12, sections=2, key_judgments=2),
    "S": Size("S", articles=20, quotes=100, sections=2, key_judgments=4),
    "M": Size("M", articles=200, quotes=1_000, sections=20, key_judgments=8),
    "L": Size("L", articles=1_000, quotes=5_000, sections=100, key_judgments=20),
}

MIN_WORDS, MAX_WORDS = 300, 800

# ---- vocabulary (invented for these benchmarks) -----------------------------------------------
_SUBJECTS = (
    "the ministry", "the alliance", "the delegation", "the central bank", "the coalition",
    "the parliament", "the regional governor", "the energy regulator", "the foreign office",
    "the defence committee", "the negotiators", "the port authority", "the finance minister",
    "the opposition bloc", "the grain exporters", "the shipping insurers", "the observers",
    "the Council’s envoy", "the monitoring mission", "the state-owned operator",
)
_VERBS = (
    "signalled", "rejected", "welcomed", "postponed", "confirmed", "questioned", "announced",
    "disputed", "endorsed", "delayed", "revised", "warned about", "outlined", "reviewed",
    "accelerated", "suspended", "extended", "played down", "defended", "criticised",
)
_OBJECTS = (
    "the draft agreement", "a new sanctions package", "the ceasefire proposal",
    "the gas transit contract", "the budget revision", "the customs regime",
    "the air-defence deliveries", "the grain corridor", "the reconstruction fund",
    "the border crossing schedule", "the debt restructuring", "the election timetable",
    "the power-grid repairs", "the refugee quota", "the tariff schedule",
    "the security guarantees", "the pipeline inspection", "the cyber-incident report",
)
_MODIFIERS = (
    "after weeks of talks", "despite objections from its partners", "on Thursday evening",
    "in a closed session", "ahead of the summit", "without giving a date",
    "under pressure from the markets", "for the second time this year", "at short notice",
    "in a joint statement", "after a late-night vote", "amid rising prices",
    "following the overnight strikes", "in its quarterly review", "before the winter",
)
_CONNECTORS = (
    "Officials said", "Analysts noted", "Diplomats in the capital said", "The report concluded",
    "Local media reported", "Two people familiar with the matter said", "Critics argued",
    "A senior aide told reporters", "Market data showed", "The statement added",
)
_CLAIMS = (
    "that the timetable remained realistic", "that the figures would be revised again",
    "that the talks were at a delicate stage", "that supplies had resumed on a smaller scale",
    "that the decision was largely symbolic", "that the cost had been underestimated",
    "that further steps depended on the vote", "that no agreement had been reached yet",
    "that inspections would continue into spring", "that the risk of escalation had grown",
)
# Cyrillic words and phrases; several Ukrainian ones carry the modifier apostrophe ʼ (U+02BC).
_CYRILLIC = (
    "Верховна Рада", "обʼєднання", "памʼять", "звʼязок", "Мінфін", "переговори", "безпека",
    "Державна дума", "Совет Федерации", "енергетика", "заява", "постачання", "відновлення",
    "Вʼячеслав", "промова", "обстріл", "кордон", "санкції", "підприємство", "девʼять",
)
_QUOTE_CLAUSES = (
    "We will not accept a deal that leaves the grid exposed for another winter",
    "Nobody should mistake patience for weakness — our position has not changed",
    "The numbers speak for themselves: exports are down by a third",
    "We’re ready to talk, but not under the threat of new strikes",
    "This is the most serious shortfall we have seen in a decade",
    "Our partners have been clear — the support will continue as long as it is needed",
    "The regulator’s decision came too late for the farmers in the south",
    "Every delay costs lives, and every week costs money",
    "The agreement is fragile — it depends on trust that does not yet exist",
    "We have asked for guarantees in writing, not in speeches",
    "The ports are working again, although insurers remain cautious",
    "Sanctions are working slowly, but they are working",
)
_FIRST_NAMES = (
    "Olena", "Mark", "Ingrid", "Taras", "Amélie", "Jonas", "Marta", "Dmytro", "Helen", "Pieter",
    "Оксана", "Андрій", "Kateryna", "Lukas", "Sofia", "Вʼячеслав", "Natalia", "Gareth",
)
_LAST_NAMES = (
    "Kovalenko", "Lindqvist", "Brennan", "Shevchuk", "Moreau", "Halvorsen", "Bondarenko",
    "Novak", "Kowalczyk", "Ferreira", "Ткаченко", "Мельник", "O’Neill", "Vasylenko",
    "de Vries", "Andersson", "Petrenko", "Gallagher",
)
_ROLES = (
    "Minister of Foreign Affairs", "NATO Deputy Secretary General",
    "Head of the Energy Regulator", "Chair of the Defence Committee",
    "Governor of the Central Bank", "Spokesperson for the Presidency",
    "Deputy Prime Minister", "EU Special Representative", "Chief Economist at a state bank",
    "Mayor of the port city", "Head of the monitoring mission", "Opposition party leader",
    "голова комітету", "Commander of the air-defence forces",
)
_OUTLETS = (
    "The Northern Ledger", "Kyiv Morning Post", "Baltic Wire", "Українська панорама",
    "Danube Review", "The Continental Observer", "Новини Сходу", "Harbour & Market",
    "The Evening Dispatch", "Atlantic Policy Digest",
)
_TOPICS = (
    "Energy security", "The Black Sea corridor", "Sanctions and trade", "Air defence",
    "Reconstruction finance", "Domestic politics", "Border and migration", "Cyber incidents",
    "Grain exports", "Alliance diplomacy", "Public opinion", "Financial markets",
)


@dataclass
class _Span:
    start: int
    end: int
    speaker: str
    role: str


class _ArticleText:
    """Accumulates paragraphs and records where each quotation lands in the final text."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.length = 0  # code points in the text built so far, including paragraph breaks
        self.current_length = 0
        self.words = 0
        self.spans: list[_Span] = []

    def _offset_of_next_sentence(self) -> int:
        offset = self.length + (2 if self.paragraphs else 0)  # "\n\n" before this paragraph
        return offset + self.current_length + (1 if self.current else 0)  # " " between sentences

    def add(self, sentence: str) -> None:
        if self.current:
            self.current_length += 1
        self.current.append(sentence)
        self.current_length += len(sentence)
        self.words += len(sentence.split())

    def add_quote(self, lead: str, quote: str, speaker: str, role: str) -> None:
        start = self._offset_of_next_sentence() + len(lead) + 1  # after the opening “
        self.spans.append(_Span(start, start + len(quote), speaker, role))
        self.add(f"{lead}“{quote}”")

    def end_paragraph(self) -> None:
        if not self.current:
            return
        if self.paragraphs:
            self.length += 2
        self.paragraphs.append(" ".join(self.current))
        self.length += self.current_length
        self.current, self.current_length = [], 0

    def text(self) -> str:
        self.end_paragraph()
        return "\n\n".join(self.paragraphs)


class _Writer:
    """Random prose from the vocabulary above; one instance per briefing (one RNG)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, options: tuple[str, ...]) -> str:
        return options[self.rng.randrange(len(options))]

    def sentence(self) -> str:
        rng = self.rng
        subject = self.pick(_SUBJECTS)
        parts = [subject[0].upper() + subject[1:], self.pick(_VERBS), self.pick(_OBJECTS)]
        if rng.random() < 0.6:
            parts.append(self.pick(_MODIFIERS))
        body = " ".join(parts)
        roll = rng.random()
        if roll < 0.25:
            body += f" — a move described locally as «{self.pick(_CYRILLIC)}»"
        elif roll < 0.45:
            body += f", while {self.pick(_SUBJECTS)} {self.pick(_VERBS)} {self.pick(_OBJECTS)}"
        elif roll < 0.6:
            body = f"{self.pick(_CONNECTORS)} {self.pick(_CLAIMS)}; {body[0].lower()}{body[1:]}"
        if rng.random() < 0.15:
            body += f" (the {self.pick(_CYRILLIC)} file, as officials call it)"
        return body + "."

    def person(self) -> tuple[str, str]:
        return f"{self.pick(_FIRST_NAMES)} {self.pick(_LAST_NAMES)}", self.pick(_ROLES)

    def quote_sentence(self) -> str:
        first = self.pick(_QUOTE_CLAUSES)
        if self.rng.random() < 0.5:
            return f"{first}. {self.pick(_QUOTE_CLAUSES)}."
        return f"{first}."

    def article_text(self, quotes: int) -> tuple[str, list[_Span]]:
        rng = self.rng
        target = rng.randint(MIN_WORDS, MAX_WORDS)
        # Spread the quotations evenly over the planned length.
        quote_at = sorted(rng.sample(range(1, max(quotes + 1, target // 20)), quotes))
        built = _ArticleText()
        sentence_number = 0
        pending = list(quote_at)
        while built.words < target or pending:
            sentence_number += 1
            if pending and (sentence_number >= pending[0] or built.words >= target):
                pending.pop(0)
                speaker, role = self.person()
                lead = f"{speaker}, {role}, told reporters: " if rng.random() < 0.5 else (
                    f"“It’s not over,” one aide said; {speaker} added: "
                )
                built.add_quote(lead, self.quote_sentence(), speaker, role)
            else:
                sentence = self.sentence()
                too_long = built.words + len(sentence.split()) > target
                if too_long and built.words >= MIN_WORDS and not pending:
                    break
                built.add(sentence)
            if len(built.current) >= rng.randint(3, 6):
                built.end_paragraph()
        return built.text(), built.spans

    def words(self, low: int, high: int) -> str:
        out: list[str] = []
        while len(out) < self.rng.randint(low, high):
            out.extend(self.sentence().split())
        return " ".join(out)


def _distribute(total: int, parts: int) -> Iterator[int]:
    """`total` split into `parts` counts that differ by at most one."""
    base, extra = divmod(total, parts)
    for index in range(parts):
        yield base + (1 if index < extra else 0)


def build_briefing(size: Size | str, seed: int = DEFAULT_SEED) -> Briefing:
    """A briefing of the given size built with the real ops, identical for the same seed."""
    size = SIZES[size] if isinstance(size, str) else size
    rng = random.Random(f"{seed}:{size.name}")
    writer = _Writer(rng)
    briefing = Briefing(
        meta=BriefingMeta(
            title=f"Regional security briefing — synthetic {size.name}",
            subtitle="Weekly digest: переговори, безпека and the energy front",
            author="Analyst O’Brien",
            organisation="Briefing Builder benchmarks",
            date="2026-11-27",
            marking="OFFICIAL-SENSITIVE",
        )
    )

    clip_ids: list[str] = []
    clip_number = 0
    for article_number, quote_count in enumerate(
        _distribute(size.quotes, size.articles), start=1
    ):
        text, spans = writer.article_text(quote_count)
        article_id = f"a-{article_number:06d}"
        outlet = writer.pick(_OUTLETS)
        article = Article(
            id=article_id,
            title=f"{writer.pick(_TOPICS)} — {writer.pick(_OBJECTS)} under review "
            f"({writer.pick(_CYRILLIC)})",
            outlet=outlet,
            authors=[writer.person()[0] for _ in range(rng.randint(1, 2))],
            published=f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
            url=f"https://news.example/{article_number // 100}/{article_id}",
            language="en",
            text=text,
            source_kind="html",
            source_path=f"/imports/{article_id}.html",
            imported_at="2026-11-27T08:00:00+00:00",
            encoding="utf-8",
        )
        ops.add_article(briefing, article)
        for span in spans:
            clip_number += 1
            clip = ops.make_clip(briefing, article_id, span.start, span.end, ClipKind.QUOTE)
            marking = "CONFIDENTIAL — NOT FOR DISTRIBUTION" if clip_number % 97 == 0 else ""
            clip = replace(
                clip,
                id=f"c-{clip_number:06d}",
                speaker=span.speaker,
                speaker_role=span.role,
                note=f"Analyst’s note: {writer.words(12, 30)}",
                marking=marking,
            )
            ops.add_clip(briefing, clip)
            clip_ids.append(clip.id)

    # Sections take the clips in a shuffled order, as an analyst groups them by theme.
    order = list(clip_ids)
    rng.shuffle(order)
    taken = 0
    note_number = 0
    for section_number, count in enumerate(_distribute(len(order), size.sections), start=1):
        section_id = f"s-{section_number:06d}"
        ops.add_section(
            briefing,
            heading=f"{section_number}. {writer.pick(_TOPICS)} — {writer.pick(_CYRILLIC)}",
            commentary=f"{writer.words(40, 90)}\n\n{writer.words(30, 60)}",
            section_id=section_id,
        )
        for position, clip_id in enumerate(order[taken : taken + count], start=1):
            ops.place_clip(briefing, clip_id, section_id)
            if position % size.notes_every == 0:
                note_number += 1
                ops.add_note(
                    briefing, section_id, writer.words(20, 45), note_id=f"n-{note_number:06d}"
                )
        taken += count

    for number in range(1, size.key_judgments + 1):
        support = rng.sample(clip_ids, k=min(len(clip_ids), rng.randint(2, 3)))
        ops.add_key_judgment(
            briefing,
            f"We judge that {writer.pick(_SUBJECTS)} {writer.pick(_VERBS)} "
            f"{writer.pick(_OBJECTS)} {writer.pick(_MODIFIERS)} — "
            f"{writer.pick(_CLAIMS)[5:]} (high confidence).",
            support,
            judgment_id=f"k-{number:06d}",
        )
    return briefing


def write_briefing(size: Size | str, path: Path | str, seed: int = DEFAULT_SEED) -> Briefing:
    """Build the briefing and save it with the real storage code."""
    briefing = build_briefing(size, seed)
    save_briefing(briefing, Path(path))
    return briefing


__all__ = ["DEFAULT_SEED", "SIZES", "Size", "build_briefing", "write_briefing"]
