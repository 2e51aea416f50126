"""A local web site on 127.0.0.1 for the web tests and the web benchmark: real-shaped article
pages and feeds, and the misbehaving servers intake must survive (redirect loops, trickling
bodies, huge bodies, gzip bombs). Nothing here talks to any other address.
"""

from __future__ import annotations

import functools
import gzip
import json
import random
import sys
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Handler = Callable[[BaseHTTPRequestHandler], None]

_WORDS = [
    "minister",
    "government",
    "talks",
    "ceasefire",
    "border",
    "trade",
    "tariffs",
    "budget",
    "parliament",
    "vote",
    "coalition",
    "election",
    "summit",
    "alliance",
    "defence",
    "energy",
    "prices",
    "inflation",
    "bank",
    "rates",
    "sanctions",
    "exports",
    "harbour",
    "grain",
    "shipment",
    "drones",
    "frontline",
    "village",
    "mayor",
    "council",
    "protest",
    "reform",
    "court",
    "ruling",
    "agency",
    "report",
    "forecast",
    "growth",
    "deficit",
    "pension",
    "strike",
    "union",
    "wages",
    "rail",
    "airport",
    "storm",
    "flood",
    "harvest",
    "drought",
    "water",
    "supply",
    "hospital",
    "vaccine",
    "school",
    "teachers",
    "students",
    "police",
    "inquiry",
    "spokesman",
    "statement",
    "officials",
    "diplomats",
    "envoy",
    "negotiations",
    "treaty",
    "deadline",
    "package",
    "aid",
    "funding",
    "ministry",
    "oil",
    "gas",
    "pipeline",
    "reactor",
    "grid",
    "outage",
    "security",
    "cyber",
    "attack",
    "networks",
]


_SYLLABLES = ("ka", "lo", "mir", "ten", "vos", "dra", "pel", "su", "ron", "bi", "zek", "ma")


def story_text(seed: int, words: int = 260) -> list[str]:
    """Paragraphs of a made-up news story; the same seed gives the same story. Each story mixes
    the common news words with names of its own, so two stories differ as real ones do (and a
    near-duplicate check can tell them apart)."""
    rng = random.Random(seed)
    names = [
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))) for _ in range(40)
    ]
    vocabulary = [*_WORDS, *names]
    paragraphs = []
    left = words
    while left > 0:
        sentences = []
        for _ in range(rng.randint(2, 4)):
            count = rng.randint(8, 16)
            sentence = " ".join(rng.choice(vocabulary) for _ in range(count))
            sentences.append(sentence[0].upper() + sentence[1:] + ".")
            left -= count
        paragraphs.append(" ".join(sentences))
    return paragraphs


def article_page(
    title: str,
    paragraphs: list[str],
    *,
    author: str = "Jane Reporter",
    outlet: str = "The Daily Local",
    published: str = "2026-11-30",
    canonical: str = "",
    description: str = "",
    json_ld: bool = True,
    free: bool | None = None,
    lang: str = "en",
    charset_meta: str | None = "utf-8",
    extra_body: str = "",
) -> str:
    """A news article page as sites write them: header, nav, article, footer, scripts."""
    head = [f"<title>{escape(title)} | {escape(outlet)}</title>"]
    if charset_meta:
        head.insert(0, f'<meta charset="{charset_meta}">')
    head += [
        f'<meta property="og:title" content="{escape(title)}">',
        f'<meta property="og:site_name" content="{escape(outlet)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="article:published_time" content="{published}T07:00:00Z">',
        f'<meta name="author" content="{escape(author)}">',
    ]
    if description:
        head.append(f'<meta property="og:description" content="{escape(description)}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{escape(canonical)}">')
        head.append(f'<meta property="og:url" content="{escape(canonical)}">')
    if json_ld:
        data: dict[str, object] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": f"{published}T07:00:00Z",
            "author": [{"@type": "Person", "name": author}],
            "publisher": {"@type": "Organization", "name": outlet},
        }
        if description:
            data["description"] = description
        if free is not None:
            data["isAccessibleForFree"] = free
        head.append(f'<script type="application/ld+json">{json.dumps(data)}</script>')
    body = "".join(f"<p>{escape(p)}</p>\n" for p in paragraphs)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head>{"".join(head)}</head><body>'
        '<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>'
        f"<main><article><h1>{escape(title)}</h1>"
        f'<p class="byline">By {escape(author)}</p>\n{body}{extra_body}</article></main>'
        "<footer><p>Copyright The Daily Local</p></footer>"
        "<script>document.write('tracking')</script></body></html>"
    )


def rss_feed(title: str, items: list[tuple[str, str, str]], *, base: str) -> str:
    """RSS 2.0; items are (guid, link, title)."""
    entries = "".join(
        f"<item><guid>{escape(g)}</guid><link>{escape(link)}</link><title>{escape(t)}</title>"
        "<pubDate>Mon, 30 Nov 2026 07:00:00 GMT</pubDate></item>"
        for g, link, t in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{escape(base)}</link>{entries}</channel></rss>"
    )


def atom_feed(title: str, items: list[tuple[str, str, str]], *, base: str) -> str:
    entries = "".join(
        f'<entry><id>{escape(g)}</id><link rel="alternate" href="{escape(link)}"/>'
        f"<title>{escape(t)}</title><updated>2026-11-30T07:00:00Z</updated></entry>"
        for g, link, t in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>{escape(base)}</id>"
        f"<updated>2026-11-30T07:00:00Z</updated>{entries}</feed>"
    )


def rdf_feed(title: str, items: list[tuple[str, str, str]], *, base: str) -> str:
    """RSS 1.0 (RDF)."""
    entries = "".join(
        f'<item rdf:about="{escape(link)}"><title>{escape(t)}</title>'
        f"<link>{escape(link)}</link></item>"
        for _g, link, t in items
    )
    return (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/">'
        f'<channel rdf:about="{escape(base)}"><title>{escape(title)}</title>'
        f"<link>{escape(base)}</link></channel>{entries}</rdf:RDF>"
    )


def json_feed(title: str, items: list[tuple[str, str, str]], *, base: str) -> str:
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": base,
        "items": [
            {"id": g, "url": link, "title": t, "date_published": "2026-11-30T07:00:00Z"}
            for g, link, t in items
        ],
    })  # fmt: skip


@dataclass
class Response:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    last_modified: str = ""


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up is normal here (the fetcher drops a keep-alive connection with
    an error page's body unread, on purpose): no traceback on stderr, where it would land in
    whichever test happens to be capturing output at that moment."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class LocalSite:
    """A threaded HTTP server on 127.0.0.1 with a route table; records every request."""

    def __init__(self) -> None:
        self.routes: dict[str, Response | Handler] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        site = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                with site._lock:
                    site.requests.append((self.path, dict(self.headers.items())))
                route = site.routes.get(self.path.split("?", 1)[0])
                try:
                    if route is None:
                        site._send(self, Response(b"<h1>Not found</h1>", status=404))
                    elif isinstance(route, Response):
                        site._send(self, route)
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should with a slow or huge answer

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = _QuietServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> LocalSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> LocalSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def requests_for(self, path: str) -> list[dict[str, str]]:
        with self._lock:
            return [h for p, h in self.requests if p == path]

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, response: Response) -> None:
        if (response.etag and handler.headers.get("If-None-Match") == response.etag) or (
            response.last_modified
            and handler.headers.get("If-Modified-Since") == response.last_modified
        ):
            handler.send_response(304)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        handler.send_response(response.status)
        handler.send_header("Content-Type", response.content_type)
        handler.send_header("Content-Length", str(len(response.body)))
        if response.etag:
            handler.send_header("ETag", response.etag)
        if response.last_modified:
            handler.send_header("Last-Modified", response.last_modified)
        for name, value in response.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(response.body)

    # -- routes --------------------------------------------------------------------------

    def page(self, path: str, body: str | bytes, **kwargs: object) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Response(data, **kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        self.routes[path] = Response(b"", status=status, headers={"Location": to})
        return self.url(path)

    def slow(self, path: str, seconds_per_byte: float = 0.5, size: int = 10_000) -> str:
        def trickle(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.send_header("Content-Length", str(size))
            handler.end_headers()
            for _ in range(size):
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(seconds_per_byte)

        self.routes[path] = trickle
        return self.url(path)

    def huge(self, path: str, size: int, *, declare_length: bool = True) -> str:
        """`size` bytes of HTML, streamed (never held in memory); without a length header
        when `declare_length` is False, so only counting can stop it."""

        def stream(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            if declare_length:
                handler.send_header("Content-Length", str(size))
            else:
                handler.send_header("Connection", "close")
            handler.end_headers()
            block = b"<p>" + b"x" * 65_530 + b"</p>"
            sent = 0
            while sent < size:
                piece = block[: size - sent]
                handler.wfile.write(piece)
                sent += len(piece)
            handler.close_connection = True

        self.routes[path] = stream
        return self.url(path)

    def gzip_bomb(self, path: str, expanded: int = 2 * 1024**3) -> str:
        """A small gzip body that expands to `expanded` bytes (2 GB by default)."""
        body = gzip_bomb_bytes(expanded)
        self.routes[path] = Response(body, headers={"Content-Encoding": "gzip"})
        return self.url(path)

    def gzipped(self, path: str, body: str, **kwargs: object) -> str:
        headers = {"Content-Encoding": "gzip"}
        self.routes[path] = Response(
            gzip.compress(body.encode("utf-8")),
            headers=headers,
            **kwargs,  # type: ignore[arg-type]
        )
        return self.url(path)


@functools.lru_cache(maxsize=4)
def gzip_bomb_bytes(expanded: int) -> bytes:
    """Gzip of `expanded` zero bytes, built in pieces so the expanded form is never held."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\0" * (1024 * 1024)
    parts = [compressor.compress(zeros) for _ in range(expanded // len(zeros))]
    parts.append(compressor.flush())
    return b"".join(parts)


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)
