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


def test_the_preview_html_drops_font_family_lists_but_keeps_text_and_heading_font():
    from briefing.core.theme import Theme
    from briefing.gui.views.preview import lighten_for_preview

    html = (
        "<html><head><style>\nbody { font-family: 'A', 'B', serif; font-size: 10pt; }\n"
        "h1 { font-family: 'C', sans-serif; color: #123; }\n</style></head>"
        "<body><h1>Heading</h1><p>font-family: stays in the text</p></body></html>"
    )
    light = lighten_for_preview(html, Theme(heading_fonts=("Heading Sans",)))
    style = light[light.index("<style>"): light.index("</style>")]
    assert "'A'" not in style and "'C'" not in style
    assert "font-size: 10pt" in style and "color: #123" in style
    assert "font-family: 'Heading Sans'" in style
    assert light[light.index("</style>"):] == html[html.index("</style>"):]
    assert lighten_for_preview("<p>no style</p>", Theme()) == "<p>no style</p>"


def test_the_preview_shows_text_in_the_theme_body_font(qtbot):
    from briefing.gui.views.preview import theme_for

    briefing = _briefing("Font check")
    preview = PreviewView(lambda: briefing)
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(lambda: "Font check" in preview.toPlainText(), timeout=5_000)
    body_font = theme_for(briefing.meta.theme).body_fonts[0]
    assert preview.document().defaultFont().families()[0] == body_font
