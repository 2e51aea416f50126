"""Opening and saving run off the GUI thread: the window keeps handling events while the file
is read or written, a change made meanwhile is neither lost nor half saved, and closing the
window during a save waits for it (no "QThread: Destroyed while thread is still running").

Each test's worker waits for a timer that only the GUI thread's event loop can fire: had the
work run on the GUI thread, that timer could not fire and the wait would time out."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QTimer

from briefing.core import storage
from briefing.core.model import Briefing, BriefingMeta
from briefing.gui import commands

WAIT_S = 10.0


def _briefing_file(path: Path, title: str) -> Path:
    storage.save_briefing(Briefing(meta=BriefingMeta(title=title)), path)
    return path


class _GuiTick:
    """Set from a timer of the GUI thread (create it there, before the work starts); `run`
    (optional) runs in that timer too."""

    def __init__(self, run=None) -> None:
        self.fired = threading.Event()
        self.run = run
        QTimer.singleShot(50, self._fire)

    def _fire(self) -> None:
        if self.run is not None:
            self.run()
        self.fired.set()


def test_open_reads_the_file_off_the_gui_thread(window, tmp_path, monkeypatch):
    path = _briefing_file(tmp_path / "big.briefing", "Read on a worker")
    seen: dict[str, object] = {}
    real_load = storage.load_briefing_stamped

    def load(target):
        seen["thread"] = threading.current_thread()
        seen["gui_ran_meanwhile"] = tick.fired.wait(WAIT_S)
        return real_load(target)

    monkeypatch.setattr(storage, "load_briefing_stamped", load)
    tick = _GuiTick()
    assert window.document.open(path)
    assert seen["thread"] is not threading.main_thread()
    assert seen["gui_ran_meanwhile"] is True
    assert window.session.briefing.meta.title == "Read on a worker"
    assert not window.document.busy


def test_an_edit_made_during_a_save_is_kept_and_not_taken_for_saved(window, tmp_path, monkeypatch):
    path = _briefing_file(tmp_path / "edited.briefing", "Before")
    assert window.document.open(path)
    session = window.session
    session.run(commands.edit_meta(session, "title", "Saved title"))
    seen: dict[str, object] = {}
    real_save = storage.save_briefing_data

    def edit_now() -> None:  # what a timer (or the user) does while the file is written
        session.run(commands.edit_meta(session, "title", "Edited meanwhile"))
        seen["second_save_refused"] = window.document.save() is False

    def save(data, target, *, expected=None):
        seen["thread"] = threading.current_thread()
        seen["gui_ran_meanwhile"] = tick.fired.wait(WAIT_S)
        return real_save(data, target, expected=expected)

    monkeypatch.setattr(storage, "save_briefing_data", save)
    tick = _GuiTick(edit_now)
    assert window.document.save()
    assert seen["thread"] is not threading.main_thread()
    assert seen["gui_ran_meanwhile"] is True
    assert seen["second_save_refused"] is True
    assert storage.load_briefing(path).meta.title == "Saved title"  # the snapshot, whole
    assert session.briefing.meta.title == "Edited meanwhile"  # the edit is not lost
    assert window.document.is_modified()  # and not taken for saved
    session.undo_stack.undo()  # back to what the file holds: still not "clean" by mistake
    assert window.document.is_modified()
    monkeypatch.setattr(storage, "save_briefing_data", real_save)
    session.undo_stack.redo()
    assert window.document.save()
    assert storage.load_briefing(path).meta.title == "Edited meanwhile"
    assert not window.document.is_modified()


def test_closing_during_a_save_waits_for_it(window, tmp_path, monkeypatch):
    path = _briefing_file(tmp_path / "closing.briefing", "Before")
    assert window.document.open(path)
    session = window.session
    session.run(commands.edit_meta(session, "title", "Saved before closing"))
    seen: dict[str, object] = {}
    real_save = storage.save_briefing_data

    def close_now() -> None:
        seen["closed_at_once"] = window.close()

    def save(data, target, *, expected=None):
        seen["gui_ran_meanwhile"] = tick.fired.wait(WAIT_S)
        return real_save(data, target, expected=expected)

    monkeypatch.setattr(storage, "save_briefing_data", save)
    tick = _GuiTick(close_now)
    assert window.document.save()
    assert seen["gui_ran_meanwhile"] is True
    assert seen["closed_at_once"] is False  # it waited for the save ...
    assert not window.isVisible()  # ... and closed right after it
    assert storage.load_briefing(path).meta.title == "Saved before closing"
    assert window.questions == []


def test_a_failed_open_in_the_worker_is_one_message_and_keeps_the_open_briefing(
    window, tmp_path, errors
):
    good = _briefing_file(tmp_path / "good.briefing", "Kept")
    assert window.document.open(good)
    bad = tmp_path / "bad.briefing"
    bad.write_text("{ not json", encoding="utf-8")
    assert not window.document.open(bad)
    assert window.session.briefing.meta.title == "Kept"
    assert len(errors) == 1
    assert "bad.briefing" in str(errors[0])
