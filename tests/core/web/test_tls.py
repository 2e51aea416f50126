"""https: certificates are always verified, by the host's name, on the pinned address.

A test CA and a server certificate are made here (cryptography); the local server speaks TLS
with it on 127.0.0.1. Nothing leaves the machine."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from benchmarks.web_site import LocalSite
from briefing.core.web.fetcher import FetchError, FetchPolicy, fetch

_START = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
_END = dt.datetime(2090, 1, 1, tzinfo=dt.UTC)


def _name(text: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])


def _make_ca() -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder().subject_name(_name("Test CA")).issuer_name(_name("Test CA"))
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(_START).not_valid_after(_END)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    return key, cert


def _server_cert(ca_key, ca_cert, names: list[str]) -> tuple[bytes, bytes]:  # type: ignore[no-untyped-def]
    key = ec.generate_private_key(ec.SECP256R1())
    alt = [x509.DNSName(n) for n in names] + [x509.IPAddress(ipaddress.ip_address("127.0.0.2"))]
    cert = (
        x509.CertificateBuilder().subject_name(_name(names[0])).issuer_name(ca_cert.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(_START).not_valid_after(_END)
        .add_extension(x509.SubjectAlternativeName(alt), critical=False)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )  # fmt: skip
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


@pytest.fixture
def tls(tmp_path: Path, allow_local: None) -> Iterator[tuple[LocalSite, str]]:
    ca_key, ca_cert = _make_ca()
    ca_file = tmp_path / "ca.pem"
    ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    cert_pem, key_pem = _server_cert(ca_key, ca_cert, ["localhost"])
    (tmp_path / "server.pem").write_bytes(cert_pem + key_pem)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tmp_path / "server.pem")
    site = LocalSite()
    site._server.socket = context.wrap_socket(site._server.socket, server_side=True)
    site.page("/secure", "<p>secure page</p>")
    with site:
        yield site, str(ca_file)


def _https(site: LocalSite, host: str, path: str) -> str:
    return f"https://{host}:{site._server.server_address[1]}{path}"


def test_a_certificate_from_an_unknown_authority_is_refused(tls) -> None:  # type: ignore[no-untyped-def]
    site, _ca = tls
    with pytest.raises(FetchError, match=r"secure connection failed.*certificate verify failed"):
        fetch(_https(site, "localhost", "/secure"))


def test_a_trusted_certificate_for_the_name_is_accepted_on_the_pinned_address(tls) -> None:  # type: ignore[no-untyped-def]
    site, ca = tls
    # The connection goes to 127.0.0.1 (the checked address); the certificate is checked
    # against "localhost", the name in the link.
    result = fetch(_https(site, "localhost", "/secure"), policy=FetchPolicy(ca_certs=ca))
    assert result.body == b"<p>secure page</p>"


def test_a_trusted_certificate_for_another_name_is_refused(tls) -> None:  # type: ignore[no-untyped-def]
    site, ca = tls
    with pytest.raises(FetchError, match="secure connection failed"):
        fetch(_https(site, "127.0.0.1", "/secure"), policy=FetchPolicy(ca_certs=ca))


def test_https_through_a_proxy_is_a_tunnel_and_the_certificate_is_still_checked(tls) -> None:  # type: ignore[no-untyped-def]
    from local_proxy import LocalProxy  # tests/local_proxy.py

    site, ca = tls
    url = _https(site, "localhost", "/secure")
    with LocalProxy() as proxy:
        result = fetch(url, policy=FetchPolicy(ca_certs=ca, proxy=proxy.url))
        assert result.body == b"<p>secure page</p>"
        assert [(m, t) for m, t, _ in proxy.requests] == [
            ("CONNECT", f"localhost:{site._server.server_address[1]}")
        ]  # the proxy saw where, never what
        with pytest.raises(FetchError, match="secure connection failed"):
            fetch(url, policy=FetchPolicy(proxy=proxy.url))  # unknown CA: refused end to end
