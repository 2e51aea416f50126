"""Generate resources/reference.docx: the Word reference document the DOCX writer starts from.

Run `.venv/bin/python tools/make_reference_docx.py` after changing a style below and commit
the regenerated file with it. The package is written from scratch (no python-docx template
leftovers) and byte-for-byte reproducibly.

The file defines every style the writer uses, properly (no direct formatting): structure
here (indents, borders, spacing, keep-with-next, outline levels, bullets), fonts, sizes and
colours from the default theme. Its body shows one sample paragraph per style so that someone
making their own organisation's reference document can restyle them in Word; the writer
discards the body and keeps the styles, numbering, settings and page setup.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from briefing.core.theme import Theme
from briefing.render import docx_styles as s
from briefing.render.docx_xml import R_NS, W_NS

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "resources" / "reference.docx"

INDENT = 567  # 1 cm in twentieths of a point: quotes, notes, source entries
HANGING = 360  # bullets


def style(
    kind: str,
    style_id: str,
    name: str,
    *,
    based_on: str | None = "Normal",
    next_style: str | None = None,
    ppr: str = "",
    rpr: str = "",
    custom: bool = True,
    extra: str = "",
    attrs: str = "",
) -> str:
    parts = [f"<w:name w:val={quoteattr(name)}/>"]
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_style:
        parts.append(f'<w:next w:val="{next_style}"/>')
    parts.append(extra or '<w:uiPriority w:val="10"/><w:qFormat/>')
    if kind == "paragraph":
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    parts.append(f"<w:rPr>{rpr}</w:rPr>")
    custom_attr = ' w:customStyle="1"' if custom else ""
    return (
        f'<w:style w:type="{kind}" w:styleId="{style_id}"{custom_attr}{attrs}>'
        + "".join(parts)
        + "</w:style>"
    )


def para(style_id: str, name: str, **kw: object) -> str:
    return style("paragraph", style_id, name, **kw)  # type: ignore[arg-type]


def border(edges: str, size: int, space: int) -> str:
    inner = "".join(
        f'<w:{edge} w:val="single" w:sz="{size}" w:space="{space}" w:color="000000"/>'
        for edge in edges.split()
    )
    return f"<w:pBdr>{inner}</w:pBdr>"


STYLES = [
    para(
        "Normal",
        "Normal",
        based_on=None,
        custom=False,
        attrs=' w:default="1"',
        extra="<w:qFormat/>",
        ppr='<w:spacing w:after="120" w:line="300" w:lineRule="auto"/>',
    ),
    style(
        "character",
        "DefaultParagraphFont",
        "Default Paragraph Font",
        based_on=None,
        custom=False,
        attrs=' w:default="1"',
        extra='<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>',
    ),
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr>'
    '<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
    '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
    '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
    para("BodyText", s.BODY, custom=False, ppr='<w:spacing w:after="120"/>'),
    para(
        "Title",
        s.TITLE,
        custom=False,
        next_style="Subtitle",
        ppr=border("bottom", 12, 8) + '<w:spacing w:before="2400" w:after="240" '
        'w:line="240" w:lineRule="auto"/><w:contextualSpacing/>',
        rpr='<w:b/><w:bCs/><w:kern w:val="28"/>',
    ),
    para(
        "Subtitle",
        s.SUBTITLE,
        custom=False,
        next_style="CoverDetails",
        ppr='<w:spacing w:before="120" w:after="720"/>',
    ),
    para("CoverDetails", s.COVER_DETAILS, ppr='<w:spacing w:after="60"/>'),
    para(
        "CoverMarking",
        s.COVER_MARKING,
        ppr=border("top bottom", 8, 4) + '<w:spacing w:before="1440" w:after="0"/>'
        '<w:jc w:val="center"/>',
        rpr='<w:b/><w:bCs/><w:caps/><w:spacing w:val="10"/>',
    ),
    para(
        "Heading1",
        s.HEADING_1,
        custom=False,
        next_style="BodyText",
        extra='<w:uiPriority w:val="9"/><w:qFormat/>',
        ppr="<w:keepNext/><w:keepLines/>"
        + border("bottom", 4, 4)
        + '<w:spacing w:before="360" w:after="160"/><w:outlineLvl w:val="0"/>',
        rpr="<w:b/><w:bCs/>",
    ),
    para(
        "Heading2",
        s.HEADING_2,
        custom=False,
        next_style="BodyText",
        extra='<w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/>',
        ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80"/>'
        '<w:outlineLvl w:val="1"/>',
        rpr="<w:b/><w:bCs/>",
    ),
    para("Commentary", s.COMMENTARY, ppr='<w:spacing w:after="160"/>'),
    para("Summary", s.SUMMARY, ppr='<w:spacing w:after="160"/>'),
    para(
        "Quote",
        s.QUOTE,
        custom=False,
        next_style="QuoteAttribution",
        extra='<w:uiPriority w:val="29"/><w:qFormat/>',
        ppr="<w:keepLines/>"
        + border("left", 18, 10)
        + f'<w:spacing w:before="160" w:after="60"/><w:ind w:left="{INDENT}" w:right="{INDENT}"/>',
        rpr="<w:i/><w:iCs/>",
    ),
    para(
        "Excerpt",
        s.EXCERPT,
        next_style="QuoteAttribution",
        ppr="<w:keepLines/>"
        + border("left", 6, 10)
        + f'<w:spacing w:before="160" w:after="60"/><w:ind w:left="{INDENT}" w:right="{INDENT}"/>',
    ),
    para(
        "QuoteAttribution",
        s.ATTRIBUTION,
        next_style="BodyText",
        ppr=f'<w:keepLines/><w:spacing w:before="0" w:after="200"/>'
        f'<w:ind w:left="{INDENT}" w:right="{INDENT}"/>',
    ),
    para(
        "ClipMarking",
        s.CLIP_MARKING,
        ppr=f'<w:keepNext/><w:spacing w:before="160" w:after="0"/><w:ind w:left="{INDENT}"/>',
        rpr="<w:b/><w:bCs/>",
    ),
    para(
        "AnalystNote",
        s.NOTE,
        ppr=border("left", 6, 10) + '<w:shd w:val="clear" w:color="auto" w:fill="F3F4F6"/>'
        f'<w:spacing w:before="0" w:after="200"/><w:ind w:left="{INDENT}" w:right="{INDENT}"/>',
    ),
    para(
        "KeyJudgment",
        s.KEY_JUDGMENT,
        ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
        f'<w:spacing w:after="120"/><w:ind w:left="{HANGING}" w:hanging="{HANGING}"/>',
    ),
    para(
        "ListBullet",
        s.LIST_BULLET,
        custom=False,
        ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>'
        f'<w:spacing w:after="60"/><w:ind w:left="{HANGING}" w:hanging="{HANGING}"/>'
        "<w:contextualSpacing/>",
    ),
    para(
        "SourceEntry",
        s.SOURCE_ENTRY,
        ppr=f'<w:tabs><w:tab w:val="left" w:pos="{INDENT}"/></w:tabs>'
        f'<w:spacing w:after="80"/><w:ind w:left="{INDENT}" w:hanging="{INDENT}"/>',
    ),
    para(
        "Figure",
        s.FIGURE,
        next_style="Caption",
        ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="160" w:after="60"/>',
    ),
    para(
        "Caption",
        s.CAPTION,
        custom=False,
        next_style="BodyText",
        extra='<w:uiPriority w:val="35"/><w:unhideWhenUsed/><w:qFormat/>',
        ppr='<w:keepLines/><w:spacing w:before="0" w:after="200"/>',
    ),
    para(
        "TOCHeading",
        s.TOC_HEADING,
        custom=False,
        next_style="TOC1",
        extra='<w:uiPriority w:val="39"/><w:unhideWhenUsed/><w:qFormat/>',
        ppr="<w:keepNext/>"
        + border("bottom", 4, 4)
        + '<w:spacing w:before="0" w:after="240"/><w:outlineLvl w:val="9"/>',
        rpr="<w:b/><w:bCs/>",
    ),
    para(
        "TOC1",
        s.TOC_1,
        custom=False,
        next_style="Normal",
        extra='<w:uiPriority w:val="39"/><w:unhideWhenUsed/>',
        ppr='<w:spacing w:before="120" w:after="40"/>',
        rpr="<w:b/><w:bCs/>",
    ),
    para(
        "TOC2",
        s.TOC_2,
        custom=False,
        next_style="Normal",
        extra='<w:uiPriority w:val="39"/><w:unhideWhenUsed/>',
        ppr='<w:spacing w:before="0" w:after="40"/><w:ind w:left="284"/>',
    ),
    para(
        "Header",
        s.HEADER,
        custom=False,
        extra='<w:uiPriority w:val="99"/><w:unhideWhenUsed/>',
        ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>',
    ),
    para(
        "Footer",
        s.FOOTER,
        custom=False,
        extra='<w:uiPriority w:val="99"/><w:unhideWhenUsed/>',
        ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>',
    ),
    para(
        "Marking",
        s.MARKING,
        ppr='<w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/>'
        '<w:jc w:val="center"/>',
        rpr="<w:b/><w:bCs/><w:caps/>",
    ),
    style(
        "character",
        "Hyperlink",
        s.HYPERLINK,
        based_on="DefaultParagraphFont",
        custom=False,
        extra='<w:uiPriority w:val="99"/><w:unhideWhenUsed/>',
        rpr='<w:u w:val="single"/>',
    ),
    style("character", "Citation", s.CITATION, based_on="DefaultParagraphFont"),
]

STYLES_XML = (
    f'<w:styles xmlns:w="{W_NS}">'
    "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts/>"
    '<w:sz w:val="21"/><w:szCs w:val="21"/>'
    '<w:lang w:val="en-GB" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="300" w:lineRule="auto"/></w:pPr>'
    "</w:pPrDefault></w:docDefaults>" + "".join(STYLES) + "</w:styles>"
)


def bullet(abstract_id: int, symbol: str) -> str:
    return (
        f'<w:abstractNum w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        f'<w:lvlText w:val="{symbol}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{HANGING}" w:hanging="{HANGING}"/></w:pPr>'
        "<w:rPr/></w:lvl></w:abstractNum>"
    )


NUMBERING_XML = (
    f'<w:numbering xmlns:w="{W_NS}">'
    + bullet(1, "\u25aa")  # key judgments: a small square in the accent colour
    + bullet(2, "\u2022")
    + '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>'
    "</w:numbering>"
)

SAMPLES = [
    ("CoverMarking", "HANDLING MARKING (Cover Marking)"),
    ("Title", "Briefing title (Title)"),
    ("Subtitle", "Subtitle"),
    ("CoverDetails", "Date, author, organisation (Cover Details)"),
    ("TOCHeading", "Contents (TOC Heading)"),
    ("TOC1", "First-level entry (TOC 1)"),
    ("TOC2", "Second-level entry (TOC 2)"),
    ("Heading1", "Heading 1"),
    ("KeyJudgment", "A key judgment (Key Judgment)"),
    ("Heading2", "Heading 2"),
    ("Commentary", "The analyst's commentary on the section (Commentary)."),
    ("Summary", "A summary paragraph (Summary)."),
    ("BodyText", "Body text (Body Text)."),
    ("ClipMarking", "PORTION MARKING (Clip Marking)"),
    ("Quote", "The exact words someone said, as a block quote (Quote)."),
    ("QuoteAttribution", "— Speaker, their role [1] (Quote Attribution, Citation)"),
    ("Excerpt", "A passage taken from an article (Excerpt)."),
    ("QuoteAttribution", "— Outlet, “Article title” [2]"),
    ("AnalystNote", "The analyst's note on a clip (Analyst Note)."),
    ("ListBullet", "A plain bullet (List Bullet)"),
    ("Caption", "Figure 1. What the picture shows — Photo: credit (Caption)"),
    ("SourceEntry", "[1]\tOutlet. Author. Date. “Title”. Link (Source Entry, Hyperlink)"),
]


def document_xml(theme: Theme) -> str:
    body = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="{sid}"/></w:pPr>'
        + "".join(
            ("<w:r><w:tab/></w:r>" if i else "")
            + f'<w:r><w:t xml:space="preserve">{escape(piece)}</w:t></w:r>'
            for i, piece in enumerate(text.split("\t"))
        )
        + "</w:p>"
        for sid, text in SAMPLES
    )
    top, right, bottom, left = (round(mm * 1440 / 25.4) for mm in theme.margins_mm)
    section = (
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" '
        'w:header="567" w:footer="567" w:gutter="0"/><w:cols w:space="720"/></w:sectPr>'
    )
    return (
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}{section}</w:body>'
        "</w:document>"
    )


SETTINGS_XML = (
    f'<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/>'
    '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    "</w:settings>"
)

CONTENT_TYPES_XML = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS_XML = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
DOCUMENT_RELS_XML = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/numbering" Target="numbering.xml"/>'
    "</Relationships>"
)
CORE_XML = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>Briefing Builder reference document</dc:title>"
    "<dc:creator>Briefing Builder</dc:creator><cp:lastModifiedBy>Briefing Builder"
    "</cp:lastModifiedBy><cp:revision>1</cp:revision>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:modified>'
    "</cp:coreProperties>"
)
APP_XML = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>Briefing Builder</Application></Properties>'
)


def themed_parts(theme: Theme) -> tuple[bytes, bytes]:
    styles = etree.fromstring(STYLES_XML)
    numbering = etree.fromstring(NUMBERING_XML)
    s.apply_theme(styles, theme, numbering)
    return _serialise(styles), _serialise(numbering)


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _xml(text: str) -> bytes:
    return _serialise(etree.fromstring(text))


def build(target: Path = TARGET) -> None:
    theme = Theme()
    styles, numbering = themed_parts(theme)
    parts = [
        ("[Content_Types].xml", _xml(CONTENT_TYPES_XML)),
        ("_rels/.rels", _xml(PACKAGE_RELS_XML)),
        ("docProps/core.xml", _xml(CORE_XML)),
        ("docProps/app.xml", _xml(APP_XML)),
        ("word/document.xml", _xml(document_xml(theme))),
        ("word/_rels/document.xml.rels", _xml(DOCUMENT_RELS_XML)),
        ("word/styles.xml", styles),
        ("word/numbering.xml", numbering),
        ("word/settings.xml", _xml(SETTINGS_XML)),
    ]
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


if __name__ == "__main__":
    written = Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET
    build(written)
    print(f"wrote {written}")
