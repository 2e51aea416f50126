"""What a quote suggestion is: plain data, shared by the finder, the CLI and the GUI."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class QuoteKind(StrEnum):
    DIRECT = "direct"  # a whole quoted sentence: “…,” he said.
    MIXED = "mixed"  # quoted words inside the reporter's sentence: called it a “real breakthrough”
    REPORTED = "reported"  # indirect speech, no marks: Ishiba said that Japan would …


@dataclass(frozen=True)
class Suggestion:
    kind: QuoteKind
    start: int  # code points into the article's text: text[start:end] is the quote
    end: int
    text: str
    speaker: str = ""  # the speaker's full name (or organisation) as the article gives it
    role: str = ""  # e.g. "NATO Secretary General", "" when the article gives none
    confidence: float = 0.0  # 0..1: how sure the rules are of the speaker (and of the span)
    reason: str = ""  # in words, why this speaker: "pronoun 'he' → last named person, …"

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["kind"] = str(self.kind)
        data["confidence"] = round(self.confidence, 2)
        return data


def quote_preview(text: str, limit: int) -> str:
    """A quote on one line for a list: white space folded, cut with "…" past `limit`."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def speaker_label(speaker: str, role: str, unknown: str = "speaker unknown") -> str:
    """ "Mark Rutte, NATO Secretary General", or `unknown` when nobody is named."""
    who = speaker or unknown
    return f"{who}, {role}" if role else who
