"""JavaScript value semantics the kernel relies on, in Python: numbers, String(), key order.

The kernel's JSON reaches the engine through `JSON.stringify`, where a number has no int/float
distinction (`249.0` is `249`, and Python's `json.loads` makes it an int). The twin keeps every
number as the engine would receive it, so its updates equal the browser's exactly.
"""

from __future__ import annotations

import math
import re

_FLOAT_PREFIX = re.compile(r"[ \t\n\r\v\f]*([+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))")
_INDEX = re.compile(r"0|[1-9]\d*")


def num(value: float | int) -> float | int:
    """A JS number as JSON hands it to Python: integral values are ints."""
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def js_round(value: float) -> float:
    """Math.round: halves go up (towards +infinity), unlike Python's round()."""
    return math.floor(value + 0.5)


def parse_float(value) -> float:
    """parseFloat(value): the longest numeric prefix of String(value), else NaN."""
    if isinstance(value, bool) or value is None:
        return math.nan
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, list):
        value = ",".join(string(v) for v in value)
    if not isinstance(value, str):
        return math.nan
    match = _FLOAT_PREFIX.match(value)
    if not match:
        return math.nan
    text = match.group(1)
    if text.endswith("Infinity"):
        return -math.inf if text.startswith("-") else math.inf
    return float(text)


def to_number(value) -> float:
    """Number(value): "" and null are 0, true is 1, a non-numeric string NaN."""
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return 0.0
        try:
            return float(text)
        except ValueError:
            return math.nan
    return math.nan


# String.prototype.trim's white space and line terminators (Python's isspace() differs: it
# counts \x1c-\x1f and \x85, and not U+FEFF).
_JS_SPACE = ("\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
             "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff")


def trim(text: str) -> str:
    """String.prototype.trim()."""
    return text.strip(_JS_SPACE)


def truthy(value) -> bool:
    """JS truthiness (NaN, 0, "" , null, false are falsy; [] and {} are truthy)."""
    if type(value) is str:  # the common case (ids, names, categories): non-empty
        return value != ""
    if isinstance(value, float) and math.isnan(value):
        return False
    if isinstance(value, (list, dict)):
        return True
    return bool(value)


def string(value) -> str:
    """String(value) for the JSON values a page publishes."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        return repr(value)
    if isinstance(value, list):
        return ",".join("" if v is None else string(v) for v in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def key(value) -> str:
    """A value used as an object key (`history.products[id]`): JS converts it with String()."""
    return value if type(value) is str else string(value)


def _is_index(name: str) -> bool:
    return bool(_INDEX.fullmatch(name)) and int(name) < 2**32 - 1


def keys(obj: dict) -> list[str]:
    """Object.keys order: array-index keys ascending, then the others in insertion order."""
    names = list(obj)
    if not any(name[:1].isdigit() for name in names):
        return names
    index = sorted((n for n in names if _is_index(n)), key=int)
    return index + [n for n in names if not _is_index(n)]


def values(obj: dict) -> list:
    """Object.values in Object.keys order."""
    return [obj[name] for name in keys(obj)]
