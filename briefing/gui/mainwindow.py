"""The main window: lays out the panels and wires the actions to what does the work. It
decides nothing about briefings: edits are undo commands over core operations; the file
lifecycle (open, save, lock, autosave, recovery) is the `DocumentController`'s; pasting,
importing and exporting are the `TransferController`'s; menus and toolbar are in `menus`."""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QTabWidget, QWidget

from briefing.core.changes import Changes
from briefing.core.model import Article, ClipKind
from briefing.core.ops import OpError, make_clip, same_clip
from briefing.gui import commands, messages
from briefing.gui.actions import Actions
from briefing.gui.commands import BriefingSession
from briefing.gui.dialogs import confirm
from briefing.gui.document import DocumentController
from briefing.gui.figures import FigureInsertion
from briefing.gui.file_work import FileWorkRunner
from briefing.gui.keyboard import KeyboardPaths
from briefing.gui.menus import MainToolBar, build_menu_bar, fill_recent_menu
from briefing.gui.models import ClipTrayModel, LibraryModel, OutlineModel
from briefing.gui.names import APPLICATION as APP_NAME
from briefing.gui.navigation import connect_previews
from briefing.gui.preferences import PreferencesLink
from briefing.gui.settings import AppSettings
from briefing.gui.transfers import TransferController
from briefing.gui.views.autosave_status import AutosaveStatus
from briefing.gui.views.checks import ChecksView
from briefing.gui.views.inspector import InspectorView
from briefing.gui.views.jobstatus import JobStatus
from briefing.gui.views.library import ClipTrayView, LibraryView
from briefing.gui.views.outline import OutlineView
from briefing.gui.views.pages import install_pages
from briefing.gui.views.preview import PreviewView
from briefing.gui.views.reader import ReaderView
from briefing.gui.views.suggestions import SuggestionsView
from briefing.gui.window_drops import WindowDrops

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None, *, restore_settings: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.session = BriefingSession(parent=self)
        self.actions = Actions(self)
        self._navigating = False
        self._settings = AppSettings()
        self.document = DocumentController(self.session, messages.DialogAsker(self),
                                           self._settings, self)
        self.document.file_work = FileWorkRunner(self)  # open and save off the GUI thread

        self.library_model = LibraryModel(self.session, self)
        self.tray_model = ClipTrayModel(self.session, self)
        self.outline_model = OutlineModel(self.session, self)

        self._build_panels()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._connect()

        self.setMinimumSize(QSize(960, 600))
        self.resize(1280, 800)
        self.setDockNestingEnabled(True)
        self._update_title()
        self._update_actions()
        self.checks.schedule()
        self._layout_restored = False
        if restore_settings:
            self._layout_restored = self._settings.restore_window(self)

    # ---- layout ---------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._layout_restored:
            self._layout_restored = True
            self._fit_docks_to_width()

    def _fit_docks_to_width(self) -> None:
        """First start: the side panels take a share of the width, the reader the rest."""
        width = max(self.width(), self.minimumWidth())
        left, right = int(width * 0.25), int(width * 0.28)
        self.resizeDocks([self.library_dock, self.outline_dock], [left, right],
                         Qt.Orientation.Horizontal)
        height = self.height()
        self.resizeDocks([self.library_dock, self.tray_dock],
                         [int(height * 0.5), int(height * 0.5)], Qt.Orientation.Vertical)
        self.resizeDocks([self.outline_dock, self.inspector_dock],
                         [int(height * 0.4), int(height * 0.6)], Qt.Orientation.Vertical)
        self.resizeDocks([self.checks_dock], [max(90, int(height * 0.13))],
                         Qt.Orientation.Vertical)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        return dock

    def _build_panels(self) -> None:
        self.library = LibraryView(self.library_model)
        self.tray = ClipTrayView(self.tray_model)
        self.reader = ReaderView()
        self.outline = OutlineView(self.outline_model)
        self.inspector = InspectorView(self.session)
        self.preview = PreviewView(lambda: self.session.briefing)
        self.checks = ChecksView(lambda: self.session.briefing)
        self.suggestions = SuggestionsView(self.session, self.reader)

        self.centre = QTabWidget()
        self.centre.setObjectName("centreTabs")
        self.centre.setDocumentMode(True)
        self.centre.addTab(self.reader, "Reader")
        self.centre.addTab(self.preview, "Preview")
        self.centre.setTabToolTip(0, "The selected article: select text to clip it")
        self.centre.setTabToolTip(1, "The briefing as it will be exported, updated as you edit")
        self.pages = install_pages(self)  # the Pages tab: the PDF export's real pages
        connect_previews(self)  # a click on an item in either preview selects it
        self.setCentralWidget(self.centre)

        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        from briefing.gui.library_link import LibraryLink  # the library pane, drops, completer

        self.library_link = LibraryLink(self)
        self.library_dock = self._dock("Library", "libraryDock", self.library_link.pane, left)
        self.tray_dock = self._dock("Clips", "clipsDock", self.tray, left)
        self.outline_dock = self._dock("Outline", "outlineDock", self.outline, right)
        self.inspector_dock = self._dock("Inspector", "inspectorDock", self.inspector, right)
        self.checks_dock = self._dock(
            "Checks", "checksDock", self.checks, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.splitDockWidget(self.library_dock, self.tray_dock, Qt.Orientation.Vertical)
        self.suggestions_dock = self._dock("Suggestions", "suggestionsDock", self.suggestions, left)
        self.tabifyDockWidget(self.tray_dock, self.suggestions_dock)
        self.tray_dock.raise_()
        from briefing.gui.feeds import install_feeds  # the Feeds pane, tabbed with Suggestions

        self.feeds_panel = install_feeds(self)
        self.splitDockWidget(self.outline_dock, self.inspector_dock, Qt.Orientation.Vertical)
        self.setCorner(Qt.Corner.BottomLeftCorner, left)
        self.setCorner(Qt.Corner.BottomRightCorner, right)
        self.resizeDocks([self.library_dock, self.outline_dock], [330, 380],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.library_dock, self.tray_dock], [420, 300], Qt.Orientation.Vertical)
        self.resizeDocks([self.outline_dock, self.inspector_dock], [330, 420],
                         Qt.Orientation.Vertical)
        self.resizeDocks([self.checks_dock], [120], Qt.Orientation.Vertical)

        for widget, name in (
            (self.library.search, "Search the library"),
            (self.library.table, "Articles"),
            (self.tray.list, "Clips"),
            (self.reader.text, "Article text"),
            (self.outline, "Outline of the briefing"),
            (self.inspector, "Inspector"),
            (self.preview, "Preview of the briefing"),
            (self.checks, "Pre-export checks"),
        ):
            widget.setAccessibleName(name)

        a = self.actions
        self.reader.set_context_actions([a.add_quote, a.add_excerpt])
        self.outline.set_context_actions(
            [a.add_section, a.add_note, None, a.rename, a.move_up, a.move_down, None, a.delete]
        )
        self.tray.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.tray.list.addActions([a.place_clip, a.delete])
        self.library.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.library.table.addActions([a.delete])

    def _build_menus(self) -> None:
        docks = (self.library_dock, self.tray_dock, self.outline_dock, self.inspector_dock,
                 self.checks_dock, self.suggestions_dock)
        self.recent_menu = build_menu_bar(self.menuBar(), self.actions, docks)
        self.recent_menu.aboutToShow.connect(lambda: fill_recent_menu(
            self.recent_menu, self.document.recent_files(), self.document.open))

    def _build_toolbar(self) -> None:
        self.toolbar = MainToolBar(self.actions, self)
        self.addToolBar(self.toolbar)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.toolbar.fit(self.width())
        super().resizeEvent(event)

    def _build_status_bar(self) -> None:
        self.job_status = JobStatus(self.statusBar())
        self.autosave_status = AutosaveStatus(self.document.autosave, self.statusBar())
        self.transfers = TransferController(self.session, self.job_status, self._settings,
                                            self.document.dialog_folder, self)

    # ---- wiring -----------------------------------------------------------------------------
    def _connect(self) -> None:
        a, s, stack = self.actions, self.session, self.session.undo_stack
        document = self.document
        a.new.triggered.connect(lambda: document.new())
        a.open.triggered.connect(lambda: document.open())
        a.save.triggered.connect(lambda: document.save())
        a.save_as.triggered.connect(lambda: document.save_as())
        a.open_sample.triggered.connect(lambda: document.open_sample())
        document.titleChanged.connect(self._update_title)
        document.status.connect(self.statusBar().showMessage)
        transfers = self.transfers
        a.import_articles.triggered.connect(lambda: transfers.import_files())
        a.paste_article.triggered.connect(transfers.paste_article)
        a.add_from_url.triggered.connect(lambda: transfers.add_from_url())
        a.export_docx.triggered.connect(lambda: transfers.export("docx"))
        a.export_pdf.triggered.connect(lambda: transfers.export("pdf"))
        a.export_html.triggered.connect(lambda: transfers.export("html"))
        # Filed in the library first, so the briefing's copies carry their library ids.
        transfers.articlesRead.connect(self.library_link.file_imported)
        transfers.readingStarted.connect(self.library_link.prepare)  # open it meanwhile
        transfers.articlesRead.connect(self._add_articles)
        transfers.exportingChanged.connect(self._update_actions)
        transfers.status.connect(self.statusBar().showMessage)
        a.quit.triggered.connect(self.close)
        a.follow_undo_stack(stack)
        self.keyboard = KeyboardPaths(self)  # find, filter, Place In, the shortcut list
        self.preferences = PreferencesLink(self)  # Edit ▸ Preferences, line length
        self.figures = FigureInsertion(self)
        self.drops = WindowDrops(self)
        a.delete.triggered.connect(self.delete_selected)
        a.add_quote.triggered.connect(lambda: self.add_clip(ClipKind.QUOTE))
        a.add_excerpt.triggered.connect(lambda: self.add_clip(ClipKind.EXCERPT))
        a.add_section.triggered.connect(self.add_section)
        a.add_note.triggered.connect(self.add_note)
        a.rename.triggered.connect(self.rename_section)
        a.place_clip.triggered.connect(self.place_selected_clips)
        a.move_up.triggered.connect(lambda: self.move_selected(-1))
        a.move_down.triggered.connect(lambda: self.move_selected(+1))
        a.focus_library.triggered.connect(lambda: self._focus(self.library_dock,
                                                              self.library.table))
        a.focus_reader.triggered.connect(self._focus_reader)
        a.focus_clips.triggered.connect(lambda: self._focus(self.tray_dock, self.tray.list))
        a.focus_outline.triggered.connect(lambda: self._focus(self.outline_dock, self.outline))
        a.focus_inspector.triggered.connect(
            lambda: self._focus(self.inspector_dock, self.inspector.current_page())
        )
        a.properties.triggered.connect(self.show_properties)
        a.run_checks.triggered.connect(self.show_checks)
        a.show_preview.triggered.connect(lambda: self.centre.setCurrentWidget(self.preview))
        a.show_reader.triggered.connect(lambda: self.centre.setCurrentWidget(self.reader))
        a.about.triggered.connect(lambda: messages.show_about(self))

        s.changed.connect(self._on_changed)
        s.replaced.connect(self._on_replaced)

        self.library.articleSelected.connect(self._on_article_selected)
        self.tray.clipSelected.connect(self._on_tray_clip)
        self.outline.selectionIdChanged.connect(self._on_outline_selection)
        self.reader.selectionChanged.connect(lambda _has: self._update_actions())
        self.reader.clipClicked.connect(lambda c: self.go_to_clip(c, scroll_reader=False))
        self.inspector.showInReader.connect(self.go_to_clip)
        self.checks.targetActivated.connect(self.go_to)
        self.checks.countChanged.connect(self._on_checks_counted)
        # A bound method (not a lambda): Qt drops the connection when the window is deleted.
        QApplication.instance().focusChanged.connect(self._on_focus_changed)

    # ---- reactions --------------------------------------------------------------------------
    def _on_changed(self, _changes: Changes) -> None:
        briefing = self.session.briefing
        article = self.reader.article
        if article is not None and briefing.article(article.id) is None:
            self.reader.set_article(None, [])
        elif article is not None:
            self.reader.set_clips(briefing.clips_of(article.id))
        self.preview.schedule()
        self.checks.schedule()
        self._update_actions()

    def _on_replaced(self) -> None:
        self.reader.set_article(None, [])
        self.tray_model.set_article(None)
        self._navigating = True  # show the top article, keep the briefing's properties
        try:
            self.library.select_article(self.library.top_article_id())
        finally:
            self._navigating = False
        self.inspector.show_briefing()
        self.preview.schedule()
        self.checks.schedule(new_briefing=True)
        self._update_title()
        self._update_actions()

    def _on_article_selected(self, article_id: str | None) -> None:
        self._show_article(article_id)
        if not self._navigating and article_id:
            self.centre.setCurrentWidget(self.reader)  # the user chose something to read
            self.inspector.show_article(article_id)

    def _show_article(self, article_id: str | None) -> None:
        briefing = self.session.briefing
        article = briefing.article(article_id) if article_id else None
        if article is not self.reader.article:
            self.reader.set_article(article, briefing.clips_of(article.id) if article else [])
        self.tray_model.set_article(article.id if article else None)
        self.suggestions.show_article(article)
        self._update_actions()

    def _on_tray_clip(self, clip_id: str | None) -> None:
        if clip_id:
            self.go_to_clip(clip_id, show_reader=True)

    def _on_outline_selection(self, kind: str | None, ident: str | None) -> None:
        if self._navigating:
            return
        if kind == "clip" and ident:
            self.go_to_clip(ident, select_in_outline=False)
        else:
            self.inspector.show_item(kind, ident)
        self._update_actions()

    def _on_focus_changed(self, _old: QWidget | None, _new: QWidget | None) -> None:
        self._update_actions()

    def _on_checks_counted(self, errors: int, warnings: int) -> None:
        total = errors + warnings
        self.checks_dock.setWindowTitle(f"Checks ({total})" if total else "Checks")

    def _update_title(self) -> None:
        # The undo stack's destructor clears the stack, which ends here while the window (its
        # owner) is being destroyed.
        if not shiboken6.isValid(self):
            return
        path = self.document.path
        self.setWindowTitle(f"{self.document.display_name()}[*] — {APP_NAME}")
        self.setWindowFilePath(str(path) if path else "")
        self.setWindowModified(self.document.is_modified())

    def _update_actions(self) -> None:
        a = self.actions
        has_span = self.reader.selected_span() is not None
        a.add_quote.setEnabled(has_span)
        a.add_excerpt.setEnabled(has_span)
        a.add_note.setEnabled(bool(self.session.briefing.sections))
        kind, _ = self.outline.current_selection()
        a.rename.setEnabled(kind in ("section", "note"))
        a.move_up.setEnabled(kind is not None)
        a.move_down.setEnabled(kind is not None)
        a.undo.setEnabled(self.session.undo_stack.canUndo())
        a.redo.setEnabled(self.session.undo_stack.canRedo())
        busy = self.transfers.exporting
        a.export_docx.setEnabled(not busy)
        a.export_pdf.setEnabled(not busy)
        a.export_html.setEnabled(not busy)

    # ---- navigation -------------------------------------------------------------------------
    def go_to(self, ident: str) -> None:
        """Show the clip, section, note or article with this id."""
        briefing = self.session.briefing
        if briefing.clip(ident):
            self.go_to_clip(ident, show_reader=True)
        elif briefing.article(ident):
            self.library.select_article(ident)
            self.inspector.show_article(ident)
        elif briefing.section(ident) or briefing.placement(ident):
            self.outline.select_id(ident)
            self.outline.setFocus()

    def go_to_clip(
        self,
        clip_id: str,
        *,
        select_in_outline: bool = True,
        scroll_reader: bool = True,
        show_reader: bool = False,
    ) -> None:
        """Show a clip: its article in the reader scrolled to the span, and its form. The
        Preview tab stays in front unless `show_reader` (editing with the preview in view)."""
        clip = self.session.briefing.clip(clip_id)
        if clip is None:
            return
        self._navigating = True
        try:
            if self.library.current_article_id() != clip.article_id:
                self.library.select_article(clip.article_id)
            self._show_article(clip.article_id)
            self.reader.show_clip(clip, scroll=scroll_reader)
            if show_reader:
                self.centre.setCurrentWidget(self.reader)
            self.tray.select_clip(clip_id)
            if select_in_outline:
                # an unplaced clip selects nothing there, so Delete or Move never acts on the
                # item the outline showed before
                self.outline.select_id(clip_id if self.session.briefing.placement(clip_id)
                                       else None)
        finally:
            self._navigating = False
        self.inspector.show_clip(clip_id)
        self._update_actions()  # the outline's selection may have changed without a signal

    def show_properties(self) -> None:
        self.inspector_dock.show()
        self.inspector_dock.raise_()
        self.outline.selectionModel().clear()
        self.inspector.show_briefing()

    def show_checks(self) -> None:
        self.checks_dock.show()
        self.checks_dock.raise_()
        self.checks.run_now()

    # ---- editing ----------------------------------------------------------------------------
    def run(self, command: commands.OpCommand) -> bool:
        if not self.session.run(command):
            messages.show_error(self, "Cannot do that", self.session.last_error)
            return False
        return True

    def add_clip(self, kind: ClipKind) -> str | None:
        """A clip of the reader's selection; its form opens so the speaker can be typed."""
        article = self.reader.article
        span = self.reader.selected_span()
        if article is None or span is None:
            return None
        try:
            clip = make_clip(self.session.briefing, article.id, span[0], span[1], kind)
        except OpError as exc:
            messages.show_error(self, "Cannot add the clip", str(exc))
            return None
        same = same_clip(self.session.briefing, clip)
        if same is not None:  # the core refuses to cite the same text twice: show that clip
            self.reader.clear_selection()
            self.go_to_clip(same.id)
            self.statusBar().showMessage("That text is already clipped: showing the clip", 5000)
            return same.id
        if not self.run(commands.add_clip(self.session, clip)):
            return None
        self.reader.clear_selection()
        self.go_to_clip(clip.id)
        self.inspector_dock.show()
        if kind == ClipKind.QUOTE:
            self.inspector.clip_page.speaker.setFocus()
        return clip.id

    def _selected_section_id(self) -> str | None:
        section = self.outline_model.section_of(self.outline.currentIndex())
        return section.id if section else None

    def add_section(self) -> str | None:
        current = self._selected_section_id()
        index = None
        if current is not None:
            index = self.session.briefing.section_index(current) + 1
        command = commands.add_section(self.session, "New section", index)
        if not self.run(command):
            return None
        self.outline_dock.show()
        self.outline.setFocus()
        self.outline.select_id(command.created_id, edit=self.isVisible())
        return command.created_id

    def add_note(self) -> str | None:
        section_id = self._selected_section_id()
        sections = self.session.briefing.sections
        if section_id is None:
            if not sections:
                messages.show_error(self, "Cannot add a note",
                                    "Add a section first: notes go in sections.")
                return None
            section_id = sections[-1].id
        index = None
        item = self.outline_model.item_at(self.outline.currentIndex())
        if item is not None:
            index = self.outline.currentIndex().row() + 1
        command = commands.add_note(self.session, section_id, "", index)
        if not self.run(command):
            return None
        self.outline.select_id(command.created_id)
        self.inspector.show_note(command.created_id)
        self.inspector.note_page.text.setFocus()
        return command.created_id

    def _focus(self, dock: QDockWidget, widget: QWidget) -> None:
        dock.show()
        dock.raise_()
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if widget is self.inspector.current_page():
            widget.focusNextChild()  # into the page's first field

    def _focus_reader(self) -> None:
        self.centre.setCurrentWidget(self.reader)
        self.reader.text.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def place_selected_clips(self, section_id: str | None = None) -> bool:
        """Keyboard alternative to dragging: the clip list's selection (or the clip shown in
        the inspector) goes to the end of `section_id` (Place In), else of the selected
        section, or of the last section."""
        clip_ids = self.tray.selected_clip_ids()
        if not clip_ids and self.inspector.current_page() is self.inspector.clip_page:
            clip_ids = [self.inspector.clip_page.clip_id]
        sections = self.session.briefing.sections
        if not clip_ids:
            messages.show_error(self, "Nothing to place", "Select a clip in the clip list first.")
            return False
        if not sections:
            messages.show_error(self, "No section yet", "Add a section first (Ctrl+Shift+N).")
            return False
        section_id = section_id or self._selected_section_id() or sections[-1].id
        with self.session.macro(f"Place {len(clip_ids)} clips", len(clip_ids)):
            ok = all([self.run(commands.place_clip(self.session, c, section_id))
                      for c in clip_ids])
        self.outline.select_id(clip_ids[-1])
        return ok

    def move_selected(self, step: int) -> bool:
        """Move the outline's selected section or item one place up (-1) or down (+1); an
        item at the edge of its section moves into the neighbouring section."""
        kind, ident = self.outline.current_selection()
        briefing = self.session.briefing
        if kind is None or ident is None:
            return False
        if kind == "section":
            target = briefing.section_index(ident) + step
            if not 0 <= target < len(briefing.sections):
                return False
            ok = self.run(commands.move_section(self.session, ident, target))
        else:
            # No message at the outline's top or bottom: the key just does nothing there.
            ok = self.session.run(commands.step_item(self.session, ident, step))
        self.outline.select_id(ident)
        return ok

    def rename_section(self) -> None:
        index = self.outline.currentIndex()
        if index.isValid():
            self.outline.edit(index)

    def delete_selected(self) -> None:
        """Delete what is selected in the panel that has the focus (outline, clips, library);
        elsewhere Delete does nothing, so it never removes something the user is not
        looking at."""
        focus = QApplication.focusWidget()
        if focus is not None and (focus is self.tray.list or self.tray.isAncestorOf(focus)):
            clip_ids = self.tray.selected_clip_ids()
            self._delete_clips(clip_ids)
            return
        if focus is not None and self.library.isAncestorOf(focus):
            article_id = self.library.current_article_id()
            if article_id and confirm.allowed(self.document.asker, self.session.briefing,
                                              "article", article_id):
                self.run(commands.remove_article(self.session, article_id))
            return
        if focus is not self.outline:
            return
        kind, ident = self.outline.current_selection()
        if kind is None or ident is None:
            return
        if kind == "section":
            if confirm.allowed(self.document.asker, self.session.briefing, "section", ident):
                self.run(commands.remove_section(self.session, ident))
        else:
            self.run(commands.remove_item(self.session, ident))

    def _delete_clips(self, clip_ids: list[str]) -> None:
        with self.session.macro(f"Delete {len(clip_ids)} clips", len(clip_ids)):
            for clip_id in clip_ids:
                self.run(commands.remove_clip(self.session, clip_id))

    # ---- files ------------------------------------------------------------------------------
    def _add_articles(self, articles: list[Article]) -> None:
        if self.run(commands.add_articles(self.session, articles)):
            self.library.select_article(articles[0].id)
            noun = "article" if len(articles) == 1 else "articles"
            self.statusBar().showMessage(f"Imported {len(articles)} {noun}", 5000)

    # ---- closing ----------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.document.busy:  # reading or saving the file: close once that has ended
            self.document.when_idle(self.close)
            event.ignore()
            return
        if not self.document.maybe_save():
            event.ignore()
            return
        self.transfers.cancel()
        self.feeds_panel.stop()
        self.pages.stop()
        self.transfers.wait()
        self._settings.save_window(self)
        self.document.close()
        event.accept()

