"""Articles in and the briefing out: pasting an article, importing article files, and
exporting to Word or PDF. Imports and exports run as background jobs (at most one of each at
a time) that show their progress, and a Cancel button, in the status bar's `JobStatus`.

The jobs themselves (threads, cancelling, the work) are in `workers`; this controller starts
them from the window's actions, asks for files when none are given, and reports the outcome:
new articles go out by signal, so adding them stays one undo step that the window runs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from briefing.core.errors import BriefingError
from briefing.core.model import Article
from briefing.gui import messages
from briefing.gui.commands import BriefingSession
from briefing.gui.settings import AppSettings
from briefing.gui.views.jobstatus import JobStatus

if TYPE_CHECKING:
    from briefing.gui.web import UrlJob
    from briefing.gui.workers import ExportJob, ImportJob

WAIT_ON_CLOSE_MS = 10_000


class TransferController(QObject):
    articlesRead = Signal(list)  # list[Article] pasted or imported, for the window to add
    readingStarted = Signal()  # an import or fetch began: articlesRead will follow, or not
    exportingChanged = Signal(bool)  # an export started (True) or ended (False)
    status = Signal(str, int)  # a passing report for the status bar: text, milliseconds

    def __init__(
        self,
        session: BriefingSession,
        job_status: JobStatus,
        settings: AppSettings,
        dialog_folder: Callable[[], str],
        parent: QWidget,
    ) -> None:
        """`dialog_folder` says where a file dialog starts when no import or export folder
        was used before; `parent` owns the dialogs and the jobs."""
        super().__init__(parent)
        self._session = session
        self._job_status = job_status
        self._settings = settings
        self._dialog_folder = dialog_folder
        self._parent = parent
        self.import_job: ImportJob | None = None
        self.export_job: ExportJob | None = None
        self.url_job: UrlJob | None = None
        job_status.cancelRequested.connect(self.cancel)

    @property
    def exporting(self) -> bool:
        return self.export_job is not None

    def cancel(self) -> None:
        for job in (self.export_job, self.import_job, self.url_job):
            if job is not None:
                job.cancel()

    def wait(self, timeout_ms: int = WAIT_ON_CLOSE_MS) -> None:
        """Block until running jobs have stopped (after `cancel`, before the window goes)."""
        for job in (self.export_job, self.import_job, self.url_job):
            if job is not None:
                job.wait(timeout_ms)

    # ---- articles in ------------------------------------------------------------------------
    def paste_article(self) -> None:
        """The clipboard's text (or the web page copied into it) as a new article."""
        from briefing.core.intake import article_from_paste

        mime = QGuiApplication.clipboard().mimeData()
        html = mime.html() if mime is not None and mime.hasHtml() else ""
        text = mime.text() if mime is not None and mime.hasText() else ""
        from briefing.gui.web import is_web_url

        if not html.strip() and is_web_url(text):
            self.add_from_url(text.strip())  # a copied link: the article it points to
            return
        if not html.strip() and not text.strip():
            messages.show_error(
                self._parent, "Nothing to paste",
                "The clipboard holds no text. Copy an article's text or web page first.",
            )
            return
        try:
            article = article_from_paste(html, text)
        except BriefingError as exc:
            messages.show_error(self._parent, "Cannot paste the article", str(exc))
            return
        self.articlesRead.emit([article])

    def import_files(self, paths: list[Path] | None = None) -> ImportJob | None:
        """Start importing article files (asking which when `paths` is None); returns the job
        (tests wait on it) or None when nothing started."""
        if paths is None:
            folder = self._settings.last_import_dir or self._dialog_folder()
            paths = messages.choose_import_files(self._parent, folder)
            if not paths:
                return None
            self._settings.last_import_dir = str(paths[0].parent)
        if not paths:
            return None
        if self.import_job is not None:
            messages.show_error(self._parent, "Import", "An import is already running.")
            return None
        from briefing.gui.workers import ImportJob

        job = ImportJob(list(paths), self._parent)
        self.import_job = job
        job.progress.connect(lambda done, total: self._job_status.show_progress(
            f"Importing {done} of {total}…", done / total if total else 0.0))
        job.finished.connect(self._on_import_finished)
        job.cancelled.connect(self._on_import_cancelled)
        self._job_status.show_progress(f"Importing {len(paths)} file(s)…", 0.0)
        job.start()
        self.readingStarted.emit()
        return job

    def _on_import_finished(self, articles: list[Article], errors: list[str]) -> None:
        self.import_job = None
        self._job_status.hide()
        if articles:
            self.articlesRead.emit(articles)
        if errors:
            count = len(errors)
            title = "Cannot import a file" if count == 1 else f"Cannot import {count} files"
            messages.show_error(self._parent, title, "\n".join(errors))

    def _on_import_cancelled(self) -> None:
        self.import_job = None
        self._job_status.hide()
        self.status.emit("Import cancelled: nothing was added", 5000)

    def add_from_url(self, url: str | None = None) -> UrlJob | None:
        """Fetch the article at `url` (asking for it when None) in a worker; returns the job
        (tests wait on it) or None when nothing started."""
        from briefing.gui.web import UrlJob, ask_for_url, fetch_policy

        if url is None:
            url = ask_for_url(self._parent)
        if not url:
            return None
        if self.url_job is not None:
            messages.show_error(self._parent, "Add from URL", "A page is already being fetched.")
            return None
        job = UrlJob(url, self._parent, policy=fetch_policy(self._settings))
        self.url_job = job
        label = f"Fetching {url[:60]}…"
        job.progress.connect(lambda done, total: self._job_status.show_progress(
            label, min(done / total, 1.0) if total else 0.0))
        job.finished.connect(self._on_url_finished)
        job.failed.connect(self._on_url_failed)
        job.cancelled.connect(self._on_url_cancelled)
        self._job_status.show_progress(label, 0.0)
        job.start()
        self.readingStarted.emit()
        return job

    def _on_url_finished(self, article: Article) -> None:
        self.url_job = None
        self._job_status.hide()
        self.articlesRead.emit([article])
        if article.partial:
            self.status.emit(f"Added as partial text: {article.partial_reason}", 8000)

    def _on_url_failed(self, message: str) -> None:
        self.url_job = None
        self._job_status.hide()
        messages.show_error(self._parent, "Cannot add the article", message)

    def _on_url_cancelled(self) -> None:
        self.url_job = None
        self._job_status.hide()
        self.status.emit("Fetching cancelled: nothing was added", 5000)

    # ---- export -----------------------------------------------------------------------------
    def export(self, fmt: str, target: Path | str | None = None) -> ExportJob | None:
        """Start exporting the briefing as `fmt` ("docx", "pdf" or "html"), asking where when
        `target` is None; returns the job (tests wait on its signals) or None."""
        if self.export_job is not None:
            return None
        if target is None:
            target = messages.choose_export_target(self._parent, self._export_suggestion(fmt),
                                                   fmt)
            if target is None:
                return None
        target = Path(target)
        suffix = target.suffix.lower()
        if suffix != f".{fmt}" and not (fmt == "html" and suffix == ".htm"):
            target = target.with_name(target.name + f".{fmt}")
        from briefing.gui.workers import ExportJob

        briefing = self._session.briefing
        meta = briefing.meta
        job = ExportJob(briefing, target, fmt, meta.theme, meta.page_size, self._parent)
        self.export_job = job
        label = f"Exporting {target.name}…"
        job.progress.connect(lambda f: self._job_status.show_progress(label, f))
        job.finished.connect(self._on_export_finished)
        job.failed.connect(self._on_export_failed)
        job.cancelled.connect(self._on_export_cancelled)
        self._job_status.show_progress(label, 0.0)
        self.exportingChanged.emit(True)
        job.start()
        return job

    def _export_suggestion(self, fmt: str) -> Path:
        path = self._session.path
        stem = path.stem if path else (self._session.briefing.meta.title.strip() or "Briefing")
        folder = self._settings.last_export_dir or self._dialog_folder()
        return Path(folder) / f"{_safe_name(stem)}.{fmt}"

    def _on_export_finished(self, path: str) -> None:
        self.export_job = None
        self._job_status.show_exported(Path(path))
        self._settings.last_export_dir = str(Path(path).parent)
        self.exportingChanged.emit(False)

    def _on_export_failed(self, message: str) -> None:
        self.export_job = None
        self._job_status.hide()
        self.exportingChanged.emit(False)
        messages.show_error(self._parent, "Export failed", message)

    def _on_export_cancelled(self) -> None:
        self.export_job = None
        self._job_status.hide()
        self.exportingChanged.emit(False)
        self.status.emit("Export cancelled: no file was written", 5000)


def _safe_name(text: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in " -_." else "_" for ch in text).strip()
    return keep[:80] or "Briefing"
