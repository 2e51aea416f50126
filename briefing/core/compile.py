"""Briefing + Theme → render tree. Every layout decision is made here, once.

What goes on the cover, the order of blocks, how a quote is attributed, which citation number
a source gets, what the marking banner says, the direction of every text, whether a quote is
italic, how a note is led, what the page label is: all decided below. Text enters the tree
cleaned by one rule (briefing.core.tree_text). Writers only translate.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from briefing.core import blocks as b
from briefing.core.checks import figure_problem, item_place, logo_problem, section_is_empty
from briefing.core.compile_prose import (
    InlineClip,
    block_direction,
    in_block,
    judgment_inlines,
    prose_blocks,
    prose_clip_ids,
)
from briefing.core.errors import ExportError
from briefing.core.fonts_fallback import script_of
from briefing.core.marking import highest_marking
from briefing.core.model import Article, Briefing, Clip, ClipKind, ClipRef, Figure, Note
from briefing.core.theme import Theme
from briefing.core.tree_text import (
    changed_by_writable,
    clean_tree,
    mark_clean,
    text_direction,
    writable,
)
from briefing.core.urls import safe_url

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _needs_cleaning(briefing: Briefing, theme: Theme, page_size: str) -> bool:
    """Whether any string the render tree is made from holds a character `writable` changes.

    One search over the joined source strings takes a few milliseconds for 5,000 clips;
    walking the finished tree takes some 100 ms. An article's full text is not searched: the
    tree holds only its clips, which are strings of their own. (tests/core/test_compile.py
    makes each model field dirty in turn to prove the list below complete.)"""
    meta = briefing.meta
    parts = [
        meta.title, meta.subtitle, meta.author, meta.organisation, meta.date, meta.marking,
        meta.theme, meta.page_size, meta.language, page_size,
        *(judgment.text for judgment in meta.key_judgments),
        *(f"{s.heading}\n{s.commentary}" for s in briefing.sections),
        *(item.text for s in briefing.sections for item in s.items if isinstance(item, Note)),
        *(f"{item.caption}\n{item.credit}"
          for s in briefing.sections for item in s.items if isinstance(item, Figure)),
        *(f"{c.text}\n{c.speaker}\n{c.speaker_role}\n{c.note}\n{c.marking}\n{c.kind}"
          for c in briefing.clips),
        *(f"{a.title}\n{a.outlet}\n{a.published}\n{a.url}\n{a.language}\n" + "\n".join(a.authors)
          for a in briefing.articles),
        *(value for value in vars(theme).values() if isinstance(value, str)),
        *(str(value) for value in vars(theme).values() if isinstance(value, dict | tuple)),
    ]
    return changed_by_writable("\n".join(parts))


def _iso_day(text: str) -> dt.date | None:
    """The day an ISO date or timestamp names; None for a partial or unparseable one."""
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def format_date(iso: str) -> str:
    """ "2026-11-27" → "27 November 2026"; a partial or unparseable date is shown as given."""
    day = _iso_day(iso)
    if day is None:
        return iso.strip()
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs of `text`, stripped; empty ones dropped."""
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def attribution(clip: Clip, article: Article | None) -> str:
    """The line under a block quote: "— Mark Rutte, NATO Secretary General"."""
    if clip.kind == ClipKind.QUOTE:
        parts = [clip.speaker.strip(), clip.speaker_role.strip()]
    elif article is not None:
        title = article.title.strip()
        parts = [article.outlet.strip(), f"“{title}”" if title else ""]
    else:
        parts = []
    who = ", ".join(part for part in parts if part)
    return f"— {who}" if who else ""


_UNSAFE_IN_ANCHOR = re.compile(r"[^A-Za-z0-9]")


@dataclass
class _Anchors:
    """Bookmark names safe in every format: short ASCII, starting with a letter.

    An anchor for a clip, section or source comes from the object's id, so it stays the same
    when other items are added or moved: the live preview re-parses only what changed."""

    taken: set[str] = field(default_factory=set)
    counters: dict[str, int] = field(default_factory=dict)
    targets: dict[str, str] = field(default_factory=dict)  # anchor -> the id it was made from

    def next(self, prefix: str) -> str:
        while True:
            self.counters[prefix] = self.counters.get(prefix, 0) + 1
            name = f"{prefix}_{self.counters[prefix]}"
            if name not in self.taken:
                self.taken.add(name)
                return name

    def for_id(self, prefix: str, ident: str) -> str:
        name = f"{prefix}_{_UNSAFE_IN_ANCHOR.sub('_', ident)}"[:32]
        if name in self.taken:
            name = self.next(prefix)
        else:
            self.taken.add(name)
        self.targets[name] = ident
        return name


def compile_briefing(
    briefing: Briefing,
    theme: Theme,
    *,
    page_size: str | None = None,
    now: dt.datetime | None = None,
    anchor_targets: dict[str, str] | None = None,
) -> b.Document:
    """The render tree of `briefing`. `now` is the moment of export (timezone-aware; a naive
    one is read as UTC), recorded as the document's creation time; the clock when not given.
    `anchor_targets`, when given, is filled with each anchor made from a model object and
    that object's id (clip, section, figure, article): how a click in a preview finds the
    item it shows."""
    meta = briefing.meta
    articles = {a.id: a for a in briefing.articles}
    clips = {c.id: c for c in briefing.clips}
    anchors = _Anchors()
    if anchor_targets is not None:
        anchors.targets = anchor_targets

    # The clips the document cites, in reading order: key judgments' inline quotes first,
    # then each section's commentary, its notes' inline quotes and its placed clips.
    cited: list[Clip] = []
    judgments = [k for k in meta.key_judgments if k.text.strip()]
    for judgment in judgments:
        cited += [clips[c] for c in prose_clip_ids(judgment.text) if c in clips]
    for section in briefing.sections:
        cited += [clips[c] for c in prose_clip_ids(section.commentary) if c in clips]
        for item in section.items:
            if isinstance(item, Note):
                cited += [clips[c] for c in prose_clip_ids(item.text) if c in clips]
            elif isinstance(item, ClipRef) and item.clip_id in clips:
                cited.append(clips[item.clip_id])
    block_clips = [
        clips[item.clip_id]
        for section in briefing.sections
        for item in section.items
        if isinstance(item, ClipRef) and item.clip_id in clips
    ]
    clip_anchor = {clip.id: anchors.for_id("clip", clip.id) for clip in block_clips}

    # Sources are numbered in order of first citation in the document.
    source_number: dict[str, int] = {}
    for clip in cited:
        if clip.article_id in articles and clip.article_id not in source_number:
            source_number[clip.article_id] = len(source_number) + 1
    source_anchor = {aid: anchors.for_id("src", aid) for aid in source_number}

    def citation_of(clip: Clip) -> b.CitationRef | None:
        if clip.article_id not in source_number:
            return None
        return b.CitationRef(source_number[clip.article_id], source_anchor[clip.article_id])

    language = meta.language.strip() or "en"

    def inline_clip(clip_id: str) -> InlineClip | None:
        clip = clips.get(clip_id)
        if clip is None:
            return None
        article = articles.get(clip.article_id)
        quote_language = _other_language(article.language if article else "", language)
        return InlineClip(clip.text, citation_of(clip), quote_language)

    def anchor_for(clip_ids: tuple[str, ...]) -> str:
        """A paragraph's anchor: the first clip it places inline that has no anchor yet (the
        target of key-judgment links to it), else none."""
        fresh = [c for c in dict.fromkeys(clip_ids) if c in clips and c not in clip_anchor]
        if not fresh:
            return ""
        anchor = anchors.for_id("clip", fresh[0])
        for clip_id in fresh:
            clip_anchor[clip_id] = anchor
        return anchor

    title = meta.title.strip() or "Untitled briefing"
    document_direction = language_direction(language)
    judgment_body: list[b.Block] = []
    body: list[b.Block] = []
    toc: list[b.TocEntry] = []

    def heading(level: int, text: str, prefix: str, ident: str = "") -> None:
        anchor = anchors.for_id(prefix, ident) if ident else anchors.next(prefix)
        direction = text_direction(text)
        body.append(b.Heading(level, text, anchor, direction))
        toc.append(b.TocEntry(level, text, anchor, direction))

    if judgments:
        heading(1, theme.label("key_judgments"), "kj")
        judgment_body, body = body, []
    # Key judgments' inline-only clips are anchored on their list item, before any link.
    judgment_anchors = [anchor_for(tuple(prose_clip_ids(k.text))) for k in judgments]

    figures = 0
    for number, section in enumerate(briefing.sections, start=1):
        if section_is_empty(section, clips):
            continue  # a bare heading in print: the checks warn instead ("section-empty")
        heading(1, section.heading.strip() or f"Section {number}", "sec", section.id)
        body += prose_blocks(section.commentary, "commentary", inline_clip, anchor_for)
        for position, item in enumerate(section.items, start=1):
            if isinstance(item, Note):
                lead = b.lead_text(theme.label("note"))
                body += prose_blocks(item.text, "note", inline_clip, anchor_for, lead)
                continue
            if isinstance(item, Figure):
                figures += 1
                place = item_place(section, position)
                body.append(_figure_block(item, figures, theme, anchors, place))
                continue
            if item.clip_id not in clips:
                continue
            clip = clips[item.clip_id]
            article = articles.get(clip.article_id)
            direction = text_direction(clip.text)
            attributed = attribution(clip, article)
            note_label = theme.label("note") if clip.note.strip() else ""
            marking = f"({clip.marking.strip()})" if clip.marking.strip() else ""
            quote_language = _other_language(article.language if article else "", language)
            body.append(
                b.BlockQuote(
                    text=clip.text.strip(),
                    kind=str(clip.kind),
                    attribution=attributed,
                    citation=citation_of(clip),
                    anchor=clip_anchor[clip.id],
                    note=clip.note.strip(),
                    marking=marking,
                    direction=direction,
                    note_direction=text_direction(clip.note),
                    note_label=note_label,
                    note_lead=b.lead_text(note_label),
                    italic=quote_is_italic(str(clip.kind), direction, clip.text),
                    # "— " and a name in no script follow the quote they stand under
                    attribution_direction=text_direction(attributed, direction),
                    marking_direction=text_direction(marking),
                    language=quote_language,
                    attribution_language=_attribution_language(attributed, clip.text,
                                                               quote_language),
                    attribution_align=b.ATTRIBUTION_END,
                )
            )

    # Key judgments first, each citing the quotes that support it by their sources' "[n]",
    # as every quote does; the mark leads to the (first) supporting quote of that source.
    if judgments:
        items = []
        for judgment, anchor in zip(judgments, judgment_anchors, strict=True):
            inlines: list[b.Inline] = list(judgment_inlines(judgment.text.strip(), inline_clip))
            supporting: dict[int, str] = {}  # source number -> the first quote's anchor
            for clip_id in judgment.clip_ids:
                if clip_id in clip_anchor:  # placed or quoted inline, so in `clips`
                    source = source_number.get(clips[clip_id].article_id)
                    if source is not None:
                        supporting.setdefault(source, clip_anchor[clip_id])
            for source, support in supporting.items():
                inlines += [b.Text(" "), b.CitationRef(source, support)]
            direction = block_direction(inlines, document_direction)
            items.append(b.ListItem(in_block(inlines, direction), direction, anchor))
        judgment_body.append(b.BulletList(tuple(items), "judgments"))
        body = judgment_body + body

    if source_number:
        heading(1, theme.label("sources"), "sources")
        entries = []
        for article_id, number in source_number.items():
            article = articles[article_id]
            entries.append(
                b.SourceEntry(
                    number,
                    source_anchor[article_id],
                    source_inlines(article, language, document_direction),
                    document_direction,
                )
            )
        body.append(b.SourcesList(tuple(entries)))

    banner = highest_marking(meta.marking, (c.marking for c in cited))
    author, organisation = meta.author.strip(), meta.organisation.strip()
    subtitle = meta.subtitle.strip()
    date = format_date(meta.date) if meta.date.strip() else ""
    prepared_by = theme.label("prepared_by") if author or organisation else ""
    blocks: list[b.Block] = [
        b.Cover(
            title=title,
            subtitle=subtitle,
            date=date,
            author=author,
            organisation=organisation,
            marking=banner,
            logo_path=usable_logo(theme.logo),
            prepared_by_label=prepared_by,
            title_direction=text_direction(title),
            subtitle_direction=text_direction(subtitle),
            date_direction=text_direction(date),
            author_direction=text_direction(author),
            organisation_direction=text_direction(organisation),
            marking_direction=text_direction(banner),
            prepared_by_direction=text_direction(prepared_by),
        ),
        b.PageBreak(),
    ]
    if theme.show_toc and toc:
        contents = theme.label("contents")
        # A short briefing reads like a memo: its few contents lines head the first page of
        # the body instead of standing on a page of their own.
        compact = len(toc) < theme.memo_contents_entries
        blocks.append(b.TableOfContents(contents, tuple(toc), text_direction(contents), compact))
        if not compact:
            blocks.append(b.PageBreak())
    blocks += body

    created = _export_time(now)
    info = b.DocumentInfo(
        title=title,
        author=author or organisation,
        subject=meta.subtitle.strip() or title,
        language=language,
        created=created.isoformat(timespec="seconds"),
        marking=banner,
        page_size=page_size or meta.page_size,
        page_label=page_label(theme.label("page")),
        marking_direction=text_direction(banner),
        label_first_page=False,  # a cover is not "Page 1 of N"
        direction=document_direction,
    )
    document = b.Document(info, tuple(blocks))
    if _needs_cleaning(briefing, theme, page_size or ""):
        document = clean_tree(document)
    return mark_clean(document)


def quote_is_italic(kind: str, direction: str, text: str = "") -> bool:
    """A quote is set in italics, an excerpt upright; Arabic and Hebrew have no italic
    tradition (slanted letters read as a different, informal hand), so a right-to-left quote
    stays upright as well (`may_slant`)."""
    return kind == str(ClipKind.QUOTE) and may_slant(text, direction)


def page_label(label: str) -> str:
    """The theme's page label on one line, or the default for a blank one. The PDF and DOCX
    writers both fill its {page}/{pages} fields literally (never str.format) and print every
    other character, braces included, as written."""
    label = writable(label).replace("\n", " ")
    return label if label.strip() else b.DEFAULT_PAGE_LABEL


def _export_time(now: dt.datetime | None) -> dt.datetime:
    """The document's creation time: when it is exported, not the briefing's date (a file
    made today from last week's briefing was created today)."""
    if now is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    return now if now.tzinfo is not None else now.replace(tzinfo=dt.UTC)


def _figure_block(
    figure: Figure, number: int, theme: Theme, anchors: _Anchors, place: str
) -> b.Figure:
    """A figure with its caption line: "Figure 3. " in bold, the caption, then the credit
    after an em dash, so every format credits the picture in the same place.

    A picture that cannot be drawn stops the document here, with the sentence the checks
    report (`figure_problem`): every format, the preview and the pages refuse it alike,
    instead of one writer printing a broken image where another stops."""
    problem = figure_problem(figure, place)
    if problem:
        raise ExportError(problem)
    caption, credit = figure.caption.strip(), figure.credit.strip()
    lead = f"{theme.label('figure')} {number}."
    inlines: list[b.Inline] = [b.Text(lead, bold=True)]
    if caption:
        inlines.append(b.Text(f" {caption}"))
    if credit:
        inlines.append(b.Text(f" — {credit}"))
    alt = " — ".join(part for part in (caption, credit) if part) or lead
    return b.Figure(
        data=figure.data,
        mime=figure.mime,
        width=figure.width,
        height=figure.height,
        caption=tuple(inlines),
        anchor=anchors.for_id("fig", figure.id),
        alt=alt,
        direction=text_direction(caption or credit),
    )


def source_inlines(
    article: Article, language: str = "en", direction: str = "ltr"
) -> tuple[b.Inline, ...]:
    """The one citation style of every Sources entry, in every format:

        Ana Writer, Ben Writer. “Title”. Outlet. 27 November 2026. https://… (accessed 28 Nov 2026)

    with a live link. The title and the outlet are in the article's words: where their
    language or direction differs from the document's, their runs say so (the entry itself
    keeps the document's direction, so its number and dates stay in place). The outlet is
    italic where its script has italics (`may_slant`), the title is in quotation marks."""
    own_language = _other_language(article.language, language)
    parts: list[b.Inline] = []

    def words(text: str, suffix: str, *, italic: bool = False, quoted: bool = False) -> None:
        run_direction = text_direction(text, direction)
        slanted = italic and may_slant(text, run_direction)
        shown = f"“{text}”" if quoted else text
        if run_direction == direction and not own_language:
            parts.append(b.Text(shown + suffix, italic=slanted))
            return
        other = run_direction if run_direction != direction else ""
        parts.append(b.Text(shown, italic=slanted, language=own_language, direction=other))
        parts.append(b.Text(suffix))

    authors = ", ".join(a.strip() for a in article.authors if a.strip())
    if authors:
        words(authors, ". ")
    if article.title.strip():
        words(article.title.strip(), ". ", quoted=True)
    if article.outlet.strip():
        words(article.outlet.strip(), ". ", italic=True)
    if article.published.strip():
        parts.append(b.Text(f"{format_date(article.published)}. "))
    url = safe_url(article.url)
    if url:
        parts.append(b.Link(url, url))
    elif article.url.strip():
        parts.append(b.Text(article.url.strip()))
    accessed = _iso_day(article.accessed_at)
    if accessed is not None:  # web pages change: say which version was quoted
        month = _MONTHS[accessed.month - 1][:3]
        partial = ", partial text" if article.partial else ""
        parts.append(b.Text(f" (accessed {accessed.day} {month} {accessed.year}{partial})"))
    if not parts:
        parts.append(b.Text("Untitled source."))
    last = parts[-1]
    if isinstance(last, b.Text) and last.text.endswith(" ") and not last.language:
        parts[-1] = b.Text(last.text.rstrip(), last.bold, last.italic)
    return tuple(part for part in parts if not isinstance(part, b.Text) or part.text)


# Scripts with no italic tradition (and no italic face in the fonts we use, so Word would
# slant them synthetically while the PDF could not): right-to-left scripts, the Indic and
# South-East Asian ones, CJK, Hangul, and their full-width forms.
_NO_ITALIC_SCRIPTS = re.compile(
    "[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1100-\u11ff"
    "\u1780-\u17ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff"
    "\ufb1d-\ufdff\ufe70-\ufeff\uff00-\uffef\U00020000-\U0003ffff]"
)


def may_slant(text: str, direction: str = "ltr") -> bool:
    """The one italics rule, for every format: text may be set in italics only where its
    script has an italic tradition. Arabic and Hebrew have none (slanted letters read as a
    different, informal hand), nor have Devanagari, Thai or Chinese: such text stays upright."""
    return direction != "rtl" and _NO_ITALIC_SCRIPTS.search(text) is None


_RTL_LANGUAGES = frozenset({"ar", "he", "iw", "fa", "ur", "yi", "ps", "dv", "sd", "ug", "ckb"})


def language_direction(language: str) -> str:
    """ "rtl" for a language written right to left (by its primary subtag), else "ltr"."""
    return "rtl" if language.strip().lower().split("-")[0] in _RTL_LANGUAGES else "ltr"


def _attribution_language(attribution: str, quote: str, quote_language: str) -> str:
    """The quote's language for its attribution when the attribution is written in the quote's
    own letters and they are not Latin ("— Министр" under a Russian quote); else "", the
    document's: "— Grigory Belov, Mayor" typed by the analyst is not Russian, nor is
    "— Григорий Белов" under an English quote in a Russian briefing. (Latin letters cannot
    tell "— Emmanuel Macron, président" from "— Emmanuel Macron, President".)"""
    if not quote_language:
        return ""
    script = _letter_script(attribution)
    return quote_language if script not in ("", "Latn") and script == _letter_script(quote) else ""


def _letter_script(text: str, sample: int = 200) -> str:
    """The Unicode script most of the first `sample` letters of `text` are in ("" for none)."""
    letters = [ch for ch in text if ch.isalpha()][:sample]
    if not letters:
        return ""
    counts = Counter(script_of(ch) for ch in letters)
    return counts.most_common(1)[0][0]


def _other_language(language: str, document_language: str) -> str:
    """`language` when it is known and differs from the document's (by primary subtag)."""
    language = language.strip()
    if not language:
        return ""
    primary = language.lower().split("-")[0]
    return "" if primary == document_language.strip().lower().split("-")[0] else language


def usable_logo(path: str) -> str:
    """The theme's logo path when every writer can use it, else "": a missing or unreadable
    logo is left off the cover in every format alike (the checks warn: "logo-unreadable")."""
    path = path.strip()
    return path if path and not logo_problem(path) else ""
