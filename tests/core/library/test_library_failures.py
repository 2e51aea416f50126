"""What goes wrong with a library, and the one clear message each time."""

from __future__ import annotations

import sqlite3

import pytest

from briefing.core.library import (
    LibraryError,
    LibraryUnavailable,
    default_library_path,
    describe,
    open_library,
    resolve_location,
)
from briefing.core.library.location import filesystem_type, network_warning
from briefing.core.library.sqlite import SCHEMA_VERSION, SqliteLibrary
from briefing.core.model import Article

MOUNTS = (
    "/dev/sda1 / ext4 rw,relatime 0 0\n"
    "server:/export/home /home/team nfs4 rw,relatime 0 0\n"
    "//nas/share /mnt/share\\040drive cifs rw 0 0\n"
)


def test_default_location_is_in_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_library_path() == tmp_path / "briefing-builder" / "library.sqlite3"
    assert resolve_location(None, environ={}) == str(default_library_path())


def test_location_given_beats_environment_beats_setting():
    env = {"BRIEFING_LIBRARY": "/env/lib.sqlite3"}
    assert resolve_location("/cli/lib.sqlite3", setting="/app/x", environ=env) == "/cli/lib.sqlite3"
    assert resolve_location(None, setting="/app/x", environ=env) == "/env/lib.sqlite3"
    assert resolve_location(None, setting="/app/x", environ={}) == "/app/x"
    url = "postgresql://me:secret@db.example/lib"
    assert resolve_location(url, environ={}) == url
    assert describe(url) == "postgresql://me@db.example/lib"


def test_a_library_on_a_network_folder_is_warned_about(tmp_path):
    assert filesystem_type("/home/team/briefings/library.sqlite3", MOUNTS) == "nfs4"
    assert filesystem_type("/mnt/share drive/lib.sqlite3", MOUNTS) == "cifs"
    assert "network folder (nfs4)" in network_warning("/home/team/lib.sqlite3", MOUNTS)
    assert network_warning("/home/other/lib.sqlite3", MOUNTS) == ""
    library = SqliteLibrary(tmp_path / "lib.sqlite3",
                            mounts=f"/dev/x / ext4 rw 0 0\nsrv:/x {tmp_path} nfs rw 0 0\n")
    assert any("network folder (nfs)" in w for w in library.warnings)
    library.close()


def test_the_library_file_is_created_on_first_use_in_wal_mode(tmp_path):
    path = tmp_path / "new" / "folder" / "library.sqlite3"
    with open_library(path) as library:
        assert library.schema_version() == SCHEMA_VERSION
    assert path.exists()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path):
    path = tmp_path / "library.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(LibraryError, match="damaged or is not a library"):
        open_library(path)


def test_another_sqlite_database_is_not_taken_for_a_library(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE accounts (id INTEGER)")
    with pytest.raises(LibraryError, match="not a Briefing Builder library"):
        open_library(path)


def test_a_library_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "library.sqlite3"
    open_library(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(LibraryError, match="newer version of Briefing Builder"):
        open_library(path)


def test_a_folder_or_an_unreadable_path_is_unavailable(tmp_path):
    (tmp_path / "dir.sqlite3").mkdir()
    with pytest.raises(LibraryUnavailable, match="is a folder"):
        open_library(tmp_path / "dir.sqlite3")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(LibraryUnavailable, match="cannot create the library's folder"):
        open_library(blocker / "sub" / "library.sqlite3")


def test_rebuild_repairs_a_damaged_index(tmp_path):
    path = tmp_path / "library.sqlite3"
    with open_library(path) as library:
        for n in range(30):
            library.add(Article(id="a", title=f"t{n}", text=f"article number {n} about 北约峰会"))
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM article_fts_data WHERE id > 10")  # the index leaves
        conn.execute("DELETE FROM article_cjk")
    with open_library(path) as library:
        with pytest.raises(LibraryError, match="damaged"):
            library.search("article")
        assert library.rebuild() == 30
        assert library.count("article") == 30
        assert library.count("北约峰") == 30


def test_a_missing_server_is_one_clear_message(tmp_path):
    with pytest.raises(LibraryUnavailable, match="cannot reach the library server"):
        open_library(f"postgresql://nobody@/library?host={tmp_path}")


def test_the_server_going_away_is_reported_and_then_survived(pg_url):
    import psycopg

    with open_library(pg_url) as library:
        library.add(Article(id="a", title="kept", text="kept text"))
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE application_name = 'Briefing Builder'")
        with pytest.raises(LibraryUnavailable, match="not reachable"):
            library.count()
        assert library.count() == 1  # connected again


def test_a_postgres_library_of_a_newer_version_is_refused(pg_url):
    import psycopg

    open_library(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute("UPDATE briefing_library.library_info SET value = '99' "
                      "WHERE key = 'schema_version'")
    with pytest.raises(LibraryError, match="newer version"):
        open_library(pg_url)


def test_a_read_only_library_refuses_writes_clearly(tmp_path):
    import os

    path = tmp_path / "library.sqlite3"
    open_library(path).close()
    if os.geteuid() == 0:
        pytest.skip("root can write to read-only files")
    path.chmod(0o444)
    with pytest.raises(LibraryError):
        open_library(path).add(Article(id="a", text="x"))




def test_a_version_1_postgres_library_is_migrated(pg_url, monkeypatch):
    from briefing.core.library import postgres

    with monkeypatch.context() as patch:
        patch.setattr(postgres, "MIGRATIONS", postgres.MIGRATIONS[:1])
        patch.setattr(postgres, "SCHEMA_VERSION", 1)
        with open_library(pg_url) as old:
            assert old.schema_version() == 1
    import psycopg

    from briefing.core.library.fingerprint import bands, simhash

    text = "北约峰会在维尔纽斯举行"
    with psycopg.connect(pg_url, autocommit=True) as admin:  # as version 1 stored it
        admin.execute(
            "INSERT INTO briefing_library.articles (title, text, added_at, sha256, simhash, b0, "
            "b1, b2, b3, b4, b5, b6, sort_date) VALUES ('cjk', %s, '2026-01-01T00:00:00Z', "
            "'x', %s, 1, 2, 3, 4, 5, 6, 7, '2026-01-01')", (text, simhash(text)))
    with open_library(pg_url) as library:
        assert library.schema_version() == postgres.SCHEMA_VERSION >= 4  # v4: the web
        assert library.count("维尔纽斯") == 1
        assert library.count("北约") == 1
    with psycopg.connect(pg_url, autocommit=True) as admin:
        stored = admin.execute("SELECT b0, b1, b2, b3, b4 FROM "
                               "briefing_library.articles").fetchone()
    assert stored == bands(simhash(text))


def test_a_version_1_sqlite_library_is_migrated(tmp_path, monkeypatch):
    from briefing.core.library import sqlite
    from briefing.core.library.fingerprint import bands, simhash, text_sha256

    path = tmp_path / "library.sqlite3"
    text = " ".join(f"word{n % 97} item{n}" for n in range(200))
    with monkeypatch.context() as patch:
        patch.setattr(sqlite, "MIGRATIONS", sqlite.MIGRATIONS[:1])
        patch.setattr(sqlite, "SCHEMA_VERSION", 1)
        open_library(path).close()
    with sqlite3.connect(path) as conn:  # an article as version 1 stored it: seven bands
        conn.execute(
            "INSERT INTO articles (title, text, added_at, sha256, simhash, b0, b1, b2, b3, b4, "
            "b5, b6, sort_date) VALUES ('old', ?, '2026-01-01T00:00:00Z', ?, ?, 1, 2, 3, 4, 5, "
            "6, 7, '2026-01-01')", (text, text_sha256(text), simhash(text)))
    with open_library(path) as library:
        assert library.schema_version() == sqlite.SCHEMA_VERSION
        assert library.count("item7") == 1
        copy = library.add(Article(id="a", title="copy", text=text + " extra"))
        assert not copy.added and copy.article.title == "old"
    with sqlite3.connect(path) as conn:
        stored = conn.execute("SELECT b0, b1, b2, b3, b4 FROM articles").fetchone()
    assert stored == bands(simhash(text))
