"""Feed subscriptions, seen items and validators in SQLite: the `FeedStore` the CLI uses.

Given a library, new articles are filed there (tagged with the feed's tags, source "feed"),
and the library's own duplicate check has the last word; web_articles then only records which
library article came from which feed and whether it is still unread. Without one (tests, or a
library that cannot be opened) the Article itself is kept here as JSON, so nothing fetched is
lost. The tables are all named web_* and carry their own schema version (web_schema), so they
can move into the library's migration chain as they are.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

from briefing.core.errors import BriefingError
from briefing.core.feeds import Feed, FeedItem, normalise_link
from briefing.core.library import Library
from briefing.core.model import Article
from briefing.core.web.article import iso_timestamp
from briefing.core.web.fetcher import Validators

STORE_ENV = "BRIEFING_FEEDS_DB"
SCHEMA_VERSION = 1
_FINGERPRINTS_KEPT = 20_000  # enough for months of a busy desk; older copies are rare

_MIGRATIONS = {
    1: """
    CREATE TABLE web_feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        etag TEXT NOT NULL DEFAULT '',
        last_modified TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL,
        last_checked TEXT NOT NULL DEFAULT '',
        last_error TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE web_seen (
        key TEXT PRIMARY KEY,
        link TEXT NOT NULL,
        feed_id INTEGER,
        article_id TEXT NOT NULL DEFAULT '',
        seen_at TEXT NOT NULL
    );
    CREATE INDEX web_seen_link ON web_seen(link);
    CREATE TABLE web_articles (
        id TEXT PRIMARY KEY,
        feed_id INTEGER,
        tags TEXT NOT NULL DEFAULT '[]',
        simhash TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        unread INTEGER NOT NULL DEFAULT 1,
        filed_at TEXT NOT NULL,
        accessed_at TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        partial_reason TEXT NOT NULL DEFAULT '',
        article TEXT NOT NULL
    );
    CREATE INDEX web_articles_filed ON web_articles(filed_at);
    """,
}


def default_store_path() -> Path:
    """BRIEFING_FEEDS_DB, else web.sqlite3 in the user's data folder."""
    override = os.environ.get(STORE_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("briefing-builder", appauthor=False)) / "web.sqlite3"


class SqliteFeedStore:
    def __init__(self, path: Path | str, *, library: Library | None = None) -> None:
        self.path = Path(path)
        self.library = library
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA busy_timeout=30000")
            self._db.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable, one fsync less
            self._migrate()
        except (OSError, sqlite3.Error) as exc:
            raise BriefingError(f"{self.path}: cannot open the feeds store ({exc})") from None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SqliteFeedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        self._db.execute("CREATE TABLE IF NOT EXISTS web_schema (version INTEGER NOT NULL)")
        row = self._db.execute("SELECT version FROM web_schema").fetchone()
        version = row[0] if row else 0
        if version > SCHEMA_VERSION:
            raise BriefingError(
                f"{self.path}: the feeds store was written by a newer version of the app"
            )
        for step in range(version + 1, SCHEMA_VERSION + 1):
            with self._transaction():
                for statement in _MIGRATIONS[step].split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute("DELETE FROM web_schema")
                self._db.execute("INSERT INTO web_schema (version) VALUES (?)", (step,))

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)

    # -- subscriptions ---------------------------------------------------------------------

    def feeds(self) -> list[Feed]:
        rows = self._db.execute(
            "SELECT id, url, title, tags, etag, last_modified, last_checked, last_error"
            " FROM web_feeds ORDER BY id"
        )
        return [
            Feed(r[0], r[1], r[2], json.loads(r[3]), Validators(r[4], r[5]), r[6], r[7])
            for r in rows
        ]

    def add_feed(self, url: str, tags: Sequence[str], now: datetime) -> tuple[Feed, bool]:
        """(the feed, True if it is new). Adding a known URL again merges the tags."""
        existing = self.find_feed(url)
        if existing is not None:
            merged = sorted(set(existing.tags) | {t for t in tags if t})
            self._db.execute(
                "UPDATE web_feeds SET tags = ? WHERE id = ?", (json.dumps(merged), existing.id)
            )
            existing.tags = merged
            return existing, False
        clean = sorted({t.strip() for t in tags if t.strip()})
        cursor = self._db.execute(
            "INSERT INTO web_feeds (url, tags, added_at) VALUES (?, ?, ?)",
            (url, json.dumps(clean), iso_timestamp(now)),
        )
        return Feed(int(cursor.lastrowid or 0), url, tags=clean), True

    def find_feed(self, ident: str) -> Feed | None:
        """A feed by its number or its URL."""
        for feed in self.feeds():
            if ident == str(feed.id) or ident.strip() == feed.url:
                return feed
        return None

    def remove_feed(self, ident: str) -> Feed | None:
        feed = self.find_feed(ident)
        if feed is not None:
            self._db.execute("DELETE FROM web_feeds WHERE id = ?", (feed.id,))
        return feed

    def record_check(
        self, feed: Feed, *, title: str, validators: Validators, error: str, now: datetime
    ) -> None:
        self._db.execute(
            "UPDATE web_feeds SET title = ?, etag = ?, last_modified = ?, last_checked = ?,"
            " last_error = ? WHERE id = ?",
            (title, validators.etag, validators.last_modified, iso_timestamp(now), error, feed.id),
        )

    # -- items and articles ----------------------------------------------------------------

    def is_seen(self, key: str, link: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM web_seen WHERE key = ? OR link = ? LIMIT 1", (key, link)
        ).fetchone()
        return row is not None

    def mark_seen(self, feed: Feed, item: FeedItem, article_id: str, now: datetime) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO web_seen (key, link, feed_id, article_id, seen_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (item.key, normalise_link(item.link), feed.id, article_id, iso_timestamp(now)),
        )

    def fingerprints(self) -> Iterator[tuple[str, int, str]]:
        rows = self._db.execute(
            "SELECT id, simhash, sha256 FROM web_articles ORDER BY filed_at DESC LIMIT ?",
            (_FINGERPRINTS_KEPT,),
        )
        for ident, simhash, sha in rows.fetchall():
            yield ident, int(simhash, 16), sha

    def file_article(
        self, article: Article, feed: Feed, simhash: int, now: datetime
    ) -> str | None:
        ident, payload = article.id, json.dumps(dataclasses.asdict(article), ensure_ascii=False)
        if self.library is not None:
            result = self.library.add(article, tags=feed.tags, source_kind="feed", now=now)
            if not result.added:
                return None  # the library already has it (filed from a file, a paste, …)
            ident, payload = str(result.article.id), ""
        self._db.execute(
            "INSERT INTO web_articles (id, feed_id, tags, simhash, sha256, filed_at,"
            " accessed_at, description, partial_reason, article)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                ident,
                feed.id,
                json.dumps(feed.tags),
                f"{simhash:x}",
                article.text_sha256,
                iso_timestamp(now),
                article.accessed_at,
                article.description,
                article.partial_reason if article.partial else "",
                payload,
            ),
        )
        return ident

    def articles(self, *, unread_only: bool = False) -> list[tuple[Article, list[str], bool]]:
        """(article, tags, unread) for every article filed here (not in a library), oldest
        first."""
        query = "SELECT article, tags, unread FROM web_articles WHERE article != ''"
        if unread_only:
            query += " AND unread = 1"
        rows = self._db.execute(query + " ORDER BY filed_at, rowid").fetchall()
        return [(Article(**json.loads(a)), json.loads(t), bool(u)) for a, t, u in rows]

    def filed_ids(self, *, since: str = "") -> list[str]:
        """Ids of the articles refreshes filed (library ids when filed there), oldest first."""
        rows = self._db.execute(
            "SELECT id FROM web_articles WHERE filed_at >= ? ORDER BY filed_at, rowid", (since,)
        )
        return [str(r[0]) for r in rows]

    def web_facts(self, article_id: str) -> tuple[str, str, str] | None:
        """(accessed_at, description, partial_reason) the library does not keep, for an
        article a refresh filed; None for any other."""
        row = self._db.execute(
            "SELECT accessed_at, description, partial_reason FROM web_articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        return (str(row[0]), str(row[1]), str(row[2])) if row else None

    def article_ids_from_feeds(self, feed_ids: Sequence[int]) -> set[str]:
        marks = ", ".join("?" for _ in feed_ids)
        if not marks:
            return set()
        rows = self._db.execute(
            f"SELECT id FROM web_articles WHERE feed_id IN ({marks})", tuple(feed_ids)
        )
        return {str(r[0]) for r in rows}

    def mark_read(self, ids: Sequence[str]) -> None:
        self._db.executemany("UPDATE web_articles SET unread = 0 WHERE id = ?", [(i,) for i in ids])

    def unread_counts(self) -> dict[int, int]:
        rows = self._db.execute(
            "SELECT feed_id, COUNT(*) FROM web_articles WHERE unread = 1 GROUP BY feed_id"
        )
        return {int(feed_id): int(count) for feed_id, count in rows if feed_id is not None}


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")
