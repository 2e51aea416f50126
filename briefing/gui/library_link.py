"""Joins the library to the main window: the Library pane, adding library articles to the
open briefing (through the window's undo-able add), filing imports, the folder import and
the Speaker completer. The window only creates this and hands over imported articles."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMenu, QToolButton

from briefing.core.library import LibraryArticle
from briefing.core.library.fingerprint import text_sha256
from briefing.core.library.transfer import (
    briefing_article,
    file_articles,
    remember_people,
    take_library_version,
)
from briefing.core.model import Article
from briefing.gui import messages
from briefing.gui.library_access import FolderImportJob, LibraryAccess, attach_people_completer
from briefing.gui.library_dialogs import LibraryAsker
from briefing.gui.views.shelf import LibraryDropTarget, LibraryPane, ShelfView


class LibraryLink(QObject):
    """`window` is the main window (not imported here: that would be an import cycle); what
    is used of it: session, document, library, reader, inspector, centre, job_status,
    statusBar() and _add_articles()."""

    def __init__(self, window: Any, access: LibraryAccess | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.access = access or LibraryAccess(parent=self)
        self.access.failed.connect(self._show_problem)
        self.shelf = ShelfView(self.access)
        self.pane = LibraryPane(window.library, self.shelf)
        self.shelf.addRequested.connect(self.add_to_briefing)
        self.shelf.openRequested.connect(self.open_in_reader)
        self.shelf.importFolderRequested.connect(self.import_folder)
        self.shelf.tagging.done.connect(lambda text: window.statusBar().showMessage(text, 8000))
        self.drop_target = LibraryDropTarget(window.reader.text.viewport(), self.add_to_briefing)
        self.completer = attach_people_completer(self.access, window.inspector)
        self.folder_job: FolderImportJob | None = None
        self.asker = LibraryAsker(window)
        self._add_settings_menu()
        self._add_tags_menu()
        window.session.replaced.connect(self.learn_people)

    # ---- the app's library settings --------------------------------------------------------
    def _add_settings_menu(self) -> None:
        button = QToolButton()
        button.setObjectName("shelfSettings")
        button.setText("Library ▾")
        button.setToolTip("Which library to use, and whether imports are filed in it")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        menu.addAction("Library Location…", self.ask_location)
        self.file_imports_action = QAction("File Imported Articles in the Library", menu)
        self.file_imports_action.setCheckable(True)
        self.file_imports_action.setChecked(self.access.files_imports())
        self.file_imports_action.toggled.connect(self.access.set_files_imports)
        menu.addAction(self.file_imports_action)
        button.setMenu(menu)
        self.shelf.buttons.addWidget(button)

    def _add_tags_menu(self) -> None:
        button = QToolButton()
        button.setObjectName("shelfTags")
        button.setText("Tags ▾")
        button.setToolTip("Rename or merge the library's tags")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        menu.addAction("Rename Tag…", self.rename_tag)
        menu.addAction("Merge Tags…", self.merge_tags)
        button.setMenu(menu)
        self.shelf.buttons.insertWidget(3, button)
        self.shelf.needs_library.append(button)

    def _ready(self) -> bool:
        """True if the library is open; else (it is opening now) the status bar says so."""
        if self.access.library() is not None:
            return True
        if self.access.opening():
            self.window.statusBar().showMessage(
                "The library is still opening: try again in a moment", 5000)
        return False

    def _tag_names(self) -> list[str]:
        tags = self.access.call(lambda lib: lib.tags(), default=[])
        return [t.name for t in tags]  # type: ignore[union-attr]

    def rename_tag(self) -> None:
        if not self._ready():
            return
        answer = self.asker.rename_tag(self._tag_names(), self.shelf.tag.currentData() or "")
        if answer is not None:
            old, new = answer
            self._after_tag_change(self.access.call(lambda lib: lib.rename_tag(old, new) or True),
                                   f'Tag "{old}" renamed to "{new.strip()}"', old, new)

    def merge_tags(self) -> None:
        if not self._ready():
            return
        answer = self.asker.merge_tags(self._tag_names(), self.shelf.tag.currentData() or "")
        if answer is not None:
            source, into = answer
            done = self.access.call(lambda lib: lib.merge_tags([source], into) or True)
            self._after_tag_change(done, f'Tag "{source}" merged into "{into.strip()}"',
                                   source, into)

    def _after_tag_change(self, done: object, text: str, old: str, new: str) -> None:
        if not done:
            return  # refused (a clash, a missing tag): the access has shown why
        shown = self.shelf.tag.currentData() or ""
        self.shelf.reload_tags()
        if shown.casefold() == old.casefold():  # keep showing the same articles
            found = self.shelf.tag.findData(" ".join(new.split()))
            self.shelf.tag.setCurrentIndex(max(0, found))
        self.shelf.refresh()
        self.window.statusBar().showMessage(text, 8000)

    def ask_location(self) -> None:
        text, ok = QInputDialog.getText(
            self.window, "Library Location",
            "A library file, or a team library's address (postgresql://user@host/database).\n"
            "Leave empty for the default file.",
            QLineEdit.EchoMode.Normal, self.access.setting())
        if ok:
            self.set_location(text)

    def set_location(self, location: str) -> None:
        self.access.set_setting(location)
        self.window.statusBar().showMessage(f"Library: {self.access.shown_location()}", 8000)
        if self.shelf._loaded:
            self.shelf.reopen()

    def _show_problem(self, message: str) -> None:
        messages.show_error(self.window, "Library", message)

    def _briefing_name(self) -> str:
        path = self.window.document.path
        return path.name if path else (self.window.session.briefing.meta.title or "untitled")

    def _copy_in_briefing(self, stored: LibraryArticle) -> Article | None:
        return next((a for a in self.window.session.briefing.articles
                     if a.library_id == str(stored.id) or text_sha256(a.text) == stored.sha256),
                    None)

    # ---- library → briefing --------------------------------------------------------------------
    def add_to_briefing(self, ids: list[int]) -> list[Article]:
        """Copy the library articles into the open briefing (one undo step); those it holds
        already are not copied again."""
        if not self._ready():
            return []
        stored = self.access.call(lambda lib: [lib.get(i) for i in ids], default=None)
        if not stored:
            return []
        fresh = [s for s in stored if self._copy_in_briefing(s) is None]  # type: ignore[union-attr]
        if not fresh:
            self.window.statusBar().showMessage("Already in this briefing", 5000)
            return []
        articles = [briefing_article(s) for s in fresh]
        self.window._add_articles(articles)
        if self.window.session.briefing.article(articles[0].id) is not None:
            name = self._briefing_name()
            self.access.call(lambda lib: lib.record_use([s.id for s in fresh], name))
        return articles

    def open_in_reader(self, ident: int) -> None:
        """Show a library article: its copy in the briefing if there is one, else a preview
        in the reader (to clip it, add it first)."""
        if not self._ready():
            return
        stored = self.access.call(lambda lib: lib.get(ident), default=None)
        if stored is None:
            return
        if stored.unread:  # type: ignore[attr-defined]
            self.shelf.mark([ident], unread=False)  # opened: no longer news
        copy = self._copy_in_briefing(stored)  # type: ignore[arg-type]
        if copy is not None:
            self.pane.show_scope(LibraryPane.THIS_BRIEFING)
            self.window.library.select_article(copy.id)
            return
        self.window.reader.set_article(briefing_article(stored), [])  # type: ignore[arg-type]
        self.window.centre.setCurrentWidget(self.window.reader)
        self.window.statusBar().showMessage(
            "Not in this briefing: add it (Enter) to take quotes from it", 8000)

    # ---- briefing → library --------------------------------------------------------------------
    def prepare(self) -> None:
        """Start opening the library (an import has started and will be filed in it), so it
        is open when the articles arrive and they get their library ids."""
        if self.access.files_imports():
            self.access.library()

    def file_imported(self, articles: list[Article]) -> None:
        """File articles imported into the briefing in the library (the setting, on by
        default); they get their library id. A library problem is reported, not fatal."""
        if not articles or not self.access.files_imports():
            return
        name = self._briefing_name()
        if self.access.library() is None and self.access.opening():
            # Still opening (imports start opening it, see `prepare`, but a paste is at once):
            # file copies once it is open (the briefing's articles are its own by then and
            # are not changed behind its back, so they get no library id this time).
            batch = [copy.copy(article) for article in articles]
            self.access.when_open(lambda lib: file_articles(lib, batch, briefing_name=name))
            return
        results = self.access.call(lambda lib: file_articles(lib, articles, briefing_name=name))
        if results:
            self._offer_existing(articles, results)  # type: ignore[arg-type]
        if self.shelf._loaded:
            self.shelf.reload_tags()
            self.shelf.refresh()

    def _offer_existing(self, articles: list[Article], results: list[Any]) -> None:
        """Say which imports the library already held and offer its articles instead (the
        imported ones are not in the briefing yet, so they can still change)."""
        pairs = [(a, r) for a, r in zip(articles, results, strict=True) if not r.added]
        if not pairs:
            return
        if self.asker.use_existing(pairs):
            for article, result in pairs:
                take_library_version(article, result.article)
            return
        for article, result in pairs:
            if result.duplicate_kind != "same text":
                article.library_id = ""  # a different text: it is not that library article

    def learn_people(self) -> None:
        """Take in the speakers of the briefing just opened, for the Speaker completer."""
        briefing = self.window.session.briefing
        if any(clip.speaker.strip() for clip in briefing.clips):
            self.access.when_open(lambda lib: remember_people(lib, briefing))

    def import_folder(self, folder: Path | None = None) -> FolderImportJob | None:
        if self.folder_job is not None:
            messages.show_error(self.window, "Import Folder", "A folder import is running.")
            return None
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self.window, "Import a Folder into the "
                                                      "Library")
            if not chosen:
                return None
            folder = Path(chosen)
        job = FolderImportJob(folder, self.access.location(), self)
        self.folder_job = job
        status = self.window.job_status
        status.cancelRequested.connect(job.cancel)
        job.progress.connect(lambda done, total: status.show_progress(
            f"Filing {done} of {total} in the library…", done / total if total else 0.0))
        job.finished.connect(self._folder_done)
        job.cancelled.connect(lambda: self._folder_done(-1, 0, []))
        status.show_progress(f"Reading {folder}…", 0.0)
        job.start()
        return job

    def _folder_done(self, added: int, duplicates: int, errors: list[str]) -> None:
        job, self.folder_job = self.folder_job, None
        if job is not None:
            self.window.job_status.cancelRequested.disconnect(job.cancel)
        self.window.job_status.hide()
        if added < 0:
            text = "Folder import cancelled: the articles filed so far stay in the library"
        else:
            text = f"Filed {added} article(s) in the library; {duplicates} already there"
        self.window.statusBar().showMessage(text, 8000)
        if errors:
            messages.show_error(self.window, f"Cannot import {len(errors)} file(s)",
                                "\n".join(errors[:20]))
        self.shelf.reload_tags()
        self.shelf.refresh()
