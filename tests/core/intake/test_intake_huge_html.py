"""A huge HTML page is read in bounded time and memory: it never reaches the tree-building
article extractor, its text is streamed through the parser slice by slice, the budget (time
and Cancel) stops that stream inside it, and clean text is not copied on the way.

Time and peak memory themselves are measured by `benchmarks.intake_memory` (`make bench`)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from briefing.core.intake import (
    IntakeCancelled,
    IntakeError,
    IntakeLimits,
    html_stream,
    import_file,
    visible_text,
)
from briefing.core.intake import html as html_intake
from briefing.core.intake.normalise import normalise_text

PARAGRAPH = "<p>Paragraph {} of the page, with words in it.</p>\n"


def page(paragraphs: int, *, head: str = "<title>Huge page</title>", extra: str = "") -> str:
    body = "".join(PARAGRAPH.format(number) for number in range(paragraphs))
    return f"<!doctype html><html lang='de'><head>{head}</head><body>{extra}{body}</body></html>"


def write(tmp_path: Path, text: str, name: str = "huge.html") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def extractor_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records every call of the tree-building extractor (and still runs it)."""
    calls: list[int] = []
    real = html_intake._trafilatura_extract

    def recording(page: object, base_url: str) -> tuple[str, dict[str, object]]:
        calls.append(1)
        return real(page, base_url)  # type: ignore[arg-type]

    monkeypatch.setattr(html_intake, "_trafilatura_extract", recording)
    return calls


def test_a_page_over_the_tag_limit_is_streamed_whole_not_given_to_the_extractor(
    tmp_path: Path, extractor_calls: list[int]
) -> None:
    paragraphs = html_stream.TREE_PAGE_TAGS // 2 + 100  # <p> and </p>: two tags each
    article = import_file(write(tmp_path, page(paragraphs)))
    assert extractor_calls == []
    assert article.title == "Huge page"
    assert article.language == "de"
    paragraphs_read = article.text.split("\n\n")
    assert len(paragraphs_read) == paragraphs  # every paragraph, each apart
    assert paragraphs_read[-1] == f"Paragraph {paragraphs - 1} of the page, with words in it."


def test_a_normal_page_still_goes_through_the_extractor(
    tmp_path: Path, extractor_calls: list[int]
) -> None:
    article = import_file(write(tmp_path, page(200)))
    assert extractor_calls == [1]
    assert "Paragraph 199 of the page" in article.text


def test_scripts_and_styles_do_not_make_a_page_huge(
    tmp_path: Path, extractor_calls: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(html_stream, "TREE_PAGE_TAGS", 1_000)
    scripts = "<script>if (a < b) { x = '<div>'; }</script><style>p{}</style>" * 600
    article = import_file(write(tmp_path, page(100, extra=scripts)))
    assert extractor_calls == [1]  # set aside, the page is small: the extractor reads it
    assert "x =" not in article.text


def test_the_streamed_text_is_the_visible_text_of_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(html_stream, "TREE_PAGE_TAGS", 10)
    body = (
        "<h2>Heading</h2><nav><ul><li>Home</li><li>World</li></ul></nav>"
        "<script>var hidden = 1;</script><style>.x{color:red}</style>"
        "<p>Before <input name=q> after the input.</p><p>A line<br>broken.</p>"
        "<table><tr><td>one</td><td>two</td></tr><tr><th>three</th></tr></table>"
        "<pre>  kept   as\n  written</pre><noscript>no script</noscript><p>The end.</p>"
    )
    html = "<html><head><title>Streamed</title><script>var inHead;</script></head>"
    article = import_file(write(tmp_path, f"{html}<body>{body}</body></html>"))
    assert article.title == "Streamed"
    assert article.text == (
        "Heading\n\n• Home\n• World\n\nBefore  after the input.\n\nA line\nbroken.\n\n"
        "one | two\nthree\n\nkept   as\nwritten\n\nThe end."  # as the tree walk gives it
    )


def test_a_deeply_nested_huge_page_keeps_all_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(html_stream, "TREE_PAGE_TAGS", 10)
    depth = 20_000
    nested = "<div>" * depth + "<p>Deep inside.</p>" + "</div>" * depth + "<p>After it.</p>"
    article = import_file(write(tmp_path, f"<html><body>{nested}</body></html>"))
    assert article.text.endswith("Deep inside.\n\nAfter it.")


def test_the_time_budget_stops_the_stream_inside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extractor_calls: list[int]
) -> None:
    monkeypatch.setattr(html_stream, "STREAM_SLICE_CHARS", 2048)
    path = write(tmp_path, page(html_stream.TREE_PAGE_TAGS // 2 + 100))
    slices = path.stat().st_size // 2048
    ticks = itertools.count()  # one second per look at the clock
    with pytest.raises(IntakeError) as info:
        import_file(path, limits=IntakeLimits(seconds=20, clock=lambda: next(ticks)))
    assert str(info.value) == (
        "huge.html: refused: reading it takes longer than 20 seconds "
        "(the file may be made to be slow to read)"
    )
    assert extractor_calls == []
    assert slices > 300
    assert next(ticks) < 30  # stopped after a few slices, not after reading them all


def test_cancel_stops_the_stream_inside_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_stream, "STREAM_SLICE_CHARS", 2048)
    path = write(tmp_path, page(html_stream.TREE_PAGE_TAGS // 2 + 100))
    looks = itertools.count()
    with pytest.raises(IntakeCancelled):
        import_file(path, cancelled=lambda: next(looks) > 5)
    assert next(looks) < 10


def test_collecting_in_chunks_gives_the_same_text_as_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    words = visible_text.Vocabulary.of(
        ("p", "div"), items="li", rows=("tr",), cells=("td",), line_breaks=("br",),
        preformatted=("pre",),
    )

    def collect() -> str:
        collector = visible_text.TextCollector(words)
        for number in range(50):
            collector.start("p")
            collector.text(f"  word {number}   ")
            collector.start("br")
            collector.end("br")
            collector.text(" \t ")
            collector.end("p")
            collector.text("\n   \n")
        return collector.result()

    at_once = collect()
    for size in (1, 2, 3, 7):
        monkeypatch.setattr(visible_text, "_PIECES_PER_CHUNK", size)
        assert collect() == at_once
    assert at_once.startswith(" word 0\n\nword 1\n\n")  # the first indent is kept


def test_clean_text_is_not_copied_by_normalising() -> None:
    text = "A clean paragraph — with “quotes”.\n\n" * 50_000 + "The end."
    assert normalise_text(text) is text
    dirty = text + " \t"
    assert normalise_text(dirty) == text
