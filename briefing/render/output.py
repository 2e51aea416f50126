"""Atomic output: every writer writes beside the target and replaces it only when complete."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from briefing.core.atomic import os_error_reason, replacing
from briefing.core.errors import ExportError


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; when the writer is done, it replaces the
    target (see `replacing`).

    On any exception the temporary file is removed and the target is left as it was. OS errors
    become an ExportError naming the target and the reason.
    """
    target = Path(target)
    if target.is_dir():
        raise ExportError(f"{target}: cannot write: it is a folder")
    try:
        with replacing(target, suffix=".part") as tmp:
            yield tmp
    except OSError as exc:
        raise ExportError(f"{target}: cannot write: {os_error_reason(exc)}") from None
