"""A number in a missing or wrong unit + the unit its argument is counted in -> what to write.

The vocabulary says which unit each signal and argument is naturally counted in (a dwell in
seconds, a visit window in days, a scroll depth in percent); these helpers turn a literal the
compiler cannot use into the literal a person most likely meant, and the message that says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}
UNIT_LIST = "units: ms, s, m, h, d"
UNIT_WORDS = {
    "msec": "ms", "millis": "ms", "milliseconds": "ms", "millisecond": "ms",
    "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "min": "m", "mins": "m", "minute": "m", "minutes": "m",
    "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "day": "d", "days": "d",
}  # fmt: skip
WEEKS = ("w", "wk", "wks", "week", "weeks")
PERCENT_WORDS = ("percent", "pct", "percentage")
DEFAULT = {"duration": "s", "percent": "%"}
_LITERAL = re.compile(r"(-?)(\d+(?:\.\d+)?)\s*([A-Za-z_%]\w*)?\Z")
_CURRENCIES = ("eur", "euro", "euros", "usd", "dollar", "dollars", "gbp", "chf", "k", "e")


@dataclass(frozen=True)
class Want:
    """What the context of a literal expects: its type and how people count it."""

    type: str
    natural: str = ""  # the vocabulary's natural unit of what it is compared with
    unit: str = ""  # the vocabulary's unit (`currency`, `hour`) of a plain number
    subject: str = ""  # how that is written in the rule (`page.dwell`, `within`)
    values: tuple[str, ...] = ()  # the closed set of a text signal


def number_text(v: float) -> str:
    """`7.0` -> `7`, `0.5` -> `0.5`."""
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def known_unit(digits: str, word: str) -> str | None:
    """A unit written as a word (`30sec`, `2 weeks`, `60 percent`) -> the literal, or None."""
    low = word.lower()
    if low in UNIT_WORDS:
        return f"{digits}{UNIT_WORDS[low]}"
    if low in WEEKS:
        return f"{number_text(float(digits) * 7)}d"
    if low in PERCENT_WORDS:
        return f"{digits}%"
    return None


def in_natural(digits: str, want: str, natural: str = "") -> str:
    """A bare number in the unit its argument is counted in: `7` + visit window -> `7d`."""
    unit = natural or DEFAULT.get(want, "")
    if unit == "%":
        v = float(digits)
        if 0 < v < 1:  # a fraction of the page: 0.6 is 60%
            return f"{number_text(round(v * 100, 6))}%"
        return f"{digits}%"
    return f"{digits}{unit}" if unit in UNITS else digits


def no_unit(raw: str, want: str, natural: str = "") -> str:
    """The message for a bare number where a duration or a percent is expected."""
    article = "a duration" if want == "duration" else "a percent"
    fix = in_natural(raw.lstrip("-"), want, natural)
    fix = ("-" if raw.startswith("-") else "") + fix
    return f"`{raw}` has no unit; expected {article} such as `{fix}`"


def wrong_unit(digits: str, word: str, want: str, natural: str = "", unit: str = "",
               subject: str = "", raw: str = "") -> str:  # fmt: skip
    """The message for a number with a unit the vocabulary does not have (`7x`, `50EUR`)."""
    raw = raw or f"{digits}{word}"
    if want in ("duration", "percent"):
        fix = in_natural(digits, want, natural)
        units = f" ({UNIT_LIST})" if want == "duration" else ""
        return f"unknown unit `{word}` in `{raw}`; did you mean `{fix}`?{units}"
    if want == "number" and unit == "hour":
        hour = _hour(digits, word)
        if hour is not None:
            return f"`{raw}`: the hour is a number from 0 to 23; write `{hour}`"
    if want == "number" and (unit == "currency" or word.lower() in _CURRENCIES):
        return (f"`{raw}`: a price is a plain number in the page's currency; "
                f"write `{digits}`")  # fmt: skip
    if want == "number":
        who = f"`{subject}`" if subject else "this value"
        return f"`{raw}`: {who} is a plain number; write `{digits}`"
    return f"unknown unit `{word}` in `{raw}` ({UNIT_LIST})"


def _hour(digits: str, word: str) -> int | None:
    if not digits.isdigit() or word.lower() not in ("am", "pm"):
        return None
    h = int(digits)
    if not 1 <= h <= 12:
        return None
    return h % 12 + (12 if word.lower() == "pm" else 0)


def wrong_literal(raw: str, want: Want | None) -> str:
    """The message for a literal such as `7x`, with a suggestion when the context says one."""
    m = _LITERAL.match(raw)
    sign, digits, word = m.group(1), m.group(2), m.group(3) or ""
    if want is None:
        return f"unknown unit `{word}` in `{raw}` ({UNIT_LIST})"
    msg = wrong_unit(digits, word, want.type, want.natural, want.unit, want.subject, raw)
    return msg.replace(f"`{digits}", f"`{sign}{digits}") if sign else msg


def retyped(lit, want: Want) -> str | None:
    """A literal of the wrong type, rewritten as `want` expects (`60%` vs a dwell -> `60s`)."""
    raw, kind = lit.raw, lit.type
    if kind == "string":
        inner = _LITERAL.match(lit.value.strip())
        if inner and want.type in ("number", "duration", "percent"):
            sign, digits, word = inner.groups()
            if want.type == "number" and not word:
                return f"{sign}{digits}"
            if word and (word in UNITS or word == "%"):
                return f"{sign}{digits}{word}"
            return sign + in_natural(digits, want.type, want.natural)
        if want.type == "bool" and lit.value.strip().lower() in ("true", "false"):
            return lit.value.strip().lower()
        return None
    if kind in ("number", "duration", "percent"):
        m = _LITERAL.match(raw)
        if m is None:
            return None
        sign, digits = m.group(1), m.group(2)
        if want.type == "number":
            return f"{sign}{digits}"
        if want.type in ("duration", "percent"):
            return sign + in_natural(digits, want.type, want.natural)
        if want.type == "string" and not want.values:
            return f'"{raw}"'
    return None
