"""Tagging the articles selected in the Library pane ("All articles").

One dialog does both directions: type a tag to add (completed from the library's tags), and
untick one of the tags the selected articles carry to take it off them all; a tag only some
of them carry shows half-ticked and can be given to all. Apply makes one call to the
library's tag API (`Library.tag`: one transaction, the same on SQLite and PostgreSQL), then
the pane shows the new tags on the rows and the new counts in the tag filter.

Reached by the "Tag…" button, the table's right-click menu and Ctrl+T in the pane.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from PySide6.QtCore import QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing.core.library import Library, LibraryError, NotFoundError
from briefing.core.library.base import MAX_TAG_LENGTH, clean_tag, tag_key
from briefing.gui.library_access import LibraryAccess

SHORTCUT = "Ctrl+T"
MAX_NAMED = 2  # titles named in the dialog's heading


@dataclass
class TagChanges:
    add: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.add or self.remove)


class TagDialog(QDialog):
    """Which tags the selected articles get and lose. `present` maps each tag some of them
    carry to how many do; `known` is every tag of the library (for completion)."""

    NAME, ON = range(2)

    def __init__(self, titles: list[str], present: dict[str, int], known: Iterable[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagDialog")
        self.total = len(titles)
        self.setWindowTitle("Tag Article" if self.total == 1 else f"Tag {self.total} Articles")
        self._before: dict[str, Qt.CheckState] = {}  # tag key: state when the dialog opened

        heading = QLabel(_named(titles))
        heading.setObjectName("tagHeading")
        heading.setWordWrap(True)
        heading.setStyleSheet("color: #667;")
        self.field = QLineEdit()
        self.field.setObjectName("tagField")
        self.field.setPlaceholderText("A tag to add: type, or pick one the library has")
        self.field.setMaxLength(MAX_TAG_LENGTH + 20)  # past the limit: refused with a reason
        self.known = QStringListModel(sorted(set(known), key=tag_key), self)
        completer = QCompleter(self.known, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.field.setCompleter(completer)
        self.add_button = QPushButton("Add")
        self.add_button.setObjectName("tagAdd")
        self.add_button.setAutoDefault(False)
        self.add_button.setToolTip("Put the tag in the list below (Apply gives it to all)")
        self.add_button.clicked.connect(lambda: self.add_tag(self.field.text()))
        self.field.textChanged.connect(lambda _text: self.problem.hide())

        self.tags = QTreeWidget()
        self.tags.setObjectName("tagList")
        self.tags.setColumnCount(2)
        self.tags.setHeaderLabels(["Tag", "Articles"])
        self.tags.setRootIsDecorated(False)
        self.tags.setUniformRowHeights(True)
        self.tags.setAlternatingRowColors(True)
        self.tags.setStyleSheet("QTreeWidget::item { padding: 3px 2px; }")
        header = self.tags.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(self.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.ON, QHeaderView.ResizeMode.ResizeToContents)
        for name in sorted(present, key=tag_key):
            count = present[name]
            state = (Qt.CheckState.Checked if count >= self.total
                     else Qt.CheckState.PartiallyChecked)
            self._before[tag_key(name)] = state
            self._add_item(name, state, count)
        self.tags.itemChanged.connect(self._show_count)
        self.empty = QLabel("None of them has a tag yet.")
        self.empty.setObjectName("tagEmpty")
        self.empty.setStyleSheet("color: #667;")
        self.empty.setVisible(not present)

        self.problem = QLabel()
        self.problem.setObjectName("tagProblem")
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        hint = QLabel("Untick a tag to take it off every selected article; tick a half-ticked "
                      "one to give it to all of them.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #667;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button.setText("Apply")  # an accepting button: Enter presses it
        self.apply_button.setObjectName("tagApply")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        row.addWidget(self.field, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addSpacing(4)
        layout.addWidget(QLabel("Add a tag:"))
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addSpacing(6)
        layout.addWidget(QLabel("Tags of the selected articles:"))
        layout.addWidget(self.tags, 1)
        layout.addWidget(self.empty)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.resize(440, 400)
        self.field.setFocus()

    # ---- the list ------------------------------------------------------------------------------
    def _add_item(self, name: str, state: Qt.CheckState, count: int) -> QTreeWidgetItem:
        item = QTreeWidgetItem([name, ""])
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
        if state == Qt.CheckState.PartiallyChecked:
            flags |= Qt.ItemFlag.ItemIsUserTristate  # back to "leave as it is" is possible
        item.setFlags(flags)
        item.setData(self.NAME, Qt.ItemDataRole.UserRole, count)
        item.setTextAlignment(self.ON, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setCheckState(self.NAME, state)
        self.tags.addTopLevelItem(item)
        self._show_count(item)
        return item

    def _show_count(self, item: QTreeWidgetItem, column: int = 0) -> None:
        """The second column says what Apply will do to this tag."""
        if column != self.NAME:
            return
        state = item.checkState(self.NAME)
        before = self._before.get(tag_key(item.text(self.NAME)))
        had = int(item.data(self.NAME, Qt.ItemDataRole.UserRole) or 0)
        if state == Qt.CheckState.Unchecked:
            text = "taken off" if had else "not added"
        elif state == Qt.CheckState.PartiallyChecked:
            text = f"{had} of {self.total}"
        elif before is None:
            text = "added to all" if self.total > 1 else "added"
        elif before == Qt.CheckState.PartiallyChecked:
            text = f"all {self.total} (was {had})"
        else:
            text = f"all {self.total}" if self.total > 1 else "yes"
        changed = state != (before or Qt.CheckState.Unchecked)
        self.tags.blockSignals(True)
        item.setText(self.ON, text)
        # What Apply will change stands out; a tag to be taken off is struck through.
        font = item.font(self.NAME)
        font.setStrikeOut(state == Qt.CheckState.Unchecked and bool(had))
        item.setFont(self.NAME, font)
        font = item.font(self.ON)
        font.setBold(changed)
        item.setFont(self.ON, font)
        self.tags.blockSignals(False)

    def item(self, name: str) -> QTreeWidgetItem | None:
        key = tag_key(" ".join(name.split()))
        for row in range(self.tags.topLevelItemCount()):
            item = self.tags.topLevelItem(row)
            if item is not None and tag_key(item.text(self.NAME)) == key:
                return item
        return None

    def add_tag(self, text: str) -> bool:
        """Put a typed tag in the list, ticked (False, with the reason shown, if it cannot be
        a tag); a tag already there is ticked."""
        if not text.strip():
            return False
        try:
            name = clean_tag(text)
        except LibraryError as exc:
            self.problem.setText(f"Not a tag: {exc}.")
            self.problem.show()
            return False
        known = {tag_key(t): t for t in self.known.stringList()}
        item = self.item(name)
        if item is None:
            item = self._add_item(known.get(tag_key(name), name), Qt.CheckState.Checked, 0)
        item.setCheckState(self.NAME, Qt.CheckState.Checked)
        self.tags.setCurrentItem(item)
        self.empty.hide()
        self.field.clear()
        return True

    def set_state(self, name: str, state: Qt.CheckState) -> None:
        item = self.item(name)
        if item is None:
            raise KeyError(name)
        item.setCheckState(self.NAME, state)

    def changes(self) -> TagChanges:
        """The tags to give to all the selected articles and to take off them all."""
        out = TagChanges()
        for row in range(self.tags.topLevelItemCount()):
            item = self.tags.topLevelItem(row)
            if item is None:
                continue
            name, state = item.text(self.NAME), item.checkState(self.NAME)
            before = self._before.get(tag_key(name), Qt.CheckState.Unchecked)
            if state == before:
                continue
            if state == Qt.CheckState.Checked:
                out.add.append(name)
            elif state == Qt.CheckState.Unchecked:
                out.remove.append(name)
        return out

    def accept(self) -> None:
        # Typed and Enter (or Apply) without pressing Add: that tag is meant too.
        if self.field.text().strip() and not self.add_tag(self.field.text()):
            return
        super().accept()


def _named(titles: list[str]) -> str:
    shown = [f"“{t if len(t) <= 60 else t[:59] + '…'}”" for t in titles[:MAX_NAMED]]
    more = len(titles) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def retagged(tags: list[str], changes: TagChanges, names: dict[str, str]) -> list[str]:
    """An article's tags after `changes` (spelled as the library spells them: `names` maps
    keys to names), in the library's order."""
    keep = {tag_key(t): t for t in tags}
    for name in changes.remove:
        keep.pop(tag_key(name), None)
    for name in changes.add:
        keep[tag_key(name)] = names.get(tag_key(name), name)
    return [keep[k] for k in sorted(keep)]


class Shelf(Protocol):
    """What tagging uses of the Library pane (views.shelf.ShelfView, which imports this)."""

    access: LibraryAccess
    table: QTableView
    model: Any  # ShelfModel: its `hits`, `set_tags` and `modelReset`
    tag: QComboBox  # the tag filter

    def selected_ids(self) -> list[int]: ...
    def refresh(self) -> None: ...
    def reload_tags(self) -> None: ...
    def window(self) -> QWidget: ...
    def addAction(self, action: QAction) -> None: ...


class ShelfTagging(QObject):
    """The "Tag…" action of the Library pane and what it does."""

    done = Signal(str)  # a passing report for the status bar

    def __init__(self, shelf: Shelf) -> None:
        super().__init__(shelf.table)
        self.shelf = shelf
        self.dialog: TagDialog | None = None
        self.action = QAction("Tag…", shelf)
        self.action.setObjectName("shelfTagAction")
        self.action.setShortcut(QKeySequence(SHORTCUT))
        # Only in the pane: elsewhere the key stays free for the window.
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        tip = "Add or remove tags on the selected articles"
        self.action.setToolTip(f"{tip} ({QKeySequence(SHORTCUT).toString()})")
        self.action.setStatusTip(tip)
        self.action.triggered.connect(self.open_dialog)
        shelf.addAction(self.action)
        self.button = QPushButton("Tag…")
        self.button.setObjectName("shelfTag")
        self.button.setToolTip(self.action.toolTip())
        self.button.clicked.connect(self.action.trigger)
        shelf.table.selectionModel().selectionChanged.connect(lambda *_: self.update_enabled())
        shelf.model.modelReset.connect(self.update_enabled)
        self.update_enabled()

    def update_enabled(self) -> None:
        has = bool(self.shelf.table.selectionModel().selectedRows())
        self.action.setEnabled(has)
        self.button.setEnabled(has and self.shelf.table.isEnabled())

    def open_dialog(self) -> TagDialog | None:
        """Show the dialog for the selected articles (window-modal, not blocking: Apply
        tags them); None when nothing is selected or the library is not open."""
        ids = self.shelf.selected_ids()
        if not ids or self.shelf.access.library() is None:
            return None
        wanted = set(ids)
        hits = [h.article for h in self.shelf.model.hits if h.article.id in wanted]
        present: dict[str, int] = {}
        for article in hits:
            for name in article.tags:
                present[name] = present.get(name, 0) + 1
        known = self.shelf.access.call(lambda lib: [t.name for t in lib.tags()], default=[])
        dialog = TagDialog([a.title for a in hits], present, known,  # type: ignore[arg-type]
                           self.shelf.window())
        dialog.accepted.connect(lambda: self.apply(ids, dialog.changes()))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def apply(self, ids: list[int], changes: TagChanges) -> bool:
        """Tag the articles in the library, then show it; False (the library said why, in
        one message) if it refused or could not be reached."""
        if not changes:
            return False
        shelf = self.shelf

        def tag(library: Library) -> bool:
            try:
                library.tag(ids, add=changes.add, remove=changes.remove)
            except NotFoundError as exc:
                raise NotFoundError(f"{exc}: someone deleted it meanwhile. Nothing was tagged; "
                                    "the list now shows the library as it is.") from exc
            return True

        if not shelf.access.call(tag, default=False):
            shelf.refresh()  # show what the library holds now (or that it is away)
            shelf.reload_tags()
            return False
        shelf.reload_tags()
        names = {tag_key(n): n for n in (shelf.tag.itemData(i) for i in range(shelf.tag.count()))
                 if n}
        filtered = shelf.tag.currentData() or ""
        if filtered and tag_key(filtered) in {tag_key(t) for t in changes.remove}:
            shelf.refresh()  # those articles left what the pane shows
        else:  # the rows change in place: the selection and the scrolled-to place stay
            wanted = set(ids)
            shelf.model.set_tags({a.id: retagged(a.tags, changes, names)
                                  for a in (h.article for h in shelf.model.hits)
                                  if a.id in wanted})
        self.done.emit(_report(len(ids), changes))
        return True


def _report(count: int, changes: TagChanges) -> str:
    """'Tagged 3 articles “Ukraine” and took “NATO” off them', and the like."""
    them = "1 article" if count == 1 else f"{count} articles"
    added = ", ".join(f"“{t}”" for t in changes.add)
    removed = ", ".join(f"“{t}”" for t in changes.remove)
    if added and removed:
        return f"Tagged {them} {added} and took {removed} off {'it' if count == 1 else 'them'}"
    return f"Tagged {them} {added}" if added else f"Took {removed} off {them}"
