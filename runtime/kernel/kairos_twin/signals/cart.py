"""Mirrors signals/onCart.js: GA4 e-commerce events (dataLayer objects, gtag's arrays) and the
cart they make, kept in the visit history."""

from __future__ import annotations

import math

from .. import js

CART_EVENTS = {"add_to_cart", "remove_from_cart", "purchase", "view_cart", "begin_checkout",
               "view_item_list", "view_item"}
CART_CHANGES = {"add_to_cart", "remove_from_cart", "purchase", "view_cart", "begin_checkout"}


def ga4_event(entry) -> tuple[str, dict] | None:
    """(name, params) of a dataLayer entry: `{event, ecommerce}` or gtag's ('event', name, params)."""
    if isinstance(entry, dict):
        if isinstance(entry.get("event"), str):
            params = entry.get("ecommerce")
            return entry["event"], params if js.truthy(params) else {}
        return None
    if isinstance(entry, list) and len(entry) > 1 and entry[0] == "event" and isinstance(entry[1], str):
        params = entry[2] if len(entry) > 2 else None
        return entry[1], params if js.truthy(params) else {}
    return None


def apply_to_cart(cart: dict, name: str, params) -> bool:
    """Apply one GA4 event to `cart` ({id: {id, name, price, quantity}}); True if it changed."""
    items = params.get("items") if isinstance(params, dict) else None
    items = items if isinstance(items, list) else []
    if name == "purchase":
        had = len(cart) > 0
        cart.clear()
        return had
    if name in ("view_cart", "begin_checkout"):
        if not items:
            return False
        cart.clear()
        return apply_to_cart(cart, "add_to_cart", params) or True
    if name not in ("add_to_cart", "remove_from_cart"):
        return False
    for item in items:
        if not isinstance(item, dict):
            continue
        raw = item.get("item_id")
        item_id = js.string(raw) if raw is not None else None
        if not item_id:
            continue
        quantity = js.to_number(item.get("quantity"))
        quantity = 1 if math.isnan(quantity) or quantity == 0 else quantity
        line = cart.get(item_id)
        if line is None:
            price = js.to_number(item.get("price"))
            line = {"id": item_id, "name": item.get("item_name") or None,
                    "price": 0 if math.isnan(price) or price == 0 else js.num(price), "quantity": 0}
        line["quantity"] = js.num(line["quantity"] + (quantity if name == "add_to_cart" else -quantity))
        if line["quantity"] > 0:
            cart[item_id] = line
        else:
            cart.pop(item_id, None)
    return len(items) > 0
