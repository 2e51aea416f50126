"""Atomic output: every writer writes beside the target and replaces it only when complete."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from briefing.core.errors import ExportError


def _describe(exc: OSError, target: Path) -> str:
    reasons = {
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the folder is read-only",
        errno.ENOSPC: "the disk is full",
        errno.ENOENT: "the folder does not exist",
        errno.EISDIR: "it is a folder",
        errno.ENOTDIR: "a part of the path is not a folder",
        errno.ETXTBSY: "the file is in use by another program",
    }
    reason = reasons.get(exc.errno or -1, exc.strerror or str(exc))
    return f"{target}: cannot write: {reason}"


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success fsync it and replace target.

    On any exception the temporary file is removed and the target is left as it was. OS errors
    become an ExportError naming the target and the reason.
    """
    target = Path(target)
    if target.is_dir():
        raise ExportError(f"{target}: cannot write: it is a folder")
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent or Path(".")
        )
    except OSError as exc:
        raise ExportError(_describe(exc, target)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        # mkstemp creates 0600 files; give the export the usual permissions for a new file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        raise ExportError(_describe(exc, target)) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
