"""Where the library is: one SQLite file in the user's data folder by default, or a
PostgreSQL server given as a URL (`--library`, BRIEFING_LIBRARY, or the app's setting)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

ENV_VARIABLE = "BRIEFING_LIBRARY"
LIBRARY_FILE_NAME = "library.sqlite3"
# File systems on which SQLite's locking (and WAL's shared memory) is unreliable: libraries
# there get corrupted (calibre's users report it for NFS and SMB shares).
NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "9p", "afs", "ncpfs", "fuse.sshfs",
    "sshfs", "davfs", "fuse.davfs2", "fuse.rclone", "glusterfs", "fuse.glusterfs", "ceph",
    "lustre", "gpfs", "fuse.s3fs",
})  # fmt: skip


def default_library_path() -> Path:
    """The library file used when none is given; the same for the app and the command line."""
    return platformdirs.user_data_path("briefing-builder", appauthor=False) / LIBRARY_FILE_NAME


def is_server_url(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def resolve_location(
    explicit: str | os.PathLike[str] | None = None,
    *,
    setting: str = "",
    environ: Mapping[str, str] | None = None,
) -> str:
    """Which library to open: the one given (`--library`), else BRIEFING_LIBRARY, else the
    app's setting, else the default file."""
    env = os.environ if environ is None else environ
    for candidate in (explicit, env.get(ENV_VARIABLE, ""), setting):
        if candidate is not None and str(candidate).strip():
            text = str(candidate).strip()
            return text if is_server_url(text) else str(Path(text).expanduser())
    return str(default_library_path())


def describe(location: str) -> str:
    """The location as shown to the user: a server URL without its password."""
    if not is_server_url(location):
        return location
    scheme, _, rest = location.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at:
        return location
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}@{host}" if user else f"{scheme}://{host}"


def _unescape_mount(field: str) -> str:
    # /proc/mounts writes space, tab, newline and backslash in paths as octal escapes.
    for code in ("040", "011", "012", "134"):
        field = field.replace("\\" + code, chr(int(code, 8)))
    return field


def filesystem_type(path: str | os.PathLike[str], mounts: str | None = None) -> str:
    """The type of the file system holding `path` (from /proc/mounts), or "" if unknown."""
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
    target = Path(os.path.realpath(path))
    best, best_type = -1, ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = Path(_unescape_mount(fields[1]))
        if (target == point or point in target.parents) and len(point.parts) > best:
            best, best_type = len(point.parts), fields[2]
    return best_type


def network_warning(path: str | os.PathLike[str], mounts: str | None = None) -> str:
    """A warning when the library file is on a network file system, else ""."""
    fs_type = filesystem_type(path, mounts)
    if fs_type.lower() in NETWORK_FILESYSTEMS or fs_type.lower().startswith(("nfs", "smb")):
        return (
            f"{path}: the library is on a network folder ({fs_type}); SQLite libraries there "
            "can be corrupted when two computers use them. Keep it on a local disk, or share "
            "a PostgreSQL library instead (--library postgresql://…)"
        )
    return ""
