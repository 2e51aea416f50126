"""Figures in the model: the ops that add and edit them, the file that keeps them, the render
tree that numbers them, and the checks that catch a picture no writer could draw."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest
from PIL import Image

from briefing.core import blocks as b
from briefing.core import ops, storage
from briefing.core.checks import run_checks
from briefing.core.compile import compile_briefing
from briefing.core.images import image_from_bytes
from briefing.core.model import Briefing, Figure
from briefing.core.theme import Theme
from briefing.render.tree_json import tree_data


def png(size: tuple[int, int] = (160, 90), colour: tuple[int, int, int] = (10, 80, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def with_figure(caption: str = "Port of Varnholm", credit: str = "Photo: Reuters") -> Briefing:
    briefing = Briefing()
    ops.edit_meta(briefing, title="Figures")
    _, _ = ops.add_section(briefing, "Ports", section_id="s-1")
    ops.add_note(briefing, "s-1", "Before the picture.", note_id="n-1")
    ops.add_figure(briefing, "s-1", image_from_bytes(png()), caption, credit, figure_id="f-1")
    return briefing


def test_add_figure_places_it_and_undo_takes_it_away() -> None:
    briefing = Briefing()
    ops.add_section(briefing, "One", section_id="s-1")
    ops.add_note(briefing, "s-1", "n", note_id="n-1")
    figure, result = ops.add_figure(
        briefing, "s-1", image_from_bytes(png()), "Caption", "Credit", index=0
    )
    assert briefing.sections[0].items[0] is figure
    assert (figure.mime, figure.width, figure.height) == ("image/png", 160, 90)
    assert figure.id.startswith("f-")
    result.undo()
    assert [type(i).__name__ for i in briefing.sections[0].items] == ["Note"]


def test_figure_ids_are_unique_like_every_other_id() -> None:
    briefing = with_figure()
    with pytest.raises(ops.OpError, match="already used"):
        ops.add_figure(briefing, "s-1", image_from_bytes(png()), figure_id="n-1")
    with pytest.raises(ops.OpError, match="already used"):
        ops.add_note(briefing, "s-1", "x", note_id="f-1")


def test_edit_figure_changes_caption_and_credit_only() -> None:
    briefing = with_figure()
    result = ops.edit_figure(briefing, "f-1", caption="New caption", credit="")
    figure = briefing.sections[0].items[1]
    assert isinstance(figure, Figure)
    assert (figure.caption, figure.credit) == ("New caption", "")
    result.undo()
    assert (figure.caption, figure.credit) == ("Port of Varnholm", "Photo: Reuters")
    with pytest.raises(ops.OpError):
        ops.edit_figure(briefing, "f-1", data=b"")
    with pytest.raises(ops.OpError, match="no figure"):
        ops.edit_figure(briefing, "n-1", caption="x")


def test_figures_move_and_leave_like_notes() -> None:
    briefing = with_figure()
    ops.add_section(briefing, "Two", section_id="s-2")
    ops.move_item(briefing, "f-1", "s-2")
    assert briefing.placement("f-1") == (briefing.sections[1], 0)
    undo = ops.remove_item(briefing, "f-1").undo
    assert briefing.placement("f-1") is None
    undo()
    assert briefing.placement("f-1") == (briefing.sections[1], 0)


def test_the_file_keeps_the_picture_byte_for_byte(tmp_path: Path) -> None:
    briefing = with_figure()
    path = tmp_path / "f.briefing"
    storage.save_briefing(briefing, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    item = data["sections"][0]["items"][1]
    assert item["type"] == "figure"
    assert base64.b64decode(item["data"]) == png()
    loaded = storage.load_briefing(path)
    assert loaded == briefing
    storage.save_briefing(loaded, tmp_path / "again.briefing")
    assert (tmp_path / "again.briefing").read_bytes() == path.read_bytes()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"data": "not base64!"}, "sections[0].items[1].data: is not valid base64"),
        ({"data": ""}, "sections[0].items[1].data: is empty: a figure needs its picture"),
        ({"mime": "image/jpeg"}, "sections[0].items[1].data: says image/jpeg but holds image/png"),
        ({"data": base64.b64encode(b"GIF89a....").decode()},
         "sections[0].items[1].data: says image/png but is not a PNG, JPEG or SVG picture"),
        ({"mime": "image/gif"}, 'sections[0].items[1].mime: "image/gif" is not allowed'),
        ({"width": 0}, "sections[0].items[1].width"),
        ({"script": "x"}, "sections[0].items[1]"),
    ],
)
def test_a_damaged_figure_item_names_its_place(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    data = storage.briefing_to_dict(with_figure())
    data["sections"][0]["items"][1].update(change)
    path = tmp_path / "bad.briefing"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(storage.BriefingFileError) as caught:
        storage.load_briefing(path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_compile_numbers_figures_and_writes_one_caption_line() -> None:
    briefing = with_figure()
    ops.add_figure(briefing, "s-1", image_from_bytes(png((20, 40))), "", "", figure_id="f-2")
    ops.add_figure(briefing, "s-1", image_from_bytes(png()), "صورة الميناء", "", figure_id="f-3")
    figures = [x for x in compile_briefing(briefing, Theme()).blocks if isinstance(x, b.Figure)]
    assert [f.caption for f in figures] == [
        (b.Text("Figure 1.", bold=True), b.Text(" Port of Varnholm"),
         b.Text(" — Photo: Reuters")),
        (b.Text("Figure 2.", bold=True),),
        (b.Text("Figure 3.", bold=True), b.Text(" صورة الميناء")),
    ]
    assert [f.alt for f in figures] == ["Port of Varnholm — Photo: Reuters", "Figure 2.",
                                        "صورة الميناء"]
    assert [f.direction for f in figures] == ["ltr", "ltr", "rtl"]
    assert len({f.anchor for f in figures}) == 3
    assert (figures[1].width, figures[1].height) == (20, 40)


def test_a_theme_can_name_figures_in_its_own_language() -> None:
    theme = Theme(labels={**Theme().labels, "figure": "Рисунок"})
    figure = next(
        x for x in compile_briefing(with_figure(), theme).blocks if isinstance(x, b.Figure)
    )
    assert figure.caption[0] == b.Text("Рисунок 1.", bold=True)


def test_the_tree_dump_names_the_picture_by_digest() -> None:
    figure = next(
        x for x in compile_briefing(with_figure(), Theme()).blocks if isinstance(x, b.Figure)
    )
    data = tree_data(figure)
    assert data["data"]["bytes"] == len(png())
    assert len(data["data"]["sha256"]) == 64


@pytest.mark.parametrize(
    ("width", "height", "box"),
    [
        (1600, 900, (160.0, 90.0)),  # landscape: full text width
        (100, 50, (160.0, 80.0)),  # small pictures are set at the text width too
        (300, 1200, (30.0, 120.0)),  # portrait: 60% of the 200-high text area
    ],
)
def test_figure_box_is_the_text_width_unless_that_is_too_tall(
    width: int, height: int, box: tuple[float, float]
) -> None:
    assert b.figure_box(width, height, 160.0, 200.0) == pytest.approx(box)


def test_checks_catch_a_picture_no_writer_can_draw_and_a_missing_caption() -> None:
    briefing = with_figure(caption="")
    figure = briefing.sections[0].items[1]
    assert isinstance(figure, Figure)
    found = run_checks(briefing, Theme(), uncovered=lambda _t: set(), completeness=True)
    assert [f.code for f in found if f.code.startswith("figure")] == ["figure-no-caption"]
    figure.data = figure.data[:80]  # the header is fine, the pixels are gone
    found = run_checks(briefing, Theme(), uncovered=lambda _t: set())
    unreadable = [f for f in found if f.code == "figure-unreadable"]
    assert len(unreadable) == 1 and unreadable[0].target_id == "f-1"
    assert "a figure in section “Ports”" in unreadable[0].message
    assert unreadable[0].severity.name == "ERROR"
