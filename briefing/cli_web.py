"""The web on the command line: articles by URL, feed subscriptions, and the daily run.

    briefing import URL|FILE... --into X.briefing     (URLs handled by article_from_argument)
    briefing feeds add URL [--tag T]...
    briefing feeds list
    briefing feeds remove ID|URL
    briefing feeds refresh                            prints per feed: new, duplicate, failed
    briefing run RULES.toml                           see briefing.core.daily

Exit status as everywhere: 0 success, 1 a bug, 2 bad input; `feeds refresh` gives 2 when a
feed failed (the others are still refreshed and filed).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.core.errors import BriefingError

if TYPE_CHECKING:
    from briefing.core.library.feeds import LibraryFeedStore
    from briefing.core.model import Article, Briefing

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def article_from_argument(argument: str) -> Article:
    """An article from a command-line argument: fetched when it is a URL, else read as a file."""
    from briefing.core.web import article_from_url, looks_like_url

    if looks_like_url(argument):
        return article_from_url(argument, now=_now())
    from briefing.core.intake import import_file

    return import_file(Path(argument))


def _add_store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--library",
        help="the library that keeps the feeds and their articles: a file or postgresql:// URL "
        "(default: BRIEFING_LIBRARY, else the user's library)",
    )


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `feeds` and `run` subcommands."""
    feeds = commands.add_parser("feeds", help="subscribe to feeds and refresh them")
    actions = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="subscribe to an RSS, Atom or JSON feed")
    add.add_argument("url", help="the feed's address")
    add.add_argument("--tag", action="append", default=[], help="tag its articles (repeatable)")
    _add_store_options(add)
    listing = actions.add_parser("list", help="list the subscriptions")
    _add_store_options(listing)
    remove = actions.add_parser("remove", help="unsubscribe")
    remove.add_argument("feed", help="the feed's number (from 'feeds list') or address")
    _add_store_options(remove)
    refresh = actions.add_parser("refresh", help="fetch what is new in every feed")
    refresh.add_argument("feed", nargs="*", help="only these feeds (numbers or addresses)")
    refresh.add_argument(
        "--timeout", type=float, default=30.0, help="seconds allowed per fetch (default 30)"
    )
    _add_store_options(refresh)

    run = commands.add_parser(
        "run", help="the daily run: refresh feeds and build the briefing RULES.toml describes"
    )
    run.add_argument("rules", type=Path, help="the RULES.toml file")
    run.add_argument("--library", help="the library (default: BRIEFING_LIBRARY or the user's)")
    run.add_argument("--no-refresh", action="store_true", help="use what is already filed")


@contextmanager
def _open_store(args: argparse.Namespace) -> Iterator[LibraryFeedStore]:
    """The feeds of the library (an older separate feeds file is imported the first time)."""
    from briefing.core.feeds_store import open_feed_store
    from briefing.core.library import open_library

    with open_library(args.library) as library:
        yield open_feed_store(library)


def cmd_feeds(args: argparse.Namespace) -> int:
    handler = {
        "add": _feeds_add,
        "list": _feeds_list,
        "remove": _feeds_remove,
        "refresh": _feeds_refresh,
    }[args.feeds_command]
    return handler(args)


def _feeds_add(args: argparse.Namespace) -> int:
    from briefing.core.web import looks_like_url

    url = args.url.strip()
    if not looks_like_url(url) or not url.lower().startswith(("http://", "https://")):
        raise BriefingError(f"{url}: a feed address starts with http:// or https://")
    with _open_store(args) as store:
        feed, new = store.add_feed(url, args.tag, _now())
    state = "subscribed" if new else "already subscribed"
    tags = f" [{', '.join(feed.tags)}]" if feed.tags else ""
    print(f"{feed.id}\t{feed.url}\t{state}{tags}")
    return EXIT_OK


def _feeds_list(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        feeds = store.feeds()
        unread = store.unread_counts()
    if not feeds:
        print("no feeds yet: add one with 'briefing feeds add URL'", file=sys.stderr)
    for feed in feeds:
        state = f"error: {feed.last_error}" if feed.last_error else (
            f"checked {feed.last_checked}" if feed.last_checked else "never checked"
        )  # fmt: skip
        tags = ",".join(feed.tags) or "-"
        title = feed.title or "(untitled)"
        print(f"{feed.id}\t{feed.url}\t{title}\t{tags}\t{unread.get(feed.id, 0)} unread\t{state}")
    return EXIT_OK


def _feeds_remove(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        feed = store.remove_feed(args.feed)
    if feed is None:
        raise BriefingError(f"{args.feed}: no such feed (see 'briefing feeds list')")
    print(f"{feed.id}\t{feed.url}\tremoved")
    return EXIT_OK


def _feeds_refresh(args: argparse.Namespace) -> int:
    from briefing.core.feeds import FeedPolicy, refresh_feeds
    from briefing.core.web.fetcher import FetchPolicy

    if args.timeout <= 0:
        raise BriefingError("--timeout must be more than 0 seconds")
    with _open_store(args) as store:
        chosen = None
        if args.feed:
            chosen = []
            for ident in args.feed:
                feed = store.find_feed(ident)
                if feed is None:
                    raise BriefingError(f"{ident}: no such feed (see 'briefing feeds list')")
                chosen.append(feed)
        policy = FeedPolicy(fetch=FetchPolicy(deadline=args.timeout))
        results = refresh_feeds(store, now=_now(), feeds=chosen, policy=policy)
    for result in results:
        print(f"{result.feed.url}: {result.summary()}")
        for reason in result.failed:
            print(f"  failed: {reason}", file=sys.stderr)
    if not results:
        print("no feeds yet: add one with 'briefing feeds add URL'", file=sys.stderr)
    return EXIT_BAD_INPUT if any(not r.ok for r in results) else EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    from briefing.core.daily import EXIT_BAD_RULES, run_daily
    from briefing.render.export import export_briefing

    now = _now()  # one moment for the whole run: its files say they were made then

    def export(briefing: Briefing, target: Path, fmt: str) -> Path:
        return export_briefing(briefing, target, fmt=fmt, now=now)

    with _open_store(args) as store:
        outcome = run_daily(
            args.rules, store=store, now=now, exporter=export, refresh=not args.no_refresh
        )
    for line in outcome.report:
        stream = sys.stderr if outcome.exit_status == EXIT_BAD_RULES else sys.stdout
        print(line, file=stream)
    return outcome.exit_status


COMMANDS = {"feeds": cmd_feeds, "run": cmd_run}
