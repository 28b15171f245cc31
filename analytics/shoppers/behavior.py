"""What a shopper does on one page, as raw timeline steps, with the ground truth of the
micro-moment they are really in while doing it.

`Visit` is a cursor in page time over one visitor's timeline: each method appends steps
(open, scroll, input, hide/show, copy, click, push, close) and moves the cursor, and records
episodes `(moment, start, end)` when the shopper's intent is one of the library's eight
(compiler/language/moments.py). Scrolling is in steps of a few hundred pixels with pauses,
reading keeps the pointer moving now and then, and time away from the tab is hidden time.
"""

from __future__ import annotations

import random

from .store import Store, ga4_item
from .types import READY_MS, ShopperType

S = 1000
STORE_HOST = "https://shop.example/"
HESITATE = 0.6  # chance a shopper leaving a cart without buying shows exit intent first


class Visit:
    """One visitor's timeline being written: steps, episodes, views, conversions."""

    def __init__(self, rng: random.Random, shopper: ShopperType, device: str, store: Store, viewport: int):
        self.rng = rng
        self.shopper = shopper
        self.device = device
        self.store = store
        self.viewport = viewport
        self.steps: list[dict] = []
        self.episodes: list[list] = []  # [moment, start, end]
        self.views: list[list] = []  # [at, page kind]
        self.conversions: list[tuple[str, int]] = []
        self.cart: dict[str, int] = {}
        self.t = 0
        self.y = 0
        self.page: dict | None = None
        self.bottom = 0  # the page's maximum scroll on this window (max_y())
        self.loads = 0

    # -- primitives ---------------------------------------------------------------------------
    def step(self, do: str, **fields) -> None:
        self.steps.append({"at": self.t, "do": do, **fields})

    def episode(self, moment: str, start: int, end: int | None = None) -> list:
        record = [moment, start, end if end is not None else start]
        self.episodes.append(record)
        return record

    def open(self, name: str, referrer: str | None = STORE_HOST, query: str = "") -> dict:
        cold, warm = READY_MS[self.device]
        ready = int((cold if self.loads == 0 else warm) * self.rng.uniform(0.8, 1.3))
        fields = {"page": name, "ready": ready}
        if referrer:
            fields["referrer"] = referrer
        if query:
            fields["query"] = query
        self.step("open", **fields)
        self.loads += 1
        self.page = self.store.pages[name]
        self.bottom = max(0, self.page["height"] - self.viewport)
        self.y = 0
        self.views.append([self.t, self.page["kind"]])
        self.t += self.rng.randint(300, 900)
        return self.page

    def close(self) -> None:
        self.step("close")

    def max_y(self) -> int:
        return self.bottom

    def scroll(self, y: int) -> None:
        y = max(0, min(int(y), self.bottom))
        if y != self.y:
            self.y = y
            self.steps.append({"at": self.t, "do": "scroll", "y": y})  # step("scroll", y=y), the commonest

    def spend(self, ms: int, engaged: bool = True) -> None:
        """Time on the page; an engaged shopper moves the pointer every few seconds."""
        end = self.t + ms
        while self.t < end:
            self.t = min(end, self.t + self.rng.randint(3 * S, 15 * S))
            if engaged and self.t < end:
                self.step("input")

    def scroll_to(self, y: int, ms: int) -> None:
        """Scroll down (or up) to `y` in steps of 150-700 px spread over `ms`."""
        target = max(0, min(int(y), self.bottom))
        moves = max(1, abs(target - self.y) // self.rng.randint(150, 700))
        for i in range(1, moves + 1):
            self.t += max(200, ms // moves)
            self.scroll(self.y + (target - self.y) // (moves - i + 1))
        self.scroll(target)

    def away(self) -> None:
        """The shopper switches to another tab for a while."""
        self.step("hide")
        self.t += self.rng.randint(10 * S, 120 * S)
        self.step("show")
        self.t += self.rng.randint(200, 800)

    def hesitate(self) -> None:
        """About to leave the cart: the pointer heads for the tabs or the back button, or on a
        touch screen a quick scroll back up (what signals/onExitIntent.js reads), then a few
        seconds more."""
        if self.device == "desktop":
            self.step("exit")
        else:
            self.scroll(self.max_y())
            self.t += self.rng.randint(1 * S, 3 * S)
            self.scroll(self.y - 40)  # a flick: 120 px and more back up within 300 ms
            self.t += self.rng.randint(100, 250)
            self.scroll(self.y - self.rng.randint(200, 400))
        self.t += self.rng.randint(2 * S, 6 * S)

    def sit(self) -> None:
        """No input past the idle cutoff (reading, or a coffee)."""
        self.t += self.rng.randint(65 * S, 150 * S)
        self.step("input")

    # -- pages ---------------------------------------------------------------------------------
    def product(self, product, *, referrer: str | None, query: str, checking: bool, comparing: bool,
                buy: bool) -> None:
        """A product page: a look at the hero and description, maybe the reviews read (or
        skimmed), the price copied, the size guide opened, the product put in the cart."""
        rng, kind = self.rng, self.shopper
        page = self.open(self.store.page("product", self.device, product.slug), referrer, query)
        start = self.views[-1][0]
        top, height = page["sections"]["#reviews"]
        self.spend(rng.randint(1 * S, 4 * S))
        if rng.random() < kind.copy:
            self.step("copy")
            self.episode("price_checking", max(start, self.t - 2 * S), self.t + 5 * S)
        if rng.random() < kind.size_guide:
            self.step("click", name="size-guide")
            self.episode("i_want_to_do", self.t, self.t + rng.randint(8 * S, 25 * S))
        described = rng.randint(top // 3, max(top // 3 + 1, top - self.viewport // 2))
        self.scroll_to(described, rng.randint(*kind.look))
        if rng.random() < kind.wander:
            self.away()
        if rng.random() < kind.read_reviews:
            self.scroll_to(top - rng.randint(0, self.viewport // 4), rng.randint(1 * S, 3 * S))
            reading = self.episode("reading_reviews", self.t)
            left = rng.randint(*kind.reading)
            while left > 0:
                chunk = min(left, rng.randint(4 * S, 12 * S))
                self.spend(chunk)
                left -= chunk
                if left > 0 and rng.random() < kind.wander / 2:
                    reading[2] = self.t  # away from the tab: not reading
                    self.away()
                    reading = self.episode("reading_reviews", self.t)
                below = top + height - self.viewport // 2
                self.scroll(min(self.y + rng.randint(100, 400), max(top, below)))
            reading[2] = self.t
        elif rng.random() < kind.skim_reviews:
            self.scroll_to(top + height, rng.randint(1 * S, 3 * S))
        else:
            self.spend(rng.randint(2 * S, 10 * S))
        if rng.random() < kind.idle:
            self.sit()
        if buy:
            self.step("push", event={"event": "add_to_cart", "ecommerce": {"items": [ga4_item(product)]}})
            self.cart[product.sku] = self.cart.get(product.sku, 0) + 1
            self.conversions.append(("add_to_cart", self.t))
            self.episode("i_want_to_buy", self.t)
            self.t += rng.randint(1 * S, 3 * S)
        end = self.t
        if checking:
            self.episode("price_checking", start, end)
        if comparing:
            self.episode("product_comparison", start, end)

    def listing(self, name: str, referrer: str | None = STORE_HOST, query: str = "") -> None:
        """A home or category page: a look down the list, sometimes read through."""
        rng, kind = self.rng, self.shopper
        self.open(name, referrer, query)
        if self.page["kind"] == "home" and rng.random() < kind.locator:
            self.step("click", name="store-locator")
            going = self.episode("i_want_to_go", self.t)
            self.t += rng.randint(1 * S, 3 * S)
            self.open(self.store.page("stores", self.device))
            self.spend(rng.randint(10 * S, 40 * S))
            going[2] = self.t
            return
        if rng.random() < kind.know:
            knowing = self.episode("i_want_to_know", self.t)
            self.scroll_to(self.max_y() * rng.uniform(0.55, 1), rng.randint(8 * S, 20 * S))
            self.spend(rng.randint(15 * S, 45 * S))
            knowing[2] = self.t
        else:
            self.scroll_to(self.max_y() * rng.uniform(0, 0.6), rng.randint(*kind.browse))
        if rng.random() < kind.wander:
            self.away()

    def checkout(self, purchase: bool) -> None:
        """The cart page (the cart as GA4 says it), then checkout and payment, or not."""
        rng = self.rng
        by_sku = {p.sku: p for p in self.store.products}
        items = [ga4_item(by_sku[sku], quantity) for sku, quantity in self.cart.items()]
        self.open(self.store.page("cart", self.device))
        self.step("push", event={"event": "view_cart", "ecommerce": {"items": items}})
        ready = self.episode("checkout_readiness", self.t)
        self.spend(rng.randint(4 * S, 20 * S))
        if not purchase:
            if rng.random() < HESITATE:
                self.hesitate()
            ready[2] = self.t
            return
        ready[2] = self.t
        self.open(self.store.page("checkout", self.device))
        self.step("push", event={"event": "begin_checkout", "ecommerce": {"items": items}})
        ready = self.episode("checkout_readiness", self.t)
        self.scroll_to(self.max_y(), rng.randint(10 * S, 30 * S))
        self.spend(rng.randint(10 * S, 40 * S))
        self.step("push", event={"event": "purchase", "ecommerce": {"transaction_id": f"T{self.t}",
                                                                    "items": items}})
        self.conversions.append(("purchase", self.t))
        ready[2] = self.t
        self.cart.clear()
        self.t += rng.randint(2 * S, 6 * S)
