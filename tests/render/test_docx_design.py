"""The DOCX writer follows compile's one design (issue 12.5): the cover unnumbered but marked,
the attribution at the quote's end edge, nothing italic on the cover, a right-to-left outlet
as a right-to-left run in a left-to-right Sources entry."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from briefing.core import blocks as b
from briefing.core.theme import Theme
from briefing.render.docx import write_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
INFO = b.DocumentInfo("T", "A", "S", "en", "2026-11-27T09:00:00", "SECRET", "a4",
                      label_first_page=False)  # fmt: skip
DOC = b.Document(
    INFO,
    (
        b.Cover("T", "", "27 November 2026", "Me", "Org", "SECRET",
                prepared_by_label="Prepared by"),
        b.PageBreak(),
        b.BlockQuote("Left to right.", "quote", "— Ana", b.CitationRef(1, "src_1"), "q1",
                     italic=True),
        b.BlockQuote("قال الوزير", "quote", "— وزير", b.CitationRef(1, "src_1"), "q2",
                     direction="rtl", attribution_direction="rtl"),
        b.SourcesList((b.SourceEntry(1, "src_1", (
            b.Text("الجزيرة", language="ar", direction="rtl"), b.Text(". 20 November 2026."),
        )),)),
    ),
)


def _parts(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: etree.fromstring(archive.read(name))
            for name in archive.namelist()
            if name.startswith("word/") and name.endswith(".xml")
        }


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def test_cover_is_marked_but_not_numbered(tmp_path: Path) -> None:
    path = tmp_path / "d.docx"
    write_docx(DOC, Theme(), path)
    parts = _parts(path)
    section = parts["word/document.xml"].find(f".//{W}body/{W}sectPr")
    assert section.find(f"{W}titlePg") is not None
    rels = etree.fromstring(zipfile.ZipFile(path).read("word/_rels/document.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    footers = {
        ref.get(f"{W}type"): parts["word/" + targets[ref.get(f"{R}id")]]
        for ref in section.iter(f"{W}footerReference")
    }
    first, default = footers["first"], footers["default"]
    assert "SECRET" in _text(first) and not list(first.iter(f"{W}instrText"))
    assert [i.text.strip() for i in default.iter(f"{W}instrText")] == ["PAGE", "NUMPAGES"]
    headers = [ref for ref in section.iter(f"{W}headerReference")]
    assert {h.get(f"{W}type") for h in headers} >= {"default", "first"}


def test_attribution_sits_at_the_quotes_end_and_the_cover_is_upright(tmp_path: Path) -> None:
    path = tmp_path / "d.docx"
    write_docx(DOC, Theme(), path)
    body = _parts(path)["word/document.xml"]
    paragraphs = {_text(p): p for p in body.iter(f"{W}p")}
    ltr = next(p for text, p in paragraphs.items() if text.startswith("— Ana"))
    rtl = next(p for text, p in paragraphs.items() if text.startswith("— وزير"))
    assert ltr.find(f"{W}pPr/{W}jc").get(f"{W}val") == "right"
    # a bidi paragraph's "left" is Word's end edge for a right-to-left line: its left side
    assert rtl.find(f"{W}pPr/{W}bidi") is not None
    assert rtl.find(f"{W}pPr/{W}jc").get(f"{W}val") == "right"
    label = paragraphs["Prepared by"]
    assert label.find(f".//{W}rPr/{W}i") is None


def test_a_right_to_left_outlet_is_a_right_to_left_run(tmp_path: Path) -> None:
    path = tmp_path / "d.docx"
    write_docx(DOC, Theme(), path)
    body = _parts(path)["word/document.xml"]
    entry = next(p for p in body.iter(f"{W}p") if "20 November 2026" in _text(p))
    assert entry.find(f"{W}pPr/{W}bidi") is None  # the entry keeps the document's direction
    outlet = next(r for r in entry.iter(f"{W}r") if _text(r) == "الجزيرة")
    assert outlet.find(f"{W}rPr/{W}rtl") is not None
    # and a left-to-right mark after it keeps ". 20 November 2026" out of its reordering
    runs = list(entry.iter(f"{W}r"))
    assert _text(runs[runs.index(outlet) + 1]) == "\u200e"
