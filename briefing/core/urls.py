"""The one rule for which URLs may become clickable links, in every writer and the app."""

from __future__ import annotations

import re

SAFE_URL = re.compile(r"^(https?://[^\s]+|mailto:[^\s]+)$", re.IGNORECASE)


def safe_url(url: str) -> str:
    """The URL if it may become a clickable link (http, https, mailto), else ""."""
    url = url.strip()
    return url if SAFE_URL.match(url) else ""
