"""Checking a Changes record against what really changed: the containers a view shows before
and after an operation, and the fields of every object."""

from __future__ import annotations

import copy
from dataclasses import dataclass, fields
from typing import Any

from briefing.core.changes import (
    ARTICLES,
    KEY_JUDGMENTS,
    SECTIONS,
    Changes,
    Container,
    Inserted,
    Moved,
    Removed,
    clips_of,
    items_of,
)
from briefing.core.model import Briefing, BriefingMeta, Note, item_id

Shape = dict[Container, list[str]]
_CONTENTS = {"articles": "clips", "sections": "items"}  # the container each such object holds


@dataclass
class Observed:
    """What a view could see of a briefing: the ids in every container, each object's
    fields (without the objects it contains) and the briefing's properties."""

    shape: Shape
    fields: dict[str, Any]
    meta: dict[str, Any]


def observe(b: Briefing) -> Observed:
    shape: Shape = {
        ARTICLES: [a.id for a in b.articles],
        SECTIONS: [s.id for s in b.sections],
        KEY_JUDGMENTS: [k.id for k in b.meta.key_judgments],
    }
    found: dict[str, Any] = {}
    for article in b.articles:
        shape[clips_of(article.id)] = [c.id for c in b.clips_of(article.id)]
        found[article.id] = copy.deepcopy(article)
    for clip in b.clips:
        found[clip.id] = copy.deepcopy(clip)
    for section in b.sections:
        shape[items_of(section.id)] = [item_id(i) for i in section.items]
        found[section.id] = (section.heading, section.commentary)
        for item in section.items:
            if isinstance(item, Note):
                found[item.id] = item.text
    for judgment in b.meta.key_judgments:
        found[judgment.id] = (judgment.text, list(judgment.clip_ids))
    meta = {f.name: getattr(b.meta, f.name) for f in fields(BriefingMeta)
            if f.name != "key_judgments"}
    return Observed(shape, found, copy.deepcopy(meta))


def replay(shape: Shape, changes: Changes) -> Shape:
    """Apply the steps to a copy of `shape`, checking each names what stands where it says;
    a container comes into being and goes away empty."""
    result = {container: list(ids) for container, ids in shape.items()}
    for step in changes.steps:
        if isinstance(step, Removed):
            assert result[step.container][step.index] == step.id, step
            del result[step.container][step.index]
            if step.container[0] in _CONTENTS:
                assert result.pop((_CONTENTS[step.container[0]], step.id)) == [], step
        elif isinstance(step, Inserted):
            assert 0 <= step.index <= len(result[step.container]), step
            result[step.container].insert(step.index, step.id)
            if step.container[0] in _CONTENTS:
                assert (_CONTENTS[step.container[0]], step.id) not in result, step
                result[(_CONTENTS[step.container[0]], step.id)] = []
        else:
            assert isinstance(step, Moved)
            assert result[step.source][step.source_index] == step.id, step
            del result[step.source][step.source_index]
            assert 0 <= step.target_index <= len(result[step.target]), step
            result[step.target].insert(step.target_index, step.id)
    return result


def assert_changes_describe(
    before: Observed, after: Observed, changes: Changes, *, exact_edits: bool = True
) -> None:
    """The steps turn the containers before into the containers after; `edited` names the
    objects whose fields differ (with `exact_edits` False: at least those, as an op may
    write a value a field already had); `meta` names the properties that differ."""
    assert replay(before.shape, changes) == after.shape
    both = before.fields.keys() & after.fields.keys()
    differ = {ident for ident in both if before.fields[ident] != after.fields[ident]}
    meta = {name for name in before.meta if before.meta[name] != after.meta[name]}
    if exact_edits:
        assert changes.edited == differ
        assert changes.meta == meta
    else:
        assert differ <= changes.edited <= before.fields.keys() | after.fields.keys()
        assert meta <= changes.meta
    if changes.steps:
        assert changes.structural
    else:
        assert before.shape == after.shape and not changes.structural
