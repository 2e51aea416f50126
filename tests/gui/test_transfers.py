"""Pasting, importing and exporting from the window through the transfer controller: the
file questions, one job of each kind at a time, Cancel, and what the status bar says."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from briefing.gui import messages


def _endless_export(reached: threading.Event):
    def export(
        briefing, target, fmt=None, theme=None, page_size=None, progress=None, now=None
    ):
        while True:  # only the cancel raised from the progress callback ends this
            progress(0.5)
            reached.set()
            time.sleep(0.001)

    return export


def test_cancel_in_the_status_bar_stops_the_export(window, qtbot, monkeypatch, tmp_path):
    reached = threading.Event()
    monkeypatch.setattr("briefing.render.export.export_briefing", _endless_export(reached))
    transfers = window.transfers
    job = transfers.export("pdf", tmp_path / "never")
    assert job is not None and transfers.exporting
    assert not window.actions.export_pdf.isEnabled()
    assert transfers.export("docx", tmp_path / "second") is None  # one export at a time
    assert reached.wait(5)
    with qtbot.waitSignal(job.cancelled, timeout=10_000):
        window.job_status.cancel_button.click()
    assert not transfers.exporting and window.actions.export_pdf.isEnabled()
    assert window.statusBar().currentMessage() == "Export cancelled: no file was written"
    assert not (tmp_path / "never.pdf").exists()


def test_export_without_a_target_proposes_a_name_from_the_title(window, monkeypatch, tmp_path):
    asked = []
    monkeypatch.setattr(messages, "choose_export_target",
                        lambda _parent, suggestion, fmt: asked.append((suggestion, fmt)))
    window.session.briefing.meta.title = "Weekly: ports / power"
    window._settings.last_export_dir = str(tmp_path)
    assert window.transfers.export("docx") is None  # the question was cancelled
    assert asked == [(tmp_path / "Weekly_ ports _ power.docx", "docx")]


def test_import_without_paths_asks_and_remembers_the_folder(window, qtbot, monkeypatch,
                                                            tmp_path):
    article = tmp_path / "picked.txt"
    article.write_text("Picked article\n\nThe harbour reopened on Monday.", encoding="utf-8")
    folders = []

    def choose(_parent, folder):
        folders.append(folder)
        return [article]

    monkeypatch.setattr(messages, "choose_import_files", choose)
    job = window.transfers.import_files()
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert len(folders) == 1
    assert Path(window._settings.last_import_dir) == tmp_path
    (imported,) = window.session.briefing.articles
    assert "harbour reopened" in imported.text
    assert window.statusBar().currentMessage() == "Imported 1 article"
    assert window.library.current_article_id() == imported.id


def test_file_export_html_writes_the_page_the_preview_shows(window, qtbot, monkeypatch, tmp_path):
    # issue 12: HTML from the app (File ▸ Export ▸ HTML) as well as from the CLI
    export_menu = window.menuBar().findChild(type(window.menuBar().actions()[0].menu()),
                                             "exportMenu")
    assert export_menu is not None
    assert window.actions.export_html in export_menu.actions()
    window.session.briefing.meta.title = "Ports & power"
    monkeypatch.setattr(messages, "choose_export_target",
                        lambda _parent, suggestion, fmt: tmp_path / "page")
    with qtbot.waitSignal(window.transfers.exportingChanged, timeout=10_000,
                          check_params_cb=lambda busy: not busy):
        window.actions.export_html.trigger()
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Ports &amp; power" in page
