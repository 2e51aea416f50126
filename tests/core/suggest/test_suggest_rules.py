"""The quote finder's rules, one behaviour each, on short texts."""

from __future__ import annotations

import pytest

from briefing.core.suggest import QuoteKind, guess_language, has_model, suggest_quotes
from briefing.core.suggest.marks import find_quoted
from briefing.core.suggest.score import normalise_name

needs_english = pytest.mark.skipif(
    not has_model("en"), reason="the English pipeline is not installed"
)


def _spans(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quoted(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said: "We are ready."', ["We are ready."]),
        ("He said: “We are ready.”", ["We are ready."]),
        ("Er sagte: „Wir sind bereit.“", ["Wir sind bereit."]),
        ("Powiedział: „Jesteśmy gotowi.”", ["Jesteśmy gotowi."]),
        ("Он сказал: «Мы готовы».", ["Мы готовы"]),
        ("彼は「準備はできている」と述べた。", ["準備はできている"]),
        (
            "She said: ‘We won’t back down, and the ministers’ plan is wrong.’",
            ["We won’t back down, and the ministers’ plan is wrong."],
        ),
    ],
)
def test_every_quotation_mark_style(text: str, expected: list[str]) -> None:
    assert _spans(text) == expected


def test_nested_quotes_stay_inside_the_outer_one() -> None:
    text = "“He told me ‘never again’, and meant it,” she said."
    assert _spans(text) == ["He told me ‘never again’, and meant it,"]


def test_a_quote_running_over_paragraphs_is_one_span() -> None:
    text = "“First paragraph goes on.\n\n“Second paragraph ends it,” he said."
    assert _spans(text) == ["First paragraph goes on.\n\n“Second paragraph ends it,"]


def test_an_unclosed_mark_at_a_paragraph_end_is_no_quote() -> None:
    assert _spans("He said “nothing here.\n\nNew paragraph.") == []


def test_dash_interrupted_quote_in_guillemets_splits_in_two() -> None:
    text = "«Мы готовы к диалогу, — добавил Песков, — но не к ультиматумам»."
    assert _spans(text) == ["Мы готовы к диалогу,", "но не к ультиматумам"]


def test_spans_index_the_text_as_stored() -> None:
    text = "Intro 🙂 text. “Ünïcode ʼquoteʼ here,” she said."
    for suggestion in suggest_quotes(text, "xx"):
        assert text[suggestion.start : suggestion.end] == suggestion.text


def test_without_a_model_quotes_are_found_and_the_speaker_left_with_the_reason() -> None:
    text = "Песков заявил: «Мы получили текст»."
    [suggestion] = suggest_quotes(text, "ru")
    assert suggestion.text == "Мы получили текст"
    assert suggestion.speaker == ""
    assert "no language model for 'ru'" in suggestion.reason


def test_language_guess() -> None:
    assert guess_language("The minister said that the plan was good and the talks went on.") == "en"
    assert guess_language("Министр сказал, что план хороший.") == ""


def test_normalised_names_ignore_case_articles_and_apostrophes() -> None:
    assert normalise_name("The Kremlin") == normalise_name("kremlin")
    assert normalise_name("Germany’s economy minister") == normalise_name(
        "Germany's Economy Minister"
    )


@needs_english
def test_interrupted_quote_both_parts_get_the_speaker() -> None:
    text = (
        "Defence Minister Oksana Dremliuk welcomed the decision. "
        '"We will," she said, "hold the line for as long as it takes."'
    )
    found = [s for s in suggest_quotes(text, "en") if s.kind != QuoteKind.REPORTED]
    assert [s.text for s in found] == ["We will,", "hold the line for as long as it takes."]
    assert {s.speaker for s in found} == {"Oksana Dremliuk"}
    assert found[0].role == "Defence Minister"
    assert "pronoun 'she'" in found[0].reason


@needs_english
def test_scare_quotes_and_titles_are_not_quotes() -> None:
    text = (
        "The so-called “peace dividend” never came. "
        "The film “The Quiet Border” opened the festival. "
        "Its new “safe screenings” policy was criticised."
    )
    assert suggest_quotes(text, "en") == []


@needs_english
def test_mixed_and_reported_speech() -> None:
    text = (
        "NATO Secretary General Marten Holvik said on Tuesday that the alliance would double "
        "its deliveries. Holvik called the agreement a “real breakthrough” for Europe."
    )
    by_kind = {s.kind: s for s in suggest_quotes(text, "en")}
    assert by_kind[QuoteKind.REPORTED].text == "the alliance would double its deliveries"
    mixed = by_kind[QuoteKind.MIXED]
    assert (mixed.text, mixed.speaker, mixed.role) == (
        "real breakthrough",
        "Marten Holvik",
        "NATO Secretary General",
    )


@needs_english
def test_organisation_as_speaker_resolves_to_its_full_name() -> None:
    text = (
        "Taiwan's Defence Ministry said it had tracked 27 aircraft. "
        '"The army will respond appropriately," the ministry said in a statement.'
    )
    direct = next(s for s in suggest_quotes(text, "en") if s.kind == QuoteKind.DIRECT)
    assert direct.speaker == "Taiwan's Defence Ministry"


@needs_english
def test_a_pronoun_skips_one_word_names_that_are_not_surely_people() -> None:
    text = (
        "Energy Minister Marta Ilyenko said the government had asked Aldmark for help. "
        "“These units are expensive,” she said."
    )
    direct = next(s for s in suggest_quotes(text, "en") if s.kind == QuoteKind.DIRECT)
    assert direct.speaker == "Marta Ilyenko"


@needs_english
def test_a_name_in_commas_after_a_role_is_a_person_with_that_role() -> None:
    text = (
        "The Varnholm Port Authority said it had offered a crew. Its director, Anders Holm, "
        'said the union was "using a humanitarian emergency as leverage".'
    )
    found = suggest_quotes(text, "en")
    mixed = next(s for s in found if s.kind == QuoteKind.MIXED)
    assert (mixed.speaker, mixed.role) == ("Anders Holm", "director")
    first = next(s for s in found if s.kind == QuoteKind.REPORTED)
    assert first.speaker == "The Varnholm Port Authority"


@needs_english
def test_a_name_the_model_misses_still_speaks_but_one_opening_a_sentence_does_not() -> None:
    text = (
        "The agency works with Zorvath on the plan. Zorvath said the centre would open in May. "
        "One described the outcome as “a spine at last”."
    )
    found = suggest_quotes(text, "en")
    reported = next(s for s in found if s.kind == QuoteKind.REPORTED)
    assert reported.speaker == "Zorvath"
    mixed = next(s for s in found if s.kind == QuoteKind.MIXED)
    assert mixed.speaker != "One"
