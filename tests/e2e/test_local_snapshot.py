"""The engine snapshot's local copy: kept after the first boot where storage is allowed, used
by the next page views instead of the network's, dropped when refused or forgotten."""

from .kairos_page import KairosPage

TENT = "/products/trailhead-2p-tent.html"

CACHE_KEYS = "async () => await caches.keys()"

# Overwrite the kept copy's first bytes (Pyodide's header: magic number, build id).
CORRUPT_THE_KEPT_COPY = """async () => {
  const cache = await caches.open("kairos-engine");
  const [request] = await cache.keys();
  const bytes = new Uint8Array(await (await cache.match(request)).arrayBuffer());
  bytes.fill(7, 0, 64);
  await cache.put(request, new Response(bytes));
}"""


def boot_and_keep(kairos: KairosPage) -> dict:
    kairos.open(TENT)
    ready = kairos.boot()
    assert ready["snapshot"] is True
    assert kairos.wait_for_event("cached")["cached"] is True
    return ready


def snapshot_requests(kairos: KairosPage) -> list[str]:
    requests: list[str] = []
    kairos.page.on("request", lambda r: r.url.endswith("engine.snapshot") and requests.append(r.url))
    return requests


def test_the_next_view_boots_from_the_kept_copy_without_fetching_it(kairos: KairosPage):
    first = boot_and_keep(kairos)
    assert first["snapshot_source"] == "network" and first["caching"] is True
    assert "decoded" in first["marks"], "the network's copy is XOR-coded (snapshotCodec.js)"
    assert kairos.page.evaluate(CACHE_KEYS) == ["kairos-engine"]

    fetched = snapshot_requests(kairos)
    kairos.open(TENT)
    second = kairos.boot()
    assert second["snapshot"] is True and second["snapshot_source"] == "local"
    assert second["caching"] is False, "an already kept copy is not written again"
    assert "decoded" not in second["marks"], "the kept copy is the plain snapshot"
    assert fetched == []
    # The engine restored from the kept copy works: the 30-second review popup still shows.
    kairos.run_and_settle(31_000)
    kairos.wait_for_event("decision")
    assert kairos.modal().locator(".k-author").count() >= 1
    assert kairos.page_errors == []


def test_a_refused_kept_copy_is_dropped_and_the_network_copy_used(kairos: KairosPage):
    boot_and_keep(kairos)
    kairos.page.evaluate(CORRUPT_THE_KEPT_COPY)

    kairos.open(TENT)
    ready = kairos.boot()  # asserts no kairos:error: the shopper sees nothing of this
    assert ready["snapshot"] is True and ready["snapshot_source"] == "network"
    assert "magic" in ready["snapshot_error"]
    assert kairos.wait_for_event("cached")["cached"] is True, "a good copy replaces the bad one"

    kairos.open(TENT)
    assert kairos.boot()["snapshot_source"] == "local"


def test_forget_erases_the_kept_copy(kairos: KairosPage):
    boot_and_keep(kairos)
    kairos.page.evaluate("kairos.forget()")
    assert kairos.page.evaluate(CACHE_KEYS) == []

    kairos.open(TENT)
    assert kairos.boot()["snapshot_source"] == "network"


def test_forget_while_the_copy_is_being_kept_leaves_none(kairos: KairosPage):
    kairos.open(TENT)
    assert kairos.boot()["caching"] is True
    kairos.page.evaluate("kairos.forget()")  # the worker is writing the copy about now
    kairos.wait_for_event("cached")
    assert kairos.page.evaluate(CACHE_KEYS) == []
