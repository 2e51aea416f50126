"""The one normalisation every imported text goes through, and the helpers for metadata.

Article text is normalised exactly once, here, at intake. Clip spans index into the text as
imported (Python code points), so everything after intake must treat it as fixed. That is also
why there is deliberately NO Unicode normalisation (NFC/NFKC): composed and decomposed accents,
compatibility characters, NBSP, curly quotes, U+02BC and the like are kept exactly as the source
had them, so a quote can be compared with its source character for character.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

# Every line break the sources use becomes "\n". U+2029 (PARAGRAPH SEPARATOR, what Qt puts
# between paragraphs on the clipboard) and form feed (page breaks in text dumps of PDFs) end a
# paragraph, so they become a blank line, our paragraph separator. NEL (U+0085) and vertical tab
# (Word's manual line break in some exports) are line breaks.
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\x85\x0b]")
_PARAGRAPH_BREAKS = re.compile("[\u2029\x0c]")

# Removed: C0 controls except tab and newline (XML 1.0 and so python-docx refuse them);
# DEL and the C1 controls (legal in XML but invisible, and Word/PDF viewers treat some of them
# badly: in practice they are mojibake of Windows-1252 punctuation); lone surrogates (cannot be
# encoded at all); and the Unicode noncharacters (U+FDD0..U+FDEF and the last two code points of
# every plane, U+FFFE/U+FFFF among them), which no text interchange should carry.
# CR, NEL, VT and FF were already turned into newlines above.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
_UNWANTED = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff" + _NONCHARACTERS + "]"
)
_TRAILING_SPACE = re.compile("[ \t]+$", re.MULTILINE)
_EXCESS_BLANK_LINES = re.compile("\n{3,}")
_METADATA_SPACE = re.compile("[ \t\n]+")


def normalise_text(text: str) -> str:
    """Normalise an article's text: one kind of newline, paragraphs separated by one blank line,
    no control characters, no trailing spaces; every other character kept exactly."""
    if text.startswith("\ufeff"):  # a byte order mark that survived decoding is not content
        text = text[1:]
    text = _LINE_BREAKS.sub("\n", text)
    text = _PARAGRAPH_BREAKS.sub("\n\n", text)
    text = _UNWANTED.sub("", text)
    text = _TRAILING_SPACE.sub("", text)
    text = _EXCESS_BLANK_LINES.sub("\n\n", text)
    # Only blank lines go at the ends: the first line's indentation is part of the text.
    return text.strip("\n")


def normalise_metadata(value: object) -> str:
    """A metadata value as one trimmed line ("" for None)."""
    if value is None:
        return ""
    text = normalise_text(str(value))
    return _METADATA_SPACE.sub(" ", text).strip()


def split_authors(value: object) -> list[str]:
    """Authors from a metadata field. Only ";" separates names: "Smith, Jane" is one person."""
    if isinstance(value, (list, tuple)):
        parts = [normalise_metadata(v) for v in value]
    else:
        parts = [normalise_metadata(v) for v in normalise_metadata(value).split(";")]
    authors: list[str] = []
    for part in parts:
        if part and part not in authors:
            authors.append(part)
    return authors


_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:$|[T ]|\d)")
_TEXT_DATE_FORMATS = (
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d. %B %Y",
    "%a, %d %b %Y",
    "%A, %d %B %Y",
    "%Y/%m/%d",
    "%d.%m.%Y",
)
EARLIEST_YEAR = 1800  # anything older is a broken or placeholder date in practice


def normalise_date(value: object) -> str:
    """An ISO date (YYYY-MM-DD) from a date, a datetime or a string in a common format; "" when
    it cannot be read, is implausibly old, or lies in the future (placeholders and clock
    errors, not publication dates). Ambiguous forms such as 03/05/2024 give ""."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        day = _parse_date_text(normalise_metadata(value))
        if day is None:
            return ""
    tomorrow = datetime.now(UTC).date().toordinal() + 1
    if day.year < EARLIEST_YEAR or day.toordinal() > tomorrow:
        return ""
    return day.isoformat()


def _parse_date_text(text: str) -> date | None:
    if not text:
        return None
    for pattern in (_ISO_DATE, _COMPACT_DATE):
        match = pattern.match(text)
        if match:
            return _make_date(*match.groups())
    match = _PDF_DATE.match(text)
    if match:
        year, month, day = match.groups()
        return _make_date(year, month or "1", day or "1")
    cleaned = text.rstrip(".").strip()
    for fmt in _TEXT_DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def _make_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def trim_title(text: str, limit: int = 200) -> str:
    """A title from free text: one line, cut at a word boundary to at most `limit` characters
    (an ellipsis marks the cut)."""
    title = normalise_metadata(text)
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"
