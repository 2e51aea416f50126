"""Undo commands and the session that owns the open briefing.

Every change the GUI makes goes through `BriefingSession.run(command)`. A command calls one
core operation in `redo()` and the undo it returned in `undo()`; both give a `Changes` record
(briefing.core.changes), which the session broadcasts in `changed` so the Qt item models update
exactly the rows it names. "Modified" is `not undo_stack.isClean()`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from briefing.core import ops
from briefing.core.changes import Changes
from briefing.core.images import ImageData
from briefing.core.model import Article, Briefing, Clip, ClipKind, new_id
from briefing.core.ops import OpError, OpResult, Undo

Apply = Callable[[Briefing], OpResult]

# QUndoCommand.id() for commands that may merge (typing in an inspector field); the merge key
# decides whether two of them really edit the same field of the same object.
_MERGEABLE_ID = 4242


class BriefingSession(QObject):
    """The open briefing, its file path and its undo stack."""

    # The Changes record of each operation done, undone or redone.
    changed = Signal(object)
    # A different briefing was loaded (New, Open, recovery): views drop their selection.
    replaced = Signal()
    pathChanged = Signal()

    def __init__(self, briefing: Briefing | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.briefing = briefing or Briefing()
        self.path: Path | None = None
        self.undo_stack = QUndoStack(self)
        self.last_error = ""
        # The record being broadcast, while `changed` is being emitted (see notify).
        self.changes_in_flight: Changes | None = None

    def replace(self, briefing: Briefing, path: Path | None) -> None:
        self.briefing = briefing
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.set_path(path)
        self.replaced.emit()

    def set_path(self, path: Path | None) -> None:
        self.path = path
        self.pathChanged.emit()

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def run(self, command: OpCommand) -> bool:
        """Push a command; False (and `last_error` set) when the core refused the change."""
        self.undo_stack.push(command)
        if command.error:
            self.last_error = command.error
            return False
        return True

    @contextmanager
    def macro(self, text: str, count: int) -> Iterator[None]:
        """Make the `count` commands run in the block one undo step called `text`; a single
        command keeps its own name."""
        grouped = count > 1
        if grouped:
            self.undo_stack.beginMacro(text)
        try:
            yield
        finally:
            if grouped:
                self.undo_stack.endMacro()

    def notify(self, changes: Changes) -> None:
        """Broadcast what an operation changed. A model that rebuilds itself from the
        briefing while this runs (e.g. the clip tray switched to another article by a
        selection that moved) already shows the result: `changes_in_flight` tells it to
        skip the record's remaining steps."""
        if changes.empty:
            return
        outer, self.changes_in_flight = self.changes_in_flight, changes
        try:
            self.changed.emit(changes)
        finally:
            self.changes_in_flight = outer


class OpCommand(QUndoCommand):
    """Calls a core operation in redo() and the undo it returned in undo()."""

    def __init__(
        self,
        session: BriefingSession,
        text: str,
        apply: Apply,
        *,
        merge_key: Hashable | None = None,
    ) -> None:
        super().__init__(text)
        self._session = session
        self._apply = apply
        self._undo: Undo | None = None
        self.merge_key = merge_key
        self.error = ""
        self.created_id: str | None = None

    def redo(self) -> None:
        try:
            result = self._apply(self._session.briefing)
        except OpError as exc:
            # Only possible on the first redo (inside push): an obsolete command is dropped
            # by the stack at once, so the stack never holds a change that did not happen.
            self.error = str(exc)
            self.setObsolete(True)
            return
        self._undo = result.undo
        self._session.notify(result.changes)

    def undo(self) -> None:
        if self._undo is not None:
            changes = self._undo()
            self._undo = None
            self._session.notify(changes)

    def id(self) -> int:
        return _MERGEABLE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, OpCommand) or other.merge_key != self.merge_key:
            return False
        # Our undo restores the state before the first keystroke (and reports the same
        # field written); a later redo must apply the latest value.
        self._apply = other._apply
        return True


def _field_label(name: str) -> str:
    return {
        "speaker_role": "role",
        "page_size": "page size",
        "clip_ids": "supporting clips",
    }.get(name, name)


# ---- articles ---------------------------------------------------------------------------------
def add_articles(session: BriefingSession, articles: list[Article]) -> OpCommand:
    if len(articles) == 1:
        text = f"Import “{_short(articles[0].title) or 'article'}”"
    else:
        text = f"Import {len(articles)} articles"
    return OpCommand(session, text, lambda b: ops.add_articles(b, articles))


def edit_article(session: BriefingSession, article_id: str, name: str, value: object) -> OpCommand:
    return OpCommand(
        session,
        f"Edit article {_field_label(name)}",
        lambda b: ops.edit_article(b, article_id, **{name: value}),
        merge_key=("article", article_id, name),
    )


def remove_article(session: BriefingSession, article_id: str) -> OpCommand:
    return OpCommand(session, "Remove article", lambda b: ops.remove_article(b, article_id))


# ---- clips ------------------------------------------------------------------------------------
def _clip_noun(clip: Clip | None) -> str:
    """How undo texts name a clip (a clip already gone is called a quote)."""
    return "excerpt" if clip is not None and clip.kind == ClipKind.EXCERPT else "quote"


def add_clip(session: BriefingSession, clip: Clip) -> OpCommand:
    command = OpCommand(session, f"Add {_clip_noun(clip)}", lambda b: ops.add_clip(b, clip))
    command.created_id = clip.id
    return command


def edit_clip(session: BriefingSession, clip_id: str, name: str, value: object) -> OpCommand:
    return OpCommand(
        session,
        f"Set {_field_label(name)}",
        lambda b: ops.edit_clip(b, clip_id, **{name: value}),
        merge_key=("clip", clip_id, name),
    )


def remove_clip(session: BriefingSession, clip_id: str) -> OpCommand:
    noun = _clip_noun(session.briefing.clip(clip_id))
    return OpCommand(session, f"Delete {noun}", lambda b: ops.remove_clip(b, clip_id))


# ---- sections and items -----------------------------------------------------------------------
def add_section(
    session: BriefingSession, heading: str = "New section", index: int | None = None
) -> OpCommand:
    section_id = new_id("s")  # fixed now, so a redo recreates the id later commands use

    def apply(briefing: Briefing) -> OpResult:
        return ops.add_section(briefing, heading, index=index, section_id=section_id)[1]

    command = OpCommand(session, "Add section", apply)
    command.created_id = section_id
    return command


def edit_section(session: BriefingSession, section_id: str, name: str, value: str) -> OpCommand:
    return OpCommand(
        session,
        f"Edit section {_field_label(name)}",
        lambda b: ops.edit_section(b, section_id, **{name: value}),
        merge_key=("section", section_id, name),
    )


def rename_section(session: BriefingSession, section_id: str, heading: str) -> OpCommand:
    """An inline rename in the outline: one whole edit, never merged with typing."""
    return OpCommand(
        session,
        "Rename section",
        lambda b: ops.edit_section(b, section_id, heading=heading),
    )


def move_section(session: BriefingSession, section_id: str, new_index: int) -> OpCommand:
    return OpCommand(
        session, "Move section", lambda b: ops.move_section(b, section_id, new_index)
    )


def remove_section(session: BriefingSession, section_id: str) -> OpCommand:
    return OpCommand(session, "Delete section", lambda b: ops.remove_section(b, section_id))


def place_clip(
    session: BriefingSession, clip_id: str, section_id: str, index: int | None = None
) -> OpCommand:
    noun = _clip_noun(session.briefing.clip(clip_id))
    verb = "Move" if session.briefing.placement(clip_id) else "Place"
    return OpCommand(
        session, f"{verb} {noun}", lambda b: ops.place_clip(b, clip_id, section_id, index)
    )


def move_item(
    session: BriefingSession, item_id: str, section_id: str, index: int | None = None
) -> OpCommand:
    return OpCommand(
        session, "Move item", lambda b: ops.move_item(b, item_id, section_id, index)
    )


def step_item(session: BriefingSession, item_id: str, step: int) -> OpCommand:
    """Move an item one place up (-1) or down (+1), on into the next section at an edge."""
    return OpCommand(session, "Move item", lambda b: ops.step_item(b, item_id, step))


def remove_item(session: BriefingSession, item_id: str) -> OpCommand:
    """Take a clip out of its section (it stays in the briefing) or delete a note."""
    is_clip = session.briefing.clip(item_id) is not None
    text = "Remove from section" if is_clip else "Delete note"
    return OpCommand(session, text, lambda b: ops.remove_item(b, item_id))


def add_note(
    session: BriefingSession, section_id: str, text: str = "", index: int | None = None
) -> OpCommand:
    note_id = new_id("n")

    def apply(briefing: Briefing) -> OpResult:
        return ops.add_note(briefing, section_id, text, index, note_id=note_id)[1]

    command = OpCommand(session, "Add note", apply)
    command.created_id = note_id
    return command


def edit_note(session: BriefingSession, note_id: str, text: str) -> OpCommand:
    return OpCommand(
        session,
        "Edit note",
        lambda b: ops.edit_note(b, note_id, text),
        merge_key=("note", note_id),
    )


def add_figure(
    session: BriefingSession,
    section_id: str,
    image: ImageData,
    caption: str = "",
    credit: str = "",
    index: int | None = None,
) -> OpCommand:
    figure_id = new_id("f")

    def apply(briefing: Briefing) -> OpResult:
        return ops.add_figure(
            briefing, section_id, image, caption, credit, index, figure_id=figure_id
        )[1]

    command = OpCommand(session, "Add figure", apply)
    command.created_id = figure_id
    return command


def edit_figure(session: BriefingSession, figure_id: str, name: str, value: str) -> OpCommand:
    """Change a figure's caption or credit; typing merges into one undo step per field."""
    return OpCommand(
        session,
        f"Edit figure {name}",
        lambda b: ops.edit_figure(b, figure_id, **{name: value}),
        merge_key=("figure", figure_id, name),
    )


# ---- briefing properties ----------------------------------------------------------------------
def edit_meta(session: BriefingSession, name: str, value: object) -> OpCommand:
    return OpCommand(
        session,
        f"Set {_field_label(name)}",
        lambda b: ops.edit_meta(b, **{name: value}),
        merge_key=("meta", name),
    )


def add_key_judgment(session: BriefingSession, text: str = "") -> OpCommand:
    judgment_id = new_id("k")

    def apply(briefing: Briefing) -> OpResult:
        return ops.add_key_judgment(briefing, text, judgment_id=judgment_id)[1]

    command = OpCommand(session, "Add key judgment", apply)
    command.created_id = judgment_id
    return command


def edit_key_judgment(
    session: BriefingSession, judgment_id: str, name: str, value: object
) -> OpCommand:
    return OpCommand(
        session,
        f"Edit key judgment {_field_label(name)}",
        lambda b: ops.edit_key_judgment(b, judgment_id, **{name: value}),
        merge_key=("judgment", judgment_id, name) if name == "text" else None,
    )


def remove_key_judgment(session: BriefingSession, judgment_id: str) -> OpCommand:
    return OpCommand(
        session, "Delete key judgment", lambda b: ops.remove_key_judgment(b, judgment_id)
    )


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
