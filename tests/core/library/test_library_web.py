"""The web in the library, on both engines: web fields kept, searched and copied; feeds,
seen items and unread marks in the library's own tables; an older separate feeds file
imported once; the migrations that add all this."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefing.core.errors import BriefingError
from briefing.core.feeds import Feed, FeedItem
from briefing.core.feeds_store import import_legacy_store, open_feed_store
from briefing.core.library import SearchFilters, open_library
from briefing.core.library.feeds import LibraryFeedStore
from briefing.core.library.transfer import briefing_article
from briefing.core.model import Article

NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
OLD_TEXT = "an older kumquat story " * 40
BODY = " ".join(f"word{n % 89} filler{n}" for n in range(300))


def _web_article(ident: str, text: str = BODY, **fields: object) -> Article:
    values: dict[str, object] = {
        "title": f"Story {ident}", "outlet": "Wire", "url": f"https://news.example/{ident}",
        "source_kind": "url", "description": "Ministers agreed a zucchini corridor.",
        "accessed_at": "2026-12-01T06:00:00Z", "partial": True,
        "partial_reason": 'the text stops at a paywall ("abonnez-vous")',
    }  # fmt: skip
    values.update(fields)
    return Article(id=ident, text=text, **values)  # type: ignore[arg-type]


def test_web_fields_are_kept_searched_and_copied_into_a_briefing(library) -> None:  # type: ignore[no-untyped-def]
    stored = library.add(_web_article("a"), now=NOW).article
    assert (stored.description, stored.accessed_at, stored.partial) == (
        "Ministers agreed a zucchini corridor.", "2026-12-01T06:00:00Z", True)
    assert "abonnez-vous" in stored.partial_reason and not stored.unread
    again = library.get(stored.id)
    assert again.description == stored.description and again.partial
    [hit] = library.search("zucchini")  # a word only in the description
    assert hit.article.id == stored.id and hit.article.partial
    assert hit.article.description == stored.description
    copy = briefing_article(again, now=NOW)
    assert (copy.description, copy.accessed_at, copy.partial, copy.partial_reason) == (
        stored.description, stored.accessed_at, True, stored.partial_reason)


def test_a_whole_article_has_no_partial_reason(library) -> None:  # type: ignore[no-untyped-def]
    stored = library.add(_web_article("b", partial=False, partial_reason="stale"), now=NOW)
    assert not stored.article.partial and stored.article.partial_reason == ""


def test_feed_articles_come_in_unread_and_can_be_marked(library) -> None:  # type: ignore[no-untyped-def]
    store = LibraryFeedStore(library)
    feed, new = store.add_feed("https://news.example/feed.rss", ["wire"], NOW)
    assert new and store.feeds()[0].tags == ["wire"]
    first = store.file_article(_web_article("c", text=BODY + " one"), feed, 0x1234, NOW)
    second = store.file_article(_web_article("d", text="other words " * 80), feed, 0x99, NOW)
    assert first and second and store.unread_counts() == {feed.id: 2}
    assert library.get(int(first)).unread and library.get(int(first)).source_kind == "feed"
    [hit] = library.search("zucchini", SearchFilters(unread=True), limit=1)
    assert hit.article.unread
    store.mark_read([first])
    assert store.unread_counts() == {feed.id: 1}
    assert library.count("", SearchFilters(unread=True)) == 1
    store.set_unread([int(first)], True)
    assert store.unread_counts() == {feed.id: 2}
    # A hand-filed article is not unread: only what feeds bring in waits to be opened.
    assert not library.add(_web_article("e", text="hand filed " * 90), now=NOW).article.unread
    assert sorted(store.filed_ids()) == sorted([first, second])
    assert store.article_ids_from_feeds([feed.id]) == {first, second}
    waiting = store.articles(unread_only=True)
    assert len(waiting) == 2 and all(t == ["wire"] and u for _, t, u in waiting)


def test_seen_items_and_validators_are_shared_by_everyone_on_the_library(location) -> None:  # type: ignore[no-untyped-def]
    from briefing.core.web.fetcher import Validators

    with open_library(location) as mine, open_library(location) as theirs:
        feed, _ = LibraryFeedStore(mine).add_feed("https://news.example/f", [], NOW)
        LibraryFeedStore(mine).mark_seen(feed, FeedItem("g1", "https://news.example/1"), "", NOW)
        LibraryFeedStore(mine).record_check(feed, title="F", validators=Validators('"e"', ""),
                                            error="", now=NOW)
        other = LibraryFeedStore(theirs)
        assert [f.url for f in other.feeds()] == ["https://news.example/f"]
        assert other.feeds()[0].validators.etag == '"e"'
        assert other.is_seen("g1", "") and other.is_seen("x", "https://news.example/1/")is False
        assert other.remove_feed(str(feed.id)) is not None and LibraryFeedStore(mine).feeds() == []
        assert LibraryFeedStore(mine).is_seen("g1", "")  # seen stays seen after unsubscribing


_OLD_SCHEMA = """
CREATE TABLE web_schema (version INTEGER NOT NULL);
INSERT INTO web_schema VALUES (1);
CREATE TABLE web_feeds (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '', tags TEXT NOT NULL DEFAULT '[]',
    etag TEXT NOT NULL DEFAULT '', last_modified TEXT NOT NULL DEFAULT '', added_at TEXT NOT NULL,
    last_checked TEXT NOT NULL DEFAULT '', last_error TEXT NOT NULL DEFAULT '');
CREATE TABLE web_seen (key TEXT PRIMARY KEY, link TEXT NOT NULL, feed_id INTEGER,
    article_id TEXT NOT NULL DEFAULT '', seen_at TEXT NOT NULL);
CREATE TABLE web_articles (id TEXT PRIMARY KEY, feed_id INTEGER, tags TEXT NOT NULL DEFAULT '[]',
    simhash TEXT NOT NULL, sha256 TEXT NOT NULL, unread INTEGER NOT NULL DEFAULT 1,
    filed_at TEXT NOT NULL, accessed_at TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '', partial_reason TEXT NOT NULL DEFAULT '',
    article TEXT NOT NULL);
"""


def _old_store(path: Path, library_id: int) -> None:
    kept = _web_article("kept", text="kept aside " * 90, description="", partial=False,
                        partial_reason="")
    with sqlite3.connect(path) as db:
        db.executescript(_OLD_SCHEMA)
        db.execute("INSERT INTO web_feeds (id, url, title, tags, etag, added_at) VALUES "
                   "(7, 'https://news.example/old.rss', 'Old', '[\"desk\"]', '\"v1\"', "
                   "'2026-11-01T06:00:00Z')")
        db.execute("INSERT INTO web_seen VALUES ('g1', 'https://news.example/1', 7, ?, "
                   "'2026-11-01T06:00:00Z')", (str(library_id),))
        db.execute("INSERT INTO web_articles VALUES (?, 7, '[\"desk\"]', 'ff', 'sha', 1, "
                   "'2026-11-01T06:00:00Z', '2026-11-01T05:59:00Z', 'Old description', "
                   "'only 40 words were found', '')", (str(library_id),))
        db.execute("INSERT INTO web_articles VALUES ('kept', 7, '[\"desk\"]', 'ee', 'sha2', 0, "
                   "'2026-11-01T06:01:00Z', '', '', '', ?)",
                   (json.dumps(kept.__dict__),))


def test_an_older_feeds_file_is_imported_once(library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    filed = library.add(_web_article("f", description="", accessed_at="", partial=False,
                                     partial_reason=""), now=NOW).article
    old = tmp_path / "web.sqlite3"
    _old_store(old, filed.id)
    store = open_feed_store(library, legacy=old)
    [feed] = store.feeds()
    assert (feed.url, feed.title, feed.tags, feed.validators.etag) == (
        "https://news.example/old.rss", "Old", ["desk"], '"v1"')
    assert store.is_seen("g1", "")
    again = library.get(filed.id)
    assert again.unread and again.description == "Old description"
    assert again.partial and again.partial_reason == "only 40 words were found"
    assert again.accessed_at == "2026-11-01T05:59:00Z"
    assert store.unread_counts() == {feed.id: 1}  # the kept-aside one was read
    kept = [a for a, _, _ in store.articles() if a.title == "Story kept"]
    assert kept and kept[0].tags == ["desk"] and not kept[0].unread
    assert not old.exists() and (tmp_path / "web.sqlite3.imported").exists()
    # Once: opening again finds no old file; importing the same file again files nothing twice.
    open_feed_store(library, legacy=old)
    import_legacy_store(store, tmp_path / "web.sqlite3.imported")
    assert len(store.feeds()) == 1 and len(store.filed_ids()) == 2


def test_a_version_2_sqlite_library_gains_the_web_and_keeps_its_search(tmp_path: Path,
                                                                       monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from briefing.core.library import sqlite

    path = tmp_path / "library.sqlite3"
    with monkeypatch.context() as patch:
        patch.setattr(sqlite, "MIGRATIONS", sqlite.MIGRATIONS[:2])
        patch.setattr(sqlite, "SCHEMA_VERSION", 2)
        open_library(path).close()
    with sqlite3.connect(path) as conn:  # an article as version 2 stored it
        conn.execute(
            "INSERT INTO articles (title, text, added_at, sha256, simhash, b0, b1, b2, b3, b4, "
            "sort_date) VALUES ('Old one', ?, '2026-01-01T00:00:00Z', 'x', 1, 1, 2, 3, 4, 5, "
            "'2026-01-01')", (OLD_TEXT,))
    with open_library(path) as library:
        assert library.schema_version() == sqlite.SCHEMA_VERSION >= 3
        [hit] = library.search("kumquat")  # the rebuilt index still has the old article
        assert not hit.article.unread and hit.article.description == ""
        library.add(_web_article("n"), now=NOW)
        assert library.count("zucchini") == 1
        assert LibraryFeedStore(library).feeds() == []


def test_a_version_3_postgres_library_gains_the_web_and_keeps_its_search(pg_url,
                                                                         monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from briefing.core.library import postgres

    with monkeypatch.context() as patch:
        patch.setattr(postgres, "MIGRATIONS", postgres.MIGRATIONS[:3])
        patch.setattr(postgres, "SCHEMA_VERSION", 3)
        open_library(pg_url).close()
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as admin:  # as version 3 stored it
        admin.execute(
            "INSERT INTO briefing_library.articles (title, text, added_at, sha256, simhash, b0, "
            "b1, b2, b3, b4, sort_date) VALUES ('Old one', %s, '2026-01-01T00:00:00Z', 'x', 1, "
            "1, 2, 3, 4, 5, '2026-01-01')", (OLD_TEXT,))
    with open_library(pg_url) as library:
        assert library.schema_version() == postgres.SCHEMA_VERSION >= 4
        [hit] = library.search("kumquat")
        assert not hit.article.unread and hit.article.description == ""
        library.add(_web_article("n"), now=NOW)
        assert library.count("zucchini") == 1
        feed, _ = LibraryFeedStore(library).add_feed("https://news.example/f", [], NOW)
        assert isinstance(feed, Feed) and LibraryFeedStore(library).unread_counts() == {}


def test_an_unreadable_old_feeds_file_is_one_clear_error(library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    stranger = tmp_path / "web.sqlite3"
    with sqlite3.connect(stranger) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(BriefingError, match="is not a feeds file"):
        open_feed_store(library, legacy=stranger)
    broken = tmp_path / "old.sqlite3"
    with sqlite3.connect(broken) as db:
        db.executescript(_OLD_SCHEMA)
        db.execute("INSERT INTO web_feeds (url, tags, added_at) VALUES ('u', 'not json', 'x')")
    with pytest.raises(BriefingError, match="damaged"):
        import_legacy_store(LibraryFeedStore(library), broken)
    assert stranger.exists() and broken.exists()  # nothing renamed: nothing was imported


def test_which_items_were_seen_is_asked_in_batches(library) -> None:  # type: ignore[no-untyped-def]
    store = LibraryFeedStore(library)
    feed, _ = store.add_feed("https://news.example/f", [], NOW)
    for n in range(0, 1200, 2):  # every other item of 1,200 seen
        store.mark_seen(feed, FeedItem(f"k{n}", f"https://news.example/{n}"), "", NOW)
    keys = [f"k{n}" for n in range(1200)]
    links = [f"https://news.example/{n}" for n in range(1200)]
    seen_keys, seen_links = store.seen_among(keys, links)
    assert seen_keys == {f"k{n}" for n in range(0, 1200, 2)}
    assert seen_links == {f"https://news.example/{n}" for n in range(0, 1200, 2)}
    assert store.seen_among([], []) == (set(), set())


def test_deleting_a_feed_article_and_rebuilding_keep_the_feed_tables_right(library) -> None:  # type: ignore[no-untyped-def]
    store = LibraryFeedStore(library)
    feed, _ = store.add_feed("https://news.example/f", [], NOW)
    ident = store.file_article(_web_article("g"), feed, 7, NOW)
    assert ident and store.unread_counts() == {feed.id: 1}
    library.rebuild()
    assert library.count("zucchini") == 1  # the description is in the rebuilt index
    library.delete(int(ident))
    assert store.unread_counts() == {} and store.filed_ids() == []
    assert list(store.fingerprints()) == []


def test_the_search_can_be_limited_to_one_feeds_articles(library) -> None:  # type: ignore[no-untyped-def]
    store = LibraryFeedStore(library)
    wire, _ = store.add_feed("https://news.example/wire", [], NOW)
    paper, _ = store.add_feed("https://news.example/paper", [], NOW)
    one = store.file_article(_web_article("w", text=BODY + " wire"), wire, 1, NOW)
    two = store.file_article(_web_article("p", text="paper words " * 90), paper, 2, NOW)
    assert [h.article.id for h in library.search("", SearchFilters(feed=wire.id))] == [int(one)]
    assert [h.article.id for h in library.search("", SearchFilters(feed=paper.id))] == [int(two)]
    assert library.count("zucchini", SearchFilters(feed=paper.id)) == 1
    assert library.count("", SearchFilters(feed=999)) == 0
