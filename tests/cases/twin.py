"""The raw-timeline case file (twin_cases.json): load it, run a timeline in the kernel's twin,
and compare two runs strictly (the first differing key is the message)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
CASES = json.loads((HERE / "twin_cases.json").read_text("utf-8"))
DROPPED = ("seq", "engine_ms")  # counters and timings: environmental, never compared


def pages() -> dict:
    """The case file's pages, each with its slots (the shared list unless it names its own)."""
    return {name: {"slots": CASES["slots"], "track": [], **page} for name, page in CASES["pages"].items()}


def timelines() -> list[dict]:
    return CASES["timelines"]


def epoch(timeline: dict) -> int:
    """The timeline's start in epoch ms."""
    from kairos_twin.timeline import epoch as start

    return start(timeline)


def rules_file(timeline: dict) -> Path:
    return HERE / timeline.get("rules", CASES["rules"])


@cache
def rule_set(path: Path):
    from analytics.simulate.engine import load_rules

    return load_rules([path])


def run_twin(timeline: dict, renderer, rules=None, on_pages: dict | None = None) -> dict:
    """{"updates": [...], "exposures": [...]} of `timeline` in the twin (JSON-normalized), with
    the case file's rules and pages unless given others."""
    from kairos_twin import Browser

    rules = rules or rule_set(rules_file(timeline))
    recorder = Browser(rules.config, rules.engines(renderer), on_pages or pages()).run(timeline)
    return normalize({"updates": recorder.updates, "exposures": recorder.exposures})


def normalize(run: dict) -> dict:
    """JSON as both sides send it, without per-process counters and timings."""
    run = json.loads(json.dumps(run))
    for record in run["updates"]:
        for part in record.values():
            for key in DROPPED:
                part.pop(key, None)
    return run


def first_difference(a, b, path: str = "") -> str | None:
    """Where `a` and `b` first differ, strictly (a bool is not a number; 1 equals 1.0, as in
    JSON), as `path: a != b`; None when equal."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b), key=str):
            if key not in a or key not in b:
                return f"{path}.{key}: {'missing' if key not in a else _short(a[key])} != " \
                       f"{'missing' if key not in b else _short(b[key])}"
            found = first_difference(a[key], b[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        for index, (x, y) in enumerate(zip(a, b, strict=False)):
            found = first_difference(x, y, f"{path}[{index}]")
            if found:
                return found
        if len(a) != len(b):
            longer = a if len(a) > len(b) else b
            return f"{path}: {len(a)} items != {len(b)} items (next: {_short(longer[min(len(a), len(b))])})"
        return None
    same_kind = (type(a) is bool) == (type(b) is bool)
    if same_kind and a == b and (a is None) == (b is None):
        return None
    return f"{path}: {_short(a)} != {_short(b)}"


def _short(value) -> str:
    text = json.dumps(value)
    return text if len(text) < 200 else text[:200] + "..."
