"""The inspector: a form for whatever is selected (clip, section, note, article) or, with
nothing selected, the briefing's own properties.

Every field edit becomes an undo command; typing in one field merges into one undo step. Forms
reload from the model after each change but leave a field alone when it already shows the
value, so the cursor never jumps while typing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from briefing.core.model import PAGE_SIZES, Article, ClipKind, ClipRef, Note
from briefing.core.theme import theme_names
from briefing.gui import commands
from briefing.gui.commands import BriefingSession, OpCommand
from briefing.gui.models import clip_label, shorten
from briefing.gui.views.figure_page import FigurePage
from briefing.gui.views.forms import (
    FormPage,
    detail_label,
    marking_combo,
    plain_edit,
    set_combo,
    set_line,
    set_plain,
    short_list,
)


def _split_authors(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


class ClipPage(FormPage):
    showInReader = Signal(str)

    def __init__(self, session: BriefingSession) -> None:
        super().__init__(session, "Clip")
        self.clip_id = ""
        self.kind = QComboBox()
        self.kind.setObjectName("clipKind")
        self.kind.addItem("Quote", ClipKind.QUOTE.value)
        self.kind.addItem("Excerpt", ClipKind.EXCERPT.value)
        self.speaker = QLineEdit()
        self.speaker.setObjectName("clipSpeaker")
        self.speaker.setPlaceholderText("Who said it")
        self.role = QLineEdit()
        self.role.setObjectName("clipRole")
        self.role.setPlaceholderText("e.g. Foreign Minister")
        self.text = plain_edit("The quoted text", 4)
        self.text.setObjectName("clipText")
        self.text.setToolTip("Mark cuts with … and insertions with [ ]: the checks compare "
                             "the quote with its source")
        self.note = plain_edit("Your note on this clip", 3)
        self.note.setObjectName("clipNote")
        self.marking = marking_combo()
        self.marking.setObjectName("clipMarking")
        self.source = detail_label()
        show = QPushButton("Show in Reader")
        show.clicked.connect(lambda: self.showInReader.emit(self.clip_id))

        self.form.addRow("Kind", self.kind)
        self.form.addRow("Speaker", self.speaker)
        self.form.addRow("Role", self.role)
        self.form.addRow("Text", self.text)
        self.form.addRow("Note", self.note)
        self.form.addRow("Marking", self.marking)
        source_box = QVBoxLayout()
        source_box.setSpacing(4)
        source_box.addWidget(self.source)
        source_box.addWidget(show, 0, Qt.AlignmentFlag.AlignLeft)
        self.form.addRow("Source", source_box)

        def edit(name: str) -> Callable[[object], OpCommand]:
            return lambda value: commands.edit_clip(session, self.clip_id, name, value)

        self.bind_combo_data(self.kind, edit("kind"))
        self.bind_line(self.speaker, edit("speaker"))
        self.bind_line(self.role, edit("speaker_role"))
        self.bind_plain(self.text, edit("text"))
        self.bind_plain(self.note, edit("note"))
        self.bind_combo_text(self.marking, edit("marking"))

    def _load(self) -> bool:
        clip = self.briefing.clip(self.clip_id)
        if clip is None:
            return False
        is_quote = clip.kind == ClipKind.QUOTE
        self.heading.setText("Quote" if is_quote else "Excerpt")
        set_combo(self.kind, clip.kind.value)
        set_line(self.speaker, clip.speaker)
        set_line(self.role, clip.speaker_role)
        set_plain(self.text, clip.text)
        set_plain(self.note, clip.note)
        set_combo(self.marking, clip.marking)
        for widget in (self.speaker, self.role):
            widget.setEnabled(is_quote)
        article = self.briefing.article(clip.article_id)
        placed = self.briefing.placement(clip.id)
        where = f"in section “{placed[0].heading}”" if placed else "not placed in a section yet"
        title = shorten(article.title, 60) if article else "(missing article)"
        outlet = f" ({article.outlet})" if article and article.outlet else ""
        self.source.setText(f"{title}{outlet}\n{where}")
        return True


class SectionPage(FormPage):
    def __init__(self, session: BriefingSession) -> None:
        super().__init__(session, "Section")
        self.section_id = ""
        self.heading_edit = QLineEdit()
        self.heading_edit.setObjectName("sectionHeading")
        self.commentary = plain_edit("Your commentary, printed under the heading", 6)
        self.commentary.setObjectName("sectionCommentary")
        self.count = detail_label()
        self.form.addRow("Heading", self.heading_edit)
        self.form.addRow("Commentary", self.commentary)
        self.form.addRow("", self.count)
        self.bind_line(
            self.heading_edit,
            lambda v: commands.edit_section(session, self.section_id, "heading", v),
        )
        self.bind_plain(
            self.commentary,
            lambda v: commands.edit_section(session, self.section_id, "commentary", v),
        )

    def _load(self) -> bool:
        section = self.briefing.section(self.section_id)
        if section is None:
            return False
        set_line(self.heading_edit, section.heading)
        set_plain(self.commentary, section.commentary)
        clips = sum(1 for i in section.items if isinstance(i, ClipRef))
        notes = sum(1 for i in section.items if isinstance(i, Note))
        figures = len(section.items) - clips - notes
        shown = f"{clips} clip(s), {notes} note(s)"
        self.count.setText(f"{shown}, {figures} figure(s)" if figures else shown)
        return True


class NotePage(FormPage):
    def __init__(self, session: BriefingSession) -> None:
        super().__init__(session, "Analyst note")
        self.note_id = ""
        self.text = plain_edit("Free text printed between the clips", 8)
        self.text.setObjectName("noteText")
        self.form.addRow("Text", self.text)
        self.bind_plain(self.text, lambda v: commands.edit_note(session, self.note_id, v))

    def _load(self) -> bool:
        found = self.briefing.placement(self.note_id)
        if found is None or not isinstance(found[0].items[found[1]], Note):
            return False
        set_plain(self.text, found[0].items[found[1]].text)
        return True


class ArticlePage(FormPage):
    def __init__(self, session: BriefingSession) -> None:
        super().__init__(session, "Article")
        self.article_id = ""
        self.fields = self.add_line_fields("article", (
            ("title", "Title", ""),
            ("outlet", "Outlet", "e.g. The Guardian"),
            ("authors", "Authors", "comma-separated"),
            ("published", "Date", "YYYY-MM-DD"),
            ("url", "URL", "https://…"),
            ("language", "Language", "e.g. en"),
        ), self._maker)
        self.info = detail_label()
        self.form.addRow("", self.info)

    def _maker(self, name: str) -> Callable[[str], OpCommand]:
        def make(value: str) -> OpCommand:
            parsed: object = _split_authors(value) if name == "authors" else value
            return commands.edit_article(self.session, self.article_id, name, parsed)

        return make

    def _load(self) -> bool:
        article = self.briefing.article(self.article_id)
        if article is None:
            return False
        for name, edit in self.fields.items():
            value = getattr(article, name)
            if name == "authors":
                if _split_authors(edit.text()) != value:  # leave "Ana, " alone while typing
                    edit.setText(", ".join(value))
            else:
                set_line(edit, value)
        self.info.setText(f"{len(article.text):,} characters · from {_origin(article)}")
        return True


_PASTED = {"paste-text": "pasted text", "paste-html": "a pasted web page"}


def _origin(article: Article) -> str:
    """Where an article came from: its file with the kind and encoding read, or the paste."""
    if not article.source_path:
        return _PASTED.get(article.source_kind, "the clipboard")
    encoding = f", {article.encoding}" if article.encoding else ""
    return f"{shorten(article.source_path, 60)} ({article.source_kind or '?'}{encoding})"


class BriefingPage(FormPage):
    def __init__(self, session: BriefingSession) -> None:
        super().__init__(session, "Briefing properties")
        self.fields = self.add_line_fields("meta", (
            ("title", "Title", "Untitled briefing"),
            ("subtitle", "Subtitle", ""),
            ("author", "Author", "Prepared by"),
            ("organisation", "Organisation", ""),
            ("date", "Date", "YYYY-MM-DD"),
        ), self._maker)
        self.marking = marking_combo()
        self.marking.setObjectName("meta_marking")
        self.form.addRow("Marking", self.marking)
        self.bind_combo_text(self.marking, self._maker("marking"))
        self.theme = QComboBox()
        self.theme.setObjectName("meta_theme")
        for name in theme_names():
            self.theme.addItem(name.capitalize(), name)
        self.bind_combo_data(self.theme, self._maker("theme"))
        self.page_size = QComboBox()
        self.page_size.setObjectName("meta_page_size")
        for size in PAGE_SIZES:
            self.page_size.addItem(size.upper() if size == "a4" else size.capitalize(), size)
        self.bind_combo_data(self.page_size, self._maker("page_size"))
        looks = QHBoxLayout()
        looks.addWidget(self.theme, 1)
        looks.addWidget(QLabel("Page"))
        looks.addWidget(self.page_size, 1)
        self.form.addRow("Theme", looks)

        # Key judgments: a list, the selected one's text, and the clips supporting it.
        self.judgments = short_list("keyJudgments", 5)
        self.judgments.currentRowChanged.connect(lambda _r: self.load())
        add = QPushButton("Add")
        add.setObjectName("addJudgment")
        remove = QPushButton("Remove")
        remove.setObjectName("removeJudgment")
        add.clicked.connect(self._add_judgment)
        remove.clicked.connect(self._remove_judgment)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        self.judgment_text = plain_edit("The judgment, in one or two sentences", 3)
        self.judgment_text.setObjectName("judgmentText")
        self.bind_plain(self.judgment_text, self._edit_judgment_text)
        self.support = short_list("judgmentClips", 6)
        self.support.setToolTip("Tick the clips that support the selected judgment")
        self.support.itemChanged.connect(self._support_changed)
        box = QVBoxLayout()
        box.setSpacing(4)
        box.addWidget(self.judgments)
        box.addLayout(buttons)
        box.addWidget(self.judgment_text)
        box.addWidget(QLabel("Supported by:"))
        box.addWidget(self.support)
        self.form.addRow("Key judgments", box)

    def _maker(self, name: str) -> Callable[[object], OpCommand]:
        return lambda value: commands.edit_meta(self.session, name, value)

    def _current_judgment_id(self) -> str | None:
        item = self.judgments.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _add_judgment(self) -> None:
        command = commands.add_key_judgment(self.session, "")
        if self.session.run(command):
            self.load()
            for row in range(self.judgments.count()):
                if self.judgments.item(row).data(Qt.ItemDataRole.UserRole) == command.created_id:
                    self.judgments.setCurrentRow(row)
            self.judgment_text.setFocus()

    def _remove_judgment(self) -> None:
        ident = self._current_judgment_id()
        if ident:
            self.session.run(commands.remove_key_judgment(self.session, ident))

    def _edit_judgment_text(self, text: str) -> OpCommand:
        return commands.edit_key_judgment(self.session, self._current_judgment_id() or "",
                                          "text", text)

    def _support_changed(self, _item: QListWidgetItem) -> None:
        ident = self._current_judgment_id()
        if self.loading or not ident:
            return
        ticked = [
            self.support.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.support.count())
            if self.support.item(r).checkState() == Qt.CheckState.Checked
        ]
        self.run(commands.edit_key_judgment(self.session, ident, "clip_ids", ticked))

    def _load(self) -> bool:
        meta = self.briefing.meta
        for name, edit in self.fields.items():
            set_line(edit, getattr(meta, name))
        set_combo(self.marking, meta.marking)
        if meta.theme and self.theme.findData(meta.theme) < 0:
            # A theme the app does not ship (a file, or from another installation): name it,
            # rather than showing another theme than the one the export will use.
            self.theme.addItem(meta.theme, meta.theme)
        set_combo(self.theme, meta.theme)
        set_combo(self.page_size, meta.page_size)

        current = self._current_judgment_id()
        wanted = [(k.id, k.text) for k in meta.key_judgments]
        shown = [
            (self.judgments.item(r).data(Qt.ItemDataRole.UserRole), self.judgments.item(r).text())
            for r in range(self.judgments.count())
        ]
        labels = [(i, shorten(t, 70) or "(empty judgment)") for i, t in wanted]
        if shown != labels:
            self.judgments.blockSignals(True)
            self.judgments.clear()
            for ident, label in labels:
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, ident)
                self.judgments.addItem(item)
                if ident == current:
                    self.judgments.setCurrentItem(item)
            if self.judgments.currentRow() < 0 and self.judgments.count():
                self.judgments.setCurrentRow(0)
            self.judgments.blockSignals(False)
        judgment = next(
            (k for k in meta.key_judgments if k.id == self._current_judgment_id()), None
        )
        self.judgment_text.setEnabled(judgment is not None)
        self.support.setEnabled(judgment is not None)
        set_plain(self.judgment_text, judgment.text if judgment else "")
        rows = [
            (clip.id, clip_label(clip, 70), judgment is not None and clip.id in judgment.clip_ids)
            for clip in self.briefing.clips
        ]
        shown_rows = [
            (item.data(Qt.ItemDataRole.UserRole), item.text(),
             item.checkState() == Qt.CheckState.Checked)
            for item in (self.support.item(r) for r in range(self.support.count()))
        ]
        if rows != shown_rows:  # rebuilding inside the item's own signal would delete it
            self.support.clear()
            for ident, label, checked in rows:
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, ident)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.support.addItem(item)
        return True


class InspectorView(QScrollArea):
    """Shows the page for the current selection; falls back to the briefing's properties."""

    showInReader = Signal(str)

    def __init__(self, session: BriefingSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.session = session
        self.stack = QStackedWidget()
        self.briefing_page = BriefingPage(session)
        self.clip_page = ClipPage(session)
        self.section_page = SectionPage(session)
        self.note_page = NotePage(session)
        self.article_page = ArticlePage(session)
        self.figure_page = FigurePage(session)
        for page in (self.briefing_page, self.clip_page, self.section_page, self.note_page,
                     self.article_page, self.figure_page):
            self.stack.addWidget(page)
        self.clip_page.showInReader.connect(self.showInReader)

        self.back = QPushButton("◂ Briefing properties")
        self.back.setObjectName("showBriefingProperties")
        self.back.setFlat(True)
        self.back.setToolTip("Show the briefing's title, marking, key judgments and theme")
        self.back.clicked.connect(self.show_briefing)
        container = QWidget()
        layout = QVBoxLayout(container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        row = QHBoxLayout()
        row.setContentsMargins(0, 2, 6, 0)
        row.addStretch(1)
        row.addWidget(self.back)
        layout.addLayout(row)
        layout.addWidget(self.stack)
        layout.addStretch(1)
        self.setWidget(container)
        session.changed.connect(lambda _s: self.refresh())
        session.replaced.connect(self.show_briefing)
        self.show_briefing()

    def current_page(self) -> FormPage:
        return self.stack.currentWidget()  # type: ignore[return-value]

    def _show(self, page: FormPage) -> None:
        if page.load():
            self.stack.setCurrentWidget(page)
            self.back.setVisible(page is not self.briefing_page)
        else:
            self.show_briefing()

    def show_briefing(self) -> None:
        self.briefing_page.load()
        self.stack.setCurrentWidget(self.briefing_page)
        self.back.setVisible(False)

    def show_clip(self, clip_id: str) -> None:
        self.clip_page.clip_id = clip_id
        self._show(self.clip_page)

    def show_section(self, section_id: str) -> None:
        self.section_page.section_id = section_id
        self._show(self.section_page)

    def show_note(self, note_id: str) -> None:
        self.note_page.note_id = note_id
        self._show(self.note_page)

    def show_article(self, article_id: str) -> None:
        self.article_page.article_id = article_id
        self._show(self.article_page)

    def show_item(self, kind: str | None, ident: str | None) -> None:
        if kind == "clip" and ident:
            self.show_clip(ident)
        elif kind == "section" and ident:
            self.show_section(ident)
        elif kind == "note" and ident:
            self.show_note(ident)
        elif kind == "article" and ident:
            self.show_article(ident)
        elif kind == "figure" and ident:
            self.figure_page.figure_id = ident
            self._show(self.figure_page)
        else:
            self.show_briefing()

    def refresh(self) -> None:
        page = self.current_page()
        if not page.load():
            self.show_briefing()
