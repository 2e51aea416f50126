"""The file lifecycle driven through the document controller, with scripted answers instead
of dialogs: open, save, save as, closing with changes, the lock, autosave and recovery."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from briefing.core import storage
from briefing.core.locking import BriefingLock, lock_path_for
from briefing.core.model import Briefing
from briefing.gui import commands
from briefing.gui.commands import BriefingSession
from briefing.gui.document import DocumentController, sample_path
from briefing.gui.settings import AppSettings


class FakeAsker:
    """Answers as scripted and records every question (name, argument)."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, object]] = []
        self.errors: list[tuple[str, str]] = []
        self.save_answer = "cancel"
        self.open_anyway = False
        self.restore_answer = False
        self.open_path: Path | None = None
        self.save_path: Path | None = None

    def save_changes(self, name):
        self.asked.append(("save_changes", name))
        return self.save_answer

    def open_locked(self, path, owner):
        self.asked.append(("open_locked", path))
        return self.open_anyway

    def restore(self, info):
        self.asked.append(("restore", info.display_name()))
        return self.restore_answer

    def file_to_open(self, folder):
        self.asked.append(("file_to_open", folder))
        return self.open_path

    def file_to_save(self, suggestion):
        self.asked.append(("file_to_save", suggestion))
        return self.save_path

    def error(self, title, message):
        self.errors.append((title, message))


def _settings(folder: Path, autosave: bool = True) -> AppSettings:
    settings = AppSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    settings.autosave_enabled = autosave
    return settings


@pytest.fixture
def make(qapp, tmp_path):
    """Builds controllers over fresh sessions; closes them (locks, autosaves) afterwards."""
    made: list[DocumentController] = []

    def build(*, autosave: bool = True, settings: AppSettings | None = None):
        asker = FakeAsker()
        document = DocumentController(
            BriefingSession(), asker, settings or _settings(tmp_path, autosave),
            recovery_folder=tmp_path / "recovery",
        )
        made.append(document)
        return document, asker

    yield build
    for document in made:
        document.close()


def _edit(document: DocumentController, title: str = "Edited") -> None:
    session = document.session
    session.run(commands.edit_meta(session, "title", title))


def _saved(path: Path, title: str) -> Path:
    briefing = Briefing()
    briefing.meta.title = title
    storage.save_briefing(briefing, path)
    return path


def _recovery_file(folder: Path, title: str, original: Path | None) -> Path:
    """A recovery file as a crashed instance leaves it (no live process owns it)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = _saved(folder / "left-behind.briefing", title)
    sidecar = {"original_path": str(original) if original else None, "title": title,
               "saved_at": "2026-11-27T10:00:00+00:00"}
    path.with_suffix(".json").write_text(json.dumps(sidecar), encoding="utf-8")
    return path


# ---- save and save as ---------------------------------------------------------------------------
def test_saving_an_untitled_briefing_asks_for_a_name_then_owns_the_file(make, tmp_path):
    document, asker = make()
    titles = []
    document.titleChanged.connect(lambda: titles.append(document.display_name()))
    _edit(document)
    assert document.is_modified() and document.display_name() == "Untitled"
    asker.save_path = tmp_path / "weekly"  # the suffix is added
    assert document.save()
    target = tmp_path / "weekly.briefing"
    assert asker.asked[0][0] == "file_to_save"
    # was "Untitled.briefing": issue 13 asks Save As to propose a name from the title
    assert asker.asked[0][1].name == "Edited.briefing"
    assert storage.load_briefing(target).meta.title == "Edited"
    assert document.path == target and not document.is_modified()
    assert document.lock is not None and document.lock.held
    assert lock_path_for(target).exists()
    assert document.recent_files()[0].endswith("weekly.briefing")
    assert titles[-1] == "weekly.briefing"


def test_save_as_cancelled_changes_nothing(make):
    document, asker = make()
    _edit(document)
    assert not document.save_as()  # the scripted answer to "where?" is None: cancelled
    assert document.path is None and document.is_modified()
    assert asker.errors == []


def test_a_failed_save_names_the_file_and_keeps_the_edits(make, tmp_path):
    document, asker = make()
    _edit(document)
    (tmp_path / "afile").write_text("not a folder")
    assert not document.save_as(tmp_path / "afile" / "x.briefing")
    assert len(asker.errors) == 1 and "x.briefing" in asker.errors[0][1]
    assert document.path is None and document.is_modified()
    assert document.session.briefing.meta.title == "Edited"


def test_save_as_moves_the_lock_to_the_new_file(make, tmp_path):
    document, _ = make()
    first, second = tmp_path / "first.briefing", tmp_path / "second.briefing"
    assert document.save_as(first)
    assert lock_path_for(first).exists()
    assert document.save_as(second)
    assert not lock_path_for(first).exists() and lock_path_for(second).exists()
    assert document.lock.path == second


# ---- open -------------------------------------------------------------------------------------
def test_open_loads_the_file_takes_its_lock_and_remembers_it(make, tmp_path):
    document, asker = make()
    path = _saved(tmp_path / "a.briefing", "From disk")
    reports = []
    document.status.connect(lambda text, _ms: reports.append(text))
    assert document.open(path)
    assert document.session.briefing.meta.title == "From disk"
    assert document.path == path and not document.is_modified()
    assert document.lock is not None and document.lock.held
    assert document.recent_files()[0].endswith("a.briefing")
    assert reports == [f"Opened {path}"]
    assert asker.asked == []  # nothing was modified: no question


def test_open_without_a_path_asks_for_one_in_the_last_folder(make, tmp_path):
    document, asker = make()
    (tmp_path / "docs").mkdir()
    earlier = _saved(tmp_path / "docs" / "earlier.briefing", "Earlier")
    assert document.open(earlier)
    document.session.replace(Briefing(), None)  # untitled again: the recent file decides
    assert not document.open()  # the scripted answer is "cancelled"
    assert asker.asked == [("file_to_open", str(tmp_path / "docs"))]
    asker.open_path = earlier
    assert document.open()
    assert document.path == earlier


def test_a_corrupt_file_is_refused_and_the_open_briefing_stays(make, tmp_path):
    document, asker = make()
    kept = _saved(tmp_path / "kept.briefing", "Kept")
    assert document.open(kept)
    _edit(document, "Kept and edited")
    asker.save_answer = "discard"
    broken = tmp_path / "broken.briefing"
    broken.write_text('{"format_version": 1, "articles": [', encoding="utf-8")
    assert not document.open(broken)
    assert len(asker.errors) == 1 and "broken.briefing" in asker.errors[0][1]
    assert document.session.briefing.meta.title == "Kept and edited"
    assert document.path == kept and document.lock.path == kept and document.lock.held


@pytest.mark.parametrize(("answer", "opened", "title"), [
    ("cancel", False, "Edited"), ("discard", True, "Other"), ("save", True, "Other"),
])
def test_opening_over_unsaved_changes_asks_first(make, tmp_path, answer, opened, title):
    document, asker = make()
    mine = _saved(tmp_path / "mine.briefing", "Mine")
    other = _saved(tmp_path / "other.briefing", "Other")
    assert document.open(mine)
    _edit(document)
    asker.save_answer = answer
    assert document.open(other) is opened
    assert asker.asked == [("save_changes", "mine.briefing")]
    assert document.session.briefing.meta.title == title
    expected_on_disk = "Edited" if answer == "save" else "Mine"
    assert storage.load_briefing(mine).meta.title == expected_on_disk
    assert lock_path_for(mine).exists() is not opened  # the old file's lock goes with it


def test_the_sample_opens_as_an_untitled_copy(make):
    document, _ = make()
    assert document.open_sample()
    assert document.path is None and document.lock is None
    assert document.session.briefing.articles
    assert storage.load_briefing(sample_path()).meta.title  # the shipped file is untouched


# ---- the lock ---------------------------------------------------------------------------------
@pytest.mark.parametrize("open_anyway", [False, True])
def test_a_file_open_elsewhere_is_opened_only_if_the_user_says_so(make, tmp_path, open_anyway):
    document, asker = make()
    path = _saved(tmp_path / "shared.briefing", "Shared")
    other = BriefingLock(path)  # another instance holds it
    assert other.acquire() is None
    try:
        asker.open_anyway = open_anyway
        assert document.open(path) is open_anyway
        assert asker.asked == [("open_locked", path)]
        assert (document.path == path) is open_anyway
        assert document.lock is None  # the other instance keeps its lock
        assert other.owner() is not None
    finally:
        other.release()


def test_reopening_our_own_file_keeps_our_lock(make, tmp_path):
    document, asker = make()
    path = _saved(tmp_path / "mine.briefing", "Mine")
    assert document.open(path)
    lock = document.lock
    assert document.open(path)
    assert document.lock is lock and lock.held
    assert asker.asked == []  # not warned about itself


def test_a_second_controller_is_warned_about_the_first(make, tmp_path):
    first, _ = make()
    second, asker = make()
    path = _saved(tmp_path / "shared.briefing", "Shared")
    assert first.open(path)
    assert not second.open(path)
    assert asker.asked == [("open_locked", path)]


# ---- closing ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("answer", "may_close"), [
    ("cancel", False), ("discard", True), ("save", True),
])
def test_closing_with_unsaved_changes_asks(make, tmp_path, answer, may_close):
    document, asker = make()
    path = _saved(tmp_path / "a.briefing", "Before")
    assert document.open(path)
    _edit(document)
    asker.save_answer = answer
    assert document.maybe_save() is may_close
    assert asker.asked == [("save_changes", "a.briefing")]
    assert document.is_modified() is (answer != "save")


def test_an_untitled_briefing_whose_save_is_cancelled_may_not_close(make):
    document, asker = make()
    _edit(document)
    asker.save_answer = "save"  # "Save", then cancel the file dialog
    assert not document.maybe_save()
    assert [name for name, _ in asker.asked] == ["save_changes", "file_to_save"]


def test_an_unchanged_briefing_closes_without_a_question(make, tmp_path):
    document, asker = make()
    assert document.open(_saved(tmp_path / "a.briefing", "A"))
    assert document.maybe_save()
    assert asker.asked == []


def test_close_releases_the_lock_and_removes_the_recovery_file(make, tmp_path):
    document, _ = make()
    path = _saved(tmp_path / "a.briefing", "A")
    assert document.open(path)
    _edit(document)
    document.autosave.save_now(block=True)
    recovery_file = document.autosave.recovery_path
    assert recovery_file is not None and recovery_file.exists()
    document.close()
    assert not recovery_file.exists()
    assert not lock_path_for(path).exists() and document.lock is None


def test_new_asks_before_dropping_changes(make):
    document, asker = make()
    _edit(document)
    assert not document.new()  # "cancel"
    assert document.session.briefing.meta.title == "Edited"
    asker.save_answer = "discard"
    assert document.new()
    assert document.session.briefing.meta.title == "" and not document.is_modified()


# ---- autosave and recovery ----------------------------------------------------------------------
def test_a_save_removes_the_autosaved_copy(make, tmp_path):
    document, _ = make()
    _edit(document)
    document.autosave.save_now(block=True)
    recovery_file = document.autosave.recovery_path
    assert storage.load_briefing(recovery_file).meta.title == "Edited"
    assert document.save_as(tmp_path / "kept.briefing")
    assert not recovery_file.exists()


def test_a_failed_autosave_is_reported_for_the_status_bar(make, qtbot, monkeypatch):
    document, asker = make()
    _edit(document)

    def full_disk(_briefing, path):
        raise storage.BriefingFileError(f"{path}: cannot write: the disk is full")

    monkeypatch.setattr(storage, "save_briefing", full_disk)
    with qtbot.waitSignal(document.status, timeout=5_000) as report:
        document.autosave.save_now()
    assert report.args[0].startswith("Autosave failed") and "disk is full" in report.args[0]
    assert asker.errors == []  # a report, not a dialog


def test_recovery_restores_the_work_as_unsaved_and_takes_the_files_lock(make, tmp_path):
    original = _saved(tmp_path / "weekly.briefing", "Saved version")
    left = _recovery_file(tmp_path / "recovery", "Recovered version", original)
    document, asker = make()
    asker.restore_answer = True
    assert document.offer_recovery()
    assert asker.asked == [("restore", "weekly.briefing")]
    assert document.session.briefing.meta.title == "Recovered version"
    assert document.path == original and document.is_modified()
    assert document.lock is not None and document.lock.held
    assert document.autosave.recovery_path == left  # the next autosave replaces it
    assert storage.load_briefing(original).meta.title == "Saved version"


def test_declined_recovery_is_deleted(make, tmp_path):
    left = _recovery_file(tmp_path / "recovery", "Never mind", None)
    document, asker = make()
    assert not document.offer_recovery()  # the scripted answer is "Discard"
    assert asker.asked == [("restore", "Never mind")]
    assert not left.exists() and not left.with_suffix(".json").exists()
    assert document.session.briefing.meta.title == ""


def test_a_damaged_recovery_file_is_reported_and_kept(make, tmp_path):
    left = _recovery_file(tmp_path / "recovery", "Damaged", None)
    left.write_text('{"format_version": 1, "arti', encoding="utf-8")
    document, asker = make()
    asker.restore_answer = True
    assert not document.offer_recovery()
    assert len(asker.errors) == 1 and asker.errors[0][0] == "Cannot restore the unsaved work"
    assert left.exists()


def test_with_autosave_off_a_restored_file_is_not_kept(make, tmp_path):
    left = _recovery_file(tmp_path / "recovery", "Restored", None)
    document, asker = make(autosave=False)
    assert document.autosave is None
    asker.restore_answer = True
    assert document.offer_recovery()
    assert document.session.briefing.meta.title == "Restored" and document.is_modified()
    assert not left.exists()


def test_the_dialog_asker_answers_every_question_the_controller_asks():
    from briefing.gui.document import Asker
    from briefing.gui.messages import DialogAsker

    questions = {name for name in vars(Asker) if not name.startswith("_")}
    assert {"save_changes", "open_locked", "restore", "file_to_open", "error"} <= questions
    assert questions <= {name for name in vars(DialogAsker) if not name.startswith("_")}


def test_a_lock_left_on_another_computer_can_be_taken_over(make, tmp_path):
    document, asker = make()
    path = _saved(tmp_path / "left.briefing", "Left")
    lock_file = path.with_name(path.name + ".lock")
    lock_file.write_text(json.dumps({
        "pid": 4711, "host": "laptop.example.org", "user": "kim",
        "since": "2026-03-01T09:00:00+00:00",
    }), encoding="utf-8")
    asker.open_anyway = "take_over"
    assert document.open(path)
    assert asker.asked == [("open_locked", path)]
    assert document.lock is not None and document.lock.held
    assert document.lock.owner().host != "laptop.example.org"  # ours now
    document.close()
    assert not lock_file.exists()


def test_cancel_leaves_a_lock_from_another_computer_alone(make, tmp_path):
    document, asker = make()
    path = _saved(tmp_path / "left.briefing", "Left")
    lock_file = path.with_name(path.name + ".lock")
    record = json.dumps({"pid": 4711, "host": "laptop.example.org", "user": "kim",
                         "since": "2026-03-01T09:00:00+00:00"})
    lock_file.write_text(record, encoding="utf-8")
    asker.open_anyway = "cancel"
    assert not document.open(path)
    assert document.path is None
    assert lock_file.read_text(encoding="utf-8") == record
