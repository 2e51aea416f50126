"""The web: articles by URL and feeds, fetched under one safety policy (see fetch.py).

    fetch(url, policy=…)             bytes of one URL, safely (the only network code)
    article_from_url(url, now=…)     an Article read from a web page
    looks_like_url(text)             whether a command-line argument or a paste is a link
"""

from __future__ import annotations

import re

from briefing.core.web.article import article_from_url
from briefing.core.web.fetcher import (
    ALLOW_PRIVATE_ENV,
    FetchCancelled,
    FetchError,
    FetchPolicy,
    FetchResult,
    Validators,
    fetch,
)

__all__ = [
    "ALLOW_PRIVATE_ENV",
    "FetchCancelled",
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "Validators",
    "article_from_url",
    "fetch",
    "looks_like_url",
]

_URL = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.IGNORECASE)


def looks_like_url(text: str) -> bool:
    """True for "https://…"-shaped text (any scheme: fetch refuses the ones it does not take,
    with a message, rather than the caller treating "ftp://…" as a file name)."""
    return bool(_URL.match(text.strip()))
