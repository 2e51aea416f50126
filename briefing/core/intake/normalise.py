"""The one normalisation every imported text goes through, and the helpers for metadata.

Article text is normalised exactly once, here, at intake. Clip spans index into the text as
imported (Python code points), so everything after intake must treat it as fixed. That is also
why there is deliberately NO Unicode normalisation (NFC/NFKC): composed and decomposed accents,
compatibility characters, NBSP, curly quotes, U+02BC and the like are kept exactly as the source
had them, so a quote can be compared with its source character for character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime

from dateutil import parser as dateutil_parser

# Every line break the sources use becomes "\n". U+2029 (PARAGRAPH SEPARATOR, what Qt puts
# between paragraphs on the clipboard) and form feed (page breaks in text dumps of PDFs) end a
# paragraph, so they become a blank line, our paragraph separator. NEL (U+0085) and vertical tab
# (Word's manual line break in some exports) are line breaks.
_LINE_BREAKS = (("\r\n", "\n"), ("\r", "\n"), ("\u2028", "\n"), ("\x85", "\n"), ("\x0b", "\n"),
                ("\u2029", "\n\n"), ("\x0c", "\n\n"))  # fmt: skip

# Removed: C0 controls except tab and newline (XML 1.0 and so python-docx refuse them);
# DEL and the C1 controls (legal in XML but invisible, and Word/PDF viewers treat some of them
# badly: in practice they are mojibake of Windows-1252 punctuation); lone surrogates (cannot be
# encoded at all); and the Unicode noncharacters (U+FDD0..U+FDEF and the last two code points of
# every plane, U+FFFE/U+FFFF among them), which no text interchange should carry.
# CR, NEL, VT and FF were already turned into newlines above.
_UNWANTED_BMP = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_UNWANTED_ASTRAL = re.compile(
    "["
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17))
    + "]"
)
# Scanning a str with a character class costs ~100 ns a character; the byte-level checks below
# run at memory speed and almost always show there is nothing to remove.
_C0_AND_DEL_BYTES = bytes([*range(0, 9), *range(14, 32), 127])
_SUSPECT_UTF8 = re.compile(rb"\xc2[\x80-\x9f]|\xef\xb7[\x90-\xaf]|\xbf[\xbe\xbf]")
_ASTRAL_NONCHARACTER_UTF8 = re.compile(rb"[\xf0-\xf4][\x8f\x9f\xaf\xbf]\xbf[\xbe\xbf]")
_METADATA_SPACE = re.compile("[ \t\n]+")


_TRAILING_SPACE = re.compile(r"[ \t]+(?=\n)")
_EXTRA_BLANK_LINES = re.compile(r"\n{3,}")
# Characters checked at a time: checking a 50 MB text whole would encode a copy of it, and
# `translate` another one.
_CHECK_CHARS = 1 << 20


def _has_unwanted(text: str) -> tuple[bool, bool]:
    """(whether the text may hold unwanted characters, whether astral ones among them),
    looked at slice by slice so no copy of the whole text is made."""
    for start in range(0, len(text), _CHECK_CHARS):
        try:
            data = text[start : start + _CHECK_CHARS].encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates
            return True, True
        if len(data.translate(None, _C0_AND_DEL_BYTES)) != len(data) or _SUSPECT_UTF8.search(
            data
        ):
            return True, any(
                _ASTRAL_NONCHARACTER_UTF8.search(text[at : at + _CHECK_CHARS].encode(
                    "utf-8", "surrogatepass"))
                for at in range(0, len(text), _CHECK_CHARS)
            )
    return False, False


def remove_unwanted(text: str) -> str:
    """The text without the characters no document may carry (see `_UNWANTED_BMP`); the
    same object when there are none."""
    unwanted, astral = _has_unwanted(text)
    if not unwanted:
        return text
    text = _UNWANTED_BMP.sub("", text)
    if astral:
        text = _UNWANTED_ASTRAL.sub("", text)
    return text


def normalise_text(text: str) -> str:
    """Normalise an article's text: one kind of newline, paragraphs separated by one blank line,
    no control characters, no trailing spaces; every other character kept exactly.

    Linear in the length of the text (20 MB in well under a second on typical text), and a
    text that needs no change is not copied."""
    if text.startswith("\ufeff"):  # a byte order mark that survived decoding is not content
        text = text[1:]
    for old, new in _LINE_BREAKS:
        if old in text:
            text = text.replace(old, new)
    text = remove_unwanted(text)
    # The `in` tests run at memory speed and are almost always false; a regex scan is not.
    if text.endswith((" ", "\t")):
        text = text.rstrip(" \t")
    if " \n" in text or "\t\n" in text:
        text = _TRAILING_SPACE.sub("", text)
    if "\n\n\n" in text:
        text = _EXTRA_BLANK_LINES.sub("\n\n", text)
    # Only blank lines go at the ends: the first line's indentation is part of the text.
    return text.strip("\n")


def normalise_metadata(value: object) -> str:
    """A metadata value as one trimmed line ("" for None)."""
    if value is None:
        return ""
    text = normalise_text(str(value))
    return _METADATA_SPACE.sub(" ", text).strip()


_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def normalise_language(value: object) -> str:
    """A BCP 47 language tag such as "en" or "pt-BR" ("en_GB" becomes "en-GB"); "" for
    anything that is not shaped like one ("English", "*")."""
    tag = normalise_metadata(value).replace("_", "-")
    return tag if _LANGUAGE_TAG.fullmatch(tag) else ""


def split_authors(value: object) -> list[str]:
    """Authors from a metadata field. Only ";" separates names: "Smith, Jane" is one person."""
    if isinstance(value, Iterable) and not isinstance(value, str):
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
_SLASHED_DATE = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")  # year first: unambiguous
_DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")  # German and others: day first
_LETTER = re.compile(r"[^\W\d_]")
_FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
# Two defaults that differ in every field: a date that comes out the same with both had its
# day, month and year all written in the text.
_DEFAULTS = (datetime(2001, 1, 1), datetime(2002, 2, 2))
EARLIEST_YEAR = 1800  # anything older is a broken or placeholder date in practice


def normalise_date(value: object, now: datetime | None = None) -> str:
    """An ISO date (YYYY-MM-DD) from a date, a datetime or a string in a common format; "" when
    it cannot be read, is implausibly old, or lies after the day following `now` (default:
    the clock), since placeholders and clock errors are not publication dates. Ambiguous forms
    such as 03/05/2024 give "".

    English month and weekday names are read the same in any process locale ("5 March 2024",
    "Tue, 05 Mar 2024 10:00:00 GMT"): a Qt application switches the C locale to the user's,
    and `strptime` would then read only German month names under de_DE."""
    if value is None:
        return ""
    day: date | None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        day = _parse_date_text(normalise_metadata(value))
    if day is None:
        return ""
    tomorrow = (now or datetime.now(UTC)).date().toordinal() + 1
    if day.year < EARLIEST_YEAR or day.toordinal() > tomorrow:
        return ""
    return day.isoformat()


def _parse_date_text(text: str) -> date | None:
    if not text:
        return None
    for pattern in (_ISO_DATE, _COMPACT_DATE, _SLASHED_DATE):
        match = pattern.match(text)
        if match:
            return _make_date(*match.groups())
    match = _PDF_DATE.match(text)
    if match:
        year, month, day = match.groups()
        return _make_date(year, month or "1", day or "1")
    match = _DOTTED_DATE.match(text)
    if match:
        day, month, year = match.groups()
        return _make_date(year, month, day)
    if _LETTER.search(text) and _FOUR_DIGIT_YEAR.search(text):
        return _parse_named_month(text.rstrip(".").strip())
    return None


def _parse_named_month(text: str) -> date | None:
    """A date with its month written as an English word, read by dateutil (whose names do not
    depend on the locale); None unless the text gives day, month and year."""
    try:
        first, second = (dateutil_parser.parse(text, default=d).date() for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    return first if first == second else None


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
