"""HTML for inline content and lists: the analyst's rich prose (bold, italic, links, inline
quotes with their citations) and every other run of inlines the tree holds.

Everything is escaped. In paragraphs and lists emphasis is <strong>/<em> (a paragraph's lead
label stays <b>, as the tree marks it apart); elsewhere (sources, captions) it stays <b>/<i>.
A link becomes <a href> only for a URL the one rule (briefing.core.urls.safe_url) allows,
else its text is printed plain.
"""

from __future__ import annotations

from html import escape

from briefing.core import blocks as b
from briefing.core.urls import safe_url


def text_html(text: str) -> str:
    """Escaped text with line breaks kept."""
    return escape(text, quote=True).replace("\n", "<br/>")


def dir_attribute(direction: str, around: str = "ltr") -> str:
    """The `dir` attribute of an element in `direction` inside one in `around`."""
    return f' dir="{direction}"' if direction and direction != around else ""


def lang_attribute(language: str) -> str:
    return f' lang="{escape(language, quote=True)}"' if language else ""


def isolated(html: str, direction: str, language: str = "") -> str:
    """`html` in a <bdi>: its direction cannot reorder what stands around it."""
    return f"<bdi{lang_attribute(language)}{dir_attribute(direction, '')}>{html}</bdi>"


def _anchor_id(anchor: str) -> str:
    return f' id="{anchor}"' if anchor else ""


def inlines_html(
    inlines: tuple[b.Inline, ...], *, has_lead: bool = False, emphasis: bool = True
) -> str:
    """`emphasis`: bold and italic as <strong>/<em> (prose), else as <b>/<i> (labels and
    captions, which the tree sets bold or italic for their look)."""
    bold_tag, italic_tag = ("strong", "em") if emphasis else ("b", "i")
    out = []
    for index, inline in enumerate(inlines):
        if isinstance(inline, b.Text):
            html = text_html(inline.text)
            if has_lead and index == 0:
                out.append(f"<b>{html}</b>" if inline.bold else html)
                continue
            if inline.bold:
                html = f"<{bold_tag}>{html}</{bold_tag}>"
            if inline.italic:
                html = f"<{italic_tag}>{html}</{italic_tag}>"
            if inline.direction:  # a run in another direction than its block: isolated
                html = isolated(html, inline.direction, inline.language)
            elif inline.language:
                html = f"<span{lang_attribute(inline.language)}>{html}</span>"
            out.append(html)
        elif isinstance(inline, b.Link):
            url = safe_url(inline.url)
            text = text_html(inline.text or inline.url)
            out.append(f'<a href="{escape(url, quote=True)}">{text}</a>' if url else text)
        elif isinstance(inline, b.CrossRef):
            out.append(f'<a href="#{inline.anchor}">{text_html(inline.text)}</a>')
        elif isinstance(inline, b.CitationRef):
            out.append(f'<a class="cite" href="#{inline.anchor}">{inline.mark}</a>')
    return "".join(out)


def paragraph_html(block: b.Paragraph, around: str = "ltr") -> str:
    body = inlines_html(block.inlines, has_lead=block.has_lead)
    direction = dir_attribute(block.direction, around)
    return f'<p class="{block.style}"{_anchor_id(block.anchor)}{direction}>{body}</p>'


def list_html(block: b.BulletList, around: str = "ltr") -> str:
    items = []
    for item in block.items:
        direction = dir_attribute(item.direction, around)
        items.append(f"<li{_anchor_id(item.anchor)}{direction}>{inlines_html(item.inlines)}</li>")
    if block.ordered:
        start = f' start="{block.start}"' if block.start != 1 else ""
        return f'<ol class="{block.style}"{start}>{"".join(items)}</ol>'
    return f'<ul class="{block.style}">{"".join(items)}</ul>'
