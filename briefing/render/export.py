"""Export a briefing: compile once, then hand the tree to the writer for the format.

Writers are looked up in a registry keyed by format name and imported only when used, so
exporting HTML never pays for loading reportlab.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from briefing.core.atomic import os_error_reason
from briefing.core.compile import compile_briefing
from briefing.core.errors import BriefingError, ExportError
from briefing.core.model import PAGE_SIZES, Briefing
from briefing.core.storage import SUFFIX as BRIEFING_SUFFIX
from briefing.core.theme import Theme, load_briefing_theme

Progress = Callable[[float], None]

# format name -> (module, function, file suffixes)
WRITERS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "docx": ("briefing.render.docx", "write_docx", (".docx",)),
    "pdf": ("briefing.render.pdf", "write_pdf", (".pdf",)),
    "html": ("briefing.render.html", "write_html", (".html", ".htm")),
}


def format_for(target: Path, fmt: str | None = None) -> str:
    """The export format named by `fmt`, else by the target's file extension."""
    if fmt:
        name = fmt.lower().lstrip(".")
        if name not in WRITERS:
            raise BriefingError(f"unknown export format {fmt!r} (choose {', '.join(WRITERS)})")
        return name
    suffix = Path(target).suffix.lower()
    for name, (_, _, suffixes) in WRITERS.items():
        if suffix in suffixes:
            return name
    raise BriefingError(
        f"{target}: cannot tell the export format from the extension {suffix or '(none)'!r}; "
        "use .docx, .pdf or .html, or give --format"
    )


def refuse_overwriting_inputs(target: Path, inputs: Iterable[Path | str] = ()) -> None:
    """ExportError when `target` is a briefing file or one of `inputs`: an export replaces its
    target, and those are the user's work, not an export's output."""
    if target.suffix.lower() == BRIEFING_SUFFIX:
        raise ExportError(
            f"{target}: not exported: the target is a briefing file ({BRIEFING_SUFFIX}), "
            "which an export would replace; choose a .docx, .pdf or .html name"
        )
    for source in inputs:
        if _same_file(target, Path(source)):
            raise ExportError(
                f"{target}: not exported: it is the file being exported, which an export "
                "would replace; choose another name"
            )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def export_briefing(
    briefing: Briefing,
    target: Path | str,
    fmt: str | None = None,
    theme: Theme | None = None,
    page_size: str | None = None,
    progress: Progress | None = None,
    inputs: Iterable[Path | str] = (),
    now: dt.datetime | None = None,
) -> Path:
    """Write `briefing` to `target` atomically; returns the path written. `inputs` are the
    files the export was made from: the target may not be one of them. `now` (timezone-aware)
    is the moment of export, which the document records as its creation time; callers pass
    it so that it is the moment the user asked for the export (tests: a fixed one), and it
    defaults to the clock."""
    target = Path(target)
    name = format_for(target, fmt)
    if page_size is not None and page_size not in PAGE_SIZES:
        raise BriefingError(f"unknown page size {page_size!r} (choose {', '.join(PAGE_SIZES)})")
    refuse_overwriting_inputs(target, inputs)
    try:
        folder_exists = target.parent.exists()
        target.exists()  # raises for a name the file system cannot hold
    except OSError as exc:  # a name too long for the file system, and the like
        raise ExportError(f"{target}: cannot write: {os_error_reason(exc)}") from None
    if not folder_exists:
        raise ExportError(f"{target}: cannot write: the folder {target.parent} does not exist")
    theme = theme or load_briefing_theme(briefing.meta.theme)
    document = compile_briefing(briefing, theme, page_size=page_size, now=now)
    module_name, function_name, _ = WRITERS[name]
    writer = getattr(importlib.import_module(module_name), function_name)
    writer(document, theme, target, progress=progress)
    return target
