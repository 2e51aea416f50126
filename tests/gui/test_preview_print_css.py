"""The HTML page's print rules (@page margin boxes, issue 12.7) must not cost the live
preview its styles: Qt's rich-text CSS parser drops everything after a rule it cannot read."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument

from briefing.core.theme import Theme
from briefing.render import html
from tests.render.test_html_print import _document


def _first_formats(page: str) -> list[tuple[str, str, float]]:
    document = QTextDocument()
    document.setHtml(page)
    formats = []
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        if not fragments.atEnd():
            char = fragments.fragment().charFormat()
            formats.append((block.text()[:20], char.foreground().color().name(),
                            char.fontPointSize()))  # fmt: skip
        block = block.next()
    return formats


def test_the_preview_keeps_every_style_with_the_print_rules_in_the_page(qapp, monkeypatch):
    theme = Theme()
    with_print = _first_formats(html.render_html(_document(), theme))
    monkeypatch.setattr(html, "_page_css", lambda *_args: "")
    without = _first_formats(html.render_html(_document(), theme))
    assert with_print == without
    title = next(f for f in with_print if f[0] == "Print test")
    assert title[1:] == (theme.accent_colour.lower(), theme.title_size)
