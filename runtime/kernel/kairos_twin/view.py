"""Mirrors view.js (the view chunk): one page view, from what the page publishes (the
schema.org product and stores, the page type and category, the names the store's analytics
give the product) to its entry in the visit history: per-product price history and summary,
aliases; and the analytics events that arrive after the view opened (lateEvent)."""

from __future__ import annotations

from . import js
from .lib.history import History, json_chars, note_product, note_view, touch_session
from .page.identity import platform_id
from .page.page_type import BY_EVENT, list_category, page_type
from .page.product import prop, read_product
from .page.stores import read_stores
from .page.structured import read_nodes, resolver

MAX_PRICES = 6  # distinct prices kept per product, oldest dropped first
MAX_SUMMARIES = 24  # products whose summary (for comparisons) is kept, most recent first
MAX_ALIASES = 300
SUMMARY = ("name", "category", "url", "image", "currency", "rating", "review_count")


def _remember(record: dict, product: dict, now: int, profile) -> dict:
    """The product's entry at `now`: its price history and summary; returns what it held
    before this view ({dwell, prices}). A version-1 record's single `price` becomes `prices`."""
    key = js.key(product["id"])
    entry = dict(record["products"].get(key) or {"dwell": 0, "seen": now})
    price = entry.pop("price", None)
    held = entry.get("prices")
    prices = list(held) if isinstance(held, list) else [[entry["seen"], price]] if price is not None else []
    before = {"dwell": entry.get("dwell") or 0, "prices": list(prices)}
    if product["price"] is not None and (not prices or prices[-1][1] != product["price"]):
        prices.append([now, product["price"]])
    summary = {name: product.get(name) for name in SUMMARY}
    stored = {**entry, **summary, "seen": now, "prices": prices[-MAX_PRICES:]}
    record["products"][key] = stored
    note_product(stored, profile)
    # Summaries of all but the most recently seen products go (sort is stable, keys in JS order).
    products = js.values(record["products"])
    products.sort(key=lambda p: -p["seen"])
    for older in products[MAX_SUMMARIES:]:
        for name in SUMMARY:
            older.pop(name, None)
    return before


def _alias(record: dict, product: dict, events: list, profile) -> None:
    """Record the other names of `product`: its markup's ids and those analytics give it on
    its own page (a view_item of one item, or of items named like it)."""
    names = dict.fromkeys(product["aliases"])
    for _, name, params in events:
        items = prop(params, "items") if name == "view_item" else None
        items = items if isinstance(items, list) else []
        for item in items:
            if not js.truthy(item) or (len(items) > 1 and prop(item, "item_name") != product["name"]):
                continue
            for value in (prop(item, "item_id"), prop(item, "item_group_id"), prop(item, "sku")):
                if value is not None and value != "":
                    names[js.string(value)] = None
    aliases = dict(record.get("aliases") or {})
    for name in (n for named in names for n in (named, platform_id(named))):
        if not name or name == product["id"]:
            continue
        aliases.pop(name, None)  # re-inserted last: the newest names survive the bound
        aliases[name] = product["id"]
    kept = [(k, aliases[k]) for k in js.keys(aliases) if record["products"].get(js.key(aliases[k]))]
    record["aliases"] = dict(kept[-MAX_ALIASES:])
    # ASCII-escaped JSON is never shorter than JS's: an upper bound for the size bound.
    profile.alias_chars = max(profile.alias_chars, json_chars(record["aliases"]))


def analytics_category(events: list):
    """The category the page's own view_item names (markup without a category)."""
    for _, name, params in events:
        items = prop(params, "items")
        if name == "view_item" and isinstance(items, list) and len(items) == 1:
            return prop(items[0], "item_category") or None
    return None


def _event_currency(events: list):
    for _, _, params in reversed(events):
        if isinstance(prop(params, "currency"), str):
            return params["currency"]
    return None


_READ: dict[tuple, tuple] = {}


def read_page(page: dict, url: str) -> tuple[dict | None, list]:
    """(product, stores) of a page at `url` (view.js's readers). A page's markup never changes,
    so both are kept per page object; the product is a fresh copy each time (a view may set
    its category)."""
    key = (id(page), url)
    kept = _READ.get(key)
    if kept is None or kept[0] is not page:
        nodes = read_nodes(page)
        product = read_product(nodes, url)
        kept = (page, product, read_stores(nodes, product, resolver(nodes)))
        if len(_READ) > 4096:
            _READ.clear()
        _READ[key] = kept
    product = kept[1]
    return (dict(product) if product is not None else None), kept[2]


def open_view(now: int, history: History, page: dict, url: str, events: list, random_id) -> dict:
    """Open a page view at `now`; `events` are [time, GA4 name, params] pushed on it so far."""
    product, stores = read_page(page, url)  # stores: read before the category is (it is not theirs)
    if product and not product["category"]:
        product["category"] = analytics_category(events)  # WooCommerce, Magento
    listed = next((e for e in events if e[1] == "view_item_list"), None)
    category = (product["category"] if product else list_category(listed[2]) if listed else None) or None
    profile = history.storage.profile
    before = None
    ahead = None

    def change(record):
        nonlocal before, ahead
        history.derived.clear()  # a view, a session, a product's prices and summary
        session = touch_session(record, now, random_id)
        kept = record.pop("next", None)
        if kept and kept.get("url") == url and kept.get("session") == session["id"]:
            ahead = kept
        session["views"] += 1
        entry = [now, url, product["id"] if product else None, category, session["id"]]
        record["views"].append(entry)
        note_view(entry, profile)
        if product:
            before = _remember(record, product, now, profile)
            _alias(record, product, events, profile)

    history.mutate(now, change)
    prices = before["prices"] if before else []
    pathname = url.split("?", 1)[0]
    return {
        "start": now,
        "url": url,
        "pathname": pathname,
        "type": page_type(page.get("type"), product, [e[1] for e in events], pathname),
        "product": product,
        "category": category,
        "stores": stores,
        "currency": (product and product["currency"]) or _event_currency(events),
        "productDwellBefore": before["dwell"] if before else 0,
        "lastPrice": prices[-1][1] if prices else None,
        "context": None,  # read at the view's first snapshot (state.py)
        "ahead": ahead,
        "id": None,  # the page view's id for events (events/record.js), made when first needed
    }


def late_event(view: dict, name: str, params, history: History, now: int) -> bool:
    """An analytics event after the view opened: a late page type, a category (a list's, or
    the product's when its markup has none), the product's other ids or the currency.
    Returns True when the page's type changed."""
    typed = False
    if view["type"] == "other" and name in BY_EVENT:
        view["type"] = BY_EVENT[name]
        typed = True
    if not view["currency"] and isinstance(prop(params, "currency"), str):
        view["currency"] = params["currency"]
    product = view["product"]
    if name == "view_item_list":
        named = not product and list_category(params)
    else:
        named = name == "view_item" and product and analytics_category([(0, name, params)])
    profile = history.storage.profile
    if named and not view["category"]:
        view["category"] = named
        if product:
            product["category"] = named

        def categorize(record):
            history.derived.clear()  # a view's category, a product's summary
            for entry in record["views"]:
                if entry[0] == view["start"] and entry[1] == view["url"]:
                    entry[3] = view["category"]
                    note_view(entry, profile)
                    break
            stored = product and record["products"].get(js.key(product["id"]))
            if stored and "name" in stored:
                stored["category"] = view["category"]
                note_product(stored, profile)

        history.mutate(now, categorize)
    if name == "view_item" and product:
        def names(record):
            if record["products"].get(js.key(product["id"])):
                _alias(record, product, [(0, name, params)], profile)

        history.mutate(now, names)
    return typed
