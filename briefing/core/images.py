"""Images a briefing carries (figures): what they are, how big, and a safe copy of each.

A figure's image is stored inside the .briefing so the file stays one file. Only three kinds
are kept as they are: PNG, JPEG and SVG. Any other picture Pillow reads (GIF, WebP, BMP, TIFF:
what a clipboard or a browser hands over) is converted to PNG when it comes in, so the writers
only ever meet those three.

SVG is XML that can point outside itself (external images, `<use>` of another file, CSS
`@import`) or carry scripts. `sanitized_svg` keeps drawing elements only and every reference
inside the document, so printing a figure never reads another file or the network.

Whether a stored picture can be drawn is decided once per content (`stored_image_problem`):
the pre-export checks, compile and the writers all ask, and the checks run on every edit in
the app, so the verdict is kept, keyed by the SHA-256 of the bytes, in a bounded cache.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import threading
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from PIL import Image, ImageOps, UnidentifiedImageError

from briefing.core.errors import BriefingError

PNG = "image/png"
JPEG = "image/jpeg"
SVG = "image/svg+xml"
IMAGE_TYPES = (PNG, JPEG, SVG)

MAX_IMAGE_BYTES = 20 * 1024 * 1024
# Pixels, not bytes, bound the memory a decoder needs: a 40 KB PNG can claim 50,000 x 50,000.
MAX_IMAGE_PIXELS = 40_000_000
# SVG is drawn as a picture at this resolution for print (PDF and Word).
SVG_DPI = 300
# An SVG without width/height or viewBox is drawn at this size (CSS's default replaced size).
_SVG_DEFAULT_SIZE = (300, 150)

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"


class ImageError(BriefingError):
    """An image that cannot be used as a figure; the message says which and why."""


@dataclass(frozen=True)
class ImageData:
    """An image ready for the model: its bytes, kind and size in pixels (SVG: CSS pixels)."""

    data: bytes
    mime: str
    width: int
    height: int


def read_image_file(path: str | Path) -> ImageData:
    """The image in a file, checked and (if needed) converted, or an ImageError."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            raise ImageError(f"{path.name}: {_too_big(size)}")
        data = path.read_bytes()
    except ImageError:
        raise
    except OSError as error:
        raise ImageError(f"{path}: cannot read the image: {error.strerror or error}") from None
    return image_from_bytes(data, path.name)


def image_from_bytes(data: bytes, source: str = "the image") -> ImageData:
    """Check `data` as an image and return it in a kept form (PNG, JPEG or sanitised SVG),
    turned upright where its EXIF orientation says (a phone's photo): browsers turn it, PDF
    and Word files do not, so the briefing keeps the picture as it is meant to be seen."""
    try:
        return _kept_image(data, upright=True)
    except ImageError as error:
        raise ImageError(f"{source}: {error}") from None


def _kept_image(data: bytes, upright: bool = False) -> ImageData:
    """As image_from_bytes; the ImageError says why without naming the image."""
    if not data:
        raise ImageError("is empty, not an image")
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(_too_big(len(data)))
    if _looks_like_svg(data):
        return _svg_image(data)
    return _raster_image(data, upright)


# ---- the cover logo ----------------------------------------------------------------------
@dataclass(frozen=True)
class CoverLogo:
    """The theme's logo as every format draws it: upright pixels (PNG or JPEG) and its size
    on the cover in points (briefing.core.cover_design)."""

    data: bytes
    mime: str
    width_pt: float
    height_pt: float


def cover_logo(path: str) -> CoverLogo | None:
    """The logo at `path`, or None when it cannot be drawn (compile and the checks leave such
    a logo off the cover in every format). Read once per version of the file: the live
    preview draws the cover again after every edit."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _cover_logo(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _cover_logo(path: str, _mtime: int, _size: int) -> CoverLogo | None:
    from briefing.core.cover_design import COVER

    try:
        image = read_image_file(path)
    except ImageError:
        return None
    if image.mime == SVG:  # a logo is a raster picture (logo_problem)
        return None
    width, height = COVER.logo_size_pt(image.width, image.height)
    return CoverLogo(image.data, image.mime, width, height)


# ---- stored images: one verdict per content ----------------------------------------------
@dataclass(frozen=True)
class _Verdict:
    problem: str  # why the picture cannot be drawn; "" when it can
    width: int = 0
    height: int = 0


def _decide(data: bytes, mime: str) -> _Verdict:
    """The full decode behind a verdict: the same checks as on the way in, same kind kept."""
    try:
        image = _kept_image(data)
    except ImageError as error:
        return _Verdict(str(error))
    if image.mime != mime:
        return _Verdict(f"says it is {mime} but holds {image.mime}")
    return _Verdict("", image.width, image.height)


class _VerdictCache:
    """Verdicts by (SHA-256 of the bytes, kind), the least recently asked dropped beyond
    `size`. Hashing is some ten times faster than decoding (measured: 0.12 s against 1.2 s
    for 20 pictures of 3 MB), and a verdict holds no pixels, so the cache costs next to no
    memory however large the pictures. Locked: the checks run on the GUI thread while an
    export runs on a worker."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._verdicts: OrderedDict[tuple[bytes, str], _Verdict] = OrderedDict()
        self._lock = threading.Lock()

    def verdict(self, data: bytes, mime: str) -> _Verdict:
        key = (hashlib.sha256(data).digest(), mime)
        with self._lock:
            verdict = self._verdicts.get(key)
            if verdict is not None:
                self._verdicts.move_to_end(key)
                return verdict
        verdict = _decide(data, mime)  # outside the lock: decoding takes a while
        with self._lock:
            self._verdicts[key] = verdict
            while len(self._verdicts) > self.size:
                self._verdicts.popitem(last=False)
        return verdict


_verdicts = _VerdictCache()


def stored_image_problem(data: bytes, mime: str) -> str:
    """Why a picture read back from a .briefing cannot be drawn as the `mime` it claims
    ("" when it can): a damaged, truncated or oversized picture, or one of another kind."""
    return _verdicts.verdict(data, mime).problem


def check_stored_image(data: bytes, mime: str, source: str) -> ImageData:
    """An image read back from a .briefing, or an ImageError naming `source` and the problem
    (the verdict of `stored_image_problem`)."""
    verdict = _verdicts.verdict(data, mime)
    if verdict.problem:
        raise ImageError(f"{source}: {verdict.problem}")
    return ImageData(data, mime, verdict.width, verdict.height)


# ---- raster images ---------------------------------------------------------------------------
def _raster_image(data: bytes, upright: bool = False) -> ImageData:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise ImageError(
                        f"is {width} x {height} pixels; the most a figure can have "
                        f"is {MAX_IMAGE_PIXELS // 1_000_000} million pixels"
                    )
                kind = image.format
                image.load()  # decodes it all: a truncated or corrupt file fails here
                if upright and _orientation(image) != 1:
                    return _turned(_upright_image(image), kind)
                if kind == "PNG":
                    return ImageData(data, PNG, width, height)
                if kind == "JPEG":
                    return ImageData(data, JPEG, width, height)
                return ImageData(_as_png(image), PNG, width, height)
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(
            "has too many pixels; the most a figure can have is "
            f"{MAX_IMAGE_PIXELS // 1_000_000} million pixels"
        ) from None
    except UnidentifiedImageError:
        raise ImageError("is not a picture this app can read (PNG, JPEG or SVG)") from None
    except (OSError, ValueError, SyntaxError) as error:
        raise ImageError(f"is damaged ({error})") from None


_EXIF_ORIENTATION = 0x0112


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation (1 upright; 5 to 8 turned a quarter, so width and height swap)."""
    value = image.getexif().get(_EXIF_ORIENTATION, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _upright_image(image: Image.Image) -> Image.Image:
    """`image` as its EXIF orientation says it is seen (the same image when upright)."""
    return ImageOps.exif_transpose(image) if _orientation(image) != 1 else image


def _turned(image: Image.Image, kind: str | None) -> ImageData:
    width, height = image.size
    if kind == "JPEG":  # a photo stays a JPEG (no EXIF kept: it is upright now)
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=95)
        return ImageData(out.getvalue(), JPEG, width, height)
    return ImageData(_as_png(image), PNG, width, height)


def _as_png(image: Image.Image) -> bytes:
    frame = image.convert("RGBA") if image.mode not in ("RGB", "RGBA", "L", "LA") else image
    out = io.BytesIO()
    frame.save(out, format="PNG", optimize=True)
    return out.getvalue()


# ---- SVG -------------------------------------------------------------------------------------
def _looks_like_svg(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<?xml") or head.startswith(b"<svg") or b"<svg" in head


# Elements that draw or structure a drawing; everything else (script, foreignObject, iframe,
# audio, video, animation that can set href) is dropped with its content.
_SVG_ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "path", "rect",
        "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath",
        "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
        "filter", "feGaussianBlur", "feOffset", "feBlend", "feColorMatrix", "feComposite",
        "feFlood", "feMerge", "feMergeNode", "feMorphology", "feTurbulence", "feDropShadow",
        "image", "style", "switch",
    }
)
_URL_REF = re.compile(r"url\(\s*(['\"]?)(?!#)[^)]*\)", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import[^;]*;?", re.IGNORECASE)


def sanitized_svg(data: bytes, source: str = "the SVG") -> bytes:
    """The SVG with only drawing elements and only references inside itself (or data: images)."""
    try:
        return _sanitized(data)
    except ImageError as error:
        raise ImageError(f"{source}: {error}") from None


def _sanitized(data: bytes) -> bytes:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=True, remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ImageError(f"is not a readable SVG ({error})") from None
    if etree.QName(root).localname != "svg":
        raise ImageError("is XML but not an SVG drawing")
    for element in list(root.iter()):
        if not isinstance(element.tag, str):  # entity references left unresolved
            _drop(element)
            continue
        qname = etree.QName(element)
        if qname.namespace not in (None, _SVG_NS) or qname.localname not in _SVG_ELEMENTS:
            _drop(element)
            continue
        if qname.localname == "image" and not any(
            etree.QName(n).localname == "href" and _inside_reference(v, "image")
            for n, v in element.attrib.items()
        ):
            _drop(element)  # a picture from outside: nothing of it may be drawn
            continue
        for name in list(element.attrib):
            local = etree.QName(name).localname
            value = element.attrib[name]
            outside = local == "href" and not _inside_reference(value, qname.localname)
            if local.lower().startswith("on") or outside:  # scripts, and links out
                del element.attrib[name]
            elif local == "style" or "url(" in value.lower():
                element.attrib[name] = _URL_REF.sub("none", _CSS_IMPORT.sub("", value))
        if qname.localname == "style" and element.text:
            element.text = _URL_REF.sub("none", _CSS_IMPORT.sub("", element.text))
    if not root.get("viewBox") and not (_length(root.get("width")) and _length(root.get("height"))):
        # No size of its own: give it the one every browser would, so every writer agrees.
        root.set("width", str(_SVG_DEFAULT_SIZE[0]))
        root.set("height", str(_SVG_DEFAULT_SIZE[1]))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _inside_reference(value: str, element: str) -> bool:
    value = value.strip()
    if value.startswith("#"):
        return True
    return element == "image" and value.lower().startswith(("data:image/png", "data:image/jpeg"))


def _drop(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    # Keep the text that followed the dropped element (it belongs to the parent).
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _svg_image(data: bytes) -> ImageData:
    clean = _sanitized(data)
    width, height = svg_size(clean)
    try:
        _drawn_svg(clean, 16)  # resvg must be able to draw it, or no writer can
    except (ValueError, UnicodeDecodeError) as error:
        raise ImageError(f"is an SVG that cannot be drawn ({error})") from None
    return ImageData(clean, SVG, width, height)


_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px|pt|mm|cm|in|)\s*$")
_PER_PX = {"px": 1.0, "": 1.0, "pt": 96 / 72, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}


def svg_size(data: bytes) -> tuple[int, int]:
    """An SVG's size in CSS pixels from width/height, else its viewBox, else 300 x 150."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = [float(v) for v in re.split(r"[\s,]+", (root.get("viewBox") or "").strip()) if v]
    if len(box) == 4 and box[2] > 0 and box[3] > 0:
        ratio = box[3] / box[2]
        if width and not height:
            height = width * ratio
        elif height and not width:
            width = height / ratio
        elif not width and not height:
            width, height = box[2], box[3]
    if not width or not height:
        return _SVG_DEFAULT_SIZE
    return max(1, round(width)), max(1, round(height))


def _length(value: str | None) -> float:
    match = _LENGTH.match(value or "")
    return float(match.group(1)) * _PER_PX[match.group(2)] if match else 0.0


def svg_to_png(data: bytes, width_px: int) -> bytes:
    """The SVG drawn as a PNG `width_px` wide (for Word, which needs a picture beside it)."""
    try:
        return _drawn_svg(data, width_px)
    except (ValueError, UnicodeDecodeError) as error:
        raise ImageError(f"cannot draw the SVG ({error})") from None


def _drawn_svg(data: bytes, width_px: int) -> bytes:
    import resvg_py  # deferred: only figures drawn from SVG need it

    # dpi: resvg_py's default of 0 turns every length in inches, mm or pt into zero.
    return bytes(
        resvg_py.svg_to_bytes(svg_string=data.decode("utf-8"), width=max(1, width_px), dpi=96.0)
    )


def _too_big(size: int) -> str:
    return (
        f"is {size / 1024 / 1024:.1f} MB; a figure can be at most "
        f"{MAX_IMAGE_BYTES // 1024 // 1024} MB"
    )
