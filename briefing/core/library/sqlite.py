"""The library in one SQLite file: FTS5 for words (accents folded), trigrams for CJK, WAL.

Word search uses the unicode61 tokenizer with `remove_diacritics 2` (percée finds percee,
Cyrillic is matched case-insensitively); it keeps an external-content index of `articles`
up to date with triggers. Chinese and Japanese have no spaces between words, so their runs
of characters go to a second, trigram index (`article_cjk`), searched as substrings.

Writers take the database lock at the start of a transaction (BEGIN IMMEDIATE) so two
processes adding at once wait for each other instead of failing halfway.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from briefing.core.library.base import (
    SNIPPET_END,
    SNIPPET_START,
    SUMMARY_COLUMNS,
    Library,
    Row,
    Run,
    like_escape,
    parse_snippet,
)
from briefing.core.library.fingerprint import BAND_COUNT, bands, cjk_runs, differing_bits
from briefing.core.library.location import network_warning
from briefing.core.library.query import Clause, ParsedQuery, Term
from briefing.core.library.records import (
    LibraryError,
    LibraryUnavailable,
    SearchFilters,
    Snippet,
)

APPLICATION_ID = 0x42524C42  # "BRLB": marks the file as a Briefing Builder library
BUSY_TIMEOUT_MS = 30_000
RANK_WINDOW = 3_000  # a search ranks at most this many of the newest matches (see search)

# The search indexes: words (accents folded; the title weighs most in the ranking), and CJK runs.
_INDEXES = [
    """CREATE VIRTUAL TABLE article_fts USING fts5(title, outlet, authors, text,
        content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    "INSERT INTO article_fts (article_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 4.0, 1.0)')",
    "CREATE VIRTUAL TABLE article_cjk USING fts5(runs, tokenize='trigram')",
]
_V1 = [
    """CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '', outlet TEXT NOT NULL DEFAULT '',
        authors TEXT NOT NULL DEFAULT '[]', published TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '', language TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL, added_by TEXT NOT NULL DEFAULT '',
        source_kind TEXT NOT NULL DEFAULT 'file', source_format TEXT NOT NULL DEFAULT '',
        source_path TEXT NOT NULL DEFAULT '',
        sha256 TEXT NOT NULL UNIQUE, simhash INTEGER NOT NULL,
        b0 INTEGER NOT NULL, b1 INTEGER NOT NULL, b2 INTEGER NOT NULL, b3 INTEGER NOT NULL,
        b4 INTEGER NOT NULL, b5 INTEGER NOT NULL, b6 INTEGER NOT NULL,
        sort_date TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        updated_at TEXT NOT NULL DEFAULT '', updated_by TEXT NOT NULL DEFAULT '')""",
    *[f"CREATE INDEX articles_b{i} ON articles (b{i}, simhash)" for i in range(7)],
    "CREATE INDEX articles_sort ON articles (sort_date DESC, id DESC)",
    "CREATE INDEX articles_outlet ON articles (lower(outlet))",
    "CREATE TABLE tags (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL)",
    """CREATE TABLE article_tags (
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
        PRIMARY KEY (article_id, tag_id)) WITHOUT ROWID""",
    "CREATE INDEX article_tags_tag ON article_tags (tag_id, article_id)",
    """CREATE TABLE article_uses (
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        briefing TEXT NOT NULL, used_at TEXT NOT NULL, used_by TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (article_id, briefing)) WITHOUT ROWID""",
    """CREATE TABLE people (key TEXT PRIMARY KEY, name TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT '', uses INTEGER NOT NULL DEFAULT 0,
        last_used TEXT NOT NULL DEFAULT '')""",
    *_INDEXES,
    """CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO article_fts (rowid, title, outlet, authors, text)
        VALUES (new.id, new.title, new.outlet, new.authors, new.text); END""",
    """CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO article_fts (article_fts, rowid, title, outlet, authors, text)
        VALUES ('delete', old.id, old.title, old.outlet, old.authors, old.text); END""",
    """CREATE TRIGGER articles_au AFTER UPDATE OF title, outlet, authors, text ON articles BEGIN
        INSERT INTO article_fts (article_fts, rowid, title, outlet, authors, text)
        VALUES ('delete', old.id, old.title, old.outlet, old.authors, old.text);
        INSERT INTO article_fts (rowid, title, outlet, authors, text)
        VALUES (new.id, new.title, new.outlet, new.authors, new.text); END""",
]
def _reband(conn: sqlite3.Connection) -> None:
    """Version 2: five wider bands (see fingerprint), recomputed from each stored simhash;
    b5 and b6 are dropped."""
    rows = conn.execute("SELECT id, simhash FROM articles").fetchall()
    names = ", ".join(f"b{i} = ?" for i in range(BAND_COUNT))
    conn.executemany(f"UPDATE articles SET {names} WHERE id = ?",
                     [(*bands(fingerprint), ident) for ident, fingerprint in rows])


_V2: list[str | Callable[[sqlite3.Connection], None]] = [
    *[f"DROP INDEX articles_b{i}" for i in range(7)],
    "ALTER TABLE articles DROP COLUMN b5",
    "ALTER TABLE articles DROP COLUMN b6",
    _reband,
    *[f"CREATE INDEX articles_b{i} ON articles (b{i}, simhash)" for i in range(BAND_COUNT)],
]
# Version 3: the web. Each article keeps its description, access time, partial mark and
# whether it is unread (feeds' articles are, until opened); the description is searched too.
# Feed subscriptions, the items seen and which article came from which feed live here, so a
# library shared by a team shares its feeds.
_FTS_COLUMNS = "title, outlet, authors, text, description"
_V3: list[str | Callable[[sqlite3.Connection], None]] = [
    "ALTER TABLE articles ADD COLUMN description TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE articles ADD COLUMN accessed_at TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE articles ADD COLUMN partial INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE articles ADD COLUMN partial_reason TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE articles ADD COLUMN unread INTEGER NOT NULL DEFAULT 0",
    "CREATE INDEX articles_unread ON articles (id) WHERE unread = 1",
    """CREATE TABLE feeds (
        id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, title TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]', etag TEXT NOT NULL DEFAULT '',
        last_modified TEXT NOT NULL DEFAULT '', added_at TEXT NOT NULL,
        last_checked TEXT NOT NULL DEFAULT '', last_error TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE feed_seen (
        key TEXT PRIMARY KEY, link TEXT NOT NULL,
        feed_id INTEGER REFERENCES feeds (id) ON DELETE SET NULL,
        article_id TEXT NOT NULL DEFAULT '', seen_at TEXT NOT NULL)""",
    "CREATE INDEX feed_seen_link ON feed_seen (link)",
    """CREATE TABLE feed_articles (
        article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        feed_id INTEGER REFERENCES feeds (id) ON DELETE SET NULL,
        simhash TEXT NOT NULL, sha256 TEXT NOT NULL, filed_at TEXT NOT NULL)""",
    "CREATE INDEX feed_articles_feed ON feed_articles (feed_id)",
    "CREATE INDEX feed_articles_filed ON feed_articles (filed_at)",
    "DROP TRIGGER articles_ai",
    "DROP TRIGGER articles_ad",
    "DROP TRIGGER articles_au",
    "DROP TABLE article_fts",
    f"""CREATE VIRTUAL TABLE article_fts USING fts5({_FTS_COLUMNS},
        content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    "INSERT INTO article_fts (article_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 4.0, 1.0, 2.0)')",
    f"""CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO article_fts (rowid, {_FTS_COLUMNS})
        VALUES (new.id, new.title, new.outlet, new.authors, new.text, new.description); END""",
    f"""CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO article_fts (article_fts, rowid, {_FTS_COLUMNS})
        VALUES ('delete', old.id, old.title, old.outlet, old.authors, old.text,
                old.description); END""",
    f"""CREATE TRIGGER articles_au AFTER UPDATE OF {_FTS_COLUMNS} ON articles BEGIN
        INSERT INTO article_fts (article_fts, rowid, {_FTS_COLUMNS})
        VALUES ('delete', old.id, old.title, old.outlet, old.authors, old.text,
                old.description);
        INSERT INTO article_fts (rowid, {_FTS_COLUMNS})
        VALUES (new.id, new.title, new.outlet, new.authors, new.text, new.description); END""",
    "INSERT INTO article_fts (article_fts) VALUES ('rebuild')",
]
# MIGRATIONS[v] brings a version-v library to v+1: SQL statements, or functions for what SQL
# cannot compute. A new version appends its step.
MIGRATIONS: list[list[str | Callable[[sqlite3.Connection], None]]] = [list(_V1), _V2, _V3]
SCHEMA_VERSION = len(MIGRATIONS)


def _busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text


def _damaged(path: str, exc: BaseException) -> LibraryError:
    return LibraryError(
        f"{path}: the library file is damaged or is not a library ({exc}). Move it aside to "
        "start a new library; if only its index is damaged, 'briefing library rebuild' "
        "repairs it"
    )


class SqliteLibrary(Library):
    DIFFERING_BITS_SQL = "briefing_differing_bits({a}, {b})"

    def __init__(self, path: str | os.PathLike[str], *, user: str | None = None,
                 mounts: str | None = None) -> None:
        super().__init__(str(path), user=user)
        self.path = Path(path)
        warning = network_warning(self.path.parent if not self.path.exists() else self.path,
                                  mounts)
        if warning:
            self.warnings.append(warning)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryUnavailable(
                f"{path}: cannot create the library's folder: {exc.strerror}"
            ) from None
        if self.path.is_dir():
            raise LibraryUnavailable(f"{path}: is a folder, not a library file")
        try:
            self._conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise LibraryUnavailable(f"{path}: cannot open the library: {exc}") from None
        try:
            self._configure_and_migrate()
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            if isinstance(exc, sqlite3.OperationalError) and "unable to open" in str(exc):
                raise LibraryUnavailable(f"{path}: cannot open the library: {exc}") from None
            if _busy(exc):
                raise LibraryUnavailable(
                    f"{path}: the library stayed busy (another program is writing to it); "
                    "try again"
                ) from None
            raise _damaged(str(path), exc) from None
        except BaseException:
            self._conn.close()
            raise

    def _configure_and_migrate(self) -> None:
        """Switch to WAL and bring the schema up to date, waiting for other processes.

        Two processes opening a new library at once both try to switch it to WAL, and SQLite
        answers that switch with "database is locked" at once instead of calling the busy
        handler; so the attempt is repeated until the busy timeout has passed."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        pause = 0.005
        while True:
            try:
                self._configure()
                self._migrate()
                return
            except sqlite3.OperationalError as exc:
                if not _busy(exc) or time.monotonic() >= deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)

    def _configure(self) -> None:
        conn = self._conn
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal" and not self.warnings:
            self.warnings.append(f"{self.path}: the library could not switch to WAL ({mode})")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.create_function("briefing_differing_bits", 2, differing_bits, deterministic=True)

    def _migrate(self) -> None:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if app_id != APPLICATION_ID and (tables or version):
                raise LibraryError(
                    f"{self.path}: is an SQLite database, but not a Briefing Builder library"
                )
            if version > SCHEMA_VERSION:
                raise LibraryError(
                    f"{self.path}: the library was made by a newer version of Briefing Builder "
                    f"(library version {version}; this one knows up to {SCHEMA_VERSION}): "
                    "update the app"
                )
            for step in MIGRATIONS[version:]:
                for statement in step:
                    if callable(statement):
                        statement(conn)
                    else:
                        conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.close()

    def schema_version(self) -> int:
        with self._transaction(write=False) as run:
            return int(run("PRAGMA user_version")[0][0])

    @contextlib.contextmanager
    def _transaction(self, write: bool) -> Iterator[Run]:
        with self._lock:
            conn = self._conn

            def run(sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[Row]:
                return conn.execute(sql, tuple(params)).fetchall()

            try:
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            except sqlite3.ProgrammingError as exc:
                raise LibraryUnavailable(f"{self.path}: the library is closed ({exc})") from None
            except sqlite3.DatabaseError as exc:
                raise self._translate(exc) from None
            try:
                yield run
            except sqlite3.DatabaseError as exc:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise self._translate(exc) from None
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise
            try:
                conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise self._translate(exc) from None

    def _translate(self, exc: sqlite3.DatabaseError) -> LibraryError:
        message = str(exc)
        if "locked" in message or "busy" in message:
            return LibraryUnavailable(
                f"{self.path}: the library is busy (another program holds it); try again"
            )
        if "readonly" in message or "read-only" in message:
            return LibraryUnavailable(f"{self.path}: the library is read-only: {message}")
        if "disk is full" in message or "database or disk is full" in message:
            return LibraryUnavailable(f"{self.path}: the disk is full")
        if isinstance(exc, sqlite3.OperationalError) and "unable to open" in message:
            return LibraryUnavailable(f"{self.path}: cannot open the library: {message}")
        return _damaged(str(self.path), exc)

    # ---- the CJK index ---------------------------------------------------------------------
    def _indexed(self, run: Run, article_id: int, text: str, *, replace: bool) -> None:
        if replace:
            run("DELETE FROM article_cjk WHERE rowid = ?", (article_id,))
        runs = cjk_runs(text)
        if runs:
            run("INSERT INTO article_cjk (rowid, runs) VALUES (?, ?)", (article_id, runs))

    def rebuild(self) -> int:
        with self._transaction(write=True) as run:
            run("INSERT INTO article_fts (article_fts) VALUES ('rebuild')")
            run("DELETE FROM article_cjk")
            count = 0
            for ident, text in run("SELECT id, text FROM articles"):
                self._indexed(run, ident, text, replace=False)
                count += 1
            run("INSERT INTO article_fts (article_fts) VALUES ('optimize')")
            problems = run("PRAGMA quick_check")
            if problems and problems[0][0] != "ok":
                raise _damaged(str(self.path), Exception(problems[0][0]))
        return count

    # ---- search ----------------------------------------------------------------------------
    def _conditions(
        self, parsed: ParsedQuery, filters: SearchFilters
    ) -> tuple[str, list[str], list[Any]]:
        """The FTS5 MATCH expression (ranked) and the other WHERE conditions with params."""
        conditions, params = self.filter_sql(filters)
        ranked = [c for c in parsed.positive if not c.cjk]
        excluded = [c for c in parsed.negative if not c.cjk]
        match = " AND ".join(f"({_fts_clause(c)})" for c in ranked)
        if match and excluded:
            match = f"({match}) NOT ({' OR '.join(_fts_clause(c) for c in excluded)})"
        elif excluded:
            conditions.append("a.id NOT IN (SELECT rowid FROM article_fts WHERE article_fts "
                              "MATCH ?)")
            params.append(" OR ".join(_fts_clause(c) for c in excluded))
        for clause in parsed.clauses:
            if clause.cjk:
                sql, more = _clause_condition(clause)
                conditions.append(f"NOT {sql}" if clause.negated else sql)
                params += more
        return match, conditions, params

    def _search_rows(
        self, run: Run, parsed: ParsedQuery, filters: SearchFilters, limit: int, offset: int
    ) -> list[tuple[Row, Snippet | None, float]]:
        match, conditions, params = self._conditions(parsed, filters)
        columns = ", ".join(f"a.{c}" for c in SUMMARY_COLUMNS)
        if match:
            where = " AND ".join(["article_fts MATCH ?", *conditions])
            if offset + limit <= RANK_WINDOW:
                # Ranking reads every match's positions: a word in most of 100,000 articles
                # took a second. Rank the RANK_WINDOW newest matches (found in rowid order,
                # cheaply); only scrolling past them ranks everything.
                oldest = run(f"SELECT a.id FROM article_fts JOIN articles a ON a.id = "
                             f"article_fts.rowid WHERE {where} ORDER BY article_fts.rowid DESC "
                             "LIMIT 1 OFFSET ?", (match, *params, RANK_WINDOW - 1))
                if oldest:
                    where += " AND article_fts.rowid >= ?"
                    params = [*params, oldest[0][0]]
            rows = run(
                f"SELECT {columns}, snippet(article_fts, 3, '{SNIPPET_START}', '{SNIPPET_END}', "
                f"'…', 24), article_fts.rank FROM article_fts JOIN articles a ON "
                f"a.id = article_fts.rowid WHERE {where} ORDER BY article_fts.rank "
                "LIMIT ? OFFSET ?",
                (match, *params, limit, offset),
            )
            return [(row[:-2], parse_snippet(row[-2]), -float(row[-1])) for row in rows]
        where = " AND ".join(conditions) or "1"
        rows = run(
            f"SELECT {columns} FROM articles a WHERE {where} "
            "ORDER BY a.sort_date DESC, a.id DESC LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return [(row, None, 0.0) for row in rows]

    def _count(self, run: Run, parsed: ParsedQuery, filters: SearchFilters) -> int:
        match, conditions, params = self._conditions(parsed, filters)
        if match:
            where = " AND ".join(["article_fts MATCH ?", *conditions])
            return int(run(f"SELECT count(*) FROM article_fts JOIN articles a ON "
                           f"a.id = article_fts.rowid WHERE {where}", (match, *params))[0][0])
        where = " AND ".join(conditions) or "1"
        return int(run(f"SELECT count(*) FROM articles a WHERE {where}", params)[0][0])


def _fts_term(term: Term) -> str:
    """One term as an FTS5 string: quoted, so nothing in it is an operator."""
    quoted = '"' + " ".join(term.words()).replace('"', '""') + '"'
    return quoted + "*" if term.prefix else quoted


def _fts_clause(clause: Clause) -> str:
    return " OR ".join(_fts_term(t) for t in clause.alternatives)


def _clause_condition(clause: Clause) -> tuple[str, list[Any]]:
    """A clause with CJK words as a WHERE condition: CJK runs as substrings of the trigram
    index (which also finds 1- and 2-character words, by scanning), other words by FTS5."""
    parts, params = [], []
    for term in clause.alternatives:
        pieces, more = [], []
        for run_text in cjk_runs(term.text).split("\n"):
            pieces.append("a.id IN (SELECT rowid FROM article_cjk WHERE runs LIKE ? ESCAPE '\\')")
            more.append(f"%{like_escape(run_text)}%")
        other = [w for w in term.words() if not cjk_runs(w)]
        if other:
            pieces.append("a.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?)")
            more.append(_fts_term(Term(" ".join(other), prefix=term.prefix)))
        parts.append("(" + " AND ".join(pieces) + ")")
        params += more
    return "(" + " OR ".join(parts) + ")", params
