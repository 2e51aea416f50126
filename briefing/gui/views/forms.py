"""The building blocks of the inspector's forms: a page whose fields are bound to undo
commands, and setters that leave a field alone when it already shows the value (so reloading
a form after each change never moves the cursor of someone typing in it)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from briefing.core.model import Briefing
from briefing.gui.commands import BriefingSession, OpCommand

MARKING_SUGGESTIONS = (
    "",
    "OFFICIAL",
    "OFFICIAL-SENSITIVE",
    "UNCLASSIFIED",
    "FOR OFFICIAL USE ONLY",
    "RESTRICTED",
    "CONFIDENTIAL",
    "SECRET",
    "TLP:CLEAR",
    "TLP:GREEN",
    "TLP:AMBER",
)


def set_line(edit: QLineEdit, value: str) -> None:
    if edit.text() != value:
        edit.setText(value)
        if not edit.hasFocus():
            edit.setCursorPosition(0)  # show a long value from its start, not its end


def set_plain(edit: QPlainTextEdit, value: str) -> None:
    if edit.toPlainText() != value:
        edit.setPlainText(value)


def set_combo(combo: QComboBox, value: str) -> None:
    if combo.isEditable():
        if combo.currentText() != value:
            combo.setEditText(value)
        return
    index = combo.findData(value)
    if index < 0:
        index = combo.findText(value)
    if index >= 0 and combo.currentIndex() != index:
        combo.setCurrentIndex(index)


def marking_combo() -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(list(MARKING_SUGGESTIONS))
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.lineEdit().setPlaceholderText("none")
    combo.setToolTip("Handling marking; the briefing's banner shows the most restrictive one")
    return combo


def detail_label() -> QLabel:
    """Grey read-only text under a form: counts, where a clip or article came from."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


def short_list(name: str, lines: int) -> QListWidget:
    """A list a few lines high whose long entries are elided, not scrolled sideways."""
    widget = QListWidget()
    widget.setObjectName(name)
    widget.setMaximumHeight(widget.fontMetrics().lineSpacing() * lines + 12)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    widget.setTextElideMode(Qt.TextElideMode.ElideRight)
    return widget


def plain_edit(placeholder: str, lines: int = 4) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    # A fixed height: the form stays compact and scrolls as a whole on small screens.
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


class FormPage(QWidget):
    """A form page; `loading` silences the change handlers while values are filled in."""

    def __init__(self, session: BriefingSession, title: str) -> None:
        super().__init__()
        self.session = session
        self.loading = False
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        heading = QLabel(title)
        heading.setObjectName("inspectorHeading")
        heading.setStyleSheet("font-weight: 600; font-size: 11pt;")
        self.heading = heading
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(heading)
        layout.addLayout(self.form)
        layout.addStretch(1)

    @property
    def briefing(self) -> Briefing:
        return self.session.briefing

    def run(self, command: OpCommand) -> None:
        if not self.loading:
            self.session.run(command)

    def bind_line(self, edit: QLineEdit, make: Callable[[str], OpCommand]) -> None:
        edit.textEdited.connect(lambda text: self.run(make(text)))

    def bind_plain(self, edit: QPlainTextEdit, make: Callable[[str], OpCommand]) -> None:
        edit.textChanged.connect(lambda: self.run(make(edit.toPlainText())))

    def bind_combo_text(self, combo: QComboBox, make: Callable[[str], OpCommand]) -> None:
        combo.currentTextChanged.connect(lambda text: self.run(make(text)))

    def bind_combo_data(self, combo: QComboBox, make: Callable[[object], OpCommand]) -> None:
        combo.currentIndexChanged.connect(lambda _index: self.run(make(combo.currentData())))

    def add_line_fields(
        self,
        prefix: str,
        specs: tuple[tuple[str, str, str], ...],
        make: Callable[[str], Callable[[str], OpCommand]],
    ) -> dict[str, QLineEdit]:
        """One bound line edit per (attribute, label, placeholder), named `prefix_attribute`."""
        fields: dict[str, QLineEdit] = {}
        for name, label, hint in specs:
            edit = QLineEdit()
            edit.setObjectName(f"{prefix}_{name}")
            edit.setPlaceholderText(hint)
            self.form.addRow(label, edit)
            self.bind_line(edit, make(name))
            fields[name] = edit
        return fields

    def load(self) -> bool:
        """Fill the fields from the model; False if the object is gone."""
        self.loading = True
        try:
            return self._load()
        finally:
            self.loading = False

    def _load(self) -> bool:
        raise NotImplementedError
