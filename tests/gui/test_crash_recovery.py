"""After a crash, the next start offers the autosaved work and restores it (two processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

CRASHING = textwrap.dedent("""
    import os
    from PySide6.QtCore import QStandardPaths
    from briefing.gui.app import create_application
    QStandardPaths.setTestModeEnabled(True)
    app = create_application()
    from briefing.gui.mainwindow import MainWindow
    from briefing.gui import commands
    window = MainWindow()
    window.show()
    session = window.session
    session.run(commands.edit_meta(session, "title", "Work in progress"))
    session.run(commands.add_section(session, "Findings"))
    window.document.autosave.save_now(block=True)
    os._exit(1)  # a crash: no close, no clean-up
""")

RESTARTING = textwrap.dedent("""
    import json
    from PySide6.QtCore import QStandardPaths
    from briefing.gui.app import create_application
    QStandardPaths.setTestModeEnabled(True)
    app = create_application()
    from briefing.gui.mainwindow import MainWindow
    window = MainWindow()
    offered = []
    window.document.asker.restore = lambda info: offered.append(info.display_name()) or True
    restored = window.document.offer_recovery()
    briefing = window.session.briefing
    print(json.dumps({
        "offered": offered, "restored": restored, "title": briefing.meta.title,
        "sections": [s.heading for s in briefing.sections],
        "modified": window.isWindowModified(),
    }))
    window.session.undo_stack.setClean()
    window.close()
""")


def test_a_crash_leaves_work_that_the_next_start_restores(tmp_path):
    env = {**os.environ, "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    crashed = subprocess.run([sys.executable, "-c", CRASHING], env=env, timeout=60)
    assert crashed.returncode == 1
    result = subprocess.run([sys.executable, "-c", RESTARTING], env=env, check=True,
                            timeout=60, capture_output=True, text=True)
    state = json.loads(result.stdout.strip().splitlines()[-1])
    assert state["offered"] == ["Work in progress"]
    assert state["restored"] is True
    assert state["title"] == "Work in progress"
    assert state["sections"] == ["Findings"]
    assert state["modified"] is True
