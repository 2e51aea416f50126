"""The app never saves over changes made on disk since it opened the file: it asks, and reload,
keep-mine-as-a-copy and merge each lose nothing the user did not choose to drop."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from briefing.core import ops, storage
from briefing.core.model import Article, Briefing
from briefing.core.update import update_briefing
from briefing.gui import commands
from briefing.gui.commands import BriefingSession
from briefing.gui.document import DocumentController
from briefing.gui.settings import AppSettings


class Asker:
    def __init__(self) -> None:
        self.asked: list[str] = []
        self.errors: list[str] = []
        self.changed_answer = "cancel"
        self.save_path: Path | None = None

    def save_changes(self, name):
        return "cancel"

    def open_locked(self, path, owner):
        return True

    def file_changed(self, path):
        self.asked.append("file_changed")
        return self.changed_answer

    def restore(self, info):
        return False

    def file_to_open(self, folder):
        return None

    def file_to_save(self, suggestion):
        self.asked.append(f"file_to_save {suggestion.name}")
        return self.save_path

    def error(self, title, message):
        self.errors.append(message)


@pytest.fixture
def opened(qapp, tmp_path):
    """A briefing file with one article, open in a controller, and edited there."""
    path = tmp_path / "shared.briefing"
    briefing = Briefing()
    briefing.meta.title = "Shared"
    ops.add_article(briefing, Article(id="a-mine", title="Mine", text="Text."))
    storage.save_briefing(briefing, path)
    asker = Asker()
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.autosave_enabled = False
    document = DocumentController(BriefingSession(), asker, settings)
    assert document.open(path)
    session = document.session
    session.run(commands.edit_meta(session, "title", "Edited here"))
    yield document, asker, path
    document.close()


def _someone_adds_an_article(path: Path) -> None:
    """What `briefing import` does meanwhile (the app holds the lock, so write directly)."""
    briefing = storage.load_briefing(path)
    ops.add_article(briefing, Article(id="a-theirs", title="Theirs", text="Their text."))
    storage.save_briefing(briefing, path)


def test_an_external_change_is_never_overwritten_silently(opened) -> None:
    document, asker, path = opened
    _someone_adds_an_article(path)
    before = path.read_bytes()
    asker.changed_answer = "cancel"
    assert not document.save()
    assert asker.asked == ["file_changed"]
    assert path.read_bytes() == before
    assert document.is_modified()


def test_merge_keeps_both_sides(opened) -> None:
    document, asker, path = opened
    _someone_adds_an_article(path)
    asker.changed_answer = "merge"
    assert document.save()
    saved = storage.load_briefing(path)
    assert saved.meta.title == "Edited here"
    assert [a.id for a in saved.articles] == ["a-mine", "a-theirs"]
    assert not document.is_modified()
    assert [a.id for a in document.session.briefing.articles] == ["a-mine", "a-theirs"]
    document.session.run(commands.edit_meta(document.session, "title", "Again"))
    assert document.save() and asker.asked == ["file_changed"]  # no false alarm afterwards


def test_reload_takes_the_file_on_disk(opened) -> None:
    document, asker, path = opened
    _someone_adds_an_article(path)
    asker.changed_answer = "reload"
    assert document.save()
    assert document.session.briefing.meta.title == "Shared"
    assert [a.id for a in document.session.briefing.articles] == ["a-mine", "a-theirs"]
    assert not document.is_modified()


def test_keep_mine_as_a_copy(opened, tmp_path) -> None:
    document, asker, path = opened
    _someone_adds_an_article(path)
    theirs = path.read_bytes()
    asker.changed_answer = "copy"
    asker.save_path = tmp_path / "mine.briefing"
    assert document.save()
    assert "file_to_save shared (mine).briefing" in asker.asked
    assert path.read_bytes() == theirs
    assert storage.load_briefing(tmp_path / "mine.briefing").meta.title == "Edited here"
    assert document.path == tmp_path / "mine.briefing"


def test_a_cli_import_into_the_open_file_is_refused_and_the_app_saves_normally(opened) -> None:
    document, asker, path = opened

    def add(briefing: Briefing) -> None:
        ops.add_article(briefing, Article(id="a-cli", title="CLI", text="x"))

    with pytest.raises(storage.BriefingFileError, match="open in Briefing Builder"):
        update_briefing(path, add)
    assert document.save()
    assert asker.asked == []
    assert [a.id for a in storage.load_briefing(path).articles] == ["a-mine"]
