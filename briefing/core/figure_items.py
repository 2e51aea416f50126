"""Figure items in the .briefing file: the picture as base64 beside its caption and credit.

Kept apart from `storage` (which handles the file as a whole) so the picture rules live in one
place: what the file holds, and what a loader checks beyond the schema (the base64 decodes, the
bytes are the kind `mime` names, the size is within bounds), and whether a figure's picture
can be drawn (`picture_problem`, the verdict the checks and compile share).
"""

from __future__ import annotations

import base64
import binascii
import io
import weakref
from dataclasses import dataclass
from typing import Any

from PIL import Image, UnidentifiedImageError

from briefing.core.images import (
    IMAGE_TYPES,
    JPEG,
    MAX_IMAGE_BYTES,
    PNG,
    ImageError,
    stored_image_problem,
)
from briefing.core.images import sanitized_svg as _sanitized_svg
from briefing.core.model import Figure
from briefing.core.schema_check import Problem


def figure_to_dict(figure: Figure) -> dict[str, Any]:
    return {
        "type": "figure",
        "id": figure.id,
        "mime": figure.mime,
        "data": base64.b64encode(figure.data).decode("ascii"),
        "width": figure.width,
        "height": figure.height,
        "caption": figure.caption,
        "credit": figure.credit,
    }


def figure_from_dict(item: dict[str, Any]) -> Figure:
    """The Figure of an item that `figure_problems` passed."""
    return Figure(
        id=item["id"],
        data=base64.b64decode(item["data"], validate=True),
        mime=item["mime"],
        width=int(item["width"]),
        height=int(item["height"]),
        caption=item.get("caption", ""),
        credit=item.get("credit", ""),
    )


def figure_problems(item: dict[str, Any], place: str) -> list[Problem]:
    """What is wrong with a figure item that the schema cannot see; [] when it can be used."""
    try:
        data = base64.b64decode(item["data"], validate=True)
    except (binascii.Error, ValueError):
        return [Problem(f"{place}.data", "is not valid base64")]
    if not data:
        return [Problem(f"{place}.data", "is empty: a figure needs its picture")]
    if len(data) > MAX_IMAGE_BYTES:
        return [Problem(f"{place}.data", f"is over {MAX_IMAGE_BYTES // 2**20} MB")]
    mime = item["mime"]
    found = _kind_of(data)
    if found != mime:
        what = f"holds {found}" if found else "is not a PNG, JPEG or SVG picture"
        return [Problem(f"{place}.data", f"says {mime} but {what}")]
    return []


def _kind_of(data: bytes) -> str:
    """The kind the bytes are, from their header alone (a full decode waits for export)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff"):
        try:
            with Image.open(io.BytesIO(data)) as image:
                return {"PNG": PNG, "JPEG": JPEG}.get(image.format or "", "")
        except (UnidentifiedImageError, OSError, ValueError):
            return ""
    try:
        _sanitized_svg(data)
    except ImageError:
        return ""
    return IMAGE_TYPES[2]


@dataclass(frozen=True)
class _Asked:
    """The last verdict given for one Figure object, with the bytes and kind it was given on
    (held, so that `is` below cannot meet another object at a reused address)."""

    figure: weakref.ref[Figure]
    data: bytes
    mime: str
    problem: str


# id(figure) -> its last verdict; an entry goes when its figure does. No lock: each dict
# operation is atomic, and a race costs at most one verdict asked again.
_asked: dict[int, _Asked] = {}


def picture_problem(figure: Figure) -> str:
    """Why the figure's picture cannot be drawn ("" when it can).

    The verdict is the content's (`images.stored_image_problem`: decoded once per SHA-256 of
    the bytes). On top, each figure remembers the verdict on the very bytes it holds, so the
    checks and the live preview, which ask again after every edit, do not even hash a
    picture that has not changed (hashing was 0.1 s for 20 photos of 3 MB)."""
    key = id(figure)
    asked = _asked.get(key)
    data, mime = figure.data, figure.mime
    if asked is not None and asked.figure() is figure and asked.data is data and asked.mime == mime:
        return asked.problem
    problem = stored_image_problem(data, mime)

    def forget(ref: weakref.ref[Figure]) -> None:
        if getattr(_asked.get(key), "figure", None) is ref:
            _asked.pop(key, None)

    _asked[key] = _Asked(weakref.ref(figure, forget), data, mime, problem)
    return problem
