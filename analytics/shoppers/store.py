"""A catalog -> the model store's pages, per device: what the twin loads (URL, height, the
#reviews section, slots, tracked elements, JSON-LD, GA4 events).

A catalog is JSON (demo_site/catalog.json is one):

    {"shop": {"name": str, "currency": "USD"},                  (optional)
     "products": [{"sku": str, "name": str, "category": str, "price": number | "249.00",
                   "slug": str, "rating": number, "review_count": int,
                   "reviews": [{"author", "rating", "title", "body", "date"}]}, ...]}

`name`, `category` and `price` are required, and an id: `sku`, else `product_id`, else
`group_id` (a product group's), else `slug` (the demo's catalog has products whose platform
prints no SKU); at least one product. Page geometry is the model's, not measured: a product
page is a hero (price and trust slots in it), a description (a size-help slot, then the
comparison and a reviews slot just above the reviews) and the reviews (taller with more
reviews); a phone stacks everything into a taller column. Slots sit in the column at these
places, so a snippet drawn in one counts as seen only once the shopper scrolls to it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

DEVICES = ("desktop", "mobile", "tablet")
# Heights in px, per device: (header + hero, description, one review, page footer).
LAYOUT = {"desktop": (820, 700, 150, 420), "tablet": (1100, 900, 190, 520), "mobile": (1350, 1100, 240, 640)}
# The comparison table's slot is taller on narrower screens (its rows stack).
COMPARE_HEIGHT = {"desktop": 260, "tablet": 320, "mobile": 420}
SHOWN_REVIEWS = 6


class CatalogError(ValueError):
    """A catalog that does not follow the documented shape (a one-line message)."""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "item"


@dataclass
class Product:
    sku: str
    name: str
    category: str
    price: float
    slug: str
    rating: float | None
    review_count: int
    reviews: list = field(default_factory=list)


@dataclass
class Store:
    """The catalog's products by category, and every page of the model store per device."""

    name: str
    currency: str
    products: list[Product]
    categories: dict[str, list[Product]]
    pages: dict[str, dict]

    def page(self, kind: str, device: str, slug: str = "") -> str:
        """The name of a page in `pages`: kind (home, category, product, cart, checkout,
        guide, stores), its slug, the device."""
        return f"{kind}/{slug}@{device}" if slug else f"{kind}@{device}"


def load_catalog(path: str | Path) -> Store:
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except OSError as error:
        raise CatalogError(f"cannot read catalog {path}: {error.strerror or error}") from None
    except json.JSONDecodeError as error:
        raise CatalogError(f"{path}:{error.lineno}:{error.colno}: not JSON ({error.msg})") from None
    return make_store(data, str(path))


def _price(value, where: str) -> float:
    try:
        price = float(value)
    except (TypeError, ValueError):
        raise CatalogError(f"{where}: `price` must be a number, got {value!r}") from None
    if not price >= 0:
        raise CatalogError(f"{where}: `price` must not be negative")
    return price


def make_store(data, source: str = "catalog") -> Store:
    if not isinstance(data, dict) or not isinstance(data.get("products"), list) or not data["products"]:
        raise CatalogError(f"{source}: a catalog needs a non-empty `products` list")
    products = []
    for index, raw in enumerate(data["products"]):
        where = f"{source}: products[{index}]"
        if not isinstance(raw, dict):
            raise CatalogError(f"{where}: a product is an object")
        sku = raw.get("sku") or raw.get("product_id") or raw.get("group_id") or raw.get("slug")
        missing = [k for k, v in (("sku", sku), ("name", raw.get("name")), ("category", raw.get("category")))
                   if not isinstance(v, str) or not v]
        if missing:
            raise CatalogError(f"{where}: needs text `{missing[0]}`" if missing[0] != "sku" else
                               f"{where}: needs an id (text `sku`, `product_id`, `group_id` or `slug`)")
        reviews = raw.get("reviews") if isinstance(raw.get("reviews"), list) else []
        products.append(Product(sku=sku, name=raw["name"], category=raw["category"],
                                price=_price(raw.get("price"), where),
                                slug=raw.get("slug") or slug(raw["name"]), rating=raw.get("rating"),
                                review_count=int(raw.get("review_count") or len(reviews)),
                                reviews=reviews))
    if len({p.slug for p in products}) != len(products):
        raise CatalogError(f"{source}: two products share a slug")
    categories: dict[str, list[Product]] = {}
    for product in products:
        categories.setdefault(product.category, []).append(product)
    shop = data.get("shop") if isinstance(data.get("shop"), dict) else {}
    store = Store(name=shop.get("name") or "Store", currency=shop.get("currency") or "USD",
                  products=products, categories=categories, pages={})
    for device in DEVICES:
        store.pages.update(_pages(store, device))
    return store


def ga4_item(product: Product, quantity: int = 1) -> dict:
    return {"item_id": product.sku, "item_name": product.name, "item_category": product.category,
            "price": product.price, "quantity": quantity}


def _jsonld(product: Product, currency: str) -> list:
    node = {"@context": "https://schema.org", "@type": "Product", "sku": product.sku, "name": product.name,
            "category": product.category,
            "offers": {"@type": "Offer", "price": f"{product.price:.2f}", "priceCurrency": currency}}
    if product.rating is not None:
        node["aggregateRating"] = {"@type": "AggregateRating", "ratingValue": product.rating,
                                   "reviewCount": product.review_count}
    node["review"] = [{"@type": "Review", "author": {"@type": "Person", "name": r.get("author", "")},
                       "reviewRating": {"@type": "Rating", "ratingValue": r.get("rating")},
                       "name": r.get("title"), "reviewBody": r.get("body", ""),
                       "datePublished": r.get("date")}
                      for r in product.reviews[:SHOWN_REVIEWS] if isinstance(r, dict)]
    return [node]


def _slots(kind: str, device: str, height: int) -> dict:
    """{slot: [top, height]} of a page of `kind` that is `height` px tall on `device`."""
    hero, description, _, footer = LAYOUT[device]
    compare = COMPARE_HEIGHT[device]
    half = hero // 2
    if kind == "product":
        above_reviews = hero + description - 80
        return {"pdp-price": [half, 60], "pdp-trust": [hero * 62 // 100, 80], "size-help": [hero + 100, 60],
                "compare": [above_reviews - compare, compare], "pdp-reviews": [above_reviews, 80]}
    if kind == "category":
        return {"plp-trust": [half, 60], "compare": [height - footer - compare, compare]}
    if kind == "cart":
        return {"cart-trust": [hero * 35 // 100, 60], "cart-shipping": [hero * 55 // 100, 70]}
    if kind == "checkout":  # the order summary: beside the form, or under it on a phone
        shipping = hero + description // 2 if device == "mobile" else hero * 55 // 100
        return {"checkout-trust": [hero * 35 // 100, 60], "cart-shipping": [shipping, 70]}
    if kind == "home":
        return {"home-hero": [half, 90]}
    return {}


def _page(kind: str, device: str, url: str, height: int, **fields) -> dict:
    slots = _slots(kind, device, height)
    return {"url": url, "height": height, "column_slots": slots, "kind": kind, **fields}


def _pages(store: Store, device: str) -> dict:
    hero, description, review, footer = LAYOUT[device]
    pages = {
        store.page("home", device): _page("home", device, "/", hero + 2 * description + footer,
                                          track=["store-locator"]),
        store.page("cart", device): _page("cart", device, "/cart.html", hero + footer, type="cart"),
        store.page("checkout", device): _page("checkout", device, "/checkout.html",
                                              hero + description + footer, type="checkout"),
        store.page("guide", device): _page("other", device, "/guides/size-guide.html",
                                           hero + description + footer),
        store.page("stores", device): _page("other", device, "/stores.html", hero + footer),
    }
    for category, products in store.categories.items():
        listed = {"event": "view_item_list", "ecommerce": {"item_list_name": category,
                                                           "items": [ga4_item(p) for p in products]}}
        pages[store.page("category", device, slug(category))] = _page(
            "category", device, f"/category/{slug(category)}.html",
            hero + description * (1 + len(products) // 3) + footer, dataLayer=[listed])
    for product in store.products:
        shown = min(len(product.reviews) or (3 if product.review_count else 0), SHOWN_REVIEWS)
        reviews_top = hero + description
        reviews_height = 200 + review * shown
        pages[store.page("product", device, product.slug)] = _page(
            "product", device, f"/products/{product.slug}.html", reviews_top + reviews_height + footer,
            sections={"#reviews": [reviews_top, reviews_height]}, track=["size-guide"],
            jsonld=_jsonld(product, store.currency),
            dataLayer=[{"event": "view_item", "ecommerce": {"items": [ga4_item(product)]}}])
    return pages
