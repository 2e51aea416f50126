"""Where each action appears: the menu bar and the main toolbar.

The actions themselves (text, shortcut, icon) are in `actions`; the main window connects
them. Context menus stay with the panels they belong to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDockWidget, QMenu, QMenuBar, QToolBar, QToolButton, QWidget

from briefing.gui.actions import Actions


def build_menu_bar(bar: QMenuBar, a: Actions, docks: Iterable[QDockWidget]) -> QMenu:
    """Fill the menu bar; returns the (still empty) Open Recent menu, filled when shown."""
    file_menu = bar.addMenu("&File")
    file_menu.addActions([a.new, a.open])
    recent_menu = file_menu.addMenu("Open &Recent")
    recent_menu.setObjectName("recentMenu")
    file_menu.addActions([a.save, a.save_as])
    file_menu.addSeparator()
    file_menu.addActions([a.import_articles, a.paste_article, a.add_from_url])
    file_menu.addSeparator()
    export_menu = file_menu.addMenu("&Export")  # File ▸ Export ▸ Word / PDF / HTML
    export_menu.setObjectName("exportMenu")
    export_menu.addActions([a.export_docx, a.export_pdf, a.export_html])
    file_menu.addSeparator()
    file_menu.addAction(a.quit)

    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([a.undo, a.redo])
    edit_menu.addSeparator()
    edit_menu.addActions([a.delete])
    edit_menu.addSeparator()
    edit_menu.addActions([a.find, a.find_next, a.find_previous, a.filter_library])
    edit_menu.addSeparator()
    edit_menu.addAction(a.preferences)

    insert_menu = bar.addMenu("&Briefing")
    insert_menu.addActions([a.add_quote, a.add_excerpt])
    insert_menu.addSeparator()
    insert_menu.addActions([a.add_section, a.add_note, a.add_figure, a.paste_figure, a.rename])
    insert_menu.addAction(a.place_clip)
    place_in = insert_menu.addMenu("Place &In")  # one entry per section, filled when shown
    place_in.setObjectName("placeInMenu")
    insert_menu.addActions([a.move_up, a.move_down])
    insert_menu.addSeparator()
    insert_menu.addActions([a.properties, a.run_checks])

    view_menu = bar.addMenu("&View")
    view_menu.addActions([a.show_reader, a.show_preview, a.show_pages])
    view_menu.addSeparator()
    view_menu.addActions([a.focus_library, a.focus_reader, a.focus_clips, a.focus_outline,
                          a.focus_inspector])
    view_menu.addSeparator()
    for dock in docks:
        view_menu.addAction(dock.toggleViewAction())

    help_menu = bar.addMenu("&Help")
    help_menu.addActions([a.open_sample, a.shortcuts, a.about])
    return recent_menu


def fill_place_menu(
    menu: QMenu, sections: list[tuple[str, str]], place: Callable[[str], object]
) -> None:
    """Refill Place In with the sections, as (id, heading) pairs in outline order."""
    menu.clear()
    for number, (section_id, heading) in enumerate(sections, start=1):
        label = heading.strip() or "Untitled section"
        prefix = f"&{number} " if number < 10 else ""
        action = menu.addAction(prefix + label.replace("&", "&&"))
        action.setObjectName(f"placeIn_{section_id}")
        action.triggered.connect(lambda _checked=False, ident=section_id: place(ident))
    if not sections:
        menu.addAction("No sections yet: add one first").setEnabled(False)


def fill_recent_menu(menu: QMenu, paths: list[str], open_file: Callable[[str], object]) -> None:
    """Refill Open Recent with `paths` (newest first), numbered for the keyboard."""
    menu.clear()
    for number, name in enumerate(paths, start=1):  # at most MAX_RECENT_FILES
        action = menu.addAction(f"&{number % 10} {Path(name).name}")
        action.setToolTip(name)
        action.setStatusTip(name)
        action.triggered.connect(lambda _checked=False, path=name: open_file(path))
    if not paths:
        menu.addAction("No recent briefings").setEnabled(False)


class MainToolBar(QToolBar):
    """The main toolbar. In a narrow window the wordier buttons drop their text (their
    tooltips keep it) before the toolbar would push Export out of sight into its overflow
    menu."""

    def __init__(self, a: Actions, parent: QWidget | None = None) -> None:
        super().__init__("Main toolbar", parent)
        self.setObjectName("mainToolbar")
        self.setMovable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setIconSize(QSize(20, 20))
        for group in (
            [a.new, a.open, a.save],
            [a.import_articles, a.paste_article],
            [a.add_quote, a.add_excerpt],
            [a.add_section, a.add_note, a.add_figure],
            [a.undo, a.redo],
            [a.export_docx, a.export_pdf],
        ):
            self.addActions(group)
            self.addSeparator()
        # Everyone knows these icons: showing them without text leaves room for the rest.
        for action in (a.new, a.open, a.save, a.undo, a.redo):
            button = self.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self._compactable = [
            button
            for action in (a.import_articles, a.paste_article, a.add_quote, a.add_excerpt,
                           a.add_section, a.add_note, a.add_figure)
            if isinstance(button := self.widgetForAction(action), QToolButton)
        ]
        self._full_width = self.sizeHint().width()

    def fit(self, window_width: int) -> None:
        """Show the wordier buttons' text only when the window is wide enough for all of it."""
        compact = window_width < self._full_width
        style = (Qt.ToolButtonStyle.ToolButtonIconOnly if compact
                 else Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for button in self._compactable:
            button.setToolButtonStyle(style)
