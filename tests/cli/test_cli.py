"""The command line: exit status 0/1/2, one-line errors, real exports read back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import __version__
from briefing.cli import main
from briefing.core.resources import resource_path

SAMPLE = resource_path("sample", "sample.briefing")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"briefing {__version__}"


def test_usage_error_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "x.briefing"])  # no -o
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "-o/--output" in err


@pytest.mark.parametrize("suffix", [".html", ".docx", ".pdf"])
def test_export_sample(tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"sample{suffix}"
    assert main(["export", str(SAMPLE), "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert out.stat().st_size > 1000
    if suffix == ".html":
        html = out.read_text(encoding="utf-8")
        assert "OFFICIAL-SENSITIVE" in html


def test_a_docx_records_the_moment_of_export_as_its_creation_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    import docx

    out = tmp_path / "sample.docx"
    assert main(["export", str(SAMPLE), "-o", str(out), "--now", "2031-05-06T07:08:09+02:00"]) == 0
    props = docx.Document(str(out)).core_properties
    assert props.created == props.modified == dt.datetime(2031, 5, 6, 5, 8, 9, tzinfo=dt.UTC)
    # no --now: the clock when the export ran (bracketed, so this holds on any day), not
    # the briefing's own date
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    assert main(["export", str(SAMPLE), "-o", str(out), "-q"]) == 0
    created = docx.Document(str(out)).core_properties.created
    assert before <= created <= dt.datetime.now(dt.UTC)
    capsys.readouterr()
    assert main(["export", str(SAMPLE), "-o", str(out), "--now", "yesterday"]) == 2
    assert "--now 'yesterday': not an ISO 8601 date-time" in capsys.readouterr().err


def test_export_to_missing_folder_is_one_line_exit_2(tmp_path: Path) -> None:
    result = run_cli("export", str(SAMPLE), "-o", str(tmp_path / "nope" / "out.pdf"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("briefing: ") and "nope" in lines[-1]
    assert "Traceback" not in result.stderr


def test_export_unknown_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(SAMPLE), "-o", str(tmp_path / "out.odt")]) == 2
    assert "extension '.odt'" in capsys.readouterr().err


def test_export_truncated_briefing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.briefing"
    broken.write_bytes(SAMPLE.read_bytes()[:500])
    assert main(["export", str(broken), "-o", str(tmp_path / "o.pdf")]) == 2
    err = capsys.readouterr().err.strip()
    assert "broken.briefing" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "o.pdf").exists()


def test_export_dangling_reference_names_the_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["sections"][0]["items"].append({"type": "clip", "clip": "c-missing"})
    bad = tmp_path / "bad.briefing"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert main(["export", str(bad), "-o", str(tmp_path / "o.docx")]) == 2
    assert "sections[0].items[" in capsys.readouterr().err


def test_strict_refuses_when_checks_find_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    placed = {i["clip"] for s in data["sections"] for i in s["items"] if i["type"] == "clip"}
    clip = next(c for c in data["clips"] if c["id"] in placed)
    clip["text"] = clip["text"] + " (and words nobody said)"
    edited = tmp_path / "edited.briefing"
    edited.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "o.html"
    assert main(["export", str(edited), "-o", str(out), "--strict"]) == 2
    err = capsys.readouterr().err
    assert "quote-mismatch" in err and "not exported" in err
    assert not out.exists()
    assert main(["export", str(edited), "-o", str(out)]) == 0  # warnings only without --strict
    assert main(["check", str(edited)]) == 2


def test_check_sample_has_no_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SAMPLE)]) == 0
    assert "0 error(s)" in capsys.readouterr().out


def test_import_creates_briefing_and_reports_bad_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Headline here\n\nBody text with “quotes” and Kyivʼs mayor.", encoding="utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    target = tmp_path / "new.briefing"
    assert main(["import", str(good), str(binary), "--into", str(target)]) == 2
    captured = capsys.readouterr()
    article_id, title = captured.out.strip().split("\t")
    assert title == "Headline here" and article_id
    assert "binary.txt" in captured.err and len(captured.err.strip().splitlines()) == 1
    from briefing.core.storage import load_briefing

    loaded = load_briefing(target)
    assert [a.id for a in loaded.articles] == [article_id]
    assert "Kyivʼs" in loaded.articles[0].text


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "export" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("missing", "does not exist"),
        ("binary", "not a briefing file"),
        ("format", "unknown export format 'odt'"),
    ],
)
def test_bad_input_is_one_line_exit_2(tmp_path: Path, case: str, expected: str) -> None:
    source = SAMPLE
    args = ["-o", str(tmp_path / "out.pdf")]
    if case == "missing":
        source = tmp_path / "missing.briefing"
    elif case == "binary":
        source = tmp_path / "binary.briefing"
        source.write_bytes(bytes(range(256)) * 8)
    else:
        args += ["--format", "odt"]
    result = run_cli("export", str(source), *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("briefing: ") and expected in lines[0]
    assert not (tmp_path / "out.pdf").exists()


def test_format_option_is_case_insensitive(tmp_path: Path) -> None:
    out = tmp_path / "briefing.out"
    assert main(["export", str(SAMPLE), "-o", str(out), "--format", "PDF", "-q"]) == 0
    assert out.read_bytes().startswith(b"%PDF-")


def test_import_lists_nothing_when_the_save_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Headline\n\nBody text.", encoding="utf-8")
    target = tmp_path / "no-such-folder" / "new.briefing"
    assert main(["import", str(good), "--into", str(target)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1 and "new.briefing" in captured.err
    assert not target.exists()


def test_a_mistyped_command_is_a_usage_error_not_the_app(tmp_path: Path) -> None:
    from briefing.__main__ import wants_gui

    result = run_cli("exprot")
    assert result.returncode == 2
    assert "invalid choice: 'exprot'" in result.stderr and "Traceback" not in result.stderr
    existing = tmp_path / "notes.txt"
    existing.write_text("x")
    assert wants_gui([str(existing)]) and wants_gui(["new.BRIEFING"])
    assert not wants_gui(["exprot"])


@pytest.mark.parametrize(
    ("theme", "expected"),
    [
        ({"body_size": "big"}, "body_size: must be a number, not a string"),
        ({"accent_colour": "red"}, 'accent_colour: must be a colour written #RRGGBB, not "red"'),
        ({"colour_of_sky": "#FFFFFF"}, 'unknown field "colour_of_sky"'),
    ],
)
def test_a_theme_with_a_wrong_value_is_one_line_exit_2_naming_the_key(
    tmp_path: Path, theme: dict, expected: str
) -> None:
    path = tmp_path / "corporate.json"
    path.write_text(json.dumps(theme), encoding="utf-8")
    result = run_cli("export", str(SAMPLE), "--theme", str(path), "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 2
    assert result.stderr == f"briefing: {path}: {expected}\n"
    assert not (tmp_path / "x.pdf").exists()
