"""Golden tests on the render tree: compile's every decision, pinned as JSON text.

The trees of the sample briefing (resources/sample/sample.briefing) and of a small multi-script
briefing (tests/data/golden/multiscript.briefing) are compared with tests/data/golden/*.json,
the creation time set aside. After a change to compile that is meant to change the tree,
regenerate them and read the diff before committing it:

    BRIEFING_REGENERATE_GOLDEN=1 python -m pytest tests/render/test_tree_golden.py

(That also rewrites multiscript.briefing from `multiscript_briefing()` below.) The same JSON
is what `briefing export FILE --format tree` prints.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.core.compile import compile_briefing
from briefing.core.model import (
    Article,
    Briefing,
    BriefingMeta,
    Clip,
    ClipKind,
    ClipRef,
    KeyJudgment,
    Note,
    Section,
)
from briefing.core.resources import resource_path
from briefing.core.storage import load_briefing, save_briefing
from briefing.core.theme import load_theme
from briefing.render.tree_json import tree_json

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden"
REGENERATE = os.environ.get("BRIEFING_REGENERATE_GOLDEN") == "1"
MULTISCRIPT = GOLDEN / "multiscript.briefing"


def multiscript_briefing() -> Briefing:
    """Arabic, Hebrew, Hindi, Thai, Chinese, Russian, Greek, emoji and combining marks; a
    right-to-left heading, speaker and marking-free note; every id fixed."""
    texts = {
        "ar": "قال الوزير: «لن نتراجع عن هذا القرار». وأضاف أن المحادثات ستستمر.",
        "he": "ראש הממשלה אמר: \"נמשיך במשא ומתן\". השיחות יימשכו בשבוע הבא.",
        "hi": "मंत्री ने कहा कि प्रतिक्रिया समर्थन के साथ आएगी। बातचीत जारी रहेगी।",
        "th": "รัฐมนตรีกล่าวว่า การเจรจาจะดำเนินต่อไปในสัปดาห์หน้า",
        "zh": "外交部发言人表示，中方将继续与欧洲伙伴合作。",
        "ru": "«Мы не допустим эскалации», — заявил министр. Переговоры продолжатся.",
        "el": "Ο υπουργός δήλωσε ότι οι συνομιλίες θα συνεχιστούν 🚀 e\u0301te\u0301.",
    }
    outlets = {
        "ar": "الجزيرة", "he": "הארץ", "hi": "दैनिक जागरण", "th": "ไทยรัฐ",
        "zh": "新华社", "ru": "ТАСС", "el": "Καθημερινή",
    }
    articles = [
        Article(
            id=f"a_{code}", title=f"{outlets[code]} — {code}", outlet=outlets[code],
            authors=[], published="2026-11-2" + str(index), url=f"https://example.org/{code}",
            text=text, language=code,
        )
        for index, (code, text) in enumerate(texts.items())
    ]
    clips = []
    for code, text in texts.items():
        end = max(text.find("."), text.find("।"), text.find("。"), 20)
        clips.append(
            Clip(
                id=f"c_{code}", article_id=f"a_{code}",
                kind=ClipKind.EXCERPT if code == "zh" else ClipKind.QUOTE,
                text=text[:end], start=0, end=end,
                speaker={"ar": "وزير الخارجية", "ru": "Министр"}.get(code, ""),
                speaker_role="Minister" if code in ("he", "hi") else "",
                note={"ar": "ملاحظة المحلل", "th": "Check the date."}.get(code, ""),
                marking="OFFICIAL" if code == "el" else "",
            )
        )
    sections = [
        Section(
            id="s_mena", heading="الشرق الأوسط",
            commentary="تعليق المحلل على المنطقة.\n\nSecond paragraph, in English.",
            items=[ClipRef("c_ar"), ClipRef("c_he"), Note("n_1", "Watch the vote on Thursday.")],
        ),
        Section(
            id="s_asia", heading="Asia 亚洲",
            items=[ClipRef("c_hi"), ClipRef("c_th"), ClipRef("c_zh")],
        ),
        Section(id="s_europe", heading="Европа / Ευρώπη", items=[ClipRef("c_ru"), ClipRef("c_el")]),
    ]
    meta = BriefingMeta(
        title="Multi-script briefing 🌍", subtitle="تقرير أسبوعي", author="A. Analyst",
        organisation="Desk", date="2026-11-27", marking="OFFICIAL",
        key_judgments=[KeyJudgment("k_1", "Talks continue everywhere.", ["c_ar", "c_ru"])],
    )
    return Briefing(meta=meta, articles=articles, clips=clips, sections=sections)


def _normalised(text: str) -> dict:
    data = json.loads(text)
    data["info"]["created"] = None  # the one field that may depend on the moment
    return data


def _tree_text(source: Path) -> str:
    briefing = load_briefing(source)
    return tree_json(compile_briefing(briefing, load_theme(briefing.meta.theme)))


@pytest.mark.parametrize(
    ("source", "golden"),
    [
        (resource_path("sample", "sample.briefing"), "sample.json"),
        (MULTISCRIPT, "multiscript.json"),
    ],
    ids=["sample", "multiscript"],
)
def test_the_tree_matches_its_golden_file(source: Path, golden: str) -> None:
    if REGENERATE:
        if source == MULTISCRIPT:
            save_briefing(multiscript_briefing(), MULTISCRIPT)
        (GOLDEN / golden).write_text(_tree_text(source), encoding="utf-8")
    expected = (GOLDEN / golden).read_text(encoding="utf-8")
    assert _normalised(_tree_text(source)) == _normalised(expected)


def test_the_stored_multiscript_briefing_is_the_one_built_here() -> None:
    assert load_briefing(MULTISCRIPT) == multiscript_briefing()


def test_the_cli_prints_the_same_tree(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(MULTISCRIPT), "--format", "tree"]) == 0
    printed = capsys.readouterr().out
    assert json.loads(printed)["info"]["created"] is None  # no timestamp unless asked
    assert printed == _tree_text(MULTISCRIPT)  # byte for byte: a stable key order


def test_the_cli_records_the_moment_it_is_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "tree.json"
    now = "2027-01-02T03:04:05+00:00"
    args = ["export", str(MULTISCRIPT), "--format", "TREE", "--now", now, "-o", str(target)]
    assert main(args) == 0
    assert capsys.readouterr().out.strip() == str(target)
    assert json.loads(target.read_text(encoding="utf-8"))["info"]["created"] == now
    assert main(["export", str(MULTISCRIPT), "--format", "tree", "--now", "soon"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--now 'soon'" in err
