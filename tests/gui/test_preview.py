"""The live preview: debounced refreshes that survive the preview being shown and hidden."""

from __future__ import annotations

from briefing.core.model import Briefing, BriefingMeta
from briefing.gui.views.preview import DEBOUNCE_MS, PreviewView


def _briefing(title: str) -> Briefing:
    briefing = Briefing()
    briefing.meta = BriefingMeta(title=title)
    return briefing


def _shown_preview(qtbot, holder: dict[str, Briefing]) -> PreviewView:
    """A preview of `holder["briefing"]` (swap it to edit), shown and rendered once."""
    preview = PreviewView(lambda: holder["briefing"])
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(lambda: preview.render_count == 1, timeout=5_000)
    return preview


def test_showing_the_preview_renders_it_and_keeps_the_debounce_interval(qtbot):
    holder = {"briefing": _briefing("First title")}
    preview = _shown_preview(qtbot, holder)
    assert "First title" in preview.toPlainText()
    assert preview.timer.interval() >= DEBOUNCE_MS

    preview.hide()
    holder["briefing"] = _briefing("Second title")
    preview.schedule()
    preview.show()
    qtbot.waitUntil(lambda: "Second title" in preview.toPlainText(), timeout=5_000)
    assert preview.timer.interval() >= DEBOUNCE_MS


def test_edits_in_quick_succession_give_one_render_after_the_last(qtbot):
    holder = {"briefing": _briefing("Start")}
    preview = _shown_preview(qtbot, holder)
    for n in range(5):
        holder["briefing"] = _briefing(f"Edit {n}")
        preview.schedule()
    assert preview.timer.isActive()
    assert preview.timer.remainingTime() > 0  # a zero interval would fire at once
    qtbot.waitUntil(lambda: "Edit 4" in preview.toPlainText(), timeout=5_000)
    qtbot.wait(preview.timer.interval() + 100)
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


def _text_blocks(document) -> list[tuple]:
    """Each paragraph of a QTextDocument with its layout-relevant formats and its runs of text
    with theirs. White space at the very end of a paragraph is left out: where a piece of the
    page was parsed on its own, Qt may drop the space the joining newline made there."""
    blocks = []
    block = document.begin()
    while block.isValid():
        fmt = block.blockFormat()
        runs = []
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            char = fragment.charFormat()
            if fragment.text().strip():
                runs.append((
                    fragment.text().rstrip(), char.fontPointSize(), char.fontWeight(),
                    char.fontItalic(), char.foreground().color().name(),
                    tuple(char.anchorNames()), char.anchorHref(),
                ))
            it += 1
        blocks.append((
            block.text().rstrip(), fmt.topMargin(), fmt.bottomMargin(), fmt.leftMargin(),
            fmt.rightMargin(), int(fmt.alignment()), fmt.background().color().name(),
            block.textList() is not None, tuple(runs),
        ))
        block = block.next()
    return blocks


def _whole_page(preview) -> list[tuple]:
    """The page parsed in one go, as a QTextBrowser would show the writer's HTML."""
    from PySide6.QtGui import QTextDocument

    from briefing.gui.views import preview as preview_module

    briefing = preview._source()
    theme = preview_module.theme_for(briefing.meta.theme)
    html = preview_module.render_html_parts(
        preview_module.compile_briefing(briefing, theme), theme
    ).joined()
    document = QTextDocument()
    document.setDefaultFont(preview.document().defaultFont())
    document.setHtml(preview_module.lighten_for_preview(html, theme))
    return _text_blocks(document)


def _long_briefing(session, sections: int = 4, quotes: int = 6) -> None:
    from briefing.core.model import Article
    from briefing.core.ops import make_clip
    from briefing.gui import commands

    sentences = [f"Minister number {n} said the talks would resume in spring." for n in range(40)]
    text = " ".join(sentences)
    session.run(commands.add_articles(session, [
        Article(id=f"a-{n}", title=f"Talks {n}", outlet="Outlet", text=text) for n in range(3)
    ]))
    session.run(commands.edit_meta(session, "marking", "OFFICIAL"))
    session.run(commands.add_key_judgment(session, "Talks resume in spring."))
    for s in range(sections):
        session.run(commands.add_section(session, f"Section {s}"))
        section = session.briefing.sections[-1]
        session.run(commands.edit_section(session, section.id, "commentary", f"Why {s} matters."))
        for q in range(quotes):
            sentence = sentences[s * quotes + q]
            start = text.index(sentence)
            clip = make_clip(session.briefing, f"a-{q % 2}", start, start + len(sentence))
            session.run(commands.add_clip(session, clip))
            session.run(commands.edit_clip(session, clip.id, "note", f"Note {s}.{q}"))
            session.run(commands.place_clip(session, clip.id, section.id))


def _shown_long_preview(session, qtbot, monkeypatch) -> PreviewView:
    """A shown preview of `_long_briefing`, cut into chunks of about 600 characters."""
    from briefing.gui.views import preview as preview_module

    monkeypatch.setattr(preview_module, "PIECE_CHARS", 600)
    _long_briefing(session)
    preview = PreviewView(lambda: session.briefing)
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(lambda: preview.render_count == 1, timeout=10_000)
    return preview


def _refresh(preview, qtbot) -> None:
    before = preview.render_count
    preview.render_now()
    qtbot.waitUntil(lambda: preview.render_count == before + 1, timeout=10_000)


def test_a_long_preview_is_built_in_chunks_and_matches_the_page_parsed_whole(
    session, qtbot, monkeypatch
):

    preview = _shown_long_preview(session, qtbot, monkeypatch)
    assert preview.last_refresh == "full"
    assert len(preview._shown_chunks) > 8
    assert _text_blocks(preview.document()) == _whole_page(preview)
    shown = preview.toPlainText()
    positions = [shown.index(f"Minister number {n} said") for n in range(24)]
    assert positions == sorted(positions)


def test_edits_patch_only_the_changed_chunks_and_match_a_fresh_build(
    session, qtbot, monkeypatch
):
    from briefing.core.ops import make_clip
    from briefing.gui import commands

    preview = _shown_long_preview(session, qtbot, monkeypatch)
    whole_page = preview.last_parsed_chars
    briefing = session.briefing
    article = briefing.articles[0]
    start = article.text.index("Minister number 30")

    def add_quote_to_section_2():
        clip = make_clip(briefing, article.id, start, start + 30)
        session.run(commands.add_clip(session, clip))
        session.run(commands.place_clip(session, clip.id, briefing.sections[2].id, 1))

    section_1 = briefing.sections[1]
    edits = [
        add_quote_to_section_2,
        lambda: session.run(commands.edit_clip(
            session, section_1.items[0].clip_id, "note", "A <new> note & more")),
        lambda: session.run(commands.remove_item(session, section_1.items[2].clip_id)),
        lambda: session.run(commands.edit_section(
            session, briefing.sections[3].id, "commentary", "Rewritten.\n\nTwo paragraphs.")),
        lambda: session.run(commands.edit_meta(session, "title", "A new title")),
        lambda: session.run(commands.edit_clip(
            session, briefing.sections[3].items[-1].clip_id, "note", "Last note")),
        lambda: session.run(commands.rename_section(session, section_1.id, "Renamed")),
        lambda: session.run(commands.edit_clip(
            session, briefing.sections[3].items[-2].clip_id, "speaker", "Ana Lopes")),
        lambda: session.run(commands.move_section(session, briefing.sections[3].id, 0)),
        session.undo_stack.undo,
        lambda: session.run(commands.edit_meta(session, "marking", "SECRET")),
    ]
    kinds = []
    for number, edit in enumerate(edits):
        edit()
        _refresh(preview, qtbot)
        kinds.append(preview.last_refresh)
        assert _text_blocks(preview.document()) == _whole_page(preview), f"edit {number}"
    # moving a section (and back) or changing the marking alters most of the page: rebuilt
    assert kinds == ["patch"] * 8 + ["full"] * 3, kinds
    assert preview.toPlainText().count("A <new> note & more") == 1
    assert "Two paragraphs." in preview.toPlainText()

    # a note edited in one section re-parses that section only
    session.run(commands.edit_clip(session, section_1.items[0].clip_id, "note", "Shorter"))
    _refresh(preview, qtbot)
    assert preview.last_refresh == "patch"
    assert 0 < preview.last_parsed_chars < whole_page / 3
    _refresh(preview, qtbot)
    assert preview.last_refresh == "unchanged"


def test_a_newer_edit_during_a_refresh_wins(session, qtbot, monkeypatch):
    from briefing.gui import commands

    preview = _shown_long_preview(session, qtbot, monkeypatch)
    for n in range(3):
        session.run(commands.edit_meta(session, "title", f"Title {n}"))
        preview.render_now()  # before the last refresh has finished
    qtbot.waitUntil(lambda: preview.render_count == 2, timeout=10_000)
    assert "Title 2" in preview.toPlainText() and "Title 1" not in preview.toPlainText()
    assert _text_blocks(preview.document()) == _whole_page(preview)
