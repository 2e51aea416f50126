"""The library: every article an analyst collects, kept across briefings, searched and tagged.

    library = open_library()                    # the user's default SQLite file
    library = open_library("postgresql://…")    # a team's shared server
    result = library.add(article, tags=["NATO"])   # result.added False: a duplicate
    hits = library.search('"air defence" OR patriot -exercise', SearchFilters(tags=("NATO",)))

Briefings stay self-contained: `briefing.core.library.transfer` copies library articles into a
briefing (with their library id and text hash) and files a briefing's imports in the library.
"""

from __future__ import annotations

import os

from briefing.core.library.base import Library
from briefing.core.library.location import (
    ENV_VARIABLE,
    default_library_path,
    describe,
    is_server_url,
    resolve_location,
)
from briefing.core.library.records import (
    AddResult,
    ArticleSummary,
    LibraryArticle,
    LibraryError,
    LibraryUnavailable,
    NotFoundError,
    Person,
    SearchFilters,
    SearchHit,
    Snippet,
    StaleEditError,
    TagCount,
)

__all__ = [
    "ENV_VARIABLE",
    "AddResult",
    "ArticleSummary",
    "Library",
    "LibraryArticle",
    "LibraryError",
    "LibraryUnavailable",
    "NotFoundError",
    "Person",
    "SearchFilters",
    "SearchHit",
    "Snippet",
    "StaleEditError",
    "TagCount",
    "default_library_path",
    "describe",
    "open_library",
    "resolve_location",
]


def open_library(
    location: str | os.PathLike[str] | None = None, *, setting: str = "", user: str | None = None
) -> Library:
    """Open (and on first use create) the library at `location`, resolved as
    `resolve_location` does: a postgresql:// URL or a file path."""
    where = resolve_location(location, setting=setting)
    if is_server_url(where):
        from briefing.core.library.postgres import PostgresLibrary

        return PostgresLibrary(where, user=user)
    from briefing.core.library.sqlite import SqliteLibrary

    return SqliteLibrary(where, user=user)
