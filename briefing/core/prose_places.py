"""Where a briefing holds prose (key judgments, section commentary, notes) and which clips
that prose places inline: what the checks, the clip tray and compile agree counts as used."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from briefing.core.compile_prose import inline_quote_text
from briefing.core.model import Briefing, Clip, Note
from briefing.core.prose import ClipMention, ProseList, clip_mentions, parse_prose


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


def prose_words(text: str, clips: Mapping[str, Clip]) -> str:
    """What a prose field says, without its markup, one line per paragraph or list item and
    inline quotes in their quotation marks: for labels in the app (the outline)."""
    if not any(mark in text for mark in "*_[]\\-+.)"):
        return text  # no markup possible: as written
    lines = []
    for block in parse_prose(text):
        for line in block.items if isinstance(block, ProseList) else (block.inlines,):
            words = []
            for inline in line:
                if isinstance(inline, ClipMention):
                    clip = clips.get(inline.clip_id)
                    words.append(inline_quote_text(clip.text) if clip else f"[@{inline.clip_id}]")
                else:
                    words.append(inline.text)
            lines.append("".join(words))
    return "\n".join(lines)
