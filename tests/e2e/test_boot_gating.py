"""The engine loads only where a rule can match, after the store's load event, and never for
shoppers who ask to save data or whose link is 2g."""

import json
import time
from pathlib import Path

import pytest

from compiler.api import build
from demo_site import SITE as DEMO_SITE
from demo_site.server import make_server

from .kairos_page import KairosPage

RULES = Path(__file__).parent / "gating" / "rules.yaml"


@pytest.fixture(scope="module")
def gated_server(tmp_path_factory):
    out = tmp_path_factory.mktemp("gated") / "dist"
    build([str(RULES)], out, snapshot=False, quality=5)
    server = make_server(DEMO_SITE, out).start()
    yield server
    server.stop()


def engine_requests(server) -> list[str]:
    return [p for p in server.requests.paths() if "/kairos/py-" in p or "kairos-worker" in p]


def on_link(page, effective_type: str | None = None, save_data: bool = False) -> None:
    """The Network Information API as a shopper's browser would report their link."""
    connection = {"saveData": save_data, **({"effectiveType": effective_type} if effective_type else {})}
    page.add_init_script(f"Object.defineProperty(navigator, 'connection', "
                         f"{{value: {json.dumps(connection)}, configurable: true}})")


def open_while_the_store_loads(page, server) -> list:
    """Open the tent's page with the store's images held (returned: answer them to let the
    store's load event come), page time paused, once the kernel has started."""
    held = []
    page.route("**/assets/img/**", lambda route: held.append(route))
    page.clock.install()
    page.clock.pause_at(time.time() + 2)
    page.goto(server.url + "/products/trailhead-2p-tent.html", wait_until="domcontentloaded")
    page.wait_for_function("() => window.kairos && !Array.isArray(window.kairos)")  # the kernel ran
    return held


def test_no_engine_on_pages_no_rule_can_match(page, gated_server):
    kairos = KairosPage(page, gated_server.url)
    gated_server.requests.clear()
    kairos.open("/category/tents.html")
    kairos.page.clock.run_for(5_000)  # well past the idle callback's 2 s timeout
    assert kairos.page.evaluate("document.documentElement.className") == "kairos-loading"
    assert kairos.state()["page.type"] == "category"  # signals are still collected
    assert engine_requests(gated_server) == []


def test_engine_boots_where_a_rule_can_match(page, gated_server):
    kairos = KairosPage(page, gated_server.url)
    kairos.open("/products/trailhead-2p-tent.html")
    kairos.boot()
    kairos.run_and_settle(4_000)
    assert kairos.wait_for_event("decision")["rule"] == "product-only"


def test_save_data_keeps_the_engine_away(page, gated_server):
    on_link(page, save_data=True)
    kairos = KairosPage(page, gated_server.url)
    gated_server.requests.clear()
    kairos.open("/products/trailhead-2p-tent.html")
    kairos.page.clock.run_for(10_000)
    assert engine_requests(gated_server) == []
    assert kairos.events("decision") == []


@pytest.mark.parametrize("effective_type", ["2g", "slow-2g"])
def test_a_2g_link_keeps_the_engine_away(page, gated_server, effective_type):
    on_link(page, effective_type)
    kairos = KairosPage(page, gated_server.url)
    gated_server.requests.clear()
    kairos.open("/products/trailhead-2p-tent.html")
    kairos.page.clock.run_for(10_000)
    assert engine_requests(gated_server) == []
    assert kairos.state()["page.type"] == "product"  # signals are still collected


def test_the_engine_waits_for_the_store_s_load_event(page, gated_server):
    kairos = KairosPage(page, gated_server.url)
    gated_server.requests.clear()
    held = open_while_the_store_loads(page, gated_server)
    page.clock.run_for(10_000)  # idle many times over, but the store is still loading its image
    assert page.evaluate("document.readyState") != "complete"
    assert engine_requests(gated_server) == []
    for route in held:
        route.continue_()
    page.wait_for_load_state("load")
    kairos.boot()
    assert engine_requests(gated_server)


@pytest.mark.parametrize("effective_type", ["3g", "4g"])
def test_on_a_slow_link_the_page_readers_wait_for_the_store_s_load(page, gated_server, effective_type):
    """The view chunk (the page readers, 5 KB) would share a 3g link with the store's own
    largest image: there it is fetched after the store's load event, and the view opens then;
    on a fast link it is fetched as the kernel starts."""
    on_link(page, effective_type)
    kairos = KairosPage(page, gated_server.url)
    gated_server.requests.clear()
    held = open_while_the_store_loads(page, gated_server)
    page.clock.run_for(5_000)
    assert page.evaluate("document.readyState") != "complete"
    view_requests = [p for p in gated_server.requests.paths() if "/kairos-view." in p]
    # (The view itself opens at the load event in both: the test's clock hides the navigation
    # timing, so the kernel, which ran after DOMContentLoaded, cannot tell it is past.)
    assert len(view_requests) == (0 if effective_type == "3g" else 1)
    for route in held:
        route.continue_()
    page.wait_for_load_state("load")
    assert kairos.opened()["type"] == "product"
    assert len([p for p in gated_server.requests.paths() if "/kairos-view." in p]) == 1


def test_on_a_3g_link_the_engine_waits_until_the_store_s_images_are_in(page, gated_server):
    on_link(page, "3g")
    held = []  # the lazy 'You may also like' photos, answered only when the test says so
    hero = "/photos/trailhead-2p-tent.jpg"
    page.route("**/assets/img/photos/*.jpg",
               lambda route: route.continue_() if hero in route.request.url else held.append(route))
    kairos = KairosPage(page, gated_server.url)
    gated_server.requests.clear()
    kairos.open("/products/trailhead-2p-tent.html")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")  # they start now
    page.wait_for_function("() => [...document.images].filter(i => !i.complete).length === 3")
    # The page has asked for all three; their route events may still be on their way to us.
    deadline = time.monotonic() + 10
    while len(held) < 3 and time.monotonic() < deadline:
        page.evaluate("0")  # each round trip delivers what Playwright has received meanwhile
    kairos.page.clock.run_for(10_000)  # idle, lazy half loaded, and the store still busy
    assert len(held) == 3 and engine_requests(gated_server) == []
    for route in held:
        route.continue_()
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    kairos.boot()  # quiet now: the worker starts
    assert engine_requests(gated_server)
