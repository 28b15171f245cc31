"""Live values in the marketer's units: durations in seconds or minutes, percents, text quoted."""

import json
import math


def shown(value):
    """`value` as plain JSON data (tuples as lists; anything else as its text)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [shown(v) for v in value]
    if isinstance(value, dict):
        return {str(k): shown(v) for k, v in value.items()}
    return repr(value)


def duration(ms) -> str:
    """12400 -> `12.4 s`, 95000 -> `1 min 35 s`, 7200000 -> `2 h`."""
    seconds = ms / 1000
    if seconds < 60:
        return f"{seconds:.1f} s".replace(".0 s", " s")
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min" + (f" {secs} s" if secs else "")
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    return f"{hours // 24} d"


def value_text(value, kind: str | None) -> str:
    """A term's live value or target in the units of its type."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if kind == "duration" and isinstance(value, int | float):
        return duration(value)
    if kind == "percent" and isinstance(value, int | float):
        return f"{value:g} %"
    if isinstance(value, float):  # a probability reads 0.958, a price 129.99
        return f"{round(value, 3):g}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(value_text(v, None) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
