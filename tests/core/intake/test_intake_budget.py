"""Hostile files end fast: every reader works within a budget of time, text and PDF content,
refuses with one message past it, and stops soon after a Cancel."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hostile_pdf import shared_stream_pdf  # tests/hostile_pdf.py

from briefing.core.intake import IntakeCancelled, IntakeError, IntakeLimits, import_file


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_pages_sharing_one_big_content_stream_are_refused_before_any_is_read(
    tmp_path: Path,
) -> None:
    data = shared_stream_pdf(pages=40, stream_bytes=1024 * 1024)
    assert len(data) < 20_000  # 40 MB of drawing in a 20 KB file
    path = write(tmp_path, "shared.pdf", data)
    ticks = itertools.count()
    # A clock that counts calls: reading even one page would take thousands of checks.
    with pytest.raises(IntakeError) as info:
        import_file(path, limits=IntakeLimits(seconds=10**9, clock=lambda: next(ticks)))
    message = str(info.value)
    assert message.startswith("shared.pdf: refused: its pages hold more than 32 MB")
    assert "\n" not in message
    assert next(ticks) < 100


def test_a_page_with_megabytes_of_drawing_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "heavy.pdf", shared_stream_pdf(pages=1, stream_bytes=3 * 1024 * 1024))
    with pytest.raises(IntakeError, match=r"^heavy\.pdf: refused: page 1 holds 3\.0 MB of drawing"):
        import_file(path)


def test_text_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "long.pdf", shared_stream_pdf(pages=3, stream_bytes=20_000))
    assert len(import_file(path).text) > 10_000  # within the usual limits: imported
    with pytest.raises(IntakeError, match=r"^long\.pdf: refused: it holds more than 5,000 char"):
        import_file(path, limits=IntakeLimits(text_chars=5_000))


def test_reading_stops_when_the_time_is_up(tmp_path: Path) -> None:
    path = write(tmp_path, "slow.pdf", shared_stream_pdf(pages=3, stream_bytes=20_000))
    seconds = itertools.count(step=0.01)  # every check costs a hundredth of a second

    with pytest.raises(IntakeError, match=r"^slow\.pdf: refused: reading it takes longer than 2"):
        import_file(path, limits=IntakeLimits(seconds=2, clock=lambda: next(seconds)))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.pdf", shared_stream_pdf(pages=3, stream_bytes=20_000)),
        ("a.txt", b"Title\n\n" + b"Some text. " * 1000),
        ("a.html", b"<html><body><p>" + b"Some text. " * 1000 + b"</p></body></html>"),
    ],
)
def test_cancel_stops_the_import(tmp_path: Path, name: str, data: bytes) -> None:
    path = write(tmp_path, name, data)
    asked = itertools.count()
    with pytest.raises(IntakeCancelled):
        import_file(path, cancelled=lambda: next(asked) >= 2)
    with pytest.raises(IntakeCancelled):
        import_file(path, cancelled=lambda: True)


def test_cancel_stops_a_docx_import(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for number in range(50):
        document.add_paragraph(f"Paragraph {number}.")
    path = tmp_path / "a.docx"
    document.save(str(path))
    assert "Paragraph 49." in import_file(path).text
    asked = itertools.count()
    with pytest.raises(IntakeCancelled):
        import_file(path, cancelled=lambda: next(asked) >= 10)
