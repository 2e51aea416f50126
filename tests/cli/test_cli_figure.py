"""`briefing figure add`: a picture into a section from the command line, then exported."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import docx
import pytest
from PIL import Image

from briefing.cli import main
from briefing.core.model import Figure
from briefing.core.resources import resource_path
from briefing.core.storage import load_briefing


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return Path(shutil.copy(resource_path("sample", "sample.briefing"), tmp_path / "s.briefing"))


def test_figure_add_puts_the_picture_in_the_named_section_and_it_exports(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    picture = tmp_path / "map.webp"
    Image.new("RGB", (400, 200), (0, 120, 0)).save(picture)
    heading = load_briefing(sample).sections[1].heading
    code = main(["figure", "add", str(sample), str(picture), "--section", heading.upper(),
                 "--caption", "Grid map", "--credit", "Map: SevGrid"])
    assert code == 0
    figure_id, caption = capsys.readouterr().out.strip().split("\t")
    assert caption == "Grid map"
    section = load_briefing(sample).sections[1]
    (figure,) = [i for i in section.items if isinstance(i, Figure)]
    assert (figure.id, figure.mime, figure.width, figure.credit) == (
        figure_id, "image/png", 400, "Map: SevGrid")
    out = tmp_path / "s.docx"
    assert main(["export", str(sample), "-o", str(out), "-q"]) == 0
    assert len(docx.Document(str(out)).inline_shapes) == 1


@pytest.mark.parametrize(
    ("section", "picture_text", "expected"),
    [
        ("9", None, "no section “9” (give an id, a heading or a number from 1 to 3)"),
        ("1", "not a picture", "is not a picture this app can read"),
    ],
)
def test_figure_add_errors_are_one_line_and_leave_the_file_alone(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], section: str,
    picture_text: str | None, expected: str,
) -> None:
    picture = tmp_path / "p.png"
    if picture_text is None:
        Image.new("RGB", (4, 4)).save(picture)
    else:
        picture.write_text(picture_text, encoding="utf-8")
    before = sample.read_bytes()
    assert main(["figure", "add", str(sample), str(picture), "--section", section]) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1
    assert sample.read_bytes() == before


@pytest.fixture
def damaged(sample: Path, tmp_path: Path) -> Path:
    """The sample with a figure whose picture lost its second half (a file that loads: the
    header says PNG, the pixels are gone)."""
    picture = tmp_path / "map.png"
    Image.effect_noise((200, 120), 60).save(picture)
    assert main(["figure", "add", str(sample), str(picture), "--section", "2", "--caption",
                 "Grid map"]) == 0
    data = json.loads(sample.read_text(encoding="utf-8"))
    (item,) = [i for i in data["sections"][1]["items"] if i["type"] == "figure"]
    raw = base64.b64decode(item["data"])
    item["data"] = base64.b64encode(raw[: len(raw) // 2]).decode("ascii")
    sample.write_text(json.dumps(data), encoding="utf-8")
    return sample


def test_check_names_the_damaged_figure_and_every_format_refuses_it_alike(
    damaged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    section = load_briefing(damaged).sections[1]
    number = next(n for n, i in enumerate(section.items, 1) if isinstance(i, Figure))
    assert main(["check", str(damaged)]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].endswith("[figure-unreadable]")
    sentence = errors[0].split(": error: ", 1)[1].removesuffix(" [figure-unreadable]")
    assert sentence.startswith(
        f"the figure in section “{section.heading}”, item {number} cannot be printed: "
        "its picture is damaged ("
    )
    refusals = set()
    for fmt in ("docx", "pdf", "html"):
        out = tmp_path / f"out.{fmt}"
        assert main(["export", str(damaged), "-o", str(out)]) == 2
        last = capsys.readouterr().err.splitlines()[-1]
        refusals.add(last)
        assert not out.exists()
    assert refusals == {f"briefing: {sentence}"}
