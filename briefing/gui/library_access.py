"""The app's connection to the article library (briefing.core.library), kept off the briefing.

The library is opened on first use (switching the Library pane to "All articles", importing,
completing a speaker), from the setting "library/location" (else BRIEFING_LIBRARY, else the
default file). It is always opened in a worker thread: connecting to a team's server takes
seconds, and so can a file on a network share, a slow disk, a large migration or a damaged
file's checks; the window never waits for it. Until it is open, calls get their default and
`opening` says so (the panes show "Opening…"); work that must not be lost waits in
`when_open`. If it cannot be opened or stops answering (a server gone), the user is told once
and everything else keeps working: the open briefing never depends on the library.

Also here: the folder import that runs in a worker thread, and the Speaker completer that
fills the role of a remembered person.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from briefing.core.errors import BriefingError
from briefing.core.library import Library, LibraryError, describe, open_library, resolve_location
from briefing.core.library.location import is_server_url
from briefing.core.model import Article
from briefing.gui.workers import _CANCELLED, _Job, _WorkerThread

log = logging.getLogger(__name__)

LOCATION_KEY = "library/location"
FILE_IMPORTS_KEY = "library/file_imports"  # file articles imported into a briefing (default on)
FOLDER_BATCH = 50


class LibraryAccess(QObject):
    """Opens the library lazily and reports its failures once (`failed`)."""

    failed = Signal(str)  # a message for the user
    opened = Signal()  # a library opened in the background is ready
    openingChanged = Signal(bool)  # a background open started (True) or ended (False)

    def __init__(self, settings: QSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings if settings is not None else QSettings()
        self._library: Library | None = None
        self._reported = ""
        self._opening: OpenLibraryJob | None = None
        self._waiting: list[Callable[[Library], object]] = []
        self.open_error = ""  # why the last background open failed

    # ---- settings ------------------------------------------------------------------------------
    def setting(self) -> str:
        value = self._settings.value(LOCATION_KEY, "", type=str)
        return value if isinstance(value, str) else ""

    def set_setting(self, location: str) -> None:
        self._settings.setValue(LOCATION_KEY, location.strip())
        self.close()

    def location(self) -> str:
        return resolve_location(None, setting=self.setting())

    def shown_location(self) -> str:
        return describe(self.location())

    def files_imports(self) -> bool:
        value = self._settings.value(FILE_IMPORTS_KEY, True, type=bool)
        return value if isinstance(value, bool) else True

    def set_files_imports(self, on: bool) -> None:
        self._settings.setValue(FILE_IMPORTS_KEY, bool(on))

    # ---- the library ---------------------------------------------------------------------------
    def opening(self) -> bool:
        return self._opening is not None

    def is_open(self) -> bool:
        """True once the library is open (asking never starts opening it)."""
        return self._library is not None

    def on_server(self) -> bool:
        return is_server_url(self.location())

    def library(self) -> Library | None:
        """The open library, or None while it is being opened in the background (the first
        call starts that; `opened` follows) or when opening failed (reported once; the next
        call tries again)."""
        if self._library is None:
            self.open_in_background()
        return self._library

    def open_in_background(self) -> None:
        if self._library is not None or self._opening is not None:
            return
        # A child of this object until it goes: deleting a job from the slot of its own
        # signal (deleteLater there) made PySide 6.11 crash in a later event loop.
        job = OpenLibraryJob(self.setting(), self)
        self._opening = job
        self.open_error = ""
        job.finished.connect(lambda library: self._opened(job, library))
        job.failedToOpen.connect(lambda message: self._open_failed(job, message))
        self.openingChanged.emit(True)
        job.start()

    def _opened(self, job: OpenLibraryJob, library: Library) -> None:
        if job is not self._opening:  # the location changed meanwhile
            with contextlib.suppress(LibraryError):
                library.close()
            return
        self._opening, self._library, self._reported = None, library, ""
        self.openingChanged.emit(False)
        for warning in library.warnings:
            self.failed.emit(warning)
        waiting, self._waiting = self._waiting, []
        for work in waiting:
            try:
                self.call(work)  # a library error is reported and the next one still runs
            except Exception:  # a bug in one piece of work must not cost the others theirs
                log.exception("work waiting for the library failed")
        self.opened.emit()

    def _open_failed(self, job: OpenLibraryJob, message: str) -> None:
        if job is not self._opening:
            return
        # The waiting work stays: articles pasted meanwhile are in the briefing and should
        # still be filed, and speakers remembered, when a later try opens the library (a
        # server back, a disk remounted). Changing the location drops it (close).
        self._opening = None
        self.open_error = message
        self.openingChanged.emit(False)
        self.report(LibraryError(message))

    def when_open(self, work: Callable[[Library], object]) -> None:
        """`work(library)` now if the library is open, else as soon as it is: when the open
        under way succeeds, or a later try after a failure (which is reported). Dropped if
        the location changes meanwhile."""
        library = self.library()
        if library is not None:
            self.call(work)
        else:
            self._waiting.append(work)

    def waiting(self) -> int:
        """How many pieces of work wait for the library to open."""
        return len(self._waiting)

    def call(self, work: Callable[[Library], object], default: object = None) -> object:
        """`work(library)`, or `default` when the library is missing or fails (reported)."""
        library = self.library()
        if library is None:
            return default
        try:
            result = work(library)
        except LibraryError as exc:
            self.report(exc)
            return default
        self._reported = ""  # working again: a new failure is news
        return result

    def report(self, exc: BaseException) -> None:
        """Tell the user once per distinct problem (a search per keystroke must not stack up
        dialogs while a server is away)."""
        message = str(exc)
        if message != self._reported:
            self._reported = message
            self.failed.emit(message)

    def close(self) -> None:
        """Close the library (or forget the one being opened: its result is dropped)."""
        was_opening = self._opening is not None
        self._opening, self._waiting, self.open_error = None, [], ""
        if self._library is not None:
            with contextlib.suppress(LibraryError):
                self._library.close()
            self._library = None
        self._reported = ""
        if was_opening:
            self.openingChanged.emit(False)


class OpenLibraryJob(_Job):
    """Opens (connects to, migrates) a library in a worker thread."""

    finished = Signal(object)  # the Library
    failedToOpen = Signal(str)

    def __init__(self, setting: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setting = setting

    def start(self) -> None:
        self._start_thread(lambda _thread: open_library(setting=self.setting))

    def _emit_progress(self, value: object) -> None:
        pass

    def _emit_success(self, result: object) -> None:
        self.finished.emit(result)

    def _emit_failure(self, message: str) -> None:
        self.failedToOpen.emit(message)


class FolderImportJob(_Job):
    """File every article of a folder (and its subfolders) in the library, in a worker thread
    with its own connection. Cancel stops before the next file; what was filed stays."""

    progress = Signal(int, int)  # files done, files in total
    finished = Signal(int, int, list)  # added, duplicates, error messages

    def __init__(self, folder: Path, location: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self.location = location

    def start(self) -> None:
        self._start_thread(self._work)

    def _work(self, thread: _WorkerThread) -> object:
        from briefing.core.intake import SUPPORTED_SUFFIXES, import_file

        paths = sorted(p for p in self.folder.rglob("*")
                       if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        total, added, duplicates = len(paths), 0, 0
        errors: list[str] = []
        thread.progressed.emit((0, total))
        with open_library(self.location) as library:
            pending: list[Article] = []

            def flush() -> None:
                nonlocal added, duplicates
                for result in library.add_many(pending):
                    added += result.added
                    duplicates += not result.added
                pending.clear()

            for done, path in enumerate(paths, start=1):
                if thread.cancel_requested.is_set():
                    flush()
                    return _CANCELLED
                try:
                    pending.append(import_file(path))
                except BriefingError as exc:
                    errors.append(str(exc))
                if len(pending) >= FOLDER_BATCH:
                    flush()
                thread.progressed.emit((done, total))
            flush()
        return added, duplicates, errors

    def _emit_progress(self, value: object) -> None:
        done, total = value  # type: ignore[misc]
        self.progress.emit(done, total)

    def _emit_success(self, result: object) -> None:
        added, duplicates, errors = result  # type: ignore[misc]
        self.finished.emit(added, duplicates, errors)

    def _emit_failure(self, message: str) -> None:
        self.finished.emit(0, 0, [message])


class PeopleCompleter(QObject):
    """Completes a Speaker field from the people the library remembers; choosing one fills
    the Role field (when empty) through the same edit a user's typing makes."""

    def __init__(self, access: LibraryAccess, speaker: QLineEdit, role: QLineEdit) -> None:
        super().__init__(speaker)
        self.access, self.speaker, self.role = access, speaker, role
        self.roles: dict[str, str] = {}
        self.names = QStringListModel(self)
        self.completer = QCompleter(self.names, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        speaker.setCompleter(self.completer)
        speaker.textEdited.connect(self._refresh)
        self.completer.activated.connect(self.choose)
        speaker.editingFinished.connect(self._remember)
        # The first letters typed start opening the library: complete once it is open.
        access.opened.connect(lambda: self._refresh(speaker.text()) if speaker.hasFocus()
                              else None)

    def _refresh(self, text: str) -> None:
        if len(text.strip()) < 2:
            return
        people = self.access.call(lambda lib: lib.people(text, limit=15), default=[])
        self.roles = {p.name: p.role for p in people}  # type: ignore[union-attr]
        self.names.setStringList(list(self.roles))

    def choose(self, name: str) -> None:
        if self.speaker.text() != name:
            self.speaker.setText(name)
            self.speaker.textEdited.emit(name)
        role = self.roles.get(name, "")
        if role and not self.role.text().strip():
            self.role.setText(role)
            self.role.textEdited.emit(role)

    def _remember(self) -> None:
        name, role = self.speaker.text().strip(), self.role.text().strip()
        if name:  # kept for when the library opens, if it is still opening
            self.access.when_open(lambda lib: lib.remember_person(name, role))


def attach_people_completer(access: LibraryAccess, inspector: QWidget) -> PeopleCompleter | None:
    """Give the inspector's clip Speaker field its completer (None if it has no such field)."""
    speaker = inspector.findChild(QLineEdit, "clipSpeaker")
    role = inspector.findChild(QLineEdit, "clipRole")
    if speaker is None or role is None:
        return None
    return PeopleCompleter(access, speaker, role)
