"""The debug overlay in Chromium: every rule's state and terms, live; remembered for the tab;
never fetched for shoppers; explanations from the engine's own code."""

import json
from pathlib import Path

import pytest

from .kairos_page import KairosPage

TENT = "/products/trailhead-2p-tent.html"
REVIEWS = "reviews-for-hesitant-shoppers"
TRUST = "trust-on-third-visit"
# The overlay's rows, read through its shadow root: {rule id: {state, words, terms}}.
ROWS_JS = """() => {
  const host = document.querySelector('[data-kairos-debug]');
  if (!host) return null;
  const rows = {};
  for (const box of host.shadowRoot.querySelectorAll('details[data-rule]')) {
    rows[box.dataset.rule] = {
      state: box.dataset.state,
      words: box.querySelector('.words').textContent,
      terms: [...box.querySelectorAll('.term')].map((t) => t.textContent),
    };
  }
  return rows;
}"""


def overlay_rows(kairos: KairosPage) -> dict | None:
    return kairos.page.evaluate(ROWS_JS)


def wait_for_overlay(kairos: KairosPage, count: int = 1) -> dict:
    """Wait until the overlay has drawn `count` times since the page loaded (kairos:debug)."""
    kairos.page.wait_for_function(
        f"(window.__debugDraws || 0) >= {count}", timeout=60_000)
    return overlay_rows(kairos)


@pytest.fixture
def debug_page(demo_lab) -> KairosPage:
    """A demo page whose clock carries over to the next page load, counting the overlay's draws."""
    demo_lab.page.add_init_script("""addEventListener('kairos:debug', (event) => {
        window.__debugDraws = (window.__debugDraws || 0) + 1;
        window.__debugDrawnAt = Math.max(window.__debugDrawnAt || 0, event.detail.at || 0);
    })""")
    return demo_lab


def redraw(kairos: KairosPage) -> dict:
    """Let a second of page time pass (the overlay redraws once a second) and read a draw of
    that second's signals: on a loaded machine the draw of the tick before can land after."""
    before = kairos.page.evaluate("Date.now()")
    kairos.run_and_settle(1_000)
    kairos.page.wait_for_function(f"(window.__debugDrawnAt || 0) > {before}", timeout=60_000)
    return overlay_rows(kairos)


def test_the_overlay_lists_every_rule_and_a_dwell_rule_flips_to_shown(debug_page, demo_server, bundle_dir):
    debug_page.open(TENT + "?kairos_debug=1")
    debug_page.boot()
    rows = redraw(debug_page)
    assert set(rows) == {rule["id"] for rule in json.loads((bundle_dir / "ir.json").read_text())["rules"]}
    assert rows[REVIEWS]["state"] == "waiting"
    debug_page.run_and_settle(9_000)
    rows = redraw(debug_page)
    dwell = next(t for t in rows[REVIEWS]["terms"] if "page.dwell" in t)
    assert dwell == "falsepage.dwell 13 s of > 30 s"  # 2 s booting, 1 + 9 + 1 s run
    assert rows[TRUST]["state"] == "waiting"
    assert rows[TRUST]["terms"] == ["falsevisits.product(within=7d) 1 of >= 3"]
    debug_page.run_and_settle(19_000)
    debug_page.wait_for_event("decision")
    rows = redraw(debug_page)
    assert rows[REVIEWS]["state"] == "shown"


def test_a_capped_rule_says_which_cap(debug_page, demo_server):
    debug_page.open(TENT + "?kairos_debug=1")
    debug_page.boot()
    debug_page.run_and_settle(29_000)
    debug_page.wait_for_event("decision")
    debug_page.run_and_settle(2_000)  # the popup is seen (in view for a second): an exposure
    debug_page.wait_for_event("exposure")
    debug_page.jump(60_000)  # a minute later, in the same session
    debug_page.open(TENT)  # the overlay is remembered for the tab
    debug_page.boot()
    debug_page.run_and_settle(31_000)
    rows = redraw(debug_page)
    assert (rows[REVIEWS]["state"], rows[REVIEWS]["words"]) == ("capped", "once per session")


def test_a_snippet_the_shopper_closed_is_dismissed(debug_page, demo_server):
    debug_page.open(TENT + "?kairos_debug=1")
    debug_page.boot()
    debug_page.run_and_settle(29_000)
    debug_page.wait_for_event("decision")
    debug_page.page.keyboard.press("Escape")  # the review popup is a dialog: Escape closes it
    debug_page.wait_for_event("dismiss")
    row = redraw(debug_page)[REVIEWS]
    assert (row["state"], row["words"]) == ("dismissed", "shown, then closed by the shopper")


def test_a_rule_for_another_page_type_says_so(debug_page, demo_server):
    debug_page.open("/category/tents.html?kairos_debug=1")
    debug_page.boot()
    rows = redraw(debug_page)
    assert rows[REVIEWS]["state"] == "page_type"
    assert rows[REVIEWS]["words"] == "not for this page type (category)"


def test_the_choice_is_kept_for_the_tab_until_kairos_debug_0(debug_page, demo_server):
    debug_page.open(TENT + "?kairos_debug=1")
    debug_page.boot()
    assert redraw(debug_page)
    debug_page.open("/")
    debug_page.boot()
    assert redraw(debug_page), "the overlay follows the tester to the next page"
    debug_page.open("/?kairos_debug=0")
    debug_page.boot()
    debug_page.run_and_settle(2_000)
    assert overlay_rows(debug_page) is None
    debug_page.open(TENT)
    debug_page.boot()
    debug_page.run_and_settle(2_000)
    assert overlay_rows(debug_page) is None


def test_shoppers_never_fetch_the_overlay(kairos, demo_server):
    demo_server.requests.clear()
    kairos.open(TENT)
    kairos.boot()
    kairos.run_and_settle(31_000)
    kairos.wait_for_event("decision")
    paths = demo_server.requests.paths()
    assert not [p for p in paths if "kairos-debug" in p or p.endswith("manifest.json")], paths
    assert kairos.page.evaluate("typeof window.kairos.debug") == "function"


def test_kairos_debug_true_opens_it_and_false_closes_it(debug_page, demo_server):
    debug_page.open(TENT)
    debug_page.boot()
    debug_page.page.evaluate("window.kairos.debug(true)")
    assert redraw(debug_page)
    debug_page.page.evaluate("window.kairos.debug(false)")
    debug_page.page.wait_for_function("!document.querySelector('[data-kairos-debug]')")
    assert debug_page.page.evaluate("sessionStorage.getItem('kairos:debug')") is None


def test_the_overlay_works_by_keyboard(debug_page, demo_server):
    debug_page.open(TENT + "?kairos_debug=1")
    debug_page.boot()
    redraw(debug_page)
    page = debug_page.page
    focus = ("() => { const r = document.querySelector('[data-kairos-debug]').shadowRoot;"
             " const a = r.activeElement;"
             " return a ? (a.getAttribute('aria-label') || a.textContent) : null; }")
    page.evaluate("document.querySelector('[data-kairos-debug]').shadowRoot.querySelector('[role=tab]').focus()")
    assert page.evaluate(focus) == "Rules"
    page.keyboard.press("ArrowRight")
    assert page.evaluate(focus) == "Signals"
    redraw(debug_page)
    signals = page.evaluate("() => document.querySelector('[data-kairos-debug]').shadowRoot"
                            ".querySelector('#k-panel-1').textContent")
    assert "page.dwell" in signals and "product.id" in signals
    page.keyboard.press("Home")
    page.keyboard.press("Tab")  # into the Rules panel, then to the first rule's summary
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    opened = page.evaluate("() => document.querySelector('[data-kairos-debug]').shadowRoot"
                           ".querySelector('details').open")
    assert opened
    assert json.loads(json.dumps(overlay_rows(debug_page)))[REVIEWS]["terms"]


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run({include: [["[data-kairos-debug]"]]}, {resultTypes: ["violations", "passes"]});
  return {violations: result.violations.map((v) => ({id: v.id, help: v.help,
            nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary)})),
          checked: result.passes.reduce((n, p) => n + p.nodes.length, 0)};
}"""


@pytest.mark.parametrize("tab", ["Rules", "Signals", "Heat"])
def test_the_overlay_passes_axe_in_light_and_dark(debug_page, demo_server, tab):
    debug_page.open(TENT + "?kairos_debug=1")
    debug_page.boot()
    redraw(debug_page)
    page = debug_page.page
    page.evaluate("""(tab) => { const root = document.querySelector('[data-kairos-debug]').shadowRoot;
        [...root.querySelectorAll('[role=tab]')].find((t) => t.textContent === tab).click();
        root.querySelectorAll('details').forEach((d) => { d.open = true; }); }""", tab)
    redraw(debug_page)
    page.add_script_tag(path=str(AXE))
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.clock.resume()  # axe schedules its work with timers
        try:
            result = page.evaluate(RUN_AXE)
        finally:
            page.clock.pause_at((debug_page.now() + 1_000) / 1000)
        assert result["violations"] == [], (tab, scheme)
        assert result["checked"] >= 10, "axe looked inside the overlay's shadow root"
