"""`briefing library …`: the article library on the command line.

    briefing library [--library URL_OR_PATH] add FILE... [--tag T]
    briefing library search QUERY [--tag T] [--outlet O] [--language L] [--since DATE]
                                  [--until DATE] [--unused] [--limit N] [--json]
    briefing library show ID [--json]
    briefing library tag ID... [--add T] [--remove T]
    briefing library tags [--rename OLD NEW] [--merge TAG... --into TAG]
    briefing library to-briefing ID... --into FILE.briefing [--section HEADING]
    briefing library rebuild

The library is the one given by --library, else $BRIEFING_LIBRARY, else the default file in
the user's data folder (the app uses the same). Exit status as for every command: 0 done,
1 a bug, 2 bad input (a file that could not be read, an unknown id, a bad date).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.core.errors import BriefingError

if TYPE_CHECKING:
    from briefing.core.library import Library
    from briefing.core.model import Article, Briefing

EXIT_OK, EXIT_BAD_INPUT = 0, 2
_LIBRARY_HELP = ("the library: a file path or a postgresql:// URL (default: $BRIEFING_LIBRARY, "
                 "else the file in your data folder)")


def register(commands: Any) -> Callable[[argparse.Namespace], int]:
    """Add the `library` command to the CLI's subparsers; returns its handler."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--library", default=argparse.SUPPRESS, help=_LIBRARY_HELP)
    parser = commands.add_parser("library", help="the article library: add, search, tag, copy")
    parser.add_argument("--library", default=None, help=_LIBRARY_HELP)
    sub = parser.add_subparsers(dest="library_command", metavar="ACTION",
                                parser_class=type(parser))

    add = sub.add_parser("add", parents=[common], help="file articles in the library")
    add.add_argument("files", nargs="+", help=".txt .md .html .htm .docx .pdf files, or URLs")
    add.add_argument("--tag", action="append", default=[], help="tag them (repeatable)")

    search = sub.add_parser("search", parents=[common], help="search the library")
    search.add_argument("query", nargs="?", default="",
                        help='words, "phrases", OR, -exclusions, prefix*')
    search.add_argument("--tag", action="append", default=[], help="only with this tag")
    search.add_argument("--outlet", default="", help="only from this outlet")
    search.add_argument("--language", default="", help="only in this language (en, ru, …)")
    search.add_argument("--since", type=_iso_date, metavar="DATE",
                        help="published (or added) on or after: YYYY-MM-DD, YYYY-MM or YYYY")
    search.add_argument("--until", type=_iso_date, metavar="DATE",
                        help="published (or added) on or before (a month or year: all of it)")
    search.add_argument("--unused", action="store_true", help="only those not in any briefing")
    search.add_argument("--limit", type=int, default=20, help="how many (default 20)")
    search.add_argument("--json", action="store_true", help="print JSON")

    show = sub.add_parser("show", parents=[common], help="print one article")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true", help="print JSON")

    tag = sub.add_parser("tag", parents=[common], help="add or remove tags on articles")
    tag.add_argument("ids", type=int, nargs="+")
    tag.add_argument("--add", action="append", default=[], help="tag to add (repeatable)")
    tag.add_argument("--remove", action="append", default=[], help="tag to remove (repeatable)")

    tags = sub.add_parser("tags", parents=[common], help="list, rename or merge tags")
    tags.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"))
    tags.add_argument("--merge", nargs="+", metavar="TAG", help="tags to merge (with --into)")
    tags.add_argument("--into", metavar="TAG", help="the tag --merge merges into")

    copy = sub.add_parser("to-briefing", parents=[common], help="copy articles into a briefing")
    copy.add_argument("ids", type=int, nargs="+")
    copy.add_argument("--into", type=Path, required=True,
                      help="the .briefing file (created if missing)")
    copy.add_argument("--section", default="",
                      help="also place each article's first paragraph in this section")
    add_take_over_option(copy)

    sub.add_parser("rebuild", parents=[common], help="re-index the library (after damage)")
    return run


def add_take_over_option(parser: argparse.ArgumentParser) -> None:
    """--take-over: change a briefing that an app window (maybe long gone) holds open."""
    from briefing.core.update import TAKE_OVER_FLAG

    parser.add_argument(
        TAKE_OVER_FLAG, dest="take_over", action="store_true",
        help="change the briefing even though the app has it open (when that window or "
             "computer is gone); the app asks before it saves over the change",
    )


def add_import_options(parser: argparse.ArgumentParser) -> None:
    """`briefing import` files its articles in the library too, unless --no-library."""
    parser.add_argument("--library", default=None, help=_LIBRARY_HELP)
    parser.add_argument("--no-library", action="store_true",
                        help="do not file the imported articles in the library")


def _iso_date(text: str) -> str:
    """A day, a month or a year, as the library's filters take them (see `library.dates`)."""
    from briefing.core.library import LibraryError
    from briefing.core.library.dates import date_bound

    try:
        return date_bound(text)
    except LibraryError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def open_from_args(args: argparse.Namespace) -> Library:
    from briefing.core.library import open_library

    library = open_library(getattr(args, "library", None))
    for warning in library.warnings:
        print(f"briefing: warning: {warning}", file=sys.stderr)
    return library


def run(args: argparse.Namespace) -> int:
    if args.library_command is None:
        raise BriefingError("library: say what to do: add, search, show, tag, tags, "
                            "to-briefing or rebuild (see briefing library --help)")
    with open_from_args(args) as library:
        return _ACTIONS[args.library_command](library, args)


# ---- actions ----------------------------------------------------------------------------------
def _add(library: Library, args: argparse.Namespace) -> int:
    from briefing.cli_web import article_from_argument

    articles, failed = [], 0
    for path in args.files:
        try:
            articles.append(article_from_argument(path))
        except BriefingError as exc:
            print(f"briefing: {exc}", file=sys.stderr)
            failed += 1
    for result in library.add_many(articles, tags=args.tag):
        print(result.message)
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _search(library: Library, args: argparse.Namespace) -> int:
    from briefing.core.library import SearchFilters

    filters = SearchFilters(tags=tuple(args.tag), outlet=args.outlet, language=args.language,
                            since=args.since or "", until=args.until or "",
                            unused=args.unused)
    hits = library.search(args.query, filters, limit=max(1, args.limit))
    if args.json:
        out = []
        for hit in hits:
            entry = asdict(hit.article)
            entry.update(rank=hit.rank, snippet=hit.snippet.text,
                         highlights=[list(h) for h in hit.snippet.highlights])
            out.append(entry)
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return EXIT_OK
    for hit in hits:
        summary = hit.article
        when = summary.published or summary.added_at[:10]
        print(f"{summary.id}\t{when}\t{summary.outlet or '-'}\t{summary.title}")
        if hit.snippet.text:
            print(f"\t{hit.snippet.marked()}")
    if not hits:
        print("no article matches", file=sys.stderr)
    return EXIT_OK


def _show(library: Library, args: argparse.Namespace) -> int:
    article = library.get(args.id)
    if args.json:
        print(json.dumps(asdict(article), ensure_ascii=False, indent=2))
        return EXIT_OK
    lines = [
        ("id", str(article.id)), ("title", article.title), ("outlet", article.outlet),
        ("authors", ", ".join(article.authors)), ("published", article.published),
        ("url", article.url), ("language", article.language), ("tags", ", ".join(article.tags)),
        ("source", f"{article.source_kind} {article.source_path}".strip()),
        ("added", f"{article.added_at} by {article.added_by}"),
        ("changed", f"{article.updated_at} by {article.updated_by} (version {article.version})"),
        ("used in", f"{article.uses} briefing(s)"), ("sha256", article.sha256),
        ("accessed", article.accessed_at), ("summary", article.description),
        ("partial", article.partial_reason or ("yes" if article.partial else "")),
        ("unread", "yes (came in from a feed)" if article.unread else ""),
    ]  # fmt: skip
    for name, value in lines:
        if value:
            print(f"{name + ':':<11}{value}")
    print()
    print(article.text)
    return EXIT_OK


def _tag(library: Library, args: argparse.Namespace) -> int:
    if not args.add and not args.remove:
        raise BriefingError("library tag: give --add TAG and/or --remove TAG")
    library.tag(args.ids, add=args.add, remove=args.remove)
    for ident in args.ids:
        article = library.get(ident)
        print(f"{article.id}\t{', '.join(article.tags) or '(no tags)'}\t{article.title}")
    return EXIT_OK


def _tags(library: Library, args: argparse.Namespace) -> int:
    if args.rename:
        library.rename_tag(*args.rename)
    if args.merge or args.into:
        if not (args.merge and args.into):
            raise BriefingError("library tags: --merge needs --into, and --into needs --merge")
        library.merge_tags(args.merge, into=args.into)
    for tag in library.tags():
        print(f"{tag.count}\t{tag.name}")
    return EXIT_OK


def _to_briefing(library: Library, args: argparse.Namespace) -> int:
    from briefing.core.library.transfer import CopyReport, copy_into_briefing
    from briefing.core.model import Briefing, BriefingMeta
    from briefing.core.update import update_briefing

    reports: list[CopyReport] = []

    def copy_in(briefing: Briefing) -> bool:  # under the briefing's lock: no writer is lost
        report = copy_into_briefing(library, args.ids, briefing, section_heading=args.section,
                                    briefing_name=str(args.into.name))
        reports.append(report)
        return bool(report.added or args.section)

    title = args.into.stem.replace("_", " ")
    update_briefing(args.into, copy_in, new=lambda: Briefing(meta=BriefingMeta(title=title)),
                    take_over=args.take_over)
    report = reports[0]
    for article in report.added:
        print(f"{article.id}\t{article.title}")
    for article in report.already:
        print(f"already in the briefing: {article.id}\t{article.title}")
    return EXIT_OK


def _rebuild(library: Library, args: argparse.Namespace) -> int:
    count = library.rebuild()
    print(f"re-indexed {count} article(s)")
    return EXIT_OK


_ACTIONS: dict[str, Callable[[Library, argparse.Namespace], int]] = {
    "add": _add, "search": _search, "show": _show, "tag": _tag, "tags": _tags,
    "to-briefing": _to_briefing, "rebuild": _rebuild,
}  # fmt: skip


# ---- for `briefing import` ----------------------------------------------------------------------
def load_or_new_briefing(path: Path) -> Briefing:
    from briefing.core.model import Briefing, BriefingMeta
    from briefing.core.storage import load_briefing

    if path.exists():
        return load_briefing(path)
    return Briefing(meta=BriefingMeta(title=path.stem.replace("_", " ")))


def file_imported(args: argparse.Namespace, articles: Sequence[Article]) -> None:
    """File the articles `briefing import` added (unless --no-library). A library that fails
    is a warning: the briefing is what the user asked for, and it is saved regardless."""
    if getattr(args, "no_library", False) or not articles:
        return
    from briefing.core.library.transfer import file_articles

    try:
        with open_from_args(args) as library:
            file_articles(library, articles, briefing_name=str(args.into.name))
    except BriefingError as exc:
        print(f"briefing: warning: not filed in the library: {exc}", file=sys.stderr)
