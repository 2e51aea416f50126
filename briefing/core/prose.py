"""The analyst's prose: section commentary, notes and key judgments, written in a small
Markdown subset (docs/prose.md) and parsed with markdown-it-py.

The subset is markdown-it's "zero" preset with only these rules switched on: paragraphs
(blank lines), bullet and numbered lists, emphasis (`*italic*`, `**bold**`), links
(`[text](https://…)`), backslash escapes and line breaks (a single newline is a line break,
as in v1 files), plus our own `[@CLIP-ID]`, which places a clip inline as a quote. Raw HTML,
headings, code, block quotes, images, tables and entities are off, so `#`, `>`, `<`, `&`
and `` ` `` are ordinary characters.

This module only reads and writes the subset; `briefing.core.compile_prose` turns what it
reads into render-tree nodes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class LinkSpan:
    """Link text; `url` is what the source wrote (compile decides whether it may be live)."""

    text: str
    url: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class ClipMention:
    """`[@CLIP-ID]`: the clip placed inline, printed as its quote in quotation marks."""

    clip_id: str
    bold: bool = False
    italic: bool = False


ProseInline = Span | LinkSpan | ClipMention


@dataclass(frozen=True)
class ProseParagraph:
    inlines: tuple[ProseInline, ...]


@dataclass(frozen=True)
class ProseList:
    """A list one level deep: items of nested lists join the outer list, in order."""

    items: tuple[tuple[ProseInline, ...], ...]
    ordered: bool = False
    start: int = 1


ProseBlock = ProseParagraph | ProseList

# An id as `new_id` makes them ("c-1f3a9b2c"), or any hand-written one without spaces or "]".
_CLIP_REF = re.compile(r"\[@([^\]\s]+)\]")
# What may start markup: without any of these the text is paragraphs of plain lines, which
# a quick split reads exactly as markdown-it would (tests/core/test_prose.py compares them).
_MAYBE_MARKUP = re.compile(r"[\\*_\[\]]|^[ \t]*(?:[-+]|[0-9]{1,9}[.)])(?:[ \t]|$)", re.MULTILINE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINE_START_MARKER = re.compile(r"^([ \t]*)([-+]|[0-9]{1,9}[.)])(?=[ \t]|$)", re.MULTILINE)
_V1_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_INLINE_SIGNIFICANT = re.compile(r"([\\*_\[\]])")


def _clip_ref_rule(state: StateInline, silent: bool) -> bool:
    match = _CLIP_REF.match(state.src, state.pos)
    if match is None or match.end() > state.posMax:
        return False
    if not silent:
        token = state.push("clip_ref", "", 0)
        token.meta = {"clip_id": match.group(1)}
        token.markup = match.group(0)
    state.pos = match.end()
    return True


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("zero", {"breaks": True, "html": False, "typographer": False})
    md.enable(["list", "emphasis", "link", "newline", "escape"])
    md.inline.ruler.before("link", "clip_ref", _clip_ref_rule)
    return md


# ---- reading --------------------------------------------------------------------------------
@lru_cache(maxsize=8192)
def parse_prose(text: str) -> tuple[ProseBlock, ...]:
    """The blocks of a prose field. Cached: the live preview compiles on every edit."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    if not _MAYBE_MARKUP.search(text):
        return _plain_blocks(text)
    return _blocks(_parser().parse(text))


def _plain_blocks(text: str) -> tuple[ProseBlock, ...]:
    blocks: list[ProseBlock] = []
    for chunk in _BLANK_LINE.split(text):
        # as markdown-it: indentation and the spaces before a line break go, then the
        # paragraph is stripped of any whitespace at its ends
        lines = [line.lstrip(" \t").rstrip(" ") for line in chunk.split("\n")]
        joined = mdTrim("\n".join(lines))
        if joined:
            blocks.append(ProseParagraph((Span(joined),)))
    return tuple(blocks)


def _blocks(tokens: list[Token]) -> tuple[ProseBlock, ...]:
    blocks: list[ProseBlock] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "inline" and token.level == 1:  # a top-level paragraph's content
            inlines = _inlines(token.children or [])
            if inlines:
                blocks.append(ProseParagraph(inlines))
        elif token.type in ("bullet_list_open", "ordered_list_open") and token.level == 0:
            index, block = _list(tokens, index)
            blocks.append(block)
            continue
        index += 1
    return tuple(blocks)


def _list(tokens: list[Token], index: int) -> tuple[int, ProseList]:
    """The list opened at `index`, and the index after its end."""
    opening = tokens[index]
    ordered = opening.type == "ordered_list_open"
    start = opening.attrGet("start") if ordered else None
    items: list[list[ProseInline]] = []
    open_items: list[list[ProseInline]] = []
    depth = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0:
                break
        elif token.type == "list_item_open":
            item: list[ProseInline] = []
            items.append(item)  # reserved now: an item comes before the items nested in it
            open_items.append(item)
        elif token.type == "list_item_close":
            open_items.pop()
        elif token.type == "inline" and open_items:
            current = open_items[-1]
            inlines = _inlines(token.children or [])
            if current and inlines:  # a second paragraph in one item goes on a new line
                current.append(Span("\n"))
            current.extend(inlines)
    merged = tuple(_merged(item) for item in items)
    number = int(start) if isinstance(start, int | str) and str(start).isdigit() else 1
    return index, ProseList(merged, ordered, number)


def _inlines(children: list[Token]) -> tuple[ProseInline, ...]:
    out: list[ProseInline] = []
    bold = italic = 0
    url: str | None = None
    for token in children:
        kind = token.type
        if kind == "text":
            if token.content:
                out.append(_span(token.content, url, bold > 0, italic > 0))
        elif kind in ("softbreak", "hardbreak"):
            out.append(_span("\n", url, bold > 0, italic > 0))
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            href = token.attrGet("href")
            url = href if isinstance(href, str) else ""
        elif kind == "link_close":
            url = None
        elif kind == "clip_ref":
            out.append(ClipMention(token.meta["clip_id"], bold > 0, italic > 0))
    return _merged(out)


def _span(text: str, url: str | None, bold: bool, italic: bool) -> ProseInline:
    if url is None:
        return Span(text, bold, italic)
    return LinkSpan(text, url, bold, italic)


def _merged(inlines: list[ProseInline]) -> tuple[ProseInline, ...]:
    """Neighbouring pieces of the same look joined into one: every text has one reading."""
    out: list[ProseInline] = []
    for inline in inlines:
        last = out[-1] if out else None
        if (
            isinstance(inline, Span | LinkSpan)
            and type(last) is type(inline)
            and isinstance(last, Span | LinkSpan)
            and _look(last) == _look(inline)
        ):
            out[-1] = replace(last, text=last.text + inline.text)
        else:
            out.append(inline)
    return tuple(out)


def _look(inline: Span | LinkSpan) -> tuple[Any, ...]:
    url = inline.url if isinstance(inline, LinkSpan) else None
    return (url, inline.bold, inline.italic)


def clip_mentions(text: str) -> list[str]:
    """The clip ids `[@CLIP-ID]` places in a prose field, in order (repeats kept)."""
    if "[@" not in text:  # most prose places no clip: skip the parse
        return []
    return [
        inline.clip_id
        for block in parse_prose(text)
        for line in (block.items if isinstance(block, ProseList) else (block.inlines,))
        for inline in line
        if isinstance(inline, ClipMention)
    ]


def plain_text(blocks: tuple[ProseBlock, ...]) -> str:
    """The words of the blocks without their markup (clips as their `[@id]`); paragraphs and
    list items on lines of their own."""
    lines: list[str] = []
    for block in blocks:
        for line in block.items if isinstance(block, ProseList) else (block.inlines,):
            lines.append("".join(_inline_plain(inline) for inline in line))
    return "\n".join(lines)


def _inline_plain(inline: ProseInline) -> str:
    return f"[@{inline.clip_id}]" if isinstance(inline, ClipMention) else inline.text


# ---- writing --------------------------------------------------------------------------------
def escape_prose(text: str) -> str:
    """Plain text as the subset, so that it reads back as the same words: every character
    that could start markup is backslash-escaped. Used by the format 1 → 2 migration."""
    escaped = _INLINE_SIGNIFICANT.sub(r"\\\1", text)
    return _LINE_START_MARKER.sub(_escape_marker, escaped)


def prose_from_plain_text(text: str) -> str:
    """Format-1 plain text as prose that prints the same: its paragraphs (split where format
    1 split them, at lines holding only whitespace) escaped and separated by one blank line."""
    paragraphs = (p.strip() for p in _V1_PARAGRAPH_BREAK.split(text))
    return "\n\n".join(escape_prose(p) for p in paragraphs if p)


def _escape_marker(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    if marker in "-+":
        return f"{indent}\\{marker}"
    return f"{indent}{marker[:-1]}\\{marker[-1]}"


def prose_markdown(blocks: tuple[ProseBlock, ...]) -> str:
    """Blocks written back as the subset: `parse_prose(prose_markdown(x)) == x` for blocks
    whose emphasised and linked texts neither start nor end with a space."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, ProseParagraph):
            out.append(_inline_markdown(block.inlines))
            continue
        lines = []
        for number, item in enumerate(block.items, start=block.start):
            marker = f"{number}." if block.ordered else "-"
            body = _inline_markdown(item).replace("\n", "\n" + " " * (len(marker) + 1))
            lines.append(f"{marker} {body}")
        out.append("\n".join(lines))
    return "\n\n".join(out)


def _inline_markdown(inlines: tuple[ProseInline, ...]) -> str:
    parts: list[str] = []
    index = 0
    while index < len(inlines):
        inline = inlines[index]
        if isinstance(inline, LinkSpan):  # one link may hold pieces of several looks
            pieces = []
            while index < len(inlines):
                piece = inlines[index]
                if not (isinstance(piece, LinkSpan) and piece.url == inline.url):
                    break
                pieces.append(_emphasised(_escape_inline(piece.text), piece.bold, piece.italic))
                index += 1
            parts.append(f"[{''.join(pieces)}](<{inline.url}>)")
            continue
        if isinstance(inline, ClipMention):
            text = f"[@{inline.clip_id}]"
        else:
            text = _escape_inline(inline.text)
        parts.append(_emphasised(text, inline.bold, inline.italic))
        index += 1
    return escape_line_starts("".join(parts))


def _escape_inline(text: str) -> str:
    return _INLINE_SIGNIFICANT.sub(r"\\\1", text)


def escape_line_starts(text: str) -> str:
    """List markers at the start of a line escaped so that they stay text."""
    return _LINE_START_MARKER.sub(_escape_marker, text)


def _emphasised(text: str, bold: bool, italic: bool) -> str:
    if italic:
        text = f"*{text}*"
    if bold:
        text = f"**{text}**"
    return text


__all__ = [
    "ClipMention",
    "LinkSpan",
    "ProseBlock",
    "ProseInline",
    "ProseList",
    "ProseParagraph",
    "Span",
    "clip_mentions",
    "escape_line_starts",
    "escape_prose",
    "parse_prose",
    "plain_text",
    "prose_from_plain_text",
    "prose_markdown",
]
