"""Where a briefing holds prose (key judgments, section commentary, notes) and which clips
that prose places inline: what the checks, the clip tray and compile agree counts as used."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from briefing.core.model import Briefing, Note
from briefing.core.prose import clip_mentions


@dataclass(frozen=True)
class ProseField:
    place: str  # for the reader: 'key judgment 2', 'section “Energy” commentary'
    owner_id: str  # the judgment, section or note holding it (to select it in the app)
    text: str


def _section_name(number: int, heading: str) -> str:
    heading = " ".join(heading.split())
    if len(heading) > 40:
        heading = heading[:39] + "…"
    return f"section “{heading}”" if heading else f"section {number}"


def prose_fields(briefing: Briefing) -> Iterator[ProseField]:
    """Every prose field, in document order."""
    for number, judgment in enumerate(briefing.meta.key_judgments, start=1):
        yield ProseField(f"key judgment {number}", judgment.id, judgment.text)
    for number, section in enumerate(briefing.sections, start=1):
        name = _section_name(number, section.heading)
        yield ProseField(f"{name} commentary", section.id, section.commentary)
        notes = [item for item in section.items if isinstance(item, Note)]
        for note_number, note in enumerate(notes, start=1):
            yield ProseField(f"{name} note {note_number}", note.id, note.text)


def inline_clip_ids(briefing: Briefing) -> set[str]:
    """The ids `[@CLIP-ID]` names anywhere in the briefing's prose (existing clips or not)."""
    return {clip_id for f in prose_fields(briefing) for clip_id in clip_mentions(f.text)}


def used_clip_ids(briefing: Briefing) -> set[str]:
    """The clips the export prints: placed in a section or quoted inline in some prose."""
    known = {clip.id for clip in briefing.clips}
    return briefing.placed_clip_ids() | (inline_clip_ids(briefing) & known)
