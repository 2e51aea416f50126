"""Operations: the only code that changes a Briefing after it is built.

Every operation checks its arguments, applies the change and returns an `OpResult`: the
`Changes` it made (see briefing.core.changes) and an `undo`, a callable with no arguments
that restores the briefing exactly as it was and returns the inverse `Changes`. The GUI's undo
commands call an operation in `redo()` and its undo in `undo()`, and refresh their views from
the record each returns. Operations raise `OpError` (before changing anything) when asked for
something impossible; the rules of the briefing (a span is clipped once, an item moved past
its section's edge goes on into the next section) live here, not in a window.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import fields
from typing import Any, NamedTuple

from briefing.core.changes import (
    ARTICLES,
    KEY_JUDGMENTS,
    SECTIONS,
    Changes,
    Container,
    Inserted,
    Moved,
    Removed,
    Step,
    clips_of,
    items_of,
)
from briefing.core.images import ImageData
from briefing.core.model import (
    PAGE_SIZES,
    Article,
    Briefing,
    BriefingMeta,
    Clip,
    ClipKind,
    ClipRef,
    Figure,
    KeyJudgment,
    Note,
    Section,
    item_id,
    new_id,
)

Undo = Callable[[], Changes]


class OpResult(NamedTuple):
    """What an operation did (`changes`) and how to take it back (`undo`)."""

    undo: Undo
    changes: Changes


class OpError(ValueError):
    """An operation that cannot be applied; the message says why, for the user."""


# ---- recording --------------------------------------------------------------------------------
class _Record:
    """Applies one operation's changes step by step, noting each step for the `Changes` and
    how to take it back for the undo (the undo replays those in reverse)."""

    def __init__(self) -> None:
        self.steps: list[Step] = []
        self.edited: set[str] = set()
        self.meta: set[str] = set()
        self._restores: list[Callable[[], None]] = []

    def insert(
        self, items: list, at: int, obj: Any, container: Container, ident: str,
        shown_at: int | None = None,
    ) -> None:
        """Insert `obj` at `at` of `items`; `shown_at` is its index in `container` when that
        differs from the list's (an article's clips are a part of the briefing's clip list)."""
        items.insert(at, obj)
        self.steps.append(Inserted(container, at if shown_at is None else shown_at, ident))
        self._restores.append(lambda: items.pop(at))

    def remove(
        self, items: list, at: int, container: Container, ident: str,
        shown_at: int | None = None,
    ) -> Any:
        obj = items.pop(at)
        self.steps.append(Removed(container, at if shown_at is None else shown_at, ident))
        self._restores.append(lambda: items.insert(at, obj))
        return obj

    def move(
        self, ident: str, source: list, old: int, source_container: Container,
        target: list, new: int, target_container: Container,
    ) -> None:
        target.insert(new, source.pop(old))
        if (source_container, old) != (target_container, new):
            self.steps.append(Moved(ident, source_container, old, target_container, new))
        self._restores.append(lambda: source.insert(old, target.pop(new)))

    def set_fields(
        self, obj: object, allowed: set[str], values: dict[str, object], what: str,
        ident: str | None,
    ) -> None:
        """Write fields of `obj` (copies of the values); `ident` None means the briefing's
        own properties, reported by field name."""
        bad = sorted(set(values) - allowed)
        if bad:
            raise OpError(f"cannot edit {what} field(s): {', '.join(bad)}")
        before = {name: copy.deepcopy(getattr(obj, name)) for name in values}
        for name, value in values.items():
            setattr(obj, name, copy.deepcopy(value))

        def restore() -> None:
            for name, value in before.items():
                setattr(obj, name, value)

        self._restores.append(restore)
        if ident is None:
            self.meta.update(values)
        elif values:
            self.edited.add(ident)

    def replace_list(self, items: list, new: list, ident: str) -> None:
        """Replace the contents of a list field of the object `ident` (e.g. a judgment's
        supporting clips)."""
        old = list(items)
        items[:] = new

        def restore() -> None:
            items[:] = old

        self._restores.append(restore)
        self.edited.add(ident)

    def result(self) -> OpResult:
        changes = Changes(tuple(self.steps), frozenset(self.edited), frozenset(self.meta))
        restores = list(reversed(self._restores))

        def undo() -> Changes:
            for restore in restores:
                restore()
            return changes.inverse()

        return OpResult(undo, changes)


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


def _ensure_unique_id(briefing: Briefing, ident: str) -> None:
    taken = (
        {a.id for a in briefing.articles}
        | {c.id for c in briefing.clips}
        | {s.id for s in briefing.sections}
        | {i.id for s in briefing.sections for i in s.items if not isinstance(i, ClipRef)}
        | {k.id for k in briefing.meta.key_judgments}
    )
    if not ident or ident in taken:
        raise OpError(f"id {ident!r} is empty or already used")


def _edit(obj: object, allowed: set[str], values: dict[str, object], what: str,
          ident: str | None) -> OpResult:
    record = _Record()
    record.set_fields(obj, allowed, values, what, ident)
    return record.result()


def _move_in_list(
    items: list, ident: str, new_index: int, what: str, container: Container
) -> OpResult:
    old_index, _ = _find(items, ident, what)
    if not 0 <= new_index < len(items):
        raise OpError(f"index {new_index} is out of range")
    record = _Record()
    record.move(ident, items, old_index, container, items, new_index, container)
    return record.result()


# ---- briefing metadata -------------------------------------------------------------------------
_META_FIELDS = {f.name for f in fields(BriefingMeta)} - {"key_judgments"}


def edit_meta(briefing: Briefing, **changes: object) -> OpResult:
    """Change briefing properties: title, subtitle, author, organisation, date, marking, ..."""
    if "page_size" in changes and changes["page_size"] not in PAGE_SIZES:
        raise OpError(f"page size must be one of {', '.join(PAGE_SIZES)}")
    return _edit(briefing.meta, _META_FIELDS, changes, "briefing", None)


def add_key_judgment(
    briefing: Briefing,
    text: str,
    clip_ids: list[str] | None = None,
    index: int | None = None,
    *,
    judgment_id: str | None = None,
) -> tuple[KeyJudgment, OpResult]:
    """Add a key judgment. `judgment_id` lets a redo recreate the same object id."""
    clip_ids = list(clip_ids or [])
    _check_clips_exist(briefing, clip_ids)
    if judgment_id is not None:
        _ensure_unique_id(briefing, judgment_id)
    judgment = KeyJudgment(id=judgment_id or new_id("k"), text=text, clip_ids=clip_ids)
    judgments = briefing.meta.key_judgments
    at = _insert_index(index, len(judgments))
    record = _Record()
    record.insert(judgments, at, judgment, KEY_JUDGMENTS, judgment.id)
    return judgment, record.result()


def edit_key_judgment(briefing: Briefing, judgment_id: str, **changes: object) -> OpResult:
    _, judgment = _find(briefing.meta.key_judgments, judgment_id, "key judgment")
    if "clip_ids" in changes:
        clip_ids = changes["clip_ids"]
        if not isinstance(clip_ids, list):
            raise OpError("a key judgment's supporting clips must be a list of clip ids")
        _check_clips_exist(briefing, clip_ids)
    return _edit(judgment, {"text", "clip_ids"}, changes, "key judgment", judgment_id)


def remove_key_judgment(briefing: Briefing, judgment_id: str) -> OpResult:
    judgments = briefing.meta.key_judgments
    index, _ = _find(judgments, judgment_id, "key judgment")
    record = _Record()
    record.remove(judgments, index, KEY_JUDGMENTS, judgment_id)
    return record.result()


def move_key_judgment(briefing: Briefing, judgment_id: str, new_index: int) -> OpResult:
    return _move_in_list(
        briefing.meta.key_judgments, judgment_id, new_index, "key judgment", KEY_JUDGMENTS
    )


def _check_clips_exist(briefing: Briefing, clip_ids: list[str]) -> None:
    for clip_id in clip_ids:
        _find(briefing.clips, clip_id, "clip")


# ---- articles ---------------------------------------------------------------------------------
_ARTICLE_EDITABLE = {"title", "outlet", "authors", "published", "url", "language"}


def add_article(briefing: Briefing, article: Article, index: int | None = None) -> OpResult:
    """Add an imported article. Its id must be new in this briefing."""
    return add_articles(briefing, [article], index)


def add_articles(
    briefing: Briefing, articles: list[Article], index: int | None = None
) -> OpResult:
    """Add imported articles, in order, from `index` on: all of them or (OpError) none."""
    seen: set[str] = set()
    for article in articles:
        _ensure_unique_id(briefing, article.id)
        if article.id in seen:
            raise OpError(f"id {article.id!r} is empty or already used")
        seen.add(article.id)
    at = _insert_index(index, len(briefing.articles))
    record = _Record()
    for offset, article in enumerate(articles):
        record.insert(briefing.articles, at + offset, article, ARTICLES, article.id)
    return record.result()


def edit_article(briefing: Briefing, article_id: str, **changes: object) -> OpResult:
    """Change an article's metadata. Its text is fixed: clips point into it."""
    _, article = _find(briefing.articles, article_id, "article")
    return _edit(article, _ARTICLE_EDITABLE, changes, "article", article_id)


def remove_article(briefing: Briefing, article_id: str) -> OpResult:
    """Remove an article with all its clips (and their placements and key-judgment links)."""
    index, _ = _find(briefing.articles, article_id, "article")
    record = _Record()
    for clip in reversed(briefing.clips_of(article_id)):
        _drop_clip(briefing, clip, record)
    record.remove(briefing.articles, index, ARTICLES, article_id)
    return record.result()


# ---- clips ------------------------------------------------------------------------------------
_CLIP_EDITABLE = {"kind", "text", "speaker", "speaker_role", "note", "marking", "suggested"}


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


def same_clip(briefing: Briefing, clip: Clip) -> Clip | None:
    """The clip already taken from the same span of the same article as the same kind, if
    any: adding `clip` as well would cite that text twice."""
    key = (clip.article_id, clip.start, clip.end, clip.kind)
    return next(
        (c for c in briefing.clips if c.id != clip.id
         and (c.article_id, c.start, c.end, c.kind) == key),
        None,
    )


def _shown_index(briefing: Briefing, article_id: str, at: int) -> int:
    """Where position `at` of the briefing's clip list falls among one article's clips."""
    return sum(1 for c in briefing.clips[:at] if c.article_id == article_id)


def add_clip(briefing: Briefing, clip: Clip, index: int | None = None) -> OpResult:
    """Add a clip (at `index` of the briefing's clips); a span clipped before is refused."""
    _ensure_unique_id(briefing, clip.id)
    _, article = _find(briefing.articles, clip.article_id, "article")
    if not 0 <= clip.start <= clip.end <= len(article.text):
        raise OpError(f"clip span {clip.start}..{clip.end} is outside its article's text")
    _clip_kind(clip.kind)
    if same_clip(briefing, clip) is not None:
        raise OpError("that text is already clipped")
    at = _insert_index(index, len(briefing.clips))
    record = _Record()
    shown = _shown_index(briefing, clip.article_id, at)
    record.insert(briefing.clips, at, clip, clips_of(clip.article_id), clip.id, shown)
    return record.result()


def edit_clip(briefing: Briefing, clip_id: str, **changes: object) -> OpResult:
    """Change what the analyst may change: kind, shown text, speaker, role, note, marking."""
    _, clip = _find(briefing.clips, clip_id, "clip")
    if "kind" in changes:
        changes["kind"] = _clip_kind(changes["kind"])
    return _edit(clip, _CLIP_EDITABLE, changes, "clip", clip_id)


def _clip_kind(kind: object) -> ClipKind:
    try:
        return ClipKind(kind if isinstance(kind, str) else "")
    except ValueError:
        raise OpError(f"clip kind must be one of {', '.join(ClipKind)}, not {kind!r}") from None


def remove_clip(briefing: Briefing, clip_id: str) -> OpResult:
    """Delete a clip, its placement in a section and its key-judgment links."""
    _, clip = _find(briefing.clips, clip_id, "clip")
    record = _Record()
    _drop_clip(briefing, clip, record)
    return record.result()


def _drop_clip(briefing: Briefing, clip: Clip, record: _Record) -> None:
    placed = briefing.placement(clip.id)
    if placed is not None:
        section, at = placed
        record.remove(section.items, at, items_of(section.id), clip.id)
    for judgment in briefing.meta.key_judgments:
        if clip.id in judgment.clip_ids:
            kept = [c for c in judgment.clip_ids if c != clip.id]
            record.replace_list(judgment.clip_ids, kept, judgment.id)
    at = next(i for i, c in enumerate(briefing.clips) if c is clip)
    shown = _shown_index(briefing, clip.article_id, at)
    record.remove(briefing.clips, at, clips_of(clip.article_id), clip.id, shown)


# ---- sections ---------------------------------------------------------------------------------
def add_section(
    briefing: Briefing,
    heading: str = "",
    commentary: str = "",
    index: int | None = None,
    *,
    section_id: str | None = None,
) -> tuple[Section, OpResult]:
    """Add a section. `section_id` lets a redo recreate the same id later commands refer to."""
    if section_id is not None:
        _ensure_unique_id(briefing, section_id)
    section = Section(id=section_id or new_id("s"), heading=heading, commentary=commentary)
    at = _insert_index(index, len(briefing.sections))
    record = _Record()
    record.insert(briefing.sections, at, section, SECTIONS, section.id)
    return section, record.result()


def edit_section(briefing: Briefing, section_id: str, **changes: object) -> OpResult:
    _, section = _find(briefing.sections, section_id, "section")
    return _edit(section, {"heading", "commentary"}, changes, "section", section_id)


def move_section(briefing: Briefing, section_id: str, new_index: int) -> OpResult:
    return _move_in_list(briefing.sections, section_id, new_index, "section", SECTIONS)


def remove_section(briefing: Briefing, section_id: str) -> OpResult:
    """Delete a section and its notes; its clips stay in the briefing, unplaced."""
    index, section = _find(briefing.sections, section_id, "section")
    record = _Record()
    for at in reversed(range(len(section.items))):
        record.remove(section.items, at, items_of(section_id), item_id(section.items[at]))
    record.remove(briefing.sections, index, SECTIONS, section_id)
    return record.result()


# ---- section items ----------------------------------------------------------------------------
def place_clip(
    briefing: Briefing, clip_id: str, section_id: str, index: int | None = None
) -> OpResult:
    """Put a clip into a section at `index` (moving it if it is already placed elsewhere)."""
    _find(briefing.clips, clip_id, "clip")
    if briefing.placement(clip_id) is not None:
        return move_item(briefing, clip_id, section_id, index)
    _, section = _find(briefing.sections, section_id, "section")
    at = _insert_index(index, len(section.items))
    record = _Record()
    record.insert(section.items, at, ClipRef(clip_id), items_of(section_id), clip_id)
    return record.result()


def add_note(
    briefing: Briefing,
    section_id: str,
    text: str = "",
    index: int | None = None,
    *,
    note_id: str | None = None,
) -> tuple[Note, OpResult]:
    """Add a note to a section. `note_id` lets a redo recreate the same id."""
    _, section = _find(briefing.sections, section_id, "section")
    if note_id is not None:
        _ensure_unique_id(briefing, note_id)
    note = Note(id=note_id or new_id("n"), text=text)
    at = _insert_index(index, len(section.items))
    record = _Record()
    record.insert(section.items, at, note, items_of(section_id), note.id)
    return note, record.result()


def edit_note(briefing: Briefing, note_id: str, text: str) -> OpResult:
    found = briefing.placement(note_id)
    if found is None or not isinstance(found[0].items[found[1]], Note):
        raise OpError(f"no note with id {note_id!r}")
    section, index = found
    return _edit(section.items[index], {"text"}, {"text": text}, "note", note_id)


def add_figure(
    briefing: Briefing,
    section_id: str,
    image: ImageData,
    caption: str = "",
    credit: str = "",
    index: int | None = None,
    *,
    figure_id: str | None = None,
) -> tuple[Figure, OpResult]:
    """Add a picture (checked by `briefing.core.images`) to a section, with caption and credit.
    `figure_id` lets a redo recreate the same id."""
    _, section = _find(briefing.sections, section_id, "section")
    if figure_id is not None:
        _ensure_unique_id(briefing, figure_id)
    figure = Figure(
        id=figure_id or new_id("f"), data=image.data, mime=image.mime,
        width=image.width, height=image.height, caption=caption, credit=credit,
    )
    at = _insert_index(index, len(section.items))
    record = _Record()
    record.insert(section.items, at, figure, items_of(section_id), figure.id)
    return figure, record.result()


def edit_figure(briefing: Briefing, figure_id: str, **changes: object) -> OpResult:
    """Change a figure's caption or credit (its picture is replaced by remove and add)."""
    found = briefing.placement(figure_id)
    if found is None or not isinstance(found[0].items[found[1]], Figure):
        raise OpError(f"no figure with id {figure_id!r}")
    section, index = found
    return _edit(section.items[index], {"caption", "credit"}, changes, "figure", figure_id)


def move_item(
    briefing: Briefing, item_id_: str, section_id: str, index: int | None = None
) -> OpResult:
    """Move a clip or note to position `index` of a section (its final position there)."""
    found = briefing.placement(item_id_)
    if found is None:
        raise OpError(f"no placed item with id {item_id_!r}")
    source, old_index = found
    _, target = _find(briefing.sections, section_id, "section")
    # Check the index before taking the item out, so a refused move loses nothing.
    at = _insert_index(index, len(target.items) - (1 if target is source else 0))
    record = _Record()
    record.move(item_id_, source.items, old_index, items_of(source.id),
                target.items, at, items_of(target.id))
    return record.result()


def step_item(briefing: Briefing, item_id_: str, step: int) -> OpResult:
    """Move a placed clip or note one place up (`step` -1) or down (+1). From its section's
    edge it goes on into the neighbouring section: to the end of the one above, or the start
    of the one below; OpError at the top or bottom of the whole outline."""
    if step not in (-1, 1):
        raise OpError(f"an item moves one place at a time, not {step}")
    found = briefing.placement(item_id_)
    if found is None:
        raise OpError(f"no placed item with id {item_id_!r}")
    section, index = found
    if 0 <= index + step < len(section.items):
        return move_item(briefing, item_id_, section.id, index + step)
    row = briefing.sections.index(section) + step
    if not 0 <= row < len(briefing.sections):
        where = "top" if step < 0 else "bottom"
        raise OpError(f"the item is already at the {where} of the outline")
    neighbour = briefing.sections[row]
    return move_item(briefing, item_id_, neighbour.id, len(neighbour.items) if step < 0 else 0)


def remove_item(briefing: Briefing, item_id_: str) -> OpResult:
    """Take an item out of its section: a note is deleted, a clip becomes unplaced."""
    found = briefing.placement(item_id_)
    if found is None:
        raise OpError(f"no placed item with id {item_id_!r}")
    section, index = found
    record = _Record()
    record.remove(section.items, index, items_of(section.id), item_id_)
    return record.result()


def clone_briefing(briefing: Briefing) -> Briefing:
    """A deep copy, e.g. for an export that runs while the user keeps editing."""
    return copy.deepcopy(briefing)


__all__ = [
    "OpError",
    "OpResult",
    "Undo",
    "add_article",
    "add_articles",
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
    "same_clip",
    "step_item",
]
