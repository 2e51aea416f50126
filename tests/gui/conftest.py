"""GUI test set-up: offscreen platform, test-mode standard paths, our organisation names.

These run before pytest-qt creates its one QApplication for the session, so nothing here may
touch Qt widgets; the core tests never import this file.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QCoreApplication, QStandardPaths

QCoreApplication.setOrganizationName("BriefingBuilderTests")
QCoreApplication.setApplicationName("Briefing Builder Tests")
QStandardPaths.setTestModeEnabled(True)


@pytest.fixture
def session(qapp):
    from briefing.gui.commands import BriefingSession

    return BriefingSession()
