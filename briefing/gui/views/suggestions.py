"""The Suggestions list: the quotes the finder suggests for the article in the reader.

Enter accepts the current suggestion (a normal clip with speaker and role, one undo step);
if the reader's selection overlaps it, the selected span is taken instead, so the analyst can
change the span before accepting. Delete rejects it, remembered for that article (by its text,
across sessions). "Accept all" is one undo step too. The finder runs in a worker (`SuggestJob`)
whenever another article is shown; the model loads there, never on the GUI thread.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefing.core.model import Article, Clip
from briefing.core.suggest.clips import clip_for
from briefing.core.suggest.types import Suggestion, quote_preview, speaker_label
from briefing.gui import commands
from briefing.gui.commands import BriefingSession
from briefing.gui.views.reader import ReaderView
from briefing.gui.workers import SuggestJob

_SETTINGS_GROUP = "suggestions/rejected"


class RejectedStore:
    """Rejected suggestions per article text: an article imported again keeps them."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings if settings is not None else QSettings()

    @staticmethod
    def _key(text: str) -> str:
        return f"{_SETTINGS_GROUP}/{hashlib.sha1(text.encode('utf-8')).hexdigest()}"

    def spans(self, text: str) -> set[tuple[int, int]]:
        stored = self._settings.value(self._key(text), [])
        values = [stored] if isinstance(stored, str) else list(stored or [])
        spans = set()
        for value in values:
            start, _, end = str(value).partition("-")
            if start.isdigit() and end.isdigit():
                spans.add((int(start), int(end)))
        return spans

    def reject(self, text: str, span: tuple[int, int]) -> None:
        spans = self.spans(text) | {span}
        self._settings.setValue(self._key(text), [f"{s}-{e}" for s, e in sorted(spans)])


class SuggestionsView(QWidget):
    """The list, its three buttons and a status line; drives the reader's underlines."""

    countChanged = Signal(int)

    def __init__(
        self,
        session: BriefingSession,
        reader: ReaderView,
        rejected: RejectedStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("suggestions")
        self.session = session
        self.reader = reader
        self.rejected = rejected or RejectedStore()
        self._article: Article | None = None
        self._found: dict[str, tuple[str, list[Suggestion]]] = {}  # article id -> (text, all)
        self._shown: list[Suggestion] = []
        self._unconfirmed: list[Clip] = []  # clips filed by `import --suggest`, listed first
        self._job: SuggestJob | None = None
        self._pending: Article | None = None

        self.list = QListWidget()
        self.list.setObjectName("suggestionList")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setToolTip("Enter: accept as a clip · Delete: reject")
        self.list.currentRowChanged.connect(self._on_current_changed)
        self.list.installEventFilter(self)
        self.accept_button = QPushButton("Accept")
        self.reject_button = QPushButton("Reject")
        self.accept_all_button = QPushButton("Accept all")
        self.accept_button.clicked.connect(self.accept_current)
        self.reject_button.clicked.connect(self.reject_current)
        self.accept_all_button.clicked.connect(self.accept_all)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #667;")

        buttons = QHBoxLayout()
        for button in (self.accept_button, self.reject_button, self.accept_all_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

        session.changed.connect(lambda _changes: self._refresh())
        session.replaced.connect(lambda: self.show_article(None))
        self._refresh()

    # ---- which article -------------------------------------------------------------------
    def show_article(self, article: Article | None) -> None:
        """Show the suggestions for this article, finding them in the worker if needed."""
        self._article = article
        if article is not None and self._found.get(article.id, ("",))[0] != article.text:
            self._run(article)
        self._refresh()

    def _run(self, article: Article) -> None:
        if self._job is not None and self._job.is_running():
            self._pending = article  # one job at a time; the latest article waits
            return
        job = SuggestJob(article, self)
        job.finished.connect(self._on_found)
        job.failed.connect(self._on_failed)
        self._job = job
        job.start()

    def _next(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None and self._found.get(pending.id, ("",))[0] != pending.text:
            self._run(pending)

    def _on_found(self, article_id: str, text: str, suggestions: list) -> None:
        self._found[article_id] = (text, suggestions)
        self._next()
        self._refresh()

    def _on_failed(self, article_id: str, message: str) -> None:
        self._next()
        if self._article is not None and self._article.id == article_id:
            self.status.setText(f"Could not find quotes: {message}")

    def wait(self, timeout_ms: int = 60_000) -> bool:
        """Block until the running job ends (tests and shutdown)."""
        return self._job is None or self._job.wait(timeout_ms)

    # ---- the list ------------------------------------------------------------------------
    def suggestions(self) -> list[Suggestion]:
        return list(self._shown)

    def unconfirmed(self) -> list[Clip]:
        return list(self._unconfirmed)

    def _refresh(self) -> None:
        article = self._article
        if article is not None and self.session.briefing.article(article.id) is None:
            article = self._article = None
        clips = self.session.briefing.clips_of(article.id) if article else []
        self._unconfirmed = [c for c in clips if c.suggested]
        found = self._found.get(article.id) if article else None
        if article is None or found is None or found[0] != article.text:
            self._shown = []
            self.status.setText("" if article is None else "Finding quotes…")
        else:
            clipped = {(c.start, c.end) for c in self.session.briefing.clips_of(article.id)}
            rejected = self.rejected.spans(article.text)
            self._shown = [
                s
                for s in found[1]
                if (s.start, s.end) not in clipped and (s.start, s.end) not in rejected
            ]
            without = sum(1 for s in self._shown if not s.speaker and not s.role)
            note = f" · {without} without a speaker" if without else ""
            filed = len(self._unconfirmed)
            note += f" · {filed} filed clip(s) to confirm" if filed else ""
            self.status.setText(f"{len(self._shown)} suggestion(s){note}")
        row = max(self.list.currentRow(), 0)
        self.list.blockSignals(True)
        self.list.clear()
        for clip in self._unconfirmed:
            item = QListWidgetItem(_clip_label(clip))
            item.setToolTip("Filed by import --suggest: Enter confirms it, Delete removes it")
            self.list.addItem(item)
        for suggestion in self._shown:
            item = QListWidgetItem(_label(suggestion))
            item.setToolTip(f"{suggestion.reason} (confidence {suggestion.confidence:.2f})")
            self.list.addItem(item)
        self.list.blockSignals(False)
        rows = len(self._unconfirmed) + len(self._shown)
        if rows:
            self.list.setCurrentRow(min(row, rows - 1))
        self._update_reader()
        for button in (self.accept_button, self.reject_button, self.accept_all_button):
            button.setEnabled(bool(rows))
        self.countChanged.emit(rows)

    def _current_clip(self) -> Clip | None:
        row = self.list.currentRow()
        return self._unconfirmed[row] if 0 <= row < len(self._unconfirmed) else None

    def _current(self) -> Suggestion | None:
        row = self.list.currentRow() - len(self._unconfirmed)
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def _on_current_changed(self, _row: int) -> None:
        self._update_reader(scroll=True)

    def _update_reader(self, *, scroll: bool = False) -> None:
        current: Suggestion | Clip | None = self._current() or self._current_clip()
        spans = [(c.start, c.end) for c in self._unconfirmed] + [
            (s.start, s.end) for s in self._shown
        ]
        self.reader.set_suggestions(spans, (current.start, current.end) if current else None)
        if scroll and current is not None and self.reader.article is self._article:
            self.reader.scroll_to(current.start)

    # ---- accept / reject -----------------------------------------------------------------
    def _clip(self, suggestion: Suggestion) -> Clip | None:
        article = self._article
        if article is None or article.text[suggestion.start : suggestion.end] != suggestion.text:
            return None
        clip = clip_for(article.id, suggestion, suggested=False)
        selected = self.reader.selected_span() if self.reader.article is article else None
        if selected and selected[0] < suggestion.end and suggestion.start < selected[1]:
            clip.start, clip.end = selected  # the analyst changed the span before accepting
            clip.text = article.text[clip.start : clip.end]
        return clip

    def accept_current(self) -> bool:
        filed = self._current_clip()
        if filed is not None:  # confirm what import --suggest filed
            return self.session.run(commands.edit_clip(self.session, filed.id, "suggested", False))
        suggestion = self._current()
        clip = self._clip(suggestion) if suggestion else None
        if clip is None:
            return False
        self.reader.clear_selection()
        return self.session.run(commands.add_clip(self.session, clip))

    def accept_all(self) -> int:
        clips = [c for c in (self._clip(s) for s in self._shown) if c is not None]
        filed = list(self._unconfirmed)
        count = len(clips) + len(filed)
        with self.session.macro(f"Accept {count} suggestions", count):
            done = sum(
                self.session.run(commands.edit_clip(self.session, c.id, "suggested", False))
                for c in filed
            )
            done += sum(self.session.run(commands.add_clip(self.session, c)) for c in clips)
        return done

    def reject_current(self) -> None:
        filed = self._current_clip()
        if filed is not None and self._article is not None:
            self.rejected.reject(self._article.text, (filed.start, filed.end))
            self.session.run(commands.remove_clip(self.session, filed.id))
            return
        suggestion = self._current()
        if suggestion is None or self._article is None:
            return
        self.rejected.reject(self._article.text, (suggestion.start, suggestion.end))
        self._refresh()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.list and event.type() == event.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept_current()
                return True
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.reject_current()
                return True
        return super().eventFilter(watched, event)


def _clip_label(clip: Clip) -> str:
    text, who = quote_preview(clip.text, 120), speaker_label(clip.speaker, clip.speaker_role)
    return f"“{text}”\n— {who}   [filed, to confirm]"


def _label(suggestion: Suggestion) -> str:
    text = quote_preview(suggestion.text, 120)
    who = speaker_label(suggestion.speaker, suggestion.role)
    return f"“{text}”\n— {who}   [{suggestion.kind}]"
