"""HTML that prints (issue 12.7) and carries its directions (12.3), read back: the page's
structure with an HTML parser, and the page as headless Chromium prints it, page by page."""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.core import blocks as b
from briefing.core.theme import Theme
from briefing.render.html import css_string, render_html, write_html

ARABIC_OUTLET = "الجزيرة"
ARABIC_NAME = "وزير الخارجية"
LONG_WORD = "Donaudampfschifffahrtsgesellschaft" * 6
LONG_URL = "https://example.com/" + "very-long-path-segment-" * 12
INFO = b.DocumentInfo(
    "Print test", "A", "S", "en", "2026-11-27T09:00:00", "OFFICIAL-SENSITIVE", "a4",
    page_label="Page {page} of {pages}", label_first_page=False,
)


def _document(info: b.DocumentInfo = INFO, paragraphs: int = 60) -> b.Document:
    source = b.SourceEntry(
        1, "src_1",
        (b.Text(f"“{ARABIC_OUTLET}”", language="ar", direction="rtl"), b.Text(". "),
         b.Text("20 November 2026. "), b.Link(LONG_URL, LONG_URL)),
    )  # fmt: skip
    body = tuple(
        b.Paragraph((b.Text(f"Paragraph {n} of the body, long enough to fill a line or two."),))
        for n in range(paragraphs)
    )
    return b.Document(
        info,
        (
            b.Cover(info.title, "Sub", "27 November 2026", "Me", "Org", info.marking),
            b.PageBreak(),
            b.Heading(1, "Section", "sec_1"),
            b.Paragraph((b.Text(f"A long word: {LONG_WORD} and a link {LONG_URL}"),)),
            b.BlockQuote(
                "Nous ne reculerons pas.", "quote", f"— {ARABIC_NAME}",
                b.CitationRef(1, "src_1"), "clip_1", italic=True, language="fr",
                attribution_direction="rtl",
            ),
            b.BlockQuote(
                "قال الوزير إن المحادثات ستستمر", "quote", f"— {ARABIC_NAME}",
                b.CitationRef(1, "src_1"), "clip_2", direction="rtl", language="ar",
                attribution_direction="rtl",
            ),
            *body,
            b.Heading(1, "Sources", "sources_1"),
            b.SourcesList((source,)),
        ),
    )


class _Tree(HTMLParser):
    """Start tags with their attributes and the stack of open tags around each text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None], tuple[str, ...]]] = []
        self.stack: list[str] = []
        self.texts: list[tuple[str, tuple[str, ...]]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs), tuple(self.stack)))
        if tag not in ("meta", "img", "br"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        self.texts.append((data, tuple(self.stack)))


def _tree(html: str) -> _Tree:
    tree = _Tree()
    tree.feed(html)
    return tree


def test_anchors_are_ids_and_the_attribution_is_outside_the_quote() -> None:
    html = render_html(_document(), Theme())
    tree = _tree(html)
    assert not [attrs for tag, attrs, _ in tree.tags if tag == "a" and "name" in attrs]
    ids = {attrs.get("id") for _, attrs, _ in tree.tags}
    assert {"sec_1", "clip_1", "clip_2", "src_1", "sources_1"} <= ids
    attribution_texts = [(t, s) for t, s in tree.texts if ARABIC_NAME in t]
    assert attribution_texts and all("blockquote" not in s for _, s in attribution_texts)
    quoted = [s for t, s in tree.texts if "Nous ne reculerons" in t]
    assert quoted and "blockquote" in quoted[0]


def test_every_text_that_differs_from_the_document_says_its_language_and_direction() -> None:
    tree = _tree(render_html(_document(), Theme()))
    html_tag = next(attrs for tag, attrs, _ in tree.tags if tag == "html")
    assert (html_tag["lang"], html_tag["dir"]) == ("en", "ltr")
    quote_paragraphs = [a for t, a, _ in tree.tags if t == "p" and a.get("class") == "quote-text"]
    assert [a.get("lang") for a in quote_paragraphs] == ["fr", "ar"]
    quotes = [a for t, a, _ in tree.tags if t == "blockquote"]
    assert [a.get("dir") for a in quotes] == [None, "rtl"]  # only where it differs
    isolates = [a for t, a, _ in tree.tags if t == "bdi"]
    assert {"dir": "rtl", "lang": "ar"} in isolates  # the outlet, the speaker's name


def test_the_citation_mark_follows_an_isolated_right_to_left_attribution() -> None:
    html = render_html(_document(), Theme())
    line = html[html.index('<p class="attribution quote end"') :]
    line = line[: line.index("</p>")]
    # the name is isolated, so the bidi algorithm cannot pull "[1]" into it: the mark is
    # the line's last item, in the attribution's direction (as the PDF and DOCX set it)
    assert line.index("</bdi>") < line.index(">[1]</a>")
    assert ' dir="rtl"' in line.split(">", 1)[0]


def test_a_sources_entry_keeps_number_then_outlet_then_date() -> None:
    html = render_html(_document(), Theme())
    entry = html[html.index('<p id="src_1"') :]
    entry = entry[: entry.index("</p>")]
    assert 'dir="rtl"' not in entry.split(">", 1)[0]  # the entry is in the document's direction
    number, outlet, date = (entry.index(x) for x in ("[1]", ARABIC_OUTLET, "20 November 2026"))
    assert number < outlet < date
    assert entry.index('<bdi lang="ar" dir="rtl">') < outlet < entry.index("</bdi>") < date


def test_page_css_follows_the_page_size_and_escapes_its_texts() -> None:
    a4 = render_html(_document(), Theme())
    letter = render_html(_document(INFO.__class__(**{**vars(INFO), "page_size": "letter"})),
                         Theme())
    assert "size: A4;" in a4 and "size: letter;" in letter
    assert "@top-center" in a4 and "@bottom-center" in a4 and "counter(pages)" in a4
    assert css_string('x"</style>') == '"\\78 \\22 \\3c \\2f \\73 \\74 \\79 \\6c \\65 \\3e "'
    hostile = INFO.__class__(**{**vars(INFO), "marking": "</style><script>x</script>"})
    tree = _tree(render_html(_document(hostile), Theme()))
    assert not [tag for tag, _, _ in tree.tags if tag == "script"]


# ---- printed by headless Chromium ----------------------------------------------------------
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def print_with_chromium(html: Path, pdf: Path, profile: Path) -> None:
    """Print `html` to `pdf` as a user would (Chromium's own header and footer off)."""
    assert CHROMIUM is not None
    subprocess.run(
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={profile}", "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}", html.as_uri(),
        ],
        check=True, capture_output=True, timeout=120,
        env={**os.environ, "HOME": str(profile)},
    )  # fmt: skip


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (installed by .ci/run)")
@pytest.mark.parametrize(("page_size", "points"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_every_printed_page_has_the_marking_twice_and_its_number(
    tmp_path: Path, page_size: str, points: tuple[int, int]
) -> None:
    info = INFO.__class__(**{**vars(INFO), "page_size": page_size})
    page = tmp_path / "briefing.html"
    write_html(_document(info), Theme(), page)
    printed = tmp_path / "printed.pdf"
    print_with_chromium(page, printed, tmp_path / "profile")
    pages = PdfReader(printed).pages
    total = len(pages)
    assert total >= 3
    for number, sheet in enumerate(pages, start=1):
        size = (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height)))
        assert size == points
        text = sheet.extract_text()
        assert text.count("OFFICIAL-SENSITIVE") >= 2, f"page {number}"
        if number == 1:  # the cover is not "page 1 of N"
            assert "Page 1 of" not in text
        else:
            assert f"Page {number} of {total}" in text, f"page {number}"
    # long words and URLs wrap: no text runs past the right margin
    width = points[0]
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(printed), "-"], capture_output=True, text=True, check=True
    ).stdout if shutil.which("pdftotext") else ""
    right_edges = [float(x.split('"')[0]) for x in boxes.split('xMax="')[1:]]
    assert not boxes or max(right_edges) <= width - 22 * 72 / 25.4 + 1
