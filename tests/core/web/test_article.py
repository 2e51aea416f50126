"""Articles from URLs: metadata, language, paywall marks, access time and hash."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import pytest

from benchmarks.web_site import LocalSite, article_page, story_text
from briefing.core.intake.errors import IntakeError
from briefing.core.web import FetchError, article_from_url

NOW = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)


def test_json_ld_article_gives_text_and_metadata(site: LocalSite) -> None:
    paragraphs = story_text(1)
    url = site.page(
        "/world/story-1",
        article_page(
            "Ministers agree grain corridor", paragraphs, author="Olena Kovalenko",
            outlet="Kyiv Courier", published="2026-11-29",
            canonical="https://courier.example/world/story-1",
            description="Ministers agreed a corridor for grain shipments.",
        ),
    )  # fmt: skip
    article = article_from_url(url, now=NOW)
    assert article.title == "Ministers agree grain corridor"
    assert article.authors == ["Olena Kovalenko"]
    assert article.outlet == "Kyiv Courier"
    assert article.published == "2026-11-29"
    assert article.url == "https://courier.example/world/story-1"
    assert article.description == "Ministers agreed a corridor for grain shipments."
    assert article.language == "en"
    assert article.source_kind == "url" and article.source_path == url
    assert paragraphs[0] in article.text and paragraphs[-1] in article.text
    assert "tracking" not in article.text and "Home" not in article.text.split("\n")[0]
    assert not article.partial
    assert article.accessed_at == "2026-12-01T08:30:00Z"
    assert article.text_sha256 == hashlib.sha256(article.text.encode()).hexdigest()


def test_open_graph_only_article(site: LocalSite) -> None:
    url = site.page(
        "/og", article_page("Harbour strike ends", story_text(2), json_ld=False,
                            outlet="Port News", description="Dock workers return."),
    )  # fmt: skip
    article = article_from_url(url, now=NOW)
    assert article.title == "Harbour strike ends"
    assert article.outlet == "Port News"
    assert article.description == "Dock workers return."
    assert article.published == "2026-11-30"
    assert article.url == url  # no canonical link: the address it was fetched from


def test_a_paywalled_teaser_is_kept_but_marked_partial(site: LocalSite) -> None:
    teaser = story_text(3, words=200)[:2]
    url = site.page(
        "/paid", article_page("Budget leak", teaser, free=False,
                              extra_body="<p>Subscribe to continue reading.</p>"),
    )  # fmt: skip
    article = article_from_url(url, now=NOW)
    assert article.partial
    assert "isAccessibleForFree" in article.partial_reason
    assert teaser[0] in article.text


def test_subscribe_to_continue_without_json_ld_is_partial(site: LocalSite) -> None:
    body = story_text(4, words=300)
    url = site.page(
        "/wall", article_page("Rail deal", body, json_ld=False,
                              extra_body="<p>Subscribe to continue reading this story.</p>"),
    )  # fmt: skip
    article = article_from_url(url, now=NOW)
    assert article.partial and "subscribe to continue" in article.partial_reason


def test_a_very_short_text_is_partial(site: LocalSite) -> None:
    stub = article_page("Flash", ["Storm hits the coast tonight, officials say."])
    url = site.page("/stub", stub)
    article = article_from_url(url, now=NOW)
    assert article.partial and "words" in article.partial_reason


def test_cp1251_page_without_charset_header_or_meta(site: LocalSite) -> None:
    text = [
        "Правительство объявило о новом пакете помощи для регионов, пострадавших от наводнения. "
        "Министр финансов заявил, что средства поступят до конца месяца.",
        "Депутаты парламента поддержали решение большинством голосов, однако оппозиция "
        "потребовала отчёта о расходах. Эксперты считают, что помощь придёт слишком поздно.",
    ]
    html = article_page("Помощь регионам", text, lang="ru", charset_meta=None, outlet="Вести")
    url = site.page("/ru", html.encode("cp1251"), content_type="text/html")
    article = article_from_url(url, now=NOW)
    assert article.title == "Помощь регионам"
    assert text[0] in article.text
    assert article.language == "ru"
    assert article.encoding == "cp1251"


def test_language_is_detected_when_the_page_declares_the_wrong_one(site: LocalSite) -> None:
    french = [
        "Le gouvernement a présenté mardi un projet de loi sur l'énergie qui prévoit la "
        "construction de nouvelles centrales et une baisse des prix pour les ménages.",
        "Les syndicats ont appelé à une grève nationale la semaine prochaine, tandis que "
        "l'opposition dénonce un texte préparé sans concertation avec les régions.",
    ]
    url = site.page("/fr", article_page("Projet de loi sur l'énergie", french, lang="en"))
    assert article_from_url(url, now=NOW).language == "fr"


def test_the_region_the_page_gives_is_kept_when_it_agrees(site: LocalSite) -> None:
    url = site.page("/gb", article_page("Rates held", story_text(5), lang="en-GB"))
    assert article_from_url(url, now=NOW).language == "en-GB"


def test_a_page_without_article_text_is_an_intake_error(site: LocalSite) -> None:
    url = site.page("/empty", "<html><body><script>x()</script></body></html>")
    with pytest.raises(IntakeError, match="no article text"):
        article_from_url(url, now=NOW)


def test_an_image_is_not_read_as_a_page(site: LocalSite) -> None:
    url = site.page("/pic", b"\x89PNG\r\n", content_type="image/png")
    with pytest.raises(IntakeError, match="not a web page"):
        article_from_url(url, now=NOW)


def test_a_404_is_a_fetch_error_naming_the_url(site: LocalSite) -> None:
    with pytest.raises(FetchError, match=r"/missing: HTTP 404"):
        article_from_url(site.url("/missing"), now=NOW)


def test_intake_never_reaches_any_address_but_loopback(
    site: LocalSite, network_guard: Any
) -> None:
    """A page full of outside references (images, scripts, iframes, styles, a canonical link
    elsewhere) is read without one connection anywhere but the test server."""
    extra = (
        '<img src="http://198.51.100.7/pixel.gif"><iframe src="https://203.0.113.9/ad"></iframe>'
        '<script src="https://cdn.example/app.js"></script>'
        '<link rel="stylesheet" href="https://fonts.example/css">'
        '<video src="http://192.0.2.1/v.mp4"></video>'
    )
    url = site.page(
        "/busy", article_page("Busy page", story_text(6), extra_body=extra,
                              canonical="https://elsewhere.example/busy"),
    )  # fmt: skip
    article = article_from_url(url, now=NOW)
    assert article.url == "https://elsewhere.example/busy"
    assert network_guard.connects, "the guard saw no connection: it was not exercised"
    assert set(network_guard.connects) == {"127.0.0.1"}
    assert set(network_guard.lookups) == {"127.0.0.1"}


def test_the_guard_itself_fails_an_outside_connection(network_guard: Any) -> None:
    import socket

    with pytest.raises(AssertionError, match="connect"), socket.socket() as sock:
        sock.connect(("192.0.2.1", 80))
    assert network_guard.connects == ["192.0.2.1"]


def test_sources_say_when_a_web_article_was_accessed(site: LocalSite) -> None:
    from briefing.core import ops
    from briefing.core.compile import compile_briefing
    from briefing.core.model import Briefing, ClipKind
    from briefing.core.theme import load_theme

    url = site.page("/src", article_page("Cited story", story_text(7), free=False))
    article = article_from_url(url, now=NOW)
    briefing = Briefing()
    ops.add_article(briefing, article)
    section, _ = ops.add_section(briefing, "World")
    clip = ops.make_clip(briefing, article.id, 0, article.text.index(".") + 1, ClipKind.EXCERPT)
    ops.add_clip(briefing, clip)
    ops.place_clip(briefing, clip.id, section.id)
    tree = compile_briefing(briefing, load_theme("default"))
    assert "(accessed 1 Dec 2026, partial text)" in repr(tree)


def test_a_cited_partial_article_is_a_warning_in_the_checks(site: LocalSite) -> None:
    from briefing.core import ops
    from briefing.core.checks import run_checks
    from briefing.core.model import Briefing, ClipKind
    from briefing.core.theme import load_theme

    url = site.page("/teaser", article_page("Teaser", story_text(8, words=200)[:2], free=False))
    article = article_from_url(url, now=NOW)
    briefing = Briefing()
    ops.add_article(briefing, article)
    section, _ = ops.add_section(briefing, "World")
    clip = ops.make_clip(briefing, article.id, 0, article.text.index(".") + 1, ClipKind.EXCERPT)
    ops.add_clip(briefing, clip)
    ops.place_clip(briefing, clip.id, section.id)
    found = [f for f in run_checks(briefing, load_theme("default")) if f.code == "article-partial"]
    assert len(found) == 1 and "isAccessibleForFree" in found[0].message
