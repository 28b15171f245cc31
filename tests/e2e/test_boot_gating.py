"""The engine loads only where a rule can match, and never for shoppers who ask to save data."""

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
    page.add_init_script("Object.defineProperty(navigator, 'connection', "
                         "{value: {saveData: true}, configurable: true})")
    kairos = KairosPage(page, gated_server.url)
    gated_server.requests.clear()
    kairos.open("/products/trailhead-2p-tent.html")
    kairos.page.clock.run_for(10_000)
    assert engine_requests(gated_server) == []
    assert kairos.events("decision") == []
