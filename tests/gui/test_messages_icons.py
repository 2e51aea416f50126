"""The message boxes return what the user clicked; every icon loads and draws something."""

from __future__ import annotations

import os
import socket

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QImage, QPalette
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QMessageBox

from briefing.core.locking import LockOwner
from briefing.gui import icons, messages
from briefing.gui.recovery import RecoveryInfo

QStandardPaths.setTestModeEnabled(True)


# ---- messages -----------------------------------------------------------------------------------
class _Answerer:
    """Waits for the modal message box, remembers its texts and presses a button (or a key)."""

    def __init__(self, choose: Callable[[QMessageBox], None]) -> None:
        self.choose = choose
        self.text = ""
        self.informative = ""
        self.title = ""
        self.buttons: list[str] = []
        self._tries = 0
        QTimer.singleShot(0, self._look)

    def _look(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            self._tries += 1
            if self._tries < 200:
                QTimer.singleShot(10, self._look)
            return
        self.text, self.informative = box.text(), box.informativeText()
        self.title = box.windowTitle()
        self.buttons = [b.text().replace("&", "") for b in box.buttons()]
        self.choose(box)


def _click(label: str) -> Callable[[QMessageBox], None]:
    def choose(box: QMessageBox) -> None:
        (button,) = [b for b in box.buttons() if b.text().replace("&", "") == label]
        button.click()

    return choose


def _escape(box: QMessageBox) -> None:
    from PySide6.QtTest import QTest

    QTest.keyClick(box, Qt.Key.Key_Escape)
    if box.isVisible():  # Esc did nothing (no escape button): finish with the default button
        box.defaultButton().click()


def test_show_error_shows_the_message(qapp):
    answer = _Answerer(_click("OK"))
    messages.show_error(None, "Cannot save", "/r/o/x.briefing: cannot save: permission denied")
    assert answer.text == "Cannot save"
    assert answer.informative == "/r/o/x.briefing: cannot save: permission denied"
    assert answer.buttons == ["OK"]


@pytest.mark.parametrize(
    ("choose", "expected"),
    [(_click("Save"), "save"), (_click("Don't Save"), "discard"), (_click("Cancel"), "cancel"),
     (_escape, "cancel")],
)
def test_save_discard_cancel(qapp, choose, expected):
    answer = _Answerer(choose)
    assert messages.ask_save_discard_cancel(None, "weekly.briefing") == expected
    assert "“weekly.briefing”" in answer.text
    assert sorted(answer.buttons) == ["Cancel", "Don't Save", "Save"]


INFO = RecoveryInfo(
    path=Path("/tmp/rec/abc.briefing"),
    original_path=Path("/home/ana/briefs/weekly.briefing"),
    saved_at="2026-11-26T09:12:00+00:00",
)


@pytest.mark.parametrize(("label", "expected"), [("Restore", True), ("Discard", False)])
def test_ask_restore(qapp, label, expected):
    answer = _Answerer(_click(label))
    later = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    assert messages.ask_restore(None, INFO, now=later) is expected
    assert "“weekly.briefing”" in answer.text and "did not close properly" in answer.text
    assert "on 26 November 2026 at " in answer.text
    assert "/home/ana/briefs/weekly.briefing" in answer.informative


def test_ask_restore_says_today_for_a_save_made_today(qapp):
    answer = _Answerer(_click("Restore"))
    same_day = datetime.fromisoformat(INFO.saved_at).astimezone().replace(hour=23, minute=59)
    assert messages.ask_restore(None, INFO, now=same_day) is True
    assert " today?" in answer.text and "November" not in answer.text


def test_ask_restore_spells_the_month_without_the_process_locale(qapp):
    answer = _Answerer(_click("Restore"))
    saved = RecoveryInfo(INFO.path, INFO.original_path, "2026-03-05T12:00:00+00:00")
    assert messages.ask_restore(None, saved, now=datetime(2026, 12, 1, tzinfo=UTC)) is True
    assert "5 March 2026" in answer.text
    assert "/home/ana/briefs/weekly.briefing" in answer.informative


def test_escape_never_discards_a_recovery(qapp):
    untitled = RecoveryInfo(Path("/tmp/rec/u.briefing"), None, "garbage", title="Draft")
    answer = _Answerer(_escape)  # Esc is ignored; the default button is Restore
    assert messages.ask_restore(None, untitled) is True
    assert "“Draft”" in answer.text and "before the crash" in answer.text
    assert "never saved" in answer.informative


@pytest.mark.parametrize(
    ("choose", "expected"), [(_click("Open Anyway"), True), (_click("Cancel"), False),
                             (_escape, False)]
)
def test_warn_locked(qapp, choose, expected):
    owner = LockOwner(pid=4242, host="desk-7", user="ana", since="2026-11-27T09:00:00+00:00")
    answer = _Answerer(choose)
    assert messages.warn_locked(None, "/srv/briefs/weekly.briefing", owner) is expected
    assert "“weekly.briefing”" in answer.text
    assert "ana" in answer.text and "desk-7" in answer.text


# ---- icons --------------------------------------------------------------------------------------
def _ink_pixels(image: QImage) -> list[QColor]:
    return [
        image.pixelColor(x, y)
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() > 128
    ]


@pytest.fixture
def no_theme(qapp):
    """No icon theme (as on Windows, macOS and offscreen): the bundled icons are used."""
    old_name, old_paths = QIcon.themeName(), QIcon.themeSearchPaths()
    QIcon.setThemeName("")
    icons.clear_cache()
    yield
    QIcon.setThemeSearchPaths(old_paths)
    QIcon.setThemeName(old_name)
    icons.clear_cache()


@pytest.mark.parametrize("name", sorted(icons.ICONS))
def test_every_bundled_icon_is_valid_svg_and_draws(no_theme, name):
    path = icons.icon_path(name)
    assert QSvgRenderer(str(path)).isValid()
    assert not QImage(str(path)).isNull()  # the SVG image plugin is present
    icon = icons.icon(name)
    assert not icon.isNull()
    image = icon.pixmap(32, 32).toImage()
    assert image.width() == 32
    ink = _ink_pixels(image)
    assert 15 < len(ink) < 32 * 32  # something drawn, not a filled square
    if name != "briefing-builder":  # monochrome, dark on a light palette
        assert all(colour.lightness() < 100 for colour in ink)


def test_aliases_and_unknown_names(no_theme):
    assert icons.icon_path("application") == icons.icon_path("briefing-builder")
    assert icons.icon_path("format-quote") == icons.icon_path("quote")
    assert icons.icon_path("x-office-document").name == "export-docx.svg"
    for alias in icons.ALIASES:
        assert not icons.icon(alias).isNull(), alias
    assert not icons.app_icon().isNull()
    # A name we have no drawing for comes from the theme only: none here.
    assert icons.icon("weather-storm").isNull()
    assert not icons.has_bundled("weather-storm")
    with pytest.raises(KeyError, match="no bundled icon named 'save'"):
        icons.icon_path("save")


def test_every_action_of_the_main_window_has_an_icon(no_theme):
    try:
        from briefing.gui.actions import SPECS
    except ImportError:
        pytest.skip("the action registry is not there yet")
    missing = [spec.icon for spec in SPECS if spec.icon and icons.icon(spec.icon).isNull()]
    assert missing == []


def test_a_desktop_theme_icon_wins_for_standard_names(no_theme, tmp_path: Path):
    theme = tmp_path / "testtheme"
    (theme / "32x32" / "actions").mkdir(parents=True)
    (theme / "index.theme").write_text(
        "[Icon Theme]\nName=testtheme\nDirectories=32x32/actions\n\n"
        "[32x32/actions]\nSize=32\nType=Fixed\n",
        encoding="utf-8",
    )
    red = QImage(32, 32, QImage.Format.Format_ARGB32)
    red.fill(QColor("#FF0000"))
    assert red.save(str(theme / "32x32" / "actions" / "document-save.png"))
    QIcon.setThemeSearchPaths([str(tmp_path)])
    QIcon.setThemeName("testtheme")
    icons.clear_cache()

    themed = icons.icon("document-save").pixmap(32, 32).toImage()
    assert themed.pixelColor(16, 16) == QColor("#FF0000")
    ours = _ink_pixels(icons.icon("quote").pixmap(32, 32).toImage())  # no theme name: ours
    assert ours and all(c.lightness() < 100 for c in ours)


def test_dark_palette_gets_light_icons(no_theme, qapp):
    old = qapp.palette()
    dark = QPalette(old)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202225"))
    qapp.setPalette(dark)
    try:
        icons.clear_cache()
        ink = _ink_pixels(icons.icon("edit-find").pixmap(32, 32).toImage())
        assert ink and all(colour.lightness() > 180 for colour in ink)
    finally:
        qapp.setPalette(old)
        icons.clear_cache()


def test_a_lock_from_another_computer_offers_take_over_and_says_how_long(qapp):
    owner = LockOwner(pid=4242, host="desk-7", user="ana", since="2026-11-27T09:00:00+00:00")
    answer = _Answerer(_click("Take Over"))
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    assert messages.ask_locked(None, "/srv/briefs/weekly.briefing", owner, now) == "take_over"
    assert answer.text == (
        "“weekly.briefing” has been open in Briefing Builder by ana on desk-7 for 3 days.")
    assert "Take Over makes the briefing yours here" in answer.informative
    assert "ana on desk-7 (process 4242) since 27 November 2026, 09:00 UTC" in answer.informative
    assert set(answer.buttons) == {"Take Over", "Open Anyway", "Cancel"}


@pytest.mark.parametrize(("choose", "expected"), [(_click("Open Anyway"), "open"),
                                                  (_escape, "cancel")])
def test_a_recent_lock_of_a_window_here_offers_no_take_over(qapp, choose, expected):
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    owner = LockOwner(pid=os.getpid(), host=socket.gethostname(), user="ana",
                      since="2026-11-30T09:55:00+00:00")
    answer = _Answerer(choose)
    assert messages.ask_locked(None, "/srv/briefs/weekly.briefing", owner, now) == expected
    assert "by ana in another window on this computer for 5 minutes." in answer.text
    assert "Take Over" not in answer.buttons
