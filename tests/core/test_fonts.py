"""Font discovery and coverage against the fonts installed on the test machine (DejaVu, WQY)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from briefing.core import fonts
from briefing.core.errors import BriefingError
from briefing.core.fonts import FontError, FontSet

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")

needs_fonts = pytest.mark.skipif(
    not (DEJAVU / "DejaVuSans.ttf").exists() or not WQY.exists(),
    reason="needs fonts-dejavu and fonts-wqy-zenhei",
)


@pytest.fixture(autouse=True)
def _fresh_index(monkeypatch, tmp_path):
    monkeypatch.delenv(fonts.FONT_PATH_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    fonts.refresh_fonts()
    yield
    fonts.refresh_fonts()


@needs_fonts
@pytest.mark.parametrize(
    ("family", "files"),
    [
        (
            "DejaVu Sans",
            (
                "DejaVuSans.ttf",
                "DejaVuSans-Bold.ttf",
                "DejaVuSans-Oblique.ttf",
                "DejaVuSans-BoldOblique.ttf",
            ),
        ),
        (
            "dejavu serif",  # names match without regard to case
            (
                "DejaVuSerif.ttf",
                "DejaVuSerif-Bold.ttf",
                "DejaVuSerif-Italic.ttf",
                "DejaVuSerif-BoldItalic.ttf",
            ),
        ),
    ],
)
def test_family_resolves_to_its_four_styles(family, files):
    resolved = fonts.resolve_family(family)
    assert resolved is not None
    assert resolved.name == family.title().replace("Dejavu", "DejaVu")
    got = tuple(Path(resolved.face(style).path).name for style in fonts.STYLES)
    assert got == files


@needs_fonts
def test_collection_font_resolves_with_its_index_and_missing_styles_fall_back():
    family = fonts.resolve_family("WenQuanYi Zen Hei")
    assert family is not None
    assert Path(family.regular.path) == WQY and family.regular.index == 0
    assert family.bold == family.italic == family.bold_italic == family.regular
    sharp = fonts.resolve_family("WenQuanYi Zen Hei Sharp")
    assert sharp is not None and sharp.regular.index != 0
    assert Path(sharp.regular.path) == WQY


@needs_fonts
def test_folder_scan_finds_the_same_fonts_as_fontconfig(monkeypatch):
    scanned = fonts.build_index(use_fontconfig=False, use_cache=False)
    assert scanned.source == "folders"
    for name in ("DejaVu Sans", "DejaVu Serif", "WenQuanYi Zen Hei"):
        family = fonts.resolve_from_faces(name, scanned.faces(name))
        assert family is not None
        assert family == fonts.resolve_family(name)


@needs_fonts
def test_folder_scan_cache_is_reused_and_notices_changes(tmp_path):
    folder = tmp_path / "fonts"
    folder.mkdir()
    shutil.copy(DEJAVU / "DejaVuSans.ttf", folder / "A.ttf")
    cache = tmp_path / "fonts.json"
    first = fonts.scan_folders([folder], cache)
    assert cache.exists() and [f.families[0] for f in first] == ["DejaVu Sans"]
    assert fonts.scan_folders([folder], cache) == first
    shutil.copy(DEJAVU / "DejaVuSerif.ttf", folder / "A.ttf")  # same name, new content
    assert [f.families[0] for f in fonts.scan_folders([folder], cache)] == ["DejaVu Serif"]


@needs_fonts
def test_font_path_env_is_searched_first(monkeypatch, tmp_path):
    shutil.copy(DEJAVU / "DejaVuSans-Bold.ttf", tmp_path / "MyBold.ttf")
    monkeypatch.setenv(fonts.FONT_PATH_ENV, str(tmp_path))
    fonts.refresh_fonts()
    family = fonts.resolve_family("DejaVu Sans")
    assert family is not None
    assert family.bold.path == str(tmp_path / "MyBold.ttf")


def test_unusable_fonts_are_known_but_never_chosen():
    def face(outlines: str, colour: bool = False, weight: int = 400) -> fonts.FontFace:
        return fonts.FontFace(
            "/x.otf", 0, ("Noto X",), "Regular", weight, False, 5, outlines, colour
        )

    assert fonts.resolve_from_faces("Noto X", [face("cff")]) is None
    assert fonts.resolve_from_faces("Noto X", [face("truetype", colour=True)]) is None
    assert face("cff").reason_unusable == "it has PostScript (CFF) outlines"
    chosen = fonts.resolve_from_faces("Noto X", [face("cff"), face("truetype", weight=700)])
    assert chosen is not None and chosen.regular.weight == 700  # the only usable face


@needs_fonts
def test_uncovered_reports_only_real_gaps():
    font_set = FontSet(["DejaVu Serif", "DejaVu Sans", "WenQuanYi Zen Hei"])
    text = (
        "Hello, Привет, Γειά, ʼ «» „“ — שלום مرحبا 北京 😀 "
        "\u200d\u200c\u200e\ufe0f\u00ad\t\n\u00a0\u3000 \u270c\U0001f3fd"
    )
    assert font_set.uncovered(text) == set()
    assert font_set.uncovered("a\U0010fffdb\u0378c") == {"\U0010fffd", "\u0378"}
    assert font_set.uncovered("\ue000") == {"\ue000"}  # private use: not covered here


@needs_fonts
def test_font_for_walks_the_fallback_list_in_order():
    font_set = FontSet(["DejaVu Serif", "DejaVu Sans", "WenQuanYi Zen Hei"])
    assert font_set.main.name == "DejaVu Serif"
    assert font_set.font_for("a").name == "DejaVu Serif"
    assert font_set.font_for("ש").name == "DejaVu Sans"  # Serif has no Hebrew
    assert font_set.font_for("北").name == "WenQuanYi Zen Hei"
    assert font_set.font_for("\U0010fffd") is None
    assert font_set.main_covers_all("Привет") and not font_set.main_covers_all("北")


@needs_fonts
def test_missing_families_are_skipped_and_listed():
    font_set = FontSet(["No Such Font", "DejaVu Sans"])
    assert font_set.main.name == "DejaVu Sans"
    assert font_set.missing == ("No Such Font",)
    assert FontSet.resolve(["DejaVu Sans"]).main.name == "DejaVu Sans"


def test_no_installed_font_is_a_clear_briefing_error():
    with pytest.raises(FontError) as caught:
        FontSet(["No Such Serif", "No Such Sans"])
    assert isinstance(caught.value, BriefingError)
    message = str(caught.value)
    assert message.startswith("none of the fonts No Such Serif, No Such Sans is installed")
    assert "BRIEFING_FONT_PATH" in message and "\n" not in message


@needs_fonts
def test_ignorable_characters():
    for char in " \t\n\u00a0\u200b\u200c\u200d\u200e\u202e\u2066\ufe0f\ufeff\U000e0067\x00":
        assert fonts.is_ignorable(char), hex(ord(char))
    for char in "aЯ北😀\u0301\U0010fffd":
        assert not fonts.is_ignorable(char), hex(ord(char))


@needs_fonts
def test_resolution_after_a_refresh_finds_the_families_again():
    # How long this takes (cold and warm) is measured by `make bench` (fonts_resolve).
    fonts.refresh_fonts()
    font_set = FontSet(["DejaVu Serif", "DejaVu Sans", "WenQuanYi Zen Hei"])
    assert [family.name for family in font_set.families][:2] == ["DejaVu Serif", "DejaVu Sans"]
    assert font_set.font_for("北") is not None


@needs_fonts
def test_resolve_shares_one_font_set_per_process_until_fonts_are_refreshed():
    first = FontSet.resolve(["DejaVu Serif", "WenQuanYi Zen Hei"])
    assert FontSet.resolve(("DejaVu Serif", "WenQuanYi Zen Hei")) is first
    assert FontSet.resolve(["DejaVu Sans"]) is not first
    assert first.uncovered("Hello 你好") == set()
    fonts.refresh_fonts()
    again = FontSet.resolve(["DejaVu Serif", "WenQuanYi Zen Hei"])
    assert again is not first
    assert again.uncovered("Hello 你好 \U0001d11e") == {"\U0001d11e"}


@needs_fonts
def test_coverage_is_kept_on_disk_and_reread_when_the_font_changes(tmp_path):
    font = tmp_path / "DejaVuSans.ttf"
    shutil.copy(DEJAVU / "DejaVuSans.ttf", font)
    real = fonts.coverage(str(font))
    assert ord("Ж") in real and len(real) > 3000
    cache_file = tmp_path / "cache" / "briefing-builder" / "coverage.json"
    assert cache_file.exists()
    # a later process reads the saved answer instead of the font: prove it by altering it
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    data["faces"][f"{font}#0"]["ranges"] = [[65, 67]]
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    fonts.refresh_fonts()
    assert fonts.coverage(str(font)) == frozenset({65, 66, 67})
    # a changed file (size and time) is read again
    font.write_bytes(font.read_bytes() + b"\0")
    os.utime(font, ns=(1, 1))
    fonts.refresh_fonts()
    assert fonts.coverage(str(font)) == real
