"""Export and import jobs: results, throttled progress, cancel, errors, GUI-thread delivery."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import logging
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QStandardPaths, QThread

from briefing.core.errors import BriefingError
from briefing.core.model import Article, Briefing, BriefingMeta, Clip, ClipKind, ClipRef, Section
from briefing.gui import workers
from briefing.gui.workers import ExportJob, ImportJob

QStandardPaths.setTestModeEnabled(True)

ARTICLE_TEXT = "The minister said: “We will not yield.” Talks resume on Monday."


def _briefing() -> Briefing:
    article = Article(
        id="a-1",
        title="Talks stall",
        outlet="The Ledger",
        published="2026-11-20",
        text=ARTICLE_TEXT,
    )
    start = ARTICLE_TEXT.index("We will")
    end = ARTICLE_TEXT.index("”")
    clip = Clip(
        id="c-1",
        article_id="a-1",
        kind=ClipKind.QUOTE,
        text=ARTICLE_TEXT[start:end],
        start=start,
        end=end,
        speaker="Ana Ruiz",
        speaker_role="Minister of Trade",
    )
    return Briefing(
        meta=BriefingMeta(title="Weekly trade brief", marking="OFFICIAL-SENSITIVE"),
        articles=[article],
        clips=[clip],
        sections=[Section(id="s-1", heading="Negotiations", items=[ClipRef("c-1")])],
    )


class _Recorder:
    """Collects a job's signals and the thread each arrived on."""

    def __init__(self, job: workers._Job) -> None:
        self.events: list[tuple[str, tuple]] = []
        self.off_gui_thread = False
        for name in ("progress", "finished", "failed", "cancelled"):
            signal = getattr(job, name, None)
            if signal is not None:
                signal.connect(lambda *args, _name=name: self._record(_name, args))

    def _record(self, name: str, args: tuple) -> None:
        if QThread.currentThread() is not QCoreApplication.instance().thread():
            self.off_gui_thread = True
        self.events.append((name, args))

    def names(self) -> list[str]:
        return [name for name, _ in self.events]

    def values(self, name: str) -> list[tuple]:
        return [args for n, args in self.events if n == name]

    def terminal(self) -> list[str]:
        return [n for n in self.names() if n in ("finished", "failed", "cancelled")]


def _run(qtbot, job, signal, timeout: int = 10_000) -> None:
    with qtbot.waitSignal(signal, timeout=timeout):
        job.start()
    assert job.wait(5_000)


# ---- export -----------------------------------------------------------------------------------
def test_export_reports_throttled_progress_and_the_path(qtbot, monkeypatch, tmp_path: Path):
    calls: dict[str, object] = {}
    # The export's own clock: 2,001 calls over 2.0 s of it, whatever the machine's speed.
    clock = [1000.0]
    monkeypatch.setattr(workers._ThrottledProgress, "clock", staticmethod(lambda: clock[0]))

    def fake_export(

        briefing, target, fmt=None, theme=None, page_size=None, progress=None, now=None

    ):
        calls.update(title=briefing.meta.title, fmt=fmt, theme=theme, page_size=page_size, now=now)
        calls["thread"] = threading.current_thread()
        for step in range(2001):
            progress(step / 2000)
            clock[0] += 0.001
        Path(target).write_text("exported " + briefing.meta.title, encoding="utf-8")
        return Path(target)

    monkeypatch.setattr("briefing.render.export.export_briefing", fake_export)
    target = tmp_path / "brief.docx"
    chosen = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)  # when the user chose Export
    job = ExportJob(_briefing(), target, "docx", "default", "letter", now=chosen)
    recorder = _Recorder(job)
    _run(qtbot, job, job.finished)

    assert recorder.terminal() == ["finished"]
    assert recorder.values("finished") == [(str(target),)]
    assert target.read_text(encoding="utf-8") == "exported Weekly trade brief"
    fractions = [args[0] for args in recorder.values("progress")]
    assert fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    # 2,001 calls were throttled to one per PROGRESS_INTERVAL_S of the clock, and the last
    intervals = 2.0 / workers.PROGRESS_INTERVAL_S
    assert intervals - 1 <= len(fractions) <= intervals + 2
    assert calls["fmt"] == "docx" and calls["page_size"] == "letter"
    assert calls["now"] == chosen  # the file's creation time
    assert calls["theme"].name == "default"
    assert calls["thread"] is not threading.main_thread()
    assert not recorder.off_gui_thread


def test_export_works_on_a_copy_so_editing_can_continue(qtbot, monkeypatch, tmp_path: Path):
    started = threading.Event()
    release = threading.Event()
    seen: list[str] = []

    def slow_export(

        briefing, target, fmt=None, theme=None, page_size=None, progress=None, now=None

    ):
        started.set()
        release.wait(5)
        seen.append(briefing.meta.title)
        seen.append(briefing.clips[0].speaker)
        Path(target).write_text("ok", encoding="utf-8")
        return Path(target)

    monkeypatch.setattr("briefing.render.export.export_briefing", slow_export)
    original = _briefing()
    job = ExportJob(original, tmp_path / "b.pdf", "pdf", "default", "a4")
    assert job.briefing is not original
    with qtbot.waitSignal(job.finished, timeout=10_000):
        job.start()
        assert started.wait(5)
        original.meta.title = "Edited while exporting"
        original.clips[0].speaker = "Somebody else"
        release.set()
    assert seen == ["Weekly trade brief", "Ana Ruiz"]


def test_cancel_stops_the_export_and_writes_nothing(qtbot, monkeypatch, tmp_path: Path):
    reached = threading.Event()

    def endless_export(

        briefing, target, fmt=None, theme=None, page_size=None, progress=None, now=None

    ):
        step = 0
        while True:  # only ExportCancelled from the callback ends this
            progress(min(step / 1000, 0.99))
            reached.set()
            step += 1
            time.sleep(0.001)

    monkeypatch.setattr("briefing.render.export.export_briefing", endless_export)
    target = tmp_path / "never.pdf"
    job = ExportJob(_briefing(), target, "pdf", "default", "a4")
    recorder = _Recorder(job)
    with qtbot.waitSignal(job.cancelled, timeout=10_000):
        job.start()
        assert reached.wait(5)
        job.cancel()
    assert job.wait(5_000)
    qtbot.wait(50)  # any stray queued signal would arrive now
    assert recorder.terminal() == ["cancelled"]
    assert not target.exists()
    assert not job.is_running()


def test_cancel_before_start_never_runs_the_export(qtbot, monkeypatch, tmp_path: Path):
    called = []
    monkeypatch.setattr(
        "briefing.render.export.export_briefing", lambda *a, **k: called.append(1)
    )
    job = ExportJob(_briefing(), tmp_path / "x.pdf", "pdf", "default", "a4")
    recorder = _Recorder(job)
    job.cancel()
    _run(qtbot, job, job.cancelled)
    assert called == []
    assert recorder.terminal() == ["cancelled"]


def test_user_error_becomes_its_message(qtbot, monkeypatch, tmp_path: Path):
    def failing(*args, **kwargs):
        raise BriefingError("/x/out.pdf: cannot write: the folder is read-only")

    monkeypatch.setattr("briefing.render.export.export_briefing", failing)
    job = ExportJob(_briefing(), tmp_path / "out.pdf", "pdf", "default", "a4")
    recorder = _Recorder(job)
    _run(qtbot, job, job.failed)
    assert recorder.values("failed") == [("/x/out.pdf: cannot write: the folder is read-only",)]
    assert recorder.terminal() == ["failed"]


def test_a_bug_is_reported_and_logged_not_raised(qtbot, monkeypatch, tmp_path: Path, caplog):
    def buggy(*args, **kwargs):
        raise KeyError("style 'Hyperlink'")

    monkeypatch.setattr("briefing.render.export.export_briefing", buggy)
    job = ExportJob(_briefing(), tmp_path / "out.docx", "docx", "default", "a4")
    recorder = _Recorder(job)
    with caplog.at_level(logging.ERROR, logger="briefing.gui.workers"):
        _run(qtbot, job, job.failed)
    (message,) = recorder.values("failed")[0]
    assert message.startswith("Unexpected error: KeyError")
    assert "Hyperlink" in message
    assert any(record.exc_info for record in caplog.records)


def test_an_unknown_theme_fails_with_a_clear_message(qtbot, tmp_path: Path):
    job = ExportJob(_briefing(), tmp_path / "out.html", "html", "no-such-theme", "a4")
    recorder = _Recorder(job)
    _run(qtbot, job, job.failed)
    (message,) = recorder.values("failed")[0]
    assert "no-such-theme" in message
    assert not message.startswith("Unexpected error")
    assert not (tmp_path / "out.html").exists()


def test_real_html_export_contains_the_quote_and_marking(qtbot, tmp_path: Path):
    target = tmp_path / "brief.html"
    job = ExportJob(_briefing(), target, "html", "default", "a4")
    recorder = _Recorder(job)
    _run(qtbot, job, job.finished)
    assert recorder.terminal() == ["finished"]
    html = target.read_text(encoding="utf-8")
    assert "We will not yield." in html
    assert "Ana Ruiz" in html and "OFFICIAL-SENSITIVE" in html
    assert recorder.values("progress")[-1] == (1.0,)


def test_a_job_starts_only_once(qtbot, monkeypatch, tmp_path: Path):
    monkeypatch.setattr("briefing.render.export.export_briefing", lambda *a, **k: None)
    job = ExportJob(_briefing(), tmp_path / "a.html", "html", "default", "a4")
    _run(qtbot, job, job.finished)
    with pytest.raises(RuntimeError):
        job.start()


def test_stop_all_jobs_cancels_and_waits(qtbot, monkeypatch, tmp_path: Path):
    reached = threading.Event()

    def endless(

        briefing, target, fmt=None, theme=None, page_size=None, progress=None, now=None

    ):
        while True:
            progress(0.5)
            reached.set()
            time.sleep(0.001)

    monkeypatch.setattr("briefing.render.export.export_briefing", endless)
    job = ExportJob(_briefing(), tmp_path / "a.pdf", "pdf", "default", "a4")
    job.start()
    assert reached.wait(5)
    with qtbot.waitSignal(job.cancelled, timeout=5_000):
        assert workers.stop_all_jobs(5_000)
        assert job.wait(0)


def test_closing_the_owner_mid_export_does_not_crash(qtbot, monkeypatch, tmp_path: Path):
    from PySide6.QtCore import QObject

    release = threading.Event()

    def slow_export(

        briefing, target, fmt=None, theme=None, page_size=None, progress=None, now=None

    ):
        release.wait(5)
        progress(1.0)
        Path(target).write_text("done", encoding="utf-8")
        return Path(target)

    monkeypatch.setattr("briefing.render.export.export_briefing", slow_export)
    owner = QObject()
    job = ExportJob(_briefing(), tmp_path / "late.html", "html", "default", "a4", parent=owner)
    job.start()
    thread = job._thread
    owner.deleteLater()  # the window closes while the export runs
    qtbot.wait(20)
    release.set()
    assert thread.wait(5_000)
    qtbot.wait(50)  # its queued signals find no receiver: nothing happens
    assert (tmp_path / "late.html").read_text(encoding="utf-8") == "done"


# ---- import -----------------------------------------------------------------------------------
class _FakeIntakeError(BriefingError):
    pass


def test_import_collects_articles_and_messages(qtbot, monkeypatch, tmp_path: Path):
    paths = [tmp_path / name for name in ("a.txt", "broken.bin", "c.txt", "bug.txt")]

    def fake_import(path, **_options):
        path = Path(path)
        if path.name == "broken.bin":
            raise _FakeIntakeError(f"{path}: not a text, HTML, DOCX or PDF file")
        if path.name == "bug.txt":
            raise ZeroDivisionError("division by zero")
        return Article(id=f"a-{path.stem}", title=path.stem, text="t")

    monkeypatch.setattr("briefing.core.intake.import_file", fake_import, raising=False)
    job = ImportJob(paths)
    recorder = _Recorder(job)
    _run(qtbot, job, job.finished)

    ((articles, errors),) = recorder.values("finished")
    assert [a.title for a in articles] == ["a", "c"]
    assert errors[0] == f"{paths[1]}: not a text, HTML, DOCX or PDF file"
    assert errors[1].startswith(f"{paths[3]}: Unexpected error: ZeroDivisionError")
    assert recorder.values("progress") == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    assert not recorder.off_gui_thread


def test_import_cancel_reports_cancelled_only(qtbot, monkeypatch, tmp_path: Path):
    first_done = threading.Event()
    go_on = threading.Event()

    def slow_import(path, **_options):
        first_done.set()
        go_on.wait(5)
        return Article(id=f"a-{Path(path).stem}", title="x")

    monkeypatch.setattr("briefing.core.intake.import_file", slow_import, raising=False)
    job = ImportJob([tmp_path / f"{n}.txt" for n in range(5)])
    recorder = _Recorder(job)
    with qtbot.waitSignal(job.cancelled, timeout=10_000):
        job.start()
        assert first_done.wait(5)
        job.cancel()
        go_on.set()
    assert job.wait(5_000)
    qtbot.wait(50)
    assert recorder.terminal() == ["cancelled"]
    assert recorder.values("progress")[-1] == (1, 5)


def _export_for_real(qtbot, target: Path, page_size: str) -> None:
    """Export the sample briefing with the real writers, in the format of target's suffix."""
    job = ExportJob(_briefing(), target, target.suffix[1:], "default", page_size)
    recorder = _Recorder(job)
    _run(qtbot, job, job.finished, timeout=60_000)
    assert recorder.terminal() == ["finished"]


def test_real_docx_export_can_be_read_back(qtbot, tmp_path: Path):
    import docx

    target = tmp_path / "brief.docx"
    _export_for_real(qtbot, target, "a4")
    document = docx.Document(str(target))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "We will not yield." in body and "Ana Ruiz" in body
    assert document.core_properties.title == "Weekly trade brief"


def test_real_import_of_text_html_and_a_binary_file(qtbot, tmp_path: Path):
    text_file = tmp_path / "statement.txt"
    text_file.write_text("Minister's statement\n\nWe will not yield, she said.\n", "utf-8")
    html_file = tmp_path / "report.html"
    html_file.write_text(
        "<html><head><title>Talks stall</title></head><body><article><h1>Talks stall</h1>"
        "<p>Negotiators left Geneva without a deal on Friday evening.</p></article></body></html>",
        encoding="utf-8",
    )
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    job = ImportJob([text_file, binary, html_file])
    recorder = _Recorder(job)
    _run(qtbot, job, job.finished, timeout=60_000)
    ((articles, errors),) = recorder.values("finished")
    assert len(articles) == 2
    assert "We will not yield" in articles[0].text
    assert "without a deal" in articles[1].text
    assert len(errors) == 1 and "photo.txt" in errors[0]
    assert not errors[0].startswith("Unexpected")


def test_real_pdf_export_can_be_read_back(qtbot, tmp_path: Path):
    from pypdf import PdfReader

    target = tmp_path / "brief.pdf"
    _export_for_real(qtbot, target, "letter")
    reader = PdfReader(str(target))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "We will not yield." in text and "Ana Ruiz" in text
    assert "OFFICIAL-SENSITIVE" in text
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (612, 792)  # US Letter, as asked
