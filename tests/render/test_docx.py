"""The DOCX writer, read back with python-docx and as raw XML."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from lxml import etree

from briefing.core import blocks as b
from briefing.core.errors import ExportCancelled, ExportError
from briefing.core.theme import Theme
from briefing.render import docx_styles
from briefing.render.docx import write_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS = {
    "w": W[1:-1],
    "r": R[1:-1],
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
MARKING = "OFFICIAL-SENSITIVE"
ARABIC = "إن الأمن الأوروبي يعتمد على الحوار"
URL = "https://example.com/news?id=1&lang=en"


def representative_document(page_size: str = "a4", **info_changes: str) -> b.Document:
    info = dict(
        title="Weekly Security Briefing",
        author="Jane Analyst",
        subject="NATO and Ukraine",
        language="en-GB",
        created="2031-05-06T07:08:09+02:00",  # the moment of export (compile's `now`)
        marking=MARKING,
        page_size=page_size,
    )
    info.update(info_changes)
    blocks = (
        b.Cover(
            "Weekly Security Briefing", "NATO, Ukraine and the Baltic", "27 November 2026",
            "Jane Analyst", "Strategy Unit", MARKING,
        ),
        b.PageBreak(),
        b.TableOfContents(
            "Contents",
            (
                b.TocEntry(1, "Key judgments", "kj_1"),
                b.TocEntry(1, "Alliance posture", "sec_1"),
                b.TocEntry(2, "Позиция России", "sec_2"),
                b.TocEntry(1, "Sources", "sources_1"),
            ),
        ),
        b.PageBreak(),
        b.Heading(1, "Key judgments", "kj_1"),
        b.BulletList(
            (
                b.ListItem(
                    (b.Text("NATO will raise spending ("), b.CrossRef("Mark Rutte", "clip_1"),
                     b.Text(")")),
                ),
                b.ListItem(
                    (b.Text("Moscow’s rhetoric is hardening ("), b.CrossRef("TASS", "clip_2"),
                     b.Text(")")),
                ),
            ),
            "judgments",
        ),
        b.Heading(1, "Alliance posture", "sec_1"),
        b.Paragraph(
            (b.Text("Markup stays text: <b> & x<y, “curly”, ʼ, emoji 🚀."),), "commentary"
        ),
        b.BlockQuote(
            "We must spend more on defence.", "quote", "— Mark Rutte, NATO Secretary General",
            b.CitationRef(1, "src_1"), "clip_1", note="Said twice.", marking="OFFICIAL",
            note_label="Analyst note", note_lead="Analyst note: ", italic=True,
        ),
        b.Heading(2, "Позиция России", "sec_2"),
        b.BlockQuote(
            "Мы не допустим расширения НАТО.", "excerpt", "— ТАСС, «Заявление МИД»",
            b.CitationRef(2, "src_2"), "clip_2",
        ),
        b.BlockQuote(
            ARABIC, "quote", "— وزير الخارجية", b.CitationRef(2, "src_2"), "clip_3",
            direction="rtl", attribution_direction="rtl",
        ),
        b.Paragraph((b.Text("Analyst note: ", bold=True), b.Text("中国外交部表示反对。")), "note",
                    has_lead=True),
        b.Heading(1, "Sources", "sources_1"),
        b.SourcesList(
            (
                b.SourceEntry(
                    1, "src_1",
                    (b.Text("Reuters. 26 November 2026. "),
                     b.Text("“NATO chief calls for spending”. ", italic=True), b.Link(URL, URL)),
                ),
                b.SourceEntry(
                    2, "src_2", (b.Text("TASS. "), b.Link("not a web link", "javascript:alert(1)"))
                ),
            )
        ),
    )  # fmt: skip
    return b.Document(b.DocumentInfo(**info), blocks)


def write(tmp_path: Path, document: b.Document | None = None, **kwargs) -> Path:
    target = tmp_path / "out.docx"
    write_docx(document or representative_document(), Theme(), target, **kwargs)
    return target


def xml(path: Path, part: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(part))


def style_names(path: Path) -> dict[str, str]:
    """Style id -> name, case-folded (Word keeps some built-in names in lower case)."""
    styles = xml(path, "word/styles.xml")
    return {
        s.get(f"{W}styleId"): s.find(f"{W}name").get(f"{W}val").casefold()
        for s in styles.iter(f"{W}style")
    }


def body_paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style name, visible text) of every body paragraph, in order."""
    names = style_names(path)
    body = xml(path, "word/document.xml").find(f"{W}body")
    result = []
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        result.append((names.get(style.get(f"{W}val")) if style is not None else "", text))
    return result


def visible(element: etree._Element) -> str:
    """The text a reader sees (w:t only: field instructions are not shown)."""
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def part_targets(path: Path, rels_part: str) -> dict[str, str]:
    rels = xml(path, rels_part)
    return {rel.get("Id"): rel.get("Target") for rel in rels}


# ---- structure and content --------------------------------------------------------------------
def test_paragraph_styles_follow_the_blocks_in_order(tmp_path):
    styles = [style for style, _ in body_paragraphs(write(tmp_path))]
    assert styles == [
        # the cover in blocks.Cover's order, as in PDF and HTML (issue 12): the marking under
        # the date, who prepared it at the foot
        "title", "subtitle", "cover details", "cover marking", "cover details", "cover details",
        "toc heading", "toc 1", "toc 1", "toc 2", "toc 1",
        "heading 1", "key judgment", "key judgment",
        "heading 1", "commentary",
        "clip marking", "quote", "quote attribution", "analyst note",
        "heading 2", "excerpt", "quote attribution",
        "quote", "quote attribution",
        "analyst note",
        "heading 1", "source entry", "source entry",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("author", "organisation", "expected"),
    [
        ("Jane Analyst", "Strategy Unit", ["Prepared by", "Jane Analyst", "Strategy Unit"]),
        ("", "Strategy Unit", ["Prepared by", "Strategy Unit"]),
    ],
)
def test_cover_names_who_prepared_it_under_the_theme_label(tmp_path, author, organisation,
                                                           expected):
    document = representative_document()
    cover = b.Cover("Title", "", "27 November 2026", author, organisation, MARKING,
                    prepared_by_label="Prepared by")
    document = b.Document(document.info, (cover, *document.blocks[1:]))
    path = write(tmp_path, document)
    cover_details = [text for style, text in body_paragraphs(path) if style == "cover details"]
    assert cover_details == ["27 November 2026", *expected]
    label = next(p for p in docx.Document(str(path)).paragraphs if p.text == "Prepared by")
    # nothing on the cover is italic, in any format (issue 12: DOCX alone slanted the label)
    assert [run.italic for run in label.runs] == [None]


def test_text_survives_exactly_including_markup_characters_and_scripts(tmp_path):
    paragraphs = dict((text, style) for style, text in body_paragraphs(write(tmp_path)))
    assert paragraphs["Markup stays text: <b> & x<y, “curly”, ʼ, emoji 🚀."] == "commentary"
    assert paragraphs["Мы не допустим расширения НАТО."] == "excerpt"
    assert paragraphs["We must spend more on defence."] == "quote"
    assert paragraphs[ARABIC] == "quote"
    assert paragraphs["Analyst note: 中国外交部表示反对。"] == "analyst note"


def test_quotes_carry_attribution_citation_marking_and_note(tmp_path):
    paragraphs = body_paragraphs(write(tmp_path))
    texts = [text for _, text in paragraphs]
    start = texts.index("We must spend more on defence.")
    assert texts[start - 1] == "OFFICIAL"
    assert texts[start + 1] == "— Mark Rutte, NATO Secretary General\u00a0[1]"
    assert texts[start + 2] == "Analyst note: Said twice."
    assert "— ТАСС, «Заявление МИД»\u00a0[2]" in texts
    assert "— وزير الخارجية\u00a0[2]" in texts


def test_sources_are_numbered_and_links_are_external_hyperlinks(tmp_path):
    path = write(tmp_path)
    texts = [text for style, text in body_paragraphs(path) if style == "source entry"]
    assert texts[0].startswith("[1]Reuters.") and texts[0].endswith(URL)
    assert texts[1] == "[2]TASS. not a web link"
    document = xml(path, "word/document.xml")
    targets = part_targets(path, "word/_rels/document.xml.rels")
    links = document.findall(f".//{W}hyperlink[@{R}id]")
    assert [targets[link.get(f"{R}id")] for link in links] == [URL]
    assert "javascript" not in str(targets)
    rels = xml(path, "word/_rels/document.xml.rels")
    (rel,) = [r for r in rels if r.get("Target") == URL]
    assert rel.get("TargetMode") == "External"
    names = style_names(path)
    run_style = links[0].find(f"{W}r/{W}rPr/{W}rStyle").get(f"{W}val")
    assert names[run_style] == "hyperlink"


def test_every_anchor_is_bookmarked_once_and_internal_links_resolve(tmp_path):
    document = xml(write(tmp_path), "word/document.xml")
    starts = document.findall(f".//{W}bookmarkStart")
    names = [s.get(f"{W}name") for s in starts]
    expected = {"kj_1", "sec_1", "sec_2", "sources_1", "clip_1", "clip_2", "clip_3"}
    assert expected | {"src_1", "src_2"} == set(names)
    assert len(names) == len(set(names))
    ids = [s.get(f"{W}id") for s in starts]
    assert len(ids) == len(set(ids))
    assert sorted(e.get(f"{W}id") for e in document.findall(f".//{W}bookmarkEnd")) == sorted(ids)
    anchors = [h.get(f"{W}anchor") for h in document.findall(f".//{W}hyperlink[@{W}anchor]")]
    assert anchors and set(anchors) <= set(names)
    # TOC (4), cross references (2), citations (3)
    assert len(anchors) == 9
    assert anchors.count("src_2") == 2


def test_citation_is_bracketed_link_in_citation_style(tmp_path):
    path = write(tmp_path)
    document = xml(path, "word/document.xml")
    names = style_names(path)
    citations = [
        h for h in document.findall(f".//{W}hyperlink") if h.get(f"{W}anchor", "").startswith("src")
    ]
    assert [visible(h) for h in citations] == ["[1]", "[2]", "[2]"]
    for link in citations:
        assert names[link.find(f"{W}r/{W}rPr/{W}rStyle").get(f"{W}val")] == "citation"


def entry_text(p):
    """A TOC entry's text: its runs before the tab that leads to the page number."""
    pieces = []
    for r in p.iter(f"{W}r"):
        if r.find(f"{W}tab") is not None:
            break
        pieces += [t.text for t in r.iter(f"{W}t")]
    return "".join(pieces)


def toc_field_chars(p):
    """The paragraph's fldChars of the TOC field itself (not of the PAGEREF fields in it)."""
    runs = list(p.iter(f"{W}r"))
    chars, skipping = [], False
    for index, r in enumerate(runs):
        f = r.find(f"{W}fldChar")
        if f is None:
            continue
        kind = f.get(f"{W}fldCharType")
        following = runs[index + 1].findtext(f"{W}instrText") if index + 1 < len(runs) else ""
        if kind == "begin" and "PAGEREF" in (following or ""):
            skipping = True
        elif skipping:
            skipping = kind != "end"
        else:
            chars.append(f)
    return chars


def test_table_of_contents_is_a_field_whose_result_holds_the_entries(tmp_path):
    path = write(tmp_path)
    body = xml(path, "word/document.xml").find(f"{W}body")
    names = style_names(path)
    toc = [
        p for p in body.iter(f"{W}p")
        if names[p.find(f"{W}pPr/{W}pStyle").get(f"{W}val")] in ("toc 1", "toc 2")
    ]  # fmt: skip
    # Each entry ends with a tab and its page number (a PAGEREF field; see
    # test_docx_toc.py): the entry's text is what comes before the tab.
    assert [entry_text(p) for p in toc] == [
        "Key judgments", "Alliance posture", "Позиция России", "Sources",
    ]  # fmt: skip
    kinds = [
        (i, f.get(f"{W}fldCharType")) for i, p in enumerate(toc) for f in toc_field_chars(p)
    ]
    assert kinds == [(0, "begin"), (0, "separate"), (3, "end")]
    instruction = next(toc[0].iter(f"{W}instrText"))  # then the PAGEREF ones
    assert instruction.text.split() == ["TOC", "\\o", '"1-2"', "\\h", "\\z", "\\u"]
    targets = [p.find(f"{W}hyperlink").get(f"{W}anchor") for p in toc]
    assert targets == ["kj_1", "sec_1", "sec_2", "sources_1"]
    headings = [
        p.find(f"{W}bookmarkStart").get(f"{W}name")
        for p in body.iter(f"{W}p")
        if names[p.find(f"{W}pPr/{W}pStyle").get(f"{W}val")] in ("heading 1", "heading 2")
    ]
    assert headings == targets
    settings = xml(path, "word/settings.xml")
    assert settings.find(f"{W}updateFields") is None  # no prompt on open


def test_page_breaks_become_page_break_before_on_the_next_paragraph(tmp_path):
    path = write(tmp_path)
    body = xml(path, "word/document.xml").find(f"{W}body")
    breaking = [
        visible(p) for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}pageBreakBefore") is not None
    ]
    assert breaking == ["Contents", "Key judgments"]
    assert body.find(f".//{W}br[@{W}type='page']") is None


def test_newlines_and_tabs_inside_text(tmp_path):
    document = b.Document(
        representative_document().info,
        (
            b.Paragraph((b.Text("one\n\ntwo\tafter tab\nafter break"),), "body"),
            b.BlockQuote("first part\n\nsecond part", "quote", "", None, "q_1"),
        ),
    )
    path = write(tmp_path, document)
    assert body_paragraphs(path) == [
        ("body text", "one"),
        ("body text", "twoafter tabafter break"),
        ("quote", "first part"),
        ("quote", "second part"),
    ]
    body = xml(path, "word/document.xml").find(f"{W}body")
    second = body.findall(f"{W}p")[1]
    assert [c.tag.replace(W, "") for c in second.find(f"{W}r")] == ["t", "tab", "t", "br", "t"]
    # the first quote paragraph keeps with the second
    quotes = body.findall(f"{W}p")[2:]
    assert quotes[0].find(f"{W}pPr/{W}keepNext") is not None
    assert quotes[1].find(f"{W}pPr/{W}keepNext") is None


# ---- right to left and fonts -------------------------------------------------------------------
def test_right_to_left_paragraphs_have_bidi_and_rtl_runs(tmp_path):
    body = xml(write(tmp_path), "word/document.xml").find(f"{W}body")
    (quote,) = [p for p in body.iter(f"{W}p") if visible(p) == ARABIC]
    ppr_children = [c.tag.replace(W, "") for c in quote.find(f"{W}pPr")]
    assert "bidi" in ppr_children
    assert ppr_children.index("bidi") > ppr_children.index("pStyle")
    runs = quote.findall(f"{W}r")
    assert runs and all(r.find(f"{W}rPr/{W}rtl") is not None for r in runs)
    english = [p for p in body.iter(f"{W}p") if visible(p).startswith("We must")]
    assert english[0].find(f"{W}pPr/{W}bidi") is None
    assert english[0].find(f".//{W}rtl") is None


def test_cover_and_contents_take_the_direction_the_tree_gives_them(tmp_path):
    # compile tags every text (a byte-order mark is no right-to-left character: the title
    # stays left-to-right); the writer follows the tags
    cover = b.Cover("\ufeffBriefing", "", "", "", "", "")
    toc = b.TableOfContents("Contents", (b.TocEntry(1, ARABIC, "sec_1", direction="rtl"),))
    path = write(tmp_path, b.Document(representative_document().info, (cover, toc)))
    body = xml(path, "word/document.xml").find(f"{W}body")
    bidi = {visible(p): p.find(f"{W}pPr/{W}bidi") is not None for p in body.iter(f"{W}p")}
    assert bidi == {"\ufeffBriefing": False, "Contents": False, ARABIC: True}


def test_styles_name_fonts_for_every_script_and_keep_no_theme_fonts(tmp_path):
    styles = xml(write(tmp_path), "word/styles.xml")
    text = etree.tostring(styles).decode()
    assert "asciiTheme" not in text and "hAnsiTheme" not in text
    assert "eastAsiaTheme" not in text and "cstheme" not in text
    by_name = {s.find(f"{W}name").get(f"{W}val").casefold(): s for s in styles.iter(f"{W}style")}
    for name in ["normal", "title", "heading 1", "quote", "toc 1", "marking", "source entry"]:
        fonts = by_name[name].find(f"{W}rPr/{W}rFonts")
        assert fonts is not None, name
        slots = {k.replace(W, ""): v for k, v in fonts.attrib.items()}
        assert slots["eastAsia"] == "WenQuanYi Zen Hei"
        assert slots["cs"] == "DejaVu Sans"
        assert slots["ascii"] == slots["hAnsi"]
    assert by_name["normal"].find(f"{W}rPr/{W}rFonts").get(f"{W}ascii") == "DejaVu Serif"
    assert by_name["heading 1"].find(f"{W}rPr/{W}rFonts").get(f"{W}ascii") == "DejaVu Sans"
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == "WenQuanYi Zen Hei"
    assert defaults.find(f"{W}lang").get(f"{W}val") == "en-GB"


def test_theme_sizes_and_colours_land_on_the_styles(tmp_path):
    theme = Theme(heading1_size=20.0, marking_colour="#00AA00", body_fonts=("Liberation Serif",))
    target = tmp_path / "themed.docx"
    write_docx(representative_document(), theme, target)
    styles = docx.Document(str(target)).styles
    assert styles["Heading 1"].font.size.pt == 20.0
    assert str(styles["Marking"].font.color.rgb) == "00AA00"
    assert styles["Normal"].font.name == "Liberation Serif"


def test_font_rule_picks_cjk_and_complex_script_families_by_name():
    assert docx_styles.font_slots(("Noto Serif", "Noto Sans CJK SC", "Noto Naskh Arabic")) == {
        "ascii": "Noto Serif",
        "hAnsi": "Noto Serif",
        "eastAsia": "Noto Sans CJK SC",
        "cs": "Noto Naskh Arabic",
    }
    slots = docx_styles.font_slots(("Century Gothic",))
    assert slots["eastAsia"] == docx_styles.DEFAULT_EAST_ASIAN_FONT
    assert slots["cs"] == docx_styles.DEFAULT_COMPLEX_SCRIPT_FONT
    assert docx_styles.font_slots(("DejaVu Serif", "DejaVu Sans"))["cs"] == "DejaVu Sans"


# ---- page furniture -----------------------------------------------------------------------------
def _section_story_parts(path: Path) -> dict[str, str]:
    """'header-default' etc. -> part name, from the document's last section."""
    body = xml(path, "word/document.xml").find(f"{W}body")
    section = body[-1]
    assert section.tag == f"{W}sectPr"
    targets = part_targets(path, "word/_rels/document.xml.rels")
    parts = {}
    for ref in section:
        if ref.tag in (f"{W}headerReference", f"{W}footerReference"):
            kind = "header" if ref.tag.endswith("headerReference") else "footer"
            parts[f"{kind}-{ref.get(f'{W}type')}"] = "word/" + targets[ref.get(f"{R}id")]
    return parts


def _assert_marking_and_page_numbers(path: Path, parts: dict[str, str]) -> None:
    for key, part in parts.items():
        root = xml(path, part)
        texts = [visible(p) for p in root.iter(f"{W}p")]
        assert MARKING in texts, key
        if key.startswith("footer"):
            instructions = [i.text.strip() for i in root.iter(f"{W}instrText")]
            assert instructions == ["PAGE", "NUMPAGES"]
            assert "Page 1 of 1" in texts


def test_marking_in_header_and_footer_with_page_x_of_y(tmp_path):
    path = write(tmp_path)
    parts = _section_story_parts(path)
    assert set(parts) == {"header-default", "footer-default"}
    _assert_marking_and_page_numbers(path, parts)
    names = style_names(path)
    header = xml(path, parts["header-default"])
    style = header.find(f".//{W}pStyle").get(f"{W}val")
    assert names[style] == "marking"


def test_page_label_is_split_around_its_placeholders(tmp_path):
    document = representative_document(page_label="Seite {page} von {pages}")
    path = write(tmp_path, document)
    footer = xml(path, _section_story_parts(path)["footer-default"])
    assert "Seite 1 von 1" in [visible(p) for p in footer.iter(f"{W}p")]


def test_first_page_and_even_headers_of_a_reference_also_carry_the_marking(tmp_path):
    reference = tmp_path / "titlepg.docx"
    template = docx.Document()
    template.sections[0].different_first_page_header_footer = True
    template.settings.odd_and_even_pages_header_footer = True
    template.sections[0].header.paragraphs[0].text = "OLD HEADER TEXT"
    template.save(str(reference))
    path = write(tmp_path, reference=reference)
    parts = _section_story_parts(path)
    assert set(parts) == {
        "header-default", "footer-default", "header-first", "footer-first",
        "header-even", "footer-even",
    }  # fmt: skip
    _assert_marking_and_page_numbers(path, parts)
    with zipfile.ZipFile(path) as archive:
        assert not any(b"OLD HEADER TEXT" in archive.read(n) for n in archive.namelist())


def test_no_marking_means_no_banner_but_page_numbers(tmp_path):
    path = write(tmp_path, representative_document(marking=""))
    parts = _section_story_parts(path)
    footer = xml(path, parts["footer-default"])
    assert [visible(p) for p in footer.iter(f"{W}p")] == ["Page 1 of 1"]


@pytest.mark.parametrize(
    ("page_size", "width_mm", "height_mm"), [("a4", 210, 297), ("letter", 215.9, 279.4)]
)
def test_page_size_and_theme_margins(tmp_path, page_size, width_mm, height_mm):
    path = write(tmp_path, representative_document(page_size=page_size))
    section = docx.Document(str(path)).sections[-1]
    assert section.page_width.mm == pytest.approx(width_mm, abs=0.1)
    assert section.page_height.mm == pytest.approx(height_mm, abs=0.1)
    top, right, bottom, left = Theme().margins_mm
    assert section.top_margin.mm == pytest.approx(top, abs=0.1)
    assert section.right_margin.mm == pytest.approx(right, abs=0.1)
    assert section.bottom_margin.mm == pytest.approx(bottom, abs=0.1)
    assert section.left_margin.mm == pytest.approx(left, abs=0.1)


def test_core_properties_are_ours_and_no_library_leftovers(tmp_path):
    path = write(tmp_path)
    props = docx.Document(str(path)).core_properties
    assert props.title == "Weekly Security Briefing"
    assert props.author == "Jane Analyst"
    assert props.last_modified_by == "Jane Analyst"
    assert props.subject == "NATO and Ukraine"
    assert props.language == "en-GB"
    assert props.comments == ""
    assert props.revision == 1
    # the moment of export as the tree records it, in UTC; not the briefing's own date
    assert props.created == props.modified == dt.datetime(2031, 5, 6, 5, 8, 9, tzinfo=dt.UTC)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("docProps/"):
                data = archive.read(name).decode()
                assert "python-docx" not in data, name
                assert "2013" not in data, name


def test_a_created_time_that_is_not_iso_falls_back_to_now() -> None:
    from briefing.render.docx import _parse_created

    now = dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert _parse_created("garbage", now=now) == dt.datetime(2030, 1, 2, 3, 4, 5)
    assert _parse_created("2026-11-27T10:00:00+01:00", now=now) == dt.datetime(2026, 11, 27, 9)


# ---- robustness ---------------------------------------------------------------------------------
def test_control_characters_and_lone_surrogates_do_not_crash(tmp_path):
    bad = "a\x00b\x0bc\ufffed\ud800e\x1f"
    document = b.Document(
        b.DocumentInfo(bad, bad, bad, "en", "not a date", "SECRET\x07", "a4", "Page {page}\x01"),
        (
            b.Cover(bad, bad, bad, bad, bad, bad),
            b.Heading(1, bad, "h\x00"),
            b.Paragraph((b.Text(bad), b.Link(bad, URL), b.CrossRef(bad, "h\x00")), "body"),
            b.BlockQuote(bad, "quote", bad, b.CitationRef(1, "s_1"), "q", note=bad, marking=bad),
            b.SourcesList((b.SourceEntry(1, "s_1", (b.Text(bad),)),)),
        ),
    )
    path = write(tmp_path, document)
    texts = [text for _, text in body_paragraphs(path)]
    assert "abcde" in texts
    assert docx.Document(str(path)).core_properties.title == "abcde"


def test_export_into_missing_folder_raises_export_error(tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        write_docx(representative_document(), Theme(), tmp_path / "missing" / "out.docx")


def test_cancelled_export_leaves_the_earlier_file_byte_identical(tmp_path):
    target = write(tmp_path)
    before = target.read_bytes()
    calls = []

    def cancel_midway(fraction: float) -> None:
        calls.append(fraction)
        if fraction > 0.3:
            raise ExportCancelled

    big = representative_document()
    quotes = tuple(b.BlockQuote(f"quote {i}", "quote", "— x", None, f"q_{i}") for i in range(200))
    big = b.Document(big.info, big.blocks + quotes)
    with pytest.raises(ExportCancelled):
        write_docx(big, Theme(), target, progress=cancel_midway)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx"]
    assert 0.3 < calls[-1] < 0.9  # cancelled while building, not after writing


def test_progress_rises_to_one(tmp_path):
    seen: list[float] = []
    write(tmp_path, progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert seen == sorted(seen)
    assert len(seen) >= 3


def test_output_is_deterministic(tmp_path):
    first = write(tmp_path)
    data = {n: zipfile.ZipFile(first).read(n) for n in zipfile.ZipFile(first).namelist()}
    second = tmp_path / "again.docx"
    write_docx(representative_document(), Theme(), second)
    with zipfile.ZipFile(second) as archive:
        assert {n: archive.read(n) for n in archive.namelist()} == data


def count_python_docx_calls(monkeypatch) -> dict[str, int]:
    """Counts of the python-docx calls whose cost grows with the document (STACK-NOTES)."""
    import collections

    import docx.blkcntnr
    import docx.document
    import docx.styles.styles

    counts: collections.Counter[str] = collections.Counter()

    def counted(name: str, function):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return function(*args, **kwargs)

        return wrapper

    for owner in (docx.blkcntnr.BlockItemContainer, docx.document.Document):
        monkeypatch.setattr(owner, "add_paragraph", counted("add_paragraph", owner.add_paragraph))
        prop = owner.__dict__["paragraphs"]
        monkeypatch.setattr(owner, "paragraphs", property(counted("paragraphs", prop.fget)))
    styles = docx.styles.styles.Styles
    monkeypatch.setattr(styles, "__getitem__", counted("style by name", styles.__getitem__))
    return counts


def test_two_thousand_quotes_are_written_in_linear_work(tmp_path, monkeypatch):
    info = representative_document().info
    blocks: list[b.Block] = [b.Heading(1, "Section", "sec_1")]
    for i in range(2000):
        blocks.append(
            b.BlockQuote(
                f"Quote {i}: we will defend every inch of allied territory, said the minister.",
                "quote", f"— Speaker {i}, Minister", b.CitationRef(i % 50 + 1, f"src_{i % 50 + 1}"),
                f"clip_{i}", note="Analyst note text." if i % 3 == 0 else "",
            )
        )  # fmt: skip
    blocks.append(
        b.SourcesList(
            tuple(
                b.SourceEntry(n, f"src_{n}", (b.Link(f"https://e.com/{n}", f"https://e.com/{n}"),))
                for n in range(1, 51)
            )
        )
    )
    # The time is measured by `make bench` (DOCX export at S, M, L); here, the reason it grows
    # linearly: python-docx's per-paragraph calls (a style looked up by name, add_paragraph
    # rescanning the body) are never made, so their count does not grow with the quotes.
    counts = count_python_docx_calls(monkeypatch)
    (tmp_path / "small").mkdir()
    write(tmp_path / "small", b.Document(info, (*blocks[:21], blocks[-1])))
    small = dict(counts)
    counts.clear()
    path = write(tmp_path, b.Document(info, tuple(blocks)))
    assert counts == small
    assert counts["add_paragraph"] == 0 and counts["paragraphs"] == 0
    styles = [style for style, _ in body_paragraphs(path)]
    assert styles.count("quote") == 2000
    assert styles.count("quote attribution") == 2000


# ---- reference documents -----------------------------------------------------------------------
def _load_generator():
    import importlib.util

    script = Path(__file__).resolve().parents[2] / "tools" / "make_reference_docx.py"
    spec = importlib.util.spec_from_file_location("make_reference_docx", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bundled_reference_defines_every_style_and_matches_its_generator(tmp_path):
    generator = _load_generator()
    target, build = generator.TARGET, generator.build
    rebuilt = tmp_path / "reference.docx"
    build(rebuilt)
    assert rebuilt.read_bytes() == target.read_bytes(), "run tools/make_reference_docx.py"
    names = {s.name.casefold() for s in docx.Document(str(target)).styles}
    assert {n.casefold() for n in docx_styles.ALL_STYLES} <= names


def test_user_reference_keeps_its_styles_and_gains_missing_ones(tmp_path):
    reference = tmp_path / "corporate.docx"
    template = docx.Document()  # python-docx's own template: has Quote, lacks Key Judgment etc.
    quote = template.styles["Quote"]
    quote.font.name = "Corporate Sans"
    quote.font.size = docx.shared.Pt(13)
    template.save(str(reference))
    path = write(tmp_path, reference=reference)
    output = docx.Document(str(path))
    assert output.styles["Quote"].font.name == "Corporate Sans"
    assert output.styles["Quote"].font.size.pt == 13
    for name in ("Quote Attribution", "Key Judgment", "Source Entry", "Marking", "Citation"):
        assert output.styles[name] is not None
    # the copied Key Judgment style points at a bullet definition that exists
    numbering = xml(path, "word/numbering.xml")
    num_ids = {n.get(f"{W}numId") for n in numbering.iter(f"{W}num")}
    style = output.styles["Key Judgment"].element
    assert style.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val") in num_ids
    # abstractNum definitions precede every num (schema order)
    kinds = [c.tag for c in numbering if c.tag in (f"{W}abstractNum", f"{W}num")]
    assert kinds == sorted(kinds, key=lambda tag: tag != f"{W}abstractNum")
    assert [s for s, _ in body_paragraphs(path)][:2] == ["title", "subtitle"]
    assert "python-docx" not in zipfile.ZipFile(path).read("docProps/core.xml").decode()


def bundled_reference_copy(target: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """The bundled reference.docx copied to `target`, each member's bytes passed through
    `change(name, data)`; a member it returns None for is left out."""
    from briefing.core.resources import resource_path

    with (
        zipfile.ZipFile(resource_path("reference.docx")) as source,
        zipfile.ZipFile(target, "w") as out,
    ):
        for name in source.namelist():
            data = change(name, source.read(name))
            if data is not None:
                out.writestr(name, data)
    return target


def test_word_template_dotx_is_accepted_as_reference(tmp_path):
    def as_template(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            data = data.replace(b"document.main+xml", b"template.main+xml")
        return data

    dotx = bundled_reference_copy(tmp_path / "corporate.dotx", as_template)
    path = write(tmp_path, reference=dotx)
    assert body_paragraphs(path)[0] == ("title", "Weekly Security Briefing")


@pytest.mark.parametrize("content", [b"not a zip", b""])
def test_unusable_reference_is_an_export_error(tmp_path, content):
    reference = tmp_path / "broken.docx"
    reference.write_bytes(content)
    target = tmp_path / "out.docx"
    with pytest.raises(ExportError, match="reference document"):
        write_docx(representative_document(), Theme(), target, reference=reference)
    assert not target.exists()


def test_no_empty_paragraph_artefacts_or_stray_sections(tmp_path):
    path = write(tmp_path)
    body = xml(path, "word/document.xml").find(f"{W}body")
    assert len(body.findall(f".//{W}sectPr")) == 1
    assert body[-1].tag == f"{W}sectPr"
    empty = [p for p in body.iter(f"{W}p") if not visible(p).strip()]
    assert empty == []
    assert not re.search(rb"ns\d+:", zipfile.ZipFile(path).read("word/document.xml"))


def _tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)  # 2×1 pixels, 8-bit RGB
    pixels = zlib.compress(b"\x00\x1f\x3a\x5f\xa4\x16\x1a")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_cover_logo_is_embedded_and_a_missing_one_is_skipped(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(_tiny_png())
    info = representative_document().info
    for path, expected in ((str(logo), 1), (str(tmp_path / "gone.png"), 0)):
        cover = b.Cover("T", "", "", "", "", "", logo_path=path)
        out = write(tmp_path, b.Document(info, (cover,)))
        with zipfile.ZipFile(out) as archive:
            media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(media) == expected
        body = xml(out, "word/document.xml")
        assert len(body.findall(f".//{W}drawing")) == expected
        assert body_paragraphs(out)[-1] == ("title", "T")


def test_empty_document_is_still_a_valid_file(tmp_path):
    path = write(tmp_path, b.Document(representative_document().info, ()))
    output = docx.Document(str(path))
    assert output.paragraphs == []
    assert output.sections[0].page_width.mm == pytest.approx(210, abs=0.1)


def test_user_reference_keeps_its_margins_but_takes_the_page_size(tmp_path):
    reference = tmp_path / "wide-margins.docx"
    template = docx.Document()
    template.sections[0].left_margin = docx.shared.Mm(50)
    template.save(str(reference))
    path = write(tmp_path, representative_document(page_size="letter"), reference=reference)
    section = docx.Document(str(path)).sections[-1]
    assert section.left_margin.mm == pytest.approx(50, abs=0.1)
    assert section.page_width.mm == pytest.approx(215.9, abs=0.1)


def test_zip_bomb_reference_is_refused_before_reading_it(tmp_path):
    reference = tmp_path / "bomb.docx"
    with zipfile.ZipFile(reference, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(ExportError, match="not a plausible Word template"):
        write(tmp_path, reference=reference)


def test_reference_without_numbering_or_our_list_styles_gets_both(tmp_path):
    def bare(name: str, data: bytes) -> bytes | None:
        if name == "word/numbering.xml":
            return None
        if name in ("[Content_Types].xml", "word/_rels/document.xml.rels"):
            data = re.sub(rb"<[^<]*numbering[^>]*/>", b"", data)
        if name == "word/styles.xml":
            styles = etree.fromstring(data)
            for style in styles.findall(f"{W}style"):
                if style.get(f"{W}styleId") in ("KeyJudgment", "ListBullet", "Quote"):
                    styles.remove(style)
            data = etree.tostring(styles)
        return data

    reference = bundled_reference_copy(tmp_path / "bare.docx", bare)
    path = write(tmp_path, reference=reference)
    with zipfile.ZipFile(path) as archive:
        assert "word/numbering.xml" in archive.namelist()
        assert b"numbering" in archive.read("[Content_Types].xml")
    numbering = xml(path, "word/numbering.xml")
    style = docx.Document(str(path)).styles["Key Judgment"].element
    num_id = style.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
    (num,) = [n for n in numbering.iter(f"{W}num") if n.get(f"{W}numId") == num_id]
    abstract_id = num.find(f"{W}abstractNumId").get(f"{W}val")
    (abstract,) = [
        a for a in numbering.iter(f"{W}abstractNum") if a.get(f"{W}abstractNumId") == abstract_id
    ]
    assert abstract.find(f"{W}lvl/{W}numFmt").get(f"{W}val") == "bullet"
    assert [s for s, _ in body_paragraphs(path)].count("key judgment") == 2
    assert [s for s, _ in body_paragraphs(path)].count("quote") == 2


def test_cover_follows_the_one_cover_design(tmp_path):
    # The geometry of core.cover_design on the cover's own paragraphs (no empty paragraph):
    # the title block a third of the way down under an accent rule, the marking under a rule
    # of its own at the start, who prepared it pushed to the foot of the page.
    import shutil
    import subprocess

    from briefing.core.cover_design import COVER
    from briefing.core.storage import load_briefing
    from briefing.render.export import export_briefing

    sample = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample.briefing"
    now = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    path = export_briefing(load_briefing(sample), tmp_path / "cover.docx", now=now)
    body = xml(path, "word/document.xml").find(f"{W}body")
    paragraphs = {visible(p): p for p in body.iter(f"{W}p")}

    def prop(text: str, path_: str, attr: str) -> str | None:
        found = paragraphs[text].find(f"{W}pPr/{path_}")
        return None if found is None else found.get(f"{W}{attr}")

    section = body.find(f"{W}sectPr")
    height = int(section.find(f"{W}pgSz").get(f"{W}h")) - sum(
        abs(int(section.find(f"{W}pgMar").get(f"{W}{edge}"))) for edge in ("top", "bottom"))
    title = "Lirian Sea Interconnector Outage"
    assert int(prop(title, f"{W}spacing", "before")) == pytest.approx(
        height * COVER.title_from_top, abs=40)
    assert prop(title, f"{W}pBdr/{W}top", "val") == "single"
    assert prop(title, f"{W}pBdr/{W}top", "color") == docx_styles.hex_colour(Theme().accent_colour)
    marking = "OFFICIAL-SENSITIVE"
    assert prop(marking, f"{W}jc", "val") == "left"
    assert prop(marking, f"{W}pBdr/{W}top", "color") == docx_styles.hex_colour(
        Theme().marking_colour)
    assert int(prop("Prepared by", f"{W}spacing", "before")) > height / 4
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        return
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(tmp_path / "cover.pdf"), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    page_height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', boxes)[1])
    tops = {w: float(y) for y, w in re.findall(r'yMin="([\d.]+)"[^>]*>([^<]+)</word>', boxes)}
    assert 0.25 < tops["Lirian"] / page_height < 0.45  # a third of the way down
    assert tops["Prepared"] / page_height > 0.75  # at the foot of the cover page
    assert tops["Northbridge"] > tops["Prepared"]
