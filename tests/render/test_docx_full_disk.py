"""A DOCX export onto a disk that fills up says so once: no "Exception ignored … OSError" from
a half-closed zip file after the clean message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.core.resources import resource_path

SAMPLE = resource_path("sample", "sample.briefing")

# The file-size limit makes every write past 4 KB fail (EFBIG), as a full disk would (ENOSPC).
_EXPORT_ON_A_FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
from briefing.cli import main
sys.exit(main(["export", sys.argv[1], "-o", sys.argv[2]]))
"""


@pytest.mark.skipif(os.name == "nt", reason="RLIMIT_FSIZE is POSIX")
@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".html"])
def test_an_export_onto_a_full_disk_is_one_line(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"out{suffix}"
    result = subprocess.run(
        [sys.executable, "-c", _EXPORT_ON_A_FULL_DISK, str(SAMPLE), str(target)],
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"briefing: {target}: cannot write: ")
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []
