"""`python -m briefing` and the `briefing` console script.

With no arguments or a single briefing file it starts the desktop app; with a subcommand
(export, import, check) or an option such as --help/--version it runs the command line.
"""

from __future__ import annotations

import sys

from briefing import cli


def wants_gui(argv: list[str]) -> bool:
    if not argv:
        return True
    return len(argv) == 1 and not argv[0].startswith("-") and argv[0] not in cli.COMMANDS


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if wants_gui(args):
        # Imported only here so the command line never loads Qt.
        from briefing.gui.app import run

        return run(args)
    return cli.main(args)


if __name__ == "__main__":
    sys.exit(main())
