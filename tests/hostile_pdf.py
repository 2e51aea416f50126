"""Crafted PDFs for the tests of bounded intake (tests/ is on sys.path through its conftest)."""

from __future__ import annotations

import io

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

_LINE = b"BT /F1 12 Tf 72 700 Td (A line of text drawn from the shared stream.) Tj ET\n"


def shared_stream_pdf(pages: int, stream_bytes: int) -> bytes:
    """A small PDF whose pages all draw one big (well compressed) content stream."""
    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject({
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        })
    )  # fmt: skip
    stream = DecodedStreamObject()
    stream.set_data(_LINE * (stream_bytes // len(_LINE)))
    shared = writer._add_object(stream.flate_encode())
    resources = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    for _ in range(pages):
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Contents")] = shared
        page[NameObject("/Resources")] = resources
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
