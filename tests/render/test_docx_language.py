"""Languages and right-to-left quotes in the DOCX writer, read back as XML (and as LibreOffice
draws them)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from briefing.core import blocks as b
from briefing.core.theme import Theme
from briefing.render.docx import write_docx
from briefing.render.docx_language import language_slot

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ARABIC = "إن الأمن الأوروبي يعتمد على الحوار"
RUSSIAN = "Мы не допустим расширения НАТО."
CHINESE = "中国外交部表示反对。"
JAPANESE = "日本政府は懸念を表明した。"
ENGLISH = "We must spend more on defence."


def info(language: str = "en-GB") -> b.DocumentInfo:
    return b.DocumentInfo("T", "A", "S", language, "2031-05-06T07:08:09+00:00", "", "a4")


def quote(text: str, anchor: str, language: str = "", direction: str = "ltr",
          kind: str = "quote", attribution: str = "") -> b.BlockQuote:  # fmt: skip
    return b.BlockQuote(
        text, kind, attribution, None, anchor, direction=direction,
        attribution_direction=direction, language=language,
        attribution_language=language if attribution and not attribution.isascii() else "",
    )  # fmt: skip


def write(tmp_path: Path, blocks: tuple[b.Block, ...], language: str = "en-GB", **kw) -> Path:
    target = tmp_path / "out.docx"
    write_docx(b.Document(info(language), blocks), Theme(), target, **kw)
    return target


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def runs_by_text(path: Path) -> dict[str, etree._Element]:
    body = part(path, "word/document.xml").find(f"{W}body")
    return {"".join(t.text or "" for t in r.iter(f"{W}t")): r for r in body.iter(f"{W}r")}


def language_of(run: etree._Element) -> dict[str, str]:
    """The run's own w:lang attributes, by local name ({} when it has none)."""
    lang = run.find(f"{W}rPr/{W}lang")
    return {} if lang is None else {etree.QName(k).localname: v for k, v in lang.attrib.items()}


def default_language(path: Path) -> dict[str, str]:
    lang = part(path, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang is not None
    return {etree.QName(k).localname: v for k, v in lang.attrib.items()}


# ---- languages --------------------------------------------------------------------------------
def test_each_run_names_its_language_in_the_slot_of_its_script(tmp_path):
    blocks = (
        b.Heading(1, "Alliance posture", "sec_1"),
        quote(ENGLISH, "c1"),
        quote(RUSSIAN, "c2", "ru", attribution="— ТАСС"),
        quote(ARABIC, "c3", "ar", "rtl"),
        quote(CHINESE, "c4", "zh", kind="excerpt"),
        quote(JAPANESE, "c5", "ja-JP"),
        b.SourcesList((b.SourceEntry(1, "src_1", (
            b.Text("“Заявление МИД”", language="ru"), b.Text(". TASS. 2 May 2031."),
        )),)),
    )  # fmt: skip
    path = write(tmp_path, blocks)
    runs = runs_by_text(path)
    assert default_language(path)["val"] == "en-GB"  # the briefing's, once, for every run
    assert language_of(runs[RUSSIAN]) == {"val": "ru"}
    assert language_of(runs["— ТАСС"]) == {"val": "ru"}  # the speaker, in the article's words
    assert language_of(runs[ARABIC]) == {"bidi": "ar"}
    assert language_of(runs[CHINESE]) == {"eastAsia": "zh"}
    assert language_of(runs[JAPANESE]) == {"eastAsia": "ja-JP"}
    assert language_of(runs["“Заявление МИД”"]) == {"val": "ru"}
    for text in ("Alliance posture", ENGLISH, ". TASS. 2 May 2031.", "[1]"):
        assert language_of(runs[text]) == {}, text  # the document's: not repeated
    # w:lang sits where the schema puts it in w:rPr: after w:rtl
    children = [etree.QName(c).localname for c in runs[ARABIC].find(f"{W}rPr")]
    assert children.index("lang") > children.index("rtl")


def test_a_document_in_a_complex_script_language_sets_that_slot(tmp_path):
    path = write(tmp_path, (b.Paragraph((b.Text(ARABIC),), direction="rtl"),
                            quote(ENGLISH, "c1", "en")), language="ar")  # fmt: skip
    defaults = default_language(path)
    assert defaults["bidi"] == "ar"
    assert defaults["val"] == "en-GB"  # Latin text in an Arabic briefing: the reference's
    runs = runs_by_text(path)
    assert language_of(runs[ARABIC]) == {}
    assert language_of(runs[ENGLISH]) == {"val": "en"}


def test_the_briefing_language_wins_over_a_language_in_a_user_template(tmp_path):
    reference = tmp_path / "house.docx"
    house = docx.Document()
    normal = house.styles["Normal"].element
    rpr = normal.get_or_add_rPr()
    lang = etree.SubElement(rpr, f"{W}lang")
    lang.set(f"{W}val", "de-DE")
    lang.set(f"{W}eastAsia", "ko-KR")
    house.save(str(reference))
    path = write(tmp_path, (b.Paragraph((b.Text("Bonjour"),)),), language="fr", reference=reference)
    styles = part(path, "word/styles.xml")
    assert default_language(path)["val"] == "fr"
    langs = [dict(lang.attrib) for lang in styles.iterfind(f"{W}style/{W}rPr/{W}lang")]
    assert all(f"{W}val" not in attrs for attrs in langs)  # "de-DE" would have hidden "fr"
    assert {"eastAsia": "ko-KR"} in [
        {etree.QName(k).localname: v for k, v in attrs.items()} for attrs in langs
    ]  # the template's other slots are theirs


@pytest.mark.parametrize(
    ("tag", "slot"),
    [
        ("ru", "val"), ("en-GB", "val"), ("de", "val"), ("el", "val"), ("uk", "val"),
        ("sr-Latn", "val"), ("uz-Cyrl", "val"),
        ("ar", "bidi"), ("he", "bidi"), ("fa-IR", "bidi"), ("ur", "bidi"), ("hi", "bidi"),
        ("th", "bidi"), ("az-Arab", "bidi"), ("pa-Arab-PK", "bidi"),
        ("zh", "eastAsia"), ("zh-Hant-TW", "eastAsia"), ("ja", "eastAsia"), ("ko-KR", "eastAsia"),
        ("yue", "eastAsia"),
    ],
)  # fmt: skip
def test_language_slots(tag, slot):
    assert language_slot(tag) == slot


# ---- right-to-left quotes ----------------------------------------------------------------------
def borders(p: etree._Element) -> dict[str, dict[str, str]]:
    found = p.find(f"{W}pPr/{W}pBdr")
    if found is None:
        return {}
    return {
        etree.QName(edge).localname: {etree.QName(k).localname: v for k, v in edge.attrib.items()}
        for edge in found
    }


def style_borders(path: Path, style_id: str) -> dict[str, dict[str, str]]:
    style = part(path, "word/styles.xml").find(f"{W}style[@{W}styleId='{style_id}']")
    assert style is not None
    return borders(style)


def test_a_right_to_left_quote_has_its_bar_on_the_right(tmp_path):
    path = write(tmp_path, (
        quote(ENGLISH, "c1"),
        quote(ARABIC, "c2", "ar", "rtl"),
        quote(ARABIC + " ", "c3", "ar", "rtl", kind="excerpt"),
    ))  # fmt: skip
    body = part(path, "word/document.xml").find(f"{W}body")
    english, arabic, excerpt = body.iterfind(f"{W}p")
    # the bar is the style's start-side border: the left one
    bar = style_borders(path, "Quote")["left"]
    assert bar["val"] == "single"
    assert borders(english) == {}  # the style's own bar, on the left
    # pBdr's left and right are the page's, whatever the paragraph's direction (ECMA-376
    # 17.3.1.17): a bidi paragraph gets the bar on its right and none on its left
    assert borders(arabic) == {"left": {"val": "nil"}, "right": bar}
    assert borders(excerpt)["right"] == style_borders(path, "Excerpt")["left"]
    children = [etree.QName(c).localname for c in arabic.find(f"{W}pPr")]
    assert children.index("pBdr") < children.index("bidi")  # the schema's order


def test_a_right_to_left_note_has_its_bar_on_the_right_too(tmp_path):
    note = b.BlockQuote(ENGLISH, "quote", "", None, "c1", note="ملاحظة المحلل",
                        note_direction="rtl")  # fmt: skip
    path = write(tmp_path, (note,))
    body = part(path, "word/document.xml").find(f"{W}body")
    english, arabic_note = body.iterfind(f"{W}p")
    assert borders(english) == {}
    assert borders(arabic_note)["right"] == style_borders(path, "AnalystNote")["left"]


def bar_columns(pdf: Path, folder: Path) -> list[int]:
    """The x (pixels at 72 dpi) of every pixel of the quote bar's colour (the theme's accent,
    #1F3A5F) on the first page of `pdf`, read from pdftoppm's PPM."""
    subprocess.run(["pdftoppm", "-r", "72", "-f", "1", "-l", "1", str(pdf), str(folder / "p")],
                   check=True, capture_output=True, timeout=60)  # fmt: skip
    (image,) = folder.glob("p*.ppm")
    data = image.read_bytes()
    fields = data.split(maxsplit=4)  # P6, width, height, maximum, pixels
    width, height = int(fields[1]), int(fields[2])
    pixels = fields[4]
    columns = []
    for index in range(width * height):
        r, g, b_ = pixels[3 * index : 3 * index + 3]
        if abs(r - 0x1F) < 24 and abs(g - 0x3A) < 24 and abs(b_ - 0x5F) < 24:
            columns.append(index % width)
    return columns


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice (soffice) and poppler's pdftoppm are needed",
)
def test_libreoffice_draws_a_right_to_left_quote_bar_on_the_right(tmp_path):
    sides = {}
    for name, block in (("ltr", quote(ENGLISH, "c1")), ("rtl", quote(ARABIC, "c1", "ar", "rtl"))):
        folder = tmp_path / name
        folder.mkdir()
        path = write(folder, (block,))
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
             "--convert-to", "pdf", "--outdir", str(folder), str(path)],
            check=True, capture_output=True, timeout=240,
        )  # fmt: skip
        columns = bar_columns(folder / "out.pdf", folder)
        assert columns, f"no bar drawn ({name})"
        sides[name] = (min(columns), max(columns))
    page_middle = 595 / 2  # A4 at 72 dpi
    assert sides["ltr"][1] < page_middle < sides["rtl"][0]
