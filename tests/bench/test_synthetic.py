"""The benchmark's synthetic briefings and a smoke run of the harness."""

from __future__ import annotations

import json
import os
import re
import statistics
import time
from pathlib import Path

import pytest

from benchmarks import run as bench_run
from benchmarks.compare import document_markdown
from benchmarks.floor import floor_paragraphs, write_floor_docx, write_floor_pdf
from benchmarks.synthetic import MAX_WORDS, MIN_WORDS, SIZES, build_briefing, write_briefing
from briefing.core.compile import compile_briefing
from briefing.core.model import ClipKind, ClipRef
from briefing.core.storage import load_briefing
from briefing.core.theme import Theme

CYRILLIC = re.compile("[\u0400-\u04ff]")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    path = tmp_path_factory.mktemp("synthetic") / "S.briefing"
    write_briefing("S", path)
    return path, load_briefing(path)


def test_same_seed_saves_identical_bytes(tmp_path: Path) -> None:
    write_briefing("S", tmp_path / "a.briefing", seed=7)
    write_briefing("S", tmp_path / "b.briefing", seed=7)
    write_briefing("S", tmp_path / "c.briefing", seed=8)
    first = (tmp_path / "a.briefing").read_bytes()
    assert first == (tmp_path / "b.briefing").read_bytes()
    assert first != (tmp_path / "c.briefing").read_bytes()


def test_sizes_match_the_issue() -> None:
    assert (SIZES["S"].articles, SIZES["S"].quotes, SIZES["S"].sections) == (20, 100, 2)
    assert (SIZES["M"].articles, SIZES["M"].quotes, SIZES["M"].sections) == (200, 1000, 20)
    assert (SIZES["L"].articles, SIZES["L"].quotes, SIZES["L"].sections) == (1000, 5000, 100)


def test_saved_briefing_has_the_requested_size(small) -> None:
    _, briefing = small
    assert len(briefing.articles) == 20
    assert len(briefing.clips) == 100
    assert len(briefing.sections) == 2
    placed = [i.clip_id for s in briefing.sections for i in s.items if isinstance(i, ClipRef)]
    assert sorted(placed) == sorted(c.id for c in briefing.clips)  # every quote placed once
    assert all(len(s.items) > 50 for s in briefing.sections)  # 50 quotes plus analyst notes
    assert briefing.meta.key_judgments and briefing.meta.marking


def test_articles_are_300_to_800_words_with_typography(small) -> None:
    _, briefing = small
    for article in briefing.articles:
        words = len(article.text.split())
        assert MIN_WORDS <= words <= MAX_WORDS, (article.id, words)
        assert article.outlet and article.published and article.url and article.title
    text = "\n".join(a.text for a in briefing.articles)
    assert CYRILLIC.search(text)
    for char in ("“", "”", "ʼ", "—", "’"):
        assert char in text, char


def test_every_clip_is_its_article_span_with_full_attribution(small) -> None:
    _, briefing = small
    articles = {a.id: a for a in briefing.articles}
    for clip in briefing.clips:
        assert clip.text == articles[clip.article_id].text[clip.start : clip.end]
        assert clip.kind == ClipKind.QUOTE
        assert clip.speaker and clip.speaker_role and clip.note
        # The span is exactly the words between the curly quotes.
        source = articles[clip.article_id].text
        assert source[clip.start - 1] == "“" and source[clip.end] == "”"


def test_the_larger_sizes_scale(tmp_path: Path) -> None:
    # M in memory only: generating it takes about a second.
    briefing = build_briefing("M")
    assert (len(briefing.articles), len(briefing.clips), len(briefing.sections)) == (200, 1000, 20)


def test_floor_writes_the_same_paragraphs(small, tmp_path: Path) -> None:
    from docx import Document
    from pypdf import PdfReader

    _, briefing = small
    expected = [text for role, text in floor_paragraphs(briefing) if role != "page_break"]
    for variant in ("floor", "by_name"):
        target = tmp_path / f"{variant}.docx"
        write_floor_docx(briefing, target, variant)
        written = [p.text for p in Document(str(target)).paragraphs if p.text]
        assert written == expected
        styles = {p.style.name for p in Document(str(target)).paragraphs}
        assert {"Title", "Heading 1", "Quote", "List Bullet"} <= styles
    write_floor_pdf(briefing, tmp_path / "floor.pdf")
    pdf_text = "".join(page.extract_text() for page in PdfReader(tmp_path / "floor.pdf").pages)
    assert briefing.clips[0].text.split()[0] in pdf_text


def test_markdown_for_pandoc_carries_quotes_and_sources(small) -> None:
    _, briefing = small
    markdown = document_markdown(compile_briefing(briefing, Theme()))
    assert markdown.startswith("---\ntitle: ")
    clip = briefing.clips[0]
    assert f"— {clip.speaker}, {clip.speaker_role}" in markdown.replace("\\", "")
    assert markdown.count("\n> ") >= len(briefing.clips)
    assert re.search(r"^1\. \[\]\{#src_[A-Za-z0-9_]+\}", markdown, re.M)


def test_process_timing_reads_the_childs_own_peak_memory() -> None:
    import sys

    small_run = bench_run.run_process([sys.executable, "-c", "pass"])
    big_run = bench_run.run_process(
        [sys.executable, "-c", "b = bytearray(150 * 1024 * 1024); b[::4096] = b'x' * 38400"]
    )
    assert small_run.returncode == big_run.returncode == 0
    assert big_run.maxrss_mb > small_run.maxrss_mb + 100
    # A later, smaller child is not charged the earlier child's peak.
    again = bench_run.run_process([sys.executable, "-c", "pass"])
    assert again.maxrss_mb < big_run.maxrss_mb - 100


def test_bench_harness_smoke(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    argv = ["--sizes", "T", "--repeat", "1", "--no-compare", "--no-extras", "--out", str(out),
            "--workdir", str(tmp_path / "work"), "--no-library", "--no-web"]  # own tests
    if not os.environ.get("BENCH_SMOKE_GUI"):
        argv.append("--no-gui")  # the GUI part starts three Qt processes: opt in
    config = bench_run.parse_args(argv)
    results = bench_run.run(config)
    tiny = results["sizes"]["T"]
    for fmt in ("docx", "pdf", "html"):
        assert tiny["inprocess"][f"export_{fmt}"]["median"] > 0
        assert tiny["cli"][fmt]["median"] > 0, tiny["cli"][fmt]
        assert tiny["cli"][fmt]["maxrss_mb"] > 10
        assert (tmp_path / "work" / f"T-cli.{fmt}").stat().st_size > 1000
    assert tiny["inprocess"]["floor_docx"]["median"] > 0
    assert tiny["inprocess"]["pdf_pages"] >= 2
    report = bench_run.report(results)
    assert "Export DOCX (in-process)" in report
    assert "Target (issue 4)" in report
    config.out.write_text(json.dumps(results))
    assert json.loads(out.read_text())["sizes"]["T"]["spec"]["quotes"] == SIZES["T"].quotes


def test_actions_take_turns_and_quick_ones_repeat_within_the_budget() -> None:
    from benchmarks.inprocess import in_turns

    order: list[str] = []
    runs = in_turns([lambda: order.append("a"), lambda: order.append("b")], 2, budget=5.0, most=4)
    assert order == ["a", "b"] * 4
    assert [len(times) for times in runs] == [4, 4]

    order.clear()
    runs = in_turns([lambda: (order.append("slow"), time.sleep(0.05))], 2, budget=0.01, most=9)
    assert order == ["slow", "slow"]  # the budget is spent: only the rounds asked for
    assert all(t >= 0.045 for t in runs[0])  # the sleep, give or take the clock's grain


def test_growth_exports_two_sizes_in_turns_and_reports_the_ratio(tmp_path: Path) -> None:
    # Only the bookkeeping is asserted: how much longer the larger export takes is the
    # machine's business (a few milliseconds each at these sizes, where a disk flush decides).
    from benchmarks.inprocess import measure_growth

    smaller, larger = tmp_path / "T.briefing", tmp_path / "S.briefing"
    write_briefing("T", smaller)
    write_briefing("S", larger)
    growth = measure_growth(smaller, larger, repeat=1, workdir=tmp_path)
    for fmt in ("docx", "pdf", "html"):
        pairs = growth[fmt]["pairs"]
        assert len(pairs) >= 1 and all(small > 0 and large > 0 for small, large in pairs)
        assert growth[fmt]["ratio"] == statistics.median(large / small for small, large in pairs)
    # the larger briefing is exported last in each round: the file left behind has its quotes
    page = (tmp_path / "growth.html").read_text(encoding="utf-8")
    assert page.count("<blockquote") == len(load_briefing(larger).clips)
    results = {"sizes": {"M": {"inprocess": {}}, "L": {"inprocess": {}}}, "growth": growth}
    rows = {t.name: t.value for t in bench_run.evaluate(results)}
    assert rows["L/M time, PDF"] == growth["pdf"]["ratio"]


def test_gui_bench_adds_a_quote_and_sees_outline_and_preview_change(tmp_path: Path) -> None:
    pytest.importorskip("PySide6")
    path = tmp_path / "T.briefing"
    write_briefing("T", path)
    config = bench_run.parse_args(["--sizes", "T", "--workdir", str(tmp_path)])
    result, _, error = bench_run._gui_run(config, "add-quote", path)
    assert result is not None, error
    # The bench itself checks that the outline gained the quote; here: every timing is there.
    for key in ("add_clip", "add_preview", "place_outline", "preview_latency", "render"):
        assert 0 < result[key] < 30, (key, result[key])
    assert len(result["runs"]["add_clip"]) == 3


def test_size_independent_timings_are_measured_and_reported() -> None:
    from benchmarks import extras

    results = extras.measure_fonts(1)
    assert results["fonts_resolve_cold"]["median"] > 0  # type: ignore[index]
    table = "\n".join(bench_run.extras_details(results))
    assert "Theme fonts resolved, cold" in table and "Import a 20 MB UTF-8 text file" in table


def test_writer_over_floor_is_the_median_of_the_rounds_ratios() -> None:
    from benchmarks.inprocess import timed_pair

    ours, floor, over = timed_pair(
        lambda: time.sleep(0.02), lambda: time.sleep(0.01), repeat=3, budget=0.0
    )
    pairs = list(zip(ours["runs"], floor["runs"], strict=True))
    assert len(pairs) == 3
    assert over["runs"] == [o / f for o, f in pairs]
    assert over["median"] == statistics.median(over["runs"])
    inprocess = {"export_pdf": {"median": 1.0}, "floor_pdf": {"median": 0.5},
                 "pdf_over_floor": {"median": 1.1}}
    rows = {t.name: t for t in bench_run.evaluate({"sizes": {"M": {"inprocess": inprocess}}})}
    assert rows["PDF / floor, M"].value == 1.1 and rows["PDF / floor, M"].limit == 1.2
    del inprocess["pdf_over_floor"]  # results from before the paired ratio: the two medians
    rows = {t.name: t for t in bench_run.evaluate({"sizes": {"M": {"inprocess": inprocess}}})}
    assert rows["PDF / floor, M"].value == 2.0
