"""What HarfBuzz itself draws for a text, for tests that hold our PDF's shaped glyphs to it."""

from __future__ import annotations

from pathlib import Path


def harfbuzz_glyph_ids(text: str, path: str, index: int) -> list[int]:
    """HarfBuzz's glyph ids for each word of `text` in the font at `path` (face `index`),
    each word shaped on its own with the features reportlab's shaping uses (kern, liga)."""
    import uharfbuzz as hb

    font = hb.Font(hb.Face(hb.Blob(Path(path).read_bytes()), index))
    space = font.get_nominal_glyph(ord(" "))
    ids: list[int] = []
    for word in text.split():
        buffer = hb.Buffer()
        buffer.add_str(word)
        buffer.guess_segment_properties()
        hb.shape(font, buffer, {"kern": True, "liga": True})
        ids += [info.codepoint for info in buffer.glyph_infos if info.codepoint != space]
    return ids
