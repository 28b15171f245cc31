"""Is a store open now? Its opening hours (from schema.org, normalized by the kernel) against
the shopper's local weekday and hour. Never the shopper's location: no geolocation, ever."""


def _minutes(hhmm) -> int | None:
    try:
        hour, minute = (int(part) for part in str(hhmm).split(":")[:2])
    except (ValueError, TypeError):
        return None
    return hour * 60 + minute if 0 <= hour <= 24 and 0 <= minute < 60 else None


def opening(hours: list, weekday: str | None, hour) -> tuple[str | None, str | None]:
    """("open", closes) / ("later", opens) / ("closed", None) for today, or (None, None) when
    the hours say nothing about today. The kernel gives the hour only, so "now" is the
    start of the shopper's local hour."""
    if not isinstance(hour, int) or isinstance(hour, bool) or not weekday:
        return None, None
    now = hour * 60
    today = [h for h in hours if isinstance(h, dict) and weekday in (h.get("days") or ())]
    spans = [(_minutes(h.get("opens")), _minutes(h.get("closes")), h) for h in today]
    spans = sorted((span for span in spans if None not in span[:2]), key=lambda span: span[:2])
    if not today:
        return (None, None) if not hours else ("closed", None)
    for opens, closes, span in spans:
        if opens <= now < (closes if closes > opens else 24 * 60):
            return "open", span["closes"]
        if now < opens:
            return "later", span["opens"]
    return "closed", None
