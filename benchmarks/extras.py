"""Timings that do not depend on the briefing's size, run in a fresh interpreter by
`benchmarks.run`:

    python -m benchmarks.extras --repeat 3 [--workdir DIR]

- fonts_resolve_cold: the theme's three font families resolved after `refresh_fonts()` (the
  font index rebuilt: fontconfig or the folder scan, then each family's faces and coverage);
  fonts_resolve_warm: the same again, from the process-wide caches;
- import_text_20mb_utf8 / import_text_20mb_cp1251: importing a 20 MB text file (decoding,
  encoding detection and the one normalisation all intake goes through);
- import_html_40mb / import_text_49mb_one_line: time and peak memory over the file's size of
  importing the huge files of issue 14, each in a fresh interpreter (`benchmarks.intake_memory`).

The unit tests check what these do (the right families, every line of the file); how long
they take is only measured here, so a slow or loaded machine cannot fail the suite.
Prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from benchmarks import intake_memory
from benchmarks.inprocess import timed

THEME_FAMILIES = ("DejaVu Serif", "DejaVu Sans", "WenQuanYi Zen Hei")
ENGLISH_LINE = "Ministers met on Tuesday — “this is historic”, one said.   \r\n"
RUSSIAN_LINE = "Привет, мир! Это короткий текст.\n"


def measure_fonts(repeat: int) -> dict[str, object]:
    from briefing.core import fonts

    def cold() -> None:
        fonts.refresh_fonts()
        fonts.FontSet(THEME_FAMILIES)

    results = {"fonts_resolve_cold": timed(cold, repeat)}
    results["fonts_resolve_warm"] = timed(lambda: fonts.FontSet.resolve(THEME_FAMILIES), repeat)
    return results


def measure_text_import(repeat: int, workdir: Path) -> dict[str, object]:
    from briefing.core.intake import import_file

    english = workdir / "big.txt"
    english.write_bytes(
        ("Title\r\n\r\n" + ENGLISH_LINE * (20_000_000 // len(ENGLISH_LINE.encode()))).encode()
    )
    russian = workdir / "bigru.txt"
    russian.write_bytes((RUSSIAN_LINE * (20_000_000 // len(RUSSIAN_LINE))).encode("cp1251"))
    return {
        "import_text_20mb_utf8": timed(lambda: import_file(english), repeat),
        "import_text_20mb_cp1251": timed(lambda: import_file(russian), repeat),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.extras")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-extras-", dir=args.workdir) as tmp:
        results = {**measure_fonts(args.repeat), **measure_text_import(args.repeat, Path(tmp))}
        results.update(intake_memory.measure_all(Path(tmp)))
    json.dump(results, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
