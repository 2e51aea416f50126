"""Articles from the web in the app: the fetch job (off the GUI thread, with progress and
Cancel) and the small dialog that asks for the address."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from briefing.core.web import FetchCancelled, FetchPolicy, article_from_url, looks_like_url
from briefing.gui.settings import PROXY_KEY
from briefing.gui.workers import _CANCELLED, _Job, _WorkerThread

__all__ = ["PROXY_KEY", "UrlJob", "ask_for_url", "clipboard_url", "fetch_policy", "is_web_url"]


class UrlJob(_Job):
    """Fetch one URL and read its article in a worker thread."""

    progress = Signal(int, int)  # bytes read, bytes expected (0 when the server did not say)
    finished = Signal(object)  # Article
    failed = Signal(str)

    def __init__(
        self, url: str, parent: QObject | None = None, *, allow_intranet: bool = False,
        policy: FetchPolicy | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.url = url.strip()
        # True: the user's setting allows intranet hosts; False: the environment decides.
        self.policy = policy or FetchPolicy(allow_private=True if allow_intranet else None)

    def start(self) -> None:
        self._start_thread(self._work)

    def _work(self, thread: _WorkerThread) -> object:
        def report(done: int, total: int | None) -> None:
            thread.progressed.emit((done, total or 0))

        try:
            return article_from_url(
                self.url,
                now=datetime.now(UTC),
                policy=self.policy,
                progress=report,
                cancelled=thread.cancel_requested.is_set,
            )
        except FetchCancelled:
            return _CANCELLED

    def _emit_progress(self, value: object) -> None:
        done, total = value  # type: ignore[misc]
        self.progress.emit(done, total)

    def _emit_success(self, result: object) -> None:
        self.finished.emit(result)

    def _emit_failure(self, message: str) -> None:
        self.failed.emit(message)


def fetch_policy(settings: Any) -> FetchPolicy:
    """How the app fetches, from its settings (`briefing.gui.settings.Settings`):
    intranet sources ("web/allow_intranet"; off: the environment decides) and the proxy
    ("web/proxy": empty uses HTTPS_PROXY/HTTP_PROXY/NO_PROXY from the environment, "direct"
    none at all, else the proxy's address such as http://proxy.example:3128)."""
    # The settings' own reading: checked and given a scheme ("" for a hand-edited bad one).
    proxy = settings.proxy
    return FetchPolicy(allow_private=True if settings.allow_intranet else None,
                       proxy=proxy or None)


def clipboard_url() -> str:
    """The clipboard's text when it is one web address, else ""."""
    text = QGuiApplication.clipboard().text().strip()
    return text if is_web_url(text) else ""


def is_web_url(text: str) -> bool:
    return looks_like_url(text) and text.strip().lower().startswith(("http://", "https://"))


def ask_for_url(parent: QWidget | None) -> str:
    """The address the user typed or pasted ("" when they cancelled)."""
    url, accepted = QInputDialog.getText(
        parent, "Add from URL", "Address of the article (http:// or https://):",
        QLineEdit.EchoMode.Normal, clipboard_url(),
    )  # fmt: skip
    return url.strip() if accepted else ""
