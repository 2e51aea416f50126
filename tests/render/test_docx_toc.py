"""The DOCX contents page: entries with dot leaders and page numbers from our own layout,
checked against our layout model and, where LibreOffice is installed, against its layout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from briefing.core import blocks as b
from briefing.core.storage import load_briefing
from briefing.render.docx_layout import PageFrame, StyleSheet, paginate
from briefing.render.export import export_briefing

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample" / "sample.briefing"


def toc_entries(path: Path) -> list[tuple[str, str, int]]:
    """(text, PAGEREF bookmark, page number shown) for every contents entry."""
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    entries = []
    for p in root.iter(f"{W}p"):
        instructions = [i.text or "" for i in p.iter(f"{W}instrText")]
        pageref = next((i for i in instructions if "PAGEREF" in i), None)
        if pageref is None:
            continue
        texts = [t.text or "" for t in p.iter(f"{W}t")]
        entries.append((texts[0], pageref.split()[1], int(texts[-1])))
    return entries


def test_sample_contents_have_page_numbers_leaders_and_links(tmp_path):
    target = export_briefing(load_briefing(SAMPLE), tmp_path / "sample.docx")
    root = etree.fromstring(zipfile.ZipFile(target).read("word/document.xml"))
    entries = toc_entries(target)
    assert [text for text, _, _ in entries] == [
        "Key judgments",
        "Cause: anchor drag under investigation",
        "Impact in Severia",
        "Repair outlook: the Varnholm strike is the critical path",
        "Sources",
    ]
    pages = [page for _, _, page in entries]
    assert pages[0] >= 2  # the cover is page 1, as the PAGE field counts
    assert pages == sorted(pages) and pages[-1] > pages[0]
    bookmarks = {s.get(f"{W}name") for s in root.iter(f"{W}bookmarkStart")}
    for _, bookmark, _ in entries:
        assert bookmark in bookmarks
    entry_paragraphs = [p for p in root.iter(f"{W}p") if "PAGEREF" in etree.tostring(p).decode()]
    for p in entry_paragraphs:
        (tab,) = p.find(f"{W}pPr").iter(f"{W}tab")
        assert (tab.get(f"{W}val"), tab.get(f"{W}leader")) == ("right", "dot")
        assert int(tab.get(f"{W}pos")) == 11906 - 2 * 1247  # the text width of A4 here
        link = p.find(f"{W}hyperlink")
        assert link is not None and link.find(f".//{W}instrText") is not None
    settings = zipfile.ZipFile(target).read("word/settings.xml")
    assert b"updateFields" not in settings and b"w:dirty" not in zipfile.ZipFile(target).read(
        "word/document.xml"
    )


def _exact_paragraph(text: str, **ppr: str) -> etree._Element:
    p = etree.Element(f"{W}p")
    props = etree.SubElement(p, f"{W}pPr")
    for name in ppr:
        etree.SubElement(props, f"{W}{name}")
    etree.SubElement(etree.SubElement(p, f"{W}r"), f"{W}t").text = text
    return p


def _sheet(line: int) -> StyleSheet:
    styles = etree.fromstring(
        f'<w:styles xmlns:w="{W[1:-1]}"><w:docDefaults><w:pPrDefault><w:pPr>'
        f'<w:spacing w:before="0" w:after="0" w:line="{line}" w:lineRule="exact"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults></w:styles>"
    )
    return StyleSheet(styles)


def test_layout_breaks_pages_where_the_lines_run_out():
    # 10 lines of exactly 300 twips fit a 3,000-twip page; the 11th starts page 2.
    paragraphs = [_exact_paragraph(f"line {n}") for n in range(25)]
    pages = paginate(paragraphs, _sheet(300), PageFrame(9000, 3000))
    assert pages == [1] * 10 + [2] * 10 + [3] * 5


def test_layout_keeps_a_heading_with_the_next_paragraph_and_honours_breaks():
    paragraphs = [_exact_paragraph(f"line {n}") for n in range(9)]
    paragraphs.append(_exact_paragraph("heading", keepNext=""))
    paragraphs.append(_exact_paragraph("text after the heading"))
    paragraphs.append(_exact_paragraph("new chapter", pageBreakBefore=""))
    pages = paginate(paragraphs, _sheet(300), PageFrame(9000, 3000))
    assert pages[8] == 1
    assert pages[9:] == [2, 2, 3]  # the heading would be the page's last line: it moves


def test_layout_wraps_long_paragraphs_into_more_lines():
    word_count = 400
    long_text = " ".join(["briefing"] * word_count)
    paragraphs = [_exact_paragraph(long_text), _exact_paragraph("next")]
    pages = paginate(paragraphs, _sheet(300), PageFrame(9000, 3000))
    # DejaVu-like widths: ~70 words a line at 10 pt over 450 pt: several lines, > 1 page.
    assert pages[0] == 1 and pages[1] >= 1
    narrow = paginate(paragraphs, _sheet(300), PageFrame(2000, 3000))
    assert narrow[1] > pages[1]


# ---- against LibreOffice ------------------------------------------------------------------------
SOFFICE = shutil.which("soffice")


def libreoffice_heading_pages(docx: Path, folder: Path) -> list[tuple[str, int]]:
    """The headings' pages in LibreOffice's own layout: its PDF's outline (one entry per
    heading, at the page where it laid the heading out)."""
    import pypdf

    profile = folder / "lo-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(folder), str(docx)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    reader = pypdf.PdfReader(folder / f"{docx.stem}.pdf")
    found: list[tuple[str, int]] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


def forty_page_briefing(path: Path):
    sys.path.insert(0, str(ROOT))
    try:
        from benchmarks.synthetic import Size, build_briefing
    finally:
        sys.path.remove(str(ROOT))
    return build_briefing(
        Size("P40", articles=30, quotes=130, sections=24, key_judgments=6), seed=20261127
    )


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("which", ["sample", "forty", "forty-letter"])
def test_contents_page_numbers_match_libreoffice_layout(tmp_path, which):
    if which == "sample":
        briefing, page_size = load_briefing(SAMPLE), None
    else:
        briefing = forty_page_briefing(tmp_path)
        page_size = "letter" if which.endswith("letter") else None
    target = export_briefing(briefing, tmp_path / f"{which}.docx", page_size=page_size)
    ours = toc_entries(target)
    theirs = libreoffice_heading_pages(target, tmp_path)
    assert [text for text, _ in theirs] == [text for text, _, _ in ours]
    differences = [page - lo for (_, _, page), (_, lo) in zip(ours, theirs, strict=True)]
    assert all(abs(d) <= 1 for d in differences), differences
    # Measured: sample 5/5, forty-page A4 26/26, Letter 26/26 on the same page.
    assert sum(d == 0 for d in differences) >= 0.9 * len(differences), differences
    if which == "forty":
        assert theirs[-1][1] >= 30  # it is the long briefing it claims to be


def test_table_of_contents_without_headings_is_still_an_empty_field(tmp_path):
    from briefing.core.theme import Theme
    from briefing.render.docx import write_docx

    info = b.DocumentInfo("T", "A", "S", "en", "2026-11-27T09:00:00+00:00", "", "a4")
    document = b.Document(info, (b.TableOfContents("Contents", ()),))
    write_docx(document, Theme(), tmp_path / "empty.docx")
    assert toc_entries(tmp_path / "empty.docx") == []
