"""Help ▸ Keyboard Shortcuts: every shortcut of the app in one table, read from the action
registry (so it cannot drift from what the keys do), plus the keys the panels handle."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing.gui.actions import Actions
from briefing.gui.views.prose_editor import PROSE_SHORTCUTS
from briefing.gui.views.shelf_tagging import SHORTCUT as TAG_SHORTCUT

# Keys that belong to a panel rather than to a window-wide action.
PANEL_KEYS: tuple[tuple[str, str], ...] = (
    ("Next / previous match (in the find bar)", "Enter, Shift+Enter"),
    ("Close the find bar", "Escape"),
    ("Clear the library filter", "Escape"),
    ("Tag the selected articles (in the Library pane's All articles)", TAG_SHORTCUT),
    ("Leave a table or list for the next panel", "Tab, Shift+Tab"),
    ("Rename a section in the outline", "F2"),
    ("Next / previous page (in Pages)", "Ctrl+Page Down, Ctrl+Page Up"),
    ("Zoom in / out (in Pages)", "Ctrl++, Ctrl+-"),
    *((f"{what} (in commentary, notes, key judgments)", key) for _, key, what in PROSE_SHORTCUTS),
)


def shortcut_rows(actions: Actions) -> list[tuple[str, str]]:
    return [*actions.shortcut_table(), *PANEL_KEYS]


class ShortcutsDialog(QDialog):
    def __init__(self, actions: Actions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts")
        rows = shortcut_rows(actions)
        self.table = QTableWidget(len(rows), 2)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setShowGrid(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        for row, (what, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(what))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, 620)

    def rows(self) -> list[tuple[str, str]]:
        return [(self.table.item(r, 0).text(), self.table.item(r, 1).text())
                for r in range(self.table.rowCount())]
