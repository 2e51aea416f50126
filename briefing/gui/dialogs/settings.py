"""Edit ▸ Preferences: the app's settings in one dialog.

`Preferences` is a plain snapshot of every value the dialog edits. `read_preferences` takes
it from the stores (AppSettings, and the library's own keys through LibraryAccess),
`write_preferences` puts it back; the dialog only edits a copy, so Cancel changes nothing.
Applying the new values to a running window is `briefing.gui.preferences`' job.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from briefing.core.library import is_server_url
from briefing.core.model import PAGE_SIZES
from briefing.gui.library_access import LibraryAccess
from briefing.gui.settings import (
    MAX_FEED_REFRESH_MINUTES,
    MAX_READABLE_LINE_CHARS,
    MIN_READABLE_LINE_CHARS,
    AppSettings,
    proxy_problem,
)

PAGE_SIZE_NAMES = {"a4": "A4", "letter": "US Letter"}


@dataclass(frozen=True)
class Preferences:
    autosave_enabled: bool = True
    autosave_delay_s: int = 3
    default_page_size: str = "a4"
    readable_line_chars: int = 76  # 0: the whole width
    library_location: str = ""  # "": the default library file
    file_imports: bool = True
    allow_intranet: bool = False
    feed_refresh_minutes: int = 30  # 0: only by hand
    proxy: str = ""

    def changed(self, other: Preferences) -> set[str]:
        """The names of the values that differ between the two."""
        return {f.name for f in fields(self) if getattr(self, f.name) != getattr(other, f.name)}


def read_preferences(settings: AppSettings, library: LibraryAccess) -> Preferences:
    return Preferences(
        autosave_enabled=settings.autosave_enabled,
        autosave_delay_s=settings.autosave_delay_s,
        default_page_size=settings.default_page_size,
        readable_line_chars=settings.readable_line_chars,
        library_location=library.setting(),
        file_imports=library.files_imports(),
        allow_intranet=settings.allow_intranet,
        feed_refresh_minutes=settings.feed_refresh_minutes,
        proxy=settings.proxy,
    )


def write_preferences(settings: AppSettings, values: Preferences) -> None:
    """The AppSettings part; the library's two values go through LibraryAccess (the caller),
    which also reopens the library."""
    settings.autosave_enabled = values.autosave_enabled
    settings.autosave_delay_s = values.autosave_delay_s
    settings.default_page_size = values.default_page_size
    settings.readable_line_chars = values.readable_line_chars
    settings.allow_intranet = values.allow_intranet
    settings.feed_refresh_minutes = values.feed_refresh_minutes
    settings.proxy = values.proxy
    settings.sync()


def library_location_problem(location: str) -> str:
    """Why `location` cannot be a library; "" when it can (empty: the default file)."""
    location = location.strip()
    if not location or is_server_url(location):
        return ""
    if "://" in location:
        return "a team library's address starts with postgresql://"
    path = Path(os.path.expanduser(location))
    if path.is_dir():
        return f"{path} is a folder: give the library file's name in it, e.g. library.sqlite"
    if not path.parent.is_dir():
        return f"the folder {path.parent} does not exist"
    return ""


class SettingsDialog(QDialog):
    def __init__(self, values: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Preferences")
        self._initial = values

        self.autosave = QCheckBox("Keep a recovery copy of unsaved work")
        self.autosave.setObjectName("autosaveEnabled")
        self.autosave_delay = QSpinBox()
        self.autosave_delay.setObjectName("autosaveDelay")
        self.autosave_delay.setRange(1, 600)
        self.autosave_delay.setSuffix(" s after the last edit")
        self.autosave.toggled.connect(self.autosave_delay.setEnabled)

        self.page_size = QComboBox()
        self.page_size.setObjectName("defaultPageSize")
        for key in PAGE_SIZES:
            self.page_size.addItem(PAGE_SIZE_NAMES.get(key, key), key)
        self.line_length = QSpinBox()
        self.line_length.setObjectName("readableLineChars")
        # 0 shows as "Whole width"; below the minimum, the spin box steps straight to 0.
        self.line_length.setRange(MIN_READABLE_LINE_CHARS - 1, MAX_READABLE_LINE_CHARS)
        self.line_length.setSpecialValueText("Whole width")
        self.line_length.setSuffix(" characters")
        self.line_length.setToolTip("In a wide window the reader and preview keep their text "
                                    "to this width, centred")

        self.library_location = QLineEdit()
        self.library_location.setObjectName("libraryLocation")
        self.library_location.setPlaceholderText("the default library file")
        self.library_location.setToolTip(
            "A library file, or a team library's address (postgresql://user@host/database)")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse_library)
        location_row = QHBoxLayout()
        location_row.addWidget(self.library_location, 1)
        location_row.addWidget(browse)
        self.file_imports = QCheckBox("File imported articles in the library")
        self.file_imports.setObjectName("fileImports")

        self.allow_intranet = QCheckBox("Allow intranet sources (private and local addresses)")
        self.allow_intranet.setObjectName("allowIntranet")
        self.feed_refresh = QSpinBox()
        self.feed_refresh.setObjectName("feedRefreshMinutes")
        self.feed_refresh.setRange(0, MAX_FEED_REFRESH_MINUTES)
        self.feed_refresh.setSpecialValueText("Only by hand")
        self.feed_refresh.setSuffix(" min")
        self.proxy = QLineEdit()
        self.proxy.setObjectName("proxy")
        self.proxy.setPlaceholderText("empty: as HTTPS_PROXY says; direct: none; "
                                      "or e.g. http://proxy.example:3128")

        self.problem = QLabel("")
        self.problem.setObjectName("settingsProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a00;")
        self.problem.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self._group("Editing", [
            ("", self.autosave), ("Recovery copy:", self.autosave_delay),
            ("New briefings:", self.page_size), ("Line length:", self.line_length),
        ]))
        layout.addWidget(self._group("Library", [
            ("Location:", location_row), ("", self.file_imports),
        ]))
        layout.addWidget(self._group("Web", [
            ("", self.allow_intranet), ("Refresh feeds every:", self.feed_refresh),
            ("Proxy:", self.proxy),
        ]))
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)
        self.set_values(values)

    def _group(self, title: str, rows: list[tuple[str, object]]) -> QGroupBox:
        group = QGroupBox(title)
        form = QFormLayout(group)
        for label, field in rows:
            form.addRow(label, field)
        return group

    def _browse_library(self) -> None:
        start = self.library_location.text().strip()
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Library File", start if start and not is_server_url(start) else "",
            "Library (*.sqlite *.db);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if chosen:
            self.library_location.setText(chosen)

    def set_values(self, values: Preferences) -> None:
        self.autosave.setChecked(values.autosave_enabled)
        self.autosave_delay.setValue(values.autosave_delay_s)
        self.autosave_delay.setEnabled(values.autosave_enabled)
        index = self.page_size.findData(values.default_page_size)
        self.page_size.setCurrentIndex(max(0, index))
        self.line_length.setValue(values.readable_line_chars or self.line_length.minimum())
        self.library_location.setText(values.library_location)
        self.file_imports.setChecked(values.file_imports)
        self.allow_intranet.setChecked(values.allow_intranet)
        self.feed_refresh.setValue(values.feed_refresh_minutes)
        self.proxy.setText(values.proxy)

    def values(self) -> Preferences:
        """What the fields say now (not validated: see `problems`)."""
        chars = self.line_length.value()
        return Preferences(
            autosave_enabled=self.autosave.isChecked(),
            autosave_delay_s=self.autosave_delay.value(),
            default_page_size=str(self.page_size.currentData()),
            readable_line_chars=0 if chars < MIN_READABLE_LINE_CHARS else chars,
            library_location=self.library_location.text().strip(),
            file_imports=self.file_imports.isChecked(),
            allow_intranet=self.allow_intranet.isChecked(),
            feed_refresh_minutes=self.feed_refresh.value(),
            proxy=self.proxy.text().strip(),
        )

    def problems(self) -> list[tuple[QWidget, str]]:
        """Each field whose value cannot be used, with why."""
        found = []
        values = self.values()
        if problem := library_location_problem(values.library_location):
            found.append((self.library_location, f"Library location: {problem}."))
        if problem := proxy_problem(values.proxy):
            found.append((self.proxy, f"Proxy: {problem}."))
        return found

    def accept(self) -> None:
        """OK keeps the dialog open, naming the first field to fix, while any is wrong."""
        problems = self.problems()
        if problems:
            field = problems[0][0]
            self.problem.setText(" ".join(text for _, text in problems))
            self.problem.show()
            field.setFocus()
            return
        super().accept()
