"""How much work one file may cost: time, text and (for PDF) page content, checked as it is read.

A small file can be made to cost a great deal: a 16 KB PDF whose pages all share one 5 MB
content stream takes minutes and yields a 24 MB "article". Each reader spends from a budget
as it goes; past any limit the import stops with one message saying so. The same checks are
where a cancelled import stops, so Cancel in the app takes effect within one step.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from briefing.core.errors import ExportCancelled
from briefing.core.intake.errors import IntakeError
from briefing.core.intake.files import format_size


class IntakeCancelled(ExportCancelled):
    """The user cancelled the import; nothing is added."""


@dataclass(frozen=True)
class IntakeLimits:
    """The budget of one file. Far above any real article: a 1,000-page book is about 2.5
    million characters of text and some 30 MB of page content; a text page about 5-50 KB.
    pypdf parses a page's content at about 1 MB/s before it reports any text, and that parse
    cannot be interrupted, so the page limit is what bounds the time to notice a Cancel."""

    seconds: float = 30.0
    text_chars: int = 5_000_000  # for formats whose text can inflate (PDF, DOCX)
    content_bytes: int = 32 * 1024 * 1024  # PDF page content, counted for every page using it
    page_content_bytes: int = 2 * 1024 * 1024
    clock: Callable[[], float] = time.monotonic


class Budget:
    """The running account of one file's import."""

    def __init__(
        self,
        source_name: str,
        limits: IntakeLimits | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self.source_name = source_name
        self.limits = limits or IntakeLimits()
        self._cancelled = cancelled
        self._deadline = self.limits.clock() + self.limits.seconds
        self.text_chars = 0
        self.content_bytes = 0

    def check(self) -> None:
        """IntakeCancelled when the user cancelled, IntakeError once the time is up."""
        if self._cancelled is not None and self._cancelled():
            raise IntakeCancelled()
        if self.limits.clock() > self._deadline:
            raise IntakeError(
                self.source_name,
                f"refused: reading it takes longer than {self.limits.seconds:.0f} seconds "
                "(the file may be made to be slow to read)",
            )

    def spend_text(self, chars: int) -> None:
        """Count `chars` more characters of extracted text; IntakeError past the limit."""
        self.text_chars += chars
        if self.text_chars > self.limits.text_chars:
            raise IntakeError(
                self.source_name,
                f"refused: it holds more than {self.limits.text_chars:,} characters of text, "
                "far more than an article",
            )
        self.check()

    def spend_content(self, size: int, page_number: int) -> None:
        """Count the `size` bytes of PDF content of one page; IntakeError past a limit."""
        self.content_bytes += size
        if size > self.limits.page_content_bytes:
            raise IntakeError(
                self.source_name,
                f"refused: page {page_number} holds {format_size(size)} of drawing "
                f"instructions (more than {format_size(self.limits.page_content_bytes)}; "
                "a drawing or a file made to be slow to read, not an article page)",
            )
        if self.content_bytes > self.limits.content_bytes:
            raise IntakeError(
                self.source_name,
                f"refused: its pages hold more than {format_size(self.limits.content_bytes)} "
                "of drawing instructions (the file may be made to be slow to read)",
            )
        self.check()


__all__ = ["Budget", "IntakeCancelled", "IntakeLimits"]
