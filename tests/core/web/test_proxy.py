"""Fetching through an HTTP proxy: the environment's HTTP(S)_PROXY / NO_PROXY and the app's
own proxy setting, with the private-address check still made on the target host. The proxy
is a tiny one on 127.0.0.1 (tests/local_proxy.py) that records what it was asked."""

from __future__ import annotations

import base64
import socket
from collections.abc import Iterator

import pytest
from local_proxy import LocalProxy  # tests/local_proxy.py

from benchmarks.web_site import LocalSite
from briefing.core.web.fetcher import FetchError, FetchPolicy, fetch, proxy_for

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY")


@pytest.fixture(autouse=True)
def _no_proxy_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture
def proxy() -> Iterator[LocalProxy]:
    with LocalProxy() as running:
        yield running


def test_http_proxy_from_the_environment_is_used(
    site: LocalSite, proxy: LocalProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = site.page("/via", "<p>through the proxy</p>")
    monkeypatch.setenv("http_proxy", proxy.url)
    result = fetch(url)
    assert result.body == b"<p>through the proxy</p>"
    [(method, target, headers)] = proxy.requests
    assert (method, target) == ("GET", url)  # absolute form: the proxy makes the request
    assert headers["User-Agent"].startswith("BriefingBuilder/")
    assert len(site.requests_for("/via")) == 1


def test_no_proxy_sends_the_host_direct(
    site: LocalSite, proxy: LocalProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = site.page("/direct", "<p>direct</p>")
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    assert fetch(url).body == b"<p>direct</p>"
    assert proxy.requests == []


def test_the_setting_wins_over_the_environment(
    site: LocalSite, proxy: LocalProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = site.page("/set", "<p>set</p>")
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    assert fetch(url, policy=FetchPolicy(proxy=proxy.url)).body == b"<p>set</p>"
    assert [t for _, t, _ in proxy.requests] == [url]
    with LocalProxy() as other:
        monkeypatch.setenv("HTTP_PROXY", other.url)
        assert fetch(url, policy=FetchPolicy(proxy="direct")).body == b"<p>set</p>"
        assert other.requests == []


def test_a_private_target_is_refused_before_the_proxy_is_asked(
    proxy: LocalProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BRIEFING_ALLOW_PRIVATE_HOSTS", raising=False)
    with LocalSite() as site:
        url = site.page("/inside", "<p>intranet</p>")
        with pytest.raises(FetchError, match=r"refused: 127\.0\.0\.1 is a loopback address"):
            fetch(url, policy=FetchPolicy(proxy=proxy.url, allow_private=False))
        assert proxy.requests == [] and site.requests == []


def test_proxy_credentials_are_sent_and_never_shown(site: LocalSite) -> None:
    url = site.page("/auth", "<p>auth</p>")
    expected = "Basic " + base64.b64encode(b"analyst:s3cret").decode()
    with LocalProxy(password=expected) as guarded:
        address = f"http://analyst:s3cret@127.0.0.1:{guarded.port}"
        assert fetch(url, policy=FetchPolicy(proxy=address)).body == b"<p>auth</p>"
        sent = {name.lower(): value for name, value in guarded.requests[0][2].items()}
        assert sent["proxy-authorization"] == expected
        wrong = f"http://analyst:wrong@127.0.0.1:{guarded.port}"
        with pytest.raises(FetchError) as refused:
            fetch(url, policy=FetchPolicy(proxy=wrong))
    assert "407" in str(refused.value) and "wrong" not in str(refused.value)


def test_a_proxy_that_is_not_there_is_one_clear_error(site: LocalSite) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = site.page("/x", "<p>x</p>")
    with pytest.raises(FetchError, match="proxy") as failed:
        fetch(url, policy=FetchPolicy(proxy=f"127.0.0.1:{port}"))  # scheme-less: http
    assert "\n" not in str(failed.value)


def test_unusable_proxy_addresses_are_refused(site: LocalSite) -> None:
    url = site.page("/y", "<p>y</p>")
    for address in ("socks5://127.0.0.1:1080", "ftp://user:pw@127.0.0.1:21"):
        with pytest.raises(FetchError, match="not an http:// or https:// proxy") as refused:
            fetch(url, policy=FetchPolicy(proxy=address))
        assert "pw@" not in str(refused.value)


def test_which_proxy_for_which_scheme(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "proxy.example:3128")
    policy = FetchPolicy()
    assert proxy_for("u", "https", "news.example", policy) == "http://proxy.example:3128"
    assert proxy_for("u", "http", "news.example", policy) == ""  # only https was given
    monkeypatch.setenv("NO_PROXY", ".example")
    assert proxy_for("u", "https", "news.example", policy) == ""
