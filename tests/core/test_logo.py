"""The cover logo: named by the theme, put on the cover by compile, checked before export."""

from __future__ import annotations

import io
import json
from pathlib import Path

from PIL import Image

from briefing.core import blocks as b
from briefing.core.checks import logo_problem, run_checks
from briefing.core.compile import compile_briefing
from briefing.core.model import Briefing
from briefing.core.theme import Theme, load_theme


def png(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), (31, 58, 95)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_a_theme_files_logo_is_found_beside_it(tmp_path: Path) -> None:
    png(tmp_path / "crest.png")
    theme_file = tmp_path / "house.json"
    theme_file.write_text(json.dumps({"logo": "crest.png"}), encoding="utf-8")
    theme = load_theme(str(theme_file))
    assert theme.logo == str(tmp_path / "crest.png")
    cover = compile_briefing(Briefing(), theme).blocks[0]
    assert isinstance(cover, b.Cover) and cover.logo_path == theme.logo


def test_no_logo_by_default() -> None:
    cover = compile_briefing(Briefing(), Theme()).blocks[0]
    assert isinstance(cover, b.Cover) and cover.logo_path == ""
    assert not [f for f in run_checks(Briefing(), Theme(), lambda _t: set()) if "logo" in f.code]


def test_a_missing_or_foreign_logo_is_a_warning_before_export(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not an image", encoding="utf-8")
    assert logo_problem(str(png(tmp_path / "ok.png"))) == ""
    assert logo_problem(str(tmp_path / "gone.png")) == "no such file"
    assert logo_problem(str(text)) == "not a PNG, JPEG or GIF image"
    for path in (tmp_path / "gone.png", text):
        findings = run_checks(Briefing(), Theme(logo=str(path)), lambda _t: set())
        logo = [f for f in findings if f.code == "logo-unreadable"]
        # one rule in every format (issue 12): the cover goes without it, the checks warn
        assert len(logo) == 1 and logo[0].severity == "warning" and str(path) in logo[0].message
        cover = compile_briefing(Briefing(), Theme(logo=str(path))).blocks[0]
        assert isinstance(cover, b.Cover) and cover.logo_path == ""
