"""Mirrors page/stores.js: the stores a page names in its schema.org data (where the product's
offer is available, `availableAtOrFrom`, and the page's own Store / LocalBusiness nodes),
normalized for the store_pickup snippet (docs/contracts.md, STORE)."""

from __future__ import annotations

import json
import re

from .. import js
from .product import as_list, is_object, prop, text
from .structured import is_a

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PREFIX = re.compile(r"^[^\n\r\u2028\u2029]*[/#]")
_HHMM = re.compile(r"^([0-9]{1,2}):([0-9]{2})")
_TEXT_HOURS = re.compile(r"^\s*([A-Za-z,\s-]+?)\s+([0-9]{1,2}:[0-9]{2})\s*-\s*([0-9]{1,2}:[0-9]{2})\s*\Z")
_PICKUP = re.compile(r"Pick ?Up", re.I)
_STORE = re.compile(r"(Store|LocalBusiness)\Z")


def _day(value):
    name = _PREFIX.sub("", text(value) or "", count=1)[:2].lower()
    return next((d for d in DAYS if d.startswith(name)), None) if len(name) == 2 else None


def _hhmm(value):
    m = _HHMM.match(js.string(value if js.truthy(value) else ""))
    return f"{m.group(1).rjust(2, '0')}:{m.group(2)}" if m else None


def _from_text(spec):
    """openingHours text ("Mo-Fr 09:00-20:00", "Sa,Su 10:00-16:00") -> {days, opens, closes}."""
    m = _TEXT_HOURS.match(js.string(spec))
    if not m:
        return None
    days = []
    for part in m.group(1).split(","):
        ends = [DAYS.index(d) if (d := _day(x)) else -1 for x in part.split("-")]
        start = ends[0]
        end = ends[1] if len(ends) > 1 and ends[1] >= 0 else start
        if start < 0:
            continue
        days += DAYS[start:end + 1]
    return {"days": days, "opens": _hhmm(m.group(2)), "closes": _hhmm(m.group(3))} if days else None


def _hours(node) -> list:
    out = []
    for spec in as_list(prop(node, "openingHoursSpecification")):
        if not is_object(spec):
            continue
        days = [d for d in map(_day, as_list(prop(spec, "dayOfWeek"))) if d]
        opens, closes = _hhmm(prop(spec, "opens")), _hhmm(prop(spec, "closes"))
        if days and opens and closes:
            out.append({"days": days, "opens": opens, "closes": closes})
    for spec in as_list(prop(node, "openingHours")):
        parsed = _from_text(spec)
        if parsed:
            out.append(parsed)
    return out


def _address(value):
    if not is_object(value):
        return text(value)
    region = " ".join(t for t in (text(prop(value, "addressRegion")), text(prop(value, "postalCode"))) if t)
    parts = (text(prop(value, "streetAddress")), text(prop(value, "addressLocality")), text(region))
    return ", ".join(p for p in parts if p) or None


def _store(node, pickup: bool) -> dict:
    return {"name": text(prop(node, "name")), "url": text(prop(node, "url")),
            "telephone": text(prop(node, "telephone")), "address": _address(prop(node, "address")),
            "hours": _hours(node)[:14], "pickup": pickup}


def read_stores(nodes: list, product: dict | None, resolve) -> list:
    """The stores of the page: where the product's offer is available first (pickup), then
    the page's own store nodes; at most 3, each with a name."""
    offer = product.get("offer") if product else None
    method = prop(offer, "availableDeliveryMethod") if offer is not None else None
    pickup = bool(_PICKUP.search(json.dumps(method if js.truthy(method) else "", ensure_ascii=False)))
    places = []
    if offer:
        places = [p for p in map(resolve, as_list(prop(offer, "availableAtOrFrom"))) if is_object(p)]
    out = [_store(p, True) for p in places]
    for node in nodes:
        if is_a(node, _STORE) and not any(node is p for p in places):
            out.append(_store(node, pickup))
    return [s for s in out if s["name"]][:3]
