"""Work-arounds for defects in the Qt binding.

PySide6 6.12.0 on Python 3.11 drops references it does not own: every
`SignalInstance.emit()` returns `True` without taking a reference to it, and calls that return
`None` to Python (an item's `data()` for an empty role, `currentItem()` with no current item)
drop a reference to `None`. After some thousand such calls the count reaches zero and the
interpreter aborts ("Fatal Python error: bool_dealloc" / "none_dealloc"). 6.11.3 does not do
this (measured). Python 3.12 made these singletons immortal, which hides the defect; on 3.11
we do the same by giving them a reference count no program can use up. Harmless when the
binding is fixed.
"""

from __future__ import annotations

import ctypes
import sys

_HUGE = 1 << 40
_applied = False


def binding_drops_references() -> bool:
    """Whether this PySide6 build has the defect (measured, not guessed from the version)."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(20):
        probe.ping.emit()
    return before - sys.getrefcount(True) >= 15


def make_singletons_immortal() -> None:
    """Call once before the app uses Qt (app start-up and the GUI tests do)."""
    global _applied
    if _applied or sys.version_info >= (3, 12):
        return
    for value in (True, False, None):
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(value)).value += _HUGE
    _applied = True
