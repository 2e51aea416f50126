"""HTML that prints (issue 12.7) and carries its directions (12.3), read back: the page's
structure with an HTML parser, and the page as headless Chromium prints it, page by page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from briefing.core import blocks as b
from briefing.core.theme import Theme
from briefing.render import html as html_module
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
        # top and bottom of every page, once each (the margin boxes print it, so the banners
        # for other browsers stay hidden); the cover has its own marking line as well
        assert text.count("OFFICIAL-SENSITIVE") == (3 if number == 1 else 2), f"page {number}"
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


# ---- the printed cover, and the banners where margin boxes are not printed -------------------
def _cover_document(info: b.DocumentInfo = INFO, title: str = "Print test") -> b.Document:
    cover = b.Cover(title, "Sub", "27 November 2026", "Me", "Org", info.marking,
                    prepared_by_label="Prepared by")
    return b.Document(info, (cover, *_document(info).blocks[1:]))


def test_the_cover_is_a_page_of_its_own_in_print_and_only_a_cover_gets_one() -> None:
    html = render_html(_cover_document(), Theme())
    cover = html[html.index('<div class="cover">') : html.index('<h1 id="sec_1"')]
    main, foot = cover.index('<div class="cover-main">'), cover.index('<div class="cover-foot">')
    assert main < cover.index("Print test") < cover.index("OFFICIAL-SENSITIVE") < foot
    assert foot < cover.index("Prepared by") < cover.index(">Org<")
    top, _, bottom, _ = Theme().margins_mm
    assert f"height: {297 - top - bottom - 0.5:.1f}mm" in html
    letter = render_html(_cover_document(INFO.__class__(**{**vars(INFO), "page_size": "letter"})),
                         Theme())
    assert f"height: {279.4 - top - bottom - 0.5:.1f}mm" in letter
    bare = render_html(b.Document(INFO, _document().blocks[2:]), Theme())  # no cover
    assert ".cover {" not in bare.split("@media print", 1)[1] and "@left-middle" not in bare


def test_the_banners_for_other_browsers_are_there_only_with_a_marking() -> None:
    marked = render_html(_document(), Theme())
    assert marked.count(f"@supports {html_module._WITHOUT_MARGIN_BOXES} {{") == 1
    unmarked = render_html(_document(INFO.__class__(**{**vars(INFO), "marking": ""})), Theme())
    assert "at-rule" not in unmarked


def _words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(word, x min, y min, x max, y max) of every word poppler reads on `page` (from 1)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    pattern = r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<'
    return [(w, float(a), float(b_), float(c), float(d))
            for a, b_, c, d, w in re.findall(pattern, out)]


PDFTOOLS = shutil.which("pdftotext") and shutil.which("pdftoppm")


@pytest.mark.skipif(CHROMIUM is None or not PDFTOOLS, reason="needs chromium and poppler")
def test_the_printed_cover_fills_the_first_page_as_the_pdf_draws_it(tmp_path: Path) -> None:
    page = tmp_path / "briefing.html"
    write_html(_cover_document(), Theme(), page)
    printed = tmp_path / "printed.pdf"
    print_with_chromium(page, printed, tmp_path / "profile")
    reader = PdfReader(printed)
    height = float(reader.pages[0].mediabox.height)
    words = _words(printed, 1)
    text = " ".join(w for w, *_ in words)
    assert "Section" not in text and "Paragraph" not in text  # the body starts on page 2
    second = sorted(w for w in _words(printed, 2) if w[0] != "OFFICIAL-SENSITIVE")
    assert min(second, key=lambda w: w[2])[0] == "Section"  # at the top of page 2

    def top_of(word: str) -> float:
        return next(y for w, _, y, _, _ in words if w == word) / height

    top, _, bottom, _ = Theme().margins_mm
    text_top, text_height = top / 297, (297 - top - bottom) / 297
    # the title a third of the way down the text area (below the accent rule), who prepared
    # it at its foot, as in the PDF
    assert text_top + 0.34 * text_height < top_of("Print") < text_top + 0.45 * text_height
    assert top_of("Prepared") > text_top + 0.85 * text_height
    assert top_of("Org") < text_top + text_height
    # the accent band down the left edge of the cover, and of no other page
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "2", str(printed),
                    str(tmp_path / "page")], check=True)
    accent = tuple(int(Theme().accent_colour[i : i + 2], 16) for i in (1, 3, 5))
    for number, expected in ((1, True), (2, False)):
        with Image.open(next(tmp_path.glob(f"page-*{number}.png"))) as image:
            edge = image.convert("RGB").getpixel((2, image.height // 2))
        near = all(abs(a - b_) < 40 for a, b_ in zip(edge, accent, strict=True))
        assert near is expected, f"page {number}: {edge}"


@pytest.mark.skipif(CHROMIUM is None or not PDFTOOLS, reason="needs chromium and poppler")
def test_without_margin_boxes_the_banners_mark_every_page_and_cover_no_text(
    tmp_path: Path,
) -> None:
    """A browser without page margin boxes, played by Chromium: the margin boxes' marking
    taken out and the `@supports` test that hides the banners made true."""
    html = render_html(_cover_document(), Theme())
    html = html.replace(html_module._WITHOUT_MARGIN_BOXES, "(display: block)")
    html = re.sub(r"@(top-center|bottom-center|bottom-right) \{[^}]*\}", "", html)
    page = tmp_path / "briefing.html"
    page.write_text(html, encoding="utf-8")
    printed = tmp_path / "printed.pdf"
    print_with_chromium(page, printed, tmp_path / "profile")
    normal = tmp_path / "normal.pdf"
    write_html(_cover_document(), Theme(), page)
    print_with_chromium(page, normal, tmp_path / "profile")
    pages = len(PdfReader(printed).pages)
    assert pages == len(PdfReader(normal).pages) >= 3  # the body breaks where it did
    for number in range(1, pages + 1):
        words = _words(printed, number)
        banners = [w for w in words if w[0] == "OFFICIAL-SENSITIVE"]
        others = [w for w in words if w[0] != "OFFICIAL-SENSITIVE"]
        assert len(banners) == (3 if number == 1 else 2), f"page {number}"
        head, foot = min(banners, key=lambda w: w[2]), max(banners, key=lambda w: w[2])
        assert all(head[4] <= w[2] and w[4] <= foot[2] for w in others), f"page {number}"
        first_words = [w for w, *_ in _words(normal, number)][:6]
        assert [w for w, *_ in others][:4] == [w for w in first_words
                                               if w != "OFFICIAL-SENSITIVE"][:4]
