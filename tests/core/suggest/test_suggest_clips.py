"""Suggestions becoming clips: accepted (confirmed, one undo) or filed unconfirmed."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.core import ops
from briefing.core.checks import run_checks
from briefing.core.model import Article, Briefing, ClipKind
from briefing.core.storage import load_briefing, save_briefing
from briefing.core.suggest import QuoteKind, Suggestion
from briefing.core.suggest.clips import accept_suggestion, clip_for
from briefing.core.theme import Theme

TEXT = "“We will hold the line,” said Oksana Dremliuk, the minister."


def _briefing() -> Briefing:
    briefing = Briefing()
    ops.add_article(briefing, Article(id="a-1", title="T", text=TEXT, language="en"))
    return briefing


def _suggestion() -> Suggestion:
    return Suggestion(QuoteKind.DIRECT, 1, 23, TEXT[1:23], "Oksana Dremliuk", "minister", 0.9, "x")


def test_accepting_makes_a_confirmed_quote_with_speaker_and_role_in_one_undo_step() -> None:
    briefing = _briefing()
    result = accept_suggestion(briefing, "a-1", _suggestion())
    [clip] = briefing.clips
    assert (clip.kind, clip.text, clip.speaker, clip.speaker_role, clip.suggested) == (
        ClipKind.QUOTE,
        "We will hold the line,",
        "Oksana Dremliuk",
        "minister",
        False,
    )
    result.undo()
    assert briefing.clips == []


def test_a_stale_suggestion_is_refused() -> None:
    briefing = _briefing()
    stale = Suggestion(QuoteKind.DIRECT, 0, 5, "other", "", "", 0.3, "")
    with pytest.raises(ops.OpError):
        accept_suggestion(briefing, "a-1", stale)


def test_reported_speech_becomes_an_excerpt() -> None:
    reported = Suggestion(QuoteKind.REPORTED, 1, 23, TEXT[1:23], "X", "", 0.6, "")
    assert clip_for("a-1", reported, suggested=True).kind == ClipKind.EXCERPT


def test_unconfirmed_clips_round_trip_and_are_flagged_until_confirmed(tmp_path: Path) -> None:
    briefing = _briefing()
    clip = clip_for("a-1", _suggestion(), suggested=True)
    ops.add_clip(briefing, clip)
    section, _ = ops.add_section(briefing, "S")
    ops.place_clip(briefing, clip.id, section.id)
    path = tmp_path / "b.briefing"
    save_briefing(briefing, path)
    loaded = load_briefing(path)
    assert loaded.clips[0].suggested is True

    def codes(b: Briefing) -> set[str]:
        return {f.code for f in run_checks(b, Theme(), uncovered=lambda _t: set())}

    assert "clip-unconfirmed" in codes(loaded)
    ops.edit_clip(loaded, clip.id, suggested=False)
    assert "clip-unconfirmed" not in codes(loaded)
