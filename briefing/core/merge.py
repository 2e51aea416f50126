"""Merging two versions of one briefing: the app's copy and the file someone changed on disk.

What the other writer most often does is add (`briefing import`, the daily run, a colleague's
window), so the merge keeps everything of the open copy and adds whatever the disk version has
that it lacks, matched by id: articles, clips whose article is there, sections (with the items
that can be placed), notes and key judgments. Where both have an object, the open copy's
version wins: those are the edits the user is saving.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

from briefing.core.model import Briefing, ClipRef, SectionItem


@dataclass(frozen=True)
class MergeReport:
    """What the disk version added to the open copy."""

    articles: int = 0
    clips: int = 0
    sections: int = 0
    key_judgments: int = 0

    def describe(self) -> str:
        parts = [
            f"{count} {noun}{'' if count == 1 else 's'}"
            for count, noun in (
                (self.articles, "article"),
                (self.clips, "clip"),
                (self.sections, "section"),
                (self.key_judgments, "key judgment"),
            )
            if count
        ]
        return "added from the file on disk: " + ", ".join(parts) if parts else "nothing to add"


def merge_briefings(mine: Briefing, theirs: Briefing) -> tuple[Briefing, MergeReport]:
    """A new briefing: `mine` plus what only `theirs` has (neither argument is changed)."""
    merged = copy.deepcopy(mine)
    article_ids = {article.id for article in merged.articles}
    new_articles = [copy.deepcopy(a) for a in theirs.articles if a.id not in article_ids]
    merged.articles.extend(new_articles)
    article_ids.update(a.id for a in new_articles)

    clip_ids = {clip.id for clip in merged.clips}
    new_clips = [
        copy.deepcopy(c)
        for c in theirs.clips
        if c.id not in clip_ids and c.article_id in article_ids
    ]
    merged.clips.extend(new_clips)
    clip_ids.update(c.id for c in new_clips)

    placed = {i.clip_id for s in merged.sections for i in s.items if isinstance(i, ClipRef)}
    used_ids = article_ids | clip_ids | {s.id for s in merged.sections}
    used_ids |= {i.id for s in merged.sections for i in s.items if not isinstance(i, ClipRef)}
    new_sections = 0
    for section in theirs.sections:
        if section.id in used_ids:
            continue
        items: list[SectionItem] = []
        for item in section.items:
            if isinstance(item, ClipRef):
                if item.clip_id in clip_ids and item.clip_id not in placed:
                    items.append(ClipRef(item.clip_id))
                    placed.add(item.clip_id)
            elif item.id not in used_ids:
                items.append(copy.deepcopy(item))
                used_ids.add(item.id)
        merged.sections.append(replace(copy.deepcopy(section), items=items))
        used_ids.add(section.id)
        new_sections += 1

    judgment_ids = {k.id for k in merged.meta.key_judgments}
    new_judgments = 0
    for judgment in theirs.meta.key_judgments:
        if judgment.id in judgment_ids or judgment.id in used_ids:
            continue
        added = copy.deepcopy(judgment)
        added.clip_ids = [c for c in added.clip_ids if c in clip_ids]
        merged.meta.key_judgments.append(added)
        new_judgments += 1
    report = MergeReport(len(new_articles), len(new_clips), new_sections, new_judgments)
    return merged, report


__all__ = ["MergeReport", "merge_briefings"]
