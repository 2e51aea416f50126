"""Languages in the Word file: every run's text is marked with its language (w:lang), so Word
checks its spelling, grammar and hyphenation against the right dictionary (a Russian quote
in an English briefing is not underlined as misspelt English).

Word keeps three languages on a run, one per class of script it tells apart (the classes of
the w:rFonts slots): w:val for Latin, Cyrillic, Greek and other simple scripts, w:eastAsia
for Chinese, Japanese and Korean, w:bidi for the complex scripts (Arabic, Hebrew, and the
Indic and South-East Asian ones). Each character is checked in the language of its class, so
a language goes into the attribute of the class its script belongs to: Russian w:val="ru",
Arabic w:bidi="ar", Japanese w:eastAsia="ja".

The briefing's language is the document default (the styles part's docDefaults), and it wins
over a user reference's styles (their own language in that slot is removed), so a run
repeats a language only where the tree says its text is in another one.
"""

from __future__ import annotations

import re

from lxml import etree

from briefing.render.docx_styles import COMPLEX_SCRIPTS, EAST_ASIAN_SCRIPTS
from briefing.render.docx_xml import RPR_ORDER, W_STYLE, get_or_add, insert_ordered, w

W_LANG = w("lang")
_LANGUAGE_SLOTS = (w("val"), w("eastAsia"), w("bidi"))

# Languages by the class of the script they are written in, when the tag names no script.
_EAST_ASIAN_LANGUAGES = frozenset(
    {"zh", "ja", "ko", "yue", "cmn", "wuu", "hak", "nan", "gan", "hsn", "lzh", "ii"}
)
_COMPLEX_SCRIPT_LANGUAGES = frozenset(
    {
        # right to left
        "ar", "he", "iw", "yi", "fa", "ur", "ps", "sd", "ug", "ckb", "dv", "syr", "arc",
        # Indic and South-East Asian
        "hi", "mr", "ne", "sa", "kok", "mai", "bho", "bn", "as", "pa", "gu", "or", "ta", "te",
        "kn", "ml", "si", "th", "lo", "km", "my", "bo", "dz",
    }
)  # fmt: skip


def language_tag(language: str) -> str:
    """`language` as Word accepts a BCP 47 tag: letters, digits and hyphens, at most 35."""
    return re.sub(r"[^A-Za-z0-9-]", "", language)[:35]


def language_slot(tag: str) -> str:
    """The w:lang attribute (local name) that holds language `tag`: "val", "eastAsia" or
    "bidi". A script subtag decides ("az-Arab" is complex script, "sr-Latn" simple), else
    the language itself."""
    subtags = tag.split("-")
    for subtag in subtags[1:]:
        if len(subtag) == 4 and subtag.isalpha():
            script = subtag.title()
            if script in EAST_ASIAN_SCRIPTS or script in ("Hans", "Hant", "Jpan", "Kore"):
                return "eastAsia"
            if script in COMPLEX_SCRIPTS:
                return "bidi"
            return "val"
    primary = subtags[0].lower()
    if primary in _EAST_ASIAN_LANGUAGES:
        return "eastAsia"
    if primary in _COMPLEX_SCRIPT_LANGUAGES:
        return "bidi"
    return "val"


def set_document_language(styles: etree._Element, language: str) -> str:
    """Make `language` the document's default language; return the tag written.

    It goes into docDefaults in the slot of its script class (the other slots keep the
    reference's defaults, e.g. zh-CN and ar-SA in an English document: text in those
    scripts with no language of its own is checked as the reader's Word would by default).
    A style that sets a language in that slot loses it, so the default reaches every
    paragraph; styles set no language in our bundled reference."""
    tag = language_tag(language) or "en"
    slot = w(language_slot(tag))
    defaults = get_or_add(styles, "docDefaults", (w("docDefaults"), w("latentStyles"), W_STYLE))
    rpr_default = get_or_add(defaults, "rPrDefault", (w("rPrDefault"), w("pPrDefault")))
    rpr = get_or_add(rpr_default, "rPr", ())
    get_or_add(rpr, "lang", RPR_ORDER).set(slot, tag)
    for style in styles.iterchildren(W_STYLE):
        for lang in style.findall(f"{w('rPr')}/{W_LANG}"):
            lang.attrib.pop(slot, None)
            if not any(lang.get(attr) for attr in _LANGUAGE_SLOTS):
                parent = lang.getparent()
                if parent is not None:
                    parent.remove(lang)
    return tag


def mark_language(rpr: etree._Element, tag: str) -> None:
    """Give a run (its w:rPr) the language `tag`, in the slot of its script class."""
    lang = etree.Element(W_LANG)
    lang.set(w(language_slot(tag)), tag)
    insert_ordered(rpr, lang, RPR_ORDER)
