"""One scenario per micro-moment of the showcase rules (demo_site/rules), on the demo store in
real Chromium with Pyodide: the snippet appears when the moment is there, and not when it is
not (no price check on a first view, no shipping bar over the threshold, ...)."""

import json

from . import showcase as s
from .conftest_signals import HOUR, MINUTE, LabPage


def snippet_text(lab: LabPage, rule: str) -> str:
    return lab.page.evaluate(f"""(() => {{
        const host = document.querySelector('[data-kairos-rule={json.dumps(rule)}]');
        return host ? host.shadowRoot.textContent.replace(/\\s+/g, ' ').trim() : null; }})()""")


def rules_drawn(lab: LabPage) -> list[str]:
    return [e["detail"]["rule"] for e in lab.events("decision")]


def test_reading_reviews_picks_the_reviews_about_what_the_shopper_lingered_on(demo_lab: LabPage):
    s.reading_reviews(demo_lab)
    text = snippet_text(demo_lab, s.RULES["reading_reviews"])
    assert "what shoppers say about fit and sizing" in text
    first = demo_lab.page.evaluate("""(() => { const review = document.querySelector(
        '[data-kairos-placement="modal"]').shadowRoot.querySelector('.k-review');
        return {author: review.querySelector('.k-author').textContent,
                marked: [...review.querySelectorAll('mark')].map(m => m.textContent.toLowerCase())}; })()""")
    assert first["author"].startswith("Kenji Watanabe")  # the one review about fit, first
    assert first["marked"] == ["fits", "small", "torso", "size", "fits", "snug"]
    demo_lab.page.keyboard.press("Escape")
    # Once per session: the next product page does not ask again.
    demo_lab.jump(MINUTE)
    s.with_engine(demo_lab, s.TENT)
    demo_lab.run_and_settle(31_000)
    assert s.RULES["reading_reviews"] not in rules_drawn(demo_lab)


def test_reading_many_reviews_brings_the_most_helpful_critical_one(demo_lab: LabPage):
    demo_lab.open(s.TENT)
    demo_lab.boot()
    s.scroll_into_view(demo_lab, "#reviews", "start")
    demo_lab.run_and_settle(29_000)
    s.drawn(demo_lab, s.RULES["reading_reviews"])
    text = snippet_text(demo_lab, s.RULES["reading_reviews"])
    assert "most helpful critical review" in text
    first = demo_lab.page.evaluate("""document.querySelector('[data-kairos-placement="modal"]')
        .shadowRoot.querySelector('.k-author').textContent""")
    assert first.startswith("Tom Becker")  # 3 stars, 31 found it helpful


def test_price_checking_needs_an_earlier_look(demo_lab: LabPage):
    demo_lab.open(s.LAMP)
    demo_lab.boot()
    demo_lab.page.click(".price", click_count=3)
    demo_lab.page.keyboard.press("Control+C")  # copying the price: the moment, but no earlier look
    demo_lab.settle()
    assert demo_lab.state()["behavior.copied"] is True
    assert s.RULES["price_checking"] not in rules_drawn(demo_lab)
    demo_lab.jump(2 * HOUR)
    s.with_engine(demo_lab, s.LAMP)
    s.drawn(demo_lab, s.RULES["price_checking"])
    text = snippet_text(demo_lab, s.RULES["price_checking"])
    assert "Same price as when you looked earlier today" in text
    assert "We'll match the price" in text


def test_product_comparison_of_the_viewed_products_of_the_same_category(demo_lab: LabPage):
    s.without_engine(demo_lab, s.TENT)
    demo_lab.jump(MINUTE)
    s.without_engine(demo_lab, s.LAMP)
    demo_lab.jump(MINUTE)
    # The third product of the session (the moment), but the only pack viewed: nothing to compare.
    s.with_engine(demo_lab, s.RIDGELINE)
    assert demo_lab.state()["visits.session_products"] == 3
    assert s.RULES["product_comparison"] not in rules_drawn(demo_lab)
    demo_lab.jump(MINUTE)
    s.with_engine(demo_lab, s.BASECAMP)
    s.drawn(demo_lab, s.RULES["product_comparison"])
    rows = s.in_snippet(demo_lab, s.RULES["product_comparison"], """[...root.querySelectorAll('tbody th')]
        .map(th => th.textContent.replace(/\\s+/g, ' ').trim())""")
    assert rows == ["Basecamp 4P Family Tent Viewing", "Trailhead 2P Ultralight Tent"]
    prices = s.in_snippet(demo_lab, s.RULES["product_comparison"],
                          "[...root.querySelectorAll('.k-num')].map(td => td.textContent.trim())")
    assert prices == ["$429.00", "$249.00 Lowest"]


def test_checkout_readiness_shows_the_way_to_free_shipping_only_below_it(demo_lab: LabPage):
    s.checkout_readiness(demo_lab)
    text = snippet_text(demo_lab, s.RULES["checkout_readiness"])
    assert "You're $35.05 away from free shipping." in text  # $75 - $39.95
    progress = s.in_snippet(demo_lab, s.RULES["checkout_readiness"], "root.querySelector('progress').value")
    assert progress == 53
    demo_lab.jump(HOUR)
    s.add_to_cart(demo_lab, s.TENT)  # now $288.95: over the threshold
    s.with_engine(demo_lab, s.CART)
    demo_lab.run_and_settle(10_000)
    assert s.RULES["checkout_readiness"] not in rules_drawn(demo_lab), "no bar over the threshold"


def test_hesitation_brings_the_exit_offer_with_its_code(demo_lab: LabPage, bundle_dir):
    ir = json.loads((bundle_dir / "ir.json").read_text())
    s.hesitation(demo_lab, s.visitor_in(ir, s.RULES["hesitation"], "offer"))
    text = snippet_text(demo_lab, s.RULES["hesitation"])
    assert "10% off your order" in text and "TRAIL10" in text
    demo_lab.page.keyboard.press("Escape")
    demo_lab.jump(MINUTE)
    s.with_engine(demo_lab, s.CART)  # once per session
    demo_lab.page.mouse.move(640, 300)
    demo_lab.page.mouse.move(640, -20)
    demo_lab.settle()
    assert s.RULES["hesitation"] not in rules_drawn(demo_lab)


def test_no_exit_offer_without_exit_intent_or_with_an_empty_cart(demo_lab: LabPage, bundle_dir):
    ir = json.loads((bundle_dir / "ir.json").read_text())
    s.seed_visitor(demo_lab, s.visitor_in(ir, s.RULES["hesitation"], "offer"))
    s.with_engine(demo_lab, s.CART)  # empty cart
    demo_lab.page.mouse.move(640, 300)
    demo_lab.page.mouse.move(640, -20)
    demo_lab.run_and_settle(10_000)
    assert demo_lab.events("decision") == []


def test_i_want_to_know_asks_on_content_pages_not_product_pages(demo_lab: LabPage):
    s.with_engine(demo_lab, s.TENT)
    demo_lab.page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight * 0.6)")
    demo_lab.run_and_settle(25_000)
    assert s.RULES["i_want_to_know"] not in rules_drawn(demo_lab)
    demo_lab.page.keyboard.press("Escape")
    demo_lab.jump(MINUTE)
    s.i_want_to_know(demo_lab)
    assert "Did you find what you were looking for?" in snippet_text(demo_lab, s.RULES["i_want_to_know"])


def test_i_want_to_go_on_asking_for_store_stock_and_on_the_store_page(demo_lab: LabPage):
    demo_lab.open(s.TENT)
    demo_lab.boot()
    demo_lab.run_and_settle(10_000)
    assert s.RULES["i_want_to_go"] not in rules_drawn(demo_lab), "not before the shopper asks"
    demo_lab.page.get_by_role("button", name="Check store availability").click()
    s.drawn(demo_lab, s.RULES["i_want_to_go"])
    text = snippet_text(demo_lab, s.RULES["i_want_to_go"])
    # The tent's offer is available at the store (schema.org availableAtOrFrom): its hours say
    # it is open (a Monday, 10:00 local time in these tests).
    assert "Northwind Portland" in text and "Open now, until 8:00" in text
    assert demo_lab.page.evaluate("navigator.__geolocationAsked || 0") == 0
    demo_lab.jump(MINUTE)
    s.with_engine(demo_lab, s.STORE)
    s.drawn(demo_lab, s.RULES["i_want_to_go"])


def test_i_want_to_do_offers_the_fitting_guide_after_the_size_guide(demo_lab: LabPage):
    demo_lab.open(s.RIDGELINE)
    demo_lab.boot()
    demo_lab.run_and_settle(5_000)
    assert s.RULES["i_want_to_do"] not in rules_drawn(demo_lab)
    demo_lab.page.get_by_role("link", name="Size guide").click()
    s.drawn(demo_lab, s.RULES["i_want_to_do"])
    link = demo_lab.page.evaluate("""document.querySelector('[data-kairos-rule="size-guide-help"]')
        .shadowRoot.querySelector('a').getAttribute('href')""")
    assert link == "/guides/choosing-a-backpack.html"  # the pack's own guide (schema.org subjectOf)


def test_i_want_to_buy_on_the_third_view(demo_lab: LabPage):
    s.without_engine(demo_lab, s.TENT)
    demo_lab.jump(HOUR)
    s.with_engine(demo_lab, s.TENT)
    assert s.RULES["i_want_to_buy"] not in rules_drawn(demo_lab)
    demo_lab.jump(HOUR)
    s.with_engine(demo_lab, s.TENT)
    s.drawn(demo_lab, s.RULES["i_want_to_buy"])
    assert "Free returns for 30 days" in snippet_text(demo_lab, s.RULES["i_want_to_buy"])


def test_thresholds_of_rules_for_other_page_types_do_not_wake_the_engine(demo_lab: LabPage):
    """The showcase wakes the engine at 5 s of dwell (cart and checkout rules), 20 s and half
    the page scrolled (home, category and other pages' rules) and 30 s (product pages'): on a
    product page only the 30 s mark is anyone's business, so only it reaches the engine."""
    s.with_engine(demo_lab, s.TENT)
    reasons = lambda: [e["detail"]["reason"] for e in demo_lab.events("evaluated")]  # noqa: E731
    assert reasons() == ["ready"]
    demo_lab.page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight * 0.6)")
    demo_lab.run_and_settle(25_000)  # past 5 s, 20 s and half the page: none of them is the product's
    assert reasons() == ["ready"]
    demo_lab.run_and_settle(6_000)  # past 30 s: the reviews rule's mark
    assert reasons() == ["ready", "page.dwell"]
    s.drawn(demo_lab, s.RULES["reading_reviews"])
