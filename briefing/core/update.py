"""Changing a briefing file from outside the app (`briefing import`, the daily run): read, change
and save under the file's lock, so that two writers never lose each other's articles.

Commands hold the lock only while they change the file and wait for each other's turn. A file
open in the app is not changed behind its back: the app would later save its own copy over the
change (its save refuses a file changed on disk, but the user would still have to sort it out),
so the command stops with a message saying where the file is open.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from briefing.core.atomic import os_error_reason
from briefing.core.locking import UPDATING, BriefingLock, LockOwner
from briefing.core.model import Briefing
from briefing.core.storage import (
    NO_FILE,
    BriefingFileError,
    load_briefing_stamped,
    save_briefing,
)

# How long a command waits for another command that is changing the same file; changes take a
# fraction of a second, so this is only reached when something is stuck.
WAIT_SECONDS = 30.0
_POLL_SECONDS = 0.05
TAKE_OVER_FLAG = "--take-over"  # the commands' option that passes take_over=True


class BriefingBusyError(BriefingFileError):
    """The file is open in the app, or another command is changing it for too long."""


def update_briefing(
    path: Path,
    change: Callable[[Briefing], bool | None],
    *,
    new: Callable[[], Briefing] = Briefing,
    wait_seconds: float = WAIT_SECONDS,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    take_over: bool = False,
) -> Briefing:
    """Load `path` (or start from `new()` when it does not exist), apply `change` and save it,
    all under the lock; returns the briefing as saved. A `change` that returns False changed
    nothing: the file is then left as it is. BriefingError when the file cannot be
    read or written, or is busy (BriefingBusyError); the file is then left as it was.
    `take_over` takes the lock of a window that has the file open (the user said it is
    closed, or gone with its computer); the app notices the change when it next saves."""
    path = Path(path)
    try:
        exists = path.exists()
    except OSError as exc:  # a name too long for the file system, and the like
        raise BriefingFileError(f"{path}: cannot save: {os_error_reason(exc)}") from None
    lock = BriefingLock(path, purpose=UPDATING)
    _take_turn(lock, path, wait_seconds, clock, sleep, take_over)
    try:
        if exists or path.exists():
            briefing, stamp = load_briefing_stamped(path)
        else:
            briefing, stamp = new(), NO_FILE
        if change(briefing) is False:
            return briefing
        # The lock keeps other commands out; the stamp catches anything that ignores locks.
        save_briefing(briefing, path, expected=stamp)
        return briefing
    finally:
        lock.release()


def _take_turn(
    lock: BriefingLock,
    path: Path,
    wait_seconds: float,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
    take_over: bool,
) -> None:
    deadline = clock() + wait_seconds
    while True:
        owner = lock.acquire()
        if owner is None:
            return  # ours (or a folder that cannot hold a lock: the save will tell)
        if owner.purpose != UPDATING:
            if take_over:  # only an app's lock: commands finish in a moment, wait for them
                lock.acquire(take_over=True)
                return
            raise BriefingBusyError(_open_elsewhere(path, owner))
        if clock() >= deadline:
            raise BriefingBusyError(
                f"{path}: not changed: another command has been changing it for more than "
                f"{wait_seconds:.0f} seconds ({owner.describe()}); try again later"
            )
        sleep(_POLL_SECONDS)


def _open_elsewhere(path: Path, owner: LockOwner) -> str:
    message = (
        f"{path}: not changed: it is open in Briefing Builder ({owner.describe()}); "
        "add the articles there, or close it first"
    )
    if owner.may_be_abandoned():
        message += f", or if it is no longer open there, run again with {TAKE_OVER_FLAG}"
    return message


__all__ = ["TAKE_OVER_FLAG", "WAIT_SECONDS", "BriefingBusyError", "update_briefing"]
