"""How a snippet reaches the page (runtime/kernel/render/insert.js, show.js).

In a slot the shopper can see it shifts nothing: it is laid out hidden in its slot and
measured; one that fits the space the store reserved is placed at once, a taller one waits,
hidden, until the slot has left the view, and is counted as decided only then. The snippets'
stylesheet is parsed at idle while the engine boots, once, not on the first snippet's way.
"""

from .conftest_signals import LabPage
from .test_signals import LAB, fired

# Counts the constructable stylesheets the page fills (Kairos's is the only one here).
SHEETS_JS = """(() => {
  const made = (window.__kairosSheets = []);
  const replaceSync = CSSStyleSheet.prototype.replaceSync;
  CSSStyleSheet.prototype.replaceSync = function (text) {
    made.push(performance.now());
    return replaceSync.call(this, text);
  };
})()"""

# Something the shopper sees right below the slot: what a snippet placed in view would push.
BELOW_JS = """document.querySelector('[data-kairos-slot="lab-click"]').insertAdjacentHTML('afterend',
  '<p id="below-slot" style="margin:0;height:40px;background:#ddd">Below the slot</p>')"""
RESERVED_JS = """parseFloat(getComputedStyle(
  document.querySelector('[data-kairos-slot="lab-click"]')).minHeight)"""

HOST_JS = """(slot) => {
  const host = document.querySelector(`[data-kairos-slot="${slot}"] [data-kairos-host]`);
  const decided = window.__kairosEvents.some((e) => e.name === 'decision' && e.detail.rule === slot);
  return host && {visibility: host.style.visibility, position: host.style.position, decided,
                  height: host.getBoundingClientRect().height};
}"""


def test_a_snippet_that_fits_its_slot_in_view_is_placed_at_once_and_shifts_nothing(lab: LabPage):
    lab.open(LAB)
    lab.page.evaluate(BELOW_JS)
    lab.boot()
    lab.page.click("#size-guide")  # lab-click: a trust badge in the slot of that name, in view
    fired(lab, "lab-click", "lab-click")
    host = lab.page.evaluate(HOST_JS, "lab-click")
    assert host["visibility"] == host["position"] == "", "placed as it is, not hidden"
    assert 0 < host["height"] <= lab.page.evaluate(RESERVED_JS), "it fits the space reserved"
    lab.observed()  # a frame has been laid out and painted since
    assert lab.layout_shift() == 0


def test_a_snippet_taller_than_its_slot_in_view_waits_until_the_slot_has_left_it(lab: LabPage):
    lab.open(LAB)
    # The store reserved too little: 8 px where the badge needs more.
    lab.page.evaluate("document.querySelector('[data-kairos-slot=\"lab-click\"]').style.minHeight = '8px'")
    lab.page.evaluate(BELOW_JS)
    lab.boot()
    lab.page.click("#size-guide")
    lab.settle()  # the engine has answered and the kernel has drawn its decision
    lab.observed()  # and a frame has been laid out since: the snippet has been measured
    waiting = lab.page.evaluate(HOST_JS, "lab-click")
    assert (waiting["visibility"], waiting["position"]) == ("hidden", "absolute")
    assert not waiting["decided"], "not counted as decided while it waits"
    assert waiting["height"] > 8
    slot_top = lab.page.evaluate(
        "document.querySelector('[data-kairos-slot=\"lab-click\"]').getBoundingClientRect().top")
    assert 0 <= slot_top < lab.page.viewport_size["height"], "the slot is in view"

    lab.page.evaluate("window.scrollTo(0, 1500)")  # the slot leaves the view
    fired(lab, "lab-click", "lab-click")
    placed = lab.page.evaluate(HOST_JS, "lab-click")
    assert placed["visibility"] == placed["position"] == ""
    lab.observed()
    assert lab.layout_shift() == 0, "it grew its slot out of view: nothing the shopper sees moved"


def test_the_snippets_stylesheet_is_made_once_at_idle_before_any_decision(lab: LabPage):
    lab.page.add_init_script(SHEETS_JS)
    lab.open(LAB)
    lab.boot()
    lab.page.clock.run_for(100)  # the idle callbacks the lazy half asked for as it arrived
    assert lab.page.evaluate("window.__kairosSheets.length") == 1
    assert lab.events("decision") == [], "made before any snippet needed it"
    lab.page.click("#size-guide")
    fired(lab, "lab-click", "lab-click")
    assert lab.page.evaluate("window.__kairosSheets.length") == 1, "used, not made again"
