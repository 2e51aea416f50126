"""RULES.toml for the daily run: read, checked, and every mistake named with its line.

    [briefing]
    title = "Morning briefing"            # the cover title ({date} is replaced)
    template = "template.briefing"        # optional: cover, marking, key-judgment placeholders
    output = "out/morning-{date}"         # where the exports go, without extension
    formats = ["docx", "pdf", "html"]     # any of docx, pdf, html
    email = true                          # also write an .eml draft (HTML body, PDF attached)
    email_to = "desk@example.org"
    email_from = "briefing@example.org"
    subject = "Morning briefing {date}"
    when_nothing_new = "skip"             # or "send": write an empty-handed briefing anyway
    quotes = 2                            # suggested quotes per article (0: lead paragraph)
    refresh = true                        # refresh the feeds first

    [[section]]
    heading = "Ukraine"
    query = "ceasefire OR grain"          # a library search (words, "phrases", OR, -not)
    tags = ["ukraine"]                    # every one of them
    feeds = ["https://…/rss"]             # only articles that came from these feeds
    outlets = ["Kyiv Courier"]            # any of them
    cap = 5                               # at most this many articles
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.core.errors import BriefingError

FORMATS = ("docx", "pdf", "html")
_MAX_CAP = 500


class RulesError(BriefingError):
    """A rules file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class SectionRule:
    heading: str
    query: str = ""
    tags: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    cap: int = 10


@dataclass(frozen=True)
class Rules:
    path: Path
    title: str = "Daily briefing"
    template: Path | None = None
    output: str = "briefing-{date}"
    formats: tuple[str, ...] = ("docx", "pdf", "html")
    email: bool = False
    email_to: str = ""
    email_from: str = ""
    subject: str = "{title}"
    send_when_empty: bool = False
    quotes: int = 2  # suggested quotes placed per article; none found (or 0): the lead
    refresh: bool = True
    sections: tuple[SectionRule, ...] = field(default_factory=tuple)

    def output_base(self, day: str) -> Path:
        base = Path(self.output.replace("{date}", day)).expanduser()
        return base if base.is_absolute() else self.path.parent / base

    @property
    def state_path(self) -> Path:
        return self.path.with_name(f".{self.path.stem}.state.json")


_BRIEFING_KEYS = {
    "title": str, "template": str, "output": str, "formats": list, "email": bool,
    "email_to": str, "email_from": str, "subject": str, "when_nothing_new": str, "refresh": bool,
    "quotes": int,
}  # fmt: skip
_SECTION_KEYS = {
    "heading": str, "query": str, "tags": list, "feeds": list, "outlets": list, "cap": int,
}  # fmt: skip
_TYPE_NAMES = {str: "a string", list: "a list of strings", bool: "true or false", int: "a number"}


class _Lines:
    """Finds the line a key was written on, for messages (tomllib does not keep positions)."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()

    def of(self, key: str, table: str, index: int = 0) -> int:
        if not table:  # a top-level key, or a table header of that name
            top = re.compile(rf"^\s*({re.escape(key)}\s*=|\[\[?\s*{re.escape(key)}\s*[\].])")
            return next((n for n, line in enumerate(self._lines, 1) if top.match(line)), 0)
        header = re.compile(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?\s*(#.*)?$")
        key_line = re.compile(rf"^\s*{re.escape(key)}\s*=")
        seen = -1
        inside = False
        for number, line in enumerate(self._lines, 1):
            if line.lstrip().startswith("["):
                inside = bool(header.match(line))
                if inside:
                    seen += 1
                    if seen == index and not key:
                        return number
                continue
            if inside and seen == index and key_line.match(line):
                return number
        return self.of("", table, index) if key else 0


def load_rules(path: Path) -> Rules:
    """The rules in `path`; RulesError naming the line of the first mistake."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RulesError(f"{path}: no such rules file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(f"{path}: cannot read the rules ({exc})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{path}: not valid TOML: {exc}") from None
    lines = _Lines(text)

    def fail(line: int, message: str) -> RulesError:
        return RulesError(f"{path}, line {line}: {message}" if line else f"{path}: {message}")

    unknown = set(data) - {"briefing", "section"}
    if unknown:
        name = sorted(unknown)[0]
        raise fail(
            lines.of(name, ""), f"unknown table or key {name!r} (use [briefing], [[section]])"
        )
    top = data.get("briefing", {})
    if not isinstance(top, dict):
        raise fail(0, "[briefing] must be a table")
    _check_keys(top, _BRIEFING_KEYS, lambda k: lines.of(k, "briefing"), fail, "[briefing]")
    formats = tuple(str(f).lower().lstrip(".") for f in top.get("formats", FORMATS))
    for name in formats:
        if name not in FORMATS:
            raise fail(
                lines.of("formats", "briefing"), f"unknown format {name!r} (use docx, pdf, html)"
            )
    email = bool(top.get("email", False))
    if email and "pdf" not in formats and "html" not in formats:
        raise fail(lines.of("email", "briefing"), "an email draft needs the html or pdf format")
    when = str(top.get("when_nothing_new", "skip"))
    if when not in ("skip", "send"):
        raise fail(lines.of("when_nothing_new", "briefing"), 'when_nothing_new is "skip" or "send"')
    quotes = top.get("quotes", 2)
    if not 0 <= quotes <= 20:
        raise fail(lines.of("quotes", "briefing"), "quotes must be a whole number from 0 to 20")
    template = top.get("template")
    template_path = None
    if template:
        template_path = Path(template).expanduser()
        if not template_path.is_absolute():
            template_path = path.parent / template_path
        if not template_path.is_file():
            raise fail(lines.of("template", "briefing"), f"no template file {template_path}")
    sections_data = data.get("section", [])
    if not isinstance(sections_data, list) or not sections_data:
        raise fail(0, "no [[section]] rules: name at least one section")
    sections = []
    for index, raw in enumerate(sections_data):
        at = lambda key, i=index: lines.of(key, "section", i)  # noqa: E731
        _check_keys(raw, _SECTION_KEYS, at, fail, f"section {index + 1}")
        heading = str(raw.get("heading", "")).strip()
        if not heading:
            raise fail(at(""), f"section {index + 1} has no heading")
        cap = raw.get("cap", 10)
        if isinstance(cap, bool) or not 1 <= cap <= _MAX_CAP:
            raise fail(at("cap"), f"cap must be a whole number from 1 to {_MAX_CAP}")
        sections.append(
            SectionRule(
                heading=heading,
                query=str(raw.get("query", "")).strip(),
                tags=tuple(str(t).strip() for t in raw.get("tags", []) if str(t).strip()),
                feeds=tuple(str(f).strip() for f in raw.get("feeds", []) if str(f).strip()),
                outlets=tuple(str(o).strip() for o in raw.get("outlets", []) if str(o).strip()),
                cap=int(cap),
            )
        )
    return Rules(
        path=path,
        title=str(top.get("title", "Daily briefing")),
        template=template_path,
        output=str(top.get("output", f"{path.stem}-{{date}}")),
        formats=formats,
        email=email,
        email_to=str(top.get("email_to", "")),
        email_from=str(top.get("email_from", "")),
        subject=str(top.get("subject", "{title}")),
        send_when_empty=when == "send",
        quotes=int(quotes),
        refresh=bool(top.get("refresh", True)),
        sections=tuple(sections),
    )


def _check_keys(
    table: Any, allowed: dict[str, type], line_of: Any, fail: Any, where: str
) -> None:
    if not isinstance(table, dict):
        raise fail(0, f"{where} must be a table")
    for key, value in table.items():
        if key not in allowed:
            raise fail(line_of(key), f"unknown key {key!r} in {where}")
        kind = allowed[key]
        wrong = not isinstance(value, kind) or (kind is int and isinstance(value, bool))
        if kind is list and not wrong:
            wrong = not all(isinstance(v, str) for v in value)
        if wrong:
            raise fail(line_of(key), f"{key} must be {_TYPE_NAMES[kind]}")
