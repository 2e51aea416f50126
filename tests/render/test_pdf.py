"""The PDF writer, read back with pypdf: structure, text, links, fonts, failure behaviour."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.core import blocks as b
from briefing.core import fonts
from briefing.core.errors import ExportCancelled, ExportError
from briefing.core.fonts import FontError, FontSet
from briefing.core.theme import Theme, load_theme
from briefing.render.pdf import write_pdf
from tests.render.pdf_sample import ARABIC, CJK, HEBREW, HOSTILE, sample_document

pytestmark = pytest.mark.skipif(
    fonts.resolve_family("DejaVu Serif") is None
    or fonts.resolve_family("WenQuanYi Zen Hei") is None,
    reason="needs fonts-dejavu and fonts-wqy-zenhei",
)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def theme() -> Theme:
    return load_theme("default")


@pytest.fixture(scope="module")
def document() -> b.Document:
    return sample_document(36)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, document, theme) -> Path:
    target = tmp_path_factory.mktemp("pdf") / "briefing.pdf"
    write_pdf(document, theme, target)
    return target


@pytest.fixture(scope="module")
def reader(rendered) -> PdfReader:
    return PdfReader(rendered)


@pytest.fixture(scope="module")
def page_texts(reader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def flat_outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page index) for every outline entry, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def headings(document: b.Document) -> list[b.Heading]:
    return [block for block in document.blocks if isinstance(block, b.Heading)]


def page_index_of(reader: PdfReader, reference) -> int:
    target = reference.idnum
    for index, page in enumerate(reader.pages):
        if page.indirect_reference.idnum == target:
            return index
    raise AssertionError(f"no page {reference}")


def readable_forms(text: str) -> list[str]:
    """How a heading can appear in extracted text: as is, or in display order if RTL."""
    from bidi import get_display

    return [squash(text), squash(get_display(text))]


# ---- pages, banner, page numbers, metadata ---------------------------------------------------
def test_every_page_has_marking_twice_and_page_x_of_y(page_texts):
    total = len(page_texts)
    assert total >= 5
    for number, text in enumerate(page_texts, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2, f"page {number}"
        assert f"Page {number} of {total}" in text


def test_banner_and_page_label_in_scripts_the_heading_font_lacks(tmp_path, theme):
    # A marking or page label the heading font cannot draw on its own (or that runs right to
    # left) is set as a paragraph with fallback fonts, not drawn as one plain string.
    info = replace(
        sample_document(1).info, marking=f"{CJK} {ARABIC}", page_label="第{page}页 / {pages}"
    )
    blocks = tuple(b.Paragraph((b.Text(f"Paragraph {n}. " * 60),)) for n in range(40))
    target = tmp_path / "scripts.pdf"
    write_pdf(b.Document(info, blocks), theme, target)
    pages = [squash(page.extract_text()) for page in PdfReader(target).pages]
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert text.count(squash(CJK)) >= 2, f"page {number}"
        assert squash(f"第{number}页 / {len(pages)}") in text


def test_metadata_and_language(reader, document):
    meta = reader.metadata
    assert meta.title == document.info.title
    assert meta.author == "Jane Analyst"
    assert meta.subject == "Allied posture, week 48"
    assert meta.creator == "Briefing Builder"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    # The export moment the tree records (the caller's `now`), with its offset, not the clock.
    assert document.info.created == "2026-11-27T09:00:00+00:00"
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20261127090000+00'00'"


def test_the_creation_date_keeps_the_offset_of_the_export_moment(tmp_path, theme, document):
    info = replace(document.info, created="2031-05-06T07:08:09-03:30")
    out = tmp_path / "dated.pdf"
    write_pdf(replace(document, info=info), theme, out)
    assert PdfReader(out).metadata["/CreationDate"] == "D:20310506070809-03'30'"


def test_streams_are_compressed_without_ascii85(rendered):
    data = rendered.read_bytes()
    assert b"/FlateDecode" in data and b"/ASCII85Decode" not in data


def test_page_sizes(tmp_path, theme):
    small = replace(sample_document(3, sections=1), blocks=())
    sizes = {}
    for name in ("a4", "letter"):
        document = replace(small, info=replace(small.info, page_size=name))
        target = tmp_path / f"{name}.pdf"
        write_pdf(document, theme, target)
        box = PdfReader(target).pages[0].mediabox
        sizes[name] = (round(float(box.width)), round(float(box.height)))
    assert sizes == {"a4": (595, 842), "letter": (612, 792)}


def test_margins_come_from_the_theme(tmp_path, theme):
    document = sample_document(3, sections=1)
    wide = replace(theme, margins_mm=(25.0, 22.0, 25.0, 60.0))
    positions = {}
    for name, used in (("narrow", theme), ("wide", wide)):
        target = tmp_path / f"{name}.pdf"
        write_pdf(document, used, target)
        xs: list[float] = []

        def visit(text, cm, tm, font, size, xs=xs):
            if "Key judgments" in text:
                xs.append(tm[4] * cm[0] + cm[4])

        PdfReader(target).pages[2].extract_text(visitor_text=visit)
        positions[name] = min(xs)
    assert positions["narrow"] == pytest.approx(22 * 72 / 25.4, abs=1)
    assert positions["wide"] == pytest.approx(60 * 72 / 25.4, abs=1)


# ---- outline and table of contents ----------------------------------------------------------
def test_outline_lists_every_heading_at_its_page(reader, page_texts, document):
    outline = flat_outline(reader)
    expected = [("Contents", 0)] + [(h.text, h.level - 1) for h in headings(document)]
    assert [(title, depth) for depth, title, _ in outline] == expected
    for _, title, page in outline:
        assert any(form in squash(page_texts[page]) for form in readable_forms(title)), title


def test_contents_page_lists_headings_with_their_real_pages(reader, page_texts, document):
    outline_pages = {title: page + 1 for _, title, page in flat_outline(reader)}
    toc_text = page_texts[1]
    assert toc_text.startswith("Contents")
    lines = [squash(line) for line in toc_text.splitlines()]
    for heading in headings(document):
        forms = readable_forms(heading.text)
        index = next(i for i, line in enumerate(lines) if line in forms)
        number = lines[index + 1]
        assert number.isdigit(), (heading.text, number)
        assert int(number) == outline_pages[heading.text], heading.text


def test_contents_entries_link_to_their_headings(reader, document):
    outline_pages = {title: page for _, title, page in flat_outline(reader)}
    toc_links = [a.get_object() for a in reader.pages[1]["/Annots"]]
    targets = [page_index_of(reader, link["/Dest"][0]) for link in toc_links]
    assert targets == [outline_pages[h.text] for h in headings(document)]


def test_headings_are_kept_with_the_next_block(tmp_path, theme):
    # Many short sections make headings fall near page ends; each must share its page with
    # the first line of what follows it (the next text line on the page, not the footer).
    document = sample_document(120, sections=30)
    target = tmp_path / "many.pdf"
    write_pdf(document, theme, target)
    for page_text in (p.extract_text() for p in PdfReader(target).pages[2:]):
        lines = [line for line in page_text.splitlines() if line.strip()]
        body = [
            line
            for line in lines
            if "OFFICIAL-SENSITIVE" not in line and not line.strip().startswith("Page ")
        ]
        assert not re.fullmatch(r"(Section \d+: .*|Reactions .*)", body[-1].strip()), body[-1]
        assert not body[0].strip().startswith("—"), "attribution separated from its quote"


# ---- links ----------------------------------------------------------------------------------
def test_external_and_internal_links(reader, page_texts):
    uris = []
    internal: list[tuple[int, int]] = []
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            if "/A" in annotation:
                uris.append(annotation["/A"]["/URI"])
            else:
                internal.append((index, page_index_of(reader, annotation["/Dest"][0])))
    assert "https://example.org/news/allies-pledge?id=1&lang=en" in uris
    assert "https://example.org/commentary" in uris
    sources_page = next(i for i, t in enumerate(page_texts) if "[1] Reuters." in t)
    # every citation in the body ([n] after an attribution) lands on the Sources page
    from_body = [target for source, target in internal if source >= 2]
    assert from_body.count(sources_page) >= 36
    # the key judgments' cross references land on the pages of the quotes they name
    rutte_page = next(i for i, t in enumerate(page_texts) if "We will stand with our" in t)
    assert (2, rutte_page) in internal


# ---- text -----------------------------------------------------------------------------------
def test_hostile_text_appears_verbatim(page_texts, reader):
    everything = "\n".join(page_texts)
    assert HOSTILE in squash(everything)
    assert "Section 2: Middle East <&>" in everything
    assert "<i>x</i> & y" in everything
    assert reader.metadata.title.endswith("& x<y")


def test_scripts_survive(page_texts):
    everything = squash("\n".join(page_texts))
    for sample in (
        "Європа має посилити",
        "Η Ελλάδα παραμένει αξιόπιστος εταίρος — „σταθερά και χωρίς δισταγμούς“",
        "adversaryʼs strategy is “patience”",
        "«Оборона» & <press>",
        CJK,
    ):
        assert sample in everything, sample


def test_arabic_is_shaped_and_in_visual_order(page_texts, theme):
    # Issue 12 changed what this test reads: the page still draws the joined forms right to
    # left, but the text layer now maps them back to the letters they present, so the
    # drawing is read from the paragraph's display lines rather than from extracted text.
    import arabic_reshaper
    from reportlab.lib.styles import ParagraphStyle

    from briefing.render.pdf_bidi import BidiParagraph
    from briefing.render.pdf_text import Markup, PdfFonts, Piece

    shaped = arabic_reshaper.reshape(ARABIC)
    assert any("\ufe70" <= c <= "\ufeff" for c in shaped)
    pdf_fonts = PdfFonts(FontSet(theme.body_fonts))
    style = ParagraphStyle("t", fontName=pdf_fonts.main_name(), fontSize=10, leading=12)
    paragraph = BidiParagraph([Piece(ARABIC)], style, Markup(pdf_fonts, 8), rtl=True)
    (line,) = paragraph.display_lines(2000)
    words = [w.strip(".") for w in shaped.split()]
    # each word drawn right to left (numbers keep their own order)
    displayed = [w.strip(".") if w.isdigit() else w.strip(".")[::-1] for w in line.split()]
    assert displayed == list(reversed(words))  # and the first word at the right
    everything = "".join(page_texts)
    assert not any(
        "\ufb50" <= c <= "\ufdff" or "\ufe70" <= c <= "\ufeff" for c in everything
    ), "presentation forms in the text layer"
    assert "الحلف" in everything and "سيواصل" in everything


def test_hebrew_reads_right_to_left(page_texts, theme):
    # Issue 12: drawn right to left (read from the display lines); the text layer reads back
    # the words themselves (their order in extracted text is the reader's business).
    from reportlab.lib.styles import ParagraphStyle

    from briefing.render.pdf_bidi import BidiParagraph
    from briefing.render.pdf_text import Markup, PdfFonts, Piece

    words = HEBREW.rstrip(".").split()
    pdf_fonts = PdfFonts(FontSet(theme.body_fonts))
    style = ParagraphStyle("t", fontName=pdf_fonts.main_name(), fontSize=10, leading=12)
    paragraph = BidiParagraph([Piece(HEBREW)], style, Markup(pdf_fonts, 8), rtl=True)
    (line,) = paragraph.display_lines(2000)
    assert [w.strip(".,")[::-1] for w in line.split()] == [w.strip(".,") for w in reversed(words)]
    everything = "\n".join(page_texts)
    assert all(word.strip(".,") in everything for word in words)


def test_long_rtl_paragraph_breaks_lines_before_reordering(theme):
    from reportlab.lib.styles import ParagraphStyle

    from briefing.render.pdf_bidi import BidiParagraph
    from briefing.render.pdf_text import Markup, PdfFonts, Piece

    pdf_fonts = PdfFonts(FontSet(theme.body_fonts))
    style = ParagraphStyle("t", fontName=pdf_fonts.main_name(), fontSize=10, leading=12)
    words = ["שלום", "עולם", "ומלואו", "בוקר", "טוב", "לכולם", "ערב", "נעים"] * 6
    text = " ".join(words)
    paragraph = BidiParagraph([Piece(text)], style, Markup(pdf_fonts, 8), rtl=True)
    lines = paragraph.display_lines(150)
    assert len(lines) > 3
    # pure Hebrew letters: each displayed line is its logical text reversed, and the lines
    # read top to bottom in logical order
    assert " ".join(line[::-1] for line in lines) == text
    _, height = paragraph.wrap(150, 1000)
    assert height == pytest.approx(12 * len(lines))


# ---- fonts ----------------------------------------------------------------------------------
def _embedded_fonts(reader: PdfReader) -> dict[str, dict]:
    found = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            found[str(font["/BaseFont"]).split("+", 1)[-1]] = font
    return found


def _postscript_name(face: fonts.FontFace) -> str:
    from fontTools.ttLib import TTFont

    font = TTFont(face.path, fontNumber=face.index, lazy=True)
    try:
        return str(font["name"].getDebugName(6))
    finally:
        font.close()


def _document_text(document: b.Document) -> str:
    parts: list[str] = []

    def inline_text(inline) -> str:
        return f"[{inline.number}]" if isinstance(inline, b.CitationRef) else inline.text

    for block in document.blocks:
        if isinstance(block, (b.Heading,)):
            parts.append(block.text)
        elif isinstance(block, b.Paragraph):
            parts += [inline_text(i) for i in block.inlines]
        elif isinstance(block, b.BulletList):
            parts += [inline_text(i) for item in block.items for i in item.inlines]
        elif isinstance(block, b.BlockQuote):
            parts += [block.text, block.attribution, block.note, block.marking]
        elif isinstance(block, b.SourcesList):
            parts += [inline_text(i) for e in block.entries for i in e.inlines]
    return "".join(parts)


def test_fonts_are_embedded_truetype_and_no_standard_fonts(reader):
    embedded = _embedded_fonts(reader)
    assert embedded
    for name, font in embedded.items():
        assert font["/Subtype"] == "/TrueType", name
        assert "/FontFile2" in font["/FontDescriptor"], name
        assert not name.startswith(("Helvetica", "Times", "Courier", "Symbol", "Zapf")), name


def test_every_character_is_drawn_by_an_embedded_font_that_has_it(reader, document, theme):
    embedded = set(_embedded_fonts(reader))
    font_set = FontSet(theme.body_fonts)
    text = _document_text(document)
    assert font_set.uncovered(text) == set()
    needed = {}
    for char in set(text):
        if fonts.is_ignorable(char):
            continue
        family = font_set.font_for(char)
        assert family is not None, f"U+{ord(char):04X}"
        face = family.regular
        # reportlab names a font from a collection after its index: "WenQuanYiZenHei-0"
        name = _postscript_name(face) + (f"-{face.index}" if face.path.endswith(".ttc") else "")
        needed.setdefault(name, []).append(char)
    assert "WenQuanYiZenHei-0" in needed and "DejaVuSans" in needed
    for postscript, chars in needed.items():
        assert postscript in embedded, (postscript, chars[:5])


def test_characters_beyond_the_basic_plane_render(tmp_path, theme):
    document = sample_document(2, sections=1)
    text = "Emoji 😀 and 𝐀 outside the BMP, 𠀀 too"
    quote = b.BlockQuote(text, "quote", "— X", None, "clip_bmp")
    document = replace(document, blocks=(*document.blocks, quote))
    target = tmp_path / "astral.pdf"
    write_pdf(document, theme, target)
    assert "outside the BMP" in "".join(p.extract_text() for p in PdfReader(target).pages)


def test_theme_without_installed_fonts_is_a_font_error(tmp_path):
    target = tmp_path / "x.pdf"
    target.write_bytes(b"old")
    theme = Theme(body_fonts=("No Such Font",), heading_fonts=("Nor This",))
    with pytest.raises(FontError, match="none of the fonts No Such Font is installed"):
        write_pdf(sample_document(2), theme, target)
    assert target.read_bytes() == b"old"


# ---- failures, cancellation, progress -------------------------------------------------------
def test_missing_folder_is_an_export_error(tmp_path, theme):
    with pytest.raises(ExportError, match="does not exist"):
        write_pdf(sample_document(2), theme, tmp_path / "nowhere" / "x.pdf")


def test_cancelled_export_leaves_the_earlier_file_untouched(tmp_path, theme):
    target = tmp_path / "briefing.pdf"
    write_pdf(sample_document(4), theme, target)
    before = target.read_bytes()
    calls = []

    def progress(fraction: float) -> None:
        calls.append(fraction)
        if len(calls) == 3:
            raise ExportCancelled()

    with pytest.raises(ExportCancelled):
        write_pdf(sample_document(60), theme, target, progress=progress)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing.pdf"]


def test_progress_rises_to_one(tmp_path, theme):
    calls: list[float] = []
    write_pdf(sample_document(60), theme, tmp_path / "p.pdf", progress=calls.append)
    assert calls[0] == 0.0 and calls[-1] == 1.0
    assert calls == sorted(calls) and len(calls) > 5


def count_layout_work(monkeypatch) -> dict[str, int]:
    """How often reportlab lays out a whole story (build) and places a flowable."""
    import collections

    from reportlab.platypus import doctemplate

    counts: collections.Counter[str] = collections.Counter()
    for name in ("build", "handle_flowable"):
        original = getattr(doctemplate.BaseDocTemplate, name)

        def counted(*args, _original=original, _name=name, **kwargs):
            counts[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(doctemplate.BaseDocTemplate, name, counted)
    return counts


def test_thousand_quotes_with_contents_in_one_layout_pass(tmp_path, theme, monkeypatch):
    # The time is measured by `make bench` (PDF export at S, M, L). Here, why it is linear:
    # one layout pass (multiBuild would build three times), and ten times the quotes place at
    # most ten times the flowables.
    counts = count_layout_work(monkeypatch)
    write_pdf(sample_document(100, sections=25), theme, tmp_path / "small.pdf")
    small = dict(counts)
    counts.clear()
    document = sample_document(1000, sections=25)
    write_pdf(document, theme, tmp_path / "big.pdf")
    assert small["build"] == counts["build"] == 1
    assert counts["handle_flowable"] <= 10 * small["handle_flowable"]
    reader = PdfReader(tmp_path / "big.pdf")
    total = len(reader.pages)
    assert total > 80
    assert f"Page {total} of {total}" in reader.pages[-1].extract_text()
    outline = flat_outline(reader)
    assert outline[0][1:] == ("Contents", 1) and outline[1][1] == "Key judgments"
    first_body_page = outline[1][2]
    toc_pages = [p.extract_text() for p in reader.pages[1:first_body_page]]
    assert len(toc_pages) >= 2  # the contents run over several pages ...
    lines = "\n".join(toc_pages).splitlines()
    last = lines.index("Sources")
    assert int(lines[last + 1]) == total  # ... and still give the right page numbers
    assert "Sources" in reader.pages[total - 1].extract_text()


# ---- unusual trees --------------------------------------------------------------------------
def test_unusual_trees_render(tmp_path, theme):
    info = replace(sample_document(1).info, marking="", page_label="{page}/{pages}")
    long_words = "Sentence number %d of a very long quote that runs over pages. " * 400
    blocks = (
        b.Heading(2, "Starts at level two", "h_a"),  # outline levels may not skip
        b.Heading(1, "", ""),  # empty heading without anchor
        b.BlockQuote(long_words % tuple(range(400)), "quote", "— Long Talker", None, "q_long"),
        b.BlockQuote(
            " ".join([HEBREW] * 120), "quote", "— ארוך", None, "q_long_rtl", direction="rtl"
        ),
        b.Paragraph((b.CrossRef("dangling link", "no_such_anchor"),)),
        b.Paragraph((b.Text("ctrl\x00\x07chars\ud800 and\ttabs\nand a line break"),)),
        b.PageBreak(),
        b.PageBreak(),
        b.BulletList(()),
        b.SourcesList(()),
    )
    target = tmp_path / "odd.pdf"
    write_pdf(b.Document(info, blocks), theme, target)
    reader = PdfReader(target)
    texts = [page.extract_text() for page in reader.pages]
    total = len(texts)
    assert total >= 4
    assert all(f"{n}/{total}" in text for n, text in enumerate(texts, start=1))
    everything = squash(" ".join(texts))
    assert "Sentence number 399 of a very long quote" in everything
    assert "— Long Talker" in everything
    # one cleaning rule for every format (briefing.core.tree_text): a lone surrogate is removed
    assert "ctrlchars and tabs" in everything and "dangling link" in everything
    assert [title for _, title, _ in flat_outline(reader)][:1] == ["Starts at level two"]
    assert "OFFICIAL" not in everything


def test_empty_document(tmp_path, theme):
    target = tmp_path / "empty.pdf"
    write_pdf(b.Document(sample_document(1).info, ()), theme, target)
    assert len(PdfReader(target).pages) == 1


def test_cover_logo(tmp_path, theme):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 40), (31, 58, 95)).save(logo)
    target = tmp_path / "logo.pdf"
    write_pdf(sample_document(2, logo_path=str(logo)), theme, target)
    cover = PdfReader(target).pages[0]
    images = [
        x
        for x in cover["/Resources"]["/XObject"].values()
        if x.get_object()["/Subtype"] == "/Image"
    ]
    assert len(images) == 1

    # An unreadable logo is one rule in every format (issue 12): left off the cover, the
    # checks warn (it stopped the PDF alone before).
    bad = tmp_path / "not-an-image.png"
    bad.write_text("<svg/>")
    write_pdf(sample_document(2, logo_path=str(bad)), theme, tmp_path / "bad.pdf")
    resources = PdfReader(tmp_path / "bad.pdf").pages[0]["/Resources"]
    xobjects = resources.get("/XObject", {})
    assert not [x for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]


# ---- speed-minded layout: what it must not change ------------------------------------------
def test_quote_notes_read_label_then_text(page_texts, document, theme):
    everything = squash(" ".join(page_texts))
    label = theme.label("note")
    notes = [blk.note for blk in document.blocks if isinstance(blk, b.BlockQuote) and blk.note]
    assert notes
    for note in notes:
        if not re.search("[\u0590-\u08ff]", note):
            assert f"{label}: {squash(note)[:30]}" in everything
    # a paragraph that starts with a bold label reads the same way
    assert "Analyst note: Watch the vote on Thursday." in everything


def test_citation_mark_follows_its_attribution(page_texts, document):
    everything = squash(" ".join(page_texts))
    cited = [
        blk
        for blk in document.blocks
        if isinstance(blk, b.BlockQuote)
        and blk.citation is not None
        and blk.attribution
        and blk.direction != "rtl"
    ]
    assert len(cited) >= 10
    for quote in cited:
        tail = squash(quote.attribution)[-12:]
        assert f"{tail} [{quote.citation.number}]" in everything, quote.attribution


def test_fallback_fonts_are_registered_only_when_some_text_needs_them(tmp_path, theme):
    import subprocess
    import sys

    # reportlab's font registry is process-wide: start from an empty one.
    script = f"""
from dataclasses import replace
from pypdf import PdfReader
from briefing.core import blocks as b
from briefing.core.theme import load_theme
from briefing.render import pdf_fonts
from briefing.render.pdf import write_pdf
from tests.render.pdf_sample import sample_document

theme = load_theme("default")
base = sample_document(3, sections=1)
latin = replace(base, blocks=(b.Paragraph((b.Text("Plain Latin text."),)),))
write_pdf(latin, theme, {str(tmp_path / "latin.pdf")!r})
registered = [name for name in pdf_fonts._TTF_CACHE if "WenQuanYi" in name]
assert registered == [], registered
fonts = {{str(f.get_object()["/BaseFont"]) for p in PdfReader({str(tmp_path / "latin.pdf")!r}).pages
         for f in p["/Resources"]["/Font"].values()}}
assert not any("WenQuanYi" in name for name in fonts), fonts
cjk = replace(base, blocks=(b.Paragraph((b.Text("Plain text 你好世界."),)),))
write_pdf(cjk, theme, {str(tmp_path / "cjk.pdf")!r})
assert [name for name in pdf_fonts._TTF_CACHE if "WenQuanYi" in name]
fonts = {{str(f.get_object()["/BaseFont"]) for p in PdfReader({str(tmp_path / "cjk.pdf")!r}).pages
         for f in p["/Resources"]["/Font"].values()}}
assert any("WenQuanYi" in name for name in fonts), fonts
print("ok")
"""
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"
