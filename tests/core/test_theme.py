"""Theme files: checked against resources/schema/theme.schema.json, every problem named by key."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import jsonschema
import pytest

from briefing.core.theme import Theme, ThemeError, load_theme, theme_names, theme_schema


def write_theme(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "custom.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def theme_error(path: Path) -> str:
    with pytest.raises(ThemeError) as info:
        load_theme(str(path))
    return str(info.value)


def test_schema_is_valid_and_lists_exactly_the_theme_fields() -> None:
    jsonschema.Draft202012Validator.check_schema(theme_schema())
    assert set(theme_schema()["properties"]) == {f.name for f in fields(Theme)}
    assert set(theme_schema()["properties"]["labels"]["properties"]) == set(Theme().labels)


def test_every_shipped_theme_and_the_defaults_pass_the_schema() -> None:
    validator = jsonschema.Draft202012Validator(theme_schema())
    defaults = {f.name: getattr(Theme(), f.name) for f in fields(Theme)}
    assert list(validator.iter_errors(json.loads(json.dumps(defaults)))) == []
    for name in theme_names():
        assert load_theme(name).name == name


def test_a_valid_custom_theme_is_read(tmp_path: Path) -> None:
    path = write_theme(
        tmp_path,
        {"name": "Corporate", "body_fonts": ["Liberation Serif"], "body_size": 11,
         "margins_mm": [20, 20, 20, 20], "labels": {"sources": "Quellen"}},
    )
    theme = load_theme(str(path))
    assert theme.body_fonts == ("Liberation Serif",)
    assert theme.margins_mm == (20, 20, 20, 20)
    assert theme.label("sources") == "Quellen" and theme.label("contents") == "Contents"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"body_size": "big"}, "body_size: must be a number, not a string"),
        ({"body_size": 500}, "body_size: must be at most 96 (it is 500)"),
        ({"body_size": 0}, "body_size: must be at least 4 (it is 0)"),
        ({"show_toc": "yes"}, "show_toc: must be true or false, not a string"),
        ({"link_colour": "blue"}, 'link_colour: must be a colour written #RRGGBB, not "blue"'),
        (
            {"text_colour": "#000;}</style><script>"},
            'text_colour: must be a colour written #RRGGBB, not "#000;}</style><script>"',
        ),
        ({"margins_mm": [10, 10]}, "margins_mm: must have at least 4 items (it has 2)"),
        ({"margins_mm": [10, 10, "a", 10]}, "margins_mm[2]: must be a number, not a string"),
        ({"body_fonts": []}, "body_fonts: must have at least 1 item (it has 0)"),
        ({"body_fonts": "DejaVu Sans"}, "body_fonts: must be an array, not a string"),
        (
            {"heading_fonts": ["x'</style>"]},
            "heading_fonts[0]: must be 1 to 64 characters without quotes, backslashes, <, >, ;, "
            "braces or the like, not \"x'</style>\"",
        ),
        ({"labels": {"sorces": "Quellen"}}, 'labels: unknown field "sorces"'),
        ({"labels": {"sources": 3}}, "labels.sources: must be a string, not a whole number"),
        ({"bodysize": 10}, 'unknown field "bodysize"'),
        (
            {"body_size": "big", "small_size": "small"},
            "body_size: must be a number, not a string (and 1 more problem)",
        ),
    ],
)
def test_each_wrong_value_names_its_key(tmp_path: Path, data: dict, expected: str) -> None:
    path = write_theme(tmp_path, data)
    assert theme_error(path) == f"{path}: {expected}"


def test_a_theme_that_is_not_an_object_or_not_json(tmp_path: Path) -> None:
    path = write_theme(tmp_path, ["body_size"])
    assert theme_error(path) == f"{path}: a theme file must hold a JSON object"
    path.write_text("{", encoding="utf-8")
    assert theme_error(path).startswith(f"{path}: cannot read theme")
