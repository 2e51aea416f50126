"""Right-to-left text for the writers: which characters belong to right-to-left scripts.

compile tags the direction of most text in the tree; writers still ask whether a string holds
right-to-left characters at all (the PDF writer shapes and reorders only such text, the DOCX
writer marks only such runs right-to-left) and, in the DOCX writer, the direction of the few
strings the tree does not tag (cover lines, contents entries, attributions, the marking).
"""

from __future__ import annotations

import re

# Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, presentation forms, and the historic
# right-to-left blocks of the supplementary planes.
_RTL_CHARS = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def has_rtl(text: str) -> bool:
    return _RTL_CHARS.search(text) is not None


def direction_of(text: str, default: str = "ltr") -> str:
    """ "rtl" or "ltr" by the first letter of `text`; `default` when it has no letter."""
    for char in text:
        if _RTL_CHARS.match(char):
            return "rtl"
        if char.isalpha():
            return "ltr"
    return default
