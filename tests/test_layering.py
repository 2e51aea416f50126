"""The core, the writers and the CLI must run without Qt (checked statically by import-linter
in `make lint`, and here at run time: importing every such module loads no Qt)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import briefing

PACKAGE = Path(briefing.__file__).parent


def _qt_free_modules() -> list[str]:
    names = ["briefing.cli"]
    for folder in ("core", "render"):
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_core_render_and_cli_import_no_qt() -> None:
    modules = _qt_free_modules()
    assert "briefing.core.model" in modules and "briefing.render.html" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(qt))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == ""
