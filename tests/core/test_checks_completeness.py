"""What a draft still lacks: the checks panel warns about it (issue 13, "nothing lost")."""

from __future__ import annotations

from briefing.core import ops
from briefing.core.checks import Severity, check_with_its_theme, run_checks
from briefing.core.model import Article, Briefing, KeyJudgment
from briefing.core.theme import Theme

SOURCE = "We will keep the lights on this winter, whatever it costs, said the minister."


def _complete() -> tuple[Briefing, str]:
    briefing = Briefing()
    briefing.meta.title = "Energy this winter"
    ops.add_article(
        briefing, Article(id="a1", title="T", outlet="Post", published="2026-11-01", text=SOURCE)
    )
    clip = ops.make_clip(briefing, "a1", 0, SOURCE.index(" said"))
    clip.speaker = "Minister"
    ops.add_clip(briefing, clip)
    section, _ = ops.add_section(briefing, "Supply")
    ops.place_clip(briefing, clip.id, section.id)
    return briefing, section.id


def _codes(briefing: Briefing) -> list[str]:
    found = run_checks(briefing, Theme(), uncovered=lambda _t: set(), completeness=True)
    return [f.code for f in found]


def test_a_complete_draft_has_no_findings() -> None:
    briefing, _ = _complete()
    assert _codes(briefing) == []


def test_a_missing_title_is_a_warning() -> None:
    briefing, _ = _complete()
    briefing.meta.title = "   "
    found = run_checks(briefing, Theme(), uncovered=lambda _t: set(), completeness=True)
    assert [(f.severity, f.code) for f in found] == [(Severity.WARNING, "no-title")]


def test_empty_key_judgments_are_named_by_number() -> None:
    briefing, _ = _complete()
    briefing.meta.key_judgments = [KeyJudgment(id="k1", text="Prices rise."),
                                   KeyJudgment(id="k2", text="  ")]
    found = run_checks(briefing, Theme(), uncovered=lambda _t: set(), completeness=True)
    [empty] = [f for f in found if f.code == "key-judgment-empty"]
    assert empty.target_id == "k2" and "key judgment 2" in empty.message


def test_an_empty_section_is_named() -> None:
    briefing, _ = _complete()
    section, _ = ops.add_section(briefing, "Outlook")
    found = run_checks(briefing, Theme(), uncovered=lambda _t: set(), completeness=True)
    [empty] = [f for f in found if f.code == "section-empty"]
    assert empty.target_id == section.id and "“Outlook”" in empty.message
    ops.edit_section(briefing, section.id, commentary="Our view.")
    assert _codes(briefing) == []  # commentary alone is content


def test_unplaced_clips_are_counted_and_the_first_is_the_target() -> None:
    briefing, _ = _complete()
    [clip] = briefing.clips
    ops.remove_item(briefing, clip.id)
    found = run_checks(briefing, Theme(), uncovered=lambda _t: set(), completeness=True)
    [unplaced] = [f for f in found if f.code == "clips-unplaced"]
    assert unplaced.target_id == clip.id and unplaced.message.startswith("1 clip is not placed")
    assert "section-empty" in [f.code for f in found]


def test_suggested_clips_keep_their_own_finding() -> None:
    briefing, _ = _complete()
    clip = ops.make_clip(briefing, "a1", SOURCE.index("whatever"), SOURCE.index(", said"))
    clip.suggested = True
    ops.add_clip(briefing, clip)
    codes = _codes(briefing)
    assert "suggestions-unconfirmed" in codes and "clips-unplaced" not in codes


def test_the_panel_gets_completeness_and_an_export_report_does_not() -> None:
    briefing, _ = _complete()
    briefing.meta.title = ""
    assert "no-title" in [f.code for f in check_with_its_theme(briefing)]
    assert "no-title" not in [f.code for f in check_with_its_theme(briefing, completeness=False)]
    assert "no-title" not in [f.code for f in run_checks(briefing, Theme())]
