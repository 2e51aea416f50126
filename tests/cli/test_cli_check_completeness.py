"""`briefing check` reports what the app's Checks panel reports, completeness included; only
--strict turns warnings into a failing exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.core.resources import resource_path

SAMPLE = resource_path("sample", "sample.briefing")


def _edited(tmp_path: Path, change) -> Path:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "edited.briefing"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _draft(data: dict) -> None:
    data["meta"]["title"] = ""
    data["sections"].append({"id": "s-empty", "heading": "Later", "commentary": "", "items": []})


def test_check_shows_the_completeness_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _edited(tmp_path, _draft)
    assert main(["check", str(path)]) == 0  # warnings only: still a pass
    captured = capsys.readouterr()
    for code in ("[no-title]", "[section-empty]", "[clips-unplaced]"):
        assert code in captured.err
    assert "“Later”" in captured.err
    assert "0 error(s)" in captured.out and "0 warning(s)" not in captured.out


def test_the_sample_shows_its_unplaced_clips(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SAMPLE)]) == 0
    assert "[clips-unplaced]" in capsys.readouterr().err


def test_strict_fails_on_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _edited(tmp_path, _draft)
    assert main(["check", "--strict", str(path)]) == 2
    assert "[no-title]" in capsys.readouterr().err


def test_strict_passes_a_complete_briefing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def complete(data: dict) -> None:
        placed = {i["clip"] for s in data["sections"] for i in s["items"] if i["type"] == "clip"}
        data["clips"] = [c for c in data["clips"] if c["id"] in placed]

    path = _edited(tmp_path, complete)
    assert main(["check", "--strict", str(path)]) == 0, capsys.readouterr().err
    assert "0 warning(s)" in capsys.readouterr().out


def test_export_report_keeps_to_trust_and_drawing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _edited(tmp_path, _draft)
    assert main(["export", str(path), "-o", str(tmp_path / "o.html")]) == 0
    assert "[no-title]" not in capsys.readouterr().err
