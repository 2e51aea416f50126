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


class ScriptedAsker:
    """The document controller's questions answered without dialogs: "Discard" to saving
    changes, "No" (recorded in `questions`) to everything else. Errors still go through
    `messages.show_error`, which the `errors` fixture collects."""

    def __init__(self, parent, questions: list | None = None) -> None:
        self.parent = parent
        self.questions = questions if questions is not None else []
        self.save_answer = "discard"
        self.delete_answer = True

    def save_changes(self, name):
        return self.save_answer

    def open_locked(self, path, owner):
        self.questions.append(("locked", path))
        return False

    def restore(self, info):
        self.questions.append(("restore", info))
        return False

    def file_to_open(self, folder):
        self.questions.append(("open", folder))
        return None

    def file_to_save(self, suggestion):
        self.questions.append(("save", suggestion))
        return None

    def confirm_delete(self, question):
        # Deleting what the user selected goes ahead, as before the question existed; tests
        # that care about the question look in `questions` or set `delete_answer`.
        self.questions.append(("delete", question))
        return self.delete_answer

    def error(self, title, message):
        from briefing.gui import messages

        messages.show_error(self.parent, title, message)


@pytest.fixture(autouse=True)
def _fresh_settings():
    """Every test starts from default settings: QSettings (test mode) persist across the tests
    of one worker, so a setting one test made (a library location, a recent file) would leak
    into whichever test runs next there."""
    from PySide6.QtCore import QSettings

    QSettings().clear()
    QSettings().sync()
    yield


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
def window(qtbot, errors):
    """A shown main window whose Save/Discard/Cancel question answers Discard."""
    from briefing.gui.mainwindow import MainWindow

    win = MainWindow(restore_settings=False)
    # Questions a test did not expect must fail it, not wait for a click that never comes.
    win.questions = []
    win.document.asker = ScriptedAsker(win, win.questions)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.transfers.cancel()
    win.transfers.wait(30_000)
    # Background jobs the window started (the quote finder loads its model on a thread) must
    # end before Qt tears down: a QThread destroyed while running aborts the process.
    from briefing.gui.workers import stop_all_jobs

    stop_all_jobs(30_000)


@pytest.fixture
def wait_library(qtbot):
    """`wait_library(access)`: start opening a LibraryAccess's library (the app always opens
    it in a worker thread) and wait until it is open; returns the Library."""

    def wait(access):
        access.library()
        qtbot.waitUntil(access.is_open, timeout=15_000)
        return access.library()

    return wait
