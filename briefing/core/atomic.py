"""Atomic replacement of files: saves, exports, autosaves and caches all write beside the target
and replace it only once the new content is complete and on disk.

A crash, a full disk or a cancelled export at any moment leaves either the old file or the new
one, never half of one. A process killed mid-write cannot remove its temporary file, so each
temporary name carries its writer's process id and the next write to the same target removes
the temporaries of writers that are no longer running (`remove_stale_temporaries`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the folder is read-only",
    errno.ENOSPC: "the disk is full",
    getattr(errno, "EDQUOT", -2): "the disk quota is exhausted",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "it is a folder",
    getattr(errno, "ETXTBSY", -3): "the file is in use by another program",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EIO: "the disk reported an input/output error",
}


class ReadOnlyFileError(PermissionError):
    """The target file is marked read-only: the user asked for it to be kept as it is."""


def os_error_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in words a user can act on."""
    if isinstance(exc, ReadOnlyFileError):
        return "the file is read-only"
    return _REASONS.get(exc.errno or -1, exc.strerror or str(exc))


# A temporary file is ".<target name>.<pid>-<random><suffix>"; the pid says whose it is.
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?P<pid>[0-9]{1,10})-[A-Za-z0-9_]+\.(tmp|part)$")


def _temporary_prefix(target_name: str) -> str:
    return f".{target_name}.{os.getpid()}-"


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove the temporary files that writers of `target` (or of its backup) left behind when
    they were killed; returns what was removed. Those of running processes are kept: they may be
    in the middle of a write. Never raises."""
    from briefing.core.locking import pid_alive  # locking does not import this module

    removed: list[Path] = []
    own_names = (target.name, target.name + ".bak")
    try:
        candidates = list(target.parent.iterdir())
    except OSError:
        return removed
    for candidate in candidates:
        match = _TEMPORARY.match(candidate.name)
        if match is None or match.group("name") not in own_names:
            continue
        pid = int(match.group("pid"))
        if pid == os.getpid() or pid_alive(pid):
            continue
        with contextlib.suppress(OSError):
            candidate.unlink()
            removed.append(candidate)
    return removed


@contextlib.contextmanager
def replacing(target: Path, *, backup: Path | None = None, suffix: str = ".tmp") -> Iterator[Path]:
    """Yield a temporary path beside `target`; when the block ends normally, flush it to disk
    and put it in place of `target`.

    The new file keeps the permissions of the file it replaces (a new one gets the usual mode
    for the umask); a file marked read-only for everyone is not replaced (ReadOnlyFileError).
    With `backup`, the replaced file is kept there, but only once the new file is in place: a
    failed write keeps the previous backup. If the block or any step fails, the temporary file
    is removed, `target` (and `backup`) are untouched and the exception propagates.
    """
    _refuse_read_only(target)
    remove_stale_temporaries(target)
    fd, tmp_name = tempfile.mkstemp(
        prefix=_temporary_prefix(target.name), suffix=suffix, dir=target.parent
    )
    os.close(fd)
    tmp = Path(tmp_name)
    replaced = False
    kept: Path | None = None
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
            existed = True
        except FileNotFoundError:
            mode = 0o666 & ~current_umask()  # mkstemp made it 0600
            existed = False
        os.chmod(tmp, mode)
        if existed and backup is not None:
            kept = _hold_previous(target, backup)
        os.replace(tmp, target)
        replaced = True
        if kept is not None:
            # The save itself has succeeded; a backup that cannot be rotated is not a reason
            # to report it as failed.
            with contextlib.suppress(OSError):
                os.replace(kept, backup)  # type: ignore[arg-type]
        _fsync_folder(target.parent)
    finally:
        if not replaced:
            with contextlib.suppress(OSError):
                tmp.unlink()
        if kept is not None:
            with contextlib.suppress(OSError):
                kept.unlink()


def write_atomically(target: Path, payload: bytes, *, backup: Path | None = None) -> None:
    """Replace `target` with `payload` (see `replacing`); OSError propagates."""
    with replacing(target, backup=backup) as tmp:
        tmp.write_bytes(payload)


def _refuse_read_only(target: Path) -> None:
    # A rename replaces a read-only file without asking (and root may write anything), so the
    # mode bits are what say the user wants the file kept as it is.
    try:
        mode = target.stat().st_mode
    except OSError:
        return
    if stat.S_ISREG(mode) and not mode & 0o222:
        raise ReadOnlyFileError(errno.EACCES, "the file is read-only", str(target))


def _hold_previous(target: Path, backup: Path) -> Path:
    """A second name for the file about to be replaced, beside `backup`; renamed onto `backup`
    once the new file is in place."""
    held = backup.with_name(f"{_temporary_prefix(backup.name)}{uuid.uuid4().hex[:8]}.tmp")
    try:
        os.link(target, held)  # cheap: the old file's data stays where it is
    except OSError:
        try:
            shutil.copy2(target, held)  # file systems without hard links
        except BaseException:
            with contextlib.suppress(OSError):
                held.unlink()
            raise
    return held


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; not possible (nor needed) on every platform.
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def current_umask() -> int:
    """The process's umask, read without setting it where the platform allows."""
    # os.umask can only be read by setting it, which races with other threads creating files.
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


__all__ = [
    "ReadOnlyFileError",
    "current_umask",
    "os_error_reason",
    "remove_stale_temporaries",
    "replacing",
    "write_atomically",
]
