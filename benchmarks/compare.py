"""Outside tools for comparison: pandoc (Markdown → DOCX) and LibreOffice (our DOCX → PDF).

The Markdown is the same briefing: it is written from the same render tree our writers get,
so pandoc sets the same headings, key judgments, quotes with attribution and notes, and the
numbered sources list (with `--toc`, it adds a table-of-contents field too).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from briefing.core import blocks as b

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|~^$])")


def _escape(text: str) -> str:
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    # A line that starts with "1." or "-" would become a list.
    return re.sub(r"^(\d+)\.", r"\1\\.", escaped).replace("\n", " ")


def _inlines(inlines: tuple[b.Inline, ...]) -> str:
    out: list[str] = []
    for inline in inlines:
        if isinstance(inline, b.Text):
            text = _escape(inline.text)
            if text.strip() and inline.bold:
                text = f"**{text.strip()}** "
            elif text.strip() and inline.italic:
                text = f"*{text.strip()}* "
            out.append(text)
        elif isinstance(inline, b.Link):
            out.append(f"[{_escape(inline.text)}](<{inline.url}>)")
        elif isinstance(inline, b.CrossRef):
            out.append(f"[{_escape(inline.text)}](#{inline.anchor})")
        elif isinstance(inline, b.CitationRef):
            out.append(f" \\[{inline.number}\\]")
    return "".join(out).strip()


def document_markdown(document: b.Document) -> str:
    """Pandoc Markdown for a compiled briefing (cover data in the YAML metadata block)."""
    lines: list[str] = ["---"]
    for block in document.blocks:
        if isinstance(block, b.Cover):
            for key, value in (
                ("title", block.title),
                ("subtitle", block.subtitle),
                ("author", block.author or block.organisation),
                ("date", block.date),
            ):
                if value:
                    lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
            break
    lines += ["---", ""]
    for block in document.blocks:
        if isinstance(block, b.Heading):
            lines += [f"{'#' * block.level} {_escape(block.text)} {{#{block.anchor}}}", ""]
        elif isinstance(block, b.Paragraph):
            lines += [_inlines(block.inlines), ""]
        elif isinstance(block, b.BulletList):
            lines += [f"- {_inlines(item.inlines)}" for item in block.items] + [""]
        elif isinstance(block, b.BlockQuote):
            cite = f" \\[{block.citation.number}\\]" if block.citation else ""
            lines += [f"> []{{#{block.anchor}}}{_escape(block.text)}", ">"]
            if block.attribution:
                lines += [f"> {_escape(block.attribution)}{cite}", ""]
            else:
                lines += [""]
            if block.note:
                lines += [f"*{_escape(block.note)}*", ""]
        elif isinstance(block, b.SourcesList):
            for entry in block.entries:
                lines.append(f"{entry.number}. []{{#{entry.anchor}}}{_inlines(entry.inlines)}")
            lines.append("")
    return "\n".join(lines)


def pandoc_command(markdown: Path, target: Path) -> list[str] | None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return None
    return [pandoc, "--from=markdown", "--to=docx", "--toc", "-o", str(target), str(markdown)]


def soffice_command(docx: Path, outdir: Path, profile: Path) -> list[str] | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    return [
        soffice,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        str(docx),
    ]


__all__ = ["document_markdown", "pandoc_command", "soffice_command"]
