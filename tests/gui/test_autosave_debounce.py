"""The recovery copy follows a pause in the work (issue 13, "nothing lost"): written a few
seconds after the last edit, the wait restarted by each edit, the delay a setting, and the
status bar saying when it was last written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QStatusBar

from briefing.core.model import Briefing, BriefingMeta
from briefing.gui import commands
from briefing.gui.commands import BriefingSession
from briefing.gui.document import DocumentController
from briefing.gui.recovery import AutosaveManager
from briefing.gui.settings import AppSettings
from briefing.gui.views.autosave_status import AutosaveStatus, last_written_text

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


class _NoQuestions:
    def __getattr__(self, name):
        raise AssertionError(f"nothing should be asked, but {name} was")


def _settings(folder: Path, delay_s: int) -> AppSettings:
    settings = AppSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    settings.autosave_delay_s = delay_s
    return settings


def _controller(tmp_path: Path, delay_s: int = 1) -> DocumentController:
    session = BriefingSession()
    session.replace(Briefing(meta=BriefingMeta(title="Weekly")), None)
    return DocumentController(session, _NoQuestions(), _settings(tmp_path, delay_s),
                              recovery_folder=tmp_path / "recovery")


def test_the_delay_is_a_setting_kept_within_sense(tmp_path):
    settings = _settings(tmp_path, 3)
    assert settings.autosave_delay_s == 3
    settings.autosave_delay_s = 0
    assert settings.autosave_delay_s == 1
    settings.autosave_delay_s = 10_000
    assert settings.autosave_delay_s == 600
    fresh = AppSettings(QSettings(str(tmp_path / "other.ini"), QSettings.Format.IniFormat))
    assert fresh.autosave_delay_s == 3  # a few seconds, not a minute


def test_an_edit_is_written_after_the_delay_not_at_the_minute(qtbot, tmp_path):
    document = _controller(tmp_path, delay_s=1)
    try:
        manager = document.autosave
        assert manager is not None and manager.delay_ms == 1000
        assert not manager.pending
        session = document.session
        with qtbot.waitSignal(manager.saved, timeout=10_000):
            session.run(commands.add_section(session, "Talks"))
            assert manager.pending  # the edit starts the wait
        assert manager.recovery_path is not None and manager.recovery_path.exists()
        assert manager.last_written is not None
    finally:
        document.close()


def test_each_edit_restarts_the_wait(qtbot, tmp_path):
    document = _controller(tmp_path, delay_s=60)
    try:
        manager = document.autosave
        session = document.session
        session.run(commands.add_section(session, "Talks"))
        qtbot.wait(50)
        before = manager._debounce.remainingTime()
        session.run(commands.add_section(session, "Prices"))
        after = manager._debounce.remainingTime()
        assert after > before  # the second edit pushed the write back
        session.undo_stack.undo()  # undo is an edit too
        assert manager.pending
    finally:
        document.close()


def test_a_save_ends_the_wait_and_removes_the_copy(qtbot, tmp_path):
    document = _controller(tmp_path, delay_s=1)
    try:
        manager = document.autosave
        session = document.session
        with qtbot.waitSignal(manager.saved, timeout=10_000):
            session.run(commands.add_section(session, "Talks"))
        with qtbot.waitSignal(manager.discarded, timeout=1000):
            assert document.save_as(tmp_path / "weekly.briefing")
        assert manager.last_written is None and not manager.pending
    finally:
        document.close()


def test_a_pause_that_ends_during_a_write_waits_again(qtbot, tmp_path):
    briefing = Briefing(meta=BriefingMeta(title="Weekly"))
    manager = AutosaveManager(None, lambda: briefing, lambda: True, lambda: None,
                              delay_ms=60_000, directory=tmp_path, clock=lambda: NOW)

    class _Busy:  # the previous copy is still being written
        def is_alive(self):
            return True

        def join(self, _timeout=None):
            return None

    manager._writer = _Busy()
    manager._after_pause()
    assert manager.pending and manager.recovery_path is None  # not dropped, not doubled
    manager._writer = None
    manager._after_pause()
    assert manager.recovery_path is not None
    manager.wait()


def test_status_text_says_how_long_ago():
    assert last_written_text(None, NOW) == ""
    assert last_written_text(NOW, NOW + timedelta(seconds=2)) == "Recovery copy saved just now"
    assert last_written_text(NOW, NOW + timedelta(seconds=42)) == "Recovery copy saved 42 s ago"
    assert last_written_text(NOW, NOW + timedelta(minutes=3, seconds=5)) == (
        "Recovery copy saved 3 min ago")
    assert last_written_text(NOW, NOW + timedelta(hours=2)) == "Recovery copy saved 2 h ago"


def test_the_status_bar_shows_when_the_copy_was_written(qtbot, tmp_path):
    bar = QStatusBar()
    qtbot.addWidget(bar)
    briefing = Briefing(meta=BriefingMeta(title="Weekly"))
    clock = [NOW]
    manager = AutosaveManager(bar, lambda: briefing, lambda: True, lambda: None,
                              delay_ms=20, directory=tmp_path, clock=lambda: clock[0])
    label = AutosaveStatus(manager, bar, clock=lambda: clock[0])
    assert label.isHidden()  # nothing written yet: nothing said
    with qtbot.waitSignal(manager.saved, timeout=5000):
        manager.save_now()
    assert label.text() == "Recovery copy saved just now" and not label.isHidden()
    clock[0] = NOW + timedelta(seconds=75)
    label.refresh()
    assert label.text() == "Recovery copy saved 1 min ago"
    manager.discard()
    assert label.isHidden() and label.text() == ""


def test_the_window_has_the_status_note(window):
    assert window.statusBar().findChild(AutosaveStatus, "autosaveStatus") is not None
