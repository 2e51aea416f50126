"""Adding figures in the app: from a file, the clipboard or a drop; caption and credit in the
inspector; the outline and the preview show them; undo takes them back."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QGuiApplication, QImage, QPixmap, QTextDocument

from briefing.core.model import Figure
from briefing.gui import commands


def picture_file(folder: Path, name: str = "port.png", size: tuple[int, int] = (320, 180)) -> Path:
    path = folder / name
    Image.new("RGB", size, (30, 90, 200)).save(path)
    return path


@pytest.fixture
def with_section(window):
    session = window.session
    add = commands.add_section(session, "Ports")
    session.run(add)
    window.outline.select_id(add.created_id)
    return window, add.created_id


def figures_in(window, section_id: str) -> list[Figure]:
    section = window.session.briefing.section(section_id)
    return [item for item in section.items if isinstance(item, Figure)]


def test_add_figure_from_a_file_then_caption_it_in_the_inspector(with_section, tmp_path, qtbot):
    window, section_id = with_section
    figure_id = window.figures.add_from_file(picture_file(tmp_path))
    (figure,) = figures_in(window, section_id)
    assert figure.id == figure_id and (figure.width, figure.height) == (320, 180)
    page = window.inspector.figure_page
    assert window.inspector.current_page() is page
    assert not page.picture.pixmap().isNull()
    assert "PNG, 320 × 180 pixels" in page.info.text()
    qtbot.keyClicks(page.caption, "Varnholm harbour")
    qtbot.keyClicks(page.credit, "Photo: Reuters")
    assert (figure.caption, figure.credit) == ("Varnholm harbour", "Photo: Reuters")
    index = window.outline_model.index_of(figure_id)
    assert window.outline_model.data(index) == "Figure: Varnholm harbour"
    assert window.outline_model.kind_of(index) == "figure"
    # one undo step for the typed caption, one more for the figure itself
    while figures_in(window, section_id) and window.session.undo_stack.canUndo():
        window.actions.undo.trigger()
    assert figures_in(window, section_id) == []


def test_the_preview_shows_the_picture(with_section, tmp_path, qtbot):
    window, _ = with_section
    window.figures.add_from_file(picture_file(tmp_path))
    window.centre.setCurrentWidget(window.preview)
    window.preview.render_now()
    qtbot.waitUntil(lambda: "Figure 1." in window.preview.document().toPlainText(), timeout=5000)
    document: QTextDocument = window.preview.document()
    html = document.toHtml()
    start = html.index('<img src="') + len('<img src="')
    source = html[start:html.index('"', start)]
    image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(source))
    assert isinstance(image, QImage | QPixmap) and not image.isNull()
    assert image.width() == 320


def test_a_file_that_is_no_picture_is_one_message_and_changes_nothing(with_section, tmp_path,
                                                                      errors):
    window, section_id = with_section
    bad = tmp_path / "notes.png"
    bad.write_text("just text", encoding="utf-8")
    assert window.figures.add_from_file(bad) is None
    assert errors == [("Cannot add the figure",
                       "notes.png: is not a picture this app can read (PNG, JPEG or SVG)")]
    assert figures_in(window, section_id) == []
    assert window.session.undo_stack.undoText() != "Add figure"


def test_add_figure_from_the_clipboard_keeps_png_bytes_and_takes_a_bitmap(with_section):
    window, section_id = with_section
    clipboard = QGuiApplication.clipboard()
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (0, 0, 0)).save(out, "PNG")
    data = QMimeData()
    data.setData("image/png", out.getvalue())
    clipboard.setMimeData(data)
    try:
        window.actions.paste_figure.trigger()
        image = QImage(64, 32, QImage.Format.Format_RGB32)
        image.fill(0xFF336699)
        clipboard.setImage(image)
        window.actions.paste_figure.trigger()
    finally:
        clipboard.clear()
    first, second = figures_in(window, section_id)
    assert first.data == out.getvalue()
    assert (second.mime, second.width, second.height) == ("image/png", 64, 32)


def test_an_empty_clipboard_says_so(with_section, errors):
    window, _ = with_section
    QGuiApplication.clipboard().clear()
    window.actions.paste_figure.trigger()
    assert errors and errors[0][0] == "Cannot add the figure"


def test_dropped_pictures_become_figures_and_other_files_are_imported(with_section, tmp_path,
                                                                     monkeypatch):
    window, section_id = with_section
    imported: list[list[Path]] = []
    monkeypatch.setattr(window.transfers, "import_files", lambda paths: imported.append(paths))
    article = tmp_path / "story.txt"
    article.write_text("Story.", encoding="utf-8")
    rest = window.figures.add_dropped([picture_file(tmp_path, "a.png"),
                                       picture_file(tmp_path, "b.jpg"), article])
    assert rest == [article]
    assert len(figures_in(window, section_id)) == 2
    window.actions.undo.trigger()  # both came in as one step
    assert figures_in(window, section_id) == []


def test_add_figure_needs_a_section(window, tmp_path, errors):
    assert not window.actions.add_figure.isEnabled()
    assert window.figures.add_from_file(picture_file(tmp_path)) is None
    assert errors == [("Cannot add a figure", "Add a section first: figures go in sections.")]


def test_the_toolbar_adds_a_figure_beside_section_and_note_and_follows_the_menu(
    window, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog, QMenu, QToolButton

    from briefing.gui.icons import icon

    toolbar, actions = window.toolbar, window.actions
    shown = [a for a in toolbar.actions() if not a.isSeparator()]
    assert shown.index(actions.add_figure) == shown.index(actions.add_note) + 1
    button = toolbar.widgetForAction(actions.add_figure)
    assert isinstance(button, QToolButton) and button.isVisible()
    assert button.icon().cacheKey() == icon("figure").cacheKey()  # figure.svg, as in the menu
    briefing_menu = next(m for m in window.menuBar().findChildren(QMenu)
                         if m.title() == "&Briefing")
    assert actions.add_figure in briefing_menu.actions()  # one action: one rule for both
    # no section yet: disabled; a section enables it, undoing that disables it again
    assert not button.isEnabled() and not actions.add_figure.isEnabled()
    add = commands.add_section(window.session, "Ports")
    window.session.run(add)
    assert button.isEnabled()
    actions.undo.trigger()
    assert not button.isEnabled()
    actions.redo.trigger()
    assert button.isEnabled()
    window.outline.select_id(add.created_id)
    chosen = [picture_file(tmp_path, "a.png"), picture_file(tmp_path, "b.png", (90, 60))]
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_args: (str(chosen.pop(0)), "")))
    button.click()
    actions.add_figure.trigger()  # the menu entry and Ctrl+Shift+G: the same way in
    sizes = [(f.width, f.height) for f in figures_in(window, add.created_id)]
    assert sizes == [(320, 180), (90, 60)]


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_exporting_a_damaged_figure_is_one_message_naming_it(with_section, tmp_path, qtbot,
                                                             errors, fmt):
    window, section_id = with_section
    figure_id = window.figures.add_from_file(picture_file(tmp_path))
    (figure,) = figures_in(window, section_id)
    figure.data = figure.data[: len(figure.data) // 2]  # as a damaged file would load it
    target = tmp_path / f"out.{fmt}"
    job = window.transfers.export(fmt, target)
    with qtbot.waitSignal(job.failed, timeout=30_000):
        pass
    assert len(errors) == 1
    title, message = errors[0]
    assert title == "Export failed"
    assert message.startswith("the figure in section “Ports”, item 1 cannot be printed: "
                              "its picture is damaged (")
    assert not target.exists()
    assert figure_id in {f.id for f in figures_in(window, section_id)}


def test_the_preview_says_which_figure_cannot_be_printed(with_section, tmp_path, qtbot):
    window, section_id = with_section
    window.figures.add_from_file(picture_file(tmp_path))
    (figure,) = figures_in(window, section_id)
    figure.data = figure.data[: len(figure.data) // 2]
    window.centre.setCurrentWidget(window.preview)
    window.preview.render_now()
    expected = "the figure in section “Ports”, item 1 cannot be printed: its picture is damaged"
    qtbot.waitUntil(lambda: expected in window.preview.document().toPlainText(), timeout=5000)
