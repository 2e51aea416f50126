"""Saves killed at random moments (SIGKILL, no chance to clean up): the file is always a complete
old or new version, the backup is a complete version, and the next open leaves no temporary
file behind."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.core import storage
from briefing.core.model import Article, Briefing

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")

# Saves two versions of one briefing in turn, as fast as it can, until it is killed.
_SAVER = """
import sys
from briefing.core import storage
target = sys.argv[1]
versions = [storage.load_briefing(sys.argv[2]), storage.load_briefing(sys.argv[3])]
print("ready", flush=True)
turn = 0
while True:
    storage.save_briefing(versions[turn % 2], target)
    turn += 1
"""


def _version(title: str) -> Briefing:
    briefing = Briefing()
    briefing.meta.title = title
    paragraph = f"{title}: a paragraph of an article, long enough to take a moment to write. "
    for number in range(60):
        briefing.articles.append(
            Article(id=f"a-{number}", title=f"{title} {number}", text=paragraph * 400)
        )
    return briefing


def test_killed_saves_leave_the_old_or_the_new_file_and_no_temporary(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    sources = []
    for title in ("Version A", "Version B"):
        source = tmp_path / f"{title[-1]}.briefing"
        storage.save_briefing(_version(title), source)
        sources.append(source)
    versions = {source.read_bytes() for source in sources}
    target = work / "x.briefing"
    target.write_bytes(sources[0].read_bytes())
    rng = random.Random(20261201)
    for round_number in range(12):
        saver = subprocess.Popen(
            [sys.executable, "-c", _SAVER, str(target), *map(str, sources)],
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        assert saver.stdout is not None and saver.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.4))
        saver.send_signal(signal.SIGKILL)
        saver.wait(timeout=60)
        saver.stdout.close()
        assert target.read_bytes() in versions, f"round {round_number}: a half-written file"
        backup = work / "x.briefing.bak"
        if backup.exists():
            assert backup.read_bytes() in versions, f"round {round_number}: a broken backup"
        storage.load_briefing(target)  # the next open cleans up after the killed save
        left = sorted(p.name for p in work.iterdir() if p.name not in ("x.briefing",
                                                                        "x.briefing.bak"))
        assert left == [], f"round {round_number}: left behind {left}"
