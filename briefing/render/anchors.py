"""Which anchors a render tree defines: the targets an internal link may point at.

The DOCX writer turns each into a bookmark, the PDF writer into a named destination; both drop
a link to an anchor that is not here rather than write a broken one. One walk, so a new
anchored block cannot reach one writer and not the other.
"""

from __future__ import annotations

from briefing.core import blocks as b


def defined_anchors(blocks: tuple[b.Block, ...]) -> list[str]:
    """Every non-empty anchor the blocks define, once each, in document order."""
    anchors: list[str] = []
    for block in blocks:
        if isinstance(block, b.Heading | b.BlockQuote | b.Figure):
            anchors.append(block.anchor)
        elif isinstance(block, b.SourcesList):
            anchors.extend(entry.anchor for entry in block.entries)
        elif isinstance(block, b.BulletList):
            anchors.extend(item.anchor for item in block.items)
    return [anchor for anchor in dict.fromkeys(anchors) if anchor]
