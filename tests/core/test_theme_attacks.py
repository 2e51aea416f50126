"""Crafted themes cannot break out or crash: every bad theme is one line and exit 2, a briefing
names its theme only among the shipped and the user's themes, and the page label is not a
format string."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.core.blocks import page_label_text
from briefing.core.resources import resource_path
from briefing.core.theme import (
    THEME_DIR_VARIABLE,
    ThemeError,
    load_briefing_theme,
    theme_names,
)

SAMPLE = resource_path("sample", "sample.briefing")
INJECTION = "Serif</style><script>alert(1)</script>"

CRAFTED: dict[str, object] = {
    "font-breaks-out": {"body_fonts": [INJECTION]},
    "colour-breaks-out": {"text_colour": "red;}</style><script>alert(1)</script>"},
    "heading-font-css": {"heading_fonts": ["x; background:url(http://127.0.0.1/)"]},
    "short-colour": {"accent_colour": "#12345"},
    "size-as-text": {"body_size": "12"},
    "size-huge": {"body_size": 1e308},
    "size-infinite": "INFINITY",
    "size-negative": {"title_size": -1},
    "margins-three": {"margins_mm": [1, 2, 3]},
    "margins-text": {"margins_mm": "10"},
    "toc-as-text": {"show_toc": "yes"},
    "spacing-as-bool": {"line_spacing": True},
    "labels-not-object": {"labels": "x"},
    "label-number": {"labels": {"page": 5}},
    "unknown-key": {"body_font": ["DejaVu Serif"]},
    "name-markup": {"name": "<b>bold</b>"},
    "fonts-empty": {"body_fonts": []},
    "font-number": {"body_fonts": [123]},
    "top-level-array": [1, 2],
    "digits": "DIGITS",
    "deep": "DEEP",
    "not-utf8": "LATIN1",
}


def _write_crafted(folder: Path, name: str, content: object) -> Path:
    path = folder / f"{name}.json"
    if content == "INFINITY":
        path.write_text('{"body_size": 1e999}', encoding="utf-8")
    elif content == "DIGITS":
        path.write_text('{"body_size": ' + "9" * 5000 + "}", encoding="utf-8")
    elif content == "DEEP":
        path.write_text('{"labels": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    elif content == "LATIN1":
        path.write_bytes('{"name": "Café"}'.encode("latin-1"))
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_a_crafted_theme_is_one_line_exit_2(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    theme = _write_crafted(tmp_path, name, CRAFTED[name])
    out = tmp_path / "out.html"
    code = main(["export", str(SAMPLE), "--theme", str(theme), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1
    assert str(theme) in err
    assert not out.exists()


@pytest.mark.parametrize(
    "named",
    ["../../../../etc/passwd", "../themes/default", "/tmp/evil.json", "evil.json",
     "sub/evil", "..", "default\x00", "C:\\evil", "{page}"],
)  # fmt: skip
def test_a_briefing_names_its_theme_only_by_a_plain_name(
    tmp_path: Path, named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    evil = tmp_path / "evil.json"
    evil.write_text(json.dumps({"text_colour": "#FF00FF"}), encoding="utf-8")
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["meta"]["theme"] = named.replace("/tmp/evil.json", str(evil))
    source = tmp_path / "s.briefing"
    source.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ThemeError, match="unknown theme"):
        load_briefing_theme(data["meta"]["theme"])
    out = tmp_path / "out.html"
    assert main(["export", str(source), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "unknown theme" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_user_themes_are_found_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "themes"
    folder.mkdir()
    (folder / "house.json").write_text(
        json.dumps({"name": "house", "accent_colour": "#123456"}), encoding="utf-8"
    )
    monkeypatch.setenv(THEME_DIR_VARIABLE, str(folder))
    assert "house" in theme_names()
    assert load_briefing_theme("house").accent_colour == "#123456"
    assert load_briefing_theme("default").name == "default"  # shipped themes come first


def test_the_page_label_is_not_a_format_string() -> None:
    assert page_label_text("Page {page} of {pages}", 3, 9) == "Page 3 of 9"
    assert page_label_text("{page.__class__.__mro__}", 1, 2) == "{page.__class__.__mro__}"
    assert page_label_text("{0} {pages!r} {}", 1, 2) == "{0} {pages!r} {}"
    assert page_label_text("Seite {page}/{pages} {{page}}", 1, 2) == "Seite 1/2 {1}"


def test_a_crafted_page_label_is_never_evaluated_in_the_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader

    theme = tmp_path / "label.json"
    label = "P {page} {page.__class__.__mro__}"
    theme.write_text(json.dumps({"labels": {"page": label}}), encoding="utf-8")
    out = tmp_path / "out.pdf"
    assert main(["export", str(SAMPLE), "--theme", str(theme), "-o", str(out), "-q"]) in (0, 2)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "<class" not in text
    # printed as written, never evaluated (from page 2: issue 12 leaves the cover unnumbered)
    assert "P 2 {page.__class__.__mro__}" in text
