"""Atomic replacement of files: saves, exports, autosaves and caches all write beside the target
and replace it only once the new content is complete and on disk.

A crash, a full disk or a cancelled export at any moment leaves either the old file or the new
one, never half of one, and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
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


def os_error_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in words a user can act on."""
    return _REASONS.get(exc.errno or -1, exc.strerror or str(exc))


@contextlib.contextmanager
def replacing(target: Path, *, backup: Path | None = None, suffix: str = ".tmp") -> Iterator[Path]:
    """Yield a temporary path beside `target`; when the block ends normally, flush it to disk
    and put it in place of `target`.

    The new file keeps the permissions of the file it replaces (a new one gets the usual mode
    for the umask). With `backup`, the replaced file is kept there. If the block or any step
    fails, the temporary file is removed, `target` is untouched and the exception propagates.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    replaced = False
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
            _keep_backup(target, backup)
        os.replace(tmp, target)
        replaced = True
        _fsync_folder(target.parent)
    finally:
        if not replaced:
            with contextlib.suppress(OSError):
                tmp.unlink()


def write_atomically(target: Path, payload: bytes, *, backup: Path | None = None) -> None:
    """Replace `target` with `payload` (see `replacing`); OSError propagates."""
    with replacing(target, backup=backup) as tmp:
        tmp.write_bytes(payload)


def _keep_backup(target: Path, backup: Path) -> None:
    """Make `backup` the current file, atomically, before it is replaced."""
    tmp_backup = backup.with_name(f".{backup.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        try:
            os.link(target, tmp_backup)  # cheap: the old file's data stays where it is
        except OSError:
            shutil.copy2(target, tmp_backup)  # file systems without hard links
        os.replace(tmp_backup, backup)
    finally:
        with contextlib.suppress(OSError):
            tmp_backup.unlink()


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


__all__ = ["current_umask", "os_error_reason", "replacing", "write_atomically"]
