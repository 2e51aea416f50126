"""A lock file that warns when a second instance opens the same briefing.

The lock is advisory: it never stops anyone from reading or saving. `NAME.briefing.lock` beside
the briefing records who holds it (process id, host, user, since when). A lock left behind by a
process that died on this host is stale and is taken over silently; a lock held by a live
process, or by any process on another host (whose liveness we cannot check), is reported so the
app can say "this briefing is open in another window/on another computer".
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

LOCK_SUFFIX = ".lock"


@dataclass(frozen=True)
class LockOwner:
    """Who holds a lock: the other instance the user should be told about."""

    pid: int
    host: str
    user: str
    since: str  # ISO 8601 timestamp (UTC) of when the lock was taken

    def describe(self) -> str:
        who = self.user or "another user"
        return (
            f"{who} on {self.host or 'an unknown computer'} (process {self.pid}) since {self.since}"
        )


def lock_path_for(briefing_path: str | os.PathLike[str]) -> Path:
    path = Path(briefing_path)
    return path.with_name(path.name + LOCK_SUFFIX)


class BriefingLock:
    """The lock of one briefing file, held by this object once `acquire()` returns None."""

    def __init__(self, briefing_path: str | os.PathLike[str]) -> None:
        self.path = Path(briefing_path)
        self.lock_path = lock_path_for(self.path)
        # A token per lock object, so two windows of one process still warn each other.
        self._token = uuid.uuid4().hex
        self._held = False

    @property
    def held(self) -> bool:
        """True when this object wrote the lock file (False in a folder we cannot write)."""
        return self._held

    def acquire(self, *, take_over: bool = False, now: datetime | None = None) -> LockOwner | None:
        """Take the lock. None: no other live instance holds it (we hold it now, if the folder
        is writable). Otherwise the other owner, and the lock stays theirs unless `take_over`
        (the user chose "open anyway"), in which case we take it and return None. The lock
        records `now` (default: the clock) as the moment it was taken."""
        owner: LockOwner | None = None
        content = self._content(now or datetime.now(UTC))
        # Retries cover a lock that vanishes or goes stale between our create and our read.
        for _attempt in range(3):
            created = self._create(content)
            if created is None:  # the folder does not let us write a lock: nothing to warn about
                return None
            if created:
                self._held = True
                return None
            found = self._read()
            if found is None:  # vanished meanwhile, or unreadable junk: take it over
                self._remove_lock_file()
                continue
            owner, token = found
            if token == self._token:
                self._held = True
                return None
            if take_over or _is_stale(owner):
                # Two instances taking over the same stale lock at the same instant could both
                # succeed; the lock only warns, so that rare race is accepted.
                self._remove_lock_file()
                continue
            return owner
        return owner

    def release(self) -> None:
        """Remove the lock file if it is still ours; never raises."""
        if not self._held:
            return
        self._held = False
        found = self._read()
        if found is not None and found[1] == self._token:
            self._remove_lock_file()

    def owner(self) -> LockOwner | None:
        """Whoever holds the lock now (possibly us), or None."""
        found = self._read()
        return found[0] if found else None

    # ---- file handling --------------------------------------------------------------------
    def _content(self, now: datetime) -> bytes:
        record = {
            "app": "Briefing Builder",
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "user": _user_name(),
            "since": now.astimezone(UTC).isoformat(timespec="seconds"),
            "token": self._token,
        }
        return (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    def _create(self, content: bytes) -> bool | None:
        """Create the lock file with our record. True: created; False: it exists already;
        None: the folder cannot hold a lock file at all."""
        try:
            fd, tmp_name = tempfile.mkstemp(
                prefix=f".{self.lock_path.name}.", suffix=".tmp", dir=self.lock_path.parent
            )
        except OSError:
            return None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
            try:
                # Linking a complete file into place means nobody ever reads a half-written lock.
                os.link(tmp_name, self.lock_path)
                return True
            except FileExistsError:
                return False
            except OSError:
                return self._create_exclusive(content)  # file systems without hard links
        except OSError:
            return None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)

    def _create_exclusive(self, content: bytes) -> bool | None:
        try:
            fd = os.open(self.lock_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return False
        except OSError:
            return None
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        return True

    def _read(self) -> tuple[LockOwner, str] | None:
        try:
            record = json.loads(self.lock_path.read_bytes().decode("utf-8"))
            owner = LockOwner(
                pid=int(record["pid"]),
                host=str(record.get("host", "")),
                user=str(record.get("user", "")),
                since=str(record.get("since", "")),
            )
            return owner, str(record.get("token", ""))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def _remove_lock_file(self) -> None:
        with contextlib.suppress(OSError):
            self.lock_path.unlink()


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in some containers and services
        return ""


def _is_stale(owner: LockOwner) -> bool:
    return owner.host == socket.gethostname() and not _pid_alive(owner.pid)


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0 only checks that the process exists
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists, but belongs to another user
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:
    # os.kill(pid, 0) on Windows would send CTRL_C_EVENT, so ask the kernel instead.
    import ctypes

    process_query_limited_information = 0x1000
    still_active = 259
    error_access_denied = 5
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
    if not handle:
        return ctypes.get_last_error() == error_access_denied  # type: ignore[attr-defined]
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)
