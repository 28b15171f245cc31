"""Mirrors state.js: the signal snapshot (every vocabulary key, docs/contracts.md section 2),
the caps history, and the update message with the page's data (the product with its price
history, the products viewed this session, stores, currency, category) and the next view of
the page for rules decided ahead."""

from __future__ import annotations

import math
from datetime import datetime

from . import js
from .page.identity import canonical

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # datetime.weekday() order
DAY = 86_400_000


def local_time(now: int, zone) -> datetime:
    return datetime.fromtimestamp(now / 1000, zone)


_CLOCK: dict = {}
_DAYS: dict = {}


def local_clock(now: int, zone) -> tuple:
    """(hour, weekday, date, local midnight in epoch ms) at `now`; every time zone's offset is
    whole minutes, so these hold for the whole minute and are kept per minute (the date's
    text and midnight, the slow part, per local day)."""
    key = (zone, now // 60_000)
    known = _CLOCK.get(key)
    if known is None:
        date = local_time(now, zone)
        day_key = (zone, date.year, date.month, date.day, date.fold)
        day = _DAYS.get(day_key)
        if day is None:
            midnight = date.replace(hour=0, minute=0, second=0, microsecond=0)
            day = (date.strftime("%Y-%m-%d"), int(midnight.timestamp() * 1000))
            _DAYS[day_key] = day
        known = (date.hour, WEEKDAYS[date.weekday()], *day)
        if len(_CLOCK) > 4096:
            _CLOCK.clear()
            _DAYS.clear()
        _CLOCK[key] = known
    return known


def views_of(record: dict, index: int, value, derived: dict | None = None) -> list:
    """Timestamps of views whose field `index` (1 url, 2 product, 3 category) equals `value`."""
    if value is None:
        return []
    key = ("views", index, value)
    found = derived.get(key) if derived is not None else None
    if found is None:
        found = [view[0] for view in record["views"] if view[index] == value]
        if derived is not None:
            derived[key] = found
    return list(found)


def _session_views(views: list, session_id) -> list:
    """The views of session `session_id`: the last ones (sessions follow each other, and a
    session's views are written in time order), so the scan stops at the first other one."""
    start = len(views)
    while start > 0 and views[start - 1][4] == session_id:
        start -= 1
    return views[start:]


def _session_counts(record: dict, session_id, derived: dict | None) -> tuple:
    """(views, distinct products, distinct categories) of the session."""
    found = derived.get(("session", session_id)) if derived is not None else None
    if found is None:
        views = _session_views(record["views"], session_id)
        # Ids and categories are strings or null: those JS finds truthy, without a call each.
        found = (len(views), len({p for v in views if (p := v[2]) is not None and (
                    p != "" if type(p) is str else js.truthy(p))}),
                 len({c for v in views if (c := v[3]) is not None and (
                    c != "" if type(c) is str else js.truthy(c))}))
        if derived is not None:
            derived[("session", session_id)] = found
    return found


def _cart(record: dict) -> tuple:
    """(cart.items, cart.count, cart.value) of the record's cart."""
    if not record["cart"]:
        return [], 0, 0  # most updates: what the lines below give for no lines
    items = js.values(record["cart"])
    value = 0
    for item in items:
        value += item["price"] * item["quantity"]
    # Cart lines under their product's one id, whatever id the store's analytics gave them.
    return (_sorted_strings({canonical(item["id"], record.get("aliases")): None for item in items}),
            js.num(sum(item["quantity"] for item in items)), js.num(js.js_round(value * 100) / 100))


def snapshot(now: int, view: dict, record: dict, live, derived: dict | None = None) -> dict:
    """The full snapshot at `now` for the page view `view` (`derived`: History.derived, for a
    record as stored)."""
    product = view["product"]
    sessions = record["sessions"]
    session = sessions[-1] if sessions else {"id": None, "start": now, "views": 1}
    in_session, session_products, session_categories = _session_counts(record, session["id"], derived)
    previous = sessions[-2] if len(sessions) > 1 else None
    cart_items, cart_count, cart_value = _cart(record)
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
        "page.views": in_session,
        "product.id": product["id"] if product else None,
        "product.name": product["name"] if product else None,
        "product.category": product["category"] if product else None,
        "product.currency": product["currency"] if product else None,
        "product.price": product["price"] if product else None,
        "product.rating": product["rating"] if product else None,
        "product.review_count": product["review_count"] if product else None,
        "product.dwell": js.num(view["productDwellBefore"] + dwell) if product else 0,
        "product.last_price": view["lastPrice"],
        "visits.url": views_of(record, 1, view["url"], derived),
        "visits.product": views_of(record, 2, product["id"], derived) if product else [],
        "visits.category": views_of(record, 3, view["category"], derived),
        "visits.sessions": len(sessions),
        "visits.days_since_last": math.floor((now - previous["last"]) / DAY) if previous else None,
        "visits.returning": len(sessions) > 1,
        "visits.session_products": session_products,
        "visits.session_categories": session_categories,
        "cart.items": cart_items,
        "cart.count": cart_count,
        "cart.value": cart_value,
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


def _sorted_strings(values) -> list:
    """Array.prototype.sort() of strings: by UTF-16 code units."""
    return sorted(values, key=lambda v: v.encode("utf-16-be") if isinstance(v, str) else b"")


def _price_at(prices, at: int):
    price = None
    for ts, value in prices or ():
        if ts <= at:
            price = value
    return price


def engine_product(view: dict, record: dict, zone) -> dict | None:
    """The product for the engine and templates (docs/contracts.md, PRODUCT), with its price
    on each earlier look at it (`price_history`, oldest first, at most 10)."""
    p = view["product"]
    if not p:
        return None
    stored = record["products"].get(js.key(p["id"])) or {}
    looks = [v[0] for v in record["views"] if v[2] == p["id"] and v[0] < view["start"]][-10:]
    history = []
    for ts in looks:
        price = _price_at(stored.get("prices"), ts)
        if price is not None:
            history.append({"ts": ts, "date": local_clock(ts, zone)[2], "price": price})
    return {"id": p["id"], "name": p["name"], "category": p["category"], "url": p["url"], "image": p["image"],
            "price": p["price"], "currency": p["currency"], "rating": p["rating"],
            "review_count": p["review_count"], "reviews": p["reviews"], "guide": p["guide"],
            "price_history": history}


def viewed_this_session(record: dict, derived: dict | None = None) -> list:
    """This session's viewed products, most recent first (at most 8), from their summaries."""
    found = derived.get("viewed") if derived is not None else None
    if found is None:
        found = _viewed(record)
        if derived is not None:
            derived["viewed"] = found
    return [dict(item) for item in found]


def _viewed(record: dict) -> list:
    sessions = record["sessions"]
    session = sessions[-1] if sessions else None
    ids: list = []
    if session:
        for v in reversed(_session_views(record["views"], session["id"])):
            if js.truthy(v[2]) and v[2] not in ids:
                ids.append(v[2])
    out = []
    for product_id in ids:
        p = record["products"].get(js.key(product_id))
        if not p or not js.truthy(p.get("name")):
            continue
        prices = p.get("prices")
        out.append({"id": product_id, "name": p["name"], "category": p.get("category"), "url": p.get("url"),
                    "image": p.get("image"), "price": prices[-1][1] if prices else None,
                    "currency": p.get("currency"), "rating": p.get("rating"),
                    "review_count": p.get("review_count")})
        if len(out) == 8:
            break
    return out


def page_data(view: dict, record: dict, zone, derived: dict | None = None) -> dict:
    """What a view's update carries besides signals and caps history (contracts section 5)."""
    return {"product": engine_product(view, record, zone), "viewed": viewed_this_session(record, derived),
            "stores": view["stores"] or [], "currency": view["currency"] or None,
            "category": view["category"] or None}


def update(reason: str, now: int, view: dict, record: dict, live, occupied, ahead: bool,
           derived: dict | None = None) -> dict:
    """The update message at `now`; with the first update of a view, when some rule is a
    page-load moment, the next view of the page too (see ahead.py)."""
    signals = snapshot(now, view, record, live, derived)
    message = {
        "type": "update",
        "reason": reason,
        "now": now,
        "signals": signals,
        "history": caps_history(now, view, record, occupied, live.zone),
        **page_data(view, record, live.zone, derived),
    }
    if ahead and reason in ("ready", "pageview"):
        message["next"] = next_view(now, view, record, live, signals, derived)
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


def opening_signals(current: dict, now: int, opened: dict, with_view: dict) -> dict:
    """snapshot(now, opened, with_view, _Opening(live)) from `current`, the snapshot of the
    update it goes with (same moment, cart, sessions and context): only what the opened view's
    entry and its opening change is computed again (the twin's shortcut; state.js builds it
    whole). Keys keep the snapshot's order."""
    sessions = with_view["sessions"]
    session_id = sessions[-1]["id"] if sessions else None
    in_session, session_products, session_categories = _session_counts(with_view, session_id, None)
    product = opened["product"]
    return {
        **current,
        "page.dwell": 0,
        "page.scroll": 0,
        "page.views": in_session,
        "product.dwell": js.num(opened["productDwellBefore"]) if product else 0,
        "product.last_price": opened["lastPrice"],
        "visits.url": views_of(with_view, 1, opened["url"]),
        "visits.product": views_of(with_view, 2, product["id"]) if product else [],
        "visits.category": views_of(with_view, 3, opened["category"]),
        "visits.session_products": session_products,
        "visits.session_categories": session_categories,
        "cart.items": list(current["cart.items"]),  # each update has its own
        "section": {},
        "behavior.exit_intent": False,
        "behavior.idle": False,
        "behavior.hidden_count": 0,
        "behavior.copied": False,
        "clicks": {},
    }


def next_view(now: int, view: dict, record: dict, live, current: dict | None = None,
              derived: dict | None = None) -> dict:
    """The `next` of an update: the next view of `view`'s page if it opened at `now`
    (`current`: the update's own snapshot, to build the next one from; `derived`: the
    record's History.derived)."""
    sessions = record["sessions"]
    session = sessions[-1] if sessions else None
    product = view["product"]["id"] if view["product"] else None
    entry = [now, view["url"], product, view["category"], session and session["id"]]
    views = record["views"]
    with_view = {**record, "views": [*views, entry]}
    # An entry repeating the last one's product in its session adds no product viewed this
    # session (_viewed keeps each product's latest look): the record's own list holds.
    if not (views and views[-1][2] == product and views[-1][4] == entry[4]):
        derived = None
    opened = {**view, "start": now, "drawnAhead": [],
              "lastPrice": view["product"]["price"] if view["product"] else view["lastPrice"]}
    return {
        "now": now,
        "signals": (snapshot(now, opened, with_view, _Opening(live)) if current is None
                    else opening_signals(current, now, opened, with_view)),
        "history": caps_history(now, opened, with_view, {}, live.zone),
        **page_data(opened, with_view, live.zone, derived),
    }
