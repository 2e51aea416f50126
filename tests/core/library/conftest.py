"""The library's tests run against both real engines: SQLite always, and PostgreSQL on a
server the tests start themselves (skipped only where no PostgreSQL binaries exist)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from benchmarks.pgserver import TemporaryPostgres, postgres_bin_dir
from briefing.core.library import Library, open_library

NOW = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
_database_numbers = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[TemporaryPostgres]:
    if postgres_bin_dir() is None:
        pytest.skip("no PostgreSQL server binaries on this machine (.ci/run installs them)")
    with TemporaryPostgres() as server:
        yield server


@pytest.fixture
def pg_url(pg_server: TemporaryPostgres) -> str:
    return pg_server.new_database(f"library_{next(_database_numbers)}")


@pytest.fixture(params=["sqlite", "postgres"])
def location(request: pytest.FixtureRequest, tmp_path) -> str:
    """Where a fresh, empty library lives, on each engine in turn."""
    if request.param == "sqlite":
        return str(tmp_path / "library.sqlite3")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def library(location: str) -> Iterator[Library]:
    with open_library(location, user="alice@desk1") as lib:
        yield lib
