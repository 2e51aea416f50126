"""`python -m briefing` and the `briefing` console script.

With no arguments or a single briefing file it starts the desktop app; with a subcommand
(export, import, check) or an option such as --help/--version it runs the command line.
"""

from __future__ import annotations

import sys
from pathlib import Path

from briefing import cli
from briefing.core.storage import SUFFIX


def wants_gui(argv: list[str]) -> bool:
    if not argv:
        return True
    if len(argv) != 1 or argv[0].startswith("-") or argv[0] in cli.COMMANDS:
        return False
    # A mistyped command ("exprot") gets the command line's usage error, not a window (which,
    # on a machine without a display, Qt would abort).
    return argv[0].lower().endswith(SUFFIX) or Path(argv[0]).exists()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if wants_gui(args):
        # Imported only here so the command line never loads Qt.
        from briefing.gui.app import run

        return run(args)
    return cli.main(args)


if __name__ == "__main__":
    sys.exit(main())
