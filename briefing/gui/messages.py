"""Every question and error dialog the app asks, in one place with clear texts.

Thin wrappers around QMessageBox and QFileDialog. Tests replace these functions with
monkeypatch, so the GUI must call them through the module (`messages.show_error(...)`), not
import the names. `DialogAsker` puts the document controller's questions to the user.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from briefing.core.locking import LockOwner
from briefing.gui.names import APPLICATION as APP_NAME

if TYPE_CHECKING:
    from briefing.gui.dialogs.confirm import DeleteQuestion

SaveChoice = Literal["save", "discard", "cancel"]
LockedChoice = Literal["open", "take_over", "cancel"]
BRIEFING_FILTER = "Briefings (*.briefing)"
IMPORT_FILTER = (
    "Articles (*.txt *.md *.markdown *.html *.htm *.docx *.pdf);;All files (*)"
)
EXPORT_FILTERS = {
    "docx": "Word documents (*.docx)",
    "pdf": "PDF documents (*.pdf)",
    "html": "Web pages (*.html *.htm)",
}


class _RecoveryLike(Protocol):
    path: Path
    original_path: Path | None
    saved_at: str

    def display_name(self) -> str: ...


def _box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    informative: str = "",
) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title or APP_NAME)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    return box


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    """An error the user caused or must know about; `message` is one complete sentence (a
    BriefingError's text). The app carries on after OK."""
    box = _box(parent, QMessageBox.Icon.Critical, title, title, message)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def ask_save_discard_cancel(parent: QWidget | None, name: str) -> SaveChoice:
    """Before closing a briefing with unsaved changes."""
    box = _box(
        parent,
        QMessageBox.Icon.Warning,
        APP_NAME,
        f"Save the changes to “{name}” before closing?",
        "If you don't save, your changes since the last save will be lost.",
    )
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.button(QMessageBox.StandardButton.Discard).setText("Don't Save")
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return "save"
    if answer == QMessageBox.StandardButton.Discard:
        return "discard"
    return "cancel"


def ask_restore(
    parent: QWidget | None, info: _RecoveryLike, *, now: datetime | None = None
) -> bool:
    """After a crash: restore the autosaved copy (True) or throw it away (False).

    `now` decides whether the save time reads "today"; tests pass it, the app uses the clock.
    """
    where = (
        f"It belongs to {info.original_path}."
        if info.original_path is not None
        else "It was never saved to a file."
    )
    box = _box(
        parent,
        QMessageBox.Icon.Question,
        f"Restore unsaved changes? — {APP_NAME}",
        f"{APP_NAME} did not close properly. Restore the unsaved changes to "
        f"“{info.display_name()}” saved automatically {_when(info.saved_at, now)}?",
        f"{where}\n\nRestore opens the recovered briefing; save it to keep it. "
        "Discard deletes the recovered copy for good.",
    )
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(restore)
    # No escape button: a stray Esc must not throw away someone's work.
    box.exec()
    return box.clickedButton() is restore


def warn_locked(
    parent: QWidget | None, path: str | os.PathLike[str], owner: LockOwner
) -> bool:
    """The briefing is open in another instance: open it anyway (True) or not (False; also
    when the user chose to take the lock over, which callers of this older form ignore)."""
    return ask_locked(parent, path, owner) == "open"


def ask_locked(
    parent: QWidget | None,
    path: str | os.PathLike[str],
    owner: LockOwner,
    now: datetime | None = None,
) -> LockedChoice:
    """The briefing is open in another instance: "open" it anyway (the lock stays theirs),
    "take_over" the lock (offered when it may be abandoned: another computer, or old), or
    "cancel". The text says where and for how long, in words."""
    name = Path(path).name
    where = "in another window on this computer" if owner.on_this_host() else (
        f"on {owner.host or 'another computer'}")
    held = owner.held_for(now)
    by = f" by {owner.user}" if owner.user else ""
    text = f"“{name}” has been open in {APP_NAME}{by} {where}"
    text += f" for {held}." if held else "."
    offer = owner.may_be_abandoned(now)
    if offer:
        informative = (
            "If that window is closed or that computer is off or gone, Take Over makes the "
            "briefing yours here. Open Anyway leaves the lock to them: whichever copy is "
            "saved last replaces the other's changes."
        )
    else:
        informative = (
            "If you open it here too, whichever copy is saved last replaces the other's "
            "changes. Open it only if that other window has closed or will not save."
        )
    box = _box(parent, QMessageBox.Icon.Warning, f"Briefing already open — {APP_NAME}", text,
               f"{informative}\n\nHeld by {owner.describe(now)}.")
    take_over = box.addButton("Take Over", QMessageBox.ButtonRole.AcceptRole) if offer else None
    open_anyway = box.addButton("Open Anyway", QMessageBox.ButtonRole.ActionRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if take_over is not None and clicked is take_over:
        return "take_over"
    return "open" if clicked is open_anyway else "cancel"


def ask_file_changed(parent: QWidget | None, path: str | os.PathLike[str]) -> str:
    """The briefing changed on disk since it was opened: "reload", "copy", "merge" or
    "cancel"."""
    box = _box(
        parent,
        QMessageBox.Icon.Warning,
        f"Briefing changed on disk — {APP_NAME}",
        f"“{Path(path).name}” was changed by another program or window after you opened it.",
        "Saving now would replace those changes. Merge adds what the file on disk has that "
        "this window lacks and then saves; Keep Mine as a Copy saves this version under another "
        "name; Reload drops the changes made here.",
    )
    merge = box.addButton("Merge", QMessageBox.ButtonRole.AcceptRole)
    copy = box.addButton("Keep Mine as a Copy…", QMessageBox.ButtonRole.ActionRole)
    reload = box.addButton("Reload", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(merge)
    box.setEscapeButton(cancel)
    box.exec()
    return {merge: "merge", copy: "copy", reload: "reload"}.get(box.clickedButton(), "cancel")


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def _when(saved_at: str, now: datetime | None = None) -> str:
    """ "at 14:05 today" / "on 26 November 2026 at 09:12", in local time.

    Month names are spelt out here, not with strftime's %B: once a QApplication exists the C
    locale follows the user's, and the rest of the message is English.
    """
    try:
        moment = datetime.fromisoformat(saved_at).astimezone()
    except (ValueError, TypeError):
        return "before the crash"
    today = (now or datetime.now()).astimezone().date()
    if moment.date() == today:
        return f"at {moment:%H:%M} today"
    return f"on {moment.day} {_MONTHS[moment.month - 1]} {moment.year} at {moment:%H:%M}"


def show_about(parent: QWidget | None) -> None:
    from briefing import __version__

    QMessageBox.about(
        parent, f"About {APP_NAME}",
        f"<b>{APP_NAME}</b> {__version__}<br>Turn news articles into a sourced briefing "
        "in Word and PDF.",
    )


def choose_import_files(parent: QWidget | None, folder: str) -> list[Path]:
    """The article files to import, starting in `folder`; empty when cancelled."""
    chosen, _ = QFileDialog.getOpenFileNames(parent, "Import Articles", folder, IMPORT_FILTER)
    return [Path(name) for name in chosen]


def choose_export_target(parent: QWidget | None, suggestion: Path, fmt: str) -> Path | None:
    """Where to export as `fmt` ("docx", "pdf" or "html"), proposing `suggestion`; None when
    cancelled."""
    chosen, _ = QFileDialog.getSaveFileName(parent, f"Export {fmt.upper()}", str(suggestion),
                                            EXPORT_FILTERS[fmt])
    return Path(chosen) if chosen else None


class DialogAsker:
    """The document controller's questions (see `document.Asker`) as dialogs over `parent`.

    Each method looks the dialog function up when called, so a test's monkeypatch of
    `messages.show_error` and the like also reaches the controller."""

    def __init__(self, parent: QWidget | None) -> None:
        self.parent = parent

    def save_changes(self, name: str) -> SaveChoice:
        return ask_save_discard_cancel(self.parent, name)

    def open_locked(self, path: Path, owner: LockOwner) -> LockedChoice:
        return ask_locked(self.parent, path, owner)

    def restore(self, info: _RecoveryLike) -> bool:
        return ask_restore(self.parent, info)

    def file_changed(self, path: Path) -> str:
        return ask_file_changed(self.parent, path)

    def file_to_open(self, folder: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(self.parent, "Open Briefing", folder,
                                                BRIEFING_FILTER)
        return Path(chosen) if chosen else None

    def file_to_save(self, suggestion: Path) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self.parent, "Save Briefing As",
                                                str(suggestion), BRIEFING_FILTER)
        return Path(chosen) if chosen else None

    def error(self, title: str, message: str) -> None:
        show_error(self.parent, title, message)

    def confirm_delete(self, question: DeleteQuestion) -> bool:
        from briefing.gui.dialogs import confirm  # looked up when asked, for monkeypatching

        return confirm.ask_delete(self.parent, question)
