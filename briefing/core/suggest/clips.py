"""Turning suggestions into clips: accepted by the analyst (a normal clip with speaker and role)
or filed unconfirmed by `briefing import --suggest` (marked `suggested` until confirmed)."""

from __future__ import annotations

from briefing.core import ops
from briefing.core.model import Article, Briefing, Clip, ClipKind, new_id
from briefing.core.suggest import suggest_quotes
from briefing.core.suggest.types import QuoteKind, Suggestion


def clip_for(article_id: str, suggestion: Suggestion, *, suggested: bool) -> Clip:
    """The clip a suggestion becomes: quotes for direct and mixed quotes, an excerpt for
    reported speech (its words are the reporter's, not the speaker's)."""
    kind = ClipKind.EXCERPT if suggestion.kind == QuoteKind.REPORTED else ClipKind.QUOTE
    return Clip(
        id=new_id("c"),
        article_id=article_id,
        kind=kind,
        text=suggestion.text,
        start=suggestion.start,
        end=suggestion.end,
        speaker=suggestion.speaker,
        speaker_role=suggestion.role,
        suggested=suggested,
    )


def accept_suggestion(briefing: Briefing, article_id: str, suggestion: Suggestion) -> ops.OpResult:
    """Add the suggestion as a confirmed clip (one operation, so one undo step)."""
    article = briefing.article(article_id)
    if article is None:
        raise ops.OpError(f"no article with id {article_id!r}")
    if article.text[suggestion.start : suggestion.end] != suggestion.text:
        raise ops.OpError("the suggestion no longer matches the article's text")
    return ops.add_clip(briefing, clip_for(article_id, suggestion, suggested=False))


def file_suggestions(briefing: Briefing, article: Article) -> list[Clip]:
    """Add every suggestion for `article` (already in `briefing`) as an unconfirmed clip,
    skipping spans that are clipped already; the clips added, in text order."""
    added = []
    for suggestion in suggest_quotes(article.text, article.language):
        clip = clip_for(article.id, suggestion, suggested=True)
        if ops.same_clip(briefing, clip) is None:
            ops.add_clip(briefing, clip)
            added.append(clip)
    return added
