"""Fuzzing the .briefing loader with seeded mutations of the sample: every mutated file either
loads and re-saves identically, or is refused with one line naming the file and the place;
never any other exception.

A few hundred cases run with the suite; `pytest -m slow tests/core/test_fuzz_briefing.py` runs
thousands more (the seed of a failing case is in the test id, so it reproduces).
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest

from briefing.core import storage
from briefing.core.resources import resource_path
from briefing.core.storage import BriefingFileError

SAMPLE = resource_path("sample", "sample.briefing")
SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
SAMPLE_DATA = json.loads(SAMPLE_TEXT)
SOURCE = "fuzzed.briefing"

_ODD_VALUES: list[Any] = [
    None, True, False, 0, -1, 1.5, 10**30, 1e308, -1e308, "", " ", "x" * 5000, "\ud800",
    "\u202e\u0000", "{page.__class__}", "</style><script>", "../../etc/passwd", [], {}, [[]],
    {"id": "a-1"}, [None], "2026-13-45", "c-0", "a-0", "s-0",
]  # fmt: skip


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        data = data[key]
    return data


def mutate_data(rng: random.Random) -> str:
    """The sample with one to three structural mutations, as JSON text."""
    data = copy.deepcopy(SAMPLE_DATA)
    for _ in range(rng.randint(1, 3)):
        paths = [p for p in _paths(data) if p]
        path = rng.choice(paths)
        parent = _parent(data, path)
        key = path[-1]
        action = rng.randrange(6)
        if action == 0:
            parent[key] = rng.choice(_ODD_VALUES)
        elif action == 1:
            del parent[key]
        elif action == 2 and isinstance(parent, list):
            parent.insert(rng.randrange(len(parent) + 1), copy.deepcopy(parent[key]))
        elif action == 3 and isinstance(parent, dict):
            parent[rng.choice(["unknown", "ID", "text ", ""])] = rng.choice(_ODD_VALUES)
        elif action == 4 and isinstance(parent[key], str):
            text = parent[key]
            cut = rng.randrange(len(text) + 1)
            extra = rng.choice(["\x00", "\ufeff", "😀", "\r\n", '"'])
            parent[key] = text[:cut] + extra + text[cut:]
        elif action == 5 and isinstance(parent[key], int) and not isinstance(parent[key], bool):
            parent[key] = parent[key] + rng.choice([-1, 1, 10**6, -(10**6)])
        else:
            parent[key] = rng.choice(_ODD_VALUES)
    return json.dumps(data, ensure_ascii=rng.random() < 0.3, indent=rng.choice([None, 1, 2]))


def mutate_bytes(rng: random.Random) -> bytes:
    """The sample with byte-level damage: truncation, flipped, inserted or deleted bytes."""
    raw = bytearray(SAMPLE_TEXT.encode("utf-8"))
    for _ in range(rng.randint(1, 4)):
        where = rng.randrange(len(raw))
        action = rng.randrange(5)
        if action == 0:
            del raw[where:]
        elif action == 1:
            raw[where] ^= 1 << rng.randrange(8)
        elif action == 2:
            raw[where:where] = rng.choice([b"\x00", b"\xff", b"9" * 5000, b"[" * 3000, b"NaN",
                                           b"1e999", b"\xc3", b'"', b","])  # fmt: skip
        elif action == 3:
            del raw[where : where + rng.randint(1, 50)]
        else:
            raw[where:where] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        if not raw:
            break
    return bytes(raw)


def check_case(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    path = tmp_path / SOURCE
    if rng.random() < 0.6:
        path.write_text(mutate_data(rng), encoding="utf-8", errors="surrogatepass")
    else:
        path.write_bytes(mutate_bytes(rng))
    try:
        briefing = storage.load_briefing(path)
    except BriefingFileError as exc:
        message = str(exc)
        assert message.startswith(f"{path}: "), message
        assert "\n" not in message and "\r" not in message, message
        assert len(message) < 2000, message[:300]
        return
    # Loaded: saving writes a file that reads back as the same briefing, byte for byte stable.
    text = storage.dumps(briefing)
    again = storage.loads(text, SOURCE)
    assert again == briefing
    assert storage.dumps(again) == text
    saved = tmp_path / "resaved.briefing"
    storage.save_briefing(briefing, saved)
    assert saved.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("seed", range(300))
def test_mutated_briefings_load_or_give_one_line(seed: int, tmp_path: Path) -> None:
    check_case(seed, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("block", range(20))
def test_many_more_mutations(block: int, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if "slow" not in (request.config.getoption("-m") or ""):
        pytest.skip("run with -m slow")
    for seed in range(10_000 + block * 250, 10_000 + (block + 1) * 250):
        check_case(seed, tmp_path)
