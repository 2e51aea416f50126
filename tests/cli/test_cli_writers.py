"""Commands that write: two importers never lose each other's articles, a file open in the app is
not changed behind its back, and no export or import ever replaces the user's work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.core import storage
from briefing.core.locking import EDITING, UPDATING, BriefingLock
from briefing.core.model import Briefing
from briefing.core.resources import resource_path
from briefing.core.update import BriefingBusyError, update_briefing

SAMPLE = resource_path("sample", "sample.briefing")

# Each importer loads everything first, then waits for the go file, so both reach the
# read-change-save of the briefing at the same moment: the race is real, not left to chance.
_IMPORTER = """
import os, sys, time
from briefing.cli import main
import briefing.core.intake, briefing.core.update
go = sys.argv[1]
while not os.path.exists(go):
    time.sleep(0.001)
sys.exit(main(sys.argv[2:]))
"""


def _start_importer(go: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _IMPORTER, str(go), "import", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        stdin=subprocess.DEVNULL,
    )


def test_two_concurrent_imports_lose_no_article(tmp_path: Path) -> None:
    target = tmp_path / "X.briefing"
    rounds = 6
    for round_number in range(rounds):
        files = []
        for side in ("left", "right"):
            path = tmp_path / f"{side}-{round_number}.txt"
            path.write_text(f"{side} article of round {round_number}\n\nIts text.\n")
            files.append(path)
        go = tmp_path / f"go-{round_number}"
        importers = [_start_importer(go, str(path), "--into", str(target)) for path in files]
        time.sleep(0.3)  # both have imported their modules and read their files
        go.touch()
        results = [(p.wait(timeout=120), *p.communicate()) for p in importers]
        printed_ids = []
        for code, out, err in results:
            if code == 2:
                assert len(err.strip().splitlines()) == 1 and "not changed" in err, err
            else:
                assert code == 0, err
                assert err == ""
                printed_ids += [line.split("\t")[0] for line in out.splitlines()]
        saved = storage.load_briefing(target)
        ids = {article.id for article in saved.articles}
        assert set(printed_ids) <= ids, f"round {round_number}: a printed article was lost"
    assert len(storage.load_briefing(target).articles) == 2 * rounds
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_import_into_a_briefing_open_in_the_app_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "open.briefing"
    target.write_bytes(SAMPLE.read_bytes())
    before = target.read_bytes()
    app_lock = BriefingLock(target, purpose=EDITING)
    assert app_lock.acquire() is None  # this test process plays the app
    article = tmp_path / "new.txt"
    article.write_text("A new article\n\nwith text.\n")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "briefing", "import", str(article), "--into", str(target)],
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
    finally:
        app_lock.release()
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not changed: it is open in Briefing Builder" in result.stderr
    assert f"(process {os.getpid()})" in result.stderr
    assert target.read_bytes() == before


def test_update_waits_for_another_command_then_takes_its_turn(tmp_path: Path) -> None:
    target = tmp_path / "x.briefing"
    storage.save_briefing(Briefing(), target)
    other = BriefingLock(target, purpose=UPDATING)
    assert other.acquire() is None
    polls: list[float] = []

    def sleep(seconds: float) -> None:
        polls.append(seconds)
        if len(polls) == 3:
            other.release()  # the other command has saved its change

    def change(briefing: Briefing) -> None:
        briefing.meta.title = "Mine"

    update_briefing(target, change, clock=lambda: 0.0, sleep=sleep)
    assert len(polls) == 3
    assert storage.load_briefing(target).meta.title == "Mine"
    assert not (tmp_path / "x.briefing.lock").exists()


def test_update_gives_up_on_a_stuck_command(tmp_path: Path) -> None:
    target = tmp_path / "x.briefing"
    storage.save_briefing(Briefing(), target)
    before = target.read_bytes()
    other = BriefingLock(target, purpose=UPDATING)
    assert other.acquire() is None
    ticks = iter(range(1000))
    with pytest.raises(BriefingBusyError, match="another command has been changing it"):
        update_briefing(
            target, lambda b: None, wait_seconds=5, clock=lambda: next(ticks), sleep=lambda s: None
        )
    other.release()
    assert target.read_bytes() == before


def test_update_refuses_a_file_replaced_behind_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that ignores the lock (an editor, a sync tool) is still not overwritten."""
    target = tmp_path / "x.briefing"
    storage.save_briefing(Briefing(), target)

    def change(briefing: Briefing) -> None:
        replaced = json.loads(target.read_text(encoding="utf-8"))
        replaced["meta"]["title"] = "Written by someone else"
        target.write_text(json.dumps(replaced), encoding="utf-8")
        briefing.meta.title = "Mine"

    with pytest.raises(storage.FileChangedError, match="changed on disk"):
        update_briefing(target, change)
    assert storage.load_briefing(target).meta.title == "Written by someone else"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_export_onto_the_briefing_itself_is_refused(tmp_path: Path, fmt: str) -> None:
    source = tmp_path / "s.briefing"
    source.write_bytes(SAMPLE.read_bytes())
    result = _run("export", str(source), "-o", str(source), "--format", fmt)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not exported: the target is a briefing file" in result.stderr
    assert source.read_bytes() == SAMPLE.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.briefing"]


def test_export_onto_its_input_under_another_name_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "s.json"  # a briefing file need not be called .briefing
    source.write_bytes(SAMPLE.read_bytes())
    alias = tmp_path / "alias.html"
    alias.symlink_to(source)
    for target in (source, alias):
        result = _run("export", str(source), "-o", str(target), "--format", "html")
        assert result.returncode == 2, result.stderr
        assert "not exported: it is the file being exported" in result.stderr
    assert source.read_bytes() == SAMPLE.read_bytes()


def test_file_names_too_long_are_one_line_user_errors(tmp_path: Path) -> None:
    long_pdf = tmp_path / ("x" * 300 + ".pdf")
    result = _run("export", str(SAMPLE), "-o", str(long_pdf))
    assert result.returncode == 2
    assert result.stderr.strip().endswith("cannot write: the file name is too long")
    assert len(result.stderr.strip().splitlines()) == 1
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nText.\n")
    long_briefing = tmp_path / ("y" * 300 + ".briefing")
    result = _run("import", str(article), "--into", str(long_briefing))
    assert result.returncode == 2
    assert result.stderr.strip().endswith("cannot save: the file name is too long")
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def _import(article: Path, target: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", "import", str(article), "--into", str(target), *extra],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )


def test_a_lock_from_another_computer_can_be_taken_over_with_a_flag(tmp_path: Path) -> None:
    target = tmp_path / "left-open.briefing"
    target.write_bytes(SAMPLE.read_bytes())
    articles = len(storage.load_briefing(target).articles)
    lock_file = target.with_name(target.name + ".lock")
    lock_file.write_text(json.dumps({
        "pid": 4711, "host": "laptop.example.org", "user": "kim",
        "since": "2026-03-01T09:00:00+00:00", "purpose": EDITING,
    }), encoding="utf-8")
    article = tmp_path / "new.txt"
    article.write_text("A new article\n\nwith text.\n")

    refused = _import(article, target)
    assert refused.returncode == 2
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "kim on laptop.example.org (process 4711) since 1 March 2026, 09:00 UTC" in (
        refused.stderr)
    assert refused.stderr.strip().endswith("run again with --take-over")
    assert len(storage.load_briefing(target).articles) == articles

    taken = _import(article, target, "--take-over")
    assert taken.returncode == 0, taken.stderr
    assert len(storage.load_briefing(target).articles) == articles + 1
    assert not lock_file.exists()  # taken over, then released once the file was saved


def test_a_window_open_on_this_computer_is_not_offered_for_taking_over(tmp_path: Path) -> None:
    target = tmp_path / "open.briefing"
    target.write_bytes(SAMPLE.read_bytes())
    app_lock = BriefingLock(target, purpose=EDITING)
    assert app_lock.acquire() is None
    article = tmp_path / "new.txt"
    article.write_text("A new article\n\nwith text.\n")
    try:
        result = _import(article, target)
    finally:
        app_lock.release()
    assert result.returncode == 2
    assert "--take-over" not in result.stderr
