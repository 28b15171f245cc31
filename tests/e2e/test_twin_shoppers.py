"""The shopper model's own timelines (what `simulate` replays) in Chromium with the demo bundle:
the real kernel and engine must send and answer exactly what the twin does, on the model
store's pages, over days and sessions, on each device class."""

import pytest

from demo_site import RULES
from tests.cases.twin import run_twin

from .conftest_signals import LabServer
from .twin_driver import assert_agree, browser_run
from .twin_pages import write_site

pytestmark = pytest.mark.slow  # about 25 page loads, each booting the engine

SEED = 1
# One visitor of each of these (the first the model makes with this seed): long and short,
# over days and within minutes, on each device class.
WANTED = [("desktop", "researcher"), ("mobile", "comparer"), ("tablet", "price_checker"),
          ("mobile", "decided_buyer")]


@pytest.fixture(scope="module")
def shoppers(bundle_dir, tmp_path_factory):
    """{(device, type): (trace, pages, server)}: each device's store pages on its own server."""
    import analytics  # noqa: F401
    from analytics.shoppers.model import visitor
    from analytics.shoppers.store import load_catalog
    from demo_site import CATALOG

    store = load_catalog(CATALOG)
    servers, out = {}, {}
    for device, kind in WANTED:
        made = (visitor(SEED, i, store) for i in range(1000))
        trace = next(t for t in made if (t.device, t.shopper) == (device, kind))
        pages = {name: page for name, page in store.pages.items() if name.endswith(f"@{device}")}
        if device not in servers:
            site = tmp_path_factory.mktemp(f"store-{device}") / "site"
            write_site(pages, site)
            servers[device] = LabServer(site, bundle_dir, "/kairos/", ("127.0.0.1", 0)).start()
        out[(device, kind)] = (trace.to_json(), pages, servers[device])
    yield out
    for server in servers.values():
        server.stop()


@pytest.mark.parametrize("wanted", WANTED, ids=[f"{d}-{k}" for d, k in WANTED])
def test_a_shopper_timeline_agrees(twin_contexts, shoppers, twin_renderer, wanted, tmp_path):
    from analytics.simulate.engine import load_rules

    trace, pages, server = shoppers[wanted]
    twin = run_twin(trace, twin_renderer, load_rules([RULES]), pages)
    assert twin["updates"], "the visitor's pages boot the engine"
    real = browser_run(twin_contexts, server.url, pages, trace, twin)
    assert_agree(real, twin, tmp_path)
