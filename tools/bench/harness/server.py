"""The demo server for a run (script tag injection, .br files, immutable hashed names) and what
it sent: body bytes per logged request, the bundle's traffic since the log was cleared."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from demo_site.server import ENCODINGS, accepted_encodings, make_server


@contextlib.contextmanager
def serving(site: Path, bundle: Path, isolated: bool = False) -> Iterator:
    """The demo server (script tag injection, .br files, immutable hashed names) on a free port.

    `isolated` adds COOP/COEP headers: a cross-origin-isolated page and worker get 5 us timers
    instead of 100 us ones, which the per-update engine figures need (engine.html only).
    """
    server = make_server(site, bundle)
    if isolated:
        class Isolated(server.RequestHandlerClass):
            def end_headers(self) -> None:
                self.send_header("Cross-Origin-Opener-Policy", "same-origin")
                self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
                super().end_headers()

        server.RequestHandlerClass = Isolated
    server.start()
    try:
        yield server
    finally:
        server.stop()


def sent_bytes(server, record: dict) -> int:
    """Body bytes the server sent for one logged request (the file it picked, as it picks)."""
    if record["status"] != 200 or record["method"] != "GET":
        return 0
    found = server.resolve(record["path"])
    if found is None:
        return 0
    path = found[0]
    accepted = accepted_encodings(record["headers"].get("accept-encoding", ""))
    for coding, suffix in ENCODINGS:
        sibling = path.with_name(path.name + suffix)
        if coding in accepted and sibling.is_file():
            return sibling.stat().st_size
    return path.stat().st_size


def bundle_traffic(server, prefix: str = "/kairos/") -> dict:
    """Requests for bundle files that reached the server since the log was cleared."""
    records = [r for r in server.requests.snapshot() if r["path"].startswith(prefix)]
    return {"requests": len(records), "bytes": sum(sent_bytes(server, r) for r in records),
            "not_modified": sum(1 for r in records if r["status"] == 304),
            "files": sorted(r["path"].rsplit("/", 1)[-1] for r in records)}
