"""The checks panel: what it says before, after and when the checks cannot run."""

from __future__ import annotations

from briefing.core.model import Briefing, Section
from briefing.gui.views import checks as checks_module
from briefing.gui.views.checks import ChecksView


def _texts(view: ChecksView) -> list[str]:
    return [view.item(row).text() for row in range(view.count())]


def _briefing_with_commentary() -> Briefing:
    briefing = Briefing(sections=[Section(id="s1", heading="Outlook", commentary="Calm.")])
    briefing.meta.title = "Outlook"  # a complete draft: the checks panel warns without a title
    return briefing


def test_a_failing_check_is_reported_and_never_called_ready_to_export(qtbot, monkeypatch):
    view = ChecksView(_briefing_with_commentary)
    qtbot.addWidget(view)
    assert _texts(view) == ["Checking the briefing…"]

    def broken(_briefing):
        raise ValueError("theme has no fonts")

    monkeypatch.setattr(checks_module, "check_with_its_theme", broken)
    counts: list[tuple[int, int]] = []
    view.countChanged.connect(lambda errors, warnings: counts.append((errors, warnings)))
    view.run_now()
    assert _texts(view) == ["The checks could not run: theme has no fonts"]
    assert view.findings == [] and counts == [(0, 0)]

    monkeypatch.undo()
    view.run_now()
    assert _texts(view) == ["No problems found: the briefing is ready to export."]
