"""The analyst's prose in every writer: real bold and italic runs, live safe links, bulleted
and numbered lists, inline quotes with their citation; read back from each output."""

from __future__ import annotations

import re
import subprocess

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefing.core import storage
from briefing.core.compile import compile_briefing
from briefing.core.model import (
    Article,
    Briefing,
    BriefingMeta,
    Clip,
    ClipKind,
    KeyJudgment,
    Note,
    Section,
)
from briefing.core.theme import Theme
from briefing.render.docx import write_docx
from briefing.render.html import render_html
from briefing.render.pdf import write_pdf

COMMENTARY = (
    "Rutte called US participation a [@c-in], **a shift** in *tone*.\n\n"
    "1. First [the cable](https://example.org/cable) & <b>not markup</b>\n"
    "2. Second [bad](ftp://example.org/f)\n\n"
    "- bullet one\n- bullet two\n\n"
    "5. restarts at five"
)


def prose_briefing() -> Briefing:
    article = Article(id="a-1", title="Summit", outlet="Wire", published="2026-11-27",
                      url="https://example.org/summit",
                      text="Rutte said it was a real breakthrough for the alliance.")  # fmt: skip
    at = article.text.index("real")
    clip = Clip("c-in", "a-1", ClipKind.QUOTE, "real breakthrough", at, at + 17, speaker="Rutte")
    return Briefing(
        meta=BriefingMeta(title="Prose", key_judgments=[KeyJudgment("k", "It *matters*.")]),
        articles=[article],
        clips=[clip],
        sections=[Section("s-1", "Summit", COMMENTARY, [Note("n-1", "**Watch** [@c-in].")])],
    )


@pytest.fixture(scope="module")
def document():
    return compile_briefing(prose_briefing(), Theme())


def test_docx_has_real_runs_hyperlinks_and_restarting_numbered_lists(tmp_path, document):
    path = tmp_path / "p.docx"
    write_docx(document, Theme(), path)
    word = docx.Document(str(path))
    paragraphs = {p.text: p for p in word.paragraphs}
    lead = paragraphs[
        "Rutte called US participation a “real breakthrough”\u00a0[1], a shift in tone."
    ]
    runs = [(r.text, bool(r.bold), bool(r.italic)) for r in lead.runs]
    assert ("a shift", True, False) in runs and ("tone", False, True) in runs
    assert not any("*" in r.text for r in lead.runs)  # no literal asterisks
    first = next(p for p in word.paragraphs if p.text.startswith("First"))
    assert first.text == "First the cable & <b>not markup</b>"
    assert first.style.name == "List Number"
    links = first._p.xpath(".//w:hyperlink")
    assert len(links) == 1
    assert word.part.rels[links[0].get(docx.oxml.ns.qn("r:id"))].target_ref == (
        "https://example.org/cable"
    )
    second = next(p for p in word.paragraphs if p.text.startswith("Second"))
    assert second.text == "Second bad" and not second._p.xpath(".//w:hyperlink")
    numbered = [p for p in word.paragraphs if p.style.name == "List Number"]
    num_ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert len(numbered) == 3 and num_ids[0] == num_ids[1] != num_ids[2]  # a new list restarts
    numbering = word.part.numbering_part.element
    starts = {
        num.get(docx.oxml.ns.qn("w:numId")): num.xpath("./w:lvlOverride/w:startOverride/@w:val")
        for num in numbering.xpath("./w:num")
    }
    assert starts[str(num_ids[0])] == ["1"] and starts[str(num_ids[2])] == ["5"]
    bullets = [p.text for p in word.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["bullet one", "bullet two"]
    note = next(p for p in word.paragraphs if p.text.startswith("Analyst note"))
    assert note.text == "Analyst note: Watch “real breakthrough”\u00a0[1]."
    assert [r.text for r in note.runs if r.bold] == ["Analyst note: ", "Watch"]


def test_pdf_prints_the_words_and_numbers_not_the_markup(tmp_path, document):
    path = tmp_path / "p.pdf"
    write_pdf(document, Theme(), path)
    text = "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)
    flat = re.sub(r"\s+", " ", text.replace("\u00a0", " "))
    assert "Rutte called US participation a “real breakthrough” [1], a shift in tone." in flat
    assert "1. First the cable & <b>not markup</b>" in flat
    assert "2. Second bad" in flat and "5. restarts at five" in flat
    assert "• bullet one" in flat
    assert "*" not in flat and "ftp:" not in flat
    uris = [
        annot.get_object().get("/A", {}).get("/URI")
        for page in PdfReader(str(path)).pages
        for annot in page.get("/Annots", []) or []
    ]
    assert "https://example.org/cable" in uris
    assert not any(u and "ftp:" in u for u in uris)
    layout = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                            text=True, check=True).stdout  # fmt: skip
    assert "a shift in tone" in layout


def test_html_is_escaped_with_strong_em_lists_and_only_safe_links(document):
    html = render_html(document, Theme())
    assert "<strong>a shift</strong>" in html and "<em>tone</em>" in html
    assert "&amp; &lt;b&gt;not markup&lt;/b&gt;" in html
    assert '<a href="https://example.org/cable">the cable</a>' in html
    assert "ftp:" not in html
    assert re.search(r'<ol class="plain"><li>First', html)
    assert '<ol class="plain" start="5"><li>restarts at five</li></ol>' in html
    assert '<ul class="plain"><li>bullet one</li><li>bullet two</li></ul>' in html
    assert "“real breakthrough”\u00a0<a class=\"cite\"" in html
    assert "<em>matters</em>" in html  # a key judgment's emphasis


# ---- round trip: prose → save → load → compile → every writer ----------------------------
_word = st.text(alphabet="abcdefghkmnoprstuvwxyz", min_size=2, max_size=7)
_piece = st.tuples(st.lists(_word, min_size=1, max_size=3).map(" ".join), st.booleans(),
                   st.booleans())  # fmt: skip
_paragraph = st.lists(_piece, min_size=1, max_size=4)


def _markdown(paragraphs: list[list[tuple[str, bool, bool]]], numbered: bool) -> str:
    out = []
    for index, pieces in enumerate(paragraphs):
        words = []
        for text, bold, italic in pieces:
            text = f"*{text}*" if italic else text
            words.append(f"**{text}**" if bold else text)
        line = " ".join(words)
        out.append(f"{index + 1}. {line}" if numbered else line)
    return ("\n" if numbered else "\n\n").join(out)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(st.lists(_paragraph, min_size=1, max_size=3), st.booleans())
def test_prose_round_trips_through_save_load_and_every_writer(tmp_path, paragraphs, numbered):
    briefing = prose_briefing()
    briefing.sections[0].commentary = _markdown(paragraphs, numbered)
    path = tmp_path / "r.briefing"
    storage.save_briefing(briefing, path)
    loaded = storage.load_briefing(path)
    assert loaded.sections[0].commentary == briefing.sections[0].commentary
    document = compile_briefing(loaded, Theme())
    html = render_html(document, Theme())
    write_docx(document, Theme(), tmp_path / "r.docx")
    write_pdf(document, Theme(), tmp_path / "r.pdf")
    word = docx.Document(str(tmp_path / "r.docx"))
    runs = [(r.text, bool(r.bold), bool(r.italic)) for p in word.paragraphs for r in p.runs]
    pages = PdfReader(str(tmp_path / "r.pdf")).pages
    pdf = " ".join(" ".join(p.extract_text().split()) for p in pages)
    styles = [p.style.name for p in word.paragraphs]
    assert styles.count("List Number") == (len(paragraphs) if numbered else 0)
    for pieces in paragraphs:
        line = " ".join(text for text, _b, _i in pieces)
        assert line in pdf and "*" not in pdf
        for text, bold, italic in pieces:
            # neighbouring plain pieces share one run; formatted ones keep their own
            assert any(text in r and (b_, i_) == (bold, italic) for r, b_, i_ in runs)
            html_piece = f"<strong>{text}</strong>" if bold else text
            assert (f"<em>{html_piece}</em>" if italic else html_piece) in html
