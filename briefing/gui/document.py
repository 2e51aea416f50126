"""The open briefing's life as a file: new, open, save, save as, the lock that warns a second
instance, autosave and crash recovery, recent files, and the question before unsaved work is
dropped.

The controller decides and the window shows. Every question (save the changes? open a file
that is open elsewhere? restore after a crash? which file?) goes through an `Asker`, so each
flow runs in tests with scripted answers and no dialog; `messages.DialogAsker` asks with real
dialogs. The briefing and its undo stack stay in the `BriefingSession`; this controller is
the only code that replaces the briefing or changes its path, and the stack's clean state is
what "saved" means.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import shiboken6
from PySide6.QtCore import QObject, Signal

from briefing.core import storage
from briefing.core.errors import BriefingError
from briefing.core.locking import BriefingLock, LockOwner
from briefing.core.merge import merge_briefings
from briefing.core.model import Briefing, BriefingMeta
from briefing.core.resources import resource_path
from briefing.gui import recovery
from briefing.gui.commands import BriefingSession
from briefing.gui.file_work import run_here
from briefing.gui.recovery import AutosaveManager, RecoveryInfo
from briefing.gui.settings import AppSettings, documents_dir

if TYPE_CHECKING:
    from briefing.gui.dialogs.confirm import DeleteQuestion
    from briefing.gui.messages import LockedChoice, SaveChoice

log = logging.getLogger(__name__)

UNTITLED = "Untitled"
# Runs one piece of file work: (label for a progress dialog, the work) → its result.
FileWork = Callable[[str, Callable[[], Any]], Any]
ChangedChoice = Literal["reload", "copy", "merge", "cancel"]


def sample_path() -> Path:
    """The sample briefing shipped with the app (opened as an untitled copy)."""
    return resource_path("sample", "sample.briefing")


class Asker(Protocol):
    """The questions the file lifecycle asks the user; each returns the user's answer."""

    def save_changes(self, name: str) -> SaveChoice:
        """Before unsaved changes to `name` would be dropped: "save", "discard" or "cancel"."""
        ...

    def open_locked(self, path: Path, owner: LockOwner) -> LockedChoice | bool:
        """`path` is open in another instance (`owner`): "open" it here anyway (the lock
        stays theirs), "take_over" the lock, or "cancel". True and False (the older
        answers) mean "open" and "cancel"."""
        ...

    def file_changed(self, path: Path) -> ChangedChoice:
        """`path` was changed on disk since it was opened: "reload" it (dropping the open
        changes), keep the open version as a "copy" under another name, "merge" the two, or
        "cancel" the save."""
        ...

    def restore(self, info: RecoveryInfo) -> bool:
        """After a crash: restore this recovery file (True) or throw it away (False)?"""
        ...

    def file_to_open(self, folder: str) -> Path | None:
        """The briefing file to open, starting in `folder`; None when cancelled."""
        ...

    def file_to_save(self, suggestion: Path) -> Path | None:
        """Where to save the briefing, proposing `suggestion`; None when cancelled."""
        ...

    def error(self, title: str, message: str) -> None:
        """Tell the user why something failed (`message` is a BriefingError's sentence)."""
        ...

    def confirm_delete(self, question: DeleteQuestion) -> bool:
        """Whether to delete an article or section along with what the question names."""
        ...


class DocumentController(QObject):
    """Opens, saves and closes the session's briefing; owns its lock and its autosave."""

    titleChanged = Signal()  # the file's name or the unsaved mark changed
    status = Signal(str, int)  # a passing report for the status bar: text, milliseconds

    def __init__(
        self,
        session: BriefingSession,
        asker: Asker,
        settings: AppSettings,
        parent: QObject | None = None,
        *,
        recovery_folder: Path | None = None,
    ) -> None:
        """`recovery_folder` is where autosaves go and crashes are looked for (None: the
        app's data folder)."""
        super().__init__(parent)
        self.session = session
        self.asker = asker
        self._settings = settings
        self._recovery_folder = recovery_folder
        self._lock: BriefingLock | None = None
        # The file as it was read or last saved: a save over anything else asks first.
        self._stamp: storage.FileStamp | None = None
        # Where reading and writing the file runs: in place, unless the window installs a
        # FileWorkRunner (file_work), which runs it off the GUI thread.
        self.file_work: FileWork = run_here
        # Counts the briefing's changes, so a save can tell whether any came while it wrote
        # (the undo index cannot: an edit merged into the last command leaves it as it was).
        self._revision = 0
        session.changed.connect(self._count_change)
        session.pathChanged.connect(self._on_state_changed)
        session.undo_stack.cleanChanged.connect(self._on_state_changed)
        self.autosave: AutosaveManager | None = self._start_autosave()

    # ---- state ------------------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return self.session.path

    @property
    def lock(self) -> BriefingLock | None:
        """The lock this instance holds on the open file; None while untitled, or when the
        user opened a file that another instance holds."""
        return self._lock

    @property
    def busy(self) -> bool:
        """True while the file is being read or written; another open or save must wait."""
        return bool(getattr(self.file_work, "busy", False))

    def when_idle(self, callback: Callable[[], None]) -> None:
        """Run `callback` once no file work runs (at once when none does)."""
        when_idle = getattr(self.file_work, "when_idle", None)
        if when_idle is None:
            callback()
        else:
            when_idle(callback)

    def _refuse_while_busy(self) -> bool:
        if self.busy:
            self.status.emit("Wait until the briefing has been read or saved", 5000)
        return self.busy

    def display_name(self) -> str:
        return self.path.name if self.path is not None else UNTITLED

    def is_modified(self) -> bool:
        return self.session.is_modified()

    def recent_files(self) -> list[str]:
        return self._settings.recent_files()

    def dialog_folder(self) -> str:
        """Where a file dialog starts: the open file's folder, else the last one used."""
        if self.path is not None:
            return str(self.path.parent)
        recent = self._settings.recent_files()
        if recent:
            return str(Path(recent[0]).parent)
        return documents_dir()

    # ---- dropping the open briefing ---------------------------------------------------------
    def maybe_save(self) -> bool:
        """True when the open briefing may be dropped: unchanged, saved now, or the user chose
        not to save it."""
        if self._refuse_while_busy():
            return False
        if not self.is_modified():
            return True
        answer = self.asker.save_changes(self.display_name())
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new(self) -> bool:
        if not self.maybe_save():
            return False
        # The page size the user chose for new briefings (Preferences); a briefing keeps its own.
        self._replace(Briefing(meta=BriefingMeta(page_size=self._settings.default_page_size)),
                      None, None)
        return True

    def open(self, path: Path | str | None = None) -> bool:
        """Open a briefing file (asking which when `path` is None). On any failure the open
        briefing stays as it was."""
        if not self.maybe_save():
            return False
        if path is None:
            path = self.asker.file_to_open(self.dialog_folder())
            if path is None:
                return False
        path = Path(path)
        try:
            briefing, stamp = self.file_work(
                f"Opening {path.name}…", lambda: storage.load_briefing_stamped(path))
        except BriefingError as exc:
            self.asker.error("Cannot open the briefing", str(exc))
            return False
        if self._lock is not None and _same_file(self._lock.path, path):
            lock = self._lock  # reopening our own file: keep our lock
        else:
            lock = BriefingLock(path)
            owner = lock.acquire()
            if owner is not None:
                answer = self.asker.open_locked(path, owner)
                if answer in (False, "cancel"):
                    return False
                if answer == "take_over":
                    lock.acquire(take_over=True)
        self._replace(briefing, path, lock if lock.held else None)
        self._stamp = stamp
        self._settings.add_recent(str(path))
        self.status.emit(f"Opened {path}", 5000)
        return True

    def open_sample(self, sample: Path | None = None) -> bool:
        """The shipped sample as an untitled copy, so Save never overwrites the original."""
        if not self.maybe_save():
            return False
        try:
            briefing = storage.load_briefing(sample or sample_path())
        except (BriefingError, FileNotFoundError) as exc:
            self.asker.error("Cannot open the sample briefing", str(exc))
            return False
        self._replace(briefing, None, None)
        self.status.emit(
            "Opened the sample briefing, as an untitled copy: explore freely. "
            "Saving asks for a new name, so the sample itself stays as it is", 20_000)
        return True

    def close(self) -> None:
        """The briefing is closing for good (the user agreed to drop any changes): its
        recovery file goes and the lock is released."""
        if self.autosave is not None:
            self.autosave.stop()
            self.autosave.discard()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _replace(self, briefing: Briefing, path: Path | None, lock: BriefingLock | None) -> None:
        if self._lock is not None and self._lock is not lock:
            self._lock.release()
        self._lock = lock
        self._stamp = None
        if self.autosave is not None:
            self.autosave.discard()
        self.session.replace(briefing, path)

    # ---- saving -----------------------------------------------------------------------------
    def save(self) -> bool:
        if self._refuse_while_busy():
            return False
        if self.path is None:
            return self.save_as()
        return self._save_to(self.path)

    def save_as(self, path: Path | str | None = None) -> bool:
        """Save under a new name (asking for it when `path` is None); the briefing then
        belongs to that file and its lock."""
        if self._refuse_while_busy():
            return False
        if path is None:
            path = self.asker.file_to_save(self._save_suggestion())
            if path is None:
                return False
        path = Path(path)
        if path.suffix.lower() != storage.SUFFIX:
            path = path.with_name(path.name + storage.SUFFIX)
        if not self._save_to(path):
            return False
        if self._lock is None or self._lock.path != path:
            if self._lock is not None:
                self._lock.release()
            lock = BriefingLock(path)
            self._lock = lock if lock.acquire() is None and lock.held else None
        self.session.set_path(path)
        self._settings.add_recent(str(path))
        return True

    def _save_suggestion(self) -> Path:
        """The open file; else a name from the briefing's title, as Export proposes."""
        if self.path is not None:
            return self.path
        stem = file_stem(self.session.briefing.meta.title) or UNTITLED
        return Path(self.dialog_folder()) / f"{stem}{storage.SUFFIX}"

    def _save_to(self, path: Path) -> bool:
        # Only the file this briefing was read from is checked: Save As onto another file
        # has been confirmed in the file dialog.
        same = self.path is not None and _same_file(self.path, path)
        expected = self._stamp if same else None
        # The snapshot is taken here, on the GUI thread, and is all the save reads: whatever
        # changes the briefing while the file is written is not half in it.
        snapshot = storage.briefing_to_dict(self.session.briefing)
        saved_at = self._revision
        try:
            self._stamp = self.file_work(
                f"Saving {path.name}…",
                lambda: storage.save_briefing_data(snapshot, path, expected=expected))
        except storage.FileChangedError as exc:
            return self._resolve_change(path, str(exc))
        except BriefingError as exc:
            self.asker.error("Cannot save the briefing", str(exc))
            return False
        self._saved(path, revision=saved_at)
        return True

    def _count_change(self, *_changes: object) -> None:
        self._revision += 1

    def _saved(self, path: Path, note: str = "", *, revision: int | None = None) -> None:
        stack = self.session.undo_stack
        if revision is not None and self._revision != revision:
            # Changed while it was written: the file holds the snapshot, a state the stack
            # cannot mark clean any more; no state is clean until the next save, so those
            # changes are never taken for saved.
            stack.resetClean()
            self.status.emit(f"Saved {path}; changes made meanwhile are not saved yet", 8000)
            return
        stack.setClean()
        if self.autosave is not None:
            self.autosave.discard()
        self.status.emit(f"Saved {path}{note}", 5000)

    def _resolve_change(self, path: Path, message: str) -> bool:
        """The file was changed on disk since it was read: ask what to do. True when the open
        briefing is now saved (or replaced by the file, as the user chose)."""
        ask = getattr(self.asker, "file_changed", None)
        if ask is None:
            self.asker.error("Cannot save the briefing", message)
            return False
        answer = ask(path)
        if answer == "copy":
            suggestion = path.with_name(f"{path.stem} (mine){storage.SUFFIX}")
            target = self.asker.file_to_save(suggestion)
            return target is not None and self.save_as(target)
        if answer not in ("reload", "merge"):
            return False
        try:
            theirs, stamp = storage.load_briefing_stamped(path)
            if answer == "reload":
                self._replace(theirs, path, self._lock)
                self._stamp = stamp
                self.status.emit(f"Reloaded {path}: the changes made here were dropped", 8000)
                return True
            merged, report = merge_briefings(self.session.briefing, theirs)
            new_stamp = storage.save_briefing(merged, path, expected=stamp)
        except BriefingError as exc:
            self.asker.error("Cannot save the briefing", str(exc))
            return False
        # The merged briefing is a new state of the file: the undo history ends here.
        self._replace(merged, path, self._lock)
        self._stamp = new_stamp
        self._saved(path, f" ({report.describe()})")
        return True

    # ---- autosave and recovery --------------------------------------------------------------
    def offer_recovery(self) -> bool:
        """After a crash: offer the recovery files left behind, newest first; True once one
        is restored. Each one the user declines is deleted."""
        for info in recovery.pending_recoveries(self._recovery_folder):
            if not self.asker.restore(info):
                recovery.discard_recovery(info)
                continue
            try:
                briefing = recovery.load_recovery(info)
            except BriefingError as exc:
                # Kept on disk: a later version may read what this one cannot.
                self.asker.error("Cannot restore the unsaved work", str(exc))
                continue
            original = Path(info.original_path) if info.original_path else None
            lock = None
            if original is not None:
                lock = BriefingLock(original)
                lock = lock if lock.acquire() is None and lock.held else None
            self._replace(briefing, original, lock)
            if self.autosave is not None:
                self.autosave.adopt(info)  # the next autosave replaces this file
            else:
                recovery.discard_recovery(info)
            self.session.undo_stack.resetClean()  # restored edits are not saved yet
            self.titleChanged.emit()
            return True
        return False

    def _start_autosave(self) -> AutosaveManager | None:
        """The session's autosave, or None when the user turned autosave off."""
        if not self._settings.autosave_enabled:
            return None
        session = self.session
        manager = AutosaveManager(
            self,
            snapshot=lambda: session.briefing,
            is_modified=session.is_modified,
            identity=lambda: str(session.path) if session.path else None,
            interval_ms=self._settings.autosave_interval_s * 1000,  # at least 10 s
            delay_ms=self._settings.autosave_delay_s * 1000,  # after the last edit
            directory=self._recovery_folder,
        )
        # A bound method, not a lambda: Qt drops the connection when the manager goes.
        session.changed.connect(manager.note_change)
        manager.failed.connect(self._on_autosave_failed)
        manager.start()
        return manager

    def reconfigure_autosave(self) -> AutosaveManager | None:
        """Follow the autosave settings now (the Preferences changed): start or stop the
        autosave, or give it the new delay. Turning it off removes the recovery copy."""
        enabled = self._settings.autosave_enabled
        manager = self.autosave
        if manager is not None and not enabled:
            self.session.changed.disconnect(manager.note_change)
            manager.stop()
            manager.discard()
            manager.deleteLater()
            self.autosave = None
        elif manager is None and enabled:
            self.autosave = self._start_autosave()
            if self.is_modified():
                self.autosave.note_change()  # unsaved work waits no longer than the delay
        elif manager is not None:
            manager.set_delay_ms(self._settings.autosave_delay_s * 1000)
        return self.autosave

    def _on_autosave_failed(self, message: str) -> None:
        # Not a question: the work itself is intact, and the next autosave tries again.
        self.status.emit(message, 10_000)

    def _on_state_changed(self, *_args: object) -> None:
        # The undo stack's destructor emits cleanChanged while its owners are being destroyed.
        if shiboken6.isValid(self):
            self.titleChanged.emit()


def file_stem(title: str) -> str:
    """A file name stem from a title: letters, digits, spaces and -_. kept, at most 80."""
    keep = "".join(ch if ch.isalnum() or ch in " -_." else "_" for ch in title).strip(" .")
    return keep[:80].strip()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b
