"""Any static host: a first visit to a host that compresses nothing costs at most 1.25x what it
costs with brotli (the worker asks for the build's zstd copies and decodes them), the engine
still decides, and a bundle on another origin (a CDN) works the same way."""

import json

import pytest

from demo_site import SITE as DEMO_SITE
from tests.static_host import StaticHost, site_with_bundle

from .kairos_page import KairosPage

PRODUCT = "/products/trailhead-2p-tent.html"
TARGET = 1.25


def brotli_figure(manifest: dict, paths: set[str]) -> int:
    """What the same files cost from a host that serves the precompressed brotli copies: a
    zstd copy counts as its original, a HEAD as nothing."""
    brotli = {e["name"]: e["brotli"] for e in manifest["files"]}
    names = {p.split("/kairos/", 1)[1].removesuffix(".zst") for p in paths}
    return sum(brotli[name] for name in names)


def first_visit(page, page_url: str, bundle_host: StaticHost) -> dict:
    """Open the product page with a fresh profile, boot, and let the reviews popup's 30 s pass."""
    kairos = KairosPage(page, page_url)
    bundle_host.clear()
    kairos.open(PRODUCT)
    ready = kairos.boot()
    kairos.run_and_settle(31_000)
    decision = kairos.wait_for_event("decision")
    sent = bundle_host.sent("/kairos/")
    return {"ready": ready, "decision": decision, "sent": sent, "warnings": kairos.warnings,
            "gets": {path for (method, path) in sent if method == "GET"}}


@pytest.fixture(scope="module")
def manifest(bundle_dir) -> dict:
    return json.loads((bundle_dir / "manifest.json").read_text())


@pytest.fixture(scope="module")
def plain_host(bundle_dir, tmp_path_factory):
    host = StaticHost(site_with_bundle(DEMO_SITE, bundle_dir, tmp_path_factory.mktemp("plain") / "root"))
    yield host.start()
    host.stop()


def test_a_host_that_compresses_nothing_costs_at_most_a_quarter_more(page, plain_host, manifest):
    visit = first_visit(page, plain_host.url, plain_host)
    assert visit["decision"]["rule"] == "reviews-for-hesitant-shoppers"
    assert visit["ready"]["snapshot"] is True and visit["warnings"] == []
    # The big files came as zstd copies; their raw versions were only asked about (HEAD).
    copies = {p.rsplit("/", 1)[1] for p in visit["gets"] if p.endswith(".zst")}
    # (The residual stdlib, 2 KB, has no copy: too small to be worth one.)
    assert copies == {"engine.snapshot.zst", "pyodide.asm.wasm.zst", "pyodide.asm.mjs.zst"}
    assert not any(p.endswith(("engine.snapshot", "pyodide.asm.wasm")) for p in visit["gets"])
    plain = sum(visit["sent"].values())  # headers included, HEADs included
    brotli = brotli_figure(manifest, visit["gets"])
    assert plain <= TARGET * brotli, f"{plain:,} B on a plain host vs {brotli:,} B with brotli"


def test_a_repeat_visit_to_a_plain_host_asks_nothing_of_it(page, plain_host):
    kairos = KairosPage(page, plain_host.url)
    kairos.open(PRODUCT)
    assert kairos.boot()["caching"] is True
    kairos.wait_for_event("cached")
    plain_host.clear()
    kairos.open(PRODUCT)  # the same incognito context: its HTTP cache and the kept snapshot
    kairos.boot()
    # Every bundle file is content-hashed and immutable; the zstd copies are found in the HTTP
    # cache without asking the host again (no HEAD, no GET).
    assert plain_host.sent("/kairos/") == {}


def test_a_cdn_on_another_origin_that_compresses_nothing(page, bundle_dir, manifest, tmp_path_factory):
    cdn = StaticHost(site_with_bundle(DEMO_SITE, bundle_dir, tmp_path_factory.mktemp("cdn") / "root"),
                     cors=True).start()
    tag = manifest["script_tag"].replace('src="/kairos/', f'src="{cdn.url}/kairos/')
    store = StaticHost(site_with_bundle(DEMO_SITE, None, tmp_path_factory.mktemp("store") / "root",
                                        tag=tag)).start()
    try:
        visit = first_visit(page, store.url, cdn)
    finally:
        store.stop()
        cdn.stop()
    assert visit["decision"]["rule"] == "reviews-for-hesitant-shoppers"
    assert any(p.endswith("engine.snapshot.zst") for p in visit["gets"])
    plain = sum(visit["sent"].values())
    assert plain <= TARGET * brotli_figure(manifest, visit["gets"])


def test_the_policy_doctor_prints_lets_a_cdn_bundle_run(page, bundle_dir, manifest, tmp_path_factory):
    """A strict page policy with exactly the sources `doctor` asks for (doctor_checks.needed_csp):
    the cross-origin worker starts from a Blob under the page's policy, and on a plain host it
    imports Pyodide's decoded module from a Blob too."""
    from compiler.bundle.doctor_checks import needed_csp

    cdn = StaticHost(site_with_bundle(DEMO_SITE, bundle_dir, tmp_path_factory.mktemp("cdn") / "root"),
                     cors=True).start()
    needed = needed_csp("http://store", cdn.url, plain_host=True)
    policy = "default-src 'self'; style-src 'self'; img-src 'self'; " + "; ".join(
        f"{d} 'self' {' '.join(s)}" for d, s in needed.items())
    tag = (f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
           + manifest["script_tag"].replace('src="/kairos/', f'src="{cdn.url}/kairos/'))
    store = StaticHost(site_with_bundle(DEMO_SITE, None, tmp_path_factory.mktemp("store") / "root",
                                        tag=tag)).start()
    try:
        kairos = KairosPage(page, store.url, csp_safe=True)
        kairos.open(PRODUCT)
        assert kairos.boot()["snapshot"] is True
        kairos.run_and_settle(31_000)
        assert kairos.wait_for_event("decision")["rule"] == "reviews-for-hesitant-shoppers"
        assert kairos.warnings == []
    finally:
        store.stop()
        cdn.stop()
