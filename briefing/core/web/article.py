"""An article from a URL: fetched safely, read by the HTML intake, then dated and fingerprinted.

The page goes through the same reader as an HTML file (trafilatura plus our fallbacks), so a
saved page and the live one give the same article. What only the web adds is here: the decoded
page (the server's charset first), the description, the language when the page does not say it
or says it wrongly (py3langid on the text), the paywall mark, the access time and the text's
sha256 so a reader can tell which version of a changing page was quoted.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import lxml.html
from lxml import etree

from briefing.core.intake.errors import IntakeError
from briefing.core.intake.html import article_from_html, decode_html
from briefing.core.intake.normalise import normalise_metadata
from briefing.core.model import Article
from briefing.core.web.fetcher import (
    Cancelled,
    FetchError,
    FetchPolicy,
    FetchResult,
    Progress,
    fetch,
)
from briefing.core.web.paywall import paywall_phrase

HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")
ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"

# Below this many words a page is a teaser, a cookie wall or a stub rather than an article.
SHORT_TEXT_WORDS = 120
_TAIL_CHARS = 600
_MIN_WORDS_FOR_DETECTION = 12


@dataclass(frozen=True)
class PageFacts:
    """What a page says about itself that the article reader does not report."""

    description: str = ""
    free: bool | None = None  # JSON-LD isAccessibleForFree; None when the page does not say


def _json_ld_objects(page: etree._Element) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for script in page.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue  # broken JSON-LD is common; the rest of the page still counts
        stack = [data]
        while stack and len(found) < 200:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                stack.extend(v for k, v in item.items() if k in ("@graph", "hasPart", "mainEntity"))
    return found


def _as_bool(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def page_facts(html: str) -> PageFacts:
    """The description (meta, Open Graph, then JSON-LD) and JSON-LD's isAccessibleForFree."""
    try:
        page = lxml.html.document_fromstring(
            html.encode("utf-8"),
            parser=lxml.html.HTMLParser(encoding="utf-8", no_network=True),
        )
    except (etree.ParserError, ValueError):
        return PageFacts()
    description = ""
    for path in (
        "//meta[@property='og:description']/@content",
        "//meta[@name='description']/@content",
        "//meta[@name='twitter:description']/@content",
    ):
        values = page.xpath(path)
        if values and normalise_metadata(values[0]):
            description = normalise_metadata(values[0])
            break
    free: bool | None = None
    for item in _json_ld_objects(page):
        if not description and isinstance(item.get("description"), str):
            description = normalise_metadata(item["description"])
        flag = _as_bool(item.get("isAccessibleForFree"))
        if flag is False:
            free = False
        elif flag is True and free is None:
            free = True
    return PageFacts(description=description[:1000], free=free)


def partial_reason(text: str, facts: PageFacts) -> str:
    """Why the text looks like a teaser rather than the whole article, or "" when it does not."""
    if facts.free is False:
        return "the page says it is for subscribers (isAccessibleForFree: false)"
    phrase = paywall_phrase(text[-_TAIL_CHARS:])
    if phrase:
        return f'the text stops at a paywall ("{phrase}")'
    words = len(text.split())
    if words < SHORT_TEXT_WORDS:
        return f"only {words} words were found; the page may be a teaser or truncated"
    return ""


def detect_language(text: str, declared: str) -> str:
    """The text's language: py3langid's verdict on the text itself when there is enough of it
    (site templates often declare one language for every page); else the page's own tag."""
    if len(text.split()) < _MIN_WORDS_FOR_DETECTION:
        return declared
    import py3langid  # loads its model on first use

    detected, _score = py3langid.classify(text[:20_000])
    if declared and declared.split("-")[0].lower() == detected:
        return declared  # keep the region ("en-GB") the page gave
    return str(detected)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def iso_timestamp(now: datetime) -> str:
    moment = now if now.tzinfo else now.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def decode_page(result: FetchResult) -> tuple[str, str]:
    """(html, encoding): the charset the server sent, else what the page says, else detected."""
    if result.charset:
        try:
            return result.body.decode(result.charset), result.charset.lower()
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong header: read the page as a file would be read
    return decode_html(result.body, result.url)


_NOT_HTML = re.compile(r"^(image|audio|video|font)/|^application/(pdf|zip|octet-stream)")


def article_from_page(result: FetchResult, *, requested_url: str, now: datetime) -> Article:
    """An article from a fetched page; IntakeError when it holds no article text."""
    if _NOT_HTML.match(result.content_type):
        raise IntakeError(requested_url, f"not a web page ({result.content_type})")
    html, encoding = decode_page(result)
    if not html.strip():
        raise IntakeError(requested_url, "the page is empty")
    try:
        article = article_from_html(
            html, source_path=requested_url, source_kind="url", base_url=result.url,
            encoding=encoding,
        )  # fmt: skip
    except IntakeError:
        raise IntakeError(requested_url, "no article text found on the page") from None
    facts = page_facts(html)
    article.source_path = requested_url
    article.description = facts.description
    article.language = detect_language(article.text, article.language)
    reason = partial_reason(article.text, facts)
    article.partial = bool(reason)
    article.partial_reason = reason
    stamp = iso_timestamp(now)
    article.accessed_at = stamp
    article.imported_at = stamp
    article.text_sha256 = text_sha256(article.text)
    return article


def article_from_url(
    url: str,
    *,
    now: datetime,
    policy: FetchPolicy | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Article:
    """Fetch `url` and read the article in it. FetchError / IntakeError (both BriefingErrors)
    carry one line for the user."""
    result = fetch(
        url, policy=policy, accept=ACCEPT_HTML, progress=progress, cancelled=cancelled
    )
    if result.not_modified:  # only with validators, which this call never sends
        raise FetchError(url, "the server answered 'not modified' to a plain request")
    return article_from_page(result, requested_url=url, now=now)
