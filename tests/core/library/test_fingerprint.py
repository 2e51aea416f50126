"""Text fingerprints: the fast simhash equals trafilatura's; bands find near-duplicates."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from trafilatura.deduplication import Simhash

from briefing.core.library.fingerprint import (
    BAND_WIDTHS,
    bands,
    cjk_runs,
    differing_bits,
    fold,
    has_cjk,
    simhash,
    text_sha256,
)


def trafilatura_value(text: str) -> int:
    value = Simhash(text).hash
    return value - (1 << 64) if value >= 1 << 63 else value


@pytest.mark.parametrize("text", [
    "", "a", "word " * 10, "x " * 70_000, "北约峰会在维尔纽斯举行，各国领导人出席。",
    "Москва заявила о новых санкциях против U.S. и NATO. " * 20,
    "La percée des troupes ukrainiennes près de Koursk surprend l'état-major. " * 15,
])
def test_simhash_equals_trafilaturas(text):
    assert simhash(text) == trafilatura_value(text)


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=400))
def test_simhash_equals_trafilaturas_on_any_text(text):
    assert simhash(text) == trafilatura_value(text)


def test_bands_cover_the_64_bits():
    assert sum(BAND_WIDTHS) == 64
    value = random.Random(1).getrandbits(64) - (1 << 63)
    rebuilt, shift = 0, 0
    for part, width in zip(bands(value), BAND_WIDTHS, strict=True):
        rebuilt |= part << shift
        shift += width
    assert rebuilt == value & ((1 << 64) - 1)


def test_hashes_up_to_4_bits_apart_always_share_a_band():
    rng = random.Random(2)
    for _ in range(500):
        value = rng.getrandbits(64)
        other = value
        for bit in rng.sample(range(64), rng.randint(0, 4)):
            other ^= 1 << bit
        signed = [v - (1 << 64) if v >= 1 << 63 else v for v in (value, other)]
        assert differing_bits(*signed) <= 4
        assert any(a == b for a, b in zip(bands(signed[0]), bands(signed[1]), strict=True))


def test_text_helpers():
    assert text_sha256("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    assert len(text_sha256("lone \ud800 surrogate")) == 64
    assert cjk_runs("NATO 北约峰会 in 维尔纽斯.") == "北约峰会\n维尔纽斯"
    assert cjk_runs("no CJK here") == "" and not has_cjk("Москва")
    assert fold("Percée ÉTAT") == "percee etat"
