"""Seeded visitors: a shopper type and a device, sessions over days on the model store, the raw
timeline of everything they do, and the ground truth (moment episodes, conversions).

Visitor `i` of seed `s` draws everything from `Draws(f"{s}:{i}")` (random.Random's numbers),
so a visitor is the same whichever process makes it, and `plan(seed, n)` (the visitors that
make up n sessions) needs only each visitor's first three draws.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from operator import index as _index
from zoneinfo import ZoneInfo

from kairos_twin.timeline import DEVICES

from .behavior import STORE_HOST, Visit
from .store import Store, slug
from .types import DEVICE_MIX, TYPES

TIMEZONE = "Europe/Berlin"
FIRST_DAY = datetime(2030, 6, 3, tzinfo=ZoneInfo(TIMEZONE))  # a Monday
DAYS = 21  # visitors' first sessions spread over three weeks
HOURS = [1, 1, 1, 1, 1, 2, 3, 5, 6, 7, 7, 7, 8, 8, 7, 7, 7, 8, 9, 10, 10, 8, 5, 3]  # traffic by hour
DAY = 86_400_000
HOUR = 3_600_000
# When one view falls in several episodes, the journey map names the most telling moment.
LABEL_ORDER = ("checkout_readiness", "reading_reviews", "price_checking", "product_comparison",
               "i_want_to_do", "i_want_to_go", "i_want_to_know", "i_want_to_buy")


@dataclass
class Trace:
    """One visitor: their timeline and its ground truth (times in ms since `timeline.start`)."""

    index: int
    shopper: str
    device: str
    timeline: dict
    sessions: list  # [start, end] per session
    episodes: list  # [moment, start, end]
    views: list  # [at, page kind, moment or None]
    conversions: list  # (event, at)

    def to_json(self) -> dict:
        return {"visitor": self.index, "shopper": self.shopper, "device": self.device, **self.timeline,
                "truth": {"sessions": self.sessions, "episodes": self.episodes, "views": self.views,
                          "conversions": [list(c) for c in self.conversions]}}


def _pick(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _head(rng: random.Random, mix: dict) -> tuple[str, str, int]:
    """The first draws of a visitor: type, device, number of sessions."""
    shopper = TYPES[_pick(rng, mix)]
    device = _pick(rng, DEVICE_MIX)
    return shopper.name, device, rng.randint(*shopper.sessions)


class Draws(random.Random):
    """random.Random whose randint is CPython's own algorithm without its three Python-level
    calls (randint -> randrange -> _randbelow): the same numbers from the same stream (a test
    compares them); a simulated session draws hundreds."""

    def randint(self, a, b):
        low, n = _index(a), _index(b) - _index(a) + 1
        if n <= 0:
            return super().randint(a, b)  # its error
        bits = n.bit_length()
        r = self.getrandbits(bits)
        while r >= n:
            r = self.getrandbits(bits)
        return low + r


def default_mix() -> dict:
    return {name: t.share for name, t in TYPES.items()}


def plan(seed: int, sessions: int, mix: dict | None = None) -> list[tuple[int, int]]:
    """(visitor index, sessions) of the first visitors whose sessions add up to `sessions`
    (the last visitor's cut short when needed)."""
    mix = mix or default_mix()
    out, total, index = [], 0, 0
    while total < sessions:
        count = _head(Draws(f"{seed}:{index}"), mix)[2]
        count = min(count, sessions - total)
        out.append((index, count))
        total += count
        index += 1
    return out


def visitor(seed: int, index: int, store: Store, sessions: int | None = None,
            mix: dict | None = None) -> Trace:
    """Visitor `index` of `seed` (at most `sessions` sessions)."""
    rng = Draws(f"{seed}:{index}")
    name, device, count = _head(rng, mix or default_mix())
    count = min(count, sessions) if sessions else count
    shopper = TYPES[name]
    visit = Visit(rng, shopper, device, store, DEVICES[device]["viewport"][1])
    categories = list(store.categories)
    home_category = rng.choice(categories)
    favourites = store.categories[home_category]
    tracked = rng.sample(favourites, min(len(favourites), rng.randint(1, 2)))
    day = rng.randrange(DAYS)
    start = int(FIRST_DAY.timestamp() * 1000) + day * DAY
    session_times = []
    for number in range(count):
        # A session starts at an hour drawn from the traffic curve, on the first day or
        # `days_between` after the last session (and never within its 30 minutes).
        hour = rng.choices(range(24), weights=HOURS)[0] * HOUR + rng.randrange(HOUR)
        day_of = 0 if number == 0 else (visit.t + int(rng.uniform(*shopper.days_between) * DAY)) // DAY
        at = day_of * DAY + hour if number == 0 else max(day_of * DAY + hour, visit.t + 31 * 60_000)
        visit.t = at
        first = len(visit.episodes)
        _session(visit, rng, shopper, store, home_category, tracked, number)
        visit.t += rng.randint(500, 3000)
        visit.close()
        session_times.append([at, visit.t])
        for episode in visit.episodes[first:]:
            if episode[0] == "i_want_to_buy":
                episode[2] = visit.t
            episode[2] = min(episode[2], visit.t)  # a moment ends with the session at the latest
        if name == "decided_buyer":
            visit.episode("i_want_to_buy", at, visit.t)
    timeline = {"start": start, "timezone": TIMEZONE, "device": device, "steps": visit.steps}
    visit.episodes.sort(key=lambda e: (e[1], e[2], e[0]))
    return Trace(index, name, device, timeline, session_times, visit.episodes, _label(visit),
                 visit.conversions)


def _session(visit: Visit, rng, shopper, store: Store, home_category: str, tracked: list,
             number: int) -> None:
    """Session `number` (0: the first) of `shopper`: an entry page, product views, maybe the
    cart and checkout."""
    device = visit.device
    entry = _pick(rng, shopper.entry)
    outside = rng.choice(["https://www.google.com/", "https://www.google.com/", None, "https://news.example/"])
    query = "?utm_source=newsletter" if rng.random() < 0.08 else ""
    category = home_category if rng.random() < 0.8 else rng.choice(list(store.categories))
    products = store.categories[category]
    wanted = rng.randint(*shopper.products)
    if shopper.name == "price_checker":
        choices = [rng.choice(tracked) for _ in range(max(1, wanted))]
    else:  # distinct products first; a small category is seen once each, with one look back
        wanted = min(wanted, len(products) + (1 if wanted > len(products) else 0))
        choices = rng.sample(products, min(wanted, len(products)))
        choices += [rng.choice(choices) for _ in range(wanted - len(choices))]
    if shopper.name == "bouncer":  # one page, and gone
        if entry == "product":
            visit.product(rng.choice(products), referrer=outside, query=query, checking=False,
                          comparing=False, buy=False)
        else:
            name = store.page(entry, device, slug(category) if entry == "category" else "")
            visit.listing(name, outside, query)
        return
    if entry == "home":
        visit.listing(store.page("home", device), outside, query)
        visit.listing(store.page("category", device, slug(category)))
    elif entry == "category" or not choices:
        visit.listing(store.page("category", device, slug(category)), outside, query)
    # Whether this session adds to the cart; for some types more likely with each return.
    cart = shopper.cart + (1 - shopper.cart) * min(1.0, shopper.resolve * number)
    buying = rng.random() < cart and choices
    seen: set = set()
    for number, product in enumerate(choices):
        if number and shopper.name == "comparer" and rng.random() < 0.3:
            visit.listing(store.page("category", device, slug(category)))
        landing = number == 0 and entry == "product"
        seen.add(product.sku)
        visit.product(product, referrer=outside if landing else STORE_HOST, query=query if landing else "",
                      checking=shopper.name == "price_checker",
                      comparing=len(seen) >= 2 and shopper.name in ("comparer", "researcher"),
                      buy=bool(buying and number == len(choices) - 1))
    if visit.cart:
        visit.checkout(purchase=rng.random() < shopper.purchase)


def _label(visit: Visit) -> list:
    """Each view with the moment the shopper was most tellingly in during it (or None)."""
    out = []
    ends = [v[0] for v in visit.views[1:]] + [visit.t]
    rank = {m: i for i, m in enumerate(LABEL_ORDER)}
    for (at, kind), end in zip(visit.views, ends, strict=True):
        during = [e[0] for e in visit.episodes if e[1] < end and e[2] >= at]
        out.append([at, kind, min(during, key=rank.__getitem__) if during else None])
    return out
