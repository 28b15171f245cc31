"""A plain static host for tests: `python -m http.server` (no compression, no .br/.gz
negotiation, no Range), optionally set up wrong the ways real hosts are, and counting the bytes
it really wrote per request.

    host = StaticHost(root, cors=True).start()     # root: the site with the bundle in kairos/
    host.sent("/kairos/")                          # {(method, path): bytes written}
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PLACEHOLDER = "<!--kairos:script-->"
HASHED = re.compile(r"[.-][0-9a-f]{8,}[./-]")


def site_with_bundle(site: Path, bundle: Path, root: Path, tag: str | None = None) -> Path:
    """A copy of `site` with `bundle` under kairos/ and the script tag pasted into every page,
    as a store deploys it; `tag` overrides the manifest's (e.g. a CDN's absolute URL)."""
    shutil.copytree(site, root)
    if bundle is not None:
        shutil.copytree(bundle, root / "kairos")
        tag = tag or json.loads((bundle / "manifest.json").read_text())["script_tag"]
    for page in root.rglob("*.html"):
        page.write_text(page.read_text(encoding="utf-8").replace(PLACEHOLDER, tag or ""), encoding="utf-8")
    return root


class _Counting:
    """The handler's wfile, counting what reached the socket."""

    def __init__(self, raw, count):
        self._raw, self._count = raw, count

    def write(self, data):
        written = self._raw.write(data)
        self._count(len(data))
        return written

    def __getattr__(self, name):
        return getattr(self._raw, name)


class _Handler(SimpleHTTPRequestHandler):
    host: StaticHost

    def log_message(self, *args) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        self.wfile = _Counting(self.wfile, self._count)

    def _count(self, n: int) -> None:
        key = (getattr(self, "command", None), getattr(self, "path", "?").split("?")[0])
        self.host.add(key, n)

    def handle(self) -> None:
        with contextlib.suppress(OSError):  # the browser left a response early
            super().handle()

    def guess_type(self, path) -> str:
        ext = Path(str(path)).suffix.lower()
        return self.host.types.get(ext) or super().guess_type(path)

    def end_headers(self) -> None:
        path = self.path.split("?")[0]
        if path.startswith("/kairos/"):
            if self.host.cors:
                self.send_header("Access-Control-Allow-Origin", "*")
            cache = self.host.hashed_cache if HASHED.search(path) else self.host.manifest_cache
            if cache:
                self.send_header("Cache-Control", cache)
        super().end_headers()


class StaticHost(ThreadingHTTPServer):
    """`root` served as files, on a free port, in a daemon thread."""

    daemon_threads = True

    def __init__(self, root: Path, *, cors: bool = False, types: dict[str, str] | None = None,
                 hashed_cache: str | None = "public, max-age=31536000, immutable",
                 manifest_cache: str | None = "no-cache") -> None:
        self.cors, self.types = cors, types or {}
        self.hashed_cache, self.manifest_cache = hashed_cache, manifest_cache
        self.lock = threading.Lock()
        self.bytes: dict[tuple, int] = {}
        handler = type("Handler", (_Handler,), {"host": self})
        super().__init__(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def add(self, key: tuple, n: int) -> None:
        with self.lock:
            self.bytes[key] = self.bytes.get(key, 0) + n

    def sent(self, prefix: str = "/") -> dict[tuple, int]:
        """Bytes written (headers and body) per (method, path) under `prefix`."""
        with self.lock:
            return {k: v for k, v in self.bytes.items() if k[1].startswith(prefix)}

    def clear(self) -> None:
        with self.lock:
            self.bytes.clear()

    def start(self) -> StaticHost:
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
