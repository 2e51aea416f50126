from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefing.core import blocks as b
from briefing.core.errors import ExportCancelled, ExportError
from briefing.core.theme import Theme
from briefing.render.html import render_html, write_html

INFO = b.DocumentInfo("T <1>", "Au & thor", "S", "en", "2026-11-27T09:00:00", "SECRET", "a4")
DOC = b.Document(
    INFO,
    (
        b.Cover("Title <b>", "Sub", "27 November 2026", "Me", "Org", "SECRET"),
        b.PageBreak(),
        b.TableOfContents("Contents", (b.TocEntry(1, "x<y & z", "sec_1"),)),
        b.Heading(1, "x<y & z", "sec_1"),
        b.BlockQuote(
            "Say “no” & <script>alert(1)</script>",
            "quote",
            "— Ana, Role",
            b.CitationRef(1, "src_1"),
            "clip_1",
            note="A note",
            note_label="Analyst note",
            note_lead="Analyst note: ",
            marking="OS",
            italic=True,
        ),
        b.BlockQuote("مرحبا", "quote", "", None, "clip_2", direction="rtl"),
        b.SourcesList((b.SourceEntry(1, "src_1", (b.Link("link", "https://e.com/?a=1&b=2"),)),)),
    ),
)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def test_text_is_escaped_and_no_script_runs() -> None:
    parsed = _parse(render_html(DOC, Theme()))
    text = "".join(parsed.text)
    assert "Title <b>" in text and "x<y & z" in text
    assert "<script>alert(1)</script>" in text  # shown as text
    assert not any(tag == "script" for tag, _ in parsed.tags)


def test_links_anchors_and_direction() -> None:
    parsed = _parse(render_html(DOC, Theme()))
    hrefs = [attrs.get("href") for tag, attrs in parsed.tags if tag == "a" and "href" in attrs]
    assert "#sec_1" in hrefs and "#src_1" in hrefs and "https://e.com/?a=1&b=2" in hrefs
    ids = {attrs.get("id") for _, attrs in parsed.tags}
    assert {"sec_1", "clip_1", "clip_2", "src_1"} <= ids
    assert any(attrs.get("dir") == "rtl" for _, attrs in parsed.tags)
    text = "".join(parsed.text)
    banners = [i for i, (tag, attrs) in enumerate(parsed.tags) if attrs.get("class") == "marking"]
    assert len(banners) == 2 and banners[0] == parsed.tags.index(("body", {})) + 1
    # the banner at the top and at the bottom, and (issue 12: the same cover in every format)
    # the cover's marking line; the printed page's margin boxes carry it as CSS escapes
    assert text.count("SECRET") == 3
    assert "Analyst note: A note" in text


def test_write_html_is_atomic(tmp_path: Path) -> None:
    target = tmp_path / "out.html"
    target.write_text("old", encoding="utf-8")

    def cancel(fraction: float) -> None:
        raise ExportCancelled

    with pytest.raises(ExportCancelled):
        write_html(DOC, Theme(), target, progress=cancel)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]
    write_html(DOC, Theme(), target)
    assert "Say “no”" in target.read_text(encoding="utf-8")
    with pytest.raises(ExportError, match=r"does not exist|cannot write"):
        write_html(DOC, Theme(), tmp_path / "missing" / "x.html")


def test_cover_label_heads_who_prepared_it() -> None:
    cover = b.Cover("T", "", "27 November 2026", "Me & co", "", "", prepared_by_label="Prepared by")
    text = "".join(_parse(render_html(b.Document(INFO, (cover,)), Theme())).text)
    assert "Prepared by" in text and text.index("Prepared by") < text.index("Me & co")


def test_quotes_are_italic_without_added_marks_as_in_the_exports() -> None:
    html = render_html(DOC, Theme())
    text = "".join(_parse(html).text)
    assert "Say “no” &" in text and "“Say" not in text  # the clip's own text, nothing added
    assert "<i>Say “no” &amp; &lt;script&gt;" in html
    assert "<i>مرحبا</i>" not in html and "مرحبا" in text  # right-to-left stays upright


def test_no_marking_means_no_empty_banner_items() -> None:
    from briefing.render.html import render_html_parts

    unmarked = b.Document(replace(INFO, marking=""), DOC.blocks)
    items = render_html_parts(unmarked, Theme()).items
    assert all(item.strip() for item in items)
    assert not any('class="marking"' in item for item in items)
    assert sum('class="marking"' in item for item in render_html_parts(DOC, Theme()).items) == 2
