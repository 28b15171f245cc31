"""QA links in Chromium: `?kairos_force=` and `?kairos_preview=` in a `build --qa` bundle follow
the tester across full and SPA navigations; the same links against a shoppers' build do nothing.

The rules (rules/qa.yaml): `badge-test` gives every shopper its control (0 % see the badge), so
a badge on the page can only come from the forced variant; `late-corner` holds after an hour.
"""

from pathlib import Path

import pytest

from compiler.api import build

from .conftest_signals import LabPage, LabServer
from .kairos_page import KairosPage

HERE = Path(__file__).resolve().parent
TENT = "/products/trailhead-2p-tent.html"
LAMP = "/products/lumen-400-headlamp.html"
FORCE = "?kairos_force=badge-test:badge"
PREVIEW = "?kairos_preview=late-corner"


@pytest.fixture(scope="session")
def qa_servers(lab_site_dir, tmp_path_factory):
    """{True: server of the `--qa` build, False: of the same rules built for shoppers}."""
    servers = {}
    for qa in (True, False):
        out = tmp_path_factory.mktemp(f"qa-{qa}") / "dist"
        build([str(HERE / "rules" / "qa.yaml")], out, qa=qa, snapshot=False, quality=5)
        servers[qa] = LabServer(lab_site_dir, out, "/kairos/", ("127.0.0.1", 0)).start()
    yield servers
    for server in servers.values():
        server.stop()


def badge_decisions(kairos: KairosPage) -> list[dict]:
    return [e["detail"] for e in kairos.events("decision") if e["detail"]["rule"] == "badge-test"]


def test_a_forced_variant_shows_and_follows_the_tester_for_two_more_views(page, qa_servers):
    kairos = LabPage(page, qa_servers[True].url)
    kairos.open(TENT + FORCE)
    kairos.boot()
    decision = kairos.wait_for_event("decision")
    assert (decision["rule"], decision["variant"], decision["qa"]) == ("badge-test", "badge", True)
    assert kairos.slot_rule("pdp-trust") == "badge-test"

    # A full navigation, the parameter gone: the tab's session remembers the choice.
    kairos.jump(5_000)  # (the paused clock would start the view at the last exposure's ms)
    kairos.open(LAMP)
    kairos.boot()
    kairos.wait_for_event("decision")
    assert [(d["variant"], d["qa"]) for d in badge_decisions(kairos)] == [("badge", True)]
    assert kairos.slot_rule("pdp-trust") == "badge-test"

    # An SPA navigation: a new page view, decided again, still forced. (The badge is seen, an
    # exposure, a second after it is drawn: the next view starts after that.)
    kairos.run_and_settle(2_000)
    page.evaluate("history.pushState({}, '', '/products/basecamp-4p-tent.html')")
    kairos.run_and_settle(1_000)
    kairos.wait_for_event("decision", count=2)
    assert [(d["variant"], d["qa"]) for d in badge_decisions(kairos)] == [("badge", True)] * 2
    assert kairos.slot_rule("pdp-trust") == "badge-test"

    # `?kairos_force=` with no value ends it: the shopper's own assignment (control) again.
    kairos.jump(5_000)
    kairos.open(LAMP + "?kairos_force=")
    kairos.boot()
    kairos.wait_for_event("decision")
    assert [(d["variant"], d.get("qa", False)) for d in badge_decisions(kairos)] == [("control", False)]
    assert kairos.slot_rule("pdp-trust") is None


def test_a_preview_shows_a_rule_whose_condition_is_false(page, qa_servers):
    kairos = LabPage(page, qa_servers[True].url)
    kairos.open(TENT + PREVIEW)
    kairos.boot()
    kairos.settle()
    previews = [e["detail"] for e in kairos.events("decision") if e["detail"]["rule"] == "late-corner"]
    assert [(d["qa"], d["preview"]) for d in previews] == [(True, True)]
    assert page.locator('[data-kairos-rule="late-corner"]').count() == 1


@pytest.mark.parametrize("query", [FORCE, PREVIEW, FORCE + "&" + PREVIEW[1:]])
def test_the_same_links_against_a_shoppers_build_change_nothing(page, qa_servers, query):
    kairos = LabPage(page, qa_servers[False].url)
    kairos.open(TENT + query)
    kairos.boot()
    kairos.wait_for_event("decision")
    kairos.settle()
    decisions = [e["detail"] for e in kairos.events("decision")]
    assert [(d["rule"], d["variant"]) for d in decisions] == [("badge-test", "control")]
    assert not any(d.get("qa") for d in decisions)
    assert page.locator("[data-kairos-host]").count() == 0
    assert page.evaluate("sessionStorage.getItem('kairos:qa')") is None
