"""Mirrors view.js: one page view, what the page publishes (JSON-LD product, page type,
category) and its entry in the visit history."""

from __future__ import annotations

from . import js
from .lib.history import History, note_view, touch_session
from .page.page_type import page_type


def open_view(now: int, history: History, page: dict, product: dict | None, url: str, pathname: str,
              events: list[str], list_category: str | None, random_id) -> dict:
    """Record a page view at `now`; `events` are GA4 event names pushed on this view so far."""
    category = product["category"] if product else list_category
    stored = None
    ahead = None

    def change(record):
        nonlocal stored, ahead
        session = touch_session(record, now, random_id)
        kept = record.pop("next", None)
        if kept and kept.get("url") == url and kept.get("session") == session["id"]:
            ahead = kept
        session["views"] += 1
        entry = [now, url, product["id"] if product else None, category or None, session["id"]]
        record["views"].append(entry)
        note_view(entry, history.storage.profile)
        if product:
            pid = js.key(product["id"])
            entry = record["products"].get(pid) or {"dwell": 0, "price": None, "seen": now}
            stored = dict(entry)
            record["products"][pid] = {**entry, "price": product["price"], "seen": now}

    history.mutate(now, change)
    return {
        "start": now,
        "url": url,
        "pathname": pathname,
        "type": page_type(page.get("type"), product, events, pathname),
        "product": product,
        "category": category or None,
        "productDwellBefore": stored["dwell"] if stored else 0,
        "lastPrice": stored["price"] if stored else None,
        "context": None,
        "ahead": ahead,
    }
