"""A lock file that warns when a second instance opens the same briefing.

The lock is advisory for the app: it never stops anyone from reading or saving, it warns.
Short-lived writers (`briefing import`) hold it only while they read, change and save the file,
and wait for each other, so two of them never interleave. `NAME.briefing.lock` beside the
briefing records who holds it (process id and when that process started, host, user, since
when, what for). A lock left behind by a process that died on this host is stale and is taken
over silently, also when its process id now belongs to another process (the start times
differ); a lock held by a live process, or by any process on another host (whose liveness we
cannot check), is reported with its age so the app can say "this briefing is open in another
window/on another computer since …" and offer to take it over.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

LOCK_SUFFIX = ".lock"
# What a lock is held for: the app keeps it while the file is open, a command only while it
# changes the file (others wait for it rather than give up).
EDITING, UPDATING = "editing", "updating"
# A lock this old is offered for taking over even when its process seems to live: a window
# left open over a night and a weekend, or a process id taken by something else.
OLD_LOCK_AGE = timedelta(hours=12)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


@dataclass(frozen=True)
class LockOwner:
    """Who holds a lock: the other instance the user should be told about."""

    pid: int
    host: str
    user: str
    since: str  # ISO 8601 timestamp (UTC) of when the lock was taken
    purpose: str = field(default=EDITING, compare=False)
    started: str = field(default="", compare=False)  # the process's start, to spot pid reuse

    def taken_at(self) -> datetime | None:
        """When the lock was taken, or None when the record does not say."""
        try:
            taken = datetime.fromisoformat(self.since)
        except ValueError:
            return None
        return taken if taken.tzinfo else taken.replace(tzinfo=UTC)

    def age(self, now: datetime | None = None) -> timedelta | None:
        taken = self.taken_at()
        if taken is None:
            return None
        return max(timedelta(0), (now or datetime.now(UTC)) - taken)

    def on_this_host(self) -> bool:
        return self.host == socket.gethostname()

    def may_be_abandoned(self, now: datetime | None = None) -> bool:
        """True when the lock may belong to nobody any more, so taking it over is a fair
        offer: it was taken on another computer (whose processes we cannot see) or long ago
        (`OLD_LOCK_AGE`), or we cannot tell when. A recent lock of a live process on this
        computer is a window that is really open."""
        age = self.age(now)
        return not self.on_this_host() or age is None or age >= OLD_LOCK_AGE

    def held_for(self, now: datetime | None = None) -> str:
        """How long the lock has been held, in words: "3 hours", "2 days", "a few seconds";
        "" when the record does not say."""
        age = self.age(now)
        if age is None:
            return ""
        return _describe_duration(age)

    def describe(self, now: datetime | None = None) -> str:
        """"kim on desk-12 (process 4711) since 1 December 2026, 21:44 UTC (3 hours ago)"."""
        who = self.user or "another user"
        where = self.host or "an unknown computer"
        return f"{who} on {where} (process {self.pid}) {self._since_text(now)}"

    def _since_text(self, now: datetime | None) -> str:
        taken = self.taken_at()
        if taken is None:
            return f"since {self.since}" if self.since else "since an unknown time"
        taken = taken.astimezone(UTC)
        when = f"{taken.day} {_MONTHS[taken.month - 1]} {taken.year}, {taken:%H:%M} UTC"
        age = self.age(now)
        return f"since {when} ({_describe_age(age)})" if age is not None else f"since {when}"


def _describe_duration(age: timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    for size, unit in ((60 * 24, "day"), (60, "hour"), (1, "minute")):
        if minutes >= size:
            count = minutes // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return "less than a minute"


def _describe_age(age: timedelta) -> str:
    if age < timedelta(minutes=1):
        return "just now"
    return f"{_describe_duration(age)} ago"


def lock_path_for(briefing_path: str | os.PathLike[str]) -> Path:
    path = Path(briefing_path)
    return path.with_name(path.name + LOCK_SUFFIX)


class BriefingLock:
    """The lock of one briefing file, held by this object once `acquire()` returns None."""

    def __init__(self, briefing_path: str | os.PathLike[str], *, purpose: str = EDITING) -> None:
        self.path = Path(briefing_path)
        self.purpose = purpose
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
            "purpose": self.purpose,
            "started": process_start(os.getpid()),
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
                purpose=str(record.get("purpose", EDITING)),
                started=str(record.get("started", "")),
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
    if owner.host != socket.gethostname():
        return False
    if not pid_alive(owner.pid):
        return True
    # The pid is alive, but is it still the process that took the lock? After a reboot or
    # once pids wrap around, another process (even pid 1) can carry the same number.
    if owner.started:
        current = process_start(owner.pid)
        return bool(current) and current != owner.started
    return False


# Process ids are at most 2**22 on Linux and 2**32 on Windows; a larger number in a lock file
# is junk (and os.kill would raise OverflowError on it).
_MAX_PID = 2**32


def pid_alive(pid: int) -> bool:
    """True when a process with this id runs on this computer (or may: we cannot tell)."""
    if pid <= 0 or pid >= _MAX_PID:
        return False
    if os.name == "nt":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0 only checks that the process exists
    except ProcessLookupError:
        return False
    except OverflowError:  # a pid_t narrower than 32 bits
        return False
    except OSError:  # PermissionError: it exists, but belongs to another user
        return True
    return True


_pid_alive = pid_alive  # the name older callers import


def process_start(pid: int) -> str:
    """An identity for the running process `pid` that a later process with the same id does not
    share: boot id and start time where the system tells them (Linux), else ""."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat_line = handle.read()
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as handle:
            boot = handle.read().strip()
    except (OSError, ValueError):
        return ""
    # The command name (field 2) may hold spaces and parentheses: split after its last ")".
    fields = stat_line[stat_line.rfind(b")") + 2 :].split()
    if len(fields) < 20:
        return ""
    return f"{boot}:{fields[19].decode('ascii', 'replace')}"  # field 22: start time in ticks


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
