"""What identifies an article's text: an exact hash and a near-duplicate fingerprint.

The fingerprint is trafilatura's 64-bit Charikar simhash. A syndicated copy with a few words
changed differs from the original in a handful of bits (an 800-word article with 20 words
changed: 4 bits; a 90-word one with two words changed: 6), an unrelated article in about
25. Two texts are near-duplicates when at most
NEAR_DUPLICATE_BITS bits differ.

Finding the near-duplicates of a new text among 100,000 must not compare it with every one:
the hash is cut into NEAR_DUPLICATE_BITS + 1 bands, each stored in an indexed column. If two
hashes differ in at most that many bits, at least one band is identical in both (pigeonhole),
so looking up the bands finds every near-duplicate, and only a few other candidates.
"""

from __future__ import annotations

import hashlib
import unicodedata

from trafilatura.deduplication import Simhash

NEAR_DUPLICATE_BITS = 6
# Below this many characters a simhash is too unstable to call two texts copies of each other;
# short texts are only ever duplicates by their exact hash.
MIN_NEAR_DUPLICATE_CHARS = 300
_BAND_WIDTHS = (9, 9, 9, 9, 9, 9, 10)  # NEAR_DUPLICATE_BITS + 1 bands covering 64 bits
BAND_COUNT = len(_BAND_WIDTHS)


def text_sha256(text: str) -> str:
    """The hex sha256 of the text as UTF-8 (lone surrogates kept, so any str hashes)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def simhash(text: str) -> int:
    """The text's 64-bit simhash, as a signed integer (what SQLite and PostgreSQL store)."""
    value = Simhash(text).hash
    return value - (1 << 64) if value >= 1 << 63 else value


def bands(signed_hash: int) -> tuple[int, ...]:
    """The hash cut into the bands that index it."""
    value = signed_hash & ((1 << 64) - 1)
    out = []
    for width in _BAND_WIDTHS:
        out.append(value & ((1 << width) - 1))
        value >>= width
    return tuple(out)


def differing_bits(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()


def similarity(a: int, b: int) -> float:
    """1.0 for identical fingerprints, about 0.6 for unrelated texts."""
    return (64 - differing_bits(a, b)) / 64


def checks_near_duplicates(text: str) -> bool:
    return len(text) >= MIN_NEAR_DUPLICATE_CHARS


# ---- CJK text ------------------------------------------------------------------------------
# Chinese and Japanese are written without spaces, so a word tokenizer sees a whole sentence as
# one token. Those runs are indexed apart, by character trigrams.
def is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF  # Hiragana, Katakana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xAC00 <= code <= 0xD7AF  # Hangul syllables
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0x20000 <= code <= 0x3134F  # extensions B to G
    )


def has_cjk(text: str) -> bool:
    return any(is_cjk(char) for char in text)


def cjk_runs(text: str) -> str:
    """The CJK parts of a text, one run a line ("" when there are none)."""
    runs: list[str] = []
    current: list[str] = []
    for char in text:
        if is_cjk(char):
            current.append(char)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return "\n".join(runs)


def fold(text: str) -> str:
    """Case and accents removed (percée → percee), for matching in Python what the engines
    match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
