"""Checking data against a shipped JSON Schema, with every problem in plain words and its place.

The schemas under resources/schema are the documented contracts of the briefing file and of
theme files. jsonschema-rs does the checking (a briefing of 5,000 clips in a few milliseconds);
this module only turns each of its errors into one line such as
``clips[1].start: must be a whole number, not a string``. A schema keyword without words here
still reports its place, with the library's own message.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

import jsonschema_rs


class Problem(NamedTuple):
    place: str  # e.g. "sections[2].items[5]", or "top level"
    message: str  # e.g. 'unknown clip "c9"'

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


def place(path: Iterable[str | int]) -> str:
    """A data path as people read it: ``sections[2].items[5]``; the root is "top level"."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "top level"


def path_key(path: Iterable[str | int]) -> tuple[tuple[int, int, str], ...]:
    """Sorts paths in document order for arrays, array indexes before field names."""
    return tuple((0, p, "") if isinstance(p, int) else (1, 0, p) for p in path)


_JSON_KINDS: dict[type, str] = {dict: "an object", list: "an array", str: "a string"}


def json_kind(value: Any) -> str:
    """What a JSON value is, in words: "a string", "null", "true/false" …"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    return _JSON_KINDS.get(type(value), type(value).__name__)


_TYPE_WORDS = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "array": "an array",
    "object": "an object",
    "boolean": "true or false",
    "null": "null",
}


def quote(value: Any, limit: int = 40) -> str:
    """A value as JSON text, shortened to `limit` characters."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: Any) -> str:
    return quote(int(value) if isinstance(value, float) and value.is_integer() else value)


class SchemaChecker:
    """One schema, compiled once; `problems(data)` lists every problem in document order.

    `enum_words` maps a field name to what its allowed values are (``"a page size (use a4 or
    letter)"``), `pattern_words` a schema pattern to what it asks for (``"a colour written
    #RRGGBB"``), for messages that say more than the schema's bare list or regex.
    """

    def __init__(
        self,
        schema: Mapping[str, Any],
        enum_words: Mapping[str, str] | None = None,
        pattern_words: Mapping[str, str] | None = None,
    ) -> None:
        self._validator = jsonschema_rs.validator_for(dict(schema))
        self._enum_words = dict(enum_words or {})
        self._pattern_words = dict(pattern_words or {})

    def problems(self, data: Any) -> list[Problem]:
        found: list[tuple[tuple[str | int, ...], str]] = []
        for error in self._validator.iter_errors(data):
            path = tuple(error.instance_path)
            found.extend((path, message) for message in self._messages(error, path))
        found.sort(key=lambda item: path_key(item[0]))  # stable: one place keeps its order
        return [Problem(place(path), message) for path, message in found]

    def _messages(self, error: jsonschema_rs.ValidationError, path: tuple[str | int, ...]
                  ) -> list[str]:
        kind, value = error.kind, error.instance
        details = kind.as_dict()
        name = kind.name
        if name == "type":
            wanted = " or ".join(_TYPE_WORDS.get(t, t) for t in details["types"])
            return [f"must be {wanted}, not {json_kind(value)}"]
        if name == "required":
            return [f"missing field {quote(details['property'])}"]
        if name == "additionalProperties":
            return [f"unknown field {quote(field)}" for field in details["unexpected"]]
        if name == "const":
            return [f"must be {quote(details['expected_value'])}, not {quote(value)}"]
        if name == "enum":
            field = path[-1] if path else ""
            if isinstance(field, str) and field in self._enum_words:
                return [f"{quote(value)} is not {self._enum_words[field]}"]
            listed = " or ".join(quote(option) for option in details["options"])
            return [f"{quote(value)} is not allowed (use {listed})"]
        if name == "minLength":
            limit = details["limit"]
            return ["must not be empty" if limit == 1 else f"needs {limit} characters"]
        if name == "maxLength":
            return [f"must be at most {details['limit']} characters long"]
        if name == "minimum":
            limit = details["limit"]
            words = "must not be negative" if limit == 0 else f"must be at least {_number(limit)}"
            return [f"{words} (it is {quote(value)})"]
        if name == "maximum":
            return [f"must be at most {_number(details['limit'])} (it is {quote(value)})"]
        if name == "exclusiveMinimum":
            return [f"must be more than {_number(details['limit'])} (it is {quote(value)})"]
        if name in ("minItems", "maxItems") and isinstance(value, list):
            limit = details["limit"]
            bound = "at least" if name == "minItems" else "at most"
            return [f"must have {bound} {limit} item{'' if limit == 1 else 's'} "
                    f"(it has {len(value)})"]
        if name == "pattern":
            wanted = self._pattern_words.get(details["pattern"], "text of another form")
            return [f"must be {wanted}, not {quote(value)}"]
        if name == "falseSchema":
            return ["is not allowed here"]
        return [error.message]


__all__ = ["Problem", "SchemaChecker", "json_kind", "path_key", "place", "quote"]
