"""The kernel's signals in real Chromium: engaged dwell, sections, behaviour, context, SPAs.

Page time is Playwright's clock, installed paused before the first load (see LabPage), so a
dwell of "10 s" is exactly 10 s of page time. Tests wait only on Kairos lifecycle events,
`kairos.pending()`, or the page's own IntersectionObserver callbacks; nothing sleeps.
Tests of kernel signals alone block the engine worker (no Pyodide boot); tests that check a
rule fires boot it once (`kairos.boot()`: 2 s of page time, then `kairos:ready`).
"""

import pytest

from .conftest_signals import MINUTE, SECOND, LabPage

TENT = "/products/trailhead-2p-tent.html"
LAB = "/lab/lab.html"

# ---------------------------------------------------------------------------------------------
# 1. Engaged time: visible AND focused AND not idle (idle after 60 s without input, the time
#    up to the cutoff counting; input or coming back to the tab ends idleness).
# ---------------------------------------------------------------------------------------------

# A timeline is a list of steps; `expected` is the engaged time worked out by hand from the
# definition (DESIGN.md, Signals), not from the kernel. Steps: an int runs page time (ms);
# "hide"/"show" switch tab visibility; "blur"/"focus" window focus; "move"/"key" are input.
TIMELINES = [
    ("visible_10s", LAB, [10_000], 10_000, False),
    ("hidden_in_the_middle", LAB, [5_000, "hide", 20_000, "show", 7_000], 12_000, False),
    ("blurred_in_the_middle", LAB, [3_000, "blur", 10_000, "focus", 4_000], 7_000, False),
    # No input at all: idle at 60 s; the 60 s up to the cutoff count, the next 30 s do not.
    ("no_input_counts_up_to_the_cutoff", LAB, [90_000], 60_000, True),
    # Input every 50 s keeps the shopper engaged: 50 + 50 + 30.
    ("input_resets_the_cutoff", LAB, [50_000, "move", 50_000, "key", 30_000], 130_000, False),
    # Idle from 60 s to 70 s (not counted); the mouse move ends idleness: 60 + 20.
    ("input_ends_idleness", LAB, [70_000, "move", 20_000], 80_000, False),
    # Idle at 60 s; away 10 s; coming back to the tab ends idleness: 60 + 15.
    ("return_to_tab_ends_idleness", LAB, [70_000, "hide", 10_000, "show", 15_000], 75_000,
     False),
    # The cutoff passes while the tab is hidden (at 60 s); coming back ends idleness: 40 + 30.
    ("cutoff_passes_while_hidden", LAB, [40_000, "hide", 100_000, "show", 30_000], 70_000,
     False),
    # Input while another window has focus does not count: 10 + 10.
    ("input_while_blurred", LAB, [10_000, "blur", "move", 10_000, "focus", 10_000], 20_000,
     False),
    # Hidden, then visible but unfocused (another window on top), then focused: 5 + 5.
    ("hidden_then_unfocused_then_focused", LAB,
     [5_000, "hide_blur", 5_000, "show_unfocused", 5_000, "focus", 5_000], 10_000, False),
    # The cutoff passes while blurred (at 60 s); focusing the window ends idleness: 50 + 20.
    ("cutoff_passes_while_blurred", LAB, [50_000, "blur", 30_000, "focus", 20_000], 70_000,
     False),
    # Idle at 60 s, then a key press while hidden ends idleness but counts nothing until the
    # tab is back: 60 + 5.
    ("input_while_hidden_ends_idleness", LAB,
     [65_000, "hide", "key", 10_000, "show", 5_000], 65_000, False),
    # A steady reader who moves the mouse every 30 s: 7 x 30 + 10.
    ("steady_reader", LAB, [30_000, "move"] * 7 + [10_000], 220_000, False),
    # Sub-second precision: 1.234 + 4.321.
    ("sub_second", LAB, [1_234, "hide", 5_000, "show", 4_321], 5_555, False),
    # data-idle-ms="5000" on the script tag: idle after 5 s. 5 (of 8) + 5 (of 13 after input).
    ("data_idle_ms_overrides_the_cutoff", "/lab/idle-5s.html", [8_000, "key", 3_000, 10_000],
     10_000, True),
    ("data_idle_ms_input_before_cutoff", "/lab/idle-5s.html",
     [4_000, "move", 4_000, "key", 4_000, "move", 4_000], 16_000, False),
]


def play(kairos: LabPage, steps: list) -> None:
    """Drive one timeline: real input events, presence switches, page time."""
    presence = {"visible": True, "focused": True}
    spot = [0]

    def switch(**change):
        presence.update(change)
        kairos.set_presence(**presence)

    for step in steps:
        if isinstance(step, int):
            kairos.page.clock.run_for(step)
        elif step == "move":
            spot[0] += 1  # a new position each time, so Chromium sends a real pointermove
            kairos.page.mouse.move(100 + 10 * spot[0], 100 + 7 * spot[0])
        elif step == "key":
            kairos.page.keyboard.press("Shift")
        elif step == "hide":
            switch(visible=False)
        elif step == "show":
            switch(visible=True)
        elif step == "hide_blur":
            switch(visible=False, focused=False)
        elif step == "show_unfocused":
            switch(visible=True, focused=False)
        elif step == "blur":
            switch(focused=False)
        elif step == "focus":
            switch(focused=True)
        else:
            raise ValueError(step)


@pytest.mark.parametrize(("path", "steps", "expected", "idle"),
                         [t[1:] for t in TIMELINES], ids=[t[0] for t in TIMELINES])
def test_engaged_dwell_matches_the_scripted_truth(lab: LabPage, path, steps, expected, idle):
    lab.block_engine()
    lab.open(path)
    assert lab.state()["page.dwell"] == 0
    play(lab, steps)
    state = lab.state()
    assert abs(state["page.dwell"] - expected) <= 100, (state["page.dwell"], expected)
    assert state["behavior.idle"] is idle
    assert state["behavior.hidden_count"] == sum(s in ("hide", "hide_blur") for s in steps)
    assert lab.page_errors == []


# ---------------------------------------------------------------------------------------------
# 2. Section dwell: engaged time while the section is on screen.
# ---------------------------------------------------------------------------------------------

# Scroll, then resolve once the page's IntersectionObservers have seen the new layout: a
# fresh observer's first callback comes in the same rendering update as the kernel's (created
# earlier, so called earlier). Two rounds, because the kernel may re-make a section's
# observer in its callback (tall sections), and the new one reports in the next update.
# No timer involved: page time stays put.
SCROLL_AND_OBSERVE = """async ([y, selector]) => {
  scrollTo(0, y);
  for (let round = 0; round < 2; round++) {
    await new Promise((resolve) => {
      const observer = new IntersectionObserver(() => { observer.disconnect(); resolve(); });
      observer.observe(document.querySelector(selector));
    });
  }
}"""


def scroll_to(kairos: LabPage, y: int, selector: str = "#reviews") -> None:
    kairos.page.evaluate(SCROLL_AND_OBSERVE, [y, selector])


def section(kairos: LabPage, selector: str = "#reviews") -> dict:
    return kairos.state()["section"][selector]


def test_section_rule_needs_10s_of_engaged_time_with_reviews_on_screen(lab: LabPage):
    lab.open(TENT)
    lab.boot()  # 2 s of engaged time at the top of the page: the reviews are below the fold
    assert section(lab) == {"dwell": 0, "seen": False, "scroll": 0}

    top = lab.page.evaluate("document.querySelector('#reviews').getBoundingClientRect().top")
    assert top > lab.page.viewport_size["height"], "the reviews start below the fold"
    scroll_to(lab, int(top) - 20)
    assert section(lab)["seen"] is True
    lab.run_and_settle(9_000)
    assert section(lab)["dwell"] == 9_000
    assert lab.decided() == [], "9 s of reviews is not enough"

    # On screen but the tab is hidden: no section time either.
    lab.set_presence(visible=False)
    lab.run_and_settle(20_000)
    lab.set_presence(visible=True)
    assert section(lab)["dwell"] == 9_000

    scroll_to(lab, 0)
    lab.run_and_settle(30_000)
    assert section(lab)["dwell"] == 9_000, "time with the reviews off screen does not count"
    assert lab.state()["page.dwell"] == 2_000 + 9_000 + 30_000
    assert lab.decided() == []

    scroll_to(lab, int(top) - 20)
    lab.run_and_settle(1_000)
    assert section(lab)["dwell"] == 10_000
    assert lab.decided() == [], "the rule says > 10s: exactly 10 s is not enough"
    lab.page.clock.run_for(1_000)
    assert lab.wait_for_event("decision")["rule"] == "lab-section-reviews"
    assert lab.events("evaluated")[-1]["detail"]["reason"] == "section.dwell"
    assert lab.page.locator('[data-kairos-placement="corner"]').count() == 1
    assert lab.page_errors == []


def test_tall_section_counts_while_it_fills_half_the_window(lab: LabPage):
    """#reviews is 2400 px tall in a 720 px window: never 50 % visible, so it counts while it
    fills at least half of the window."""
    lab.block_engine()
    lab.open("/lab/tall-reviews.html")
    height = lab.page.viewport_size["height"]
    lab.page.clock.run_for(1_000)
    assert section(lab) == {"dwell": 0, "seen": False, "scroll": 0}

    scroll_to(lab, 1500)  # the section fills the window
    lab.page.clock.run_for(3_000)
    assert section(lab)["dwell"] == 3_000
    assert section(lab)["seen"] is True

    scroll_to(lab, 1500 + 2400 - int(height * 0.4))  # only its last 40 % of a window shows
    lab.page.clock.run_for(3_000)
    assert section(lab)["dwell"] == 3_000

    scroll_to(lab, 1500 + 2400 - int(height * 0.6))  # 60 % of the window
    lab.page.clock.run_for(1_000)
    assert section(lab)["dwell"] == 4_000
    assert section(lab)["scroll"] == 100


# ---------------------------------------------------------------------------------------------
# 3. Behaviour and context: a real DOM event, the state, and the rule that reads it.
# ---------------------------------------------------------------------------------------------


def fired(kairos: LabPage, rule: str, slot: str, timeout: int = 60_000) -> None:
    """Wait for `rule`'s decision and check its snippet is in its own slot."""
    kairos.page.wait_for_function(
        f"window.__kairosEvents.some(e => e.name === 'decision' && e.detail.rule === '{rule}')",
        timeout=timeout)
    assert kairos.slot_rule(slot) == rule
    assert kairos.page_errors == []


def test_exit_intent_through_the_top_edge(lab: LabPage):
    lab.open(LAB)
    lab.boot()
    lab.page.mouse.move(640, 360)
    lab.page.mouse.move(640, 900)  # out through the bottom: not an exit
    lab.page.mouse.move(1400, 360)  # out through the side: not an exit
    lab.page.mouse.move(640, 360)
    lab.settle()
    assert lab.state()["behavior.exit_intent"] is False
    assert lab.slot_rule("lab-exit") is None

    lab.page.mouse.move(640, -20)  # towards the tab bar
    assert lab.state()["behavior.exit_intent"] is True
    fired(lab, "lab-exit", "lab-exit")
    assert lab.slot_rule("lab-utm") is None and lab.slot_rule("lab-referrer") is None


def test_copy_of_selected_text(lab: LabPage):
    lab.open(LAB)
    lab.boot()
    lab.page.click("#price", click_count=3)  # select the price line
    lab.settle()
    assert lab.state()["behavior.copied"] is False
    assert lab.page.evaluate("String(getSelection())").startswith("Trailhead 2P")
    lab.page.keyboard.press("Control+C")
    assert lab.state()["behavior.copied"] is True
    fired(lab, "lab-copy", "lab-copy")


def test_idle_after_60s_without_input(lab: LabPage):
    lab.open(LAB)
    lab.boot()
    lab.page.mouse.move(300, 300)  # input at 2 s: idle at 62 s
    lab.run_and_settle(59_000)
    assert lab.state()["behavior.idle"] is False
    assert lab.slot_rule("lab-idle") is None
    lab.page.clock.run_for(1_000)
    assert lab.state()["behavior.idle"] is True
    assert lab.state()["page.dwell"] == 62_000
    lab.settle()
    fired(lab, "lab-idle", "lab-idle", timeout=5_000)  # the engine has answered: no waiting


def test_tab_hidden_twice(lab: LabPage):
    lab.open(LAB)
    lab.boot()
    lab.set_presence(visible=False)
    lab.set_presence(visible=True)
    lab.settle()
    assert lab.state()["behavior.hidden_count"] == 1
    assert lab.slot_rule("lab-hidden") is None
    lab.set_presence(visible=False, focused=False)
    lab.set_presence(visible=True, focused=True)
    assert lab.state()["behavior.hidden_count"] == 2
    fired(lab, "lab-hidden", "lab-hidden")


def test_clicks_on_tracked_elements(lab: LabPage):
    lab.open(LAB)
    lab.boot()
    lab.page.click("#untracked")
    lab.settle()
    assert lab.state()["clicks"] == {}
    lab.page.click("#size-guide .label")  # a click inside the marked element counts too
    assert lab.state()["clicks"] == {"size-guide": 1}
    fired(lab, "lab-click", "lab-click")
    lab.page.click("#size-guide")
    assert lab.state()["clicks"] == {"size-guide": 2}


def test_utm_source_from_the_landing_url(lab: LabPage):
    lab.open(LAB + "?utm_source=newsletter&utm_medium=email")
    state = lab.state()
    assert state["context.utm_source"] == "newsletter"
    assert state["page.url"] == LAB + "?utm_source=newsletter&utm_medium=email"
    lab.boot()
    fired(lab, "lab-utm", "lab-utm")
    assert lab.slot_rule("lab-referrer") is None


def test_referrer_host(lab: LabPage, lab_server):
    lab.open(LAB, referer="https://news.example/story?id=7")
    assert lab.page.evaluate("document.referrer") == "https://news.example/story?id=7"
    assert lab.state()["context.referrer"] == "news.example"
    assert lab.state()["context.utm_source"] is None
    lab.boot()
    fired(lab, "lab-referrer", "lab-referrer")
    assert lab.slot_rule("lab-utm") is None
    assert not [url for url in lab.requests if "news.example" in url]
    assert all(url.startswith(lab_server.url) for url in lab.requests if url.startswith("http"))


def test_no_referrer_and_no_utm_on_a_direct_visit(lab: LabPage):
    lab.block_engine()
    lab.open(LAB)
    state = lab.state()
    assert state["context.referrer"] is None
    assert state["context.utm_source"] is None
    assert state["behavior.exit_intent"] is False and state["behavior.copied"] is False
    assert state["behavior.hidden_count"] == 0 and state["clicks"] == {}


# ---------------------------------------------------------------------------------------------
# 5. Single-page apps: pushState, hashchange and back each start a page view.
# ---------------------------------------------------------------------------------------------

SPA = "/lab/spa.html"


def spa_view(kairos: LabPage, script: str) -> dict:
    """Navigate inside the app; the kernel opens the new view on its next task (0 ms later)."""
    kairos.page.evaluate(script)
    kairos.page.clock.run_for(0)
    return kairos.state()


def test_spa_push_state_and_hash_change_start_page_views(lab: LabPage):
    lab.block_engine()
    lab.open(SPA)
    state = lab.state()
    assert (state["product.id"], state["page.views"], len(state["visits.url"])) == ("lantern", 1, 1)
    lab.page.clock.run_for(5_000)
    assert lab.state()["page.dwell"] == 5_000

    state = spa_view(lab, "spa.go('stove')")
    assert state["page.url"] == SPA + "?item=stove"
    assert state["product.id"] == "stove" and state["product.name"] == "Lab Stove"
    assert state["product.category"] == "Cooking" and state["product.price"] == 89
    assert state["page.views"] == 2
    assert state["visits.url"] == [lab.now()]
    assert state["page.dwell"] == 0, "page dwell restarts with the new view"
    assert state["product.dwell"] == 0
    lab.page.clock.run_for(3_000)
    assert lab.state()["page.dwell"] == 3_000

    # A hash route: same path and query (page.url), a new view of that URL, a new product.
    state = spa_view(lab, "spa.hash('tarp')")
    assert state["page.url"] == SPA + "?item=stove"
    assert state["product.id"] == "tarp"
    assert state["page.views"] == 3
    assert len(state["visits.url"]) == 2
    assert state["page.dwell"] == 0
    lab.page.clock.run_for(2_000)

    # Back (popstate and hashchange, one URL change): one more view, the stove again.
    lab.page.go_back()
    lab.page.clock.run_for(0)
    state = lab.state()
    assert state["product.id"] == "stove"
    assert state["page.views"] == 4
    assert len(state["visits.url"]) == 3
    assert state["page.dwell"] == 0
    assert state["product.dwell"] == 3_000, "the stove's earlier 3 s carry over to this view"

    state = spa_view(lab, "spa.go('lantern')")
    assert state["product.dwell"] == 5_000
    assert len(state["visits.product"]) == 2
    assert lab.page_errors == []


def test_spa_view_resets_behaviour_signals(lab: LabPage):
    lab.block_engine()
    lab.open(SPA)
    lab.set_presence(visible=False)
    lab.set_presence(visible=True)
    lab.page.click("h1", click_count=3)
    lab.page.keyboard.press("Control+C")
    state = lab.state()
    assert state["behavior.hidden_count"] == 1 and state["behavior.copied"] is True
    state = spa_view(lab, "spa.go('tarp')")
    assert state["behavior.hidden_count"] == 0
    assert state["behavior.copied"] is False
    assert state["behavior.exit_intent"] is False
    assert state["page.scroll"] == 100  # the page fits in the window


def test_exit_intent_again_after_spa_navigation(lab: LabPage):
    lab.block_engine()
    lab.open(SPA)
    lab.page.mouse.move(640, 300)
    lab.page.mouse.move(640, -20)
    assert lab.state()["behavior.exit_intent"] is True
    assert spa_view(lab, "spa.go('tarp')")["behavior.exit_intent"] is False
    lab.page.mouse.move(640, 300)
    lab.page.mouse.move(640, -20)
    assert lab.state()["behavior.exit_intent"] is True


def test_spa_views_within_one_page_count_as_views_of_the_session(lab: LabPage):
    lab.block_engine()
    lab.open(SPA)
    for n, item in enumerate(["stove", "tarp", "lantern", "stove"], start=2):
        lab.page.clock.run_for(1 * SECOND)
        state = spa_view(lab, f"spa.go('{item}')")
        assert state["page.views"] == n
    assert state["visits.session_products"] == 3
    lab.page.clock.run_for(MINUTE)
    lab.page.reload()
    assert lab.state()["page.views"] == 6
