"""YAML values of `limit`, `cooldown`, `schedule`, `variants`, `holdout` -> their IR values.

`limit`:    `once per session`, `twice per day`, `3 per visitor`, `5 times per pageview`
            (periods: pageview, session, day, visitor), or a list of them.
`cooldown`: a duration such as `10m` (units ms, s, m, h, d).
`schedule`: `start`/`end` dates (YYYY-MM-DD, both days included), `days` (mon..sun),
            `hours` such as `"9-17"` (from 9:00 to 17:00, shopper's local time) or a list.
`variants`: name -> whole percent, adding up to 100%; the one named `control` is the control.
`holdout`:  a whole percent below 100%.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

from .errors import did_you_mean, one_of
from .lexer import UNIT_WORDS, UNITS
from .reader import NULL, SLUG, Reader
from .source import scalar_text
from .vocabulary import WEEKDAYS

PERIODS = ("pageview", "session", "day", "visitor")
SCHEDULE_KEYS = ("start", "end", "days", "hours")
_COUNTS = {"once": 1, "twice": 2, "thrice": 3}
_LIMIT = re.compile(r"\s*(once|twice|thrice|\d+(?:\s*times?)?)\s+per\s+(\S(?:.*\S)?)\s*\Z", re.I)
_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*\Z")
_PERCENT = re.compile(r"\s*(\d+(?:\.\d+)?)\s*%\s*\Z")
_HOURS = re.compile(r"\s*(\d{1,2})\s*-\s*(\d{1,2})\s*\Z")
_LIMIT_HELP = "`once per session`, `2 per day`, `3 per visitor` or `once per pageview`"
_FULL_DAYS = {d: d[:3] for d in ("monday", "tuesday", "wednesday", "thursday", "friday",
                                 "saturday", "sunday")}  # fmt: skip


def _items(r: Reader, node: yaml.Node, what: str) -> list[yaml.ScalarNode]:
    if isinstance(node, yaml.SequenceNode):
        return [s for item in node.value if (s := r.scalar(item, what)) is not None]
    s = r.scalar(node, what)
    if s is None or s.tag == NULL:
        return []
    return [s]


def limits(r: Reader, node: yaml.Node) -> list[dict]:
    out: dict[str, dict] = {}
    for s in _items(r, node, "a limit"):
        m = _LIMIT.match(s.value)
        if not m:
            r.error(s, f"cannot read the limit `{s.value}`; write it as {_LIMIT_HELP}")
            continue
        word, period = m.group(1).lower(), m.group(2).lower()
        count = _COUNTS.get(word) or int(re.match(r"\d+", word).group())
        period = "pageview" if period == "page view" else period
        if period not in PERIODS:
            hint = did_you_mean(period, PERIODS) or f" (expected {one_of(PERIODS)})"
            r.error(scalar_text(r.src, s).span(m.start(2), m.end(2)),
                    f"unknown period `{m.group(2)}` in the limit{hint}")
            continue
        if count < 1:
            r.error(s, "a limit's count must be at least 1; to switch a rule off, "
                       "write `enabled: false`")  # fmt: skip
            continue
        if period in out:
            r.error(s, f"two limits per {period}; keep one")
            continue
        out[period] = {"count": count, "per": period}
    return [out[p] for p in PERIODS if p in out]


def duration(r: Reader, s: yaml.ScalarNode, what: str) -> int | None:
    m = _DURATION.match(s.value)
    if not m:
        ex = f"{s.value.strip()}m" if re.fullmatch(r"\s*\d+\s*", s.value) else "10m"
        r.error(s, f"{what} must be a duration such as `{ex}`")
        return None
    num, unit = m.group(1), m.group(2)
    if unit not in UNITS:
        fix = UNIT_WORDS.get(unit.lower())
        hint = f"; did you mean `{num}{fix}`?" if fix else " (units: ms, s, m, h, d)"
        r.error(s, f"unknown unit `{unit}` in `{s.value.strip()}`{hint}")
        return None
    ms = float(num) * UNITS[unit]
    if not ms.is_integer():
        r.error(s, f"`{s.value.strip()}` is not a whole number of milliseconds")
        return None
    return int(ms)


def cooldown(r: Reader, node: yaml.Node) -> int | None:
    s = r.scalar(node, "`cooldown`")
    if s is None or s.tag == NULL:
        return None
    return duration(r, s, "`cooldown`")


def percent(r: Reader, s: yaml.ScalarNode, what: str) -> int | None:
    m = _PERCENT.match(s.value)
    if not m:
        ex = f"{s.value.strip()}%" if re.fullmatch(r"\s*\d+\s*", s.value) else "10%"
        r.error(s, f"{what} must be a percent such as `{ex}`")
        return None
    v = float(m.group(1))
    if not v.is_integer():
        r.error(s, f"{what} must be a whole percent, not `{s.value.strip()}`")
        return None
    if v > 100:
        r.error(s, f"{what} cannot be more than 100%")
        return None
    return int(v)


def holdout(r: Reader, node: yaml.Node) -> int | None:
    s = r.scalar(node, "`holdout`")
    if s is None:
        return None
    v = percent(r, s, "`holdout`")
    if v is not None and v >= 100:
        r.error(s, "a holdout of 100% shows the rule to nobody; use `enabled: false`")
        return None
    return v


def variants(r: Reader, knode: yaml.Node, node: yaml.Node) -> list[dict]:
    items = r.mapping(node, "`variants`")
    if items is None:
        return []
    out, total, broken = [], 0, False
    for name, kn, v in items:
        s = r.scalar(v, f"variant `{name}`")
        w = percent(r, s, f"the weight of `{name}`") if s is not None else None
        if not SLUG.match(name):
            r.error(kn, f"variant name `{name}` must be lowercase letters, digits, `-` and `_`")
            broken = True
        if w is None:
            broken = True
            continue
        total += w
        out.append({"name": name, "weight": w, "control": name == "control"})
    if broken:
        return out
    if len(out) < 2:
        r.error(knode, "an experiment needs at least two variants, as in "
                       "`variants: { control: 50%, new: 50% }`")  # fmt: skip
    elif total != 100:
        r.error(knode, f"variant weights add up to {total}%; they must add up to 100%")
    return out


def schedule(r: Reader, knode: yaml.Node, node: yaml.Node) -> dict | None:
    items = r.mapping(node, "`schedule`")
    if items is None:
        return None
    out: dict = {"start": None, "end": None, "days": list(WEEKDAYS), "hours": [[0, 24]]}
    dates: dict[str, tuple[dt.date, yaml.Node]] = {}
    for key, kn, v in items:
        if key in ("start", "end"):
            s = r.scalar(v, f"`{key}`")
            if s is None:
                continue
            try:
                d = dt.date.fromisoformat(s.value.strip())
            except ValueError:
                r.error(s, f"`{key}` must be a date such as `2025-01-31`, not `{s.value}`")
                continue
            out[key] = d.isoformat()
            dates[key] = (d, s)
        elif key == "days":
            out["days"] = _days(r, v) or out["days"]
        elif key == "hours":
            out["hours"] = _hours(r, v) or out["hours"]
        else:
            r.unknown_key(key, kn, SCHEDULE_KEYS, "`schedule`")
    if "start" in dates and "end" in dates and dates["start"][0] > dates["end"][0]:
        r.error(dates["end"][1], f"the schedule ends ({out['end']}) before it starts "
                                 f"({out['start']})")  # fmt: skip
    return out


def _days(r: Reader, node: yaml.Node) -> list[str]:
    got = set()
    for s in _items(r, node, "a day"):
        day = s.value.strip().lower()
        if day not in WEEKDAYS:
            fix = _FULL_DAYS.get(day)
            hint = f"; did you mean `{fix}`?" if fix else (
                did_you_mean(day, WEEKDAYS) or f" (expected {one_of(WEEKDAYS)})")
            r.error(s, f"unknown day `{s.value}`{hint}")
            continue
        got.add(day)
    return [d for d in WEEKDAYS if d in got]


def _hours(r: Reader, node: yaml.Node) -> list[list[int]]:
    out = []
    for s in _items(r, node, "hours"):
        m = _HOURS.match(s.value)
        if not m:
            r.error(s, f"cannot read the hours `{s.value}`; write a range such as `\"9-17\"`")
            continue
        a, b = int(m.group(1)), int(m.group(2))
        if a > 23 or b > 24:
            r.error(s, f"hours run from 0 to 24, not `{s.value.strip()}`")
        elif a >= b:
            r.error(s, f"`{s.value.strip()}` wraps past midnight or is empty; "
                       f"write two ranges such as `\"{a}-24\"` and `\"0-{b}\"`")  # fmt: skip
        else:
            out.append([a, b])
    return sorted(out)
