"""Prose (briefing.core.prose) → render-tree blocks and inlines, for `compile`.

Decided here, once, for every writer: an inline-placed clip is printed as its quote in
curly quotation marks followed by its citation mark, e.g. Rutte called it a “real
breakthrough” [1] (a no-break space keeps the mark beside the quote), its run in its
article's language where that is not the document's; bold and italic
become the Text node's flags; a link is live only when `safe_url` allows its URL, else its
text stays as plain text; a `[@id]` naming no clip is printed as written (the checks
report it as an error).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from briefing.core import blocks as b
from briefing.core.prose import (
    ClipMention,
    LinkSpan,
    ProseBlock,
    ProseInline,
    ProseList,
    ProseParagraph,
    parse_prose,
)
from briefing.core.tree_text import text_direction
from briefing.core.urls import safe_url

# The marks around an inline quote. The project keeps no per-language table of quotation
# marks yet, so every language gets the curly English pair.
QUOTE_OPEN = "“"
QUOTE_CLOSE = "”"
_NO_BREAK_SPACE = "\u00a0"


@dataclass(frozen=True)
class InlineClip:
    """What compile knows about a clip placed inline: its words, its citation, and its
    article's language where that differs from the document's ("" when it does not)."""

    text: str
    citation: b.CitationRef | None
    language: str = ""


# Looks up a clip id; None when the briefing has no such clip.
ClipLookup = Callable[[str], InlineClip | None]
# Names the anchor a paragraph gets for the clips first placed in it ("" for none).
AnchorFor = Callable[[tuple[str, ...]], str]


def inline_quote_text(clip_text: str) -> str:
    """A clip's words as an inline quote: on one line, in quotation marks."""
    return f"{QUOTE_OPEN}{' '.join(clip_text.split())}{QUOTE_CLOSE}"


def prose_inlines(inlines: tuple[ProseInline, ...], clip: ClipLookup) -> tuple[b.Inline, ...]:
    out: list[b.Inline] = []
    for inline in inlines:
        if isinstance(inline, ClipMention):
            found = clip(inline.clip_id)
            if found is None:
                out.append(b.Text(f"[@{inline.clip_id}]", inline.bold, inline.italic))
                continue
            quoted = inline_quote_text(found.text)
            # its own direction for now; `in_block` keeps it only where it is not the block's
            own = text_direction(found.text, "")
            out.append(b.Text(quoted, inline.bold, inline.italic, found.language, own))
            if found.citation is not None:
                out.append(b.Text(_NO_BREAK_SPACE))
                out.append(found.citation)
        elif isinstance(inline, LinkSpan):
            url = safe_url(inline.url)
            if url and inline.text.strip():
                out.append(b.Link(inline.text, url))
            else:
                out.append(b.Text(inline.text, inline.bold, inline.italic))
        else:
            out.append(b.Text(inline.text, inline.bold, inline.italic))
    return tuple(out)


def mentioned(line: tuple[ProseInline, ...]) -> tuple[str, ...]:
    return tuple(i.clip_id for i in line if isinstance(i, ClipMention))


def in_block(inlines: Sequence[b.Inline], direction: str) -> tuple[b.Inline, ...]:
    """The inlines of a block that reads `direction`: an inline quote in another direction
    (Arabic in English prose) keeps its own, so every writer isolates it (bdi, w:rtl) and
    the punctuation at its ends stays with it; in the block's direction it says nothing."""
    return tuple(
        replace(i, direction="") if isinstance(i, b.Text) and i.direction == direction else i
        for i in inlines
    )


def _words(inlines: Sequence[b.Inline], *, quotes: bool = True) -> str:
    return "".join(
        i.text
        for i in inlines
        if isinstance(i, b.Link) or (isinstance(i, b.Text) and (quotes or not i.direction))
    )


def block_direction(inlines: Sequence[b.Inline], default: str = "ltr") -> str:
    """The direction of a block of prose: its own words' (an English paragraph that opens
    with an Arabic quote is English), else its quotes' when it has no words of its own,
    else `default`. Before `in_block`: only inline quotes carry a direction then."""
    return text_direction(_words(inlines, quotes=False), text_direction(_words(inlines), default))


def prose_blocks(
    text: str,
    style: str,
    clip: ClipLookup,
    anchor_for: AnchorFor,
    lead: str = "",
) -> list[b.Block]:
    """The blocks of one prose field: paragraphs in `style`, lists as plain lists. `lead`
    (e.g. "Analyst note: ") leads the first paragraph, or stands alone before a list."""
    out: list[b.Block] = []
    for index, block in enumerate(parse_prose(text)):
        led = bool(lead) and index == 0
        if isinstance(block, ProseParagraph):
            inlines = prose_inlines(block.inlines, clip)
            direction = block_direction(inlines)
            inlines = in_block(inlines, direction)
            if led:
                inlines = (b.Text(lead, bold=True), *inlines)
            anchor = anchor_for(mentioned(block.inlines))
            out.append(b.Paragraph(inlines, style, direction, has_lead=led, anchor=anchor))
            continue
        if led:
            out.append(b.Paragraph((b.Text(lead, bold=True),), style, text_direction(lead),
                                   has_lead=True))  # fmt: skip
        out.append(_list(block, clip, anchor_for))
    return out


def _list(block: ProseList, clip: ClipLookup, anchor_for: AnchorFor) -> b.BulletList:
    items = []
    for line in block.items:
        inlines = prose_inlines(line, clip)
        direction = block_direction(inlines)
        anchor = anchor_for(mentioned(line))
        items.append(b.ListItem(in_block(inlines, direction), direction, anchor))
    return b.BulletList(tuple(items), "plain", ordered=block.ordered, start=block.start)


def judgment_inlines(text: str, clip: ClipLookup) -> tuple[b.Inline, ...]:
    """A key judgment is one list item: its paragraphs and list items join on new lines."""
    out: list[b.Inline] = []
    for block in parse_prose(text):
        lines = block.items if isinstance(block, ProseList) else (block.inlines,)
        for line in lines:
            if out:
                out.append(b.Text("\n"))
            out.extend(prose_inlines(line, clip))
    return tuple(out)


def prose_clip_ids(text: str) -> list[str]:
    """The clips a prose field places inline, in document order."""
    ids: list[str] = []
    for block in parse_prose(text):
        for line in block.items if isinstance(block, ProseList) else (block.inlines,):
            ids.extend(mentioned(line))
    return ids


__all__ = [
    "QUOTE_CLOSE",
    "QUOTE_OPEN",
    "InlineClip",
    "ProseBlock",
    "inline_quote_text",
    "judgment_inlines",
    "prose_blocks",
    "prose_clip_ids",
    "prose_inlines",
]
