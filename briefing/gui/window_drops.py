"""What is dropped on the main window: article files are imported, pictures become figures,
one .briefing file is opened, and a link dragged from a browser is fetched as an article."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from briefing.core import storage

_WEB_SCHEMES = ("http", "https")


class WindowDrops(QObject):
    """An event filter on the window. `window` is the main window (not imported here: an
    import cycle); what is used of it: document, transfers and figures."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QDragEnterEvent):
            urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
            if any(u.isLocalFile() or u.scheme() in _WEB_SCHEMES for u in urls):
                event.acceptProposedAction()
                return True
        elif isinstance(event, QDropEvent) and event.type() == QEvent.Type.Drop:
            return self.drop(event)
        return False

    def drop(self, event: QDropEvent) -> bool:
        """Take what is dropped; False (the window's own handling) when it is neither files
        nor a web link."""
        urls = event.mimeData().urls()
        paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
        links = [u.toString() for u in urls if u.scheme() in _WEB_SCHEMES]
        if not paths and not links:
            return False
        event.acceptProposedAction()
        if not paths:  # a link dragged from a browser: the article it points to
            self.window.transfers.add_from_url(links[0])
            return True
        paths = self.window.figures.add_dropped(paths)  # pictures become figures
        briefings = [p for p in paths if p.suffix.lower() == storage.SUFFIX]
        if briefings and len(paths) == 1:
            self.window.document.open(briefings[0])
        elif paths:
            self.window.transfers.import_files(
                [p for p in paths if p.suffix.lower() != storage.SUFFIX])
        return True
