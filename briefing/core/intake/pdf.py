"""PDF: the text layer page by page, paragraphs rebuilt from line positions; metadata.

pypdf gives lines in reading order. A PDF has no paragraphs, only positioned lines, so lines are
joined into paragraphs and a paragraph ends where the vertical gap to the next line is clearly
larger than the usual line spacing, where the font size changes (headings), or after a short
line that ends a sentence. Pages are separated like paragraphs.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from briefing.core.intake.budget import Budget, IntakeCancelled
from briefing.core.intake.build import build_article
from briefing.core.intake.errors import IntakeError
from briefing.core.model import Article

_PARAGRAPH_GAP = 1.4  # times the usual line spacing
_SHORT_LINE = 0.7  # times the longest line on the page
_SENTENCE_END = re.compile(r"[.!?:…\"”»’)]$")
_HYPHENATED = re.compile(r"\w-$")


@dataclass
class _Line:
    text: str
    x: float | None
    y: float | None
    size: float


def _lines_of_page(page: object, budget: Budget) -> list[_Line]:
    lines: list[_Line] = []
    current: list[str] = []
    current_x: float | None = None
    current_y: float | None = None
    current_size = 0.0

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        nonlocal current, current_x, current_y, current_size
        budget.spend_text(len(text))  # stops a page that repeats its text endlessly, or Cancel
        parts = text.split("\n")
        for index, part in enumerate(parts):
            if part.strip() and current_y is None:
                # The text matrix's origin mapped through the current transformation matrix.
                current_x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                current_y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                current_size = abs(size * (tm[3] or 1) * (cm[3] or 1))
            current.append(part)
            if index < len(parts) - 1:
                lines.append(_Line("".join(current), current_x, current_y, current_size))
                current, current_x, current_y = [], None, None

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    if current:
        lines.append(_Line("".join(current), current_x, current_y, current_size))
    return [line for line in lines if line.text.strip()]


def _paragraphs(lines: list[_Line]) -> list[str]:
    if not lines:
        return []
    gaps = [
        previous.y - line.y
        for previous, line in itertools.pairwise(lines)
        if previous.y is not None and line.y is not None and previous.y - line.y > 0
    ]
    layout = _Layout(
        usual_gap=statistics.median(gaps) if gaps else 0.0,
        left=min((line.x for line in lines if line.x is not None), default=0.0),
        longest=max(len(line.text.strip()) for line in lines),
    )
    paragraphs: list[str] = []
    current = lines[0].text.strip()
    for previous, line in itertools.pairwise(lines):
        text = line.text.strip()
        if layout.ends_paragraph(previous, line):
            paragraphs.append(current)
            current = text
        elif not layout.usual_gap:
            current += "\n" + text  # no positions to go by: keep pypdf's lines
        elif _HYPHENATED.search(current) and text[:1].islower():
            current += text  # keep the printed hyphen: it may be a real one ("well-known")
        else:
            current += " " + text
    paragraphs.append(current)
    return paragraphs


@dataclass
class _Layout:
    usual_gap: float  # the common distance between lines on the page
    left: float  # the page's left text edge
    longest: int  # characters in the longest line

    def ends_paragraph(self, previous: _Line, line: _Line) -> bool:
        if previous.y is None or line.y is None or not self.usual_gap:
            return False
        gap = previous.y - line.y
        if gap <= 0 or gap > self.usual_gap * _PARAGRAPH_GAP:
            return True  # a new column, or a paragraph gap
        if abs(previous.size - line.size) > 0.5:
            return True  # a heading and its text
        if self._indented(line) and not self._indented(previous):
            return True  # a first-line indent
        previous_text = previous.text.strip()
        return bool(
            len(previous_text) < self.longest * _SHORT_LINE and _SENTENCE_END.search(previous_text)
        )

    def _indented(self, line: _Line) -> bool:
        return line.x is not None and line.x - self.left > max(line.size, 1.0) * 0.8


def _continues(previous: str, following: str) -> bool:
    """True when a page break falls inside a sentence: no closing punctuation before it and a
    small letter after it."""
    return not _SENTENCE_END.search(previous) and following[:1].islower()


def _metadata_value(metadata: object, attribute: str) -> object:
    try:
        return getattr(metadata, attribute, None) if metadata is not None else None
    except Exception:  # pypdf raises on malformed dates; a bad field is just a missing one
        return None


# Placeholders that PDF producers write when nobody set a title or author.
_PLACEHOLDERS = frozenset(("untitled", "anonymous", "unknown", "(unspecified)", "unspecified"))
_FILE_NAME_TITLE = re.compile(r"^(Microsoft (Word|PowerPoint) - )|\.(docx?|pdf|odt|rtf|txt)$", re.I)


def _meaningful(value: object) -> str:
    text = str(value).strip() if value else ""
    if text.lower() in _PLACEHOLDERS or _FILE_NAME_TITLE.search(text):
        return ""
    return text


def _content_sizes(reader: object, budget: Budget) -> None:
    """Spend the decoded size of every page's content before any text is extracted: pages
    may share one huge content stream, which is cheap to store but costly to read each time."""
    from pypdf.generic import ArrayObject, IndirectObject

    sizes: dict[object, int] = {}  # a shared stream is decoded once
    for number, page in enumerate(reader.pages, start=1):  # type: ignore[attr-defined]
        budget.check()
        contents = page.get("/Contents")
        parts = contents if isinstance(contents, ArrayObject) else [contents]
        total = 0
        for part in parts:
            if part is None:
                continue
            key = (part.idnum, part.generation) if isinstance(part, IndirectObject) else id(part)
            if key not in sizes:
                stream = part.get_object()
                sizes[key] = len(stream.get_data()) if hasattr(stream, "get_data") else 0
            total += sizes[key]
        budget.spend_content(total, number)


def article_from_pdf_file(path: Path, data: bytes, budget: Budget | None = None) -> Article:
    """An article from the bytes of a .pdf file, within `budget` (default: the usual limits)."""
    name = path.name
    budget = budget or Budget(name)
    import pypdf  # imported here so a text-only import never pays for it
    from pypdf.errors import DependencyError, FileNotDecryptedError

    # pypdf warns on stderr about every repair it makes; a damaged file gets one clear error.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if b"%PDF-" not in data[:1024]:
        raise IntakeError(name, "not a PDF file")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Many PDFs are encrypted only against editing, with an empty password to open.
            try:
                opened = reader.decrypt("")
            except DependencyError:
                raise IntakeError(
                    name, "the PDF's encryption is not supported (install pypdf[crypto])"
                ) from None
            if not opened:
                raise IntakeError(name, "the PDF is password-protected")
        _content_sizes(reader, budget)
        paragraphs: list[str] = []
        for page in reader.pages:
            budget.check()
            page_paragraphs = _paragraphs(_lines_of_page(page, budget))
            if page_paragraphs and paragraphs and _continues(paragraphs[-1], page_paragraphs[0]):
                paragraphs[-1] += " " + page_paragraphs.pop(0)
            paragraphs.extend(page_paragraphs)
        metadata = reader.metadata
    except (IntakeError, IntakeCancelled):
        raise
    except FileNotDecryptedError:
        raise IntakeError(name, "the PDF is password-protected") from None
    except Exception as error:  # pypdf fails in many ways on damaged files
        raise IntakeError(
            name, f"the PDF is damaged or unreadable ({type(error).__name__})"
        ) from None
    if not any(paragraph.strip() for paragraph in paragraphs):
        raise IntakeError(name, "the PDF has no text layer (scanned?)")
    return build_article(
        "\n\n".join(paragraphs),
        source_name=name,
        source_kind="pdf",
        source_path=str(path),
        title=_meaningful(_metadata_value(metadata, "title")),
        authors=_meaningful(_metadata_value(metadata, "author")),
        published=_metadata_value(metadata, "creation_date"),
    )
