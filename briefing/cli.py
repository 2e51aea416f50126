"""The command line: export, import and check briefings without the GUI.

Exit status: 0 success, 1 internal error (a bug), 2 bad input or usage. A user error is one
line on stderr naming the file and the problem, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from briefing import __version__, cli_desktop, cli_figure, cli_library, cli_suggest, cli_web
from briefing.cli_tree import is_tree_format
from briefing.core.errors import BriefingError
from briefing.core.model import PAGE_SIZES

if TYPE_CHECKING:
    from briefing.core.checks import Finding
    from briefing.core.model import Briefing
    from briefing.core.theme import Theme

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, like every other user error
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see --help)\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="briefing",
        description="Briefing Builder: turn a .briefing file into DOCX, PDF or HTML.",
        epilog="Run 'briefing' with no arguments, or with a .briefing file, to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    export = commands.add_parser("export", help="export a briefing to .docx, .pdf or .html")
    export.add_argument("file", type=Path, help="the .briefing file")
    export.add_argument(
        "-o", "--output", type=Path, help="the file to write (--format tree: default stdout)"
    )
    # Checked by the export layer's format_for, which also accepts "PDF" or ".pdf".
    export.add_argument(
        "--format", help="docx, pdf, html or tree (the render tree as JSON; default: from -o)"
    )
    export.add_argument(
        "--now", help="the export time the file records (ISO 8601; default: the clock)"
    )
    export.add_argument("--theme", help="theme name or path to a theme .json (default: the file's)")
    export.add_argument("--page-size", choices=PAGE_SIZES, help="default: the file's")
    export.add_argument(
        "--strict", action="store_true", help="refuse to export when any check finds a problem"
    )
    export.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")

    imp = commands.add_parser("import", help="add article files or web pages to a briefing")
    imp.add_argument("files", nargs="+", help=".txt .md .html .htm .docx .pdf files, or URLs")
    imp.add_argument(
        "--into", type=Path, required=True, help="the .briefing file (created if missing)"
    )
    cli_library.add_import_options(imp)
    cli_library.add_take_over_option(imp)

    cli_suggest.add_import_option(imp)
    cli_suggest.register(commands)

    check = commands.add_parser("check", help="run the pre-export checks on a briefing")
    check.add_argument("file", type=Path, help="the .briefing file")
    check.add_argument("--theme", help="theme whose fonts are checked (default: the file's)")
    check.add_argument(
        "--strict", action="store_true", help="exit with status 2 on warnings too, not only errors"
    )
    COMMANDS["library"] = cli_library.register(commands)
    cli_web.register(commands)
    cli_desktop.register(commands)
    COMMANDS.update(cli_figure.register(commands))
    return parser


def _load_and_check(
    path: Path, theme_name: str | None, *, completeness: bool = False
) -> tuple[Briefing, Theme, list[Finding]]:
    """Load the briefing and its theme (`theme_name` overrides the file's), run the pre-export
    checks (with `completeness`, also what the draft still lacks, as the app's Checks panel
    shows it) and print each finding on stderr."""
    from briefing.core.checks import run_checks
    from briefing.core.storage import load_briefing
    from briefing.core.theme import load_briefing_theme, load_theme

    briefing = load_briefing(path)
    # --theme may be a path (the user's choice); the file's own theme is only ever a name.
    theme = load_theme(theme_name) if theme_name else load_briefing_theme(briefing.meta.theme)
    findings = run_checks(briefing, theme, completeness=completeness)
    for finding in findings:
        print(f"{path}: {finding.severity}: {finding.message} [{finding.code}]", file=sys.stderr)
    return briefing, theme, findings


def _cmd_export(args: argparse.Namespace) -> int:
    from briefing.cli_tree import export_tree, parse_now
    from briefing.render.export import export_briefing, format_for

    if is_tree_format(args.format):
        return export_tree(args)

    format_for(args.output, args.format)  # fail on a bad extension before any work
    briefing, theme, findings = _load_and_check(args.file, args.theme)
    if args.strict and findings:
        from briefing.core.checks import error_count

        raise BriefingError(
            f"{args.file}: not exported: {len(findings)} problem(s) found "
            f"({error_count(findings)} error(s)); fix them or export without --strict"
        )
    written = export_briefing(
        briefing,
        args.output,
        fmt=args.format,
        theme=theme,
        page_size=args.page_size,
        inputs=(args.file,),
        now=parse_now(args.now) if args.now else None,  # None: compile reads the clock
    )
    if not args.quiet:
        print(written)
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from briefing.core import ops
    from briefing.core.model import Briefing, BriefingMeta
    from briefing.core.update import update_briefing

    added, failed = [], 0
    for path in args.files:  # read every file first: the briefing is locked only to change it
        try:
            added.append(cli_web.article_from_argument(path))
        except BriefingError as exc:
            print(f"briefing: {exc}", file=sys.stderr)
            failed += 1
    cli_library.file_imported(args, added)  # before saving: the file keeps the library ids

    def add_all(briefing: Briefing) -> None:
        for article in added:
            ops.add_article(briefing, article)
            if args.suggest:
                cli_suggest.file_suggestions_for(briefing, article)

    if added:
        title = args.into.stem.replace("_", " ")
        update_briefing(args.into, add_all, new=lambda: Briefing(meta=BriefingMeta(title=title)),
                        take_over=args.take_over)
    for article in added:  # only once they are saved: a failed save lists none
        print(f"{article.id}\t{article.title}")
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from briefing.core.checks import error_count

    # The same findings as the app's Checks panel: an export's report leaves out the draft's
    # completeness warnings (unplaced clips, empty sections ...), `check` shows them.
    _, _, findings = _load_and_check(args.file, args.theme, completeness=True)
    errors = error_count(findings)
    warnings = len(findings) - errors
    print(f"{args.file}: {errors} error(s), {warnings} warning(s)")
    return EXIT_BAD_INPUT if errors or (args.strict and warnings) else EXIT_OK


# The subcommands; `python -m briefing` runs the app for anything else given alone.
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "export": _cmd_export,
    "import": _cmd_import,
    "check": _cmd_check,
    "suggest": cli_suggest.cmd_suggest,
    **cli_web.COMMANDS,
    **cli_desktop.COMMANDS,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.command == "export" and args.output is None and not is_tree_format(args.format):
        parser.error("the following arguments are required: -o/--output")
    if args.command is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return COMMANDS[args.command](args)
    except BriefingError as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("briefing: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("BRIEFING_DEBUG"):
            traceback.print_exc()
        print(
            f"briefing: internal error: {type(exc).__name__}: {exc} "
            "(set BRIEFING_DEBUG=1 for details; please report it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
