"""Intake loses nothing silently: a DOCTYPE hidden after a long comment or in a part not named
.xml is refused, a deeply nested page keeps all its text, one NUL byte does not make a text file
binary, and UTF-16 CJK text without a byte order mark is read."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from briefing.core.intake import IntakeError, import_file
from briefing.core.intake.text import decode_text


def _docx(path: Path, text: str = "Hello.") -> Path:
    document = docx.Document()
    document.add_paragraph(text)
    document.save(str(path))
    return path


def _rewrite(source: Path, target: Path, replace: dict[str, bytes | None], add=()) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as out:
        for item in original.infolist():
            data = replace.get(item.filename, original.read(item.filename))
            if data is not None:
                out.writestr(item, data)
        for name, data in add:
            out.writestr(name, data)
    return target


def _with_entity(xml: str) -> str:
    doctype = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
    return xml.replace("?>", "?>" + doctype, 1).replace("Hello.", "Hello &xxe; world.")


def test_a_doctype_after_a_long_comment_is_refused(tmp_path: Path) -> None:
    source = _docx(tmp_path / "normal.docx")
    with zipfile.ZipFile(source) as original:
        xml = original.read("word/document.xml").decode()
    comment = "<!--" + "x" * 70_000 + "-->"
    hostile_xml = _with_entity(xml).replace("<!DOCTYPE", comment + "<!DOCTYPE", 1)
    hostile = _rewrite(
        source, tmp_path / "comment.docx", {"word/document.xml": hostile_xml.encode()}
    )
    with pytest.raises(IntakeError, match=r"^comment\.docx: refused: word/document\.xml declares"):
        import_file(hostile)


def test_a_doctype_in_a_main_part_not_named_xml_is_refused(tmp_path: Path) -> None:
    source = _docx(tmp_path / "normal.docx")
    with zipfile.ZipFile(source) as original:
        xml = original.read("word/document.xml").decode()
        types = original.read("[Content_Types].xml").decode()
        rels = original.read("_rels/.rels").decode()
    types = types.replace('PartName="/word/document.xml"', 'PartName="/word/document.bin"')
    rels = rels.replace("word/document.xml", "word/document.bin")
    hostile = _rewrite(
        source,
        tmp_path / "renamed.docx",
        {"word/document.xml": None, "[Content_Types].xml": types.encode(),
         "_rels/.rels": rels.encode()},
        add=[("word/document.bin", _with_entity(xml).encode())],
    )  # fmt: skip
    with pytest.raises(IntakeError, match=r"^renamed\.docx: refused: word/document\.bin declares"):
        import_file(hostile)


def test_a_harmless_docx_with_media_still_imports(tmp_path: Path) -> None:
    source = _docx(tmp_path / "normal.docx", "Plain words.")
    with_media = _rewrite(
        source, tmp_path / "media.docx", {}, add=[("word/media/image1.png", b"\x89PNG" * 100)]
    )
    assert import_file(with_media).text == "Plain words."


@pytest.mark.parametrize("depth", [300, 3_000, 20_000])
def test_a_deeply_nested_page_keeps_all_its_text(tmp_path: Path, depth: int) -> None:
    paragraphs = "".join(f"<p>Paragraph {n} of the page, with words in it.</p>" for n in range(40))
    html = (
        "<html><head><title>Deep</title></head><body>"
        + "<div>" * depth + "<p>Deep text here.</p>" + "</div>" * depth
        + paragraphs + "<script>var hidden = 1;</script></body></html>"
    )  # fmt: skip
    path = tmp_path / "deep.html"
    path.write_text(html, encoding="utf-8")
    text = import_file(path).text
    assert "Deep text here." in text
    assert "Paragraph 39 of the page" in text
    assert "hidden" not in text


def test_one_nul_byte_does_not_make_a_text_file_binary(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"Title\n\n" + b"A long line of ordinary text. " * 200 + b"\x00" + b"The end.")
    article = import_file(path)
    assert article.text.endswith("ordinary text. The end.")
    assert "\x00" not in article.text


def test_binary_data_with_many_nul_bytes_is_still_binary(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(IntakeError, match="binary file"):
        import_file(path)


CJK = (
    "北京市今天发布了新的规定。\n这是第二段，内容很长，我们需要仔细阅读。\n"
    "東京でも会議が開かれた。\n"
)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_cjk_text_without_a_bom_is_read(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "cjk.txt"
    path.write_bytes((CJK * 10).encode(codec))
    article = import_file(path)
    assert article.encoding == codec
    assert article.text.startswith("北京市今天发布了新的规定。")
    assert decode_text((CJK * 10).encode(codec), "x") == (CJK * 10, codec)


def test_ascii_and_legacy_text_are_not_mistaken_for_utf16() -> None:
    assert decode_text(b"Hello world.\x00 Goodbye." * 3, "x")[1] == "utf-8"
    latin = ("Café crème brûlée, déjà vu. " * 30).encode("cp1252") + b"\x00"
    assert decode_text(latin, "x")[1] == "cp1252"
