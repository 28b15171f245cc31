"""Scenarios of the showcase store: each drives the demo (demo_site/rules) into one micro-moment
through the real page, the script tag and Pyodide, and returns once its snippet is drawn.

Shared by the per-moment tests (test_moments.py), the quality suites (axe, keyboard, CLS) and
the screenshots. Page views that only build up history run without the engine (faster on two
cores); the view that matters boots it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .conftest_signals import HOUR, MINUTE, LabPage

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "runtime" / "engine"))
from kairos_engine.hashing import bucket, choose_variant  # noqa: E402

TENT = "/products/trailhead-2p-tent.html"
BASECAMP = "/products/basecamp-4p-tent.html"
BIVY = "/products/summit-1p-bivy.html"
RIDGELINE = "/products/ridgeline-45-backpack.html"
LAMP = "/products/lumen-400-headlamp.html"
LANTERN = "/products/beacon-lantern.html"
HOME = "/index.html"
CART = "/cart.html"
CHECKOUT = "/checkout.html"
STORE = "/stores/portland.html"

RULES = {
    "reading_reviews": "reviews-for-hesitant-shoppers",
    "i_want_to_buy": "trust-on-third-visit",
    "price_checking": "price-check-on-return",
    "product_comparison": "compare-viewed-products",
    "checkout_readiness": "free-shipping-progress",
    "hesitation": "exit-offer-at-checkout",
    "i_want_to_know": "ask-what-they-came-for",
    "i_want_to_go": "pickup-in-portland",
    "i_want_to_do": "size-guide-help",
}
ENGINE = "**/kairos-worker.*"


def without_engine(lab: LabPage, path: str) -> None:
    """A page view that only adds to the history (no engine: no Pyodide boot)."""
    lab.page.route(ENGINE, lambda route: route.abort())
    lab.open(path)
    lab.page.unroute(ENGINE)


def with_engine(lab: LabPage, path: str) -> None:
    """A page view whose engine boots and answers its first update."""
    lab.open(path)
    lab.observed()
    lab.boot()
    lab.settle()


def drawn(lab: LabPage, rule: str) -> dict:
    """Wait for `rule`'s decision on this page; its detail."""
    lab.wait_until("window.__kairosEvents.some(e => e.name === 'decision' && "
                   f"e.detail.rule === {json.dumps(rule)})")
    return next(e["detail"] for e in lab.events("decision") if e["detail"]["rule"] == rule)


def scroll_into_view(lab: LabPage, selector: str, block: str = "center") -> None:
    lab.page.evaluate("([selector, block]) => document.querySelector(selector).scrollIntoView({block})",
                      [selector, block])
    lab.observed()


def add_to_cart(lab: LabPage, path: str, quantity: int = 1) -> None:
    """Open `path` without the engine and add it to the cart with the store's own button."""
    without_engine(lab, path)
    if quantity != 1:
        lab.page.fill("#qty", str(quantity))
    lab.page.get_by_role("button", name="Add to cart").click()
    lab.jump(MINUTE)


def arm_of(rule: dict, visitor: str) -> str:
    """The arm the engine puts `visitor` in for `rule` (the same hashing, kairos_engine)."""
    if rule.get("holdout") and bucket(rule["id"] + ":holdout", visitor) * 100 < rule["holdout"]:
        return "holdout"
    return choose_variant(rule["variants"], rule["id"], visitor)["name"]


def visitor_in(ir: dict, rule_id: str, arm: str) -> str:
    """A visitor id that `rule_id` puts in `arm` (treatment, control or holdout)."""
    rule = next(r for r in ir["rules"] if r["id"] == rule_id)
    return next(v for n in range(10_000) if arm_of(rule, v := f"visitor-{n:04d}") == arm)


def seed_visitor(lab: LabPage, visitor: str) -> None:
    """Start the shopper's history with a chosen visitor id (their experiment arms follow)."""
    lab.open("/index.html?kairos=off", view=False)
    record = {"v": 1, "visitor": visitor, "sessions": [], "views": [], "products": {},
              "exposures": {}, "cart": {}, "cartAt": 0}
    lab.page.evaluate("(text) => localStorage.setItem('kairos:v1', text)", json.dumps(record))


def in_snippet(lab: LabPage, rule: str, script: str):
    """Evaluate `script` (an expression of `root`, the snippet's shadow root) for `rule`'s snippet."""
    return lab.page.evaluate(f"""(() => {{
        const root = document.querySelector('[data-kairos-rule={json.dumps(rule)}]').shadowRoot;
        return {script}; }})()""")


# -- one scenario per moment (the snippet is drawn when each returns) ------------------------

def reading_reviews(lab: LabPage) -> dict:
    """A long look at the Ridgeline's size chart, then 30 engaged seconds: the review popup,
    picked for fit."""
    lab.open(RIDGELINE)
    lab.boot()
    scroll_into_view(lab, "#size-chart")
    lab.run_and_settle(12_000)
    scroll_into_view(lab, ".pdp", "start")
    lab.run_and_settle(18_000)
    return drawn(lab, RULES["reading_reviews"])


def i_want_to_buy(lab: LabPage) -> dict:
    """The third view of a product this week: the trust badge in its slot."""
    without_engine(lab, TENT)
    lab.jump(HOUR)
    without_engine(lab, TENT)
    lab.jump(HOUR)
    with_engine(lab, TENT)
    return drawn(lab, RULES["i_want_to_buy"])


def price_checking(lab: LabPage) -> dict:
    """Back on a product seen earlier today: the price check under the price."""
    without_engine(lab, LAMP)
    lab.jump(2 * HOUR)
    with_engine(lab, LAMP)
    return drawn(lab, RULES["price_checking"])


def product_comparison(lab: LabPage) -> dict:
    """Three tents in one session: the comparison of the ones viewed, on the third."""
    without_engine(lab, TENT)
    lab.jump(MINUTE)
    without_engine(lab, BASECAMP)
    lab.jump(MINUTE)
    with_engine(lab, BIVY)
    return drawn(lab, RULES["product_comparison"])


def checkout_readiness(lab: LabPage) -> dict:
    """A headlamp in the cart and five seconds on the cart page: the free-shipping progress."""
    add_to_cart(lab, LAMP)
    with_engine(lab, CART)
    lab.run_and_settle(6_000)
    return drawn(lab, RULES["checkout_readiness"])


def hesitation(lab: LabPage, visitor: str) -> dict:
    """A filled cart and the pointer leaving through the top of the window: the exit offer
    (for a visitor in its `offer` arm)."""
    seed_visitor(lab, visitor)
    add_to_cart(lab, LAMP)
    with_engine(lab, CART)
    lab.page.mouse.move(640, 300)
    lab.page.mouse.move(640, -20)
    return drawn(lab, RULES["hesitation"])


def i_want_to_know(lab: LabPage) -> dict:
    """Half the home page read in 20 engaged seconds: the quick question."""
    lab.open(HOME)
    lab.boot()
    lab.page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight * 0.6)")
    lab.run_and_settle(21_000)
    return drawn(lab, RULES["i_want_to_know"])


def i_want_to_go(lab: LabPage) -> dict:
    """"Check store availability" on a product page: pickup in the Portland store."""
    lab.open(TENT)
    lab.boot()
    lab.page.get_by_role("button", name="Check store availability").click()
    return drawn(lab, RULES["i_want_to_go"])


def i_want_to_do(lab: LabPage) -> dict:
    """The size guide on a pack's page: the guide to choosing one that fits."""
    lab.open(RIDGELINE)
    lab.boot()
    lab.page.get_by_role("link", name="Size guide").click()
    return drawn(lab, RULES["i_want_to_do"])


# Each snippet of the catalog, and the scenario that shows it on the demo: (rule, scenario).
# The exit offer's scenario needs a visitor in its `offer` arm, found from the bundle's IR.
SNIPPETS = {
    "review_popup": ("reading_reviews", reading_reviews),
    "trust_badge": ("i_want_to_buy", i_want_to_buy),
    "price_check": ("price_checking", price_checking),
    "comparison_table": ("product_comparison", product_comparison),
    "shipping_progress": ("checkout_readiness", checkout_readiness),
    "exit_offer": ("hesitation",
                   lambda lab, ir: hesitation(lab, visitor_in(ir, RULES["hesitation"], "offer"))),
    "quick_question": ("i_want_to_know", i_want_to_know),
    "store_pickup": ("i_want_to_go", i_want_to_go),
    "how_to": ("i_want_to_do", i_want_to_do),
}


def show_snippet(lab: LabPage, snippet: str, ir: dict) -> str:
    """Run the scenario that shows `snippet`; its rule id once drawn (and in view)."""
    moment, scenario = SNIPPETS[snippet]
    if snippet == "exit_offer":
        scenario(lab, ir)
    else:
        scenario(lab)
    rule = RULES[moment]
    lab.page.evaluate("""(rule) => document.querySelector(`[data-kairos-rule="${rule}"]`)
        .scrollIntoView({block: "center"})""", rule)
    lab.observed()
    return rule


# The element a snippet is judged by: its card for an overlay, its host in a slot.
SNIPPET_ELEMENT_JS = """(rule) => {
  const host = document.querySelector(`[data-kairos-rule="${rule}"]`);
  const frame = host.shadowRoot.querySelector('.k-overlay, .k-corner, .k-toast');
  const box = (frame ? frame.firstElementChild : host).getBoundingClientRect();
  return {x: box.x, y: box.y, width: box.width, height: box.height};
}"""
