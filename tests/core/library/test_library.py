"""The library's behaviour, the same on SQLite and PostgreSQL (see conftest's `library`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.core.library import (
    LibraryError,
    NotFoundError,
    SearchFilters,
    StaleEditError,
    open_library,
)
from briefing.core.library.fingerprint import text_sha256
from briefing.core.model import Article

NOW = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)

REPORT = (
    "Ministers from the alliance met in Vilnius on Tuesday to discuss air defence for the "
    "eastern flank. The secretary general said the new Patriot batteries would arrive before "
    "winter, and that member states had agreed to raise their contributions. Officials from "
    "Poland and the Baltic states welcomed the decision but warned that deliveries had slipped "
    "before. A spokesman for the Kremlin called the plan a provocation and promised a response. "
    "Analysts said the timetable depended on production lines in Germany and the United States, "
    "which are already stretched by orders from Ukraine."
)


def article(text: str, title: str = "", **fields: object) -> Article:
    return Article(id="a-local", title=title or text[:30], text=text, **fields)  # type: ignore[arg-type]


def titles(hits) -> list[str]:
    return [hit.article.title for hit in hits]


# ---- adding and duplicates -------------------------------------------------------------------
def test_add_keeps_every_field_and_the_text_hash(library):
    source = article(REPORT, "Allies agree air defence plan", outlet="Reuters",
                     authors=["Anna Smith", "Jan Nowak"], published="2026-03-10",
                     url="https://example.org/a", language="en", source_kind="html",
                     source_path="/tmp/a.html")
    result = library.add(source, tags=["NATO", "air defence"], now=NOW)
    assert result.added
    stored = library.get(result.article.id)
    assert (stored.title, stored.outlet, stored.authors, stored.published, stored.url,
            stored.language, stored.text) == (
        "Allies agree air defence plan", "Reuters", ["Anna Smith", "Jan Nowak"], "2026-03-10",
        "https://example.org/a", "en", REPORT)
    assert stored.added_at == "2026-03-14T09:30:00Z"
    assert stored.added_by == "alice@desk1"
    assert stored.source_kind == "file" and stored.source_format == "html"
    assert stored.sha256 == text_sha256(REPORT)
    assert stored.tags == ["air defence", "NATO"]
    assert stored.version == 1


def test_pasted_and_fed_articles_say_where_they_came_from(library):
    pasted = library.add(article("pasted words here", source_kind="paste-text")).article
    fed = library.add(article("words from a feed"), source_kind="feed").article
    assert (pasted.source_kind, fed.source_kind) == ("paste", "feed")


def test_the_same_text_again_returns_the_existing_article(library):
    first = library.add(article(REPORT, "Original")).article
    again = library.add(article(REPORT, "Copy"), tags=["later"])
    assert not again.added
    assert again.duplicate_kind == "same text"
    assert again.article.id == first.id and again.article.title == "Original"
    assert again.message == f"already in the library: {first.id}\tOriginal"
    assert again.article.tags == ["later"]  # the tags asked for are not lost
    assert library.count() == 1


def test_a_syndicated_copy_with_a_few_words_changed_is_a_near_duplicate(library):
    first = library.add(article(REPORT, "Original")).article
    copy = REPORT.replace("Tuesday", "Wednesday").replace("spokesman", "spokeswoman")
    copy = "By Staff Reporters. " + copy + " Copyright 2026."
    result = library.add(article(copy, "Syndicated"))
    assert not result.added
    assert result.duplicate_kind == "near duplicate"
    assert result.article.id == first.id
    assert result.similarity >= 0.9
    assert "near duplicate" in result.message


def test_different_articles_are_not_near_duplicates(library):
    other = (
        "The central bank left interest rates unchanged on Thursday, citing stubborn inflation "
        "in services and a weaker outlook for exports. The governor said further cuts would "
        "depend on wage data due next month, while economists expect a first reduction in the "
        "summer. Markets had priced in a small chance of a move, and the currency rose slightly "
        "after the announcement. Retailers urged the bank to act sooner, warning of job losses."
    )
    library.add(article(REPORT))
    assert library.add(article(other)).added
    assert library.count() == 2


def test_add_many_reports_each_article(library):
    results = library.add_many([article("one text"), article("two text"), article("one text")],
                               tags=["batch"])
    assert [r.added for r in results] == [True, True, False]
    assert results[2].article.id == results[0].article.id
    assert library.tags()[0].count == 2


def test_add_many_finds_copies_inside_the_batch_and_across_chunks(library, monkeypatch):
    from briefing.core.library import base

    monkeypatch.setattr(base, "CHUNK", 2)  # the copy of the first text comes in a later chunk
    filed = library.add(article("already filed before", "Old"), tags=["old"]).article
    copy = "By Staff Reporters. " + REPORT.replace("Tuesday", "Wednesday") + " Copyright 2026."
    results = library.add_many(
        [article(REPORT, "Original"), article("a short new one", "Short"),
         article(copy, "Syndicated"), article(REPORT, "Again"),
         article("already filed before", "Old again")],
        tags=["batch"], now=NOW)
    assert [(r.added, r.duplicate_kind) for r in results] == [
        (True, ""), (True, ""), (False, "near duplicate"), (False, "same text"),
        (False, "same text")]
    original = results[0].article
    assert results[2].article.id == results[3].article.id == original.id
    assert results[2].article.title == "Original" and results[2].similarity >= 0.9
    assert results[4].article.id == filed.id and results[4].article.tags == ["batch", "old"]
    assert original.tags == ["batch"] and original.added_at == "2026-03-14T09:30:00Z"
    assert library.get(original.id).text == REPORT
    assert library.count() == 3
    assert {t.name: t.count for t in library.tags()} == {"batch": 3, "old": 1}


def test_find_text_and_missing_article(library):
    stored = library.add(article("find me by my text")).article
    assert library.find_text("find me by my text").id == stored.id
    assert library.find_text("not there") is None
    with pytest.raises(NotFoundError, match="no article 999"):
        library.get(999)


# ---- search ----------------------------------------------------------------------------------
@pytest.fixture
def filled(library):
    rows = [
        ("Allies agree air defence plan", REPORT, "Reuters", "en", "2026-03-10", ["NATO"]),
        ("Percée près de Koursk", "La percée des troupes ukrainiennes près de Koursk surprend "
         "l'état-major.", "Le Monde", "fr", "2026-03-11", ["Ukraine"]),
        ("Москва ответит", "Москва заявила о новых санкциях против U.S. и NATO.", "TASS", "ru",
         "2026-03-12", ["Russia", "NATO"]),
        ("北约峰会", "北约峰会在维尔纽斯举行，各国领导人出席。", "Xinhua", "zh", "2026-03-13", []),
        ("Budget talks", "The finance minister said the budget would be balanced by 2028.",
         "FT", "en", "", ["economy"]),
    ]
    for title, text, outlet, language, published, tags in rows:
        library.add(article(text, title, outlet=outlet, language=language, published=published),
                    tags=tags, now=NOW)
    return library


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("patriot batteries", ["Allies agree air defence plan"]),
        ('"air defence"', ["Allies agree air defence plan"]),
        ('"defence air"', []),
        ("percee", ["Percée près de Koursk"]),
        ("PERCÉE", ["Percée près de Koursk"]),
        ("САНКЦИЯХ", ["Москва ответит"]),
        ("москва", ["Москва ответит"]),
        ("北约", ["北约峰会"]),
        ("维尔纽斯", ["北约峰会"]),
        ("minist*", ["Allies agree air defence plan", "Budget talks"]),
        ("kremlin OR koursk", ["Allies agree air defence plan", "Percée près de Koursk"]),
        ("minist* -budget", ["Allies agree air defence plan"]),
        ('-"air defence" -москва -北约 -koursk', ["Budget talks"]),
        ("U.S. (NATO", ["Москва ответит"]),
    ],
)
def test_search_understands_what_people_type(filled, query, expected):
    assert sorted(titles(filled.search(query))) == sorted(expected)
    assert filled.count(query) == len(expected)


def test_results_are_ranked_title_first(filled):
    filled.add(article("A note that mentions Koursk once, in passing, among other things.",
                       "Weekly digest"))
    assert titles(filled.search("koursk"))[0] == "Percée près de Koursk"


def test_snippets_highlight_the_matched_words(filled):
    hit = filled.search("patriot")[0]
    start, end = hit.snippet.highlights[0]
    assert hit.snippet.text[start:end].lower() == "patriot"
    cjk = filled.search("维尔纽斯")[0].snippet
    assert [cjk.text[s:e] for s, e in cjk.highlights] == ["维尔纽斯"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (SearchFilters(tags=("nato",)), {"Allies agree air defence plan", "Москва ответит"}),
        (SearchFilters(tags=("NATO", "Russia")), {"Москва ответит"}),
        (SearchFilters(outlet="le monde"), {"Percée près de Koursk"}),
        (SearchFilters(language="en"), {"Allies agree air defence plan", "Budget talks"}),
        (SearchFilters(since="2026-03-12", until="2026-03-13"), {"Москва ответит", "北约峰会"}),
        # No publication date: the date it was added counts (2026-03-14).
        (SearchFilters(since="2026-03-14"), {"Budget talks"}),
    ],
)
def test_filters(filled, filters, expected):
    assert set(titles(filled.search("", filters))) == expected
    assert filled.count("", filters) == len(expected)


def test_filters_combine_with_words(filled):
    assert titles(filled.search("nato", SearchFilters(language="ru"))) == ["Москва ответит"]


def test_not_used_in_any_briefing(filled):
    used = filled.search("budget")[0].article.id
    filled.record_use([used], "Morning brief.briefing", now=NOW)
    unused = titles(filled.search("", SearchFilters(unused=True)))
    assert "Budget talks" not in unused and len(unused) == 4
    assert filled.get(used).uses == 1


def test_no_query_lists_newest_first_with_paging(filled):
    page1 = titles(filled.search("", limit=2))
    page2 = titles(filled.search("", limit=2, offset=2))
    assert page1 == ["Budget talks", "北约峰会"]  # added 2026-03-14, then published 03-13
    assert page2 == ["Москва ответит", "Percée près de Koursk"]


_TYPED = st.text(
    alphabet=st.sampled_from([*'ab "()*-:^+~.,;\'\\%_?!OR ANDNOTNEAR{}[]éп北约\x00\t\n', '\ud800']),
    max_size=30,
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=_TYPED)
def test_search_never_fails_on_typed_input(filled, typed):
    filled.search(typed, limit=5)
    filled.count(typed)


# ---- edits -----------------------------------------------------------------------------------
def test_a_stale_edit_is_refused_with_who_and_when(library, location):
    stored = library.add(article(REPORT, "Original")).article
    with open_library(location, user="bob@desk2") as other:
        other.update(stored.id, expected_version=stored.version, title="Bob's title",
                     now=NOW + timedelta(hours=1))
    with pytest.raises(StaleEditError) as caught:
        library.update(stored.id, expected_version=stored.version, title="Alice's title")
    message = str(caught.value)
    assert "bob@desk2" in message and "2026-03-14T10:30:00Z" in message
    assert library.get(stored.id).title == "Bob's title"
    assert caught.value.current.version == 2


def test_an_edit_of_the_text_is_searched_and_hashed_anew(library):
    stored = library.add(article("an old text about tanks", "Weapons")).article
    updated = library.update(stored.id, expected_version=1, text="a new text about drones",
                             authors=["Eve"])
    assert updated.version == 2 and updated.authors == ["Eve"]
    assert updated.sha256 == text_sha256("a new text about drones")
    assert library.count("drones") == 1 and library.count("tanks") == 0


def test_cannot_edit_other_fields(library):
    stored = library.add(article("some text")).article
    with pytest.raises(LibraryError, match="cannot edit sha256"):
        library.update(stored.id, expected_version=1, sha256="x")


def test_delete(library):
    stored = library.add(article("gone soon 北约峰会"), tags=["t"]).article
    library.delete(stored.id)
    assert library.count() == 0 and library.count("gone") == 0 and library.count("北约峰") == 0


# ---- tags ------------------------------------------------------------------------------------
def test_tags_add_remove_rename_merge_and_count(library):
    a = library.add(article("first text")).article.id
    b = library.add(article("second text")).article.id
    library.tag([a, b], add=["Ukraine", "war"])
    library.tag([b], remove=["war"], add=["UKR"])
    assert [(t.name, t.count) for t in library.tags()] == [("UKR", 1), ("Ukraine", 2), ("war", 1)]
    library.rename_tag("war", "conflict")
    with pytest.raises(LibraryError, match='already a tag "Ukraine": merge'):
        library.rename_tag("conflict", "ukraine")
    library.merge_tags(["UKR"], into="Ukraine")
    assert [(t.name, t.count) for t in library.tags()] == [("conflict", 1), ("Ukraine", 2)]
    assert library.get(b).tags == ["Ukraine"]
    library.rename_tag("ukraine", "Ukraine (war)")  # a tag's key ignores case
    assert library.get(a).tags == ["conflict", "Ukraine (war)"]


def test_bad_tags_are_refused(library):
    stored = library.add(article("text")).article.id
    with pytest.raises(LibraryError, match="cannot be empty"):
        library.tag([stored], add=["  "])
    with pytest.raises(LibraryError, match='no tag "nope"'):
        library.merge_tags(["nope"], into="x")
    with pytest.raises(NotFoundError):
        library.tag([12345], add=["x"])


# ---- people ----------------------------------------------------------------------------------
def test_people_are_remembered_with_their_role(library):
    library.remember_person("Volodymyr Zelensky", "President of Ukraine", now=NOW)
    library.remember_person("Mark Rutte", "NATO Secretary General", now=NOW)
    library.remember_person("Mark Rutte", "", now=NOW)  # an empty role keeps the known one
    library.remember_person("Émilie Durand", "Spokeswoman", now=NOW)
    assert [(p.name, p.role) for p in library.people("zel")] == [
        ("Volodymyr Zelensky", "President of Ukraine")]
    assert library.people("mark")[0].role == "NATO Secretary General"
    assert library.people("mark")[0].uses == 2
    assert [p.name for p in library.people("emilie")] == ["Émilie Durand"]
    assert [p.name for p in library.people("")][:1] == ["Mark Rutte"]  # the most used first
    assert library.people("100%") == []


def test_schema_version_is_recorded(library):
    from briefing.core.library import postgres, sqlite

    engine = postgres if isinstance(library, postgres.PostgresLibrary) else sqlite
    assert library.schema_version() == engine.SCHEMA_VERSION


def test_a_common_word_is_ranked_among_the_newest_matches(library, monkeypatch):
    from briefing.core.library import postgres, sqlite

    engine = postgres if isinstance(library, postgres.PostgresLibrary) else sqlite
    monkeypatch.setattr(engine, "RANK_WINDOW", 5)
    # The oldest article is the best match (the word in its title), then 11 weaker ones.
    library.add(article("drone strike reported", "Drone drone drone"))
    for n in range(11):
        library.add(article(f"report {n} mentions a drone once among many other words"))
    first_page = titles(library.search("drone", limit=3))
    assert "Drone drone drone" not in first_page  # outside the 5 newest matches
    assert len(first_page) == 3
    everything = titles(library.search("drone", limit=3, offset=6))  # past the window
    assert len(everything) == 3
    assert titles(library.search("drone", limit=12, offset=0))[0] == "Drone drone drone"
    assert library.count("drone") == 12


@pytest.mark.parametrize("query", ["drone -jammed", '"drone strike" -jammed', "dro* -jammed"])
def test_postgres_finds_the_same_newest_matches_by_either_plan(pg_url, monkeypatch, query):
    # The search chooses between walking the articles newest first and the GIN index from the
    # planner's estimate; force each way in turn: the window and the order must not change.
    from briefing.core.library import postgres

    monkeypatch.setattr(postgres, "RANK_WINDOW", 4)
    with open_library(pg_url, user="alice@desk1") as library:
        for n in range(10):
            jammed = " but it was jammed" if n % 3 == 0 else ""
            library.add(article(f"report {n}: a drone strike near the border{jammed}",
                                f"Report {n}"))
        library.add(article("an unrelated budget report", "Budget"))
        seen = []
        for cost in (0.0001, 1e9):  # walking is always, then never, the cheaper way
            monkeypatch.setattr(postgres, "_TSVECTOR_READ_COST", cost)
            seen.append((titles(library.search(query, limit=4)), library.count(query)))
        assert seen[0] == seen[1]
        assert sorted(seen[0][0]) == ["Report 4", "Report 5", "Report 7", "Report 8"]
        assert seen[0][1] == 6


def test_speakers_of_an_opened_briefing_are_learned_without_counting_a_use(library):
    from briefing.core.library.transfer import remember_people
    from briefing.core.model import Briefing, Clip, ClipKind

    library.remember_person("Mark Rutte", "", now=NOW)
    briefing = Briefing()
    for speaker, role in [("Mark Rutte", "NATO Secretary General"),
                          ("Volodymyr  Zelensky", "President of Ukraine"),
                          ("Volodymyr Zelensky", ""), ("  ", "nobody")]:
        briefing.clips.append(Clip(id=f"c{len(briefing.clips)}", article_id="a1",
                                   kind=ClipKind.QUOTE, text="words", start=0, end=5,
                                   speaker=speaker, speaker_role=role))
    assert remember_people(library, briefing, now=NOW) == 1
    assert remember_people(library, briefing, now=NOW) == 0  # opened again: nothing new
    people = {p.name: (p.role, p.uses) for p in library.people("")}
    assert people == {"Mark Rutte": ("NATO Secretary General", 1),
                      "Volodymyr Zelensky": ("President of Ukraine", 1)}
