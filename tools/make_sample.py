"""Build the bundled sample briefing through the real ops and storage.

    .venv/bin/python tools/make_sample.py [OUTPUT]   (default: resources/sample/sample.briefing)

Everything in it is invented: the states (Aldmark, Severia), the Lirian Sea, the outlets, the
people and the events. Clips are cut by locating their words in the article text, so every clip's
span is exact. Ids are derived from names, so rebuilding gives the same file.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import replace
from pathlib import Path

from briefing.core import ops
from briefing.core.model import Article, Briefing, ClipKind
from briefing.core.storage import save_briefing

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "resources" / "sample" / "sample.briefing"
IMPORTED_AT = "2026-01-14T08:30:00+00:00"


def stable_id(prefix: str, name: str) -> str:
    return f"{prefix}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"


def paragraphs(*parts: str) -> str:
    return "\n\n".join(parts)


HERALD = Article(
    id=stable_id("a", "herald"),
    title="Severia orders rolling blackouts as SeaLink-2 outage enters second week",
    outlet="The Aldmark Herald",
    authors=["Maren Solberg", "Tomas Reid"],
    published="2026-01-12",
    url="https://www.example.com/aldmark-herald/2026/01/12/severia-rolling-blackouts-sealink",
    language="en",
    source_kind="paste-text",
    imported_at=IMPORTED_AT,
    text=paragraphs(
        "KOSTRAVA — Severia’s grid operator will cut power to districts across the country for up "
        "to four hours at a time from Monday, after officials conceded that the damaged SeaLink-2 "
        "interconnector will not return to service before the end of the month.",
        "The 700-megawatt subsea cable, which links the Aldmark port of Varnholm with Kostrava "
        "across the Lirian Sea, tripped in the early hours of 6 January. In a normal winter it "
        "carries close to 40 per cent of Severia’s electricity imports; with temperatures forecast "
        "to fall to −18°C this week, the shortfall at the evening peak could reach 450 megawatts.",
        "“We are not facing a collapse of the system — we are facing a deficit, and a deficit has "
        "to be shared,” said Oleksandr Kovalʼ, chief dispatcher at the state grid company SevGrid, "
        "at a briefing in Kostrava on Sunday. “Every district will know its schedule a day in "
        "advance. Hospitals, water pumping and heating plants stay on the protected list.”",
        "Kovalʼ said the schedules would be published each afternoon on SevGrid’s website and by "
        "text message, and that the first cuts would fall in what he called the ‘lowest-risk "
        "hours’ between 10:00 and 16:00. He declined to rule out evening cuts if the cold "
        "deepened.",
        "Energy Minister Marta Ilyenko told parliament that the government had asked Aldmark for "
        "“every megawatt it can spare” over the older SeaLink-1 line, which is already running at "
        "its 350-megawatt limit, and had restarted two reserve oil-fired units at the Dubrava "
        "plant. “These units are expensive and they are dirty, and I make no apology for using "
        "them,” she said. “The alternative is cold apartments in January.”",
        "Opposition deputies accused the ministry of ignoring warnings, made in a 2023 audit, that "
        "Severia depended too heavily on a single cable. Ilyenko replied that a second new link "
        "was “designed, financed and waiting for a permit” and that the outage would not change "
        "its timetable.",
        "Repairs depend on the cable ship Nordic Mender, which is moored in Varnholm. Its owners "
        "say it cannot sail until spare cable and jointing equipment are loaded — work that has "
        "stalled because of a strike by dockworkers at the port.",
        "Aldmark’s Ministry of Climate and Energy said on Sunday that it was “in daily contact” "
        "with Kostrava and that exports over SeaLink-1 would be kept at the maximum “for as long "
        "as our own margins allow”.",
    ),
)

MARITIME = Article(
    id=stable_id("a", "maritime"),
    title="Coast guard holds bulk carrier over SeaLink-2 cable damage",
    outlet="Lirian Maritime Review",
    authors=["Pieter Vangsgaard"],
    published="2026-01-09",
    url="https://news.example.org/lirian-maritime/2026/01/09/kestrel-dawn-held-off-varnholm",
    language="en",
    source_kind="paste-text",
    imported_at=IMPORTED_AT,
    text=paragraphs(
        "VARNHOLM — Aldmark’s coast guard boarded the bulk carrier Kestrel Dawn in the Lirian Sea "
        "on Thursday, three days after the SeaLink-2 power cable between Aldmark and Severia was "
        "damaged, and ordered the vessel to anchor outside Varnholm while investigators examine "
        "its port anchor.",
        "The 190-metre ship, which is registered in Port Anselm and was carrying fertiliser from "
        "Kostrava to Santa Lucera, passed over the cable route at 02:40 on 6 January, according to "
        "automatic identification system (AIS) data reviewed by this publication. For the next 38 "
        "kilometres its speed did not exceed six knots, a pattern that maritime analysts say is "
        "consistent with a vessel dragging an anchor along the seabed.",
        "“We have found damage to the port anchor and to the anchor chain that we need to "
        "explain,” said Commodore Henrik Lund of the Aldmark Coast Guard. “At this stage I will "
        "not say whether this was an accident, negligence or something else. The ship will stay "
        "where it is until we have the answers.”",
        "Lund said divers and a remotely operated vehicle had located a fault on the cable 41 "
        "kilometres from Kostrava, at a depth of about 60 metres, and a furrow in the seabed "
        "running across the cable route.",
        "Severia’s Prosecutor General, Viktor Sandu, said his office had opened a criminal case "
        "for “damage to critical infrastructure” and had asked Aldmark for access to the crew. "
        "“If this was a deliberate act, it was an attack on the heating of a million people in the "
        "middle of winter, and it will be treated as such,” he said in a statement. “If it was an "
        "accident, the owners will pay for it.”",
        "The ship’s manager, Kalliope Ship Management of Port Anselm, said the crew was "
        "“cooperating fully” and that the master had reported “an anchor problem during heavy "
        "weather” to the company on the morning of 6 January. It did not say why the problem was "
        "not reported to coastal authorities.",
        "This is the third incident involving subsea cables in the Lirian Sea in eighteen months. "
        "Investigations into the two earlier cases, both involving telecommunications cables, "
        "ended without charges.",
        "Insurance sources said the repair bill for SeaLink-2 could exceed €40 million, not "
        "counting the cost of replacement power bought while the link is down.",
    ),
)

VESTNIK = Article(
    id=stable_id("a", "vestnik"),
    title="Кострава живёт по графику: как город переживает отключения света",
    outlet="Вестник Костравы",
    authors=["Анна Мельникова"],
    published="2026-01-13",
    url="https://www.example.net/vestnik-kostravy/2026/01/13/grafik-otklyucheniy",
    language="ru",
    source_kind="paste-text",
    imported_at=IMPORTED_AT,
    text=paragraphs(
        "КОСТРАВА — В понедельник утром в Заречном районе погасли светофоры, остановились лифты и "
        "закрылись почти все магазины на улице Морской. Так начался первый день плановых "
        "отключений, которые компания «СевГрид» ввела из-за аварии на подводном кабеле SeaLink-2.",
        "По графику, опубликованному накануне вечером, каждый район города остаётся без "
        "электричества на срок до четырёх часов в сутки. Больницы, котельные и насосные станции "
        "водоканала, по словам энергетиков, в графики не включены.",
        "«Мы понимаем, что людям тяжело, но иначе сейчас нельзя. Город выдержит, если мы будем "
        "действовать вместе», — заявил мэр Костравы Григорий Белов на заседании городского "
        "совета. Он сообщил, что в школах и библиотеках открыто двадцать восемь «пунктов "
        "обогрева», где можно согреться, зарядить телефон и выпить горячего чая.",
        "Жители жалуются прежде всего на то, что графики меняются. «Вчера обещали отключить с "
        "десяти до двух, а свет пропал в восемь утра. Мама лежачая, у неё кислородный "
        "концентратор», — рассказала «Вестнику» Ольга Н., жительница Заречного. В «СевГриде» "
        "признали, что в первый день отключения в двух районах начались раньше объявленного "
        "времени, и объяснили это «сбоем при передаче команд».",
        "Главный врач городской больницы № 2 Сергей Ткач сказал, что больница работает в обычном "
        "режиме, но готовится к худшему. «Дизельных генераторов у нас хватит на трое суток. Если "
        "отключения затянутся на недели, нам понадобится топливо, и заявку мы уже отправили», — "
        "сказал он.",
        "Владельцы малого бизнеса подсчитывают убытки. Пекарня на улице Морской, по словам её "
        "владельца, за день потеряла почти половину выручки: тесто, поставленное с вечера, "
        "пришлось выбросить. Несколько кафе в центре города перешли на работу только с наличными, "
        "потому что терминалы оплаты не работают без электричества.",
        "Городские власти просят жителей не включать электрообогреватели сразу после "
        "восстановления подачи тока, чтобы не перегружать сеть. Расписание отключений на "
        "следующий день публикуется на сайте «СевГрида» ежедневно к 18:00, а также в "
        "мобильном приложении компании.",
    ),
)

MARKETS = Article(
    id=stable_id("a", "markets"),
    title="Power prices hit record as Varnholm strike holds up cable repair",
    outlet="Northern Markets Daily",
    authors=["Daniel Achterberg"],
    published="2026-01-13",
    url="https://markets.example.com/2026/01/13/varnholm-strike-severia-power-prices",
    language="en",
    source_kind="paste-text",
    imported_at=IMPORTED_AT,
    text=paragraphs(
        "Wholesale electricity prices in Severia rose to a record on Tuesday as a strike at the "
        "Aldmark port of Varnholm held up repairs to the SeaLink-2 interconnector, leaving the "
        "country short of imported power during the coldest week of the winter so far.",
        "The day-ahead price for Wednesday's evening peak cleared at €612 per megawatt-hour on the "
        "Severian power exchange, more than six times the average for January last year. Baseload "
        "power for the rest of the month traded at €287, up 40 per cent since the cable failed on "
        "6 January.",
        "About 900 members of the Varnholm Dockworkers' Union walked out on 2 January in a dispute "
        "over shift patterns and the introduction of automated cranes. The strike has left the "
        "cable ship Nordic Mender unable to load the 12 kilometres of spare cable and the jointing "
        "equipment it needs, which are stored in a bonded warehouse inside the port.",
        '"We are not holding anyone hostage. The port can load that ship tomorrow if management '
        'signs what it agreed in November," said union chair Lise Marquardt. "Our members have '
        'families in the cold too - on both sides of the sea."',
        "The Varnholm Port Authority said it had offered to let a volunteer crew load the ship "
        "under supervision, an offer the union rejected. Its director, Anders Holm, said the union "
        'was "using a humanitarian emergency as leverage in an industrial dispute".',
        "Analysts say the strike is now the main factor determining when the cable returns. "
        '"Once the Nordic Mender sails, a repair of this kind takes ten to fourteen days in good '
        'weather," said Petra Lindqvist, head of power research at Halden Energy Analytics. '
        '"Every day the ship sits in Varnholm is a day added to the outage, and the weather in the '
        'Lirian Sea only gets worse into February."',
        "Lindqvist estimated that, at current prices, the outage is costing Severian consumers and "
        "the state budget about €9 million a day, including the cost of running reserve oil-fired "
        "units.",
        "Aldmark's labour mediator is due to meet both sides on Thursday. The government has so "
        "far rejected calls from Severia to order the ship loaded, saying the dispute must be "
        "settled by the parties themselves.",
    ),
)


def add_clip(
    briefing: Briefing,
    article: Article,
    name: str,
    words: str,
    kind: ClipKind = ClipKind.QUOTE,
    *,
    speaker: str = "",
    role: str = "",
    note: str = "",
) -> str:
    """Clip `words` (which must occur exactly once) from the article; return the clip id."""
    if article.text.count(words) != 1:
        raise ValueError(f"{name}: the words must occur exactly once in {article.title!r}")
    start = article.text.index(words)
    clip = ops.make_clip(briefing, article.id, start, start + len(words), kind)
    clip = replace(clip, id=stable_id("c", name))
    ops.add_clip(briefing, clip)
    ops.edit_clip(briefing, clip.id, speaker=speaker, speaker_role=role, note=note)
    return clip.id


def build_sample() -> Briefing:
    b = Briefing()
    ops.edit_meta(
        b,
        title="Lirian Sea Interconnector Outage",
        subtitle="Severia’s winter power shortfall and the Varnholm port strike",
        author="J. Marlow",
        organisation="Northbridge Strategic Analysis",
        date="2026-01-14",
        marking="OFFICIAL-SENSITIVE",
        language="en",
        page_size="a4",
        theme="default",
    )
    for article in (HERALD, MARITIME, VESTNIK, MARKETS):
        ops.add_article(b, article)

    excerpt = ClipKind.EXCERPT
    import_share = add_clip(
        b, HERALD, "import-share",
        "In a normal winter it carries close to 40 per cent of Severia’s electricity imports; with "
        "temperatures forecast to fall to −18°C this week, the shortfall at the evening peak could "
        "reach 450 megawatts.",
        excerpt,
    )  # fmt: skip
    koval_deficit = add_clip(
        b, HERALD, "koval-deficit",
        "We are not facing a collapse of the system — we are facing a deficit, and a deficit has "
        "to be shared",
        speaker="Oleksandr Kovalʼ", role="Chief Dispatcher, SevGrid",
        note="First official framing of the cuts as a managed deficit rather than a fault.",
    )  # fmt: skip
    koval_schedule = add_clip(
        b, HERALD, "koval-schedule",
        "Every district will know its schedule a day in advance. Hospitals, water pumping and "
        "heating plants stay on the protected list.",
        speaker="Oleksandr Kovalʼ", role="Chief Dispatcher, SevGrid",
    )  # fmt: skip
    ilyenko = add_clip(
        b, HERALD, "ilyenko-reserve",
        "These units are expensive and they are dirty, and I make no apology for using them",
        speaker="Marta Ilyenko", role="Minister of Energy, Severia",
    )  # fmt: skip
    ais_track = add_clip(
        b, MARITIME, "ais-track",
        "For the next 38 kilometres its speed did not exceed six knots, a pattern that maritime "
        "analysts say is consistent with a vessel dragging an anchor along the seabed.",
        excerpt,
        note="AIS data as reported by the outlet; we have not seen the track ourselves.",
    )  # fmt: skip
    lund = add_clip(
        b, MARITIME, "lund-open-question",
        "At this stage I will not say whether this was an accident, negligence or something else. "
        "The ship will stay where it is until we have the answers.",
        speaker="Commodore Henrik Lund", role="Aldmark Coast Guard",
    )  # fmt: skip
    sandu = add_clip(
        b, MARITIME, "sandu-criminal-case",
        "If this was a deliberate act, it was an attack on the heating of a million people in the "
        "middle of winter, and it will be treated as such",
        speaker="Viktor Sandu", role="Prosecutor General of Severia",
    )  # fmt: skip
    operator_gap = add_clip(
        b, MARITIME, "operator-gap",
        "It did not say why the problem was not reported to coastal authorities.",
        excerpt,
        note="The gap in the operator’s account is the main open question for attribution.",
    )  # fmt: skip
    belov = add_clip(
        b, VESTNIK, "belov-together",
        "Мы понимаем, что людям тяжело, но иначе сейчас нельзя. Город выдержит, если мы будем "
        "действовать вместе",
        speaker="Grigory Belov", role="Mayor of Kostrava",
        note="Our translation: “We understand that it is hard for people, but there is no other "
        "way for now. The city will hold out if we act together.”",
    )  # fmt: skip
    tkach = add_clip(
        b, VESTNIK, "tkach-generators",
        "Дизельных генераторов у нас хватит на трое суток. Если отключения затянутся на недели, "
        "нам понадобится топливо, и заявку мы уже отправили",
        speaker="Sergei Tkach", role="Chief Physician, City Hospital No. 2, Kostrava",
        note="Our translation: “Our diesel generators will last three days. If the cuts go on for "
        "weeks we will need fuel, and we have already put in the request.”",
    )  # fmt: skip
    marquardt = add_clip(
        b, MARKETS, "marquardt-hostage",
        "We are not holding anyone hostage. The port can load that ship tomorrow if management "
        "signs what it agreed in November",
        speaker="Lise Marquardt", role="Chair, Varnholm Dockworkers' Union",
    )  # fmt: skip
    lindqvist = add_clip(
        b, MARKETS, "lindqvist-repair-time",
        "Once the Nordic Mender sails, a repair of this kind takes ten to fourteen days in good "
        "weather",
        speaker="Petra Lindqvist", role="Head of Power Research, Halden Energy Analytics",
    )  # fmt: skip
    record_price = add_clip(
        b, MARKETS, "record-price",
        "The day-ahead price for Wednesday's evening peak cleared at €612 per megawatt-hour on the "
        "Severian power exchange, more than six times the average for January last year.",
        excerpt,
    )  # fmt: skip
    # Left unplaced on purpose: the clip tray of the sample shows them.
    add_clip(
        b, MARKETS, "holm-leverage",
        "using a humanitarian emergency as leverage in an industrial dispute",
        speaker="Anders Holm", role="Director, Varnholm Port Authority",
    )  # fmt: skip
    add_clip(
        b, MARKETS, "daily-cost",
        "Lindqvist estimated that, at current prices, the outage is costing Severian consumers and "
        "the state budget about €9 million a day, including the cost of running reserve oil-fired "
        "units.",
        excerpt,
        note="Unverified estimate; check against the Severian budget office before citing.",
    )  # fmt: skip

    cause, _ = ops.add_section(
        b,
        "Cause: anchor drag under investigation",
        "The evidence so far points to the bulk carrier Kestrel Dawn dragging its anchor across "
        "the cable route in heavy weather on 6 January. Aldmark’s coast guard is holding the "
        "ship and Severia has opened a criminal case. Whether the damage was accidental is "
        "unresolved, and the operator’s account leaves a gap: the anchor problem was reported to "
        "the company but not to the coastal authorities.",
        section_id=stable_id("s", "cause"),
    )
    impact, _ = ops.add_section(
        b,
        "Impact in Severia",
        "SevGrid has moved from emergency disconnections to published rotating schedules, which "
        "spread the deficit but, on day one, were not kept. Hospitals are protected from the cuts "
        "but depend on generator fuel if the outage runs for weeks. The government is absorbing "
        "the cost of reserve oil-fired generation.",
        section_id=stable_id("s", "impact"),
    )
    outlook, _ = ops.add_section(
        b,
        "Repair outlook: the Varnholm strike is the critical path",
        "The cable ship Nordic Mender cannot sail until it loads spare cable held inside the "
        "strike-bound port of Varnholm. Both sides are entrenched and Aldmark’s government has "
        "declined to intervene; mediation resumes on Thursday. Prices in Severia are at a record.",
        section_id=stable_id("s", "outlook"),
    )
    for clip_id in (ais_track, lund, sandu, operator_gap):
        ops.place_clip(b, clip_id, cause.id)
    ops.add_note(
        b,
        cause.id,
        "Two earlier cable incidents in the Lirian Sea (both telecommunications cables) closed "
        "without charges. A third unattributed case would weaken deterrence against deliberate "
        "interference.",
        note_id=stable_id("n", "earlier-incidents"),
    )
    for clip_id in (import_share, koval_deficit, koval_schedule, ilyenko, belov, tkach):
        ops.place_clip(b, clip_id, impact.id)
    ops.add_note(
        b,
        impact.id,
        "Watch for: evening cuts (a sign that the reserve units are not enough) and requests for "
        "generator fuel from hospitals outside Kostrava.",
        index=4,
        note_id=stable_id("n", "watch-for"),
    )
    for clip_id in (marquardt, lindqvist, record_price):
        ops.place_clip(b, clip_id, outlook.id)

    ops.add_key_judgment(
        b,
        "SeaLink-2 is unlikely to return to service before mid-February. Severia will bridge the "
        "gap with scheduled rotating blackouts and costly reserve generation, with a real risk "
        "of evening cuts during cold spells.",
        [koval_deficit, ilyenko, lindqvist],
        judgment_id=stable_id("k", "outage-length"),
    )
    ops.add_key_judgment(
        b,
        "The damage was most likely caused by the Kestrel Dawn dragging its anchor. Deliberate "
        "action has not been ruled out, and Severia is treating the case as a criminal matter.",
        [ais_track, lund, sandu],
        judgment_id=stable_id("k", "cause"),
    )
    ops.add_key_judgment(
        b,
        "The Varnholm dock strike, not the repair work itself, now sets the timeline; record "
        "power prices give Severia a strong interest in pressing Aldmark to intervene.",
        [marquardt, record_price],
        judgment_id=stable_id("k", "strike"),
    )
    return b


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else DEFAULT_OUTPUT
    target.parent.mkdir(parents=True, exist_ok=True)
    save_briefing(build_sample(), target)
    backup = target.with_name(target.name + ".bak")
    backup.unlink(missing_ok=True)  # the previous sample is in git; no backup beside it
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
