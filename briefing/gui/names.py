"""The application's names, in a module of their own that imports nothing.

Qt keys QSettings and QStandardPaths on the organisation and application names, and the
dialogs and recovery files show or record them. Everything that needs a name imports it from
here, so naming the app never pulls in the window (which is how app ↔ mainwindow ↔ messages ↔
recovery once formed an import cycle).
"""

from __future__ import annotations

ORGANISATION = "BriefingBuilder"
ORGANISATION_DOMAIN = "briefing-builder.invalid"
APPLICATION = "Briefing Builder"
DESKTOP_FILE = "briefing-builder"  # the .desktop entry's name, without the suffix
