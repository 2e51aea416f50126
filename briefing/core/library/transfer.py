"""Between the library and a briefing: briefings stay self-contained copies.

A library article copied into a briefing keeps its library id and the sha256 of its text, so
it can be traced back (and an edited copy told apart); an article imported into a briefing
is filed in the library and gets the same two fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from briefing.core import ops
from briefing.core.library.base import Library
from briefing.core.library.fingerprint import text_sha256
from briefing.core.library.records import AddResult, LibraryArticle, iso_now
from briefing.core.model import Article, Briefing, ClipKind, new_id


def briefing_article(stored: LibraryArticle, *, now: datetime | None = None) -> Article:
    """A briefing's own copy of a library article."""
    return Article(
        id=new_id("a"),
        title=stored.title,
        outlet=stored.outlet,
        authors=list(stored.authors),
        published=stored.published,
        url=stored.url,
        language=stored.language,
        text=stored.text,
        source_kind=stored.source_format or stored.source_kind,
        source_path=stored.source_path,
        imported_at=iso_now(now),
        library_id=str(stored.id),
        text_sha256=stored.sha256 or text_sha256(stored.text),
        description=stored.description,
        # Filed as soon as it was fetched, when an older library did not note the fetch.
        accessed_at=stored.accessed_at or (
            stored.added_at if stored.source_kind in ("url", "feed") else ""),
        partial=stored.partial,
        partial_reason=stored.partial_reason,
    )


@dataclass
class CopyReport:
    added: list[Article] = field(default_factory=list)
    already: list[Article] = field(default_factory=list)  # the briefing had them already


def _find_copy(briefing: Briefing, stored: LibraryArticle) -> Article | None:
    return next(
        (a for a in briefing.articles
         if a.library_id == str(stored.id) or text_sha256(a.text) == stored.sha256),
        None,
    )


def copy_into_briefing(
    library: Library,
    article_ids: Iterable[int],
    briefing: Briefing,
    *,
    section_heading: str = "",
    briefing_name: str = "",
    now: datetime | None = None,
) -> CopyReport:
    """Copy library articles into `briefing` (not twice: an article it already holds is
    reported in `already`). With `section_heading`, an excerpt of each article's first
    paragraph is placed in that section (made if the briefing has none of that heading)."""
    report = CopyReport()
    stored_articles = [library.get(int(i)) for i in article_ids]  # all found, or nothing done
    section_id = ""
    if section_heading.strip():
        wanted = section_heading.strip().casefold()
        section = next((s for s in briefing.sections if s.heading.strip().casefold() == wanted),
                       None)
        if section is None:
            section, _ = ops.add_section(briefing, heading=section_heading.strip())
        section_id = section.id
    for stored in stored_articles:
        existing = _find_copy(briefing, stored)
        if existing is not None:
            report.already.append(existing)
            continue
        article = briefing_article(stored, now=now)
        ops.add_article(briefing, article)
        report.added.append(article)
        if section_id:
            start, end = lead_span(article.text, article.title)
            clip = ops.make_clip(briefing, article.id, start, end, ClipKind.EXCERPT)
            ops.add_clip(briefing, clip)
            ops.place_clip(briefing, clip.id, section_id)
    if report.added:
        library.record_use([int(a.library_id) for a in report.added],
                           briefing_name or briefing.meta.title or "untitled briefing", now=now)
    return report


def lead_span(text: str, title: str = "") -> tuple[int, int]:
    """The span of the first paragraph with text in it that is not just the title."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text)]
    for start, end in spans:
        if text[start:end].strip() != title.strip():
            return start, len(text[:end].rstrip())
    return spans[0] if spans else (0, len(text))


def file_articles(
    library: Library,
    articles: Sequence[Article],
    *,
    tags: Iterable[str] = (),
    briefing_name: str = "",
    now: datetime | None = None,
) -> list[AddResult]:
    """File a briefing's newly imported articles in the library and mark each with its
    library id and text hash (a duplicate gets the existing article's id)."""
    results = library.add_many(list(articles), tags=tags, now=now)
    for article, result in zip(articles, results, strict=True):
        article.library_id = str(result.article.id)
        article.text_sha256 = text_sha256(article.text)
    if briefing_name:
        library.record_use([r.article.id for r in results], briefing_name, now=now)
    return results


def remember_people(library: Library, briefing: Briefing, *, now: datetime | None = None) -> int:
    """Take in every speaker (with their role) quoted in the briefing, so the Speaker field
    completes from them (see `Library.learn_people`); how many were new. Speakers the quote
    finder suggested count once the analyst confirms them."""
    return library.learn_people(
        ((clip.speaker, clip.speaker_role) for clip in briefing.clips
         if clip.speaker.strip() and not clip.suggested),  # a suggestion is not confirmed yet
        now=now)


def take_library_version(article: Article, stored: LibraryArticle) -> None:
    """Make a freshly imported article (not yet in any briefing) the library's version of
    it: its title, outlet, authors, date, link, language and text, and its library id."""
    article.title, article.outlet = stored.title, stored.outlet
    article.authors, article.published = list(stored.authors), stored.published
    article.url, article.language, article.text = stored.url, stored.language, stored.text
    article.library_id = str(stored.id)
    article.text_sha256 = stored.sha256 or text_sha256(stored.text)
