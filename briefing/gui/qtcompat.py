"""Work-arounds for defects in the Qt binding we ship with.

PySide6 6.12.0 on Python 3.11: every `SignalInstance.emit()` returns `True` without taking a
reference to it, so each emit made from Python drops one reference to the `True` object.
After some thousand emits (a few hundred edits in the app) its count reaches zero and the
interpreter aborts with "Fatal Python error: bool_dealloc". Python 3.12 made `True`/`False`
immortal, which hides the defect; on 3.11 we do the same by giving both a reference count no
program can use up. This is harmless when the defect is fixed.
"""

from __future__ import annotations

import ctypes
import sys

_HUGE = 1 << 40
_applied = False


def emit_drops_true_reference() -> bool:
    """Whether this PySide6 build has the defect (measured, not guessed from the version)."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(20):
        probe.ping.emit()
    return before - sys.getrefcount(True) >= 15


def make_bools_immortal() -> None:
    """Call once before the app emits signals (app start-up and the GUI tests do)."""
    global _applied
    if _applied or sys.version_info >= (3, 12):
        return
    for value in (True, False):
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(value)).value += _HUGE
    _applied = True
