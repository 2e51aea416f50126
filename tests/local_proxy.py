"""A tiny HTTP proxy on 127.0.0.1 for tests: forwards GET (absolute-form) and tunnels CONNECT,
to loopback targets only, and records every request it was asked to make.

    with LocalProxy() as proxy:
        ... fetch with HTTP_PROXY=proxy.url ...
        proxy.requests  # [("GET", "http://127.0.0.1:PORT/a", headers), ("CONNECT", ...)]
"""

from __future__ import annotations

import http.client
import ipaddress
import select
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _Handler(BaseHTTPRequestHandler):
    server: _ProxyServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet tests

    def _record(self) -> bool:
        self.server.owner.requests.append((self.command, self.path, dict(self.headers.items())))
        needed = self.server.owner.password
        if needed and self.headers.get("Proxy-Authorization", "") != needed:
            self.send_response(407, "Proxy Authentication Required")
            self.send_header("Proxy-Authenticate", 'Basic realm="test"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return False
        return True

    def _refuse(self, why: str) -> None:
        body = why.encode()
        self.send_response(403, "Forbidden")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if not self._record():
            return
        target = urlsplit(self.path)
        if target.scheme != "http" or not _loopback(target.hostname or ""):
            self._refuse("this test proxy goes to loopback addresses only")
            return
        upstream = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=10)
        path = target.path + (f"?{target.query}" if target.query else "")
        headers = {k: v for k, v in self.headers.items()
                   if not k.lower().startswith("proxy-") and k.lower() != "connection"}
        upstream.request("GET", path or "/", headers=headers)
        answer = upstream.getresponse()
        body = answer.read()
        self.send_response(answer.status, answer.reason)
        for name, value in answer.getheaders():
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        upstream.close()

    def do_CONNECT(self) -> None:
        if not self._record():
            return
        host, _, port = self.path.rpartition(":")
        if not _loopback(host) or not port.isdigit():
            self._refuse("this test proxy goes to loopback addresses only")
            return
        upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=10)
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        sockets = [self.connection, upstream]
        try:
            while True:
                ready, _, _ = select.select(sockets, [], [], 10)
                if not ready:
                    break
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (upstream if sock is self.connection else self.connection).sendall(data)
        finally:
            upstream.close()
            self.close_connection = True


class _ProxyServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: LocalProxy

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client hanging up is normal
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class LocalProxy:
    def __init__(self, *, password: str = "") -> None:
        """`password`: the Proxy-Authorization header value it insists on (else 407)."""
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.password = password
        self._server = _ProxyServer(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LocalProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
