"""The desktop app's entry point: QApplication set-up, then the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

ORGANISATION = "BriefingBuilder"
APPLICATION = "Briefing Builder"


def set_names() -> None:
    """Organisation and application names: QSettings and QStandardPaths depend on them, so
    they are set before anything touches either."""
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setOrganizationDomain("briefing-builder.invalid")
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
    app.setDesktopFileName("briefing-builder")
    try:
        from briefing.gui.icons import app_icon
    except ImportError:
        pass
    else:
        app.setWindowIcon(app_icon())
    return app


def run(argv: list[str]) -> int:
    """Start the app; `argv` may hold one briefing file to open."""
    app = create_application()
    from briefing.gui.mainwindow import MainWindow

    window = MainWindow()
    window.show()
    restored = window.offer_recovery()
    if argv and not restored:
        window.open_file(Path(argv[0]))
    return app.exec()
