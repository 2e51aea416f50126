"""Crash recovery: autosave unsaved changes to a recovery file, and offer it on the next start.

Recovery files live in ``<AppDataLocation>/recovery/``. Each is a normal .briefing file
(written with `storage.save_briefing`, so atomically) plus a small JSON sidecar saying which
file it belongs to, when it was written and by which process::

    3f9a0c1d2e4b5a69.briefing        # sha256 of the original path, first 16 hex digits
    3f9a0c1d2e4b5a69.json
    untitled-4242-20261127T191502.briefing   # a briefing that was never saved
    untitled-4242-20261127T191502.json

Autosave must not freeze the window: the GUI thread only takes a snapshot of the briefing as
plain data (about 20 ms for 1,000 articles, since strings are shared, not copied); checking,
serialising and writing it happen on a background thread.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, Qt, QTimer, Signal, Slot

from briefing.core.atomic import write_atomically
from briefing.core.model import Briefing
from briefing.gui.names import APPLICATION

log = logging.getLogger(__name__)

RECOVERY_SUFFIX = ".briefing"
SIDECAR_SUFFIX = ".json"
BACKUP_SUFFIX = ".bak"  # what storage.save_briefing keeps beside a file it replaces


def recovery_dir() -> Path:
    """The folder for recovery files (created if missing). Needs the application and
    organisation names set first, or it is shared with every other Qt program."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    folder = Path(base) / "recovery"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def recovery_name_for(original_path: str | os.PathLike[str]) -> str:
    """The stable file stem for a briefing saved at `original_path`: the same file always maps
    to the same recovery file, whatever the current folder or path spelling."""
    normal = os.path.normcase(os.path.abspath(os.fspath(original_path)))
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True)
class RecoveryInfo:
    """A recovery file left behind by an instance that did not close cleanly."""

    path: Path  # the recovery .briefing file
    original_path: Path | None  # the file it belongs to, None for a never-saved briefing
    saved_at: str  # ISO 8601 timestamp (UTC) of the autosave
    title: str = ""  # the briefing's title at that time, for the restore question

    def display_name(self) -> str:
        if self.original_path is not None:
            return self.original_path.name
        return self.title or "Untitled briefing"


# ---- reading what is left behind ----------------------------------------------------------------
def pending_recoveries(directory: Path | None = None) -> list[RecoveryInfo]:
    """Recovery files to offer, newest first. Files that a still-running instance on this
    computer is writing are not offered: they are that instance's, not a crash's."""
    folder = directory if directory is not None else recovery_dir()
    found: list[RecoveryInfo] = []
    try:
        candidates = sorted(folder.glob(f"*{RECOVERY_SUFFIX}"))
    except OSError:
        return []
    for path in candidates:
        sidecar = _read_sidecar(path.with_suffix(SIDECAR_SUFFIX))
        if _owned_by_live_instance(sidecar):
            continue
        original = sidecar.get("original_path")
        saved_at = str(sidecar.get("saved_at") or "") or _mtime_iso(path)
        found.append(
            RecoveryInfo(
                path=path,
                original_path=Path(original) if isinstance(original, str) and original else None,
                saved_at=saved_at,
                title=str(sidecar.get("title") or ""),
            )
        )
    found.sort(key=lambda info: info.saved_at, reverse=True)
    return found


def load_recovery(info: RecoveryInfo) -> Briefing:
    """The briefing in a recovery file; raises storage.BriefingFileError if it is damaged."""
    from briefing.core.storage import load_briefing

    return load_briefing(info.path)


def discard_recovery(info: RecoveryInfo) -> None:
    """Delete a recovery file, its sidecar and backup; never raises."""
    _remove_files(info.path)


def _remove_files(path: Path) -> None:
    for victim in (
        path,
        path.with_name(path.name + BACKUP_SUFFIX),
        path.with_suffix(SIDECAR_SUFFIX),
    ):
        with contextlib.suppress(OSError):
            victim.unlink()


def _read_sidecar(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _mtime_iso(path: Path) -> str:
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return ""
    return datetime.fromtimestamp(stamp, UTC).isoformat(timespec="seconds")


def _owned_by_live_instance(sidecar: dict[str, Any]) -> bool:
    pid = sidecar.get("pid")
    if not isinstance(pid, int) or sidecar.get("host") != socket.gethostname():
        return False
    return _pid_alive(pid)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    from briefing.core.locking import pid_alive  # also right on Windows and for junk pids

    return pid_alive(pid)


# ---- writing ------------------------------------------------------------------------------------
class AutosaveManager(QObject):
    """Writes the open briefing to its recovery file `delay_ms` after the last edit (call
    `note_change()` on each edit: the wait restarts, so a burst of typing is written once,
    a few seconds after it ends), and at the latest every `interval_ms` while it has unsaved
    changes, so non-stop editing is still copied. Call `discard()` after a clean save or a
    clean close.

    `snapshot` returns the current briefing (the live object is fine: it is copied to plain
    data on the GUI thread before the background write); `is_modified` says whether there are
    unsaved changes; `identity` returns the briefing's file path, or None while untitled.
    """

    saved = Signal(str)  # the recovery file written
    discarded = Signal()  # the recovery file is gone (saved, closed, or back at the saved state)
    failed = Signal(str)  # why an autosave could not be written (for the status bar)

    # Emitted from the writer thread; queued to the slots below on the GUI thread.
    _writeDone = Signal(str, str)  # path, error message ("" on success)

    def __init__(
        self,
        parent: QObject | None,
        snapshot: Callable[[], Briefing],
        is_modified: Callable[[], bool],
        identity: Callable[[], str | None],
        interval_ms: int = 60_000,
        *,
        delay_ms: int | None = None,
        directory: Path | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(parent)
        self._clock = clock  # when a recovery file was saved, and the untitled file's name
        self._snapshot = snapshot
        self._is_modified = is_modified
        self._identity = identity
        self._directory = directory
        self._untitled_stem = (
            f"untitled-{os.getpid()}-{clock().astimezone(UTC).strftime('%Y%m%dT%H%M%S')}"
        )
        self._written: Path | None = None  # the recovery file this manager last wrote
        self._last_data: dict[str, Any] | None = None  # what it holds, to skip rewrites
        self._writer: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        # Single shot, restarted by every edit: the copy follows a pause in the work.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setTimerType(Qt.TimerType.PreciseTimer)  # "3 s after" means 3 s
        self._debounce.setInterval(delay_ms if delay_ms is not None else interval_ms)
        self._debounce.timeout.connect(self._after_pause)
        self._debounced = delay_ms is not None
        self.last_written: datetime | None = None  # when the recovery file on disk was taken
        self._stamp: datetime | None = None  # when the snapshot being written was taken
        self._writeDone.connect(self._on_write_done, Qt.ConnectionType.QueuedConnection)

    # ---- public API --------------------------------------------------------------------------
    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._debounce.stop()

    def note_change(self, *_changes: object) -> None:
        """The briefing was edited: write it once the edits pause for the delay."""
        if self._debounced:
            self._debounce.start()  # restarts a running wait

    @property
    def pending(self) -> bool:
        """An edit is waiting for the pause after which it is written."""
        return self._debounce.isActive()

    @property
    def delay_ms(self) -> int:
        return self._debounce.interval()

    def set_delay_ms(self, delay_ms: int) -> None:
        """A new wait after the last edit (the Preferences changed); an edit already waiting
        is written after the new wait, counted from now."""
        self._debounced = True
        self._debounce.setInterval(delay_ms)
        if self._debounce.isActive():
            self._debounce.start()

    @property
    def recovery_path(self) -> Path | None:
        """The recovery file written last, if it has not been discarded."""
        return self._written

    def adopt(self, info: RecoveryInfo) -> None:
        """Continue in a restored recovery file, so it is replaced, not duplicated, by the next
        autosave (and removed by `discard()`)."""
        self._wait_for_writer()
        if info.original_path is None:
            self._untitled_stem = info.path.stem
        if self._directory is None:
            self._directory = info.path.parent
        self._written = info.path
        self._last_data = None

    def save_now(self, *, block: bool = False) -> None:
        """Write the recovery file now, on a background thread (waiting for it if `block`).
        Does nothing when the briefing has not changed since the last autosave."""
        self._wait_for_writer()
        try:
            from briefing.core.storage import briefing_to_dict

            data = briefing_to_dict(self._snapshot())
            target = self._target_path()
        except Exception as exc:  # an autosave must never take the app down
            log.exception("Autosave snapshot failed")
            self.failed.emit(f"Autosave failed: {exc}")
            return
        if target == self._written and data == self._last_data:
            return
        previous = self._written
        self._written = target
        self._last_data = data
        self._stamp = self._clock()
        sidecar = {
            "app": APPLICATION,
            "original_path": self._identity() or None,
            "title": str(data.get("meta", {}).get("title", "")),
            "saved_at": self._stamp.astimezone(UTC).isoformat(timespec="seconds"),
            "pid": os.getpid(),
            "host": socket.gethostname(),
        }
        stale = previous if previous is not None and previous != target else None
        self._writer = threading.Thread(
            target=self._write,
            args=(data, target, sidecar, stale),
            name="briefing-autosave",
            daemon=True,
        )
        self._writer.start()
        if block:
            self._wait_for_writer()

    def discard(self) -> None:
        """Delete this session's recovery file: the briefing was saved or closed cleanly."""
        self._wait_for_writer()
        self._debounce.stop()
        had_file = self._written is not None or self.last_written is not None
        if self._written is not None:
            _remove_files(self._written)
        self._written = None
        self._last_data = None
        self.last_written = None
        if had_file:
            self.discarded.emit()

    def wait(self, timeout_s: float = 30.0) -> bool:
        """Block until a running background write has ended (for shutdown and tests)."""
        return self._wait_for_writer(timeout_s)

    # ---- internals ---------------------------------------------------------------------------
    def _after_pause(self) -> None:
        if self._writer is not None and self._writer.is_alive():
            self._debounce.start()  # still writing the previous copy: try again after a pause
            return
        self._tick()

    def _tick(self) -> None:
        try:
            modified = self._is_modified()
        except Exception:
            log.exception("Autosave could not ask whether the briefing is modified")
            return
        if modified:
            if self._writer is None or not self._writer.is_alive():
                self.save_now()
        elif self._written is not None:
            # Back at the saved state (e.g. everything undone): the file on disk is current.
            self.discard()

    def _target_path(self) -> Path:
        folder = self._directory if self._directory is not None else recovery_dir()
        folder.mkdir(parents=True, exist_ok=True)
        original = self._identity()
        stem = recovery_name_for(original) if original else self._untitled_stem
        return folder / f"{stem}{RECOVERY_SUFFIX}"

    def _write(
        self, data: dict[str, Any], target: Path, sidecar: dict[str, Any], stale: Path | None
    ) -> None:
        """Runs on the writer thread."""
        error = ""
        try:
            from briefing.core.storage import briefing_from_dict, save_briefing

            started = time.perf_counter()
            save_briefing(briefing_from_dict(data, source=str(target)), target)
            _write_json_atomically(target.with_suffix(SIDECAR_SUFFIX), sidecar)
            if stale is not None:
                _remove_files(stale)
            log.debug("Autosaved %s in %.3f s", target, time.perf_counter() - started)
        except Exception as exc:
            log.warning("Autosave to %s failed", target, exc_info=True)
            error = f"Autosave failed: {exc}"
        # The manager may have been deleted meanwhile (window closed): then nobody is listening.
        with contextlib.suppress(RuntimeError):
            self._writeDone.emit(str(target), error)

    @Slot(str, str)
    def _on_write_done(self, path: str, error: str) -> None:
        if error:
            if self._written == Path(path):
                self._last_data = None  # try again at the next tick
            self.failed.emit(error)
        else:
            if self._written == Path(path):
                self.last_written = self._stamp
            self.saved.emit(path)

    def _wait_for_writer(self, timeout_s: float = 30.0) -> bool:
        writer = self._writer
        if writer is None:
            return True
        writer.join(timeout_s)
        return not writer.is_alive()


def _write_json_atomically(target: Path, data: dict[str, Any]) -> None:
    payload = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    write_atomically(target, payload)
