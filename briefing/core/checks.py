"""Checks before export: can every quote still be trusted, and can every character be drawn?

A quote in a briefing is a claim that someone said exactly those words, so a clip whose text
no longer matches its source span is flagged, unless the difference is shown as an edit
(an ellipsis for a cut, square brackets for an insertion) and the remaining words still
appear in the source, in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum

from briefing.core.errors import BriefingError
from briefing.core.figure_items import picture_problem
from briefing.core.fonts import FontSet
from briefing.core.model import (
    Article,
    Briefing,
    Clip,
    ClipKind,
    ClipRef,
    Figure,
    Note,
    Section,
)
from briefing.core.prose import clip_mentions
from briefing.core.prose_places import prose_fields, used_clip_ids
from briefing.core.theme import Theme, ThemeError, load_briefing_theme


class Severity(StrEnum):
    ERROR = "error"  # the briefing would state something false or lose text
    WARNING = "warning"  # incomplete: a reader would miss something


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str  # stable identifier, e.g. "quote-mismatch"
    message: str  # one line for the user
    target_id: str | None = None  # the clip, article or section to go to


# An ellipsis (… or ...) or a bracketed insertion marks an edit; the literal pieces between
# them must appear in the source in order.
_EDIT_MARK = re.compile(r"\s*(?:…|\.\.\.|\[[^\]]*\])\s*")


def quote_matches_source(clip_text: str, source_span: str) -> tuple[bool, bool]:
    """(matches, edited): exact match, or match once marked cuts/insertions are taken out."""
    if clip_text == source_span:
        return True, False
    if clip_text.strip() == source_span.strip():
        return True, False
    pieces = [p for p in _EDIT_MARK.split(clip_text) if p.strip()]
    if len(pieces) == 1 and pieces[0] == clip_text.strip():
        return False, False  # no edit marks at all: it is simply different
    position = 0
    for piece in pieces:
        found = source_span.find(piece.strip(), position)
        if found < 0:
            return False, True
        position = found + len(piece.strip())
    return True, True


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clip_findings(clip: Clip, article: Article | None) -> Iterable[Finding]:
    label = f"“{_short(clip.text)}”"
    if article is None:
        yield Finding(Severity.ERROR, "clip-no-source", f"{label} has no source article", clip.id)
        return
    span = article.text[clip.start : clip.end]
    matches, edited = quote_matches_source(clip.text, span)
    if not matches:
        yield Finding(
            Severity.ERROR,
            "quote-mismatch",
            f"{label} no longer matches its source “{_short(article.title)}”",
            clip.id,
        )
    elif edited and clip.kind == ClipKind.QUOTE:
        yield Finding(
            Severity.WARNING,
            "quote-edited",
            f"{label} is shortened or edited (marked with … or [ ]); check it keeps the meaning",
            clip.id,
        )
    if clip.kind == ClipKind.QUOTE and not clip.speaker.strip():
        yield Finding(Severity.WARNING, "quote-no-speaker", f"{label} has no speaker", clip.id)
    if clip.suggested:
        yield Finding(
            Severity.WARNING,
            "clip-unconfirmed",
            f"{label} was suggested by the quote finder and is not confirmed: "
            "check its span, speaker and role",
            clip.id,
        )


def _section_name(section: Section) -> str:
    return f"section “{_short(section.heading)}”" if section.heading.strip() else "a section"


def item_place(section: Section, number: int) -> str:
    """Where a reader finds item `number` (from 1) of `section`: "section “Energy”, item 3"."""
    return f"{_section_name(section)}, item {number}"


def figure_problem(figure: Figure, place: str) -> str:
    """Why `figure` (at `place`, see `item_place`) cannot be printed, in one sentence; "" when
    it can. The one verdict on a figure: the checks report it as an error and compile refuses
    to build a document with it, so every format (and the app's preview and pages) says the
    same. The picture is decoded once per content (`figure_items.picture_problem`)."""
    problem = picture_problem(figure)
    if not problem:
        return ""
    return (
        f"the figure in {place} cannot be printed: its picture {problem}; delete the figure "
        "and add the picture again"
    )


def _all_text(
    briefing: Briefing, placed: set[str], cited: set[str]
) -> Iterable[tuple[str, str | None, str]]:
    """Every piece of text that is exported, with the id of where it lives and where a reader
    finds it ("section “Energy”, item 3"): the metadata, judgments and sections with the clips
    placed in them, and the articles they cite."""
    meta = briefing.meta
    for name, text in (
        ("the title", meta.title),
        ("the subtitle", meta.subtitle),
        ("the author", meta.author),
        ("the organisation", meta.organisation),
        ("the marking", meta.marking),
    ):
        yield text, None, name
    for number, judgment in enumerate(meta.key_judgments, start=1):
        yield judgment.text, judgment.id, f"key judgment {number}"
    clips = {clip.id: clip for clip in briefing.clips if clip.id in placed}
    seen: set[str] = set()
    for section in briefing.sections:
        name = _section_name(section)
        yield section.heading, section.id, f"the heading of {name}"
        yield section.commentary, section.id, f"the commentary of {name}"
        for number, item in enumerate(section.items, start=1):
            place = item_place(section, number)
            if isinstance(item, Note):
                yield item.text, item.id, place
            elif isinstance(item, Figure):
                yield item.caption, item.id, place
                yield item.credit, item.id, place
            elif isinstance(item, ClipRef):
                clip = clips.get(item.clip_id)
                if clip is None or clip.id in seen:
                    continue
                seen.add(clip.id)
                for text in (clip.text, clip.speaker, clip.speaker_role, clip.note, clip.marking):
                    yield text, clip.id, place
    for clip in clips.values():  # placed only in judgments: still exported
        if clip.id not in seen:
            for text in (clip.text, clip.speaker, clip.speaker_role, clip.note, clip.marking):
                yield text, clip.id, f"the clip “{_short(clip.text)}”"
    for article in briefing.articles:
        if article.id in cited:
            place = f"source “{_short(article.title or article.outlet or article.id)}”"
            for text in (article.title, article.outlet, article.url, *article.authors):
                yield text, article.id, place


UncoveredFn = Callable[[str], set[str]]

# How the image formats every writer can embed begin: PNG, JPEG, GIF.
_IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")


def logo_problem(path: str) -> str:
    """Why the cover logo at `path` cannot be used ("" when it can): a missing or unreadable
    file, or one that is not a PNG, JPEG or GIF image."""
    try:
        with open(path, "rb") as handle:
            start = handle.read(8)
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    if not start.startswith(_IMAGE_SIGNATURES):
        return "not a PNG, JPEG or GIF image"
    return ""


def _logo_findings(theme: Theme) -> Iterable[Finding]:
    logo = theme.logo.strip()
    problem = logo_problem(logo) if logo else ""
    if problem:
        # One rule in every format: the cover is printed without the logo (compile leaves it
        # out), so this is a warning, not a stop.
        yield Finding(
            Severity.WARNING,
            "logo-unreadable",
            f"the theme's cover logo {logo} cannot be used: {problem}; the cover is printed "
            "without it (fix the theme's logo setting or remove it)",
        )


def _default_uncovered(theme: Theme) -> UncoveredFn | None:
    """What no installed font draws: the writers take any installed font for a character the
    theme's fonts lack (briefing.core.fonts_fallback)."""
    try:
        return FontSet.resolve(list(theme.body_fonts)).unreachable
    except BriefingError:  # no font at all: the writers report that themselves
        return None


def _glyph_findings(
    briefing: Briefing, placed: set[str], cited: set[str], uncovered: UncoveredFn
) -> Iterable[Finding]:
    """One error per character that cannot be drawn, naming the first place it occurs."""
    first: dict[str, tuple[str | None, str]] = {}
    counts: dict[str, int] = {}
    for text, target, place in _all_text(briefing, placed, cited):
        if text:
            for char in uncovered(text):
                first.setdefault(char, (target, place))
                counts[char] = counts.get(char, 0) + 1
    for char, (target, place) in sorted(first.items()):
        more = counts[char] - 1
        elsewhere = f" and {more} more place{'s' if more > 1 else ''}" if more else ""
        yield Finding(
            Severity.ERROR,
            "glyph-missing",
            f"no installed font can draw {char!r} (U+{ord(char):04X}), in {place}{elsewhere}; "
            "install a font that has it or change the theme's fonts",
            target,
        )


def _completeness_findings(briefing: Briefing, placed: set[str]) -> Iterable[Finding]:
    """What a reader of the export would miss: no title, judgments left empty, clips made
    but never placed (an empty section is reported always: the export leaves it out).
    Unconfirmed suggested clips have their own finding."""
    if not briefing.meta.title.strip():
        yield Finding(Severity.WARNING, "no-title", "the briefing has no title (Properties)")
    for number, judgment in enumerate(briefing.meta.key_judgments, start=1):
        if not judgment.text.strip():
            yield Finding(
                Severity.WARNING,
                "key-judgment-empty",
                f"key judgment {number} is empty: write it or remove it",
                judgment.id,
            )
    unplaced = [c for c in briefing.clips if c.id not in placed and not c.suggested]
    if unplaced:
        noun = "clip is" if len(unplaced) == 1 else "clips are"
        yield Finding(
            Severity.WARNING,
            "clips-unplaced",
            f"{len(unplaced)} {noun} not placed in any section, so the export leaves "
            f"{'it' if len(unplaced) == 1 else 'them'} out",
            unplaced[0].id,
        )


def section_is_empty(section: Section, clip_ids: Collection[str]) -> bool:
    """Whether a section would print nothing but its heading: no commentary, and no item
    but blank notes and references to clips the briefing lacks. Compile leaves such a section
    out of every format; the checks warn ("section-empty")."""
    if section.commentary.strip():
        return False
    for item in section.items:
        if isinstance(item, Note):
            if item.text.strip():
                return False
        elif not isinstance(item, ClipRef) or item.clip_id in clip_ids:
            return False
    return True


def _empty_section_findings(briefing: Briefing) -> Iterable[Finding]:
    clip_ids = {clip.id for clip in briefing.clips}
    for section in briefing.sections:
        if section_is_empty(section, clip_ids):
            name = f"“{_short(section.heading)}”" if section.heading.strip() else "a section"
            yield Finding(
                Severity.WARNING,
                "section-empty",
                f"section {name} is empty, so the export leaves it out: place clips or notes "
                "in it, or delete it",
                section.id,
            )


def _inline_reference_findings(briefing: Briefing) -> Iterable[Finding]:
    """A `[@CLIP-ID]` in prose that names no clip of the briefing (deleted, or mistyped)."""
    known = {clip.id for clip in briefing.clips}
    for field in prose_fields(briefing):
        for clip_id in dict.fromkeys(clip_mentions(field.text)):
            if clip_id not in known:
                yield Finding(
                    Severity.ERROR,
                    "inline-clip-unknown",
                    f"{field.place}: [@{clip_id}] names no clip in this briefing (it prints "
                    "as written); insert the quote again or remove it",
                    field.owner_id,
                )


def _figure_findings(briefing: Briefing, *, completeness: bool) -> Iterable[Finding]:
    """A figure whose picture cannot be drawn stops every export: say so before one starts.
    A figure without a caption leaves the reader guessing what it shows."""
    for section in briefing.sections:
        for number, item in enumerate(section.items, start=1):
            if not isinstance(item, Figure):
                continue
            place = item_place(section, number)
            problem = figure_problem(item, place)
            if problem:
                yield Finding(Severity.ERROR, "figure-unreadable", problem, item.id)
                continue
            if completeness and not item.caption.strip():
                yield Finding(
                    Severity.WARNING,
                    "figure-no-caption",
                    f"the figure in {place} has no caption: say what it shows",
                    item.id,
                )


def run_checks(
    briefing: Briefing,
    theme: Theme,
    uncovered: UncoveredFn | None = None,
    *,
    completeness: bool = False,
) -> list[Finding]:
    """All findings, most serious first, in document order within a severity. With
    `completeness`, also what a draft still lacks (title, empty sections and judgments,
    unplaced clips): the checks panel shows those while the analyst works; an export's
    report sticks to trust and drawing."""
    findings: list[Finding] = []
    has_body = any(s.items or s.commentary.strip() for s in briefing.sections)
    if not has_body and not any(j.text.strip() for j in briefing.meta.key_judgments):
        findings.append(
            Finding(
                Severity.WARNING,
                "nothing-to-export",
                "the briefing has no content yet: add a section and place quotes or notes in it",
            )
        )
    placed = used_clip_ids(briefing)  # placed in a section or quoted inline: exported
    findings.extend(_inline_reference_findings(briefing))
    if completeness:
        findings.extend(_completeness_findings(briefing, placed))
    if has_body or completeness:  # an export report: "nothing to export" says it all
        findings.extend(_empty_section_findings(briefing))
    articles = {article.id: article for article in briefing.articles}
    for clip in briefing.clips:
        if clip.id in placed:
            findings.extend(_clip_findings(clip, articles.get(clip.article_id)))
    waiting = [c for c in briefing.clips if c.suggested and c.id not in placed]
    if waiting:
        findings.append(
            Finding(
                Severity.WARNING,
                "suggestions-unconfirmed",
                f"{len(waiting)} suggested clip(s) not yet confirmed or placed",
                waiting[0].id,
            )
        )
    cited = {c.article_id for c in briefing.clips if c.id in placed}
    for article in briefing.articles:
        if article.id not in cited:
            continue
        missing = [
            name
            for name, value in (("outlet", article.outlet), ("date", article.published))
            if not value.strip()
        ]
        if missing:
            findings.append(
                Finding(
                    Severity.WARNING,
                    "article-metadata",
                    f"source “{_short(article.title or article.id)}” has no {' or '.join(missing)}",
                    article.id,
                )
            )
        if article.partial:  # a paywall teaser: the quote may lack its context
            findings.append(
                Finding(
                    Severity.WARNING,
                    "article-partial",
                    f"source “{_short(article.title or article.id)}” is partial text "
                    f"({article.partial_reason or 'teaser or truncated page'})",
                    article.id,
                )
            )

    findings.extend(_figure_findings(briefing, completeness=completeness))
    findings.extend(_logo_findings(theme))
    uncovered = uncovered or _default_uncovered(theme)
    if uncovered is not None:
        findings.extend(_glyph_findings(briefing, placed, cited, uncovered))
    findings.sort(key=lambda f: 0 if f.severity == Severity.ERROR else 1)
    return findings


def check_with_its_theme(briefing: Briefing, *, completeness: bool = True) -> list[Finding]:
    """The checks as an export of the briefing will meet them, with the theme it names, plus
    (unless told not to) what the draft still lacks. A theme that cannot be read is itself an
    error (every export would stop on it); the rest is then checked with the default theme."""
    try:
        theme = load_briefing_theme(briefing.meta.theme)
    except ThemeError as exc:
        unreadable = Finding(
            Severity.ERROR, "theme-unreadable", f"{exc}; choose another theme to export"
        )
        return [unreadable, *run_checks(briefing, Theme(), completeness=completeness)]
    return run_checks(briefing, theme, completeness=completeness)


def error_count(findings: Iterable[Finding]) -> int:
    return sum(1 for f in findings if f.severity == Severity.ERROR)
