"""The inspector's page for a figure: a preview of the picture, its caption and its credit.

The picture itself is not edited here (replace it by removing the figure and adding another);
caption and credit are undoable edits like every other field.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QLineEdit

from briefing.core.model import Figure
from briefing.gui import commands
from briefing.gui.commands import BriefingSession
from briefing.gui.views.forms import FormPage, detail_label, set_line

_THUMBNAIL_WIDTH = 280
_KIND_NAMES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/svg+xml": "SVG"}


class FigurePage(FormPage):
    def __init__(self, session: BriefingSession) -> None:
        super().__init__(session, "Figure")
        self.figure_id = ""
        self._shown_data: bytes | None = None
        self.picture = QLabel()
        self.picture.setObjectName("figurePicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.caption = QLineEdit()
        self.caption.setObjectName("figureCaption")
        self.caption.setPlaceholderText("What the picture shows")
        self.credit = QLineEdit()
        self.credit.setObjectName("figureCredit")
        self.credit.setPlaceholderText("e.g. Photo: Reuters")
        self.info = detail_label()
        self.form.addRow("", self.picture)
        self.form.addRow("Caption", self.caption)
        self.form.addRow("Credit", self.credit)
        self.form.addRow("", self.info)
        for edit, name in ((self.caption, "caption"), (self.credit, "credit")):
            self.bind_line(
                edit,
                lambda value, name=name: commands.edit_figure(session, self.figure_id, name, value),
            )

    def figure(self) -> Figure | None:
        found = self.briefing.placement(self.figure_id)
        if found is None:
            return None
        item = found[0].items[found[1]]
        return item if isinstance(item, Figure) else None

    def _load(self) -> bool:
        figure = self.figure()
        if figure is None:
            return False
        set_line(self.caption, figure.caption)
        set_line(self.credit, figure.credit)
        if figure.data is not self._shown_data:  # decode the picture once, not per keystroke
            self._shown_data = figure.data
            self.picture.setPixmap(_thumbnail(figure))
        kind = _KIND_NAMES.get(figure.mime, figure.mime)
        self.info.setText(
            f"{kind}, {figure.width} × {figure.height} pixels, {len(figure.data) / 1024:.0f} KB"
        )
        return True


def _thumbnail(figure: Figure) -> QPixmap:
    pixmap = QPixmap()
    # Qt's image plugins read PNG, JPEG and (with QtSvg) SVG; a null pixmap shows nothing.
    pixmap.loadFromData(QByteArray(figure.data))
    if pixmap.isNull():
        return pixmap
    return pixmap.scaledToWidth(
        min(_THUMBNAIL_WIDTH, pixmap.width() or _THUMBNAIL_WIDTH),
        Qt.TransformationMode.SmoothTransformation,
    )
