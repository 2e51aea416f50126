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


def test_a_long_preview_is_parsed_in_pieces_and_shows_everything_in_order(session, qtbot,
                                                                           monkeypatch):
    from briefing.core.model import Article
    from briefing.core.ops import make_clip
    from briefing.gui import commands
    from briefing.gui.views import preview as preview_module

    monkeypatch.setattr(preview_module, "PIECE_CHARS", 300)
    sentences = [f"Minister number {n} said the talks would resume in spring." for n in range(6)]
    text = " ".join(sentences)
    session.run(commands.add_articles(session, [Article(id="a-1", title="Talks", text=text)]))
    for n, sentence in enumerate(sentences):
        if n % 2 == 0:
            session.run(commands.add_section(session, f"Section {n // 2}"))
        start = text.index(sentence)
        clip = make_clip(session.briefing, "a-1", start, start + len(sentence))
        session.run(commands.add_clip(session, clip))
        session.run(commands.place_clip(session, clip.id, session.briefing.sections[-1].id))

    preview = PreviewView(lambda: session.briefing)
    qtbot.addWidget(preview)
    pieces = preview_module.split_for_preview(
        preview_module.render_html(
            preview_module.compile_briefing(session.briefing, preview_module.Theme()),
            preview_module.Theme(),
        ),
        300,
    )
    assert len(pieces) > 3
    assert all(p.startswith("<!DOCTYPE html>") and p.rstrip().endswith("</html>") for p in pieces)
    preview.show()
    qtbot.waitUntil(lambda: preview.render_count == 1, timeout=5_000)
    shown = preview.toPlainText()
    positions = [shown.index(f"Minister number {n}") for n in range(6)]
    assert positions == sorted(positions)
    headings = [shown.index(f"Section {n}") for n in range(3)]
    assert headings == sorted(headings)
    assert shown.count("Minister number 3 said") == shown.count("Minister number 2 said")
