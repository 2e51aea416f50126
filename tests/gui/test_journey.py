"""The whole user journey of issue 3: from two article files to an exported DOCX and PDF."""

from __future__ import annotations

from pathlib import Path

import docx
import pypdf
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextCursor

from briefing.core.model import ClipRef
from briefing.gui.views.reader import index_to_utf16

MOVE = Qt.DropAction.MoveAction

SUMMIT_TEXT = """Summit talks end without agreement

The two delegations left Geneva on Friday after three days of talks.
"We will not accept a ceasefire that freezes the front line," the foreign minister said.
Officials on both sides said contacts would continue.
"""

GRAIN_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Grain exports rise by a third</title>
<meta name="author" content="Maria Rossi">
<meta property="og:site_name" content="The Harbour Times">
<meta property="article:published_time" content="2024-05-02">
</head><body><article><h1>Grain exports rise by a third</h1>
<p>Grain exports through the Black Sea corridor rose by a third in April, port officials said.</p>
<p>"The corridor works as long as the insurers stay," said the port director, Oleh Marchenko.</p>
<p>Shipping companies were more cautious about the months ahead and said premiums stayed high.</p>
</article></body></html>
"""

QUOTE_1 = "We will not accept a ceasefire that freezes the front line,"
QUOTE_2 = "The corridor works as long as the insurers stay,"
MARKING = "OFFICIAL-SENSITIVE"


def _select(window, fragment: str) -> None:
    text = window.reader.article.text
    start = text.index(fragment)
    cursor = QTextCursor(window.reader.text.document())
    cursor.setPosition(index_to_utf16(text, start))
    cursor.setPosition(index_to_utf16(text, start + len(fragment)), QTextCursor.MoveMode.KeepAnchor)
    window.reader.text.setTextCursor(cursor)


def _article_id(window, title_part: str) -> str:
    return next(a.id for a in window.session.briefing.articles if title_part in a.title)


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer):
            parts.extend(p.text for p in part.paragraphs)
    return "\n".join(parts)


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages)


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_from_two_article_files_to_docx_and_pdf(window, qtbot, tmp_path, errors):
    session, actions = window.session, window.actions
    stack = session.undo_stack
    assert session.briefing.articles == [] and not window.isWindowModified()
    assert window.windowTitle().startswith("Untitled")

    # Import two article files.
    (tmp_path / "summit.txt").write_text(SUMMIT_TEXT, encoding="utf-8")
    (tmp_path / "grain.html").write_text(GRAIN_HTML, encoding="utf-8")
    job = window.transfers.import_files([tmp_path / "summit.txt", tmp_path / "grain.html"])
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert errors == []
    assert window.library_model.rowCount() == 2
    assert window.isWindowModified()

    # Select a sentence in the reader and add it as a quote (the toolbar action).
    window.library.select_article(_article_id(window, "Summit"))
    assert "Geneva" in window.reader.text.toPlainText()
    assert not actions.add_quote.isEnabled()
    _select(window, QUOTE_1)
    assert actions.add_quote.isEnabled()
    actions.add_quote.trigger()
    (clip,) = session.briefing.clips
    article = session.briefing.article(clip.article_id)
    assert clip.text == QUOTE_1 == article.text[clip.start:clip.end]
    assert len(window.reader.text.extraSelections()) == 1  # the new clip is highlighted

    # Its speaker, typed into the inspector: one undo step for the whole word.
    assert window.inspector.current_page() is window.inspector.clip_page
    qtbot.keyClicks(window.inspector.clip_page.speaker, "Foreign Minister Lavrov")
    assert session.briefing.clip(clip.id).speaker == "Foreign Minister Lavrov"
    assert stack.undoText() == "Set speaker"
    assert actions.undo.text() == "&Undo Set speaker"

    # A second quote from the other article, by keyboard shortcut this time.
    window.library.select_article(_article_id(window, "Grain"))
    _select(window, QUOTE_2)
    qtbot.keyClick(window.reader.text, Qt.Key.Key_Q,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    second = next(c for c in session.briefing.clips if c.id != clip.id)
    assert second.text == QUOTE_2
    qtbot.keyClicks(window.inspector.clip_page.speaker, "Oleh Marchenko")

    # Add a section and rename it in place.
    actions.add_section.trigger()
    (section,) = session.briefing.sections
    outline = window.outline_model
    assert outline.setData(outline.index_of(section.id), "Diplomacy and trade")
    assert session.briefing.sections[0].heading == "Diplomacy and trade"

    # Move both quotes into it through the models' drag-and-drop handling.
    window.tray_model.set_show_unplaced(True)
    tray = window.tray_model
    for clip_id in (clip.id, second.id):
        data = tray.mimeData([tray.index(tray.row_of(clip_id))])
        target = outline.index_of(section.id)
        assert outline.canDropMimeData(data, MOVE, -1, 0, target)
        assert outline.dropMimeData(data, MOVE, -1, 0, target)
    assert [i.clip_id for i in section.items] == [clip.id, second.id]

    # Reorder: the second quote goes first.
    data = outline.mimeData([outline.index_of(second.id)])
    assert outline.dropMimeData(data, MOVE, 0, 0, outline.index_of(section.id))
    assert [i.clip_id for i in section.items] == [second.id, clip.id]
    assert actions.undo.text() == "&Undo Move quote"

    # Undo and redo.
    stack.undo()
    assert [i.clip_id for i in section.items] == [clip.id, second.id]
    assert actions.redo.text() == "&Redo Move quote"
    stack.redo()
    assert [i.clip_id for i in section.items] == [second.id, clip.id]

    # The briefing's marking and title, from the properties form.
    actions.properties.trigger()
    page = window.inspector.briefing_page
    assert window.inspector.current_page() is page
    page.marking.setEditText(MARKING)
    qtbot.keyClicks(page.fields["title"], "Ceasefire and grain")
    assert session.briefing.meta.marking == MARKING
    assert session.briefing.meta.title == "Ceasefire and grain"

    # Save, and the title bar loses its unsaved mark.
    target = tmp_path / "journey.briefing"
    assert window.document.save_as(target)
    assert target.exists() and not window.isWindowModified()
    assert "journey.briefing" in window.windowTitle()

    # Reopen: everything is back.
    assert window.document.open(target)
    briefing = session.briefing
    assert [c.speaker for c in briefing.clips] == ["Foreign Minister Lavrov", "Oleh Marchenko"]
    assert [i.clip_id for i in briefing.sections[0].items] == [second.id, clip.id]
    assert isinstance(briefing.sections[0].items[0], ClipRef)
    assert briefing.meta.marking == MARKING
    assert stack.count() == 0 and not window.isWindowModified()
    assert window.outline_model.rowCount(QModelIndex()) == 1

    # Export DOCX and PDF through the background job, then read both back.
    for fmt in ("docx", "pdf"):
        out = tmp_path / f"briefing.{fmt}"
        job = window.transfers.export(fmt, out)
        assert job is not None
        with qtbot.waitSignal(job.finished, timeout=60_000) as blocker:
            pass
        assert Path(blocker.args[0]) == out
        assert window.job_status.open_file_button.isVisibleTo(window)
        assert window.job_status.open_folder_button.isVisibleTo(window)
        assert window.job_status.exported == out
        text = _flat(_docx_text(out) if fmt == "docx" else _pdf_text(out))
        for expected in (QUOTE_1.rstrip(","), QUOTE_2.rstrip(","), "Lavrov", "Oleh Marchenko",
                         MARKING, "Diplomacy and trade"):
            assert expected in text, (fmt, expected)
    assert errors == []
