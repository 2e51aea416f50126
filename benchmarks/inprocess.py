"""In-process timings for one briefing file, run in a fresh interpreter by `benchmarks.run`.

    python -m benchmarks.inprocess FILE --repeat 3 [--naive] [--workdir DIR]
    python -m benchmarks.inprocess M_FILE --growth-to L_FILE --repeat 3

Prints one JSON object on stdout. Every writer and the floor run once on a tiny briefing first,
so imports, font parsing and other one-off costs are not in these numbers (the command-line
timings in `benchmarks.run` include them). Each measurement is the median of `--repeat` runs
(more for quick ones, see `timed`), each after a garbage collection.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

FORMATS = ("docx", "pdf", "html")


def in_turns(
    actions: list[Callable[[], object]], repeat: int, budget: float, most: int = 5
) -> list[list[float]]:
    """Each action's run times, the actions taking turns (a, b, a, b, ...) so all meet the
    same moments of a shared machine: on a busy virtual machine the speed drifts by a third
    within a minute, and timing all of one before all of another puts that drift into their
    ratio. At least `repeat` rounds; quick ones repeat up to `most` rounds within `budget`
    seconds, so a single slow run does not decide a median."""
    runs: list[list[float]] = [[] for _ in actions]
    while len(runs[0]) < repeat or (len(runs[0]) < most and sum(map(sum, runs)) < budget):
        for action, times in zip(actions, runs, strict=True):
            gc.collect()
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
    return runs


def _summary(runs: list[float]) -> dict[str, object]:
    return {"median": statistics.median(runs), "runs": runs}


def timed(action: Callable[[], object], repeat: int, budget: float = 2.0) -> dict[str, object]:
    return _summary(in_turns([action], repeat, budget)[0])


def timed_pair(
    ours: Callable[[], object],
    floor: Callable[[], object],
    repeat: int,
    budget: float = 6.0,
    most: int = 7,
) -> tuple[dict[str, object], dict[str, object], dict[str, object]]:
    """Our writer and its floor, timed in turns, and the ratio of the two in each round.

    The targets take the median of those ratios: each is of two runs a moment apart, where the
    ratio of the two medians pairs runs from different moments of a shared machine (measured
    at M: medians of three runs gave 1.18, 1.27, 0.83 and 1.15 for the same code within ten
    minutes). The pair gets more rounds than a single timing: its ratio is a target."""
    ours_runs, floor_runs = in_turns([ours, floor], repeat, budget, most)
    ratios = [o / f for o, f in zip(ours_runs, floor_runs, strict=True)]
    return _summary(ours_runs), _summary(floor_runs), _summary(ratios)


def _warm_up(workdir: Path) -> None:
    from benchmarks.floor import write_floor_docx, write_floor_pdf
    from benchmarks.synthetic import build_briefing
    from briefing.core.checks import run_checks
    from briefing.core.theme import load_theme
    from briefing.render.export import export_briefing

    tiny = build_briefing("T")
    run_checks(tiny, load_theme(tiny.meta.theme))
    for fmt in FORMATS:
        export_briefing(tiny, workdir / f"warm.{fmt}")
    write_floor_docx(tiny, workdir / "warm-floor.docx")
    write_floor_pdf(tiny, workdir / "warm-floor.pdf")


def measure_file(path: Path, repeat: int, workdir: Path, naive: bool) -> dict[str, object]:
    from benchmarks.floor import floor_paragraphs, write_floor_docx, write_floor_pdf
    from briefing.core.checks import run_checks
    from briefing.core.compile import compile_briefing
    from briefing.core.storage import briefing_to_dict, load_briefing, save_briefing
    from briefing.core.theme import load_theme
    from briefing.render.export import export_briefing

    _warm_up(workdir)
    results: dict[str, object] = {}
    results["load"] = timed(lambda: load_briefing(path), repeat)
    briefing = load_briefing(path)
    saved = workdir / "saved.briefing"
    results["save"] = timed(lambda: save_briefing(briefing, saved), repeat)
    # The part of an autosave that runs on the GUI thread (the rest is on the writer thread).
    results["autosave_snapshot"] = timed(lambda: briefing_to_dict(briefing), repeat)
    theme = load_theme(briefing.meta.theme)
    results["compile"] = timed(lambda: compile_briefing(briefing, theme), repeat)
    results["checks"] = timed(lambda: run_checks(briefing, theme), repeat)
    floors = {
        "docx": lambda: write_floor_docx(briefing, workdir / "floor.docx"),
        "pdf": lambda: write_floor_pdf(briefing, workdir / "floor.pdf", briefing.meta.page_size),
    }
    for fmt in FORMATS:
        target = workdir / f"export.{fmt}"
        export = lambda t=target: export_briefing(briefing, t)  # noqa: E731
        if fmt in floors:
            (
                results[f"export_{fmt}"],
                results[f"floor_{fmt}"],
                results[f"{fmt}_over_floor"],
            ) = timed_pair(export, floors[fmt], repeat)
        else:
            results[f"export_{fmt}"] = timed(export, repeat)
        results[f"export_{fmt}"]["bytes"] = target.stat().st_size  # type: ignore[index]
    results["floor_paragraphs"] = sum(1 for _ in floor_paragraphs(briefing))
    if naive:
        # Slow by design (see benchmarks.floor): one run each is enough to show the gap.
        for variant in ("by_name", "by_object"):
            results[f"naive_docx_{variant}"] = timed(
                lambda v=variant: write_floor_docx(briefing, workdir / f"{v}.docx", v),
                1,
                budget=0.0,
            )
    results["pdf_pages"] = _pdf_pages(workdir / "export.pdf")
    results["floor_pdf_pages"] = _pdf_pages(workdir / "floor.pdf")
    results["worker_maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


def measure_growth(
    smaller: Path, larger: Path, repeat: int, workdir: Path
) -> dict[str, object]:
    """Each export of the two briefings in turns (smaller, larger, smaller, ...): the ratio of
    each pair, and their median, says how the time grows with the size with both sizes
    exposed to the same moments of a shared machine. (Measured in separate processes minutes
    apart, the same M export took from 1.2 to 2.4 s within an hour.)"""
    from briefing.core.storage import load_briefing
    from briefing.render.export import export_briefing

    _warm_up(workdir)
    briefings = (load_briefing(smaller), load_briefing(larger))
    results: dict[str, object] = {}
    for fmt in FORMATS:
        target = workdir / f"growth.{fmt}"
        # quick formats get more pairs (up to 9 within 15 s): their M export takes only tens
        # of milliseconds, where one hiccup of the machine is a large share
        small_runs, large_runs = in_turns(
            [lambda b=briefing, t=target: export_briefing(b, t) for briefing in briefings],
            repeat, budget=15.0, most=9,
        )
        pairs = list(zip(small_runs, large_runs, strict=True))
        results[fmt] = {
            "pairs": pairs,
            "ratio": statistics.median(large / small for small, large in pairs),
        }
    return results


def _pdf_pages(path: Path) -> int | None:
    try:
        from pypdf import PdfReader

        return len(PdfReader(str(path)).pages)
    except Exception:  # the page count is informative only
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.inprocess")
    parser.add_argument("file", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--naive", action="store_true", help="also time naive python-docx")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument(
        "--growth-to", type=Path, metavar="LARGER",
        help="instead: export FILE and LARGER in turns and report the ratios",
    )
    args = parser.parse_args(argv)

    def measure(workdir: Path) -> dict[str, object]:
        if args.growth_to:
            return measure_growth(args.file, args.growth_to, args.repeat, workdir)
        return measure_file(args.file, args.repeat, workdir, args.naive)

    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        results = measure(args.workdir)
    else:
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            results = measure(Path(tmp))
    json.dump(results, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
