"""`briefing export` and `briefing check` on a briefing whose commentary quotes a clip inline."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from briefing.cli import main
from briefing.core import storage
from briefing.core.resources import resource_path

SAMPLE = resource_path("sample", "sample.briefing")


def inline_sample(tmp_path: Path, extra: str = "") -> tuple[Path, str]:
    briefing = storage.load_briefing(SAMPLE)
    clip = next(c for c in briefing.clips if briefing.placement(c.id) is None)
    section = briefing.sections[0]
    section.commentary = f"The analyst calls it [@{clip.id}], **firmly**.{extra}"
    path = tmp_path / "inline.briefing"
    storage.save_briefing(briefing, path)
    return path, " ".join(clip.text.split())


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html", "tree"])
def test_export_prints_the_inline_quote_with_its_citation(tmp_path, capsys, fmt):
    path, words = inline_sample(tmp_path)
    out = tmp_path / f"out.{'json' if fmt == 'tree' else fmt}"
    assert main(["export", str(path), "-o", str(out), "--format", fmt, "--strict", "-q"]) == 0
    if fmt == "docx":
        text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    elif fmt == "pdf":
        text = " ".join(page.extract_text() for page in PdfReader(str(out)).pages)
    else:
        text = out.read_text(encoding="utf-8")
    if fmt == "html":
        assert "<strong>firmly</strong>" in text
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    flat = " ".join(text.replace("\u00a0", " ").split())
    if fmt == "tree":
        data = json.loads(text)
        cited = [n["number"] for block in data["blocks"] for n in block.get("inlines", [])
                 if n["t"] == "CitationRef"]  # fmt: skip
        assert cited[0] == 1  # the section's inline quote is the document's first citation
        assert f"“{words}”" in text
    else:
        assert f"The analyst calls it “{words[:40]}" in flat
        assert "**" not in flat
        assert f"{words[-20:]}” [1], firmly." in flat


def test_an_unknown_inline_clip_fails_a_strict_export_with_one_line(tmp_path, capsys):
    path, _ = inline_sample(tmp_path, " See [@c-nothere].")
    out = tmp_path / "out.pdf"
    assert main(["export", str(path), "-o", str(out), "--strict"]) == 2
    err = capsys.readouterr().err
    assert "[@c-nothere] names no clip" in err and "Traceback" not in err
    assert not out.exists()
    assert main(["check", str(path)]) == 2
