"""Runtime data is found from a checkout and from an installed wheel's layout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import briefing
from briefing.core.resources import resource_path, resources_dir

CHECKOUT = Path(briefing.__file__).resolve().parent.parent


def test_checkout_layout() -> None:
    assert resources_dir() == CHECKOUT / "resources"
    for part in (("themes", "default.json"), ("sample", "sample.briefing"), ("reference.docx",)):
        assert resource_path(*part).is_file()
    assert resource_path("schema", "briefing.schema.json").is_file()


def test_wheel_layout(tmp_path: Path) -> None:
    """The wheel packs resources/ as briefing/resources (see pyproject's force-include)."""
    site = tmp_path / "site"
    shutil.copytree(CHECKOUT / "briefing", site / "briefing")
    shutil.copytree(CHECKOUT / "resources", site / "briefing" / "resources")
    code = (
        "from briefing.core.resources import resources_dir\n"
        "from briefing.core.theme import load_theme\n"
        "print(resources_dir()); print(load_theme('plain').name)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    where, theme = result.stdout.split()
    assert Path(where) == site / "briefing" / "resources" and theme == "plain"


def test_a_briefing_that_names_no_theme_gets_the_default() -> None:
    from briefing.core.theme import load_theme

    assert load_theme("") == load_theme(" ") == load_theme("default")
    assert load_theme().name == "default"


def test_every_shipped_theme_is_listed_and_loads() -> None:
    from briefing.core.theme import load_theme, theme_names

    assert theme_names() == ["default", "plain"]
    assert [load_theme(name).name for name in theme_names()] == ["default", "plain"]
