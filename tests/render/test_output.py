"""Exports into a folder that refuses writing: one clear message, the earlier file intact."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from briefing.core import atomic
from briefing.core.errors import ExportError
from briefing.core.model import Briefing
from briefing.core.resources import resource_path
from briefing.core.storage import load_briefing
from briefing.render.export import export_briefing


@pytest.fixture(scope="module")
def sample():
    return load_briefing(resource_path("sample", "sample.briefing"))


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".html"])
def test_read_only_folder_simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample: Briefing, suffix: str
) -> None:
    # Tests run as root, which chmod cannot stop: simulate the refusal of a read-only mount.
    target = tmp_path / f"briefing{suffix}"
    target.write_bytes(b"earlier export")

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError) as info:
        export_briefing(sample, target)
    assert str(info.value) == f"{target}: cannot write: the folder is read-only"
    assert target.read_bytes() == b"earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_real(tmp_path: Path, sample: Briefing) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "b.pdf"
    target.write_bytes(b"earlier export")
    folder.chmod(0o555)
    try:
        with pytest.raises(ExportError, match="permission denied"):
            export_briefing(sample, target)
        assert target.read_bytes() == b"earlier export"
    finally:
        folder.chmod(0o755)


def test_replace_failure_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample: Briefing
) -> None:
    target = tmp_path / "b.html"
    target.write_bytes(b"earlier export")

    def disk_full(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", disk_full)
    with pytest.raises(ExportError, match="the disk is full"):
        export_briefing(sample, target)
    assert target.read_bytes() == b"earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["b.html"]


def test_an_export_keeps_the_permissions_of_the_file_it_replaces(
    tmp_path: Path, sample: Briefing
) -> None:
    shared = tmp_path / "team.pdf"
    shared.write_bytes(b"earlier export")
    shared.chmod(0o640)
    export_briefing(sample, shared)
    assert shared.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o640

    fresh = tmp_path / "new.docx"
    export_briefing(sample, fresh)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~atomic.current_umask()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.docx", "team.pdf"]
