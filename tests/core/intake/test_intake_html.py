"""HTML files and pasted HTML: main text, metadata, and nothing fetched or executed."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.core.intake import IntakeError, article_from_html, import_file

ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Ministers agree cross-border grid deal | The Daily Ledger</title>
<meta property="og:title" content="Ministers agree cross-border grid deal">
<meta property="og:site_name" content="The Daily Ledger">
<meta property="og:type" content="article">
<meta name="author" content="Jane Smith">
<meta property="article:published_time" content="2024-03-05T09:30:00+00:00">
<meta name="description" content="Twelve countries will link their electricity grids.">
<link rel="canonical" href="https://ledger.example/world/2024/03/05/grid-deal">
<link rel="stylesheet" href="https://cdn.ledger.example/site.css">
</head>
<body>
<header><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a>
</nav></header>
<main>
<article>
<h1>Ministers agree cross-border grid deal</h1>
<p class="byline">By <span class="author">Jane Smith</span>,
  <time datetime="2024-03-05T09:30:00Z">5 March 2024</time></p>
<p>Energy ministers from twelve European countries agreed on Tuesday to link their
  electricity grids, in a deal that officials said would cut prices for millions of
  households and make supply more secure over the coming winters.</p>
<p>“This is a historic day for European energy,” said the chair of the meeting, speaking to
  reporters in Brussels after the talks ended late in the evening.</p>
<blockquote><p>We have waited twenty years for this agreement.</p>
  <footer>— Anna Berg, Swedish energy minister</footer></blockquote>
<h2>What happens next</h2>
<p>The agreement must now be ratified by national parliaments, a process that diplomats
  expect to take at least two years.<br>Critics say the timetable is far too slow.</p>
<p>Several governments have already said they will put the deal to a vote before the
  summer recess, and industry groups welcomed the decision.</p>
</article>
</main>
<footer><p>© 2024 The Daily Ledger. All rights reserved.</p></footer>
</body>
</html>
"""

HOSTILE_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Budget row deepens</title>
<script>window.SCRIPT_IN_HEAD = "steal-cookies"; fetch("http://evil.example/x");</script>
<script src="http://tracker.example/analytics.js"></script>
<style>.STYLE_RULE { color: red }</style>
</head>
<body>
<article>
<h1>Budget row deepens</h1>
<p>The finance minister defended the budget on Monday, telling parliament that the cuts were
  unavoidable after two years of weak growth and rising interest payments on the debt.</p>
<script>document.write("INLINE_SCRIPT_TEXT");</script>
<iframe src="http://ads.example/frame.html">IFRAME_FALLBACK_TEXT</iframe>
<img src="http://tracker.example/pixel.gif?uid=123" width="1" height="1" alt="">
<p>Opposition leaders said the plan would hit the poorest households hardest and promised
  to vote against it when the bill returns to the chamber next month.</p>
<noscript><img src="http://tracker.example/noscript.gif">NOSCRIPT_TEXT</noscript>
<object data="http://evil.example/flash.swf">OBJECT_TEXT</object>
<p onclick="alert('ONCLICK')">Analysts expect the vote to be close, with several members of the
  governing party still undecided about whether to back the government.</p>
</article>
</body></html>
"""

FORBIDDEN = (
    "SCRIPT_IN_HEAD", "steal-cookies", "INLINE_SCRIPT_TEXT", "IFRAME_FALLBACK_TEXT",
    "NOSCRIPT_TEXT", "OBJECT_TEXT", "STYLE_RULE", "ONCLICK", "tracker.example", "evil.example",
    "document.write",
)  # fmt: skip


def test_article_page_metadata_and_paragraphs(tmp_path: Path, no_network: list[object]) -> None:
    path = tmp_path / "grid.html"
    path.write_text(ARTICLE_PAGE, encoding="utf-8")
    article = import_file(path)
    assert article.title == "Ministers agree cross-border grid deal"
    assert article.outlet == "The Daily Ledger"
    assert article.authors == ["Jane Smith"]
    assert article.published == "2024-03-05"
    assert article.url == "https://ledger.example/world/2024/03/05/grid-deal"
    assert article.language == "en-GB"
    assert article.source_kind == "html"
    assert article.encoding == "utf-8"
    paragraphs = article.text.split("\n\n")
    assert any(p.startswith("Energy ministers from twelve") for p in paragraphs)
    assert "“This is a historic day for European energy,” said the chair" in article.text
    # source line wraps are HTML whitespace, not line breaks; <br> is a line break
    assert "link their electricity grids, in a deal" in article.text
    assert "at least two years.\nCritics say the timetable is far too slow." in article.text
    assert "What happens next" in paragraphs
    # a quote keeps its attribution (trafilatura alone drops the <footer>)
    assert (
        "We have waited twenty years for this agreement.\n\n— Anna Berg, Swedish energy minister"
        in article.text
    )
    # boilerplate is not article text
    assert "All rights reserved" not in article.text
    assert "Sport" not in article.text
    assert no_network == []


def test_scripts_iframes_and_trackers_never_appear(
    tmp_path: Path, no_network: list[object]
) -> None:
    path = tmp_path / "hostile.htm"
    path.write_text(HOSTILE_PAGE, encoding="utf-8")
    article = import_file(path)
    for marker in FORBIDDEN:
        assert marker not in article.text, marker
    assert "The finance minister defended the budget" in article.text
    assert "Opposition leaders said" in article.text
    assert "Analysts expect the vote to be close" in article.text
    assert article.title == "Budget row deepens"
    assert no_network == []


def test_fallback_extraction_also_drops_scripts(no_network: list[object]) -> None:
    fragment = (
        "<div><p>Short visible text.</p><script>alert('INLINE_SCRIPT_TEXT')</script>"
        "<iframe src='http://evil.example/'>IFRAME_FALLBACK_TEXT</iframe>"
        "<img src='http://tracker.example/p.gif'><style>.STYLE_RULE{}</style>tail text</div>"
    )
    article = article_from_html(fragment)
    assert article.text == "Short visible text.\n\ntail text"
    assert no_network == []


def test_pasted_fragment() -> None:
    article = article_from_html("<p>Hello <b>world</b></p>")
    assert article.text == "Hello world"
    assert article.title == "Hello world"
    assert article.source_kind == "paste-html"
    assert article.source_path == ""


def test_pasted_fragment_keeps_paragraphs_lists_and_entities() -> None:
    html = (
        "<meta charset='utf-8'><h2>Key points</h2><p>First&nbsp;point &amp; more.</p>"
        "<ul><li>Alpha</li><li>Beta</li></ul><p>Line one<br>line two</p>"
        "<table><tr><td>Year</td><td>Cost</td></tr><tr><td>2024</td><td>€5bn</td></tr></table>"
    )
    article = article_from_html(html, base_url="https://example.org/page")
    assert article.text == (
        "Key points\n\nFirst\u00a0point & more.\n\n• Alpha\n• Beta\n\n"
        "Line one\nline two\n\nYear | Cost\n2024 | €5bn"
    )
    assert article.url == "https://example.org/page"


def test_browser_clipboard_fragment_keeps_the_whole_selection() -> None:
    html = (
        "<html><body>\n<!--StartFragment--><p>Selected first paragraph.</p>"
        "<p>Selected second paragraph.</p><!--EndFragment-->\n</body></html>"
    )
    article = article_from_html(html)
    assert article.text == "Selected first paragraph.\n\nSelected second paragraph."


def test_pasted_html_with_control_characters_and_surrogates() -> None:
    article = article_from_html("<p>A\x00B\ud800C\x07 “D” 🙂</p>")
    assert article.text == "ABC “D” 🙂"


def test_pasted_fragment_title_from_title_element() -> None:
    article = article_from_html("<title>Clipped page</title><p>Body text only.</p>")
    assert article.title == "Clipped page"
    assert article.text == "Body text only."


def test_pasted_html_with_xml_declaration() -> None:
    html = '<?xml version="1.0" encoding="utf-8"?><html><body><p>Hi there</p></body></html>'
    assert article_from_html(html).text == "Hi there"


def test_empty_pasted_html_is_refused() -> None:
    with pytest.raises(IntakeError, match=r"^pasted HTML: there is no text$"):
        article_from_html("<html><body><script>x()</script></body></html>")


def test_meta_charset_cp1251_file(tmp_path: Path) -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        "<title>Новости</title></head><body><p>Привет, мир!</p></body></html>"
    )
    path = tmp_path / "ru.html"
    path.write_bytes(html.encode("cp1251"))
    article = import_file(path)
    assert article.encoding == "cp1251"
    assert article.text == "Привет, мир!"
    assert article.title == "Новости"


def test_meta_charset_latin1_is_read_as_windows_1252(tmp_path: Path) -> None:
    html = '<meta charset="iso-8859-1"><p>Caf\xe9 \x93quoted\x94</p>'
    path = tmp_path / "fr.htm"
    path.write_bytes(html.encode("latin-1"))
    article = import_file(path)
    assert article.text == "Café “quoted”"
    assert article.encoding == "cp1252"


def test_bom_beats_a_wrong_meta_charset(tmp_path: Path) -> None:
    html = '<meta charset="windows-1251"><p>Überall “quotes”</p>'
    path = tmp_path / "bom.html"
    path.write_bytes(b"\xef\xbb\xbf" + html.encode("utf-8"))
    article = import_file(path)
    assert article.text == "Überall “quotes”"
    assert article.encoding == "utf-8-sig"


def test_wrong_meta_charset_falls_back_to_detection(tmp_path: Path) -> None:
    html = '<meta charset="utf-8"><p>Привет, мир! Это короткий текст.</p>'
    path = tmp_path / "liar.html"
    path.write_bytes(html.encode("cp1251"))
    article = import_file(path)
    assert article.text == "Привет, мир! Это короткий текст."
    assert article.encoding == "cp1251"


def test_html_file_without_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title>x</title></head><body>  </body></html>")
    with pytest.raises(IntakeError, match=r"^blank\.html: the file contains no text$"):
        import_file(path)


def test_a_paste_takes_the_html_form_unless_it_lost_most_of_the_text() -> None:
    from briefing.core.intake import IntakeError, article_from_paste

    body = "<p>" + "Ministers met on Tuesday and agreed a deal on the grid. " * 20 + "</p>"
    page = f"<html><head><title>Grid deal</title></head><body><article>{body}</article></body>"
    plain = "Ministers met on Tuesday and agreed a deal on the grid. " * 20
    assert article_from_paste(page, plain).source_kind == "paste-html"

    fragment = "<span>Ministers</span>"  # the copied HTML kept a word of a long passage
    pasted = article_from_paste(fragment, plain)
    assert pasted.source_kind == "paste-text" and pasted.text == plain.strip()

    with pytest.raises(IntakeError):
        article_from_paste("<div></div>", "")
