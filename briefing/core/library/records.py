"""What the library stores and answers: plain dataclasses shared by both engines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from briefing.core.errors import BriefingError

# Where an article came from, in the library's words (an Article's own source_kind is the
# format: txt, html, paste-text, ...).
SOURCE_KINDS = ("file", "paste", "url", "feed")


class LibraryError(BriefingError):
    """A library that cannot be opened, read or written; the message says which and why."""


class LibraryUnavailable(LibraryError):
    """The library's database cannot be reached (server gone, file unreadable)."""


class StaleEditError(LibraryError):
    """An edit based on an older version of the article: someone changed it meanwhile."""

    def __init__(self, message: str, *, current: LibraryArticle) -> None:
        super().__init__(message)
        self.current = current


class NotFoundError(LibraryError):
    """No article with that id."""


def iso_now(now: datetime | None = None) -> str:
    """`now` (default: the current time) as the ISO 8601 UTC text the library stores."""
    moment = now if now is not None else datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass
class LibraryArticle:
    id: int
    title: str = ""
    outlet: str = ""
    authors: list[str] = field(default_factory=list)
    published: str = ""  # ISO date or ""
    url: str = ""
    language: str = ""
    text: str = ""
    added_at: str = ""  # ISO 8601 UTC
    added_by: str = ""
    source_kind: str = "file"  # one of SOURCE_KINDS
    source_format: str = ""  # the Article's source_kind: txt, html, paste-text, ...
    source_path: str = ""  # file path or URL it came from
    sha256: str = ""
    simhash: int = 0
    version: int = 1  # raised by every edit; an edit names the version it started from
    updated_at: str = ""
    updated_by: str = ""
    # From the web (empty for files and pastes), as in the briefing's Article:
    description: str = ""
    accessed_at: str = ""  # ISO 8601 UTC of the fetch
    partial: bool = False  # a teaser or truncated text (paywall, very short)
    partial_reason: str = ""
    unread: bool = False  # came in from a feed and not opened yet
    tags: list[str] = field(default_factory=list)
    uses: int = 0  # how many times it was copied into a briefing


@dataclass
class ArticleSummary:
    """A search result row: everything but the text."""

    id: int
    title: str
    outlet: str
    authors: list[str]
    published: str
    language: str
    added_at: str
    description: str = ""
    partial: bool = False
    partial_reason: str = ""
    unread: bool = False
    tags: list[str] = field(default_factory=list)
    uses: int = 0


@dataclass
class Snippet:
    """A short piece of the text around the match; `highlights` are (start, end) offsets of
    the matched words in `text`."""

    text: str
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def marked(self, before: str = "[", after: str = "]") -> str:
        out, last = [], 0
        for start, end in self.highlights:
            out += [self.text[last:start], before, self.text[start:end], after]
            last = end
        out.append(self.text[last:])
        return "".join(out)


@dataclass
class SearchHit:
    article: ArticleSummary
    snippet: Snippet
    rank: float = 0.0


@dataclass
class SearchFilters:
    tags: tuple[str, ...] = ()  # every one of them
    outlet: str = ""
    language: str = ""  # "en" also matches "en-GB"
    # Inclusive ISO dates, on the publication date (or the date added); a month (2026-03) or
    # a year (2026) takes the whole period. Anything else is refused (see `dates`).
    since: str = ""
    until: str = ""
    unused: bool = False  # only articles not yet copied into any briefing
    unread: bool = False  # only articles from feeds not opened yet
    feed: int = 0  # only articles a refresh filed from this feed (its id); 0: any


@dataclass
class AddResult:
    article: LibraryArticle
    added: bool  # False: it was already there (`article` is the existing one)
    duplicate_kind: str = ""  # "same text" or "near duplicate" when not added
    similarity: float = 1.0

    @property
    def message(self) -> str:
        if self.added:
            return f"{self.article.id}\t{self.article.title}"
        how = "" if self.duplicate_kind == "same text" else f" ({self.duplicate_kind})"
        return f"already in the library{how}: {self.article.id}\t{self.article.title}"


@dataclass
class TagCount:
    name: str
    count: int


@dataclass
class Person:
    name: str
    role: str
    uses: int = 1
