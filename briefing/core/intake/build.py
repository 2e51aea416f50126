"""Assembling an Article from what a reader found: every field normalised the same way."""

from __future__ import annotations

from datetime import UTC, datetime

from briefing.core.intake.errors import IntakeError
from briefing.core.intake.normalise import (
    normalise_date,
    normalise_language,
    normalise_metadata,
    normalise_text,
    split_authors,
    trim_title,
)
from briefing.core.model import Article, new_id

# Characters of a line looked at for a title: a title is at most 300 characters, and looking
# at a whole 50 MB one-line file would copy it several times over (splitting, trimming).
_TITLE_SCAN_CHARS = 4000


def leading_lines(text: str, count: int) -> list[str]:
    """The first `count` lines of `text`, each cut to its first few thousand characters,
    without copying the rest of the text."""
    lines: list[str] = []
    start = 0
    while len(lines) < count and start <= len(text):
        end = text.find("\n", start)
        stop = len(text) if end < 0 else end
        lines.append(text[start : min(stop, start + _TITLE_SCAN_CHARS)])
        if end < 0:
            break
        start = end + 1
    return lines


def first_line(text: str) -> str:
    """The first non-empty line of a text, trimmed to a title's length."""
    for line in leading_lines(text, 50):
        if line.strip():
            return trim_title(line)
    return ""


def build_article(
    text: str,
    *,
    source_name: str,
    source_kind: str,
    source_path: str = "",
    title: object = "",
    outlet: object = "",
    authors: object = (),
    published: object = "",
    url: object = "",
    language: object = "",
    encoding: str = "",
    now: datetime | None = None,
) -> Article:
    """A new Article; IntakeError (naming `source_name`) when no text is left after normalising.

    `text` may be raw: it is normalised here, once. A missing title falls back to the first
    line of the text. `now` (default: the clock) is the import time, and the latest
    publication date taken as real."""
    now = now or datetime.now(UTC)
    text = normalise_text(text)
    if not text.strip():
        what = "the file contains no text" if source_path else "there is no text"
        raise IntakeError(source_name, what)
    title_text = trim_title(normalise_metadata(title), limit=300) or first_line(text)
    return Article(
        id=new_id("a"),
        title=title_text,
        outlet=normalise_metadata(outlet),
        authors=split_authors(authors),
        published=normalise_date(published, now=now),
        url=normalise_metadata(url),
        language=normalise_language(language),
        text=text,
        source_kind=source_kind,
        source_path=source_path,
        imported_at=now.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        encoding=encoding,
    )
