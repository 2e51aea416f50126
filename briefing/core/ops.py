"""Operations: the only code that changes a Briefing after it is built.

Every operation checks its arguments, applies the change and returns an `Undo`: a callable
with no arguments that restores the briefing exactly as it was before the operation. The GUI's
undo commands call an operation in `redo()` and the returned callable in `undo()`.
Operations raise `OpError` (before changing anything) when asked for something impossible.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import fields
from typing import Any

from briefing.core.model import (
    PAGE_SIZES,
    Article,
    Briefing,
    BriefingMeta,
    Clip,
    ClipKind,
    ClipRef,
    KeyJudgment,
    Note,
    Section,
    SectionItem,
    item_id,
    new_id,
)

Undo = Callable[[], None]


class OpError(ValueError):
    """An operation that cannot be applied; the message says why, for the user."""


# ---- helpers ---------------------------------------------------------------------------------
def _insert_index(index: int | None, length: int) -> int:
    if index is None or index > length:
        return length
    if index < 0:
        raise OpError(f"index {index} is out of range")
    return index


def _find(items: list, ident: str, what: str) -> tuple[int, Any]:
    """The index and object with id `ident`; OpError naming `what` when there is none."""
    for index, obj in enumerate(items):
        if obj.id == ident:
            return index, obj
    raise OpError(f"no {what} with id {ident!r}")


def _set_fields(obj: object, allowed: set[str], changes: dict[str, object], what: str) -> Undo:
    bad = sorted(set(changes) - allowed)
    if bad:
        raise OpError(f"cannot edit {what} field(s): {', '.join(bad)}")
    before = {name: copy.deepcopy(getattr(obj, name)) for name in changes}
    for name, value in changes.items():
        setattr(obj, name, copy.deepcopy(value))

    def undo() -> None:
        for name, value in before.items():
            setattr(obj, name, value)

    return undo


def _ensure_unique_id(briefing: Briefing, ident: str) -> None:
    taken = (
        {a.id for a in briefing.articles}
        | {c.id for c in briefing.clips}
        | {s.id for s in briefing.sections}
        | {i.id for s in briefing.sections for i in s.items if isinstance(i, Note)}
        | {k.id for k in briefing.meta.key_judgments}
    )
    if not ident or ident in taken:
        raise OpError(f"id {ident!r} is empty or already used")


def _snapshot_undo(briefing: Briefing) -> Undo:
    """Undo by restoring the briefing's lists wholesale: used by operations that cascade."""
    saved = (
        list(briefing.articles),
        list(briefing.clips),
        [(s, list(s.items)) for s in briefing.sections],
        list(briefing.sections),
        [(k, list(k.clip_ids)) for k in briefing.meta.key_judgments],
        list(briefing.meta.key_judgments),
    )

    def undo() -> None:
        articles, clips, section_items, sections, kj_refs, kjs = saved
        briefing.articles[:] = articles
        briefing.clips[:] = clips
        for section, items in section_items:
            section.items[:] = items
        briefing.sections[:] = sections
        for judgment, refs in kj_refs:
            judgment.clip_ids[:] = refs
        briefing.meta.key_judgments[:] = kjs

    return undo


# ---- briefing metadata -------------------------------------------------------------------------
_META_FIELDS = {f.name for f in fields(BriefingMeta)} - {"key_judgments"}


def edit_meta(briefing: Briefing, **changes: object) -> Undo:
    """Change briefing properties: title, subtitle, author, organisation, date, marking, ..."""
    if "page_size" in changes and changes["page_size"] not in PAGE_SIZES:
        raise OpError(f"page size must be one of {', '.join(PAGE_SIZES)}")
    return _set_fields(briefing.meta, _META_FIELDS, changes, "briefing")


def add_key_judgment(
    briefing: Briefing,
    text: str,
    clip_ids: list[str] | None = None,
    index: int | None = None,
    *,
    judgment_id: str | None = None,
) -> tuple[KeyJudgment, Undo]:
    """Add a key judgment. `judgment_id` lets a redo recreate the same object id."""
    clip_ids = list(clip_ids or [])
    _check_clips_exist(briefing, clip_ids)
    if judgment_id is not None:
        _ensure_unique_id(briefing, judgment_id)
    judgment = KeyJudgment(id=judgment_id or new_id("k"), text=text, clip_ids=clip_ids)
    judgments = briefing.meta.key_judgments
    at = _insert_index(index, len(judgments))
    judgments.insert(at, judgment)
    return judgment, lambda: judgments.remove(judgment)


def edit_key_judgment(briefing: Briefing, judgment_id: str, **changes: object) -> Undo:
    _, judgment = _find(briefing.meta.key_judgments, judgment_id, "key judgment")
    if "clip_ids" in changes:
        _check_clips_exist(briefing, list(changes["clip_ids"]))  # type: ignore[arg-type]
    return _set_fields(judgment, {"text", "clip_ids"}, changes, "key judgment")


def remove_key_judgment(briefing: Briefing, judgment_id: str) -> Undo:
    judgments = briefing.meta.key_judgments
    index, judgment = _find(judgments, judgment_id, "key judgment")
    del judgments[index]
    return lambda: judgments.insert(index, judgment)


def move_key_judgment(briefing: Briefing, judgment_id: str, new_index: int) -> Undo:
    return _move_in_list(briefing.meta.key_judgments, judgment_id, new_index, "key judgment")


def _check_clips_exist(briefing: Briefing, clip_ids: list[str]) -> None:
    for clip_id in clip_ids:
        _find(briefing.clips, clip_id, "clip")


def _move_in_list(items: list, ident: str, new_index: int, what: str) -> Undo:
    old_index, _ = _find(items, ident, what)
    if not 0 <= new_index < len(items):
        raise OpError(f"index {new_index} is out of range")
    items.insert(new_index, items.pop(old_index))

    def undo() -> None:
        items.insert(old_index, items.pop(new_index))

    return undo


# ---- articles ---------------------------------------------------------------------------------
_ARTICLE_EDITABLE = {"title", "outlet", "authors", "published", "url", "language"}


def add_article(briefing: Briefing, article: Article, index: int | None = None) -> Undo:
    """Add an imported article. Its id must be new in this briefing."""
    _ensure_unique_id(briefing, article.id)
    at = _insert_index(index, len(briefing.articles))
    briefing.articles.insert(at, article)
    return lambda: briefing.articles.remove(article)


def edit_article(briefing: Briefing, article_id: str, **changes: object) -> Undo:
    """Change an article's metadata. Its text is fixed: clips point into it."""
    _, article = _find(briefing.articles, article_id, "article")
    return _set_fields(article, _ARTICLE_EDITABLE, changes, "article")


def remove_article(briefing: Briefing, article_id: str) -> Undo:
    """Remove an article with all its clips (and their placements and key-judgment links)."""
    _find(briefing.articles, article_id, "article")
    undo = _snapshot_undo(briefing)
    for clip in briefing.clips_of(article_id):
        _drop_clip(briefing, clip.id)
    briefing.articles[:] = [a for a in briefing.articles if a.id != article_id]
    return undo


# ---- clips ------------------------------------------------------------------------------------
_CLIP_EDITABLE = {"kind", "text", "speaker", "speaker_role", "note", "marking"}


def make_clip(
    briefing: Briefing, article_id: str, start: int, end: int, kind: ClipKind = ClipKind.QUOTE
) -> Clip:
    """A new clip of `article.text[start:end]` with surrounding white space trimmed."""
    _, article = _find(briefing.articles, article_id, "article")
    if not 0 <= start < end <= len(article.text):
        raise OpError("the selection is outside the article's text")
    while start < end and article.text[start].isspace():
        start += 1
    while end > start and article.text[end - 1].isspace():
        end -= 1
    if start == end:
        raise OpError("the selection holds only white space")
    return Clip(
        id=new_id("c"),
        article_id=article_id,
        kind=ClipKind(kind),
        text=article.text[start:end],
        start=start,
        end=end,
    )


def add_clip(briefing: Briefing, clip: Clip, index: int | None = None) -> Undo:
    _ensure_unique_id(briefing, clip.id)
    _, article = _find(briefing.articles, clip.article_id, "article")
    if not 0 <= clip.start <= clip.end <= len(article.text):
        raise OpError(f"clip span {clip.start}..{clip.end} is outside its article's text")
    _clip_kind(clip.kind)
    at = _insert_index(index, len(briefing.clips))
    briefing.clips.insert(at, clip)
    return lambda: briefing.clips.remove(clip)


def edit_clip(briefing: Briefing, clip_id: str, **changes: object) -> Undo:
    """Change what the analyst may change: kind, shown text, speaker, role, note, marking."""
    _, clip = _find(briefing.clips, clip_id, "clip")
    if "kind" in changes:
        changes["kind"] = _clip_kind(changes["kind"])
    return _set_fields(clip, _CLIP_EDITABLE, changes, "clip")


def _clip_kind(kind: object) -> ClipKind:
    try:
        return ClipKind(kind)
    except ValueError:
        raise OpError(f"clip kind must be one of {', '.join(ClipKind)}, not {kind!r}") from None


def remove_clip(briefing: Briefing, clip_id: str) -> Undo:
    """Delete a clip, its placement in a section and its key-judgment links."""
    _find(briefing.clips, clip_id, "clip")
    undo = _snapshot_undo(briefing)
    _drop_clip(briefing, clip_id)
    return undo


def _drop_clip(briefing: Briefing, clip_id: str) -> None:
    briefing.clips[:] = [c for c in briefing.clips if c.id != clip_id]
    for section in briefing.sections:
        section.items[:] = [i for i in section.items if item_id(i) != clip_id]
    for judgment in briefing.meta.key_judgments:
        judgment.clip_ids[:] = [c for c in judgment.clip_ids if c != clip_id]


# ---- sections ---------------------------------------------------------------------------------
def add_section(
    briefing: Briefing,
    heading: str = "",
    commentary: str = "",
    index: int | None = None,
    *,
    section_id: str | None = None,
) -> tuple[Section, Undo]:
    """Add a section. `section_id` lets a redo recreate the same id later commands refer to."""
    if section_id is not None:
        _ensure_unique_id(briefing, section_id)
    section = Section(id=section_id or new_id("s"), heading=heading, commentary=commentary)
    at = _insert_index(index, len(briefing.sections))
    briefing.sections.insert(at, section)
    return section, lambda: briefing.sections.remove(section)


def edit_section(briefing: Briefing, section_id: str, **changes: object) -> Undo:
    _, section = _find(briefing.sections, section_id, "section")
    return _set_fields(section, {"heading", "commentary"}, changes, "section")


def move_section(briefing: Briefing, section_id: str, new_index: int) -> Undo:
    return _move_in_list(briefing.sections, section_id, new_index, "section")


def remove_section(briefing: Briefing, section_id: str) -> Undo:
    """Delete a section; its clips stay in the briefing, unplaced."""
    index, section = _find(briefing.sections, section_id, "section")
    del briefing.sections[index]
    return lambda: briefing.sections.insert(index, section)


# ---- section items ----------------------------------------------------------------------------
def place_clip(
    briefing: Briefing, clip_id: str, section_id: str, index: int | None = None
) -> Undo:
    """Put a clip into a section at `index` (moving it if it is already placed elsewhere)."""
    _find(briefing.clips, clip_id, "clip")
    if briefing.placement(clip_id) is not None:
        return move_item(briefing, clip_id, section_id, index)
    _, section = _find(briefing.sections, section_id, "section")
    item = ClipRef(clip_id)
    at = _insert_index(index, len(section.items))
    section.items.insert(at, item)
    return lambda: section.items.remove(item)


def add_note(
    briefing: Briefing,
    section_id: str,
    text: str = "",
    index: int | None = None,
    *,
    note_id: str | None = None,
) -> tuple[Note, Undo]:
    """Add a note to a section. `note_id` lets a redo recreate the same id."""
    _, section = _find(briefing.sections, section_id, "section")
    if note_id is not None:
        _ensure_unique_id(briefing, note_id)
    note = Note(id=note_id or new_id("n"), text=text)
    at = _insert_index(index, len(section.items))
    section.items.insert(at, note)
    return note, lambda: section.items.remove(note)


def edit_note(briefing: Briefing, note_id: str, text: str) -> Undo:
    found = briefing.placement(note_id)
    if found is None or not isinstance(found[0].items[found[1]], Note):
        raise OpError(f"no note with id {note_id!r}")
    section, index = found
    return _set_fields(section.items[index], {"text"}, {"text": text}, "note")


def move_item(
    briefing: Briefing, item_id_: str, section_id: str, index: int | None = None
) -> Undo:
    """Move a clip or note to position `index` of a section (its final position there)."""
    found = briefing.placement(item_id_)
    if found is None:
        raise OpError(f"no placed item with id {item_id_!r}")
    source, old_index = found
    _, target = _find(briefing.sections, section_id, "section")
    # Check the index before taking the item out, so a refused move loses nothing.
    at = _insert_index(index, len(target.items) - (1 if target is source else 0))
    item: SectionItem = source.items.pop(old_index)
    target.items.insert(at, item)

    def undo() -> None:
        target.items.remove(item)
        source.items.insert(old_index, item)

    return undo


def remove_item(briefing: Briefing, item_id_: str) -> Undo:
    """Take an item out of its section: a note is deleted, a clip becomes unplaced."""
    found = briefing.placement(item_id_)
    if found is None:
        raise OpError(f"no placed item with id {item_id_!r}")
    section, index = found
    item = section.items.pop(index)
    return lambda: section.items.insert(index, item)


def clone_briefing(briefing: Briefing) -> Briefing:
    """A deep copy, e.g. for an export that runs while the user keeps editing."""
    return copy.deepcopy(briefing)


__all__ = [
    "OpError",
    "Undo",
    "add_article",
    "add_clip",
    "add_key_judgment",
    "add_note",
    "add_section",
    "clone_briefing",
    "edit_article",
    "edit_clip",
    "edit_key_judgment",
    "edit_meta",
    "edit_note",
    "edit_section",
    "make_clip",
    "move_item",
    "move_key_judgment",
    "move_section",
    "place_clip",
    "remove_article",
    "remove_clip",
    "remove_item",
    "remove_key_judgment",
    "remove_section",
]
