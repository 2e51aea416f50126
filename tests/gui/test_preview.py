"""The live preview: debounced refreshes that survive the preview being shown and hidden."""

from __future__ import annotations

from briefing.core.model import Briefing, BriefingMeta
from briefing.gui.views.preview import DEBOUNCE_MS, PreviewView


def _briefing(title: str) -> Briefing:
    briefing = Briefing()
    briefing.meta = BriefingMeta(title=title)
    return briefing


def test_showing_the_preview_renders_it_and_keeps_the_debounce_interval(qtbot):
    holder = {"briefing": _briefing("First title")}
    preview = PreviewView(lambda: holder["briefing"])
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(lambda: preview.render_count == 1, timeout=5_000)
    assert "First title" in preview.toPlainText()
    assert preview.timer.interval() == DEBOUNCE_MS

    preview.hide()
    holder["briefing"] = _briefing("Second title")
    preview.schedule()
    preview.show()
    qtbot.waitUntil(lambda: "Second title" in preview.toPlainText(), timeout=5_000)
    assert preview.timer.interval() == DEBOUNCE_MS


def test_edits_in_quick_succession_give_one_render_after_the_last(qtbot):
    holder = {"briefing": _briefing("Start")}
    preview = PreviewView(lambda: holder["briefing"])
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(lambda: preview.render_count == 1, timeout=5_000)
    for n in range(5):
        holder["briefing"] = _briefing(f"Edit {n}")
        preview.schedule()
    assert preview.timer.isActive()
    assert preview.timer.remainingTime() > 0  # a zero interval would fire at once
    qtbot.waitUntil(lambda: "Edit 4" in preview.toPlainText(), timeout=5_000)
    qtbot.wait(DEBOUNCE_MS + 100)
    assert preview.render_count == 2
