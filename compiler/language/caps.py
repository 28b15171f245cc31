"""YAML values of `limit`, `cooldown`, `variants`, `holdout` -> their IR values (`schedule:` is
in schedule.py).

`limit`:    `once per session`, `twice per day`, `3 per visitor`, `5 times per pageview`
            (periods: pageview, session, day, visitor), or a list of them.
`cooldown`: a duration such as `10m` (units ms, s, m, h, d).
`variants`: name -> whole percent, adding up to 100%; the one named `control` is the control.
`holdout`:  a whole percent below 100%.
"""

from __future__ import annotations

import re

import yaml

from .errors import did_you_mean, one_of
from .reader import NULL, SLUG, Reader
from .source import scalar_text
from .units import UNITS, WEEKS, in_natural, known_unit, wrong_unit
from .vocabulary import COOLDOWN, Param

PERIODS = ("pageview", "session", "day", "visitor")
_COUNTS = {"once": 1, "twice": 2, "thrice": 3}
_LIMIT = re.compile(r"\s*(once|twice|thrice|\d+(?:\s*times?)?)\s+per\s+(\S(?:.*\S)?)\s*\Z", re.I)
_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*\Z")
_PERCENT = re.compile(r"\s*(\d+(?:\.\d+)?)\s*%\s*\Z")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_COUNT = r"(once|twice|thrice|\d+(?:\s*times?)?)"
_ALMOST = re.compile(rf"{_COUNT}\s*(?:\s(?:a|an|each|every|in a)\s|/)\s*(\w+(?: \w+)?)\Z", re.I)
_NO_COUNT = re.compile(r"(?:per|a|each|every)\s+(\w+(?: \w+)?)\Z", re.I)
_COUNT_ONLY = re.compile(rf"{_COUNT}\Z", re.I)
_LONGER = {"week": "7d", "month": "30d", "year": "365d", "hour": "1h", "minute": "1m"}
_LIMIT_HELP = "`once per session`, `2 per day`, `3 per visitor` or `once per pageview`"


def items(r: Reader, node: yaml.Node, what: str) -> list[yaml.ScalarNode]:
    if isinstance(node, yaml.SequenceNode):
        return [s for item in node.value if (s := r.scalar(item, what)) is not None]
    s = r.scalar(node, what)
    if s is None or s.tag == NULL:
        return []
    return [s]


def limits(r: Reader, node: yaml.Node) -> list[dict]:
    out: dict[str, dict] = {}
    for s in items(r, node, "a limit"):
        m = _LIMIT.match(s.value) if "," not in s.value else None
        if not m:
            r.error(s, _unreadable_limit(s.value.strip()))
            continue
        word, period = m.group(1).lower(), m.group(2).lower()
        count = _COUNTS.get(word) or int(re.match(r"\d+", word).group())
        period = "pageview" if period == "page view" else period
        if period not in PERIODS:
            r.error(scalar_text(r.src, s).span(m.start(2), m.end(2)),
                    _unknown_period(m.group(2), count))  # fmt: skip
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


def _unreadable_limit(text: str) -> str:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) > 1 and all(_LIMIT.match(p) for p in parts):
        return f"write several limits as a list: `limit: [{', '.join(parts)}]`"
    m = _ALMOST.match(text)
    if m and _period(m.group(2)) in PERIODS:
        return (f"cannot read the limit `{text}`; did you mean "
                f"`{m.group(1)} per {_period(m.group(2))}`?")  # fmt: skip
    m = _NO_COUNT.match(text)
    if m and _period(m.group(1)) in PERIODS:
        return (f"the limit `{text}` says per what but not how often; write "
                f"`once per {_period(m.group(1))}`")  # fmt: skip
    m = _COUNT_ONLY.match(text)
    if m:
        return (f"the limit `{text}` says how often but not per what; write "
                f"`{m.group(1)} per session` (periods: {one_of(PERIODS)})")  # fmt: skip
    return f"cannot read the limit `{text}`; write it as {_LIMIT_HELP}"


def _unknown_period(period: str, count: int) -> str:
    base = _period(period)
    if base in _LONGER:
        also = (f"; for at most once a {base}, write `cooldown: {_LONGER[base]}`"
                if count == 1 else "")  # fmt: skip
        return f"a limit counts per {one_of(PERIODS)}, not per {base}{also}"
    hint = did_you_mean(period, PERIODS) or f" (expected {one_of(PERIODS)})"
    return f"unknown period `{period}` in the limit{hint}"


def _period(word: str) -> str:
    low = word.strip().lower()
    low = "pageview" if low in ("page view", "page", "view", "pageviews") else low
    return low[:-1] if low.endswith("s") and low[:-1] in (*PERIODS, *_LONGER) else low


def duration(r: Reader, s: yaml.ScalarNode, p: Param) -> int | None:
    """A duration in the units of the rule language; a suggestion in `p`'s natural unit."""
    what, raw = f"`{p.name}`", s.value.strip()
    m = _DURATION.match(s.value)
    if not m:
        bare = _NUMBER.fullmatch(raw)
        ex = in_natural(raw, "duration", p.natural) if bare else f"10{p.natural or 'm'}"
        r.error(s, f"{what} must be a duration such as `{ex}`")
        return None
    num, unit = m.group(1), m.group(2)
    if unit not in UNITS:
        fix = known_unit(num, unit)
        if fix is None:
            r.error(s, wrong_unit(num, unit, "duration", p.natural, raw=raw))
        elif unit.lower() in WEEKS:
            r.error(s, f"weeks are not a unit; did you mean `{fix}`?")
        else:
            r.error(s, f"unknown unit `{unit}` in `{raw}`; did you mean `{fix}`?")
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
    return duration(r, s, COOLDOWN)


def percent(r: Reader, s: yaml.ScalarNode, what: str) -> int | None:
    m = _PERCENT.match(s.value)
    if not m:
        raw = s.value.strip()
        ex = in_natural(raw, "percent", "%") if _NUMBER.fullmatch(raw) else "10%"
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
    if isinstance(node, yaml.SequenceNode):
        names = [i.value for i in node.value if isinstance(i, yaml.ScalarNode)]
        names = names if len(names) >= 2 else ["control", "new"]
        w = 100 // len(names)
        ws = [w + (100 - w * len(names) if i == 0 else 0) for i in range(len(names))]
        pairs = ", ".join(f"{n}: {x}%" for n, x in zip(names, ws, strict=True))
        r.error(node, f"give each variant a weight, as in `variants: {{ {pairs} }}`")
        return []
    pairs = r.mapping(node, "`variants`")
    if pairs is None:
        return []
    out, total, broken = [], 0, False
    for name, kn, v in pairs:
        s = r.scalar(v, f"variant `{name}`")
        w = percent(r, s, f"the weight of `{name}`") if s is not None else None
        if not SLUG.match(name):
            slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "new"
            r.error(kn, f"variant name `{name}` must be lowercase letters, digits, `-` and `_`, "
                        f"as in `{slug}`")  # fmt: skip
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
        fix = (f"add {100 - total}% to one of them" if total < 100
               else f"take {total - 100}% from one of them")  # fmt: skip
        r.error(knode, f"variant weights add up to {total}%; they must add up to 100%: {fix}")
    return out
