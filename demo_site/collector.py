"""The demo server's event sink (`POST /__kairos/collect`): validates each batch of schema-v1
events and appends the batches it accepts to a JSON Lines log, durably (docs/contracts.md,
"The event collector")."""

from __future__ import annotations

import json
import math
import os
import re
import threading
from pathlib import Path

MAX_BODY = 64 * 1024  # sendBeacon's own quota per page: a larger body is not a beacon
MAX_EVENT = 8 * 1024  # one event line, in bytes (a conversion with many items stays well under)
MAX_DRAIN = 16 * 2**20  # an oversized body up to this is read and dropped, so the client gets its 400
MAX_TEXT = 256  # characters of a name, id or answer

TYPES = ("exposure", "click", "dismiss", "conversion", "answer")
PLACEMENTS = ("modal", "toast", "corner", "slot")
DEVICES = ("mobile", "tablet", "desktop")
EVENT_ID = re.compile(r"[0-9a-f]{16}\Z")
_NUMBER = (int, float)


class Rejected(ValueError):
    """A batch the collector refuses (HTTP 400); the message is one line."""


def _text(value: object, nullable: bool) -> bool:
    if value is None:
        return nullable
    return isinstance(value, str) and 0 < len(value) <= MAX_TEXT


def _number(value: object) -> bool:
    return isinstance(value, _NUMBER) and not isinstance(value, bool) and math.isfinite(value)


def _epoch_ms(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**53


# Common keys: (check, may the key be absent). A JS `undefined` drops its key from the JSON, so
# the keys whose value may be null may also be missing; the others are required.
COMMON = {
    "v": (lambda x: x == 1 and isinstance(x, int) and not isinstance(x, bool), False),
    "type": (lambda x: x in TYPES, False),
    "id": (lambda x: isinstance(x, str) and bool(EVENT_ID.match(x)), False),
    "ts": (_epoch_ms, False),
    "rule": (lambda x: _text(x, False), False),
    "snippet": (lambda x: _text(x, True), True),
    "variant": (lambda x: _text(x, True), True),
    "placement": (lambda x: x is None or x in PLACEMENTS, True),
    "slot": (lambda x: _text(x, True), True),
    "visitor": (lambda x: _text(x, False), False),
    "session": (lambda x: _text(x, True), True),
    "pageview": (lambda x: _text(x, True), True),
    "page_type": (lambda x: _text(x, True), True),
    "device": (lambda x: x is None or x in DEVICES, True),
    "returning": (lambda x: isinstance(x, bool), False),
    "qa": (lambda x: isinstance(x, bool), False),
    "product": (lambda x: x is None or _text(x, False) or (_number(x) and not isinstance(x, float)), True),
}


def _item(item: object) -> bool:
    return (isinstance(item, dict) and _number(item.get("quantity", 1)) and _number(item.get("price", 0))
            and (item.get("item_id") is None or _text(item["item_id"], False) or _number(item["item_id"])))


PER_TYPE = {
    "exposure": {"ahead": (lambda x: isinstance(x, bool), False)},
    "click": {"target": (lambda x: _text(x, False), False)},
    "dismiss": {},
    "answer": {"question": (lambda x: _text(x, False), False), "answer": (lambda x: _text(x, False), False)},
    "conversion": {
        "event": (lambda x: x in ("add_to_cart", "purchase"), False),
        "value": (_number, False),
        "currency": (lambda x: _text(x, True), True),
        "items": (lambda x: isinstance(x, list) and all(_item(i) for i in x), True),
        "transaction_id": (lambda x: _text(x, True), True),
        "exposure_ts": (lambda x: x is None or _epoch_ms(x), True),
    },
}


def problem(event: object) -> str | None:
    """What is wrong with one decoded event against schema v1, or None."""
    if not isinstance(event, dict):
        return "not a JSON object"
    kind = event.get("type")
    checks = {**COMMON, **PER_TYPE.get(kind, {})} if kind in TYPES else COMMON
    for key, (ok, optional) in checks.items():
        if key not in event:
            if not optional:
                return f"`{key}` is missing"
        elif not ok(event[key]):
            return f"`{key}` is {json.dumps(event[key])[:40]}" + ("" if key != "type" else
                                                                  f" (known: {', '.join(TYPES)})")
    return None


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def parse_batch(body: bytes) -> list[dict]:
    """The events of a request body (JSON lines); raises Rejected for the first problem."""
    if not body.strip():
        raise Rejected("empty body: expected JSON lines, one event per line")
    if len(body) > MAX_BODY:
        raise Rejected(f"body of {len(body):,} bytes: at most {MAX_BODY:,}")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Rejected(f"body is not UTF-8 (byte {error.start})") from None
    lines = [(n, line) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    events = []
    for number, line in lines:
        if len(line.encode("utf-8")) > MAX_EVENT:
            raise Rejected(f"line {number}: event over {MAX_EVENT:,} bytes")
        try:
            event = json.loads(line, parse_constant=_no_constants)
        except ValueError as error:
            raise Rejected(f"line {number}: not JSON ({str(error).split(':')[0]})") from None
        wrong = problem(event)
        if wrong:
            raise Rejected(f"line {number}: {wrong}")
        events.append(event)
    return events


def recover(path: Path) -> int:
    """Cut a trailing partial line (a crash mid-write); returns the bytes cut."""
    try:
        with path.open("rb+") as log:
            size = log.seek(0, os.SEEK_END)
            if size == 0:
                return 0
            # Read back in blocks to the last newline; whole lines end with one.
            end, block = size, 64 * 1024
            while end > 0:
                start = max(0, end - block)
                log.seek(start)
                chunk = log.read(end - start)
                cut = chunk.rfind(b"\n")
                if cut >= 0:
                    keep = start + cut + 1
                    break
                end = start
            else:
                keep = 0
            if keep < size:
                log.truncate(keep)
                os.fsync(log.fileno())
            return size - keep
    except FileNotFoundError:
        return 0


class Collector:
    """Validates batches and appends accepted ones to `path` (None: validate, store nothing).

    One write per batch, under a lock, on an O_APPEND descriptor, then fsync: a batch is in the
    log whole or not at all, and a crash can leave at most a partial last line, which the next
    start cuts. Events whose `id` was already logged are dropped (a retried beacon)."""

    def __init__(self, path: str | os.PathLike | None) -> None:
        self.path = Path(path) if path else None
        self.lock = threading.Lock()
        self.seen: set[str] = set()
        self.fd: int | None = None
        self.recovered = 0
        if self.path:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.recovered = recover(self.path)
            self.seen = {event["id"] for event in self.events() if isinstance(event.get("id"), str)}
            self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def accept(self, body: bytes) -> int:
        """Validate `body` and append its new events; returns how many were appended.
        Raises Rejected (nothing written) for a malformed or oversized body."""
        events = parse_batch(body)
        with self.lock:
            fresh, ids = [], set()
            for event in events:
                if event["id"] not in self.seen and event["id"] not in ids:
                    ids.add(event["id"])
                    fresh.append(json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n")
            if fresh and self.fd is not None:
                self._append("".join(fresh).encode("utf-8"))
            self.seen |= ids
        return len(fresh)

    def _append(self, data: bytes) -> None:
        fd = self.fd
        before = os.fstat(fd).st_size
        try:
            written = os.write(fd, data)
            while written < len(data):  # a short write (a full disk): finish it or undo it
                written += os.write(fd, data[written:])
            os.fsync(fd)
        except OSError:
            os.ftruncate(fd, before)
            raise

    def events(self) -> list[dict]:
        """The events in the log so far (tests read them)."""
        if not self.path or not self.path.exists():
            return []
        with self.lock:
            text = self.path.read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def close(self) -> None:
        with self.lock:
            if self.fd is not None:
                os.close(self.fd)
                self.fd = None


def read_body(rfile, length: int) -> bytes | None:
    """A request body of `length` bytes; None when it is over MAX_BODY (read and dropped up to
    MAX_DRAIN, so the client can read the 400; beyond that the connection is closed unread)."""
    if length <= MAX_BODY:
        return rfile.read(length) if length > 0 else b""
    left = length if length <= MAX_DRAIN else 0
    while left > 0:
        chunk = rfile.read(min(left, 64 * 1024))
        if not chunk:
            break
        left -= len(chunk)
    return None
