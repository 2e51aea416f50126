"""Feeds: RSS 0.9x/1.0/2.0 and Atom (feedparser) and JSON Feed, refreshed into the library.

A refresh fetches every feed in parallel (a few connections per host at most), asks only for
what changed (ETag / Last-Modified), fetches each new item's page as a full article and files
it, tagged with the feed's tags. An item comes in once: an item already seen, a link already
filed, or a near-duplicate of a filed text (a syndicated copy: Simhash similarity) is counted
as a duplicate instead. A feed that is broken, gone or slow is reported in its own result and
never stops the others.

The store (subscriptions, validators, seen items, fingerprints, filing) is the `FeedStore`
protocol, so the same logic runs over the library's tables or a stand-in.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from briefing.core.errors import BriefingError
from briefing.core.model import Article
from briefing.core.web.article import article_from_url
from briefing.core.web.fetcher import FetchCancelled, FetchError, FetchPolicy, Validators, fetch

ACCEPT_FEEDS = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.1"
)
NEAR_DUPLICATE = 0.9  # Simhash similarity: a syndicated copy scores ~0.97, another story ~0.65
PER_HOST = 4  # connections to one host at a time: polite, and what servers tolerate
WORKERS = 8
_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid")


@dataclass
class Feed:
    id: int
    url: str
    title: str = ""
    tags: list[str] = field(default_factory=list)
    validators: Validators = field(default_factory=Validators)
    last_checked: str = ""
    last_error: str = ""


@dataclass(frozen=True)
class FeedItem:
    key: str  # the item's identity: its guid/id, else its link
    link: str
    title: str = ""


@dataclass
class FeedResult:
    feed: Feed
    new: list[str] = field(default_factory=list)  # ids of the articles filed
    duplicate: int = 0
    failed: list[str] = field(default_factory=list)  # one reason per item that failed
    error: str = ""  # the feed itself could not be read
    unchanged: bool = False  # 304: nothing new without reading anything

    @property
    def ok(self) -> bool:
        return not self.error

    def summary(self) -> str:
        if self.error:
            return f"failed: {self.error}"
        text = f"{len(self.new)} new, {self.duplicate} duplicate, {len(self.failed)} failed"
        return text + (" (unchanged)" if self.unchanged else "")


class FeedStore(Protocol):
    """Where subscriptions, what was seen and the filed articles live (the library)."""

    def feeds(self) -> list[Feed]: ...

    def record_check(
        self, feed: Feed, *, title: str, validators: Validators, error: str, now: datetime
    ) -> None: ...

    def is_seen(self, key: str, link: str) -> bool: ...

    def seen_among(self, keys: Sequence[str], links: Sequence[str]) -> tuple[set[str], set[str]]:
        """Which of these item keys and (normalised) links were seen: one question for a
        whole refresh instead of one per item (a team's library may be across the network)."""
        ...

    def mark_seen(self, feed: Feed, item: FeedItem, article_id: str, now: datetime) -> None: ...

    def fingerprints(self) -> Iterable[tuple[str, int, str]]:
        """(article id, simhash, text sha256) of the articles filed so far."""
        ...

    def file_article(
        self, article: Article, feed: Feed, simhash: int, now: datetime
    ) -> str | None:
        """Files a new article (tagged with the feed's tags, marked unread); returns its id,
        or None when the shelf finds it is a duplicate after all."""
        ...


class FeedError(BriefingError):
    pass


# ---- parsing ----------------------------------------------------------------------------------


def normalise_link(link: str) -> str:
    """A link as it identifies a story: no fragment, no tracking parameters, host lower case."""
    try:
        parts = urlsplit(link.strip())
    except ValueError:
        return link.strip()
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PARAMS)
    ]
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), "")
    )


def _json_feed_items(data: Any, base: str) -> tuple[str, list[FeedItem]]:
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        raise FeedError(f"{base}: not a JSON Feed (no jsonfeed.org version)")
    items = []
    for entry in data.get("items") or []:
        if not isinstance(entry, dict):
            continue
        link = str(entry.get("url") or entry.get("external_url") or "").strip()
        key = str(entry.get("id") or link).strip()
        if key and link:
            items.append(FeedItem(key, link, str(entry.get("title") or "").strip()))
    return str(data.get("title") or "").strip(), items


def parse_feed(body: bytes, url: str, content_type: str = "") -> tuple[str, list[FeedItem]]:
    """(feed title, items with a link). FeedError when nothing usable is in it; a feed with
    broken XML keeps the items feedparser could read before the break."""
    stripped = body.lstrip()
    if content_type in ("application/feed+json", "application/json") or stripped[:1] == b"{":
        try:
            return _json_feed_items(json.loads(body.decode("utf-8-sig")), url)
        except (UnicodeDecodeError, ValueError) as exc:
            raise FeedError(f"{url}: broken JSON Feed ({exc})") from None
    import feedparser  # imported on first use: it is slow to load

    # Given bytes, feedparser fetches nothing and resolves no external entities.
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(body, response_headers=headers)
    items = []
    for entry in parsed.entries:
        link = str(entry.get("link") or "").strip()
        if not link:
            continue  # the empty entry feedparser sometimes adds after broken XML
        key = str(entry.get("id") or entry.get("guid") or link).strip()
        items.append(FeedItem(key, link, str(entry.get("title") or "").strip()))
    title = str(parsed.feed.get("title") or "").strip()
    # Only a real parse failure counts: a wrong content type or charset label is harmless.
    soft = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    if not items and parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), soft):
        reason = str(parsed.get("bozo_exception") or "unreadable").splitlines()[0][:160]
        raise FeedError(f"{url}: not a readable feed ({reason})")
    if not items and not parsed.get("version"):
        raise FeedError(f"{url}: not a feed (no RSS, Atom or JSON Feed found)")
    return title, items


# ---- refreshing -------------------------------------------------------------------------------


class _HostLimit:
    """At most `limit` fetches at a time to one host, whatever the number of workers."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}

    def slot(self, url: str) -> threading.BoundedSemaphore:
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            if host not in self._slots:
                self._slots[host] = threading.BoundedSemaphore(self._limit)
            return self._slots[host]


@dataclass
class _FeedFetch:
    feed: Feed
    title: str = ""
    items: list[FeedItem] = field(default_factory=list)
    validators: Validators = field(default_factory=Validators)
    unchanged: bool = False
    error: str = ""


def _fetch_feed(feed: Feed, policy: FeedPolicy, limit: _HostLimit) -> _FeedFetch:
    try:
        with limit.slot(feed.url):
            result = fetch(
                feed.url,
                policy=policy.fetch,
                validators=feed.validators,
                accept=ACCEPT_FEEDS,
                cancelled=policy.cancelled,
            )
        if result.not_modified:
            return _FeedFetch(feed, feed.title, validators=feed.validators, unchanged=True)
        title, items = parse_feed(result.body, result.url, result.content_type)
        return _FeedFetch(feed, title or feed.title, items, result.validators)
    except (FetchError, FeedError) as exc:
        return _FeedFetch(feed, feed.title, error=_reason(exc, feed.url))


def _reason(exc: BaseException, url: str) -> str:
    text = str(exc)
    return text[len(url) + 2 :] if text.startswith(url + ": ") else text


@dataclass
class FeedPolicy:
    fetch: FetchPolicy = field(default_factory=FetchPolicy)
    workers: int = WORKERS
    per_host: int = PER_HOST
    near_duplicate: float = NEAR_DUPLICATE
    cancelled: Callable[[], bool] | None = None


# progress(done, total, what) while refreshing
RefreshProgress = Callable[[int, int, str], None]


def refresh_feeds(
    store: FeedStore,
    *,
    now: datetime,
    feeds: Sequence[Feed] | None = None,
    policy: FeedPolicy | None = None,
    progress: RefreshProgress | None = None,
) -> list[FeedResult]:
    """Refresh `feeds` (default: every subscription) and file what is new. One result per
    feed, in the order given; never raises for a feed's or an item's failure."""
    from trafilatura.deduplication import Simhash

    policy = policy or FeedPolicy()
    chosen = list(store.feeds() if feeds is None else feeds)
    limit = _HostLimit(policy.per_host)
    with ThreadPoolExecutor(max_workers=max(1, policy.workers)) as pool:
        fetched = list(pool.map(lambda f: _fetch_feed(f, policy, limit), chosen))
        results = [FeedResult(f.feed, error=f.error, unchanged=f.unchanged) for f in fetched]
        # Which items need their page: not seen before, and not claimed twice in this run.
        wanted: list[tuple[int, FeedItem]] = []
        claimed: set[str] = set()
        every = [item for feed_fetch in fetched for item in feed_fetch.items]
        seen_keys, seen_links = store.seen_among(
            [i.key for i in every], [normalise_link(i.link) for i in every])
        for index, feed_fetch in enumerate(fetched):
            for item in feed_fetch.items:
                link = normalise_link(item.link)
                if link in claimed or item.key in seen_keys or link in seen_links:
                    if link in claimed:
                        results[index].duplicate += 1
                    continue
                claimed.add(link)
                wanted.append((index, item))
        total = len(wanted)

        def page(item: FeedItem) -> Article | str:
            try:
                with limit.slot(item.link):
                    return article_from_url(
                        item.link, now=now, policy=policy.fetch, cancelled=policy.cancelled
                    )
            except FetchCancelled:
                return "cancelled"
            except BriefingError as exc:
                return _reason(exc, item.link)

        pages = pool.map(page, [item for _, item in wanted])
        known = [(aid, Simhash(existing_hash=h), sha) for aid, h, sha in store.fingerprints()]
        hashes = {sha for _, _, sha in known}
        for done, ((index, item), outcome) in enumerate(zip(wanted, pages, strict=True), 1):
            result = results[index]
            if progress is not None:
                progress(done, total, item.link)
            if isinstance(outcome, str):
                result.failed.append(f"{item.link}: {outcome}")
                continue  # not marked seen: tried again next time
            fingerprint = Simhash(outcome.text)
            if outcome.text_sha256 in hashes or any(
                fingerprint.similarity(other) >= policy.near_duplicate for _, other, _ in known
            ):
                result.duplicate += 1
                store.mark_seen(result.feed, item, "", now)
                continue
            article_id = store.file_article(outcome, result.feed, fingerprint.hash, now)
            store.mark_seen(result.feed, item, article_id or "", now)
            if article_id is None:
                result.duplicate += 1
                continue
            known.append((article_id, fingerprint, outcome.text_sha256))
            hashes.add(outcome.text_sha256)
            result.new.append(article_id)
    for feed_fetch in fetched:
        # A failed check keeps the validators we had: the next one asks as before.
        kept = feed_fetch.feed.validators if feed_fetch.error else feed_fetch.validators
        store.record_check(
            feed_fetch.feed, title=feed_fetch.title, validators=kept, error=feed_fetch.error,
            now=now,
        )  # fmt: skip
    return results
