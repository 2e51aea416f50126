"""The Pages view: the PDF export's real pages, rendered in a worker after edits, with page
navigation and zoom, keeping its place when the pages are rendered again."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from briefing.core import ops
from briefing.core.resources import resource_path
from briefing.core.storage import load_briefing
from briefing.gui.views.pages import PagesView

SAMPLE = resource_path("sample", "sample.briefing")


def _sample_page_count(tmp_path) -> int:
    from briefing.render.export import export_briefing

    target = export_briefing(load_briefing(SAMPLE), tmp_path / "sample.pdf")
    return len(PdfReader(target).pages)


@pytest.fixture
def pages(qtbot):
    holder = {"briefing": load_briefing(SAMPLE)}
    view = PagesView(lambda: holder["briefing"])
    view.holder = holder
    qtbot.addWidget(view)
    view.resize(900, 700)
    yield view
    view.stop()


def _show_and_wait(view, qtbot) -> None:
    with qtbot.waitSignal(view.rendered, timeout=60_000):
        view.show()
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=60_000)


def test_the_sample_shows_as_many_pages_as_its_pdf_export(pages, qtbot, tmp_path):
    expected = _sample_page_count(tmp_path)
    assert expected > 1
    _show_and_wait(pages, qtbot)
    assert pages.page_count() == expected
    assert pages.page_count_label.text() == f"of {expected}"
    assert pages.page_box.maximum() == expected
    assert pages.last_error == ""


def test_nothing_is_rendered_while_hidden(pages, qtbot):
    pages.schedule()
    qtbot.wait(pages.timer.interval() + 200)
    assert pages.render_count == 0 and not pages.is_busy()


def test_page_buttons_and_the_page_box_navigate(pages, qtbot):
    _show_and_wait(pages, qtbot)
    assert pages.current_page() == 0
    assert not pages.previous_button.isEnabled()
    pages.next_button.click()
    assert pages.current_page() == 1
    assert pages.page_box.value() == 2
    pages.page_box.setValue(pages.page_count())
    assert pages.current_page() == pages.page_count() - 1
    assert not pages.next_button.isEnabled()
    pages.step(+5)  # past the end: stays on the last page
    assert pages.current_page() == pages.page_count() - 1


def test_zoom_steps_and_fit_width(pages, qtbot):
    _show_and_wait(pages, qtbot)
    pages.set_zoom(1.0)
    pages.zoom_in_button.click()
    assert pages.zoom_factor() == pytest.approx(1.25)
    pages.zoom_out_button.click()
    pages.zoom_out_button.click()
    assert pages.zoom_factor() == pytest.approx(0.75)
    assert pages.zoom_box.currentText() == "75 %"
    pages.zoom_box.setCurrentIndex(0)
    pages.zoom_box.activated.emit(0)
    assert pages.view.zoomMode() == pages.view.ZoomMode.FitToWidth


def test_an_edit_renders_again_and_keeps_the_page_and_zoom(pages, qtbot):
    _show_and_wait(pages, qtbot)
    pages.go_to_page(2)
    pages.set_zoom(1.5)  # zooming stays on the page
    qtbot.waitUntil(lambda: pages.view.verticalScrollBar().value() > 0)
    qtbot.wait(50)
    assert pages.current_page() == 2
    pages.view.verticalScrollBar().setValue(pages.view.verticalScrollBar().value() + 100)
    scroll = pages.view.verticalScrollBar().value()
    briefing = pages.holder["briefing"]
    ops.edit_meta(briefing, subtitle="A new subtitle")
    with qtbot.waitSignal(pages.rendered, timeout=60_000):
        pages.schedule()
    qtbot.wait(50)
    assert pages.render_count == 2
    assert pages.current_page() == 2
    assert pages.zoom_factor() == pytest.approx(1.5)
    assert pages.view.verticalScrollBar().value() == scroll


def test_the_window_has_a_pages_tab_that_follows_edits(window, qtbot):
    from briefing.gui import commands

    window.document.open(SAMPLE)
    window.actions.show_pages.trigger()
    assert window.centre.currentWidget() is window.pages
    qtbot.waitUntil(lambda: window.pages.render_count >= 1 and not window.pages.is_busy(),
                    timeout=60_000)
    first = window.pages.page_count()
    assert first > 1
    window.session.run(commands.add_section(window.session, "One more section", None))
    qtbot.waitUntil(lambda: window.pages.render_count >= 2 and not window.pages.is_busy(),
                    timeout=60_000)
    assert window.pages.page_count() >= first


def test_keys_turn_pages_and_zoom(pages, qtbot):
    from PySide6.QtCore import Qt

    _show_and_wait(pages, qtbot)
    pages.set_zoom(1.0)
    qtbot.wait(20)
    pages.view.setFocus()
    qtbot.keyClick(pages.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert pages.current_page() == 1
    qtbot.keyClick(pages.view, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert pages.current_page() == 0
    qtbot.keyClick(pages.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert pages.zoom_factor() == pytest.approx(1.25)
    qtbot.keyClick(pages.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert pages.zoom_factor() == pytest.approx(1.0)
