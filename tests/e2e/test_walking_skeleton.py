"""The whole path in real Chromium: rule file -> bundle -> script tag -> Pyodide -> snippet."""

from urllib.parse import urlsplit

from .kairos_page import KairosPage

TENT = "/products/trailhead-2p-tent.html"
TENT_RATING = "4.6"
REVIEW_POPUP_RULE = "reviews-for-hesitant-shoppers"


def test_review_popup_after_30s_of_engaged_time(kairos: KairosPage):
    kairos.open(TENT)
    kairos.boot()  # 2 s of page time pass while the idle callback fires
    kairos.run_and_settle(27_000)
    assert kairos.state()["page.dwell"] == 29_000
    assert kairos.modal().count() == 0, "the popup must wait for 30 s of engaged time"

    kairos.run_and_settle(1_500)
    detail = kairos.wait_for_event("decision")
    assert detail["rule"] == REVIEW_POPUP_RULE
    dialog = kairos.modal().locator('[role="dialog"]')
    assert TENT_RATING in dialog.locator(".k-rating").inner_text()
    blocks = kairos.page.evaluate("""[...document.querySelectorAll(
        'script[type="application/ld+json"]')].map(s => JSON.parse(s.textContent))""")
    product = next(b for b in blocks if b.get("@type") == "Product")
    authors = [review["author"]["name"] for review in product["review"]]
    shown = [text.split(" · ")[0] for text in dialog.locator(".k-author").all_inner_texts()]
    assert len(shown) == 3 and set(shown) <= set(authors)
    assert kairos.events("exposure") == [], "drawn, but an exposure is a snippet seen for 1 s"
    assert kairos.see()["rule"] == REVIEW_POPUP_RULE


def test_add_to_cart_before_30s_means_no_popup(kairos: KairosPage):
    kairos.open(TENT)
    kairos.boot()
    kairos.page.get_by_role("button", name="Add to cart").click()
    kairos.settle()
    assert kairos.state()["cart.count"] == 1
    kairos.run_and_settle(40_000)
    assert kairos.state()["page.dwell"] >= 40_000
    assert kairos.events("evaluated")[-1]["detail"]["reason"] == "page.dwell"
    assert kairos.modal().count() == 0
    assert kairos.events("decision") == []


def test_trust_badge_on_third_visit_within_7_days(kairos: KairosPage):
    for visit in (1, 2, 3):
        kairos.open(TENT)
        kairos.boot()
        kairos.settle()
        assert kairos.state()["visits.product"].__len__() == visit
        if visit < 3:
            assert kairos.slot("pdp-trust").count() == 0, f"no badge on visit {visit}"
    assert "trust-on-third-visit" in [e["detail"]["rule"] for e in kairos.events("decision")]
    badge = kairos.slot("pdp-trust").locator(".k-badge")
    assert "Free returns" in badge.inner_text()


def test_hidden_tab_time_is_not_dwell(kairos: KairosPage):
    kairos.open(TENT)
    kairos.boot()
    kairos.set_presence(visible=False)
    kairos.run_and_settle(60_000)
    assert kairos.state()["page.dwell"] == 2_000
    kairos.set_presence(visible=True, focused=False)  # visible but another window has focus
    kairos.run_and_settle(60_000)
    assert kairos.state()["page.dwell"] == 2_000
    assert kairos.modal().count() == 0
    kairos.set_presence(visible=True, focused=True)
    kairos.run_and_settle(28_500)
    assert kairos.state()["page.dwell"] == 30_500
    kairos.wait_for_event("decision")
    assert kairos.modal().count() == 1


def test_no_request_leaves_the_storefront_origin(kairos: KairosPage, demo_server):
    requests = []
    kairos.page.context.on("request", lambda request: requests.append(request.url))
    for path in ("/", "/category/tents.html", TENT):
        kairos.open(path)
        kairos.boot()
        kairos.settle()
    kairos.page.get_by_role("button", name="Add to cart").click()
    kairos.settle()
    kairos.page.goto(demo_server.url + "/cart.html")
    origin = urlsplit(demo_server.url).netloc
    foreign = [url for url in requests if urlsplit(url).scheme in ("http", "https")
               and urlsplit(url).netloc != origin]
    assert requests and not foreign
    # The worker fetched Pyodide and the engine from the bundle: proof the engine really ran.
    assert any("/kairos/py-" in url and url.endswith("pyodide.asm.wasm") for url in requests)
    assert any("/kairos/py-" in url and url.endswith(("engine.snapshot", ".whl")) for url in requests)


def test_a_snapshot_boot_fetches_no_wheel_and_only_the_stdlib_the_snapshot_lacks(kairos: KairosPage):
    files = []
    kairos.page.context.on("request", lambda request: files.append(request.url.rsplit("/", 1)[-1]))
    kairos.open(TENT)
    ready = kairos.boot()
    assert ready["snapshot"] is True
    # The restored engine warmed up before it said ready (worker.js), with what it has.
    assert ready["warm_ms"] >= 0 and "warm_error" not in ready
    assert "engine.snapshot" in files and "snapshot-stdlib.zip" in files
    assert "python_stdlib.zip" not in files and not [name for name in files if name.endswith(".whl")]
    kairos.run_and_settle(30_000)  # the engine, restored with the small stdlib, still decides
    assert kairos.wait_for_event("decision")["rule"] == REVIEW_POPUP_RULE


def test_missing_pyodide_fails_closed(page, serve, broken_bundle_dir):
    kairos = KairosPage(page, serve(broken_bundle_dir).url)
    kairos.open(TENT)
    kairos.page.clock.run_for(2_000)
    error = kairos.wait_for_event("error")
    assert error["kind"] in ("engine", "worker")
    assert kairos.page.evaluate("document.documentElement.classList.contains('kairos-error')")
    # The storefront still works: add to cart updates the header count.
    kairos.page.get_by_role("button", name="Add to cart").click()
    assert kairos.page.locator("[data-cart-count]").first.inner_text() == "1"
    assert kairos.page_errors == []
    assert len([w for w in kairos.warnings if "[kairos]" in w]) == 1


def test_without_its_snapshot_the_engine_boots_from_the_wheels(page, serve, no_snapshot_bundle_dir):
    kairos = KairosPage(page, serve(no_snapshot_bundle_dir).url)
    kairos.open(TENT)
    ready = kairos.boot()
    assert ready["snapshot"] is False and "404" in ready["snapshot_error"]
    assert ready["warm_ms"] >= 0 and "warm_error" not in ready
    kairos.run_and_settle(29_000)
    kairos.wait_for_event("decision")
    assert kairos.modal().locator(".k-author").count() >= 1
    assert kairos.page_errors == []


def test_the_snapshot_is_what_boots_the_engine(kairos: KairosPage):
    kairos.open(TENT)
    assert kairos.boot()["snapshot"] is True


# What a careful store sends: no 'unsafe-inline', no 'unsafe-eval'. Pyodide's wasm runs in
# the worker, whose own response carries no CSP here; the page needs no wasm permission.
STRICT_CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
              "img-src 'self' data:; worker-src 'self'; connect-src 'self'; object-src 'none'")


def test_works_under_a_strict_csp_without_unsafe_inline_or_eval(page, serve, bundle_dir):
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    kairos = KairosPage(page, serve(bundle_dir, csp=STRICT_CSP).url, csp_safe=True)
    kairos.open(TENT)
    response_csp = kairos.page.evaluate(
        "fetch(location.href).then(r => r.headers.get('content-security-policy'))")
    assert response_csp == STRICT_CSP
    kairos.boot()
    kairos.run_and_settle(29_000)
    kairos.wait_for_event("decision")
    assert kairos.modal().locator(".k-author").count() >= 1
    assert violations == [] and kairos.page_errors == []


def test_the_engine_holds_exactly_the_state_the_kernel_sent(kairos: KairosPage):
    kairos.open("/products/basecamp-4p-tent.html")  # ratings given as strings, Unicode authors
    kairos.boot()
    kairos.page.mouse.wheel(0, 900)
    kairos.page.get_by_role("button", name="Add to cart").click()
    kairos.run_and_settle(31_000)
    mirror = kairos.page.evaluate("window.kairos.mirror()")
    assert mirror["kernel"] is not None
    assert mirror["engine"] == mirror["kernel"]
    assert mirror["engine"]["cart.count"] == 1 and mirror["engine"]["page.dwell"] > 30_000
