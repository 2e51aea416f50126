"""Reading a source file safely: size limit, clear messages for every way a read can fail."""

from __future__ import annotations

import os
from pathlib import Path

from briefing.core.intake.errors import IntakeError

MAX_FILE_BYTES = 50 * 1024 * 1024
_KB = 1024
_MB = 1024 * 1024
_GB = 1024 * 1024 * 1024


def format_size(size: int) -> str:
    """A byte count for people: "62 MB", "3.1 GB", "4.5 MB", "812 KB"."""
    if size >= _GB:
        return f"{size / _GB:.1f} GB"
    if size >= 10 * _MB:
        return f"{size / _MB:.0f} MB"
    if size >= _MB:
        return f"{size / _MB:.1f} MB"
    if size >= _KB:
        return f"{size / _KB:.0f} KB"
    return f"{size} bytes"


def _read_error(name: str, error: OSError) -> IntakeError:
    if isinstance(error, PermissionError):
        return IntakeError(name, "permission denied")
    return IntakeError(name, f"cannot read the file ({error.strerror or error})")


def check_file(path: Path) -> int:
    """The size of a readable, non-empty regular file within the limit; IntakeError otherwise."""
    name = path.name or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise IntakeError(name, "the file does not exist") from None
    except OSError as error:
        raise _read_error(name, error) from None
    if path.is_dir():
        raise IntakeError(name, "this is a folder, not a file")
    if not path.is_file():
        raise IntakeError(name, "this is not a regular file")
    if info.st_size == 0:
        raise IntakeError(name, "the file is empty")
    if info.st_size > MAX_FILE_BYTES:
        raise IntakeError(
            name,
            f"the file is {format_size(info.st_size)}; the limit is {format_size(MAX_FILE_BYTES)}",
        )
    if not os.access(path, os.R_OK):
        raise IntakeError(name, "permission denied")
    return info.st_size


def read_file_bytes(path: Path) -> bytes:
    """The whole file, after `check_file`; never reads more than the limit even if the file grows
    while it is read."""
    check_file(path)
    name = path.name
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise _read_error(name, error) from None
    if len(data) > MAX_FILE_BYTES:
        limit = format_size(MAX_FILE_BYTES)
        raise IntakeError(name, f"the file is larger than the limit of {limit}")
    if not data:
        raise IntakeError(name, "the file is empty")
    return data
