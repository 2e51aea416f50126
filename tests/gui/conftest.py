"""GUI test set-up: offscreen platform, test-mode standard paths, our organisation names.

These run before pytest-qt creates its one QApplication for the session, so nothing here may
touch Qt widgets; the core tests never import this file.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QCoreApplication, QStandardPaths

from briefing.gui.qtcompat import make_singletons_immortal

QCoreApplication.setOrganizationName("BriefingBuilderTests")
QCoreApplication.setApplicationName("Briefing Builder Tests")
QStandardPaths.setTestModeEnabled(True)
make_singletons_immortal()  # PySide6 6.12.0 drops references to True and None: see qtcompat


@pytest.fixture
def session(qapp):
    from briefing.gui.commands import BriefingSession

    return BriefingSession()


@pytest.fixture
def errors(monkeypatch):
    """Collects the (title, message) of every error dialog instead of showing it."""
    shown: list[tuple[str, str]] = []

    def record(_parent, title, message):
        shown.append((title, message))

    from briefing.gui import messages

    monkeypatch.setattr(messages, "show_error", record)
    return shown


@pytest.fixture
def window(qtbot, errors, monkeypatch):
    """A shown main window whose Save/Discard/Cancel question answers Discard."""
    from briefing.gui.mainwindow import MainWindow

    win = MainWindow(restore_settings=False)
    monkeypatch.setattr(win, "ask_save_changes", lambda: "discard")
    # Questions a test did not expect must fail it, not wait for a click that never comes.
    win.questions = []
    monkeypatch.setattr(win, "ask_open_locked", lambda path, owner: win.questions.append(
        ("locked", path)) or False)
    monkeypatch.setattr(win, "ask_restore", lambda info: win.questions.append(
        ("restore", info)) or False)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    for job in (win._export_job, win._import_job):
        if job is not None:
            job.cancel()
            job.wait()
