"""`briefing export FILE --format tree`: print (or write with -o) the render tree as JSON.

What every writer is handed, decisions and all (see briefing.render.tree_json). No timestamp
unless `--now` fixes the moment of export, so two dumps of one file are the same text.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from briefing.core.errors import BriefingError

TREE_FORMAT = "tree"


def is_tree_format(fmt: str | None) -> bool:
    return (fmt or "").strip().lower().lstrip(".") == TREE_FORMAT


def parse_now(text: str) -> dt.datetime:
    """An ISO 8601 date-time for --now ("2026-11-27T09:00:00+00:00"); naive means UTC."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise BriefingError(
            f"--now {text!r}: not an ISO 8601 date-time (e.g. 2026-11-27T09:00:00+00:00)"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def export_tree(args: argparse.Namespace) -> int:
    from briefing.core.compile import compile_briefing
    from briefing.core.storage import load_briefing
    from briefing.core.theme import load_theme
    from briefing.render.tree_json import tree_json, write_tree

    now = parse_now(args.now) if args.now else None
    briefing = load_briefing(args.file)
    theme = load_theme(args.theme or briefing.meta.theme)
    document = compile_briefing(briefing, theme, page_size=args.page_size, now=now)
    if args.output is None:
        sys.stdout.write(tree_json(document, keep_created=now is not None))
        return 0
    write_tree(document, theme, args.output, keep_created=now is not None)
    if not args.quiet:
        print(args.output)
    return 0
