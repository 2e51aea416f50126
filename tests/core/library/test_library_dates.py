"""Date filters (since / until): days, months and years, on both engines, and on a PostgreSQL
database whose collation is a language's rather than C's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from briefing.core.library import Library, LibraryError, SearchFilters, open_library
from briefing.core.library.dates import after, date_bound
from briefing.core.model import Article

ADDED = datetime(2026, 4, 2, 8, 0, tzinfo=UTC)  # the day the undated article was filed
PUBLISHED = {  # title: publication date
    "End of February": "2026-02-28",
    "First of March": "2026-03-01",
    "Mid March": "2026-03-13",
    "Last of March": "2026-03-31",
    "New year": "2027-01-01",
    "Undated": "",  # counts as 2026-04-02, the day it was added
}


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-03-14", "2026-03-14"), (" 2026-03 ", "2026-03"), ("2026", "2026"), ("", ""),
    ("  ", ""),
])  # fmt: skip
def test_a_filter_date_is_a_day_a_month_or_a_year(text, expected):
    assert date_bound(text) == expected


@pytest.mark.parametrize("text", [
    "2026-13-01", "2026-02-30", "2026-13", "2026-3-1", "14.03.2026", "yesterday", "20260314",
    "0000", "2026-03-14T10:00", "２０２６",
])  # fmt: skip
def test_anything_else_is_refused_with_the_formats_it_takes(text):
    with pytest.raises(LibraryError, match="is not a date: use YYYY-MM-DD, or YYYY-MM"):
        date_bound(text)


@pytest.mark.parametrize(("bound", "following"), [
    ("2026-03-14", "2026-03-15"), ("2026-02-28", "2026-03-01"), ("2024-02-28", "2024-02-29"),
    ("2026-12-31", "2027-01-01"), ("2026-03", "2026-04"), ("2026-12", "2027-01"),
    ("2026", "2027"), ("9999-12-31", ""), ("9999-12", ""), ("9999", ""),
])  # fmt: skip
def test_the_period_after_a_bound(bound, following):
    assert after(bound) == following


def _fill(library: Library) -> Library:
    for title, published in PUBLISHED.items():
        library.add(Article(id="a", title=title, text=f"the article called {title}",
                            published=published), now=ADDED)
    return library


@pytest.fixture
def dated(library: Library) -> Library:
    return _fill(library)


FILTERS = [
    (SearchFilters(until="2026-03-13"), {"End of February", "First of March", "Mid March"}),
    (SearchFilters(until="2026-02"), {"End of February"}),
    (SearchFilters(since="2026-03", until="2026-03"),
     {"First of March", "Mid March", "Last of March"}),
    (SearchFilters(since="2026-03-13", until="2026-03-13"), {"Mid March"}),
    (SearchFilters(until="2026"),
     {"End of February", "First of March", "Mid March", "Last of March", "Undated"}),
    (SearchFilters(since="2026-04-02", until="2026-04-02"), {"Undated"}),
    (SearchFilters(since="2027"), {"New year"}),
    (SearchFilters(until="9999-12-31"), set(PUBLISHED)),
    (SearchFilters(since="2026-03-14", until="2026-03-13"), set()),
]


@pytest.mark.parametrize(("filters", "expected"), FILTERS)
def test_since_and_until_take_whole_days_months_and_years(dated, filters, expected):
    assert {hit.article.title for hit in dated.search("", filters)} == expected
    assert dated.count("", filters) == len(expected)
    assert {hit.article.title for hit in dated.search("article", filters)} == expected


def test_a_bad_date_is_refused_not_ignored(dated):
    with pytest.raises(LibraryError, match='"2026-02-30" is not a date'):
        dated.search("", SearchFilters(until="2026-02-30"))
    with pytest.raises(LibraryError, match='"March" is not a date'):
        dated.count("", SearchFilters(since="March"))


@pytest.fixture
def german_pg_url(pg_server) -> str:
    """A database sorted as German (libc) sorts: there "2026-03-13" comes after "2026-03"
    followed by U+FFFF, unlike in C."""
    import psycopg

    try:
        with psycopg.connect(pg_server.url, autocommit=True) as conn:
            conn.execute("CREATE DATABASE library_german LOCALE 'de_DE.utf8' TEMPLATE template0")
    except psycopg.Error as exc:
        pytest.skip(f"no de_DE.utf8 locale for PostgreSQL here: {exc}")
    return pg_server.url.replace("/postgres?", "/library_german?")


def test_until_a_month_works_whatever_the_database_collation(german_pg_url):
    with open_library(german_pg_url) as library:
        _fill(library)
        for filters, expected in FILTERS:
            assert {hit.article.title for hit in library.search("", filters)} == expected, filters
