"""HTML writer: one self-contained page (styles inline, nothing fetched) from the render tree.

The GUI's live preview shows this output in a QTextBrowser, so it sticks to HTML and CSS that
Qt's rich-text engine understands (class selectors, no flexbox or grid) while still looking
right in a browser.
"""

from __future__ import annotations

import base64
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from briefing.core import blocks as b
from briefing.core.theme import Theme
from briefing.core.tree_text import ensure_clean
from briefing.render.output import atomic_output

Progress = Callable[[float], None]


def _text(text: str) -> str:
    """Escaped text with line breaks kept."""
    return escape(text, quote=True).replace("\n", "<br/>")


def _dir(direction: str) -> str:
    return ' dir="rtl"' if direction == "rtl" else ""


_IMAGE_TYPES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
)


def _logo_html(path: str) -> str:
    """The cover logo as an image with its data in the page (the page fetches nothing); ""
    when it cannot be read (the pre-export checks report that)."""
    try:
        stat = os.stat(path)
    except OSError:
        return ""
    return _logo_for(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _logo_for(path: str, _mtime: int, _size: int) -> str:
    # cached: the live preview renders the cover again on every edit
    try:
        data = Path(path).read_bytes()
    except OSError:
        return ""
    kind = next((mime for start, mime in _IMAGE_TYPES if data.startswith(start)), None)
    if kind is None:
        return ""
    encoded = base64.b64encode(data).decode("ascii")
    return f'<p class="logo"><img src="data:{kind};base64,{encoded}" alt="" height="68"/></p>'


def _p(css: str, text: str, direction: str) -> str:
    return f'<p class="{css}"{_dir(direction)}>{_text(text)}</p>'


def _inlines(inlines: tuple[b.Inline, ...]) -> str:
    out = []
    for inline in inlines:
        if isinstance(inline, b.Text):
            html = _text(inline.text)
            if inline.bold:
                html = f"<b>{html}</b>"
            if inline.italic:
                html = f"<i>{html}</i>"
            out.append(html)
        elif isinstance(inline, b.Link):
            out.append(f'<a href="{escape(inline.url, quote=True)}">{_text(inline.text)}</a>')
        elif isinstance(inline, b.CrossRef):
            out.append(f'<a href="#{inline.anchor}">{_text(inline.text)}</a>')
        elif isinstance(inline, b.CitationRef):
            out.append(f'<a class="cite" href="#{inline.anchor}">{inline.mark}</a>')
    return "".join(out)


def _lead(lead: str) -> str:
    return f"<b>{_text(lead)}</b>" if lead else ""


def _stylesheet(theme: Theme) -> str:
    body_fonts = ", ".join(f"'{f}'" for f in theme.body_fonts) + ", serif"
    heading_fonts = ", ".join(f"'{f}'" for f in theme.heading_fonts) + ", sans-serif"
    return f"""
body {{ font-family: {body_fonts}; font-size: {theme.body_size}pt; color: {theme.text_colour};
  max-width: 46em; margin: 0 auto; padding: 0 1.5em; line-height: {theme.line_spacing}; }}
h1, h2, .title, .subtitle {{ font-family: {heading_fonts}; color: {theme.accent_colour}; }}
h1 {{ font-size: {theme.heading1_size}pt; margin-top: 1.4em; }}
h2 {{ font-size: {theme.heading2_size}pt; }}
.marking {{ color: {theme.marking_colour}; font-weight: bold; text-align: center;
  font-family: {heading_fonts}; font-size: {theme.small_size}pt; letter-spacing: 0.08em; }}
.cover {{ padding: 3em 0 2em 0; border-bottom: 3px solid {theme.accent_colour}; }}
.logo {{ text-align: right; margin: 0; }}
.title {{ font-size: {theme.title_size}pt; font-weight: bold; margin: 0.6em 0 0.2em 0; }}
.subtitle {{ font-size: {theme.subtitle_size}pt; margin: 0 0 1.2em 0; }}
.meta {{ color: {theme.muted_colour}; margin: 0.1em 0; }}
.cover-label {{ color: {theme.muted_colour}; font-size: {theme.small_size}pt;
  margin: 1.2em 0 0.1em 0; }}
.toc p {{ margin: 0.15em 0; }}
.toc .l2 {{ margin-left: 1.5em; }}
blockquote {{ margin: 0.9em 0 0.9em 1.2em; padding-left: 0.9em;
  border-left: 3px solid {theme.accent_colour}; }}
.quote-text {{ font-size: {theme.quote_size}pt; margin: 0; }}
.excerpt .quote-text {{ color: {theme.text_colour}; }}
.attribution {{ color: {theme.muted_colour}; margin: 0.25em 0 0 0; }}
.clip-marking {{ color: {theme.marking_colour}; font-weight: bold;
  font-size: {theme.small_size}pt; margin: 0; }}
.clip-note {{ color: {theme.muted_colour}; font-size: {theme.small_size + 0.5}pt;
  background-color: {theme.note_background}; padding: 0.3em 0.5em; margin: 0.4em 0 0 0; }}
.commentary {{ }}
.note {{ background-color: {theme.note_background}; padding: 0.4em 0.6em; }}
figure {{ margin: 1em 0; page-break-inside: avoid; break-inside: avoid; }}
figcaption {{ color: {theme.muted_colour}; font-size: {theme.small_size + 0.5}pt;
  margin: 0.35em 0 0 0; }}
.sources p {{ margin: 0.25em 0; font-size: {theme.small_size + 0.5}pt; }}
a {{ color: {theme.link_colour}; }}
a.cite {{ text-decoration: none; font-size: {theme.small_size}pt; vertical-align: super; }}
"""


def _figure_html(figure: b.Figure) -> str:
    """The picture in the page as data (nothing is fetched; an SVG shown through <img> runs
    no script), as wide as the text and never taller than the share `figure_box` allows."""
    encoded = base64.b64encode(figure.data).decode("ascii")
    # `max-height` in vh is of the page when printed and of the window on screen.
    limit = round(b.FIGURE_MAX_HEIGHT_SHARE * 100)
    return (
        f'<figure id="{figure.anchor}" class="figure">'
        f'<img src="data:{figure.mime};base64,{encoded}" alt="{escape(figure.alt, quote=True)}"'
        f' width="100%" style="width: 100%; height: auto; max-height: {limit}vh;'
        f' object-fit: contain"/>'
        f"<figcaption{_dir(figure.direction)}>{_inlines(figure.caption)}</figcaption></figure>"
    )


def _block_html(block: b.Block) -> str:
    if isinstance(block, b.Cover):
        # The page banner directly above already shows the marking: no second copy here.
        lines = ['<div class="cover">']
        if block.logo_path:
            lines.append(_logo_html(block.logo_path))
        lines.append(_p("title", block.title, block.title_direction))
        for css, value, direction in (
            ("subtitle", block.subtitle, block.subtitle_direction),
            ("meta", block.date, block.date_direction),
            ("cover-label", block.prepared_by_label, block.prepared_by_direction),
            ("meta", block.author, block.author_direction),
            ("meta", block.organisation, block.organisation_direction),
        ):
            if value:
                lines.append(_p(css, value, direction))
        lines.append("</div>")
        return "\n".join(lines)
    if isinstance(block, b.TableOfContents):
        entries = "".join(
            f'<p class="l{e.level}"{_dir(e.direction)}>'
            f'<a href="#{e.anchor}">{_text(e.text)}</a></p>'
            for e in block.entries
        )
        title = f"<h2{_dir(block.title_direction)}>{_text(block.title)}</h2>"
        return f'<div class="toc">{title}{entries}</div>'
    if isinstance(block, b.Heading):
        tag = "h1" if block.level == 1 else "h2"
        anchor = f'<a name="{block.anchor}"></a>'
        return (
            f'<{tag} id="{block.anchor}"{_dir(block.direction)}>{anchor}{_text(block.text)}</{tag}>'
        )
    if isinstance(block, b.Paragraph):
        return f'<p class="{block.style}"{_dir(block.direction)}>{_inlines(block.inlines)}</p>'
    if isinstance(block, b.BulletList):
        items = "".join(f"<li{_dir(i.direction)}>{_inlines(i.inlines)}</li>" for i in block.items)
        return f'<ul class="{block.style}">{items}</ul>'
    if isinstance(block, b.BlockQuote):
        parts = [
            f'<blockquote id="{block.anchor}" class="{block.kind}"><a name="{block.anchor}"></a>'
        ]
        text = _text(block.text)
        if block.italic:  # a quote is in no quotation marks of our own, as in every format
            text = f"<i>{text}</i>"
        if block.marking:  # on its own line above the quote, as in the PDF and DOCX
            parts.append(_p("clip-marking", block.marking, block.marking_direction))
        parts.append(f'<p class="quote-text"{_dir(block.direction)}>{text}</p>')
        cite = _inlines((block.citation,)) if block.citation else ""
        if block.attribution or cite:
            parts.append(
                f'<p class="attribution"{_dir(block.attribution_direction)}>'
                f"{_text(block.attribution)} {cite}</p>"
            )
        if block.note:
            parts.append(
                f'<p class="clip-note"{_dir(block.note_direction)}>'
                f"{_lead(block.note_lead)}{_text(block.note)}</p>"
            )
        parts.append("</blockquote>")
        return "".join(parts)
    if isinstance(block, b.SourcesList):
        entries = "".join(
            f'<p id="{e.anchor}"{_dir(e.direction)}><a name="{e.anchor}"></a>'
            f"{e.mark} {_inlines(e.inlines)}</p>"
            for e in block.entries
        )
        return f'<div class="sources">{entries}</div>'
    if isinstance(block, b.Figure):
        return _figure_html(block)
    if isinstance(block, b.PageBreak):
        return '<div style="page-break-after: always"></div>'
    raise TypeError(f"unknown block {type(block).__name__}")  # pragma: no cover


@dataclass(frozen=True)
class HtmlParts:
    """The page in the order it is written: `head` (up to and including `<body>`), one item per
    piece of the body (the marking banner, each block, the banner again; never an empty one)
    and `tail`. The live
    preview compares items between renders to parse only what changed."""

    head: str
    items: tuple[str, ...]
    tail: str

    def joined(self) -> str:
        return self.head + "\n".join(self.items) + self.tail


def render_html_parts(
    document: b.Document, theme: Theme, progress: Progress | None = None
) -> HtmlParts:
    document = ensure_clean(document)
    info = document.info
    total = max(len(document.blocks), 1)
    body = []
    for index, block in enumerate(document.blocks):
        body.append(_block_html(block))
        if progress and index % 200 == 0:
            progress(index / total)
    banner = _p("marking", info.marking, info.marking_direction) if info.marking else ""
    head = (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(info.language, quote=True)}"><head><meta charset="utf-8"/>'
        f"<title>{_text(info.title)}</title>"
        f'<meta name="author" content="{escape(info.author, quote=True)}"/>'
        f'<meta name="description" content="{escape(info.subject, quote=True)}"/>'
        f"<style>{_stylesheet(theme)}</style></head>\n<body>\n"
    )
    if progress:
        progress(1.0)
    items = tuple(item for item in (banner, *body, banner) if item)  # no marking: no banner
    return HtmlParts(head, items, "\n</body></html>\n")


def render_html(document: b.Document, theme: Theme, progress: Progress | None = None) -> str:
    return render_html_parts(document, theme, progress).joined()


def write_html(
    document: b.Document, theme: Theme, target: Path, progress: Progress | None = None
) -> None:
    html = render_html(document, theme, progress)
    with atomic_output(Path(target)) as tmp:
        tmp.write_text(html, encoding="utf-8")
