"""`make bench`, the library part: a synthetic library of 100,000 articles on each engine.

    python -m benchmarks.library_bench [--articles N] [--engines sqlite,postgres] [--json]

The library is built once through the real `add_many` and cached outside the repository
(SQLite: the user's cache folder; PostgreSQL: a server data folder under /var/tmp, owned by
the server's user), keyed by size and seed; a newer schema is reached by the library's own
migrations when the cache is opened. Each measurement runs in a fresh
process (`measure` below), so the peak memory it reports is that of the searches alone:
  - search: every query of QUERIES with a first page of 50 results and their snippets,
    REPEAT times; median and 95th percentile;
  - adding: ADDS new articles through `add_many` in batches of ADD_BATCH (as a folder import
    or `briefing library add` files them, with every duplicate check), and SINGLE_ADDS one
    `add` at a time (each its own transaction); then removed again so the cache stays as
    built;
    (on PostgreSQL the add that fills the search index's pending list, once in about 1,300
    articles added, so in most runs, also merges it into the index: compare the medians of
    several runs);
  - memory: peak resident set size during the searches minus the size when idle;
  - the library pane's first screen (offscreen Qt), when the GUI part is available.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import platformdirs

from benchmarks.library_corpus import articles, tags_for
from benchmarks.pgserver import TemporaryPostgres, postgres_bin_dir

ARTICLES = 100_000
SEED = 7
REPEAT = 5
ADDS = 1_000
ADD_BATCH = 50  # what the app's folder import files per transaction
SINGLE_ADDS = 300
BATCH = 1_000
QUERIES = (
    "kaloven", "nato patriot", '"said the"', "vilnius OR brussels", "kremlin -nato", "tramar*",
    "percee", "Москва санкции", "北约", "能源谈", "U.S. (NATO", "zelensky rutte", "defense",
)  # fmt: skip
FILTERED = (("", {"tags": ("NATO",)}), ("vilnius", {"since": "2025-06-01"}),
            ("", {"language": "zh"}), ("kaloven", {"unused": True}))
TARGETS = {"search_median_ms": 50, "search_p95_ms": 150, "adds_per_s": 500,
           "search_memory_mb": 100, "pane_first_screen_ms": 300}
RESULT_PREFIX = "LIBRARY-BENCH "


def cache_folder() -> Path:
    return platformdirs.user_cache_path("briefing-builder", appauthor=False) / "bench"


def build(location: str, count: int) -> float:
    from briefing.core.library import open_library

    began = time.perf_counter()
    with open_library(location, user="bench@machine") as library:
        have = library.count()
        for start in range(have, count, BATCH):
            batch = list(articles(min(BATCH, count - start), SEED, start))
            results = library.add_many(batch)
            by_tag: dict[str, list[int]] = {}
            for number, result in zip(range(start, start + len(batch)), results, strict=True):
                for tag in tags_for(number):
                    by_tag.setdefault(tag, []).append(result.article.id)
            for tag, ids in by_tag.items():
                library.tag(ids, add=[tag])
            print(f"[library-bench] built {start + len(batch):,} of {count:,}", file=sys.stderr)
    return time.perf_counter() - began


def sqlite_location(count: int) -> str:
    folder = cache_folder()
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / f"library-{count}-{SEED}.sqlite3")


class CachedPostgres(TemporaryPostgres):
    """A server whose data folder is kept between runs (the built library is reused)."""

    def __init__(self, count: int) -> None:
        super().__init__()
        os.rmdir(self.folder)
        root = Path("/var/tmp") if os.geteuid() == 0 else cache_folder()
        self.folder = root / f"briefing-bench-pg-{count}-{SEED}"
        self.data = self.folder / "data"
        self.url = f"postgresql://postgres@/postgres?host={self.folder}"

    def start(self) -> CachedPostgres:
        if self.data.exists():
            self._start_server()
            return self
        self.folder.mkdir(parents=True, exist_ok=True)
        super().start()
        return self

    def _start_server(self) -> None:
        options = (f"-k {self.folder} -c listen_addresses='' -F -c max_connections=40 "
                   "-c shared_buffers=128MB")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                  str(self.folder / "server.log"), "-w", "-t", "60", "start")

    def stop(self) -> None:  # keep the data
        with contextlib.suppress(RuntimeError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")


# ---- measurement, in a fresh process ----------------------------------------------------------
def _status_mb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> None:
    """Start the peak resident size (VmHWM) afresh from the current size (Linux)."""
    with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
        clear.write("5")


def measure(location: str, *, adds: int = ADDS, repeat: int = REPEAT) -> dict[str, Any]:
    from briefing.core.library import SearchFilters, open_library

    library = open_library(location, user="bench@machine")
    library.search("warm up", limit=1)
    idle = _status_mb("VmRSS")
    _reset_peak()
    times: list[float] = []
    # This process's CPU time too: on a loaded machine the wall time mostly measures the
    # queue for a core (for PostgreSQL the server's share is not in it).
    cpu_times: list[float] = []
    per_query: dict[str, float] = {}
    counts: dict[str, int] = {}
    cases = [(q, {}) for q in QUERIES] + list(FILTERED)
    for query, options in cases:
        filters = SearchFilters(**options)
        label = f"{query} {options}".strip() if options else query
        runs = []
        for _ in range(repeat):
            began, cpu = time.perf_counter(), time.process_time()
            hits = library.search(query, filters, limit=50)
            runs.append(time.perf_counter() - began)
            cpu_times.append(time.process_time() - cpu)
        times += runs
        per_query[label] = round(statistics.median(runs) * 1000, 1)
        counts[label] = len(hits)
    peak = _status_mb("VmHWM")
    began = time.perf_counter()
    library.count("nato")
    count_ms = (time.perf_counter() - began) * 1000
    fresh = list(articles(adds, SEED + 1, 10_000_000))
    began, cpu = time.perf_counter(), time.process_time()
    added = [result for start in range(0, adds, ADD_BATCH)
             for result in library.add_many(fresh[start : start + ADD_BATCH])]
    add_seconds = time.perf_counter() - began
    add_cpu_seconds = time.process_time() - cpu
    batched_new = sum(r.added for r in added)
    single_count = min(SINGLE_ADDS, adds)
    singles = list(articles(single_count, SEED + 2, 11_000_000))
    began = time.perf_counter()
    added += [library.add(article) for article in singles]
    single_seconds = time.perf_counter() - began
    for result in added:
        if result.added:
            library.delete(result.article.id)
    ordered = sorted(times)
    result = {
        "articles": library.count(),
        "search_median_ms": statistics.median(times) * 1000,
        "search_p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
        "search_max_ms": ordered[-1] * 1000,
        "search_cpu_median_ms": statistics.median(cpu_times) * 1000,
        "search_cpu_p95_ms": sorted(cpu_times)[int(0.95 * (len(cpu_times) - 1))] * 1000,
        "adds_per_cpu_s": adds / add_cpu_seconds if add_cpu_seconds else 0.0,
        "load_average": os.getloadavg()[0],
        "per_query_median_ms": per_query,
        "results_per_query": counts,
        "count_nato_ms": count_ms,
        "adds_per_s": adds / add_seconds,
        "single_adds_per_s": single_count / single_seconds,
        "added_new": batched_new,
        "idle_mb": idle,
        "search_memory_mb": max(0.0, peak - idle),
    }
    library.close()
    return result


def _child(*args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "benchmarks.library_bench", *args],
                          capture_output=True, text=True, env=env, check=False, timeout=3600)
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX):])
    return {"error": (done.stderr.strip() or done.stdout.strip())[-600:]}


def run_all(count: int = ARTICLES, engines: tuple[str, ...] = ("sqlite", "postgres")) -> dict:
    results: dict[str, Any] = {"articles": count, "targets": TARGETS}
    if "sqlite" in engines:
        location = sqlite_location(count)
        results["sqlite_build_s"] = round(build(location, count), 1)
        results["sqlite"] = _child("measure", location)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        results["pane"] = _child("pane", location, env=env)
    if "postgres" in engines:
        if postgres_bin_dir() is None:
            results["postgres"] = {"error": "no PostgreSQL binaries"}
        else:
            with CachedPostgres(count) as server:
                results["postgres_build_s"] = round(build(server.url, count), 1)
                results["postgres"] = _child("measure", server.url)
    return results


def verdicts(results: dict[str, Any]) -> list[str]:
    lines = []
    for engine in ("sqlite", "postgres"):
        found = results.get(engine, {})
        if "error" in found:
            lines.append(f"{engine}: ERROR {found['error']}")
            continue
        if not found:
            continue
        for key in ("search_median_ms", "search_p95_ms", "adds_per_s", "search_memory_mb"):
            value, target = found[key], TARGETS[key]
            ok = value >= target if key == "adds_per_s" else value <= target
            sign = "≥" if key == "adds_per_s" else "≤"
            lines.append(f"{engine:8} {key:18} {value:9.1f}  target {sign} {target}  "
                         f"{'ok' if ok else 'MISSED'}")
        if "search_cpu_median_ms" in found:
            lines.append(
                f"{engine:8} (load average {found['load_average']:.1f}; this process's CPU: "
                f"search median {found['search_cpu_median_ms']:.1f} ms, p95 "
                f"{found['search_cpu_p95_ms']:.1f} ms, {found['adds_per_cpu_s']:.0f} adds per "
                f"CPU second; one add at a time {found['single_adds_per_s']:.0f}/s; "
                f"{found['articles']:,} articles)")
    pane = results.get("pane", {})
    if "pane_first_screen_ms" in pane:
        value = pane["pane_first_screen_ms"]
        lines.append(f"{'gui':8} {'pane_first_screen_ms':18} {value:9.1f}  target ≤ 300  "
                     f"{'ok' if value <= 300 else 'MISSED'}")
    elif pane:
        lines.append(f"gui: pane not measured: {pane.get('error', '')[:200]}")
    return lines


def pane(location: str) -> dict[str, Any]:
    """The library pane's first screen: from opening the view on the library to its first
    rows painted (offscreen)."""
    try:
        from benchmarks.library_pane_bench import first_screen_ms
    except ImportError as exc:
        return {"error": f"GUI library pane not available: {exc}"}
    return {"pane_first_screen_ms": first_screen_ms(location)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.library_bench")
    parser.add_argument("mode", nargs="?", default="all", choices=("all", "measure", "pane"))
    parser.add_argument("location", nargs="?", default="")
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    if args.mode == "measure":
        print(RESULT_PREFIX + json.dumps(measure(args.location)))
        return 0
    if args.mode == "pane":
        print(RESULT_PREFIX + json.dumps(pane(args.location)))
        return 0
    results = run_all(args.articles, tuple(e.strip() for e in args.engines.split(",")))
    print(json.dumps(results, indent=2, ensure_ascii=False))
    print("\n".join(verdicts(results)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
