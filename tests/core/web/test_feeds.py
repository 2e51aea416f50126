"""Feeds: formats, refresh results per feed, duplicates, validators, failures."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from benchmarks.web_site import (
    LocalSite,
    article_page,
    atom_feed,
    json_feed,
    rdf_feed,
    rss_feed,
    story_text,
)
from briefing.core.feeds import FeedError, FeedPolicy, normalise_link, parse_feed, refresh_feeds
from briefing.core.library import open_library
from briefing.core.library.feeds import LibraryFeedStore
from briefing.core.web.fetcher import FetchPolicy

NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
LATER = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> LibraryFeedStore:
    with open_library(tmp_path / "library.sqlite3") as library:
        yield LibraryFeedStore(library)  # type: ignore[misc]


def _stories(site: LocalSite, prefix: str, seeds: range) -> list[tuple[str, str, str]]:
    items = []
    for seed in seeds:
        path = f"/{prefix}/story-{seed}"
        site.page(path, article_page(f"Story {seed}", story_text(seed)))
        items.append((f"urn:{prefix}:{seed}", site.url(path), f"Story {seed}"))
    return items


@pytest.mark.parametrize("writer", [rss_feed, atom_feed, rdf_feed, json_feed])
def test_every_feed_format_gives_its_items(writer, site: LocalSite) -> None:  # type: ignore[no-untyped-def]
    items = [("g1", "http://x.example/1", "One"), ("g2", "http://x.example/2", "Two")]
    title, parsed = parse_feed(writer("News", items, base="http://x.example/").encode(), "u")
    assert title == "News"
    assert [(i.link, i.title) for i in parsed] == [(link, t) for _, link, t in items]


def test_rss_091_is_read() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title>'
        b"<item><title>A</title><link>http://x.example/a</link></item></channel></rss>"
    )
    assert [i.link for i in parse_feed(body, "u")[1]] == ["http://x.example/a"]


def test_broken_xml_keeps_the_items_before_the_break() -> None:
    good = rss_feed("F", [("g1", "http://x.example/1", "One")], base="http://x.example/")
    broken = good.replace("</channel></rss>", "<item><title>Tw&o</titl")
    assert [i.link for i in parse_feed(broken.encode(), "u")[1]] == ["http://x.example/1"]


@pytest.mark.parametrize(
    "body", [b"<html><body>not a feed</body></html>", b"<rss><chan", b"{\"version\": 1}", b""]
)
def test_what_is_not_a_feed_is_an_error(body: bytes) -> None:
    with pytest.raises(FeedError):
        parse_feed(body, "http://x.example/feed")


def test_links_lose_fragments_and_tracking_parameters() -> None:
    assert normalise_link("HTTPS://News.Example/a?id=3&utm_source=x&fbclid=1#top") == (
        "https://news.example/a?id=3"
    )


def test_refresh_files_new_items_then_nothing_twice(
    site: LocalSite, store: LibraryFeedStore
) -> None:
    items = _stories(site, "world", range(1, 4))
    site.page("/world.rss", rss_feed("World", items, base=site.base), etag='"w1"',
              content_type="application/rss+xml")  # fmt: skip
    store.add_feed(site.url("/world.rss"), ["world"], NOW)
    [result] = refresh_feeds(store, now=NOW)
    assert (len(result.new), result.duplicate, result.failed) == (3, 0, [])
    filed = store.articles()
    assert sorted(a.title for a, _, _ in filed) == ["Story 1", "Story 2", "Story 3"]
    assert all(tags == ["world"] and unread for _, tags, unread in filed)
    assert all(a.accessed_at == "2026-12-01T06:00:00Z" for a, _, _ in filed)
    assert store.feeds()[0].title == "World"
    assert store.feeds()[0].validators.etag == '"w1"'

    [again] = refresh_feeds(store, now=LATER)
    assert again.unchanged and again.summary() == "0 new, 0 duplicate, 0 failed (unchanged)"
    assert site.requests_for("/world.rss")[-1]["If-None-Match"] == '"w1"'
    assert len(site.requests_for("/world/story-1")) == 1  # never fetched again


def test_seen_items_are_skipped_even_when_the_feed_changed(
    site: LocalSite, store: LibraryFeedStore
) -> None:
    items = _stories(site, "b", range(10, 13))
    site.page("/b.xml", atom_feed("B", items[:2], base=site.base))
    store.add_feed(site.url("/b.xml"), [], NOW)
    assert len(refresh_feeds(store, now=NOW)[0].new) == 2
    site.page("/b.xml", atom_feed("B", items, base=site.base))
    [result] = refresh_feeds(store, now=LATER)
    assert len(result.new) == 1 and result.duplicate == 0
    assert len(store.articles()) == 3


def test_the_same_story_in_two_feeds_comes_in_once(
    site: LocalSite, store: LibraryFeedStore
) -> None:
    paragraphs = story_text(42)
    site.page("/wire/story", article_page("Ceasefire talks", paragraphs, outlet="Wire"))
    copy = [*paragraphs[:-1], paragraphs[-1] + " Additional reporting by staff."]
    site.page("/paper/story", article_page("Ceasefire talks resume", copy, outlet="Paper"))
    site.page("/wire.json", json_feed("Wire", [("w1", site.url("/wire/story"), "C")],
                                      base=site.base))  # fmt: skip
    site.page("/paper.rss", rss_feed("Paper", [
        ("p1", site.url("/paper/story"), "C"),
        ("p2", site.url("/wire/story?utm_source=paper"), "C"),  # same link, tracking added
    ], base=site.base))  # fmt: skip
    store.add_feed(site.url("/wire.json"), [], NOW)
    store.add_feed(site.url("/paper.rss"), [], NOW)
    wire, paper = refresh_feeds(store, now=NOW)
    assert len(wire.new) == 1
    assert (len(paper.new), paper.duplicate) == (0, 2)
    assert len(store.articles()) == 1


def test_a_broken_gone_or_slow_feed_never_stops_the_others(
    site: LocalSite, store: LibraryFeedStore
) -> None:
    items = _stories(site, "ok", range(20, 22))
    site.page("/ok.rss", rss_feed("OK", items, base=site.base))
    site.page("/broken.rss", b"<rss><channel><item><title>x</tit")
    site.page("/gone.rss", b"gone", status=410)
    site.page("/forbidden.rss", b"no", status=403)
    site.slow("/slow.rss", seconds_per_byte=0.2)
    site.page("/bad-item.rss", rss_feed("Bad", [("x", site.url("/nowhere"), "x")], base=site.base))
    for path in ("/broken.rss", "/gone.rss", "/ok.rss", "/forbidden.rss", "/slow.rss",
                 "/bad-item.rss"):  # fmt: skip
        store.add_feed(site.url(path), [], NOW)
    policy = FeedPolicy(fetch=FetchPolicy(deadline=1.0))
    broken, gone, ok, forbidden, slow, bad_item = refresh_feeds(store, now=NOW, policy=policy)
    assert len(ok.new) == 2 and ok.ok
    assert "not a readable feed" in broken.error
    assert "HTTP 410" in gone.error
    assert "HTTP 403" in forbidden.error
    assert "within 1 s" in slow.error
    assert bad_item.ok and len(bad_item.failed) == 1 and "HTTP 404" in bad_item.failed[0]
    assert [f.last_error for f in store.feeds()][:2] == [broken.error, gone.error]
    # A failed item is not marked seen: it is tried again.
    site.page("/nowhere", article_page("Found later", story_text(99)))
    results = refresh_feeds(store, now=LATER, policy=policy)
    assert len(results[5].new) == 1


def test_at_most_per_host_connections_at_once(site: LocalSite, store: LibraryFeedStore) -> None:
    import threading
    import time

    active = 0
    peak = 0
    lock = threading.Lock()
    body = rss_feed("F", [], base=site.base).encode()

    def counting(handler) -> None:  # type: ignore[no-untyped-def]
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.05)
        with lock:
            active -= 1
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    for n in range(12):
        site.routes[f"/f{n}.rss"] = counting
        store.add_feed(site.url(f"/f{n}.rss"), [], NOW)
    results = refresh_feeds(store, now=NOW, policy=FeedPolicy(per_host=2, workers=8))
    assert all(r.ok for r in results)
    assert 1 <= peak <= 2


def test_adding_a_feed_twice_merges_tags(store: LibraryFeedStore) -> None:
    first, new = store.add_feed("http://x.example/f", ["a"], NOW)
    again, new_again = store.add_feed("http://x.example/f", ["b"], NOW)
    assert new and not new_again and again.id == first.id
    assert store.feeds()[0].tags == ["a", "b"]
    assert store.remove_feed(str(first.id)) is not None
    assert store.feeds() == []


def test_with_a_library_new_items_are_filed_there_and_its_duplicates_count(
    site: LocalSite, tmp_path: Path
) -> None:
    from briefing.core.web import article_from_url

    items = _stories(site, "lib", range(30, 33))
    site.page("/lib.rss", rss_feed("Lib", items, base=site.base))
    library = open_library(tmp_path / "library.sqlite3")
    # The analyst already filed one of the stories by hand.
    library.add(article_from_url(items[0][1], now=NOW), now=NOW)
    with LibraryFeedStore(library) as store:
        store.add_feed(site.url("/lib.rss"), ["tag-a"], NOW)
        [result] = refresh_feeds(store, now=NOW)
        assert (len(result.new), result.duplicate) == (2, 1)
        # Nothing kept aside: what the store lists is the library's own articles.
        assert [str(a.id) for a, _, _ in store.articles()] == result.new
        filed = [library.get(int(i)) for i in result.new]
        assert sorted(a.title for a in filed) == ["Story 31", "Story 32"]
        assert all(a.tags == ["tag-a"] and a.source_kind == "feed" for a in filed)
        assert store.filed_ids() == result.new
    library.close()
