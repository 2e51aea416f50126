"""Check a built bundle (`make dist`) the way a user without Python would use it.

    .venv/bin/python tools/check_dist.py [dist/briefing-builder]

Runs the bundle's own executable, never this checkout's code: `--version`; an export of the
sample that ships inside the bundle to PDF, DOCX and HTML (each read back); `check` of it;
`install-desktop` into a scratch folder; and the window itself on Qt's offscreen platform
(BRIEFING_SMOKE_TEST makes the app say what it opened and quit). Every run gets a scratch
HOME and XDG folders, so the user's settings, library and recovery files are never touched.
Exit status 0 when everything passed, 1 otherwise (the failed step named on stderr).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TIMEOUT_S = 300


PAGE = """<!doctype html><html lang="en"><head><title>Harbour talks resume</title>
<meta name="author" content="A. Reporter"></head><body><article><h1>Harbour talks resume</h1>
<p>Negotiators met again on Tuesday after a week without talks at the port of Varnholm.</p>
<p>"We are closer than we were," said the union's spokesperson, Maria Lund, after the
meeting. The employers said they would answer the latest offer by Friday.</p>
</article></body></html>
"""


class Failed(Exception):
    pass


def _run(executable: Path, args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(executable), *args], capture_output=True, text=True, timeout=TIMEOUT_S, env=env,
        stdin=subprocess.DEVNULL, check=False,
    )
    if done.returncode != 0:
        raise Failed(f"{' '.join(args[:2])}: exit {done.returncode}: "
                     f"{(done.stderr or done.stdout).strip()[-2000:]}")
    return done.stdout


def check(bundle: Path) -> list[str]:
    """Run every step; returns one line per step passed, raises Failed at the first failure."""
    executable = bundle / "briefing-builder"
    if not executable.is_file():
        raise Failed(f"{executable}: no such executable: run `make dist` first")
    shipped = bundle / "_internal" / "briefing" / "resources"
    sample_in_bundle = shipped / "sample" / "sample.briefing"
    for needed in (sample_in_bundle, shipped / "themes" / "default.json",
                   shipped / "schema" / "briefing.schema.json", shipped / "reference.docx"):
        if not needed.is_file():
            raise Failed(f"the bundle lacks {needed.relative_to(bundle)}")
    passed = ["resources are in the bundle"]
    with tempfile.TemporaryDirectory(prefix="briefing-dist-") as scratch_name:
        scratch = Path(scratch_name)
        home = scratch / "home"
        home.mkdir()
        env = {
            "PATH": "/usr/bin:/bin",  # no virtualenv: the bundle must bring its own Python
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_RUNTIME_DIR": str(scratch),
            "LANG": os.environ.get("LANG", "C.UTF-8"),
            "QT_QPA_PLATFORM": "offscreen",
        }
        version = _run(executable, ["--version"], env).strip()
        if not version.startswith("briefing "):
            raise Failed(f"--version printed {version!r}")
        passed.append(f"--version: {version}")

        sample = scratch / "sample.briefing"
        shutil.copyfile(sample_in_bundle, sample)
        for suffix in ("pdf", "docx", "html"):
            target = scratch / f"sample.{suffix}"
            _run(executable, ["export", str(sample), "-o", str(target), "-q"], env)
            _read_back(target)
            passed.append(f"export {suffix}: {target.stat().st_size} bytes")
        report = _run(executable, ["check", str(sample)], env).strip()
        passed.append(f"check: {report.split(': ', 1)[-1]}")

        # spaCy and its English pipeline are found by name at run time: easy to leave out.
        suggestions = _run(executable, ["suggest", str(sample)], env).strip().splitlines()
        if not suggestions:
            raise Failed("suggest found no quotes in the sample")
        passed.append(f"suggest: {len(suggestions)} quote suggestions")
        page = scratch / "page.html"
        page.write_text(PAGE, encoding="utf-8")
        # filed in a library too: SQLite with FTS5, in the scratch HOME
        imported = _run(executable, ["import", str(page), "--into", str(scratch / "new.briefing")],
                        env)
        if "Harbour talks resume" not in imported:
            raise Failed(f"import of an HTML page printed {imported!r}")
        passed.append("import: an HTML page read (trafilatura) and filed in the library")

        desktop = scratch / "desktop"
        _run(executable, ["install-desktop", "--data-home", str(desktop)], env)
        entry = (desktop / "applications" / "briefing-builder.desktop").read_text("utf-8")
        if str(executable.resolve()) not in entry:
            raise Failed("install-desktop: the entry does not run the bundle")
        passed.append("install-desktop: the entry runs the bundle")

        started = _run(executable, [str(sample)], {**env, "BRIEFING_SMOKE_TEST": "1"})
        if "started:" not in started or "(0 articles" in started or " 0 pages)" in started:
            raise Failed(f"the window did not report its start: {started!r}")
        passed.append(started.strip())
    return passed


def _read_back(target: Path) -> None:
    data = target.read_bytes()
    if target.suffix == ".pdf":
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
            raise Failed(f"{target.name} is not a whole PDF")
    elif target.suffix == ".docx":
        with zipfile.ZipFile(target) as archive:
            if "word/document.xml" not in archive.namelist():
                raise Failed(f"{target.name} has no word/document.xml")
    elif b"</html>" not in data:
        raise Failed(f"{target.name} is not a whole HTML page")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=REPO / "dist" / "briefing-builder")
    args = parser.parse_args(argv)
    try:
        for line in check(args.bundle):
            print(f"ok  {line}")
    except (Failed, subprocess.TimeoutExpired, OSError) as exc:
        print(f"check_dist: FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
