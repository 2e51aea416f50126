"""Errors a user can cause. Each carries one clear, complete message for a dialog or stderr."""

from __future__ import annotations


class BriefingError(Exception):
    """Base of every user-caused error: bad input file, bad path, unknown font, full disk.

    The CLI prints `str(error)` on one line and exits with status 2; the GUI shows it in a
    dialog. Anything else that escapes is a bug (exit status 1).
    """


class ExportError(BriefingError):
    """An export that could not be written; the earlier file at the target is untouched."""


class ExportCancelled(Exception):
    """Raised from a progress callback to stop an export; nothing is written."""


# ProgressCallback(fraction) is called with 0.0 … 1.0 as work advances; it may raise
# ExportCancelled to stop the work.
