"""Mirrors page/product.js and page/productDetails.js: the page's schema.org Product from its
JSON-LD blocks, and the normalized product the engine's templates get."""

from __future__ import annotations

import math

from .. import js


def _types(node) -> list:
    kind = node.get("@type") if isinstance(node, dict) else None
    return kind if isinstance(kind, list) else [kind]


def _nodes(value):
    if isinstance(value, list):
        for item in value:
            yield from _nodes(item)
    elif isinstance(value, dict):
        yield value
        if value.get("@graph"):
            yield from _nodes(value["@graph"])


def number(value):
    """`number()`: a finite number (JSON-style: integral values are ints) or None."""
    n = value if type(value) in (int, float) else js.parse_float(value)
    return js.num(n) if math.isfinite(n) else None


def text(value):
    if value is None:
        return None
    if isinstance(value, dict):
        inner = value.get("name")
        if inner is None:
            inner = value.get("@id")
        return text(inner)
    return js.string(value)


def _first(node: dict, *names):
    """`a ?? b ?? c`: the first of the fields that is present and not null."""
    for name in names:
        value = node.get(name)
        if value is not None:
            return value
    return None


def offer(offers) -> dict:
    first = (offers[0] if offers else None) if isinstance(offers, list) else offers
    if not js.truthy(first) or not isinstance(first, dict):
        return {"price": None, "currency": None}
    return {"price": number(_first(first, "price", "lowPrice")), "currency": text(first.get("priceCurrency"))}


_READ: dict[int, tuple] = {}


def read_product(blocks: list) -> dict | None:
    """readProduct(): the first Product node of the JSON-LD `blocks` (parsed values). A page's
    blocks never change, so the answer (with its description, made once) is kept per blocks
    object for the next page load of the same page."""
    kept = _READ.get(id(blocks))
    if kept is not None and kept[0] is blocks:
        return kept[1]
    found = _read(blocks)
    if len(_READ) > 4096:
        _READ.clear()
    _READ[id(blocks)] = (blocks, found)
    return found


def _read(blocks: list) -> dict | None:
    for data in blocks:
        for node in _nodes(data):
            if "Product" not in _types(node):
                continue
            return {"id": text(_first(node, "sku", "productID", "@id", "url", "name")),
                    "name": text(node.get("name")), "category": text(node.get("category")),
                    **offer(node.get("offers")), "node": node}
    return None


def _review(node) -> dict:
    node = node if isinstance(node, dict) else {}
    rating = node.get("reviewRating")
    return {
        "author": text(node.get("author")) or "A shopper",
        "rating": number(rating.get("ratingValue") if isinstance(rating, dict) else None),
        "title": text(node.get("name")),
        "body": text(_first(node, "reviewBody", "description")) or "",
        "date": text(node.get("datePublished")),
    }


def describe(found: dict | None, pathname: str) -> dict | None:
    """describe(): the normalized product ({id, name, ..., reviews}), cached on `found`."""
    if not found:
        return None
    described = found.get("described")
    if described is not None and described["_pathname"] == pathname:
        return described["product"]
    node = found["node"]
    rating = node.get("aggregateRating") or {}
    raw = node.get("review")
    reviews = [_review(r) for r in (raw if isinstance(raw, list) else [raw])] if js.truthy(raw) else []
    image = node.get("image")
    image = image[0] if isinstance(image, list) else image
    count = number(_first(rating, "reviewCount", "ratingCount") if isinstance(rating, dict) else None)
    product = {
        "id": found["id"],
        "name": found["name"],
        "category": found["category"],
        "url": text(node.get("url")) or pathname,
        "image": text(image["url"] if isinstance(image, dict) and image.get("url") else image),
        "price": found["price"],
        "currency": found["currency"],
        "rating": number(rating.get("ratingValue") if isinstance(rating, dict) else None),
        "review_count": count if count is not None else (len(reviews) or None),
        "reviews": reviews,
    }
    found["described"] = {"_pathname": pathname, "product": product}
    return product
