"""The render tree: a small, closed set of immutable nodes that every writer translates.

`briefing.core.compile` makes every layout decision and records it here; writers (DOCX, PDF,
HTML) only translate these nodes into their format. A writer must handle every node type
below and nothing else.

Text in nodes is plain Unicode (never markup): writers escape it for their format.
`direction` is "rtl" for text whose first strong character is right-to-left, else "ltr".
Anchors are ASCII identifiers unique within a document, usable as bookmark names in every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field


# ---- inline content -------------------------------------------------------------------------
def citation_mark(number: int) -> str:
    """A citation as the reader sees it: "[4]"."""
    return f"[{number}]"


@dataclass(frozen=True)
class Text:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Link:
    """An external hyperlink; `url` is already checked to be http, https or mailto."""

    text: str
    url: str


@dataclass(frozen=True)
class CrossRef:
    """A link to an anchor inside the document, e.g. a key judgment's "[3]" to its quote."""

    text: str
    anchor: str


@dataclass(frozen=True)
class CitationRef:
    """A numbered citation mark ("[4]") pointing at entry `number` of the Sources list."""

    number: int
    anchor: str  # the Sources entry's anchor

    @property
    def mark(self) -> str:
        """How every writer shows it."""
        return citation_mark(self.number)


Inline = Text | Link | CrossRef | CitationRef


# ---- blocks ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cover:
    title: str
    subtitle: str
    date: str  # already formatted for display
    author: str
    organisation: str
    marking: str
    logo_path: str = ""  # a local image file, or "" for none
    prepared_by_label: str = ""  # heads the author/organisation lines; "" when neither is set


@dataclass(frozen=True)
class TocEntry:
    level: int  # 1 or 2
    text: str
    anchor: str


@dataclass(frozen=True)
class TableOfContents:
    title: str
    entries: tuple[TocEntry, ...]


@dataclass(frozen=True)
class Heading:
    level: int  # 1 or 2; every level-1 and level-2 heading has a TocEntry and a PDF bookmark
    text: str
    anchor: str
    direction: str = "ltr"


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    style: str = "body"  # "body" | "commentary" | "note" | "summary"
    direction: str = "ltr"


@dataclass(frozen=True)
class ListItem:
    inlines: tuple[Inline, ...]
    direction: str = "ltr"
    anchor: str = ""


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]
    style: str = "judgments"  # "judgments" (the key judgments) | "plain"


@dataclass(frozen=True)
class BlockQuote:
    """A quote or an excerpt with its attribution line and citation."""

    text: str
    kind: str  # "quote" | "excerpt"
    attribution: str  # e.g. "— Mark Rutte, NATO Secretary General" (may be "")
    citation: CitationRef | None
    anchor: str  # the clip's anchor (target of key-judgment cross references)
    note: str = ""  # the analyst's note, shown under the quote ("" for none)
    marking: str = ""  # the clip's portion marking as shown, "(OFFICIAL)"; "" for none
    direction: str = "ltr"
    note_direction: str = "ltr"
    note_label: str = ""  # shown bold before the note, e.g. "Analyst note" ("" for none)


@dataclass(frozen=True)
class SourceEntry:
    number: int
    anchor: str
    inlines: tuple[Inline, ...]  # "Outlet. Author. Date. “Title”. <link>"
    direction: str = "ltr"

    @property
    def mark(self) -> str:
        """The entry's number as its citations show it."""
        return citation_mark(self.number)


@dataclass(frozen=True)
class SourcesList:
    entries: tuple[SourceEntry, ...]


@dataclass(frozen=True)
class PageBreak:
    pass


Block = (
    Cover
    | TableOfContents
    | Heading
    | Paragraph
    | BulletList
    | BlockQuote
    | SourcesList
    | PageBreak
)


@dataclass(frozen=True)
class DocumentInfo:
    """Whole-document settings every writer applies the same way."""

    title: str
    author: str
    subject: str
    language: str  # BCP 47, e.g. "en"
    created: str  # ISO 8601 date-time
    marking: str  # banner text at the top and bottom of every page ("" for none)
    page_size: str  # "a4" | "letter"
    page_label: str = "Page {page} of {pages}"  # footer page number format


@dataclass(frozen=True)
class Document:
    info: DocumentInfo
    blocks: tuple[Block, ...] = field(default_factory=tuple)
