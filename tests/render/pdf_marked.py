"""Reading a PDF page's content stream back as text runs with the marked content around them:
each text-showing operator's text (decoded with its font's ToUnicode map) and the /Lang of every
span open where it is drawn, innermost last."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pypdf import PageObject
from pypdf.generic import ContentStream, DictionaryObject

_BFCHAR_BLOCK = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


@dataclass(frozen=True)
class Run:
    text: str
    languages: tuple[str, ...]  # the /Lang of each open span that has one, outermost first

    @property
    def language(self) -> str:
        return self.languages[-1] if self.languages else ""


def _unicode_map(font: DictionaryObject) -> dict[int, str]:
    if "/ToUnicode" not in font:
        return {}
    data = font["/ToUnicode"].get_object().get_data()
    return {
        int(code, 16): bytes.fromhex(target.decode()).decode("utf-16-be")
        for block in _BFCHAR_BLOCK.findall(data)
        for code, target in _BFCHAR.findall(block)
    }


def _bytes(operand: object) -> bytes:
    original = getattr(operand, "original_bytes", None)
    if original is not None:
        return bytes(original)
    if isinstance(operand, bytes):
        return operand
    return str(operand).encode("latin-1")


def page_runs(page: PageObject) -> list[Run]:
    """The page's text runs in content order; raises if its marked content is unbalanced (an
    EMC with nothing open, or spans still open at the end of the page)."""
    fonts = page["/Resources"].get_object().get("/Font", {})
    maps = {name: _unicode_map(font.get_object()) for name, font in fonts.items()}
    stream = ContentStream(page.get_contents(), page.pdf)
    stack: list[str | None] = []  # each open span's /Lang, None for a span without one
    current: dict[int, str] = {}
    runs: list[Run] = []
    for operands, operator in stream.operations:
        if operator == b"BDC":
            properties = operands[1] if len(operands) > 1 else {}
            language = properties.get("/Lang") if isinstance(properties, dict) else None
            stack.append(str(language) if language is not None else None)
        elif operator == b"BMC":
            stack.append(None)
        elif operator == b"EMC":
            assert stack, "EMC with no marked content open"
            stack.pop()
        elif operator == b"Tf":
            current = maps.get(operands[0], {})
        elif operator in (b"Tj", b"'", b'"', b"TJ"):
            strings = operands[0] if operator == b"TJ" else [operands[-1]]
            text = "".join(
                current.get(code, chr(code))
                for string in strings
                if not isinstance(string, (int, float))
                for code in _bytes(string)
            )
            if text:
                runs.append(Run(text, tuple(tag for tag in stack if tag is not None)))
    assert not stack, f"{len(stack)} marked-content spans left open at the end of the page"
    return runs
