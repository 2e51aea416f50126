"""Adding figures in the app: from a picture file, from the clipboard, or by dropping a file.

The picture is checked and made safe by `briefing.core.images` (the same rules as the CLI),
then added by one undoable command to the selected section, after the selected item. The
inspector then shows the new figure with its caption field focused, so the analyst types the
caption straight away.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog

from briefing.core.images import ImageData, ImageError, image_from_bytes, read_image_file
from briefing.gui import commands, messages

IMAGE_FILTER = "Pictures (*.png *.jpg *.jpeg *.svg *.gif *.webp *.bmp *.tif *.tiff);;All files (*)"
PICTURE_SUFFIXES = frozenset(
    (".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp", ".bmp", ".tif", ".tiff")
)
# Clipboard kinds taken as they are before asking Qt for a decoded image (which loses SVG).
_CLIPBOARD_KINDS = ("image/svg+xml", "image/png", "image/jpeg")


class FigureInsertion:
    """Connects the Add Figure actions of `window` and does the work behind them. `window` is
    the MainWindow (not imported: that would be an import cycle)."""

    def __init__(self, window: Any) -> None:
        self.window = window
        actions = window.actions
        # not the method itself: `triggered` would hand its `checked` flag over as the path
        actions.add_figure.triggered.connect(lambda _checked=False: self.add_from_file())
        actions.paste_figure.triggered.connect(self.add_from_clipboard)
        window.session.changed.connect(lambda _changes: self.update_actions())
        window.session.replaced.connect(self.update_actions)
        self.update_actions()

    def update_actions(self) -> None:
        has_sections = bool(self.window.session.briefing.sections)
        self.window.actions.add_figure.setEnabled(has_sections)
        self.window.actions.paste_figure.setEnabled(has_sections)

    # ---- sources ---------------------------------------------------------------------------
    def add_from_file(self, path: Path | None = None) -> str | None:
        if not self._section_or_say():
            return None
        if path is None:
            settings = self.window._settings
            chosen, _ = QFileDialog.getOpenFileName(
                self.window, "Add Figure", settings.last_figure_dir, IMAGE_FILTER
            )
            if not chosen:
                return None
            path = Path(chosen)
            settings.last_figure_dir = path.parent
        try:
            image = read_image_file(path)
        except ImageError as error:
            messages.show_error(self.window, "Cannot add the figure", str(error))
            return None
        return self.add(image)

    def add_from_clipboard(self) -> str | None:
        if not self._section_or_say():
            return None
        try:
            image = image_from_clipboard(QGuiApplication.clipboard().mimeData())
        except ImageError as error:
            messages.show_error(self.window, "Cannot add the figure", str(error))
            return None
        return self.add(image)

    def add_dropped(self, paths: list[Path]) -> list[Path]:
        """Add the picture files among dropped `paths` as figures; return the other files."""
        pictures = [p for p in paths if p.suffix.lower() in PICTURE_SUFFIXES]
        if pictures and self._section_or_say():
            with self.window.session.macro(f"Add {len(pictures)} figures", len(pictures)):
                for path in pictures:
                    if self.add_from_file(path) is None:
                        break
        return [p for p in paths if p.suffix.lower() not in PICTURE_SUFFIXES]

    # ---- the one way in ----------------------------------------------------------------------
    def add(self, image: ImageData, caption: str = "", credit: str = "") -> str | None:
        window = self.window
        # Into the selected section, after the selected item; else at the end of the last.
        current = window.outline.currentIndex()
        section = window.outline_model.section_of(current)
        section_id = section.id if section else window.session.briefing.sections[-1].id
        index = current.row() + 1 if window.outline_model.item_at(current) is not None else None
        command = commands.add_figure(window.session, section_id, image, caption, credit, index)
        if not window.run(command):
            return None
        window.outline.select_id(command.created_id)
        window.inspector.show_item("figure", command.created_id)
        window.inspector.figure_page.caption.setFocus()
        return command.created_id

    def _section_or_say(self) -> bool:
        if self.window.session.briefing.sections:
            return True
        messages.show_error(self.window, "Cannot add a figure",
                            "Add a section first: figures go in sections.")
        return False


def image_from_clipboard(data: QMimeData | None) -> ImageData:
    """The picture on the clipboard: its own bytes when it offers PNG, JPEG or SVG, else the
    image Qt decoded (a screenshot tool's bitmap), else a picture file it names."""
    if data is None:
        raise ImageError("the clipboard is empty")
    for kind in _CLIPBOARD_KINDS:
        if data.hasFormat(kind):
            raw = bytes(data.data(kind).data())
            if raw:
                return image_from_bytes(raw, "the picture on the clipboard")
    if data.hasImage():
        image = data.imageData()
        if isinstance(image, QImage) and not image.isNull():
            return image_from_bytes(_png_of(image), "the picture on the clipboard")
    files = [url.toLocalFile() for url in data.urls() if url.isLocalFile()]
    if files:
        return read_image_file(files[0])
    raise ImageError("the clipboard holds no picture: copy one, then try again")


def _png_of(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    data: QByteArray = buffer.data()
    return bytes(data.data())
