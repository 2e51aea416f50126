"""Schema problems in words: every keyword the shipped schemas use has its own message."""

from __future__ import annotations

import json
from typing import Any

import jsonschema_rs
import pytest

from briefing.core.resources import resource_path
from briefing.core.schema_check import SchemaChecker, place

# Keywords that only describe or structure a schema; they cannot fail by themselves.
STRUCTURE = {"$schema", "$id", "$defs", "$ref", "title", "description", "properties", "items",
             "allOf", "if", "then"}

# For each checking keyword: a schema using it, a value it refuses, the message it gives.
CASES: dict[str, tuple[dict[str, Any], Any, str]] = {
    "type": ({"type": "integer"}, "5", "must be a whole number, not a string"),
    "required": ({"required": ["id"]}, {}, 'missing field "id"'),
    # (without "properties", jsonschema-rs reports a bare false schema instead, with no names)
    "additionalProperties": (
        {"properties": {}, "additionalProperties": False}, {"a": 1, "b": 2}, 'unknown field "a"'
    ),
    "const": ({"const": 1}, 2, "must be 1, not 2"),
    "enum": ({"enum": ["a4", "letter"]}, "a5", '"a5" is not allowed (use "a4" or "letter")'),
    "minLength": ({"minLength": 1}, "", "must not be empty"),
    "maxLength": ({"maxLength": 2}, "abc", "must be at most 2 characters long"),
    "minimum": ({"minimum": 0}, -1, "must not be negative (it is -1)"),
    "maximum": ({"maximum": 96}, 97.5, "must be at most 96 (it is 97.5)"),
    "minItems": ({"minItems": 4}, [1], "must have at least 4 items (it has 1)"),
    "maxItems": ({"maxItems": 1}, [1, 2], "must have at most 1 item (it has 2)"),
    "pattern": ({"pattern": "^#[0-9]{6}$"}, "red", 'must be text of another form, not "red"'),
}


def keywords(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("properties", "$defs"):  # maps of names to schemas, not keywords
                for sub in value.values():
                    found |= keywords(sub)
            else:
                found.add(key)
                found |= keywords(value)
    elif isinstance(node, list):
        for item in node:
            found |= keywords(item)
    return found


@pytest.mark.parametrize("name", ["briefing.schema.json", "theme.schema.json"])
def test_every_keyword_of_the_shipped_schemas_has_words(name: str) -> None:
    schema = json.loads(resource_path("schema", name).read_text(encoding="utf-8"))
    used = keywords(schema) - STRUCTURE
    assert used <= set(CASES), f"no words for {sorted(used - set(CASES))}"


@pytest.mark.parametrize("keyword", sorted(CASES))
def test_each_keyword_has_its_own_message_not_the_library_s(keyword: str) -> None:
    schema, value, expected = CASES[keyword]
    problems = SchemaChecker(schema).problems(value)
    library = [e.message for e in jsonschema_rs.validator_for(schema).iter_errors(value)]
    assert problems[0].message == expected
    assert expected not in library
    assert problems[0].place == "top level"


def test_problems_come_in_document_order_with_their_places() -> None:
    schema = {"type": "array", "items": {"type": "object", "properties": {"n": {"type": "integer"}},
                                         "required": ["n"]}}
    problems = SchemaChecker(schema).problems([{"n": 1}, {"n": "x"}, {}, {"n": 2.5}])
    assert [str(p) for p in problems] == [
        "[1].n: must be a whole number, not a string",
        '[2]: missing field "n"',
        "[3].n: must be a whole number, not a number",
    ]
    assert place(["sections", 2, "items", 5]) == "sections[2].items[5]"
