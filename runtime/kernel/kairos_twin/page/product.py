"""Mirrors page/product.js: the page's product, normalized (docs/contracts.md, PRODUCT), from
the shapes platforms emit: Product, ProductGroup with hasVariant, a variant's isVariantOf,
@graph nodes, offers as an object, a list or an AggregateOffer, prices in a
priceSpecification or as ranges, ratings as strings or out of 100, and microdata."""

from __future__ import annotations

import json
import math
import re
from urllib.parse import parse_qsl

from .. import js
from .structured import is_a, resolver

_LIST_PRICES = re.compile(r"ListPrice|StrikethroughPrice|MSRP|SRP", re.I)
_HELPFUL = re.compile(r"Like|Agree", re.I)
_GROUP = re.compile(r"^ProductGroup\Z")
_PRODUCT = re.compile(r"^(Product|IndividualProduct|ProductModel)\Z")
_NOT_AMOUNT = re.compile(r"[^0-9.,-]")
_DECIMAL_COMMA = re.compile(r",[0-9]{1,2}\Z")
ID_KEYS = ("sku", "productID", "mpn", "gtin", "gtin13", "gtin12", "gtin14", "gtin8", "@id", "url")


def prop(value, name: str):
    """`value.name` for JSON values: only objects have the properties markup names."""
    return value.get(name) if isinstance(value, dict) else None


def first(value, *names):
    """`value.a ?? value.b ?? ...`."""
    for name in names:
        found = prop(value, name)
        if found is not None:
            return found
    return None


def either(value, other):
    """`value ?? other`."""
    return value if value is not None else other


def as_list(value) -> list:
    """`[].concat(value)`, with null as []."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def is_object(value) -> bool:
    """`value && typeof value === "object"` (arrays and empty objects too)."""
    return isinstance(value, (dict, list))


def text(value):
    if value is None:
        return None
    if isinstance(value, list):
        return text(value[0] if value else None)
    if isinstance(value, dict):
        return text(first(value, "name", "@id", "url"))
    return js.trim(js.string(value)) or None


def amount(value):
    """A number from a number or a price text ("1,299.00", "1.299,00", "$34"), else None."""
    if type(value) in (int, float):
        return js.num(value) if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    s = _NOT_AMOUNT.sub("", value)
    if s.rfind(",") > s.rfind(".") and _DECIMAL_COMMA.search(s):
        s = s.replace(".", "").replace(",", ".", 1)  # "1.299,00", "12,5": a decimal comma
    else:
        s = s.replace(",", "")  # "1,299.00", "1,299": thousands separators
    n = js.parse_float(s)
    return js.num(n) if math.isfinite(n) else None


def offer(offers, resolve=lambda x: x) -> dict:
    """{price, currency, offer} of the first offer (or specification) that is the current
    price, not a list price."""
    for raw in as_list(offers):
        o = resolve(raw)
        if not is_object(o):
            continue
        specs = [s for s in map(resolve, as_list(prop(o, "priceSpecification")))
                 if js.truthy(s) and not _LIST_PRICES.search(js.string(prop(s, "priceType") or ""))]
        spec = specs[0] if specs else {}
        price = amount(either(first(o, "price", "lowPrice", "minPrice"), first(spec, "price", "minPrice")))
        if price is not None:
            currency = text(either(prop(o, "priceCurrency"), prop(spec, "priceCurrency")))
            return {"price": price, "currency": currency, "offer": o}
    return {"price": None, "currency": None, "offer": None}


def rating_of(node):
    value = amount(prop(node, "ratingValue"))
    best = amount(prop(node, "bestRating"))
    if value is None:
        return None
    # Magento prints ratings as a percentage with bestRating 100; templates show out of 5.
    return js.num(js.js_round((value / best) * 50) / 10) if best and best != 5 else value


def _stringify(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _helpful(review):
    for stat in as_list(prop(review, "interactionStatistic")):
        kind = prop(stat, "interactionType")
        if js.truthy(stat) and _HELPFUL.search(_stringify(kind if kind is not None else "")):
            return amount(prop(stat, "userInteractionCount"))
    return amount(prop(review, "upvoteCount"))


def reviews(node, resolve) -> list:
    found = [r for r in map(resolve, as_list(first(node, "review", "reviews"))) if is_object(r)]
    return [{"author": text(prop(r, "author")) or "A shopper",
             "rating": rating_of(resolve(prop(r, "reviewRating"))),
             "title": text(first(r, "name", "headline")),
             "body": text(first(r, "reviewBody", "description", "text")) or "",
             "date": text(prop(r, "datePublished")),
             "helpful": _helpful(r)} for r in found[:20]]


def identifiers(node) -> list[str]:
    """Every identifier a node names (for reconciling ids across markup and analytics)."""
    out = []
    for key in ID_KEYS:
        for value in as_list(prop(node, key)):
            named = text(value)
            if named:
                out.append(named)
    return out


def search_params(search: str) -> list[tuple[str, str]]:
    """new URLSearchParams(search) as (name, value) pairs."""
    return parse_qsl(search[1:] if search.startswith("?") else search, keep_blank_values=True)


def _get(params: list, name: str):
    return next((value for key, value in params if key == name), None)


def _names_this_page(href, own: list) -> bool:
    """Whether `href`'s query names the page's own (each parameter in this page's URL)."""
    parts = js.string(href if js.truthy(href) else "").split("#")[0].split("?")
    query = parts[1] if len(parts) > 1 else ""
    if not query:
        return False
    params = search_params(query)
    return len(params) > 0 and all(_get(own, key) == value for key, value in params)


def _chosen_variant(variants: list, own: list):
    sku = _get(own, "sku")
    for v in variants:
        hrefs = [prop(v, "url"), prop(v, "@id")]
        for o in as_list(prop(v, "offers")):
            hrefs += [prop(o, "url"), prop(o, "@id")] if js.truthy(o) else []
        if (sku and sku in identifiers(v)) or any(_names_this_page(h, own) for h in hrefs):
            return v
    return variants[0] if variants else None


def _spread(value) -> dict:
    """`{...value}` of a JSON value (a string spreads into its characters)."""
    if isinstance(value, dict):
        return value
    if isinstance(value, (str, list)):
        return {str(i): v for i, v in enumerate(value)}
    return {}


def read_product(nodes: list, url: str) -> dict | None:
    """The page's product as PRODUCT (+ `aliases`, `offer`), or None; `url` is the page's
    path and query."""
    resolve = resolver(nodes)
    group = next((n for n in nodes if is_a(n, _GROUP)), None)
    variant_refs = as_list(prop(group, "hasVariant")) if group is not None else []
    in_group = {id(resolve(v)) for v in variant_refs}
    products = [n for n in nodes if is_a(n, _PRODUCT) and id(n) not in in_group]
    # Several products side by side and no group: a listing (category cards), not a product page.
    if group is None and len({_product_key(n) for n in products}) > 1:
        return None
    product = products[0] if products else None
    parent = group
    if group is None and product is not None and js.truthy(product.get("isVariantOf")):
        parent = resolve(product["isVariantOf"])
    if group is None and product is None:
        return None
    # A variant's own page (isVariantOf): its fields first, the group's where it has none.
    main = group if group is not None else ({**_spread(parent), **product} if js.truthy(parent) else product)
    variants = [v for v in map(resolve, variant_refs) if is_object(v)]
    pathname, _, query = url.partition("?")
    own = search_params(query)
    variant = _chosen_variant(variants, own) if group is not None else product if js.truthy(parent) else None
    if js.truthy(parent):
        named = first(parent, "productGroupID", "sku", "@id", "url")
        product_id = text(either(named, first(product, "url", "name")))
    else:
        product_id = text(first(main, "sku", "productID", "@id", "url", "name"))
    if not product_id:
        return None
    source = variant if js.truthy(variant) else main
    own_offer = offer(prop(source, "offers"), resolve)
    priced = own_offer if own_offer["price"] is not None else offer(prop(main, "offers"), resolve)
    ratings = (resolve(prop(main, "aggregateRating")), resolve(prop(source, "aggregateRating")))
    rating = next((r for r in ratings if js.truthy(r)), {})
    images = as_list(either(prop(source, "image"), prop(main, "image")))
    image = resolve(images[0]) if images else None
    guide = next((g for g in map(resolve, as_list(prop(main, "subjectOf")))
                  if is_object(g) and text(prop(g, "url"))), None)
    main_reviews = reviews(main, resolve)
    found = main_reviews if main_reviews else reviews(source, resolve)
    aliases = dict.fromkeys([*identifiers(main), *(identifiers(parent) if js.truthy(parent) else []),
                             *(i for v in variants for i in identifiers(v)),
                             *(identifiers(variant) if js.truthy(variant) else [])])
    aliases.pop(product_id, None)
    count = amount(first(rating, "reviewCount", "ratingCount"))
    return {
        "id": product_id,
        "name": text(either(prop(main, "name"), prop(source, "name"))),
        "category": text(either(prop(main, "category"), prop(source, "category"))) or None,
        "url": text(either(prop(main, "url"), prop(source, "url"))) or pathname,
        "image": text(first(image, "url", "contentUrl", "@id") if is_object(image) else image),
        "price": priced["price"],
        "currency": priced["currency"],
        "rating": rating_of(rating),
        "review_count": count if count is not None else (len(found) or None),
        "reviews": found,
        "guide": None if guide is None else {"title": text(first(guide, "name", "headline")) or "Guide",
                                             "url": text(prop(guide, "url"))},
        "aliases": list(aliases)[:40],
        "offer": priced["offer"],  # for the stores that sell it (stores.py); not sent to the engine
    }


def _product_key(node):
    return text(first(node, "sku", "@id", "name"))
