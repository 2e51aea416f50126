"""A representative render tree for the PDF writer's tests and benchmarks, built by hand."""

from __future__ import annotations

from briefing.core import blocks as b
from briefing.core.tree_text import text_direction

HOSTILE = "Markup stays text: <b>not bold</b> & AT&T; x<y and </para>"
ARABIC = "قال الأمين العام إن الحلف سيواصل دعم أوكرانيا في عام 2026 مهما كانت الظروف."
HEBREW = "ראש הממשלה אמר כי המשא ומתן יימשך גם בשבוע הבא, למרות הקשיים."
CJK = "北京表示将继续与欧洲伙伴保持对话，并呼吁各方保持克制。"
LONG_ARABIC = " ".join([ARABIC] * 5)

SPEAKERS = [
    ("Mark Rutte", "NATO Secretary General"),
    ("Ursula von der Leyen", "President of the European Commission"),
    ("Κυριάκος Μητσοτάκης", "Πρωθυπουργός της Ελλάδας"),
    ("Володимир Зеленський", "Президент України"),
]

QUOTE_TEXTS = [
    "We will stand with our partners for as long as it takes, and we will do so together.",
    "Європа має посилити свою оборонну промисловість: «це питання виживання», — сказав він.",
    "Η Ελλάδα παραμένει αξιόπιστος εταίρος — „σταθερά και χωρίς δισταγμούς“.",
    "Our adversaryʼs strategy is “patience”; ours must be ‘resolve’ – and resources. 😀",
]


def sample_document(
    quotes: int = 36,
    page_size: str = "a4",
    marking: str = "OFFICIAL-SENSITIVE",
    sections: int = 3,
    logo_path: str = "",
) -> b.Document:
    """Cover, contents, key judgments with cross references, sections with level-1 and level-2
    headings, `quotes` quotes (with notes, clip markings, RTL and CJK ones) and sources."""
    info = b.DocumentInfo(
        title="Weekly Security Briefing — «Eastern Flank» & x<y",
        author="Jane Analyst",
        subject="Allied posture, week 48",
        language="en-GB",
        created="2026-11-27T09:00:00+00:00",
        marking=marking,
        page_size=page_size,
    )
    sources = [
        b.SourceEntry(
            1,
            "src_1",
            (
                b.Text("Reuters. "),
                b.Text("A. Reporter. 27 November 2026. "),
                b.Text("“Allies pledge support”. ", italic=True),
                b.Link(
                    "https://example.org/news/allies-pledge?id=1&lang=en",
                    "https://example.org/news/allies-pledge?id=1&lang=en",
                ),
            ),
        ),
        b.SourceEntry(
            2,
            "src_2",
            (
                b.Text("Kyiv Independent. "),
                b.Text("«Оборона» & <press>. "),
                b.Link("https://example.org/kyiv", "https://example.org/kyiv"),
            ),
        ),
        b.SourceEntry(
            3,
            "src_3",
            (
                b.Text("الجزيرة. "),
                b.Text("“" + ARABIC[:30] + "”. "),
                b.Link("https://example.org/aj", "https://example.org/aj"),
            ),
            "rtl",
        ),
        b.SourceEntry(
            4,
            "src_4",
            (
                b.Text("新华社. "),
                b.Text(CJK[:12] + ". "),
                b.Link("https://example.org/xinhua", "https://example.org/xinhua"),
            ),
        ),
    ]
    quote_blocks: list[b.BlockQuote] = []
    for index in range(quotes):
        speaker, role = SPEAKERS[index % len(SPEAKERS)]
        text = QUOTE_TEXTS[index % len(QUOTE_TEXTS)]
        direction = "ltr"
        if index == 5:
            text, direction = ARABIC, "rtl"
        elif index == 6:
            text, direction = HEBREW, "rtl"
        elif index == 7:
            text = CJK
        elif index == 8:
            text = HOSTILE
        elif index == 9:
            text, direction = LONG_ARABIC, "rtl"
        elif index % 5 == 4:
            text = (text + " ") * 4
        source = sources[index % len(sources)]
        quote_blocks.append(
            b.BlockQuote(
                text=text,
                kind="quote" if index % 3 else "excerpt",
                attribution=f"— {speaker}, {role}",
                citation=b.CitationRef(source.number, source.anchor),
                anchor=f"clip_{index}",
                note="Consistent with last week's reporting & <analysis>."
                if index % 4 == 1
                else "",
                note_label="Analyst note" if index % 4 == 1 else "",
                note_lead="Analyst note: " if index % 4 == 1 else "",
                marking="OFFICIAL" if index % 6 == 2 else "",
                direction=direction,
                italic=bool(index % 3) and direction != "rtl",  # as compile decides
                attribution_direction=text_direction(f"— {speaker}, {role}", direction),
            )
        )

    headings: list[b.Heading] = []
    body: list[b.Block] = []

    def heading(level: int, text: str, anchor: str) -> None:
        block = b.Heading(level, text, anchor, "rtl" if anchor == "sec_rtl" else "ltr")
        headings.append(block)
        body.append(block)

    heading(1, "Key judgments", "kj")
    body.append(
        b.BulletList(
            (
                b.ListItem(
                    (
                        b.Text("Allied support will hold through the winter ("),
                        b.CrossRef("Rutte", "clip_0"),
                        b.Text("; "),
                        b.CrossRef("Zelensky", "clip_3"),
                        b.Text(")."),
                    )
                ),
                b.ListItem(
                    (
                        b.Text("Markup in judgments stays text: <i>x</i> & y ("),
                        b.CrossRef("quote 9", "clip_8"),
                        b.Text(")."),
                    )
                ),
                b.ListItem(
                    (
                        b.Text("المملكة ستواصل الحوار ("),
                        b.CrossRef("اقتباس", "clip_5"),
                        b.Text(")"),
                    ),
                    "rtl",
                ),
            ),
            "judgments",
        )
    )
    per_section = max(1, -(-quotes // sections))
    for number in range(sections):
        heading(
            1,
            f"Section {number + 1}: {['Europe', 'Middle East <&>', 'Asia'][number % 3]}",
            f"sec_{number}",
        )
        body.append(
            b.Paragraph(
                (
                    b.Text("Commentary: "),
                    b.Text("The analyst's view, with a "),
                    b.Text("bold", bold=True),
                    b.Text(" word and "),
                    b.Link("a link", "https://example.org/commentary"),
                    b.Text(". Greek: Γειά σου. Cyrillic: Привет. CJK: 你好."),
                ),
                "commentary",
            )
        )
        chunk = quote_blocks[number * per_section : (number + 1) * per_section]
        half = len(chunk) // 2
        heading(2, f"Reactions {number + 1}.1", f"sub_{number}_1")
        body.extend(chunk[:half])
        body.append(
            b.Paragraph(
                (b.Text("Analyst note: ", bold=True), b.Text("Watch the vote on Thursday.")),
                "note",
                has_lead=True,
            )
        )
        heading(2, f"Reactions {number + 1}.2 «quoted» & more", f"sub_{number}_2")
        body.extend(chunk[half:])
    heading(1, "עדכון אזורי", "sec_rtl")
    body.append(b.Paragraph((b.Text(HEBREW),), "commentary", "rtl"))
    heading(1, "Sources", "sources")
    body.append(b.SourcesList(tuple(sources)))

    toc = b.TableOfContents(
        "Contents", tuple(b.TocEntry(h.level, h.text, h.anchor, h.direction) for h in headings)
    )
    cover = b.Cover(
        title=info.title,
        subtitle="Allied posture and reactions, week 48",
        date="27 November 2026",
        author="Jane Analyst",
        organisation="Strategic Assessments Unit",
        marking=marking,
        logo_path=logo_path,
    )
    return b.Document(info, (cover, b.PageBreak(), toc, b.PageBreak(), *body))
