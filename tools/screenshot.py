"""Make the README screenshots of the main window on the bundled sample briefing.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshot.py [OUTPUT] [--size 1280x800]

Writes OUTPUT (default docs/screenshot.png) with the Reader tab in front, and, beside it,
OUTPUT-preview.png with the live Preview tab in front (--no-preview skips it). In both, the
article with the most quotes is open and one of its placed quotes is selected, so the library,
reader, clips, outline and inspector all show content.

It never touches the user's settings, recovery files or the sample itself: standard paths run
in Qt's test mode and the sample is opened from a temporary copy (opening takes a lock file).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from briefing.core.resources import resource_path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = resource_path("sample", "sample.briefing")


def _wait(app, condition, timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        app.processEvents()
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def _settle(app, seconds: float = 0.3) -> None:
    _wait(app, lambda: False, seconds)


def _pick_clip(briefing):
    """The article with the most quotes, and its first quote placed in a section."""
    from briefing.core.model import ClipKind

    articles = sorted(
        briefing.articles,
        key=lambda a: sum(1 for c in briefing.clips_of(a.id) if c.kind == ClipKind.QUOTE),
        reverse=True,
    )
    for article in articles:
        for clip in briefing.clips_of(article.id):
            if clip.kind == ClipKind.QUOTE and briefing.placement(clip.id) is not None:
                return article, clip
    return (articles[0], None) if articles else (None, None)


def _scroll_preview_to_section_of(preview, briefing, clip_id: str) -> None:
    """Show the section holding the selected quote, heading at the top, in the preview."""
    from PySide6.QtGui import QTextCursor

    placement = briefing.placement(clip_id)
    if placement is None or not placement[0].heading:
        return
    preview.moveCursor(QTextCursor.MoveOperation.End)  # find() searches forward from here…
    found = preview.find(placement[0].heading, preview.document().FindFlag.FindBackward)
    if found:  # …so the match is the section heading, not its table-of-contents entry
        bar = preview.verticalScrollBar()
        bar.setValue(preview.cursorRect().top() + bar.value() - 12)
        cursor = preview.textCursor()
        cursor.clearSelection()
        preview.setTextCursor(cursor)


def make_screenshots(output: Path, width: int, height: int, with_preview: bool) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QStandardPaths

    QStandardPaths.setTestModeEnabled(True)  # keep the user's settings and recovery files out
    from briefing.gui.app import create_application

    app = create_application()
    from briefing.gui.mainwindow import MainWindow

    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="briefing-screenshot-") as folder:
        sample = Path(folder) / SAMPLE.name
        shutil.copyfile(SAMPLE, sample)

        window = MainWindow(restore_settings=False)
        window.resize(width, height)
        window.show()
        _settle(app)
        if not window.document.open(sample):
            raise SystemExit(f"could not open {sample}")
        _settle(app)

        briefing = window.session.briefing
        article, clip = _pick_clip(briefing)
        if article is not None:
            window.library.select_article(article.id)
            _settle(app, 0.2)
        if clip is not None:
            window.go_to_clip(clip.id)
        outline = window.outline
        if hasattr(outline, "expandAll"):
            outline.expandAll()
        window.statusBar().clearMessage()  # it names the temporary copy
        _settle(app, 0.5)

        output.parent.mkdir(parents=True, exist_ok=True)
        if window.grab().save(str(output)):
            written.append(output)

        if with_preview:
            preview = window.preview
            before = preview.render_count
            window.centre.setCurrentWidget(preview)
            preview.schedule()
            if not _wait(app, lambda: preview.render_count > before, 15):
                print("warning: the preview did not render in time", file=sys.stderr)
            if clip is not None:
                _scroll_preview_to_section_of(preview, briefing, clip.id)
            _settle(app, 0.3)
            preview_path = output.with_name(f"{output.stem}-preview{output.suffix}")
            if window.grab().save(str(preview_path)):
                written.append(preview_path)

        window.close()  # releases the lock on the temporary copy and discards autosaves
        _settle(app, 0.1)
        # No event loop quits here, so aboutToQuit never stops the background jobs (the
        # suggestion finder may still be loading its model): stop them as the app would.
        from briefing.gui.workers import stop_all_jobs

        stop_all_jobs()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default=str(REPO / "docs" / "screenshot.png"))
    parser.add_argument("--size", default="1280x800", help="window size, e.g. 1920x1080")
    parser.add_argument("--no-preview", action="store_true", help="skip the preview screenshot")
    args = parser.parse_args(argv)
    try:
        width, height = (int(part) for part in args.size.lower().split("x"))
    except ValueError:
        parser.error(f"--size must look like 1280x800, not {args.size!r}")
    written = make_screenshots(Path(args.output), width, height, not args.no_preview)
    for path in written:
        print(path)
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main())
