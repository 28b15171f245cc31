"""What real storefronts do to a runtime: in-page anchors, variant URLs, bad API arguments,
odd stored data, and a shopper opting out in another tab."""

import json

from .kairos_page import KairosPage

HEADLAMP = "/products/lumen-400-headlamp.html"
PICK = "s => ({views: s['page.views'], url: s['visits.url'].length, dwell: s['page.dwell']})"


def counts(kairos: KairosPage) -> dict:
    return kairos.page.evaluate(f"window.kairos.state().then({PICK})")


def test_in_page_anchors_and_variant_urls_are_not_page_views(kairos: KairosPage):
    kairos.open(HEADLAMP)
    kairos.page.clock.run_for(3_000)
    assert counts(kairos) == {"views": 1, "url": 1, "dwell": 3_000}
    kairos.page.locator('a[href="#reviews"]').first.click()  # the star rating links to #reviews
    kairos.page.evaluate("history.replaceState(null, '', '?variant=2')")  # a variant pick
    kairos.page.evaluate("history.replaceState(null, '', '?variant=3')")
    kairos.page.clock.run_for(1_000)
    assert counts(kairos) == {"views": 1, "url": 1, "dwell": 4_000}
    kairos.page.evaluate("history.pushState(null, '', '/products/elsewhere.html')")
    kairos.page.clock.run_for(0)
    assert counts(kairos)["views"] == 2, "a pushState to another path is a page view"


def test_bad_arguments_to_the_api_never_throw_into_the_host(kairos: KairosPage):
    kairos.open(HEADLAMP)
    result = kairos.page.evaluate("""() => {
        try {
            window.kairos.track("add_to_cart", {items: [null, 5, {item_id: "X", price: 2}]});
            window.kairos.track("add_to_cart", null);
            window.kairos.push(["track"], ["nonsense", 1], 42);
            return "ok";
        } catch (e) { return "threw: " + e; }
    }""")
    assert result == "ok"
    assert kairos.page_errors == []
    assert kairos.page.evaluate("window.kairos.state().then(s => s['cart.items'])") == ["X"]


def test_commands_queued_before_the_kernel_runs_are_run_in_order(kairos: KairosPage):
    """The README's queue: `window.kairos = window.kairos || []` before the script tag, and
    pushes while the kernel starts (its first run is two tasks: the live API replaces the
    queue in the second). Pushed functions get the live API, pushed commands run in order,
    and the live API is in place when the page view opens."""
    kairos.page.add_init_script(r"""
      window.kairos = window.kairos || [];
      window.kairos.push((api) => { window.__gotAPI = [typeof api.track, typeof api.state]; });
      window.kairos.push(["track", "add_to_cart", {items: [{item_id: "Q1", price: 4}]}]);
      // The kernel script's own load event: its first task has run, start() has not.
      document.addEventListener("load", (event) => {
        if (!/\/kairos\.[0-9a-f]+\.js$/.test(event.target.src || "")) return;
        window.kairos.push(["track", "add_to_cart", {items: [{item_id: "Q2", price: 5}]}]);
      }, true);
      document.addEventListener("DOMContentLoaded", () => window.kairos.push(
        ["track", "remove_from_cart", {items: [{item_id: "Q1", quantity: 1}]}]));
      addEventListener("kairos:view", () => { window.__liveAtView = typeof window.kairos.track; });
    """)
    kairos.open(HEADLAMP)
    assert kairos.page.evaluate("window.__gotAPI") == ["function", "function"]
    assert kairos.page.evaluate("window.__liveAtView") == "function"
    # Q1 added, then Q2 (at the script's load) and Q1 removed (at DOMContentLoaded) in either
    # order: a command lost at the script's load, or one run out of order, leaves Q1.
    assert kairos.page.evaluate("window.kairos.state().then(s => s['cart.items'])") == ["Q2"]
    assert kairos.page_errors == []


def test_a_stored_record_with_odd_values_is_replaced_not_fatal(kairos: KairosPage):
    odd = {"v": 1, "visitor": "v", "sessions": [], "views": [], "products": {},
           "exposures": {"r": 5}, "cart": {}, "cartAt": 0}
    kairos.page.add_init_script(f"localStorage.setItem('kairos:v1', {json.dumps(json.dumps(odd))})")
    kairos.open(HEADLAMP)
    assert counts(kairos)["url"] == 1
    assert [e["detail"]["kind"] for e in kairos.events("error")] == ["storage"]
    assert kairos.page_errors == []


def test_opting_out_in_one_tab_stops_every_tab_storing(kairos: KairosPage, demo_server):
    first = kairos.page
    kairos.open(HEADLAMP, paused=False)
    second = first.context.new_page()
    second.goto(demo_server.url + HEADLAMP)
    second.evaluate("window.kairos.consent(false)")
    first.wait_for_function("localStorage.getItem('kairos:v1') === null")
    first.get_by_role("button", name="Add to cart").click()  # a GA4 add_to_cart in the first tab
    first.reload()  # and a new page view
    stored = first.evaluate("Object.keys(localStorage).filter(k => k.startsWith('kairos'))")
    assert stored == ["kairos:consent"]
    assert first.evaluate("localStorage.getItem('kairos:consent')") == '"denied"'
    assert first.evaluate("window.kairos.state().then(s => s['visits.url'].length)") == 1


def test_a_stores_tap_paints_before_kairos_handles_its_event_and_every_read_sees_it(kairos: KairosPage):
    """The store's own "Add to cart" handler pays only for queueing its dataLayer event: the
    cart is written in a task of Kairos's own, and anything that reads it first gets it."""
    kairos.open(HEADLAMP)
    cart = "() => Object.keys((JSON.parse(localStorage.getItem('kairos:v1')) || {cart: {}}).cart)"
    in_the_tap = kairos.page.evaluate(f"""() => {{
        dataLayer.push({{event: "add_to_cart", ecommerce: {{items: [{{item_id: "X", price: 2}}]}}}});
        return ({cart})(); }}""")
    assert in_the_tap == [], "handled inside the store's own task"
    kairos.page.wait_for_function(f"() => ({cart})().length === 1")  # its own task, no timer
    read_at_once = kairos.page.evaluate("""() => {
        dataLayer.push({event: "add_to_cart", ecommerce: {items: [{item_id: "Y", price: 3}]}});
        return window.kairos.state().then(s => s['cart.items']); }""")
    assert sorted(read_at_once) == ["X", "Y"]
    assert kairos.page_errors == []
