"""The render tree as JSON (like pandoc's native writer): what every other writer is given.

Each node is an object whose "t" names its type (as in briefing.core.blocks), followed by its
fields in the order the type declares them, so the same tree always prints the same text and
a change to compile shows as a small diff. The creation time is left out (null) unless the
caller fixed it (`keep_created`): a dump made twice is the same dump. Used by
`briefing export FILE --format tree` and the golden tests (tests/render/test_tree_golden.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from briefing.core import blocks as b
from briefing.core.tree_text import ensure_clean
from briefing.render.output import atomic_output

Progress = Callable[[float], None]


def tree_data(node: object) -> Any:
    """`node` (any render-tree value) as plain JSON data."""
    if is_dataclass(node) and not isinstance(node, type):
        data: dict[str, Any] = {"t": type(node).__name__}
        for f in fields(node):
            data[f.name] = tree_data(getattr(node, f.name))
        return data
    if isinstance(node, tuple | list):
        return [tree_data(item) for item in node]
    if node is None or isinstance(node, str | int | float | bool):
        return node
    if isinstance(node, bytes):  # a figure's picture: its digest says which, not its bytes
        return {"bytes": len(node), "sha256": hashlib.sha256(node).hexdigest()}
    raise TypeError(f"not a render-tree value: {type(node).__name__}")


def tree_json(document: b.Document, *, keep_created: bool = False) -> str:
    """The tree as indented JSON text, ending in a newline."""
    data = tree_data(ensure_clean(document))
    if not keep_created:
        data["info"]["created"] = None
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_tree(
    document: b.Document,
    theme: object,
    target: Path,
    progress: Progress | None = None,
    *,
    keep_created: bool = False,
) -> None:
    """The writer's signature (the theme is not needed: the tree already holds its decisions)."""
    text = tree_json(document, keep_created=keep_created)
    with atomic_output(Path(target)) as temporary:
        temporary.write_text(text, encoding="utf-8")
    if progress is not None:
        progress(1.0)
