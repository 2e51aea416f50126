"""What identifies an article's text: an exact hash and a near-duplicate fingerprint.

The fingerprint is trafilatura's 64-bit Charikar simhash. A syndicated copy with a few words
changed differs from the original in a handful of bits (an 800-word article with 20 words
changed: 4 bits; a 90-word one with two words changed: 6), an unrelated article in about
25. Two texts are near-duplicates when at most NEAR_DUPLICATE_BITS bits differ.

Finding the near-duplicates of a new text among 100,000 must not compare it with every one:
the hash is cut into five bands (13, 13, 13, 13 and 12 bits), each stored in an indexed column,
and only the articles sharing a band with the new text are compared. Two hashes that differ
in at most 4 bits differ in at most 4 bands, so one band is certainly shared (pigeonhole):
every copy within 4 bits is found. Copies 5 or 6 bits away share a band most of the time
(about 85 % and 75 %), so most of them are found too. Narrower bands (eight of 8 bits, which
would make 6 bits certain) matched thousands of articles per lookup in a library of 100,000,
and adding slowed to 40 a second.
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from functools import lru_cache
from hashlib import blake2b

from trafilatura.deduplication import sample_tokens

NEAR_DUPLICATE_BITS = 6
# Below this many characters a simhash is too unstable to call two texts copies of each other;
# short texts are only ever duplicates by their exact hash.
MIN_NEAR_DUPLICATE_CHARS = 300
BAND_WIDTHS = (13, 13, 13, 13, 12)
BAND_COUNT = len(BAND_WIDTHS)


def text_sha256(text: str) -> str:
    """The hex sha256 of the text as UTF-8 (lone surrogates kept, so any str hashes)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def simhash(text: str) -> int:
    """The text's 64-bit simhash, as a signed integer (what SQLite and PostgreSQL store).

    The same value as `trafilatura.deduplication.Simhash(text).hash` (a test checks it),
    computed about ten times faster: trafilatura adds a 64-element list per token; here each
    token's hash is spread into 64 lanes of one big integer, so adding tokens adds all 64
    counters at once."""
    tokens = sample_tokens(text, _BITS)
    counts: dict[str, int] = {}
    for token in tokens:
        counts[token] = counts.get(token, 0) + 1
    total = 0
    for token, count in counts.items():
        lanes = _token_lanes(token)
        total += lanes if count == 1 else count * lanes
    ones = struct.unpack(f"<{_BITS}I", total.to_bytes(_BITS * _LANE // 8, "little"))
    # trafilatura's vector[bit] = ones - (n - ones); the bit is set when that is >= 0.
    half = len(tokens)
    value = sum(1 << bit for bit, count in enumerate(ones) if 2 * count >= half)
    return value - (1 << 64) if value >= 1 << 63 else value


_BITS, _LANE = 64, 32  # 32-bit lanes: no overflow below four billion tokens
_SPREAD = [sum(((byte >> j) & 1) << (_LANE * j) for j in range(8)) for byte in range(256)]


@lru_cache(maxsize=2**16)  # words recur across articles
def _token_lanes(token: str) -> int:
    """The token's hash (as trafilatura hashes it), one bit per lane."""
    value = int.from_bytes(blake2b(token.encode(), digest_size=8).digest(), "big")
    out = 0
    for k in range(8):
        out |= _SPREAD[(value >> (8 * k)) & 0xFF] << (_LANE * 8 * k)
    return out


def bands(signed_hash: int) -> tuple[int, ...]:
    """The hash cut into the bands that index it."""
    value = signed_hash & ((1 << 64) - 1)
    out = []
    for width in BAND_WIDTHS:
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
_CJK_RANGES = (
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # compatibility ideographs
    "\U00020000-\U0003134f"  # extensions B to G
)
_CJK_RUN = re.compile(f"[{_CJK_RANGES}]+")


def has_cjk(text: str) -> bool:
    return _CJK_RUN.search(text) is not None


def cjk_runs(text: str) -> str:
    """The CJK parts of a text, one run a line ("" when there are none)."""
    return "\n".join(_CJK_RUN.findall(text))


def fold(text: str) -> str:
    """Case and accents removed (percée → percee), for matching in Python what the engines
    match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
