"""Scoring quote suggestions against a hand-annotated gold set.

The gold set is a folder of articles: ``NAME.txt`` (the text exactly as intake would store it)
beside ``NAME.json``::

    {"style": "wire", "language": "en",
     "quotes": [{"kind": "direct", "text": "…", "speaker": "Mark Rutte",
                 "role": "NATO Secretary General", "occurrence": 0}]}

``text`` is what stands between the quotation marks (reported speech: the reported clause);
``occurrence`` (default 0) picks among repeated strings. ``speaker`` and ``role`` may be a list
of accepted spellings; an empty speaker means the article names nobody.

Measures, for direct and mixed quotes together: span precision and recall (a span matches when
it is the same after trimming spaces and a trailing comma); the speaker right, over the matched
quotes of articles whose language has a model; the role right, where the gold gives one.
Reported speech: precision, a suggestion matching when it overlaps a gold clause by at least
half of their union.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefing.core.suggest.types import Suggestion

_HONORIFICS = ("mr ", "mrs ", "ms ", "miss ", "dr ", "dr. ", "prof ", "professor ", "sir ")


@dataclass(frozen=True)
class GoldQuote:
    kind: str
    start: int
    end: int
    speakers: tuple[str, ...]
    roles: tuple[str, ...]


@dataclass
class GoldArticle:
    name: str
    text: str
    language: str
    style: str
    quotes: list[GoldQuote] = field(default_factory=list)


def _as_tuple(value: str | list[str]) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else (value,)


def load_gold(folder: Path) -> list[GoldArticle]:
    """Every article of a gold folder; ValueError naming the file when a quote is not found."""
    articles = []
    for meta_path in sorted(folder.glob("*.json")):
        text = meta_path.with_suffix(".txt").read_text(encoding="utf-8")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        article = GoldArticle(
            meta_path.stem, text, meta.get("language", "en"), meta.get("style", "")
        )
        for entry in meta["quotes"]:
            position = -1
            for _ in range(entry.get("occurrence", 0) + 1):
                position = text.find(entry["text"], position + 1)
                if position < 0:
                    raise ValueError(f"{meta_path}: quote not in the text: {entry['text'][:60]!r}")
            article.quotes.append(
                GoldQuote(
                    entry["kind"],
                    position,
                    position + len(entry["text"]),
                    _as_tuple(entry.get("speaker", "")),
                    _as_tuple(entry.get("role", "")),
                )
            )
        articles.append(article)
    return articles


def normalise_name(name: str) -> str:
    """For comparing names and roles: case, curly apostrophes, a leading article or honorific."""
    name = " ".join(name.replace("’", "'").replace("ʼ", "'").lower().split())
    for prefix in ("the ", "a ", "an ", *_HONORIFICS):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return name.strip(" ,.")


def _same_span(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    return (
        text[a[0] : a[1]].strip().rstrip(",").strip()
        == text[b[0] : b[1]].strip().rstrip(",").strip()
        and abs(a[0] - b[0]) <= 2
    )


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if inter > 0 and union > 0 else 0.0


@dataclass
class Score:
    span_found: int = 0  # suggested direct/mixed spans
    span_right: int = 0  # …that match a gold direct/mixed span
    span_gold: int = 0
    span_recalled: int = 0
    speaker_scored: int = 0
    speaker_right: int = 0
    role_scored: int = 0
    role_right: int = 0
    reported_found: int = 0
    reported_right: int = 0
    kind_right: int = 0  # matched direct/mixed spans whose kind (direct or mixed) is right
    misses: list[str] = field(default_factory=list)  # one line per mistake, for tuning

    @staticmethod
    def _ratio(right: int, total: int) -> float:
        return right / total if total else 1.0

    @property
    def span_precision(self) -> float:
        return self._ratio(self.span_right, self.span_found)

    @property
    def span_recall(self) -> float:
        return self._ratio(self.span_recalled, self.span_gold)

    @property
    def speaker_accuracy(self) -> float:
        return self._ratio(self.speaker_right, self.speaker_scored)

    @property
    def role_accuracy(self) -> float:
        return self._ratio(self.role_right, self.role_scored)

    @property
    def reported_precision(self) -> float:
        return self._ratio(self.reported_right, self.reported_found)

    def summary(self) -> str:
        return (
            f"spans P {self.span_precision:.1%} ({self.span_right}/{self.span_found}) "
            f"R {self.span_recall:.1%} ({self.span_recalled}/{self.span_gold}); "
            f"speaker {self.speaker_accuracy:.1%} ({self.speaker_right}/{self.speaker_scored}); "
            f"role {self.role_accuracy:.1%} ({self.role_right}/{self.role_scored}); "
            f"reported P {self.reported_precision:.1%} "
            f"({self.reported_right}/{self.reported_found}); "
            f"kind {self._ratio(self.kind_right, self.span_right):.1%}"
        )


Suggester = Callable[[str, str], list[Suggestion]]


def score(
    articles: Iterable[GoldArticle], suggest: Suggester, has_model: Callable[[str], bool]
) -> Score:
    """Run `suggest(text, language)` on every article and compare it with the gold quotes."""
    result = Score()
    for article in articles:
        _score_article(article, suggest(article.text, article.language), has_model, result)
    return result


def _score_article(
    article: GoldArticle,
    suggestions: list[Suggestion],
    has_model: Callable[[str], bool],
    result: Score,
) -> None:
    text = article.text
    gold_spans = [q for q in article.quotes if q.kind in ("direct", "mixed")]
    gold_reported = [q for q in article.quotes if q.kind == "reported"]
    found = [s for s in suggestions if s.kind in ("direct", "mixed")]
    result.span_gold += len(gold_spans)
    result.span_found += len(found)
    matched_gold: set[int] = set()
    for suggestion in found:
        span = (suggestion.start, suggestion.end)
        match = next(
            (
                i
                for i, g in enumerate(gold_spans)
                if i not in matched_gold and _same_span(text, span, (g.start, g.end))
            ),
            None,
        )
        if match is None:
            result.misses.append(
                f"{article.name}: extra {suggestion.kind} {text[span[0] : span[1]][:70]!r}"
            )
            continue
        matched_gold.add(match)
        result.span_right += 1
        gold = gold_spans[match]
        result.kind_right += suggestion.kind == gold.kind
        if has_model(article.language):
            _score_attribution(article.name, suggestion, gold, text, result)
    result.span_recalled += len(matched_gold)
    for i, gold in enumerate(gold_spans):
        if i not in matched_gold:
            result.misses.append(
                f"{article.name}: missed {gold.kind} {text[gold.start : gold.end][:70]!r}"
            )
    for suggestion in (s for s in suggestions if s.kind == "reported"):
        result.reported_found += 1
        span = (suggestion.start, suggestion.end)
        if any(_overlap(span, (g.start, g.end)) >= 0.5 for g in gold_reported):
            result.reported_right += 1
        else:
            result.misses.append(f"{article.name}: wrong reported {text[span[0] : span[1]][:70]!r}")


def _score_attribution(
    name: str, suggestion: Suggestion, gold: GoldQuote, text: str, result: Score
) -> None:
    quote = text[gold.start : gold.end][:40]
    result.speaker_scored += 1
    if normalise_name(suggestion.speaker) in {normalise_name(s) for s in gold.speakers}:
        result.speaker_right += 1
    else:
        result.misses.append(
            f"{name}: speaker {suggestion.speaker!r} not {gold.speakers[0]!r} for {quote!r} "
            f"({suggestion.reason})"
        )
    if any(gold.roles):
        result.role_scored += 1
        if normalise_name(suggestion.role) in {normalise_name(r) for r in gold.roles}:
            result.role_right += 1
        else:
            result.misses.append(
                f"{name}: role {suggestion.role!r} not {gold.roles[0]!r} for {quote!r}"
            )
