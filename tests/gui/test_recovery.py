"""Autosave to recovery files, and finding them again after a crash."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import socket
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer, QStandardPaths, QTimer

from briefing.core import storage
from briefing.core.model import Article, Briefing, BriefingMeta, Clip, ClipKind, ClipRef, Section
from briefing.gui import recovery
from briefing.gui.recovery import (
    AutosaveManager,
    RecoveryInfo,
    discard_recovery,
    load_recovery,
    pending_recoveries,
    recovery_name_for,
)

QStandardPaths.setTestModeEnabled(True)

REPO = Path(__file__).resolve().parents[2]


def _briefing(title: str = "Weekly brief", articles: int = 1, text_repeat: int = 1) -> Briefing:
    text = "The minister said: “We will not yield.” Talks resume on Monday. " * text_repeat
    briefing = Briefing(meta=BriefingMeta(title=title, marking="OFFICIAL"))
    section = Section(id="s-1", heading="Talks")
    for n in range(articles):
        article = Article(id=f"a-{n}", title=f"Article {n}", outlet="Ledger", text=text)
        start = text.index("We will")
        clip = Clip(
            id=f"c-{n}",
            article_id=article.id,
            kind=ClipKind.QUOTE,
            text=text[start : start + 18],
            start=start,
            end=start + 18,
            speaker="Ana Ruiz",
        )
        briefing.articles.append(article)
        briefing.clips.append(clip)
        section.items.append(ClipRef(clip.id))
    briefing.sections.append(section)
    return briefing


class _Doc:
    """Stands in for the main window's session."""

    def __init__(self, path: str | None = None) -> None:
        self.briefing = _briefing()
        self.modified = True
        self.path = path


NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


def _manager(qtbot, doc: _Doc, folder: Path, interval_ms: int = 60_000) -> AutosaveManager:
    manager = AutosaveManager(
        None,
        snapshot=lambda: doc.briefing,
        is_modified=lambda: doc.modified,
        identity=lambda: doc.path,
        interval_ms=interval_ms,
        directory=folder,
        clock=lambda: NOW,
    )
    return manager


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_timer_writes_a_recovery_file_while_modified(qtbot, tmp_path: Path):
    original = tmp_path / "docs" / "weekly.briefing"
    doc = _Doc(str(original))
    folder = tmp_path / "recovery"
    manager = _manager(qtbot, doc, folder, interval_ms=30)
    with qtbot.waitSignal(manager.saved, timeout=5_000) as blocker:
        manager.start()
    manager.stop()
    expected = folder / f"{recovery_name_for(original)}.briefing"
    assert blocker.args == [str(expected)]
    assert storage.load_briefing(expected).meta.title == "Weekly brief"
    sidecar = json.loads(expected.with_suffix(".json").read_text(encoding="utf-8"))
    assert sidecar["original_path"] == str(original)
    assert sidecar["pid"] == os.getpid() and sidecar["host"] == socket.gethostname()
    assert sidecar["title"] == "Weekly brief"
    assert sidecar["saved_at"] == "2026-11-27T09:30:00+00:00"


def test_nothing_is_written_without_changes_and_back_at_clean_it_is_removed(qtbot, tmp_path):
    doc = _Doc(str(tmp_path / "a.briefing"))
    doc.modified = False
    folder = tmp_path / "recovery"
    manager = _manager(qtbot, doc, folder, interval_ms=20)
    manager.start()
    qtbot.wait(150)
    assert not folder.exists() or _files(folder) == []

    doc.modified = True
    qtbot.waitSignal(manager.saved, timeout=5_000).wait()
    assert len(list(folder.glob("*.briefing"))) == 1

    doc.modified = False  # e.g. everything undone: the saved file is current again
    qtbot.waitUntil(lambda: _files(folder) == [], timeout=5_000)
    manager.stop()


def test_unchanged_briefing_is_not_rewritten(qtbot, tmp_path: Path):
    doc = _Doc(str(tmp_path / "a.briefing"))
    manager = _manager(qtbot, doc, tmp_path)
    with qtbot.waitSignal(manager.saved, timeout=5_000):
        manager.save_now()
    saved = []
    manager.saved.connect(saved.append)
    manager.save_now(block=True)
    qtbot.wait(50)
    assert saved == []
    doc.briefing.meta.title = "Changed"
    with qtbot.waitSignal(manager.saved, timeout=5_000):
        manager.save_now()
    assert storage.load_briefing(manager.recovery_path).meta.title == "Changed"


def test_untitled_then_saved_as_moves_the_recovery_file(qtbot, tmp_path: Path):
    doc = _Doc(None)
    manager = _manager(qtbot, doc, tmp_path)
    with qtbot.waitSignal(manager.saved, timeout=5_000):
        manager.save_now()
    untitled = manager.recovery_path
    assert untitled.name == f"untitled-{os.getpid()}-20261127T093000.briefing"
    assert json.loads(untitled.with_suffix(".json").read_text())["original_path"] is None

    doc.path = str(tmp_path / "named.briefing")
    with qtbot.waitSignal(manager.saved, timeout=5_000):
        manager.save_now()
    assert manager.recovery_path.name == recovery_name_for(doc.path) + ".briefing"
    assert not untitled.exists() and not untitled.with_suffix(".json").exists()


def test_discard_removes_file_backup_and_sidecar(qtbot, tmp_path: Path):
    doc = _Doc(str(tmp_path / "a.briefing"))
    manager = _manager(qtbot, doc, tmp_path / "rec")
    manager.save_now(block=True)
    doc.briefing.meta.title = "Second"
    manager.save_now(block=True)  # the second save leaves a .bak beside the recovery file
    assert len(_files(tmp_path / "rec")) == 3
    manager.discard()
    assert _files(tmp_path / "rec") == []
    assert manager.recovery_path is None


def test_a_failed_autosave_is_reported_not_raised(qtbot, tmp_path: Path):
    blocker_file = tmp_path / "not-a-folder"
    blocker_file.write_text("x")
    doc = _Doc(str(tmp_path / "a.briefing"))
    manager = _manager(qtbot, doc, blocker_file / "recovery")
    with qtbot.waitSignal(manager.failed, timeout=5_000) as blocker:
        manager.save_now()
    assert blocker.args[0].startswith("Autosave failed")


def _write_sidecar(path: Path, **fields: object) -> None:
    path.with_suffix(".json").write_text(json.dumps(fields), encoding="utf-8")


def test_pending_recoveries_skip_live_instances(tmp_path: Path):
    host = socket.gethostname()
    dead_pid = _dead_pid()
    live = tmp_path / "live.briefing"
    crashed = tmp_path / "crashed.briefing"
    elsewhere = tmp_path / "elsewhere.briefing"
    bare = tmp_path / "bare.briefing"
    for path in (live, crashed, elsewhere, bare):
        storage.save_briefing(_briefing(path.stem), path)
    _write_sidecar(live, original_path="/x/live.briefing", saved_at="2026-11-27T10:00:00+00:00",
                   pid=os.getpid(), host=host)
    _write_sidecar(crashed, original_path="/x/crashed.briefing", title="Crashed",
                   saved_at="2026-11-27T12:00:00+00:00", pid=dead_pid, host=host)
    _write_sidecar(elsewhere, original_path=None, saved_at="2026-11-27T11:00:00+00:00",
                   pid=os.getpid(), host=host + "-other")

    # No sidecar: its age is the file's. A fixed moment older than every sidecar's, not "now
    # minus n days", so the order holds on any date.
    bare_time = datetime(2026, 11, 24, 9, 0, tzinfo=UTC).timestamp()
    os.utime(bare, (bare_time, bare_time))

    infos = pending_recoveries(tmp_path)
    assert [i.path.name for i in infos] == [
        "crashed.briefing",
        "elsewhere.briefing",
        "bare.briefing",
    ]
    crashed_info = infos[0]
    assert crashed_info.original_path == Path("/x/crashed.briefing")
    assert crashed_info.display_name() == "crashed.briefing"
    assert infos[1].original_path is None
    bare_info = next(i for i in infos if i.path == bare)
    assert bare_info.original_path is None and bare_info.saved_at  # from the file's time

    assert load_recovery(crashed_info).meta.title == "crashed"
    discard_recovery(crashed_info)
    assert not crashed.exists() and not crashed.with_suffix(".json").exists()


def test_a_damaged_recovery_file_raises_the_storage_error(tmp_path: Path):
    path = tmp_path / "broken.briefing"
    path.write_text('{"format_version": 1, "meta": ', encoding="utf-8")
    (info,) = pending_recoveries(tmp_path)
    with pytest.raises(storage.BriefingFileError):
        load_recovery(info)


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


_CHILD = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, {repo!r})
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication
    from briefing.core.model import Briefing, BriefingMeta
    from briefing.gui.recovery import AutosaveManager

    app = QCoreApplication([])
    briefing = Briefing(meta=BriefingMeta(title="Unsaved edits 1"))
    manager = AutosaveManager(None, lambda: briefing, lambda: True, lambda: {original!r},
                              directory=Path({folder!r}))
    manager.save_now(block=True)
    print("saved", flush=True)
    if sys.argv[1] == "crash":
        os._exit(3)  # no clean-up of any kind, like a crash
    sys.stdin.readline()  # stay alive until the test says so
    """
)


def _child(mode: str, folder: Path, original: str | None) -> subprocess.Popen:
    code = _CHILD.format(repo=str(REPO), folder=str(folder), original=original)
    return subprocess.Popen(
        [sys.executable, "-c", code, mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_after_a_crash_the_recovery_is_offered_and_restores_the_edits(tmp_path: Path):
    child = _child("crash", tmp_path, None)
    assert child.stdout.readline().strip() == "saved"
    assert child.wait(30) == 3
    (info,) = pending_recoveries(tmp_path)
    assert info.original_path is None and info.title == "Unsaved edits 1"
    assert info.path.name.startswith(f"untitled-{child.pid}-")
    assert load_recovery(info).meta.title == "Unsaved edits 1"


def test_a_running_instance_keeps_its_recovery_file_to_itself(tmp_path: Path):
    child = _child("live", tmp_path, str(tmp_path / "open.briefing"))
    try:
        assert child.stdout.readline().strip() == "saved"
        assert pending_recoveries(tmp_path) == []
    finally:
        child.stdin.close()
        child.wait(30)
    (info,) = pending_recoveries(tmp_path)  # it ended without discarding: offered now
    assert info.original_path == tmp_path / "open.briefing"


def test_adopting_a_restored_file_keeps_a_single_recovery(qtbot, tmp_path: Path):
    stale = tmp_path / "untitled-1-20260101T000000.briefing"
    storage.save_briefing(_briefing("Restored"), stale)
    _write_sidecar(stale, original_path=None, saved_at="2026-01-01T00:00:00+00:00",
                   pid=_dead_pid(), host=socket.gethostname())
    (info,) = pending_recoveries(tmp_path)
    doc = _Doc(None)
    doc.briefing = load_recovery(info)
    manager = _manager(qtbot, doc, tmp_path)
    manager.adopt(info)
    doc.briefing.meta.title = "Restored and edited"
    manager.save_now(block=True)
    qtbot.wait(20)
    assert sorted(p.name for p in tmp_path.glob("*.briefing")) == [stale.name]
    assert storage.load_briefing(stale).meta.title == "Restored and edited"
    assert pending_recoveries(tmp_path) == []  # now ours, and we are alive
    manager.discard()
    assert list(tmp_path.iterdir()) == []


def test_default_folder_is_in_app_data(qapp):
    folder = recovery.recovery_dir()
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    assert folder == Path(base) / "recovery" and folder.is_dir()


def test_autosaving_a_large_briefing_keeps_the_event_loop_responsive(
    qtbot, tmp_path, capsys, monkeypatch
):
    # 1,000 articles of ~6,500 characters each, one quote each: a 7 MB file.
    doc = _Doc(str(tmp_path / "big.briefing"))
    doc.briefing = _briefing("Big", articles=1000, text_repeat=100)
    manager = _manager(qtbot, doc, tmp_path / "rec")
    # What keeps the loop responsive whatever the machine's speed: the GUI thread only copies
    # the briefing to plain data (timed at every size by `make bench`: autosave_snapshot);
    # checking, serialising and writing the file happen on the writer thread.
    heavy_threads: list[threading.Thread] = []
    for name in ("save_briefing", "briefing_from_dict"):
        original = getattr(storage, name)

        def on_thread(*args, _original=original, **kwargs):
            heavy_threads.append(threading.current_thread())
            return _original(*args, **kwargs)

        monkeypatch.setattr(storage, name, on_thread)

    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(lambda: (gaps.append(clock.restart())))
    ticker.start()
    qtbot.wait(30)
    gaps.clear()

    started = time.perf_counter()
    # The GUI thread's own CPU time: on a busy machine its wall time also counts the moments
    # the thread was not scheduled at all, which says nothing about the work it does.
    started_cpu = time.thread_time()
    with qtbot.waitSignal(manager.saved, timeout=30_000):
        manager.save_now()
        gui_part = time.thread_time() - started_cpu
    total = time.perf_counter() - started
    ticker.stop()
    longest_stall = max(gaps) if gaps else 0
    with capsys.disabled():
        print(
            f"\n[autosave 1,000 articles] GUI thread {gui_part * 1000:.0f} ms, total "
            f"{total * 1000:.0f} ms, longest event-loop gap {longest_stall} ms, "
            f"file {manager.recovery_path.stat().st_size / 1e6:.1f} MB"
        )
    assert len(heavy_threads) == 2
    assert all(thread is not threading.main_thread() for thread in heavy_threads)
    assert storage.load_briefing(manager.recovery_path).articles[999].title == "Article 999"
    assert RecoveryInfo(manager.recovery_path, None, "").display_name() == "Untitled briefing"
