"""The outline: sections and their items as a tree, with drag and drop and inline rename.

The model inserts, removes and moves rows as the briefing changes (a section shown again by
an undo opens expanded, as a new one does); only another briefing resets it, and the view then
restores which sections were expanded and which item was current (by id), without announcing
that same item again (the inspector already reloads on every change).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTreeView, QWidget

from briefing.gui.models import OutlineModel


class OutlineView(QTreeView):
    selectionIdChanged = Signal(object, object)  # (kind, id) or (None, None)

    def __init__(self, model: OutlineModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outline")
        self.outline = model
        self.setModel(model)
        self.setHeaderHidden(True)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setWordWrap(True)
        self.setUniformRowHeights(True)  # one-line labels; much faster for long outlines
        self.setAnimated(True)
        self.setExpandsOnDoubleClick(False)
        self.setIndentation(16)
        self.setToolTip(
            "Drag clips here from the clip list; drag to reorder.\n"
            "F2 renames a section; Delete removes the selected item."
        )
        self._expanded: set[str] = set()
        self._collapsed: set[str] = set()
        self._current_id: str | None = None
        self._restoring = False
        self._context_actions: list[QAction] = []
        model.modelAboutToBeReset.connect(self._remember_state)
        model.modelReset.connect(self._restore_state)
        model.rowsInserted.connect(self._expand_new_sections)
        self.selectionModel().currentChanged.connect(self._on_current_changed)
        self.expanded.connect(lambda i: self._collapsed.discard(model.id_of(i) or ""))
        self.collapsed.connect(lambda i: self._collapsed.add(model.id_of(i) or ""))
        self._restore_state()

    def current_selection(self) -> tuple[str | None, str | None]:
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isSelected(index):
            return None, None
        return self.outline.kind_of(index), self.outline.id_of(index)

    def select_id(self, ident: str | None, *, edit: bool = False) -> None:
        index = self.outline.index_of(ident) if ident else QModelIndex()
        if not index.isValid():
            self.selectionModel().clearSelection()
            return
        if index.parent().isValid():
            self.expand(index.parent())
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.scrollTo(index)
        if edit:
            self.edit(index)

    def set_context_actions(self, actions: list[QAction]) -> None:
        self._context_actions = actions

    def contextMenuEvent(self, event) -> None:
        if not self._context_actions:
            return
        menu = QMenu(self)
        for action in self._context_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.exec(event.globalPos())
        menu.deleteLater()

    EMPTY_HINT = (
        "No sections yet.\n\nAdd a section (Ctrl+Shift+N), then drag clips here from the "
        "clip list."
    )

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.outline.rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            rect = self.viewport().rect().adjusted(16, 16, -16, -16)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.EMPTY_HINT)
            painter.end()

    def _remember_state(self) -> None:
        self._current_id = self.outline.id_of(self.currentIndex())

    def _restore_state(self) -> None:
        # New sections open expanded; sections the user folded stay folded.
        for row in range(self.outline.rowCount()):
            index = self.outline.index(row, 0)
            if self.outline.id_of(index) not in self._collapsed:
                self.expand(index)
        if self._current_id:
            index = self.outline.index_of(self._current_id)
            if index.isValid():
                self._restoring = True
                try:
                    self.selectionModel().setCurrentIndex(
                        index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    )
                finally:
                    self._restoring = False
                return
        self.selectionIdChanged.emit(None, None)

    def _expand_new_sections(self, parent: QModelIndex, first: int, last: int) -> None:
        if parent.isValid():
            return
        for row in range(first, last + 1):
            index = self.outline.index(row, 0)
            if self.outline.id_of(index) not in self._collapsed:
                self.expand(index)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._restoring and self.outline.id_of(current) == self._current_id:
            return  # the same item as before the reset: nothing new to show
        self.selectionIdChanged.emit(self.outline.kind_of(current), self.outline.id_of(current))

    def mousePressEvent(self, event) -> None:
        # A click on empty space clears the selection, which shows the briefing properties.
        if not self.indexAt(event.position().toPoint()).isValid():
            self.selectionModel().clear()
            self.selectionIdChanged.emit(None, None)
        super().mousePressEvent(event)
