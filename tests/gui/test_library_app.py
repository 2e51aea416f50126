"""The library in the app, beyond the pane's search: tag rename and merge, an import the
library already holds, a team library opened off the GUI thread, and speakers learned from
an opened briefing."""

from __future__ import annotations

import threading

from briefing.core.library import LibraryUnavailable, open_library
from briefing.core.model import Article, Briefing, Clip, ClipKind
from briefing.gui import library_access
from briefing.gui.views.shelf import LibraryPane

REPORT = (
    "Ministers from the alliance met in Vilnius on Tuesday to discuss air defence for the "
    "eastern flank. The secretary general said the new Patriot batteries would arrive before "
    "winter, and that member states had agreed to raise their contributions. Officials from "
    "Poland and the Baltic states welcomed the decision but warned that deliveries had slipped "
    "before. A spokesman for the Kremlin called the plan a provocation and promised a response."
)


class ScriptedAsker:
    def __init__(self, use_existing=False, rename=None, merge=None) -> None:
        self.answers = {"use_existing": use_existing, "rename": rename, "merge": merge}
        self.asked: list[tuple[str, object]] = []

    def use_existing(self, pairs):
        self.asked.append(("use_existing", pairs))
        return self.answers["use_existing"]

    def rename_tag(self, tags, current):
        self.asked.append(("rename", (tags, current)))
        return self.answers["rename"]

    def merge_tags(self, tags, current):
        self.asked.append(("merge", (tags, current)))
        return self.answers["merge"]


def _tagged_library() -> None:
    with open_library() as library:
        library.add(Article(id="x", title="One", text="first text about drones"),
                    tags=["Drones", "UAV"])
        library.add(Article(id="x", title="Two", text="second text about unmanned craft"),
                    tags=["uav"])


def test_tags_are_renamed_and_merged_from_the_pane(window, qtbot, errors):
    _tagged_library()
    link = window.library_link
    link.asker = ScriptedAsker(rename=("UAV", "Unmanned aircraft"))
    link.rename_tag()  # before the library is open: nothing asked, the status bar says why
    assert link.asker.asked == [] and "still opening" in window.statusBar().currentMessage()
    link.pane.show_scope(LibraryPane.ALL_ARTICLES)
    qtbot.waitUntil(lambda: link.shelf.tag.count() == 3, timeout=15_000)
    link.shelf.tag.setCurrentIndex(link.shelf.tag.findData("UAV"))
    link.rename_tag()
    assert link.asker.asked[0] == ("rename", (["Drones", "UAV"], "UAV"))
    assert link.shelf.tag.currentData() == "Unmanned aircraft"  # the same articles shown
    assert link.shelf.model.rowCount() == 2
    link.asker = ScriptedAsker(merge=("Drones", "Unmanned aircraft"))
    link.shelf.tag.setCurrentIndex(link.shelf.tag.findData("Drones"))
    link.merge_tags()
    assert [link.shelf.tag.itemText(i) for i in range(link.shelf.tag.count())] == [
        "All tags", "Unmanned aircraft (2)"]
    assert "merged" in window.statusBar().currentMessage()
    # A rename onto an existing tag is refused with the library's own message.
    with open_library() as library:
        library.tag([1], add=["Other"])
    link.asker = ScriptedAsker(rename=("Other", "unmanned AIRCRAFT"))
    link.rename_tag()
    assert errors and "merge" in errors[-1][1]
    with open_library() as library:
        assert {t.name: t.count for t in library.tags()} == {"Other": 1, "Unmanned aircraft": 2}


def test_an_import_the_library_holds_is_named_and_its_article_offered(window, wait_library):
    wait_library(window.library_link.access)
    with open_library() as library:
        stored = library.add(Article(id="x", title="Allies agree plan", text=REPORT,
                                     outlet="Reuters", published="2026-03-10"),
                             tags=["NATO"]).article
    link = window.library_link
    link.asker = ScriptedAsker(use_existing=True)
    imported = Article(id="a-new", title="untitled paste", text=REPORT)
    link.file_imported([imported])
    (_kind, pairs), = link.asker.asked
    assert pairs[0][1].article.id == stored.id and pairs[0][1].duplicate_kind == "same text"
    assert (imported.id, imported.title, imported.outlet, imported.published) == (
        "a-new", "Allies agree plan", "Reuters", "2026-03-10")
    assert imported.library_id == str(stored.id)
    # A near copy kept as imported is not linked to the library article (its text differs).
    link.asker = ScriptedAsker(use_existing=False)
    copy = Article(id="a-copy", title="Syndicated",
                   text="By Staff. " + REPORT.replace("Tuesday", "Wednesday") + " (c) 2026.")
    link.file_imported([copy])
    assert link.asker.asked[0][1][0][1].duplicate_kind == "near duplicate"
    assert copy.title == "Syndicated" and copy.library_id == ""
    # A new article is filed without a question.
    link.asker = ScriptedAsker()
    fresh = Article(id="a-fresh", title="New", text="nothing like it in the library yet")
    link.file_imported([fresh])
    assert link.asker.asked == [] and fresh.library_id


def test_a_team_library_is_opened_off_the_gui_thread(window, qtbot, monkeypatch, tmp_path):
    release = threading.Event()
    real_open = library_access.open_library
    local = str(tmp_path / "stand-in.sqlite3")
    with real_open(local) as library:
        library.add(Article(id="x", title="On the server", text="a text on the server"))

    def slow_open(location=None, *, setting="", user=None):
        assert threading.current_thread() is not threading.main_thread()
        if not release.wait(30):
            raise LibraryUnavailable("timed out")
        return real_open(local)

    monkeypatch.setattr(library_access, "open_library", slow_open)
    monkeypatch.delenv("BRIEFING_LIBRARY")  # else it wins over the app's setting
    link = window.library_link
    link.access.set_setting("postgresql://analyst@db.invalid/briefings")
    link.pane.show_scope(LibraryPane.ALL_ARTICLES)  # returns at once: the window stays live
    shelf = link.shelf
    assert link.access.opening()
    assert "Connecting to the library at postgresql://analyst@db.invalid" in shelf.status.text()
    assert not shelf.table.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: not link.access.opening(), timeout=10_000)
    qtbot.waitUntil(lambda: shelf.model.rowCount() == 1)
    assert shelf.table.isEnabled() and "1 articles" in shelf.status.text()


def test_a_slow_library_file_never_freezes_the_window(window, qtbot, monkeypatch, tmp_path):
    """A file on a network share or a slow disk: opened in a worker like a server, while the
    window (and the briefing) go on; work that needs it waits for it."""
    release = threading.Event()
    real_open = library_access.open_library
    slow_file = tmp_path / "on-a-share.sqlite3"
    with real_open(slow_file) as library:
        library.add(Article(id="x", title="Filed long ago", text="a text filed long ago"))

    def slow_open(location=None, *, setting="", user=None):
        assert threading.current_thread() is not threading.main_thread()
        if not release.wait(30):
            raise LibraryUnavailable("timed out")
        return real_open(location, setting=setting, user=user)

    monkeypatch.setattr(library_access, "open_library", slow_open)
    monkeypatch.setenv("BRIEFING_LIBRARY", str(slow_file))
    link, shelf = window.library_link, window.library_link.shelf
    link.pane.show_scope(LibraryPane.ALL_ARTICLES)  # returns at once
    assert link.access.opening() and not link.access.is_open()
    assert shelf.status.text() == f"Opening the library at {slow_file}…"
    assert not shelf.table.isEnabled() and not shelf.tagging.button.isEnabled()
    # Meanwhile the briefing works, and a pasted article waits to be filed.
    window.transfers.articlesRead.emit([Article(id="a-1", title="Pasted", text="pasted now")])
    assert [a.title for a in window.session.briefing.articles] == ["Pasted"]
    assert link.add_to_briefing([1]) == []  # needs the library: says it is still opening
    assert "still opening" in window.statusBar().currentMessage()
    qtbot.wait(50)  # the event loop runs: nothing waits for the worker
    assert link.access.opening()
    release.set()
    qtbot.waitUntil(lambda: shelf.model.rowCount() == 2, timeout=15_000)
    assert shelf.table.isEnabled() and shelf.status.text() == "2 articles"
    assert {h.article.title for h in shelf.model.hits} == {"Filed long ago", "Pasted"}


def test_a_team_library_that_cannot_be_reached_says_so(window, qtbot, monkeypatch, errors):
    def unreachable(location=None, *, setting="", user=None):
        raise LibraryUnavailable("postgresql://db.invalid: cannot reach the library server")

    monkeypatch.setattr(library_access, "open_library", unreachable)
    monkeypatch.delenv("BRIEFING_LIBRARY")
    link = window.library_link
    link.access.set_setting("postgresql://db.invalid/briefings")
    link.pane.show_scope(LibraryPane.ALL_ARTICLES)
    qtbot.waitUntil(lambda: not link.access.opening(), timeout=10_000)
    assert "cannot reach the library server" in link.shelf.status.text()
    assert [m for _, m in errors if "cannot reach" in m]  # one dialog says it
    assert link.shelf.table.isEnabled()


def test_work_waiting_for_a_library_that_failed_to_open_is_done_when_it_opens(
    window, qtbot, monkeypatch, errors, tmp_path
):
    """A server away at first: an article pasted meanwhile is still filed, and a speaker
    still remembered, once a later try reaches it; nothing waits forever or is lost."""
    real_open = library_access.open_library
    place = tmp_path / "team.sqlite3"
    tries = []

    def away_then_back(location=None, *, setting="", user=None):
        tries.append(location)
        if len(tries) == 1:
            raise LibraryUnavailable("cannot reach the library server")
        return real_open(place)

    monkeypatch.setattr(library_access, "open_library", away_then_back)
    link = window.library_link
    link.access.close()
    window.transfers.articlesRead.emit([Article(id="a-1", title="Pasted", text="pasted now")])
    link.access.when_open(lambda lib: lib.remember_person("Grigory Belov", "Mayor"))
    qtbot.waitUntil(lambda: not link.access.opening(), timeout=10_000)
    assert not link.access.is_open() and link.access.waiting() == 2
    assert [m for _, m in errors if "cannot reach" in m]
    link.access.library()  # the next use tries again
    qtbot.waitUntil(link.access.is_open, timeout=15_000)
    assert link.access.waiting() == 0
    with real_open(place) as library:
        assert [h.article.title for h in library.search("pasted")] == ["Pasted"]
        assert [(p.name, p.role) for p in library.people("Grigory")] == [
            ("Grigory Belov", "Mayor")]


def test_speakers_of_an_opened_briefing_complete_the_speaker_field(window, qtbot):
    briefing = Briefing()
    briefing.articles.append(Article(id="a1", title="T", text="He said: we will win."))
    briefing.clips.append(Clip(id="c1", article_id="a1", kind=ClipKind.QUOTE,
                               text="we will win.", start=9, end=21,
                               speaker="Volodymyr Zelensky", speaker_role="President of Ukraine"))
    window.session.replace(briefing, None)  # the library opens in the background for it
    assert window.library_link.access.opening()
    qtbot.waitUntil(window.library_link.access.is_open, timeout=15_000)
    with open_library() as library:
        assert [(p.name, p.role) for p in library.people("zel")] == [
            ("Volodymyr Zelensky", "President of Ukraine")]
