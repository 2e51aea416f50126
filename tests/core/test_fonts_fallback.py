"""Installed-font fallback: a character the theme's families lack comes from any installed
family that has it, chosen per script (briefing.core.fonts_fallback)."""

from __future__ import annotations

import pytest

from briefing.core import fonts
from briefing.core.fonts import FontSet
from briefing.core.fonts_fallback import InstalledFallback, script_of

pytestmark = pytest.mark.skipif(
    fonts.resolve_family("DejaVu Sans") is None
    or fonts.resolve_family("Noto Sans Devanagari") is None,
    reason="needs fonts-dejavu-core and fonts-noto-core",
)


def test_a_character_the_theme_lacks_comes_from_an_installed_family_of_its_script():
    font_set = FontSet(["DejaVu Sans"])
    assert font_set.font_for("प") is None  # not in the theme
    family = font_set.family_for("प")
    assert family is not None and "Devanagari" in family.name
    # one family for the whole script, so a sentence keeps one face
    assert all(font_set.family_for(c) is family for c in "मंत्रीसमर्थन")


def test_the_chosen_family_has_a_bold_face_for_headings():
    family = InstalledFallback(serif=False).family_for("ก", "bold")
    assert family is not None and family.bold.key != family.regular.key
    assert "Sans" in family.name


def test_a_serif_theme_prefers_a_serif_family():
    family = InstalledFallback(serif=True).family_for("প")
    assert family is not None and "Serif" in family.name


def test_unreachable_only_lists_what_no_installed_font_has():
    font_set = FontSet(["DejaVu Sans"])
    assert font_set.unreachable("प ก \U0010fffd \u0378") == {"\U0010fffd", "\u0378"}
    assert font_set.uncovered("प") == {"प"}  # the theme alone still lacks it


def test_scripts():
    assert script_of("प") == "Deva" and script_of("ก") == "Thai" and script_of("(") == "Zyyy"
