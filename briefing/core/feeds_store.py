"""Opening the feeds of a library, and moving an older app's separate feeds file into it once.

Feeds used to live in their own SQLite file (web.sqlite3 in the user's data folder, or
BRIEFING_FEEDS_DB) beside the library. They are now part of the library (see
briefing.core.library.feeds). The first time the feeds of a library are opened and that old
file exists, its subscriptions, seen items and filed articles (with their unread marks and web
facts) are imported, and the file is renamed to `web.sqlite3.imported` so it happens once.
Importing again (into another library) merges: nothing is filed twice.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from briefing.core.errors import BriefingError
from briefing.core.library import Library
from briefing.core.library.feeds import LibraryFeedStore
from briefing.core.model import Article
from briefing.core.web.fetcher import Validators

LEGACY_ENV = "BRIEFING_FEEDS_DB"
IMPORTED_SUFFIX = ".imported"


def legacy_store_path() -> Path:
    """Where an older version kept the feeds: BRIEFING_FEEDS_DB, else web.sqlite3 in the
    user's data folder."""
    override = os.environ.get(LEGACY_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("briefing-builder", appauthor=False)) / "web.sqlite3"


def open_feed_store(library: Library, *, legacy: Path | None = None) -> LibraryFeedStore:
    """The feeds of `library`, after importing an older separate feeds file if one is there."""
    store = LibraryFeedStore(library)
    path = legacy if legacy is not None else legacy_store_path()
    if path.is_file():
        import_legacy_store(store, path)
    return store


def _rows(db: sqlite3.Connection, sql: str) -> list[tuple[object, ...]]:
    try:
        return db.execute(sql).fetchall()
    except sqlite3.OperationalError:
        return []  # a table this old file never had


def import_legacy_store(store: LibraryFeedStore, path: Path) -> int:
    """Import an older feeds file into the store's library, then rename it aside. Returns
    how many feeds it had. A file that is not such a store is a BriefingError."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BriefingError(f"{path}: cannot read the old feeds file ({exc})") from None
    try:
        if not _rows(db, "SELECT version FROM web_schema"):
            raise BriefingError(f"{path}: is not a feeds file of Briefing Builder")
        count = _import(store, db)
    except (sqlite3.DatabaseError, ValueError, TypeError) as exc:  # odd rows: bad JSON, dates
        raise BriefingError(f"{path}: the old feeds file is damaged ({exc})") from None
    finally:
        db.close()
    for suffix in ("", "-wal", "-shm"):
        old = Path(f"{path}{suffix}")
        if old.exists():
            with contextlib.suppress(OSError):
                old.replace(Path(f"{path}{IMPORTED_SUFFIX}{suffix}"))
    return count


def _import(store: LibraryFeedStore, db: sqlite3.Connection) -> int:
    library = store.library
    new_ids: dict[int, int] = {}
    feeds = _rows(db, "SELECT id, url, title, tags, etag, last_modified, added_at, "
                      "last_checked, last_error FROM web_feeds ORDER BY id")
    for old_id, url, title, tags, etag, modified, added, checked, error in feeds:
        added_at = datetime.fromisoformat(str(added).replace("Z", "+00:00"))
        feed, _new = store.add_feed(str(url), json.loads(str(tags)), added_at)
        new_ids[int(str(old_id))] = feed.id
        store.restore_state(feed.id, title=str(title), validators=Validators(str(etag),
                            str(modified)), checked=str(checked), error=str(error))
    # Articles: library ids when they were filed in the library, else the article itself.
    moved: dict[str, str] = {}
    articles = _rows(db, "SELECT id, feed_id, tags, simhash, sha256, unread, filed_at, "
                         "accessed_at, description, partial_reason, article FROM web_articles "
                         "ORDER BY filed_at, rowid")
    for row in articles:
        ident, feed_id, tags, simhash, sha, unread, filed, accessed, described, why, kept = row
        feed_of = new_ids.get(int(str(feed_id))) if feed_id is not None else None
        if kept:
            article = Article(**json.loads(str(kept)))
            result = library.add(article, tags=json.loads(str(tags)), source_kind="feed")
            if not result.added:
                continue
            library_id = result.article.id
        elif str(ident).isdigit():
            library_id = int(str(ident))
        else:
            continue
        if not store.restore_facts(library_id, unread=bool(unread), description=str(described),
                                   accessed_at=str(accessed), partial_reason=str(why)):
            continue  # deleted from the library since
        store.link_article(library_id, feed_of, int(str(simhash), 16), str(sha), str(filed))
        moved[str(ident)] = str(library_id)
    seen = _rows(db, "SELECT key, link, feed_id, article_id, seen_at FROM web_seen")
    for key, link, feed_id, article_id, seen_at in seen:
        seen_in = new_ids.get(int(str(feed_id))) if feed_id is not None else None
        store.remember_seen(str(key), str(link), seen_in, moved.get(str(article_id), ""),
                            str(seen_at))
    return len(feeds)
