"""The briefing model: plain dataclasses, no behaviour beyond look-ups.

Only `briefing.core.ops` changes a Briefing after it has been built; everything else reads it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum

FORMAT_VERSION = 2

PAGE_SIZES = ("a4", "letter")


def new_id(prefix: str) -> str:
    """A short random id such as ``c-1f3a9b2c``; the prefix says what kind of object it names."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@dataclass
class Article:
    id: str
    title: str = ""
    outlet: str = ""
    authors: list[str] = field(default_factory=list)
    published: str = ""  # ISO date (YYYY-MM-DD) or "" when unknown
    url: str = ""
    language: str = ""  # BCP 47 tag such as "en", "ru", or "" when unknown
    text: str = ""  # normalised full text; clip spans index into it (Python code points)
    source_kind: str = ""  # "txt", "md", "html", "docx", "pdf", "paste-text", "paste-html"
    source_path: str = ""  # where it was imported from ("" for pasted text)
    imported_at: str = ""  # ISO 8601 timestamp of the import
    encoding: str = ""  # the encoding the source file was decoded with, when it was text
    library_id: str = ""  # the article's id in the library it was copied from or filed in
    text_sha256: str = ""  # hex sha256 of `text` when filed or fetched: shows the copy is unchanged
    # Articles from the web (all optional; empty for files and pastes):
    description: str = ""  # the page's own summary (meta/Open Graph/JSON-LD description)
    accessed_at: str = ""  # ISO 8601 timestamp of the fetch: which version was quoted
    partial: bool = False  # the text is a teaser or truncated (paywall, "subscribe to …")
    partial_reason: str = ""  # why it is marked partial, for the reader and the checks


class ClipKind(StrEnum):
    QUOTE = "quote"
    EXCERPT = "excerpt"


@dataclass
class Clip:
    id: str
    article_id: str
    kind: ClipKind
    text: str  # the text as it appears in the briefing
    start: int  # span of Article.text it was taken from: text == article.text[start:end]
    end: int
    speaker: str = ""  # quotes: who said it
    speaker_role: str = ""  # quotes: e.g. "NATO Secretary General"
    note: str = ""  # the analyst's note on this clip
    marking: str = ""  # its own handling marking, "" if none
    suggested: bool = False  # filed by the quote finder, not yet confirmed by the analyst


@dataclass
class ClipRef:
    """A section item that places a clip. A clip is placed in at most one section."""

    clip_id: str


@dataclass
class Note:
    """A section item: the analyst's free text between clips."""

    id: str
    text: str = ""


@dataclass
class Figure:
    """A section item: a picture with its caption and credit, stored in the file itself.

    `data` is PNG, JPEG or sanitised SVG as `briefing.core.images` kept it; width and height
    are its size in pixels (CSS pixels for SVG), which fixes its proportions in print.
    """

    id: str
    data: bytes = b""
    mime: str = ""
    width: int = 0
    height: int = 0
    caption: str = ""
    credit: str = ""  # who made or owns the picture, e.g. "Photo: Reuters"


SectionItem = ClipRef | Note | Figure


def item_id(item: SectionItem) -> str:
    """The id that names an item within the whole briefing (a clip id for placed clips)."""
    return item.clip_id if isinstance(item, ClipRef) else item.id


@dataclass
class Section:
    id: str
    heading: str = ""
    commentary: str = ""
    items: list[SectionItem] = field(default_factory=list)


@dataclass
class KeyJudgment:
    id: str
    text: str = ""
    clip_ids: list[str] = field(default_factory=list)  # the clips that support it


@dataclass
class BriefingMeta:
    title: str = ""
    subtitle: str = ""
    author: str = ""
    organisation: str = ""
    date: str = ""  # ISO date of the briefing
    marking: str = ""  # handling marking of the whole briefing
    key_judgments: list[KeyJudgment] = field(default_factory=list)
    theme: str = "default"
    page_size: str = "a4"  # one of PAGE_SIZES
    language: str = "en"


@dataclass
class Briefing:
    meta: BriefingMeta = field(default_factory=BriefingMeta)
    articles: list[Article] = field(default_factory=list)
    clips: list[Clip] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def article(self, article_id: str) -> Article | None:
        return next((a for a in self.articles if a.id == article_id), None)

    def clip(self, clip_id: str) -> Clip | None:
        return next((c for c in self.clips if c.id == clip_id), None)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def section_index(self, section_id: str) -> int | None:
        """Where the section stands in the briefing, or None if there is no such section."""
        return next((i for i, s in enumerate(self.sections) if s.id == section_id), None)

    def clips_of(self, article_id: str) -> list[Clip]:
        return [c for c in self.clips if c.article_id == article_id]

    def placement(self, item_id_: str) -> tuple[Section, int] | None:
        """The section holding the item with this id and its index there, or None."""
        for section in self.sections:
            for index, item in enumerate(section.items):
                if item_id(item) == item_id_:
                    return section, index
        return None

    def placed_clip_ids(self) -> set[str]:
        """The ids of the clips some section places (only those are exported)."""
        return {i.clip_id for s in self.sections for i in s.items if isinstance(i, ClipRef)}

    def unplaced_clips(self) -> list[Clip]:
        placed = self.placed_clip_ids()
        return [c for c in self.clips if c.id not in placed]
