"""`briefing install-desktop`: make the app a desktop application for this user (XDG).

It writes, under $XDG_DATA_HOME (default ~/.local/share):
- applications/briefing-builder.desktop: the menu entry, opening .briefing files (%f);
- mime/packages/briefing-builder.xml: the application/x-briefing type for *.briefing;
- icons/hicolor/scalable/{apps,mimetypes}/: the app's icon and the file type's icon;
then asks the desktop's own tools (when installed) to refresh their caches and makes the app
the default for .briefing files. `--uninstall` removes exactly these files.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from briefing.core.atomic import os_error_reason, write_atomically
from briefing.core.errors import BriefingError
from briefing.core.resources import resource_path

APP_ID = "briefing-builder"  # the .desktop file's name (briefing.gui.names.DESKTOP_FILE)
MIME_TYPE = "application/x-briefing"
MIME_ICON = "application-x-briefing"

MIME_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{MIME_TYPE}">
    <comment>Briefing Builder briefing</comment>
    <sub-class-of type="application/json"/>
    <icon name="{MIME_ICON}"/>
    <glob pattern="*.briefing"/>
  </mime-type>
</mime-info>
"""


@dataclass(frozen=True)
class DesktopFiles:
    """Where each installed file goes, below one XDG data folder."""

    data_home: Path

    @property
    def desktop_entry(self) -> Path:
        return self.data_home / "applications" / f"{APP_ID}.desktop"

    @property
    def mime_package(self) -> Path:
        return self.data_home / "mime" / "packages" / f"{APP_ID}.xml"

    @property
    def app_icon(self) -> Path:
        return self.data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"

    @property
    def mime_icon(self) -> Path:
        return self.data_home / "icons" / "hicolor" / "scalable" / "mimetypes" / f"{MIME_ICON}.svg"

    def all(self) -> list[Path]:
        return [self.desktop_entry, self.mime_package, self.app_icon, self.mime_icon]


def data_home(environ: dict[str, str] | None = None) -> Path:
    """$XDG_DATA_HOME when it is an absolute path (the spec ignores a relative one), else
    ~/.local/share."""
    env = os.environ if environ is None else environ
    value = env.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path(env.get("HOME") or Path.home()) / ".local" / "share"


def launch_command() -> list[str]:
    """How the desktop starts this app: the bundled executable itself, the `briefing` script
    that is running, or this Python with `-m briefing`."""
    if getattr(sys, "frozen", False):  # the PyInstaller bundle
        return [str(Path(sys.executable).resolve())]
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "briefing" and script.is_file():
        return [str(script.resolve())]
    return [str(Path(sys.executable).resolve()), "-m", "briefing"]


def _exec_argument(argument: str) -> str:
    # The Desktop Entry spec: quote an argument holding reserved characters with double
    # quotes, escaping ", `, $ and \ inside; a literal % is written %%.
    argument = argument.replace("%", "%%")
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    if not reserved.intersection(argument):
        return argument
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
    return f'"{escaped}"'


def desktop_entry(command: Sequence[str]) -> str:
    exec_line = " ".join(_exec_argument(part) for part in command)
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.5",
        "Name=Briefing Builder",
        "GenericName=Briefing Editor",
        "Comment=Turn news articles into a sourced briefing in Word and PDF",
        f"Exec={exec_line} %f",
        f"Icon={APP_ID}",
        "Terminal=false",
        "Categories=Office;WordProcessor;",
        f"MimeType={MIME_TYPE};",
        "Keywords=briefing;news;quotes;report;",
        f"StartupWMClass={APP_ID}",
        "",
    ])


def _write(path: Path, payload: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, payload)
    except OSError as exc:
        raise BriefingError(f"{path}: cannot write: {os_error_reason(exc)}") from None


def _refresh_caches(files: DesktopFiles, *, make_default: bool) -> list[str]:
    """Run the desktop's cache tools that are installed; what they said, when they failed."""
    runs = [
        ["update-mime-database", str(files.data_home / "mime")],
        ["update-desktop-database", str(files.desktop_entry.parent)],
        ["gtk-update-icon-cache", "-q", "-t", "-f", str(files.data_home / "icons" / "hicolor")],
    ]
    if make_default:
        runs.append(["xdg-mime", "default", files.desktop_entry.name, MIME_TYPE])
    problems = []
    for command in runs:
        if shutil.which(command[0]) is None:
            continue
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=60,
                                  stdin=subprocess.DEVNULL, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            problems.append(f"{command[0]}: {exc}")
            continue
        if done.returncode != 0:
            reason = (done.stderr or done.stdout).strip().splitlines()
            problems.append(f"{command[0]}: {reason[-1] if reason else done.returncode}")
    return problems


def install(files: DesktopFiles, command: Sequence[str], *, refresh: bool = True) -> list[str]:
    """Write the entry, the file type and the icons; returns the cache tools' complaints."""
    icon = resource_path("icons", f"{APP_ID}.svg").read_bytes()
    _write(files.desktop_entry, desktop_entry(command).encode("utf-8"))
    _write(files.mime_package, MIME_XML.encode("utf-8"))
    _write(files.app_icon, icon)
    _write(files.mime_icon, icon)
    return _refresh_caches(files, make_default=True) if refresh else []


def uninstall(files: DesktopFiles, *, refresh: bool = True) -> list[Path]:
    """Remove what `install` wrote; returns the files removed."""
    removed = []
    for path in files.all():
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise BriefingError(f"{path}: cannot remove: {os_error_reason(exc)}") from None
        removed.append(path)
    if refresh:
        _refresh_caches(files, make_default=False)
    return removed


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "install-desktop",
        help="add the app to this user's desktop menu and open .briefing files with it",
    )
    parser.add_argument("--uninstall", action="store_true", help="remove what it installed")
    parser.add_argument(
        "--data-home", type=Path,
        help="the folder to install into (default: $XDG_DATA_HOME or ~/.local/share)",
    )


def cmd_install_desktop(args: argparse.Namespace) -> int:
    files = DesktopFiles(args.data_home or data_home())
    if args.uninstall:
        removed = uninstall(files)
        print(f"removed {len(removed)} file(s) from {files.data_home}")
        return 0
    command = launch_command()
    for problem in install(files, command):
        print(f"briefing: warning: {problem}", file=sys.stderr)
    print(f"installed {files.desktop_entry} (runs {shlex.join(command)})")
    return 0


COMMANDS = {"install-desktop": cmd_install_desktop}
