"""The shaping evaluation behind docs/shaping.md: today's PDF path against reportlab's own
HarfBuzz shaping (uharfbuzz), per script, and what shaping every paragraph would cost at M.

    python -m benchmarks.shaping_eval [--out DIR] [--repeat N] [--speed BRIEFING]

For Hindi, Thai, Arabic and Hebrew sentences it writes one PDF each way into DIR, prints
whether `pdftotext` reads back the source text, and renders page images (pdftoppm, 150 dpi)
to look at. With --speed it times the PDF export of BRIEFING (e.g. the M briefing of
`make bench`) as it is and with `shaping=1` on every paragraph style, in turns.
Needs fonts-lohit-deva and fonts-thai-tlwg-ttf (installed by .ci/run).
"""

from __future__ import annotations

import argparse
import gc
import re
import statistics
import subprocess
import tempfile
import time
import unicodedata
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

from briefing.core import blocks as b
from briefing.core.theme import Theme
from briefing.core.tree_text import text_direction
from briefing.render.pdf import write_pdf

SENTENCES = {
    "hindi": "प्रतिक्रिया समर्थन के साथ आएगी, मंत्री ने कहा।",
    "thai": "รัฐมนตรีกล่าวว่า ผู้ใหญ่ที่นั่นไม่ได้น้ำ การเจรจาจะดำเนินต่อไป",
    "arabic": "قال الوزير إن المحادثات ستستمر الأسبوع المقبل",
    "hebrew": "ראש הממשלה אמר שהשיחות יימשכו בשבוע הבא",
}
FONT_FILES = {
    "hindi": "/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf",
    "thai": "/usr/share/fonts/truetype/tlwg/Norasi.ttf",
    "arabic": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "hebrew": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
}
THEME = Theme(
    body_fonts=("DejaVu Serif", "DejaVu Sans", "Lohit Devanagari", "Norasi"),
    heading_fonts=("DejaVu Sans", "Lohit Devanagari", "Norasi"),
    show_toc=False,
)


def read_back(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    text = re.sub("[\u202a-\u202e]", "", text).replace("Page 1 of 1", "")
    return " ".join(text.split())


def today(name: str, text: str, out: Path) -> Path:
    info = b.DocumentInfo("t", "a", "s", "en", "2026-11-27T09:00:00", "", "a4")
    document = b.Document(info, (b.Paragraph((b.Text(text),), "body", text_direction(text)),))
    path = out / f"{name}-today.pdf"
    write_pdf(document, THEME, path)
    return path


def harfbuzz(name: str, text: str, out: Path) -> Path:
    font = f"shaping-eval-{name}"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font, FONT_FILES[name]))  # shapable when uharfbuzz is
    rtl = text_direction(text) == "rtl"
    leading = 14 * (1.6 if name == "thai" else 1.25)  # Thai stacks marks above the line
    style = ParagraphStyle(
        "eval", fontName=font, fontSize=14, leading=leading, shaping=1,
        wordWrap="RTL" if rtl else None,
    )
    path = out / f"{name}-harfbuzz.pdf"
    SimpleDocTemplate(str(path)).build([Paragraph(text, style)])
    return path


def compare(out: Path) -> None:
    for name, text in SENTENCES.items():
        for label, make in (("today", today), ("harfbuzz", harfbuzz)):
            path = make(name, text, out)
            got = read_back(path)
            verdict = (
                "same" if got == text
                else "same after NFKC" if unicodedata.normalize("NFKC", got) == text
                else "different"
            )
            print(f"{name:7} {label:9} pdftotext: {verdict:16} {got}")
            subprocess.run(
                ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(path),
                 str(path.with_suffix(""))],
                check=False,
            )


def speed(briefing_path: Path, repeat: int) -> None:
    import briefing.render.pdf as pdf
    from briefing.core.storage import load_briefing
    from briefing.render.export import export_briefing

    original = pdf.make_styles

    def shaped_styles(*args, **kwargs):  # type: ignore[no-untyped-def]
        styles = original(*args, **kwargs)
        for style in vars(styles).values():
            style.shaping = 1
        return styles

    briefing = load_briefing(briefing_path)
    work = Path(tempfile.mkdtemp(prefix="shaping-speed-"))
    export_briefing(briefing, work / "warm.pdf")
    times: dict[str, list[float]] = {"as is": [], "shaping=1": []}
    for _ in range(repeat):
        for label, make in (("as is", original), ("shaping=1", shaped_styles)):
            pdf.make_styles = make
            gc.collect()
            start = time.perf_counter()
            export_briefing(briefing, work / "out.pdf")
            times[label].append(time.perf_counter() - start)
    pdf.make_styles = original
    for label, runs in times.items():
        rounded = [round(t, 3) for t in runs]
        print(f"{label:10} median {statistics.median(runs):.3f} s  runs {rounded}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.shaping_eval")
    parser.add_argument("--out", type=Path, default=Path(tempfile.mkdtemp(prefix="shaping-")))
    parser.add_argument("--speed", type=Path, metavar="BRIEFING")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    compare(args.out)
    print(f"PDFs and page images in {args.out}")
    if args.speed:
        speed(args.speed, args.repeat)


if __name__ == "__main__":
    main()
