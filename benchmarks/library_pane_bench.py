"""The library pane's first screen on a big library (offscreen Qt), for library_bench."""

from __future__ import annotations

import os
import statistics
import tempfile
import time


def first_screen_ms(location: str, repeat: int = 5) -> float:
    """Median time from creating the "All articles" view to its first page painted."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["BRIEFING_LIBRARY"] = location
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from briefing.gui.library_access import LibraryAccess
    from briefing.gui.views.shelf import ShelfView

    app = QApplication.instance() or QApplication([])
    times = []
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(os.path.join(folder, "bench.ini"), QSettings.Format.IniFormat)
        for _ in range(repeat):
            began = time.perf_counter()
            access = LibraryAccess(settings)
            view = ShelfView(access)
            view.resize(420, 800)
            view.show()
            view.load()
            app.processEvents()
            view.grab()  # paint it now
            times.append(time.perf_counter() - began)
            if view.model.rowCount() == 0:
                raise RuntimeError(f"the pane showed nothing: {view.status.text()}")
            view.close()
            access.close()
    return statistics.median(times) * 1000
