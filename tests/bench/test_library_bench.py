"""The library benchmark's corpus and a small run of its measurement (no timings asserted)."""

from __future__ import annotations

from benchmarks import library_bench
from benchmarks.library_corpus import articles, tags_for


def test_the_corpus_is_deterministic_and_varied() -> None:
    first = list(articles(60, seed=3))
    again = list(articles(60, seed=3))
    assert [a.text for a in first] == [a.text for a in again]
    assert len({a.text for a in first}) == 60
    assert {a.language for a in first} == {"en", "zh"}
    assert all(len(a.text.split()) >= 300 or a.language == "zh" for a in first)
    assert tags_for(5) == tags_for(5)


def test_measure_reports_every_figure(tmp_path) -> None:
    location = str(tmp_path / "library.sqlite3")
    library_bench.build(location, 120)
    result = library_bench.measure(location, adds=20, repeat=1)
    assert result["articles"] == 120  # the articles added to time it are removed again
    assert result["added_new"] == 20
    for key in ("search_median_ms", "search_p95_ms", "adds_per_s", "search_memory_mb"):
        assert result[key] >= 0
    assert result["results_per_query"]["U.S. (NATO"] > 0
    lines = library_bench.verdicts({"sqlite": result})
    assert any("search_median_ms" in line for line in lines)
