"""`make bench`: time exports, load/save and the GUI on synthetic briefings of three sizes.

    python -m benchmarks.run [--sizes S,M,L] [--repeat N] [--repeat-large N] [--quick]
                             [--no-gui] [--no-web] [--no-compare] [--out out/bench-results.json]
    python -m benchmarks.run --summarise out/bench-results.json   (tables of an earlier run)

What is measured, and how:
- in-process (a fresh interpreter per size, `benchmarks.inprocess`): load, save, compile,
  checks, export to DOCX/PDF/HTML, and the floor (`benchmarks.floor`), after a warm-up
  export so imports and font parsing are not counted;
- growth: the M and L briefings exported in turns in one process; the median of the L/M
  ratios of the pairs is the "L/M time" figure;
- command line: `python -m briefing export FILE -o OUT` as a user runs it, start-up included.
  Peak memory is that process's maximum resident set size, read from `os.wait4` for exactly
  that child (so it is the whole process: interpreter, libraries and data);
- GUI, offscreen, each in a fresh process (`benchmarks.gui_bench`);
- the web against a local server on 127.0.0.1 (`benchmarks.web_bench`, a fresh process);
- size-independent figures (`benchmarks.extras`): font resolution, importing 20 MB of text;
- pandoc (Markdown → DOCX) and LibreOffice (our DOCX → PDF) when installed.
Every time is a median of the runs. Results go to a JSON file and a table on stdout.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import suggest_bench
from benchmarks.gui_bench import RESULT_PREFIX as GUI_RESULT_PREFIX
from benchmarks.inprocess import FORMATS
from benchmarks.synthetic import DEFAULT_SEED, SIZES, write_briefing

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
MEASURE_CHILD = Path(__file__).resolve().parent / "measure_child.py"


# ---- running and timing a child process -------------------------------------------------------
@dataclass
class ProcessRun:
    seconds: float
    maxrss_mb: float
    returncode: int
    stdout: str
    stderr: str


def run_process(
    command: list[str], *, env: dict[str, str] | None = None, timeout: float = 900
) -> ProcessRun:
    """Run `command`: wall time from start to exit, and the peak RSS of that process alone.

    The command is started by `measure_child.py` (see there why), which times it and reads
    its resource usage with `os.wait4`: the usage of exactly that child (and any descendants
    it waited for), unlike RUSAGE_CHILDREN, which keeps the maximum over all children so far.
    """
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        report = Path(tmp) / "usage.json"
        wrapper = [sys.executable, "-I", "-S", str(MEASURE_CHILD), str(report), *command]
        try:
            done = subprocess.run(
                wrapper, capture_output=True, env=env, cwd=ROOT, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            return ProcessRun(timeout, 0.0, -9, "", f"timed out after {exc.timeout:.0f} s")
        stdout = done.stdout.decode("utf-8", "replace")
        stderr = done.stderr.decode("utf-8", "replace")
        if not report.exists():
            return ProcessRun(0.0, 0.0, done.returncode or -1, stdout, stderr)
        usage = json.loads(report.read_text(encoding="utf-8"))
    return ProcessRun(
        seconds=usage["seconds"],
        maxrss_mb=usage["maxrss_kb"] / 1024,  # KiB on Linux
        returncode=usage["returncode"],
        stdout=stdout,
        stderr=stderr,
    )


def summarise(runs: list[ProcessRun]) -> dict[str, object]:
    ok = [r for r in runs if r.returncode == 0]
    result: dict[str, object] = {
        "runs": [round(r.seconds, 4) for r in runs],
        "maxrss_mb_runs": [round(r.maxrss_mb, 1) for r in runs],
    }
    if ok:
        result["median"] = statistics.median(r.seconds for r in ok)
        result["maxrss_mb"] = max(r.maxrss_mb for r in ok)
    if len(ok) < len(runs):
        failed = next(r for r in runs if r.returncode != 0)
        result["error"] = f"exit {failed.returncode}: {failed.stderr.strip()[-400:]}"
    return result


# ---- options ----------------------------------------------------------------------------------
@dataclass
class Config:
    sizes: list[str]
    repeat: int = 3
    repeat_large: int = 2
    gui: bool = True
    web: bool = True
    library: bool = True  # the library on 100,000 articles (benchmarks.library_bench)
    compare: bool = True
    naive: bool = True
    cache: bool = True
    seed: int = DEFAULT_SEED
    out: Path = ROOT / "out" / "bench-results.json"
    workdir: Path = ROOT / "out" / "bench"
    python: str = sys.executable
    summarise: Path | None = None  # print the tables of this earlier results file; run nothing
    extras: bool = True

    def repeats_for(self, size: str) -> int:
        return self.repeat_large if size == "L" else self.repeat


def parse_args(argv: list[str] | None) -> Config:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--sizes", default="S,M,L", help="comma-separated: S,M,L (T is tiny)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (S, M)")
    parser.add_argument("--repeat-large", type=int, default=2, help="runs per measurement at L")
    parser.add_argument("--quick", action="store_true", help="S,M only, 1 run, fewer extras")
    parser.add_argument("--no-gui", action="store_true", help="skip the GUI timings")
    parser.add_argument("--no-web", action="store_true", help="skip the web timings")
    parser.add_argument("--no-library", action="store_true", help="skip the library timings")
    parser.add_argument("--no-compare", action="store_true", help="skip pandoc and LibreOffice")
    parser.add_argument("--no-cache", action="store_true", help="regenerate the briefings")
    parser.add_argument(
        "--no-extras", action="store_true",
        help="skip the size-independent timings (fonts, 20 MB text import)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "bench-results.json")
    parser.add_argument("--workdir", type=Path, default=ROOT / "out" / "bench")
    parser.add_argument(
        "--summarise", type=Path, metavar="RESULTS",
        help="print the tables of an earlier run's results file and run nothing",
    )
    args = parser.parse_args(argv)
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    config = Config(
        sizes=sizes,
        repeat=max(1, args.repeat),
        repeat_large=max(1, args.repeat_large),
        gui=not args.no_gui,
        web=not args.no_web,
        library=not args.no_library,
        compare=not args.no_compare,
        cache=not args.no_cache,
        seed=args.seed,
        out=args.out,
        workdir=args.workdir,
        summarise=args.summarise,
        extras=not args.no_extras,
    )
    if args.quick:
        if args.sizes == "S,M,L":
            config.sizes = ["S", "M"]
        config.repeat = config.repeat_large = 1
        config.naive = False
    return config


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---- the steps --------------------------------------------------------------------------------
def _generator_key(size: str, seed: int) -> str:
    """Changes whenever the generated bytes could: the seed, the size or the code that builds."""
    digest = hashlib.sha256(f"{seed}:{SIZES[size]}".encode())
    for relative in (
        "benchmarks/synthetic.py",
        "briefing/core/model.py",
        "briefing/core/ops.py",
        "briefing/core/storage.py",
    ):
        digest.update((ROOT / relative).read_bytes())
    return digest.hexdigest()[:12]


def prepare(config: Config, size: str) -> tuple[Path, dict[str, object]]:
    config.workdir.mkdir(parents=True, exist_ok=True)
    path = config.workdir / f"{size}-{_generator_key(size, config.seed)}.briefing"
    info: dict[str, object] = {"file": str(path.relative_to(ROOT) if path.is_relative_to(ROOT)
                                           else path)}
    if config.cache and path.exists():
        info["generated_s"] = None  # reused: same seed and same code
    else:
        for stale in config.workdir.glob(f"{size}-*.briefing*"):
            stale.unlink()
        start = time.perf_counter()
        write_briefing(size, path, config.seed)
        info["generated_s"] = time.perf_counter() - start
    info["bytes"] = path.stat().st_size
    spec = SIZES[size]
    info["spec"] = {"articles": spec.articles, "quotes": spec.quotes, "sections": spec.sections}
    return path, info


def measure_inprocess(config: Config, size: str, path: Path) -> dict[str, object]:
    command = [
        config.python, "-m", "benchmarks.inprocess", str(path),
        "--repeat", str(config.repeats_for(size)),
        "--workdir", str(config.workdir / f"{size}-inprocess"),
    ]
    if config.naive and size in ("T", "S", "M"):
        command.append("--naive")
    run = run_process(command, timeout=1800)
    if run.returncode != 0:
        return {"error": run.stderr.strip()[-1500:]}
    result = json.loads(run.stdout)
    result["worker_seconds"] = run.seconds
    return result


def measure_growth(config: Config, smaller: Path, larger: Path) -> dict[str, object]:
    command = [
        config.python, "-m", "benchmarks.inprocess", str(smaller), "--growth-to", str(larger),
        "--repeat", str(config.repeats_for("L")),
        "--workdir", str(config.workdir / "growth"),
    ]
    run = run_process(command, timeout=3600)
    if run.returncode != 0:
        return {"error": run.stderr.strip()[-1500:]}
    return json.loads(run.stdout)


def measure_extras(config: Config) -> dict[str, object]:
    config.workdir.mkdir(parents=True, exist_ok=True)
    command = [config.python, "-m", "benchmarks.extras", "--repeat", str(config.repeat),
               "--workdir", str(config.workdir)]
    run = run_process(command, timeout=1800)
    if run.returncode != 0:
        return {"error": run.stderr.strip()[-1500:]}
    return json.loads(run.stdout)


def measure_cli(config: Config, size: str, path: Path) -> dict[str, object]:
    results: dict[str, object] = {}
    for fmt in FORMATS:
        target = config.workdir / f"{size}-cli.{fmt}"
        command = [config.python, "-m", "briefing", "export", str(path), "-o", str(target), "-q"]
        runs = [run_process(command) for _ in range(config.repeats_for(size))]
        results[fmt] = summarise(runs)
    return results


def measure_compare(config: Config, size: str, path: Path) -> dict[str, object]:
    from benchmarks.compare import document_markdown, pandoc_command, soffice_command
    from briefing.core.compile import compile_briefing
    from briefing.core.storage import load_briefing
    from briefing.core.theme import load_theme

    results: dict[str, object] = {}
    briefing = load_briefing(path)
    markdown = config.workdir / f"{size}.md"
    markdown.write_text(
        document_markdown(compile_briefing(briefing, load_theme(briefing.meta.theme))),
        encoding="utf-8",
    )
    command = pandoc_command(markdown, config.workdir / f"{size}-pandoc.docx")
    if command is None:
        results["pandoc_docx"] = {"skipped": "pandoc is not installed"}
    else:
        runs = [run_process(command) for _ in range(config.repeats_for(size))]
        results["pandoc_docx"] = summarise(runs)
        results["pandoc_version"] = _first_line([command[0], "--version"])

    docx = config.workdir / f"{size}-cli.docx"
    profile = config.workdir / "libreoffice-profile"
    outdir = config.workdir / f"{size}-soffice"
    outdir.mkdir(exist_ok=True)
    command = soffice_command(docx, outdir, profile)
    if command is None:
        results["soffice_pdf"] = {"skipped": "LibreOffice (soffice) is not installed"}
    elif size == "L":
        results["soffice_pdf"] = {"skipped": "not run at L (minutes per run)"}
    elif not docx.exists():
        results["soffice_pdf"] = {"skipped": "no DOCX from the command-line export"}
    else:
        if not profile.exists():  # the first start builds the profile: not part of the timing
            run_process(command, timeout=300)
        runs = [run_process(command, timeout=600) for _ in range(config.repeats_for(size))]
        results["soffice_pdf"] = summarise(runs)
        results["soffice_version"] = _first_line([command[0], "--version"])
    return results


def _gui_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
    )
    return env


def _gui_run(config: Config, mode: str, path: Path) -> tuple[dict[str, object] | None, float, str]:
    """Run one gui_bench mode on a private copy of `path` with a private HOME."""
    with tempfile.TemporaryDirectory(prefix="bench-gui-") as tmp:
        home = Path(tmp)
        copy = home / path.name  # a fresh file: no lock or backup left by an earlier run
        shutil.copyfile(path, copy)
        command = [config.python, "-m", "benchmarks.gui_bench", mode, str(copy)]
        started = time.monotonic()
        run = run_process(command, env=_gui_env(home), timeout=300)
    for line in run.stdout.splitlines():
        if line.startswith(GUI_RESULT_PREFIX):
            return json.loads(line[len(GUI_RESULT_PREFIX):]), started, ""
    return None, started, f"exit {run.returncode}: {run.stderr.strip()[-1500:]}"


def measure_gui(config: Config, files: dict[str, Path]) -> dict[str, object]:
    results: dict[str, object] = {}
    medium = "M" if "M" in files else max(files, key=lambda s: SIZES[s].quotes)
    large = "L" if "L" in files else max(files, key=lambda s: SIZES[s].quotes)

    launches, errors = [], []
    for _ in range(config.repeat):
        result, started, error = _gui_run(config, "launch", files[medium])
        if result is None:
            errors.append(error)
            continue
        marks = {k: v - started for k, v in result["marks"].items()}  # type: ignore[union-attr]
        launches.append({**marks, "rows": result["rows"]})
    launch: dict[str, object] = {"size": medium, "runs": launches}
    if launches:
        launch["median"] = statistics.median(r["idle_after_paint"] for r in launches)
    if errors:
        launch["error"] = errors[0]
    results["launch"] = launch

    result, _, error = _gui_run(config, "search", files[large])
    results["search"] = {"size": large, **(result or {"error": error})}
    result, _, error = _gui_run(config, "add-quote", files[medium])
    results["add_quote"] = {"size": medium, **(result or {"error": error})}
    result, _, error = _gui_run(config, "open-save", files[large])
    results["open_save"] = {"size": large, **(result or {"error": error})}
    return results


# ---- machine ----------------------------------------------------------------------------------
def _first_line(command: list[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.strip().splitlines()[0] if out.strip() else ""


def machine_info() -> dict[str, object]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    for module in ("docx", "reportlab", "PySide6"):
        try:
            from importlib.metadata import version

            name = {"docx": "python-docx", "PySide6": "PySide6-Essentials"}.get(module, module)
            versions[module] = version(name)
        except Exception:
            versions[module] = None
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
    }


# ---- targets (issue 4 §2) ---------------------------------------------------------------------
@dataclass
class Target:
    name: str
    value: float | None
    limit: float
    unit: str  # "s", "x", "MB", "ms"

    @property
    def passed(self) -> bool | None:
        return None if self.value is None else self.value <= self.limit

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "value": self.value, "limit": self.limit,
                "unit": self.unit, "pass": self.passed}


def _get(data: dict, *keys: str) -> float | None:
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data if isinstance(data, int | float) else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def evaluate(results: dict[str, object]) -> list[Target]:
    sizes: dict[str, dict] = results["sizes"]  # type: ignore[assignment]
    gui: dict = results.get("gui") or {}  # type: ignore[assignment]
    targets: list[Target] = []

    def inproc(size: str, key: str) -> float | None:
        return _get(sizes.get(size, {}), "inprocess", key, "median")

    # PDF / floor: issue 12 (point 9) asks for 1.2 at M, with shaping in place; L meets it
    # too. S keeps 1.5: a fifth of a 100-quote export is what any document costs (the cover,
    # the contents page, five fonts subset and embedded where the floor has three).
    for fmt, limit_at_m, limit_over_floor in (("docx", 1.0, 1.3), ("pdf", 4.5, 1.2)):
        name = fmt.upper()
        if "M" in sizes:
            value = inproc("M", f"export_{fmt}")
            targets.append(Target(f"{name} export M, in-process", value, limit_at_m, "s"))
        for size in sizes:
            if size != "T":
                limit = 1.5 if (fmt, size) == ("pdf", "S") else limit_over_floor
                # the median of the rounds' ratios (inprocess.timed_pair); results written
                # before it was measured have only the two medians
                value = inproc(size, f"{fmt}_over_floor")
                if value is None:
                    value = _ratio(inproc(size, f"export_{fmt}"), inproc(size, f"floor_{fmt}"))
                targets.append(Target(f"{name} / floor, {size}", value, limit, "x"))
    if "S" in sizes:
        cli = sizes["S"].get("cli", {})
        targets.append(Target("S DOCX, command line", _get(cli, "docx", "median"), 1.0, "s"))
        targets.append(Target("S PDF, command line", _get(cli, "pdf", "median"), 2.0, "s"))
    if "M" in sizes and "L" in sizes:
        growth: dict = results.get("growth") or {}  # type: ignore[assignment]
        for fmt in FORMATS:
            # M and L exported in turns in one process; the medians of the separate runs
            # when that measurement is missing
            value = _get(growth, fmt, "ratio")
            if value is None:
                value = _ratio(inproc("L", f"export_{fmt}"), inproc("M", f"export_{fmt}"))
            targets.append(Target(f"L/M time, {fmt.upper()}", value, 5.5, "x"))
    if "L" in sizes:
        for fmt in FORMATS:
            value = _get(sizes["L"], "cli", fmt, "maxrss_mb")
            targets.append(Target(f"Peak RSS L, {fmt.upper()} (CLI)", value, 400, "MB"))
    if gui:
        launch = gui.get("launch", {})
        targets.append(Target(f"GUI launch → {launch.get('size')} shown",
                              _get(launch, "median"), 2.0, "s"))
        search = gui.get("search", {})
        value = _get(search, "median")
        targets.append(Target(f"Search keystroke, {search.get('size')}",
                              value * 1000 if value is not None else None, 50, "ms"))
        add = gui.get("add_quote", {})
        for key, label, limit in (
            ("place_outline", "outline updated", 50),
            ("add_clip", "quote added (all panels)", 50),
            # an unplaced clip is not in the document: the preview compiles, finds nothing
            # changed and says so; placing the clip is what shows it
            ("add_preview", "preview refreshed after the add", 300),
            ("preview_latency", "preview shows it once placed", 300),
            # The issue asks for no blocked typing; 100 ms is where a key press feels late.
            ("longest_stall", "longest GUI stall", 100),
        ):
            value = _get(add, key)
            targets.append(Target(f"Add quote {add.get('size')}: {label}",
                                  value * 1000 if value is not None else None, limit, "ms"))
    if results.get("web"):
        from benchmarks.web_bench import targets as web_targets

        targets += [Target(*t) for t in web_targets(results["web"])]  # type: ignore[arg-type]
    return targets


# ---- report -----------------------------------------------------------------------------------
def _fmt_seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _fmt_value(target: Target) -> str:
    if target.value is None:
        return "—"
    if target.unit == "s":
        return _fmt_seconds(target.value)
    if target.unit == "x":
        return f"{target.value:.2f}×"
    return f"{target.value:.0f} {target.unit}"


def _fmt_limit(target: Target) -> str:
    if target.unit == "x":
        return f"≤ {target.limit:g}×"
    return f"≤ {target.limit:g} {target.unit}"


def _cli_cell(size_results: dict, fmt: str) -> str:
    """A command-line export's median time and peak memory."""
    seconds = _get(size_results, "cli", fmt, "median")
    rss = _get(size_results, "cli", fmt, "maxrss_mb")
    return "—" if seconds is None else f"{_fmt_seconds(seconds)}, {rss:.0f} MB"


def measurement_rows(results: dict[str, object]) -> tuple[list[str], list[list[str]]]:
    sizes: dict[str, dict] = results["sizes"]  # type: ignore[assignment]
    names = list(sizes)
    rows: list[list[str]] = []

    def row(label: str, getter) -> None:
        rows.append([label, *[getter(sizes[s]) for s in names]])

    def inproc(key: str):
        return lambda d: _fmt_seconds(_get(d, "inprocess", key, "median"))

    row("Paragraphs written (floor)", lambda d: str(_get(d, "inprocess", "floor_paragraphs")))
    row("PDF pages (ours / floor)", lambda d: f"{_get(d, 'inprocess', 'pdf_pages')} / "
        f"{_get(d, 'inprocess', 'floor_pdf_pages')}")
    row("File size", lambda d: f"{(_get(d, 'bytes') or 0) / MB:.1f} MB")
    row("Load", inproc("load"))
    row("Save", inproc("save"))
    row("Autosave snapshot (GUI thread)", inproc("autosave_snapshot"))
    row("Compile", inproc("compile"))
    row("Checks", inproc("checks"))
    for fmt in FORMATS:
        row(f"Export {fmt.upper()} (in-process)", inproc(f"export_{fmt}"))
    row("Floor DOCX (python-docx)", inproc("floor_docx"))
    row("Floor PDF (reportlab)", inproc("floor_pdf"))
    row("Naive python-docx, style by name", inproc("naive_docx_by_name"))
    row("Naive python-docx, style object", inproc("naive_docx_by_object"))
    for fmt in FORMATS:
        row(f"CLI {fmt.upper()} (time, peak RSS)", lambda d, fmt=fmt: _cli_cell(d, fmt))

    def compare(key: str, ours: str):
        def cell(d: dict) -> str:
            theirs = _get(d, "compare", key, "median")
            mine = _get(d, "cli", ours, "median")
            if theirs is None:
                return "—"
            ratio = _ratio(mine, theirs)
            return f"{_fmt_seconds(theirs)} (ours {ratio:.2f}×)" if ratio else _fmt_seconds(theirs)
        return cell

    row("pandoc MD → DOCX (CLI)", compare("pandoc_docx", "docx"))
    row("LibreOffice DOCX → PDF", compare("soffice_pdf", "pdf"))
    return ["", *names], rows


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["| " + " | ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True))
             + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True))
                     + " |")
    return "\n".join(lines)


def report(results: dict[str, object]) -> str:
    header, rows = measurement_rows(results)
    targets = [Target(**{k: t[k] for k in ("name", "value", "limit", "unit")})
               for t in results["targets"]]  # type: ignore[union-attr]
    mark = {True: "pass", False: "MISS", None: "—"}
    target_rows = [[t.name, _fmt_value(t), _fmt_limit(t), mark[t.passed]] for t in targets]
    machine = results["machine"]
    lines = [
        f"Machine: {machine['cpus']} CPUs, {machine['cpu']}, {machine['ram_gb']} GB RAM, "  # type: ignore[index]
        f"Python {machine['python']}; load average at start {results['load_start']}",  # type: ignore[index]
        "",
        markdown_table(header, rows),
        "",
        markdown_table(["Target (issue 4)", "Measured", "Target", ""], target_rows),
    ]
    gui = results.get("gui")
    if isinstance(gui, dict):
        lines += ["", *gui_details(gui)]
    extras = results.get("extras")
    if isinstance(extras, dict):
        lines += ["", *extras_details(extras)]
    if isinstance(results.get("suggest"), dict):
        lines += ["", *suggest_bench.report_lines(results["suggest"])]  # type: ignore[arg-type]
    library = results.get("library")
    if isinstance(library, dict):
        from benchmarks.library_bench import verdicts

        lines += ["", f"Library (issue 9), {library.get('articles', 0):,} articles:",
                  *verdicts(library)]
    return "\n".join(lines)


_EXTRAS = {
    "fonts_resolve_cold": "Theme fonts resolved, cold (index rebuilt)",
    "fonts_resolve_warm": "Theme fonts resolved, warm",
    "import_text_20mb_utf8": "Import a 20 MB UTF-8 text file",
    "import_text_20mb_cp1251": "Import a 20 MB cp1251 text file",
}
_HUGE_IMPORTS = {  # issue 14: at most 5x the file's size
    "import_html_40mb": "A 38 MB HTML page of 500,000 paragraphs",
    "import_html_at_tree_limit": "A 1.5 MB page just under the extractor's tag limit",
    "import_text_49mb_one_line": "A 49 MB text file on one line",
}


def extras_details(extras: dict) -> list[str]:
    if "error" in extras:
        return [f"Extras failed: {extras['error']}"]
    rows = [[label, _fmt_seconds(_get(extras, key, "median"))] for key, label in _EXTRAS.items()]
    lines = [markdown_table(["Size-independent", "Median"], rows)]
    huge = [[label, _fmt_seconds(_get(extras, key, "median")),
             f"{_get(extras, key, 'peak_growth_mb')} MB", f"{_get(extras, key, 'peak_over_size')}x"]
            for key, label in _HUGE_IMPORTS.items() if key in extras]
    if huge:
        lines += ["", markdown_table(["Huge file import", "Time", "Peak growth", "Over size"],
                                     huge)]
    return lines


def gui_details(gui: dict) -> list[str]:
    lines: list[str] = []
    launch = gui.get("launch", {})
    if launch.get("runs"):
        phases = ("imported", "window_created", "file_opened", "library_painted")
        first = launch["runs"][len(launch["runs"]) // 2]
        steps = ", ".join(f"{name} {first[name] * 1000:.0f} ms" for name in phases if name in first)
        lines.append(f"GUI launch ({launch['size']}), a middle run, from process start: {steps}")
    search = gui.get("search", {})
    if "median" in search:
        lines.append(
            f"GUI search ({search['size']}, {search['keystrokes']} keystrokes): median "
            f"{search['median'] * 1000:.0f} ms, first {search['first'] * 1000:.0f} ms, "
            f"max {search['max'] * 1000:.0f} ms"
        )
    add = gui.get("add_quote", {})
    if "render" in add:
        lines.append(
            f"GUI add quote ({add['size']}): one preview render takes "
            f"{add['render'] * 1000:.0f} ms on the GUI thread; preview debounce after the "
            f"edits: {add.get('debounce_ms')} ms"
        )
    both = gui.get("open_save", {})
    if "save_stall" in both:
        lines.append(
            f"GUI open/save ({both['size']}): open {both['open']:.2f} s (reading the file "
            f"{both['open_read']:.2f} s off the GUI thread, longest freeze meanwhile "
            f"{both['open_stall'] * 1000:.0f} ms); save {both['save']:.2f} s (writing "
            f"{both['save_write']:.2f} s, longest freeze {both['save_stall'] * 1000:.0f} ms)"
        )
    for key, value in gui.items():
        if isinstance(value, dict) and "error" in value:
            lines.append(f"GUI {key} failed: {value['error'].strip().splitlines()[-1]}")
    return lines


def readme_table(results: dict[str, object]) -> str:
    """The short table for the README: medians per size, with the issue's targets."""
    sizes: dict[str, dict] = results["sizes"]  # type: ignore[assignment]
    names = [s for s in ("S", "M", "L") if s in sizes]

    def inproc(size: str, key: str) -> float | None:
        return _get(sizes[size], "inprocess", key, "median")

    def export_cell(size: str, fmt: str) -> str:
        ours = inproc(size, f"export_{fmt}")
        floor = inproc(size, f"floor_{fmt}")
        ratio = _ratio(ours, floor)
        return f"{_fmt_seconds(ours)} ({ratio:.2f}×)" if ratio else _fmt_seconds(ours)

    def compare_cell(size: str, key: str) -> str:
        return _fmt_seconds(_get(sizes[size], "compare", key, "median"))

    rows = [
        ["DOCX export (× floor)", *[export_cell(s, "docx") for s in names],
         "M ≤ 1 s; ≤ 1.3×"],
        ["PDF export (× floor)", *[export_cell(s, "pdf") for s in names],
         "M ≤ 4.5 s; ≤ 1.5×"],
        ["HTML export", *[_fmt_seconds(inproc(s, "export_html")) for s in names], ""],
        ["CLI DOCX, peak RSS", *[_cli_cell(sizes[s], "docx") for s in names],
         "S ≤ 1 s; ≤ 400 MB"],
        ["CLI PDF, peak RSS", *[_cli_cell(sizes[s], "pdf") for s in names],
         "S ≤ 2 s; ≤ 400 MB"],
        ["Load / save", *[f"{_fmt_seconds(inproc(s, 'load'))} / "
                          f"{_fmt_seconds(inproc(s, 'save'))}" for s in names], ""],
        ["pandoc MD → DOCX", *[compare_cell(s, "pandoc_docx") for s in names], ""],
        ["LibreOffice DOCX → PDF", *[compare_cell(s, "soffice_pdf") for s in names], ""],
    ]
    return markdown_table(["Median", *names, "Target"], rows)


# ---- main -------------------------------------------------------------------------------------
def run(config: Config) -> dict[str, object]:
    began = time.perf_counter()
    results: dict[str, object] = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine_info(),
        "load_start": os.getloadavg()[0],
        "options": {"sizes": config.sizes, "repeat": config.repeat,
                    "repeat_large": config.repeat_large, "seed": config.seed},
        "sizes": {},
    }
    files: dict[str, Path] = {}
    sizes: dict[str, dict] = results["sizes"]  # type: ignore[assignment]
    for size in config.sizes:
        say(f"[bench] {size}: generating")
        path, info = prepare(config, size)
        files[size] = path
        sizes[size] = info
        say(f"[bench] {size}: in-process ({config.repeats_for(size)} runs)")
        info["inprocess"] = measure_inprocess(config, size, path)
        say(f"[bench] {size}: command line")
        info["cli"] = measure_cli(config, size, path)
        if config.compare:
            say(f"[bench] {size}: pandoc / LibreOffice")
            info["compare"] = measure_compare(config, size, path)
    if "M" in files and "L" in files:
        say("[bench] M and L in turns (how time grows with size)")
        results["growth"] = measure_growth(config, files["M"], files["L"])
    if config.gui and files:
        say("[bench] GUI (offscreen)")
        results["gui"] = measure_gui(config, files)
    if config.web:
        say("[bench] web (local server on 127.0.0.1)")
        from benchmarks.web_bench import measure_in_child

        results["web"] = measure_in_child(config.python)
    if config.extras:
        say("[bench] fonts and a 20 MB text import")
        results["extras"] = measure_extras(config)
    say("[bench] quote suggestions")
    results["suggest"] = suggest_bench.measure_in_child(config.python, run_process)
    if config.library:
        from benchmarks import library_bench

        say("[bench] library: 100,000 articles on SQLite and PostgreSQL (built once, cached)")
        results["library"] = library_bench.run_all()
    results["targets"] = [t.as_dict() for t in evaluate(results)]
    results["load_end"] = os.getloadavg()[0]
    results["bench_seconds"] = time.perf_counter() - began
    return results


def main(argv: list[str] | None = None) -> int:
    config = parse_args(argv)
    if config.summarise:
        results = json.loads(config.summarise.read_text(encoding="utf-8"))
        print(report(results))
        print()
        print(readme_table(results))
        return 0
    results = run(config)
    config.out.parent.mkdir(parents=True, exist_ok=True)
    config.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(report(results))
    print(f"\nResults: {config.out}  ({results['bench_seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
