"""Paywall phrases beyond English: a teaser that stops at one is marked partial."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from benchmarks.web_site import LocalSite, article_page
from briefing.core.web import article_from_url
from briefing.core.web.article import PageFacts, partial_reason
from briefing.core.web.paywall import PAYWALL_PHRASES, fold, paywall_phrase

NOW = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)

# A long enough body in each language, so only the phrase can make it partial.
BODIES = {
    "de": "Die Regierung hat am Montag einen neuen Haushalt vorgelegt, der mehr Geld für "
          "Schulen und Straßen vorsieht. ",
    "fr": "Le gouvernement a présenté lundi un nouveau budget qui prévoit davantage de "
          "moyens pour les écoles et les routes. ",
    "es": "El Gobierno presentó el lunes un nuevo presupuesto que prevé más dinero para "
          "escuelas y carreteras. ",
    "ru": "Правительство в понедельник представило новый бюджет, который предусматривает "
          "больше денег на школы и дороги. ",
}
TEASERS = [
    ("de", "Weiterlesen mit Z+. Jetzt 4 Wochen kostenlos testen.", "weiterlesen mit"),
    ("de", "Dieser Artikel ist nur für Abonnenten verfügbar.", "nur für abonnenten"),
    ("fr", "La suite est réservée aux abonnés. Abonnez-vous dès 1 €.",
     "la suite est réservée aux abonnés"),
    ("fr", "ABONNEZ-VOUS pour lire cet article", "abonnez-vous"),
    ("es", "Suscríbete para seguir leyendo este artículo.", "para seguir leyendo"),
    ("es", "Contenido exclusivo para suscriptores", "exclusivo para suscriptores"),
    ("ru", "Чтобы прочитать статью полностью, оформите подписку.",
     "чтобы прочитать статью полностью"),
    ("ru", "Оформите подписку", "оформите подписку"),
]


def _long(language: str) -> str:
    return BODIES[language] * 12  # well over the short-text threshold


@pytest.mark.parametrize(("language", "ending", "phrase"), TEASERS)
def test_a_text_stopping_at_a_paywall_phrase_is_partial(
    language: str, ending: str, phrase: str
) -> None:
    reason = partial_reason(_long(language) + ending, PageFacts())
    assert reason == f'the text stops at a paywall ("{phrase}")'


@pytest.mark.parametrize("language", sorted(BODIES))
def test_the_same_text_without_the_phrase_is_whole(language: str) -> None:
    assert partial_reason(_long(language), PageFacts()) == ""


def test_a_phrase_far_from_the_end_does_not_count() -> None:
    text = "Abonnez-vous à notre lettre. " + _long("fr") * 3
    assert partial_reason(text, PageFacts()) == ""


def test_matching_ignores_accents_case_and_apostrophes() -> None:
    assert paywall_phrase("SUSCRIBETE ya") == "suscríbete"
    assert paywall_phrase("Lire la suite de l’article") == "lire la suite de l'article"
    assert paywall_phrase("Sie haben bereits ein\u00a0Abo?") == "sie haben bereits ein abo"
    assert fold("Déjà  Abonné") == "deja abonne"


def test_every_language_asked_for_has_phrases() -> None:
    assert {"en", "de", "fr", "es", "ru"} <= set(PAYWALL_PHRASES)
    assert all(phrase == phrase.lower() for p in PAYWALL_PHRASES.values() for phrase in p)


def test_a_german_page_behind_a_paywall_is_marked_partial(site: LocalSite) -> None:
    paragraphs = [BODIES["de"] * 4 for _ in range(3)]
    url = site.page(
        "/de/haushalt",
        article_page("Neuer Haushalt", paragraphs, json_ld=False, lang="de",
                     extra_body="<p>Weiterlesen mit Z+ – jetzt testen.</p>"),
    )  # fmt: skip
    article = article_from_url(url, now=NOW)
    assert article.language == "de"
    assert article.partial and '"weiterlesen mit"' in article.partial_reason
