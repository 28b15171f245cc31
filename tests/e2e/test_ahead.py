"""Page-load moments decided ahead: on the second view of a product the engine renders the
trust badge the third view will show; that view draws it at once, before (and without) the
engine, and the engine withdraws a badge made ahead that the view's real facts refute."""

import json

from .conftest_signals import MINUTE, LabPage

TENT = "/products/trailhead-2p-tent.html"
HEADLAMP = "/products/lumen-400-headlamp.html"
RULE = "trust-on-third-visit"  # demo.yaml: visits.product(within=7d) >= 3, slot pdp-trust


def view_with_engine(lab: LabPage, path: str) -> None:
    """A product view whose engine boots and answers its first update (which decides ahead)."""
    lab.open(path)
    lab.observed()  # a badge drawn ahead is then seen during the boot's 2 s
    lab.boot()
    lab.settle()


def ahead_exposures(lab: LabPage) -> list[dict]:
    return [e["detail"] for e in lab.events("exposure") if e["detail"]["ahead"]]


def test_the_third_view_draws_the_badge_at_once_without_the_engine(demo_lab: LabPage):
    view_with_engine(demo_lab, TENT)
    assert (demo_lab.stored() or {}).get("next") is None, "view 2 would not show it: nothing kept"
    view_with_engine(demo_lab, TENT)
    kept = demo_lab.stored()["next"]
    assert kept["url"] == TENT and [d["rule"] for d in kept["decisions"]] == [RULE]

    demo_lab.block_engine()  # the third view never gets an engine: only the kept decision
    demo_lab.jump(MINUTE)
    demo_lab.open(TENT)
    demo_lab.wait_for_event("decision")
    demo_lab.see()
    assert [e["rule"] for e in ahead_exposures(demo_lab)] == [RULE]
    assert "Free returns" in demo_lab.slot("pdp-trust").locator(".k-badge").inner_text()
    assert demo_lab.stored()["exposures"][RULE], "counted like any exposure"
    assert "next" not in demo_lab.stored(), "a decision made ahead is used once"
    assert demo_lab.page_errors == []


def test_the_engine_keeps_a_badge_made_ahead_that_the_view_supports(demo_lab: LabPage):
    view_with_engine(demo_lab, TENT)
    view_with_engine(demo_lab, TENT)
    demo_lab.jump(MINUTE)
    view_with_engine(demo_lab, TENT)
    assert [e["rule"] for e in ahead_exposures(demo_lab)] == [RULE]
    assert [e["detail"]["rule"] for e in demo_lab.events("exposure")].count(RULE) == 1, \
        "drawn once, not again by the engine"
    assert demo_lab.slot_rule("pdp-trust") == RULE


def keep_for_next_view(lab: LabPage, html: str, version: str | None = None) -> None:
    """Write a decision kept for the next view of TENT into the stored history, as if made
    ahead (or planted by some other script of the store's origin)."""
    record = lab.stored()
    record["next"] = {"url": TENT, "session": record["sessions"][-1]["id"],
                      "version": version or lab.page.evaluate("kairos.version"), "decisions": [
        {"rule": RULE, "snippet": "trust_badge", "variant": None, "placement": "slot",
         "slot": "pdp-trust", "html": html, "capped": False}]}
    lab.page.evaluate(f"localStorage.setItem('kairos:v1', {json.dumps(json.dumps(record))})")


def test_a_badge_made_ahead_that_the_view_refutes_is_withdrawn(demo_lab: LabPage):
    view_with_engine(demo_lab, TENT)  # one view: the rule needs three
    keep_for_next_view(demo_lab, "<p class='k-badge'>made ahead, wrongly</p>")

    demo_lab.open(TENT)  # the second view: two views, the rule does not hold
    demo_lab.wait_for_event("decision")
    assert demo_lab.slot_rule("pdp-trust") == RULE, "drawn at once, as kept"
    demo_lab.boot()
    demo_lab.settle()
    assert demo_lab.slot_rule("pdp-trust") is None, "the engine's first answer withdrew it"
    assert demo_lab.page_errors == []


def test_nothing_is_drawn_ahead_on_another_page_or_in_a_new_session(demo_lab: LabPage):
    view_with_engine(demo_lab, TENT)
    view_with_engine(demo_lab, TENT)
    assert demo_lab.stored()["next"]["url"] == TENT
    demo_lab.jump(31 * MINUTE)  # a new session: the visit history moved on
    view_with_engine(demo_lab, TENT)
    assert ahead_exposures(demo_lab) == []
    assert demo_lab.slot_rule("pdp-trust") == RULE, "the engine itself shows it, a moment later"

    view_with_engine(demo_lab, TENT)  # made ahead again for the next view of the tent...
    assert demo_lab.stored()["next"]["url"] == TENT
    view_with_engine(demo_lab, HEADLAMP)  # ...but the next view is another page
    assert ahead_exposures(demo_lab) == []


def test_decisions_kept_by_another_build_are_not_drawn(demo_lab: LabPage):
    view_with_engine(demo_lab, TENT)
    keep_for_next_view(demo_lab, "<p class='k-badge'>from last week's deploy</p>", version="0.0.0")
    view_with_engine(demo_lab, TENT)
    assert ahead_exposures(demo_lab) == [] and demo_lab.slot_rule("pdp-trust") is None


def test_kept_html_loses_event_handlers_and_script_urls(demo_lab: LabPage):
    view_with_engine(demo_lab, TENT)
    keep_for_next_view(demo_lab, '<p class="k-badge"><img src="data:," onerror="window.__pwned = 1">'
                                 '<a href="javascript:window.__pwned = 2">x</a></p>')
    demo_lab.block_engine()
    demo_lab.open(TENT)
    demo_lab.wait_for_event("decision")
    html = demo_lab.page.evaluate("""document.querySelector('[data-kairos-slot="pdp-trust"] '
        + '[data-kairos-host]').shadowRoot.innerHTML""")
    assert "onerror" not in html and "javascript:" not in html and "<img" in html
    assert demo_lab.page.evaluate("window.__pwned") is None
