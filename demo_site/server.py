"""Serve the demo storefront (and optionally a Kairos bundle) the way a real store and CDN would."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import secrets
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .collector import Collector, Rejected, read_body

PLACEHOLDER = "<!--kairos:script-->"
RELOAD_PATH = "/__kairos/reload"
LIVERELOAD_PATH = "/__kairos/livereload.js"
# `serve --watch`: an external script (strict-CSP friendly) that polls the reload token.
LIVERELOAD_JS = b"""(() => {
  let seen = null;
  const poll = () => fetch("/__kairos/reload", {cache: "no-store"}).then((r) => r.text()).then((t) => {
    if (seen !== null && t !== seen) location.reload();
    seen = t;
  }, () => {}).finally(() => setTimeout(poll, 1000));
  poll();
})();
"""
COLLECT_PATH = "/__kairos/collect"  # the event sink: a validating collector (collector.py)
MIME_TYPES = {
    ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
    ".wasm": "application/wasm", ".json": "application/json", ".map": "application/json",
    ".zip": "application/zip", ".whl": "application/zip", ".svg": "image/svg+xml",
    ".css": "text/css", ".tar": "application/x-tar", ".bin": "application/octet-stream",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp",
    ".ico": "image/x-icon", ".txt": "text/plain; charset=utf-8",
    ".br": "application/octet-stream", ".gz": "application/gzip",
}
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # in order of preference
IMMUTABLE = "public, max-age=31536000, immutable"
HASHED_NAME = re.compile(r"[.-][0-9a-f]{8,}[.-]")
HASHED_DIR = re.compile(r"[.-][0-9a-f]{8,}$")  # e.g. pyodide-0123abcd/
MAX_BODY = 64 * 1024


class RequestLog(list):
    """A list of request records that handler threads append to under a lock."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()

    def append(self, record: dict) -> None:
        with self.lock:
            super().append(record)

    def clear(self) -> None:
        with self.lock:
            super().clear()

    def snapshot(self) -> list[dict]:
        with self.lock:
            return list(self)

    def paths(self) -> list[str]:
        return [r["path"] for r in self.snapshot()]


def accepted_encodings(header: str) -> set[str]:
    """Codings named in Accept-Encoding (`*` expanded), minus those refused with q=0."""
    quality: dict[str, float] = {}
    for part in header.split(","):
        name, *params = (s.strip() for s in part.split(";"))
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if name:
            quality[name.lower()] = q
    star = quality.pop("*", 0.0)
    return {c for c, _ in ENCODINGS if quality.get(c, star) > 0}


def is_content_hashed(rel_path: str) -> bool:
    """True for bundle files whose name or folder carries a content hash."""
    *dirs, name = rel_path.split("/")
    return bool(HASHED_NAME.search(name)) or any(HASHED_DIR.search(d) for d in dirs)


def etag_matches(header: str, etag: str) -> bool:
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


class DemoHandler(BaseHTTPRequestHandler):
    """GET/HEAD for static files, the reload token and the beacon sink."""

    protocol_version = "HTTP/1.1"
    server: DemoServer

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def _record(self, body: bytes | None = None) -> dict:
        parts = urlsplit(self.path)
        record = {"method": self.command, "path": parts.path, "query": parts.query,
                  "headers": {k.lower(): v for k, v in self.headers.items()}, "status": None}
        if body is not None:
            record["body"] = body
        self.server.requests.append(record)
        return record

    def do_HEAD(self) -> None:
        self._get(head=True)

    def do_GET(self) -> None:
        self._get(head=False)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if urlsplit(self.path).path == COLLECT_PATH:
            return self._collect(length)
        body = self.rfile.read(min(length, MAX_BODY)) if length else b""
        if length > MAX_BODY:
            self.close_connection = True  # the rest of the body is left unread
        self._send(self._record(body), HTTPStatus.METHOD_NOT_ALLOWED, b"method not allowed\n",
                   {"Content-Type": "text/plain; charset=utf-8", "Allow": "GET, HEAD"})

    def _collect(self, length: int) -> None:
        """The sink: 204 when the batch was accepted, 400 with the reason (nothing kept) if not."""
        body = read_body(self.rfile, length)
        record = self._record(body if body is not None else b"")
        try:
            if body is None:
                self.close_connection = True  # what was not read stays unread
                raise Rejected(f"body of {length:,} bytes: at most {MAX_BODY:,}")
            self.server.collector.accept(body)
        except Rejected as error:
            return self._send(record, HTTPStatus.BAD_REQUEST, f"{error}\n".encode(),
                              {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"})
        self._send(record, HTTPStatus.NO_CONTENT, b"", {"Cache-Control": "no-store"})

    def _get(self, head: bool) -> None:
        record = self._record()
        url = urlsplit(self.path)
        if url.path == RELOAD_PATH:
            body = str(self.server.reload_token).encode()
            headers = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
            return self._send(record, HTTPStatus.OK, body, headers, head)
        if url.path == LIVERELOAD_PATH and self.server.live_reload:
            headers = {"Content-Type": "text/javascript", "Cache-Control": "no-store"}
            return self._send(record, HTTPStatus.OK, LIVERELOAD_JS, headers, head)
        found = self.server.resolve(url.path)
        if found is None:
            return self._not_found(record, head)
        path, in_bundle, rel = found
        headers = {"Vary": "Accept-Encoding", "X-Content-Type-Options": "nosniff",
                   "Content-Type": MIME_TYPES.get(path.suffix.lower(), "application/octet-stream")}
        if path.suffix.lower() == ".html":
            body = path.read_bytes()
            if parse_qs(url.query).get("kairos") != ["off"]:
                body = self.server.inject(body)
            if self.server.csp:
                headers["Content-Security-Policy"] = self.server.csp
        else:
            body = self._maybe_precompressed(path, headers)
        if in_bundle:
            headers["Access-Control-Allow-Origin"] = "*"  # as a CDN would, for crossorigin SRI
        immutable = in_bundle and is_content_hashed(rel)
        headers["Cache-Control"] = IMMUTABLE if immutable else "no-cache"
        etag = '"' + self.server.digest(path, body, headers.get("Content-Encoding")) + '"'
        headers["ETag"] = etag
        inm = self.headers.get("If-None-Match")
        if inm and etag_matches(inm, etag):
            return self._send(record, HTTPStatus.NOT_MODIFIED, b"", headers, head=True,
                              length=False)
        self._send(record, HTTPStatus.OK, body, headers, head)

    def _maybe_precompressed(self, path: Path, headers: dict) -> bytes:
        accepted = accepted_encodings(self.headers.get("Accept-Encoding", ""))
        for coding, suffix in ENCODINGS:
            sibling = path.with_name(path.name + suffix)
            if coding in accepted and sibling.is_file():
                headers["Content-Encoding"] = coding
                return sibling.read_bytes()
        return path.read_bytes()

    def _not_found(self, record: dict, head: bool) -> None:
        self._send(record, HTTPStatus.NOT_FOUND, b"not found\n",
                   {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}, head)

    def _send(self, record: dict, status: HTTPStatus, body: bytes, headers: dict,
              head: bool = False, length: bool = True) -> None:
        record["status"] = int(status)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


class DemoServer(ThreadingHTTPServer):
    """The storefront at `/`, an optional bundle under `bundle_prefix`, and a request log."""

    daemon_threads = True
    # socketserver's default backlog of 5 resets connections when a burst of beacons (or a page's
    # parallel fetches) arrives at once; a real server's listen queue is far longer.
    request_queue_size = 128

    def __init__(self, site_dir: Path, bundle_dir: Path | None, bundle_prefix: str,
                 address: tuple[str, int], verbose: bool = False) -> None:
        self.site_dir = Path(site_dir).resolve()
        self.bundle_dir = Path(bundle_dir).resolve() if bundle_dir else None
        self.bundle_prefix = "/" + bundle_prefix.strip("/") + "/"
        self.verbose = verbose
        self.requests = RequestLog()
        self.reload_token = secrets.token_hex(6)
        self.live_reload = False  # `build.py serve --watch` turns it on
        self.csp: str | None = None  # set to send a Content-Security-Policy on HTML pages
        # The event sink: with `sink` on, pages get data-sink="/__kairos/collect" on the Kairos
        # tag; the collector validates what they send and, with an events log, keeps it.
        self.sink = False
        self.collector = Collector(None)  # make_server(events_log=) keeps what it accepts
        self._digests: dict[tuple, str] = {}
        self._thread: threading.Thread | None = None
        super().__init__(address, DemoHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def resolve(self, url_path: str) -> tuple[Path, bool, str] | None:
        """Map a URL path to (file, is_bundle_file, path relative to its root), or None."""
        path = unquote(url_path)
        if "\\" in path or "\0" in path or any(s in ("..", ".") for s in path.split("/")):
            return None
        root, rel, in_bundle = self.site_dir, path.lstrip("/"), False
        if self.bundle_dir and (path + "/").startswith(self.bundle_prefix):
            root, rel, in_bundle = self.bundle_dir, path[len(self.bundle_prefix):], True
        target = (root / rel).resolve()
        if target != root and root not in target.parents:
            return None
        if target.is_dir():
            target, rel = target / "index.html", (rel.rstrip("/") + "/index.html").lstrip("/")
        return (target, in_bundle, rel) if target.is_file() else None

    def script_tag(self) -> str | None:
        """The current manifest's script tag, re-read each time (rebuilds change it)."""
        if not self.bundle_dir:
            return None
        try:
            manifest = json.loads((self.bundle_dir / "manifest.json").read_text(encoding="utf-8"))
            tag = manifest["script_tag"]
            return tag if isinstance(tag, str) else None
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def inject(self, html: bytes) -> bytes:
        tag = self.script_tag()
        if tag is None:
            return html
        if self.sink:
            tag = tag.replace("<script ", f'<script data-sink="{COLLECT_PATH}" ', 1)
        if self.live_reload:
            tag += f'<script src="{LIVERELOAD_PATH}" defer></script>'
        return html.replace(PLACEHOLDER.encode(), tag.encode("utf-8"), 1)

    def digest(self, path: Path, body: bytes, encoding: str | None) -> str:
        """A sha256-based ETag value, cached per file version for static files."""
        if path.suffix.lower() == ".html":
            return hashlib.sha256(body).hexdigest()[:32]
        st = path.stat()
        key = (str(path), encoding, st.st_mtime_ns, st.st_size)
        if key not in self._digests:
            self._digests[key] = hashlib.sha256(body).hexdigest()[:32]
        return self._digests[key]

    def handle_error(self, request: object, client_address: object) -> None:
        if self.verbose:  # clients that hang up mid-response are normal in browser tests
            super().handle_error(request, client_address)

    def start(self) -> DemoServer:
        """Serve in a daemon thread; returns self."""
        # A short poll interval makes stop() quick (shutdown waits for the next poll).
        self._thread = threading.Thread(target=self.serve_forever, args=(0.05,),
                                        name="demo-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving (if started) and close the listening socket."""
        if self._thread:
            self.shutdown()
            self._thread.join()
            self._thread = None
        self.server_close()
        self.collector.close()

    def logged_events(self) -> list[dict]:
        """The events the sink has logged so far (tests read them)."""
        return self.collector.events()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def make_server(site_dir: str | os.PathLike, bundle_dir: str | os.PathLike | None = None,
                bundle_prefix: str = "/kairos/", host: str = "127.0.0.1", port: int = 0,
                verbose: bool = False, events_log: str | os.PathLike | None = None) -> DemoServer:
    """A DemoServer bound to host:port (0 picks a free port); call .start() or .serve_forever().
    With `events_log`, pages carry the event sink and the events it accepts are appended there."""
    server = DemoServer(Path(site_dir), Path(bundle_dir) if bundle_dir else None, bundle_prefix,
                        (host, port), verbose=verbose)
    if events_log:
        server.sink, server.collector = True, Collector(events_log)
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--site", default=str(Path(__file__).resolve().parent / "site"))
    parser.add_argument("--bundle", metavar="DIR", help="a built Kairos bundle (dist/) to serve")
    parser.add_argument("--prefix", default="/kairos/", help="URL path of the bundle")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    parser.add_argument("--events", metavar="FILE",
                        help="turn the event sink on and append its events to FILE (JSON lines)")
    args = parser.parse_args(argv)
    server = make_server(args.site, args.bundle, args.prefix, args.host, args.port, args.verbose,
                         events_log=args.events)
    print(f"Northwind demo store at {server.url}/", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
