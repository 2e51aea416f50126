"""The checks panel: the pre-export findings; activating one goes to the item it names."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from briefing.core.checks import Finding, Severity, check_with_its_theme, error_count
from briefing.core.model import Briefing

log = logging.getLogger(__name__)

# Findings can wait longer than the preview: checking runs after the preview has followed an
# edit rather than in the middle of its refresh.
CHECKS_DELAY_MS = 500

_ERROR_COLOUR = "#A4161A"
_WARNING_COLOUR = "#8A5A00"


class ChecksView(QListWidget):
    targetActivated = Signal(str)
    countChanged = Signal(int, int)  # errors, warnings

    def __init__(self, briefing_source, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checks")
        self._source = briefing_source
        self.findings: list[Finding] = []
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setToolTip("Double-click a finding (or press Enter) to go to the item")
        self.itemActivated.connect(self._on_activated)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(CHECKS_DELAY_MS)
        self.timer.timeout.connect(self.run_now)
        self._show_pending()

    def schedule(self, new_briefing: bool = False) -> None:
        """Check after the delay; findings about a briefing no longer open go at once."""
        if new_briefing:
            self.findings = []
            self._show_pending()
            self.countChanged.emit(0, 0)
        self.timer.start()

    def _show_pending(self) -> None:
        self.clear()
        self._add_status("Checking the briefing…", "#6B6B6B")

    def _add_status(self, text: str, colour: str) -> None:
        """A line about the checks themselves: nothing to go to, so it is not selectable."""
        item = QListWidgetItem(text)
        item.setForeground(QColor(colour))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.addItem(item)

    def run_now(self) -> None:
        briefing: Briefing = self._source()
        try:
            self.findings = check_with_its_theme(briefing)
        except Exception as exc:  # a failing check must not take the window down
            log.exception("checks failed")
            self.findings = []
            self.clear()
            # never "no problems found": nothing was checked
            self._add_status(f"The checks could not run: {exc}", _ERROR_COLOUR)
            self.countChanged.emit(0, 0)
            return
        self.clear()
        errors = error_count(self.findings)
        for finding in self.findings:
            is_error = finding.severity == Severity.ERROR
            label = "Error" if is_error else "Warning"
            item = QListWidgetItem(f"{label}: {finding.message}")
            item.setData(Qt.ItemDataRole.UserRole, finding.target_id)
            item.setForeground(QColor(_ERROR_COLOUR if is_error else _WARNING_COLOUR))
            item.setToolTip(finding.message + ("\nDouble-click to go there"
                                               if finding.target_id else ""))
            self.addItem(item)
        if not self.findings:
            self._add_status("No problems found: the briefing is ready to export.", "#2E6B2E")
        self.countChanged.emit(errors, len(self.findings) - errors)

    def _on_activated(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if target:
            self.targetActivated.emit(target)
