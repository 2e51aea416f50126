"""Plain text comes in well (issue 13, point 4): a headline-length first line or the file's
name is the title, one-sentence lines become paragraphs, and a page's heading is not repeated
as its first paragraph."""

from __future__ import annotations

from pathlib import Path

from briefing.core.intake import import_file
from briefing.core.intake.html import article_from_html, drop_repeated_heading
from briefing.core.intake.text import (
    TITLE_MAX,
    article_from_text,
    paragraphs_from_lines,
    title_from_file_name,
    title_from_text,
)

LONG_FIRST = ("Ministers from twelve countries met in Brussels on Monday to agree the terms of a "
              "shared electricity grid that would carry wind power from the North Sea.")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_short_first_line_is_the_title(tmp_path):
    article = import_file(_write(tmp_path, "x.txt", "Grid deal signed\n\n" + LONG_FIRST))
    assert article.title == "Grid deal signed"


def test_a_long_first_line_gives_way_to_the_file_name(tmp_path):
    article = import_file(_write(tmp_path, "north-sea_grid deal.txt", LONG_FIRST + "\n\nMore."))
    assert article.title == "north sea grid deal"
    assert len(LONG_FIRST) > TITLE_MAX


def test_pasted_text_with_a_long_first_line_gets_a_headline_length_title():
    title = article_from_text(LONG_FIRST + "\n\nMore.").title
    assert len(title) <= TITLE_MAX and title.endswith("…")
    assert title.startswith("Ministers from twelve countries")


def test_file_names_read_like_titles():
    assert title_from_file_name("grid_deal-2026.txt") == "grid deal 2026"
    assert title_from_file_name("") == ""
    assert title_from_text("", file_name="notes.txt") == "notes"


def test_one_sentence_lines_become_paragraphs(tmp_path):
    text = ("Grid deal signed\nMinisters met on Monday.\nThey agreed a shared grid.\n"
            "“It is a breakthrough,” said one.\n")
    article = import_file(_write(tmp_path, "deal.txt", text))
    assert article.text == ("Grid deal signed\n\nMinisters met on Monday.\n\n"
                            "They agreed a shared grid.\n\n“It is a breakthrough,” said one.")
    assert article.title == "Grid deal signed"
    assert article_from_text(text).text == article.text  # pasted, the same


def test_hard_wrapped_prose_and_texts_with_blank_lines_stay_as_written():
    wrapped = ("Ministers from twelve countries met in Brussels on\n"
               "Monday to agree the terms of a shared electricity grid\n"
               "that would carry wind power from the North Sea. It\n"
               "was the third meeting this year.\n")
    assert paragraphs_from_lines(wrapped) == wrapped
    spaced = "Title\n\nOne sentence.\nAnother sentence.\nA third one."
    assert paragraphs_from_lines(spaced) == spaced
    assert paragraphs_from_lines("One.\nTwo.") == "One.\nTwo."  # too little to tell


def test_markdown_line_breaks_are_left_to_markdown(tmp_path):
    text = "# Deal\nMinisters met.\nThey agreed.\nIt held.\n"
    article = import_file(_write(tmp_path, "deal.md", text))
    assert article.text == text.rstrip("\n")


PAGE = """<!doctype html><html><head><title>{title}</title></head><body>
<article><h1>Budget row deepens</h1>
<p>The finance minister refused on Tuesday to reopen the budget talks, saying the
numbers had been agreed in March and would not change before the summer recess.</p>
<p>Opposition leaders called the refusal reckless and promised a vote of no confidence
before the end of the month, the third such threat this year.</p>
</article></body></html>"""


def test_a_pages_heading_is_not_repeated_as_its_first_paragraph():
    for title in ("Budget row deepens", "Budget row deepens | The Ledger"):
        article = article_from_html(PAGE.format(title=title))
        assert article.text.startswith("The finance minister refused"), title
        assert "Budget row deepens" not in article.text


def test_drop_repeated_heading_keeps_what_is_not_a_repeat():
    assert drop_repeated_heading("Budget\n\nText.", "budget") == "Text."
    assert drop_repeated_heading("Budget\n\nText.", "Budget row") == "Budget\n\nText."
    assert drop_repeated_heading("Budget", "Budget") == "Budget"  # all there is
    assert drop_repeated_heading("Budget rows\n\nText.", "Budget row | X") == (
        "Budget rows\n\nText.")
