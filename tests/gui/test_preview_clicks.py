"""A click on an item in either preview selects it: the Preview (HTML) and the Pages view
(the PDF) find the item under the pointer from the anchors compile made for it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QPointF, Qt
from PySide6.QtPdf import QPdfSearchModel
from PySide6.QtWidgets import QApplication

from briefing.core.model import ClipRef
from briefing.core.resources import resource_path
from briefing.gui.views.pages import item_at_place

SAMPLE = resource_path("sample", "sample.briefing")


def test_item_at_place_is_the_last_anchor_at_or_above_the_place() -> None:
    items = [(0, 700.0, "s-1"), (0, 400.0, "c-1"), (1, 780.0, "c-2"), (1, 300.0, "s-2")]
    assert item_at_place(items, 0, 750.0) is None  # above the first anchor: nothing
    assert item_at_place(items, 0, 500.0) == "s-1"
    assert item_at_place(items, 0, 100.0) == "c-1"
    assert item_at_place(items, 1, 790.0) == "c-1"  # the top of page 2 still shows c-1
    assert item_at_place(items, 1, 500.0) == "c-2"
    assert item_at_place(items, 3, 500.0) == "s-2"


def _open_sample(window, qtbot) -> None:
    window.document.open(SAMPLE)
    qtbot.waitUntil(lambda: bool(window.session.briefing.sections), timeout=10_000)


def test_a_click_on_a_quote_in_the_preview_selects_it_in_the_outline(window, qtbot):
    _open_sample(window, qtbot)
    preview = window.preview
    window.centre.setCurrentWidget(preview)
    preview.render_now()
    section = window.session.briefing.sections[1]
    clip_id = next(i.clip_id for i in section.items if isinstance(i, ClipRef))
    clip = window.session.briefing.clip(clip_id)
    start = clip.text.strip()[:30]
    qtbot.waitUntil(lambda: start in preview.document().toPlainText()
                    and preview._job is None, timeout=10_000)
    cursor = preview.document().find(start)
    assert not cursor.isNull()
    preview.setTextCursor(cursor)
    preview.ensureCursorVisible()
    cursor.clearSelection()
    point = preview.cursorRect(cursor).center() + QPoint(2, 0)
    preview.setTextCursor(cursor)
    with qtbot.waitSignal(preview.itemClicked, timeout=2000) as clicked:
        qtbot.mouseClick(preview.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == [clip_id]
    assert window.outline.current_selection() == ("clip", clip_id)
    # a click on the section's heading selects the section (not so soon that Qt takes the
    # two clicks for a double click, which selects a word)
    qtbot.wait(QApplication.doubleClickInterval() + 100)
    heading = preview.document().find(section.heading)
    while not (later := preview.document().find(section.heading, heading)).isNull():
        heading = later  # the heading itself, not its entry in the contents
    preview.setTextCursor(heading)
    preview.ensureCursorVisible()
    heading.clearSelection()
    preview.setTextCursor(heading)
    with qtbot.waitSignal(preview.itemClicked, timeout=2000) as clicked:
        qtbot.mouseClick(preview.viewport(), Qt.MouseButton.LeftButton,
                         pos=preview.cursorRect(heading).center())
    assert clicked.args == [section.id]
    assert window.outline.current_selection() == ("section", section.id)


def test_a_click_on_a_heading_in_the_pages_view_selects_its_section(window, qtbot):
    _open_sample(window, qtbot)
    pages = window.pages
    with qtbot.waitSignal(pages.rendered, timeout=60_000):
        window.centre.setCurrentWidget(pages)
        pages.render_now()
    qtbot.waitUntil(lambda: not pages.is_busy(), timeout=60_000)
    section = window.session.briefing.sections[-1]
    search = QPdfSearchModel()
    search.setDocument(pages.document)
    search.setSearchString(section.heading.split(":")[0])
    # the contents entry and the heading itself
    qtbot.waitUntil(lambda: search.rowCount(QModelIndex()) >= 2, timeout=10_000)
    results = [search.resultAtIndex(i) for i in range(search.rowCount(QModelIndex()))]
    found = max(results, key=lambda r: r.page())  # the heading, not its contents entry
    rect = found.rectangles()[0]
    # Qt's own navigation puts the top of that page at the top of the view; the view fits
    # the page to its width, so a point of the page is that many pixels down
    pages.navigator.jump(found.page(), QPointF(), pages.navigator.currentZoom())
    qtbot.wait(100)
    margins = pages.view.documentMargins()
    scale = (pages.view.viewport().width() - margins.left() - margins.right()) / (
        pages.document.pagePointSize(found.page()).width()
    )
    below_top = round(rect.center().y() * scale)
    with qtbot.waitSignal(pages.itemClicked, timeout=2000) as clicked:
        qtbot.mouseClick(pages.view.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(200, below_top))
    assert clicked.args == [section.id]
    assert window.outline.current_selection() == ("section", section.id)
