"""File-level refusals: missing, folders, unknown types, size limit, permissions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing.core.errors import BriefingError
from briefing.core.intake import (
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    IntakeError,
    import_file,
)


def test_supported_suffixes() -> None:
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")


def test_intake_error_is_a_briefing_error() -> None:
    assert issubclass(IntakeError, BriefingError)


def test_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG")
    with pytest.raises(IntakeError) as caught:
        import_file(path)
    assert str(caught.value) == (
        'photo.png: unsupported file type ".png" (supported: .txt, .md, .html, .htm, .docx, .pdf)'
    )


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "SHOUT.TXT"
    path.write_text("Loud title")
    assert import_file(path).text == "Loud title"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IntakeError, match=r"^nowhere\.txt: the file does not exist$"):
        import_file(tmp_path / "nowhere.txt")


def test_missing_file_with_unknown_suffix_says_missing(tmp_path: Path) -> None:
    with pytest.raises(IntakeError, match=r"^nowhere\.xyz: the file does not exist$"):
        import_file(tmp_path / "nowhere.xyz")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(IntakeError, match=r"^folder\.txt: this is a folder, not a file$"):
        import_file(folder)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("hidden")
    path.chmod(0)
    try:
        with pytest.raises(IntakeError, match=r"^secret\.txt: permission denied$"):
            import_file(path)
    finally:
        path.chmod(0o600)


def test_sixty_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as stream:
        stream.truncate(60 * 1024 * 1024)  # sparse: nothing is written to disk
    with pytest.raises(IntakeError) as caught:
        import_file(path)
    assert str(caught.value) == "big.txt: the file is 60 MB; the limit is 50 MB"


@pytest.mark.parametrize("name", ["huge.pdf", "huge.docx", "huge.html"])
def test_size_limit_applies_to_every_kind(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with path.open("wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(IntakeError, match=r"the limit is 50 MB$"):
        import_file(path)


@pytest.mark.parametrize("name", ["empty.md", "empty.html", "empty.docx", "empty.pdf"])
def test_empty_file_of_every_kind(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(IntakeError, match=rf"^{name.replace('.', '[.]')}: the file is empty$"):
        import_file(path)


def test_permission_denied_while_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same message when the read itself fails (runs as root too)."""
    path = tmp_path / "locked.txt"
    path.write_text("text")

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(IntakeError, match=r"^locked\.txt: permission denied$"):
        import_file(path)
