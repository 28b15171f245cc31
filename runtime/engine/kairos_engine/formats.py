"""Money, dates and times for the page's language, from patterns the worker derived with Intl.

The engine never calls the browser's Intl: the worker (off the main thread) reads each
(language, currency) pair's pattern once with `Intl.NumberFormat(...).formatToParts` and
sends it with the update (`update["formats"]`, docs/contracts.md section 5). These pure
functions apply a pattern, so CPython tests format exactly what the browser would.

    MONEY = {"prefix": "$", "suffix": "", "group": ",", "decimal": ".", "fraction": 2,
             "grouping": [3, 3]}            # primary and secondary group sizes (en-IN: [3, 2])
    DATE = {"date": "{month} {day}", "months": ["Jan", ..., "Dec"],
            "time": "{hour}:{minute} {period}", "hour12": true, "am": "AM", "pm": "PM"}
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

DEFAULT_DATE = {
    "date": "{month} {day}",
    "months": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "time": "{hour}:{minute}", "hour12": False, "am": "AM", "pm": "PM",
}


def default_money(currency: str | None) -> dict:
    """The pattern used when the worker sent none: `USD 1,234.50` (no guessing at symbols)."""
    return {"prefix": f"{currency}\u00a0" if currency else "", "suffix": "", "group": ",",
            "decimal": ".", "fraction": 2, "grouping": [3, 3]}


def money_pattern(formats: dict | None, currency: str | None) -> dict:
    """The money pattern of `currency` in `formats` (the update's), else the default."""
    found = ((formats or {}).get("money") or {}).get(currency or "")
    return found if isinstance(found, dict) else default_money(currency)


def date_pattern(formats: dict | None) -> dict:
    found = (formats or {}).get("date")
    return found if isinstance(found, dict) else DEFAULT_DATE


def _group(digits: str, grouping: list) -> list[str]:
    """Split integer digits into groups from the right: primary size first, then secondary."""
    primary = int(grouping[0]) if grouping else 0
    secondary = int(grouping[1]) if len(grouping) > 1 else primary
    if primary <= 0 or len(digits) <= primary:
        return [digits]
    groups = [digits[-primary:]]
    rest = digits[:-primary]
    size = secondary if secondary > 0 else primary
    while rest:
        groups.insert(0, rest[-size:])
        rest = rest[:-size]
    return groups


def money(amount, pattern: dict) -> str:
    """`amount` (a non-negative number) written with `pattern`; "" for a non-number."""
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError, TypeError):
        return ""
    if not value.is_finite():
        return ""
    fraction = max(0, min(int(pattern.get("fraction", 2)), 6))
    quantum = Decimal(1).scaleb(-fraction)
    value = abs(value).quantize(quantum, rounding=ROUND_HALF_UP)  # as Intl: half away from zero
    whole, _, part = f"{value:f}".partition(".")
    text = str(pattern.get("group", ",")).join(_group(whole, list(pattern.get("grouping") or [3, 3])))
    if fraction:
        text += str(pattern.get("decimal", ".")) + part.ljust(fraction, "0")[:fraction]
    return f"{pattern.get('prefix', '')}{text}{pattern.get('suffix', '')}"


def date(iso: str | None, pattern: dict) -> str:
    """A local calendar date `YYYY-MM-DD` as the language writes a short day and month."""
    try:
        _, month, day = (int(part) for part in str(iso).split("-"))
        name = pattern.get("months", DEFAULT_DATE["months"])[month - 1]
    except (ValueError, IndexError, TypeError):
        return ""
    return str(pattern.get("date", DEFAULT_DATE["date"])).replace("{month}", str(name)).replace(
        "{day}", str(day))


def time(hhmm: str | None, pattern: dict) -> str:
    """An opening time `HH:MM` (schema.org) as the language writes a time of day."""
    try:
        hour, minute = (int(part) for part in str(hhmm).split(":")[:2])
    except (ValueError, TypeError):
        return ""
    if not (0 <= hour <= 24 and 0 <= minute < 60):
        return ""
    shown, period = f"{hour:02d}", ""
    if pattern.get("hour12"):
        period = pattern.get("am", "AM") if hour % 24 < 12 else pattern.get("pm", "PM")
        shown = str(hour % 12 or 12)
    text = str(pattern.get("time", DEFAULT_DATE["time"])).replace("{hour}", shown)
    text = text.replace("{minute}", f"{minute:02d}").replace("{period}", str(period))
    return text.strip()
