"""How a suggestion reads in a list (CLI lines and the app's Suggestions list share it)."""

from __future__ import annotations

from briefing.core.suggest.types import quote_preview, speaker_label


def test_a_quote_preview_folds_space_and_cuts_long_text() -> None:
    assert quote_preview("We will\n  hold   the line.", 40) == "We will hold the line."
    assert quote_preview("a" * 10, 10) == "a" * 10
    assert quote_preview("a" * 11, 10) == "a" * 9 + "…"


def test_the_speaker_label_names_the_role_and_says_when_nobody_is_named() -> None:
    assert speaker_label("Mark Rutte", "NATO Secretary General") == (
        "Mark Rutte, NATO Secretary General"
    )
    assert speaker_label("Mark Rutte", "") == "Mark Rutte"
    assert speaker_label("", "") == "speaker unknown"
    assert speaker_label("", "", "(speaker unknown)") == "(speaker unknown)"
