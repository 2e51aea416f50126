"""Long work off the GUI thread: exporting a briefing and importing many article files.

Each job is a QObject that lives on the GUI thread. `start()` runs the work in a QThread of its
own; the thread reports back through signals that Qt queues to the job, which re-emits its
public signals, so every slot connected to a job runs on the GUI thread.

Every job ends with exactly one of `finished`, `failed` or `cancelled`. A failure never
escapes the worker: user-caused errors (`BriefingError`) become their one-line message, and
anything else becomes "Unexpected error: …" with the traceback logged.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from briefing.core import ops
from briefing.core.errors import BriefingError, ExportCancelled
from briefing.core.model import Article, Briefing

log = logging.getLogger(__name__)

# Progress reaches the GUI at most this often: a writer may report thousands of steps, and each
# queued signal costs the event loop a little.
PROGRESS_INTERVAL_S = 0.05

# Threads still running, so that Python never collects a QThread whose job was deleted (Qt
# aborts the process when a running QThread is destroyed).
_running: set[_WorkerThread] = set()
_quit_hook_installed = False


class _WorkerThread(QThread):
    """Runs one function; its signals are emitted from the worker thread."""

    progressed = Signal(object)
    succeeded = Signal(object)
    errored = Signal(str)
    stopped = Signal()

    def __init__(self, work: Callable[[_WorkerThread], object]) -> None:
        super().__init__()
        self._work = work
        self.cancel_requested = threading.Event()

    def run(self) -> None:
        try:
            result = self._work(self)
        except ExportCancelled:
            self.stopped.emit()
        except BriefingError as exc:
            self.errored.emit(str(exc))
        except Exception as exc:
            log.exception("Background job failed")
            self.errored.emit(unexpected_error_message(exc))
        else:
            if result is _CANCELLED:
                self.stopped.emit()
            else:
                self.succeeded.emit(result)


_CANCELLED = object()


def unexpected_error_message(exc: BaseException) -> str:
    """The message shown for a bug: it names the exception; the traceback goes to the log."""
    name = type(exc).__name__
    return f"Unexpected error: {name}: {exc}" if str(exc) else f"Unexpected error: {name}"


def _launch(thread: _WorkerThread) -> None:
    global _quit_hook_installed
    for old in [t for t in _running if t.isFinished()]:
        _running.discard(old)
    _running.add(thread)
    app = QCoreApplication.instance()
    if app is not None and not _quit_hook_installed:
        app.aboutToQuit.connect(stop_all_jobs)
        _quit_hook_installed = True
    thread.start()


def stop_all_jobs(timeout_ms: int = 10_000) -> bool:
    """Ask every running job to stop and wait for their threads; True if all have ended.

    Connected to QCoreApplication.aboutToQuit on the first start, so quitting mid-export
    neither crashes nor leaves a half-written file (writers write atomically)."""
    deadline = time.monotonic() + timeout_ms / 1000
    for thread in list(_running):
        thread.cancel_requested.set()
    all_done = True
    for thread in list(_running):
        remaining = max(0, int((deadline - time.monotonic()) * 1000))
        if thread.wait(remaining):
            _running.discard(thread)
        else:
            all_done = False
    return all_done


class _Job(QObject):
    """What export and import jobs share: one thread, cancel, one terminal signal."""

    cancelled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: _WorkerThread | None = None
        self._cancel_before_start = False
        self._ended = False

    def _start_thread(self, work: Callable[[_WorkerThread], object]) -> None:
        if self._thread is not None:
            raise RuntimeError("a job can be started only once")
        thread = _WorkerThread(work)
        self._thread = thread
        queued = Qt.ConnectionType.QueuedConnection
        thread.progressed.connect(self._on_progress, queued)
        thread.succeeded.connect(self._on_success, queued)
        thread.errored.connect(self._on_error, queued)
        thread.stopped.connect(self._on_stopped, queued)
        if self._cancel_before_start:
            thread.cancel_requested.set()
        _launch(thread)

    def cancel(self) -> None:
        """Ask the work to stop at its next progress step; `cancelled` follows (unless the work
        had already completed, in which case its result is reported as usual)."""
        if self._thread is None:
            self._cancel_before_start = True
        else:
            self._thread.cancel_requested.set()

    def is_running(self) -> bool:
        return self._thread is not None and not self._ended

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until the worker thread has ended (for shutdown and tests)."""
        return self._thread is None or self._thread.wait(timeout_ms)

    # Slots run on the GUI thread.
    @Slot(object)
    def _on_progress(self, value: object) -> None:
        if not self._ended:
            self._emit_progress(value)

    @Slot(object)
    def _on_success(self, result: object) -> None:
        if self._end():
            self._emit_success(result)

    @Slot(str)
    def _on_error(self, message: str) -> None:
        if self._end():
            self._emit_failure(message)

    @Slot()
    def _on_stopped(self) -> None:
        if self._end():
            self.cancelled.emit()

    def _end(self) -> bool:
        if self._ended:
            return False
        self._ended = True
        return True

    def _emit_progress(self, value: object) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _emit_success(self, result: object) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _emit_failure(self, message: str) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class ExportJob(_Job):
    """Export a snapshot of a briefing to DOCX, PDF or HTML in a worker thread.

    The briefing is deep-copied when the job is created, so the user can keep editing while
    the export runs and the file shows the briefing as it was when they chose Export.
    """

    progress = Signal(float)  # 0.0 … 1.0
    finished = Signal(str)  # the path written
    failed = Signal(str)  # one clear message for a dialog

    def __init__(
        self,
        briefing: Briefing,
        target: Path,
        fmt: str,
        theme_name: str,
        page_size: str,
        parent: QObject | None = None,
        now: datetime | None = None,
    ) -> None:
        super().__init__(parent)
        self.briefing = ops.clone_briefing(briefing)
        self.target = Path(target)
        self.fmt = fmt
        self.theme_name = theme_name
        self.page_size = page_size
        # The file's creation time: when the user chose Export, as the snapshot above.
        self.now = now if now is not None else datetime.now(UTC).replace(microsecond=0)

    def start(self) -> None:
        self._start_thread(self._work)

    def _work(self, thread: _WorkerThread) -> object:
        # Imported here so that opening the app does not pay for loading the writers.
        from briefing.core.theme import load_briefing_theme
        from briefing.render.export import export_briefing

        if thread.cancel_requested.is_set():
            return _CANCELLED
        report = _ThrottledProgress(thread)
        theme = load_briefing_theme(self.theme_name or self.briefing.meta.theme or "default")
        written = export_briefing(
            self.briefing,
            self.target,
            fmt=self.fmt,
            theme=theme,
            page_size=self.page_size,
            progress=report,
            now=self.now,
        )
        report.done()
        return str(written if written is not None else self.target)

    def _emit_progress(self, value: object) -> None:
        self.progress.emit(float(value))  # type: ignore[arg-type]

    def _emit_success(self, result: object) -> None:
        self.finished.emit(str(result))

    def _emit_failure(self, message: str) -> None:
        self.failed.emit(message)


class _ThrottledProgress:
    """The progress callback handed to a writer: checks for cancel on every call, reports to the
    GUI at most every PROGRESS_INTERVAL_S and never backwards."""

    clock = staticmethod(time.monotonic)  # a class attribute, so tests can run it on theirs

    def __init__(self, thread: _WorkerThread) -> None:
        self._thread = thread
        self._last_sent = -1.0
        self._last_time = 0.0

    def __call__(self, fraction: float) -> None:
        if self._thread.cancel_requested.is_set():
            raise ExportCancelled()
        fraction = min(1.0, max(0.0, float(fraction)))
        now = self.clock()
        if fraction > self._last_sent and (
            now - self._last_time >= PROGRESS_INTERVAL_S or self._last_sent < 0
        ):
            self._send(fraction, now)

    def done(self) -> None:
        if self._last_sent < 1.0:
            self._send(1.0, self.clock())

    def _send(self, fraction: float, now: float) -> None:
        self._last_sent = fraction
        self._last_time = now
        self._thread.progressed.emit(fraction)


class ImportJob(_Job):
    """Import article files in a worker thread.

    A file that cannot be imported does not stop the others: its message goes into the
    `errors` list of `finished`. Cancel stops inside the file being read, at the reader's next
    budget check (see intake.budget), and only `cancelled` is reported.
    """

    progress = Signal(int, int)  # files done, files in total
    finished = Signal(list, list)  # list[Article], list[str] error messages

    def __init__(self, paths: list[Path], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths = [Path(p) for p in paths]

    def start(self) -> None:
        self._start_thread(self._work)

    def _work(self, thread: _WorkerThread) -> object:
        from briefing.core.intake import IntakeCancelled, import_file

        articles: list[Article] = []
        errors: list[str] = []
        total = len(self.paths)
        thread.progressed.emit((0, total))
        for done, path in enumerate(self.paths, start=1):
            if thread.cancel_requested.is_set():
                return _CANCELLED
            try:
                articles.append(import_file(path, cancelled=thread.cancel_requested.is_set))
            except IntakeCancelled:
                return _CANCELLED
            except BriefingError as exc:
                errors.append(str(exc))
            except Exception as exc:
                log.exception("Importing %s failed", path)
                errors.append(f"{path}: {unexpected_error_message(exc)}")
            thread.progressed.emit((done, total))
        if thread.cancel_requested.is_set():
            return _CANCELLED
        return articles, errors

    def _emit_progress(self, value: object) -> None:
        done, total = value  # type: ignore[misc]
        self.progress.emit(done, total)

    def _emit_success(self, result: object) -> None:
        articles, errors = result  # type: ignore[misc]
        self.finished.emit(articles, errors)

    def _emit_failure(self, message: str) -> None:
        # Per-file problems are collected above; this is only reached by a bug in the loop
        # itself, and is still reported as the finished import's one error.
        self.finished.emit([], [message])


class SuggestJob(_Job):
    """Find an article's quote suggestions in a worker thread. The first job loads the language
    model (seconds); later ones take a fraction of a second. Only one should run at a time:
    the suggestions view queues the next article until this one ends."""

    finished = Signal(str, str, list)  # article id, the text it ran on, list[Suggestion]
    failed = Signal(str, str)  # article id, message

    def __init__(self, article: Article, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.article_id = article.id
        self.text = article.text
        self.language = article.language

    def start(self) -> None:
        self._start_thread(self._work)

    def _work(self, thread: _WorkerThread) -> object:
        from briefing.core.suggest import suggest_quotes

        return suggest_quotes(self.text, self.language)

    def _emit_progress(self, value: object) -> None:
        pass

    def _emit_success(self, result: object) -> None:
        self.finished.emit(self.article_id, self.text, list(result))  # type: ignore[call-overload]

    def _emit_failure(self, message: str) -> None:
        self.failed.emit(self.article_id, message)
