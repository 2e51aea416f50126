"""Where the shipped runtime data (themes, reference.docx, sample briefing, schema) lives.

In a checkout or an editable install it is the repository's top-level ``resources/``; in an
installed wheel the same folder is packed as ``briefing/resources``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


@cache
def resources_dir() -> Path:
    for candidate in (_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"):
        if (candidate / "themes").is_dir():
            return candidate
    raise FileNotFoundError(
        f"Briefing Builder's resources folder is missing (looked in {_PACKAGE_DIR / 'resources'} "
        f"and {_PACKAGE_DIR.parent / 'resources'}); reinstall the package."
    )


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
