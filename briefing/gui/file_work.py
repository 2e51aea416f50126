"""Reading and writing the briefing file off the GUI thread, with a progress dialog.

A 5,000-article briefing takes seconds to read (JSON, validation, the model) and to write
(serialising, validation, the atomic write): on the GUI thread the window froze for that long.
The document controller hands that work to a `FileWorkRunner`, which runs it in a worker
thread (the jobs of `workers`, so quitting waits for it instead of destroying a running
QThread) and spins the event loop until it ends: the window repaints, timers run, and a
progress dialog shows after a moment. The dialog is window-modal, so the user cannot start
another open or save meanwhile; what else may change the briefing (a timer) does not reach
the save, which writes a snapshot taken on the GUI thread before it starts.

The controller keeps its synchronous API (`open()` returns once the file is open), so every
flow reads the same as before and tests without a window run the work in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from briefing.gui.workers import _Job, _WorkerThread

T = TypeVar("T")

# A dialog for work that ends sooner than this would only flicker.
PROGRESS_DELAY_MS = 400


def run_here(label: str, work: Callable[[], T]) -> T:
    """The runner without a window: the work, in place."""
    return work()


class _FileJob(_Job):
    """One call in a worker thread; its outcome (a value or the exception it raised, so the
    caller can tell FileChangedError from other errors) comes back on the GUI thread."""

    ended = Signal(object)  # ("value", result) or ("error", exception)

    def __init__(self, work: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work

    def start(self) -> None:
        self._start_thread(self._run)

    def _run(self, thread: _WorkerThread) -> object:
        try:
            return ("value", self._work())
        except Exception as exc:  # handed to the GUI thread, raised there
            return ("error", exc)

    def _emit_progress(self, value: object) -> None:
        pass

    def _emit_success(self, result: object) -> None:
        self.ended.emit(result)

    def _emit_failure(self, message: str) -> None:  # _run catches everything
        self.ended.emit(("error", RuntimeError(message)))


class FileWorkRunner:
    """Runs file work for the document controller in a worker thread while the window stays
    live (see the module's text). `busy` is True while it runs."""

    def __init__(self, window: QWidget) -> None:
        self._window = window
        self.busy = False
        self._when_idle: list[Callable[[], None]] = []

    def __call__(self, label: str, work: Callable[[], T]) -> T:
        if self.busy:  # only the controller calls, and it refuses a second flow first
            raise RuntimeError("file work is already running")
        self.busy = True
        outcome: list[tuple[str, object]] = []
        loop = QEventLoop()
        job = _FileJob(work, self._window)

        def ended(result: object) -> None:
            outcome.append(result)  # type: ignore[arg-type]
            loop.quit()

        job.ended.connect(ended)
        dialog = self._progress_dialog(label)
        try:
            job.start()
            if not outcome:
                loop.exec()
        finally:
            dialog.reset()  # stops the delayed show of a short job
            dialog.hide()
            dialog.deleteLater()
            job.wait()
            job.deleteLater()
            self.busy = False
        self._run_when_idle()
        kind, value = outcome[0]
        if kind == "error":
            raise value  # type: ignore[misc]
        return value  # type: ignore[return-value]

    def when_idle(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the running work has ended (at once when none runs)."""
        if self.busy:
            if callback not in self._when_idle:  # closing twice while saving: close once
                self._when_idle.append(callback)
        else:
            callback()

    def _run_when_idle(self) -> None:
        waiting, self._when_idle = self._when_idle, []
        for callback in waiting:
            callback()

    def _progress_dialog(self, label: str) -> QProgressDialog:
        dialog = QProgressDialog(label, "", 0, 0, self._window)  # 0..0: a busy indicator
        dialog.setCancelButton(None)  # type: ignore[arg-type]
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setWindowTitle(label)
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.setAutoClose(False)
        dialog.setValue(0)  # starts the delay: it shows only if the work takes longer
        return dialog


__all__ = ["PROGRESS_DELAY_MS", "FileWorkRunner", "run_here"]
