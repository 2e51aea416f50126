"""The window's keyboard paths that are more than one action → one method: Find in the
article, the library filter, Place In ▸ a section, and Help ▸ Keyboard Shortcuts.

Kept out of mainwindow.py (which lays out and wires the panels) so each stays small.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu

from briefing.gui.dialogs.shortcuts import ShortcutsDialog
from briefing.gui.menus import fill_place_menu


class KeyboardPaths(QObject):
    """`window` is the MainWindow (not imported: that would be an import cycle)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self._window = window
        self.shortcuts_dialog: ShortcutsDialog | None = None
        a = window.actions
        a.find.triggered.connect(self.find_in_article)
        a.find_next.triggered.connect(lambda: self._find_bar().find_next())
        a.find_previous.triggered.connect(lambda: self._find_bar().find_previous())
        a.filter_library.triggered.connect(self.filter_library)
        a.shortcuts.triggered.connect(self.show_shortcuts)
        self.place_menu = window.menuBar().findChild(QMenu, "placeInMenu")
        self.place_menu.aboutToShow.connect(self.fill_place_menu)
        # The clip list's right-click menu offers the same sections.
        window.tray.list.insertAction(a.delete, self.place_menu.menuAction())

    def _find_bar(self):
        self._window.centre.setCurrentWidget(self._window.reader)
        return self._window.reader.find_bar

    def find_in_article(self) -> None:
        self._find_bar().open_bar()

    def filter_library(self) -> None:
        window = self._window
        window.library_dock.show()
        window.library_dock.raise_()
        window.library.search.setFocus()
        window.library.search.selectAll()

    def fill_place_menu(self) -> None:
        sections = [(s.id, s.heading) for s in self._window.session.briefing.sections]
        fill_place_menu(self.place_menu, sections, self._window.place_selected_clips)

    def show_shortcuts(self) -> ShortcutsDialog:
        if self.shortcuts_dialog is None:
            self.shortcuts_dialog = ShortcutsDialog(self._window.actions, self._window)
        self.shortcuts_dialog.show()
        self.shortcuts_dialog.raise_()
        return self.shortcuts_dialog
