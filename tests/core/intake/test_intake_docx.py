"""Word documents: text, properties, and hostile archives."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest

from briefing.core.intake import IntakeError, import_file


def make_docx(path: Path, *, title: str = "", author: str = "", created: dt.datetime | None = None,
              paragraphs: tuple[str, ...] = ()) -> Path:
    document = docx.Document()
    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.comments = ""
    if created is not None:
        properties.created = created
    document.add_heading("Ministers agree grid deal", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def rewrite_member(source: Path, target: Path, name: str, data: bytes) -> Path:
    """A copy of a .docx with one member's content replaced."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for info in original.infolist():
            content = data if info.filename == name else original.read(info.filename)
            copy.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    return target


def test_paragraphs_and_core_properties(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "grid.docx",
        title="Grid deal signed",
        author="Jane Smith; John Roe",
        created=dt.datetime(2024, 3, 5, 9, 30),
        paragraphs=(
            "Energy ministers agreed on Tuesday to link their grids.",
            "“This is a historic day,” said the chair — in Brussels.",
            "",
            "Москва: 北京 🙂 مرحبا",
        ),
    )
    article = import_file(path)
    assert article.title == "Grid deal signed"
    assert article.authors == ["Jane Smith", "John Roe"]
    assert article.published == "2024-03-05"
    assert article.source_kind == "docx"
    assert article.text == (
        "Ministers agree grid deal\n\n"
        "Energy ministers agreed on Tuesday to link their grids.\n\n"
        "“This is a historic day,” said the chair — in Brussels.\n\n"
        "Москва: 北京 🙂 مرحبا"
    )


def test_title_falls_back_to_the_first_heading_and_template_leftovers_are_ignored(
    tmp_path: Path,
) -> None:
    document = docx.Document()  # keeps python-docx's template author and 2013 created date
    document.add_paragraph("Intro line before the heading.")
    document.add_heading("Real heading", level=1)
    path = tmp_path / "plain.docx"
    document.save(str(path))
    article = import_file(path)
    assert article.title == "Real heading"
    assert article.authors == []
    assert article.published == ""


def test_tables_and_line_breaks(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Line one")
    paragraph.add_run().add_break()
    paragraph.add_run("line two\tafter tab")
    table = document.add_table(rows=2, cols=2)
    for row, values in zip(table.rows, (("Year", "Cost"), ("2024", "€5bn")), strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("After the table.")
    path = tmp_path / "table.docx"
    document.save(str(path))
    article = import_file(path)
    assert article.text == (
        "Line one\nline two\tafter tab\n\nYear | Cost\n2024 | €5bn\n\nAfter the table."
    )


def test_zip_bomb_is_refused_before_unpacking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_docx(tmp_path / "normal.docx", paragraphs=("Hello.",))
    bomb = tmp_path / "bomb.docx"
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as copy,
    ):
        for info in original.infolist():
            if info.filename != "word/document.xml":
                copy.writestr(info, original.read(info.filename), zipfile.ZIP_DEFLATED)
        # 300 MB of zeros, streamed: deflate packs it about 1000:1 into ~300 KB
        chunk = bytes(1024 * 1024)
        with copy.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(300):
                member.write(chunk)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    # refused from the zip directory: no member is ever inflated
    opened: list[str] = []
    original_open = zipfile.ZipFile.open

    def recording_open(archive, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return original_open(archive, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", recording_open)
    with pytest.raises(IntakeError) as caught:
        import_file(bomb)
    assert opened == []
    message = str(caught.value)
    assert re.fullmatch(
        r"bomb\.docx: refused: the document would unpack to 30\d MB \(compression ratio \d+:1\)",
        message,
    ), message


def test_moderate_member_bomb_is_refused(tmp_path: Path) -> None:
    """Under the total limit, but one member inflates absurdly (~1000:1)."""
    source = make_docx(tmp_path / "normal.docx", paragraphs=("Hello.",))
    bomb = rewrite_member(source, tmp_path / "small-bomb.docx", "word/document.xml",
                          bytes(30 * 1024 * 1024))
    with pytest.raises(IntakeError, match=r"^small-bomb\.docx: refused: .*compression ratio"):
        import_file(bomb)


def test_large_but_honest_document_passes(tmp_path: Path) -> None:
    paragraphs = tuple(f"Paragraph {i}: ministers discussed item {i * 7}." for i in range(1000))
    article = import_file(make_docx(tmp_path / "long.docx", paragraphs=paragraphs))
    assert article.text.count("\n\n") == 1000
    assert article.text.endswith("Paragraph 999: ministers discussed item 6993.")


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_bytes(b"This is plain text pretending to be a Word document.")
    with pytest.raises(IntakeError, match=r"^fake\.docx: not a Word document"):
        import_file(path)


def test_old_word_or_encrypted_document(tmp_path: Path) -> None:
    path = tmp_path / "legacy.docx"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(2048))
    with pytest.raises(IntakeError, match=r"^legacy\.docx: not a \.docx: this is an old-format"):
        import_file(path)


def test_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(IntakeError, match=r"^archive\.docx: not a Word document"):
        import_file(path)


def test_damaged_document_xml(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "normal.docx", paragraphs=("Hello.",))
    broken = rewrite_member(source, tmp_path / "broken.docx", "word/document.xml",
                            b"<w:document><w:body><w:p>unclosed")
    with pytest.raises(IntakeError, match=r"^broken\.docx: the document is damaged"):
        import_file(broken)


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    source = make_docx(tmp_path / "normal.docx", paragraphs=("Hello.",))
    with zipfile.ZipFile(source) as original:
        xml = original.read("word/document.xml").decode()
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    xml = xml.replace("?>", "?>" + doctype, 1).replace("Hello.", "Hello &xxe; world.")
    hostile = rewrite_member(source, tmp_path / "xxe.docx", "word/document.xml", xml.encode())
    # python-docx would not read the file but would silently drop the text after the entity:
    # refusing is the only answer that loses nothing without saying so.
    with pytest.raises(IntakeError) as caught:
        import_file(hostile)
    assert str(caught.value) == (
        "xxe.docx: refused: word/document.xml declares XML entities (a DOCTYPE), "
        "which Word documents never contain"
    )


def test_entity_expansion_bomb_is_harmless(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "normal.docx", paragraphs=("Hello.",))
    with zipfile.ZipFile(source) as original:
        xml = original.read("word/document.xml").decode()
    entities = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    )
    xml = xml.replace("?>", f"?><!DOCTYPE w:document [{entities}]>", 1)
    xml = xml.replace("Hello.", "Hello &l9;")
    hostile = rewrite_member(source, tmp_path / "laughs.docx", "word/document.xml", xml.encode())
    with pytest.raises(IntakeError, match=r"^laughs\.docx: refused: .*DOCTYPE"):
        import_file(hostile)


def test_control_characters_in_document_are_normalised(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "normal.docx", paragraphs=("Hello.",))
    with zipfile.ZipFile(source) as original:
        xml = original.read("word/document.xml").decode()
    # U+0085 and a C1 control are legal XML 1.0 characters a document may carry
    xml = xml.replace("Hello.", "Hello\u0085next\u0091line.")
    odd = rewrite_member(source, tmp_path / "odd.docx", "word/document.xml", xml.encode())
    article = import_file(odd)
    assert "Hello\nnextline." in article.text


def test_a_document_left_empty_by_normalising_is_named_by_its_file(tmp_path: Path) -> None:
    # Its one paragraph holds only C1 controls: not blank to python-docx, removed at intake.
    document = docx.Document()
    document.add_paragraph("\u0080\u0081")
    path = tmp_path / "controls.docx"
    document.save(str(path))
    with pytest.raises(IntakeError) as caught:
        import_file(path)
    assert str(caught.value) == "controls.docx: the file contains no text"


def test_opening_from_bytes_does_not_need_the_path_again(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "gone.docx", paragraphs=("Read once.",))
    data = path.read_bytes()
    assert zipfile.is_zipfile(io.BytesIO(data))
    assert "Read once." in import_file(path).text


def test_text_beyond_plain_runs(tmp_path: Path) -> None:
    """Tracked insertions, content controls, smart tags and hyperlinks count; deleted text,
    tab-stop definitions and the VML fallback copy of a text box do not."""
    source = make_docx(tmp_path / "normal.docx", paragraphs=("PLACEHOLDER",))
    with zipfile.ZipFile(source) as original:
        xml = original.read("word/document.xml").decode()
    body = (
        '<w:p><w:r><w:t xml:space="preserve">Kept </w:t></w:r>'
        '<w:ins w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z">'
        "<w:r><w:t>inserted</w:t></w:r></w:ins>"
        '<w:del w:id="2" w:author="A" w:date="2024-01-01T00:00:00Z">'
        "<w:r><w:delText>DELETED</w:delText></w:r></w:del>"
        '<w:r><w:t xml:space="preserve"> text.</w:t></w:r></w:p>'
        "<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Inside a content control.</w:t></w:r>"
        "</w:p></w:sdtContent></w:sdt>"
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        "<w:r><w:t>Tab</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>stop</w:t></w:r></w:p>"
        '<w:p><w:hyperlink w:anchor="x"><w:r><w:t>Link text</w:t></w:r></w:hyperlink>'
        '<w:smartTag w:uri="u" w:element="place"><w:r><w:t> in Brussels</w:t></w:r></w:smartTag>'
        "</w:p>"
        '<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/'
        'markup-compatibility/2006" xmlns:v="urn:schemas-microsoft-com:vml">'
        "<mc:Choice Requires=\"wps\"><w:t>Box text.</w:t></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>FALLBACK</w:t>"
        "</w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r><w:r><w:t xml:space=\"preserve\"> After.</w:t></w:r></w:p>"
    )
    start = xml.index("<w:p>", xml.index("<w:body>"))
    end = xml.index("<w:sectPr")
    xml = xml[:start] + body + xml[end:]
    rich = rewrite_member(source, tmp_path / "rich.docx", "word/document.xml", xml.encode())
    article = import_file(rich)
    assert article.text == (
        "Kept inserted text.\n\nInside a content control.\n\nTab\tstop\n\n"
        "Link text in Brussels\n\nBox text. After."
    )
