"""Rules for text in the render tree: the one cleaning rule, and the direction of a text.

Cleaning happens where text enters the tree (compile), by one rule for every format:

- line breaks are "\\n": CR LF, CR, NEL (U+0085), LINE and PARAGRAPH SEPARATOR become one;
- other C0 and C1 control characters and DEL are removed (tab stays: each writer lays it out);
- lone surrogates and the noncharacters U+FFFE and U+FFFF are removed (no format can carry
  them: XML 1.0 forbids them, UTF-8 cannot encode a lone surrogate).

Writers then only escape for their format (XML, reportlab markup, HTML). A tree a writer is
handed that compile did not make (a script, a test) goes through `ensure_clean` first, so the
same rule holds for it; compile's own trees are known clean and pass through at no cost.

Direction: a text is "rtl" when its first strongly directional character is right-to-left
(the Unicode bidirectional algorithm's rule P2), else "ltr".
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from dataclasses import fields, is_dataclass, replace
from typing import TypeVar

_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Every byte but the C0 controls and DEL the rule removes or changes (tab and line feed stay):
# deleting these from UTF-8 leaves only those. No other character's UTF-8 has such a byte.
_ALL_BUT_CONTROL_BYTES = bytes(
    x for x in range(256) if not (x <= 0x08 or 0x0B <= x <= 0x1F or x == 0x7F)
)
# The UTF-8 of the C1 controls (U+0080-U+009F), U+2028/U+2029 and U+FFFE/U+FFFF.
_OTHER_UNWRITABLE_UTF8 = re.compile(b"\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]|\xef\xbf[\xbe\xbf]")


def writable(text: str) -> str:
    """`text` by the tree's one rule (see the module's docstring)."""
    return _UNWRITABLE.sub("", _LINE_BREAKS.sub("\n", text))


def changed_by_writable(text: str) -> bool:
    """Whether `writable(text) != text`, without building the cleaned string: about five times
    faster than a regular-expression search on megabytes of Cyrillic text. Almost no text needs
    cleaning, so callers test first and clean only then (compile runs on every preview)."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return True  # a lone surrogate
    if data.translate(None, _ALL_BUT_CONTROL_BYTES):
        return True
    # the lead bytes of everything else the rule changes; most text has neither
    if b"\xc2" not in data and b"\xe2" not in data and b"\xef" not in data:
        return False
    return _OTHER_UNWRITABLE_UTF8.search(data) is not None


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
Node = TypeVar("Node")


def clean_tree(node: Node) -> Node:
    """`node` (a render-tree node, tuple or string) with `writable` applied to every string
    in it, recursively; the very same object when nothing in it needed cleaning."""
    if isinstance(node, str):
        return writable(node) if changed_by_writable(node) else node  # type: ignore[return-value]
    if isinstance(node, tuple):
        cleaned_items: list[object] | None = None
        for index, item in enumerate(node):
            cleaned = clean_tree(item)
            if cleaned is not item:
                if cleaned_items is None:
                    cleaned_items = list(node)
                cleaned_items[index] = cleaned
        return node if cleaned_items is None else tuple(cleaned_items)  # type: ignore[return-value]
    names = _FIELD_NAMES.get(type(node))
    if names is None:
        names = tuple(f.name for f in fields(node)) if is_dataclass(node) else ()
        _FIELD_NAMES[type(node)] = names
    changes = {}
    for name in names:
        value = getattr(node, name)
        cleaned = clean_tree(value)
        if cleaned is not value and cleaned != value:
            changes[name] = cleaned
    return replace(node, **changes) if changes else node  # type: ignore[type-var]


# Trees compile made (and so cleaned), by id; the weak reference tells a live tree from a new
# object that happens to get the id of a dead one.
_KNOWN_CLEAN: dict[int, weakref.ref[object]] = {}


def mark_clean(tree: Node) -> Node:
    """Record that `tree` follows the rule (compile calls this on what it returns)."""
    key = id(tree)

    def forget(ref: weakref.ref[object]) -> None:
        if _KNOWN_CLEAN.get(key) is ref:  # not a newer tree's entry under a reused id
            del _KNOWN_CLEAN[key]

    _KNOWN_CLEAN[key] = weakref.ref(tree, forget)
    return tree


def ensure_clean(tree: Node) -> Node:
    """`tree` cleaned by the rule, unless compile made it (then it already is)."""
    known = _KNOWN_CLEAN.get(id(tree))
    if known is not None and known() is tree:
        return tree
    return clean_tree(tree)


# ---- direction ------------------------------------------------------------------------------
# Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, presentation forms, and the historic
# right-to-left blocks of the supplementary planes.
_RTL_CHARS = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def has_rtl(text: str) -> bool:
    """Whether `text` holds any right-to-left letter (writers shape and reorder only such text;
    its direction as a whole is `text_direction`)."""
    return _RTL_CHARS.search(text) is not None


def text_direction(text: str, default: str = "ltr") -> str:
    """ "rtl" when the first strongly directional character is right-to-left, "ltr" when it is
    left-to-right, `default` when `text` has none (digits, punctuation, nothing)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return default
