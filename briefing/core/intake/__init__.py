"""Article intake: files and pasted text become Articles with normalised text and metadata.

    import_file(path)            .txt .md .markdown .html .htm .docx .pdf
    article_from_text(text)      pasted plain text
    article_from_html(html)      pasted (or file) HTML
    article_from_paste(html, text)  what a copy put on the clipboard, in both forms

Every failure a user can cause is an IntakeError whose message names the file and the problem
on one line. Nothing is fetched from the network and nothing in a document is executed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from briefing.core.intake.budget import Budget, IntakeCancelled, IntakeLimits
from briefing.core.intake.docx import article_from_docx_file
from briefing.core.intake.errors import IntakeError
from briefing.core.intake.files import MAX_FILE_BYTES, check_file, read_file_bytes
from briefing.core.intake.html import article_from_html, article_from_html_file
from briefing.core.intake.pdf import article_from_pdf_file
from briefing.core.intake.text import article_from_text, article_from_text_file
from briefing.core.model import Article

__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "IntakeCancelled",
    "IntakeError",
    "IntakeLimits",
    "article_from_html",
    "article_from_paste",
    "article_from_text",
    "import_file",
]

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")
_SHOWN_SUFFIXES = ".txt, .md, .html, .htm, .docx, .pdf"


def import_file(
    path: Path | str,
    *,
    encoding: str | None = None,
    limits: IntakeLimits | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Article:
    """An Article from a file, chosen by its suffix.

    `encoding` overrides detection for text and HTML files (for when the guess was wrong; the
    guess is in Article.encoding). Raises IntakeError for anything the user can fix, including
    a file that costs more than `limits` (time, text, PDF content) to read; IntakeCancelled
    soon after `cancelled()` turns true."""
    path = Path(path).expanduser().absolute()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        check_file(path)  # "does not exist" is the better message for a mistyped name
        shown = f'"{path.suffix}"' if path.suffix else "(no suffix)"
        raise IntakeError(
            path.name, f"unsupported file type {shown} (supported: {_SHOWN_SUFFIXES})"
        )
    budget = Budget(path.name, limits, cancelled)
    budget.check()
    # The bytes are handed straight to the reader, never held here: text and HTML readers let
    # go of them once decoded, so a 50 MB file is not kept beside its text to the end.
    if suffix in (".txt", ".md", ".markdown"):
        return article_from_text_file(
            path, read_file_bytes(path), markdown=suffix != ".txt", encoding=encoding,
            budget=budget,
        )
    if suffix in (".html", ".htm"):
        return article_from_html_file(
            path, read_file_bytes(path), encoding=encoding, budget=budget
        )
    if suffix == ".docx":
        return article_from_docx_file(path, read_file_bytes(path), budget=budget)
    return article_from_pdf_file(path, read_file_bytes(path), budget=budget)


def article_from_paste(html: str, text: str) -> Article:
    """An article from a copy that came as HTML and/or plain text: the HTML when the article
    reader finds most of the text in it, else the plain text."""
    article = None
    if html.strip():
        try:
            article = article_from_html(html)
        except IntakeError:
            if not text.strip():
                raise
    # A copied fragment of a page can lose most of its text as HTML (the reader keeps only
    # what looks like an article); then its plain-text form is better.
    if article is None or len(article.text) < len(text.strip()) // 2:
        article = article_from_text(text)
    return article
