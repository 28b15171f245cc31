"""Frequency caps, cooldowns and schedules, computed from the kernel's timestamps only."""

DAY_MS = 86_400_000
_TIMES = {1: "once", 2: "twice"}


def limit_words(count: int, per: str) -> str:
    """`once per session`, `3 times per page view`: a limit in the words `build.py explain` and
    the debug overlay share."""
    return f"{_TIMES.get(count, f'{count} times')} per {'page view' if per == 'pageview' else per}"


def window_start(per: str, history: dict, now: int) -> int:
    """The earliest exposure time that counts against a cap `per` this unit."""
    if per == "pageview":
        return history.get("pageview_start", now)
    if per == "session":
        return history.get("session_start", now)
    if per == "day":
        # A calendar day in the shopper's local time; the kernel sends local midnight.
        return history.get("day_start", now - DAY_MS)
    return 0  # visitor: the whole retained history


def blocking(rule: dict, history: dict, now: int) -> tuple | None:
    """What keeps `rule` from showing now, or None: (kind, count, until), kind one of "shown"
    (already in this page view), "pageview", "session", "day", "visitor" (a limit of `count`
    per that unit) or "cooldown"; `until` is when it lifts, when the history knows (the day's
    end, the cooldown's end), else None."""
    shown = history.get("exposures", {}).get(rule["id"], ())
    # Never show the same rule twice in one page view, whatever its caps say.
    pageview_start = history.get("pageview_start", now)
    if any(ts >= pageview_start for ts in shown):
        return ("shown", 1, None)
    for limit in rule.get("limit") or ():
        since = window_start(limit["per"], history, now)
        if sum(1 for ts in shown if ts >= since) >= limit["count"]:
            until = since + DAY_MS if limit["per"] == "day" else None
            return (limit["per"], limit["count"], until)
    cooldown = rule.get("cooldown")
    if cooldown and shown and now - max(shown) < cooldown:
        return ("cooldown", None, max(shown) + cooldown)
    return None


def within_caps(rule: dict, history: dict, now: int) -> bool:
    """True when showing `rule` now breaks none of its limits or its cooldown."""
    return blocking(rule, history, now) is None


def in_schedule(schedule: dict | None, signals: dict) -> bool:
    """True when the shopper's local date, weekday and hour fall inside `schedule`."""
    if not schedule:
        return True
    date = signals.get("context.date")
    if schedule.get("start") and (date is None or date < schedule["start"]):
        return False
    if schedule.get("end") and (date is None or date > schedule["end"]):
        return False
    days = schedule.get("days")
    if days and signals.get("context.weekday") not in days:
        return False
    hours = schedule.get("hours")
    if hours:
        hour = signals.get("context.hour")
        if hour is None or not any(start <= hour < end for start, end in hours):
            return False
    return True
