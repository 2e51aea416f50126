"""One registry of the window's actions: text, shortcut, icon, tooltip, in one place.

The main window connects each action's `triggered` signal; menus, toolbars and context menus
all reuse these same QAction objects so a shortcut works everywhere and enabling an action
enables every place it appears.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QIcon, QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget

from briefing.gui.icons import icon

Key = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str
    shortcut: QKeySequence.StandardKey | str | None = None
    icon: str = ""  # freedesktop icon name; icons.icon() falls back to a bundled one
    tip: str = ""
    more: tuple[str, ...] = ()  # further shortcuts for the same action


SPECS: tuple[ActionSpec, ...] = (
    ActionSpec("new", "&New Briefing", Key.New, "document-new", "Start an empty briefing"),
    ActionSpec("open", "&Open…", Key.Open, "document-open", "Open a briefing file"),
    ActionSpec("save", "&Save", Key.Save, "document-save", "Save the briefing"),
    ActionSpec("save_as", "Save &As…", Key.SaveAs, "document-save-as",
               "Save the briefing under a new name"),
    ActionSpec("import_articles", "&Import Articles…", "Ctrl+Shift+I", "document-import",
               "Add article files (text, Markdown, HTML, Word, PDF) to the library"),
    ActionSpec("paste_article", "&Paste as New Article", "Ctrl+Shift+V", "edit-paste",
               "Make a new article from the text or web page on the clipboard"),
    ActionSpec("add_from_url", "Add from &URL…", "Ctrl+L", "insert-link",
               "Fetch a web page and add its article"),
    ActionSpec("export_docx", "Export &Word (DOCX)…", "Ctrl+E", "x-office-document",
               "Export the briefing as a Word document"),
    ActionSpec("export_pdf", "Export P&DF…", "Ctrl+Shift+P", "application-pdf",
               "Export the briefing as a PDF"),
    ActionSpec("export_html", "Export &HTML…", None, "text-html",
               "Export the briefing as a web page (one file; prints like the PDF)"),
    ActionSpec("quit", "&Quit", Key.Quit, "application-exit"),
    ActionSpec("undo", "&Undo", Key.Undo, "edit-undo"),
    ActionSpec("redo", "&Redo", Key.Redo, "edit-redo"),
    ActionSpec("find", "&Find in Article…", Key.Find, "edit-find",
               "Find text in the article shown in the reader"),
    ActionSpec("find_next", "Find &Next", Key.FindNext, "",
               "The next match in the article"),
    ActionSpec("find_previous", "Find Pre&vious", Key.FindPrevious, "",
               "The previous match in the article"),
    ActionSpec("filter_library", "Filter &Library…", "Ctrl+Shift+F", "edit-find",
               "Search the articles' titles, outlets, authors and text (Escape clears it)"),
    ActionSpec("delete", "&Delete", Key.Delete, "edit-delete",
               "Delete the selected section, note, clip or article"),
    ActionSpec("add_quote", "Add &Quote", "Ctrl+Shift+Q", "format-quote",
               "Make the selected text a quote (speaker and role in the inspector)"),
    ActionSpec("add_excerpt", "Add E&xcerpt", "Ctrl+Shift+E", "format-excerpt",
               "Make the selected text an excerpt"),
    ActionSpec("add_section", "Add &Section", "Ctrl+Shift+N", "list-add",
               "Add a section to the outline"),
    ActionSpec("add_note", "Add &Note", "Ctrl+Shift+T", "note-add",
               "Add a free-text note to the selected section"),
    ActionSpec("add_figure", "Add &Figure…", "Ctrl+Shift+G", "insert-image",
               "Add a picture (PNG, JPEG, SVG) with a caption to the selected section"),
    ActionSpec("paste_figure", "Add Figure from Clip&board", "", "insert-image",
               "Add the picture on the clipboard to the selected section"),
    ActionSpec("place_clip", "&Place Clip in Section", "Ctrl+Return", "",
               "Put the selected clip at the end of the selected section (or the last one)"),
    # Alt+Shift and Ctrl+Shift with the arrows: no common desktop takes these for itself
    # (GNOME and KDE use Ctrl+Alt and Super with the arrows for workspaces and tiling).
    ActionSpec("move_up", "Move &Up", "Alt+Shift+Up", "",
               "Move the selected section or item up in the outline", ("Ctrl+Shift+Up",)),
    ActionSpec("move_down", "Move Do&wn", "Alt+Shift+Down", "",
               "Move the selected section or item down in the outline", ("Ctrl+Shift+Down",)),
    ActionSpec("rename", "&Rename Section", "F2", "edit-rename",
               "Rename the selected section in place"),
    ActionSpec("properties", "Briefing &Properties", "Ctrl+Shift+B", "document-properties",
               "Title, marking, key judgments, theme and page size"),
    ActionSpec("run_checks", "Run &Checks", "F7", "tools-check-spelling",
               "Check quotes against their sources and look for missing details"),
    ActionSpec("show_preview", "Show Pre&view", "Ctrl+R", "document-print-preview",
               "Show the live preview of the briefing"),
    ActionSpec("show_pages", "Show P&ages", "Ctrl+Alt+R", "application-pdf",
               "Show the briefing's pages as the PDF export draws them"),
    ActionSpec("preferences", "Pre&ferences…", "Ctrl+,", "preferences-system",
               "Autosave, page size, line length, library and web settings"),
    ActionSpec("show_reader", "Show R&eader", "Ctrl+Shift+R", "text-x-generic",
               "Show the article reader"),
    ActionSpec("focus_library", "Go to &Library", "Ctrl+1", ""),
    ActionSpec("focus_reader", "Go to &Reader", "Ctrl+2", ""),
    ActionSpec("focus_clips", "Go to &Clips", "Ctrl+3", ""),
    ActionSpec("focus_outline", "Go to &Outline", "Ctrl+4", ""),
    ActionSpec("focus_inspector", "Go to &Inspector", "Ctrl+5", ""),
    ActionSpec("open_sample", "Open &Sample Briefing", None, "help-contents",
               "Open the sample briefing that ships with the app"),
    ActionSpec("shortcuts", "&Keyboard Shortcuts", "Ctrl+/", "",
               "Every keyboard shortcut of the app"),
    ActionSpec("about", "&About Briefing Builder", None, "help-about"),
)


def _icon(name: str) -> QIcon:
    return icon(name) if name else QIcon()


class Actions:
    """Attribute access to every action: `actions.save`, `actions.add_quote`, …"""

    def __init__(self, parent: QWidget) -> None:
        self._actions: dict[str, QAction] = {}
        for spec in SPECS:
            action = QAction(_icon(spec.icon), spec.text, parent)
            action.setObjectName(f"action_{spec.name}")
            if spec.shortcut is not None:
                keys = [QKeySequence(spec.shortcut), *(QKeySequence(k) for k in spec.more)]
                # A standard key this platform does not bind (Quit on some) is left out.
                action.setShortcuts([k for k in keys if not k.isEmpty()])
            tip = spec.tip or spec.text.replace("&", "").rstrip("…")
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
            action.setStatusTip(tip)
            self._actions[spec.name] = action

    def __getattr__(self, name: str) -> QAction:
        try:
            return self.__dict__["_actions"][name]
        except KeyError:
            raise AttributeError(name) from None

    def all(self) -> list[QAction]:
        return list(self._actions.values())

    def shortcut_table(self) -> list[tuple[str, str]]:
        """(what it does, its keys) for every action that has a shortcut, in menu order."""
        rows = []
        for action in self._actions.values():
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText)
                    for k in action.shortcuts() if not k.isEmpty()]
            if keys:
                rows.append((action.text().replace("&", "").rstrip("…"), ", ".join(keys)))
        return rows

    def follow_undo_stack(self, stack: QUndoStack) -> None:
        """Undo and Redo do the stack's steps, are enabled when it has one and name it."""
        self.undo.triggered.connect(stack.undo)
        self.redo.triggered.connect(stack.redo)
        stack.canUndoChanged.connect(self.undo.setEnabled)
        stack.canRedoChanged.connect(self.redo.setEnabled)
        stack.undoTextChanged.connect(lambda t: self.undo.setText(f"&Undo {t}" if t else "&Undo"))
        stack.redoTextChanged.connect(lambda t: self.redo.setText(f"&Redo {t}" if t else "&Redo"))
