"""The demo server: MIME types, precompressed files, caching, script injection and safety."""

from __future__ import annotations

import gzip
import http.client
import json
import os
from pathlib import Path

import pytest

SITE = Path(__file__).resolve().parents[2] / "demo_site" / "site"
IMMUTABLE = "public, max-age=31536000, immutable"
TAG = '<script async src="/kairos/kernel.0123abcd.js" integrity="sha384-abc"></script>'
PAGE = "<!doctype html><html><head><!--kairos:script--></head><body>hi</body></html>"


@pytest.fixture
def roots(tmp_path):
    """A tiny site and bundle, with a secret file next to them that must never be served."""
    site, bundle = tmp_path / "site", tmp_path / "bundle"
    (site / "sub").mkdir(parents=True)
    (bundle / "pyodide-0123abcd").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("top secret")
    (site / "index.html").write_text(PAGE)
    (site / "sub" / "page.html").write_text(PAGE)
    (site / "app.0123abcd.js").write_text("site js")
    (bundle / "manifest.json").write_text(json.dumps({"script_tag": TAG}))
    (bundle / "kernel.0123abcd.js").write_text("kernel raw")
    (bundle / "kernel.0123abcd.js.br").write_bytes(b"kernel brotli")
    (bundle / "kernel.0123abcd.js.gz").write_bytes(gzip.compress(b"kernel raw", mtime=0))
    (bundle / "only-gz.js").write_text("raw")
    (bundle / "only-gz.js.gz").write_bytes(gzip.compress(b"raw", mtime=0))
    (bundle / "pyodide-0123abcd" / "pyodide.asm.wasm").write_bytes(b"\0asm")
    (bundle / "loader.js").write_text("loader")
    return tmp_path


@pytest.mark.parametrize(("name", "mime"), [
    ("a.html", "text/html; charset=utf-8"), ("a.js", "text/javascript"),
    ("a.mjs", "text/javascript"), ("a.wasm", "application/wasm"),
    ("a.json", "application/json"), ("a.zip", "application/zip"),
    ("kairos-0.1.0-py3-none-any.whl", "application/zip"), ("a.svg", "image/svg+xml"),
    ("a.css", "text/css"), ("a.tar", "application/x-tar"), ("a.bin", "application/octet-stream"),
])
def test_mime_types(serve, tmp_path, name, mime, fetch):
    (tmp_path / name).write_bytes(b"x")
    status, headers, _ = fetch(serve(tmp_path), "/" + name)
    assert (status, headers["content-type"]) == (200, mime)
    assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(("accept", "coding", "body"), [
    ("gzip, deflate, br, zstd", "br", b"kernel brotli"),
    ("gzip", "gzip", gzip.compress(b"kernel raw", mtime=0)),
    ("br;q=0, gzip;q=0.8", "gzip", gzip.compress(b"kernel raw", mtime=0)),
    ("*", "br", b"kernel brotli"),
    ("identity", None, b"kernel raw"),
    ("", None, b"kernel raw"),
], ids=["br", "gzip", "br-refused", "star", "identity", "none"])
def test_precompressed_files(serve, roots, accept, coding, body, fetch):
    server = serve(roots / "site", roots / "bundle")
    status, headers, got = fetch(server, "/kairos/kernel.0123abcd.js", {"Accept-Encoding": accept})
    assert status == 200 and got == body
    assert headers.get("content-encoding") == coding
    assert headers["content-length"] == str(len(body))
    assert headers["content-type"] == "text/javascript"
    assert headers["vary"] == "Accept-Encoding"


def test_precompressed_falls_back_to_what_exists(serve, roots, fetch):
    server = serve(roots / "site", roots / "bundle")
    _, headers, body = fetch(server, "/kairos/only-gz.js", {"Accept-Encoding": "br, gzip"})
    assert headers["content-encoding"] == "gzip" and gzip.decompress(body) == b"raw"
    _, headers, body = fetch(server, "/kairos/loader.js", {"Accept-Encoding": "br, gzip"})
    assert "content-encoding" not in headers and body == b"loader"
    assert headers["vary"] == "Accept-Encoding"


@pytest.mark.parametrize(("path", "cache"), [
    ("/kairos/kernel.0123abcd.js", IMMUTABLE),
    ("/kairos/pyodide-0123abcd/pyodide.asm.wasm", IMMUTABLE),
    ("/kairos/manifest.json", "no-cache"),
    ("/kairos/loader.js", "no-cache"),
    ("/index.html", "no-cache"),
    ("/", "no-cache"),
    ("/app.0123abcd.js", "no-cache"),  # hashed names are immutable only in the bundle
])
def test_cache_headers(serve, roots, path, cache, fetch):
    status, headers, _ = fetch(serve(roots / "site", roots / "bundle"), path)
    assert status == 200
    assert headers["cache-control"] == cache


def test_bundle_files_allow_cross_origin_use(serve, roots, fetch):
    server = serve(roots / "site", roots / "bundle")
    assert fetch(server, "/kairos/loader.js")[1]["access-control-allow-origin"] == "*"
    assert "access-control-allow-origin" not in fetch(server, "/index.html")[1]


def test_etag_and_304(serve, roots, fetch):
    server = serve(roots / "site", roots / "bundle")
    status, headers, _ = fetch(server, "/kairos/loader.js")
    etag = headers["etag"]
    assert status == 200 and etag.startswith('"') and len(etag) > 10
    for inm in (etag, f"W/{etag}", f'"nope", {etag}', "*"):
        status, headers, body = fetch(server, "/kairos/loader.js", {"If-None-Match": inm})
        assert (status, body) == (304, b""), inm
        assert headers["etag"] == etag
    assert fetch(server, "/kairos/loader.js", {"If-None-Match": '"nope"'})[0] == 200
    (roots / "bundle" / "loader.js").write_text("loader v2")
    os.utime(roots / "bundle" / "loader.js", ns=(1, 1))  # a new mtime, whatever the clock says
    status, headers, body = fetch(server, "/kairos/loader.js", {"If-None-Match": etag})
    assert (status, body) == (200, b"loader v2") and headers["etag"] != etag


def test_encoded_variants_have_their_own_etags(serve, roots, fetch):
    server = serve(roots / "site", roots / "bundle")
    plain = fetch(server, "/kairos/kernel.0123abcd.js")[1]["etag"]
    br = fetch(server, "/kairos/kernel.0123abcd.js", {"Accept-Encoding": "br"})[1]["etag"]
    assert plain != br


def test_html_gets_the_manifest_script_tag(serve, roots, fetch):
    server = serve(roots / "site", roots / "bundle")
    for path in ("/", "/index.html", "/sub/page.html"):
        status, headers, body = fetch(server, path, {"Accept-Encoding": "gzip, br"})
        assert status == 200 and "content-encoding" not in headers
        assert body.decode() == PAGE.replace("<!--kairos:script-->", TAG)
        assert headers["content-length"] == str(len(body))


def test_manifest_is_reread_on_every_request(serve, roots, fetch):
    server = serve(roots / "site", roots / "bundle")
    first = fetch(server, "/")[1]["etag"]
    new_tag = TAG.replace("0123abcd", "fedcba98")
    (roots / "bundle" / "manifest.json").write_text(json.dumps({"script_tag": new_tag}))
    status, headers, body = fetch(server, "/", {"If-None-Match": first})
    assert status == 200 and new_tag in body.decode() and headers["etag"] != first


def test_no_injection_without_manifest_or_when_turned_off(serve, roots, fetch):
    server = serve(roots / "site", roots / "bundle")
    assert fetch(server, "/?kairos=off")[2].decode() == PAGE
    (roots / "bundle" / "manifest.json").unlink()
    assert fetch(server, "/")[2].decode() == PAGE
    assert fetch(serve(roots / "site"), "/")[2].decode() == PAGE


def test_bundle_prefix_is_configurable(serve, roots, fetch):
    server = serve(roots / "site", roots / "bundle", bundle_prefix="static/k")
    assert fetch(server, "/static/k/loader.js")[2] == b"loader"
    assert fetch(server, "/kairos/loader.js")[0] == 404


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/sub/../../secret.txt",
    "/sub/%2E%2E/%2e%2e/secret.txt",
    "/kairos/../../secret.txt", "/kairos/%2e%2e/secret.txt", "/..%2fsecret.txt",
    "/sub\\..\\..\\secret.txt", "/missing.html", "/kairos/missing.js",
])
def test_rejects_traversal_and_missing_files(serve, roots, path, fetch):
    status, _, body = fetch(serve(roots / "site", roots / "bundle"), path)
    assert status == 404 and b"secret" not in body


def test_rejects_symlinks_out_of_the_root(serve, roots, fetch):
    (roots / "site" / "link.txt").symlink_to(roots / "secret.txt")
    assert fetch(serve(roots / "site"), "/link.txt")[0] == 404


def test_records_requests(serve, roots, fetch):
    server = serve(roots / "site", roots / "bundle")
    fetch(server, "/kairos/loader.js?v=1", {"Accept-Encoding": "br", "X-Test": "yes"})
    fetch(server, "/nope.js", method="HEAD")
    first, second = server.requests.snapshot()
    assert first["method"] == "GET" and first["path"] == "/kairos/loader.js"
    assert first["query"] == "v=1" and first["status"] == 200
    assert first["headers"]["accept-encoding"] == "br" and first["headers"]["x-test"] == "yes"
    assert (second["method"], second["path"], second["status"]) == ("HEAD", "/nope.js", 404)
    assert server.requests.paths() == ["/kairos/loader.js", "/nope.js"]


def test_head_sends_headers_only(serve, roots, fetch):
    status, headers, body = fetch(serve(roots / "site"), "/index.html", method="HEAD")
    assert status == 200 and body == b"" and headers["content-length"] == str(len(PAGE))


def test_reload_token_endpoint(serve, roots, fetch):
    server = serve(roots / "site")
    status, headers, body = fetch(server, "/__kairos/reload")
    assert status == 200 and body.decode() == server.reload_token and server.reload_token
    assert headers["cache-control"] == "no-store"
    server.reload_token = "build-2"
    assert fetch(server, "/__kairos/reload")[2] == b"build-2"


def test_beacon_sink_validates_and_records_bodies(serve, roots, fetch):
    server = serve(roots / "site")
    status, _, body = fetch(server, "/__kairos/collect", {"Content-Type": "application/json"},
                            method="POST")
    assert (status, body) == (400, b"empty body: expected JSON lines, one event per line\n")
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request("POST", "/__kairos/collect", body=b'{"e":1}')
        response = conn.getresponse()
        assert (response.status, response.read()) == (400, b"line 1: `v` is missing\n")
    finally:
        conn.close()
    assert server.requests.snapshot()[-1]["body"] == b'{"e":1}'
    assert server.logged_events() == [], "without an events log nothing is kept"
    assert fetch(server, "/index.html", method="POST")[0] == 405


def test_the_sink_keeps_valid_batches_and_refuses_the_rest(serve, roots, tmp_path):
    """The server routes the sink to its collector (tests/demo/test_collector.py has the rules)."""
    from tests.demo.test_collector import event, lines, post

    log = tmp_path / "events" / "kairos-events.jsonl"
    server = serve(roots / "site", events_log=log)
    assert post(server, lines(event(), event(type="dismiss")))[0] == 204
    assert post(server, lines(event(), {"v": 1, "type": "exposure"}) + b"\nnot json")[0] == 400
    assert [e["type"] for e in server.logged_events()] == ["exposure", "dismiss"]
    assert [json.loads(line)["type"] for line in log.read_text(encoding="utf-8").splitlines()] == [
        "exposure", "dismiss"]


def test_with_the_sink_on_pages_name_it_on_the_tag(serve, roots, fetch, tmp_path):
    plain = fetch(serve(roots / "site", roots / "bundle"), "/index.html")[2].decode()
    assert "data-sink" not in plain
    body = fetch(serve(roots / "site", roots / "bundle", events_log=tmp_path / "e.jsonl"),
                 "/index.html")[2].decode()
    assert '<script data-sink="/__kairos/collect" ' in body


def test_csp_header_on_html_when_set(serve, roots, fetch):
    server = serve(roots / "site", roots / "bundle")
    assert "content-security-policy" not in fetch(server, "/")[1]
    server.csp = "script-src 'self' 'wasm-unsafe-eval'"
    assert fetch(server, "/")[1]["content-security-policy"] == server.csp
    assert "content-security-policy" not in fetch(server, "/kairos/loader.js")[1]


def test_server_url_and_real_site(serve, fetch):
    server = serve()
    assert server.url == f"http://127.0.0.1:{server.server_address[1]}"
    for page in sorted(SITE.rglob("*.html")):
        path = "/" + page.relative_to(SITE).as_posix()
        status, headers, body = fetch(server, path)
        assert status == 200 and headers["content-type"] == "text/html; charset=utf-8", path
        assert b"<!--kairos:script-->" in body  # no bundle: the placeholder stays
