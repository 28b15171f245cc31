"""`predict.NAME` in Chromium through the script tag: a model trained in this session from a
seeded shopper-model run, a rule `predict.add_to_cart > 0.7` on the demo storefront. A
returning shopper who keeps coming back to a tent and reads it at length gets the snippet; a
first visit that glances at it does not; and the probability the page shows (kairos.state())
is the one the training code (scikit-learn) computes for the state the engine evaluated."""

import json
import shutil
from pathlib import Path

import pytest

from demo_site import SITE as DEMO_SITE
from demo_site.server import make_server

from .conftest_signals import DAY, SECOND, LabPage

HERE = Path(__file__).resolve().parent
RULE = "likely-to-add-to-cart"
TENT = "/products/trailhead-2p-tent.html"
SEED, SESSIONS = 1, 2000
THRESHOLD = 0.7


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """(the fitted model, the folder of the rules and models/add_to_cart.json) from the
    training code, as `build.py train --sessions 2000 --target add_to_cart` runs it."""
    from kairos_engine.features import NAMES

    from analytics.shoppers import model
    from analytics.shoppers.store import make_store
    from analytics.train.export import document, write
    from analytics.train.fit import fit
    from analytics.train.samples import collect
    from demo_site import CATALOG

    store = make_store(json.loads(CATALOG.read_text("utf-8")))
    visitors = (model.visitor(SEED, i, store, n).to_json() for i, n in model.plan(SEED, SESSIONS))
    samples = collect(visitors, store.pages, "add_to_cart")
    fitted = fit(samples, SEED, list(NAMES))
    assert fitted.beats_baseline
    rules = tmp_path_factory.mktemp("predict-rules")
    shutil.copy(HERE / "predict" / "rules.yaml", rules / "rules.yaml")
    (rules / "models").mkdir()
    write(rules / "models" / "add_to_cart.json",
          document("add_to_cart", "add_to_cart", fitted, {"source": "test", "seed": SEED}))
    return fitted, rules


@pytest.fixture(scope="module")
def predict_server(trained, tmp_path_factory):
    from compiler.api import build

    _, rules = trained
    out = tmp_path_factory.mktemp("predict-bundle") / "dist"
    build([str(rules)], out, quality=5)
    server = make_server(DEMO_SITE, out).start()
    yield server
    server.stop()


@pytest.fixture
def shopper(page, predict_server) -> LabPage:
    return LabPage(page, predict_server.url)


def scroll(shopper: LabPage, share: float) -> None:
    """Scroll to `share` of the page and wait for the scroll event (no page time passes)."""
    shopper.page.evaluate("""(share) => new Promise((resolve) => {
        addEventListener("scroll", () => resolve(), { once: true });
        scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * share);
    })""", share)


def view(shopper: LabPage, engaged_ms: int, depth: float = 0.0) -> None:
    """Open the tent, let the engine boot, scroll, read for `engaged_ms` (moving the pointer
    now and then, as a reader does), and wait until the engine has answered everything."""
    shopper.open(TENT)
    shopper.boot_any()
    if depth:
        scroll(shopper, depth)
    for _ in range(engaged_ms // (10 * SECOND)):
        shopper.page.mouse.move(200, 300)
        shopper.run_and_settle(10 * SECOND)
    shopper.run_and_settle(engaged_ms % (10 * SECOND))


def shown_and_predicted(shopper: LabPage, fitted) -> tuple[list[str], float]:
    """The rules decided on this page, and the page's probability, checked against the
    training code's for the signal state the engine last evaluated."""
    from kairos_engine.features import vector

    shown = shopper.decided()
    state = shopper.state()
    engine_saw = shopper.page.evaluate("window.kairos.mirror()")["engine"]
    expected = fitted.pipeline.predict_proba([vector(engine_saw)])[0, 1]
    assert state["predict.add_to_cart"] == pytest.approx(expected, abs=1e-9, rel=0), \
        "the browser's probability must be the training code's"
    assert shopper.page_errors == [] and not shopper.events("error")
    return shown, state["predict.add_to_cart"]


def test_a_shopper_who_keeps_coming_back_to_a_product_gets_the_snippet(shopper, trained):
    fitted, _ = trained
    for _ in range(3):  # three earlier sessions, a day apart, on the same tent
        view(shopper, 20 * SECOND, 0.5)
        shopper.jump(DAY)
    view(shopper, 45 * SECOND, 0.8)
    shown, probability = shown_and_predicted(shopper, fitted)
    assert probability > THRESHOLD
    assert shown == [RULE]
    assert shopper.page.locator(f'[data-kairos-rule="{RULE}"]').count() == 1


def test_a_first_visit_that_glances_at_a_product_does_not(shopper, trained):
    fitted, _ = trained
    view(shopper, 4 * SECOND)
    shown, probability = shown_and_predicted(shopper, fitted)
    assert probability < THRESHOLD
    assert shown == []
