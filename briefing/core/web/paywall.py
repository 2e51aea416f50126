"""Paywall phrases: the words sites put where a teaser stops, in the languages analysts read.

A phrase only counts in the last part of the text (see `partial_reason` in article.py): most
of these also appear harmlessly inside articles or in their footers. Matching ignores case,
accents and the kind of apostrophe, so "SUSCRIBETE" finds "suscríbete" and "l’article"
finds "l'article". Each phrase is short enough to survive a site's rewording around it.
"""

from __future__ import annotations

import unicodedata

PAYWALL_PHRASES: dict[str, tuple[str, ...]] = {
    "en": (
        "subscribe to continue", "subscribe to read", "subscribe now to continue",
        "subscribe to keep reading", "to continue reading", "continue reading with a subscription",
        "this article is for subscribers", "this content is for subscribers",
        "for subscribers only", "already a subscriber", "sign in to continue reading",
        "log in to continue reading", "register to continue reading",
        "become a member to read",
    ),
    "de": (
        "weiterlesen mit", "jetzt weiterlesen", "lesen sie weiter mit", "nur für abonnenten",
        "exklusiv für abonnenten", "für abonnenten", "jetzt abonnieren", "abo abschließen",
        "sie haben bereits ein abo", "bereits abonnent", "um weiterzulesen",
    ),
    "fr": (
        "abonnez-vous", "réservé aux abonnés", "la suite est réservée aux abonnés",
        "pour lire la suite", "déjà abonné", "lire la suite de l'article",
        "cet article est réservé",
    ),
    "es": (
        "suscríbete", "suscríbase", "para seguir leyendo", "para continuar leyendo",
        "exclusivo para suscriptores", "solo para suscriptores", "ya soy suscriptor",
        "ya eres suscriptor",
    ),
    "ru": (
        "оформите подписку", "только для подписчиков", "доступно только подписчикам",
        "чтобы продолжить чтение", "чтобы читать дальше", "чтобы прочитать статью полностью",
        "уже подписаны",
    ),
    "it": ("abbonati per continuare", "riservato agli abbonati", "per continuare a leggere"),
    "pt": ("assine para continuar", "exclusivo para assinantes", "para continuar lendo"),
    "nl": ("lees verder met", "alleen voor abonnees", "word abonnee"),
    "pl": ("tylko dla prenumeratorów", "wykup dostęp", "aby czytać dalej"),
    "uk": ("оформіть передплату", "лише для передплатників", "щоб читати далі"),
}  # fmt: skip

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "\u00a0": " "})


def fold(text: str) -> str:
    """Lower case, no accents, one kind of apostrophe, single spaces: what matching compares."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


# (folded phrase, the phrase as written), longest first so the reason names the fullest match.
_FOLDED = sorted(
    ((fold(p), p) for phrases in PAYWALL_PHRASES.values() for p in phrases),
    key=lambda pair: -len(pair[0]),
)


def paywall_phrase(tail: str) -> str:
    """The paywall phrase found in `tail` (as written in the list), or ""."""
    folded = fold(tail)
    for phrase, written in _FOLDED:
        if phrase in folded:
            return written
    return ""
