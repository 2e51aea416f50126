"""Quote suggestions: gold-set scores on both parts, speed after the model is loaded, model load
time and the peak memory of a process holding the model.

    python -m benchmarks.suggest_bench [--json] [--repeat N]

Run in a fresh interpreter (benchmarks.run starts it as a child) so the model load is a real
first load and the peak resident set is that of a process with the model in it. The 5 KB and
50 KB articles are built from the gold texts (real news prose with quotes every few lines),
repeated until long enough, so the speed is measured on the kind of text the rules meet.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "quotes"
TARGETS = {  # the limits: seconds, and MB for memory
    "article_5kb": 0.150,
    "article_50kb": 1.5,
    "model_load": 4.0,
    "peak_rss_mb": 500.0,
}
RESULT_PREFIX = "SUGGEST-BENCH "


def _english_prose(size: int) -> str:
    from briefing.core.suggest.score import load_gold

    texts = [
        a.text for part in ("tune", "heldout") for a in load_gold(GOLD / part) if a.language == "en"
    ]
    text, i = "", 0
    while len(text) < size:
        text += texts[i % len(texts)] + "\n\n"
        i += 1
    cut = text.rfind("\n\n", 0, size)
    return text[: cut if cut > size // 2 else size]


def _longest_wait(text: str) -> float:
    """The longest a thread standing in for the GUI waits for the interpreter while another
    thread finds the quotes of `text` (the GIL is the only thing that could block typing)."""
    import threading

    from briefing.core.suggest import suggest_quotes

    done = threading.Event()
    worker = threading.Thread(target=lambda: (suggest_quotes(text, "en"), done.set()))
    longest, last = 0.0, time.perf_counter()
    worker.start()
    while not done.is_set():
        time.sleep(0.002)
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    worker.join()
    return longest


def measure(repeat: int) -> dict[str, object]:
    began = time.perf_counter()
    from briefing.core.suggest import has_model, suggest_quotes
    from briefing.core.suggest.nlp import load
    from briefing.core.suggest.score import load_gold, score

    if not has_model("en"):
        return {"error": "the English pipeline is not installed"}
    imported = time.perf_counter()
    load("en")
    loaded = time.perf_counter()
    results: dict[str, object] = {
        "load_average": os.getloadavg()[0],
        "import_seconds": imported - began,
        "model_load": loaded - began,  # import of spaCy included: what the first use costs
    }
    for name, size in (("article_5kb", 5_000), ("article_50kb", 50_000)):
        text = _english_prose(size)
        times, cpu = [], []
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            found = suggest_quotes(text, "en")
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        results[name] = {
            "median": statistics.median(times),
            # CPU time: what the work costs whatever else the machine runs (wall time on a
            # shared machine is this divided by the share of a core the process gets)
            "cpu_median": statistics.median(cpu),
            "runs": times,
            "chars": len(text),
            "suggestions": len(found),
        }
    results["gui_thread_longest_wait"] = _longest_wait(_english_prose(50_000))
    for part in ("tune", "heldout"):
        s = score(load_gold(GOLD / part), suggest_quotes, has_model)
        results[f"score_{part}"] = {
            "span_precision": s.span_precision,
            "span_recall": s.span_recall,
            "speaker": s.speaker_accuracy,
            "role": s.role_accuracy,
            "reported_precision": s.reported_precision,
            "summary": s.summary(),
        }
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


def report_lines(results: dict[str, object]) -> list[str]:
    """The lines `make bench` prints for the suggestions."""
    if "error" in results:
        return [f"Quote suggestions: not measured ({results['error']})"]

    def verdict(key: str, value: float) -> str:
        return "pass" if value <= TARGETS[key] else "MISS"

    lines = [f"Quote suggestions (issue 11), load average {results.get('load_average', '?')}:"]
    for part in ("tune", "heldout"):
        scores = results[f"score_{part}"]
        lines.append(f"  {part:<8} {scores['summary']}")  # type: ignore[index]
    load_s = float(results["model_load"])  # type: ignore[arg-type]
    lines.append(
        f"  model load (spaCy import included) {load_s:.2f} s "
        f"(≤ {TARGETS['model_load']:.0f} s: {verdict('model_load', load_s)})"
    )
    for key, label in (("article_5kb", "5 KB article"), ("article_50kb", "50 KB article")):
        data = results[key]
        median = float(data["median"])  # type: ignore[index]
        cpu = float(data.get("cpu_median", 0.0))  # type: ignore[union-attr]
        lines.append(
            f"  {label} after load: median {median * 1000:.0f} ms (CPU {cpu * 1000:.0f} ms), "
            f"{data['suggestions']} suggestions "  # type: ignore[index]
            f"(≤ {TARGETS[key] * 1000:.0f} ms: {verdict(key, median)})"
        )
    wait = float(results.get("gui_thread_longest_wait", 0.0))  # type: ignore[arg-type]
    lines.append(
        f"  GUI thread's longest wait while a 50 KB article is analysed in a worker: "
        f"{wait * 1000:.0f} ms"
    )
    rss = float(results["peak_rss_mb"])  # type: ignore[arg-type]
    lines.append(
        f"  peak memory of the process with the model: {rss:.0f} MB "
        f"(app ≤ {TARGETS['peak_rss_mb']:.0f} MB: {verdict('peak_rss_mb', rss)})"
    )
    return lines


def measure_in_child(python: str, run_process: Callable[..., Any]) -> dict[str, object]:
    """For benchmarks.run: this module in a fresh interpreter, its peak RSS read by the parent."""
    done = run_process([python, "-m", "benchmarks.suggest_bench", "--json"])
    line = next((x for x in done.stdout.splitlines() if x.startswith(RESULT_PREFIX)), None)
    if done.returncode != 0 or line is None:
        return {"error": f"exit {done.returncode}: {done.stderr.strip()[-300:]}"}
    results: dict[str, object] = json.loads(line[len(RESULT_PREFIX) :])
    if "peak_rss_mb" in results:
        results["peak_rss_mb"] = max(float(results["peak_rss_mb"]), done.maxrss_mb)  # type: ignore[arg-type]
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.suggest_bench")
    parser.add_argument("--json", action="store_true", help="print one result line for run.py")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    results = measure(max(1, args.repeat))
    if args.json:
        print(RESULT_PREFIX + json.dumps(results))
    else:
        print("\n".join(report_lines(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
