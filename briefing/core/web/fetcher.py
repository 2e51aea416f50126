"""Fetching one web resource safely: the only code in the app that opens a network connection.

What a page or a feed server can do to us is limited here, once, for every caller:
- only http and https; certificates always verified (no insecure fallback);
- the host is resolved first and every address it has is checked: loopback, private,
  link-local, multicast and reserved addresses are refused unless intranet sources are allowed
  (`FetchPolicy.allow_private` or BRIEFING_ALLOW_PRIVATE_HOSTS=1). The connection then goes to
  the address that was checked, so a second DNS answer cannot point it elsewhere (rebinding);
- one overall deadline for the whole fetch, redirects and slow trickling bodies included;
- at most `max_redirects` redirects, each target checked again like the first URL;
- a cap on the body counted after decompression, so a 2 GB response or a gzip bomb is cut off
  with a message instead of filling memory. We decompress ourselves (gzip/deflate only) with a
  bounded output size per step;
- conditional requests: a known ETag / Last-Modified turns an unchanged resource into a 304
  with no body;
- an HTTP(S) proxy when one is set (`FetchPolicy.proxy`, else HTTPS_PROXY / HTTP_PROXY /
  NO_PROXY from the environment): http through it, https tunnelled with CONNECT (the
  certificate is still checked end to end). The target's addresses are checked first all the
  same, so a proxy never becomes a way into the intranet; the proxy then resolves the name
  itself (proxies filter by name, and refuse CONNECT to bare addresses), so the pinning
  against rebinding is as good as the proxy's own resolver.
Nothing fetched is executed; callers get bytes and headers.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import ssl
import time
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import ProxyError as Urllib3ProxyError
from urllib3.exceptions import SSLError as Urllib3SSLError

from briefing import __version__
from briefing.core.errors import BriefingError

ALLOW_PRIVATE_ENV = "BRIEFING_ALLOW_PRIVATE_HOSTS"
USER_AGENT = f"BriefingBuilder/{__version__} (+news briefing tool; article and feed reader)"
DEFAULT_DEADLINE = 30.0  # seconds for one whole fetch, redirects included
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # decompressed body: far above any real article or feed
DEFAULT_MAX_REDIRECTS = 10
_CHUNK = 64 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(BriefingError):
    """A URL that could not be fetched; the message names the URL and the reason on one line."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


class FetchCancelled(Exception):
    """Raised when the caller's cancel check says stop; nothing is returned."""


def private_hosts_allowed() -> bool:
    return os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes")


@dataclass(frozen=True)
class FetchPolicy:
    deadline: float = DEFAULT_DEADLINE
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    allow_private: bool | None = None  # None: the environment decides
    ca_certs: str | None = None  # a CA bundle to trust instead of the default one (tests)
    # None: HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment decide; "direct": never
    # a proxy; else the proxy's address (http://host:port, credentials allowed), for both
    # http and https. NO_PROXY's hosts go direct either way.
    proxy: str | None = None

    def private_allowed(self) -> bool:
        return private_hosts_allowed() if self.allow_private is None else self.allow_private


@dataclass(frozen=True)
class Validators:
    """What the server said identifies the version we have: sent back to get a 304."""

    etag: str = ""
    last_modified: str = ""


@dataclass
class FetchResult:
    url: str  # the final URL, after redirects
    status: int
    body: bytes = b""
    content_type: str = ""  # the media type alone, lower case ("text/html")
    charset: str = ""  # the charset parameter of Content-Type, "" when none
    validators: Validators = field(default_factory=Validators)
    redirects: list[str] = field(default_factory=list)  # each URL we were sent on to

    @property
    def not_modified(self) -> bool:
        return self.status == 304


# progress(bytes_so_far, total_or_None); cancelled() -> True to stop.
Progress = Callable[[int, int | None], None]
Cancelled = Callable[[], bool]


def _refused_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """Why an address is not a public one, or "" when it is."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    for flag, name in (
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_unspecified", "unspecified"),
        ("is_private", "private"),
        ("is_reserved", "reserved"),
    ):
        if getattr(address, flag):
            return name
    return "" if address.is_global else "non-public"


def resolve(url: str, host: str, port: int, allow_private: bool) -> str:
    """The address to connect to for `host`: every address it resolves to is checked first, so
    a name that also points inside the network is refused as a whole."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(url, f"cannot resolve host {host!r} ({exc})") from None
    addresses = []
    for info in infos:
        text = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
        try:
            addresses.append(ipaddress.ip_address(text))
        except ValueError:
            raise FetchError(url, f"host {host!r} resolved to an odd address {text!r}") from None
    if not addresses:
        raise FetchError(url, f"host {host!r} has no address")
    if not allow_private:
        for address in addresses:
            why = _refused_address(address)
            if why:
                raise FetchError(
                    url,
                    f"refused: {host} is a {why} address ({address}); intranet sources are "
                    f"off (allow them in the settings or set {ALLOW_PRIVATE_ENV}=1)",
                )
    # Prefer IPv4: a machine without IPv6 routing otherwise waits for a time-out first.
    addresses.sort(key=lambda a: a.version)
    return str(addresses[0])


DIRECT = ("direct", "none", "off")


def proxy_for(url: str, scheme: str, host: str, policy: FetchPolicy) -> str:
    """The proxy to fetch `url` through ("" for a direct connection), with a scheme."""
    if policy.proxy is not None:
        chosen = policy.proxy.strip()
        if chosen.lower() in DIRECT:
            return ""
    else:
        chosen = urllib.request.getproxies_environment().get(scheme, "").strip()
    # NO_PROXY (urllib's own reading of it, as curl and requests do).
    if not chosen or urllib.request.proxy_bypass_environment(host):  # type: ignore[attr-defined]
        return ""
    if "://" not in chosen:
        chosen = "http://" + chosen  # how HTTP_PROXY=host:3128 is meant
    try:
        parsed = urllib3.util.parse_url(chosen)
    except ValueError:
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        shown = _hide_password(chosen)
        raise FetchError(url, f"the proxy {shown!r} is not an http:// or https:// proxy address")
    return chosen


def _hide_password(proxy: str) -> str:
    try:
        parsed = urllib3.util.parse_url(proxy)
    except ValueError:
        return "(unreadable)"
    if parsed.auth:
        user = parsed.auth.split(":", 1)[0]
        return parsed._replace(auth=f"{user}:***").url
    return proxy


def _split_target(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path+query) of an http(s) URL, or FetchError."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(url, f"not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f'"{scheme}:"' if scheme else "no scheme"
        raise FetchError(url, f"only http and https links can be fetched (this one has {shown})")
    host = parts.hostname or ""
    if not host:
        raise FetchError(url, "the link has no host name")
    if parts.username or parts.password:
        raise FetchError(url, "links with a user name or password are not fetched")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, host, port or (443 if scheme == "https" else 80), path


def _content_type(header: str) -> tuple[str, str]:
    message = Message()
    message["content-type"] = header or "application/octet-stream"
    charset = message.get_param("charset")
    return message.get_content_type(), str(charset).strip() if isinstance(charset, str) else ""


class _Decoder:
    """Content-Encoding undone in bounded steps: each step yields at most `limit` bytes more
    than the cap allows, so a bomb is detected after a few megabytes, not after gigabytes."""

    def __init__(self, encoding: str, url: str) -> None:
        encoding = encoding.strip().lower()
        self._wbits = 16 + zlib.MAX_WBITS
        if encoding in ("", "identity"):
            self._z = None
        elif encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(self._wbits)
        elif encoding == "deflate":
            self._wbits = 32 + zlib.MAX_WBITS
            self._z = zlib.decompressobj(self._wbits)  # zlib or gzip header
        else:
            raise FetchError(url, f"the server sent an unsupported encoding {encoding!r}")
        self._url = url

    def feed(self, data: bytes, room: int) -> bytes:
        """Decoded bytes of `data`, at most `room` + 1 of them (one more than fits = too big)."""
        if self._z is None:
            return data
        try:
            # Output stops at room + 1 bytes; the rest of the input waits in unconsumed_tail,
            # never to be expanded, because one byte over the cap already ends the fetch.
            out = self._z.decompress(data, room + 1)
            # A gzip body may be several members one after another: go on with the next.
            while self._z.eof and self._z.unused_data and len(out) <= room:
                rest = self._z.unused_data
                self._z = zlib.decompressobj(self._wbits)
                out += self._z.decompress(rest, room + 1 - len(out))
            return out
        except zlib.error as exc:
            raise FetchError(self._url, f"the compressed body is corrupt ({exc})") from None

    def finish(self, room: int) -> bytes:
        if self._z is None:
            return b""
        try:
            tail = self._z.flush()[: room + 1]
        except zlib.error as exc:
            raise FetchError(self._url, f"the compressed body is corrupt ({exc})") from None
        if not self._z.eof:
            raise FetchError(self._url, "the compressed body is corrupt (it ends early)")
        return tail


def _too_big(url: str, limit: int) -> FetchError:
    return FetchError(url, f"the response is larger than {limit // (1024 * 1024)} MB; not read")


def _ssl_context(policy: FetchPolicy) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=policy.ca_certs)
    if policy.ca_certs is None:
        try:
            import certifi

            context.load_verify_locations(certifi.where())
        except (ImportError, OSError):
            pass  # the system's store alone
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    return context


def _remaining(url: str, deadline: float, seconds: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(url, f"no complete answer within {seconds:g} s; gave up")
    return left


def fetch(
    url: str,
    *,
    policy: FetchPolicy | None = None,
    validators: Validators | None = None,
    accept: str = "*/*",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> FetchResult:
    """GET `url` under `policy`. 2xx and 304 are returned; everything else is a FetchError
    with the reason ("HTTP 404 Not Found", "too many redirects", "refused: … private address").
    """
    policy = policy or FetchPolicy()
    deadline = time.monotonic() + policy.deadline
    redirects: list[str] = []
    current = url.strip()
    while True:
        response = _request_once(current, policy, validators, accept, deadline)
        try:
            if response.status in _REDIRECTS:
                location = response.headers.get("location", "")
                if not location:
                    raise FetchError(current, f"HTTP {response.status} without a Location")
                if len(redirects) >= policy.max_redirects:
                    raise FetchError(url, f"more than {policy.max_redirects} redirects; gave up")
                current = urljoin(current, location.strip())
                redirects.append(current)
                continue
            if response.status == 304:
                return FetchResult(
                    current, 304, validators=validators or Validators(), redirects=redirects
                )
            if not 200 <= response.status < 300:
                reason = response.reason or ""
                raise FetchError(current, f"HTTP {response.status} {reason}".strip())
            body = _read_body(response, current, policy, deadline, progress, cancelled)
            media_type, charset = _content_type(response.headers.get("content-type", ""))
            return FetchResult(
                url=current,
                status=response.status,
                body=body,
                content_type=media_type,
                charset=charset,
                validators=Validators(
                    response.headers.get("etag", ""), response.headers.get("last-modified", "")
                ),
                redirects=redirects,
            )
        finally:
            response.release_conn()
            response.close()


def _request_once(
    url: str,
    policy: FetchPolicy,
    validators: Validators | None,
    accept: str,
    deadline: float,
) -> urllib3.BaseHTTPResponse:
    scheme, host, port, path = _split_target(url)
    proxy = proxy_for(url, scheme, host, policy)
    # Checked before anything is sent, through a proxy too.
    address = resolve(url, host, port, policy.private_allowed())
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": accept,
        "Accept-Encoding": "gzip, deflate",
        "Host": host if port in (80, 443) else f"{host}:{port}",
    }
    if validators and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    left = _remaining(url, deadline, policy.deadline)
    timeout = urllib3.Timeout(connect=min(left, 10.0), read=left)
    if proxy:
        return _through_proxy(url, proxy, scheme, host, port, path, headers, timeout, policy,
                              deadline)
    pool: urllib3.HTTPConnectionPool
    if scheme == "https":
        # Connect to the checked address; certificate and SNI still use the host's name.
        pool = urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=timeout,
            retries=False,
            ssl_context=_ssl_context(policy),
            server_hostname=host,
            assert_hostname=host,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)
    try:
        return pool.urlopen(
            "GET",
            path,
            headers=headers,
            redirect=False,
            retries=False,
            preload_content=False,
            decode_content=False,
            assert_same_host=False,
        )
    except Urllib3SSLError as exc:
        raise FetchError(url, f"the secure connection failed ({_short(exc)})") from None
    except (Urllib3Error, OSError) as exc:
        if time.monotonic() >= deadline:
            raise FetchError(
                url, f"no complete answer within {policy.deadline:g} s; gave up"
            ) from None
        raise FetchError(url, f"could not connect ({_short(exc)})") from None


def _through_proxy(
    url: str, proxy: str, scheme: str, host: str, port: int, path: str,
    headers: dict[str, str], timeout: urllib3.Timeout, policy: FetchPolicy, deadline: float,
) -> urllib3.BaseHTTPResponse:  # fmt: skip
    parsed = urllib3.util.parse_url(proxy)
    proxy_headers = urllib3.make_headers(proxy_basic_auth=parsed.auth) if parsed.auth else None
    context = _ssl_context(policy)
    manager = urllib3.ProxyManager(
        parsed._replace(auth=None).url, proxy_headers=proxy_headers, timeout=timeout,
        retries=False, ssl_context=context if scheme == "https" else None,
        proxy_ssl_context=context if parsed.scheme == "https" else None,
    )  # fmt: skip
    netloc = f"[{host}]" if ":" in host else host
    target = f"{scheme}://{netloc}:{port}{path}"
    try:
        return manager.urlopen(
            "GET", target, headers=headers, redirect=False, retries=False,
            preload_content=False, decode_content=False, assert_same_host=False,
        )  # fmt: skip
    except Urllib3SSLError as exc:
        raise FetchError(url, f"the secure connection failed ({_short(exc)})") from None
    except Urllib3ProxyError as exc:
        raise FetchError(
            url, f"the proxy {_hide_password(proxy)} failed ({_short(exc)})"
        ) from None
    except (Urllib3Error, OSError) as exc:
        if time.monotonic() >= deadline:
            raise FetchError(
                url, f"no complete answer within {policy.deadline:g} s; gave up"
            ) from None
        raise FetchError(url, f"could not connect through the proxy ({_short(exc)})") from None


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    reason = getattr(exc, "reason", None)
    if reason is not None:
        text = str(reason).strip() or text
    return text.splitlines()[0][:200]


def _read_body(
    response: urllib3.BaseHTTPResponse,
    url: str,
    policy: FetchPolicy,
    deadline: float,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> bytes:
    limit = policy.max_bytes
    declared = response.headers.get("content-length", "")
    total = int(declared) if declared.strip().isdigit() else None
    encoding = response.headers.get("content-encoding", "")
    if total is not None and total > limit and encoding.strip().lower() in ("", "identity"):
        raise _too_big(url, limit)
    decoder = _Decoder(encoding, url)
    pieces: list[bytes] = []
    size = 0
    while True:
        if cancelled is not None and cancelled():
            raise FetchCancelled(url)
        left = _remaining(url, deadline, policy.deadline)
        _set_read_timeout(response, left)
        try:
            # read1: whatever has arrived, so the deadline is checked between small reads
            chunk = response.read1(_CHUNK, decode_content=False)
        except (Urllib3Error, OSError) as exc:
            if time.monotonic() >= deadline:
                raise FetchError(
                    url, f"no complete answer within {policy.deadline:g} s; gave up"
                ) from None
            raise FetchError(url, f"the connection broke off ({_short(exc)})") from None
        decoded = decoder.feed(chunk, limit - size) if chunk else decoder.finish(limit - size)
        size += len(decoded)
        if size > limit:
            raise _too_big(url, limit)
        pieces.append(decoded)
        if not chunk:
            break
        if progress is not None:
            progress(size, total)
    return b"".join(pieces)


def _set_read_timeout(response: urllib3.BaseHTTPResponse, seconds: float) -> None:
    """Each read waits at most until the overall deadline: a server sending one byte a second
    cannot stretch the fetch past it."""
    connection = getattr(response, "connection", None)
    sock = getattr(connection, "sock", None)
    if sock is not None:
        sock.settimeout(max(seconds, 0.001))
