from __future__ import annotations

import pytest

from briefing.core import ops
from briefing.core.checks import Severity, quote_matches_source, run_checks
from briefing.core.model import Article, Briefing
from briefing.core.theme import Theme

SOURCE = "We will keep the lights on this winter, whatever it costs, said the minister."


def _briefing() -> tuple[Briefing, str]:
    briefing = Briefing()
    ops.add_article(
        briefing,
        Article(id="a1", title="T", outlet="Post", published="2026-11-01", text=SOURCE),
    )
    clip = ops.make_clip(briefing, "a1", 0, SOURCE.index(" said"))
    clip.speaker = "Minister"
    ops.add_clip(briefing, clip)
    section, _ = ops.add_section(briefing, "S")
    ops.place_clip(briefing, clip.id, section.id)
    return briefing, clip.id


def no_missing_glyphs(text: str) -> set[str]:
    return set()


@pytest.mark.parametrize(
    ("clip", "expected"),
    [
        (SOURCE, (True, False)),
        ("We will keep the lights on … whatever it costs", (True, True)),
        ("We will keep [the power] on this winter", (True, True)),
        ("We will keep [the power] off this winter", (False, True)),
        ("We will keep the lights on [this year] … whatever it costs", (True, True)),
        ("We will turn the lights off", (False, False)),
        ("whatever it costs … We will keep", (False, True)),
    ],
)
def test_quote_matches_source(clip: str, expected: tuple[bool, bool]) -> None:
    assert quote_matches_source(clip, SOURCE) == expected


def test_clean_briefing_has_no_findings() -> None:
    briefing, _ = _briefing()
    assert run_checks(briefing, Theme(), uncovered=no_missing_glyphs) == []


def test_changed_quote_is_an_error_and_names_the_clip() -> None:
    briefing, clip_id = _briefing()
    ops.edit_clip(briefing, clip_id, text="We will switch the lights off")
    findings = run_checks(briefing, Theme(), uncovered=no_missing_glyphs)
    assert [(f.severity, f.code, f.target_id) for f in findings] == [
        (Severity.ERROR, "quote-mismatch", clip_id)
    ]


def test_marked_cut_is_a_warning() -> None:
    briefing, clip_id = _briefing()
    ops.edit_clip(briefing, clip_id, text="We will keep the lights on … whatever it costs")
    codes = [f.code for f in run_checks(briefing, Theme(), uncovered=no_missing_glyphs)]
    assert codes == ["quote-edited"]


def test_missing_speaker_outlet_and_date() -> None:
    briefing, clip_id = _briefing()
    ops.edit_clip(briefing, clip_id, speaker="")
    ops.edit_article(briefing, "a1", outlet="", published="")
    findings = run_checks(briefing, Theme(), uncovered=no_missing_glyphs)
    assert {f.code for f in findings} == {"quote-no-speaker", "article-metadata"}
    assert "has no outlet or date" in next(f for f in findings if f.target_id == "a1").message


def test_unplaced_clips_and_uncited_articles_are_not_checked() -> None:
    briefing, clip_id = _briefing()
    ops.remove_item(briefing, clip_id)
    ops.edit_clip(briefing, clip_id, speaker="")
    ops.edit_section(briefing, briefing.sections[0].id, commentary="Still something to export.")
    assert run_checks(briefing, Theme(), uncovered=no_missing_glyphs) == []


def test_uncovered_characters_are_errors_naming_the_code_point() -> None:
    briefing, clip_id = _briefing()
    ops.edit_clip(briefing, clip_id, note="note with \U000f0001")

    def uncovered(text: str) -> set[str]:
        return {c for c in text if ord(c) > 0xEFFFF}

    findings = run_checks(briefing, Theme(), uncovered=uncovered)
    assert [(f.code, f.target_id) for f in findings] == [("glyph-missing", clip_id)]
    assert "U+F0001" in findings[0].message


def test_an_empty_briefing_is_not_ready_to_export() -> None:
    briefing = Briefing()
    findings = run_checks(briefing, Theme(), uncovered=no_missing_glyphs)
    assert [(f.severity, f.code) for f in findings] == [(Severity.WARNING, "nothing-to-export")]
    section, _ = ops.add_section(briefing, "Only a heading")
    assert [f.code for f in run_checks(briefing, Theme(), uncovered=no_missing_glyphs)] == [
        "nothing-to-export"
    ]
    ops.edit_section(briefing, section.id, commentary="Our view, in a sentence.")
    assert run_checks(briefing, Theme(), uncovered=no_missing_glyphs) == []


def test_a_theme_that_cannot_be_read_is_an_error_and_the_rest_is_still_checked() -> None:
    from briefing.core.checks import check_with_its_theme, error_count

    briefing, clip_id = _briefing()
    briefing.meta.title = "Energy"  # complete, so only the theme and the speaker are found
    ops.edit_clip(briefing, clip_id, speaker="")
    briefing.meta.theme = "no-such-theme"
    findings = check_with_its_theme(briefing)
    assert [f.code for f in findings] == ["theme-unreadable", "quote-no-speaker"]
    assert "no-such-theme" in findings[0].message and error_count(findings) == 1
    briefing.meta.theme = "plain"
    assert [f.code for f in check_with_its_theme(briefing)] == ["quote-no-speaker"]
