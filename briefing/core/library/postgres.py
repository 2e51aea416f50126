"""The library on a PostgreSQL server, for a team: tsvector search with a GIN index.

Everything lives in the schema `briefing_library`. The text search configuration
`briefing_search` is 'simple' (no stemming: the library holds many languages) with accents
folded by the unaccent extension where the server has it. Each typed term becomes its own
`websearch_to_tsquery` (quoted, so nothing typed is an operator); prefixes use `to_tsquery`
with `:*` on a word made only of letters and digits. CJK terms (no spaces between words)
are matched as substrings of the text.

Adding takes a transaction-level advisory lock, so two clients adding the same text at once
cannot both insert it. A server that goes away gives LibraryUnavailable; the next call
connects again.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg

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
from briefing.core.library.fingerprint import BAND_COUNT, BAND_WIDTHS, cjk_runs
from briefing.core.library.location import describe
from briefing.core.library.query import Clause, ParsedQuery, Term
from briefing.core.library.records import (
    LibraryError,
    LibraryUnavailable,
    SearchFilters,
    Snippet,
)

SCHEMA = "briefing_library"
CONFIG = f"{SCHEMA}.briefing_search"
_MIGRATION_LOCK = 0x4252_4C42  # advisory lock keys
_ADD_LOCK = 0x4252_4C43
CONNECT_TIMEOUT_S = 5
ADD_WORK_MEM = "64MB"  # see _V5
RANK_WINDOW = 1_000  # a search ranks at most this many of the newest matches (see search)
# Reading one tsvector from TOAST storage, against visiting one row the GIN index found
# (measured at 100,000 articles: about 5 µs against 0.3 µs).
_TSVECTOR_READ_COST = 15.0
MAX_INDEXED_CHARS = 400_000  # a tsvector holds at most 1 MB
SNIPPET_CHARS = 3_000  # ts_headline parses what it is given: the snippet comes from the start
_HEADLINE_OPTIONS = (f"StartSel={SNIPPET_START}, StopSel={SNIPPET_END}, MaxWords=30, "
                     "MinWords=12, MaxFragments=1, FragmentDelimiter=…")

_TSV = (
    f"setweight(to_tsvector('{CONFIG}', title), 'A') || "
    f"setweight(to_tsvector('{CONFIG}', outlet || ' ' || authors), 'B') || "
    f"setweight(to_tsvector('{CONFIG}', left(text, {MAX_INDEXED_CHARS})), 'D')"
)
_OPTIONAL = "-- optional\n"  # a statement the server may refuse (a missing extension)
_V1 = [
    """CREATE TABLE library_info (key text PRIMARY KEY, value text NOT NULL)""",
    f"""CREATE TABLE articles (
        id bigserial PRIMARY KEY,
        title text NOT NULL DEFAULT '', outlet text NOT NULL DEFAULT '',
        authors text NOT NULL DEFAULT '[]', published text NOT NULL DEFAULT '',
        url text NOT NULL DEFAULT '', language text NOT NULL DEFAULT '',
        text text NOT NULL DEFAULT '',
        added_at text NOT NULL, added_by text NOT NULL DEFAULT '',
        source_kind text NOT NULL DEFAULT 'file', source_format text NOT NULL DEFAULT '',
        source_path text NOT NULL DEFAULT '',
        sha256 text NOT NULL UNIQUE, simhash bigint NOT NULL,
        b0 integer NOT NULL, b1 integer NOT NULL, b2 integer NOT NULL, b3 integer NOT NULL,
        b4 integer NOT NULL, b5 integer NOT NULL, b6 integer NOT NULL,
        sort_date text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        updated_at text NOT NULL DEFAULT '', updated_by text NOT NULL DEFAULT '',
        tsv tsvector GENERATED ALWAYS AS ({_TSV}) STORED)""",
    "CREATE INDEX articles_tsv ON articles USING gin (tsv)",
    *[f"CREATE INDEX articles_b{i} ON articles (b{i}, simhash)" for i in range(7)],
    "CREATE INDEX articles_sort ON articles (sort_date DESC, id DESC)",
    "CREATE INDEX articles_outlet ON articles (lower(outlet))",
    "CREATE TABLE tags (id bigserial PRIMARY KEY, key text NOT NULL UNIQUE, name text NOT NULL)",
    """CREATE TABLE article_tags (
        article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        tag_id bigint NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
        PRIMARY KEY (article_id, tag_id))""",
    "CREATE INDEX article_tags_tag ON article_tags (tag_id, article_id)",
    """CREATE TABLE article_uses (
        article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        briefing text NOT NULL, used_at text NOT NULL, used_by text NOT NULL DEFAULT '',
        PRIMARY KEY (article_id, briefing))""",
    """CREATE TABLE people (key text PRIMARY KEY, name text NOT NULL,
        role text NOT NULL DEFAULT '', uses integer NOT NULL DEFAULT 0,
        last_used text NOT NULL DEFAULT '')""",
]
# Version 2: CJK runs in their own column with a trigram index (when the server has pg_trgm),
# so a Chinese search no longer reads every article's text.
_CJK_CLASS = "".join(
    f"{chr(first)}-{chr(last)}" for first, last in (
        (0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF),
        (0xF900, 0xFAFF), (0x20000, 0x3134F),
    )
)
_V2 = [
    f"""ALTER TABLE articles ADD COLUMN cjk text GENERATED ALWAYS AS
        (btrim(regexp_replace(text, '[^{_CJK_CLASS}]+', ' ', 'g'))) STORED""",
    _OPTIONAL + "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA " + SCHEMA,
    _OPTIONAL + f"CREATE INDEX articles_cjk ON articles USING gin (cjk {SCHEMA}.gin_trgm_ops) "
    "WHERE cjk <> ''",
]
# Version 3: five wider bands (see fingerprint), recomputed from each stored simhash (an
# arithmetic shift of the signed value keeps the same low bits as Python's unsigned one);
# b5 and b6 are dropped.
_V3 = [
    *[f"DROP INDEX articles_b{i}" for i in range(7)],
    "ALTER TABLE articles DROP COLUMN b5, DROP COLUMN b6",
    "UPDATE articles SET " + ", ".join(
        f"b{i} = ((simhash >> {13 * i}) & {(1 << width) - 1})::integer"
        for i, width in enumerate(BAND_WIDTHS)),
    *[f"CREATE INDEX articles_b{i} ON articles (b{i}, simhash)" for i in range(BAND_COUNT)],
]
# Version 4: the web. Each article keeps its description (searched, weight C), access time,
# partial mark and whether it is unread (feeds' articles are, until opened). Feed
# subscriptions, the items seen and which article came from which feed live here, so a team
# sharing this library shares its feeds.
_TSV_WITH_DESCRIPTION = (
    f"setweight(to_tsvector('{CONFIG}', title), 'A') || "
    f"setweight(to_tsvector('{CONFIG}', outlet || ' ' || authors), 'B') || "
    f"setweight(to_tsvector('{CONFIG}', left(description, 2000)), 'C') || "
    f"setweight(to_tsvector('{CONFIG}', left(text, {MAX_INDEXED_CHARS})), 'D')"
)
_V4 = [
    "ALTER TABLE articles ADD COLUMN description text NOT NULL DEFAULT '', "
    "ADD COLUMN accessed_at text NOT NULL DEFAULT '', "
    "ADD COLUMN partial integer NOT NULL DEFAULT 0, "
    "ADD COLUMN partial_reason text NOT NULL DEFAULT '', "
    "ADD COLUMN unread integer NOT NULL DEFAULT 0",
    "CREATE INDEX articles_unread ON articles (id) WHERE unread = 1",
    """CREATE TABLE feeds (
        id bigserial PRIMARY KEY, url text NOT NULL UNIQUE, title text NOT NULL DEFAULT '',
        tags text NOT NULL DEFAULT '[]', etag text NOT NULL DEFAULT '',
        last_modified text NOT NULL DEFAULT '', added_at text NOT NULL,
        last_checked text NOT NULL DEFAULT '', last_error text NOT NULL DEFAULT '')""",
    """CREATE TABLE feed_seen (
        key text PRIMARY KEY, link text NOT NULL,
        feed_id bigint REFERENCES feeds (id) ON DELETE SET NULL,
        article_id text NOT NULL DEFAULT '', seen_at text NOT NULL)""",
    "CREATE INDEX feed_seen_link ON feed_seen (link)",
    """CREATE TABLE feed_articles (
        article_id bigint PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        feed_id bigint REFERENCES feeds (id) ON DELETE SET NULL,
        simhash text NOT NULL, sha256 text NOT NULL, filed_at text NOT NULL)""",
    "CREATE INDEX feed_articles_feed ON feed_articles (feed_id)",
    "CREATE INDEX feed_articles_filed ON feed_articles (filed_at)",
    "ALTER TABLE articles DROP COLUMN tsv",  # its index goes with it
    f"ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS ({_TSV_WITH_DESCRIPTION}) "
    "STORED",
    "CREATE INDEX articles_tsv ON articles USING gin (tsv)",
]
# Version 5: faster adding (measured on the benchmark's 100,000 articles). New entries of the
# text search index wait in its pending list until it is full, then the adding transaction
# merges them into the index: at the default 4 MB (about 330 articles), about 0.6 ms of
# server time per article, more than computing its tsvector. A 16 MB list (about 1,300)
# costs about half that per article, if the merge has the memory to take it in one pass
# (ADD_WORK_MEM; with the default 4 MB of work_mem it gained little). Searches read the list:
# a full one added about 2 ms of server time to a benchmark search (23 -> 25 ms; 32 MB: 27).
# lz4 compresses text and tsvector in less time than the default pglz (and reads them back
# faster); old rows keep pglz, both are read.
_V5 = [
    "ALTER INDEX articles_tsv SET (gin_pending_list_limit = 16384)",
    _OPTIONAL + "ALTER TABLE articles ALTER COLUMN text SET COMPRESSION lz4, "
    "ALTER COLUMN tsv SET COMPRESSION lz4, ALTER COLUMN cjk SET COMPRESSION lz4",
]
MIGRATIONS: list[list[str]] = [_V1, _V2, _V3, _V4, _V5]
SCHEMA_VERSION = len(MIGRATIONS)


class PostgresLibrary(Library):
    DIFFERING_BITS_SQL = "bit_count(({a} # {b})::bit(64))"

    def __init__(self, url: str, *, user: str | None = None) -> None:
        super().__init__(url, user=user)
        self.url = url
        self.shown = describe(url)
        self._conn: psycopg.Connection[Any] | None = None
        self._estimate: tuple[float, float] | None = None  # (when, articles)
        self._pipelined = False  # inside _run_while's meanwhile
        with self._lock:
            self._connection()

    # ---- connection ------------------------------------------------------------------------
    def _connection(self) -> psycopg.Connection[Any]:
        if self._conn is not None and not self._conn.closed and not self._conn.broken:
            return self._conn
        try:
            # No prepared statements: a generic plan cannot know how rare a searched word is,
            # and chose to read every article instead of the index.
            conn = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                                   application_name="Briefing Builder", prepare_threshold=None)
        except psycopg.Error as exc:
            raise LibraryUnavailable(
                f"{self.shown}: cannot reach the library server: {_first_line(exc)}"
            ) from None
        except Exception as exc:  # a malformed URL is a ProgrammingError or ValueError
            raise LibraryError(f"{self.shown}: not a usable library address: {exc}") from None
        try:
            self._prepare(conn)
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return conn

    def _prepare(self, conn: psycopg.Connection[Any]) -> None:
        try:
            with conn.transaction():
                conn.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
                conn.execute(f"SET search_path = {SCHEMA}, public")
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
                version = self._stored_version(conn)
                if version > SCHEMA_VERSION:
                    raise LibraryError(
                        f"{self.shown}: the library was made by a newer version of Briefing "
                        f"Builder (library version {version}; this one knows up to "
                        f"{SCHEMA_VERSION}): update the app"
                    )
                if version == 0:
                    self._create_search_config(conn)
                for step in MIGRATIONS[version:]:
                    for statement in step:
                        _execute_step(conn, statement)
                conn.execute(
                    "INSERT INTO library_info (key, value) VALUES ('schema_version', %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (str(SCHEMA_VERSION),),
                )
        except psycopg.OperationalError as exc:
            raise LibraryUnavailable(f"{self.shown}: {_first_line(exc)}") from None
        except psycopg.Error as exc:
            raise LibraryError(
                f"{self.shown}: cannot set up the library: {_first_line(exc)}"
            ) from None

    @staticmethod
    def _stored_version(conn: psycopg.Connection[Any]) -> int:
        exists = conn.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.library_info",)).fetchone()
        if not exists or exists[0] is None:
            return 0
        row = conn.execute("SELECT value FROM library_info WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    @staticmethod
    def _create_search_config(conn: psycopg.Connection[Any]) -> None:
        conn.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple)")
        try:
            with conn.transaction():  # a savepoint: the server may lack unaccent
                conn.execute(f"CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA {SCHEMA}")
                conn.execute(f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR "
                             f"hword, hword_part, word WITH {SCHEMA}.unaccent, simple")
        except psycopg.Error:
            pass  # accents then count: percée does not find percee

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(psycopg.Error):
                    self._conn.close()
                self._conn = None

    def schema_version(self) -> int:
        with self._transaction(write=False) as run:
            return int(run("SELECT value FROM library_info WHERE key = 'schema_version'")[0][0])

    @contextlib.contextmanager
    def _transaction(self, write: bool) -> Iterator[Run]:
        with self._lock:
            conn = self._connection()

            def run(sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[Row]:
                cursor = conn.execute(sql.replace("?", "%s"), tuple(params))
                return cursor.fetchall() if cursor.description else []

            try:
                with conn.transaction():
                    yield run
            except psycopg.OperationalError as exc:
                if conn.broken or conn.closed:
                    self._conn = None
                raise LibraryUnavailable(
                    f"{self.shown}: the library server is not reachable: {_first_line(exc)}"
                ) from None
            except psycopg.Error as exc:
                raise LibraryError(f"{self.shown}: {_first_line(exc)}") from None

    def _before_add(self, run: Run) -> None:
        # work_mem for the merge of the search index's pending list, when this add fills it.
        run("SELECT pg_advisory_xact_lock(?), set_config('work_mem', ?, true)",
            (_ADD_LOCK, ADD_WORK_MEM))

    _OVERLAPS_ADDING = True

    def _run_while(
        self, run: Run, sql: str, params: Sequence[Any], meanwhile: Callable[[], None] | None
    ) -> list[Row]:
        """Send the statement and do `meanwhile` while the server works on it (pipeline mode:
        the statement goes out without waiting for its result)."""
        conn = self._conn
        if meanwhile is None or conn is None:
            return super()._run_while(run, sql, params, meanwhile)
        try:
            with conn.pipeline():
                cursor = conn.execute(sql.replace("?", "%s"), tuple(params))
                self._pipelined = True
                try:
                    meanwhile()
                finally:
                    self._pipelined = False
                return cursor.fetchall()
        except BaseException:
            # A connection the server left in the middle of the pipeline stays in pipeline
            # mode and refuses every later statement: drop it (the next call connects again).
            if conn.broken or conn.pgconn.pipeline_status != psycopg.pq.PipelineStatus.OFF:
                conn.close()
            raise

    def _send(self, run: Run, sql: str, params: Sequence[Any]) -> Callable[[], list[Row]]:
        """In `_run_while`'s meanwhile, the statement goes into the pipeline, behind the one
        the server is working on; its rows are read when asked for (the pipeline has ended by
        then, and its end read them)."""
        if not self._pipelined or self._conn is None:
            return super()._send(run, sql, params)
        return self._conn.execute(sql.replace("?", "%s"), tuple(params)).fetchall

    def rebuild(self) -> int:
        with self._transaction(write=True) as run:
            run("REINDEX TABLE articles")
            return int(run("SELECT count(*) FROM articles")[0][0])

    # ---- search ----------------------------------------------------------------------------
    def _conditions(self, parsed: ParsedQuery, filters: SearchFilters) -> _Conditions:
        found = _Conditions(*self.filter_sql(filters))
        negated: list[tuple[str, list[Any]]] = []
        for clause in parsed.clauses:
            if clause.cjk:
                sql, more = _cjk_condition(clause)
                found.where.append(f"NOT {sql}" if clause.negated else sql)
                found.params += more
                continue
            query, more = _tsquery(clause)
            if clause.negated:
                negated.append((query, more))
            else:
                found.ranked.append(f"({query})")
                found.ranked_params += more
                found.rechecked = found.rechecked or any(
                    term.prefix or len(term.words()) > 1 for term in clause.alternatives)
        if found.ranked:
            # `a & !b` in one tsquery is answered by the GIN index alone; a separate
            # NOT (tsv @@ b) had to read the tsvector of every article matching a.
            found.match = " && ".join(found.ranked + [f"!!({q})" for q, _ in negated])
            found.match_params = found.ranked_params + [p for _, ps in negated for p in ps]
        else:
            for query, more in negated:
                found.where.append(f"NOT (a.tsv @@ ({query}))")
                found.params += more
        return found

    def _search_rows(
        self, run: Run, parsed: ParsedQuery, filters: SearchFilters, limit: int, offset: int
    ) -> list[tuple[Row, Snippet | None, float]]:
        found = self._conditions(parsed, filters)
        columns = ", ".join(f"a.{c}" for c in SUMMARY_COLUMNS)
        if not found.match:
            _prefer_the_index(run)
            where = " AND ".join(found.where) or "TRUE"
            rows = run(
                f"SELECT {columns} FROM articles a WHERE {where} "
                "ORDER BY a.sort_date DESC, a.id DESC LIMIT ? OFFSET ?",
                (*found.params, limit, offset),
            )
            return [(row, None, 0.0) for row in rows]
        where = " AND ".join(["a.tsv @@ q.match", *found.where])
        window = ""
        if offset + limit <= RANK_WINDOW:
            # Ranking reads every candidate's tsvector: as on SQLite, rank the RANK_WINDOW
            # newest matches unless the user pages past them.
            window = f"ORDER BY a.id DESC LIMIT {RANK_WINDOW}"
            _prefer_the_index(run, self._window_plan(run, found, where))
        else:
            _prefer_the_index(run)
        names = ", ".join(SUMMARY_COLUMNS)
        rows = run(
            f"SELECT {names}, ts_headline('{CONFIG}', left(text, {SNIPPET_CHARS}), query, "
            f"'{_HEADLINE_OPTIONS}'), rank FROM ("
            f"SELECT {names}, text, query, ts_rank_cd(tsv, query) AS rank FROM ("
            f"SELECT {columns}, a.text, a.tsv, q.query FROM articles a, "
            f"(SELECT {' && '.join(found.ranked)} AS query, {found.match} AS match) q "
            f"WHERE {where} {window}) matches "
            "ORDER BY rank DESC, id DESC LIMIT ? OFFSET ?) found ORDER BY rank DESC, id DESC",
            (*found.ranked_params, *found.match_params, *found.params, limit, offset),
        )
        return [(row[:-2], parse_snippet(row[-2]), float(row[-1])) for row in rows]

    def _window_plan(self, run: Run, found: _Conditions, where: str) -> dict[str, str]:
        """Make the planner find the newest RANK_WINDOW matches the cheaper way, which it
        cannot judge itself (it does not count reading a tsvector out of TOAST storage):
        walking the articles newest first and testing each one's tsvector costs
        RANK_WINDOW / (share of articles matching) reads; the GIN index finds every match
        without reading a tsvector (but a phrase or a prefix reads each match's), then sorts
        them."""
        plan = run(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM articles a, (SELECT {found.match} AS match) q "
            f"WHERE {where}",
            (*found.match_params, *found.params),
        )[0][0]
        matches = float(_plan_rows(plan))
        share = max(matches / self._article_estimate(run), 1e-6)
        walk = RANK_WINDOW / share * _TSVECTOR_READ_COST
        index = matches * (_TSVECTOR_READ_COST if found.rechecked else 1.0)
        return {"max_parallel_workers_per_gather": "0",  # a worker costs more than it saves
                "enable_bitmapscan" if walk < index else "enable_indexscan": "off"}

    def _article_estimate(self, run: Run) -> float:
        """About how many articles there are (the planner's figure), read once a minute:
        every statement is one more wait for the server on a busy machine."""
        now = time.monotonic()
        if self._estimate is None or now - self._estimate[0] > 60:
            value = float(run("SELECT greatest(reltuples, 1) FROM pg_class "
                              "WHERE oid = 'articles'::regclass")[0][0])
            self._estimate = (now, value)
        return self._estimate[1]

    def _count(self, run: Run, parsed: ParsedQuery, filters: SearchFilters) -> int:
        found = self._conditions(parsed, filters)
        _prefer_the_index(run)
        if found.match:
            where = " AND ".join(["a.tsv @@ q.match", *found.where])
            return int(run(f"SELECT count(*) FROM articles a, (SELECT {found.match} AS match) q "
                           f"WHERE {where}", (*found.match_params, *found.params))[0][0])
        where = " AND ".join(found.where) or "TRUE"
        return int(run(f"SELECT count(*) FROM articles a WHERE {where}", found.params)[0][0])


@dataclass
class _Conditions:
    """A search as SQL: `where` conditions on `a` with `params`; when something positive was
    typed, the tsquery to rank by (`ranked`, joined by &&) and the one to match by (`match`,
    which also excludes the negated words)."""

    where: list[str]
    params: list[Any]
    ranked: list[str] = field(default_factory=list)
    ranked_params: list[Any] = field(default_factory=list)
    match: str = ""
    match_params: list[Any] = field(default_factory=list)
    # A phrase or a prefix: the index cannot tell a match alone, each one's tsvector is read.
    rechecked: bool = False


def _plan_rows(plan: Any) -> float:
    if isinstance(plan, str):
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"])


def _prefer_the_index(run: Run, more: dict[str, str] | None = None) -> None:
    """The planner costs a sequential scan without the work of reading each article's
    tsvector from TOAST storage, so it chose one even for a rare word (40 ms instead of 1 ms
    on 10,000 articles), and a CJK search read every article instead of the trigram index:
    keep it on the indexes for this transaction."""
    settings = {"enable_seqscan": "off", **(more or {})}
    # One statement for all of them (set_config's true: for this transaction only).
    run("SELECT " + ", ".join("set_config(?, ?, true)" for _ in settings),
        [value for pair in settings.items() for value in pair])


def _execute_step(conn: psycopg.Connection[Any], statement: str) -> None:
    if not statement.startswith(_OPTIONAL):
        conn.execute(statement)
        return
    try:
        with conn.transaction():  # a savepoint, so a refusal does not end the migration
            conn.execute(statement)
    except psycopg.Error:
        pass  # works without it, only slower


def _term_tsquery(term: Term) -> tuple[str, list[Any]]:
    words = term.words()
    if not term.prefix:
        # Quoted for websearch_to_tsquery: the words as a phrase, nothing as an operator. The
        # text goes as typed (U.S. stays one token, as in the indexed text).
        return f"websearch_to_tsquery('{CONFIG}', ?)", ['"' + term.text.replace('"', " ") + '"']
    *leading, last = words
    # The last word is letters and digits only, so `'word':*` is always valid to_tsquery input.
    prefix = f"to_tsquery('{CONFIG}', ?)"
    params: list[Any] = [f"'{last}':*"]
    if leading:
        return (f"(websearch_to_tsquery('{CONFIG}', ?) <-> {prefix})",
                ['"' + " ".join(leading) + '"', *params])
    return prefix, params


def _tsquery(clause: Clause) -> tuple[str, list[Any]]:
    parts, params = [], []
    for term in clause.alternatives:
        sql, more = _term_tsquery(term)
        parts.append(sql)
        params += more
    return " || ".join(parts), params


def _cjk_condition(clause: Clause) -> tuple[str, list[Any]]:
    parts, params = [], []
    for term in clause.alternatives:
        pieces, more = [], []
        for run_text in cjk_runs(term.text).split("\n"):
            # `cjk <> ''` lets the planner use the partial trigram index.
            pieces.append("(a.cjk <> '' AND a.cjk LIKE ? ESCAPE '\\')")
            more.append(f"%{like_escape(run_text)}%")
        other = [w for w in term.words() if not cjk_runs(w)]
        if other:
            sql, extra = _term_tsquery(Term(" ".join(other), prefix=term.prefix))
            pieces.append(f"a.tsv @@ ({sql})")
            more += extra
        parts.append("(" + " AND ".join(pieces) + ")")
        params += more
    return "(" + " OR ".join(parts) + ")", params


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
