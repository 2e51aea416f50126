"""Window geometry, dock layout and recent files come back in a new process (QSettings)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

FIRST = textwrap.dedent("""
    from PySide6.QtCore import QStandardPaths
    from briefing.gui.app import create_application
    QStandardPaths.setTestModeEnabled(True)
    app = create_application()
    from briefing.gui.mainwindow import MainWindow
    from briefing.core.model import Briefing
    from briefing.core.storage import save_briefing
    import sys
    window = MainWindow()
    window.show()
    window.resize(960, 700)  # the offscreen screen is 800x800: stay inside it
    window.checks_dock.hide()
    save_briefing(Briefing(), sys.argv[1])
    window.document.open(sys.argv[1])
    app.processEvents()
    window.close()
""")

SECOND = textwrap.dedent("""
    import json
    from PySide6.QtCore import QStandardPaths
    from briefing.gui.app import create_application
    QStandardPaths.setTestModeEnabled(True)
    app = create_application()
    from briefing.gui.mainwindow import MainWindow
    window = MainWindow()
    window.show()
    app.processEvents()
    print(json.dumps({
        "size": [window.width(), window.height()],
        "checks_visible": window.checks_dock.isVisible(),
        "library_visible": window.library_dock.isVisible(),
        "recent": window._settings.recent_files(),
    }))
    window.close()
""")


def test_layout_and_recent_files_are_restored_in_a_new_process(tmp_path):
    env = {**os.environ, "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    target = tmp_path / "remembered.briefing"
    subprocess.run([sys.executable, "-c", FIRST, str(target)], env=env, check=True,
                   timeout=60)
    result = subprocess.run([sys.executable, "-c", SECOND], env=env, check=True, timeout=60,
                            capture_output=True, text=True)
    state = json.loads(result.stdout.strip().splitlines()[-1])
    assert state["size"] == [960, 700]
    assert state["checks_visible"] is False
    assert state["library_visible"] is True
    assert state["recent"] and state["recent"][0].endswith("remembered.briefing")
