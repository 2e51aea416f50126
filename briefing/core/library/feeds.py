"""Feeds in the library: subscriptions, the items seen, and which article came from which feed.

`LibraryFeedStore` is the `FeedStore` a refresh files into (see briefing.core.feeds). Its
tables (feeds, feed_seen, feed_articles) are part of the library's schema on both engines, so
a team sharing a PostgreSQL library shares its subscriptions and never fetches a story twice.
New articles are filed through `Library.add` (source "feed", the feed's tags), so the
library's own duplicate check has the last word, and they come in unread.

Unread is a mark on the article itself, shared by everyone using the library: a monitoring
desk triages together, and an article one analyst opened is no longer news to the desk.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from datetime import datetime

from briefing.core.feeds import Feed, FeedItem, normalise_link
from briefing.core.library.base import Library, Run
from briefing.core.library.records import LibraryArticle, iso_now
from briefing.core.model import Article
from briefing.core.web.fetcher import Validators

_FINGERPRINTS_KEPT = 20_000  # enough for months of a busy desk; older copies are rare
_BATCH = 500  # values per IN (...): below SQLite's and PostgreSQL's parameter limits
_FEED_COLUMNS = "id, url, title, tags, etag, last_modified, last_checked, last_error"


def _marks(items: Sequence[object]) -> str:
    return ", ".join("?" for _ in items)


class LibraryFeedStore:
    """The feeds of one open library (the library stays the caller's to close)."""

    def __init__(self, library: Library) -> None:
        self.library = library

    def close(self) -> None:
        """Nothing of its own to close: kept so callers can use it like a store."""

    def __enter__(self) -> LibraryFeedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self, write: bool = False) -> contextlib.AbstractContextManager[Run]:
        return self.library._transaction(write)

    # -- subscriptions ---------------------------------------------------------------------

    def feeds(self) -> list[Feed]:
        with self._run() as run:
            rows = run(f"SELECT {_FEED_COLUMNS} FROM feeds ORDER BY id")
        return [
            Feed(int(r[0]), r[1], r[2], json.loads(r[3]), Validators(r[4], r[5]), r[6], r[7])
            for r in rows
        ]

    def add_feed(self, url: str, tags: Sequence[str], now: datetime) -> tuple[Feed, bool]:
        """(the feed, True if it is new). Adding a known URL again merges the tags."""
        url = url.strip()
        clean = sorted({t.strip() for t in tags if t.strip()})
        with self._run(write=True) as run:
            rows = run("SELECT id, tags FROM feeds WHERE url = ?", (url,))
            if rows:
                merged = sorted(set(json.loads(rows[0][1])) | set(clean))
                run("UPDATE feeds SET tags = ? WHERE id = ?", (json.dumps(merged), rows[0][0]))
                new = False
            else:
                run("INSERT INTO feeds (url, tags, added_at) VALUES (?, ?, ?)",
                    (url, json.dumps(clean), iso_now(now)))
                new = True
        found = self.find_feed(url)
        assert found is not None  # just written
        return found, new

    def find_feed(self, ident: str) -> Feed | None:
        """A feed by its number or its URL."""
        ident = str(ident).strip()
        for feed in self.feeds():
            if ident == str(feed.id) or ident == feed.url:
                return feed
        return None

    def remove_feed(self, ident: str) -> Feed | None:
        """Unsubscribe. Its articles stay in the library; its seen items stay seen, so
        subscribing again brings in only what is new."""
        feed = self.find_feed(ident)
        if feed is not None:
            with self._run(write=True) as run:
                run("UPDATE feed_seen SET feed_id = NULL WHERE feed_id = ?", (feed.id,))
                run("UPDATE feed_articles SET feed_id = NULL WHERE feed_id = ?", (feed.id,))
                run("DELETE FROM feeds WHERE id = ?", (feed.id,))
        return feed

    def restore_state(
        self, feed_id: int, *, title: str, validators: Validators, checked: str, error: str
    ) -> None:
        """Set what an earlier check learnt (importing an older feeds file); a title the
        library already has is kept."""
        with self._run(write=True) as run:
            run("UPDATE feeds SET title = CASE WHEN title = '' THEN ? ELSE title END, "
                "etag = ?, last_modified = ?, last_checked = ?, last_error = ? WHERE id = ?",
                (title, validators.etag, validators.last_modified, checked, error, feed_id))

    def record_check(
        self, feed: Feed, *, title: str, validators: Validators, error: str, now: datetime
    ) -> None:
        with self._run(write=True) as run:
            run("UPDATE feeds SET title = ?, etag = ?, last_modified = ?, last_checked = ?, "
                "last_error = ? WHERE id = ?",
                (title, validators.etag, validators.last_modified, iso_now(now), error, feed.id))

    # -- items and articles ----------------------------------------------------------------

    def is_seen(self, key: str, link: str) -> bool:
        with self._run() as run:
            return bool(run("SELECT 1 FROM feed_seen WHERE key = ? OR link = ? LIMIT 1",
                            (key, link)))

    def seen_among(self, keys: Sequence[str], links: Sequence[str]) -> tuple[set[str], set[str]]:
        seen_keys: set[str] = set()
        seen_links: set[str] = set()
        with self._run() as run:
            for column, values, found in (("key", keys, seen_keys), ("link", links, seen_links)):
                unique = sorted(set(values))
                for start in range(0, len(unique), _BATCH):
                    chunk = unique[start : start + _BATCH]
                    rows = run(f"SELECT {column} FROM feed_seen WHERE {column} IN "
                               f"({_marks(chunk)})", tuple(chunk))
                    found.update(str(r[0]) for r in rows)
        return seen_keys, seen_links

    def mark_seen(self, feed: Feed, item: FeedItem, article_id: str, now: datetime) -> None:
        self.remember_seen(item.key, normalise_link(item.link), feed.id, article_id, now)

    def remember_seen(
        self, key: str, link: str, feed_id: int | None, article_id: str, now: datetime | str
    ) -> None:
        stamp = now if isinstance(now, str) else iso_now(now)
        with self._run(write=True) as run:
            run("INSERT INTO feed_seen (key, link, feed_id, article_id, seen_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET link = excluded.link, "
                "feed_id = excluded.feed_id, article_id = excluded.article_id, "
                "seen_at = excluded.seen_at",
                (key, link, feed_id, article_id, stamp))

    def fingerprints(self) -> Iterator[tuple[str, int, str]]:
        with self._run() as run:
            rows = run("SELECT article_id, simhash, sha256 FROM feed_articles "
                       "ORDER BY filed_at DESC LIMIT ?", (_FINGERPRINTS_KEPT,))
        for ident, simhash, sha in rows:
            yield str(ident), int(simhash, 16), sha

    def file_article(
        self, article: Article, feed: Feed, simhash: int, now: datetime
    ) -> str | None:
        result = self.library.add(article, tags=feed.tags, source_kind="feed", now=now)
        if not result.added:
            return None  # the library already has it (filed from a file, a paste, …)
        self.link_article(result.article.id, feed.id, simhash, article.text_sha256, now)
        return str(result.article.id)

    def link_article(
        self, article_id: int, feed_id: int | None, simhash: int, sha256: str,
        now: datetime | str,
    ) -> None:  # fmt: skip
        """Note that the library article came from the feed (its fingerprint for copies)."""
        stamp = now if isinstance(now, str) else iso_now(now)
        with self._run(write=True) as run:
            run("INSERT INTO feed_articles (article_id, feed_id, simhash, sha256, filed_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (article_id) DO NOTHING",
                (int(article_id), feed_id, f"{simhash:x}", sha256, stamp))

    def restore_facts(
        self, article_id: int, *, unread: bool, description: str, accessed_at: str,
        partial_reason: str,
    ) -> bool:  # fmt: skip
        """Give a library article the unread mark and the web facts an older feeds file kept
        beside it (what the library has already wins). False if it is no longer there."""
        with self._run(write=True) as run:
            if not run("SELECT 1 FROM articles WHERE id = ?", (int(article_id),)):
                return False
            run("UPDATE articles SET unread = ?, "
                "description = CASE WHEN description = '' THEN ? ELSE description END, "
                "accessed_at = CASE WHEN accessed_at = '' THEN ? ELSE accessed_at END, "
                "partial = CASE WHEN ? <> '' THEN 1 ELSE partial END, "
                "partial_reason = CASE WHEN partial_reason = '' THEN ? ELSE partial_reason END "
                "WHERE id = ?",
                (int(unread), description, accessed_at, partial_reason, partial_reason,
                 int(article_id)))
        return True

    def articles(
        self, *, unread_only: bool = False
    ) -> list[tuple[LibraryArticle, list[str], bool]]:
        """(article, tags, unread) for every library article a refresh filed, oldest first."""
        ids = self.filed_ids()
        found = [self.library.get(int(i)) for i in ids]
        return [(a, a.tags, a.unread) for a in found if a.unread or not unread_only]

    def filed_ids(self, *, since: str = "") -> list[str]:
        """Library ids of the articles refreshes filed, oldest first."""
        with self._run() as run:
            rows = run("SELECT article_id FROM feed_articles WHERE filed_at >= ? "
                       "ORDER BY filed_at, article_id", (since,))
        return [str(r[0]) for r in rows]

    def article_ids_from_feeds(self, feed_ids: Sequence[int]) -> set[str]:
        if not feed_ids:
            return set()
        with self._run() as run:
            rows = run(f"SELECT article_id FROM feed_articles WHERE feed_id IN "
                       f"({_marks(feed_ids)})", tuple(feed_ids))
        return {str(r[0]) for r in rows}

    # -- unread ----------------------------------------------------------------------------

    def set_unread(self, ids: Sequence[int | str], unread: bool) -> None:
        """Mark library articles unread (True) or read (False)."""
        numbers = [int(i) for i in ids if str(i).isdigit()]
        if numbers:
            with self._run(write=True) as run:
                run(f"UPDATE articles SET unread = ? WHERE id IN ({_marks(numbers)})",
                    (int(unread), *numbers))

    def mark_read(self, ids: Sequence[int | str]) -> None:
        self.set_unread(ids, False)

    def unread_counts(self) -> dict[int, int]:
        """Unread articles per feed id (from the articles' own marks)."""
        with self._run() as run:
            rows = run("SELECT fa.feed_id, count(*) FROM feed_articles fa JOIN articles a ON "
                       "a.id = fa.article_id WHERE a.unread = 1 AND fa.feed_id IS NOT NULL "
                       "GROUP BY fa.feed_id")
        return {int(feed_id): int(count) for feed_id, count in rows}
