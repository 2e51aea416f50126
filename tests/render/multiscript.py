"""A briefing in many scripts, built with the real model and ops, for the writers' read-back
tests: Hindi, Bengali, Tamil, Thai, Khmer, Myanmar, Arabic, Hebrew, Greek, Georgian, Armenian,
Chinese, emoji, combining marks, a 3,000-word quote and 40 sections."""

from __future__ import annotations

from dataclasses import replace

from briefing.core import ops
from briefing.core.model import Article, Briefing, BriefingMeta, ClipKind

# One sentence per script: (name, language, sentence, speaker, role, outlet)
SENTENCES = {
    "hindi": ("hi", "मंत्री ने कहा कि सरकार की प्रतिक्रिया का समर्थन किया जाएगा।"),
    "bengali": ("bn", "মন্ত্রী বলেছেন যে সরকার এই প্রস্তাবের পক্ষে থাকবে।"),
    "tamil": ("ta", "அமைச்சர் இந்த ஒப்பந்தத்தை ஆதரிப்பதாகக் கூறினார்."),
    "thai": ("th", "ผู้ใหญ่ที่นั่นกล่าวว่ารัฐบาลจะสนับสนุนข้อตกลงนี้"),
    "khmer": ("km", "រដ្ឋមន្ត្រីបាននិយាយថា រដ្ឋាភិបាលនឹងគាំទ្រកិច្ចព្រមព្រៀងនេះ។"),
    "myanmar": ("my", "ဝန်ကြီးက အစိုးရသည် ဤသဘောတူညီချက်ကို ထောက်ခံမည်ဟု ပြောသည်။"),
    "arabic": ("ar", "قال الوزير إن الحكومة ستدعم الاتفاق الجديد."),
    "hebrew": ("he", "השר אמר כי הממשלה תתמוך בהסכם החדש."),
    "greek": ("el", "Ο υπουργός δήλωσε ότι η κυβέρνηση θα στηρίξει τη συμφωνία."),
    "georgian": ("ka", "მინისტრმა განაცხადა, რომ მთავრობა შეთანხმებას მხარს დაუჭერს."),
    "armenian": ("hy", "Նախարարը հայտարարեց, որ կառավարությունը կաջակցի համաձայնագրին։"),
    "chinese": ("zh", "部长表示，政府将支持这项新协议。"),
    "emoji": ("en", "The minister replied 👍 and posted 🇺🇦 with a ✌🏽 sign 😀."),
    "combining": ("vi", "Bộ trưởng nói: e\u0301 a\u0300 o\u0323\u0302 — Tiếng Việt có dấu."),
}

HEADINGS = {
    "hindi": "भारत: प्रतिक्रिया और समर्थन",
    "thai": "ประเทศไทย: ข้อตกลงใหม่",
    "chinese": "中国：新协议",
}
ARABIC_OUTLET = "الجزيرة"
HEBREW_OUTLET = "הארץ"
RTL_JUDGMENT = "نحن نقدر أن الحكومة ستدعم الاتفاق الجديد (ثقة عالية)."

_FILLER = (
    "The delegation reviewed the draft agreement and the customs regime in detail, "
    "while observers questioned the timetable for the reconstruction fund."
)


def long_quote(words: int = 3000) -> str:
    out: list[str] = []
    base = _FILLER.split()
    while len(out) < words:
        out.extend(base)
    return " ".join(out[:words]) + "."


def build_multiscript(sections: int = 40) -> Briefing:
    """The briefing: one section per script first, then plain English sections up to
    `sections`; every script quote cites an article of its own."""
    briefing = Briefing(
        meta=BriefingMeta(
            title="Multi-script briefing — बहुभाषी",
            subtitle="Every script, one look",
            author="Jane Analyst",
            organisation="Briefing Builder tests",
            date="2026-11-27",
            marking="OFFICIAL",
        )
    )
    clip_ids: list[str] = []
    names = list(SENTENCES)
    for number, name in enumerate(names, start=1):
        language, sentence = SENTENCES[name]
        outlet = {"arabic": ARABIC_OUTLET, "hebrew": HEBREW_OUTLET}.get(name, f"{name} news")
        text = f"Intro sentence. {sentence} Closing sentence."
        article = Article(
            id=f"a-{name}",
            title=f"Report in {name}: {sentence[:20]}",
            outlet=outlet,
            authors=["A. Reporter"],
            published="2026-11-20",
            url=f"https://news.example/{name}",
            language=language,
            text=text,
            source_kind="html",
            source_path=f"/imports/{name}.html",
            imported_at="2026-11-27T08:00:00+00:00",
            encoding="utf-8",
        )
        ops.add_article(briefing, article)
        start = text.index(sentence)
        clip = ops.make_clip(briefing, article.id, start, start + len(sentence), ClipKind.QUOTE)
        clip = replace(clip, id=f"c-{name}", speaker="Minister", speaker_role="Government")
        ops.add_clip(briefing, clip)
        clip_ids.append(clip.id)
        heading = HEADINGS.get(name, f"{number}. {name.title()}")
        section_id = f"s-{name}"
        ops.add_section(briefing, heading=heading, commentary=f"Commentary on {name}.",
                        section_id=section_id)
        ops.place_clip(briefing, clip.id, section_id)

    quote = long_quote()
    article = Article(
        id="a-long",
        title="A very long speech",
        outlet="Long Reads",
        authors=["B. Writer"],
        published="2026-11-21",
        url="https://news.example/long",
        language="en",
        text=quote,
        source_kind="html",
        source_path="/imports/long.html",
        imported_at="2026-11-27T08:00:00+00:00",
        encoding="utf-8",
    )
    ops.add_article(briefing, article)
    clip = ops.make_clip(briefing, article.id, 0, len(quote), ClipKind.QUOTE)
    clip = replace(clip, id="c-long", speaker="Speaker", speaker_role="Parliament")
    ops.add_clip(briefing, clip)
    ops.add_section(briefing, heading="The long speech", commentary="", section_id="s-long")
    ops.place_clip(briefing, clip.id, "s-long")
    for number in range(len(names) + 2, sections + 1):
        ops.add_section(
            briefing,
            heading=f"Section {number}",
            commentary=f"Plain commentary for section {number}. {_FILLER}",
            section_id=f"s-{number}",
        )
    ops.add_key_judgment(briefing, "We judge the agreement will hold (moderate confidence).",
                         clip_ids[:2], judgment_id="k-1")
    ops.add_key_judgment(briefing, RTL_JUDGMENT, clip_ids[6:7], judgment_id="k-2")
    return briefing
