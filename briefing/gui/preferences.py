"""Edit ▸ Preferences in a running window: opens the dialog and puts each changed value to
work at once: the autosave's delay (or autosave on/off), the reader's and preview's line
length, the feeds' refresh timer, the library location and whether imports are filed there.
The values are stored by `dialogs.settings.write_preferences`; the page size and the web
settings are read where they are used (a new briefing; each fetch)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog

from briefing.gui.dialogs.settings import (
    Preferences,
    SettingsDialog,
    read_preferences,
    write_preferences,
)
from briefing.gui.views.preview import theme_for
from briefing.gui.views.readable import ReadableColumn


class PreferencesLink(QObject):
    """`window` is the main window (not imported: an import cycle); what is used of it:
    _settings, document, autosave_status, reader, preview, feeds_panel, library_link,
    actions and statusBar()."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        chars = window._settings.readable_line_chars
        reader = window.reader.text
        self.reader_column = ReadableColumn(
            reader, chars, reader.font, lambda: 2 * reader.document().documentMargin())
        preview = window.preview
        self.preview_column = ReadableColumn(
            preview, chars, self._preview_font, lambda: 2 * preview.document().documentMargin())
        preview.documentShown.connect(self.preview_column.apply)
        window.actions.preferences.triggered.connect(self.open)
        self.dialog: SettingsDialog | None = None  # while it is open (tests reach it here)

    def _preview_font(self) -> QFont:
        """The preview's body text font: the theme's family and size (the page's style sheet
        sets the size, not the document's default font)."""
        font = QFont(self.window.preview.document().defaultFont())
        font.setPointSizeF(theme_for(self.window.session.briefing.meta.theme).body_size)
        return font

    def current(self) -> Preferences:
        return read_preferences(self.window._settings, self.window.library_link.access)

    def open(self) -> bool:
        """Show the dialog; OK applies what changed, Cancel nothing. True when applied."""
        self.dialog = SettingsDialog(self.current(), self.window)
        try:
            if self.dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            self.apply(self.dialog.values())
            return True
        finally:
            self.dialog.deleteLater()
            self.dialog = None

    def apply(self, values: Preferences) -> set[str]:
        """Store `values` and bring the window in line with them; returns what changed."""
        window = self.window
        before = self.current()
        changed = before.changed(values)
        write_preferences(window._settings, values)
        if changed & {"autosave_enabled", "autosave_delay_s"}:
            window.autosave_status.follow(window.document.reconfigure_autosave())
        if "readable_line_chars" in changed:
            self.reader_column.set_chars(values.readable_line_chars)
            self.preview_column.set_chars(values.readable_line_chars)
        if "feed_refresh_minutes" in changed:
            timer = window.feeds_panel.timer
            timer.stop()
            if values.feed_refresh_minutes > 0:
                timer.start(values.feed_refresh_minutes * 60_000)
        link = window.library_link
        if "file_imports" in changed:
            link.access.set_files_imports(values.file_imports)
            link.file_imports_action.setChecked(values.file_imports)  # the Library ▾ menu
        if "library_location" in changed:
            link.set_location(values.library_location)
        return changed
