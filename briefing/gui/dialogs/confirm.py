"""Deleting is never silent: an article that has clips, or a section that has items, is
deleted only after a question that says what goes with it.

`delete_question` words the question from the briefing (None when nothing else goes, so a
bare article or an empty section is deleted at once); `allowed` puts it to an asker (the
document controller's, so tests script the answer); `ask_delete` is the real dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from PySide6.QtWidgets import QMessageBox, QWidget

from briefing.core.model import Briefing, ClipRef, Figure, Note

Kind = Literal["article", "section"]


@dataclass(frozen=True)
class DeleteQuestion:
    title: str  # the window title, e.g. "Delete Article"
    text: str  # the question, naming what is deleted
    details: str  # what goes with it, with the counts


class _Asker(Protocol):
    def confirm_delete(self, question: DeleteQuestion) -> bool: ...


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def delete_question(briefing: Briefing, kind: Kind, ident: str) -> DeleteQuestion | None:
    """The question before deleting this article or section; None when it goes alone."""
    undo = "Undo (Ctrl+Z) brings it all back."
    if kind == "article":
        article = briefing.article(ident)
        clips = briefing.clips_of(ident) if article is not None else []
        if article is None or not clips:
            return None
        placed = briefing.placed_clip_ids()
        in_outline = sum(1 for clip in clips if clip.id in placed)
        ids = {clip.id for clip in clips}
        judgments = sum(
            1 for j in briefing.meta.key_judgments if ids.intersection(j.clip_ids)
        )
        parts = [f"{in_outline} placed in the outline"] if in_outline else []
        if judgments:
            parts.append(f"cited by {_count(judgments, 'key judgment')}")
        verb = "goes" if len(clips) == 1 else "go"
        details = f"Its {_count(len(clips), 'clip')} {verb} with it"
        details += f" ({', '.join(parts)})." if parts else "."
        return DeleteQuestion(
            "Delete Article",
            f"Delete the article “{_short(article.title or article.id)}”?",
            f"{details} {undo}",
        )
    section = briefing.section(ident)
    if section is None or not section.items:
        return None
    clips = sum(1 for item in section.items if isinstance(item, ClipRef))
    notes = sum(1 for item in section.items if isinstance(item, Note))
    figures = sum(1 for item in section.items if isinstance(item, Figure))
    parts = []
    if clips:
        parts.append(f"its {_count(clips, 'placed clip')} go back to the clip list, unplaced")
    if notes:
        parts.append(f"its {_count(notes, 'note')} {'is' if notes == 1 else 'are'} deleted")
    if figures:
        parts.append(f"its {_count(figures, 'figure')} {'is' if figures == 1 else 'are'} deleted")
    details = "; ".join(parts)
    return DeleteQuestion(
        "Delete Section",
        f"Delete the section “{_short(section.heading or 'Untitled')}”?",
        f"{details[0].upper()}{details[1:]}. {undo}",
    )


def allowed(asker: _Asker, briefing: Briefing, kind: Kind, ident: str) -> bool:
    """True when the article or section may be deleted: nothing goes with it, or the user
    agreed to what does."""
    question = delete_question(briefing, kind, ident)
    return question is None or asker.confirm_delete(question)


def ask_delete(parent: QWidget | None, question: DeleteQuestion) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(question.title)
    box.setText(question.text)
    box.setInformativeText(question.details)
    delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(delete)  # the user just asked for it; the text says what goes
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is delete
