"""`briefing figure add X.briefing PICTURE --section S`: put a picture into a section.

The picture goes through the same checks as in the app (briefing.core.images), and the
briefing is changed under its lock (briefing.core.update), so a figure added while the app or
another command works on the same file is never lost.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from briefing.core.errors import BriefingError
from briefing.core.model import Briefing

EXIT_OK = 0


Command = Callable[[argparse.Namespace], int]


def register(commands: argparse._SubParsersAction) -> dict[str, Command]:
    figure = commands.add_parser("figure", help="add a picture with a caption to a section")
    actions = figure.add_subparsers(dest="figure_command", metavar="ACTION", required=True,
                                    parser_class=type(figure))
    add = actions.add_parser("add", help="add a PNG, JPEG or SVG picture to a section")
    add.add_argument("file", type=Path, help="the .briefing file")
    add.add_argument("picture", type=Path, help="the picture file (PNG, JPEG, SVG; GIF, WebP, "
                     "BMP and TIFF are converted to PNG)")
    add.add_argument("--section", required=True,
                     help="the section: its id, its heading, or its number (1 = first)")
    add.add_argument("--caption", default="", help="what the picture shows")
    add.add_argument("--credit", default="", help='who made it, e.g. "Photo: Reuters"')
    return {"figure": cmd_figure}


def cmd_figure(args: argparse.Namespace) -> int:
    from briefing.core import ops
    from briefing.core.images import read_image_file
    from briefing.core.update import update_briefing

    image = read_image_file(args.picture)  # before the lock: reading may take a moment
    added: list[str] = []

    def add(briefing: Briefing) -> None:
        section_id = find_section(briefing, args.section, str(args.file))
        figure, _ = ops.add_figure(briefing, section_id, image, args.caption, args.credit)
        added.append(figure.id)

    if not args.file.exists():
        raise BriefingError(f"{args.file}: no such briefing")
    update_briefing(args.file, add)
    print(f"{added[0]}\t{args.caption or args.picture.name}", file=sys.stdout)
    return EXIT_OK


def find_section(briefing: Briefing, wanted: str, source: str = "the briefing") -> str:
    """The id of the section `wanted` names: an id, a heading (case-insensitive) or a number."""
    sections = briefing.sections
    if not sections:
        raise BriefingError(f"{source}: has no sections: add one in the app first")
    for section in sections:
        if section.id == wanted:
            return section.id
    matches = [s for s in sections if s.heading.strip().casefold() == wanted.strip().casefold()]
    if len(matches) == 1:
        return matches[0].id
    if wanted.isdigit() and 1 <= int(wanted) <= len(sections):
        return sections[int(wanted) - 1].id
    if len(matches) > 1:
        raise BriefingError(
            f"{source}: {len(matches)} sections are headed “{wanted}”: give its id instead"
        )
    raise BriefingError(
        f"{source}: no section “{wanted}” "
        f"(give an id, a heading or a number from 1 to {len(sections)})"
    )
