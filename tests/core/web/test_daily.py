"""The daily run: rules, picking what is new, the briefing, exports, .eml, memory, lock."""

from __future__ import annotations

import email
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from benchmarks.web_site import LocalSite, article_page, rss_feed, story_text
from briefing.core.daily import (
    EXIT_BAD_RULES,
    EXIT_NOTHING_NEW,
    EXIT_WRITTEN,
    lead_paragraph,
    run_daily,
)
from briefing.core.daily_rules import RulesError, load_rules
from briefing.core.library import open_library
from briefing.core.library.feeds import LibraryFeedStore
from briefing.core.locking import BriefingLock
from briefing.core.storage import load_briefing
from briefing.render.export import export_briefing

DAY1 = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
DAY2 = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)
RESOURCES = Path(__file__).resolve().parents[3] / "resources" / "rules"


def export(briefing, target: Path, fmt: str) -> Path:  # type: ignore[no-untyped-def]
    return export_briefing(briefing, target, fmt=fmt)


@pytest.fixture
def desk(site: LocalSite, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A library, a feeds store with one subscribed feed of three stories, and rules."""
    items = []
    for seed, title in ((1, "Grain corridor agreed"), (2, "Gas pipeline reopens"),
                        (3, "Football results")):  # fmt: skip
        path = f"/s{seed}"
        words = story_text(seed)
        words[0] = f"{title}: " + words[0]
        site.page(path, article_page(title, words, outlet="Kyiv Courier"))
        items.append((f"g{seed}", site.url(path), title))
    site.page("/news.rss", rss_feed("News", items, base=site.base))
    library = open_library(tmp_path / "library.sqlite3")
    store = LibraryFeedStore(library)
    store.add_feed(site.url("/news.rss"), ["news"], DAY1)
    shutil.copy(RESOURCES / "template.briefing", tmp_path / "template.briefing")
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[briefing]\ntitle = "Morning {date}"\ntemplate = "template.briefing"\n'
        'output = "out/morning-{date}"\nformats = ["docx", "pdf", "html"]\nemail = true\n'
        'email_to = "desk@example.org"\n\n'
        '[[section]]\nheading = "Ukraine"\nquery = "corridor"\ncap = 5\n\n'
        '[[section]]\nheading = "Energy"\nquery = "reopens"\n'
        f'feeds = ["{site.url("/news.rss")}"]\n',
        encoding="utf-8",
    )
    yield site, library, store, rules
    store.close()
    library.close()


def test_a_run_writes_the_briefing_exports_and_an_email_draft(desk) -> None:  # type: ignore[no-untyped-def]
    site, _library, store, rules = desk
    outcome = run_daily(rules, store=store, now=DAY1, exporter=export)
    assert outcome.exit_status == EXIT_WRITTEN, outcome.report
    out = rules.parent / "out"
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"morning-2026-12-01.{x}" for x in ("docx", "eml", "html", "pdf")]
    html = (out / "morning-2026-12-01.html").read_text(encoding="utf-8")
    assert "Morning 2026-12-01" in html and "Grain corridor agreed" in html
    assert "Gas pipeline reopens" in html and "Football results" not in html
    assert "OFFICIAL" in html  # the template's marking
    assert "accessed 1 Dec 2026" in html
    message = email.message_from_bytes((out / "morning-2026-12-01.eml").read_bytes())
    assert message["To"] == "desk@example.org" and message["X-Unsent"] == "1"
    parts = {p.get_content_type(): p for p in message.walk()}
    assert "Grain corridor agreed" in parts["text/html"].get_payload(decode=True).decode()
    assert parts["application/pdf"].get_payload(decode=True)[:5] == b"%PDF-"
    assert "feed " + site.url("/news.rss") + ": 3 new, 0 duplicate, 0 failed" in outcome.report


def test_the_second_run_includes_only_what_is_new(desk, site: LocalSite) -> None:  # type: ignore[no-untyped-def]
    _site, _library, store, rules = desk
    assert run_daily(rules, store=store, now=DAY1, exporter=export).exit_status == EXIT_WRITTEN
    again = run_daily(rules, store=store, now=DAY2, exporter=export)
    assert again.exit_status == EXIT_NOTHING_NEW
    assert not (rules.parent / "out" / "morning-2026-12-02.docx").exists()
    # A new grain story arrives: only it is in the next briefing.
    words = story_text(50)
    words[0] = "More ships use the corridor: " + words[0]
    site.page("/s50", article_page("More grain ships", words))
    site.page("/news.rss", rss_feed("News", [("g50", site.url("/s50"), "More")], base=site.base))
    third = run_daily(rules, store=store, now=DAY2, exporter=export)
    assert third.exit_status == EXIT_WRITTEN and len(third.included) == 1
    html = (rules.parent / "out" / "morning-2026-12-02.html").read_text(encoding="utf-8")
    assert "More grain ships" in html and "Grain corridor agreed" not in html


def test_the_sections_use_the_template_and_lead_paragraphs(desk) -> None:  # type: ignore[no-untyped-def]
    _site, _library, store, rules = desk
    rules.write_text(rules.read_text().replace('formats = ["docx", "pdf", "html"]\nemail = true',
                                               'formats = ["html"]\nemail = false'))  # fmt: skip
    saved: list = []

    def keep(briefing, target: Path, fmt: str) -> Path:  # type: ignore[no-untyped-def]
        saved.append(briefing)
        return export(briefing, target, fmt)

    run_daily(rules, store=store, now=DAY1, exporter=keep)
    briefing = saved[0]
    assert [s.heading for s in briefing.sections] == ["Ukraine", "Energy"]
    assert briefing.sections[0].commentary.startswith("Analyst's commentary")
    assert briefing.meta.key_judgments and briefing.meta.marking == "OFFICIAL"
    clip = briefing.clips[0]
    article = briefing.article(clip.article_id)
    assert clip.kind == "excerpt" and article.text[clip.start : clip.end] == clip.text  # no quotes
    assert clip.text.startswith("Grain corridor agreed:")


def test_a_second_run_while_one_is_going_is_refused(desk) -> None:  # type: ignore[no-untyped-def]
    _site, _library, store, rules = desk
    other = BriefingLock(rules)
    assert other.acquire() is None
    try:
        outcome = run_daily(rules, store=store, now=DAY1, exporter=export, refresh=False)
    finally:
        other.release()
    assert outcome.exit_status == EXIT_BAD_RULES and "another run" in outcome.report[0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[briefing]\ntitle = 3\n[[section]]\nheading='x'\n", "line 2: title must be a string"),
        ("[briefing]\n[[section]]\nheading='x'\ncap = 0\n", "line 4: cap must be"),
        ("[briefing]\n[[section]]\nheading='x'\n\n[[section]]\nquery='y'\n", "line 5: section 2"),
        ("[briefing]\nformats=['odt']\n[[section]]\nheading='x'\n", "line 2: unknown format"),
        ("[briefing]\n[[section]]\nheading='x'\ncolour = 1\n", "line 4: unknown key 'colour'"),
        ("[briefing]\ntitle = \n", "not valid TOML"),
        ("[briefing]\ntitle='t'\n", "no [[section]]"),
        ("[brief]\n[[section]]\nheading='x'\n", "line 1: unknown table or key 'brief'"),
    ],
)
def test_bad_rules_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError, match=message.replace("[", r"\[")):
        load_rules(path)


def test_the_worked_example_in_resources_is_valid() -> None:
    rules = load_rules(RESOURCES / "morning.toml")
    assert [s.heading for s in rules.sections] == ["Ukraine", "Energy", "Other news"]
    assert rules.email and rules.template is not None
    load_briefing(rules.template)


def test_lead_paragraph_skips_a_byline_and_cuts_long_ones() -> None:
    text = "By Jane\n\n" + "Word " * 10 + "ends. " + "More words here. " * 80
    start, end = lead_paragraph(text)
    assert text[start:].startswith("Word") and end - start <= 700 and text[end - 1] == "."


def test_suggested_quotes_are_placed_with_their_speakers(desk, site: LocalSite) -> None:  # type: ignore[no-untyped-def]
    _site, _library, store, rules = desk
    words = story_text(70)
    words.insert(1, '"We will open the corridor next week," said Olena Kovalenko, the foreign '
                    'minister of Ukraine, on Monday.')
    site.page("/q", article_page("Corridor opens", words))
    site.page("/news.rss", rss_feed("News", [("q", site.url("/q"), "C")], base=site.base))
    rules.write_text(rules.read_text().replace('formats = ["docx", "pdf", "html"]\nemail = true',
                                               'formats = ["html"]\nemail = false'))  # fmt: skip
    saved: list = []

    def keep(briefing, target: Path, fmt: str) -> Path:  # type: ignore[no-untyped-def]
        saved.append(briefing)
        return export(briefing, target, fmt)

    assert run_daily(rules, store=store, now=DAY1, exporter=keep).exit_status == EXIT_WRITTEN
    quotes = [c for c in saved[0].clips if c.kind == "quote"]
    assert [(q.text, q.speaker, q.suggested) for q in quotes] == [
        ("We will open the corridor next week,", "Olena Kovalenko", True)
    ]
    assert "foreign minister" in quotes[0].speaker_role
