"""The .briefing file: round trips, every error message, atomic saves, the lock file, the schema."""

from __future__ import annotations

import copy
import errno
import json
import os
import socket
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.core import atomic, format_checks, ops, schema_check, storage
from briefing.core.errors import BriefingError
from briefing.core.locking import BriefingLock, LockOwner
from briefing.core.model import (
    FORMAT_VERSION,
    Article,
    Briefing,
    BriefingMeta,
    Clip,
    ClipKind,
    ClipRef,
    KeyJudgment,
    Note,
    Section,
)
from briefing.core.resources import resource_path
from briefing.core.storage import BriefingFileError

SAMPLE = resource_path("sample", "sample.briefing")


def build_briefing() -> Briefing:
    """A small briefing with every kind of object, made through the ops as the app would."""
    b = Briefing()
    ops.edit_meta(
        b,
        title="Grid “stress” — winter",
        subtitle="Kyivʼs view",
        author="A. Analyst",
        organisation="Desk <&>",
        date="2026-01-15",
        marking="OFFICIAL-SENSITIVE",
        page_size="letter",
    )
    first = Article(
        id="a-1",
        title="Первая статья",
        outlet="Вестник",
        authors=["Иван Петров", "Jane Doe"],
        published="2026-01-10",
        url="https://www.example.com/a?x=1&y=2",
        language="ru",
        text="Министр заявил: «Ситуация под контролем». Then 😀 and\ttabs\r\nand CRLF.",
        source_kind="paste-text",
        imported_at="2026-01-11T10:00:00+00:00",
        encoding="utf-8",
    )
    second = Article(id="a-2", title="Second", outlet="Herald", text="One. Two. Three. Four.")
    ops.add_article(b, first)
    ops.add_article(b, second)
    quote = ops.make_clip(b, "a-1", 16, 40)
    ops.add_clip(b, quote)
    ops.edit_clip(b, quote.id, speaker="Министр", speaker_role="Minister", note="n", marking="")
    excerpt = ops.make_clip(b, "a-2", 5, 9, ClipKind.EXCERPT)
    ops.add_clip(b, excerpt)
    unplaced = ops.make_clip(b, "a-2", 10, 16)
    ops.add_clip(b, unplaced)
    one, _ = ops.add_section(b, "One", "Commentary ‘here’")
    two, _ = ops.add_section(b, "Two")
    ops.place_clip(b, quote.id, one.id)
    ops.add_note(b, one.id, "A note between clips")
    ops.place_clip(b, excerpt.id, two.id)
    ops.add_key_judgment(b, "Judgment one", [quote.id, excerpt.id])
    ops.add_key_judgment(b, "Judgment two", [])
    return b


def saved(tmp_path: Path, briefing: Briefing | None = None, name: str = "x.briefing") -> Path:
    path = tmp_path / name
    storage.save_briefing(briefing or build_briefing(), path)
    return path


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(BriefingFileError) as info:
        storage.load_briefing(path)
    message = str(info.value)
    assert "\n" not in message
    assert isinstance(info.value, BriefingError)
    return message


# ---- round trips -------------------------------------------------------------------------------
def test_save_and_load_round_trip(tmp_path: Path) -> None:
    briefing = build_briefing()
    path = saved(tmp_path, briefing)
    loaded = storage.load_briefing(path)
    assert loaded == briefing
    assert storage.briefing_to_dict(loaded) == storage.briefing_to_dict(briefing)
    assert isinstance(loaded.clips[0].kind, ClipKind)
    assert isinstance(loaded.sections[0].items[0], ClipRef)
    assert isinstance(loaded.sections[0].items[1], Note)
    assert [c.id for c in loaded.unplaced_clips()] == [briefing.clips[2].id]


def test_file_layout_is_stable_readable_json(tmp_path: Path) -> None:
    briefing = build_briefing()
    path = saved(tmp_path, briefing)
    raw = path.read_bytes()
    text = raw.decode("utf-8")  # strict: the file is valid UTF-8
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert "«Ситуация под контролем»" in text  # written as text, not \u escapes
    assert "\r" not in text  # CR inside strings is escaped, so the file has one line style
    data = json.loads(text)
    assert list(data) == ["format_version", "generator", "meta", "articles", "clips", "sections"]
    assert data["format_version"] == FORMAT_VERSION == 2
    assert data["generator"].startswith("Briefing Builder")
    assert data["sections"][0]["items"][0] == {"type": "clip", "clip": briefing.clips[0].id}
    assert data["sections"][0]["items"][1]["type"] == "note"
    assert data["meta"]["key_judgments"][0]["clips"] == [c.id for c in briefing.clips[:2]]
    assert data["clips"][0]["article"] == "a-1"
    # Saving the same briefing again writes the same bytes: diffs show only real changes.
    storage.save_briefing(briefing, path)
    assert path.read_bytes() == raw
    assert storage.dumps(briefing) == text


def test_loaded_file_tolerates_a_byte_order_mark_and_absent_optional_fields(
    tmp_path: Path,
) -> None:
    minimal = {
        "format_version": 1,
        "meta": {},
        "articles": [{"id": "a", "text": "Hello there"}],
        "clips": [
            {"id": "c", "article": "a", "kind": "quote", "text": "Hello", "start": 0, "end": 5}
        ],
        "sections": [
            {"id": "s", "items": [{"type": "clip", "clip": "c"}, {"type": "note", "id": "n"}]}
        ],
    }
    path = tmp_path / "m.briefing"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(minimal).encode())
    loaded = storage.load_briefing(path)
    assert loaded.meta == BriefingMeta()
    assert loaded.articles[0].title == "" and loaded.articles[0].authors == []
    assert loaded.sections[0].items == [ClipRef("c"), Note(id="n", text="")]


def test_whole_number_floats_become_ints() -> None:
    data = storage.briefing_to_dict(build_briefing())
    data["clips"][0]["start"] = float(data["clips"][0]["start"])
    loaded = storage.briefing_from_dict(data)
    assert type(loaded.clips[0].start) is int


# ---- lossless text -------------------------------------------------------------------------------
def join_surrogate_pairs(text: str) -> str:
    """What JSON makes of a high surrogate followed by a low one: the character they encode."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


any_text = st.text(st.characters(), max_size=25)  # every plane, controls, lone surrogates
# Article text whose length survives the file: spans index into it.
article_text = st.text(st.characters(), min_size=1, max_size=40).filter(
    lambda t: join_surrogate_pairs(t) == t
)


@st.composite
def briefings_with_arbitrary_text(draw: st.DrawFn) -> Briefing:
    ids = draw(st.lists(st.text(min_size=1, max_size=8), min_size=6, max_size=6, unique=True))
    article_id, clip_id, section_id, note_id, judgment_id, second_clip_id = ids
    text = draw(article_text)
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    article = Article(
        id=article_id,
        **{
            name: draw(any_text)
            for name in (
                "title",
                "outlet",
                "published",
                "url",
                "language",
                "source_kind",
                "source_path",
                "imported_at",
                "encoding",
            )
        },
        authors=draw(st.lists(any_text, max_size=3)),
        text=text,
    )
    clips = [
        Clip(
            id=ident,
            article_id=article_id,
            kind=draw(st.sampled_from(ClipKind)),
            text=draw(any_text),
            start=start,
            end=end,
            speaker=draw(any_text),
            speaker_role=draw(any_text),
            note=draw(any_text),
            marking=draw(any_text),
        )
        for ident in (clip_id, second_clip_id)
    ]
    meta = BriefingMeta(
        **{
            name: draw(any_text)
            for name in ("title", "subtitle", "author", "organisation", "date", "marking")
        },
        theme=draw(any_text),
        language=draw(any_text),
        page_size=draw(st.sampled_from(["a4", "letter"])),
        key_judgments=[KeyJudgment(id=judgment_id, text=draw(any_text), clip_ids=[clip_id])],
    )
    section = Section(
        id=section_id,
        heading=draw(any_text),
        commentary=draw(any_text),
        items=[Note(id=note_id, text=draw(any_text)), ClipRef(clip_id)],
    )
    return Briefing(meta=meta, articles=[article], clips=clips, sections=[section])


def normalised(value: Any) -> Any:
    if isinstance(value, str):
        return join_surrogate_pairs(value)
    if isinstance(value, list):
        return [normalised(v) for v in value]
    if isinstance(value, dict):
        return {normalised(k): normalised(v) for k, v in value.items()}
    return value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(briefings_with_arbitrary_text())
def test_any_text_survives_dumps_and_loads(briefing: Briefing) -> None:
    text = storage.dumps(briefing)
    text.encode("utf-8")  # never raises: lone surrogates are escaped
    loaded = storage.loads(text)
    assert storage.briefing_to_dict(loaded) == normalised(storage.briefing_to_dict(briefing))


def test_lone_surrogates_and_controls_round_trip_exactly_through_a_file(tmp_path: Path) -> None:
    briefing = build_briefing()
    awkward = (
        "\ud800 lone high, \udfff lone low, \ude00\ud83d reversed, \x00\x1b\x7f\x85\u2028 <b>&amp;"
    )
    ops.edit_meta(briefing, title=awkward)
    ops.edit_clip(briefing, briefing.clips[0].id, note=awkward, speaker="\U0010fffd\U0001f600")
    path = saved(tmp_path, briefing)
    raw = path.read_bytes()
    raw.decode("utf-8")
    assert b"\\ud800" in raw and b"\\u0000" in raw
    loaded = storage.load_briefing(path)
    assert loaded.meta.title == awkward
    assert loaded.clips[0].note == awkward
    assert loaded.clips[0].speaker == "\U0010fffd\U0001f600"


def test_an_adjacent_surrogate_pair_reads_back_as_the_character_it_encodes() -> None:
    briefing = build_briefing()
    ops.edit_meta(briefing, title="x\ud83d\ude00y")  # two lone surrogates, as a Python str
    assert storage.loads(storage.dumps(briefing)).meta.title == "x\U0001f600y"


def test_save_refuses_a_file_that_would_read_back_inconsistent(tmp_path: Path) -> None:
    # A surrogate pair in an article's text becomes one character in JSON, moving clip spans.
    briefing = Briefing(
        articles=[Article(id="a", text="\ud83d\ude00")],
        clips=[Clip(id="c", article_id="a", kind=ClipKind.QUOTE, text="", start=0, end=2)],
    )
    path = tmp_path / "s.briefing"
    with pytest.raises(BriefingFileError, match=r"clips\[0\]: span 0..2 is outside"):
        storage.save_briefing(briefing, path)
    assert not path.exists()


# ---- errors on load ----------------------------------------------------------------------------
def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.briefing"
    assert load_error(path) == f"{path}: the file does not exist"


def test_folder_instead_of_file(tmp_path: Path) -> None:
    assert load_error(tmp_path) == f"{tmp_path}: is a folder, not a briefing file"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = saved(tmp_path)

    def refuse(self: Path) -> bytes:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert load_error(path) == f"{path}: cannot read the file: permission denied"


def test_huge_file_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = saved(tmp_path)
    monkeypatch.setattr(storage, "MAX_FILE_SIZE", 100)
    size = path.stat().st_size
    assert load_error(path) == (
        f"{path}: is not a briefing file (it is {size / 2**20:,.0f} MB; briefings are at most 0 MB)"
    )


def test_truncated_file(tmp_path: Path) -> None:
    path = saved(tmp_path)
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    message = load_error(path)
    assert message.startswith(f"{path}: the file is damaged or truncated (invalid JSON at line ")
    line = raw[: len(raw) // 2].count(b"\n") + 1
    assert f"line {line} column " in message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "e.briefing"
    path.write_bytes(b"")
    assert load_error(path) == f"{path}: the file is empty; it is not a briefing file"


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "notes.briefing"
    path.write_text("Meeting notes, Tuesday\n", encoding="utf-8")
    assert load_error(path) == f"{path}: is not a briefing file (it does not contain JSON)"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.briefing"
    path.write_bytes('{"format_version": 1, "meta": {"title": "Café"}}'.encode("latin-1"))
    offset = path.read_bytes().index(b"\xe9")
    assert load_error(path) == (
        f"{path}: is not a briefing file or is damaged: it is not UTF-8 text "
        f"(byte 0xE9 at offset {offset})"
    )


def test_binary_documents_are_named(tmp_path: Path) -> None:
    path = tmp_path / "report.briefing"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    assert load_error(path) == f"{path}: is not a briefing file (it is a PDF document)"
    path.write_bytes(b"PK\x03\x04\x14\x00")
    assert "a ZIP archive or a Word document" in load_error(path)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ([1, 2], "is not a briefing file (its JSON is an array, not an object)"),
        ({"name": "x"}, 'is not a briefing file (it is JSON, but has no "format_version")'),
        ({"meta": {}, "articles": []}, 'top level: missing field "format_version"'),
        (
            {"format_version": "1", "meta": {}},
            "format_version: must be a whole number, not a string",
        ),
    ],
)
def test_json_that_is_not_a_briefing(tmp_path: Path, data: Any, expected: str) -> None:
    path = write_json(tmp_path / "j.briefing", data)
    assert load_error(path) == f"{path}: {expected}"


def test_newer_format_is_refused(tmp_path: Path) -> None:
    data = storage.briefing_to_dict(build_briefing())
    data["format_version"] = 3
    data["something_new"] = {"unknown": True}
    path = write_json(tmp_path / "new.briefing", data)
    assert load_error(path) == (
        f"{path}: was saved by a newer version of Briefing Builder (format 3); "
        "this version reads format 2 or older — update the app"
    )


def test_dangling_clip_reference_names_its_place(tmp_path: Path) -> None:
    data = storage.briefing_to_dict(build_briefing())
    data["sections"][1]["items"].append({"type": "clip", "clip": "c9"})
    path = write_json(tmp_path / "d.briefing", data)
    assert load_error(path) == f'{path}: sections[1].items[1]: unknown clip "c9"'


def test_several_problems_report_the_first_and_a_count(tmp_path: Path) -> None:
    data = storage.briefing_to_dict(build_briefing())
    data["sections"][0]["items"][0]["clip"] = "c9"
    data["meta"]["key_judgments"][0]["clips"] = ["x1", "x2", "x3"]
    path = write_json(tmp_path / "many.briefing", data)
    with pytest.raises(BriefingFileError) as info:
        storage.load_briefing(path)
    assert (
        str(info.value) == f'{path}: sections[0].items[0]: unknown clip "c9" (and 3 more problems)'
    )
    assert [str(p) for p in info.value.problems[1:]] == [
        f'meta.key_judgments[0].clips[{i}]: unknown clip "x{i + 1}"' for i in range(3)
    ]


def _mutate(data: dict[str, Any], where: str, value: Any) -> None:
    """Set (or with value=DELETE remove) the field at a dotted path like 'clips.0.start'."""
    *parents, last = where.split(".")
    target: Any = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    key: Any = int(last) if last.isdigit() else last
    if value is DELETE:
        del target[key]
    else:
        target[key] = value


DELETE = object()


@pytest.mark.parametrize(
    ("where", "value", "expected"),
    [
        ("clips.0.kind", DELETE, 'clips[0]: missing field "kind"'),
        ("meta.titel", "x", 'meta: unknown field "titel"'),
        ("clips.1.start", "5", "clips[1].start: must be a whole number, not a string"),
        ("clips.1.start", True, "clips[1].start: must be a whole number, not true/false"),
        ("clips.1.start", -1, "clips[1].start: must not be negative (it is -1)"),
        ("meta.page_size", "a5", 'meta.page_size: "a5" is not a page size (use a4 or letter)'),
        (
            "clips.0.kind",
            "paraphrase",
            'clips[0].kind: "paraphrase" is not allowed (use "quote" or "excerpt")',
        ),
        ("articles.0.id", "", "articles[0].id: must not be empty"),
        ("articles.1.authors", "Jane", "articles[1].authors: must be an array, not a string"),
        (
            "sections.0.items.1.type",
            "image",
            'sections[0].items[1].type: "image" is not allowed (use "clip" or "note" or "figure")',
        ),
        ("sections.0.items.1.id", DELETE, 'sections[0].items[1]: missing field "id"'),
        ("sections.0.items.0.text", "x", 'sections[0].items[0]: unknown field "text"'),
        ("meta", [], "meta: must be an object, not an array"),
        ("sections", None, "sections: must be an array, not null"),
        ("clips.0.article", "a-404", 'clips[0].article: unknown article "a-404"'),
        (
            "clips.1.end",
            10_000,
            "clips[1]: span 5..10000 is outside its article's text (22 characters)",
        ),
        ("clips.1.end", 2, "clips[1]: span 5..2 ends before it starts"),
        ("sections.1.id", "a-2", 'sections[1]: id "a-2" is already used at articles[1]'),
        ("sections.1.items.0.clip", "CLIP0", None),  # filled in below: a clip placed twice
        (
            "meta.key_judgments.1.clips",
            ["nope"],
            'meta.key_judgments[1].clips[0]: unknown clip "nope"',
        ),
    ],
)
def test_each_problem_is_named_with_its_place(
    tmp_path: Path, where: str, value: Any, expected: str | None
) -> None:
    data = storage.briefing_to_dict(build_briefing())
    clip0 = data["clips"][0]["id"]
    if value == "CLIP0":
        value, expected = clip0, f'clip "{clip0}" is already placed at sections[0].items[0]'
        expected = f"sections[1].items[0]: {expected}"
    _mutate(data, where, value)
    path = write_json(tmp_path / "p.briefing", data)
    assert load_error(path) == f"{path}: {expected}"


# ---- migrations --------------------------------------------------------------------------------
def test_older_format_is_upgraded_through_the_migrations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    current = storage.briefing_to_dict(build_briefing())
    # A made-up format 0 that called key judgments "judgments" and had no generator.
    old = copy.deepcopy(current)
    old["format_version"] = 0
    del old["generator"]
    old["judgments"] = old["meta"].pop("key_judgments")
    seen: list[int] = []

    def upgrade_0_to_1(data: dict[str, Any]) -> dict[str, Any]:
        seen.append(data["format_version"])
        data["meta"]["key_judgments"] = data.pop("judgments")
        return data

    path = write_json(tmp_path / "old.briefing", old)
    assert load_error(path) == (
        f"{path}: uses format 0, which this version of Briefing Builder cannot read "
        "(it reads formats 1 to 2)"
    )
    monkeypatch.setitem(storage.MIGRATIONS, 0, upgrade_0_to_1)
    assert storage.oldest_readable_version() == 0
    loaded = storage.load_briefing(path)
    assert seen == [0]
    assert storage.briefing_to_dict(loaded) == current


def test_one_migration_chain_from_format_1() -> None:
    assert list(storage.MIGRATIONS) == [1]  # format 1 -> 2 (tests/core/test_storage_v2.py)
    assert storage.oldest_readable_version() == FORMAT_VERSION - 1 == 1


def test_a_format_1_file_opens_unchanged_and_saves_as_format_2(tmp_path: Path) -> None:
    # Format 1 had no figures: its data is format 2 with another version number.
    current = storage.briefing_to_dict(build_briefing())
    old = copy.deepcopy(current)
    old["format_version"] = 1
    path = write_json(tmp_path / "old.briefing", old)
    assert storage.oldest_readable_version() == 1
    loaded = storage.load_briefing(path)
    assert storage.briefing_to_dict(loaded) == current
    storage.save_briefing(loaded, path)
    assert json.loads(path.read_text(encoding="utf-8"))["format_version"] == FORMAT_VERSION == 2


# ---- atomic saves ------------------------------------------------------------------------------
def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_save_keeps_the_previous_file_as_bak(tmp_path: Path) -> None:
    briefing = build_briefing()
    path = saved(tmp_path, briefing)
    assert files_in(tmp_path) == ["x.briefing"]
    first = path.read_bytes()
    ops.edit_meta(briefing, title="Second version")
    storage.save_briefing(briefing, path)
    assert files_in(tmp_path) == ["x.briefing", "x.briefing.bak"]
    assert (tmp_path / "x.briefing.bak").read_bytes() == first
    assert storage.load_briefing(path).meta.title == "Second version"
    ops.edit_meta(briefing, title="Third version")
    storage.save_briefing(briefing, path)
    assert storage.load_briefing(tmp_path / "x.briefing.bak").meta.title == "Second version"


def test_backup_falls_back_to_a_copy_without_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    briefing = build_briefing()
    path = saved(tmp_path, briefing)
    first = path.read_bytes()

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    ops.edit_meta(briefing, title="Changed")
    storage.save_briefing(briefing, path)
    assert (tmp_path / "x.briefing.bak").read_bytes() == first
    assert files_in(tmp_path) == ["x.briefing", "x.briefing.bak"]


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EACCES, "permission denied"),
        (errno.EROFS, "the folder is read-only"),
    ],
)
def test_failed_replace_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    briefing = build_briefing()
    path = saved(tmp_path, briefing)
    ops.edit_meta(briefing, title="Second generation")
    storage.save_briefing(briefing, path)  # x.briefing.bak now holds the first generation
    before = path.read_bytes()
    backup_before = (tmp_path / "x.briefing.bak").read_bytes()
    real_replace = os.replace

    def failing_replace(src: str, dst: str | os.PathLike[str]) -> None:
        if Path(dst) == path:
            raise OSError(code, os.strerror(code))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    ops.edit_meta(briefing, title="Never written")
    with pytest.raises(BriefingFileError) as info:
        storage.save_briefing(briefing, path)
    assert str(info.value) == f"{path}: cannot save: {reason}"
    assert path.read_bytes() == before
    assert files_in(tmp_path) == ["x.briefing", "x.briefing.bak"]  # no temporary file left
    assert (tmp_path / "x.briefing.bak").read_bytes() == backup_before  # not rotated


def test_failed_write_or_fsync_leaves_no_trace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "new.briefing"

    def failing_fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(
        BriefingFileError, match="cannot save: the disk reported an input/output error"
    ):
        storage.save_briefing(build_briefing(), path)
    assert files_in(tmp_path) == []


def test_unwritable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, where chmod cannot make a folder read-only: simulate the refusal.
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    path = tmp_path / "x.briefing"
    with pytest.raises(BriefingFileError) as info:
        storage.save_briefing(build_briefing(), path)
    assert str(info.value) == f"{path}: cannot save: permission denied"
    assert not path.exists()


def test_save_into_missing_folder_or_onto_a_folder(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "x.briefing"
    with pytest.raises(BriefingFileError, match="cannot save: the folder does not exist"):
        storage.save_briefing(build_briefing(), missing)
    with pytest.raises(BriefingFileError, match="cannot save: it is a folder"):
        storage.save_briefing(build_briefing(), tmp_path)


def test_save_keeps_permissions_and_writes_through_symlinks(tmp_path: Path) -> None:
    briefing = build_briefing()
    real = saved(tmp_path, briefing, "real.briefing")
    real.chmod(0o640)
    link = tmp_path / "link.briefing"
    link.symlink_to(real)
    ops.edit_meta(briefing, title="Via the link")
    storage.save_briefing(briefing, link)
    assert link.is_symlink()
    assert storage.load_briefing(real).meta.title == "Via the link"
    assert real.stat().st_mode & 0o777 == 0o640


def test_inconsistent_briefing_is_never_written(tmp_path: Path) -> None:
    briefing = build_briefing()
    path = saved(tmp_path, briefing)
    before = path.read_bytes()
    briefing.clips[0].start = 10**6  # bypassing ops, as only a bug could
    with pytest.raises(BriefingFileError) as info:
        storage.save_briefing(briefing, path)
    assert str(info.value).startswith(
        f"{path}: not saved, the briefing is inconsistent (a bug): clips[0]: span 1000000.."
    )
    assert path.read_bytes() == before
    briefing.clips[0].start = 0
    briefing.meta.title = None  # type: ignore[assignment]
    with pytest.raises(BriefingFileError, match=r"meta\.title: must be a string, not null"):
        storage.save_briefing(briefing, path)
    assert path.read_bytes() == before


# ---- lock file ---------------------------------------------------------------------------------
def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def write_lock(path: Path, **fields: object) -> Path:
    record = {"pid": 1, "host": socket.gethostname(), "user": "someone", "since": "2026-01-01"}
    record.update(fields)
    lock = path.with_name(path.name + ".lock")
    lock.write_text(json.dumps(record), encoding="utf-8")
    return lock


def test_lock_warns_a_second_instance_and_is_released(tmp_path: Path) -> None:
    path = tmp_path / "x.briefing"
    first, second = BriefingLock(path), BriefingLock(path)
    assert first.acquire() is None and first.held
    lock_file = tmp_path / "x.briefing.lock"
    assert json.loads(lock_file.read_text())["pid"] == os.getpid()
    assert first.acquire() is None  # acquiring again is harmless
    owner = second.acquire()
    assert isinstance(owner, LockOwner)
    assert owner.pid == os.getpid()
    assert owner.host == socket.gethostname()
    assert owner.since.startswith("20")
    assert str(os.getpid()) in owner.describe()
    first.release()
    when = datetime(2031, 5, 6, 7, 8, 9, tzinfo=timezone(timedelta(hours=2)))
    assert first.acquire(now=when) is None
    owner = second.acquire()
    assert owner is not None and owner.since == "2031-05-06T05:08:09+00:00"
    assert not second.held
    second.release()  # not ours: must not remove the other's lock
    assert lock_file.exists()
    first.release()
    assert not lock_file.exists()
    assert second.acquire() is None and second.held
    second.release()


def test_stale_lock_of_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "x.briefing"
    lock_file = write_lock(path, pid=dead_pid())
    lock = BriefingLock(path)
    assert lock.acquire() is None and lock.held
    assert json.loads(lock_file.read_text())["pid"] == os.getpid()
    lock.release()
    assert not lock_file.exists()


def test_lock_from_another_host_is_respected_unless_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "x.briefing"
    lock_file = write_lock(path, pid=dead_pid(), host="elsewhere.example.com", user="kim")
    lock = BriefingLock(path)
    owner = lock.acquire()
    assert owner == LockOwner(
        pid=owner.pid, host="elsewhere.example.com", user="kim", since="2026-01-01"
    )
    assert "kim on elsewhere.example.com" in owner.describe()
    assert json.loads(lock_file.read_text())["host"] == "elsewhere.example.com"
    assert lock.acquire(take_over=True) is None and lock.held
    assert json.loads(lock_file.read_text())["host"] == socket.gethostname()
    lock.release()


def test_live_lock_on_this_host_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "x.briefing"
    write_lock(path, pid=os.getppid())
    assert BriefingLock(path).acquire() == LockOwner(
        pid=os.getppid(), host=socket.gethostname(), user="someone", since="2026-01-01"
    )


def test_corrupt_lock_file_is_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "x.briefing"
    (tmp_path / "x.briefing.lock").write_bytes(b"\x00garbage")
    lock = BriefingLock(path)
    assert lock.acquire() is None and lock.held
    assert lock.owner() is not None and lock.owner().pid == os.getpid()  # type: ignore[union-attr]
    lock.release()


def test_lock_without_hard_links_still_excludes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "x.briefing"
    first = BriefingLock(path)
    assert first.acquire() is None and first.held
    assert BriefingLock(path).acquire() is not None
    first.release()
    assert files_in(tmp_path) == []


def test_lock_in_an_unwritable_folder_does_not_block_opening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("briefing.core.locking.tempfile.mkstemp", refuse)
    lock = BriefingLock(tmp_path / "x.briefing")
    assert lock.acquire() is None
    assert not lock.held
    lock.release()


# ---- the schema --------------------------------------------------------------------------------
def test_schema_is_valid_draft_2020_12_for_the_current_format() -> None:
    schema = storage.schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["format_version"]["const"] == FORMAT_VERSION


def test_schema_validates_the_sample_and_saved_files(tmp_path: Path) -> None:
    validator = jsonschema.Draft202012Validator(storage.schema())
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    assert list(validator.iter_errors(sample)) == []
    assert storage.validate_briefing_dict(sample) == []
    saved_data = json.loads(saved(tmp_path).read_text(encoding="utf-8"))
    assert list(validator.iter_errors(saved_data)) == []


def test_schema_lists_exactly_the_model_fields() -> None:
    """A field added to the model must be added to the schema (or saving would fail)."""
    from dataclasses import fields

    defs = storage.schema()["$defs"]
    renamed = {"article_id": "article", "clip_ids": "clips"}

    def names(cls: type) -> set[str]:
        return {renamed.get(f.name, f.name) for f in fields(cls)}

    assert set(defs["meta"]["properties"]) == names(BriefingMeta)
    assert set(defs["article"]["properties"]) == names(Article)
    assert set(defs["clip"]["properties"]) == names(Clip)
    assert set(defs["key_judgment"]["properties"]) == names(KeyJudgment)
    assert set(defs["section"]["properties"]) == names(Section)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 10**6)
    | st.sampled_from([0.0, 3.0, 2.5, -1.0])
    | st.sampled_from(["", "quote", "excerpt", "clip", "note", "a4", "letter", "a-1", "x"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["id", "type", "text", "clip", "extra", "start"]), children, max_size=3
        )
    ),
    max_leaves=6,
)


def all_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found += all_paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += all_paths(child, (*path, index))
    return found


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_schema_checker_agrees_with_jsonschema(data: st.DataObject) -> None:
    document = storage.briefing_to_dict(build_briefing())
    for _ in range(data.draw(st.integers(1, 3))):
        paths = all_paths(document)
        path = data.draw(st.sampled_from(paths[1:]))
        parent: Any = document
        for part in path[:-1]:
            parent = parent[part]
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = data.draw(json_values)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(st.sampled_from(["id", "type", "text", "zzz"]))] = data.draw(
                json_values
            )
    expected = {
        schema_check.place(error.absolute_path)
        for error in jsonschema.Draft202012Validator(storage.schema()).iter_errors(document)
    }
    found = format_checks._schema_checker().problems(document)
    assert {problem.place for problem in found} == expected
