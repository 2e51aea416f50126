"""Profile one export (or the floor) on a synthetic briefing with cProfile.

    python -m benchmarks.profile pdf M            our PDF export at M
    python -m benchmarks.profile floor-pdf M      the reportlab floor, for comparison
    python -m benchmarks.profile docx L --top 40 --sort tottime

Writes out/profile-<what>-<size>.prof (open it with `python -m pstats` or snakeviz) and prints
the functions with the most cumulative time. A warm-up run on a tiny briefing comes first, so
imports and font loading are not in the profile. cProfile roughly doubles the run time of
Python-heavy code; compare shares between functions, not absolute seconds with the bench.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

from benchmarks.floor import write_floor_docx, write_floor_pdf
from benchmarks.run import Config, prepare
from benchmarks.synthetic import SIZES, build_briefing

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ("docx", "pdf", "html", "floor-docx", "floor-pdf", "compile", "load", "save")


def _action(what: str, briefing, out: Path):
    from briefing.core.compile import compile_briefing
    from briefing.core.storage import load_briefing, save_briefing
    from briefing.core.theme import load_theme
    from briefing.render.export import export_briefing

    if what in ("docx", "pdf", "html"):
        return lambda: export_briefing(briefing, out / f"profile.{what}")
    if what == "floor-docx":
        return lambda: write_floor_docx(briefing, out / "profile-floor.docx")
    if what == "floor-pdf":
        return lambda: write_floor_pdf(briefing, out / "profile-floor.pdf")
    if what == "compile":
        theme = load_theme(briefing.meta.theme)
        return lambda: compile_briefing(briefing, theme)
    saved = out / "profile.briefing"
    save_briefing(briefing, saved)
    if what == "load":
        return lambda: load_briefing(saved)
    return lambda: save_briefing(briefing, saved)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile")
    parser.add_argument("what", choices=TARGETS)
    parser.add_argument("size", choices=[s for s in SIZES])
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative", choices=("cumulative", "tottime"))
    args = parser.parse_args(argv)

    out = ROOT / "out"
    # the bench's own cached briefing: regenerated only when the generator's code changes
    path, _ = prepare(Config(sizes=[args.size]), args.size)
    from briefing.core.storage import load_briefing

    _action(args.what, build_briefing("T"), out)()  # warm-up: imports, fonts
    briefing = load_briefing(path)
    action = _action(args.what, briefing, out)
    start = time.perf_counter()
    action()
    plain = time.perf_counter() - start
    profiler = cProfile.Profile()
    profiler.enable()
    action()
    profiler.disable()
    target = out / f"profile-{args.what}-{args.size}.prof"
    profiler.dump_stats(str(target))
    print(f"{args.what} at {args.size}: {plain:.3f} s without the profiler; profile in {target}")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
