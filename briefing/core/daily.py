"""The daily run: feeds → library → rules → briefing → exports and an email draft.

`run_daily` refreshes the feeds, picks for each section rule the library articles that are
new since the last run and match it, places each one's lead paragraph as an excerpt in that
section of a briefing started from the template, and has the caller's exporter write DOCX,
PDF and/or HTML, plus an .eml draft (the HTML briefing as its body, the PDF attached).

It remembers what it included (a state file beside the rules, written atomically once every
export is written), holds a lock so two runs never overlap, and tells the caller how it went
in an exit status: 0 written, 3 nothing new (nothing written unless the rules say so), 2 bad
rules or a run already going. Writers are passed in: the core imports none.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.core import ops
from briefing.core.atomic import write_atomically
from briefing.core.daily_rules import Rules, RulesError, SectionRule, load_rules
from briefing.core.errors import BriefingError
from briefing.core.feeds import FeedPolicy, refresh_feeds
from briefing.core.library.transfer import briefing_article
from briefing.core.locking import BriefingLock
from briefing.core.model import Article, Briefing, BriefingMeta, Clip, ClipKind
from briefing.core.storage import load_briefing
from briefing.core.web.article import iso_timestamp

if TYPE_CHECKING:
    from briefing.core.library import Library
    from briefing.core.library.feeds import LibraryFeedStore

EXIT_WRITTEN, EXIT_BAD_RULES, EXIT_NOTHING_NEW = 0, 2, 3
_LEAD_LIMIT = 700  # characters: a lead paragraph longer than this is cut at a sentence end
_SEARCH_LIMIT = 2000  # candidates looked at per rule before the cap

# exporter(briefing, target, fmt) writes the file atomically and returns the path written.
Exporter = Callable[[Briefing, Path, str], Path]


@dataclass
class DailyOutcome:
    exit_status: int
    report: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    included: list[str] = field(default_factory=list)  # library ids placed this time


@dataclass
class _State:
    last_run: str = ""
    included: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path) -> _State:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(str(data.get("last_run", "")), {str(i) for i in data.get("included", [])})
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError, AttributeError) as exc:
            raise BriefingError(f"{path}: the run's memory is unreadable ({exc})") from None

    def save(self, path: Path) -> None:
        payload = {"last_run": self.last_run, "included": sorted(self.included, key=_id_key)}
        write_atomically(path, json.dumps(payload, indent=1).encode("utf-8"))


def _id_key(ident: str) -> tuple[int, str]:
    return (int(ident), "") if ident.isdigit() else (0, ident)


def lead_paragraph(text: str) -> tuple[int, int]:
    """The span of the text's first real paragraph (not a one-line byline), cut at a sentence
    end when it is long."""
    position = 0
    spans = []
    for block in text.split("\n\n"):
        start = text.index(block, position)
        position = start + len(block)
        stripped = block.strip()
        if stripped:
            offset = start + block.index(stripped)
            spans.append((offset, offset + len(stripped)))
    if not spans:
        return 0, len(text)
    start, end = next(((s, e) for s, e in spans if len(text[s:e].split()) >= 12), spans[0])
    if end - start > _LEAD_LIMIT:
        cut = text.rfind(". ", start, start + _LEAD_LIMIT)
        end = cut + 1 if cut > start else start + _LEAD_LIMIT
    return start, end


def _pick(
    library: Library,
    store: LibraryFeedStore,
    rule: SectionRule,
    state: _State,
    taken: set[str],
) -> list[str]:
    """Library ids for one rule: matching, new since the last run, not yet included."""
    from briefing.core.library import SearchFilters

    from_feeds: set[str] | None = None
    if rule.feeds:
        feeds = [store.find_feed(f) for f in rule.feeds]
        from_feeds = store.article_ids_from_feeds([f.id for f in feeds if f is not None])
    outlets = {o.casefold() for o in rule.outlets}
    picked: list[str] = []
    hits = library.search(rule.query, SearchFilters(tags=rule.tags), limit=_SEARCH_LIMIT)
    for hit in hits:
        ident = str(hit.article.id)
        if ident in taken or ident in state.included:
            continue
        if state.last_run and hit.article.added_at < state.last_run:
            continue  # there before the last run: it was not new then either
        if outlets and hit.article.outlet.casefold() not in outlets:
            continue
        if from_feeds is not None and ident not in from_feeds:
            continue
        picked.append(ident)
        if len(picked) >= rule.cap:
            break
    return picked


def _start_briefing(rules: Rules, day: str) -> Briefing:
    briefing = load_briefing(rules.template) if rules.template else Briefing(BriefingMeta())
    briefing.meta.title = rules.title.replace("{date}", day)
    briefing.meta.date = day
    return briefing


def _section_for(briefing: Briefing, heading: str) -> str:
    for section in briefing.sections:
        if section.heading.strip().casefold() == heading.casefold():
            return section.id
    section, _undo = ops.add_section(briefing, heading)
    return section.id


# A suggestion placed without the analyst needs a named speaker and this much confidence.
_QUOTE_CONFIDENCE = 0.6


def _suggested_clips(briefing: Briefing, article: Article, count: int) -> list[Clip]:
    """Up to `count` of the quote finder's surest attributed quotes, in text order; they stay
    marked as suggestions for the analyst to confirm."""
    if count <= 0:
        return []
    from briefing.core.suggest import suggest_quotes

    found = [
        s for s in suggest_quotes(article.text, article.language)
        if s.speaker and s.confidence >= _QUOTE_CONFIDENCE
    ]  # fmt: skip
    best = sorted(sorted(found, key=lambda s: -s.confidence)[:count], key=lambda s: s.start)
    clips = []
    for suggestion in best:
        clip = ops.make_clip(briefing, article.id, suggestion.start, suggestion.end)
        clip.speaker, clip.speaker_role = suggestion.speaker, suggestion.role
        clip.suggested = True
        clips.append(clip)
    return clips


def _place_clips(briefing: Briefing, article: Article, section_id: str, quotes: int) -> None:
    """The article's suggested quotes in the section, or its lead paragraph as an excerpt."""
    ops.add_article(briefing, article)
    clips = _suggested_clips(briefing, article, quotes)
    if clips:
        for clip in clips:
            ops.add_clip(briefing, clip)
            ops.place_clip(briefing, clip.id, section_id)
        return
    start, end = lead_paragraph(article.text)
    clip = ops.make_clip(briefing, article.id, start, end, ClipKind.EXCERPT)
    ops.add_clip(briefing, clip)
    ops.place_clip(briefing, clip.id, section_id)


def email_draft(
    rules: Rules, briefing: Briefing, html: bytes, pdf: bytes | None, now: datetime
) -> bytes:
    """An unsent message: the HTML briefing as its body, the PDF attached."""
    message = EmailMessage()
    title = briefing.meta.title
    message["Subject"] = rules.subject.replace("{title}", title).replace(
        "{date}", briefing.meta.date
    )
    if rules.email_from:
        message["From"] = rules.email_from
    if rules.email_to:
        message["To"] = rules.email_to
    message["Date"] = format_datetime(now if now.tzinfo else now.replace(tzinfo=UTC))
    message["Message-ID"] = make_msgid(domain="briefing.invalid")
    message["X-Unsent"] = "1"  # mail programs open it as a draft to check and send
    message.set_content(f"{title}\n\nThe briefing is in the HTML part and the attached PDF.\n")
    message.add_alternative(html.decode("utf-8"), subtype="html")
    if pdf is not None:
        name = f"{rules.output_base(briefing.meta.date).name}.pdf"
        message.add_attachment(pdf, maintype="application", subtype="pdf", filename=name)
    return bytes(message)


def run_daily(
    rules_path: Path,
    *,
    store: LibraryFeedStore,
    now: datetime,
    exporter: Exporter,
    refresh: bool = True,
    feed_policy: FeedPolicy | None = None,
) -> DailyOutcome:
    try:
        rules = load_rules(rules_path)
    except RulesError as exc:
        return DailyOutcome(EXIT_BAD_RULES, [f"briefing: {exc}"])
    lock = BriefingLock(rules.path)
    owner = lock.acquire(now=now)
    if owner is not None:
        return DailyOutcome(
            EXIT_BAD_RULES, [f"briefing: {rules.path}: another run is going ({owner.describe()})"]
        )
    try:
        return _run_locked(rules, store, store.library, now, exporter, refresh, feed_policy)
    finally:
        lock.release()


def _run_locked(
    rules: Rules,
    store: LibraryFeedStore,
    library: Library,
    now: datetime,
    exporter: Exporter,
    refresh: bool,
    feed_policy: FeedPolicy | None,
) -> DailyOutcome:
    outcome = DailyOutcome(EXIT_WRITTEN)
    state = _State.load(rules.state_path)
    if refresh and rules.refresh:
        for rule in rules.sections:  # the feeds a rule names are subscribed on first use
            for feed in rule.feeds:
                if feed.startswith(("http://", "https://")):
                    store.add_feed(feed, [], now)
        for result in refresh_feeds(store, now=now, policy=feed_policy):
            outcome.report.append(f"feed {result.feed.url}: {result.summary()}")
    day = now.date().isoformat()
    briefing = _start_briefing(rules, day)
    taken: set[str] = set()
    for rule in rules.sections:
        picked = _pick(library, store, rule, state, taken)
        section_id = _section_for(briefing, rule.heading)
        for ident in picked:
            article = briefing_article(library.get(int(ident)), now=now)
            _place_clips(briefing, article, section_id, rules.quotes)
        taken.update(picked)
        outcome.report.append(f"section {rule.heading}: {len(picked)} article(s)")
    outcome.included = sorted(taken, key=_id_key)
    if not taken and not rules.send_when_empty:
        outcome.exit_status = EXIT_NOTHING_NEW
        outcome.report.append("nothing new since the last run: nothing written")
        return outcome
    outcome.written = _write_outputs(rules, briefing, now, exporter)
    outcome.report += [f"wrote {path}" for path in outcome.written]
    library.record_use([int(i) for i in taken if i.isdigit()], briefing.meta.title, now=now)
    store.mark_read(list(taken))
    state.included |= taken
    state.last_run = iso_timestamp(now)
    state.save(rules.state_path)  # last: a failed export leaves the articles for next time
    return outcome


def _write_outputs(
    rules: Rules, briefing: Briefing, now: datetime, exporter: Exporter
) -> list[Path]:
    base = rules.output_base(briefing.meta.date)
    base.parent.mkdir(parents=True, exist_ok=True)
    written = [exporter(briefing, base.with_name(f"{base.name}.{f}"), f) for f in rules.formats]
    if not rules.email:
        return written
    by_format = dict(zip(rules.formats, written, strict=True))
    with tempfile.TemporaryDirectory() as scratch:
        html_path = by_format.get("html") or exporter(
            briefing, Path(scratch) / "body.html", "html"
        )
        html = html_path.read_bytes()
        pdf = by_format["pdf"].read_bytes() if "pdf" in by_format else None
    eml = base.with_name(f"{base.name}.eml")
    write_atomically(eml, email_draft(rules, briefing, html, pdf, now))
    written.append(eml)
    return written


__all__ = [
    "EXIT_BAD_RULES",
    "EXIT_NOTHING_NEW",
    "EXIT_WRITTEN",
    "DailyOutcome",
    "email_draft",
    "lead_paragraph",
    "run_daily",
]
