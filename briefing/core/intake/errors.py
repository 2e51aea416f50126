"""The intake error: one line that names the file and what is wrong with it."""

from __future__ import annotations

from briefing.core.errors import BriefingError


class IntakeError(BriefingError):
    """A file or pasted text that cannot become an article.

    The message is one line: ``report.txt: the file is empty``."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}" if source else problem)
