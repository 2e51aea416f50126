"""Time and peak memory of importing one huge file, each in a fresh interpreter.

    python -m benchmarks.intake_memory --workdir DIR        all the cases below, one JSON object
    python -m benchmarks.intake_memory --measure FILE       one file (what the driver runs)

The cases are the files issue 14 found costly: a 38 MB HTML page of 500,000 paragraphs (18
minutes and 1.9 GB before the streaming reader), and a 49 MB text file on one line (946 MB,
later 262 MB); and the biggest page still given to the article extractor. "Peak over size"
is the growth of the process's peak resident set during the import, over the file's size:
the interpreter and libraries, loaded and warmed up first, are not counted. The goal is at
most 5x. The unit tests check the properties that bound it (what
reaches the tree-building extractor, that the budget stops the streaming reader); the figures
themselves are only measured here, where a slow machine cannot fail the suite.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

MB = 1024 * 1024
HTML_PARAGRAPH = "<p>Paragraph {} of the page, with words in it and more words to fill.</p>"
TEXT_SENTENCE = "Ministers met on Tuesday — this is historic, one said. "


def _write_page(path: Path, paragraphs: int) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        stream.write("<html><head><title>T</title></head><body>")
        for number in range(paragraphs):
            stream.write(HTML_PARAGRAPH.format(number))
        stream.write("</body></html>\n")
    return path


def write_cases(workdir: Path) -> dict[str, Path]:
    """The huge files, written once per run. The page at the tree limit is the costliest one
    the article extractor (trafilatura) is still given."""
    from briefing.core.intake.html_stream import TREE_PAGE_TAGS

    text = workdir / "one-line.txt"
    sentence = TEXT_SENTENCE.encode()
    text.write_bytes(b"Title " + sentence * (49_000_000 // len(sentence)))
    return {
        "import_html_40mb": _write_page(workdir / "huge-page.html", 500_000),
        "import_html_at_tree_limit": _write_page(
            workdir / "tree-limit.html", TREE_PAGE_TAGS // 2 - 100
        ),
        "import_text_49mb_one_line": text,
    }


def _status_mb(field: str) -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return None


def _reset_peak() -> float:
    """The resident set now, with the peak reset to it where Linux allows (a child's
    ru_maxrss starts at its parent's size at fork, which would hide the import's growth)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")  # 5: reset the peak resident set size to the current one
    except OSError:
        pass
    now = _status_mb("VmRSS")
    return now if now is not None else _peak_mb()


def _peak_mb() -> float:
    peak = _status_mb("VmHWM")
    if peak is not None:
        return peak
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def measure(path: Path) -> dict[str, object]:
    """Import `path` after a warm-up import of a small file of the same kind."""
    import tempfile

    from briefing.core.intake import import_file

    with tempfile.TemporaryDirectory(prefix="intake-warm-") as tmp:
        warm = Path(tmp) / f"warm{path.suffix}"
        warm.write_text("<html><head><title>W</title></head><body><p>Warm up.</p></body></html>"
                        if path.suffix == ".html" else "Warm up.\n", encoding="utf-8")
        import_file(warm)
    baseline = _reset_peak()
    start = time.perf_counter()
    error = ""
    try:
        article = import_file(path)
        chars = len(article.text)
    except Exception as exc:  # a refusal is a result too: it is what the user would see
        error, chars = str(exc), 0
    seconds = time.perf_counter() - start
    size_mb = path.stat().st_size / MB
    growth = _peak_mb() - baseline
    return {
        "median": seconds,
        "file_mb": round(size_mb, 1),
        "peak_growth_mb": round(growth, 1),
        "peak_over_size": round(growth / size_mb, 2),
        "text_chars": chars,
        "error": error,
    }


def measure_all(workdir: Path, timeout: float = 1800) -> dict[str, object]:
    results: dict[str, object] = {}
    for key, path in write_cases(workdir).items():
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.intake_memory", "--measure", str(path)],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
        if done.returncode != 0:
            results[key] = {"error": done.stderr.strip()[-500:]}
        else:
            results[key] = json.loads(done.stdout)
        path.unlink()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.intake_memory")
    parser.add_argument("--measure", type=Path)
    parser.add_argument("--workdir", type=Path, default=Path("."))
    args = parser.parse_args(argv)
    result = measure(args.measure) if args.measure else measure_all(args.workdir)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
