"""Mirrors state.js: the signal snapshot (every vocabulary key, docs/contracts.md section 2),
the caps history, and the update message, with the next view of the page for rules decided
ahead."""

from __future__ import annotations

import math
from datetime import datetime

from . import js
from .page.product import describe

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # datetime.weekday() order
DAY = 86_400_000


def local_time(now: int, zone) -> datetime:
    return datetime.fromtimestamp(now / 1000, zone)


_CLOCK: dict = {}


def local_clock(now: int, zone) -> tuple:
    """(hour, weekday, date, local midnight in epoch ms) at `now`; every time zone's offset is
    whole minutes, so these hold for the whole minute and are kept per minute."""
    key = (zone, now // 60_000)
    known = _CLOCK.get(key)
    if known is None:
        date = local_time(now, zone)
        midnight = date.replace(hour=0, minute=0, second=0, microsecond=0)
        known = (date.hour, WEEKDAYS[date.weekday()], date.strftime("%Y-%m-%d"),
                 int(midnight.timestamp() * 1000))
        if len(_CLOCK) > 4096:
            _CLOCK.clear()
        _CLOCK[key] = known
    return known


def views_of(record: dict, index: int, value) -> list:
    """Timestamps of views whose field `index` (1 url, 2 product, 3 category) equals `value`."""
    if value is None:
        return []
    return [view[0] for view in record["views"] if view[index] == value]


def snapshot(now: int, view: dict, record: dict, live) -> dict:
    """The full snapshot at `now` for the page view `view`."""
    product = describe(view["product"], view["pathname"])
    sessions = record["sessions"]
    session = sessions[-1] if sessions else {"id": None, "start": now, "views": 1}
    session_id = session["id"]
    session_views = [v for v in record["views"] if v[4] == session_id]
    previous = sessions[-2] if len(sessions) > 1 else None
    items = js.values(record["cart"])
    value = 0
    for item in items:
        value += item["price"] * item["quantity"]
    hour, weekday, day, _ = local_clock(now, live.zone)
    dwell = math.floor(live.dwell())
    if view["context"] is None:
        view["context"] = live.read_context()
    behavior = live.behavior
    return {
        "now": now,
        "page.type": view["type"],
        "page.url": view["url"],
        "page.dwell": dwell,
        "page.scroll": live.scroll(),
        "page.views": len(session_views),
        "product.id": product["id"] if product else None,
        "product.name": product["name"] if product else None,
        "product.category": product["category"] if product else None,
        "product.currency": product["currency"] if product else None,
        "product.price": product["price"] if product else None,
        "product.rating": product["rating"] if product else None,
        "product.review_count": product["review_count"] if product else None,
        "product.dwell": js.num(view["productDwellBefore"] + dwell) if product else 0,
        "product.last_price": view["lastPrice"],
        "visits.url": views_of(record, 1, view["url"]),
        "visits.product": views_of(record, 2, product["id"]) if product else [],
        "visits.category": views_of(record, 3, view["category"]),
        "visits.sessions": len(sessions),
        "visits.days_since_last": math.floor((now - previous["last"]) / DAY) if previous else None,
        "visits.returning": len(sessions) > 1,
        "visits.session_products": len({v[2] for v in session_views if js.truthy(v[2])}),
        "visits.session_categories": len({v[3] for v in session_views if js.truthy(v[3])}),
        "cart.items": sorted(item["id"] for item in items),
        "cart.count": js.num(sum(item["quantity"] for item in items)),
        "cart.value": js.num(js.js_round(value * 100) / 100),
        "section": live.sections(),
        "behavior.exit_intent": behavior["exit_intent"],
        "behavior.idle": live.idle(),
        "behavior.hidden_count": behavior["hidden_count"],
        "behavior.copied": behavior["copied"],
        "clicks": dict(behavior["clicks"]),
        **view["context"],
        "context.timezone": live.timezone,
        "context.hour": hour,
        "context.weekday": weekday,
        "context.date": day,
        "context.consent": live.consent(),
    }


def caps_history(now: int, view: dict, record: dict, occupied, zone) -> dict:
    """What the engine needs for caps: visitor, session, page-view and day starts, exposures."""
    sessions = record["sessions"]
    session = sessions[-1] if sessions else {"id": "", "start": now}
    return {
        "visitor_id": record["visitor"],
        "session_id": session["id"],
        "session_start": session["start"],
        "pageview_start": view["start"],
        "day_start": local_clock(now, zone)[3],
        "exposures": {rule: list(times) for rule, times in record["exposures"].items()},
        "occupied": list(occupied),
        "ahead": list(view.get("drawnAhead") or ()),
    }


def update(reason: str, now: int, view: dict, record: dict, live, occupied, ahead: bool) -> dict:
    """The update message at `now`; with the first update of a view, when some rule is a
    page-load moment, the next view of the page too (see ahead.py)."""
    message = {
        "type": "update",
        "reason": reason,
        "now": now,
        "signals": snapshot(now, view, record, live),
        "history": caps_history(now, view, record, occupied, live.zone),
        "product": describe(view["product"], view["pathname"]),
    }
    if ahead and reason in ("ready", "pageview"):
        message["next"] = next_view(now, view, record, live)
    return message


class _Opening:
    """What a page view knows the moment it opens: no dwell, scroll, sections or behaviour."""

    def __init__(self, live):
        self.zone = live.zone
        self.timezone = live.timezone
        self.consent = live.consent
        self.read_context = live.read_context
        self.behavior = {"exit_intent": False, "hidden_count": 0, "copied": False, "clicks": {}}

    @staticmethod
    def dwell():
        return 0

    @staticmethod
    def idle():
        return False

    @staticmethod
    def scroll():
        return 0

    @staticmethod
    def sections():
        return {}


def next_view(now: int, view: dict, record: dict, live) -> dict:
    """The `next` of an update: the next view of `view`'s page if it opened at `now`."""
    sessions = record["sessions"]
    session = sessions[-1] if sessions else None
    product = view["product"]["id"] if view["product"] else None
    entry = [now, view["url"], product, view["category"], session and session["id"]]
    with_view = {**record, "views": [*record["views"], entry]}
    opened = {**view, "start": now, "drawnAhead": [],
              "lastPrice": view["product"]["price"] if view["product"] else view["lastPrice"]}
    return {
        "now": now,
        "signals": snapshot(now, opened, with_view, _Opening(live)),
        "history": caps_history(now, opened, with_view, {}, live.zone),
        "product": describe(view["product"], view["pathname"]),
    }
