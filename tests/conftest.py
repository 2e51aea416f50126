"""Set-up for every test: no test may touch the user's real library."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_library(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """BRIEFING_LIBRARY points at a fresh file, so commands that file articles in the library
    by default (`briefing import`, the app) never write to the user's data folder."""
    folder = tmp_path_factory.mktemp("library")
    monkeypatch.setenv("BRIEFING_LIBRARY", str(folder / "library.sqlite3"))
    monkeypatch.setenv("BRIEFING_FEEDS_DB", str(folder / "web.sqlite3"))  # feeds, likewise
