"""Each snippet's data: the update + the rule's params -> what its template shows, or None.

None means the page lacks what the snippet needs (a review popup for a product without
reviews, a price check on a first view): the rule is then not shown, and not counted, rather
than shown empty. Money, dates and times are written here (formats.py), so templates only
print strings. Shapes of the update's fields: docs/contracts.md, section 5.
"""

from datetime import date as Date

from . import formats, reviews
from .stores import opening


def _num(value) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def safe_url(value) -> str | None:
    """A link or image address a snippet may use: a path on this site or http(s); else None."""
    url = _text(value)
    if url.startswith("/") and not url.startswith("//"):
        return url
    return url if url.lower().startswith(("https://", "http://")) else None


def _money(update: dict, currency: str | None):
    pattern = formats.money_pattern(update.get("formats"), currency)
    return lambda amount: formats.money(amount, pattern)


def stars(rating) -> str:
    """Five stars, the rating's rounded number of them filled: "★★★★☆"."""
    value = _num(rating)
    if value is None:
        return ""
    full = max(0, min(5, round(value)))
    return "\u2605" * full + "\u2606" * (5 - full)


def review_popup(update: dict, params: dict) -> dict | None:
    product = update.get("product") or {}
    found = [r for r in product.get("reviews") or () if isinstance(r, dict)
             and (_text(r.get("body")) or _text(r.get("title")))]
    if not found or not _text(product.get("name")):
        return None
    sections = (update.get("signals") or {}).get("section") or {}
    topic, picked = reviews.pick(found, sections, params.get("focus", ""), params.get("max_reviews", 3))
    rating = _num(product.get("rating"))
    return {"topic": topic, "topic_label": reviews.LABELS.get(topic or ""),
            "rating": f"{rating:.1f}" if rating is not None else None,
            "count": int(product["review_count"]) if _num(product.get("review_count")) else None,
            "reviews": [{"author": _text(r.get("author")) or "A shopper", "title": _text(r.get("title")),
                         "segments": r["segments"], "stars": stars(r.get("rating")),
                         "rating": int(round(r["rating"])) if _num(r.get("rating")) else None,
                         "helpful": int(r["helpful"]) if _num(r.get("helpful")) else None}
                        for r in picked]}


def trust_badge(update: dict, params: dict) -> dict | None:
    return {}


def _when(iso: str | None, today: str | None, pattern: dict) -> str:
    """"earlier today", "yesterday" or "on May 4" for a past local date."""
    try:
        days = (Date.fromisoformat(str(today)) - Date.fromisoformat(str(iso))).days
    except ValueError:
        days = None
    if days == 0:
        return "earlier today"
    if days == 1:
        return "yesterday"
    return f"on {formats.date(iso, pattern)}"


def price_check(update: dict, params: dict) -> dict | None:
    """Same price as, or lower than, on the shopper's previous look at this product."""
    product = update.get("product") or {}
    price = _num(product.get("price"))
    looks = [look for look in product.get("price_history") or ()
             if isinstance(look, dict) and _num(look.get("price")) is not None]
    if price is None or not looks:
        return None  # a first view has nothing to compare with
    then = _num(looks[-1]["price"])
    difference = round(then - price, 2)
    if difference < 0:
        return None  # the price went up since: nothing reassuring to say
    money = _money(update, product.get("currency"))
    pattern = formats.date_pattern(update.get("formats"))
    today = (update.get("signals") or {}).get("context.date")
    earlier = [_num(look["price"]) for look in looks]
    return {"state": "lower" if difference >= 0.01 else "same",
            "price": money(price), "then": money(then), "difference": money(difference),
            "when": _when(looks[-1].get("date"), today, pattern),
            "lowest": difference >= 0.01 and all(price < p for p in earlier),
            "promise": _text(params.get("promise")) or None}


def comparison_table(update: dict, params: dict) -> dict | None:
    """This session's viewed products in the page's category, the current one first."""
    product = update.get("product") or {}
    category = product.get("category") or update.get("category")
    current = product.get("id")
    same = [v for v in update.get("viewed") or () if isinstance(v, dict) and v.get("id")
            and category and v.get("category") == category and _text(v.get("name"))]
    same.sort(key=lambda v: v.get("id") != current)  # stable: the current one, then by recency
    rows = same[:max(2, min(int(params.get("max_products", 3)), 4))]
    if len(rows) < 2:
        return None
    prices = [_num(r.get("price")) for r in rows]
    ratings = [_num(r.get("rating")) for r in rows]
    low = min((p for p in prices if p is not None), default=None)
    top = max((r for r in ratings if r is not None), default=None)
    out = []
    for row, price, rating in zip(rows, prices, ratings, strict=True):
        money = _money(update, row.get("currency"))
        out.append({"name": _text(row.get("name")), "url": safe_url(row.get("url")),
                    "image": safe_url(row.get("image")), "current": row.get("id") == current,
                    "price": money(price) if price is not None else None,
                    "rating": f"{rating:.1f}" if rating is not None else None,
                    "stars": stars(rating), "reviews": int(row["review_count"])
                    if _num(row.get("review_count")) else None,
                    "cheapest": price is not None and price == low and prices.count(low) == 1,
                    "top_rated": rating is not None and rating == top and ratings.count(top) == 1})
    return {"category": category, "rows": out}


def shipping_progress(update: dict, params: dict) -> dict | None:
    """The amount left to free shipping, or (with show_reached) that it is reached."""
    signals = update.get("signals") or {}
    threshold = _num(params.get("threshold"))
    value = _num(signals.get("cart.value")) or 0.0
    if not signals.get("cart.count") or not threshold or threshold <= 0:
        return None
    remaining = round(threshold - value, 2)
    if remaining <= 0 and not params.get("show_reached"):
        return None
    money = _money(update, update.get("currency") or _text(params.get("currency")) or None)
    return {"reached": remaining <= 0, "remaining": money(max(remaining, 0)),
            "threshold": money(threshold), "percent": max(0, min(100, int(value * 100 // threshold)))}


def store_pickup(update: dict, params: dict) -> dict | None:
    """The store named on the page (schema.org) or in the rule's params; never a location."""
    stores = [s for s in update.get("stores") or () if isinstance(s, dict) and _text(s.get("name"))]
    store = stores[0] if stores else None
    if store is None and _text(params.get("store_name")):
        store = {"name": params["store_name"], "address": params.get("store_address"),
                 "url": params.get("store_url"), "hours_text": params.get("store_hours")}
    if store is None:
        return None
    signals = update.get("signals") or {}
    status, at = opening(store.get("hours") or [], signals.get("context.weekday"),
                         signals.get("context.hour"))
    pattern = formats.date_pattern(update.get("formats"))
    status_text = {"open": f"Open now, until {formats.time(at, pattern)}",
                   "later": f"Opens today at {formats.time(at, pattern)}",
                   "closed": "Closed today"}.get(status) or _text(store.get("hours_text")) or None
    return {"name": _text(store["name"]), "address": _text(store.get("address")) or None,
            "url": safe_url(store.get("url")), "telephone": _text(store.get("telephone")) or None,
            "status": status, "status_text": status_text, "pickup": bool(store.get("pickup")),
            "pickup_text": _text(params.get("pickup_text")) or None}


def how_to(update: dict, params: dict) -> dict | None:
    """The product's own guide (schema.org subjectOf), else the rule's."""
    guide = (update.get("product") or {}).get("guide") or {}
    url = safe_url(guide.get("url")) or safe_url(params.get("url"))
    title = _text(guide.get("title")) if safe_url(guide.get("url")) else _text(params.get("title"))
    if not url or not title:
        return None
    return {"title": title, "url": url, "detail": _text(params.get("detail")) or None}


def exit_offer(update: dict, params: dict) -> dict | None:
    code = _text(params.get("code"))
    if not code:
        return None
    return {"code": code, "headline": _text(params.get("headline")),
            "detail": _text(params.get("detail")) or None}


def quick_question(update: dict, params: dict) -> dict | None:
    choices = [c.strip() for c in str(params.get("choices") or "").split("|") if c.strip()][:5]
    question = _text(params.get("question"))
    if not question or len(choices) < 2:
        return None
    return {"question": question, "choices": choices, "thanks": _text(params.get("thanks"))}


DATA = {fn.__name__: fn for fn in (review_popup, trust_badge, price_check, comparison_table,
                                   shipping_progress, store_pickup, how_to, exit_offer,
                                   quick_question)}


def data_for(snippet: str, update: dict, params: dict) -> dict | None:
    """What `snippet` shows for this update, or None when the page lacks it."""
    make = DATA.get(snippet)
    return make(update, params) if make else {}
