"""The dates the library's search filters take: a day (2026-03-14), a month (2026-03) or a
year (2026). "Since" starts at the beginning of that period, "until" takes in all of it.

Articles are compared on their `sort_date` text (the publication date, else the day added).
Text comparison follows the database's collation, and PostgreSQL databases made with a
language locale (de_DE.utf8, en_US.utf8) do not sort "2026-03-13" before "2026-03" + U+FFFF
as C does: so "until" is turned into the first period after it ("2026-03" → "< 2026-04"),
a comparison between plain ISO dates that every collation makes the same way.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from briefing.core.library.records import LibraryError

_SHAPE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
FORMAT_HINT = "YYYY-MM-DD, or YYYY-MM for a month, YYYY for a year"


def date_bound(text: str) -> str:
    """`text` (spaces around it ignored) as a filter date, or LibraryError saying why not;
    "" stays "" (no bound)."""
    value = text.strip()
    if not value:
        return ""
    match = _SHAPE.fullmatch(value)
    if match is None or not _real(match):
        raise LibraryError(f'"{value}" is not a date: use {FORMAT_HINT}')
    return value


def _real(match: re.Match[str]) -> bool:
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False  # day 31 of April, month 13, year 0 (date refuses it)
    return True


def after(bound: str) -> str:
    """The start of the period just after `bound` (a valid `date_bound`): the next day,
    month or year; "" when there is none (the end of year 9999)."""
    year, month, day = _SHAPE.fullmatch(bound).groups()  # type: ignore[union-attr]
    if day is not None:
        try:
            return (date(int(year), int(month), int(day)) + timedelta(days=1)).isoformat()
        except OverflowError:
            return ""
    if month is not None:
        if int(month) < 12:
            return f"{year}-{int(month) + 1:02d}"
        return f"{int(year) + 1:04d}-01" if int(year) < 9999 else ""
    return f"{int(year) + 1:04d}" if int(year) < 9999 else ""
