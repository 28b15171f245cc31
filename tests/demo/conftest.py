"""Fixtures for the demo storefront tests: a running demo server and raw HTTP requests."""

from __future__ import annotations

import http.client
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "demo_site" / "site"


def _fetch(server, path: str, headers: dict | None = None, method: str = "GET"):
    """One request sent exactly as given (no URL normalization); returns (status, headers, body)."""
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
    finally:
        conn.close()


@pytest.fixture
def fetch():
    """`fetch(server, path, headers=None, method="GET") -> (status, headers, body)`."""
    return _fetch


@pytest.fixture
def serve():
    """Start a demo server on a free port (`serve(site, bundle, ...)`); stopped after the test."""
    from demo_site.server import make_server

    started = []

    def start(site_dir=SITE, bundle_dir=None, **kwargs):
        server = make_server(site_dir, bundle_dir, **kwargs).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
