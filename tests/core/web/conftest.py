"""Fixtures for the web tests: a local site on 127.0.0.1 and a guard that fails any other
connection, so no test can reach the internet even by mistake."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator

import pytest

from benchmarks.web_site import LocalSite
from briefing.core.web.fetcher import ALLOW_PRIVATE_ENV


class NetworkGuard:
    """Every name looked up and every address connected to, while the guard is on."""

    def __init__(self) -> None:
        self.lookups: list[str] = []
        self.connects: list[str] = []


def _is_loopback(host: object) -> bool:
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(str(host)).is_loopback
    except ValueError:
        return False


def _is_address(host: object) -> bool:
    try:
        ipaddress.ip_address(str(host))
    except ValueError:
        return False
    return True


@pytest.fixture(autouse=True)
def network_guard(monkeypatch: pytest.MonkeyPatch) -> NetworkGuard:
    guard = NetworkGuard()
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def getaddrinfo(host: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        guard.lookups.append(str(host))
        # A literal address needs no name server; any other name than localhost would.
        if not (_is_loopback(host) or _is_address(host)):
            raise AssertionError(f"test tried to resolve a non-loopback host: {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    def connect(self: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else address
        guard.connects.append(str(host))
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(host):
            raise AssertionError(f"test tried to connect to {address!r}")
        real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    return guard


@pytest.fixture
def allow_local(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "1")


@pytest.fixture
def site(allow_local: None) -> Iterator[LocalSite]:
    with LocalSite() as running:
        yield running
