"""Cancel stops an import inside the file being read, and quitting mid-import ends the
process cleanly (no "QThread: Destroyed while thread is still running")."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess
import sys
import threading
from pathlib import Path

from hostile_pdf import shared_stream_pdf  # tests/hostile_pdf.py
from PySide6.QtCore import QStandardPaths

from briefing.core.intake import pdf as pdf_intake
from briefing.gui.workers import ImportJob

QStandardPaths.setTestModeEnabled(True)


def test_cancel_stops_inside_the_file_being_read(qtbot, monkeypatch, tmp_path):
    path = tmp_path / "long.pdf"
    path.write_bytes(shared_stream_pdf(pages=40, stream_bytes=20_000))
    pages_read: list[int] = []
    first_page = threading.Event()
    go_on = threading.Event()
    real_paragraphs = pdf_intake._paragraphs

    def paragraphs(lines):
        pages_read.append(len(lines))
        if len(pages_read) == 1:
            first_page.set()
            go_on.wait(10)
        return real_paragraphs(lines)

    monkeypatch.setattr(pdf_intake, "_paragraphs", paragraphs)
    job = ImportJob([path])
    ends: list[str] = []
    job.cancelled.connect(lambda: ends.append("cancelled"))
    job.finished.connect(lambda *args: ends.append("finished"))
    with qtbot.waitSignal(job.cancelled, timeout=30_000):
        job.start()
        assert first_page.wait(30)
        job.cancel()
        go_on.set()
    assert job.wait(30_000)
    qtbot.wait(50)
    assert ends == ["cancelled"]
    assert len(pages_read) < 40  # the reader stopped in the middle of the file


_QUIT_DURING_IMPORT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from briefing.gui.workers import ImportJob

app = QApplication([])
job = ImportJob([sys.argv[1]])
job.start()
QTimer.singleShot(300, app.quit)
app.exec()
print("quit")
"""


def test_quitting_during_a_long_import_ends_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "slow.pdf"
    # 200 pages sharing a 100 KB stream: within the limits, but a minute of reading.
    path.write_bytes(shared_stream_pdf(pages=200, stream_bytes=100_000))
    result = subprocess.run(
        [sys.executable, "-c", _QUIT_DURING_IMPORT, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert "QThread: Destroyed" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "quit"
