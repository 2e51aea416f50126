"""The library interface, and the part of it both engines share: the same SQL on SQLite and
PostgreSQL for adding, de-duplicating, editing, tagging and remembering people.

An engine supplies transactions (`_transaction`), its schema, and search. SQL here is written
with `?` placeholders and only the syntax both engines accept (ON CONFLICT, RETURNING).
"""

from __future__ import annotations

import contextlib
import getpass
import json
import re
import socket
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from briefing.core.library.adding import CHUNK, Batch
from briefing.core.library.dates import after, date_bound
from briefing.core.library.fingerprint import bands, fold, simhash, text_sha256
from briefing.core.library.query import ParsedQuery, parse_query
from briefing.core.library.records import (
    AddResult,
    ArticleSummary,
    LibraryArticle,
    LibraryError,
    NotFoundError,
    Person,
    SearchFilters,
    SearchHit,
    Snippet,
    StaleEditError,
    TagCount,
    iso_now,
)
from briefing.core.model import Article

Row = tuple[Any, ...]
Run = Callable[..., list[Row]]  # run(sql, params=()) -> rows

# Columns of `articles` read into a LibraryArticle, in its field order.
ARTICLE_COLUMNS = (
    "id", "title", "outlet", "authors", "published", "url", "language", "text", "added_at",
    "added_by", "source_kind", "source_format", "source_path", "sha256", "simhash", "version",
    "updated_at", "updated_by", "description", "accessed_at", "partial", "partial_reason",
    "unread",
)  # fmt: skip
SUMMARY_COLUMNS = (
    "id", "title", "outlet", "authors", "published", "language", "added_at", "description",
    "partial", "partial_reason", "unread",
)  # fmt: skip
_FLAGS = ("partial", "unread")  # stored as 0/1 on both engines
EDITABLE = ("title", "outlet", "authors", "published", "url", "language", "text")
MAX_TAG_LENGTH = 100
SNIPPET_START, SNIPPET_END = "\x02", "\x03"  # markers the engines put around matched words
SNIPPET_WIDTH = 160



def default_user() -> str:
    """Who edits, as shown in "changed by … at …": login name and machine."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "someone"
    return f"{name}@{socket.gethostname()}"


def tag_key(name: str) -> str:
    return name.casefold()


def clean_tag(name: str) -> str:
    tag = " ".join(str(name).split())
    if not tag:
        raise LibraryError("a tag cannot be empty")
    if len(tag) > MAX_TAG_LENGTH:
        raise LibraryError(
            f'the tag "{tag[:40]}…" is too long (at most {MAX_TAG_LENGTH} characters)'
        )
    return tag


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def parse_snippet(marked: str) -> Snippet:
    """A Snippet from text with SNIPPET_START/SNIPPET_END around the matched words; runs of
    white space (paragraph breaks) become one space."""
    out: list[str] = []
    highlights: list[tuple[int, int]] = []
    length, start = 0, -1
    for part in re.split(f"([{SNIPPET_START}{SNIPPET_END}])", marked):
        if part == SNIPPET_START:
            start = length
        elif part == SNIPPET_END:
            if start >= 0 and length > start:
                highlights.append((start, length))
            start = -1
        else:
            part = re.sub(r"\s+", " ", part)
            if out and out[-1].endswith(" ") and part.startswith(" "):
                part = part[1:]
            out.append(part)
            length += len(part)
    return Snippet("".join(out), highlights)


def plain_snippet(text: str, parsed: ParsedQuery, width: int = SNIPPET_WIDTH) -> Snippet:
    """A snippet made here, for matches the engine cannot highlight (CJK, filters only): the
    text around the first place a query term occurs (CJK as is, other words ignoring case),
    else its beginning."""
    best, length = -1, 0
    for term in parsed.terms():
        if term.cjk:
            found, size = text.find(term.text), len(term.text)
        else:
            words = term.words()
            match = re.search(re.escape(words[0]), text, re.IGNORECASE) if words else None
            found, size = (match.start(), match.end() - match.start()) if match else (-1, 0)
        if found >= 0 and (best < 0 or found < best):
            best, length = found, size
    start = max(0, best - width // 3) if best >= 0 else 0
    piece = text[start : start + width]
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(text) else ""
    shown = (prefix + piece + suffix).replace("\n", " ")
    highlights = []
    if best >= 0:
        at = best - start + len(prefix)
        highlights.append((at, at + length))
    return Snippet(shown, highlights)


class Library(ABC):
    """Every article an analyst collects. Open one with `open_library(location)`.

    Methods that change the library take `now` (a datetime; default: the current time) so
    tests and imports can say when. Errors are LibraryError with a message for the user.
    """

    location: str
    warnings: list[str]  # things the user should know about this library (network folder …)
    # SQL for the number of bits in which two simhashes {a} and {b} differ.
    DIFFERING_BITS_SQL: str

    def __init__(self, location: str, *, user: str | None = None) -> None:
        self.location = location
        self.user = user or default_user()
        self.warnings = []
        self._lock = threading.RLock()

    # ---- engine hooks ----------------------------------------------------------------------
    @abstractmethod
    def _transaction(self, write: bool) -> contextlib.AbstractContextManager[Run]:
        """A transaction; `write` ones are serialised with other writers of the library."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def schema_version(self) -> int: ...

    @abstractmethod
    def rebuild(self) -> int:
        """Re-index every article (after damage or a tokenizer change); returns how many."""

    @abstractmethod
    def _search_rows(
        self, run: Run, parsed: ParsedQuery, filters: SearchFilters, limit: int, offset: int
    ) -> list[tuple[Row, Snippet | None, float]]:
        """(SUMMARY_COLUMNS row, snippet or None, rank) of one page of results."""

    @abstractmethod
    def _count(self, run: Run, parsed: ParsedQuery, filters: SearchFilters) -> int: ...

    def _indexed(  # noqa: B027  (most engines need nothing here)
        self, run: Run, article_id: int, text: str, *, replace: bool
    ) -> None:
        """Called after an article's text is written (an engine may keep extra indexes)."""

    def _before_add(self, run: Run) -> None:  # noqa: B027
        """Called first in an adding transaction (an engine may take a lock there)."""

    # Whether `_run_while` does its `meanwhile` while the database works (see adding.Batch).
    _OVERLAPS_ADDING = False

    def _run_while(
        self, run: Run, sql: str, params: Sequence[Any], meanwhile: Callable[[], None] | None
    ) -> list[Row]:
        """run(sql, params), and `meanwhile` (client work) too."""
        rows = run(sql, params)
        if meanwhile is not None:
            meanwhile()
        return rows

    def _send(self, run: Run, sql: str, params: Sequence[Any]) -> Callable[[], list[Row]]:
        """run(sql, params); what gives its rows (a server may answer later)."""
        rows = run(sql, params)
        return lambda: rows

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ---- adding ----------------------------------------------------------------------------
    def add(
        self,
        article: Article,
        *,
        tags: Iterable[str] = (),
        source_kind: str | None = None,
        now: datetime | None = None,
    ) -> AddResult:
        """File an article; a duplicate (same text, or a near copy) is not added again: the
        result names the existing article (and gets the tags)."""
        return self.add_many([article], tags=tags, source_kind=source_kind, now=now)[0]

    def add_many(
        self,
        articles: Sequence[Article],
        *,
        tags: Iterable[str] = (),
        source_kind: str | None = None,
        now: datetime | None = None,
    ) -> list[AddResult]:
        """`add` for many articles in one transaction, a chunk of them per statement (much
        faster than one by one; see `adding`)."""
        tag_names = [clean_tag(t) for t in tags]
        stamp = iso_now(now)
        batch = Batch(articles, CHUNK, overlapped=self._OVERLAPS_ADDING)
        with self._transaction(write=True) as run:
            self._before_add(run)
            tag_ids = [self._ensure_tag(run, name) for name in tag_names]
            return batch.file(self, run, source_kind=source_kind, stamp=stamp, tag_ids=tag_ids)

    # ---- reading ---------------------------------------------------------------------------
    def get(self, article_id: int) -> LibraryArticle:
        with self._transaction(write=False) as run:
            return self._get(run, article_id)

    def _get(self, run: Run, article_id: int) -> LibraryArticle:
        rows = run(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE id = ?",
                   (int(article_id),))
        if not rows:
            raise NotFoundError(f"there is no article {article_id} in the library")
        return self._article_from_row(run, rows[0])

    def _article_from_row(self, run: Run, row: Row) -> LibraryArticle:
        values = dict(zip(ARTICLE_COLUMNS, row, strict=True))
        values["authors"] = _authors(values["authors"])
        values.update({flag: bool(values[flag]) for flag in _FLAGS})
        article = LibraryArticle(**values)
        article.tags = self._tags_of(run, [article.id]).get(article.id, [])
        article.uses = self._uses_of(run, [article.id]).get(article.id, 0)
        return article

    def find_text(self, text: str) -> LibraryArticle | None:
        """The article with exactly this text, if the library has it."""
        with self._transaction(write=False) as run:
            rows = run("SELECT id FROM articles WHERE sha256 = ?", (text_sha256(text),))
            return self._get(run, rows[0][0]) if rows else None

    def search(
        self,
        query: str = "",
        filters: SearchFilters | None = None,
        *,
        limit: int = 50,
        offset: int = 0,
    ) -> list[SearchHit]:
        """One page of the articles matching what was typed (see `query.parse_query`) and
        the filters, best first (newest first when nothing was typed)."""
        parsed = parse_query(query)
        filters = filters or SearchFilters()
        with self._transaction(write=False) as run:
            found = self._search_rows(run, parsed, filters, max(0, limit), max(0, offset))
            ids = [row[0] for row, _, _ in found]
            tags, uses = self._tags_of(run, ids), self._uses_of(run, ids)
            texts: dict[int, str] = {}
            missing = [row[0] for row, snippet, _ in found if snippet is None]
            if missing:
                # With nothing to look for, the snippet is the text's beginning: read no more.
                shown = "text" if parsed.terms() else f"substr(text, 1, {SNIPPET_WIDTH + 1})"
                texts = dict(run(f"SELECT id, {shown} FROM articles WHERE id IN "
                                 f"({_marks(missing)})", tuple(missing)))
        hits = []
        for row, snippet, rank in found:
            values = dict(zip(SUMMARY_COLUMNS, row, strict=True))
            values["authors"] = _authors(values["authors"])
            values.update({flag: bool(values[flag]) for flag in _FLAGS})
            summary = ArticleSummary(**values)
            summary.tags, summary.uses = tags.get(summary.id, []), uses.get(summary.id, 0)
            if snippet is None:
                snippet = plain_snippet(texts.get(row[0], ""), parsed)
            hits.append(SearchHit(summary, snippet, rank))
        return hits

    def count(self, query: str = "", filters: SearchFilters | None = None) -> int:
        with self._transaction(write=False) as run:
            return self._count(run, parse_query(query), filters or SearchFilters())

    def filter_sql(self, filters: SearchFilters) -> tuple[list[str], list[Any]]:
        """WHERE conditions on `a` (the articles table) for the filters."""
        conditions: list[str] = []
        params: list[Any] = []
        for tag in filters.tags:
            # The tag's id as a scalar subquery: joining tags made PostgreSQL expect a few
            # rows and fetch every tagged article (76 ms for a tag on 7,500 of 100,000)
            # instead of walking the newest articles until the page is full (1.5 ms).
            conditions.append(
                "EXISTS (SELECT 1 FROM article_tags at WHERE at.article_id = a.id AND "
                "at.tag_id = (SELECT id FROM tags WHERE key = ?))"
            )
            params.append(tag_key(clean_tag(tag)))
        if filters.outlet.strip():
            conditions.append("lower(a.outlet) = lower(?)")
            params.append(filters.outlet.strip())
        if filters.language.strip():
            conditions.append("(lower(a.language) = lower(?) OR lower(a.language) LIKE lower(?))")
            params += [filters.language.strip(), filters.language.strip() + "-%"]
        since, until = date_bound(filters.since), date_bound(filters.until)
        if since:
            conditions.append("a.sort_date >= ?")
            params.append(since)
        end = after(until) if until else ""
        if end:
            # The whole day (month, year): before the next one starts (see `dates`).
            conditions.append("a.sort_date < ?")
            params.append(end)
        if filters.unused:
            conditions.append("NOT EXISTS (SELECT 1 FROM article_uses u WHERE u.article_id = a.id)")
        if filters.unread:
            conditions.append("a.unread = 1")
        if filters.feed:
            conditions.append("EXISTS (SELECT 1 FROM feed_articles fa WHERE fa.article_id = a.id "
                              "AND fa.feed_id = ?)")
            params.append(int(filters.feed))
        return conditions, params

    def _tags_of(self, run: Run, ids: Sequence[int]) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        if ids:
            rows = run(
                "SELECT at.article_id, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id "
                f"WHERE at.article_id IN ({_marks(ids)}) ORDER BY t.key",
                tuple(ids),
            )
            for ident, name in rows:
                out.setdefault(ident, []).append(name)
        return out

    def _uses_of(self, run: Run, ids: Sequence[int]) -> dict[int, int]:
        if not ids:
            return {}
        rows = run(
            f"SELECT article_id, count(*) FROM article_uses WHERE article_id IN ({_marks(ids)}) "
            "GROUP BY article_id",
            tuple(ids),
        )
        return {ident: int(n) for ident, n in rows}

    # ---- editing ---------------------------------------------------------------------------
    def update(
        self,
        article_id: int,
        *,
        expected_version: int,
        now: datetime | None = None,
        **changes: Any,
    ) -> LibraryArticle:
        """Change some of an article's fields (EDITABLE). `expected_version` is the version
        the edit started from; if someone changed the article since, StaleEditError says who
        and when, and nothing is written."""
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise LibraryError(f"cannot edit {', '.join(sorted(unknown))} of a library article")
        stamp = iso_now(now)
        values: dict[str, Any] = {}
        for name, value in changes.items():
            values[name] = (
                json.dumps(list(value), ensure_ascii=False) if name == "authors" else str(value)
            )
        if "text" in values:
            fingerprint = simhash(values["text"])
            values.update(sha256=text_sha256(values["text"]), simhash=fingerprint,
                          **{f"b{i}": part for i, part in enumerate(bands(fingerprint))})
        with self._transaction(write=True) as run:
            current = self._get(run, article_id)
            if "published" in values:
                values["sort_date"] = values["published"] or current.added_at[:10]
            assignments = ", ".join(f"{name} = ?" for name in values)
            rows = run(
                f"UPDATE articles SET {assignments}{', ' if values else ''}version = version + 1, "
                "updated_at = ?, updated_by = ? WHERE id = ? AND version = ? RETURNING id",
                (*values.values(), stamp, self.user, int(article_id), int(expected_version)),
            )
            if not rows:
                raise StaleEditError(
                    f'article {article_id} "{current.title}" was changed by {current.updated_by} '
                    f"at {current.updated_at} after you opened it (version {expected_version}, "
                    f"now {current.version}); nothing was saved: reopen it and edit again",
                    current=current,
                )
            if "text" in values:
                self._indexed(run, int(article_id), values["text"], replace=True)
            return self._get(run, article_id)

    def delete(self, article_id: int) -> None:
        with self._transaction(write=True) as run:
            self._get(run, article_id)
            self._indexed(run, int(article_id), "", replace=True)
            run("DELETE FROM article_tags WHERE article_id = ?", (int(article_id),))
            run("DELETE FROM article_uses WHERE article_id = ?", (int(article_id),))
            run("DELETE FROM articles WHERE id = ?", (int(article_id),))

    def record_use(
        self, article_ids: Iterable[int], briefing: str, *, now: datetime | None = None
    ) -> None:
        """Remember that these articles were copied into `briefing` (a file name or title)."""
        stamp = iso_now(now)
        with self._transaction(write=True) as run:
            for ident in article_ids:
                run(
                    "INSERT INTO article_uses (article_id, briefing, used_at, used_by) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (article_id, briefing) DO UPDATE SET "
                    "used_at = excluded.used_at, used_by = excluded.used_by",
                    (int(ident), briefing, stamp, self.user),
                )

    # ---- tags ------------------------------------------------------------------------------
    def _ensure_tag(self, run: Run, name: str) -> int:
        key = tag_key(name)
        run("INSERT INTO tags (key, name) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", (key, name))
        return int(run("SELECT id FROM tags WHERE key = ?", (key,))[0][0])

    def tag(
        self, article_ids: Iterable[int], *, add: Iterable[str] = (), remove: Iterable[str] = ()
    ) -> None:
        """Add and remove tags on articles. Tags are a set: two people tagging at once never
        undo each other."""
        adding, removing = [clean_tag(t) for t in add], [clean_tag(t) for t in remove]
        ids = [int(i) for i in article_ids]
        with self._transaction(write=True) as run:
            for ident in ids:
                self._get(run, ident)
            for name in adding:
                tag_id = self._ensure_tag(run, name)
                for ident in ids:
                    run("INSERT INTO article_tags (article_id, tag_id) VALUES (?, ?) "
                        "ON CONFLICT DO NOTHING", (ident, tag_id))
            for name in removing:
                run(f"DELETE FROM article_tags WHERE article_id IN ({_marks(ids)}) AND tag_id IN "
                    "(SELECT id FROM tags WHERE key = ?)", (*ids, tag_key(name)))

    def tags(self) -> list[TagCount]:
        """Every tag with how many articles carry it, by name."""
        with self._transaction(write=False) as run:
            # One index count per tag (article_tags_tag covers it), no grouping of every row.
            rows = run("SELECT t.name, (SELECT count(*) FROM article_tags at WHERE at.tag_id = "
                       "t.id) FROM tags t ORDER BY t.key")
        return [TagCount(name, int(n)) for name, n in rows]

    def rename_tag(self, old: str, new: str) -> None:
        old, new = clean_tag(old), clean_tag(new)
        with self._transaction(write=True) as run:
            if not run("SELECT id FROM tags WHERE key = ?", (tag_key(old),)):
                raise LibraryError(f'there is no tag "{old}"')
            clash = run("SELECT name FROM tags WHERE key = ?", (tag_key(new),))
            if clash and tag_key(new) != tag_key(old):
                raise LibraryError(
                    f'there is already a tag "{clash[0][0]}": merge "{old}" into it instead'
                )
            run("UPDATE tags SET key = ?, name = ? WHERE key = ?",
                (tag_key(new), new, tag_key(old)))

    def merge_tags(self, sources: Iterable[str], into: str) -> None:
        """Every article tagged with one of `sources` gets `into` instead; the sources go."""
        target = clean_tag(into)
        with self._transaction(write=True) as run:
            target_id = self._ensure_tag(run, target)
            for source in sources:
                rows = run("SELECT id FROM tags WHERE key = ?", (tag_key(clean_tag(source)),))
                if not rows:
                    raise LibraryError(f'there is no tag "{clean_tag(source)}"')
                source_id = rows[0][0]
                if source_id == target_id:
                    continue
                run("INSERT INTO article_tags (article_id, tag_id) SELECT article_id, ? FROM "
                    "article_tags WHERE tag_id = ? ON CONFLICT DO NOTHING", (target_id, source_id))
                run("DELETE FROM article_tags WHERE tag_id = ?", (source_id,))
                run("DELETE FROM tags WHERE id = ?", (source_id,))

    # ---- people ----------------------------------------------------------------------------
    def remember_person(self, name: str, role: str = "", *, now: datetime | None = None) -> None:
        """Remember a speaker and their role (the latest non-empty role wins)."""
        name, role = " ".join(name.split()), " ".join(role.split())
        if not name:
            return
        with self._transaction(write=True) as run:
            run(
                "INSERT INTO people (key, name, role, uses, last_used) VALUES (?, ?, ?, 1, ?) "
                "ON CONFLICT (key) DO UPDATE SET name = excluded.name, role = CASE WHEN "
                "excluded.role <> '' THEN excluded.role ELSE people.role END, "
                "uses = people.uses + 1, last_used = excluded.last_used",
                (fold(name), name, role, iso_now(now)),
            )

    def learn_people(
        self, people: Iterable[tuple[str, str]], *, now: datetime | None = None
    ) -> int:
        """Take in speakers and roles found in a briefing (one opened, not typed here): an
        unknown person is added, a known one only gets a role it lacked, and nobody's use
        count moves (opening the same briefing twice is not using someone twice). Returns how
        many people were new."""
        cleaned: dict[str, tuple[str, str]] = {}
        for name, role in people:
            name, role = " ".join(name.split()), " ".join(role.split())
            if name and (fold(name) not in cleaned or role):
                cleaned[fold(name)] = (name, role)
        if not cleaned:
            return 0
        stamp = iso_now(now)
        with self._transaction(write=True) as run:
            keys = list(cleaned)
            known = {row[0] for row in run(
                f"SELECT key FROM people WHERE key IN ({_marks(keys)})", keys)}
            for key, (name, role) in cleaned.items():
                run(
                    "INSERT INTO people (key, name, role, uses, last_used) VALUES (?, ?, ?, 1, ?) "
                    "ON CONFLICT (key) DO UPDATE SET role = excluded.role "
                    "WHERE people.role = '' AND excluded.role <> ''",
                    (key, name, role, stamp),
                )
        return len(set(keys) - known)

    def people(self, prefix: str = "", *, limit: int = 20) -> list[Person]:
        """Remembered people whose name (or any word of it) starts with `prefix`, most used
        first."""
        key = like_escape(fold(" ".join(prefix.split())))
        with self._transaction(write=False) as run:
            rows = run(
                "SELECT name, role, uses FROM people WHERE key LIKE ? ESCAPE '\\' OR key LIKE ? "
                "ESCAPE '\\' ORDER BY uses DESC, last_used DESC, key LIMIT ?",
                (key + "%", "% " + key + "%", int(limit)),
            )
        return [Person(name, role, int(uses)) for name, role, uses in rows]


def _marks(items: Sequence[object]) -> str:
    return ", ".join("?" for _ in items)


def _authors(stored: Any) -> list[str]:
    try:
        value = json.loads(stored) if isinstance(stored, str) else []
    except ValueError:
        return []
    return [str(a) for a in value] if isinstance(value, list) else []


@contextlib.contextmanager
def locked(lock: threading.RLock) -> Iterator[None]:
    with lock:
        yield
