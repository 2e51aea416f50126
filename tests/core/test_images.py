"""Pictures coming in as figures: kept kinds, conversions, limits and SVG made safe."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from briefing.core import images
from briefing.core.images import ImageError, image_from_bytes, read_image_file, sanitized_svg


def picture(kind: str, size: tuple[int, int] = (40, 20), mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, 128).save(out, kind)
    return out.getvalue()


def png_header_claiming(width: int, height: int) -> bytes:
    """A PNG whose header says `width` x `height` (the pixels are never there)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_png_and_jpeg_are_kept_as_they_are() -> None:
    png, jpeg = picture("PNG"), picture("JPEG")
    assert image_from_bytes(png) == images.ImageData(png, images.PNG, 40, 20)
    assert image_from_bytes(jpeg) == images.ImageData(jpeg, images.JPEG, 40, 20)


@pytest.mark.parametrize("kind", ["GIF", "BMP", "WEBP", "TIFF"])
def test_other_pictures_become_png(kind: str) -> None:
    image = image_from_bytes(picture(kind, (30, 10)), f"x.{kind.lower()}")
    assert image.mime == images.PNG
    assert (image.width, image.height) == (30, 10)
    with Image.open(io.BytesIO(image.data)) as decoded:
        assert decoded.format == "PNG" and decoded.size == (30, 10)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "x.png: is empty, not an image"),
        (b"\x00\x01 plainly not a picture", "is not a picture this app can read"),
        (picture("PNG")[:60], "is damaged"),
        (png_header_claiming(50_000, 50_000), "has too many pixels; the most a figure can have"),
        (png_header_claiming(8_000, 6_000), "is 8000 x 6000 pixels; the most a figure can have"),
        (b"<?xml version='1.0'?><html/>", "is XML but not an SVG drawing"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "is not a readable SVG"),
    ],
)
def test_what_cannot_be_a_figure_says_why(data: bytes, expected: str) -> None:
    with pytest.raises(ImageError) as caught:
        image_from_bytes(data, "x.png")
    assert str(caught.value).startswith("x.png: ")
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.png"
    path.write_bytes(picture("PNG"))
    monkeypatch.setattr(images, "MAX_IMAGE_BYTES", 10)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file it refuses"))
    with pytest.raises(ImageError, match=r"huge.png: is 0.0 MB; a figure can be at most"):
        read_image_file(path)


def test_a_missing_file_is_one_message(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match=r"gone.png: cannot read the image"):
        read_image_file(tmp_path / "gone.png")


HOSTILE_SVG = """<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="200" height="100" onload="alert(1)">
  <style>@import url(http://192.0.2.1/x.css); rect { fill: url(http://192.0.2.1/p#g) }</style>
  <script>alert(2)</script>
  <foreignObject><p xmlns="http://www.w3.org/1999/xhtml">html inside</p></foreignObject>
  <rect width="200" height="100" style="fill: url(#grad)" onclick="alert(3)"/>
  <image xlink:href="file:///etc/passwd" width="10" height="10"/>
  <image href="https://192.0.2.1/tracker.png" width="10" height="10"/>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="10" height="10"/>
  <use href="other.svg#shape"/><use href="#local"/>
  <text x="5" y="50">&secret; Kyiv — Київ</text>
</svg>""".encode()


def test_svg_keeps_its_drawing_and_loses_everything_that_reaches_outside() -> None:
    clean = sanitized_svg(HOSTILE_SVG).decode("utf-8")
    for gone in ("alert", "script", "foreignObject", "html inside", "file:", "192.0.2.1",
                 "other.svg", "@import", "onload", "onclick", "ENTITY"):
        assert gone not in clean, gone
    # the local references and the drawing stay
    for kept in ('href="#local"', "url(#grad)", "data:image/png;base64", "Kyiv — Київ", "<rect"):
        assert kept in clean, kept
    hostname = Path("/etc/hostname")
    if hostname.exists() and hostname.read_text().strip():
        assert hostname.read_text().strip() not in clean


def test_svg_size_comes_from_width_height_or_viewbox() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" %s><rect width="1" height="1"/></svg>'
    cases = {
        b'width="4in" height="2in"': (384, 192),
        b'viewBox="0 0 800 200"': (800, 200),
        b'width="400" viewBox="0 0 800 200"': (400, 100),
        b"": (300, 150),
    }
    for attributes, size in cases.items():
        image = image_from_bytes(svg % attributes, "s.svg")
        assert image.mime == images.SVG
        assert (image.width, image.height) == size, attributes


def test_svg_is_drawn_as_png_for_print() -> None:
    svg = image_from_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10">'
        b'<rect width="20" height="10" fill="#ff0000"/></svg>'
    )
    png = images.svg_to_png(svg.data, 200)
    with Image.open(io.BytesIO(png)) as drawn:
        assert drawn.size == (200, 100)
        assert drawn.convert("RGB").getpixel((100, 50)) == (255, 0, 0)
