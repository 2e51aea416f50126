"""Huge HTML pages: their visible text streamed through the parser, without building a tree.

The article extractor (trafilatura) needs the whole page as a tree, copies it, and its cost
grows faster than the page: 500,000 paragraphs (a 40 MB page) took 18 minutes and 1.9 GB.
No article has that many elements, so a page above `TREE_PAGE_TAGS` tags or `TREE_PAGE_CHARS`
characters (after its scripts and styles are set aside) is not given to it. Its text is read
in one pass instead: the parser reports each tag and each piece of text to a collector, so
memory stays near the size of the page and its text, and the budget is checked between the
slices of the page the parser reads, so the time limit and Cancel stop the read inside it.
What is lost is boilerplate removal: menus and footers of such a page stay in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

from lxml import etree

from briefing.core.intake.budget import Budget
from briefing.core.intake.visible_text import TextCollector, Vocabulary

# About 20,000 elements: trafilatura reads that in a few seconds, and a long news article
# with its page around it has a few thousand. Tags are counted as "<", an upper bound.
TREE_PAGE_TAGS = 40_000
TREE_PAGE_CHARS = 4_000_000
# Characters handed to the parser at a time: the budget is checked between slices.
STREAM_SLICE_CHARS = 1 << 20

# Scripts, styles and comments set aside before a big page is measured: a real page is often
# big because of them. JSON-LD scripts stay, they hold the page's metadata.
_CODE_BLOCKS = re.compile(
    r"<!--.*?-->"
    r"|<script\b(?![^>]*ld\+json)[^>]*>.*?</script\s*>"
    r"|<style\b[^>]*>.*?</style\s*>",
    re.IGNORECASE | re.DOTALL,
)


def is_huge_page(html: str) -> bool:
    """True for a page too big to give to the tree-building extractor."""
    return len(html) > TREE_PAGE_CHARS or html.count("<") > TREE_PAGE_TAGS


def without_code(html: str) -> str:
    """The page without its comments, scripts (other than JSON-LD) and styles."""
    return _CODE_BLOCKS.sub("", html)


@dataclass
class StreamedPage:
    text: str
    title: str
    heading: str  # the first <h1>


class _PageEvents:
    """The parser's target: visible text to the collector, the title and first heading aside.
    Text inside invisible elements (scripts, styles, forms' controls, <head>) is skipped."""

    def __init__(self, vocabulary: Vocabulary, invisible: frozenset[str]) -> None:
        self.collector = TextCollector(vocabulary)
        self._invisible = invisible
        self._depth = 0
        self._skip_above: int | None = None  # text is skipped while deeper than this
        self._capture: str | None = None  # "title" or "h1" while inside the first of them
        self._captured: dict[str, list[str]] = {"title": [], "h1": []}

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        tag = tag.lower() if isinstance(tag, str) else ""
        self._depth += 1
        if tag in self._captured and self._capture is None and not self._captured[tag]:
            self._capture = tag
        if self._skip_above is None and tag in self._invisible:
            self._skip_above = self._depth - 1
        if self._skip_above is None:
            self.collector.start(tag)

    def end(self, tag: str) -> None:
        tag = tag.lower() if isinstance(tag, str) else ""
        if tag == self._capture:
            self._capture = None
        if self._skip_above is None:
            self.collector.end(tag)
        self._depth -= 1
        if self._skip_above is not None and self._depth <= self._skip_above:
            self._skip_above = None

    def data(self, text: str) -> None:
        if self._capture is not None:
            self._captured[self._capture].append(text)
        if self._skip_above is None:
            self.collector.text(text)

    def close(self) -> StreamedPage:
        title, heading = ("".join(self._captured[key]) for key in ("title", "h1"))
        return StreamedPage(self.collector.result(), title, heading)


class _SliceReader:
    """The page as UTF-8 for the parser's pull interface, encoded a slice at a time, with a
    look at the budget before each slice. (The push interface, `feed`, keeps every byte it
    was given until the end: the page's size again.)"""

    def __init__(self, html: str, budget: Budget) -> None:
        self._html = html
        self._budget = budget
        self._next = 0  # of the page's characters
        self._slice = b""
        self._offset = 0  # in the current slice

    def read(self, size: int = -1) -> bytes:
        if self._offset >= len(self._slice):
            if self._next >= len(self._html):
                return b""
            self._budget.check()
            self._slice = self._html[self._next : self._next + STREAM_SLICE_CHARS].encode()
            self._next += STREAM_SLICE_CHARS
            self._offset = 0
        end = len(self._slice) if size < 0 else self._offset + size
        piece = self._slice[self._offset : end]
        self._offset += len(piece)
        return piece


def stream_page(
    html: str, vocabulary: Vocabulary, invisible: frozenset[str], budget: Budget
) -> StreamedPage:
    """The visible text, title and first heading of a page, read without a tree;
    `budget.check()` runs before each slice of the page is parsed (so IntakeError past the
    time, IntakeCancelled, stop it within a slice)."""
    # The target implements only the events a page has (no namespaces, no PIs): cast for
    # the stubs' full protocol.
    target = cast("etree.ParserTarget[StreamedPage]", _PageEvents(vocabulary, invisible))
    parser = etree.HTMLParser(
        target=target,
        encoding="utf-8", no_network=True, huge_tree=True, remove_pis=True,
    )
    page: StreamedPage = etree.parse(_SliceReader(html, budget), parser)
    budget.check()
    return page
