"""HTML files and pasted HTML: main text and metadata, nothing fetched, nothing executed.

trafilatura finds the article in a page and its metadata (title, site, authors, date, canonical
URL). It only parses the string it is given: no request is made, scripts are never run, and
images, iframes and scripts are not part of its output. When it finds nothing (tiny pasted
fragments), a plain walk over the parsed page gives the visible text of <body> instead.
"""

from __future__ import annotations

import codecs
import copy
import logging
import re
from pathlib import Path

import lxml.html
from lxml import etree

from briefing.core.intake.budget import Budget
from briefing.core.intake.build import build_article
from briefing.core.intake.errors import IntakeError
from briefing.core.intake.html_stream import is_huge_page, stream_page, without_code
from briefing.core.intake.normalise import (
    normalise_language,
    normalise_metadata,
    remove_unwanted,
)
from briefing.core.intake.text import decode_text
from briefing.core.intake.visible_text import TextCollector, Vocabulary
from briefing.core.model import Article

_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
# What browsers do with these labels (the WHATWG Encoding standard): Latin-1 and ASCII pages
# are decoded as windows-1252, and a UTF-16 label without a BOM is not believed.
_CHARSET_ALIASES = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}
_IGNORED_CHARSETS = {"utf-16", "utf-16-le", "utf-16-be", "utf-32"}
_SNIFF_BYTES = 4096


def decode_html(data: bytes, source_name: str, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding) for an HTML file: forced encoding, BOM, <meta charset>, then the text
    detector (strict UTF-8 first)."""
    if encoding or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, source_name, encoding)
    head = data[:_SNIFF_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if match:
        declared = _codec_name(match.group(1).decode("ascii", "replace"))
        if declared:
            try:
                return data.decode(declared), declared
            except UnicodeDecodeError:
                pass  # the page lies about its encoding: detect it instead
    return decode_text(data, source_name)


def _codec_name(label: str) -> str | None:
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in _IGNORED_CHARSETS:
        return None
    return _CHARSET_ALIASES.get(name, name)


# Elements whose content is never text a reader sees.
_INVISIBLE = (
    "head", "script", "style", "noscript", "iframe", "frame", "frameset", "object", "embed",
    "applet", "template", "svg", "math", "canvas", "select", "textarea", "button", "input",
    "audio", "video", "map",
)  # fmt: skip
_HTML_BLOCKS = frozenset((
    "html", "body", "p", "div", "section", "article", "main", "header", "footer", "aside", "nav",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
    "table", "thead", "tbody", "tfoot", "caption", "figure", "figcaption", "address", "hr",
    "details", "summary", "center", "fieldset", "legend", "form",
))  # fmt: skip
# trafilatura's own XML vocabulary for the extracted body.
_EXTRACT_BLOCKS = frozenset(("body", "div", "p", "head", "list", "quote", "table", "code"))
_PAGE_WORDS = Vocabulary.of(
    _HTML_BLOCKS, items="li", rows=("tr",), cells=("td", "th"), line_breaks=("br",),
    preformatted=("pre", "textarea"),
)
_EXTRACT_WORDS = Vocabulary.of(
    _EXTRACT_BLOCKS, items="item", rows=("row",), cells=("cell",), line_breaks=("lb",),
    preformatted=("code",),
)
_EVENTS_PER_CHECK = 20_000  # of a tree walk between two looks at the budget


def _tag(element: etree._Element) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def _visible_text(
    root: etree._Element, vocabulary: Vocabulary, budget: Budget | None = None
) -> str:
    """The text of a tree with a blank line around every block element, so paragraphs stay
    apart, and list items and table rows on lines of their own. Walks iteratively: a
    pathologically deep page cannot exhaust the stack."""
    collector = TextCollector(vocabulary)
    for count, (event, element) in enumerate(etree.iterwalk(root, events=("start", "end"))):
        tag = _tag(element)
        if event == "start":
            collector.start(tag)
            collector.text(element.text)
        else:
            collector.end(tag)
            if element is not root:
                collector.text(element.tail)
        if budget is not None and count % _EVENTS_PER_CHECK == 0:
            budget.check()
    return collector.result()


def _parse_page(html: str) -> lxml.html.HtmlElement | None:
    """The page's tree; a page nested deeper than libxml2 allows (it stops at 256 levels, 2048
    with huge_tree, and silently drops everything after) is flattened first."""
    page, too_deep = _parse(html)
    if too_deep:
        page, _ = _parse(_flattened(html))
    return page


def _parse(html: str) -> tuple[lxml.html.HtmlElement | None, bool]:
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
    )
    try:
        page = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        return None, False
    too_deep = any(
        entry.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in entry.message
        for entry in parser.error_log
    )
    return page, too_deep


# Tags kept when a page is flattened: those that cannot nest without end (the parser closes
# them), and those whose content is not text (a script's code must stay inside its tag).
_FLAT_KEEP = frozenset((
    "html", "head", "title", "meta", "link", "base", "body", "p", "br", "hr", "h1", "h2", "h3",
    "h4", "h5", "h6", "li", "tr", "td", "th", *_INVISIBLE,
))  # fmt: skip
_ANY_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*>")


def _flattened(html: str) -> str:
    """The page with every other tag removed (a block becomes a line break), so nesting
    depth no longer loses text."""

    def replace(match: re.Match[str]) -> str:
        tag = match.group(2).lower()
        if tag in _FLAT_KEEP:
            return match.group(0)
        return "<br>" if tag in _HTML_BLOCKS else ""

    return _ANY_TAG.sub(replace, html)


def _fallback_text(page: etree._Element | None, budget: Budget | None = None) -> str:
    if page is None:
        return ""
    for element in page.xpath("|".join(f"//{tag}" for tag in _INVISIBLE)):
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()  # keeps the element's tail, which is visible text
    body = page.find("body")
    return _visible_text(body if body is not None else page, _PAGE_WORDS, budget)


def _page_language(page: etree._Element | None) -> str:
    if page is None:
        return ""
    candidates = page.xpath(
        "/html/@lang | /html/@xml:lang"
        " | //meta[translate(@http-equiv,'CONTENTLANGUAGE','contentlanguage')"
        "='content-language']/@content"
        " | //meta[@property='og:locale']/@content",
        namespaces={"xml": "http://www.w3.org/XML/1998/namespace"},
    )
    for value in candidates:
        language = normalise_language(str(value).split(",")[0])
        if language:
            return language
    return ""


def _first_text(page: etree._Element | None, path: str) -> str:
    if page is None:
        return ""
    for element in page.xpath(path):
        text = normalise_metadata(element.text_content())
        if text:
            return text
    return ""


def _keep_quote_attributions(page: etree._Element) -> None:
    """trafilatura drops a quote's <footer>/<cite> attribution ("— Jane Smith, minister"), which
    is what an analyst needs most; as a paragraph of the quote it is kept."""
    for element in page.xpath(
        "//blockquote//footer | //blockquote//figcaption | //figure[.//blockquote]/figcaption"
    ):
        element.tag = "p"


def _quiet_trafilatura() -> None:
    # Both log every page they find little in; the caller gets the outcome instead.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def _metadata_fields(document: object) -> dict[str, object]:
    return {
        "title": getattr(document, "title", None) or "",
        "outlet": getattr(document, "sitename", None) or "",
        "authors": getattr(document, "author", None) or "",
        "published": getattr(document, "date", None) or "",
        "url": getattr(document, "url", None) or "",
        "language": getattr(document, "language", None) or "",
    }


def _trafilatura_extract(
    page: lxml.html.HtmlElement, base_url: str
) -> tuple[str, dict[str, object]]:
    """Main text (paragraphs apart) and metadata found by trafilatura; ("", {}) when it finds
    nothing or fails on a malformed page."""
    import trafilatura  # imported on first use: it takes a second to load its language data

    _quiet_trafilatura()
    try:
        document = trafilatura.bare_extraction(
            page,
            url=base_url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
        )
    except Exception:  # a parser failing on hostile input must not take the import down
        return "", {}
    if document is None:
        return "", {}
    text = ""
    body = getattr(document, "body", None)
    if body is not None:
        text = _visible_text(body, _EXTRACT_WORDS)
    return text, _metadata_fields(document)


def _trafilatura_metadata(page: lxml.html.HtmlElement, base_url: str) -> dict[str, object]:
    """The metadata trafilatura finds in (part of) a page, without extracting its text."""
    from trafilatura.metadata import extract_metadata

    _quiet_trafilatura()
    try:
        return _metadata_fields(extract_metadata(page, default_url=base_url or None))
    except Exception:  # as above: hostile input must not take the import down
        return {}


_WHOLE_PAGE = re.compile(r"<!doctype|<html[\s>]|<head[\s>]", re.IGNORECASE)


def _is_fragment(html: str) -> bool:
    """True for a clipboard selection rather than a whole page: browsers wrap selections in
    StartFragment comments, and a bare fragment has no <html>/<head>."""
    head = html[:_SNIFF_BYTES]
    return "<!--StartFragment" in html or not _WHOLE_PAGE.search(head)


# What sites put between a headline and their name in <title>: "Budget row | The Ledger".
_TITLE_SUFFIX = re.compile(r"^\s*(?:[|–—:·•»]|-|::)\s*\S")


_HEADING_SCAN_CHARS = 4000
_NOT_SPACE = re.compile(r"\S")


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def drop_repeated_heading(text: str, title: str) -> str:
    """The text without its first paragraph when that is only the page's heading again (the
    title says it already); a heading that is all the text there is stays."""
    # Found by position, not by splitting: the text can be tens of MB, the heading is short.
    start = len(text) - len(text[:_HEADING_SCAN_CHARS].lstrip())
    newline = text.find("\n", start)
    if newline < 0 or newline - start > _HEADING_SCAN_CHARS:
        return text
    heading, wanted = _words(text[start:newline]), _words(title)
    if not heading or not wanted or _NOT_SPACE.search(text, newline) is None:
        return text
    if heading == wanted or (
        wanted.startswith(heading) and _TITLE_SUFFIX.match(wanted[len(heading):])
    ):
        return text[newline:].lstrip("\n")
    return text


def article_from_html(
    html: str,
    *,
    source_path: str = "",
    source_kind: str = "paste-html",
    base_url: str = "",
    encoding: str = "",
    budget: Budget | None = None,
) -> Article:
    """An article from HTML source: the main text of a whole page, or all the visible text of a
    pasted fragment (the user chose exactly what to copy); metadata from the page."""
    # Control characters and lone surrogates would break parsing. The rest of normalising is
    # done to the text found: on the page itself it would only cost a copy of a huge page.
    html = remove_unwanted(html.removeprefix("\ufeff"))
    source_name = Path(source_path).name if source_path else "pasted HTML"
    budget = budget or Budget(source_name)
    if is_huge_page(html):
        html = without_code(html)
        if is_huge_page(html):
            return _article_from_huge_page(
                html, source_name=source_name, source_path=source_path,
                source_kind=source_kind, base_url=base_url, encoding=encoding, budget=budget,
            )
    page = _parse_page(html)
    budget.check()
    main_text, metadata = "", dict[str, object]()
    if page is not None:
        _keep_quote_attributions(page)
        # trafilatura prunes the tree it is given; the fallback needs the whole page.
        main_text, metadata = _trafilatura_extract(copy.deepcopy(page), base_url)
        budget.check()
    title = (
        metadata.get("title")
        or _first_text(page, "//head/title")
        or _first_text(page, "//h1")
    )
    language = _page_language(page) or metadata.get("language", "")
    if _is_fragment(html) or not main_text:
        # _fallback_text strips <head> and scripts from `page`
        main_text = _fallback_text(page, budget) or main_text
    if not _is_fragment(html):  # a pasted selection is kept whole: the user chose it
        main_text = drop_repeated_heading(main_text, str(title or ""))
    budget.check()  # no text limit: the page's own size bounds its text
    return _page_article(main_text, title, language, metadata, base_url, source_name=source_name,
                         source_kind=source_kind, source_path=source_path, encoding=encoding)


def _page_article(
    text: str,
    title: object,
    language: object,
    metadata: dict[str, object],
    base_url: str,
    *,
    source_name: str,
    source_kind: str,
    source_path: str,
    encoding: str,
) -> Article:
    """The article of a page, small or huge: its text and title with the page's metadata."""
    return build_article(
        text,
        source_name=source_name,
        source_kind=source_kind,
        source_path=source_path,
        encoding=encoding,
        title=title,
        outlet=metadata.get("outlet", ""),
        authors=metadata.get("authors", ""),
        published=metadata.get("published", ""),
        url=metadata.get("url") or base_url,
        language=language,
    )


# Where the metadata of a huge page is looked for: its head and the top of its body.
_HUGE_PAGE_METADATA_CHARS = 512 * 1024
# Void in HTML, but libxml2 may leave them open and the rest of the page inside them.
_VOID_INVISIBLE = frozenset(("input", "embed", "frame"))
_STREAM_SKIPPED = frozenset(_INVISIBLE) - _VOID_INVISIBLE


def _article_from_huge_page(
    html: str,
    *,
    source_name: str,
    source_path: str,
    source_kind: str,
    base_url: str,
    encoding: str,
    budget: Budget,
) -> Article:
    """A page too big for the article extractor (see html_stream): all its visible text,
    streamed; metadata from the start of the page."""
    head, _ = _parse(html[:_HUGE_PAGE_METADATA_CHARS])
    metadata: dict[str, object] = {}
    if head is not None:
        metadata = _trafilatura_metadata(head, base_url)
    budget.check()
    streamed = stream_page(html, _PAGE_WORDS, _STREAM_SKIPPED, budget)
    title = (
        metadata.get("title")
        or normalise_metadata(streamed.title)
        or normalise_metadata(streamed.heading)
    )
    text = streamed.text
    if not _is_fragment(html):  # as for a small page: a pasted selection is kept whole
        text = drop_repeated_heading(text, str(title or ""))
    language = _page_language(head) or metadata.get("language", "")
    return _page_article(text, title, language, metadata, base_url, source_name=source_name,
                         source_kind=source_kind, source_path=source_path, encoding=encoding)


def article_from_html_file(
    path: Path, data: bytes, encoding: str | None = None, budget: Budget | None = None
) -> Article:
    """An article from the bytes of an .html/.htm file."""
    html, used = decode_html(data, path.name, encoding)
    del data  # the caller passes it on without keeping it (see import_file): free it now
    if not html.strip():
        raise IntakeError(path.name, "the file contains no text")
    return article_from_html(
        html, source_path=str(path), source_kind="html", encoding=used, budget=budget
    )
