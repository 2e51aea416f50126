"""Plain text and Markdown files, pasted text, encodings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.core.intake import IntakeError, article_from_text, import_file
from briefing.core.intake.text import split_front_matter

RUSSIAN = "Москва — столица России.\nПравительство объявило о новых мерах."
RUSSIAN_SHORT = "Привет, мир! Это короткий текст."
FRENCH = "Le café est très bon. Où est la gare ? Élève, garçon, déjà vu."
GERMAN = "Grüße aus München. Die Straße ist schön, aber der Fluß ist groß."


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_text_file(tmp_path: Path) -> None:
    path = write(tmp_path, "report.txt", "Headline here\n\nBody — “quoted” text.\n".encode())
    article = import_file(path)
    assert article.text == "Headline here\n\nBody — “quoted” text."
    assert article.title == "Headline here"
    assert article.encoding == "utf-8"
    assert article.source_kind == "txt"
    assert article.source_path == str(path.absolute())
    assert re.fullmatch(r"a-[0-9a-f]{8}", article.id)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", article.imported_at)


def test_the_import_time_and_the_latest_plausible_date_come_from_now() -> None:
    from datetime import UTC, datetime

    from briefing.core.intake.build import build_article

    now = datetime(2031, 2, 3, 4, 5, 6, 789, tzinfo=UTC)
    article = build_article("Text", source_name="x", source_kind="txt", published="2031-02-04",
                            now=now)
    assert article.imported_at == "2031-02-03T04:05:06Z"
    assert article.published == "2031-02-04"  # tomorrow, seen from now: time zones differ
    later = build_article("Text", source_name="x", source_kind="txt", published="2031-02-05",
                          now=now)
    assert later.published == ""


def test_fresh_id_for_every_import(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", b"Same text")
    assert import_file(path).id != import_file(path).id


def test_relative_path_is_recorded_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "rel.txt", b"Relative")
    monkeypatch.chdir(tmp_path)
    article = import_file("rel.txt")
    assert Path(article.source_path).is_absolute()
    assert article.source_path == str(tmp_path / "rel.txt")


def test_utf8_with_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", "\ufeffÜberschrift\nText".encode())
    article = import_file(path)
    assert article.text == "Überschrift\nText"
    assert article.title == "Überschrift"
    assert article.encoding == "utf-8-sig"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    bom = b"\xff\xfe" if codec == "utf-16-le" else b"\xfe\xff"
    path = write(tmp_path, "wide.txt", bom + f"Title\r\n\r\n{RUSSIAN} 北京 🙂".encode(codec))
    article = import_file(path)
    assert article.text == f"Title\n\n{RUSSIAN} 北京 🙂"
    assert article.encoding == codec


def test_utf16_without_bom_is_recognised(tmp_path: Path) -> None:
    path = write(tmp_path, "nobom.txt", "Plain English text, saved as UTF-16.".encode("utf-16-le"))
    article = import_file(path)
    assert article.text == "Plain English text, saved as UTF-16."
    assert article.encoding == "utf-16-le"


def test_short_russian_cp1251(tmp_path: Path) -> None:
    # charset-normalizer alone reads short cp1251 text as cp1250 mojibake
    path = write(tmp_path, "ru.txt", RUSSIAN_SHORT.encode("cp1251"))
    article = import_file(path)
    assert article.text == RUSSIAN_SHORT
    assert article.encoding == "cp1251"


def test_russian_cp1251_two_lines(tmp_path: Path) -> None:
    article = import_file(write(tmp_path, "ru2.txt", RUSSIAN.encode("cp1251")))
    assert article.text == RUSSIAN
    assert article.title == "Москва — столица России."


def test_russian_koi8r(tmp_path: Path) -> None:
    article = import_file(write(tmp_path, "koi.txt", RUSSIAN_SHORT.encode("koi8_r")))
    assert article.text == RUSSIAN_SHORT
    assert article.encoding == "koi8_r"


@pytest.mark.parametrize("sample", [FRENCH, GERMAN])
def test_latin1_western_text(tmp_path: Path, sample: str) -> None:
    article = import_file(write(tmp_path, "west.txt", sample.encode("latin-1")))
    assert article.text == sample
    # Windows-1252 is the superset browsers and Windows use for Latin-1
    assert article.encoding in ("cp1252", "latin-1")


def test_cp1252_smart_quotes(tmp_path: Path) -> None:
    sample = "He said “yes” – it’s done…"
    article = import_file(write(tmp_path, "quotes.txt", sample.encode("cp1252")))
    assert article.text == sample


@pytest.mark.parametrize(
    "sample", ["Zażółć gęślą jaźń. Główny urząd statystyczny podał dane.", "Zażółć gęślą jaźń."]
)
def test_polish_cp1250(tmp_path: Path, sample: str) -> None:
    article = import_file(write(tmp_path, "pl.txt", sample.encode("cp1250")))
    assert article.text == sample
    assert article.encoding == "cp1250"


def test_greek_cp1253(tmp_path: Path) -> None:
    sample = "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας."
    article = import_file(write(tmp_path, "el.txt", sample.encode("cp1253")))
    assert article.text == sample


def test_utf8_with_one_stray_legacy_byte_stays_utf8(tmp_path: Path) -> None:
    good = "Grüße aus München — “quoted” text, déjà vu, Straße, Größe, schön. " * 3
    data = good.encode() + b"Price: 5\x80 only."  # a cp1252 euro sign in a UTF-8 file
    article = import_file(write(tmp_path, "mixed.txt", data))
    assert article.encoding == "utf-8"
    assert article.text == (good + "Price: 5\ufffd only.").strip()


def test_encoding_can_be_overridden(tmp_path: Path) -> None:
    path = write(tmp_path, "x.txt", "Ïðèâåò".encode("cp1252"))
    assert import_file(path, encoding="cp1252").text == "Ïðèâåò"
    assert import_file(path, encoding="cp1252").encoding == "cp1252"
    with pytest.raises(IntakeError, match=r'^x\.txt: unknown encoding "nope"$'):
        import_file(path, encoding="nope")


def test_markdown_file_title_from_heading(tmp_path: Path) -> None:
    source = "Some intro line\n\n# The *Real* Title #\n\nBody with **bold**.\n"
    article = import_file(write(tmp_path, "note.md", source.encode()))
    assert article.title == "The *Real* Title"
    assert article.source_kind == "md"
    # Markdown is kept as written, so clip spans match what the user sees in the file.
    assert article.text == source.strip()


def test_markdown_front_matter_gives_metadata(tmp_path: Path) -> None:
    source = (
        "---\n"
        'title: "Grid deal signed"\n'
        "author:\n  - Jane Smith\n  - John Roe\n"
        "date: 2024-03-05\n"
        "source: https://ledger.example/news/grid\n"
        "site_name: The Daily Ledger\n"

        "lang: en\n"
        "---\n\n"
        "# Grid deal signed\n\nMinisters agreed.\n"
    )
    article = import_file(write(tmp_path, "clip.markdown", source.encode()))
    assert article.title == "Grid deal signed"
    assert article.authors == ["Jane Smith", "John Roe"]
    assert article.published == "2024-03-05"
    assert article.url == "https://ledger.example/news/grid"
    assert article.outlet == "The Daily Ledger"
    assert article.language == "en"
    assert article.text == "# Grid deal signed\n\nMinisters agreed."


def test_front_matter_lists_give_one_value_except_for_authors() -> None:
    fields, rest = split_front_matter(
        "---\nurl: [https://a.example/1, https://b.example/2]\nauthors: [A, 'B']\n---\nBody"
    )
    assert fields == {"url": "https://a.example/1", "authors": ["A", "B"]}
    assert rest == "Body"


def test_front_matter_that_is_not_simple_stays_text() -> None:
    source = "---\nnested:\n  deeper: {a: 1}\n---\nBody"
    assert split_front_matter(source) == ({}, source)


def test_pasted_text_title_and_kind() -> None:
    article = article_from_text("\n\n   \nFirst real line\nsecond\n")
    assert article.title == "First real line"
    assert article.source_kind == "paste-text"
    assert article.source_path == ""
    assert article.encoding == ""
    assert article.text == "First real line\nsecond"


def test_pasted_text_explicit_title_and_long_first_line() -> None:
    assert article_from_text("Body", title="  My\ntitle ").title == "My title"
    long_line = "word " * 200
    title = article_from_text(long_line).title
    assert 0 < len(title) <= 200
    assert title.endswith("…")


def test_pasted_text_with_control_characters_and_lone_surrogates() -> None:
    raw = "Clean\x00 te\x07xt\ud800 here\x1b\r\nnext\x7f line\u0085\ufffe\u2028last"
    article = article_from_text(raw)
    # NEL and LINE SEPARATOR are line breaks; the noncharacter between them goes
    assert article.text == "Clean text here\nnext line\n\nlast"
    article.text.encode("utf-8")


def test_pasted_text_that_is_only_whitespace_is_refused() -> None:
    with pytest.raises(IntakeError, match=r"^pasted text: there is no text$"):
        article_from_text(" \n\x00\n\t ")


def test_typographic_and_world_scripts_kept_exactly(tmp_path: Path) -> None:
    sample = (
        "“Curly” ‘quotes’ — dash – en ʼokina ʼ\u00a0nbsp\n"
        "Emoji: 👍🏽 🇺🇦 👨‍👩‍👧\n"
        "CJK: 北京欢迎你 東京 서울\n"
        "Arabic: مرحبا بالعالم\n"
        "Hebrew: שלום עולם\n"
        "Combining: e\u0301 a\u0308 (not NFC)"
    )
    article = import_file(write(tmp_path, "world.txt", sample.encode()))
    assert article.text == sample
    assert article_from_text(sample).text == sample


def test_ten_thousand_word_article(tmp_path: Path) -> None:
    paragraphs = [
        " ".join(f"word{p}_{w}" for w in range(100)) for p in range(100)
    ]
    source = "Long Article\n\n" + "\n\n".join(paragraphs)
    article = import_file(write(tmp_path, "long.txt", source.encode()))
    assert len(article.text.split()) == 10_002
    assert article.text.count("\n\n") == 100
    assert article.text.endswith("word99_99")


# How long these take is measured by `make bench` (import_text_20mb_*); here, that every line
# of a 20 MB file comes through.
def test_twenty_megabyte_file_comes_through_whole(tmp_path: Path) -> None:
    line = "Ministers met on Tuesday — “this is historic”, one said.   \r\n"
    lines = 20_000_000 // len(line.encode())
    data = ("Title\r\n\r\n" + line * lines).encode()
    path = write(tmp_path, "big.txt", data)
    article = import_file(path)
    assert article.text.startswith("Title\n\nMinisters met")
    assert "\r" not in article.text
    assert article.text.count("\n") == lines + 1  # trailing spaces and the last break go
    assert len(article.text) == len("Title\n\n") + lines * (len(line) - 4) - 1


def test_twenty_megabyte_legacy_file_comes_through_whole(tmp_path: Path) -> None:
    line = RUSSIAN_SHORT + "\n"
    lines = 20_000_000 // len(line)
    data = (line * lines).encode("cp1251")
    article = import_file(write(tmp_path, "bigru.txt", data))
    assert article.encoding == "cp1251"
    assert article.text.startswith(RUSSIAN_SHORT)
    assert article.text == (line * lines).rstrip("\n")


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "report.txt", b"")
    with pytest.raises(IntakeError, match=r"^report\.txt: the file is empty$"):
        import_file(path)


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.txt", b"  \r\n\t\n")
    with pytest.raises(IntakeError, match=r"^blank\.txt: the file contains no text$"):
        import_file(path)


def test_binary_file_named_txt(tmp_path: Path) -> None:
    png_like = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20
    with pytest.raises(IntakeError, match=r"^scan\.txt: this is a binary file, not text$"):
        import_file(write(tmp_path, "scan.txt", png_like))


def test_binary_without_nul_bytes(tmp_path: Path) -> None:
    noise = bytes(b for b in range(1, 32) if b not in (9, 10, 13)) * 50
    with pytest.raises(IntakeError, match="binary file"):
        import_file(write(tmp_path, "noise.md", noise))
