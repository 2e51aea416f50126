"""Saving never destroys what is on disk: a file changed since it was read, a read-only file, the
previous backup; temporaries of killed saves go away; crafted numbers are user errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.core import atomic, storage
from briefing.core.model import Article, Briefing
from briefing.core.resources import resource_path
from briefing.core.storage import NO_FILE, BriefingFileError, FileChangedError

SAMPLE = resource_path("sample", "sample.briefing")


def briefing_with(title: str) -> Briefing:
    briefing = Briefing()
    briefing.meta.title = title
    briefing.articles.append(Article(id="a-1", title="A", text="Some text."))
    return briefing


def test_a_save_refuses_a_file_changed_on_disk_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "x.briefing"
    storage.save_briefing(briefing_with("First"), path)
    mine, stamp = storage.load_briefing_stamped(path)
    theirs = storage.load_briefing(path)
    theirs.meta.title = "Theirs"
    storage.save_briefing(theirs, path)  # another window or program saves meanwhile
    on_disk = path.read_bytes()
    mine.meta.title = "Mine"
    with pytest.raises(FileChangedError) as info:
        storage.save_briefing(mine, path, expected=stamp)
    assert str(info.value).startswith(f"{path}: not saved: the file was changed on disk")
    assert path.read_bytes() == on_disk


def test_a_save_with_its_own_stamp_goes_through_and_returns_the_next_one(tmp_path: Path) -> None:
    path = tmp_path / "x.briefing"
    briefing = briefing_with("First")
    stamp = storage.save_briefing(briefing, path, expected=NO_FILE)
    assert stamp == storage.file_stamp(path)
    briefing.meta.title = "Second"
    stamp = storage.save_briefing(briefing, path, expected=stamp)
    os.utime(path, ns=(1, 1))  # touched, not changed: no false alarm
    briefing.meta.title = "Third"
    storage.save_briefing(briefing, path, expected=stamp)
    assert storage.load_briefing(path).meta.title == "Third"


def test_saving_a_new_file_refuses_one_that_appeared_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "x.briefing"
    storage.save_briefing(briefing_with("Someone else's"), path)
    with pytest.raises(FileChangedError):
        storage.save_briefing(briefing_with("Mine"), path, expected=NO_FILE)
    assert storage.load_briefing(path).meta.title == "Someone else's"


def test_a_deleted_file_counts_as_changed(tmp_path: Path) -> None:
    path = tmp_path / "x.briefing"
    storage.save_briefing(briefing_with("First"), path)
    _, stamp = storage.load_briefing_stamped(path)
    path.unlink()
    assert storage.changed_on_disk(path, stamp)


def test_a_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "x.briefing"
    storage.save_briefing(briefing_with("First"), path)
    before = path.read_bytes()
    path.chmod(0o444)
    with pytest.raises(BriefingFileError) as info:
        storage.save_briefing(briefing_with("Second"), path)
    assert str(info.value) == f"{path}: cannot save: the file is read-only"
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.briefing"]  # no backup rotated


def _leave_a_temporary_of_a_dead_process(folder: Path, name: str) -> Path:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    left = folder / f".{name}.{process.pid}-abc123.tmp"
    left.write_bytes(b"half a save")
    return left


def test_temporaries_of_a_killed_save_are_removed_at_the_next_save(tmp_path: Path) -> None:
    path = tmp_path / "x.briefing"
    storage.save_briefing(briefing_with("First"), path)
    left = _leave_a_temporary_of_a_dead_process(tmp_path, "x.briefing")
    left_backup = _leave_a_temporary_of_a_dead_process(tmp_path, "x.briefing.bak")
    alive = tmp_path / f".x.briefing.{os.getppid()}-live01.tmp"  # a save in progress elsewhere
    alive.write_bytes(b"being written")
    unrelated = tmp_path / ".other.briefing.1-abc.tmp"
    unrelated.write_bytes(b"")
    storage.save_briefing(briefing_with("Second"), path)
    assert not left.exists() and not left_backup.exists()
    assert alive.exists() and unrelated.exists()


def test_temporaries_of_a_killed_save_are_removed_when_the_file_is_opened(tmp_path: Path) -> None:
    path = tmp_path / "x.briefing"
    storage.save_briefing(briefing_with("First"), path)
    left = _leave_a_temporary_of_a_dead_process(tmp_path, "x.briefing")
    storage.load_briefing(path)
    assert not left.exists()


def test_exports_clean_up_their_killed_temporaries_too(tmp_path: Path) -> None:
    target = tmp_path / "out.html"
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    left = tmp_path / f".out.html.{process.pid}-xyz.part"
    left.write_bytes(b"<html")
    atomic.write_atomically(target, b"<html></html>")
    assert not left.exists()


@pytest.mark.parametrize("digits", [4301, 20_000])
def test_an_integer_of_thousands_of_digits_is_a_user_error(tmp_path: Path, digits: int) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["clips"][0]["start"] = 0
    text = json.dumps(data, indent=1).replace('"start": 0', '"start": ' + "7" * digits, 1)
    path = tmp_path / "big.briefing"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BriefingFileError) as info:
        storage.load_briefing(path)
    message = str(info.value)
    assert message.startswith(f"{path}: the file is damaged (a number of {digits:,} digits at line")
    assert "\n" not in message


def test_the_cli_reports_a_huge_integer_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "big.briefing"
    path.write_text('{"format_version": ' + "1" * 5000 + "}", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "5,000 digits" in result.stderr
