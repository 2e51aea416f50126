"""The bundled sample briefing: valid, exact, rich enough to show every feature, reproducible."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from briefing.core.model import Briefing, ClipKind, ClipRef, Note
from briefing.core.resources import resource_path
from briefing.core.storage import briefing_to_dict, load_briefing, schema

SAMPLE = resource_path("sample", "sample.briefing")
MAKE_SAMPLE = Path(__file__).resolve().parents[2] / "tools" / "make_sample.py"


@pytest.fixture(scope="module")
def sample() -> Briefing:
    return load_briefing(SAMPLE)


def test_sample_validates_against_the_schema() -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema()).validate(data)


def test_every_clip_is_the_exact_span_of_its_article(sample: Briefing) -> None:
    assert len(sample.clips) >= 8
    for clip in sample.clips:
        article = sample.article(clip.article_id)
        assert article is not None
        assert clip.text == article.text[clip.start : clip.end]
        assert clip.text == clip.text.strip()


def test_articles_are_complete_and_of_realistic_length(sample: Briefing) -> None:
    assert len(sample.articles) >= 4
    for article in sample.articles:
        assert 250 <= len(article.text.split()) <= 500, article.title
        assert article.title and article.outlet and article.authors and article.language
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", article.published)
        assert re.fullmatch(r"https://([a-z]+\.)?example\.(com|org|net)/\S+", article.url)
        assert "\n\n" in article.text  # paragraphs, as intake produces them
    languages = {a.language for a in sample.articles}
    assert {"en", "ru"} <= languages


def test_sample_carries_the_typography_exports_must_handle(sample: Briefing) -> None:
    texts = "\n".join(a.text for a in sample.articles)
    assert re.search("[А-Яа-яЁё]{5,}", texts)  # Cyrillic
    assert "\u02bc" in texts  # MODIFIER LETTER APOSTROPHE, as in Kovalʼ
    for character in "“”‘’—«»€−":
        assert character in texts, character
    speakers = {c.speaker for c in sample.clips}
    assert "Oleksandr Kovalʼ" in speakers


def test_sample_shows_every_feature_of_a_briefing(sample: Briefing) -> None:
    meta = sample.meta
    assert meta.marking == "OFFICIAL-SENSITIVE"
    assert meta.title and meta.subtitle and meta.author and meta.organisation
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta.date)
    quotes = [c for c in sample.clips if c.kind is ClipKind.QUOTE]
    excerpts = [c for c in sample.clips if c.kind is ClipKind.EXCERPT]
    assert len(quotes) > len(excerpts) >= 2
    assert all(c.speaker and c.speaker_role for c in quotes)
    assert sum(1 for c in sample.clips if c.note) >= 3
    assert 2 <= len(sample.sections) <= 3
    assert all(s.heading and s.commentary for s in sample.sections)
    notes = [i for s in sample.sections for i in s.items if isinstance(i, Note)]
    assert notes and all(n.text for n in notes)


def test_key_judgments_link_placed_clips(sample: Briefing) -> None:
    judgments = sample.meta.key_judgments
    assert len(judgments) == 3
    placed = {i.clip_id for s in sample.sections for i in s.items if isinstance(i, ClipRef)}
    for judgment in judgments:
        assert judgment.text and judgment.clip_ids
        assert set(judgment.clip_ids) <= placed


def test_one_article_leaves_clips_in_the_tray(sample: Briefing) -> None:
    unplaced = sample.unplaced_clips()
    assert 1 <= len(unplaced) <= 2
    assert len({c.article_id for c in unplaced}) == 1


def test_make_sample_rebuilds_the_shipped_file(tmp_path: Path) -> None:
    target = tmp_path / "rebuilt.briefing"
    subprocess.run([sys.executable, str(MAKE_SAMPLE), str(target)], check=True, capture_output=True)
    assert not (tmp_path / "rebuilt.briefing.bak").exists()
    rebuilt = briefing_to_dict(load_briefing(target))
    shipped = briefing_to_dict(load_briefing(SAMPLE))
    assert rebuilt == shipped, "the sample is stale: run tools/make_sample.py"
