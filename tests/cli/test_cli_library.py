"""`briefing library …` and `briefing import` filing into the library."""

from __future__ import annotations

import json

import pytest

from briefing.cli import main
from briefing.core.library import open_library
from briefing.core.storage import load_briefing

AIR = "Allies agree on air defence\n\nMinisters met in Vilnius. Patriot batteries will arrive.\n"
RU = "Москва ответит\n\nМосква заявила о новых санкциях против U.S. и NATO.\n"


@pytest.fixture
def files(tmp_path):
    (tmp_path / "air.txt").write_text(AIR, encoding="utf-8")
    (tmp_path / "ru.txt").write_text(RU, encoding="utf-8")
    return tmp_path


@pytest.fixture
def lib_path(tmp_path):
    return str(tmp_path / "lib.sqlite3")


def cli(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_add_prints_new_ids_and_duplicates(files, lib_path, capsys):
    status, out, err = cli(capsys, "library", "--library", lib_path, "add",
                           str(files / "air.txt"), str(files / "ru.txt"), "--tag", "NATO")
    assert status == 0, err
    assert out.splitlines() == ["1\tAllies agree on air defence", "2\tМосква ответит"]
    status, out, _ = cli(capsys, "library", "add", "--library", lib_path, str(files / "air.txt"))
    assert status == 0
    assert out.strip() == "already in the library: 1\tAllies agree on air defence"
    with open_library(lib_path) as library:
        assert library.count() == 2 and library.get(1).tags == ["NATO"]


def test_add_reports_a_bad_file_and_still_adds_the_good_one(files, lib_path, capsys):
    status, out, err = cli(capsys, "library", "--library", lib_path, "add",
                           str(files / "missing.txt"), str(files / "air.txt"))
    assert status == 2
    assert "missing.txt: the file does not exist" in err
    assert out.startswith("1\t")


def test_the_environment_names_the_library(files, lib_path, capsys, monkeypatch):
    monkeypatch.setenv("BRIEFING_LIBRARY", lib_path)
    assert cli(capsys, "library", "add", str(files / "air.txt"))[0] == 0
    with open_library(lib_path) as library:
        assert library.count() == 1


def test_search_text_and_json(files, lib_path, capsys):
    cli(capsys, "library", "--library", lib_path, "add", str(files / "air.txt"),
        str(files / "ru.txt"), "--tag", "NATO")
    status, out, _ = cli(capsys, "library", "--library", lib_path, "search", "U.S. (NATO")
    assert status == 0
    first, snippet = out.splitlines()[:2]
    assert first.startswith("2\t") and first.endswith("Москва ответит")
    assert "[NATO]" in snippet
    status, out, _ = cli(capsys, "library", "--library", lib_path, "search", "patriot",
                         "--tag", "nato", "--json")
    hits = json.loads(out)
    assert [h["id"] for h in hits] == [1]
    start, end = hits[0]["highlights"][0]
    assert hits[0]["snippet"][start:end] == "Patriot"
    status, out, err = cli(capsys, "library", "--library", lib_path, "search", "patriot",
                           "--since", "2999-01-01")
    assert status == 0 and out == "" and "no article matches" in err


def test_search_since_and_until(lib_path, capsys):
    from briefing.core.model import Article

    with open_library(lib_path) as library:
        for day in ("2026-02-27", "2026-03-01", "2026-03-13", "2026-03-31", "2026-04-01"):
            library.add(Article(id="a", title=f"Report of {day}", text=f"a report of {day}",
                                published=day))

    def dates(*args: str) -> list[str]:
        status, out, err = cli(capsys, "library", "--library", lib_path, "search", "report",
                               *args)
        assert status == 0, err
        return sorted(line.split("\t")[1] for line in out.splitlines()
                      if not line.startswith("\t"))

    assert dates("--until", "2026-03-13") == ["2026-02-27", "2026-03-01", "2026-03-13"]
    assert dates("--since", "2026-03-01", "--until", "2026-03-13") == [
        "2026-03-01", "2026-03-13"]
    assert dates("--since", "2026-03", "--until", "2026-03") == [  # the whole month
        "2026-03-01", "2026-03-13", "2026-03-31"]
    assert dates("--until", "2026-02") == ["2026-02-27"]
    status, out, err = cli(capsys, "library", "--library", lib_path, "search", "report",
                           "--until", "2025")
    assert status == 0 and out == "" and "no article matches" in err
    status, out, _ = cli(capsys, "library", "--library", lib_path, "search", "--until",
                         "2026-03-01", "--json")
    assert [hit["published"] for hit in json.loads(out)] == ["2026-03-01", "2026-02-27"]


@pytest.mark.parametrize("bad", ["2026-13-01", "2026-02-30", "13/03/2026", "March"])
def test_a_bad_until_is_a_user_error(lib_path, capsys, bad):
    with pytest.raises(SystemExit) as caught:
        main(["library", "--library", lib_path, "search", "x", "--until", bad])
    assert caught.value.code == 2
    assert f'"{bad}" is not a date: use YYYY-MM-DD' in capsys.readouterr().err


def test_bad_dates_and_ids_are_user_errors(lib_path, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["library", "--library", lib_path, "search", "x", "--since", "2026-13-01"])
    assert caught.value.code == 2
    status, _, err = cli(capsys, "library", "--library", lib_path, "show", "7")
    assert status == 2 and "no article 7" in err
    status, _, err = cli(capsys, "library", "--library", lib_path)
    assert status == 2 and "say what to do" in err


def test_show_tag_and_tags(files, lib_path, capsys):
    cli(capsys, "library", "--library", lib_path, "add", str(files / "air.txt"),
        str(files / "ru.txt"))
    status, out, _ = cli(capsys, "library", "--library", lib_path, "tag", "1", "2",
                         "--add", "Europe", "--add", "war")
    assert status == 0
    cli(capsys, "library", "--library", lib_path, "tag", "2", "--remove", "war")
    status, out, _ = cli(capsys, "library", "--library", lib_path, "tags")
    assert out.splitlines() == ["2\tEurope", "1\twar"]
    status, out, _ = cli(capsys, "library", "--library", lib_path, "tags",
                         "--merge", "war", "--into", "Europe")
    assert out.splitlines() == ["2\tEurope"]
    status, out, _ = cli(capsys, "library", "--library", lib_path, "show", "1")
    assert "title:     Allies agree on air defence" in out and "tags:      Europe" in out
    assert out.rstrip().endswith("Patriot batteries will arrive.")
    status, out, _ = cli(capsys, "library", "--library", lib_path, "show", "2", "--json")
    assert json.loads(out)["text"] == RU.strip()


def test_to_briefing_copies_with_library_id_and_hash(files, lib_path, tmp_path, capsys):
    cli(capsys, "library", "--library", lib_path, "add", str(files / "air.txt"),
        str(files / "ru.txt"))
    target = tmp_path / "daily.briefing"
    status, out, err = cli(capsys, "library", "--library", lib_path, "to-briefing", "1", "2",
                           "--into", str(target), "--section", "Air defence")
    assert status == 0, err
    briefing = load_briefing(target)
    assert [a.library_id for a in briefing.articles] == ["1", "2"]
    with open_library(lib_path) as library:
        assert briefing.articles[0].text_sha256 == library.get(1).sha256
        assert library.get(1).uses == 1
    assert [s.heading for s in briefing.sections] == ["Air defence"]
    assert [briefing.clip(i.clip_id).text for i in briefing.sections[0].items] == [
        "Ministers met in Vilnius. Patriot batteries will arrive.",
        "Москва заявила о новых санкциях против U.S. и NATO."]
    status, out, _ = cli(capsys, "library", "--library", lib_path, "to-briefing", "1",
                         "--into", str(target))
    assert out.startswith("already in the briefing: ")
    assert len(load_briefing(target).articles) == 2
    status, _, err = cli(capsys, "library", "--library", lib_path, "to-briefing", "9",
                         "--into", str(target))
    assert status == 2 and "no article 9" in err


def test_import_files_the_articles_in_the_library(files, lib_path, tmp_path, capsys):
    target = tmp_path / "b.briefing"
    status, _, err = cli(capsys, "import", str(files / "air.txt"), "--into", str(target),
                         "--library", lib_path)
    assert status == 0, err
    article = load_briefing(target).articles[0]
    assert article.library_id == "1" and len(article.text_sha256) == 64
    with open_library(lib_path) as library:
        assert library.get(1).title == article.title
    other = tmp_path / "c.briefing"
    cli(capsys, "import", str(files / "ru.txt"), "--into", str(other), "--no-library",
        "--library", lib_path)
    assert load_briefing(other).articles[0].library_id == ""
    with open_library(lib_path) as library:
        assert library.count() == 1


def test_import_still_saves_when_the_library_cannot_be_opened(files, tmp_path, capsys):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database" * 200)
    target = tmp_path / "b.briefing"
    status, _out, err = cli(capsys, "import", str(files / "air.txt"), "--into", str(target),
                           "--library", str(broken))
    assert status == 0
    assert "warning: not filed in the library" in err and "damaged" in err
    assert load_briefing(target).articles[0].library_id == ""


def test_rebuild(files, lib_path, capsys):
    cli(capsys, "library", "--library", lib_path, "add", str(files / "air.txt"))
    status, out, _ = cli(capsys, "library", "--library", lib_path, "rebuild")
    assert status == 0 and out.strip() == "re-indexed 1 article(s)"
