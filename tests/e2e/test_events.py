"""Events that mean what they say (docs/contracts.md, Events): an exposure is a snippet seen
(half visible for one continuous second while the page is visible), controls are counted at
the same moment, clicks, dismissals, answers and conversions follow, each in dataLayer and,
only when the store configured it and the shopper let it, at the event sink."""

import json
from urllib.parse import urlsplit

from . import showcase as s
from .conftest_signals import MINUTE, LabPage

COLLECT = "/__kairos/collect"
BELOW = "/lab/below-fold.html"


def exposures(lab, rule: str) -> list[dict]:
    return [e["detail"] for e in lab.events("exposure") if e["detail"]["rule"] == rule]


def layer(lab, event: str) -> list[dict]:
    return [e for e in lab.page.evaluate("window.dataLayer")
            if isinstance(e, dict) and e.get("event") == event]


def posted(server) -> list[dict]:
    """Every event the page sent to the sink (JSON lines in each POST body)."""
    return [json.loads(line) for r in server.requests.snapshot() if r["method"] == "POST"
            and r["path"] == COLLECT for line in r["body"].decode().splitlines()]


def flush(lab) -> None:
    """Hide the page (the sink flushes) and wait until the beacon has reached the server."""
    with lab.page.expect_request(f"**{COLLECT}") as request:
        lab.set_presence(visible=False)
    request.value.response()
    lab.set_presence(visible=True)


# -- exposures mean "seen" ---------------------------------------------------------------------

def test_a_snippet_below_the_fold_is_an_exposure_once_half_in_view_for_a_second(demo_lab: LabPage):
    s.product_comparison(demo_lab)  # the comparison is drawn in its slot, below the fold
    rule = s.RULES["product_comparison"]
    demo_lab.run_and_settle(5_000)
    assert exposures(demo_lab, rule) == [], "drawn, not seen"
    # A third of it in view is not half of it.
    demo_lab.page.evaluate("""(() => { const slot = document.querySelector('[data-kairos-slot="compare"]');
        const top = slot.getBoundingClientRect().top + scrollY;
        scrollTo(0, top - innerHeight + slot.offsetHeight / 3); })()""")
    demo_lab.observed()
    demo_lab.page.clock.run_for(3_000)
    assert exposures(demo_lab, rule) == []
    s.scroll_into_view(demo_lab, '[data-kairos-slot="compare"]')
    demo_lab.page.clock.run_for(500)
    demo_lab.set_presence(visible=False)  # half a second, then the tab is hidden: not continuous
    demo_lab.page.clock.run_for(5_000)
    demo_lab.set_presence(visible=True)
    demo_lab.page.clock.run_for(999)
    assert exposures(demo_lab, rule) == []
    seen_at = demo_lab.now() + 1
    demo_lab.page.clock.run_for(1)
    (exposure,) = [demo_lab.wait_for_event("exposure")]
    assert exposure["rule"] == rule and exposure["ts"] == seen_at
    assert demo_lab.stored()["exposures"][rule] == [seen_at], "caps count it from that moment"
    assert demo_lab.layout_shift() == 0


def exposure_moment(lab: LabPage, visitor: str) -> tuple[dict, int]:
    """Open the below-the-fold lab page as `visitor`; scroll its slot into view 5 s after the
    decision; the exposure and how long after the scroll it came."""
    s.seed_visitor(lab, visitor)
    lab.open(BELOW)
    lab.boot()
    lab.run_and_settle(3_000)
    s.drawn(lab, "lab-below-fold")
    lab.page.clock.run_for(5_000)
    assert exposures(lab, "lab-below-fold") == []
    s.scroll_into_view(lab, '[data-kairos-slot="lab-below"]')
    scrolled = lab.now()
    lab.page.clock.run_for(1_000)
    exposure = lab.wait_for_event("exposure")
    return exposure, exposure["ts"] - scrolled


def test_a_control_in_the_same_slot_is_counted_at_the_same_moment(lab: LabPage, lab_bundle_dir):
    ir = json.loads((lab_bundle_dir / "ir.json").read_text())
    control, delay = exposure_moment(lab, s.visitor_in(ir, "lab-below-fold", "control"))
    assert control["variant"] == "control" and delay == 1_000
    assert lab.slot_rule("lab-below") is None, "a control draws nothing"
    lab.jump(MINUTE)
    badge, delay = exposure_moment(lab, s.visitor_in(ir, "lab-below-fold", "badge"))
    assert badge["variant"] == "badge" and delay == 1_000
    assert lab.slot_rule("lab-below") == "lab-below-fold"


def test_an_overlays_control_and_holdout_are_counted_one_second_after_the_decision(demo_lab, bundle_dir):
    ir = json.loads((bundle_dir / "ir.json").read_text())
    for arm in ("control", "holdout"):
        decision = s.hesitation(demo_lab, s.visitor_in(ir, s.RULES["hesitation"], arm))
        assert decision["variant"] == arm and demo_lab.modal().count() == 0, "nothing is shown"
        demo_lab.page.clock.run_for(999)
        assert exposures(demo_lab, s.RULES["hesitation"]) == []
        demo_lab.page.clock.run_for(1)
        exposure = demo_lab.wait_for_event("exposure")
        assert exposure["variant"] == arm and exposure["placement"] == "modal"
        assert layer(demo_lab, "experience_impression")[-1]["exp_variant_string"] == \
            f"KAIROS-{s.RULES['hesitation']}-{arm}"
        demo_lab.page.evaluate("localStorage.clear()")
        demo_lab.jump(MINUTE)


# -- clicks, dismissals, conversions: in dataLayer and at the sink -----------------------------

def test_exposure_click_and_conversion_reach_datalayer_and_the_sinks_log(demo_lab: LabPage, demo_server):
    demo_lab.open(s.TENT)
    demo_lab.boot()
    demo_lab.run_and_settle(29_500)
    s.drawn(demo_lab, s.RULES["reading_reviews"])
    exposure = demo_lab.see()
    assert exposure["v"] == 1 and exposure["variant"] is None and exposure["page_type"] == "product"
    assert exposure["product"] == "NW-TENT-TR2" and exposure["qa"] is False
    assert exposure["returning"] is False and exposure["device"] == "desktop"
    assert layer(demo_lab, "experience_impression")[-1]["exp_variant_string"] == \
        "KAIROS-reviews-for-hesitant-shoppers-default"
    demo_lab.modal().locator("a", has_text="Read all reviews").click()
    click = demo_lab.wait_for_event("click")
    assert click["target"] == "all-reviews" and demo_lab.modal().count() == 0
    demo_lab.page.get_by_role("button", name="Add to cart").click()
    conversion = demo_lab.wait_for_event("conversion")
    assert (conversion["event"], conversion["value"], conversion["currency"]) == ("add_to_cart", 249, "USD")
    assert conversion["rule"] == s.RULES["reading_reviews"] and conversion["items"] == [
        {"item_id": "NW-TENT-TR2", "quantity": 1, "price": 249}]
    assert [e["kairos_rule"] for e in layer(demo_lab, "kairos_conversion")] == [s.RULES["reading_reviews"]]
    assert layer(demo_lab, "kairos_click")[-1]["kairos_target"] == "all-reviews"
    flush(demo_lab)
    logged = [e for e in demo_server.logged_events() if e["visitor"] == exposure["visitor"]]
    assert [e["type"] for e in logged] == ["exposure", "click", "conversion"]
    assert {e["session"] for e in logged} == {exposure["session"]} and logged[0] == exposure


def test_a_dismissal_counts_the_exposure_it_implies_and_a_purchase_converts_once(demo_lab, demo_server):
    s.checkout_readiness(demo_lab)
    demo_lab.see()
    demo_lab.jump(MINUTE)
    demo_lab.open(s.CHECKOUT)
    demo_lab.page.get_by_role("button", name="Place order").click()
    purchase = demo_lab.wait_for_event("conversion")
    assert purchase["event"] == "purchase" and purchase["transaction_id"].startswith("NW-")
    assert purchase["value"] == 46.9 and purchase["rule"] == s.RULES["checkout_readiness"]
    order = {"event": "purchase", "ecommerce": {"transaction_id": purchase["transaction_id"],
                                                "value": 46.9, "currency": "USD", "items": []}}
    demo_lab.page.evaluate("(o) => dataLayer.push(o)", order)  # the thank-you page, reloaded
    demo_lab.page.evaluate("(o) => dataLayer.push({...o, ecommerce: {...o.ecommerce, transaction_id: 'X2'}})",
                           order)
    demo_lab.wait_until("window.__kairosEvents.filter(e => e.name === 'conversion').length >= 2")
    assert [e["detail"]["transaction_id"] for e in demo_lab.events("conversion")] == [
        purchase["transaction_id"], "X2"]
    # A dismissal before the snippet's second in view: it was seen, so it is counted first.
    demo_lab.jump(40 * MINUTE)
    s.with_engine(demo_lab, s.TENT)
    demo_lab.run_and_settle(30_000)
    s.drawn(demo_lab, s.RULES["reading_reviews"])
    demo_lab.modal().get_by_role("button", name="Close").click()
    dismiss = demo_lab.wait_for_event("dismiss")
    order = [e["name"] for e in demo_lab.events() if e["name"] in ("exposure", "dismiss")]
    assert order == ["exposure", "dismiss"]
    assert dismiss["rule"] == s.RULES["reading_reviews"]
    flush(demo_lab)
    logged = [e["type"] for e in demo_server.logged_events() if e["visitor"] == dismiss["visitor"]]
    assert logged[-2:] == ["exposure", "dismiss"] and logged.count("conversion") == 2


def test_without_a_sink_nothing_is_sent_at_all(page, serve, bundle_dir):
    server = serve(bundle_dir)  # no data-sink on the tag
    lab = LabPage(page, server.url)
    lab.open(s.TENT)
    lab.boot()
    lab.run_and_settle(29_500)
    s.drawn(lab, s.RULES["reading_reviews"])
    lab.see()
    lab.page.keyboard.press("Escape")
    lab.page.get_by_role("button", name="Add to cart").click()
    lab.wait_for_event("conversion")
    lab.set_presence(visible=False)
    lab.page.evaluate("dispatchEvent(new PageTransitionEvent('pagehide'))")
    lab.page.goto(server.url + s.CART)
    # Only reads: GETs, and the HEADs that ask the host how it serves the engine's big files
    # (engine/wire.js). An event would be a POST (sendBeacon).
    assert [r for r in server.requests.snapshot() if r["method"] not in ("GET", "HEAD")] == []
    origin = urlsplit(server.url).netloc
    assert all(urlsplit(url).netloc == origin for url in lab.requests if url.startswith("http"))


def answer(lab: LabPage) -> None:
    lab.run_and_settle(6_000)
    s.drawn(lab, "lab-sink-question")
    lab.page.locator('[data-kairos-slot="lab-question"] [data-kairos-host]').get_by_role(
        "button", name="Not yet").click()
    assert lab.wait_for_event("answer")["answer"] == "Not yet"


def test_nothing_reaches_the_sink_before_consent(lab: LabPage, lab_server):
    lab_server.requests.clear()
    lab.open("/lab/sink-consent.html")
    lab.boot()
    answer(lab)
    before = lab.events("answer")[0]["detail"]["pageview"]
    lab.set_presence(visible=False)
    lab.set_presence(visible=True)
    assert posted(lab_server) == []
    lab.page.evaluate("kairos.consent(true)")
    lab.jump(MINUTE)
    lab.open("/lab/sink-consent.html")
    lab.boot()
    answer(lab)
    flush(lab)
    sent = posted(lab_server)
    assert [e["type"] for e in sent] == ["exposure", "answer"], "only what happened after consent"
    assert before not in {e["pageview"] for e in sent}, "events before consent are dropped, not sent later"


def test_global_privacy_control_keeps_the_sink_closed_unless_the_store_says_send(lab: LabPage, lab_server):
    lab_server.requests.clear()
    lab.page.add_init_script("""Object.defineProperty(Navigator.prototype, "globalPrivacyControl",
        { configurable: true, get: () => true });""")
    lab.open("/lab/sink-gpc.html")
    lab.boot()
    answer(lab)
    lab.set_presence(visible=False)
    lab.set_presence(visible=True)
    assert posted(lab_server) == []
    lab.jump(MINUTE)
    lab.open("/lab/sink-gpc-send.html")  # data-sink-gpc="send": the store's own decision
    lab.boot()
    answer(lab)
    flush(lab)
    assert [e["type"] for e in posted(lab_server)] == ["exposure", "answer"]


def test_events_are_not_sent_twice_and_carry_the_kairos_schema(demo_lab: LabPage, demo_server):
    s.i_want_to_know(demo_lab)
    demo_lab.see()
    corner = demo_lab.page.locator("[data-kairos-placement='corner']")
    corner.get_by_role("button", name="Just browsing").click()
    flush(demo_lab)
    demo_lab.set_presence(visible=False)
    demo_lab.set_presence(visible=True)
    visitor = demo_lab.events("exposure")[0]["detail"]["visitor"]
    mine = [e for e in demo_server.logged_events() if e["visitor"] == visitor]
    assert [e["type"] for e in mine] == ["exposure", "answer"]
    assert len({e["id"] for e in mine}) == 2
    question = mine[1]
    assert question["question"] == "Did you find what you were looking for?"
    assert question["answer"] == "Just browsing"
    assert set(mine[0]) >= {"v", "type", "id", "ts", "rule", "snippet", "variant", "placement", "slot",
                            "visitor", "session", "pageview", "page_type", "device", "returning", "qa",
                            "product"}

