"""Figures in the model: the ops that add and edit them, the file that keeps them, the render
tree that numbers them, and the checks that catch a picture no writer could draw."""

from __future__ import annotations

import base64
import gc
import io
import json
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from briefing.core import blocks as b
from briefing.core import figure_items, images, ops, storage
from briefing.core.checks import run_checks
from briefing.core.compile import compile_briefing
from briefing.core.errors import ExportError
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
    assert unreadable[0].message.startswith(
        "the figure in section “Ports”, item 2 cannot be printed: its picture is damaged ("
    )
    assert unreadable[0].severity.name == "ERROR"
    # compile refuses it with the same sentence: no format gets a tree holding it
    with pytest.raises(ExportError) as caught:
        compile_briefing(briefing, Theme())
    assert str(caught.value) == unreadable[0].message


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda f: setattr(f, "data", f.data[: len(f.data) // 2]), "its picture is damaged ("),
        (lambda f: setattr(f, "mime", "image/jpeg"),
         "its picture says it is image/jpeg but holds image/png"),
        (lambda f: setattr(f, "data", b""), "its picture is empty, not an image"),
    ],
)
def test_every_damage_is_one_error_naming_section_and_item(
    damage: Callable[[Figure], None], problem: str
) -> None:
    briefing = with_figure()
    _, _ = ops.add_section(briefing, "", section_id="s-2")
    ops.add_figure(briefing, "s-2", image_from_bytes(png((30, 30))), "", "", figure_id="f-2")
    figure = briefing.sections[1].items[0]
    assert isinstance(figure, Figure)
    damage(figure)
    found = run_checks(briefing, Theme(), uncovered=lambda _t: set(), completeness=True)
    errors = [(f.code, f.target_id, f.message) for f in found if f.severity.name == "ERROR"]
    assert len(errors) == 1
    code, target, message = errors[0]
    assert (code, target) == ("figure-unreadable", "f-2")
    assert message.startswith(f"the figure in a section, item 1 cannot be printed: {problem}")
    assert message.endswith("; delete the figure and add the picture again")
    assert "\n" not in message


def test_repeated_checks_decode_each_picture_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images, "_verdicts", images._VerdictCache())
    decoded: list[str] = []
    real = images._decide

    def counting(data: bytes, mime: str) -> images._Verdict:
        decoded.append(mime)
        return real(data, mime)

    monkeypatch.setattr(images, "_decide", counting)
    briefing = with_figure()
    for n in range(4):  # the same picture twice, three others
        ops.add_figure(briefing, "s-1", image_from_bytes(png(colour=(n % 3, 0, 0))), f"F{n}", "")
    for _ in range(5):  # as the app's Checks panel runs them, edit after edit
        run_checks(briefing, Theme(), uncovered=lambda _t: set(), completeness=True)
    compile_briefing(briefing, Theme())  # and as the preview meets the same pictures,
    compile_briefing(ops.clone_briefing(briefing), Theme())  # and an export, on its copy
    assert len(decoded) == 4  # f-1's picture and three different ones, each decoded once
    figure = briefing.sections[0].items[1]
    assert isinstance(figure, Figure)
    figure.data = figure.data[: len(figure.data) // 2]  # a changed picture: a new verdict
    run_checks(briefing, Theme(), uncovered=lambda _t: set())
    run_checks(briefing, Theme(), uncovered=lambda _t: set())
    assert len(decoded) == 5


def test_the_verdict_cache_keeps_the_most_recently_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = images._VerdictCache(size=2)
    decoded: list[bytes] = []
    monkeypatch.setattr(images, "_decide",
                        lambda data, mime: decoded.append(data) or images._Verdict(""))
    first, second, third = png(colour=(1, 1, 1)), png(colour=(2, 2, 2)), png(colour=(3, 3, 3))
    for data in (first, second, first, third):  # third pushes out second, asked longest ago
        cache.verdict(data, images.PNG)
    assert decoded == [first, second, third]
    cache.verdict(first, images.PNG)
    cache.verdict(second, images.PNG)
    assert decoded == [first, second, third, second]
    cache.verdict(first, images.JPEG)  # the verdict is on the bytes as the kind they claim
    assert len(decoded) == 5


def test_a_figure_remembers_its_verdict_while_it_holds_the_same_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[bytes] = []
    real = figure_items.stored_image_problem

    def counting(data: bytes, mime: str) -> str:
        asked.append(data)
        return real(data, mime)

    monkeypatch.setattr(figure_items, "stored_image_problem", counting)
    figure = Figure(id="f-9", data=png(colour=(9, 9, 9)), mime="image/png", width=160,
                    height=90)
    assert figure_items.picture_problem(figure) == ""
    assert figure_items.picture_problem(figure) == ""
    assert len(asked) == 1  # the second time not even hashed
    figure.data = bytes(bytearray(figure.data))  # equal bytes, another object: asked again
    figure_items.picture_problem(figure)
    figure.mime = "image/jpeg"
    assert "says it is image/jpeg" in figure_items.picture_problem(figure)
    assert len(asked) == 3
    key, alive = id(figure), weakref.ref(figure)
    assert key in figure_items._asked
    del figure
    gc.collect()
    assert alive() is None and key not in figure_items._asked  # nothing kept of a figure gone


def test_a_phone_photo_is_kept_upright(tmp_path) -> None:
    # stored 120 × 40 with EXIF orientation 6 (turn a quarter clockwise to view): kept as the
    # 40 × 120 picture it shows, still a JPEG, with no orientation left to apply twice
    import io

    from PIL import Image

    from briefing.core.images import JPEG, image_from_bytes

    photo = Image.new("RGB", (120, 40), (255, 255, 255))
    photo.paste((200, 0, 0), (0, 0, 20, 40))  # a red band at the stored left edge
    exif = photo.getexif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", exif=exif, quality=95)
    kept = image_from_bytes(buffer.getvalue())
    assert (kept.mime, kept.width, kept.height) == (JPEG, 40, 120)
    with Image.open(io.BytesIO(kept.data)) as upright:
        assert upright.size == (40, 120)
        assert upright.getexif().get(0x0112, 1) == 1
        red, green, _ = upright.getpixel((20, 5))  # the band is now along the top
        assert red > 150 and green < 80
