"""The render tree: a small, closed set of immutable nodes that every writer translates.

`briefing.core.compile` makes every layout decision and records it here; writers (DOCX, PDF,
HTML) only translate these nodes into their format. A writer must handle every node type
below and nothing else.

Text in nodes is plain Unicode (never markup), cleaned by one rule (briefing.core.tree_text):
writers escape it for their format and change nothing else. Every text a writer shows has its
direction here: `direction` (or `<field>_direction`) is "rtl" for text whose first strong
character is right-to-left, else "ltr". Anchors are ASCII identifiers unique within a document,
usable as bookmark names in every format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


# ---- inline content -------------------------------------------------------------------------
def citation_mark(number: int) -> str:
    """A citation as the reader sees it: "[4]"."""
    return f"[{number}]"


@dataclass(frozen=True)
class Text:
    """A run of text. `language` and `direction` are set only where the run differs from the
    block it sits in (an Arabic outlet in an English Sources entry); "" means "as the block"."""

    text: str
    bold: bool = False
    italic: bool = False
    language: str = ""
    direction: str = ""


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
    """A numbered citation mark ("[4]") naming entry `number` of the Sources list. It leads to
    `anchor`: the Sources entry, or, in a key judgment, the quote that supports it (which
    carries the same mark to the entry)."""

    number: int
    anchor: str

    @property
    def mark(self) -> str:
        """How every writer shows it."""
        return citation_mark(self.number)


Inline = Text | Link | CrossRef | CitationRef


def lead_text(label: str) -> str:
    """A label as it leads a paragraph or note: "Analyst note" -> "Analyst note: "."""
    label = label.strip()
    return f"{label}: " if label else ""


DEFAULT_PAGE_LABEL = "Page {page} of {pages}"
_PAGE_FIELDS = re.compile(r"(\{page\}|\{pages\})")


def page_label_pieces(label: str) -> tuple[str, ...]:
    """The page label split into text and its "{page}" and "{pages}" fields, in order."""
    return tuple(piece for piece in _PAGE_FIELDS.split(label) if piece)


def page_label_text(label: str, page: int, pages: int) -> str:
    """The label with its fields filled in: "Page 3 of 12"."""
    values = {"{page}": str(page), "{pages}": str(pages)}
    return "".join(values.get(piece, piece) for piece in page_label_pieces(label))


# Where a quote's attribution line sits: "end" is the quote's end edge (right for a
# left-to-right quote, left for a right-to-left one), "start" the other.
ATTRIBUTION_END = "end"


# ---- blocks ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cover:
    """The cover, the same in every format, in this order from the top: the logo (top right,
    only when compile found it usable), title, subtitle, date, the marking, then at the foot
    the prepared-by label over the author and the organisation. Nothing on it is italic; an
    empty field is left out."""

    title: str
    subtitle: str
    date: str  # already formatted for display
    author: str
    organisation: str
    marking: str
    logo_path: str = ""  # a local image file, or "" for none
    prepared_by_label: str = ""  # heads the author/organisation lines; "" when neither is set
    title_direction: str = "ltr"
    subtitle_direction: str = "ltr"
    date_direction: str = "ltr"
    author_direction: str = "ltr"
    organisation_direction: str = "ltr"
    marking_direction: str = "ltr"
    prepared_by_direction: str = "ltr"


@dataclass(frozen=True)
class TocEntry:
    level: int  # 1 or 2
    text: str
    anchor: str
    direction: str = "ltr"


@dataclass(frozen=True)
class TableOfContents:
    """The contents. `compact` (a short briefing, read as a memo): the contents run on from
    the cover's next page straight into the body, with no page of their own."""

    title: str
    entries: tuple[TocEntry, ...]
    title_direction: str = "ltr"
    compact: bool = False


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
    # The first inline is the paragraph's lead: a bold label such as "Analyst note: " (as
    # `lead_text` writes it), which a writer may set apart but must show as given.
    has_lead: bool = False
    # The target of key-judgment links to clips first placed inline in this paragraph.
    anchor: str = ""


@dataclass(frozen=True)
class ListItem:
    inlines: tuple[Inline, ...]
    direction: str = "ltr"
    anchor: str = ""


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]
    style: str = "judgments"  # "judgments" (the key judgments) | "plain"
    ordered: bool = False  # numbered 1, 2, 3 … from `start` (the analyst's numbered lists)
    start: int = 1


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
    note_label: str = ""  # the note's label, e.g. "Analyst note" ("" for none)
    note_lead: str = ""  # what is shown bold before the note: "Analyst note: " (`lead_text`)
    italic: bool = False  # whether the quote's text is set in italics
    attribution_direction: str = "ltr"
    marking_direction: str = "ltr"
    # The quoted article's language (BCP 47) where it differs from the document's, else "".
    language: str = ""
    # The attribution's: the article's where the attribution is written in the article's own
    # (non-Latin) letters, a speaker named in its words; else "" ("— Grigory Belov, Mayor"
    # typed by the analyst is in the document's language, not the Russian article's).
    attribution_language: str = ""
    attribution_align: str = ATTRIBUTION_END  # "end" | "start" (see ATTRIBUTION_END)


@dataclass(frozen=True)
class SourceEntry:
    """One Sources entry in the one citation style compile writes (`compile.source_inlines`):
    Author. “Title”. Outlet. Date. <link> (accessed date). Its `direction` is the document's,
    so the number, hanging indent and dates stay in place; a right-to-left title or outlet
    is a Text run with a direction of its own."""

    number: int
    anchor: str
    inlines: tuple[Inline, ...]
    direction: str = "ltr"

    @property
    def mark(self) -> str:
        """The entry's number as its citations show it."""
        return citation_mark(self.number)


@dataclass(frozen=True)
class SourcesList:
    entries: tuple[SourceEntry, ...]


@dataclass(frozen=True)
class Figure:
    """A picture set at the text width, its caption line under it ("Figure 2. …").

    `data` is PNG, JPEG or sanitised SVG (`mime`); `width` x `height` its size in pixels,
    which only fixes its proportions: every writer sizes it with `figure_box`."""

    data: bytes
    mime: str
    width: int
    height: int
    caption: tuple[Inline, ...]
    anchor: str
    alt: str = ""  # the caption as plain text, for readers that cannot see the picture
    direction: str = "ltr"


# A figure is never taller than this share of the text area, so a tall portrait picture
# leaves room for its caption and does not push a page out on its own.
FIGURE_MAX_HEIGHT_SHARE = 0.6


def figure_box(
    width: int, height: int, text_width: float, text_height: float
) -> tuple[float, float]:
    """The size a figure is drawn at, in the units of `text_width`: the full text width, or
    less when that would make it taller than FIGURE_MAX_HEIGHT_SHARE of the text height."""
    aspect = height / width if width > 0 and height > 0 else 0.75
    drawn_width = text_width
    limit = text_height * FIGURE_MAX_HEIGHT_SHARE
    if drawn_width * aspect > limit:
        drawn_width = limit / aspect
    return drawn_width, drawn_width * aspect


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
    | Figure
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
    # The footer's page number: text in which every writer fills exactly the {page} and
    # {pages} fields and prints everything else as written (`page_label_pieces`).
    page_label: str = "Page {page} of {pages}"
    marking_direction: str = "ltr"
    # Whether the first page (the cover) shows the page label; the marking is on every page.
    # Pages are counted from the cover either way: the page after it is "Page 2 of N".
    label_first_page: bool = True
    direction: str = "ltr"  # the document's own direction, from its language


@dataclass(frozen=True)
class Document:
    info: DocumentInfo
    blocks: tuple[Block, ...] = field(default_factory=tuple)
