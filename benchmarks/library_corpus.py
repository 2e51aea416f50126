"""A deterministic synthetic library for `benchmarks.library_bench`: news-like articles.

Words follow a Zipf distribution over an invented vocabulary (so a few words are in nearly
every article and most are rare, as in real text), with English-like function words, some
French with accents, Russian, and a few Chinese articles. Each article is 300–800 words.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from itertools import accumulate

from briefing.core.model import Article

OUTLETS = (
    "Reuters", "AP", "AFP", "BBC", "Le Monde", "Der Spiegel", "The Guardian", "Financial Times",
    "Kyiv Independent", "Meduza", "TASS", "Xinhua", "Politico Europe", "Bloomberg", "NHK",
    "El País", "Corriere della Sera", "Gazeta Wyborcza", "Yle", "Al Jazeera",
)  # fmt: skip
TAGS = (
    "NATO", "Ukraine", "Russia", "energy", "sanctions", "China", "EU", "elections", "defence",
    "economy", "Baltics", "Black Sea", "grain", "cyber", "migration", "Middle East", "Africa",
    "nuclear", "trade", "climate",
)  # fmt: skip
_FUNCTION = ("the", "of", "and", "to", "in", "a", "that", "for", "on", "with", "said", "was")
_NAMED = ("NATO", "U.S.", "Kremlin", "Brussels", "Vilnius", "Patriot", "Zelensky", "Rutte",
          "percée", "défense", "sécurité", "Москва", "санкции", "переговоры", "Киев")
_SYLLABLES = ("ka", "lo", "mi", "tra", "ven", "sol", "dor", "pe", "ri", "nat", "gus", "bel",
              "fro", "mar", "tin", "qua", "zen", "lu", "cor", "ast")
_CJK = "北约峰会在维尔纽斯举行各国领导人出席防空导弹乌克兰俄罗斯制裁能源谈判欧盟中国经济贸易"
VOCABULARY_SIZE = 30_000
CJK_EVERY = 50  # one article in 50 is Chinese


def vocabulary(rng: random.Random) -> list[str]:
    words = list(_FUNCTION) + list(_NAMED)
    seen = set(words)
    while len(words) < VOCABULARY_SIZE:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def articles(count: int, seed: int = 7, start: int = 0) -> Iterator[Article]:
    """`count` articles; the same seed and start always give the same ones."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    weights = list(accumulate(1 / (rank + 1) for rank in range(len(words))))
    for number in range(start, start + count):
        local = random.Random(f"{seed}-{number}")
        length = local.randint(300, 800)
        if number % CJK_EVERY == CJK_EVERY - 1:
            text = "。".join("".join(local.choice(_CJK) for _ in range(local.randint(8, 30)))
                            for _ in range(length // 20))
            title = "".join(local.choice(_CJK) for _ in range(10))
            language = "zh"
        else:
            body = local.choices(words, cum_weights=weights, k=length)
            sentences = [" ".join(body[i:i + 15]).capitalize() + "." for i in range(0, length, 15)]
            paragraphs = [" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5)]
            text = "\n\n".join(paragraphs)
            title = " ".join(local.choices(words[30:3000], k=6)).capitalize()
            language = "en"
        day = 1 + number % 1095
        year, day_of_year = 2024 + (day - 1) // 365, (day - 1) % 365
        month, mday = 1 + day_of_year // 31 % 12, 1 + day_of_year % 28
        yield Article(
            id=f"a-{number}",
            title=title,
            outlet=OUTLETS[number % len(OUTLETS)],
            authors=[f"Reporter {number % 500}"],
            published=f"{year}-{month:02d}-{mday:02d}",
            url=f"https://news.invalid/{number}",
            language=language,
            text=f"{title}\n\n{text}\n\nRef {number}.",
            source_kind="html",
        )


def tags_for(number: int) -> list[str]:
    rng = random.Random(f"tags-{number}")
    return rng.sample(TAGS, rng.randint(0, 3))
