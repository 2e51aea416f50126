"""The reader's "source" link opens only http, https and mailto: the writers' rule, in one place."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QDesktopServices

from briefing.core.model import Article
from briefing.gui.views.reader import ReaderView

UNSAFE = [
    "file:///etc/passwd",
    "javascript:alert(1)",
    "smb://server/share",
    "data:text/html,<script>alert(1)</script>",
    "\\\\server\\share\\x",
    "ftp://example.com/x",
]


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url.toString()))
    return urls


@pytest.mark.parametrize("url", UNSAFE)
def test_an_unsafe_source_is_shown_but_never_opened(qtbot, opened, url: str) -> None:
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.set_article(Article(id="a-1", title="T", text="Text.", url=url), [])
    header = reader.header.text()
    assert "<a " not in header
    assert "source:" in header
    assert not reader.header.openExternalLinks()
    reader.header.linkActivated.emit(url)  # a crafted header cannot sneak one through either
    assert opened == []


@pytest.mark.parametrize(
    "url", ["https://example.com/a?x=1&y=2", "http://example.org", "mailto:desk@example.org"]
)
def test_a_web_or_mail_source_opens(qtbot, opened, url: str) -> None:
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.set_article(Article(id="a-1", title="T", text="Text.", url=url), [])
    assert "<a href=" in reader.header.text()
    reader.header.linkActivated.emit(url)
    assert opened == [url]
