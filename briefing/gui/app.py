"""The desktop app's entry point: QApplication set-up, then the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QApplication

from briefing.gui.names import APPLICATION, DESKTOP_FILE, ORGANISATION, ORGANISATION_DOMAIN


def set_names() -> None:
    """Organisation and application names: QSettings and QStandardPaths depend on them, so
    they are set before anything touches either."""
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setOrganizationDomain(ORGANISATION_DOMAIN)
    QCoreApplication.setApplicationName(APPLICATION)
    from briefing import __version__

    QCoreApplication.setApplicationVersion(__version__)


def create_application(argv: list[str] | None = None) -> QApplication:
    from briefing.gui.qtcompat import make_singletons_immortal

    make_singletons_immortal()
    existing = QApplication.instance()
    if existing is not None:
        return existing  # type: ignore[return-value]
    set_names()
    QApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication([sys.argv[0] if sys.argv else "briefing", *(argv or [])])
    app.setApplicationDisplayName(APPLICATION)
    app.setDesktopFileName(DESKTOP_FILE)
    from briefing.gui.icons import app_icon

    app.setWindowIcon(app_icon())
    return app


def _first_start() -> bool:
    settings = QSettings()
    first = not settings.value("app/started_before", False, type=bool)
    settings.setValue("app/started_before", True)
    return first


def run(argv: list[str]) -> int:
    """Start the app. `argv` may hold one briefing file to open; the shipped sample opens as
    an untitled copy (also on the very first start), so it is never saved over."""
    app = create_application()
    from briefing.gui.document import sample_path
    from briefing.gui.mainwindow import MainWindow

    window = MainWindow()
    window.show()
    document = window.document
    first = _first_start()
    if document.offer_recovery():
        pass
    elif argv and Path(argv[0]).resolve() == sample_path().resolve():
        document.open_sample()
    elif argv:
        document.open(Path(argv[0]))
    elif first:
        document.open_sample()
    if os.environ.get("BRIEFING_SMOKE_TEST"):
        _quit_once_running(app, window)
    return app.exec()


def _quit_once_running(app: QApplication, window) -> None:
    """The packaged app's start-up check (tools/check_dist.py): once the event loop runs with
    the window shown, show the Pages tab, wait for the PDF's pages (QtPdf must be in the
    bundle too), say on stdout what the window shows, and quit; a script so tells a bundle
    that starts from one that is missing a library or a resource."""
    from PySide6.QtCore import QTimer

    def report(pages: int = 0) -> None:
        title = window.windowTitle().replace("[*]", "")
        print(f"started: {title} ({len(window.session.briefing.articles)} articles, "
              f"{pages} pages)", flush=True)
        window.pages.stop()
        window.document.close()
        app.quit()

    window.pages.rendered.connect(report)
    QTimer.singleShot(0, window.actions.show_pages.trigger)
    QTimer.singleShot(120_000, report)  # no pages by then: say so (0 pages) and quit
