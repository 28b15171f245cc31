"""Reading real store markup (runtime/kernel/page/): the platforms' shapes of one product, one
identity across markup and analytics, Segment instead of GA4, and markup that breaks nothing."""

from . import showcase as s
from .conftest_signals import HOUR, MINUTE, LabPage

BIVY_OLIVE = s.BIVY + "?variant=45012345678901"
BIVY_GREY = s.BIVY + "?variant=45012345678902"
BIVY_ID = "8123456789012"  # Shopify's product id: the ProductGroup's productGroupID


def test_every_platform_shape_reads_as_its_product(demo_lab: LabPage):
    demo_lab.block_engine()
    expected = {
        "/products/basecamp-4p-tent.html": ("NW-TENT-BC4", 429, 4.3, "Tents"),  # WooCommerce, footer
        "/products/trail-runner-vest-12.html": ("4321", 99, 4.2, "Backpacks"),  # AggregateOffer
        s.BIVY: (BIVY_ID, 189, 4.4, "Tents"),  # Shopify ProductGroup
        s.LANTERN: ("/products/beacon-lantern.html#product", 59, 4.6, "Lighting"),  # Shopify Product
        "/products/canopy-ultralight-tarp.html": ("NW-TARP-CU", 119, 4.5, "Tents"),  # Magento microdata
        "/products/daypack-22.html": ("/products/daypack-22.html", 79, 4.5, "Backpacks"),  # BigCommerce
        "/products/firefly-solar-lantern.html": ("/products/firefly-solar-lantern.html", 44, 4.0, "Lighting"),
        "/products/alpine-70-expedition-pack.html?size=L": ("NW-PACK-A70", 309, 4.7, "Backpacks"),
        "/products/glow-string-lights.html": ("711", 34, 4.4, "Lighting"),  # Segment's page
    }
    for path, (product_id, price, rating, category) in expected.items():
        demo_lab.jump(MINUTE)
        demo_lab.open(path)
        state = demo_lab.state()
        got = tuple(state[f"product.{key}"] for key in ("id", "price", "rating", "category"))
        assert got == (product_id, price, rating, category), path
        assert state["page.type"] == "product" and state["product.review_count"] > 0
    assert demo_lab.page_errors == []


def test_a_product_group_without_skus_is_one_product_across_its_variants_and_its_cart_ids(demo_lab: LabPage):
    s.without_engine(demo_lab, BIVY_OLIVE)
    demo_lab.jump(HOUR)
    s.without_engine(demo_lab, BIVY_GREY)
    demo_lab.jump(HOUR)
    s.with_engine(demo_lab, s.BIVY)  # the third visit of the same product, by three URLs
    assert len(demo_lab.state()["visits.product"]) == 3
    s.drawn(demo_lab, s.RULES["i_want_to_buy"])  # the revisit slot is filled
    assert demo_lab.slot_rule("pdp-trust") == s.RULES["i_want_to_buy"]
    # Shopify's GA4 ids (shopify_US_<product>_<variant>) name the same product, even a variant
    # this shopper never opened.
    demo_lab.page.evaluate("""kairos.track("add_to_cart", {currency: "USD", items: [
        {item_id: "shopify_US_8123456789012_45012345699999", item_name: "Summit 1P", price: 189,
         quantity: 1}]})""")
    demo_lab.settle()
    assert demo_lab.state()["cart.items"] == [BIVY_ID]


def test_after_adding_it_by_the_platforms_id_the_review_popup_does_not_show(demo_lab: LabPage):
    demo_lab.open(BIVY_GREY)
    demo_lab.boot()
    demo_lab.page.get_by_role("button", name="Add to cart").click()
    demo_lab.settle()
    cart = demo_lab.page.evaluate("JSON.parse(localStorage.getItem('northwind-cart'))")
    assert [line["item_id"] for line in cart] == ["shopify_US_8123456789012_45012345678902"]
    assert demo_lab.state()["cart.items"] == [BIVY_ID]
    demo_lab.run_and_settle(35_000)
    assert s.RULES["reading_reviews"] not in [e["detail"]["rule"] for e in demo_lab.events("decision")]


def test_woocommerces_post_id_and_its_ga4_id_are_one_product(demo_lab: LabPage):
    demo_lab.block_engine()
    demo_lab.open("/products/trail-runner-vest-12.html")
    demo_lab.page.get_by_role("button", name="Add to cart").click()
    assert demo_lab.state()["cart.items"] == ["4321"]  # GA4's "#4321" is the JSON-LD's sku 4321


def test_segment_events_fill_the_cart_under_the_markups_id(demo_lab: LabPage):
    demo_lab.block_engine()
    demo_lab.open("/products/glow-string-lights.html")
    assert demo_lab.page.evaluate("Array.isArray(window.analytics)"), "Segment's queue, not GA4"
    demo_lab.page.get_by_role("button", name="Add to cart").click()
    state = demo_lab.state()
    assert state["cart.count"] == 1 and state["cart.items"] == ["711"]  # Segment's gsl-711
    # Calls on the loaded library (analytics.js replaces the queue) are read too, once each.
    demo_lab.page.evaluate("""(() => {
        const calls = [];
        window.analytics = {track(name, props) { calls.push(name); }, calls};
        const props = {product_id: "gsl-711", price: 34, quantity: 2};
        analytics.track("Product Added", props);
        analytics.track("Product Added", props);  // a replay of the same call
    })()""")
    assert demo_lab.state()["cart.count"] == 3
    assert demo_lab.page.evaluate("window.analytics.calls") == ["Product Added", "Product Added"]


def test_markup_kairos_does_not_know_breaks_nothing(lab: LabPage):
    lab.block_engine()
    lab.open("/lab/odd-markup.html")
    state = lab.state()
    assert state["page.type"] == "other" and state["product.id"] is None
    assert lab.page_errors == []
    lab.open("/lab/no-reviews.html")
    assert lab.state()["product.id"] == "LAB-NR-1"


def test_a_review_popup_without_reviews_on_the_page_is_not_shown(lab: LabPage):
    lab.open("/lab/no-reviews.html")
    lab.boot()
    lab.run_and_settle(10_000)
    assert lab.events("decision") == [] and lab.events("error") == []
