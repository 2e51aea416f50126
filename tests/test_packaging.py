"""The desktop bundle's pieces: the spec ships resources/, the start-up check the bundle
script relies on works from a checkout, and (with BRIEFING_DIST_BUNDLE=dist/briefing-builder,
after `make dist`) the built bundle itself passes tools/check_dist.py."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _scratch_env(home: Path) -> dict[str, str]:
    return {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache"),
            "QT_QPA_PLATFORM": "offscreen"}


def test_the_spec_ships_the_resources_folder():
    spec = (REPO / "packaging" / "briefing.spec").read_text(encoding="utf-8")
    assert '"resources"), "briefing/resources")' in spec
    assert (REPO / "packaging" / "entry.py").is_file()


def test_the_app_reports_its_start_and_quits_in_smoke_test_mode(tmp_path: Path):
    sample = tmp_path / "sample.briefing"
    shutil.copyfile(REPO / "resources" / "sample" / "sample.briefing", sample)
    done = subprocess.run(
        [sys.executable, "-m", "briefing", str(sample)], capture_output=True, text=True,
        timeout=300, env={**_scratch_env(tmp_path), "BRIEFING_SMOKE_TEST": "1"},
        stdin=subprocess.DEVNULL, cwd=REPO, check=False,
    )
    assert done.returncode == 0, done.stderr
    # the window's title, the sample's articles, and the Pages tab's PDF (QtPdf) drawn
    assert re.search(r"started: sample\.briefing — Briefing Builder \([1-9]\d* articles, "
                     r"[1-9]\d* pages\)", done.stdout), done.stdout


@pytest.mark.dist
@pytest.mark.skipif(not os.environ.get("BRIEFING_DIST_BUNDLE"),
                    reason="set BRIEFING_DIST_BUNDLE to a bundle built by `make dist`")
def test_the_built_bundle_passes_its_checks():
    bundle = Path(os.environ["BRIEFING_DIST_BUNDLE"])
    done = subprocess.run([sys.executable, str(REPO / "tools" / "check_dist.py"), str(bundle)],
                          capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr
