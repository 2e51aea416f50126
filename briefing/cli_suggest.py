"""`briefing suggest FILE [--json]`: the quotes an article holds, with their speakers.

FILE is an article in any format intake reads, or a .briefing (every article in it). Also
`briefing import … --suggest`, which files the suggestions as unconfirmed clips.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.core.model import Article, Briefing
    from briefing.core.suggest.types import Suggestion

EXIT_OK = 0
JSON_KEYS = ("kind", "text", "start", "end", "speaker", "role", "confidence", "reason")


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `suggest` subcommand (its handler is `cmd_suggest`)."""
    suggest = commands.add_parser(
        "suggest", help="list the quotes in an article (or every article of a briefing)"
    )
    suggest.add_argument(
        "file", type=Path, help="an article file (.txt .md .html .docx .pdf) or a .briefing"
    )
    suggest.add_argument("--json", action="store_true", help="print a JSON list instead of lines")


def add_import_option(imp: argparse.ArgumentParser) -> None:
    imp.add_argument(
        "--suggest",
        action="store_true",
        help="also file each article's quote suggestions as clips marked unconfirmed",
    )


def _articles(path: Path) -> list[Article]:
    from briefing.core.intake import import_file

    if path.suffix.lower() == ".briefing":
        from briefing.core.storage import load_briefing

        return load_briefing(path).articles
    return [import_file(path)]


def _as_json(suggestion: Suggestion, article_id: str | None) -> dict[str, object]:
    data = suggestion.as_json()
    out = {key: data[key] for key in JSON_KEYS}
    if article_id is not None:
        out["article"] = article_id
    return out


def _line(suggestion: Suggestion) -> str:
    from briefing.core.suggest.types import quote_preview, speaker_label

    text = quote_preview(suggestion.text, 90)
    who = speaker_label(suggestion.speaker, suggestion.role, "(speaker unknown)")
    return (
        f"{suggestion.kind:<8} {suggestion.start}-{suggestion.end}  “{text}” — {who}  "
        f"[{suggestion.confidence:.2f}: {suggestion.reason}]"
    )


def cmd_suggest(args: argparse.Namespace) -> int:
    from briefing.core.suggest import suggest_quotes

    many = args.file.suffix.lower() == ".briefing"
    articles = _articles(args.file)
    results: list[dict[str, object]] = []
    for article in articles:
        suggestions = suggest_quotes(article.text, article.language)
        if args.json:
            results.extend(_as_json(s, article.id if many else None) for s in suggestions)
            continue
        if many:
            print(f"# {article.id}\t{article.title}")
        for suggestion in suggestions:
            print(_line(suggestion))
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        print()
    return EXIT_OK


def file_suggestions_for(briefing: Briefing, article: Article) -> int:
    """For `import --suggest`: file the article's suggestions; how many were filed."""
    from briefing.core.suggest.clips import file_suggestions

    return len(file_suggestions(briefing, article))
