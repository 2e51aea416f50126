"""The status-bar part that shows a running import or export: text, progress bar, Cancel;
after an export, buttons that open the file or its folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar


class JobStatus(QObject):
    cancelRequested = Signal()

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.label = QLabel()
        self.progress = QProgressBar()
        self.progress.setObjectName("jobProgress")
        self.progress.setMaximumWidth(220)
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelJob")
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.open_file_button = QPushButton("Open File")
        self.open_file_button.setObjectName("openExported")
        self.open_file_button.clicked.connect(self.open_file)
        self.open_folder_button = QPushButton("Open Folder")
        self.open_folder_button.setObjectName("openExportFolder")
        self.open_folder_button.clicked.connect(self.open_folder)
        self.exported: Path | None = None
        for widget in self._all():
            bar.addPermanentWidget(widget)
            widget.hide()

    def _all(self):
        return (self.label, self.progress, self.cancel_button, self.open_file_button,
                self.open_folder_button)

    def show_progress(self, text: str, fraction: float) -> None:
        self.open_file_button.hide()
        self.open_folder_button.hide()
        self.label.setText(text)
        self.progress.setValue(int(max(0.0, min(fraction, 1.0)) * 1000))
        for widget in (self.label, self.progress, self.cancel_button):
            widget.show()

    def hide(self) -> None:
        for widget in self._all():
            widget.hide()

    def show_exported(self, path: Path) -> None:
        """The export is done: name the file and offer to open it or its folder."""
        self.hide()
        self.exported = path
        self.label.setText(f"Exported {path.name}")
        self.label.setToolTip(str(path))
        for widget in (self.label, self.open_file_button, self.open_folder_button):
            widget.show()

    def open_file(self) -> None:
        if self.exported is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.exported)))

    def open_folder(self) -> None:
        if self.exported is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.exported.parent)))
