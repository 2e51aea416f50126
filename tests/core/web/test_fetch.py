"""The safe fetcher against a local server: limits, redirects, refusals, validators."""

from __future__ import annotations

import time
from typing import Any

import pytest

from benchmarks.web_site import LocalSite
from briefing.core.web.fetcher import (
    USER_AGENT,
    FetchCancelled,
    FetchError,
    FetchPolicy,
    Validators,
    fetch,
)


def test_fetch_returns_body_type_charset_and_validators(site: LocalSite) -> None:
    url = site.page(
        "/a", "<p>hello</p>", content_type="text/html; charset=windows-1251", etag='"v1"',
        last_modified="Mon, 30 Nov 2026 07:00:00 GMT",
    )  # fmt: skip
    result = fetch(url)
    assert result.status == 200
    assert result.body == b"<p>hello</p>"
    assert (result.content_type, result.charset) == ("text/html", "windows-1251")
    assert result.validators == Validators('"v1"', "Mon, 30 Nov 2026 07:00:00 GMT")
    assert site.requests_for("/a")[0]["User-Agent"] == USER_AGENT
    assert "BriefingBuilder" in USER_AGENT


def test_validators_turn_an_unchanged_resource_into_304(site: LocalSite) -> None:
    url = site.page("/feed", "<rss/>", etag='"abc"')
    result = fetch(url, validators=Validators(etag='"abc"'))
    assert result.not_modified and result.body == b""
    assert site.requests_for("/feed")[0]["If-None-Match"] == '"abc"'
    assert fetch(url, validators=Validators(etag='"old"')).body == b"<rss/>"


def test_gzip_bodies_are_decoded(site: LocalSite) -> None:
    url = site.gzipped("/z", "<p>compressed page</p>")
    assert fetch(url).body == b"<p>compressed page</p>"


def test_redirect_chain_is_followed_and_recorded(site: LocalSite) -> None:
    final = site.page("/final", "<p>arrived</p>")
    site.redirect("/r2", "/final", status=301)
    start = site.redirect("/r1", site.url("/r2"))
    result = fetch(start)
    assert result.body == b"<p>arrived</p>"
    assert result.url == final
    assert result.redirects == [site.url("/r2"), final]


def test_more_than_ten_redirects_are_refused(site: LocalSite) -> None:
    for n in range(12):
        site.redirect(f"/loop{n}", f"/loop{n + 1}")
    site.page("/loop12", "<p>too far</p>")
    with pytest.raises(FetchError, match="more than 10 redirects"):
        fetch(site.url("/loop0"))
    assert len(site.requests_for("/loop10")) == 1
    assert site.requests_for("/loop11") == []
    # Exactly ten is fine.
    assert fetch(site.url("/loop2")).body == b"<p>too far</p>"


def test_a_redirect_target_is_checked_again(site: LocalSite) -> None:
    site.redirect("/to-ftp", "ftp://127.0.0.1/file")
    with pytest.raises(FetchError, match="only http and https"):
        fetch(site.url("/to-ftp"))


def test_a_redirect_to_a_private_address_is_refused_when_intranet_is_off(
    site: LocalSite, monkeypatch: pytest.MonkeyPatch, network_guard: Any
) -> None:
    import ipaddress

    from briefing.core.web import fetcher as fetch_module

    # Let the test server's loopback address count as public; everything else is checked.
    real = fetch_module._refused_address
    monkeypatch.setattr(
        fetch_module, "_refused_address",
        lambda a: "" if a == ipaddress.ip_address("127.0.0.1") else real(a),
    )  # fmt: skip
    site.redirect("/inside", "http://10.1.2.3/admin")
    with pytest.raises(FetchError, match=r"refused: 10.1.2.3 is a private address"):
        fetch(site.url("/inside"), policy=FetchPolicy(allow_private=False))
    assert len(site.requests_for("/inside")) == 1  # the first hop was fetched
    assert "10.1.2.3" not in network_guard.connects  # the second never connected


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("10.0.0.5", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("[::1]", "loopback"),
        ("[::ffff:10.0.0.1]", "private"),
        ("0.0.0.0", "unspecified"),
    ],
)
def test_private_and_loopback_addresses_are_refused_by_default(
    address: str, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BRIEFING_ALLOW_PRIVATE_HOSTS", raising=False)
    import socket

    monkeypatch.setattr(
        socket, "getaddrinfo",
        lambda host, port, **kw: [(socket.AF_INET, socket.SOCK_STREAM, 6, "",
                                   (host.strip("[]"), port))],
    )  # fmt: skip
    with pytest.raises(FetchError, match=f"refused: .* {kind} address"):
        fetch(f"http://{address}/")


def test_a_name_with_one_private_address_among_public_ones_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import socket

    monkeypatch.delenv("BRIEFING_ALLOW_PRIVATE_HOSTS", raising=False)
    answers = [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80)),
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", 80)),
    ]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: answers)
    with pytest.raises(FetchError, match="private address"):
        fetch("http://news.example/story")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("ftp://127.0.0.1/x", "only http and https"),
        ("http:///nohost", "no host"),
        ("http://user:pw@127.0.0.1/", "user name or password"),
        ("http://127.0.0.1:99999/", "not a valid URL"),
    ],
)
def test_bad_links_are_refused_with_a_message(url: str, message: str, allow_local: None) -> None:
    with pytest.raises(FetchError, match=message):
        fetch(url)


@pytest.mark.parametrize(
    ("status", "text"), [(404, "HTTP 404"), (403, "HTTP 403"), (410, "HTTP 410")]
)
def test_error_statuses_are_failures(site: LocalSite, status: int, text: str) -> None:
    url = site.page("/e", "<p>no</p>", status=status)
    with pytest.raises(FetchError, match=text):
        fetch(url)


def test_a_slow_server_is_cut_off_at_the_overall_deadline(site: LocalSite) -> None:
    url = site.slow("/slow", seconds_per_byte=0.05)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"within 0\.5 s"):
        fetch(url, policy=FetchPolicy(deadline=0.5))
    # The body would take 500 s; a deadline per read (each byte comes within 0.05 s) would
    # never fire. The bound is loose on purpose: a busy machine must not fail it.
    assert time.monotonic() - started < 30


def test_a_body_over_the_cap_is_cut_off(site: LocalSite) -> None:
    url = site.huge("/big", 50 * 1024 * 1024)
    with pytest.raises(FetchError, match="larger than 20 MB"):
        fetch(url)


def test_an_endless_body_without_a_length_is_cut_off_by_counting(site: LocalSite) -> None:
    url = site.huge("/stream", 2 * 1024**3, declare_length=False)
    with pytest.raises(FetchError, match="larger than 1 MB"):
        fetch(url, policy=FetchPolicy(max_bytes=1024 * 1024))


def test_a_gzip_bomb_is_cut_off_after_a_few_megabytes(site: LocalSite) -> None:
    url = site.gzip_bomb("/bomb", expanded=256 * 1024 * 1024)
    with pytest.raises(FetchError, match="larger than 20 MB"):
        fetch(url)


def test_progress_is_reported_and_cancel_stops(site: LocalSite) -> None:
    url = site.huge("/medium", 3 * 1024 * 1024)
    seen: list[int] = []
    fetch(url, progress=lambda done, total: seen.append(done))
    assert seen[-1] == 3 * 1024 * 1024 and seen == sorted(seen)
    with pytest.raises(FetchCancelled):
        fetch(url, cancelled=lambda: True)


def test_unreachable_port_gives_one_line(allow_local: None) -> None:
    import socket

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    with pytest.raises(FetchError, match="could not connect") as info:
        fetch(f"http://127.0.0.1:{port}/")
    assert "\n" not in str(info.value)


def test_a_gzip_body_of_several_members_is_read_whole(site: LocalSite) -> None:
    import gzip

    from benchmarks.web_site import Response

    body = gzip.compress(b"<p>first half, ") + gzip.compress(b"second half</p>")
    site.routes["/members"] = Response(body, headers={"Content-Encoding": "gzip"})
    assert fetch(site.url("/members")).body == b"<p>first half, second half</p>"


def test_a_corrupt_gzip_body_is_a_clear_error(site: LocalSite) -> None:
    from benchmarks.web_site import Response

    broken = b"\x1f\x8b\x08\x00garbage"
    site.routes["/corrupt"] = Response(broken, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="compressed body is corrupt"):
        fetch(site.url("/corrupt"))


def test_an_error_page_left_unread_leaves_no_traceback_on_stderr(
    site: LocalSite, capsys: pytest.CaptureFixture[str]
) -> None:
    # The fetcher hangs up without reading a 404's body (on purpose); the test server then
    # sees its keep-alive connection reset. That used to print a traceback from the server's
    # thread into whichever test was capturing stderr just then (a CLI test counting lines).
    from benchmarks.web_site import Response

    site.routes["/big404"] = Response(b"x" * 100_000, status=404)
    for _ in range(3):
        with pytest.raises(FetchError, match="HTTP 404"):
            fetch(site.url("/big404"))
    time.sleep(0.3)  # the server's threads notice the reset
    assert "Traceback" not in capsys.readouterr().err
