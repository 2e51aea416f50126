"""A throw-away PostgreSQL server for the library's tests and benchmark.

`initdb` refuses to run as root, so as root the server runs as `nobody` (through runuser) in
a temporary folder that user owns; it listens only on a Unix socket in that folder, never on
the network. Stopped and deleted on exit.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

SERVER_USER = "nobody"


def postgres_bin_dir() -> Path | None:
    """The folder with initdb and pg_ctl (PostgreSQL 15 preferred), or None."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    preferred = [c for c in candidates if "/15/" in c] + candidates
    for folder in preferred:
        if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    found = shutil.which("pg_ctl")
    if found and Path(found).with_name("initdb").exists():
        return Path(os.path.realpath(found)).parent
    return None


def _version_key(folder: str) -> int:
    part = folder.split("/")[-2]
    return int(part) if part.isdigit() else 0


class TemporaryPostgres:
    """`with TemporaryPostgres() as server: server.url` — a running server and its URL."""

    def __init__(self, bin_dir: Path | None = None) -> None:
        found = bin_dir or postgres_bin_dir()
        if found is None:
            raise RuntimeError("no PostgreSQL server binaries (initdb, pg_ctl) found")
        self.bin_dir = found
        self.folder = Path(tempfile.mkdtemp(prefix="briefing-pg-"))
        self.data = self.folder / "data"
        self._as_root = os.geteuid() == 0
        self.url = f"postgresql://postgres@/postgres?host={self.folder}"

    def _run(self, *command: str) -> None:
        argv = [str(self.bin_dir / command[0]), *command[1:]]
        if self._as_root:
            argv = ["runuser", "-u", SERVER_USER, "--", *argv]
        done = subprocess.run(argv, capture_output=True, text=True, check=False,
                              stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {done.stderr.strip() or done.stdout.strip()}")

    def start(self) -> TemporaryPostgres:
        if self._as_root:
            shutil.chown(self.folder, SERVER_USER)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        options = (f"-k {self.folder} -c listen_addresses='' -F -c max_connections=40 "
                   "-c shared_buffers=64MB")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                  str(self.folder / "server.log"), "-w", "-t", "60", "start")
        return self

    def new_database(self, name: str) -> str:
        """Create an empty database; its URL."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://postgres@/{name}?host={self.folder}"

    def stop(self) -> None:
        try:
            if self.data.exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except RuntimeError:
            pass
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> TemporaryPostgres:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *_exc: object) -> None:
        self.stop()
