"""The YAML of `schedule:` -> its IR value: dates, weekdays and hours, each mistake with its fix.

`start`/`end`: dates written year-month-day (`2025-01-31`), both days included;
`days`: a list of `mon` .. `sun`; `hours`: a range of whole hours such as `"9-17"` (from 9:00
to 17:00, the shopper's local time) or a list of ranges.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

import yaml

from .caps import items
from .errors import did_you_mean, one_of
from .reader import Reader
from .vocabulary import WEEKDAYS

SCHEDULE_KEYS = ("start", "end", "days", "hours")
_HOURS = re.compile(r"\s*(\d{1,2})\s*-\s*(\d{1,2})\s*\Z")
_CLOCK = re.compile(r"\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*(?:-|to|until|\u2013)\s*"
                    r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*\Z", re.I)  # fmt: skip
_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\Z")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\Z")
_FULL_DAYS = {d: d[:3] for d in ("monday", "tuesday", "wednesday", "thursday", "friday",
                                 "saturday", "sunday")}  # fmt: skip
_DAY_SETS = {"weekend": ["sat", "sun"], "weekends": ["sat", "sun"],
             "weekday": list(WEEKDAYS[:5]), "weekdays": list(WEEKDAYS[:5]),
             "workdays": list(WEEKDAYS[:5])}  # fmt: skip


def schedule(r: Reader, knode: yaml.Node, node: yaml.Node) -> dict | None:
    pairs = r.mapping(node, "`schedule`")
    if pairs is None:
        return None
    out: dict = {"start": None, "end": None, "days": list(WEEKDAYS), "hours": [[0, 24]]}
    dates: dict[str, tuple[dt.date, yaml.Node]] = {}
    for key, kn, v in pairs:
        if key in ("start", "end"):
            s = r.scalar(v, f"`{key}`")
            d = _date(r, key, s) if s is not None else None
            if d is not None:
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
                                 f"({out['start']}); swap `start` and `end`")  # fmt: skip
    return out


def _date(r: Reader, key: str, s: yaml.ScalarNode) -> dt.date | None:
    text = s.value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    m = _YMD.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        if not 1 <= mo <= 12:
            r.error(s, f"`{text}` has no month {mo}; write the date year-month-day, "
                       "such as `2025-01-31`")  # fmt: skip
        elif d < 1 or d > calendar.monthrange(y, mo)[1]:
            n = calendar.monthrange(y, mo)[1]
            r.error(s, f"`{text}` is not a day of the calendar: "
                       f"{calendar.month_name[mo]} {y} has {n} days")  # fmt: skip
        else:
            r.error(s, f"write the date year-month-day with two-digit months and days: "
                       f"`{y:04d}-{mo:02d}-{d:02d}`")  # fmt: skip
        return None
    m = _DMY.match(text)
    if m:
        a, b, y = (int(g) for g in m.groups())
        readings = [(mo, d) for d, mo in ((a, b), (b, a)) if _real(y, mo, d)]
        shown = [f"`{y:04d}-{mo:02d}-{d:02d}` ({d} {calendar.month_name[mo]})"
                 for mo, d in dict.fromkeys(readings)]  # fmt: skip
        if shown:
            r.error(s, f"write the date year-month-day: {' or '.join(shown)}")
            return None
    r.error(s, f"`{key}` must be a date written year-month-day, such as `2025-01-31`, "
               f"not `{s.value}`")  # fmt: skip
    return None


def _real(y: int, mo: int, d: int) -> bool:
    return 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]


def _days(r: Reader, node: yaml.Node) -> list[str]:
    got = set()
    for s in items(r, node, "a day"):
        day = s.value.strip().lower()
        if day in WEEKDAYS:
            got.add(day)
            continue
        r.error(s, _day_fix(s.value.strip(), day))
    return [d for d in WEEKDAYS if d in got]


def _day_fix(text: str, day: str) -> str:
    if day in _DAY_SETS:
        return f"write the days as a list: `days: [{', '.join(_DAY_SETS[day])}]`"
    if day in ("every day", "daily", "all", "everyday"):
        return "leave `days` out: a schedule holds every day unless `days` names some"
    parts = [p.strip()[:3] for p in re.split(r"\s*(?:-|to|\u2013)\s*", day)]
    if len(parts) == 2 and all(p in WEEKDAYS for p in parts):
        a, b = WEEKDAYS.index(parts[0]), WEEKDAYS.index(parts[1])
        span = WEEKDAYS[a : b + 1] if a <= b else (*WEEKDAYS[a:], *WEEKDAYS[: b + 1])
        return f"write the days as a list: `days: [{', '.join(span)}]`"
    listed = [p.strip()[:3] for p in day.split(",")]
    if len(listed) > 1 and all(p in WEEKDAYS for p in listed):
        return f"write the days as a list: `days: [{', '.join(listed)}]`"
    fix = _FULL_DAYS.get(day)
    hint = f"; did you mean `{fix}`?" if fix else (
        did_you_mean(day, WEEKDAYS) or f" (expected {one_of(WEEKDAYS)})")
    return f"unknown day `{text}`{hint}"


def _hours(r: Reader, node: yaml.Node) -> list[list[int]]:
    out = []
    for s in items(r, node, "hours"):
        text = s.value.strip()
        m = _HOURS.match(text)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
        else:
            clock = _clock(text)
            if clock is None:
                r.error(s, f"cannot read the hours `{text}`; write a range of whole hours "
                           'such as `"9-17"`')  # fmt: skip
                continue
            a, b = clock
            if 0 <= a < b <= 24:
                r.error(s, f'write the hours as a range of whole hours: `"{a}-{b}"`')
                continue
        if a > 23 or b > 24:
            r.error(s, f"hours run from 0 to 24, not `{text}`")
        elif a == b:
            r.error(s, f"`{text}` is an empty range; write a range such as `\"{a}-{a + 1}\"`")
        elif a > b:
            r.error(s, f"`{text}` wraps past midnight; write two ranges: "
                       f'`hours: ["{a}-24", "0-{b}"]`')  # fmt: skip
        else:
            out.append([a, b])
    return sorted(out)


def _clock(text: str) -> tuple[int, int] | None:
    """`9am-5pm`, `9:00-17:00`, `9 to 17` -> (9, 17); None when it is not a time range."""
    m = _CLOCK.match(text)
    if not m or (m.group(2) or "00") != "00" or (m.group(5) or "00") != "00":
        return None
    a, b = int(m.group(1)), int(m.group(4))
    a = _twelve(a, m.group(3))
    b = _twelve(b, m.group(6))
    return (a, b) if a is not None and b is not None else None


def _twelve(h: int, half: str | None) -> int | None:
    if not half:
        return h
    if not 1 <= h <= 12:
        return None
    return h % 12 + (12 if half.lower() == "pm" else 0)
