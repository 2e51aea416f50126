"""Checking a current-format briefing dict: the JSON Schema first, then what a schema cannot say.

On top of the schema: ids are unique across the file, references name existing objects, clip
spans lie inside their article's text, a clip is placed at most once, and figures decode. Every
problem names its exact place, e.g. ``sections[2].items[5]: unknown clip "c9"``.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from briefing.core.figure_items import figure_problems
from briefing.core.resources import resource_path
from briefing.core.schema_check import Problem, SchemaChecker
from briefing.core.schema_check import quote as _quote

SURROGATE = re.compile("[\ud800-\udfff]")  # a lone UTF-16 half, which JSON can hold


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the current format (shipped as resources/schema)."""
    with open(resource_path("schema", "briefing.schema.json"), encoding="utf-8") as handle:
        return json.load(handle)


def validate_briefing_dict(data: Any) -> list[Problem]:
    """Every problem in a current-format briefing dict: the schema's first, then references."""
    try:
        problems = _schema_checker().problems(data)
    except UnicodeEncodeError:
        # The schema library cannot match a pattern against a lone surrogate; any string it
        # chokes on is checked as its nearest encodable form (the surrogate as U+FFFD).
        problems = _schema_checker().problems(_without_surrogates(data))
    return problems or _reference_problems(data)


def _without_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    return value


@cache
def _schema_checker() -> SchemaChecker:
    return SchemaChecker(schema(), enum_words={"page_size": "a page size (use a4 or letter)"})


def _reference_problems(data: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    defined: dict[str, str] = {}  # id -> place of its first definition

    def define(ident: str, place: str) -> None:
        if ident in defined:
            problems.append(
                Problem(place, f"id {_quote(ident)} is already used at {defined[ident]}")
            )
        else:
            defined[ident] = place

    article_lengths: dict[str, int] = {}
    for index, article in enumerate(data["articles"]):
        define(article["id"], f"articles[{index}]")
        article_lengths.setdefault(article["id"], len(article["text"]))

    clip_ids: set[str] = set()
    for index, clip in enumerate(data["clips"]):
        place = f"clips[{index}]"
        define(clip["id"], place)
        clip_ids.add(clip["id"])
        length = article_lengths.get(clip["article"])
        start, end = clip["start"], clip["end"]
        if length is None:
            problems.append(
                Problem(f"{place}.article", f"unknown article {_quote(clip['article'])}")
            )
        elif end < start:
            problems.append(Problem(place, f"span {start}..{end} ends before it starts"))
        elif end > length:
            problems.append(
                Problem(
                    place,
                    f"span {start}..{end} is outside its article's text "
                    f"({length} character{'' if length == 1 else 's'})",
                )
            )

    placed: dict[str, str] = {}
    for s_index, section in enumerate(data["sections"]):
        define(section["id"], f"sections[{s_index}]")
        for i_index, item in enumerate(section.get("items", [])):
            place = f"sections[{s_index}].items[{i_index}]"
            if item["type"] == "note":
                define(item["id"], place)
                continue
            if item["type"] == "figure":
                define(item["id"], place)
                problems.extend(figure_problems(item, place))
                continue
            clip_id = item["clip"]
            if clip_id not in clip_ids:
                problems.append(Problem(place, f"unknown clip {_quote(clip_id)}"))
            elif clip_id in placed:
                problems.append(
                    Problem(place, f"clip {_quote(clip_id)} is already placed at {placed[clip_id]}")
                )
            else:
                placed[clip_id] = place

    for k_index, judgment in enumerate(data.get("meta", {}).get("key_judgments", [])):
        place = f"meta.key_judgments[{k_index}]"
        define(judgment["id"], place)
        for c_index, clip_id in enumerate(judgment.get("clips", [])):
            if clip_id not in clip_ids:
                problems.append(
                    Problem(f"{place}.clips[{c_index}]", f"unknown clip {_quote(clip_id)}")
                )
    return problems
