"""HTML writer: one self-contained page (styles inline, nothing fetched) from the render tree.

The GUI's live preview shows this output in a QTextBrowser, so it sticks to HTML and CSS that
Qt's rich-text engine understands (class selectors, no flexbox or grid) while still looking
right in a browser.

Printed from a browser it is a paged document like the PDF: `@page` takes the tree's page size
and the theme's margins, and its margin boxes (CSS Paged Media, printed by Chromium since
version 131) carry the marking at the top and bottom of every page and the page label with
its numbers; the on-screen banners are hidden in print. The cover fills the first page as in
the PDF (accent band at the page's edge, title block a third down, who prepared it at the
foot; no page label there unless the tree says so). A browser without margin boxes (Firefox,
Safari) prints the on-screen banners instead, fixed at the top and bottom of every page, and
one that prints them never does (`_WITHOUT_MARGIN_BOXES`), so the marking is never printed
twice. Long words and URLs wrap.

Directions and languages: the page has the document's `lang` and `dir`; an element or run
whose direction or language differs says so (`dir`, `lang`), and text whose direction is not
its paragraph's is isolated in `<bdi>`, so a citation mark stays at the end of an attribution
and a Sources entry keeps its number and date in place around a right-to-left outlet.
Anchors are `id` attributes (Qt's rich text reads them as anchor names too).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from briefing.core import blocks as b
from briefing.core.cover_design import COVER
from briefing.core.images import cover_logo
from briefing.core.theme import Theme
from briefing.core.tree_text import ensure_clean
from briefing.render.html_prose import (
    dir_attribute,
    inlines_html,
    isolated,
    lang_attribute,
    list_html,
    paragraph_html,
)
from briefing.render.output import atomic_output

Progress = Callable[[float], None]


def _text(text: str) -> str:
    """Escaped text with line breaks kept."""
    return escape(text, quote=True).replace("\n", "<br/>")


# Shared with the prose rules (html_prose), under this module's short names.
_dir = dir_attribute
_lang = lang_attribute
_isolated = isolated


def _logo_html(path: str) -> str:
    """The cover logo as an image with its data in the page (the page fetches nothing), its
    upright pixels at the size the PDF gives it (core.images.cover_logo), in CSS pixels (96 to
    the inch); "" when it cannot be read (the pre-export checks report that)."""
    logo = cover_logo(path)
    if logo is None:
        return ""
    size = f'width="{logo.width_pt * 4 / 3:.0f}" height="{logo.height_pt * 4 / 3:.0f}"'
    encoded = base64.b64encode(logo.data).decode("ascii")
    return f'<p class="logo"><img src="data:{logo.mime};base64,{encoded}" alt="" {size}/></p>'


def _p(css: str, text: str, direction: str, around: str = "ltr") -> str:
    return f'<p class="{css}"{_dir(direction, around)}>{_text(text)}</p>'


def _inlines(inlines: tuple[b.Inline, ...]) -> str:
    return inlines_html(inlines, emphasis=False)


def _lead(lead: str) -> str:
    return f"<b>{_text(lead)}</b>" if lead else ""


_CSS_PAGE_SIZES = {"a4": "A4", "letter": "letter"}
_PAGE_MM = {"A4": (210.0, 297.0), "letter": (215.9, 279.4)}  # width, height


def css_string(text: str) -> str:
    """`text` as a CSS string with every character but the space written as an escape: no text
    can end the string, the rule or the <style> element."""
    text = text.replace("\n", " ")
    escaped = "".join(" " if char == " " else f"\\{ord(char):x} " for char in text)
    return f'"{escaped}"'


def _page_label_content(label: str) -> str:
    """The page label as the `content` of a page margin box: its {page}/{pages} fields become
    the page counters, everything else is printed as written."""
    parts = []
    for piece in b.page_label_pieces(label):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        else:
            parts.append(css_string(piece))
    return " ".join(parts) or '""'


def _page_css(info: b.DocumentInfo, theme: Theme, heading_fonts: str, cover: bool = True) -> str:
    """The printed page: size, margins, and in its margin boxes the marking at the top and
    bottom and the page label (not on the cover when the tree says so); the cover's page
    (`cover`: the document starts with one); the banners for browsers without margin boxes."""
    top, right, bottom, left = theme.margins_mm
    size = _CSS_PAGE_SIZES.get(info.page_size.lower(), "A4")
    box = (
        f"font-family: {heading_fonts}; font-size: {theme.small_size}pt; "
        f"color: {theme.muted_colour};"
    )
    marking = ""
    if info.marking:
        content = css_string(info.marking)
        mark = (
            f"content: {content}; {box} color: {theme.marking_colour}; font-weight: bold; "
            "letter-spacing: 0.08em;"
        )
        marking = f"@top-center {{ {mark} }} @bottom-center {{ {mark} vertical-align: bottom; }}"
    label = f"@bottom-right {{ content: {_page_label_content(info.page_label)}; {box} }}"
    first = []
    if not info.label_first_page:
        first.append("@bottom-right { content: none; }")
    if cover:  # the accent band down the cover's edge, outside the text, as in the PDF
        first.append(
            f"@left-middle {{ content: \"\"; width: {COVER.band_mm:g}mm; "
            f"height: {_PAGE_MM[size][1]}mm; margin: 0 auto 0 0; background-color: "
            f"{theme.accent_colour}; {_EXACT_COLOUR} }}"
        )
    first_page = f"@page :first {{ {' '.join(first)} }}" if first else ""
    return f"""
@page {{ size: {size}; margin: {top}mm {right}mm {bottom}mm {left}mm; {marking} {label} }}
{first_page}
@media print {{
  body {{ max-width: none; margin: 0; padding: 0; }}
  p.marking {{ display: none; }}  /* the page margin boxes carry it */
  h1, h2, .toc h2 {{ break-after: avoid; page-break-after: avoid; }}
  blockquote {{ break-inside: avoid; }}
  .attribution, .clip-note {{ break-before: avoid; page-break-before: avoid; }}
  .quote-text, .sources p, li, p {{ orphans: 2; widows: 2; }}
  a {{ color: inherit; }}
{_cover_print_css(theme, _PAGE_MM[size][1] - top - bottom) if cover else ""}
{_banner_fallback_css(top, bottom) if info.marking else ""}
}}
"""


# The browsers that print no page margin boxes, as a feature query. `at-rule()` is true where
# the browser knows the margin boxes, but Blink answers it only from version 148 and prints
# the boxes since 131; Blink alone parses `-webkit-app-region` (draggable regions of its
# apps), so Blink 131-147 is told apart by that. (Blink before 131 prints neither, as before.)
_WITHOUT_MARGIN_BOXES = "not (at-rule(@top-center) or (-webkit-app-region: drag))"

# Backgrounds and rules a browser leaves out of print unless told (Chrome's "Background
# graphics" is off by default).
_EXACT_COLOUR = "print-color-adjust: exact; -webkit-print-color-adjust: exact;"


def _cover_print_css(theme: Theme, text_height_mm: float) -> str:
    """The cover as the PDF draws it: the whole first page (the tree's page break follows
    it), the logo top right, an accent rule and the title block a third of the way down, the
    marking under a rule of its own, and who prepared it at the foot."""
    rule = f"content: \"\"; display: block; width: {COVER.rule_mm:g}mm; {_EXACT_COLOUR}"
    # Half a millimetre short of the text area: rounding must not push it onto a second page.
    return f"""
  .cover {{ display: flex; flex-direction: column; position: relative; box-sizing: border-box;
    height: {text_height_mm - 0.5:.1f}mm; margin: 0; padding: 0; border: none; }}
  .cover::before {{ content: ""; flex: 0 1 {COVER.title_from_top:.0%}; }}  /* shrinks: long title */
  .cover .logo {{ position: absolute; top: 0; right: 0; }}
  .cover-main {{ flex: none; max-width: {COVER.main_width:.0%}; }}
  .cover-main::before {{ {rule} height: {COVER.accent_rule_pt:g}pt;
    background-color: {theme.accent_colour}; margin: 0 0 {COVER.after_rule_pt:g}pt 0; }}
  .cover-main .title {{ margin: 0 0 {COVER.after_title_pt:g}pt 0; }}
  .cover-main .subtitle {{ margin: 0 0 {COVER.after_subtitle_pt:g}pt 0; }}
  .cover-main .meta {{ margin: 0 0 {COVER.after_date_pt:g}pt 0; }}
  .cover-marking {{ margin: 0; }}
  .cover-marking::before {{ {rule}
    border-top: {COVER.marking_rule_pt:g}pt solid {theme.marking_colour};
    margin: 0 0 {COVER.marking_rule_gap_pt:g}pt 0; }}
  .cover-foot {{ margin-top: auto; max-width: {COVER.foot_width:.0%}; }}
  .cover-foot .cover-label {{ margin: 0 0 {COVER.foot_gap_pt:g}pt 0; }}
  .cover-foot .meta {{ margin: 0 0 {COVER.foot_gap_pt:g}pt 0; }}"""


def _banner_fallback_css(top_mm: float, bottom_mm: float) -> str:
    """Where the page margin boxes are not printed, the on-screen banners are, fixed at the
    top and bottom of every page (browsers repeat a fixed box on each printed page, inside
    the page's margins). So that they stand half-way into the margins, near where the PDF
    centres its banners, the page margins shrink by half and the body gives that half back
    on every page as padding (`clone`), so the text keeps its place and its page breaks.
    (Seen by playing such a browser in Chromium: tests/render/test_html_print.py. Safari
    clones no block padding: there a banner can cover the edge of a page's first line.)"""
    return f"""
  @supports {_WITHOUT_MARGIN_BOXES} {{
    @page {{ margin-top: {top_mm / 2}mm; margin-bottom: {bottom_mm / 2}mm; }}
    body {{ padding: {top_mm / 2}mm 0 {bottom_mm / 2}mm 0; box-decoration-break: clone;
      -webkit-box-decoration-break: clone; }}
    body > p.marking:first-child, body > p.marking:last-child {{ display: block;
      position: fixed; left: 0; right: 0; margin: 0; }}
    body > p.marking:first-child {{ top: 0; }}
    body > p.marking:last-child {{ bottom: 0; }}
  }}"""


def _stylesheet(theme: Theme, info: b.DocumentInfo | None = None, cover: bool = True) -> str:
    body_fonts = ", ".join(f"'{f}'" for f in theme.body_fonts) + ", serif"
    heading_fonts = ", ".join(f"'{f}'" for f in theme.heading_fonts) + ", sans-serif"
    # The printed page's rules come last: Qt's rich-text engine (the live preview) cannot
    # parse the nested page margin boxes and drops everything after them.
    page = _page_css(info, theme, heading_fonts, cover) if info is not None else ""
    return f"""
body {{ font-family: {body_fonts}; font-size: {theme.body_size}pt; color: {theme.text_colour};
  max-width: 46em; margin: 0 auto; padding: 0 1.5em; line-height: {theme.line_spacing};
  overflow-wrap: break-word; }}
p, li, h1, h2, a, .sources, .attribution {{ overflow-wrap: anywhere; }}
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
.cover-marking {{ color: {theme.marking_colour}; font-weight: bold; margin: 1.2em 0 0 0;
  font-family: {heading_fonts}; letter-spacing: 0.08em; }}
.cover-label {{ color: {theme.muted_colour}; font-size: {theme.small_size}pt;
  margin: 1.2em 0 0.1em 0; }}
.toc p {{ margin: 0.15em 0; }}
.toc .l2 {{ margin-left: 1.5em; }}
blockquote {{ margin: 0.9em 0 0.9em 1.2em; padding-left: 0.9em;
  border-left: 3px solid {theme.accent_colour}; }}
blockquote[dir="rtl"] {{ margin: 0.9em 1.2em 0.9em 0; padding-left: 0; padding-right: 0.9em;
  border-left: none; border-right: 3px solid {theme.accent_colour}; }}
blockquote.excerpt {{ border-inline-start-color: {theme.muted_colour}; }}
.quote-text {{ font-size: {theme.quote_size}pt; margin: 0; }}
.excerpt .quote-text {{ color: {theme.text_colour}; }}
.attribution {{ color: {theme.muted_colour}; margin: -0.6em 1.2em 0.9em 1.2em; }}
.attribution.end {{ text-align: end; }}
.clip-marking {{ color: {theme.marking_colour}; font-weight: bold;
  font-size: {theme.small_size}pt; margin: 0; }}
.clip-note {{ color: {theme.muted_colour}; font-size: {theme.small_size + 0.5}pt;
  background-color: {theme.note_background}; padding: 0.3em 0.5em; margin: 0.4em 0 0 0; }}
.commentary {{ }}
.note {{ background-color: {theme.note_background}; padding: 0.4em 0.6em; }}
figure {{ margin: 1em 0; page-break-inside: avoid; break-inside: avoid; }}
.picture {{ margin: 0; }}
figcaption {{ color: {theme.muted_colour}; font-size: {theme.small_size + 0.5}pt;
  margin: 0.35em 0 0 0; }}
.sources p {{ margin: 0.25em 0; font-size: {theme.small_size + 0.5}pt;
  padding-inline-start: 2.4em; text-indent: -2.4em; }}
a {{ color: {theme.link_colour}; }}
a.cite {{ text-decoration: none; font-size: {theme.small_size}pt; vertical-align: super; }}
{page}"""


def _figure_html(figure: b.Figure, around: str = "ltr") -> str:
    """The picture in the page as data (nothing is fetched; an SVG shown through <img> runs
    no script), as wide as the text and never taller than the share `figure_box` allows."""
    encoded = base64.b64encode(figure.data).decode("ascii")
    # `max-height` in vh is of the page when printed and of the window on screen.
    limit = round(b.FIGURE_MAX_HEIGHT_SHARE * 100)
    # The anchor and the picture sit in a <p>: Qt's rich text (the live preview) knows no
    # <figure>, and would run the picture into the paragraph before and drop the id.
    return (
        f'<figure class="figure"><p class="picture" id="{figure.anchor}">'
        f'<img src="data:{figure.mime};base64,{encoded}" alt="{escape(figure.alt, quote=True)}"'
        f' width="100%" style="width: 100%; height: auto; max-height: {limit}vh;'
        f' object-fit: contain"/></p>'
        f"<figcaption{_dir(figure.direction, around)}>{_inlines(figure.caption)}</figcaption>"
        "</figure>"
    )


def _block_html(block: b.Block, around: str = "ltr") -> str:
    """One block; `around` is the document's direction (what an element need not repeat)."""
    if isinstance(block, b.Cover):
        return _cover_html(block, around)
    if isinstance(block, b.TableOfContents):
        entries = "".join(
            f'<p class="l{e.level}"{_dir(e.direction, around)}>'
            f'<a href="#{e.anchor}">{_text(e.text)}</a></p>'
            for e in block.entries
        )
        title = f"<h2{_dir(block.title_direction, around)}>{_text(block.title)}</h2>"
        css = "toc compact" if block.compact else "toc"
        return f'<div class="{css}">{title}{entries}</div>'
    if isinstance(block, b.Heading):
        tag = "h1" if block.level == 1 else "h2"
        direction = _dir(block.direction, around)
        return f'<{tag} id="{block.anchor}"{direction}>{_text(block.text)}</{tag}>'
    if isinstance(block, b.Paragraph):
        return paragraph_html(block, around)
    if isinstance(block, b.BulletList):
        return list_html(block, around)
    if isinstance(block, b.BlockQuote):
        return _quote_html(block, around)
    if isinstance(block, b.SourcesList):
        entries = "".join(
            f'<p id="{e.anchor}"{_dir(e.direction, around)}>'
            f'<span class="number">{e.mark}</span> {_inlines(e.inlines)}</p>'
            for e in block.entries
        )
        return f'<div class="sources">{entries}</div>'
    if isinstance(block, b.Figure):
        return _figure_html(block, around)
    if isinstance(block, b.PageBreak):
        return '<div class="page-break" style="page-break-after: always"></div>'
    raise TypeError(f"unknown block {type(block).__name__}")  # pragma: no cover


def _anchor_id(anchor: str) -> str:
    return f' id="{anchor}"' if anchor else ""


def _cover_html(block: b.Cover, around: str) -> str:
    """blocks.Cover's order, as in the PDF and DOCX: the title block, then who prepared it,
    each in a <div> of its own (printed, the first stands a third down the page, the second
    at its foot)."""
    def paragraphs(*lines: tuple[str, str, str]) -> list[str]:
        return [_p(css, value, direction, around) for css, value, direction in lines if value]

    main = [
        _p("title", block.title, block.title_direction, around),
        *paragraphs(
            ("subtitle", block.subtitle, block.subtitle_direction),
            ("meta", block.date, block.date_direction),
            ("cover-marking", block.marking, block.marking_direction),
        ),
    ]
    foot = paragraphs(
        ("cover-label", block.prepared_by_label, block.prepared_by_direction),
        ("meta", block.author, block.author_direction),
        ("meta", block.organisation, block.organisation_direction),
    )
    lines = ['<div class="cover">']
    if block.logo_path:
        lines.append(_logo_html(block.logo_path))
    lines += ['<div class="cover-main">', *main, "</div>"]
    if foot:
        lines += ['<div class="cover-foot">', *foot, "</div>"]
    lines.append("</div>")
    return "\n".join(line for line in lines if line)


def _quote_html(block: b.BlockQuote, around: str) -> str:
    """A quote: a <blockquote> with the clip's portion marking and the quoted words only,
    then the attribution line and the note after it, outside the quotation. (The item starts
    with the blockquote: the live preview cuts its page into pieces before one.)"""
    text = _text(block.text)
    if block.italic:  # a quote is in no quotation marks of our own, as in every format
        text = f"<i>{text}</i>"
    direction = _dir(block.direction, around)
    parts = [f'<blockquote id="{block.anchor}" class="{block.kind}"{direction}>']
    if block.marking:  # on its own line above the quote, as in the PDF and DOCX
        parts.append(_p("clip-marking", block.marking, block.marking_direction, block.direction))
    parts.append(f'<p class="quote-text"{_lang(block.language)}>{text}</p></blockquote>')
    cite = _inlines((block.citation,)) if block.citation else ""
    if block.attribution or cite:
        # the line takes the attribution's direction (as in the PDF and DOCX) and the name is
        # isolated in it, so the citation mark stays at its end whatever the name's script
        who = ""
        if block.attribution:
            who = _isolated(_text(block.attribution), block.attribution_direction,
                            block.attribution_language)
        css = f"attribution {block.kind}"
        if block.attribution_align == b.ATTRIBUTION_END:
            css += " end"
        space = " " if who and cite else ""
        line = _dir(block.attribution_direction, around)
        parts.append(f'<p class="{css}"{line}>{who}{space}{cite}</p>')
    if block.note:
        parts.append(
            f'<p class="clip-note {block.kind}"{_dir(block.note_direction, around)}>'
            f"{_lead(block.note_lead)}{_text(block.note)}</p>"
        )
    return "".join(parts)


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
    cover = bool(document.blocks) and isinstance(document.blocks[0], b.Cover)
    total = max(len(document.blocks), 1)
    body = []
    around = info.direction or "ltr"
    for index, block in enumerate(document.blocks):
        body.append(_block_html(block, around))
        if progress and index % 200 == 0:
            progress(index / total)
    banner = (
        _p("marking", info.marking, info.marking_direction, around) if info.marking else ""
    )
    head = (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(info.language, quote=True)}" dir="{around}"><head>'
        '<meta charset="utf-8"/>'
        f"<title>{_text(info.title)}</title>"
        f'<meta name="author" content="{escape(info.author, quote=True)}"/>'
        f'<meta name="description" content="{escape(info.subject, quote=True)}"/>'
        f"<style>{_stylesheet(theme, info, cover)}</style></head>\n<body>\n"
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
