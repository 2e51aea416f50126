"""PDF: text layer with paragraphs, metadata, encrypted and damaged files."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from briefing.core.intake import IntakeError, import_file

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LONG_PARAGRAPH = (
    "Energy ministers from twelve countries agreed on Tuesday to link their electricity "
    "grids, in a deal that officials said would cut prices for millions of households and "
    "make supply more secure over the coming winters, according to a statement."
)
RUSSIAN_PARAGRAPH = "Москва — столица России. «Это исторический день», — сказал министр."


def make_pdf(path: Path, *, title: str = "Grid deal signed", author: str = "Jane Smith") -> Path:
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(DEJAVU)))
    styles = getSampleStyleSheet()
    body = styles["Normal"].clone("Body", fontName="DejaVu", fontSize=10, leading=12,
                                  spaceAfter=8)
    heading = styles["Heading1"].clone("Head", fontName="DejaVu")
    document = SimpleDocTemplate(str(path), pagesize=A4, title=title, author=author)
    document.build([
        Paragraph("Ministers agree grid deal", heading),
        Paragraph(LONG_PARAGRAPH, body),
        Paragraph(RUSSIAN_PARAGRAPH, body),
        PageBreak(),
        Paragraph("Second page paragraph.", body),
    ])
    return path


def test_text_paragraphs_and_metadata(tmp_path: Path) -> None:
    article = import_file(make_pdf(tmp_path / "grid.pdf"))
    assert article.title == "Grid deal signed"
    assert article.authors == ["Jane Smith"]
    assert len(article.published) == 10  # reportlab stamps the creation date
    assert article.source_kind == "pdf"
    assert article.text.split("\n\n") == [
        "Ministers agree grid deal",
        LONG_PARAGRAPH,  # wrapped lines joined back into one paragraph
        RUSSIAN_PARAGRAPH,
        "Second page paragraph.",
    ]


def test_sentence_broken_by_a_page_break_is_one_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "split.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 720, "The minister said the talks would continue")
    pdf.showPage()
    pdf.drawString(72, 720, "until a deal is reached.")
    pdf.showPage()
    pdf.drawString(72, 720, "New page, new paragraph.")
    pdf.save()
    article = import_file(path)
    assert article.text == (
        "The minister said the talks would continue until a deal is reached.\n\n"
        "New page, new paragraph."
    )


def test_first_line_indents_without_spacing_separate_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "indented.pdf"
    style = getSampleStyleSheet()["Normal"].clone("Indented", firstLineIndent=24, spaceAfter=0)
    SimpleDocTemplate(str(path)).build(
        [Paragraph(LONG_PARAGRAPH, style), Paragraph(LONG_PARAGRAPH.upper(), style)]
    )
    article = import_file(path)
    assert article.text == LONG_PARAGRAPH + "\n\n" + LONG_PARAGRAPH.upper()


def test_placeholder_metadata_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "anon.pdf"
    pdf = canvas.Canvas(str(path))  # reportlab writes "untitled" and "anonymous"
    pdf.drawString(72, 720, "Only line of text.")
    pdf.save()
    article = import_file(path)
    assert article.title == "Only line of text."
    assert article.authors == []


def encrypt(source: Path, target: Path, user_password: str) -> Path:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password="owner-secret",
                   algorithm="AES-128")
    with target.open("wb") as stream:
        writer.write(stream)
    return target


def test_password_protected(tmp_path: Path) -> None:
    locked = encrypt(make_pdf(tmp_path / "plain.pdf"), tmp_path / "locked.pdf", "open-sesame")
    with pytest.raises(IntakeError, match=r"^locked\.pdf: the PDF is password-protected$"):
        import_file(locked)


def test_encrypted_with_empty_user_password_is_readable(tmp_path: Path) -> None:
    path = encrypt(make_pdf(tmp_path / "plain.pdf"), tmp_path / "restricted.pdf", "")
    assert pypdf.PdfReader(path).is_encrypted
    article = import_file(path)
    assert LONG_PARAGRAPH in article.text


def test_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "damaged.pdf"
    header = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n"
    path.write_bytes(header + bytes(range(256)) * 4)
    with pytest.raises(IntakeError, match=r"^damaged\.pdf: the PDF is damaged or unreadable"):
        import_file(path)


def test_truncated_pdf(tmp_path: Path) -> None:
    data = make_pdf(tmp_path / "full.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(IntakeError, match=r"^truncated\.pdf: "):
        import_file(path)


def test_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    path.write_text("Dear reader, this is text.")
    with pytest.raises(IntakeError, match=r"^letter\.pdf: not a PDF file$"):
        import_file(path)


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(72, 72, 400, 600, fill=1)  # a page that is only an image-like shape
    pdf.showPage()
    pdf.save()
    with pytest.raises(IntakeError, match=r"^scan\.pdf: the PDF has no text layer \(scanned\?\)$"):
        import_file(path)
