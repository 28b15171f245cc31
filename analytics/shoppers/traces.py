"""Trace files: JSON Lines, a header with the pages, then one visitor's trace per line.

    {"kairos_traces": 1, "pages": {NAME: PAGE, ...}}
    {"visitor": 0, "shopper": "researcher", "device": "mobile", "start": ..., "timezone": ...,
     "steps": [...], "truth": {"sessions": [[start, end], ...],
                               "episodes": [[moment, start, end], ...],
                               "views": [[at, page type, moment|null], ...],
                               "conversions": [[event, at], ...]}}

Steps and pages are the raw-timeline format (docs/contracts.md); `truth` is optional (without it
a trace is one session and precision and recall are not measured).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from kairos_twin import TimelineError, check

VERSION = 1


class TracesError(ValueError):
    """A traces file that does not follow the format (`file:line: why`)."""


def write(path: str | Path, pages: dict, traces) -> int:
    """Write the header and every trace; returns the number of sessions written."""
    sessions = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(json.dumps({"kairos_traces": VERSION, "pages": pages}, separators=(",", ":")) + "\n")
        for trace in traces:
            record = trace.to_json() if hasattr(trace, "to_json") else trace
            sessions += len(record.get("truth", {}).get("sessions") or [1])
            out.write(json.dumps(record, separators=(",", ":")) + "\n")
    return sessions


def read(path: str | Path) -> tuple[dict, Iterator[dict]]:
    """(pages, traces): the header now, the traces as they are read (each checked)."""
    path = Path(path)
    try:
        handle = open(path, encoding="utf-8")  # noqa: SIM115 - closed by the generator below
    except OSError as error:
        raise TracesError(f"cannot read traces {path}: {error.strerror or error}") from None
    try:
        header = json.loads(handle.readline())
    except (json.JSONDecodeError, UnicodeDecodeError):
        header = None
    if not isinstance(header, dict) or header.get("kairos_traces") != VERSION \
            or not isinstance(header.get("pages"), dict):
        handle.close()  # not a traces file, whatever it is (CSV, a log, binary): said as such
        raise TracesError(f"{path}:1: not a traces file (its first line must be "
                          f'{{"kairos_traces": {VERSION}, "pages": {{...}}}})')
    pages = header["pages"]

    def traces() -> Iterator[dict]:
        with handle:
            for number, line in enumerate(handle, start=2):
                if not line.strip():
                    continue
                trace = _parse(line, path, number)
                try:
                    check(trace, pages)
                except TimelineError as error:
                    raise TracesError(f"{path}:{number}: {error}") from None
                truth = trace.get("truth")
                if truth is not None and not _truth_ok(truth):
                    raise TracesError(f"{path}:{number}: `truth` must hold lists "
                                      "(sessions, episodes, views, conversions)")
                yield trace

    return pages, traces()


def _parse(line: str, path: Path, number: int):
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        raise TracesError(f"{path}:{number}: not JSON ({error.msg} at column {error.colno})") from None


def _truth_ok(truth) -> bool:
    return isinstance(truth, dict) and all(isinstance(truth.get(k, []), list)
                                           for k in ("sessions", "episodes", "views", "conversions"))


def partitions(traces: Iterator[dict], size: int) -> Iterator[list]:
    """Traces in lists of about `size` sessions, as they are read."""
    part, weight = [], 0
    for trace in traces:
        part.append(trace)
        weight += len((trace.get("truth") or {}).get("sessions") or [1])
        if weight >= size:
            yield part
            part, weight = [], 0
    if part:
        yield part
