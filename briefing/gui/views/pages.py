"""The Pages view: the briefing as the PDF export draws it, page by page (QtPdf).

The live Preview is the HTML writer's flowing text; this view is the real page: the PDF
writer's output for the current briefing, written in a worker thread a moment after the last
edit (debounced) and only while the view is shown. While a render runs, further edits just
mark it stale; one more render follows when it ends. A new render replaces the shown pages
without moving the reader: the scroll position (page and place on it) and the zoom stay.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefing.core import ops
from briefing.core.model import Briefing
from briefing.gui.workers import _CANCELLED, _Job, _WorkerThread

log = logging.getLogger(__name__)

# The PDF takes far longer to lay out than the HTML preview, so the pages wait for a pause in
# the editing rather than following every key press.
DEBOUNCE_MS = 800
ZOOM_STEPS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
FIT_WIDTH, FIT_PAGE = "Fit Width", "Fit Page"


class PagesJob(_Job):
    """Write a snapshot of the briefing as a PDF to `target` in a worker thread."""

    finished = Signal(str)  # the PDF written
    failed = Signal(str)

    def __init__(self, briefing: Briefing, target: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.briefing = ops.clone_briefing(briefing)  # the user keeps editing meanwhile
        self.target = target
        self.items: list[tuple[int, float, str]] = []

    def start(self) -> None:
        self._start_thread(self._work)

    def _work(self, thread: _WorkerThread) -> object:
        from briefing.core.compile import compile_briefing
        from briefing.core.theme import load_briefing_theme
        from briefing.render.pdf import write_pdf

        if thread.cancel_requested.is_set():
            return _CANCELLED
        theme = load_briefing_theme(self.briefing.meta.theme or "default")
        targets: dict[str, str] = {}
        places: dict[str, tuple[int, float]] = {}
        document = compile_briefing(self.briefing, theme, anchor_targets=targets)
        write_pdf(document, theme, self.target, anchor_places=places)
        # what stands where: (page index, height from the foot in points, model id)
        self.items = sorted(
            ((page - 1, y, targets[anchor]) for anchor, (page, y) in places.items()
             if anchor in targets),
            key=lambda place: (place[0], -place[1]),
        )
        return str(self.target)

    def _emit_progress(self, value: object) -> None:
        pass

    def _emit_success(self, result: object) -> None:
        self.finished.emit(str(result))

    def _emit_failure(self, message: str) -> None:
        self.failed.emit(message)


class PagesView(QWidget):
    """`briefing_source()` returns the briefing to show (read when a render starts)."""

    rendered = Signal(int)  # the page count of the PDF just shown
    itemClicked = Signal(str)  # the id of the section, clip, figure or article clicked on

    def __init__(self, briefing_source: Callable[[], Briefing],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pages")
        self._source = briefing_source
        self._stale = True
        self._job: PagesJob | None = None
        self._folder = tempfile.TemporaryDirectory(prefix="briefing-pages-")
        self._serial = 0
        self._shown_file: Path | None = None
        self.items: list[tuple[int, float, str]] = []  # (page, height, id) of what is shown
        self.render_count = 0
        self.last_error = ""

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pagesView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.navigator = self.view.pageNavigator()
        self.view.viewport().installEventFilter(self)

        self.previous_button = self._button("‹", "Previous page (Ctrl+Page Up)",
                                            lambda: self.step(-1))
        self.next_button = self._button("›", "Next page (Ctrl+Page Down)", lambda: self.step(+1))
        self.page_box = QSpinBox()
        self.page_box.setObjectName("pageNumber")
        self.page_box.setMinimum(1)
        self.page_box.setAccessibleName("Page number")
        self.page_box.setKeyboardTracking(False)
        self.page_box.valueChanged.connect(lambda number: self.go_to_page(number - 1))
        self.page_count_label = QLabel("of 0")
        self.zoom_out_button = self._button("−", "Zoom out (Ctrl+-)", lambda: self.zoom_step(-1))
        self.zoom_in_button = self._button("+", "Zoom in (Ctrl++)", lambda: self.zoom_step(+1))
        self.zoom_box = QComboBox()
        self.zoom_box.setObjectName("pagesZoom")
        self.zoom_box.setAccessibleName("Zoom")
        self.zoom_box.addItems([FIT_WIDTH, FIT_PAGE, *(f"{round(z * 100)} %" for z in ZOOM_STEPS)])
        self.zoom_box.activated.connect(self._zoom_chosen)
        self.status = QLabel("")
        self.status.setObjectName("pagesStatus")

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 2)
        for widget in (self.previous_button, self.page_box, self.page_count_label,
                       self.next_button):
            bar.addWidget(widget)
        bar.addSpacing(16)
        for widget in (self.zoom_out_button, self.zoom_box, self.zoom_in_button):
            bar.addWidget(widget)
        bar.addSpacing(16)
        bar.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.render_now)
        self.navigator.currentPageChanged.connect(self._show_page_number)
        self.destroyed.connect(self._folder.cleanup)

    def _button(self, text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    # ---- rendering --------------------------------------------------------------------------
    def schedule(self, _changes: object = None) -> None:
        """An edit: render again after a pause (or when the view is next shown)."""
        self._stale = True
        if self.isVisible():
            self.timer.start()

    def is_busy(self) -> bool:
        return self._job is not None

    def render_now(self) -> None:
        """Start a render of the current briefing unless one is running (it re-renders when
        it ends if anything changed meanwhile)."""
        if not self.isVisible() or self._job is not None:
            return
        self._stale = False
        self._serial += 1
        target = Path(self._folder.name) / f"pages-{self._serial}.pdf"
        job = PagesJob(self._source(), target, self)
        job.finished.connect(self._show_pdf)
        job.failed.connect(self._show_failure)
        job.cancelled.connect(self._job_ended)
        self._job = job
        self.status.setText("Updating pages…")
        job.start()

    def stop(self) -> None:
        """Cancel a running render and wait for its thread (window closing, tests)."""
        self.timer.stop()
        if self._job is not None:
            self._job.cancel()
            self._job.wait()

    def _job_ended(self) -> None:
        self._job = None
        if self._stale and self.isVisible():
            self.timer.start()

    def _show_failure(self, message: str) -> None:
        self.last_error = message
        self.status.setText(f"The pages cannot be shown: {message}")
        self._job_ended()

    def _show_pdf(self, path: str) -> None:
        scroll = self.view.verticalScrollBar().value()
        horizontal = self.view.horizontalScrollBar().value()
        page = self.navigator.currentPage()
        old = self._shown_file
        self.document.load(path)
        if self.document.status() != QPdfDocument.Status.Ready:
            self._show_failure(f"the PDF could not be read ({self.document.error().name})")
            return
        self._shown_file = Path(path)
        if self._job is not None:
            self.items = self._job.items
        if old is not None:
            old.unlink(missing_ok=True)
        self.last_error = ""
        count = self.document.pageCount()
        self.page_box.setMaximum(max(1, count))
        self.page_count_label.setText(f"of {count}")
        self.status.setText("")
        self.render_count += 1
        # The view lays the new pages out when it next handles events: the place is restored
        # after that, and at once too, for the page number.
        self._restore(page, scroll, horizontal)
        QTimer.singleShot(0, self, lambda: self._restore(page, scroll, horizontal))
        self._job_ended()
        self.rendered.emit(count)

    def _restore(self, page: int, scroll: int, horizontal: int) -> None:
        count = self.document.pageCount()
        if count and self.navigator.currentPage() != min(page, count - 1):
            self.navigator.jump(min(page, count - 1), QPointF(), self.navigator.currentZoom())
        self.view.verticalScrollBar().setValue(scroll)
        self.view.horizontalScrollBar().setValue(horizontal)
        self._show_page_number(self.navigator.currentPage())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.timer.stop()
            QTimer.singleShot(0, self, self._render_if_stale)

    def _render_if_stale(self) -> None:
        if self._stale:
            self.render_now()

    # ---- what a click is on -------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.view.viewport()
            and event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            place = self.page_place_at(event.position().toPoint())
            ident = item_at_place(self.items, *place) if place is not None else None
            if ident:
                self.itemClicked.emit(ident)
        return super().eventFilter(watched, event)

    def page_place_at(self, point: QPoint) -> tuple[int, float] | None:
        """The page (from 0) and the height on it in points from its foot under a point of
        the viewport, from QPdfView's layout: pages stacked top to bottom between the
        document margins, `pageSpacing` apart, all at one scale."""
        count = self.document.pageCount()
        if not count:
            return None
        heights = [self.document.pagePointSize(i).height() for i in range(count)]
        margins, spacing = self.view.documentMargins(), self.view.pageSpacing()
        bar = self.view.verticalScrollBar()
        if bar.maximum() > 0:  # the scroll range is the laid-out height: its scale is exact
            laid_out = bar.maximum() + self.view.viewport().height()
            scale = (laid_out - margins.top() - margins.bottom() - spacing * (count - 1))
            scale /= sum(heights)
        else:
            widest = max(self.document.pagePointSize(i).width() for i in range(count))
            scale = (self.view.viewport().width() - margins.left() - margins.right()) / widest
            if self.view.zoomMode() == QPdfView.ZoomMode.Custom:
                scale = self.view.zoomFactor() * self.logicalDpiY() / 72
        y = bar.value() + point.y() - margins.top()
        for page, height in enumerate(heights):
            drawn = height * scale
            if y < drawn + spacing or page == count - 1:
                return page, max(0.0, height - min(y, drawn) / scale)
            y -= drawn + spacing
        return None

    # ---- navigation and zoom ----------------------------------------------------------------
    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.navigator.currentPage()

    def go_to_page(self, page: int) -> None:
        count = self.document.pageCount()
        if not count:
            return
        page = max(0, min(page, count - 1))
        if page != self.navigator.currentPage():
            self.navigator.jump(page, QPointF(), self.navigator.currentZoom())

    def step(self, pages: int) -> None:
        self.go_to_page(self.navigator.currentPage() + pages)

    def _show_page_number(self, page: int) -> None:
        blocked = self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(blocked)
        self.previous_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < self.document.pageCount() - 1)

    def zoom_factor(self) -> float:
        return self.view.zoomFactor()

    def set_zoom(self, factor: float) -> None:
        self._zoom_keeping_page(lambda: (self.view.setZoomMode(QPdfView.ZoomMode.Custom),
                                         self.view.setZoomFactor(factor)))
        self.zoom_box.setCurrentText(f"{round(factor * 100)} %")

    def _zoom_keeping_page(self, change: Callable[[], object]) -> None:
        # QPdfView keeps the scroll bar's value through a zoom, which lands on another page.
        page = self.navigator.currentPage()
        change()
        QTimer.singleShot(0, self, lambda: self._back_to(page))

    def _back_to(self, page: int) -> None:
        if self.document.pageCount():
            self.navigator.jump(min(page, self.document.pageCount() - 1), QPointF(),
                                self.navigator.currentZoom())

    def zoom_step(self, direction: int) -> None:
        current = self.view.zoomFactor()
        if direction > 0:
            bigger = [z for z in ZOOM_STEPS if z > current + 0.01]
            self.set_zoom(bigger[0] if bigger else ZOOM_STEPS[-1])
        else:
            smaller = [z for z in ZOOM_STEPS if z < current - 0.01]
            self.set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    def _zoom_chosen(self, index: int) -> None:
        text = self.zoom_box.itemText(index)
        if text == FIT_WIDTH:
            self._zoom_keeping_page(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        elif text == FIT_PAGE:
            self._zoom_keeping_page(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitInView))
        else:
            self.set_zoom(ZOOM_STEPS[index - 2])

    def keyPressEvent(self, event) -> None:
        key, modifiers = event.key(), event.modifiers()
        control = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_PageDown and control:
            self.step(+1)
        elif key == Qt.Key.Key_PageUp and control:
            self.step(-1)
        elif control and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_step(+1)
        elif control and key == Qt.Key.Key_Minus:
            self.zoom_step(-1)
        else:
            super().keyPressEvent(event)


def item_at_place(items: list[tuple[int, float, str]], page: int, height: float) -> str | None:
    """The id of the item whose part of the pages holds the place: the last anchor at or
    above it (`items` in reading order: by page, then from the top down)."""
    found = None
    for item_page, item_height, ident in items:
        if item_page < page or (item_page == page and item_height >= height):
            found = ident
        else:
            break
    return found


def install_pages(window) -> PagesView:
    """The Pages tab beside the Preview in the window's centre, following every edit.
    `window` is the main window (not imported: an import cycle); its session, centre and
    actions are used."""
    pages = PagesView(lambda: window.session.briefing)
    window.centre.addTab(pages, "Pages")
    window.centre.setTabToolTip(window.centre.indexOf(pages),
                                "The briefing's pages as the PDF export draws them")
    pages.setAccessibleName("Pages of the briefing")
    window.session.changed.connect(pages.schedule)
    window.session.replaced.connect(pages.schedule)
    window.actions.show_pages.triggered.connect(lambda: window.centre.setCurrentWidget(pages))
    return pages
