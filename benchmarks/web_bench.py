"""The web benchmark, against the local site on 127.0.0.1 (no other address is used):

- 200 article URLs (in 4 feeds of 50) fetched, read and filed in a fresh library;
- a refresh of 50 feeds in which nothing changed (each answers 304 to its ETag);
- the daily run at S (20 new articles, 2 sections) end to end: refresh, pick, DOCX, PDF,
  HTML and the .eml draft.

    python -m benchmarks.web_bench [--out results.json]

Run by `benchmarks.run` in a fresh interpreter; prints one RESULT line of JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.web_site import LocalSite, article_page, rss_feed, story_text

RESULT_PREFIX = "WEB-RESULT "
NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)


def _serve_articles(site: LocalSite, prefix: str, count: int, first_seed: int) -> list[tuple]:
    items = []
    for n in range(count):
        seed = first_seed + n
        path = f"/{prefix}/{seed}"
        paragraphs = story_text(seed, words=500)
        site.page(path, article_page(f"Story {seed}", paragraphs))
        items.append((f"{prefix}-{seed}", site.url(path), f"Story {seed}"))
    return items


def bench_articles(site: LocalSite, folder: Path) -> dict[str, float]:
    from briefing.core.feeds import refresh_feeds
    from briefing.core.library import open_library
    from briefing.core.library.feeds import LibraryFeedStore

    for feed in range(4):
        items = _serve_articles(site, f"a{feed}", 50, 10_000 + feed * 50)
        site.page(f"/a{feed}.rss", rss_feed(f"A{feed}", items, base=site.base), etag=f'"{feed}"')
    library = open_library(folder / "library.sqlite3")
    with LibraryFeedStore(library) as store:
        for feed in range(4):
            store.add_feed(site.url(f"/a{feed}.rss"), ["bench"], NOW)
        started = time.perf_counter()
        results = refresh_feeds(store, now=NOW)
        seconds = time.perf_counter() - started
    library.close()
    filed = sum(len(r.new) for r in results)
    return {"seconds": seconds, "filed": filed, "per_second": filed / seconds}


def bench_unchanged_feeds(site: LocalSite, folder: Path) -> dict[str, float]:
    from briefing.core.feeds import refresh_feeds
    from briefing.core.library import open_library
    from briefing.core.library.feeds import LibraryFeedStore

    with open_library(folder / "unchanged.sqlite3") as library, LibraryFeedStore(library) as store:
        for n in range(50):
            body = rss_feed(f"U{n}", [], base=site.base)
            site.page(f"/u{n}.rss", body, etag=f'"u{n}"', content_type="application/rss+xml")
            store.add_feed(site.url(f"/u{n}.rss"), [], NOW)
        refresh_feeds(store, now=NOW)  # learns the ETags
        started = time.perf_counter()
        results = refresh_feeds(store, now=NOW)
        seconds = time.perf_counter() - started
    assert all(r.unchanged for r in results), [r.summary() for r in results]
    return {"seconds": seconds, "feeds": len(results)}


def bench_daily_run(site: LocalSite, folder: Path) -> dict[str, float]:
    from briefing.core.daily import EXIT_WRITTEN, run_daily
    from briefing.core.library import open_library
    from briefing.core.library.feeds import LibraryFeedStore
    from briefing.render.export import export_briefing

    items = []
    for n in range(20):
        seed = 50_000 + n
        paragraphs = story_text(seed, words=500)
        topic = "corridor" if n % 2 else "pipeline"
        paragraphs[0] = f"The {topic} story {n}: " + paragraphs[0]
        path = f"/d/{seed}"
        site.page(path, article_page(f"Daily {n}", paragraphs))
        items.append((f"d-{seed}", site.url(path), f"Daily {n}"))
    site.page("/daily.rss", rss_feed("Daily", items, base=site.base))
    rules = folder / "rules.toml"
    rules.write_text(
        '[briefing]\ntitle = "Bench {date}"\noutput = "out/bench-{date}"\n'
        'formats = ["docx", "pdf", "html"]\nemail = true\n'
        f'[[section]]\nheading = "Corridor"\nquery = "corridor"\ncap = 20\n'
        f'feeds = ["{site.url("/daily.rss")}"]\n'
        '[[section]]\nheading = "Pipeline"\nquery = "pipeline"\ncap = 20\n',
        encoding="utf-8",
    )
    library = open_library(folder / "daily-library.sqlite3")

    def export(briefing, target: Path, fmt: str) -> Path:  # type: ignore[no-untyped-def]
        return export_briefing(briefing, target, fmt=fmt)

    with LibraryFeedStore(library) as store:
        started = time.perf_counter()
        outcome = run_daily(rules, store=store, now=NOW, exporter=export)
        seconds = time.perf_counter() - started
    library.close()
    assert outcome.exit_status == EXIT_WRITTEN, outcome.report
    return {"seconds": seconds, "articles": len(outcome.included)}


def measure() -> dict[str, object]:
    os.environ["BRIEFING_ALLOW_PRIVATE_HOSTS"] = "1"  # the local site is on 127.0.0.1
    import trafilatura  # noqa: F401  (loaded once, as an app would have it loaded)

    with tempfile.TemporaryDirectory(prefix="web-bench-") as tmp, LocalSite() as site:
        folder = Path(tmp)
        return {
            "articles_200": bench_articles(site, folder),
            "unchanged_50": bench_unchanged_feeds(site, folder),
            "daily_run_S": bench_daily_run(site, folder),
        }


def measure_in_child(python: str = sys.executable) -> dict[str, object]:
    """`measure` in a fresh interpreter (as `benchmarks.run` measures everything else)."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [python, "-m", "benchmarks.web_bench"], capture_output=True, text=True, cwd=root,
        timeout=900, check=False,
    )  # fmt: skip
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return dict(json.loads(line[len(RESULT_PREFIX) :]))
    return {"error": f"exit {done.returncode}: {done.stderr.strip()[-400:]}"}


def targets(web: dict) -> list[tuple[str, float | None, float, str]]:  # type: ignore[type-arg]
    """(name, value, limit, unit) for the issue's three budgets."""

    def seconds(key: str) -> float | None:
        value = web.get(key, {}).get("seconds")
        return float(value) if isinstance(value, int | float) else None

    return [
        ("200 article URLs fetched and filed", seconds("articles_200"), 60.0, "s"),
        ("Refresh of 50 unchanged feeds", seconds("unchanged_50"), 2.0, "s"),
        ("Daily run at S, end to end", seconds("daily_run_S"), 10.0, "s"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.web_bench")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    results = measure()
    text = json.dumps(results)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(RESULT_PREFIX + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
