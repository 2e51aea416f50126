"""Format 2: a format-1 file is upgraded so that its prose prints exactly as before."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.core import blocks as b
from briefing.core import storage
from briefing.core.compile import compile_briefing
from briefing.core.model import FORMAT_VERSION
from briefing.core.theme import Theme

V1_COMMENTARY = (
    "Prices rose 5 * 2 = 10 per cent [est.] in snake_case_land, \\ says AT&T <b>.\n"
    "- not a list\n1. not a number\n\n   \n+ nor this, and [@c-1] is no quote"
)


def v1_file(tmp_path: Path) -> Path:
    data = {
        "format_version": 1,
        "generator": "Briefing Builder 0.1.0",
        "meta": {"title": "Old",
                 "key_judgments": [{"id": "k", "text": "*Not* italic", "clips": []}]},
        "articles": [{"id": "a-1", "text": "Hello world", "outlet": "O",
                      "published": "2026-01-01"}],
        "clips": [{"id": "c-1", "article": "a-1", "kind": "quote", "text": "Hello", "start": 0,
                   "end": 5, "speaker": "S"}],
        "sections": [{"id": "s", "heading": "H", "commentary": V1_COMMENTARY,
                      "items": [{"type": "clip", "clip": "c-1"},
                                {"type": "note", "id": "n", "text": "**keep** the stars"}]}],
    }  # fmt: skip
    path = tmp_path / "old.briefing"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def texts(document: b.Document, style: str) -> list[str]:
    return [
        "".join(i.text for i in block.inlines if isinstance(i, b.Text))
        for block in document.blocks
        if isinstance(block, b.Paragraph) and block.style == style
    ]


def test_a_format_1_file_is_upgraded_and_prints_as_before(tmp_path: Path) -> None:
    assert FORMAT_VERSION == 2 and storage.MIGRATIONS[1].__name__ == "_format_1_to_2"
    briefing = storage.load_briefing(v1_file(tmp_path))
    document = compile_briefing(briefing, Theme())
    assert texts(document, "commentary") == [
        "Prices rose 5 * 2 = 10 per cent [est.] in snake_case_land, \\ says AT&T <b>.\n"
        "- not a list\n1. not a number",
        "+ nor this, and [@c-1] is no quote",
    ]
    assert texts(document, "note") == ["Analyst note: **keep** the stars"]
    assert not any(isinstance(x, b.BulletList) and x.style == "plain" for x in document.blocks)
    judgment = next(x for x in document.blocks if isinstance(x, b.BulletList))
    assert judgment.items[0].inlines == (b.Text("*Not* italic"),)
    # Saved again, it is a format-2 file holding the escaped Markdown, and reads back the same.
    saved = tmp_path / "new.briefing"
    storage.save_briefing(briefing, saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["format_version"] == 2
    assert data["sections"][0]["items"][1]["text"] == "\\*\\*keep\\*\\* the stars"
    assert data["meta"]["key_judgments"][0]["text"] == "\\*Not\\* italic"
    assert storage.load_briefing(saved) == briefing


def test_the_migration_leaves_what_it_does_not_recognise_to_the_validator(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bad.briefing"
    path.write_text(json.dumps({
        "format_version": 1, "meta": {"key_judgments": "oops"}, "articles": [], "clips": [],
        "sections": [{"id": "s", "commentary": 7,
                      "items": [{"type": "note", "id": "n", "text": 3}]}],
    }), encoding="utf-8")  # fmt: skip
    try:
        storage.load_briefing(path)
    except storage.BriefingFileError as exc:
        assert "meta.key_judgments" in str(exc) or "sections[0]" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("a malformed file was accepted")


def test_the_schema_describes_format_2() -> None:
    schema = storage.schema()
    assert schema["properties"]["format_version"]["const"] == 2
    section = schema["$defs"]["section"]["properties"]["commentary"]
    assert "docs/prose.md" in section["description"]
