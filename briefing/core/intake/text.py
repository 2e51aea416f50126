"""Plain text and Markdown: decoding bytes of unknown encoding, pasted text.

Decoding order: a byte order mark; UTF-16 without a BOM (recognised by its NUL pattern);
refuse binary data; strict UTF-8; then a legacy 8-bit encoding chosen by scoring candidates.
charset-normalizer alone misreads short texts (short cp1251 Russian as cp1250, short Latin-1
French as cp1257), so its guess is only one candidate among the common legacy encodings and each
candidate is judged by how plausible the decoded text looks (see `_implausibility`).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from charset_normalizer import from_bytes

from briefing.core.intake.budget import Budget
from briefing.core.intake.build import build_article, first_line, leading_lines
from briefing.core.intake.errors import IntakeError
from briefing.core.intake.normalise import normalise_text, trim_title
from briefing.core.model import Article

_BOMS = (  # UTF-32 first: its little-endian BOM begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# The control characters that do occur in text (tab, LF, VT, FF, CR, ESC); any other marks binary.
_TEXT_CONTROLS = "\t\n\x0b\x0c\r\x1b"
_CONTROL_BYTES = bytes(b for b in range(32) if chr(b) not in _TEXT_CONTROLS)
_BINARY_CONTROL_SHARE = 0.05
_SAMPLE_BYTES = 32 * 1024
_UTF8_LEAD_BYTES = bytes(range(0xC2, 0xF5))
_MIN_VALID_PER_BROKEN = 20
_SCORED_CHARACTERS = 12_000  # plenty to judge a decoding; scoring is pure Python

# Legacy candidates in order of preference when two read equally well: Western European and
# Cyrillic first (the common cases), the rarer ones after them.
_LEGACY_CANDIDATES = ("cp1252", "cp1251", "cp1250", "koi8_r", "cp1253", "cp1257", "cp1254")
_PREFERENCE_STEP = 0.01
# Above this many non-ASCII bytes charset-normalizer's statistics are trustworthy enough to
# settle a tie in its favour.
_TRUST_DETECTOR_FROM = 2000


def _is_binary_text(text: str) -> bool:
    sample = text[:_SAMPLE_BYTES]
    controls = sum(1 for c in sample if c < " " and c not in _TEXT_CONTROLS)
    return controls > len(sample) * _BINARY_CONTROL_SHARE


def _looks_binary(data: bytes) -> bool:
    # A share, not any one byte: a single stray NUL in a long text is damage, not binary data
    # (it is dropped with the other control characters when the text is normalised).
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return controls > len(data) * _BINARY_CONTROL_SHARE


def _utf16_without_bom(data: bytes) -> str | None:
    """The codec when the data is BOM-less UTF-16 (ASCII-range characters leave a NUL in every
    other byte), else None."""
    sample = data[:_SAMPLE_BYTES]
    if len(data) % 2 or len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    layouts = ((odd_nuls, even_nuls, "utf-16-le"), (even_nuls, odd_nuls, "utf-16-be"))
    for nuls, quiet, codec in layouts:
        if nuls >= half * 0.3 and quiet <= half * 0.02:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            return None if _is_binary_text(text) else codec
    return None


_PLAUSIBLE_SHARE = 0.97


def _utf16_by_nul_parity(data: bytes) -> str | None:
    """The codec for BOM-less UTF-16 whose characters are mostly outside ASCII (CJK text):
    only its spaces, digits and line breaks leave NULs, nearly all at odd (LE) or even (BE)
    offsets,
    and the decoded text is nearly all letters, marks, digits, punctuation and spaces."""
    if len(data) % 2 or len(data) < 4:
        return None
    sample = data[:_SAMPLE_BYTES]
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    # A character U+XX00 (需 is U+9700) puts a NUL on the other side now and then; random
    # binary data has as many on both sides.
    if odd_nuls > 2 * even_nuls:
        codec = "utf-16-le"
    elif even_nuls > 2 * odd_nuls:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    probe = text[:_SCORED_CHARACTERS]
    plausible = sum(
        1 for char in probe if unicodedata.category(char)[0] in "LMNPZ" or char in "\n\r\t"
    )
    return codec if plausible >= _PLAUSIBLE_SHARE * len(probe) else None


def decode_text(data: bytes, source_name: str, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding used) for the bytes of a text file; IntakeError for binary data.

    `encoding` forces a codec (the user's override when detection guessed wrong)."""
    if encoding:
        return _decode_forced(data, source_name, encoding), encoding
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            if codec == "utf-8-sig":
                text = body.decode("utf-8", errors="replace")
            else:
                try:  # lone surrogates survive decoding here and are dropped by normalisation
                    text = body.decode(codec, errors="surrogatepass")
                except UnicodeDecodeError:  # a truncated last character
                    text = body.decode(codec, errors="replace")
            if _is_binary_text(text):
                raise IntakeError(source_name, "this is a binary file, not text")
            return text, codec
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16), utf16
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _is_binary_text(text):
            raise IntakeError(source_name, "this is a binary file, not text")
        return text, "utf-8"
    utf16 = _utf16_by_nul_parity(data)  # after UTF-8: ASCII pairs read as UTF-16 look like CJK
    if utf16:
        return data.decode(utf16), utf16
    if _looks_binary(data):
        raise IntakeError(source_name, "this is a binary file, not text")
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8, "utf-8"
    return _decode_legacy(data)


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few broken bytes (a stray Windows-1252 character pasted into a UTF-8
    file) decoded as UTF-8, the broken bytes shown as U+FFFD; None for legacy text.

    Reading such a file as an 8-bit encoding would garble every other non-ASCII character,
    whereas in genuine 8-bit text valid UTF-8 multi-byte sequences almost never occur."""
    if len(data) > _SAMPLE_BYTES and _mostly_utf8(data[:_SAMPLE_BYTES]) is None:
        return None  # decoding megabytes of legacy text with replacements is slow: sample first
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    sequences = len(data) - len(data.translate(None, _UTF8_LEAD_BYTES))
    return text if sequences - broken >= _MIN_VALID_PER_BROKEN * broken else None


def _decode_forced(data: bytes, source_name: str, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise IntakeError(source_name, f'unknown encoding "{encoding}"') from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise IntakeError(
            source_name, f"the file is not valid {encoding} (byte {error.start + 1})"
        ) from None


def _decode_legacy(data: bytes) -> tuple[str, str]:
    sample = data[:_SAMPLE_BYTES]
    if len(data) > _SAMPLE_BYTES and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n")]  # never cut a multi-byte character in half
    candidates = list(_LEGACY_CANDIDATES)
    guess = _detector_guess(sample)
    if guess and guess not in candidates:
        candidates.append(guess)
    high_bytes = len(sample) - len(sample.translate(None, bytes(range(128))))
    trust_detector = high_bytes >= _TRUST_DETECTOR_FROM
    scored = []
    for rank, codec in enumerate(candidates):
        try:
            decoded = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _implausibility(decoded[:_SCORED_CHARACTERS]) + rank * _PREFERENCE_STEP
        if codec == guess and trust_detector:
            score -= _PREFERENCE_STEP * len(candidates)
        scored.append((score, rank, codec))
    for _score, _rank, codec in sorted(scored):
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"  # every byte is a Latin-1 character


def _detector_guess(sample: bytes) -> str | None:
    best = from_bytes(sample).best()
    if best is None:
        return None
    codec = codecs.lookup(best.encoding).name
    # Only encodings that keep ASCII as ASCII can be compared with the candidates.
    try:
        if "Az09 .,\n".encode(codec) != b"Az09 .,\n":
            return None
    except (UnicodeError, LookupError):
        return None
    return codec


_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "HALFWIDTH": "CJK"}


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    word = unicodedata.name(char, "?").split(" ", 1)[0]
    return _SCRIPT_GROUPS.get(word, word)


def _implausibility(text: str) -> float:
    """How unlike real writing a decoding looks, per non-ASCII character (0 = plausible).

    Wrong 8-bit decodings show as: undefined or control characters; letters of two scripts in
    one word ("cafй"); a capital after a small letter inside a word (KOI8-R read as cp1251);
    symbols inside words ("g³ówny"); Latin words made of accented letters only (Cyrillic read
    as cp1252); text in mostly capital letters."""
    bad = 0.0
    non_ascii = latin_high = upper = lower = 0
    length = len(text)
    for index, char in enumerate(text):
        if char < "\x80":
            continue
        non_ascii += 1
        category = unicodedata.category(char)
        if char == "\ufffd" or category[0] == "C":
            bad += 3
            continue
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < length else " "
        if category[0] == "L":
            script = _script(char)
            if script == "LATIN":
                latin_high += 1
            if category == "Lu":
                upper += 1
                if before.isalpha() and unicodedata.category(before) == "Ll":
                    bad += 1
            elif category == "Ll":
                lower += 1
            for neighbour in (before, after):
                if neighbour.isalpha() and _script(neighbour) != script:
                    bad += 1
        elif before.isalpha() and after.isalpha():
            bad += 1
    if not non_ascii:
        return 0.0
    score = bad / non_ascii
    if latin_high and _mostly_accented_latin_words(text):
        score += 1
    if upper + lower >= 10 and upper > 0.6 * (upper + lower):
        score += 0.5
    return score


_WORD = re.compile(r"[^\W\d_]{2,}")


def _mostly_accented_latin_words(text: str) -> bool:
    """True when most Latin words with accented letters have nothing but accented letters
    ("Ïðèâåò"): Cyrillic, Greek or Hebrew read as a Latin code page. Real Latin-script words
    nearly always mix in plain letters ("déjà", "gęślą", "Größe")."""
    accented = only_accented = 0
    for word in _WORD.findall(text):
        if word.isascii() or _script(max(word)) != "LATIN":
            continue
        accented += 1
        if not any(char < "\x80" for char in word):
            only_accented += 1
    return only_accented > 0.5 * accented


# A first line longer than this is the start of the text, not a headline.
TITLE_MAX = 120
# A line that ends a sentence: final punctuation, then perhaps closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_PARAGRAPH_LINE_SHARE = 0.75
# More lines than this is a list or a dump, not an article: it comes through as written.
_PARAGRAPH_MAX_LINES = 10_000


def title_from_text(text: str, *, markdown: bool = False, file_name: str = "") -> str:
    """The first Markdown heading (without its # marks), else the first non-empty line when
    it is short enough to be a headline, else the file's name (without its suffix), else the
    start of the first line, cut at a word."""
    if markdown:
        for line in leading_lines(text, 200):
            match = _ATX_HEADING.match(line)
            if match and match.group(1).strip():
                return trim_title(match.group(1))
    line = first_line(text)
    if line and len(line) <= TITLE_MAX:
        return line
    named = title_from_file_name(file_name)
    return named or trim_title(line, limit=TITLE_MAX)


def title_from_file_name(file_name: str) -> str:
    """'grid_deal-2026.txt' → 'grid deal 2026': the name as a reader would write it."""
    stem = Path(file_name).stem if file_name else ""
    return trim_title(re.sub(r"[_\s]+|(?<=\w)-(?=\w)", " ", stem), limit=TITLE_MAX)


def paragraphs_from_lines(text: str) -> str:
    """A text with no blank lines whose lines end sentences (one paragraph per line, as many
    editors and web pages copy it) gets a blank line between its lines, so each line reads
    as a paragraph. Hard-wrapped prose (lines ending mid-sentence) is left as it is, and so
    are texts of one or two lines, where there is nothing to tell the two kinds apart, and
    texts of more than `_PARAGRAPH_MAX_LINES` lines."""
    newlines = text.count("\n")
    if newlines < 2 or newlines > _PARAGRAPH_MAX_LINES or _BLANK_LINE.search(text):
        return text  # (fewer than two: under three lines, and splitting would copy the text)
    lines = text.strip("\n").split("\n")
    after_title = [line for line in lines[1:] if line.strip()]
    if len(lines) < 3 or not after_title:
        return text
    ends = sum(1 for line in after_title if _SENTENCE_END.search(line.rstrip()))
    if ends < _PARAGRAPH_LINE_SHARE * len(after_title):
        return text
    return "\n\n".join(lines)


_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_MATTER_KEYS = {
    "title": "title",
    "author": "authors",
    "authors": "authors",
    "byline": "authors",
    "creator": "authors",
    "date": "published",
    "published": "published",
    "pubdate": "published",
    "date_published": "published",
    "url": "url",
    "source": "url",
    "canonical": "url",
    "canonical_url": "url",
    "link": "url",
    "site": "outlet",
    "sitename": "outlet",
    "site_name": "outlet",
    "outlet": "outlet",
    "publisher": "outlet",
    "lang": "language",
    "language": "language",
}


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    """Article metadata from a simple YAML front matter block (as read-later and web-clipper
    tools write it) and the text after it. Only flat `key: value` lines and `- item` lists are
    understood; a block that is not like that is left in the text."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields: dict[str, object] = {}
    current: str | None = None
    for line in match.group(1).split("\n"):
        item = re.match(r"^\s+-\s+(.*)$", line) or re.match(r"^-\s+(.*)$", line)
        if item and current:
            existing = fields.setdefault(current, [])
            if isinstance(existing, list):
                existing.append(_unquote(item.group(1)))
            continue
        pair = re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$", line)
        if not pair:
            if line.strip():
                return {}, text  # not the simple kind of front matter: keep it as text
            continue
        current = _FRONT_MATTER_KEYS.get(pair.group(1).lower())
        value = pair.group(2).strip()
        if current and value:
            if value.startswith("[") and value.endswith("]"):
                fields.setdefault(current, [_unquote(v) for v in value[1:-1].split(",")])
            else:
                fields.setdefault(current, _unquote(value))
    for key, value in fields.items():
        if key != "authors" and isinstance(value, list):
            fields[key] = value[0] if value else ""  # one title, one date, one URL
    return fields, text[match.end():]


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def article_from_text(text: str, *, title: str = "", source_kind: str = "paste-text") -> Article:
    """An article from pasted plain text; the title defaults to its first line when that is
    short (see `title_from_text`), and one-sentence lines become paragraphs."""
    text = paragraphs_from_lines(normalise_text(text))
    title = title or title_from_text(text)
    return build_article(text, source_name="pasted text", source_kind=source_kind, title=title)


def article_from_text_file(
    path: Path,
    data: bytes,
    *,
    markdown: bool,
    encoding: str | None = None,
    budget: Budget | None = None,
) -> Article:
    """An article from the bytes of a .txt or .md file (Markdown is kept as written)."""
    budget = budget or Budget(path.name)
    text, used = decode_text(data, path.name, encoding)
    del data  # the caller passes it on without keeping it (see import_file): free it now
    # No text limit: the file-size limit bounds it already (plain text does not inflate).
    budget.check()
    text = normalise_text(text)
    budget.check()
    fields: dict[str, object] = {}
    if markdown:
        fields, text = split_front_matter(text)
    else:
        text = paragraphs_from_lines(text)  # Markdown's single line breaks are soft wraps
    title = fields.pop("title", "") or title_from_text(text, markdown=markdown,
                                                        file_name=path.name)
    return build_article(
        text,
        source_name=path.name,
        source_kind="md" if markdown else "txt",
        source_path=str(path),
        title=title,
        encoding=used,
        **fields,  # type: ignore[arg-type]
    )
