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


def _dir(direction: str) -> str:
    return ' dir="rtl"' if direction == "rtl" else ""


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


def paragraph_html(block: b.Paragraph) -> str:
    anchor = f' id="{block.anchor}"' if block.anchor else ""
    name = f'<a name="{block.anchor}"></a>' if block.anchor else ""
    body = inlines_html(block.inlines, has_lead=block.has_lead)
    return f'<p class="{block.style}"{anchor}{_dir(block.direction)}>{name}{body}</p>'


def list_html(block: b.BulletList) -> str:
    items = []
    for item in block.items:
        anchor = f' id="{item.anchor}"' if item.anchor else ""
        name = f'<a name="{item.anchor}"></a>' if item.anchor else ""
        items.append(f"<li{anchor}{_dir(item.direction)}>{name}{inlines_html(item.inlines)}</li>")
    if block.ordered:
        start = f' start="{block.start}"' if block.start != 1 else ""
        return f'<ol class="{block.style}"{start}>{"".join(items)}</ol>'
    return f'<ul class="{block.style}">{"".join(items)}</ul>'
