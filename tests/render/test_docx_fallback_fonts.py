"""The DOCX names, for runs whose characters the theme's fonts lack, the installed font the
PDF draws them with (issue 12, point 2)."""

from __future__ import annotations

import re
import zipfile

import pytest

from briefing.core import fonts
from briefing.core.fonts import FontSet
from briefing.core.theme import load_theme
from briefing.render.export import export_briefing
from tests.render.multiscript import SENTENCES, build_multiscript

pytestmark = pytest.mark.skipif(
    fonts.resolve_family("DejaVu Serif") is None
    or FontSet.resolve(load_theme("default").body_fonts).family_for("म") is None,
    reason="needs fonts-dejavu-core and fonts-noto-core",
)


def test_runs_the_theme_cannot_draw_name_the_pdfs_fallback_font(tmp_path):
    target = tmp_path / "scripts.docx"
    export_briefing(build_multiscript(sections=16), target)
    xml = zipfile.ZipFile(target).read("word/document.xml").decode("utf-8")
    runs = re.findall(r"<w:r>(.*?)</w:r>", xml, re.S)
    font_set = FontSet.resolve(load_theme("default").body_fonts)
    for name in ("hindi", "thai", "khmer", "myanmar", "tamil", "bengali"):
        sentence = SENTENCES[name][1]
        run = next(r for r in runs if sentence in r)
        expected = font_set.family_for(sentence[0])
        assert expected is not None
        assert f'w:cs="{expected.name}"' in run, name
    greek = next(r for r in runs if SENTENCES["greek"][1] in r)
    assert "w:rFonts" not in greek  # the theme's fonts draw it: nothing to name
