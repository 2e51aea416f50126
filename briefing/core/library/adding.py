"""Filing many articles at once: the duplicate checks and inserts of `Library.add_many` done a
chunk of articles per statement instead of one article at a time.

Per chunk: one query finds the texts already filed (sha256) and every near copy (the
articles sharing a simhash band with one of the chunk, compared by the database itself, so
only real near copies come back), one inserts the new articles, one tags them, and two read
back the tags and uses of the results (none when all are new and untagged). Texts repeated
inside the chunk are caught here; those repeated in a later chunk are found in the database
by the same query. Fingerprints: see `Batch`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefing.core.library.fingerprint import (
    BAND_COUNT,
    BAND_WIDTHS,
    NEAR_DUPLICATE_BITS,
    bands,
    checks_near_duplicates,
    differing_bits,
    simhash,
    text_sha256,
)
from briefing.core.library.records import AddResult, LibraryArticle
from briefing.core.model import Article

if TYPE_CHECKING:
    from briefing.core.library.base import Library, Row, Run

# A chunk's duplicate check: {sha256: id} of the filed texts, {simhash: (id, bits, 0)} of the
# nearest filed copies.
Checked = tuple[dict[str, int], dict[int, tuple[int, int, int]]]

# Rows per statement: 30 values a row stays far below both engines' parameter limits.
CHUNK = 200
# On a server, a batch of at least 2 * MIN_OVERLAP_CHUNK articles is filed in up to
# OVERLAP_CHUNKS chunks, so that the client fingerprints the next chunk (about 0.35 ms an
# article) while the server indexes the one sent before (about 1 ms an article). Batches of
# 50 on the benchmark's library, without the index merges (and before the next chunk's check
# was sent behind the insert too): 1 chunk 705 adds/s, 2 790, 3 750, 5 850 (medians of 4,
# load average 3-5).
OVERLAP_CHUNKS = 5
MIN_OVERLAP_CHUNK = 8
_SOURCE_KIND_OF_FORMAT = {
    "paste-text": "paste", "paste-html": "paste", "url": "url", "feed": "feed",
}
INSERTED_COLUMNS = (
    "title", "outlet", "authors", "published", "url", "language", "text", "added_at",
    "added_by", "source_kind", "source_format", "source_path", "sha256", "simhash", "version",
    "updated_at", "updated_by", "sort_date", "description", "accessed_at", "partial",
    "partial_reason", "unread", *[f"b{i}" for i in range(BAND_COUNT)],
)  # fmt: skip


@dataclass(frozen=True)
class Fingerprints:
    sha256: str
    simhash: int
    bands: tuple[int, ...]
    near_checked: bool  # long enough for a near-duplicate check

    @classmethod
    def of(cls, text: str) -> Fingerprints:
        value = simhash(text)
        return cls(text_sha256(text), value, bands(value), checks_near_duplicates(text))


class Batch:
    """The articles of one `add_many`, cut into chunks, with their fingerprints.

    The fingerprints are computed before the write transaction begins, so other writers wait
    less; on a server (`overlapped`) only the first chunk's are, each next chunk's while the
    server works on inserting the one before (which takes longer)."""

    def __init__(self, articles: Sequence[Article], chunk: int, *, overlapped: bool) -> None:
        self.articles = articles
        self.bounds = chunk_bounds(len(articles), chunk, overlapped=overlapped)
        self.overlapped = overlapped
        self._prints: list[Fingerprints | None] = [None] * len(articles)
        for bounds in self.bounds[:1] if overlapped else self.bounds:
            self._fingerprint(bounds)

    def _fingerprint(self, bounds: tuple[int, int]) -> None:
        for index in range(*bounds):
            self._prints[index] = Fingerprints.of(self.articles[index].text)

    def _ready(self, start: int, end: int) -> list[Fingerprints]:
        prints = [p for p in self._prints[start:end] if p is not None]
        assert len(prints) == end - start  # computed before, or while the chunk before
        return prints

    def _prepare(self, library: Library, run: Run, bounds: tuple[int, int],
                 sent: list[Callable[[], Checked]]) -> None:
        """The next chunk's fingerprints, and its duplicate check sent (on a server, it runs
        right after the insert the server is working on)."""
        self._fingerprint(bounds)
        sent.append(_filed_and_near(library, run, self._ready(*bounds)))

    def file(self, library: Library, run: Run, *, source_kind: str | None, stamp: str,
             tag_ids: Sequence[int]) -> list[AddResult]:
        """File every chunk inside the caller's write transaction."""
        results: list[AddResult] = []
        checked: Callable[[], Checked] | None = None
        for number, (start, end) in enumerate(self.bounds):
            following = self.bounds[number + 1] if number + 1 < len(self.bounds) else None
            sent: list[Callable[[], Checked]] = []
            meanwhile = None
            if self.overlapped and following is not None:
                meanwhile = functools.partial(self._prepare, library, run, following, sent)
            results += add_chunk(library, run, self.articles[start:end], self._ready(start, end),
                                 source_kind=source_kind, stamp=stamp, tag_ids=tag_ids,
                                 checked=checked, meanwhile=meanwhile)
            checked = sent[0] if sent else None
        return results


def chunk_bounds(count: int, chunk: int, *, overlapped: bool) -> list[tuple[int, int]]:
    """(start, end) of each chunk of `count` articles: at most `chunk` each, as even as can
    be; with `overlapped`, up to OVERLAP_CHUNKS of them even below `chunk`."""
    parts = -(-count // chunk)
    if overlapped:
        parts = max(parts, min(OVERLAP_CHUNKS, count // MIN_OVERLAP_CHUNK))
    bounds, start = [], 0
    for number in range(parts):
        end = start + (count - start) // (parts - number)
        bounds.append((start, end))
        start = end
    return bounds


def add_chunk(
    library: Library,
    run: Run,
    articles: Sequence[Article],
    prints: Sequence[Fingerprints],
    *,
    source_kind: str | None,
    stamp: str,
    tag_ids: Sequence[int],
    checked: Callable[[], Checked] | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> list[AddResult]:
    """File one chunk (at most CHUNK articles) inside the caller's write transaction; do
    `meanwhile` while the database inserts the new ones. `checked`: the chunk's duplicate
    check, if already sent."""
    known, near = (checked or _filed_and_near(library, run, prints))()
    # Each article: ("new", None) or (kind, the existing id or the index of an earlier new
    # article of this chunk, similarity).
    outcome: list[tuple[str, int, float]] = []
    new: list[int] = []
    first_of_text: dict[str, int] = {}
    for index, fingerprint in enumerate(prints):
        if fingerprint.sha256 in known:
            outcome.append(("same text", known[fingerprint.sha256], 1.0))
            continue
        if fingerprint.sha256 in first_of_text:
            outcome.append(("same text", -1 - first_of_text[fingerprint.sha256], 1.0))
            continue
        match = near.get(fingerprint.simhash)
        if fingerprint.near_checked:
            local = _nearest_new(fingerprint, [prints[i] for i in new])
            if local is not None and (match is None or local[1] < match[1]):
                match = (-1 - new[local[0]], local[1], 0)
        if match is not None:
            ident, bits, _ = match
            outcome.append(("near duplicate", ident, (64 - bits) / 64))
            continue
        first_of_text[fingerprint.sha256] = index
        new.append(index)
        outcome.append(("new", 0, 1.0))
    inserted = _insert(library, run, [articles[i] for i in new], [prints[i] for i in new],
                       source_kind=source_kind, stamp=stamp, meanwhile=meanwhile)
    new_ids = {index: inserted[n].id for n, index in enumerate(new)}

    def resolve(ident: int) -> int:
        return new_ids[-1 - ident] if ident < 0 else ident

    result_ids = [new_ids[i] if kind == "new" else resolve(ident)
                  for i, (kind, ident, _) in enumerate(outcome)]
    if tag_ids:
        pairs = sorted({(ident, tag) for ident in result_ids for tag in tag_ids})
        run("INSERT INTO article_tags (article_id, tag_id) VALUES "
            + ", ".join("(?, ?)" for _ in pairs) + " ON CONFLICT DO NOTHING",
            [value for pair in pairs for value in pair])
    existing_ids = sorted({ident for ident in result_ids if ident not in new_ids.values()})
    existing = {a.id: a for a in _read(library, run, existing_ids)} if existing_ids else {}
    by_id = {a.id: a for a in inserted} | existing
    # New articles have only the tags just given: without tags or filed ones, nothing to read.
    tags = library._tags_of(run, sorted(by_id)) if tag_ids or existing else {}
    for ident, article in by_id.items():
        article.tags = tags.get(ident, [])
    results = []
    for index, (kind, _, alike) in enumerate(outcome):
        article = by_id[result_ids[index]]
        if kind == "new":
            results.append(AddResult(article, added=True))
        else:
            results.append(AddResult(article, added=False, duplicate_kind=kind,
                                     similarity=alike if kind != "same text" else 1.0))
    return results


def _filed_and_near(
    library: Library, run: Run, prints: Sequence[Fingerprints]
) -> Callable[[], Checked]:
    """Send one query (each is a wait for a server) and return what gives its answer: the
    filed articles with the text of one of `prints` (sha256: id), and for each simhash of the
    near-checked ones, (id, differing bits, 0) of the filed article nearest to it, if one is
    within NEAR_DUPLICATE_BITS."""
    shas = sorted({p.sha256 for p in prints})
    hashes = sorted({p.simhash: p for p in prints if p.near_checked}.values(),
                    key=lambda p: p.simhash)
    same = ("SELECT a.sha256, CAST(NULL AS BIGINT), a.id, 0 FROM articles a WHERE a.sha256 IN ("
            + ", ".join("?" for _ in shas) + ")")
    if not hashes:
        answer = library._send(run, same, shas)
    else:
        row = "(" + ", ".join("CAST(? AS BIGINT)" for _ in range(BAND_COUNT + 1)) + ")"
        names = ", ".join(f"c{i}" for i in range(BAND_COUNT))

        def bits(stored: str, new: str) -> str:
            return library.DIFFERING_BITS_SQL.format(a=stored, b=new)

        # One branch per band, each read from its index (b_i, simhash) alone; only the few
        # near hashes are then looked up for their ids (through the first band's index). A
        # single join on "b0 = … OR b1 = …" visited the table for every candidate.
        branches = " UNION ".join(
            f"SELECT v.h, a.simhash AS s FROM v JOIN articles a ON a.b{i} = v.c{i} "
            f"WHERE {bits('a.simhash', 'v.h')} <= ?" for i in range(BAND_COUNT))
        answer = library._send(
            run, f"WITH v (h, {names}) AS (VALUES {', '.join(row for _ in hashes)}), "
            f"near (h, s) AS ({branches}) "
            f"{same} UNION ALL "
            f"SELECT NULL, near.h, a.id, {bits('a.simhash', 'near.h')} FROM near JOIN articles a "
            f"ON a.b0 = (near.s & {(1 << BAND_WIDTHS[0]) - 1}) AND a.simhash = near.s",
            [value for p in hashes for value in (p.simhash, *p.bands)]
            + [NEAR_DUPLICATE_BITS] * BAND_COUNT + shas,
        )
    return lambda: _checked(answer())


def _checked(rows: Sequence[Row]) -> Checked:
    known: dict[str, int] = {}
    best: dict[int, tuple[int, int, int]] = {}
    for sha, value, ident, distance in rows:
        if sha is not None:
            known[sha] = int(ident)
            continue
        found = best.get(int(value))
        if found is None or (int(distance), int(ident)) < (found[1], found[0]):
            best[int(value)] = (int(ident), int(distance), 0)
    return known, best


def _nearest_new(
    fingerprint: Fingerprints, earlier: Sequence[Fingerprints]
) -> tuple[int, int] | None:
    """(position in `earlier`, differing bits) of the nearest earlier new text of the chunk."""
    best: tuple[int, int] | None = None
    for position, other in enumerate(earlier):
        if not other.near_checked:
            continue
        bits = differing_bits(fingerprint.simhash, other.simhash)
        if bits <= NEAR_DUPLICATE_BITS and (best is None or bits < best[1]):
            best = (position, bits)
    return best


def _insert(
    library: Library,
    run: Run,
    articles: Sequence[Article],
    prints: Sequence[Fingerprints],
    *,
    source_kind: str | None,
    stamp: str,
    meanwhile: Callable[[], None] | None,
) -> list[LibraryArticle]:
    if not articles:
        if meanwhile is not None:
            meanwhile()
        return []
    made: list[LibraryArticle] = []
    rows: list[Any] = []
    for article, fingerprint in zip(articles, prints, strict=True):
        made.append(LibraryArticle(
            id=0, title=article.title, outlet=article.outlet, authors=list(article.authors),
            published=article.published, url=article.url, language=article.language,
            text=article.text, added_at=stamp, added_by=library.user,
            source_kind=source_kind or _SOURCE_KIND_OF_FORMAT.get(article.source_kind, "file"),
            source_format=article.source_kind,
            source_path=article.source_path or article.url, sha256=fingerprint.sha256,
            simhash=fingerprint.simhash, version=1, updated_at=stamp, updated_by=library.user,
            description=article.description, accessed_at=article.accessed_at,
            partial=article.partial,
            partial_reason=article.partial_reason if article.partial else "",
        ))
        made[-1].unread = made[-1].source_kind == "feed"  # a feed's articles wait to be opened
        made_one = made[-1]
        rows += [
            made_one.title, made_one.outlet, json.dumps(made_one.authors, ensure_ascii=False),
            made_one.published, made_one.url, made_one.language, made_one.text, stamp,
            library.user, made_one.source_kind, made_one.source_format, made_one.source_path,
            fingerprint.sha256, fingerprint.simhash, 1, stamp, library.user,
            article.published or stamp[:10], made_one.description, made_one.accessed_at,
            int(made_one.partial), made_one.partial_reason, int(made_one.unread),
            *fingerprint.bands,
        ]
    marks = "(" + ", ".join("?" for _ in INSERTED_COLUMNS) + ")"
    # RETURNING gives no promise about the order of the rows: match them by text hash, which
    # is unique among the new articles.
    returned = library._run_while(
        run, f"INSERT INTO articles ({', '.join(INSERTED_COLUMNS)}) VALUES "
        f"{', '.join(marks for _ in made)} RETURNING id, sha256", rows, meanwhile)
    ids = {sha: int(ident) for ident, sha in returned}
    for stored in made:
        stored.id = ids[stored.sha256]
        library._indexed(run, stored.id, stored.text, replace=False)
    return made


def _read(library: Library, run: Run, ids: Sequence[int]) -> list[LibraryArticle]:
    from briefing.core.library.base import ARTICLE_COLUMNS, _authors

    rows = run(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE id IN ("
               + ", ".join("?" for _ in ids) + ")", list(ids))
    uses = library._uses_of(run, list(ids))
    found = []
    for row in rows:
        values = dict(zip(ARTICLE_COLUMNS, row, strict=True))
        values["authors"] = _authors(values["authors"])
        article = LibraryArticle(**values)
        article.uses = uses.get(article.id, 0)
        found.append(article)
    return found
