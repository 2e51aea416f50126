"""The web subcommands: import URL, feeds add/list/remove/refresh, run."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest

from benchmarks.web_site import LocalSite, article_page, rss_feed, story_text
from briefing.cli import main
from briefing.core.resources import resource_path
from briefing.core.storage import load_briefing


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[LocalSite]:
    monkeypatch.setenv("BRIEFING_ALLOW_PRIVATE_HOSTS", "1")
    monkeypatch.setenv("BRIEFING_FEEDS_DB", str(tmp_path / "web.sqlite3"))
    monkeypatch.setenv("BRIEFING_LIBRARY", str(tmp_path / "library.sqlite3"))
    with LocalSite() as running:
        yield running


def test_import_accepts_urls_and_files_together(
    site: LocalSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = site.page("/a", article_page("Talks resume", story_text(1)))
    note = tmp_path / "note.txt"
    note.write_text("A note\n\nSome text of the note.", encoding="utf-8")
    target = tmp_path / "b.briefing"
    assert main(["import", url, str(note), "--into", str(target)]) == 0
    titles = [a.title for a in load_briefing(target).articles]
    assert titles == ["Talks resume", "A note"]
    article = load_briefing(target).articles[0]
    assert article.source_kind == "url" and article.accessed_at and article.text_sha256


def test_import_of_a_bad_url_is_one_line_and_exit_2(
    site: LocalSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "b.briefing"
    assert main(["import", site.url("/missing"), "--into", str(target)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "HTTP 404" in err[0]
    assert main(["import", "ftp://127.0.0.1/x", "--into", str(target)]) == 2
    assert "only http and https" in capsys.readouterr().err
    assert not target.exists()


def test_feeds_add_list_refresh_remove(
    site: LocalSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site.page("/s1", article_page("One", story_text(1)))
    site.page("/s2", article_page("Two", story_text(2)))
    feed = site.page("/f.rss", rss_feed("Wire", [("1", site.url("/s1"), "One"),
                                                  ("2", site.url("/s2"), "Two")],
                                         base=site.base), etag='"e"')  # fmt: skip
    broken = site.page("/broken.rss", b"<rss><chan")
    assert main(["feeds", "add", feed, "--tag", "wire"]) == 0
    assert main(["feeds", "add", broken]) == 0
    assert "subscribed [wire]" in capsys.readouterr().out
    assert main(["feeds", "refresh"]) == 2  # one feed failed; the other was still read
    out = capsys.readouterr().out
    assert f"{feed}: 2 new, 0 duplicate, 0 failed" in out
    assert f"{broken}: failed: not a readable feed" in out
    assert main(["feeds", "refresh", "1"]) == 0
    assert "0 new, 0 duplicate, 0 failed (unchanged)" in capsys.readouterr().out
    assert main(["feeds", "list"]) == 0
    listing = capsys.readouterr().out
    assert "Wire\twire\t2 unread" in listing and "error: not a readable feed" in listing
    assert main(["feeds", "remove", broken]) == 0
    assert main(["feeds", "remove", "99"]) == 2
    assert "no such feed" in capsys.readouterr().err
    assert main(["feeds", "add", "file:///etc/passwd"]) == 2


def test_run_exit_statuses(
    site: LocalSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    words = story_text(5)
    words[0] = "Corridor talks: " + words[0]
    site.page("/s5", article_page("Corridor talks", words))
    feed = site.page("/f.rss", rss_feed("F", [("5", site.url("/s5"), "C")], base=site.base))
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[briefing]\noutput = "out/daily-{date}"\nformats = ["html"]\n'
        f'[[section]]\nheading = "News"\nquery = "corridor"\nfeeds = ["{feed}"]\n',
        encoding="utf-8",
    )
    assert main(["run", str(rules)]) == 0
    assert list((tmp_path / "out").glob("daily-*.html"))
    assert main(["run", str(rules)]) == 3
    assert "nothing new" in capsys.readouterr().out
    rules.write_text("[briefing]\nformats = 'pdf'\n[[section]]\nheading='x'\n", encoding="utf-8")
    assert main(["run", str(rules)]) == 2
    assert "line 2: formats must be a list" in capsys.readouterr().err


def test_the_worked_example_runs_against_the_local_site(
    site: LocalSite,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    example = Path(resource_path("rules", "morning.toml"))
    for name in ("morning.toml", "template.briefing"):
        shutil.copy(example.parent / name, tmp_path / name)
    rules = tmp_path / "morning.toml"
    # The example's feed points at news.example; here it is the local site.
    words = story_text(9)
    words[0] = "Grain corridor: " + words[0]
    site.page("/s9", article_page("Grain corridor", words, outlet="Kyiv Courier"))
    feed = site.page("/energy.rss", rss_feed("E", [("9", site.url("/s9"), "G")], base=site.base))
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("https://news.example/energy/rss", feed),
        encoding="utf-8",
    )
    moment = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)  # the run's own clock
    monkeypatch.setattr("briefing.cli_web._now", lambda: moment)
    assert main(["run", str(rules)]) == 0, capsys.readouterr().err
    written = sorted(p.suffix for p in (tmp_path / "out").iterdir())
    assert written == [".docx", ".eml", ".html", ".pdf"]
    (word,) = (tmp_path / "out").glob("*.docx")
    created = docx.Document(str(word)).core_properties.created  # the run's moment, in UTC
    assert created == moment


def test_library_add_accepts_a_url(site: LocalSite, capsys: pytest.CaptureFixture[str]) -> None:
    url = site.page("/lib", article_page("Filed from the web", story_text(11)))
    assert main(["library", "add", url, "--tag", "web"]) == 0
    assert "Filed from the web" in capsys.readouterr().out
    assert main(["library", "add", url]) == 0
    assert "already in the library" in capsys.readouterr().out


def test_a_url_filed_in_the_library_keeps_its_web_facts_into_a_briefing(
    site: LocalSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = site.page("/paid", article_page(
        "Behind the wall", story_text(12, words=300), free=False,
        description="What the budget leak shows."))  # fmt: skip
    assert main(["library", "add", url]) == 0
    ident = capsys.readouterr().out.split("\t", 1)[0].strip()
    assert main(["library", "show", ident]) == 0
    shown = capsys.readouterr().out
    assert "summary:   What the budget leak shows." in shown
    assert "partial:   the page says it is for subscribers" in shown and "accessed:  20" in shown
    target = tmp_path / "copy.briefing"
    assert main(["library", "to-briefing", ident, "--into", str(target)]) == 0
    [article] = load_briefing(target).articles
    assert article.partial and article.description == "What the budget leak shows."
    assert article.accessed_at.startswith("20")
