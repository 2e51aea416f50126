"""Page layout read back page by page (issue 12.6): a heading is never the last thing on a page
and a quote's attribution never starts a page alone, in the PDF; DOCX keeps them with what
follows. Each test sweeps the filler before the block across a whole page, so some position
puts the heading (or the attribution) right at the page boundary."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from briefing.core import blocks as b
from briefing.core import fonts
from briefing.core.theme import Theme
from briefing.render.docx import write_docx
from briefing.render.pdf import write_pdf

pytestmark = pytest.mark.skipif(
    fonts.resolve_family("DejaVu Serif") is None, reason="needs fonts-dejavu"
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
INFO = b.DocumentInfo("T", "A", "S", "en", "2026-11-27T09:00:00", "MARKED", "a4")
FILLER = "Filler text that takes up one line of the page and then some more words."
LONG_QUOTE = " ".join(f"Quoted sentence number {n} runs on for a while." for n in range(40))


def _body_lines(page_text: str) -> list[str]:
    """A page's lines without the page furniture (the marking banners, the page label)."""
    return [
        line.strip()
        for line in page_text.splitlines()
        if line.strip() and line.strip() != "MARKED" and not line.strip().startswith("Page ")
    ]


def _pages(path: Path) -> list[list[str]]:
    return [_body_lines(page.extract_text()) for page in PdfReader(path).pages]


def _filler(lines: int) -> tuple[b.Block, ...]:
    return tuple(b.Paragraph((b.Text(f"{FILLER} {n}"),)) for n in range(lines))


def _sources_after(lines: int) -> b.Document:
    entries = tuple(
        b.SourceEntry(n, f"src_{n}", (b.Text(f"Outlet {n}. “Title {n}”. 1 January 2026."),))
        for n in range(1, 4)
    )
    return b.Document(
        INFO,
        (*_filler(lines), b.Heading(1, "Sources", "sources_1"), b.SourcesList(entries)),
    )


def test_the_sources_heading_never_ends_a_page(tmp_path: Path) -> None:
    seen_at_top = False
    for lines in range(30, 62):  # one page's worth of positions for the heading
        target = tmp_path / f"sources-{lines}.pdf"
        write_pdf(_sources_after(lines), Theme(), target)
        pages = _pages(target)
        [page] = [p for p in pages if "Sources" in p]
        at = page.index("Sources")
        assert at < len(page) - 1, f"{lines} lines: 'Sources' is the last line of its page"
        assert page[at + 1].startswith("[1]"), (lines, page[at:])
        seen_at_top |= at == 0 and pages.index(page) > 0
    assert seen_at_top  # some position did push the heading over to the next page


def _long_quote_after(lines: int) -> b.Document:
    quote = b.BlockQuote(
        LONG_QUOTE, "quote", "— Ana Speaker, Minister", b.CitationRef(1, "src_1"), "clip_1",
        italic=True,
    )
    source = b.SourcesList((b.SourceEntry(1, "src_1", (b.Text("Outlet."),)),))
    return b.Document(INFO, (*_filler(lines), quote, source))


def test_an_attribution_never_starts_a_page_alone(tmp_path: Path) -> None:
    # A long quote may break across pages (it is not kept whole); the page's foot moves up in
    # steps of a millimetre so that once the quote ends exactly where the page does.
    positions = set()
    for bottom in range(20, 44):
        theme = Theme(margins_mm=(25.0, 22.0, float(bottom), 22.0))
        target = tmp_path / f"quote-{bottom}.pdf"
        write_pdf(_long_quote_after(19), theme, target)
        pages = _pages(target)
        [page] = [p for p in pages if any(line.startswith("— Ana Speaker") for line in p)]
        at = next(i for i, line in enumerate(page) if line.startswith("— Ana Speaker"))
        assert at > 0, f"bottom {bottom} mm: the attribution starts page {pages.index(page) + 1}"
        assert "Quoted sentence number" in page[at - 1]
        positions.add((pages.index(page), at))
    assert min(positions)[0] == 0 and max(positions)[0] == 1  # it did cross the boundary
    assert min(at for page, at in positions if page == 1) <= 3  # with a few quote lines


def test_docx_keeps_headings_and_quotes_with_what_follows(tmp_path: Path) -> None:
    target = tmp_path / "flow.docx"
    write_docx(_long_quote_after(2), Theme(), target)
    with zipfile.ZipFile(target) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
        body = etree.fromstring(archive.read("word/document.xml"))
    keep_styles = {
        s.get(f"{W}styleId")
        for s in styles.iter(f"{W}style")
        if s.find(f"{W}pPr/{W}keepNext") is not None
    }
    assert {"Heading1", "Heading2"} <= keep_styles
    quote = next(
        p for p in body.iter(f"{W}p") if "Quoted sentence number 0" in "".join(p.itertext())
    )
    assert quote.find(f"{W}pPr/{W}keepNext") is not None  # with its attribution line
