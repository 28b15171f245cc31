"""A catalog -> the model store's pages, per device: what the twin loads (URL, height, the
#reviews section, slots, tracked elements, JSON-LD, GA4 events).

A catalog is JSON (demo_site/catalog.json is one):

    {"shop": {"name": str, "currency": "USD"},                  (optional)
     "products": [{"sku": str, "name": str, "category": str, "price": number | "249.00",
                   "slug": str, "rating": number, "review_count": int,
                   "reviews": [{"author", "rating", "title", "body", "date"}]}, ...]}

`sku` (or `product_id`), `name`, `category` and `price` are required; at least one product.
Page geometry is the model's, not measured: a product page is a hero, a description and the
reviews (taller with more reviews), and a phone stacks everything into a taller column.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

DEVICES = ("desktop", "mobile", "tablet")
# Heights in px, per device: (header + hero, description, one review, page footer).
LAYOUT = {"desktop": (820, 700, 150, 420), "tablet": (1100, 900, 190, 520), "mobile": (1350, 1100, 240, 640)}
SLOTS = {"product": ["pdp-trust", "pdp-price", "pdp-reviews", "size-help"], "category": ["plp-trust"],
         "cart": ["cart-trust"], "checkout": ["checkout-trust"], "home": ["home-hero"], "other": []}
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
        sku = raw.get("sku") or raw.get("product_id")
        missing = [k for k, v in (("sku", sku), ("name", raw.get("name")), ("category", raw.get("category")))
                   if not isinstance(v, str) or not v]
        if missing:
            raise CatalogError(f"{where}: needs text `{missing[0]}`")
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


def _pages(store: Store, device: str) -> dict:
    hero, description, review, footer = LAYOUT[device]
    pages = {
        store.page("home", device): {"url": "/", "height": hero + 2 * description + footer,
                                     "slots": SLOTS["home"], "track": ["store-locator"], "kind": "home"},
        store.page("cart", device): {"url": "/cart.html", "height": hero + footer, "type": "cart",
                                     "slots": SLOTS["cart"], "kind": "cart"},
        store.page("checkout", device): {"url": "/checkout.html", "height": hero + description + footer,
                                         "type": "checkout", "slots": SLOTS["checkout"], "kind": "checkout"},
        store.page("guide", device): {"url": "/guides/size-guide.html", "height": hero + description + footer,
                                      "slots": SLOTS["other"], "kind": "other"},
        store.page("stores", device): {"url": "/stores.html", "height": hero + footer,
                                       "slots": SLOTS["other"], "kind": "other"},
    }
    for category, products in store.categories.items():
        listed = {"event": "view_item_list", "ecommerce": {"item_list_name": category,
                                                           "items": [ga4_item(p) for p in products]}}
        pages[store.page("category", device, slug(category))] = {
            "url": f"/category/{slug(category)}.html",
            "height": hero + description * (1 + len(products) // 3) + footer,
            "slots": SLOTS["category"], "dataLayer": [listed], "kind": "category"}
    for product in store.products:
        shown = min(len(product.reviews) or (3 if product.review_count else 0), SHOWN_REVIEWS)
        reviews_top = hero + description
        reviews_height = 200 + review * shown
        pages[store.page("product", device, product.slug)] = {
            "url": f"/products/{product.slug}.html", "height": reviews_top + reviews_height + footer,
            "sections": {"#reviews": [reviews_top, reviews_height]}, "slots": SLOTS["product"],
            "track": ["size-guide"], "jsonld": _jsonld(product, store.currency), "kind": "product",
            "dataLayer": [{"event": "view_item", "ecommerce": {"items": [ga4_item(product)]}}]}
    return pages
