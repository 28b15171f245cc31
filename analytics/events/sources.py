"""Which events a file holds: the sink's log (JSON Lines, schema v1) or a GA4 BigQuery export
(`events_YYYYMMDD` rows as JSON Lines or Parquet), told from its first bytes and first line."""

from __future__ import annotations

import glob
import gzip
import json
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".jsonl", ".json", ".ndjson", ".parquet", ".jsonl.gz", ".json.gz", ".ndjson.gz")
FIRST_LINE_LIMIT = 1 << 20  # a GA4 row with many params is a few KB; a first line past 1 MB is not events


class EventsError(Exception):
    """Events that cannot be read: a one-line message for people (exit 2)."""


@dataclass(frozen=True)
class Source:
    path: Path
    kind: str  # "sink" or "ga4"
    container: str  # "jsonl" or "parquet"

    @property
    def label(self) -> str:
        return "sink log" if self.kind == "sink" else f"GA4 export ({self.container})"


def expand(paths: list[str]) -> list[Path]:
    """Files named, folders' event files, and quoted globs (events_*.json), in order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file() and p.name.endswith(SUFFIXES))
            if not inside:
                raise EventsError(f"{raw}: a folder with no event files ({', '.join(SUFFIXES[:4])})")
            files.extend(inside)
        elif path.exists():
            files.append(path)
        elif any(c in raw for c in "*?["):
            matched = sorted(Path(p) for p in glob.glob(raw) if Path(p).is_file())
            if not matched:
                raise EventsError(f"{raw}: no file matches")
            files.extend(matched)
        else:
            raise EventsError(f"{raw}: no such file")
    return files


def _first_line(path: Path, compressed: bool) -> bytes:
    opener = gzip.open if compressed else open
    try:
        with opener(path, "rb") as handle:
            while True:
                line = handle.readline(FIRST_LINE_LIMIT)
                if not line:
                    return b""
                if line.strip():
                    return line
    except (OSError, EOFError) as error:
        raise EventsError(f"{path}: cannot be read ({error})") from None


def detect(path: Path, kind: str | None = None) -> Source:
    """The Source of `path`; `kind` ("sink" or "ga4") skips the guess from the first line."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as error:
        raise EventsError(f"{path}: cannot be read ({error.strerror})") from None
    if not head:
        raise EventsError(f"{path}: empty file, no events")
    if head == b"PAR1":
        if kind == "sink":
            raise EventsError(f"{path}: a Parquet file; the sink's log is JSON Lines")
        return Source(path, "ga4", "parquet")
    line = _first_line(path, head[:2] == b"\x1f\x8b")
    if not line.strip():
        raise EventsError(f"{path}: empty file, no events")
    try:
        first = json.loads(line)
    except ValueError:
        raise EventsError(f"{path}: unknown format: neither JSON Lines nor Parquet") from None
    if not isinstance(first, dict):
        raise EventsError(f"{path}: unknown format: its first line is not a JSON object")
    if kind:
        return Source(path, kind, "jsonl")
    if "event_name" in first and "user_pseudo_id" in first:
        return Source(path, "ga4", "jsonl")
    if "type" in first and "v" in first:
        if first["v"] != 1:
            raise EventsError(f"{path}: events of schema version {json.dumps(first['v'])}; "
                              "this report reads version 1")
        return Source(path, "sink", "jsonl")
    raise EventsError(f"{path}: unknown format: neither the sink's events (v, type, rule, ...) "
                      "nor a GA4 export (event_name, user_pseudo_id, event_params, ...)")
