"""Undo commands and the session that owns the open briefing.

Every change the GUI makes goes through `BriefingSession.run(command)`. A command calls one
core operation (or a short chain of them) in `redo()` and the `Undo` it returned in `undo()`;
the session then tells the Qt item models what kind of change happened. "Modified" is
`not undo_stack.isClean()`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from briefing.core import ops
from briefing.core.model import Article, Briefing, Clip, ClipKind, new_id
from briefing.core.ops import OpError, Undo

Apply = Callable[[Briefing], Undo]

# QUndoCommand.id() for commands that may merge (typing in an inspector field); the merge key
# decides whether two of them really edit the same field of the same object.
_MERGEABLE_ID = 4242


class BriefingSession(QObject):
    """The open briefing, its file path and its undo stack."""

    # True when items were added, removed or moved; False when only texts/fields changed.
    changed = Signal(bool)
    # A different briefing was loaded (New, Open, recovery): views drop their selection.
    replaced = Signal()
    pathChanged = Signal()

    def __init__(self, briefing: Briefing | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.briefing = briefing or Briefing()
        self.path: Path | None = None
        self.undo_stack = QUndoStack(self)
        self.last_error = ""
        self.changed_id: str | None = None

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

    def notify(self, structural: bool, target_id: str | None = None) -> None:
        # Item models read `changed_id` to refresh only the row that a field edit touched
        # ("" for the briefing's own properties, None when unknown).
        self.changed_id = None if structural else target_id
        self.changed.emit(structural)


class OpCommand(QUndoCommand):
    """Calls a core operation in redo() and the Undo it returned in undo()."""

    def __init__(
        self,
        session: BriefingSession,
        text: str,
        apply: Apply,
        *,
        structural: bool = True,
        merge_key: Hashable | None = None,
        target_id: str | None = None,
    ) -> None:
        super().__init__(text)
        self._session = session
        self._apply = apply
        self._structural = structural
        self._undo: Undo | None = None
        self.merge_key = merge_key
        self.target_id = target_id  # for field edits: the object changed ("" = briefing)
        self.error = ""
        self.created_id: str | None = None

    def redo(self) -> None:
        try:
            self._undo = self._apply(self._session.briefing)
        except OpError as exc:
            # Only possible on the first redo (inside push): an obsolete command is dropped
            # by the stack at once, so the stack never holds a change that did not happen.
            self.error = str(exc)
            self.setObsolete(True)
            return
        self._session.notify(self._structural, self.target_id)

    def undo(self) -> None:
        if self._undo is not None:
            self._undo()
            self._undo = None
            self._session.notify(self._structural, self.target_id)

    def id(self) -> int:
        return _MERGEABLE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, OpCommand) or other.merge_key != self.merge_key:
            return False
        # Our Undo restores the state before the first keystroke; a later redo must apply
        # the latest value.
        self._apply = other._apply
        return True


def _chain(undos: list[Undo]) -> Undo:
    def undo() -> None:
        for step in reversed(undos):
            step()

    return undo


def _field_label(name: str) -> str:
    return {
        "speaker_role": "role",
        "page_size": "page size",
        "clip_ids": "supporting clips",
    }.get(name, name)


# ---- articles ---------------------------------------------------------------------------------
def add_articles(session: BriefingSession, articles: list[Article]) -> OpCommand:
    def apply(briefing: Briefing) -> Undo:
        undos: list[Undo] = []
        try:
            for article in articles:
                undos.append(ops.add_article(briefing, article))
        except OpError:
            _chain(undos)()
            raise
        return _chain(undos)

    if len(articles) == 1:
        text = f"Import “{_short(articles[0].title) or 'article'}”"
    else:
        text = f"Import {len(articles)} articles"
    return OpCommand(session, text, apply)


def edit_article(session: BriefingSession, article_id: str, name: str, value: object) -> OpCommand:
    return OpCommand(
        session,
        f"Edit article {_field_label(name)}",
        lambda b: ops.edit_article(b, article_id, **{name: value}),
        structural=False,
        target_id=article_id,
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
        structural=False,
        target_id=clip_id,
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

    def apply(briefing: Briefing) -> Undo:
        _, undo = ops.add_section(briefing, heading, index=index, section_id=section_id)
        return undo

    command = OpCommand(session, "Add section", apply)
    command.created_id = section_id
    return command


def edit_section(session: BriefingSession, section_id: str, name: str, value: str) -> OpCommand:
    return OpCommand(
        session,
        f"Edit section {_field_label(name)}",
        lambda b: ops.edit_section(b, section_id, **{name: value}),
        structural=False,
        target_id=section_id,
        merge_key=("section", section_id, name),
    )


def rename_section(session: BriefingSession, section_id: str, heading: str) -> OpCommand:
    """An inline rename in the outline: one whole edit, never merged with typing."""
    return OpCommand(
        session,
        "Rename section",
        lambda b: ops.edit_section(b, section_id, heading=heading),
        structural=False,
        target_id=section_id,
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


def remove_item(session: BriefingSession, item_id: str) -> OpCommand:
    """Take a clip out of its section (it stays in the briefing) or delete a note."""
    is_clip = session.briefing.clip(item_id) is not None
    text = "Remove from section" if is_clip else "Delete note"
    return OpCommand(session, text, lambda b: ops.remove_item(b, item_id))


def add_note(
    session: BriefingSession, section_id: str, text: str = "", index: int | None = None
) -> OpCommand:
    note_id = new_id("n")

    def apply(briefing: Briefing) -> Undo:
        _, undo = ops.add_note(briefing, section_id, text, index, note_id=note_id)
        return undo

    command = OpCommand(session, "Add note", apply)
    command.created_id = note_id
    return command


def edit_note(session: BriefingSession, note_id: str, text: str) -> OpCommand:
    return OpCommand(
        session,
        "Edit note",
        lambda b: ops.edit_note(b, note_id, text),
        structural=False,
        target_id=note_id,
        merge_key=("note", note_id),
    )


# ---- briefing properties ----------------------------------------------------------------------
def edit_meta(session: BriefingSession, name: str, value: object) -> OpCommand:
    return OpCommand(
        session,
        f"Set {_field_label(name)}",
        lambda b: ops.edit_meta(b, **{name: value}),
        structural=False,
        target_id="",
        merge_key=("meta", name),
    )


def add_key_judgment(session: BriefingSession, text: str = "") -> OpCommand:
    judgment_id = new_id("k")

    def apply(briefing: Briefing) -> Undo:
        _, undo = ops.add_key_judgment(briefing, text, judgment_id=judgment_id)
        return undo

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
        structural=False,
        target_id="",
        merge_key=("judgment", judgment_id, name) if name == "text" else None,
    )


def remove_key_judgment(session: BriefingSession, judgment_id: str) -> OpCommand:
    return OpCommand(
        session, "Delete key judgment", lambda b: ops.remove_key_judgment(b, judgment_id)
    )


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
