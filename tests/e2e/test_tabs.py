"""Tabs of one browser writing the one history record: the interleavings that lose updates,
forced rather than waited for (test_history.py's three-tab test meets them only by chance).

Each tab is its own renderer, answering localStorage from its own cached copy; a write reaches
the other tabs later, and the last write wins. So a tab writing from a copy that lacks another
tab's page view drops that view from storage, and only a tab still holding it can put it back.
Real time (no fake clock); the engine worker never loads. Waits are on conditions, never sleeps.
"""

import json

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .kairos_page import KairosPage

LAB = "/lab/lab.html"
STORED = "localStorage.getItem('kairos:v1')"

# A tab's own record of `storage` events for the history; with `swallow`, Kairos never sees
# them: the notice reached the tab's cache, but its event had not run yet.
HEARD = """(swallow) => addEventListener("storage", (event) => {
  if (event.key !== "kairos:v1") return;
  window.__heard = event.newValue;
  if (swallow) event.stopImmediatePropagation();
}, true)"""

# Tab B writing from a stale copy (`stale`, its record before A's last view) plus its own new
# view: what B's kernel writes when A's write has not reached B's renderer yet.
STALE_WRITE = """([stale, url]) => {
  const record = JSON.parse(stale);
  const session = record.sessions[record.sessions.length - 1];
  session.views += 1;
  record.views.push([Date.now(), url, null, null, session.id]);
  localStorage.setItem("kairos:v1", JSON.stringify(record));
  return localStorage.getItem("kairos:v1");
}"""


def views(tab) -> list[str]:
    text = tab.evaluate(STORED)
    return [view[1] for view in json.loads(text)["views"]] if text else []


@pytest.fixture
def two_tabs(page, lab_server):
    """Tabs A and B, kernel only. The lazy half is held in flight for the whole test: nothing
    that keeps a page view may wait for it (the cross-tab merge did, and a tab that left while
    it loaded lost its view)."""
    context = page.context
    context.route("**/kairos-worker.*", lambda route: route.abort())
    context.route("**/kairos-boot.*", lambda route: None)  # never answered: still in flight
    tabs = [KairosPage(page, lab_server.url), KairosPage(context.new_page(), lab_server.url)]
    yield tabs
    assert [t.page_errors for t in tabs] == [[], []]


def go(tab: KairosPage, path: str) -> None:
    tab.page.goto(tab.base_url + path)
    tab.opened()


@pytest.mark.parametrize("event_ran", [True, False], ids=["storage-event-ran", "storage-event-pending"])
def test_a_tab_leaving_right_after_another_wrote_over_its_view_keeps_it(two_tabs, event_ran):
    a, b = two_tabs
    a.page.add_init_script(f"({HEARD})({json.dumps(not event_ran)})")
    # B's kernel never hears of A's writes (as when they reach its renderer only after B
    # wrote and left): A alone holds its view.
    b.page.add_init_script(f"({HEARD})(true)")
    go(a, LAB + "?a=1")
    go(b, LAB + "?b=1")
    stale = b.page.evaluate(STORED)  # B's copy: A's first view and B's
    go(a, LAB + "?a=2")  # A's second view, which B's copy lacks
    overwritten = b.page.evaluate(STALE_WRITE, [stale, LAB + "?b=2"])
    assert LAB + "?a=2" not in [view[1] for view in json.loads(overwritten)["views"]]
    # B's write has reached A: its storage event has run (Kairos merged), or A's cache holds it
    # with the event still to come (A leaves first, the event is never seen).
    a.page.wait_for_function("(text) => window.__heard === text", arg=overwritten)
    go(a, LAB + "?a=3")  # and A leaves at once, for another page of the store
    want = [LAB + q for q in ("?a=1", "?b=1", "?a=2", "?b=2", "?a=3")]
    try:
        b.page.wait_for_function(f"(want) => {{ const t = {STORED}; return t && "
                                 "JSON.stringify(JSON.parse(t).views.map(v => v[1])) === "
                                 "JSON.stringify(want); }", arg=want, timeout=10_000)
    except PlaywrightTimeout:
        pytest.fail(f"a page view was lost: stored {views(b.page)}, want {want}")
    assert views(a.page) == want


# Every write of the history by this tab, and the last `storage` event heard for each key.
COUNT_WRITES = """(() => {
  window.__writes = 0;
  window.__heardKeys = {};
  const set = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (key === "kairos:v1") window.__writes += 1;
    return set.call(this, key, value);
  };
  addEventListener("storage", (event) => { window.__heardKeys[event.key] = event.newValue; }, true);
})()"""
LIST = {"event": "view_item_list", "ecommerce": {"item_list_id": "tents", "item_list_name": "Tents",
                                                 "items": [{"item_id": "NW-TENT-TR2", "price": 249}]}}


def round_trip(a: KairosPage, b: KairosPage, n: int) -> None:
    """A marker written by A, heard by B, answered by B, heard by A: storage events are
    dispatched in the order the browser took the writes, so by then each tab has run its
    `storage` events for every history write the other made before the marker."""
    a.page.evaluate(f"localStorage.setItem('test:ping', '{n}')")
    b.page.wait_for_function(f"window.__heardKeys['test:ping'] === '{n}'")
    b.page.evaluate(f"localStorage.setItem('test:pong', '{n}')")
    a.page.wait_for_function(f"window.__heardKeys['test:pong'] === '{n}'")


def test_tabs_holding_one_fact_differently_write_once_not_forever(two_tabs):
    """A's page learns its category after its view was written (a list pushed late, as tag
    managers do) while B's record holds that view as first written: A's and B's copies of one
    view differ at the same time stamp. Each tab merges the other's record with its own; when
    each preferred its own copy they wrote back and forth forever (A 755 and B 759 writes by the
    last round trip below). Merging two equal records wrote too (an empty `aliases` added)."""
    a, b = two_tabs
    for tab in (a, b):
        tab.page.add_init_script(COUNT_WRITES)
    go(a, LAB + "?a=1")
    go(b, LAB + "?b=1")  # B's write holds A's view, category unknown
    round_trip(a, b, 1)
    assert [a.page.evaluate("window.__writes"), b.page.evaluate("window.__writes")] == [1, 1]
    a.page.evaluate(f"dataLayer.push({json.dumps(LIST)})")  # A writes the category in
    for n in range(2, 5):
        round_trip(a, b, n)
    assert [a.page.evaluate("window.__writes"), b.page.evaluate("window.__writes")] == [2, 1]
    for tab in (a, b):
        record = json.loads(tab.page.evaluate(STORED))
        assert [(v[1], v[3]) for v in record["views"]] == [(LAB + "?a=1", "Tents"), (LAB + "?b=1", None)]


ELSEWHERE = "/lab/elsewhere.html"  # a page of the store without Kairos


def leave_for_elsewhere(tab: KairosPage) -> None:
    tab.page.route("**" + ELSEWHERE, lambda route: route.fulfill(
        body="<!doctype html><title>Elsewhere</title><p>No Kairos here.</p>", content_type="text/html"))
    tab.page.goto(tab.base_url + ELSEWHERE)


def test_a_page_that_left_before_another_tab_wrote_over_its_view_hands_it_on(two_tabs):
    """A's page leaves before B's stale write even happens, so neither its storage event nor
    its pagehide can put A's view back, and B never hears of it either: only what A's page
    handed on to the tab's next page (sessionStorage) still holds it. CI lost a view so."""
    a, b = two_tabs
    b.page.add_init_script(f"({HEARD})(true)")  # B's kernel never repairs
    go(a, LAB + "?a=1")
    go(b, LAB + "?b=1")
    stale = b.page.evaluate(STORED)  # B's copy: A's first view and B's
    go(a, LAB + "?a=2")
    leave_for_elsewhere(a)  # A's page with ?a=2 is gone
    overwritten = b.page.evaluate(STALE_WRITE, [stale, LAB + "?b=2"])
    assert LAB + "?a=2" not in [view[1] for view in json.loads(overwritten)["views"]]
    a.page.wait_for_function(f"(text) => {STORED} === text", arg=overwritten)  # A's next page reads it
    go(a, LAB + "?a=3")
    want = [LAB + q for q in ("?a=1", "?b=1", "?a=2", "?b=2", "?a=3")]
    assert views(a.page) == want
    b.page.wait_for_function(f"(want) => {{ const t = {STORED}; return t && "
                             "JSON.stringify(JSON.parse(t).views.map(v => v[1])) === "
                             "JSON.stringify(want); }", arg=want)
    assert a.page.evaluate("sessionStorage.getItem('kairos:carry')") is None, "taken once"


def test_a_forgotten_visitors_facts_handed_on_are_not_merged_back(two_tabs):
    """A's page leaves (handing on its history) and B forgets everything before A's next page
    opens: what A handed on is the forgotten visitor's, and stays forgotten."""
    a, b = two_tabs
    go(a, LAB + "?a=1")
    go(b, LAB + "?b=1")
    leave_for_elsewhere(a)
    assert a.page.evaluate("sessionStorage.getItem('kairos:carry')") is not None, "handed on"
    b.page.evaluate("kairos.forget()")
    go(b, LAB + "?b=2")  # a new history, of a new visitor
    fresh = b.page.evaluate(STORED)
    a.page.wait_for_function(f"(text) => {STORED} === text", arg=fresh)
    go(a, LAB + "?a=3")
    assert views(a.page) == [LAB + "?b=2", LAB + "?a=3"]
    assert a.page.evaluate("sessionStorage.getItem('kairos:carry')") is None
