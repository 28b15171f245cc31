"""The six shopper types and what they do, as numbers (ranges are uniform draws; chances are
per occasion). A visitor has one type and one device for all their sessions.

    researcher     reads descriptions and reviews at length over several sessions, more
                   likely to buy with each return
    price_checker  comes back to the same one or two products over days, copies the price,
                   more likely to buy with each return
    comparer       moves between many products of a category within a session
    decided_buyer  lands on a product and goes straight to the cart and checkout
    browser        wanders home and category pages, rarely reads, rarely buys
    bouncer        one page, a few seconds, gone
"""

from __future__ import annotations

from dataclasses import dataclass

S = 1000


@dataclass(frozen=True)
class ShopperType:
    name: str
    share: float  # of visitors, in the default mix
    sessions: tuple[int, int]
    days_between: tuple[float, float]
    products: tuple[int, int]  # product views per session
    entry: dict  # where a session starts: home, category, product
    look: tuple[int, int]  # ms on a product's hero and description
    read_reviews: float  # chance a product view reads the reviews ...
    reading: tuple[int, int]  # ... for this long (ms with the reviews in view)
    skim_reviews: float  # chance to scroll through the reviews without reading
    browse: tuple[int, int]  # ms on a home or category page
    know: float  # chance a home or category view is read through (i_want_to_know)
    copy: float  # chance to copy the price on a product view
    size_guide: float  # chance to open the size guide on a product view
    locator: float  # chance to open the store locator from the home page
    wander: float  # chance to leave the tab (hidden) for a while during a view
    idle: float  # chance to sit without input past the 60 s idle cutoff
    cart: float  # chance a session adds to the cart
    purchase: float  # chance a session with a cart goes on to buy
    # Intent that builds up: each earlier session raises `cart` by this share of what is left
    # (0.3: a price checker's 0.25 becomes 0.48, 0.70, 0.93 on the 2nd, 3rd, 4th session).
    resolve: float = 0.0


TYPES: dict[str, ShopperType] = {t.name: t for t in [
    ShopperType("researcher", 0.16, (2, 4), (0.5, 6), (2, 4), {"home": 0.3, "category": 0.5, "product": 0.2},
                (15 * S, 45 * S), 0.75, (8 * S, 55 * S), 0.15, (8 * S, 30 * S), 0.5, 0.05, 0.25, 0.05,
                0.15, 0.1, 0.3, 0.6, resolve=0.3),
    ShopperType("price_checker", 0.14, (2, 5), (0.5, 4), (1, 2),
                {"home": 0.05, "category": 0.15, "product": 0.8},
                (5 * S, 18 * S), 0.1, (6 * S, 15 * S), 0.2, (4 * S, 10 * S), 0.05, 0.35, 0.02, 0.0,
                0.1, 0.02, 0.25, 0.6, resolve=0.3),
    ShopperType("comparer", 0.15, (1, 2), (0.2, 3), (4, 8), {"home": 0.2, "category": 0.6, "product": 0.2},
                (8 * S, 25 * S), 0.35, (5 * S, 20 * S), 0.35, (5 * S, 15 * S), 0.15, 0.1, 0.1, 0.0,
                0.1, 0.03, 0.3, 0.55),
    ShopperType("decided_buyer", 0.1, (1, 2), (0.5, 2), (1, 1),
                {"home": 0.05, "category": 0.1, "product": 0.85},
                (8 * S, 22 * S), 0.1, (4 * S, 10 * S), 0.1, (3 * S, 8 * S), 0.02, 0.05, 0.1, 0.0,
                0.02, 0.0, 0.95, 0.85),
    ShopperType("browser", 0.25, (1, 3), (1, 10), (0, 3), {"home": 0.5, "category": 0.4, "product": 0.1},
                (4 * S, 15 * S), 0.1, (5 * S, 15 * S), 0.3, (5 * S, 40 * S), 0.35, 0.02, 0.05, 0.08,
                0.2, 0.12, 0.05, 0.3),
    ShopperType("bouncer", 0.2, (1, 1), (1, 1), (0, 1), {"home": 0.4, "category": 0.2, "product": 0.4},
                (2 * S, 10 * S), 0.0, (0, 0), 0.05, (2 * S, 9 * S), 0.0, 0.0, 0.0, 0.0,
                0.05, 0.0, 0.0, 0.0),
]}  # fmt: skip

# Visitors per device class in the default mix (phones dominate store traffic).
DEVICE_MIX = {"mobile": 0.58, "desktop": 0.34, "tablet": 0.08}
# How long a page load takes to an answering engine (the idle callback and the engine's boot),
# cold on a visitor's first page, warm (its snapshot kept) after.
READY_MS = {"desktop": (750, 420), "tablet": (1100, 600), "mobile": (1600, 900)}
