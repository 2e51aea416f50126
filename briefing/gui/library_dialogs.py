"""The questions the library asks in the app: what to do with an import the library already
holds, and which tags to rename or merge. `LibraryAsker` is the real, dialog-showing one;
tests give `LibraryLink` a scripted asker with the same methods."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from briefing.core.library import AddResult
from briefing.core.model import Article

MAX_LISTED = 8


def duplicates_text(pairs: list[tuple[Article, AddResult]]) -> str:
    """'"Imported" is article 12 "In the library" (same text)', one a line."""
    lines = []
    for imported, result in pairs[:MAX_LISTED]:
        how = ("the same text" if result.duplicate_kind == "same text" else
               f"a near copy, {round(result.similarity * 100)} % alike")
        stored = result.article
        tags = f"; tags: {', '.join(stored.tags)}" if stored.tags else ""
        lines.append(f'• "{imported.title}" is library article {stored.id} "{stored.title}" '
                     f"({how}; added {stored.added_at[:10]} by {stored.added_by}{tags})")
    if len(pairs) > MAX_LISTED:
        lines.append(f"… and {len(pairs) - MAX_LISTED} more")
    return "\n".join(lines)


class LibraryAsker:
    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def use_existing(self, pairs: list[tuple[Article, AddResult]]) -> bool:
        """True: take the library's articles instead of the imported copies."""
        box = QMessageBox(QMessageBox.Icon.Question, "Already in the Library",
                          f"{len(pairs)} imported article(s) are already in the library:\n\n"
                          f"{duplicates_text(pairs)}\n\nUse the library's articles (their title, "
                          "outlet, date and text), or keep the imported copies?",
                          parent=self.parent)
        use = box.addButton("Use the Library's", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep the Imported", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(use)
        box.exec()
        return box.clickedButton() is use

    def rename_tag(self, tags: list[str], current: str) -> tuple[str, str] | None:
        old = self._choose("Rename Tag", "Tag to rename:", tags, current)
        if old is None:
            return None
        new, ok = QInputDialog.getText(self.parent, "Rename Tag", f'New name for "{old}":',
                                       QLineEdit.EchoMode.Normal, old)
        return (old, new) if ok and new.strip() and new.strip() != old else None

    def merge_tags(self, tags: list[str], current: str) -> tuple[str, str] | None:
        source = self._choose("Merge Tags", "Merge this tag:", tags, current)
        if source is None:
            return None
        others = [t for t in tags if t != source]
        into, ok = QInputDialog.getItem(self.parent, "Merge Tags",
                                        f'Into (every article tagged "{source}" gets it):',
                                        others, 0, True)
        return (source, into) if ok and into.strip() else None

    def _choose(self, title: str, label: str, tags: list[str], current: str) -> str | None:
        if not tags:
            QMessageBox.information(self.parent, title, "The library has no tags yet.")
            return None
        at = tags.index(current) if current in tags else 0
        chosen, ok = QInputDialog.getItem(self.parent, title, label, tags, at, False)
        return chosen if ok and chosen else None
