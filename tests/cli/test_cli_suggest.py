"""`briefing suggest` and `briefing import --suggest`, run in process through `main`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.core.checks import run_checks
from briefing.core.storage import load_briefing
from briefing.core.suggest import has_model
from briefing.core.theme import Theme

pytestmark = pytest.mark.skipif(not has_model("en"), reason="the English pipeline is not installed")

ARTICLE = (
    "Ministers meet in Brussels\n\n"
    "NATO Secretary General Marten Holvik said on Tuesday that the alliance would double its "
    "air-defence deliveries.\n\n"
    "“This is not a gesture, it is a commitment,” Holvik told reporters.\n\n"
    "Hungary's Foreign Minister Laszlo Bereny warned that the plan “must not drag the alliance "
    "into the war”.\n"
)


@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_json_lists_every_suggestion_with_the_documented_keys(
    article_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["suggest", str(article_file), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [set(item) for item in found] == [
        {"kind", "text", "start", "end", "speaker", "role", "confidence", "reason"}
    ] * len(found)
    direct = next(item for item in found if item["kind"] == "direct")
    assert direct["text"] == "This is not a gesture, it is a commitment,"
    assert ARTICLE[direct["start"] : direct["end"]] == direct["text"]
    assert (direct["speaker"], direct["role"]) == ("Marten Holvik", "NATO Secretary General")
    kinds = sorted(item["kind"] for item in found)
    assert kinds == ["direct", "mixed", "reported", "reported"]


def test_plain_output_is_one_line_per_suggestion(
    article_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["suggest", str(article_file)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4
    assert any(line.startswith("direct") and "Marten Holvik" in line for line in lines)


def test_import_with_suggest_files_unconfirmed_clips_that_the_checks_flag(
    article_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.briefing"
    assert main(["import", str(article_file), "--into", str(target), "--suggest"]) == 0
    briefing = load_briefing(target)
    assert briefing.clips and all(c.suggested for c in briefing.clips)
    quote = next(c for c in briefing.clips if c.text.startswith("This is not"))
    assert (quote.speaker, quote.speaker_role) == ("Marten Holvik", "NATO Secretary General")
    codes = {f.code for f in run_checks(briefing, Theme(), uncovered=lambda _t: set())}
    assert "suggestions-unconfirmed" in codes

    assert main(["suggest", str(target), "--json"]) == 0
    from_briefing = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert {item["article"] for item in from_briefing} == {briefing.articles[0].id}


def test_import_without_suggest_files_no_clips(article_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.briefing"
    assert main(["import", str(article_file), "--into", str(target)]) == 0
    assert load_briefing(target).clips == []
    assert '"suggested"' not in target.read_text(encoding="utf-8")


def test_a_missing_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["suggest", str(tmp_path / "nope.txt")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope.txt" in err
