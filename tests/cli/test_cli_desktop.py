"""`briefing install-desktop`: the .desktop entry, the .briefing MIME type and the icons in
the user's XDG data folder, and `--uninstall` taking exactly those away."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import cli_desktop
from briefing.cli import main
from briefing.cli_desktop import DesktopFiles, data_home, desktop_entry


def test_install_writes_entry_mime_type_and_icons(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(cli_desktop, "_refresh_caches", lambda files, make_default: [])
    assert main(["install-desktop", "--data-home", str(tmp_path)]) == 0
    files = DesktopFiles(tmp_path)
    assert all(path.is_file() for path in files.all())
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(files.desktop_entry, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Name"] == "Briefing Builder"
    assert section["MimeType"] == "application/x-briefing;"
    assert section["Exec"].endswith(" %f") and section["Icon"] == "briefing-builder"
    xml = files.mime_package.read_text(encoding="utf-8")
    assert '<glob pattern="*.briefing"/>' in xml and 'type="application/x-briefing"' in xml
    assert files.app_icon.read_bytes().startswith(b"<svg")
    assert "installed" in capsys.readouterr().out

    assert main(["install-desktop", "--uninstall", "--data-home", str(tmp_path)]) == 0
    assert not any(path.exists() for path in files.all())
    assert "removed 4 file(s)" in capsys.readouterr().out


def test_exec_quotes_a_path_with_spaces_and_percent_signs() -> None:
    text = desktop_entry(["/opt/My Apps/100%/briefing", "-m", "briefing"])
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line == 'Exec="/opt/My Apps/100%%/briefing" -m briefing %f'


def test_data_home_follows_xdg_and_ignores_a_relative_value(tmp_path: Path) -> None:
    assert data_home({"XDG_DATA_HOME": str(tmp_path), "HOME": "/home/x"}) == tmp_path
    assert data_home({"XDG_DATA_HOME": "rel", "HOME": "/home/x"}) == Path(
        "/home/x/.local/share")


def test_the_launch_command_of_a_checkout_starts_this_python() -> None:
    command = cli_desktop.launch_command()
    assert Path(command[0]).is_file()


def test_a_folder_that_cannot_be_written_is_one_line(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["install-desktop", "--data-home", str(blocker)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write" in err


@pytest.mark.skipif(shutil.which("update-mime-database") is None,
                    reason="shared-mime-info is not installed")
def test_the_mime_database_knows_briefing_files(tmp_path: Path) -> None:
    """The real cache tool reads our package: *.briefing maps to application/x-briefing."""
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "install-desktop", "--data-home", str(tmp_path)],
        capture_output=True, text=True, timeout=120, check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    globs = (tmp_path / "mime" / "globs2").read_text(encoding="utf-8")
    assert "application/x-briefing:*.briefing" in globs
