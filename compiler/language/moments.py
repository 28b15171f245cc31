"""The library of micro-moments: name -> condition in the rule language, with the reason for it.

A micro-moment is a named condition. A rule uses one in two ways:

* `moment: reading_reviews` with no `when:`: the moment's condition is the rule's condition;
* `when: moment.reading_reviews and cart.count == 0`: the moment is one part of a condition.

When a rule gives both `moment:` and `when:`, **`when:` alone is the condition** and `moment:`
is a label (reports, `explain`, analytics). The DESIGN.md example needs this reading: its
`trust-on-third-visit` rule is labelled `price_checking` but fires on its own visit count.
Write `when: moment.price_checking and ...` to combine both.

Moments are inlined into the IR's `when`; the rule keeps its `moment` name. A rule file may
define new moments or override these under a top-level `moments:` mapping (name -> condition);
the definitions apply to every rule compiled with that file. A moment may use other moments
(`moment.x`); cycles are errors.

Conventions the defaults rely on, which a store can change by overriding the moment:
reviews sit in an element matching `#reviews`, and marked elements use
`data-kairos-track="size-guide"`, `"how-to"` or `"store-locator"`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Moment:
    name: str
    condition: str
    why: str


LIBRARY: dict[str, Moment] = {m.name: m for m in [
    # -- the e-commerce four ----------------------------------------------------------------
    Moment(
        "product_comparison",
        'page.type in ["product", "category"] and visits.session_products >= 3',
        "Three distinct products in one session is the usual sign of comparison shopping; "
        "two is often a mis-click and the way back. Category pages count because that is "
        "where shoppers move between the candidates.",
    ),
    Moment(
        "price_checking",
        'page.type == "product" and (visits.product(within=7d) >= 2 or behavior.copied)',
        "Coming back to the same product within a week, or copying text from it (typically "
        "the name or price, to paste into a price-comparison site), is what price checking "
        "looks like from the page. A week matches a typical consideration cycle.",
    ),
    Moment(
        "reading_reviews",
        'page.type == "product" and (section("#reviews").dwell > 10s '
        "or (product.review_count > 0 and page.scroll >= 60% and page.dwell > 30s))",
        "Ten engaged seconds with the reviews section at least half visible is reading, not "
        "scrolling past. Stores without a `#reviews` element still get the moment when a "
        "product that has reviews is scrolled past 60 % (reviews sit below the fold) during "
        "30 engaged seconds.",
    ),
    Moment(
        "checkout_readiness",
        'cart.count > 0 and page.type in ["cart", "checkout"] and page.dwell > 5s',
        "A filled cart on the cart or checkout page: the shopper is about to pay. The 5 s "
        "wait keeps a snippet from flashing at a shopper who is only passing through.",
    ),
    # -- Google's four ----------------------------------------------------------------------
    Moment(
        "i_want_to_know",
        'page.type in ["home", "category", "other"] and page.scroll >= 50% '
        "and page.dwell > 20s",
        "Reading, not buying: half a content or listing page read during 20 engaged "
        "seconds, away from product, cart and checkout pages.",
    ),
    Moment(
        "i_want_to_go",
        'clicked("store-locator") > 0 or "/stores" in page.url',
        "Local intent: the shopper opened the store locator (an element marked "
        '`data-kairos-track="store-locator"`) or is on a store page (`/stores` in the URL).',
    ),
    Moment(
        "i_want_to_do",
        'clicked("size-guide") > 0 or clicked("how-to") > 0 or "/guides/" in page.url',
        "How-to intent: the shopper opened a size guide or a how-to (marked elements), or "
        "reads a guide page.",
    ),
    Moment(
        "i_want_to_buy",
        "moment.checkout_readiness or (page.type == \"product\" and not cart.has(product.id) "
        "and visits.product(within=7d) >= 3)",
        "Ready to buy: at checkout with a filled cart, or the third view of a product within "
        "a week that is not in the cart yet.",
    ),
]}  # fmt: skip

E_COMMERCE = ("product_comparison", "price_checking", "reading_reviews", "checkout_readiness")
GOOGLE = ("i_want_to_know", "i_want_to_go", "i_want_to_do", "i_want_to_buy")
