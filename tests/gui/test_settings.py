"""AppSettings: recent files, window layout and typed preferences, also across processes."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QSplitter, QToolBar

from briefing.gui.settings import MAX_RECENT_FILES, AppSettings

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def settings(qapp, tmp_path: Path):
    before = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    QCoreApplication.setOrganizationName("Briefing Builder")
    QCoreApplication.setApplicationName("Briefing Builder")
    QStandardPaths.setTestModeEnabled(True)
    # A file of its own per test: tests may run in parallel processes.
    yield AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    QCoreApplication.setOrganizationName(before[0])
    QCoreApplication.setApplicationName(before[1])


def _touch(folder: Path, name: str) -> str:
    path = folder / name
    path.write_text("{}", encoding="utf-8")
    return str(path)


# ---- recent files -------------------------------------------------------------------------------
def test_recent_files_most_recent_first_without_duplicates(settings, tmp_path: Path):
    files = [_touch(tmp_path, f"b{n}.briefing") for n in range(12)]
    for path in files:
        settings.add_recent(path)
    assert settings.recent_files() == list(reversed(files))[:MAX_RECENT_FILES]
    settings.add_recent(files[5])
    recent = settings.recent_files()
    assert recent[0] == files[5] and recent.count(files[5]) == 1
    assert len(recent) == MAX_RECENT_FILES


def test_missing_files_come_after_existing_ones(settings, tmp_path: Path):
    kept = _touch(tmp_path, "kept.briefing")
    gone = _touch(tmp_path, "gone.briefing")
    newest = _touch(tmp_path, "newest.briefing")
    for path in (kept, gone, newest):
        settings.add_recent(path)
    os.unlink(gone)
    assert settings.recent_files() == [newest, kept, gone]
    assert settings.recent_files(existing_only=True) == [newest, kept]
    settings.remove_recent(gone)
    assert settings.recent_files() == [newest, kept]


def test_relative_paths_are_stored_absolute(settings, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _touch(tmp_path, "rel.briefing")
    settings.add_recent("rel.briefing")
    settings.add_recent(str(tmp_path / "rel.briefing"))
    assert settings.recent_files() == [str(tmp_path / "rel.briefing")]


# ---- preferences --------------------------------------------------------------------------------
def test_preferences_defaults_and_changes(settings, tmp_path: Path):
    assert settings.default_page_size == "a4"
    assert settings.preview_visible is True
    assert settings.autosave_enabled is True
    assert settings.autosave_interval_s == 60
    assert settings.last_export_dir == "" and settings.last_import_dir == ""

    settings.default_page_size = "letter"
    settings.preview_visible = False
    settings.autosave_interval_s = 5  # below the floor
    settings.last_export_dir = tmp_path
    settings.last_import_dir = str(tmp_path / "in")
    assert settings.default_page_size == "letter"
    assert settings.preview_visible is False
    assert settings.autosave_interval_s == 10
    assert settings.last_export_dir == str(tmp_path)
    assert settings.last_import_dir == str(tmp_path / "in")
    with pytest.raises(ValueError):
        settings.default_page_size = "a5"


def test_hand_edited_nonsense_falls_back_to_defaults(tmp_path: Path, qapp):
    ini = tmp_path / "bad.ini"
    ini.write_text(
        "[briefing]\ndefault_page_size=a0\n[recovery]\nautosave_interval_s=soon\n"
        "[recent]\nfiles=@Invalid()\n",
        encoding="utf-8",
    )
    settings = AppSettings(QSettings(str(ini), QSettings.Format.IniFormat))
    assert settings.default_page_size == "a4"
    assert settings.autosave_interval_s == 60
    assert settings.recent_files() == []


# ---- window layout ------------------------------------------------------------------------------
def _window() -> tuple[QMainWindow, QSplitter, QSplitter, QDockWidget]:
    window = QMainWindow()
    outer = QSplitter(Qt.Orientation.Horizontal)
    outer.setObjectName("mainSplitter")
    inner = QSplitter(Qt.Orientation.Vertical)
    inner.setObjectName("readerSplitter")
    inner.addWidget(QLabel("reader"))
    inner.addWidget(QLabel("clips"))
    outer.addWidget(QLabel("library"))
    outer.addWidget(inner)
    outer.addWidget(QLabel("outline"))
    window.setCentralWidget(outer)
    dock = QDockWidget("Checks")
    dock.setObjectName("checksDock")
    dock.setWidget(QLabel("checks"))
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    toolbar = QToolBar("Main")
    toolbar.setObjectName("mainToolBar")
    window.addToolBar(toolbar)
    return window, outer, inner, dock


def test_window_geometry_docks_and_splitters_round_trip(settings, qtbot):
    window, outer, inner, dock = _window()
    qtbot.addWidget(window)
    window.resize(760, 540)  # within the offscreen screen (800×600)
    window.show()
    qtbot.waitExposed(window)
    dock.hide()
    qtbot.wait(20)  # let the layout give the dock's room to the splitters first
    outer.setSizes([150, 400, 200])
    inner.setSizes([300, 100])
    qtbot.wait(20)
    saved_outer, saved_inner = outer.sizes(), inner.sizes()
    settings.save_window(window)

    again, outer2, inner2, dock2 = _window()
    qtbot.addWidget(again)
    assert outer2.sizes() != saved_outer or inner2.sizes() != saved_inner
    assert settings.restore_window(again) is True
    again.show()
    qtbot.waitExposed(again)
    assert (again.width(), again.height()) == (760, 540)
    assert outer2.sizes() == saved_outer
    assert inner2.sizes() == saved_inner
    assert dock2.isHidden()


def test_restore_without_saved_layout_says_so(settings, qtbot):
    window, *_ = _window()
    qtbot.addWidget(window)
    assert settings.restore_window(window) is False


# ---- across processes ---------------------------------------------------------------------------
_SCRIPT = textwrap.dedent(
    """
    import json, os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, {repo!r})
    from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths
    from PySide6.QtWidgets import QApplication, QMainWindow
    QCoreApplication.setOrganizationName("Briefing Builder")
    QCoreApplication.setApplicationName("Briefing Builder")
    QStandardPaths.setTestModeEnabled(True)
    app = QApplication([])
    from briefing.gui.settings import AppSettings
    settings = AppSettings()
    window = QMainWindow()
    if sys.argv[1] == "write":
        settings.preview_visible = False
        settings.autosave_enabled = False
        settings.autosave_interval_s = 45
        settings.default_page_size = "letter"
        settings.last_export_dir = {export_dir!r}
        settings.add_recent({recent!r})
        window.resize(700, 500)
        settings.save_window(window)
        settings.sync()
        print(json.dumps({{"file": settings.qsettings.fileName()}}))
    else:
        restored = settings.restore_window(window)
        print(json.dumps({{
            "file": settings.qsettings.fileName(),
            "preview_visible": settings.preview_visible,
            "autosave_enabled": settings.autosave_enabled,
            "interval": settings.autosave_interval_s,
            "page_size": settings.default_page_size,
            "export_dir": settings.last_export_dir,
            "recent": settings.recent_files(),
            "restored": restored,
            "size": [window.width(), window.height()],
        }}))
    """
)


def _run(mode: str, home: Path, **values: str) -> dict:
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / "config"))
    code = _SCRIPT.format(repo=str(REPO), **values)
    result = subprocess.run(
        [sys.executable, "-c", code, mode],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_values_survive_a_new_process_with_their_types(tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    recent = _touch(tmp_path, "only.briefing")
    values = {"export_dir": str(tmp_path / "exports"), "recent": recent}
    written = _run("write", home, **values)
    read = _run("read", home, **values)
    assert written["file"] == read["file"]
    assert read["file"].startswith(str(home))  # never the real user's settings
    assert read["preview_visible"] is False  # not the string "false"
    assert read["autosave_enabled"] is False
    assert read["interval"] == 45
    assert read["page_size"] == "letter"
    assert read["export_dir"] == str(tmp_path / "exports")
    assert read["recent"] == [recent]  # a one-element list, not a string
    assert read["restored"] is True
    assert read["size"] == [700, 500]
