"""GUI timings, offscreen, each in its own process (started by `benchmarks.run`).

    python -m benchmarks.gui_bench launch FILE     start → window showing the briefing
    python -m benchmarks.gui_bench search FILE     library search, per keystroke
    python -m benchmarks.gui_bench add-quote FILE  add a quote, place it, outline and preview
    python -m benchmarks.gui_bench open-save FILE  File ▸ Open and Save: total, file work off
                                                   the GUI thread, longest GUI stall meanwhile

Each prints one line "BENCH-RESULT {json}". Times are seconds. `launch` reports
`time.monotonic()` marks; the parent takes its own reading of the same system-wide clock just
before starting the process, so the difference includes interpreter start-up and imports.
The caller isolates HOME and the XDG folders so no saved settings or recovery prompt interfere.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import sys
import time
from pathlib import Path

RESULT_PREFIX = "BENCH-RESULT "
SEARCH_QUERIES = ("grain corridor", "kowalczyk", "звʼязок", "xq")


def _emit(result: dict[str, object]) -> None:
    sys.stdout.write(RESULT_PREFIX + json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _settle(app) -> None:
    """Run everything already queued: model signals, layout, repaints."""
    app.sendPostedEvents()
    app.processEvents()
    app.sendPostedEvents()
    app.processEvents()


def launch(path: Path) -> dict[str, object]:
    """Start the app as `python -m briefing FILE` does and stop once the library is painted."""
    marks: dict[str, float] = {"script_start": time.monotonic()}
    from PySide6.QtCore import QEvent, QObject, QTimer

    from briefing.gui import app as gui_app
    from briefing.gui import document, mainwindow  # noqa: F401 (the window's import cost)

    marks["imported"] = time.monotonic()
    qapp = gui_app.create_application()
    marks["app_created"] = time.monotonic()
    state: dict[str, object] = {}
    original_open = document.DocumentController.open

    def finish() -> None:
        marks["idle_after_paint"] = time.monotonic()
        window = state["window"]
        state["rows"] = window.library_model.rowCount()  # type: ignore[attr-defined]
        state["outline_sections"] = window.outline_model.rowCount()  # type: ignore[attr-defined]
        window.close()  # type: ignore[attr-defined]
        qapp.quit()

    class PaintWatcher(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint and "library_painted" not in marks:
                marks["library_painted"] = time.monotonic()
                QTimer.singleShot(0, finish)
            return False

    watcher = PaintWatcher()

    def open_file(self, file=None) -> bool:  # wraps DocumentController.open to mark its time
        marks["window_created"] = time.monotonic()
        ok = original_open(self, file)
        marks["file_opened"] = time.monotonic()
        window = self.parent()  # the main window owns its document controller
        state["window"] = window
        window.library.table.viewport().installEventFilter(watcher)
        return ok

    document.DocumentController.open = open_file  # type: ignore[method-assign]
    QTimer.singleShot(60_000, qapp.quit)  # never hang the bench
    gui_app.run([str(path)])
    return {"marks": marks, "rows": state.get("rows"), "sections": state.get("outline_sections")}


def _open_window(path: Path):
    from briefing.gui.app import create_application
    from briefing.gui.mainwindow import MainWindow

    app = create_application()
    window = MainWindow(restore_settings=False)
    window.show()
    if not window.document.open(path):
        raise SystemExit(f"cannot open {path}")
    _settle(app)
    return app, window


def search(path: Path) -> dict[str, object]:
    """Type queries into the library's search field one character at a time."""
    app, window = _open_window(path)
    field = window.library.search
    per_key: list[float] = []
    visible_rows: dict[str, int] = {}
    for query in SEARCH_QUERIES:
        field.clear()
        _settle(app)
        for char in query:
            start = time.perf_counter()
            field.insert(char)  # as a key press does: textChanged → filter → repaint
            _settle(app)
            per_key.append(time.perf_counter() - start)
        visible_rows[query] = window.library.proxy.rowCount()
    window.close()
    return {
        "articles": window.library_model.rowCount(),
        "keystrokes": len(per_key),
        "median": statistics.median(per_key),
        "max": max(per_key),
        "first": per_key[0],
        "runs": per_key,
        "rows_after_query": visible_rows,
    }


def _free_sentence(briefing) -> tuple[str, int, int]:
    """An article and a sentence span in it that no clip covers yet."""
    for article in briefing.articles:
        taken = [(c.start, c.end) for c in briefing.clips_of(article.id)]
        start = 0
        text = article.text
        while start < len(text):
            end = text.find(". ", start)
            end = len(text) if end < 0 else end + 1
            if end - start > 40 and all(e <= start or s >= end for s, e in taken):
                return article.id, start, end
            start = end + 1
    raise SystemExit("no free sentence to clip")


def _wait_for_render(
    preview, before: int, limit: float = 20.0
) -> tuple[float, float, bool]:
    """Run the event loop until the preview has rendered again.

    Returns the seconds waited, the longest gap between two ticks of a 1 ms timer (the
    longest time the GUI thread could not react to a key press) and whether it rendered.
    The wait runs a real event loop, as the app does, with a 1 ms timer whose late ticks
    show the stalls.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    start = time.perf_counter()
    state = {"last": start, "longest": 0.0}

    def tick() -> None:
        now = time.perf_counter()
        state["longest"] = max(state["longest"], now - state["last"])
        state["last"] = now
        if preview.render_count != before or now - start > limit:
            loop.quit()

    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(tick)
    timer.start()
    loop.exec()
    timer.stop()
    return time.perf_counter() - start, state["longest"], preview.render_count != before


def add_quote(path: Path, repeat: int = 3) -> dict[str, object]:
    """Select a sentence in the reader, add it as a quote, place it in a section.

    add_clip: the Add Quote action itself; every panel (library, tray, outline, inspector)
    is updated when it returns, as model signals are synchronous. add_preview: from the
    action until the preview has refreshed (an unplaced clip is not in the document, so the
    refresh finds nothing to change); when the action left the preview hidden, the analyst
    switches back to its tab, and that is included. place_outline: placing the quote
    in a section (what a drop on the outline does) until the outline model holds it.
    preview_latency: from that placement until the preview has re-rendered (debounce
    included). longest_stall: the longest the GUI thread could not react to input from the
    placement until the preview had rendered. render: one preview render on its own.
    """
    from briefing.core.model import ClipKind
    from briefing.gui import commands

    app, window = _open_window(path)
    preview = window.preview
    window.centre.setCurrentWidget(preview)
    first_render, _, _ = _wait_for_render(preview, 0)
    runs: dict[str, list[float]] = {
        "add_clip": [],
        "add_preview": [],
        "place_outline": [],
        "preview_latency": [],
        "longest_stall": [],
    }
    refreshes: list[str] = []  # how the preview followed each placement, and what it parsed
    for attempt in range(repeat):
        briefing = window.session.briefing
        article_id, start, end = _free_sentence(briefing)
        window.library.select_article(article_id)
        _settle(app)
        window.reader.select_span(start, end)
        _settle(app)

        renders_before = preview.render_count
        began = time.perf_counter()
        clip_id = window.add_clip(ClipKind.QUOTE)
        runs["add_clip"].append(time.perf_counter() - began)
        if clip_id is None:
            raise SystemExit("the quote was not added")
        if preview.isVisible():
            _wait_for_render(preview, renders_before, limit=5.0)
        if preview.render_count == renders_before:  # hidden: the analyst looks at it again
            window.centre.setCurrentWidget(preview)
            _wait_for_render(preview, renders_before, limit=5.0)
        runs["add_preview"].append(time.perf_counter() - began)
        refreshes.append(f"add: {preview.last_refresh} {preview.last_parsed_chars} chars")

        section_row = (attempt * 7) % len(briefing.sections)
        section = briefing.sections[section_row]
        outline = window.outline_model
        items_before = outline.rowCount(outline.index(section_row, 0))
        window.centre.setCurrentWidget(preview)
        _settle(app)
        renders_before = preview.render_count
        began = time.perf_counter()
        window.run(commands.place_clip(window.session, clip_id, section.id))
        runs["place_outline"].append(time.perf_counter() - began)
        items_after = outline.rowCount(outline.index(section_row, 0))
        if items_after != items_before + 1:
            raise SystemExit(f"outline not updated: {items_before} → {items_after} items")
        _, stall, rendered = _wait_for_render(preview, renders_before, limit=5.0)
        if not rendered:
            raise SystemExit("the visible preview did not re-render within 5 s")
        runs["preview_latency"].append(time.perf_counter() - began)
        runs["longest_stall"].append(stall)
        refreshes.append(f"place: {preview.last_refresh} {preview.last_parsed_chars} chars")

    render_runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        preview.render_now()
        render_runs.append(time.perf_counter() - began)
    window.session.undo_stack.setClean()  # close without the "save changes?" question
    window.close()
    out: dict[str, object] = {key: statistics.median(values) for key, values in runs.items()}
    out["render"] = statistics.median(render_runs)
    out["first_render_wait"] = first_render
    out["debounce_ms"] = preview.timer.interval()  # the interval in force after the edits
    out["runs"] = {**runs, "render": render_runs}
    out["preview_refreshes"] = refreshes
    return out


def open_save(path: Path) -> dict[str, object]:
    """Open `path` and save it, with a 10 ms timer on the GUI thread: the longest gap between
    its ticks while the file is read or written is how long the window froze (the GIL and
    the GUI's own work included). The views' refresh after opening stays on the GUI thread
    and is in `open` but not in `open_read`."""
    from PySide6.QtCore import QTimer

    from briefing.gui.app import create_application
    from briefing.gui.mainwindow import MainWindow

    app = create_application()
    window = MainWindow(restore_settings=False)
    window.show()
    _settle(app)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    runner = window.document.file_work
    spans: dict[str, tuple[float, float]] = {}

    class Timed:
        busy = property(lambda self: runner.busy)

        def __call__(self, label, work):
            start = time.monotonic()
            try:
                return runner(label, work)
            finally:
                spans[label.split()[0]] = (start, time.monotonic())

        def when_idle(self, callback) -> None:
            runner.when_idle(callback)

    def stall(start: float, end: float) -> float:
        points = [start, *(t for t in ticks if start <= t <= end), end]
        return max(b - a for a, b in itertools.pairwise(points))

    window.document.file_work = Timed()
    start = time.monotonic()
    window.document.open(path)
    opened = time.monotonic() - start
    _settle(app)
    settle_until = time.monotonic() + 3  # let the preview's debounced render pass
    while time.monotonic() < settle_until:
        app.processEvents()
    window.document.session.undo_stack.resetClean()
    start = time.monotonic()
    window.document.save()
    saved = time.monotonic() - start
    read, write = spans["Opening"], spans["Saving"]
    return {
        "open": opened, "open_read": read[1] - read[0], "open_stall": stall(*read),
        "save": saved, "save_write": write[1] - write[0], "save_stall": stall(*write),
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] not in ("launch", "search", "add-quote", "open-save"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, path = args[0], Path(args[1])
    if mode == "launch":
        result = launch(path)
    elif mode == "search":
        result = search(path)
    elif mode == "open-save":
        result = open_save(path)
    else:
        result = add_quote(path)
    _emit(result)
    # The result is written; tearing down the window and the interpreter would only add time.
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
