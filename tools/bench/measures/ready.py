"""Bytes and time to ready: first and repeat visits, cold and warm, Kairos and stock Pyodide.

First visit: a fresh profile loads a product page; the bytes are the bodies the server sent for
bundle files (`/kairos/...`, from its request log: the precompressed `.br` copy when the
browser accepted it). Repeat visit: the same profile loads the page again; only requests that
reach the server count (cache hits never do; 304s are counted). The baseline "stock core" is
the stock page's first visit: npm's Pyodide files (full stdlib, normal lock) served beside the
bundle in a content-hashed folder, so cached the same way. Ready: `performance.now()` at
`kairos:ready` (relative to navigation start); cold = first load of a fresh profile, warm =
second load of the same profile (full runs also show a third). Stock: the same for
pages/stock.html, whose module worker runs loadPyodide() with its defaults and posts "ready"
when `import sys` has run.
"""

from __future__ import annotations

from collections.abc import Callable

from ..harness.browser import (
    PRODUCT_PAGE,
    READY_JS,
    STOCK_READY_JS,
    TIMEOUT_MS,
    first_page,
    fresh_profile,
    wait_ready,
)
from ..harness.server import bundle_traffic
from ..harness.settings import TARGETS, Settings, say
from ..harness.stats import ratio, stats
from ..table import Row, ms, verdict

PART = "ready"
KEY = "ready"
SERVER = "demo"


def measure(run) -> dict:
    return measure_ready_and_bytes(run.pw, run.server, run.stock_dir, run.settings)


def profile_loads(pw, server, url: str, ready_js: str, read_ready: Callable, loads: int) -> list[dict]:
    """Load `url` `loads` times in one fresh profile; per load: time to ready and bundle traffic."""
    out = []
    with fresh_profile(pw) as context:
        page = first_page(context)
        encoded: list[int] = []
        context.on("requestfinished", lambda r: "/kairos/" in r.url and encoded.append(_encoded(r)))
        for _ in range(loads):
            server.requests.clear()
            encoded.clear()
            page.goto(url)
            page.wait_for_function(ready_js, timeout=TIMEOUT_MS)
            sample = read_ready(page)
            sample.update(bundle_traffic(server))
            sample["encoded_bytes"] = sum(encoded)  # Playwright's view: headers + encoded body
            out.append(sample)
    return out


def _encoded(request) -> int:
    try:
        sizes = request.sizes()
    except Exception:  # the request was cancelled or the page closed
        return 0
    return max(0, sizes["responseBodySize"] + sizes["responseHeadersSize"])


def _read_kairos(page) -> dict:
    return wait_ready(page)


def _read_stock(page) -> dict:
    stock = page.evaluate("() => window.__stock")
    return {"ready_ms": stock["ready"], "boot_ms": stock["boot_ms"], "error": stock["error"]}


def measure_ready_and_bytes(pw, server, stock_dir: str, settings: Settings) -> dict:
    """Alternating Kairos / stock runs, each in a fresh profile: cold load, then warm load(s)."""
    stock_url = f"{server.url}/bench/stock.html?py=/kairos/{stock_dir}/"
    runs: dict[str, list[list[dict]]] = {"kairos": [], "stock": []}
    for run in range(settings.runs):
        order = ("kairos", "stock") if run % 2 == 0 else ("stock", "kairos")
        for who in order:
            if who == "kairos":
                loads = profile_loads(pw, server, server.url + PRODUCT_PAGE, READY_JS, _read_kairos,
                                      1 + settings.warm_loads)
            else:
                loads = profile_loads(pw, server, stock_url, STOCK_READY_JS, _read_stock,
                                      1 + settings.warm_loads)
            runs[who].append(loads)
            say(f"ready run {run + 1}/{settings.runs} {who}: " + ", ".join(
                f"{s['ready_ms']:.0f} ms" if s["ready_ms"] is not None else f"error {s['error']}"
                for s in loads))

    def column(who: str, load: int, key: str) -> list:
        return [r[load][key] for r in runs[who] if len(r) > load]

    result = {"runs": runs}
    for who in ("kairos", "stock"):
        result[who] = {
            "cold_ready_ms": stats(column(who, 0, "ready_ms")),
            "warm_ready_ms": stats(column(who, 1, "ready_ms")),
            "cold_boot_ms": stats(column(who, 0, "boot_ms")),
            "warm_boot_ms": stats(column(who, 1, "boot_ms")),
            "first_visit_bytes": stats(column(who, 0, "bytes")),
            "first_visit_encoded_bytes": stats(column(who, 0, "encoded_bytes")),
            "repeat_visit_bytes": stats(column(who, 1, "bytes")),
            "repeat_visit_requests": stats(column(who, 1, "requests")),
            "repeat_visit_304": stats(column(who, 1, "not_modified")),
            "errors": [s["error"] for r in runs[who] for s in r if s["error"]],
            "first_visit_files": runs[who][0][0]["files"] if runs[who] else [],
        }
        if settings.warm_loads > 1:
            result[who]["third_load_ready_ms"] = stats(column(who, 2, "ready_ms"))
    k, s = result["kairos"], result["stock"]
    k["snapshot_used"] = [x.get("snapshot") for r in runs["kairos"] for x in r]
    k["snapshot_errors"] = sorted({x.get("snapshot_error") for r in runs["kairos"] for x in r} - {None})
    k["cold_load_ms"] = stats(column("kairos", 0, "load_ms"))
    k["cold_import_ms"] = stats(column("kairos", 0, "import_ms"))
    result["cold_ratio"] = ratio(k["cold_ready_ms"]["median"], s["cold_ready_ms"]["median"])
    result["warm_ratio"] = ratio(k["warm_ready_ms"]["median"], s["warm_ready_ms"]["median"])
    # Per-run ratios show how much of the spread is the machine rather than the runtime.
    result["cold_ratio_per_run"] = stats([ratio(a[0]["ready_ms"], b[0]["ready_ms"])
                                          for a, b in zip(runs["kairos"], runs["stock"], strict=False)])
    result["warm_ratio_per_run"] = stats([ratio(a[1]["ready_ms"], b[1]["ready_ms"])
                                          for a, b in zip(runs["kairos"], runs["stock"], strict=False)])
    return result


def rows(results: dict) -> list[Row]:
    """First and repeat visit bytes (section bytes), then time to ready (section ready)."""
    rows: list[Row] = []
    add = rows.append
    r = results.get("ready")
    if r and "kairos" in r:
        kb, sb = r["kairos"]["first_visit_bytes"]["median"], r["stock"]["first_visit_bytes"]["median"]
        note = "" if results.get("demo_quality", 11) == 11 else f" [brotli {results['demo_quality']}]"
        add(Row("bytes", f"first visit, bundle bytes (Kairos){note}",
                (f"{kb:,.0f} B" + (f" ({kb / sb:.3f}x stock)" if sb else "")) if kb is not None else "n/a",
                f"<= stock core {sb:,.0f} B" if sb else "<= stock core",
                verdict(None if kb is None or sb is None else kb <= sb)))
        rb = r["kairos"]["repeat_visit_bytes"]["median"]
        req = r["kairos"]["repeat_visit_requests"]["median"]
        nm = r["kairos"]["repeat_visit_304"]["median"]
        add(Row("bytes", "repeat visit, bundle bytes from network",
                f"{rb:,.0f} B ({req:.0f} requests, {nm:.0f} x 304)" if rb is not None else "n/a",
                f"< {TARGETS['repeat_visit_bytes']:,} B",
                verdict(None if rb is None else rb < TARGETS["repeat_visit_bytes"])))
    if r and "kairos" in r:
        for kind, key in (("cold", "cold_ready_ms"), ("warm", "warm_ready_ms")):
            add(Row("ready", f"time to kairos:ready, {kind}", ms(r["kairos"][key])))
            add(Row("ready", f"stock Pyodide ready, {kind}", ms(r["stock"][key])))
            q, target = r[f"{kind}_ratio"], TARGETS[f"ready_{kind}_ratio"]
            per = r[f"{kind}_ratio_per_run"]
            add(Row("ready", f"ratio Kairos / stock, {kind}",
                    f"{q:.2f}x (per run {per['min']:.2f}-{per['max']:.2f})" if q else "n/a",
                    f"<= {target}x", verdict(None if q is None else q <= target)))
        if "third_load_ready_ms" in r["kairos"]:
            add(Row("ready", "third load (Kairos / stock)",
                    f"{ms(r['kairos']['third_load_ready_ms'])} / {ms(r['stock']['third_load_ready_ms'])}"))
    return rows
