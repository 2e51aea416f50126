"""The status-bar note that says when unsaved work was last copied to the recovery file, so
the analyst can see that a crash would lose only the last few seconds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar

from briefing.gui.recovery import AutosaveManager

REFRESH_MS = 10_000  # how often "… s ago" is brought up to date


def last_written_text(written: datetime | None, now: datetime) -> str:
    """'Recovery copy saved 12 s ago' and the like; empty when there is no copy."""
    if written is None:
        return ""
    seconds = max(0, int((now - written).total_seconds()))
    if seconds < 5:
        ago = "just now"
    elif seconds < 60:
        ago = f"{seconds} s ago"
    elif seconds < 3600:
        ago = f"{seconds // 60} min ago"
    else:
        ago = f"{seconds // 3600} h ago"
    return f"Recovery copy saved {ago}"


class AutosaveStatus(QLabel):
    """Follows an AutosaveManager (None: autosave is off, and the note never shows)."""

    def __init__(
        self,
        manager: AutosaveManager | None,
        bar: QStatusBar | None = None,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(bar)
        self.setObjectName("autosaveStatus")
        self.setToolTip(
            "Unsaved changes are copied to a recovery file a few seconds after each edit; "
            "after a crash the next start offers it"
        )
        self._manager: AutosaveManager | None = None
        self._clock = clock
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        if bar is not None:
            bar.addPermanentWidget(self)
        self.follow(manager)

    def follow(self, manager: AutosaveManager | None) -> None:
        """Follow this manager from now on (autosave was turned on or off)."""
        if self._manager is not None and shiboken6.isValid(self._manager):
            self._manager.saved.disconnect(self.refresh)
            self._manager.discarded.disconnect(self.refresh)
        self._manager = manager
        if manager is not None:
            manager.saved.connect(self.refresh)
            manager.discarded.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args: object, now: datetime | None = None) -> None:
        written = self._manager.last_written if self._manager is not None else None
        text = last_written_text(written, now or self._clock())
        self.setText(text)
        self.setVisible(bool(text))
        if text and not self._timer.isActive():
            self._timer.start()
        elif not text:
            self._timer.stop()
