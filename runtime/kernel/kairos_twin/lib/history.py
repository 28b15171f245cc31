"""Mirrors lib/history.js: sessions, page views, per-product dwell, price history and summary
(view.py), the product's other names (`aliases`), exposures, the last exposure (`last`, for
conversions: show.py) and the cart in one record, bounded to the retention window, 400 views,
200 products, 50 sessions, 50 exposures per rule and 60 K characters of JSON (oldest views
dropped first).

The record is one Python object per storage slot: `read()` prunes it in place (pruning is
idempotent and time only moves forward, so this equals JS re-parsing and pruning a copy).
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring_ascii

from .. import js
from ..ahead import MAX_STORED
from .storage import Storage

KEY = "kairos:v1"
VERSION = 1
SESSION_GAP = 30 * 60 * 1000
MAX_VIEWS = 400
MAX_PRODUCTS = 200
MAX_CHARS = 60 * 1024
DAY = 86_400_000


def fresh(random_id) -> dict:
    return {"v": VERSION, "visitor": random_id(), "sessions": [], "views": [], "products": {},
            "exposures": {}, "cart": {}, "cartAt": 0}


def prune(record: dict, now: int, retention_days: int, derived: dict | None = None) -> bool:
    """Drop what is older than the retention window or beyond the size bounds; True when views,
    sessions or products went (what History.derived is made from, which keeps the oldest
    product's `seen` meanwhile)."""
    horizon = now - retention_days * DAY
    views, sessions, products = record["views"], record["sessions"], record["products"]
    before = (len(views), len(sessions), len(products))
    if views and views[0][0] < horizon:
        views = [view for view in views if view[0] >= horizon]
    record["views"] = views = views[-MAX_VIEWS:] if len(views) > MAX_VIEWS else views
    if sessions and sessions[0]["last"] < horizon:
        sessions = [s for s in sessions if s["last"] >= horizon]
    record["sessions"] = sessions = sessions[-50:] if len(sessions) > 50 else sessions
    exposures = record["exposures"]
    # Most prunes drop no exposure: find the rules to trim first (one pass, no writes).
    for rule in [rule for rule, times in exposures.items()
                 if not times or times[0] < horizon or len(times) > 50]:
        times = [ts for ts in exposures[rule] if ts >= horizon][-50:]
        if times:
            exposures[rule] = times
        else:
            del exposures[rule]
    if (record.get("cartAt") or 0) < horizon:
        cart = record.get("cart")
        if cart or type(cart) is not dict:  # an empty cart stays as it is
            record["cart"] = {}
    oldest = derived.get("oldest") if derived is not None else None
    if oldest is None:
        oldest = min([p["seen"] for p in products.values()], default=math.inf)
        if derived is not None:
            derived["oldest"] = oldest
    if len(products) > MAX_PRODUCTS or oldest < horizon:
        kept = [(k, products[k]) for k in js.keys(products) if products[k]["seen"] >= horizon]
        kept.sort(key=lambda item: -item[1]["seen"])
        record["products"] = products = dict(kept[:MAX_PRODUCTS])
        if derived is not None:
            derived.pop("oldest", None)
    return before != (len(views), len(sessions), len(products))


def expiry(record: dict, derived: dict) -> float:
    """For a record prune() just left as it is: the earliest time the retention window can
    reach without prune() dropping anything (what it compares with the window's start), or
    -inf when the next prune writes something whatever the time."""
    views, sessions, cart = record["views"], record["sessions"], record.get("cart")
    if type(cart) is not dict:
        return -math.inf
    until = views[0][0] if views else math.inf
    if sessions and sessions[0]["last"] < until:
        until = sessions[0]["last"]
    for times in record["exposures"].values():  # none empty, none over 50, once pruned
        if times[0] < until:
            until = times[0]
    if cart and (record.get("cartAt") or 0) < until:
        until = record.get("cartAt") or 0
    oldest = derived.get("oldest")
    if oldest is None:
        oldest = min([p["seen"] for p in record["products"].values()], default=math.inf)
    return min(until, oldest)


class History:
    """The stored record of one document's storage; `random_id()` is the page's crypto."""

    def __init__(self, storage: Storage, random_id, retention_days: int = 30):
        self.storage = storage
        self.random_id = random_id
        self.retention_days = retention_days
        # What state.py derives from the stored views, sessions and products, kept until they
        # change: the twin's, to build each update's snapshot faster. Cleared here when pruning
        # or the size bound drops any, and by the changes that write them (view.py's).
        self.derived: dict = {}
        # The record this history last pruned or wrote, unchanged since, and until when its
        # retention window drops nothing from it (expiry()): reading it again meanwhile needs
        # no pruning (the twin's shortcut; history.js prunes the record it parses each time).
        self.clean: tuple = (None, -math.inf)

    def read(self, now: int) -> dict:
        """The stored history (a fresh one when absent), pruned to `now`."""
        record, pruned = self._load(now)
        if pruned:
            self.clean = (record, expiry(record, self.derived))
        return record

    def _load(self, now: int) -> tuple[dict, bool]:
        """(the stored history pruned to `now`, whether it needed a prune() to know)."""
        record = self.storage.load(KEY)
        if record is None:
            record = fresh(self.random_id)
            self.derived.clear()
        elif not self.storage.persistent and record is self.storage.profile.local.get(KEY):
            record = json.loads(json.dumps(record))  # memory's copy is its own
        clean, until = self.clean
        if record is clean and now - self.retention_days * DAY <= until:
            return record, False
        if prune(record, now, self.retention_days, self.derived):
            self.derived.clear()
        return record, True

    def mutate(self, now: int, change) -> dict:
        """Apply `change(record)` to the freshest history and save it; returns the record."""
        record = self._load(now)[0]
        self.clean = (None, -math.inf)  # what `change` writes is not pruned yet
        change(record)
        record["cartAt"] = record.get("cartAt") or 0
        if prune(record, now, self.retention_days, self.derived):
            self.derived.clear()
        if size_bound(record, self.storage.profile, self.derived) > MAX_CHARS:
            length = json_length(record)
            if length > MAX_CHARS and "next" in record:
                del record["next"]  # decisions kept for the next view go before any visit history
                length = json_length(record)
            while len(record["views"]) > 1 and length > MAX_CHARS:
                del record["views"][:math.ceil(len(record["views"]) / 8)]
                length = json_length(record)
                self.derived.clear()
        self.storage.save(KEY, record)
        self.clean = (record, expiry(record, self.derived))
        return record

    def forget(self) -> None:
        self.storage.erase(KEY)
        self.derived.clear()
        self.clean = (None, -math.inf)


def touch_session(record: dict, now: int, random_id) -> dict:
    """The current session, starting a new one after 30 minutes without a page view."""
    sessions = record["sessions"]
    session = sessions[-1] if sessions else None
    if session is None or now - session["last"] > SESSION_GAP:
        session = {"id": random_id(), "start": now, "last": now, "views": 0}
        sessions.append(session)
    session["last"] = now
    return session


# -- the record's size as JSON.stringify counts it (UTF-16 code units) -----------------------

def json_chars(value) -> int:
    """len(json.dumps(value)), counted without writing the text (json.dumps's Python layers, a
    new encoder per call, cost more than the record's short values themselves). At least
    len(JSON.stringify(value)): Python's ASCII-escaped JSON, with spaces after separators and
    two-digit exponents, is never shorter than JS's."""
    kind = type(value)
    if kind is str:
        return len(encode_basestring_ascii(value))
    if kind is int:
        return len(repr(value))
    if kind is float and math.isfinite(value):
        return len(repr(value))
    if value is None:
        return 4
    # In lists and objects the common items (strings, whole numbers, null) are counted here,
    # as above, without a call each.
    if kind is list:
        size = 2 * len(value) or 2  # the brackets, and ", " between items
        for item in value:
            kind = type(item)
            if kind is str:
                size += len(encode_basestring_ascii(item))
            elif kind is int:
                size += len(repr(item))
            elif item is None:
                size += 4
            else:
                size += json_chars(item)
        return size
    if kind is dict:
        size = 4 * len(value) or 2  # the braces, ": " in each item and ", " between them
        for key, item in value.items():
            if type(key) is not str:
                return len(json.dumps(value))
            size += len(encode_basestring_ascii(key))
            kind = type(item)
            if kind is str:
                size += len(encode_basestring_ascii(item))
            elif kind is int:
                size += len(repr(item))
            elif item is None:
                size += 4
            else:
                size += json_chars(item)
        return size
    return len(json.dumps(value))


def note_view(view: list, profile) -> None:
    """Remember the longest view entry written (views are most of the record's size)."""
    profile.view_chars = max(profile.view_chars, json_chars(view) + 1)


def note_product(entry: dict, profile) -> None:
    """Remember the longest product entry written, with room for its dwell to grow (save_dwell
    changes it in place: at most 16 digits)."""
    profile.product_chars = max(profile.product_chars, json_chars(entry) + 20)


_NEXT_FIELDS = {"url", "session", "version", "decisions"}  # record.next's (size_bound counts them)


def note_cart(cart: dict, profile) -> None:
    """Remember the longest cart written (only cart events change it; pruning empties it)."""
    profile.cart_chars = max(profile.cart_chars, json_chars(cart))


def note_last(last: dict, profile) -> None:
    """Remember the longest last exposure written (show.py writes it, and its orders)."""
    profile.last_chars = max(profile.last_chars, json_chars(last))


def size_bound(record: dict, profile, derived: dict | None = None) -> int:
    """At least len(JSON.stringify(record)), cheaply: only near the bound is it measured."""
    size = 260 + len(record["views"]) * profile.view_chars + 110 * len(record["sessions"])
    keys = derived.get("product_keys") if derived is not None else None
    if keys is None:
        keys = sum(len(k) + 8 for k in record["products"])
        if derived is not None:
            derived["product_keys"] = keys
    size += keys + len(record["products"]) * profile.product_chars
    size += sum([len(k) + 8 + 16 * len(v) for k, v in record["exposures"].items()])
    if record.get("aliases"):
        size += profile.alias_chars
    if record.get("last"):
        size += profile.last_chars
    if record["cart"]:
        size += profile.cart_chars
    kept = record.get("next")
    if kept:
        # ahead.py keeps at most MAX_STORED characters of decisions (exposed_ahead only drops
        # some): with its short fields that bounds it without measuring, unless near the limit.
        if kept.keys() == _NEXT_FIELDS:
            loose = (size + 48 + MAX_STORED + json_chars(kept["url"]) + json_chars(kept["session"])
                     + json_chars(kept["version"]))
            if loose <= MAX_CHARS:
                return loose
        size += len(json.dumps(kept))
    return size


def _number(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return "null"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    text = repr(value)
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    power = int(exponent)
    if -7 < power < 21:  # JS writes these in fixed notation
        return format(value, "f").rstrip("0").rstrip(".")
    return f"{mantissa}e{'+' if power > 0 else '-'}{abs(power)}"


def _js_text(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, (bool, int, float)):
        return _number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ",".join(_js_text(v) for v in value) + "]"
    return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + _js_text(v)
                          for k, v in value.items()) + "}"


def json_length(record: dict) -> int:
    """len(JSON.stringify(record)) exactly."""
    text = _js_text(record)
    return len(text) if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2
