#!/usr/bin/env python3
"""Benchmark the Kairos runtime in real Chromium against the demo storefront; not a test.

    python tools/bench_runtime.py [--runs 5] [--out bench-results/runtime.json] [--quick]
                                  [--only ready,main,cls,latency,engine,build]
    python build.py bench [same options]

Prints a table (figure, target, PASS/MISS) and writes every sample to a JSON file. The
machine is small and shared, so each figure is a median with its spread (min-max), every
ratio is against a baseline measured in the same run (stock Pyodide, the page without
Kairos, GrowthBook on the same updates), and the load average is printed with the table.
Waits are on Kairos's lifecycle events and on animation frames, never on sleeps. Bundles are
built into a temporary folder with `build.build`; the demo bundle (whose bytes are measured)
at brotli 11, the others at a fast quality (--quick: all fast, marked in the table).

bytes     kernel raw / gzip / brotli (brotli 11 of the file). First visit: a fresh profile
          loads a product page; the bytes are the bodies the server sent for bundle files
          (`/kairos/...`, from its request log: the precompressed `.br` copy when the browser
          accepted it). Repeat visit: the same profile loads the page again; only requests that
          reach the server count (cache hits never do; 304s are counted). The baseline "stock
          core" is the stock page's first visit: npm's Pyodide files (full stdlib, normal lock)
          served beside the bundle in a content-hashed folder, so cached the same way.
main      long tasks (PerformanceObserver `longtask`, buffered, from an init script) and total
thread    blocking time (sum of duration - 50 ms) from navigation to the end of a scripted
          browse (load, engine boot, wheel-scroll the page, click "Add to cart", wait until the
          engine answered), with Kairos and with `?kairos=off`, alternating, fresh incognito
          context each; attributable = median(on) - median(off), plus long animation frames
          (LoAF) that blocked while one of our `/kairos/` scripts ran in them. Hiding: <html> /
          <body> computed opacity 0 / visibility hidden / display none, sampled every frame.
CLS       layout-shift entries without recent input, session windows (1 s gap, 5 s cap), on a
          product page with tools/bench/cls.yaml: the trust badge goes into its slot when the
          engine is ready, the review popup (modal) opens at 50 % scroll. With and without
          Kairos; attributable = on - off, and the shifts whose sources are Kairos nodes.
ready     `performance.now()` at `kairos:ready` (relative to navigation start); cold = first
          load of a fresh profile, warm = second load of the same profile (full runs also show
          a third). Stock: the same for tools/bench/stock.html, whose module worker runs
          loadPyodide() with its defaults and posts "ready" when `import sys` has run.
latency   tools/bench/latency.html + latency.yaml: per page view (warm profile) one cart trigger
          (click -> corner card) and 24 scroll thresholds (scrollTo past N % -> snippet in slot
          bench-N). Measured in the page from the moment the crossing is observable (the click;
          the scroll event's dispatch, recorded before the kernel's own listener runs) to a
          MutationObserver seeing the rule's `[data-kairos-host]`; scrollTo() -> DOM is shown
          too, and a breakdown (kernel post, engine reply and its engine_ms, insertion).
ahead     the demo's page-load moment (trust badge on the third view of a product, same
          session, warm profile): `kairos:exposure` time after navigation when the second
          view's engine decided it ahead, and when the kept decision is deleted first so the
          third view's engine decides it; alternating, a fresh profile per sample.
engine    generated rule files of 10 / 100 / 1,000 rules (page.dwell, page.scroll, cart.count,
          product.price, visits.product(within=7d)); tools/bench/engine.html starts the
          bundle's own worker (restored from its snapshot, as the kernel does) and sends updates
          that each change one signal; `engine_ms` of each reply is Python's time for that
          update (the overlay is already occupied, so it is evaluation, not rendering). That
          page is cross-origin isolated (COOP/COEP added by the bench's server), so timers have
          5 us resolution, not 100 us. GrowthBook (npm @growthbook/growthbook, pinned) gets the
          same updates in the same page: setAttributes, then evalFeature for one feature per
          rule with the equivalent condition. Match counts are checked against the generated
          conditions in CPython, which also times the same engine code as a reference.
build     wall clock of `build.py build` on the 1,000-rule file after a build of the same file
          warmed the caches (--quick: `build()` in-process at the fast quality).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_DIR = ROOT / "tools" / "bench"
PROBE = BENCH_DIR / "probe.js"
GROWTHBOOK_ESM = ROOT / "node_modules" / "@growthbook" / "growthbook" / "dist" / "bundles" / "esm.min.js"
DEFAULT_OUT = ROOT / "bench-results" / "runtime.json"
CHROMIUM = os.environ.get("KAIROS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
VIEWPORT = {"width": 1280, "height": 720}
PRODUCT_PAGE = "/products/trailhead-2p-tent.html"
TIMEOUT_MS = 90_000  # a cold Pyodide boot on a busy 2-core machine can take 10 s; never hang

KB = 1024
TARGETS = {  # the runtime's budgets, printed next to each figure
    "kernel_brotli": 6 * KB,
    "repeat_visit_bytes": 10 * KB,
    "attributable_long_tasks": 0,
    "attributable_hidden_ms": 0,
    "attributable_cls": 0.0,
    "ready_cold_ratio": 0.5,
    "ready_warm_ratio": 0.3,
    "decision_p95_ms": 16.0,
    "engine_1000_ms": 1.0,
}

READY_JS = "() => window.__bench.events.some(e => e.name === 'ready' || e.name === 'error')"
SETTLED_JS = ("() => !window.kairos || typeof window.kairos.pending !== 'function' "
              "|| window.kairos.pending() === 0")
STOCK_READY_JS = "() => window.__stock && (window.__stock.ready !== null || window.__stock.error !== null)"
FRAMES_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r())))"
COLLECT_JS = """() => {
  const B = window.__bench;
  B.stopped = true;
  return {longtasks: B.longtasks, loafs: B.loafs.filter(l => l.duration > 50), shifts: B.shifts,
          events: B.events.map(e => ({name: e.name, t: e.t, rule: e.detail && e.detail.rule,
                                      kind: e.detail && e.detail.kind,
                                      message: e.detail && e.detail.message})),
          hidden: B.hidden, replies: B.replies, posts: B.posts, end: performance.now()};
}"""


# ---------------------------------------------------------------------------------------------
# Settings and small statistics


@dataclass
class Settings:
    runs: int
    quick: bool
    warm_loads: int  # loads of a persistent profile after the cold one (the first is "warm")
    cls_runs: int
    latency_views: int
    engine_updates: int
    engine_warmup: int
    rule_counts: tuple[int, ...]
    build_runs: int
    # Brotli quality of the demo bundle (whose bytes are measured) and of the bundles whose
    # bytes are not (brotli 11 on the 31 MB engine snapshot takes over a minute per new build).
    demo_quality: int
    other_quality: int

    @classmethod
    def from_args(cls, args) -> Settings:
        if args.quick:
            runs = args.runs or 2
            return cls(runs, True, 1, 1, 2, 60, 5, (10, 100, 1000), 1, 5, 5)
        runs = args.runs or 5
        return cls(runs, False, 2, min(runs, 3), 3, 150, 10, (10, 100, 1000), 3, 11, 5)


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0..100) by linear interpolation; None for no values."""
    xs = sorted(v for v in values if v is not None)
    if not xs:
        return None
    pos = (len(xs) - 1) * q / 100
    lo, hi = int(pos), min(int(pos) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def stats(values: list[float]) -> dict:
    """Median, spread (min-max), p95 and mean of the non-None values."""
    xs = [v for v in values if v is not None]
    if not xs:
        return {"n": 0, "median": None, "min": None, "max": None, "p95": None, "mean": None}
    return {"n": len(xs), "median": statistics.median(xs), "min": min(xs), "max": max(xs),
            "p95": percentile(xs, 95), "mean": statistics.fmean(xs)}


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b


_STARTED = time.perf_counter()


def _say(message: str) -> None:
    print(f"  [bench {time.perf_counter() - _STARTED:5.0f}s] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Inputs: the site, the rule files, the bundles, the servers


def make_site(tmp: Path) -> Path:
    """The demo storefront plus tools/bench's pages under /bench/ (and GrowthBook's ESM build)."""
    site = tmp / "site"
    shutil.copytree(ROOT / "demo_site" / "site", site)
    bench = site / "bench"
    bench.mkdir()
    for path in BENCH_DIR.iterdir():
        if path.suffix in (".html", ".js", ".mjs", ".css"):
            shutil.copy2(path, bench / path.name)
    if not GROWTHBOOK_ESM.exists():
        raise SystemExit(f"GrowthBook not found at {GROWTHBOOK_ESM}; run `npm ci`")
    (bench / "vendor").mkdir()
    shutil.copy2(GROWTHBOOK_ESM, bench / "vendor" / "growthbook.esm.js")
    return site


# Generated rules for the engine benchmark: each kind is a Kairos condition and the same
# static targeting condition in GrowthBook's mongo-like syntax (attributes: engine.js).
def _rule_kind(kind: int, rng: random.Random) -> tuple[str, dict]:
    if kind == 0:
        p = rng.randint(5, 95)
        return (f'page.type == "product" and page.scroll >= {p}%',
                {"page_type": "product", "page_scroll": {"$gte": p}})
    if kind == 1:
        s = rng.randint(5, 120)
        return (f"page.dwell > {s}s and cart.count == 0",
                {"page_dwell": {"$gt": s * 1000}, "cart_count": 0})
    if kind == 2:
        lo = rng.randint(10, 300)
        hi = lo + rng.randint(20, 200)
        return (f"product.price >= {lo} and product.price < {hi}",
                {"product_price": {"$gte": lo, "$lt": hi}})
    if kind == 3:
        n = rng.randint(1, 5)
        return (f"visits.product(within=7d) >= {n}", {"visits_product_7d": {"$gte": n}})
    k, p = rng.randint(0, 3), rng.randint(30, 100)
    return (f"cart.count > {k} or page.scroll >= {p}%",
            {"$or": [{"cart_count": {"$gt": k}}, {"page_scroll": {"$gte": p}}]})


def write_engine_rules(folder: Path, count: int, seed: int = 7) -> tuple[Path, dict]:
    """A rules file of `count` rules and the equivalent GrowthBook features."""
    rng = random.Random(seed)
    lines = [f"# {count} generated rules for tools/bench_runtime.py (engine cost per update).",
             "rules:"]
    features = {}
    for i in range(count):
        when, condition = _rule_kind(i % 5, rng)
        placement = ("corner", "toast")[i % 2]
        lines += [f"  - id: bench-{i:04d}", f"    when: {when}",
                  f"    show: {{ snippet: trust_badge, placement: {placement} }}",
                  f"    priority: {rng.randint(0, 50)}"]
        features[f"bench-{i:04d}"] = {"defaultValue": False,
                                      "rules": [{"condition": condition, "force": True}]}
    path = folder / f"engine_{count}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path, features


def build_bundle(rules: list[Path], out: Path, quality: int = 11) -> tuple[dict, float]:
    """`build.build` (what `build.py build` runs); returns the manifest and the seconds taken."""
    import inspect

    from build import build

    options = {"quality": quality} if "quality" in inspect.signature(build).parameters else {}
    started = time.perf_counter()
    manifest = build([str(p) for p in rules], out, quiet=True, **options)
    return manifest, time.perf_counter() - started


def bundle_file(manifest: dict, predicate: Callable[[str], bool]) -> str | None:
    return next((e["name"] for e in manifest["files"] if predicate(e["name"])), None)


STOCK_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
               "pyodide-lock.json")


def _brotli(data: bytes, quality: int) -> bytes:
    """Brotli of `data`, cached by content in .cache/bench (the wasm takes a while at 11)."""
    import hashlib

    import brotli

    path = ROOT / ".cache" / "bench" / f"{hashlib.sha256(data).hexdigest()}.br{quality}"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(brotli.compress(data, quality=quality))
    return path.read_bytes()


def add_stock_pyodide(bundle: Path, quality: int) -> str:
    """Stock Pyodide (npm's core files, full stdlib, normal pyodide-lock.json) beside the bundle,
    in a content-hashed folder so the server caches it exactly like the bundle; its name."""
    import hashlib

    source = ROOT / "node_modules" / "pyodide"
    files = {name: (source / name).read_bytes() for name in STOCK_FILES}
    digest = hashlib.sha256(b"".join(hashlib.sha256(d).digest() for d in files.values()))
    folder = bundle / f"stock-pyodide-{digest.hexdigest()[:12]}"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
        packed = _brotli(data, quality)
        if len(packed) < len(data) * 0.95:  # the bundle's own rule for a .br copy
            (folder / (name + ".br")).write_bytes(packed)
    return folder.name


def py_dir(manifest: dict) -> str:
    return next(e["name"] for e in manifest["files"] if e["name"].endswith("kairos-lock.json")).split("/")[0]


@contextlib.contextmanager
def serving(site: Path, bundle: Path, isolated: bool = False) -> Iterator:
    """The demo server (script tag injection, .br files, immutable hashed names) on a free port.

    `isolated` adds COOP/COEP headers: a cross-origin-isolated page and worker get 5 us timers
    instead of 100 us ones, which the per-update engine figures need (engine.html only).
    """
    from demo_site.server import make_server

    server = make_server(site, bundle)
    if isolated:
        class Isolated(server.RequestHandlerClass):
            def end_headers(self) -> None:
                self.send_header("Cross-Origin-Opener-Policy", "same-origin")
                self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
                super().end_headers()

        server.RequestHandlerClass = Isolated
    server.start()
    try:
        yield server
    finally:
        server.stop()


def sent_bytes(server, record: dict) -> int:
    """Body bytes the server sent for one logged request (the file it picked, as it picks)."""
    from demo_site.server import ENCODINGS, accepted_encodings

    if record["status"] != 200 or record["method"] != "GET":
        return 0
    found = server.resolve(record["path"])
    if found is None:
        return 0
    path = found[0]
    accepted = accepted_encodings(record["headers"].get("accept-encoding", ""))
    for coding, suffix in ENCODINGS:
        sibling = path.with_name(path.name + suffix)
        if coding in accepted and sibling.is_file():
            return sibling.stat().st_size
    return path.stat().st_size


def bundle_traffic(server, prefix: str = "/kairos/") -> dict:
    """Requests for bundle files that reached the server since the log was cleared."""
    records = [r for r in server.requests.snapshot() if r["path"].startswith(prefix)]
    return {"requests": len(records), "bytes": sum(sent_bytes(server, r) for r in records),
            "not_modified": sum(1 for r in records if r["status"] == 304),
            "files": sorted(r["path"].rsplit("/", 1)[-1] for r in records)}


# ---------------------------------------------------------------------------------------------
# Browser helpers


def launch(pw):
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@contextlib.contextmanager
def fresh_profile(pw) -> Iterator:
    """A persistent context in a new, empty profile directory (its HTTP cache persists)."""
    folder = tempfile.mkdtemp(prefix="kairos-bench-profile-")
    context = pw.chromium.launch_persistent_context(
        folder, executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport=VIEWPORT)
    try:
        context.add_init_script(path=str(PROBE))
        yield context
    finally:
        context.close()
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def incognito(browser) -> Iterator:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        context.add_init_script(path=str(PROBE))
        yield context
    finally:
        context.close()


def first_page(context):
    return context.pages[0] if context.pages else context.new_page()


def wait_ready(page) -> dict:
    """Wait for kairos:ready (or kairos:error); returns its time and details, or the error."""
    page.wait_for_function(READY_JS, timeout=TIMEOUT_MS)
    events = page.evaluate("() => window.__bench.events.map(e => ({name: e.name, t: e.t, detail: e.detail}))")
    error = next((e for e in events if e["name"] == "error"), None)
    ready = next((e for e in events if e["name"] == "ready"), None)
    if error or not ready:
        return {"ready_ms": None, "boot_ms": None, "error": (error or {}).get("detail") or "no ready"}
    page.wait_for_function(SETTLED_JS, timeout=TIMEOUT_MS)
    detail = ready["detail"] or {}
    if detail.get("caching"):  # a shopper reads for longer than it takes to keep the snapshot
        page.wait_for_function("() => window.__bench.events.some(e => e.name === 'cached')",
                               timeout=TIMEOUT_MS)
    return {"ready_ms": ready["t"], "error": None,
            **{key: detail.get(key) for key in ("boot_ms", "load_ms", "import_ms", "snapshot",
                                                "snapshot_error", "snapshot_source", "marks")}}


def wait_event(page, name: str, rule: str | None = None) -> bool:
    """Wait for a kairos:NAME event (for `rule`) or a kairos:error; True when it came."""
    cond = f"e.name === {json.dumps(name)}"
    if rule:
        cond += f" && e.detail && e.detail.rule === {json.dumps(rule)}"
    page.wait_for_function(
        f"() => window.__bench.events.some(e => ({cond}) || e.name === 'error')", timeout=TIMEOUT_MS)
    return page.evaluate(f"() => window.__bench.events.some(e => {cond})")


def frames(page) -> None:
    """Wait two animation frames: what the last input or DOM change caused has been painted."""
    page.evaluate(FRAMES_JS)


# ---------------------------------------------------------------------------------------------
# 1 + 4. Bytes and time to ready (cold and warm), Kairos and stock Pyodide


def kernel_bytes(manifest: dict, bundle: Path) -> dict:
    """The kernel's sizes; brotli is recomputed at 11 (the bundle may use a faster quality)."""
    import gzip

    data = (bundle / manifest["kernel"]).read_bytes()
    lazy = bundle_file(manifest, lambda n: n.startswith("kairos-boot."))
    lazy_data = (bundle / lazy).read_bytes() if lazy else b""
    return {"name": manifest["kernel"], "raw": len(data), "gzip": len(gzip.compress(data, 9, mtime=0)),
            "brotli": len(_brotli(data, 11)), "lazy_name": lazy, "lazy_raw": len(lazy_data),
            "lazy_brotli": len(_brotli(lazy_data, 11)) if lazy_data else 0}


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
            _say(f"ready run {run + 1}/{settings.runs} {who}: " + ", ".join(
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


# ---------------------------------------------------------------------------------------------
# 2. Main thread: long tasks, total blocking time, page hiding


def browse(page, kairos: bool) -> None:
    """Scroll down the product page with the wheel, then click "Add to cart"."""
    page.mouse.move(640, 400)
    for _ in range(6):
        page.mouse.wheel(0, 450)
        frames(page)
    page.click("[data-add-to-cart]")
    if kairos:
        page.wait_for_function(SETTLED_JS, timeout=TIMEOUT_MS)
    frames(page)


def main_thread_sample(data: dict) -> dict:
    long_tasks = [t["duration"] for t in data["longtasks"]]
    ours = [[x for x in f["scripts"] if "/kairos/" in (x["url"] or "")] for f in data["loafs"]]
    # A long animation frame whose blocking duration is > 0 held a long task; if one of our
    # scripts ran in it, that long task is (at least partly) ours.
    blocking = [f for f, mine in zip(data["loafs"], ours, strict=True) if mine and f["blocking"] > 0]
    return {"long_tasks": len(long_tasks), "tbt_ms": sum(max(0.0, d - 50) for d in long_tasks),
            "longest_ms": max(long_tasks, default=0.0), "kairos_long_frames": len(blocking),
            "kairos_script_max_ms": max((x["duration"] for mine in ours for x in mine), default=0.0),
            "hidden_ms": data["hidden"]["ms"], "hidden_frames": data["hidden"]["hiddenFrames"],
            "frames": data["hidden"]["frames"], "html_body_changes": data["hidden"]["changes"],
            "window_ms": data["end"], "long_task_list": data["longtasks"], "long_frames": data["loafs"],
            "kairos_events": [(e["name"], round(e["t"])) for e in data["events"]]}


def measure_main_thread(browser, server, settings: Settings) -> dict:
    samples: dict[str, list[dict]] = {"on": [], "off": []}
    for run in range(settings.runs):
        for mode in (("on", "off") if run % 2 == 0 else ("off", "on")):
            with incognito(browser) as context:
                page = context.new_page()
                page.goto(server.url + PRODUCT_PAGE + ("?kairos=off" if mode == "off" else ""),
                          wait_until="load")
                ready = wait_ready(page) if mode == "on" else {}
                browse(page, mode == "on")
                sample = main_thread_sample(page.evaluate(COLLECT_JS))
                sample["ready"] = ready
                samples[mode].append(sample)
        on, off = samples["on"][-1], samples["off"][-1]
        _say(f"main thread run {run + 1}/{settings.runs}: long tasks on {on['long_tasks']} "
             f"(TBT {on['tbt_ms']:.0f} ms) off {off['long_tasks']} (TBT {off['tbt_ms']:.0f} ms)")

    def col(mode: str, key: str) -> dict:
        return stats([s[key] for s in samples[mode]])

    result = {"samples": samples}
    for key in ("long_tasks", "tbt_ms", "longest_ms", "kairos_long_frames", "kairos_script_max_ms",
                "hidden_ms", "window_ms"):
        result[key] = {"on": col("on", key), "off": col("off", key)}
        result[key]["attributable"] = result[key]["on"]["median"] - result[key]["off"]["median"]
    result["html_body_changes_on"] = samples["on"][0]["html_body_changes"] if samples["on"] else []
    return result


# ---------------------------------------------------------------------------------------------
# 3. CLS


def cls_of(shifts: list[dict]) -> float:
    """CLS: the largest session window (gap < 1 s, span <= 5 s) of shifts without recent input."""
    best = current = 0.0
    start = last = None
    for s in sorted((s for s in shifts if not s["recent"]), key=lambda s: s["start"]):
        if start is None or s["start"] - last >= 1000 or s["start"] - start > 5000:
            start, current = s["start"], 0.0
        current += s["value"]
        last = s["start"]
        best = max(best, current)
    return best


def measure_cls(browser, server, settings: Settings) -> dict:
    samples: dict[str, list[dict]] = {"on": [], "off": []}
    scroll_to_60 = ("() => { const root = document.scrollingElement; "
                    "window.scrollTo(0, 0.6 * root.scrollHeight - innerHeight); }")
    for run in range(settings.cls_runs):
        for mode in ("on", "off"):
            with incognito(browser) as context:
                page = context.new_page()
                page.goto(server.url + PRODUCT_PAGE + ("?kairos=off" if mode == "off" else ""),
                          wait_until="load")
                shown = {}
                if mode == "on":
                    wait_ready(page)
                    shown["badge"] = wait_event(page, "decision", "cls-trust-badge")
                frames(page)
                page.evaluate(scroll_to_60)
                if mode == "on":
                    shown["popup"] = wait_event(page, "decision", "cls-review-popup")
                frames(page)
                data = page.evaluate(COLLECT_JS)
                shifts = data["shifts"]
                samples[mode].append({
                    "cls": cls_of(shifts), "shown": shown,
                    "kairos_shift": sum(s["value"] for s in shifts if not s["recent"]
                                        and any(x["owner"] == "kairos" for x in s["sources"])),
                    "shifts": shifts})
        _say(f"CLS run {run + 1}/{settings.cls_runs}: on {samples['on'][-1]['cls']:.4f} "
             f"off {samples['off'][-1]['cls']:.4f} shown {samples['on'][-1]['shown']}")
    on = stats([s["cls"] for s in samples["on"]])
    off = stats([s["cls"] for s in samples["off"]])
    return {"samples": samples, "on": on, "off": off,
            "attributable": on["median"] - off["median"],
            "kairos_sources": stats([s["kairos_shift"] for s in samples["on"]]),
            "snippets_shown": all(all(s["shown"].values()) and len(s["shown"]) == 2 for s in samples["on"])}


# ---------------------------------------------------------------------------------------------
# 4b. Page-load moments decided ahead

DROP_AHEAD_JS = """() => { const r = JSON.parse(localStorage.getItem('kairos:v1'));
  delete r.next; localStorage.setItem('kairos:v1', JSON.stringify(r)); }"""
TRUST_RULE = "trust-on-third-visit"


def measure_ahead(pw, server, settings: Settings) -> dict:
    """Navigation -> the third view's trust badge, decided ahead vs by that view's engine."""
    samples: dict[str, list] = {"ahead": [], "engine": []}
    for run in range(settings.runs):
        for mode in ("ahead", "engine") if run % 2 == 0 else ("engine", "ahead"):
            with fresh_profile(pw) as context:
                page = first_page(context)
                for _ in range(2):  # the second view's engine decides the third view ahead
                    page.goto(server.url + PRODUCT_PAGE)
                    wait_ready(page)
                kept = page.evaluate("() => 'next' in JSON.parse(localStorage.getItem('kairos:v1'))")
                if mode == "engine":
                    page.evaluate(DROP_AHEAD_JS)
                page.goto(server.url + PRODUCT_PAGE)
                shown = wait_event(page, "exposure", TRUST_RULE)
                detail = page.evaluate(
                    f"() => window.__bench.events.find(e => e.name === 'exposure' && "
                    f"e.detail.rule === {json.dumps(TRUST_RULE)}) || null")
                samples[mode].append({"kept": kept, "shown": shown,
                                      "ms": detail["t"] if detail else None,
                                      "ahead": bool(detail and detail["detail"].get("ahead"))})
        _say(f"ahead run {run + 1}/{settings.runs}: ahead {samples['ahead'][-1]['ms']} ms, "
             f"engine {samples['engine'][-1]['ms']} ms")
    return {"samples": samples,
            "ahead_ms": stats([s["ms"] for s in samples["ahead"] if s["ahead"]]),
            "engine_ms": stats([s["ms"] for s in samples["engine"] if not s["ahead"]]),
            "all_kept": all(s["kept"] for s in samples["ahead"] + samples["engine"]),
            "all_ahead": all(s["ahead"] for s in samples["ahead"])}


# ---------------------------------------------------------------------------------------------
# 5. Decision latency


def latency_plan() -> list[dict]:
    """The triggers of one page view: the cart, then scroll thresholds 20 %, 23 %, ... 89 %
    (each step scrolls to 1.5 % past its threshold, short of the next one)."""
    plan = [{"kind": "cart", "rule": "lat-cart"}]
    for k in range(1, 25):
        plan.append({"kind": "scroll", "rule": f"lat-scroll-{k:02d}", "depth": 17 + 3 * k + 1.5})
    return plan


def measure_latency(pw, server, settings: Settings) -> dict:
    triggers: list[dict] = []
    views = []
    with fresh_profile(pw) as context:
        page = first_page(context)
        for view in range(settings.latency_views):
            page.goto(server.url + "/bench/latency.html")
            ready = wait_ready(page)
            if ready["error"]:
                views.append(ready)
                continue
            frames(page)
            got = page.evaluate("([plan, timeout]) => window.benchLatency(plan, timeout)",
                                [latency_plan(), 5_000])
            page.evaluate("() => localStorage.clear()")  # the next view starts with an empty cart
            triggers.extend(got)
            missed = sum(1 for t in got if t["total_ms"] is None) + len(latency_plan()) - len(got)
            views.append({**ready, "triggers": len(got), "missed": missed})
            med = stats([t["total_ms"] for t in got])["median"]
            _say(f"latency view {view + 1}/{settings.latency_views}: median "
                 + (f"{med:.1f} ms" if med is not None else "n/a")
                 + f" over {len(got)} triggers, {views[-1]['missed']} missed")

    def part(fn) -> dict:
        return stats([fn(t) for t in triggers])

    done = [t for t in triggers if t["total_ms"] is not None]
    return {
        "views": views, "triggers": triggers, "count": len(done),
        "missed": sum(v.get("missed", len(latency_plan())) for v in views),
        "total_ms": part(lambda t: t["total_ms"]),
        "cart_total_ms": stats([t["total_ms"] for t in triggers if t["kind"] == "cart"]),
        "scroll_total_ms": stats([t["total_ms"] for t in triggers if t["kind"] == "scroll"]),
        "action_to_post_ms": part(lambda t: t["post"] - t["t0"] if t["post"] else None),
        "post_to_reply_ms": part(lambda t: t["reply"] - t["post"] if t["reply"] and t["post"] else None),
        "engine_ms": part(lambda t: t["engine_ms"]),
        "reply_to_dom_ms": part(lambda t: t["dom"] - t["reply"] if t["reply"] and t["dom"] else None),
        "scroll_action_to_dom_ms": stats([t["action_ms"] for t in triggers if t["kind"] == "scroll"]),
        "scroll_event_delay_ms": part(lambda t: t["scroll_event"] - t["t0"] if t["scroll_event"] else None),
        "crossing_to_post_ms": part(lambda t: t["post"] - t["crossed"]
                                    if t["post"] and t["crossed"] else None),
    }


# ---------------------------------------------------------------------------------------------
# 6. Engine cost per update, and GrowthBook on the same updates


def bench_signals(now: int) -> dict:
    """A full signal state (docs/contracts.md section 2) on a product page."""
    day = 86_400_000
    return {
        "now": now, "page.type": "product", "page.url": PRODUCT_PAGE, "page.dwell": 4000,
        "page.scroll": 10, "page.views": 3, "product.id": "1001",
        "product.name": "Trailhead 2P Ultralight Tent", "product.category": "Tents",
        "product.currency": "USD", "product.price": 249.0, "product.rating": 4.6,
        "product.review_count": 128, "product.dwell": 64000, "product.last_price": 249.0,
        "visits.url": [now - 3 * day, now - day, now],
        "visits.product": [now - 9 * day, now - 3 * day, now - day, now],
        "visits.category": [now - day, now], "visits.sessions": 3, "visits.days_since_last": 1,
        "visits.returning": True, "visits.session_products": 2, "visits.session_categories": 1,
        "cart.items": [], "cart.count": 0, "cart.value": 0, "section": {},
        "behavior.exit_intent": False, "behavior.idle": False, "behavior.hidden_count": 0,
        "behavior.copied": False, "clicks": {}, "context.device": "desktop", "context.hour": 14,
        "context.weekday": "tue", "context.date": "2025-06-10", "context.language": "en-US",
        "context.timezone": "Europe/Paris", "context.referrer": None, "context.utm_source": None,
        "context.consent": True, "context.gpc": False,
    }


def bench_history(now: int) -> dict:
    # "overlay" is taken (a card is already on the page): the figure is evaluation, not rendering.
    return {"visitor_id": "bench-visitor", "session_id": "bench-session", "session_start": now - 600_000,
            "pageview_start": now - 4000, "day_start": now - 3_600_000, "exposures": {},
            "occupied": ["overlay"]}


def cpython_rules(rules: Path):
    """The generated rules module, imported in CPython (the oracle for the match counts)."""
    import types

    from compiler import driver

    engine_dir = str(ROOT / "runtime" / "engine")
    if engine_dir not in sys.path:
        sys.path.insert(0, engine_dir)
    module = types.ModuleType("kairos_rules_bench")
    exec(compile(driver.compile_rules([str(rules)]).module_source, str(rules), "exec"), module.__dict__)
    return module


def step(signals: dict, i: int) -> dict:
    """Update i of the engine benchmark's sequence (the same as engine.js's `step`)."""
    s = {**signals, "now": signals["now"] + 1000}
    if i % 3 == 0:
        s["page.scroll"] = (s["page.scroll"] + 7) % 101
    elif i % 3 == 1:
        s["page.dwell"] += 3000
    else:
        s["cart.count"] = 0 if s["cart.count"] else 1
        s["cart.items"] = [s["product.id"]] if s["cart.count"] else []
    return s


def cpython_engine_ms(module, cfg: dict) -> dict:
    """The same updates through the same engine code in CPython (boundary.handle, as the worker
    calls it): how much of the per-update cost is Pyodide rather than the engine's algorithm."""
    from kairos_engine import boundary
    from kairos_engine.engine import Engine

    saved = boundary._engine
    boundary._engine = Engine(module, None)  # nothing renders: the overlay is taken
    try:
        signals, times = cfg["signals"], []
        for i in range(cfg["warmup"] + cfg["updates"]):
            signals = step(signals, i)
            message = json.dumps({"type": "update", "seq": i + 1, "reason": "bench", "now": signals["now"],
                                  "signals": signals, "history": cfg["history"], "product": None})
            reply = json.loads(boundary.handle(message))
            if i >= cfg["warmup"]:
                times.append(reply.get("engine_ms"))
        return stats(times)
    finally:
        boundary._engine = saved


def measure_engine(browser, server, engine_bundles: dict[int, tuple[Path, dict, dict]],
                   settings: Settings) -> dict:
    now = 1_749_556_800_000
    result = {}
    for count, (rules_path, manifest, features) in sorted(engine_bundles.items()):
        base = f"{server.url}/kairos/r{count}/"
        worker = next(e["name"] for e in manifest["files"] if e["name"].startswith("kairos-worker."))
        index = f"{base}{py_dir(manifest)}/"
        snapshot = bundle_file(manifest, lambda n: n.endswith("engine.snapshot"))
        cfg = {"workerURL": base + worker, "indexURL": index, "lockURL": index + "kairos-lock.json",
               "snapshotURL": base + snapshot if snapshot else None,
               "signals": bench_signals(now), "history": bench_history(now), "product": None,
               "features": features, "updates": settings.engine_updates,
               "warmup": settings.engine_warmup, "checkEvery": 17}
        with incognito(browser) as context:
            page = context.new_page()
            page.goto(server.url + "/bench/engine.html")
            page.wait_for_function("() => typeof window.benchGrowthBook === 'function'", timeout=TIMEOUT_MS)
            kairos = page.evaluate("cfg => window.benchEngine(cfg)", cfg)
            growthbook = page.evaluate("cfg => window.benchGrowthBook(cfg)", cfg)
        if kairos.get("error"):
            result[count] = {"error": kairos["error"]}
            continue
        module = cpython_rules(rules_path)
        mismatches = [{"cpython": sum(1 for c in module.CONDITIONS if c(chk["signals"]) is True),
                       "growthbook": chk["on"]}
                      for chk in growthbook["checks"]]
        mismatches = [m for m in mismatches if m["cpython"] != m["growthbook"]]
        engine = stats([s["engine_ms"] for s in kairos["samples"]])
        gb = stats([s["ms"] for s in growthbook["samples"]])
        try:
            cpython = cpython_engine_ms(module, cfg)
        except Exception as error:  # the reference is extra information, never a failure
            cpython = {"error": f"{type(error).__name__}: {error}"}
        result[count] = {
            "engine_ms": engine, "cpython_engine_ms": cpython,
            "round_trip_ms": stats([s["round_trip_ms"] for s in kairos["samples"]]),
            "growthbook_ms": gb, "ratio_vs_growthbook": ratio(engine["median"], gb["median"]),
            "boot_ms": kairos["boot_ms"], "message_bytes": kairos["message_bytes"],
            "decisions": sum(s["decisions"] for s in kairos["samples"]),
            "rule_errors": sum(s["errors"] for s in kairos["samples"]),
            "matches_checked": len(growthbook["checks"]), "match_mismatches": mismatches,
            "updates": len(kairos["samples"]), "timers_isolated": kairos.get("isolated"),
            "snapshot": (kairos.get("ready") or {}).get("snapshot"),
        }
        _say(f"engine {count} rules: {engine['median']:.3f} ms/update (round trip "
             f"{result[count]['round_trip_ms']['median']:.2f} ms); GrowthBook {gb['median']:.3f} ms")
    return result


# ---------------------------------------------------------------------------------------------
# 7. Build time


def measure_build_time(rules: Path, settings: Settings, tmp: Path) -> dict:
    """Wall clock of `build.py build RULES -o DIR` (a new process each time, as a marketer runs
    it), after a build of the same rules warmed the caches. --quick times `build()` in-process
    at the quick brotli quality instead (the CLI's brotli 11 cache may be cold)."""
    times = []
    for i in range(settings.build_runs):
        out = tmp / f"build-time-{i}"
        started = time.perf_counter()
        if settings.quick:
            build_bundle([rules], out, settings.other_quality)
        else:
            command = [sys.executable, str(ROOT / "build.py"), "build", str(rules), "-o", str(out)]
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                return {"error": done.stderr.strip()[-2000:]}
        times.append(time.perf_counter() - started)
        shutil.rmtree(out, ignore_errors=True)
    return {"seconds": stats(times), "rules": 1000,
            "how": f"build() in-process, brotli {settings.other_quality}" if settings.quick
            else "build.py build (brotli 11)"}


# ---------------------------------------------------------------------------------------------
# The table


@dataclass
class Row:
    section: str
    metric: str
    figure: str
    target: str = ""
    verdict: str = ""  # PASS, MISS, "" (information), ERROR


def _ms(s: dict | None, digits: int = 0) -> str:
    if not s or s.get("median") is None:
        return "n/a"
    return f"{s['median']:,.{digits}f} ms ({s['min']:,.{digits}f}-{s['max']:,.{digits}f})"


def _n(x: float) -> str:
    """A count's median: whole when it is (an even number of runs can give a half)."""
    return f"{x:.0f}" if float(x).is_integer() else f"{x:.1f}"


def _verdict(ok: bool | None) -> str:
    return "ERROR" if ok is None else ("PASS" if ok else "MISS")


def rows_for(results: dict) -> list[Row]:
    rows: list[Row] = []
    add = rows.append
    if "kernel" in results:
        k = results["kernel"]
        add(Row("bytes", "kernel raw / gzip / brotli", f"{k['raw']:,} / {k['gzip']:,} / {k['brotli']:,} B",
                f"brotli <= {TARGETS['kernel_brotli']:,} B",
                _verdict(k["brotli"] <= TARGETS["kernel_brotli"])))
        if k.get("lazy_name"):
            add(Row("bytes", "  lazy half (kairos-boot, at idle) raw / brotli",
                    f"{k['lazy_raw']:,} / {k['lazy_brotli']:,} B"))
    r = results.get("ready")
    if r and "kairos" in r:
        kb, sb = r["kairos"]["first_visit_bytes"]["median"], r["stock"]["first_visit_bytes"]["median"]
        note = "" if results.get("demo_quality", 11) == 11 else f" [brotli {results['demo_quality']}]"
        add(Row("bytes", f"first visit, bundle bytes (Kairos){note}",
                f"{kb:,.0f} B" if kb is not None else "n/a",
                f"<= stock core {sb:,.0f} B" if sb else "<= stock core",
                _verdict(None if kb is None or sb is None else kb <= sb)))
        rb = r["kairos"]["repeat_visit_bytes"]["median"]
        req = r["kairos"]["repeat_visit_requests"]["median"]
        nm = r["kairos"]["repeat_visit_304"]["median"]
        add(Row("bytes", "repeat visit, bundle bytes from network",
                f"{rb:,.0f} B ({req:.0f} requests, {nm:.0f} x 304)" if rb is not None else "n/a",
                f"< {TARGETS['repeat_visit_bytes']:,} B",
                _verdict(None if rb is None else rb < TARGETS["repeat_visit_bytes"])))
    m = results.get("main_thread")
    if m and "long_tasks" in m:
        lt = m["long_tasks"]
        add(Row("main thread", "long tasks > 50 ms, with / without Kairos",
                f"{_n(lt['on']['median'])} ({lt['on']['min']:.0f}-{lt['on']['max']:.0f}) / "
                f"{_n(lt['off']['median'])} ({lt['off']['min']:.0f}-{lt['off']['max']:.0f})"))
        kf = m["kairos_long_frames"]["on"]["max"]
        add(Row("main thread", "long tasks attributable (on - off; long tasks running our code)",
                f"{'+' if lt['attributable'] > 0 else ''}{_n(lt['attributable'])}; {kf:.0f}", "0",
                _verdict(lt["attributable"] <= 0 and kf == 0)))
        ks = m["kairos_script_max_ms"]["on"]
        add(Row("main thread", "  longest Kairos script run seen in a long frame (LoAF)",
                f"{ks['median']:.0f} ms ({ks['min']:.0f}-{ks['max']:.0f})"))
        tbt = m["tbt_ms"]
        add(Row("main thread", "total blocking time, with / without",
                f"{_ms(tbt['on'])} / {_ms(tbt['off'])}; attributable {tbt['attributable']:+.0f} ms"))
        hid = m["hidden_ms"]
        add(Row("main thread", "page hidden (html/body), attributable",
                f"{hid['attributable']:.0f} ms (on max {hid['on']['max']:.0f}, "
                f"off max {hid['off']['max']:.0f})",
                "0 ms", _verdict(hid["on"]["max"] <= hid["off"]["max"] and hid["attributable"] <= 0)))
    c = results.get("cls")
    if c and "on" in c:
        add(Row("layout", "CLS attributable (badge in slot + popup shown)",
                f"{c['attributable']:.4f} (on {c['on']['median']:.4f}, off {c['off']['median']:.4f}; "
                f"Kairos sources {c['kairos_sources']['max']:.4f})"
                + ("" if c["snippets_shown"] else "; snippets NOT all shown"),
                "0", _verdict(c["snippets_shown"] and c["attributable"] <= 0
                              and c["kairos_sources"]["max"] == 0)))
    if r and "kairos" in r:
        for kind, key in (("cold", "cold_ready_ms"), ("warm", "warm_ready_ms")):
            add(Row("ready", f"time to kairos:ready, {kind}", _ms(r["kairos"][key])))
            add(Row("ready", f"stock Pyodide ready, {kind}", _ms(r["stock"][key])))
            q, target = r[f"{kind}_ratio"], TARGETS[f"ready_{kind}_ratio"]
            per = r[f"{kind}_ratio_per_run"]
            add(Row("ready", f"ratio Kairos / stock, {kind}",
                    f"{q:.2f}x (per run {per['min']:.2f}-{per['max']:.2f})" if q else "n/a",
                    f"<= {target}x", _verdict(None if q is None else q <= target)))
        if "third_load_ready_ms" in r["kairos"]:
            add(Row("ready", "third load (Kairos / stock)",
                    f"{_ms(r['kairos']['third_load_ready_ms'])} / {_ms(r['stock']['third_load_ready_ms'])}"))
    ah = results.get("ahead")
    if ah and "ahead_ms" in ah:
        a, e = ah["ahead_ms"]["median"], ah["engine_ms"]["median"]
        add(Row("ahead", "page-load moment (3rd view's badge): decided ahead / by its engine",
                f"{_ms(ah['ahead_ms'])} / {_ms(ah['engine_ms'])} after navigation"
                + (f" ({e / a:.0f}x sooner)" if a and e else "")
                + ("" if ah["all_ahead"] and ah["all_kept"] else " [NOT ALWAYS AHEAD]")))
    lat = results.get("latency")
    if lat and "total_ms" in lat:
        t = lat["total_ms"]
        ok = None if t["p95"] is None else t["p95"] <= TARGETS["decision_p95_ms"] and not lat["missed"]
        missed = f", {lat['missed']} MISSED" if lat["missed"] else ""
        add(Row("latency", f"decision: crossing -> snippet in DOM ({lat['count']} triggers{missed})",
                f"p50 {t['median']:.1f} ms, p95 {t['p95']:.1f} ms" if t["median"] is not None else "n/a",
                f"p95 <= {TARGETS['decision_p95_ms']:.0f} ms", _verdict(ok)))
        add(Row("latency", "  of which: crossing -> kernel post / post -> reply (Python) / reply -> DOM",
                f"{lat['crossing_to_post_ms']['median']:.1f} / {lat['post_to_reply_ms']['median']:.1f} "
                f"({lat['engine_ms']['median']:.1f}) / {lat['reply_to_dom_ms']['median']:.1f} ms"
                if lat["engine_ms"]["median"] is not None else "n/a"))
        sa = lat["scroll_action_to_dom_ms"]
        if sa["median"] is not None:
            add(Row("latency", "  scroll: scrollTo() -> DOM (incl. the frame until the scroll event)",
                    f"p50 {sa['median']:.1f} ms, p95 {sa['p95']:.1f} ms"))
    e = results.get("engine")
    if e:
        for count in sorted(e, key=int):
            x = e[count]
            if "error" in x:
                add(Row("engine", f"{count} rules", f"error: {x['error']}", verdict="ERROR"))
                continue
            target, verdict = "", ""
            if int(count) == 1000:
                target = f"<= {TARGETS['engine_1000_ms']:.0f} ms"
                verdict = _verdict(x["engine_ms"]["median"] <= TARGETS["engine_1000_ms"])
            cp = x.get("cpython_engine_ms") or {}
            cp_note = f"; CPython {cp['median']:.3f} ms" if cp.get("median") is not None else ""
            add(Row("engine", f"per update, {count} rules (Pyodide, in the worker)",
                    f"{x['engine_ms']['median']:.3f} ms (p95 {x['engine_ms']['p95']:.3f}){cp_note}",
                    target, verdict))
            gb_note = "" if not x["match_mismatches"] else " MATCH COUNTS DIFFER"
            q = x["ratio_vs_growthbook"]
            add(Row("engine", f"  GrowthBook, same updates, {count} features",
                    f"{x['growthbook_ms']['median']:.3f} ms; Kairos/GB "
                    + (f"{q:.1f}x" if q is not None else "n/a") + gb_note))
    b = results.get("build")
    if b:
        add(Row("build", f"1,000 rules, warm caches ({b.get('how', '?')})",
                "error" if "error" in b else f"{b['seconds']['median']:.2f} s "
                f"({b['seconds']['min']:.2f}-{b['seconds']['max']:.2f})",
                verdict="ERROR" if "error" in b else ""))
    for name, message in results.get("errors", {}).items():
        add(Row(name, "measurement failed", message[:100], verdict="ERROR"))
    return rows


def print_table(rows: list[Row], settings: Settings, seconds: float, load: tuple) -> None:
    widths = [max(len(getattr(r, f)) for r in rows) for f in ("section", "metric", "figure", "target")]
    widths = [max(w, len(h)) for w, h in zip(widths, ("section", "metric", "figure", "target"), strict=True)]
    line = "  ".join(f"{{:<{w}}}" for w in widths) + "  {}"
    print(f"\nKairos runtime benchmark ({'quick, ' if settings.quick else ''}{settings.runs} runs; "
          f"{seconds:.0f} s; medians with min-max; load average {load[0]:.1f} at start, "
          f"{os.getloadavg()[0]:.1f} at end on {os.cpu_count()} CPUs)\n")
    print(line.format("section", "metric", "figure", "target", "verdict"))
    print(line.format(*("-" * w for w in widths), "-------"))
    for r in rows:
        print(line.format(r.section, r.metric, r.figure, r.target, r.verdict))
    verdicts = [r.verdict for r in rows if r.verdict]
    counts = {v: verdicts.count(v) for v in ("PASS", "MISS", "ERROR")}
    print(f"\n{counts['PASS']} PASS, {counts['MISS']} MISS, {counts['ERROR']} ERROR\n")


# ---------------------------------------------------------------------------------------------
# main


def run(settings: Settings, tmp: Path, only: set[str]) -> dict:
    from playwright.sync_api import sync_playwright

    results: dict = {"errors": {}, "build_seconds": {}}

    def attempt(name: str, fn: Callable[[], object]) -> None:
        try:
            results[name] = fn()
        except Exception as error:  # one failed measurement must not lose the others
            results["errors"][name] = f"{type(error).__name__}: {error}"
            _say(f"{name} failed: {type(error).__name__}: {error}")

    site = make_site(tmp)
    _say("building bundles: demo, scenario (CLS + latency rules), 10 / 100 / 1,000 engine rules "
         "(a few seconds each when the build caches are warm; minutes when they are cold)")
    demo = tmp / "demo"
    manifest, results["build_seconds"]["demo"] = build_bundle(
        [ROOT / "demo_site" / "rules"], demo, settings.demo_quality)
    results["kernel"] = kernel_bytes(manifest, demo)
    results["demo_quality"] = settings.demo_quality
    results["demo_manifest_totals"] = manifest.get("totals")
    results["demo_files"] = [{k: e[k] for k in ("name", "size", "brotli")} for e in manifest["files"]]
    stock_dir = add_stock_pyodide(demo, settings.demo_quality)
    scenario = tmp / "scenario"
    if only & {"cls", "latency"}:
        _, results["build_seconds"]["scenario"] = build_bundle(
            [BENCH_DIR / "cls.yaml", BENCH_DIR / "latency.yaml"], scenario, settings.other_quality)
    engine_root = tmp / "engine"
    engine_bundles = {}
    for count in settings.rule_counts if only & {"engine", "build"} else ():
        if count != 1000 and "engine" not in only:
            continue
        rules_path, features = write_engine_rules(tmp, count)
        # The 1,000-rule bundle is built as `build.py build` builds it, so the build-time figure
        # below runs with warm caches; the others at the fast quality (their bytes don't matter).
        quality = 11 if count == 1000 and not settings.quick else settings.other_quality
        m, secs = build_bundle([rules_path], engine_root / f"r{count}", quality)
        results["build_seconds"][f"engine_{count}"] = secs
        engine_bundles[count] = (rules_path, m, features)
    _say("bundles built: " + ", ".join(f"{k} {v:.0f}s" for k, v in results["build_seconds"].items()))

    with sync_playwright() as pw:
        browser = launch(pw)
        results["chromium"] = browser.version
        with serving(site, demo) as server:
            if "ready" in only:
                attempt("ready", lambda: measure_ready_and_bytes(pw, server, stock_dir, settings))
            if "main" in only:
                attempt("main_thread", lambda: measure_main_thread(browser, server, settings))
            if "ahead" in only:
                attempt("ahead", lambda: measure_ahead(pw, server, settings))
        if only & {"cls", "latency"}:
            with serving(site, scenario) as server:
                if "cls" in only:
                    attempt("cls", lambda: measure_cls(browser, server, settings))
                if "latency" in only:
                    attempt("latency", lambda: measure_latency(pw, server, settings))
        if "engine" in only:
            with serving(site, engine_root, isolated=True) as server:
                attempt("engine", lambda: measure_engine(browser, server, engine_bundles, settings))
        browser.close()
    if "build" in only and 1000 in engine_bundles:
        attempt("build", lambda: measure_build_time(engine_bundles[1000][0], settings, tmp))
    return results


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


PARTS = ("ready", "main", "ahead", "cls", "latency", "engine", "build")


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="bench_runtime.py", description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=None, help="runs per figure (default 5; 2 with --quick)")
    ap.add_argument("--out", default=str(DEFAULT_OUT),
                    help="JSON results (default bench-results/runtime.json)")
    ap.add_argument("--quick", action="store_true", help="fewer runs and triggers: a smoke test")
    ap.add_argument("--only", default=",".join(PARTS), metavar="PARTS",
                    help=f"comma-separated subset of {','.join(PARTS)} (default: all)")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.runs is not None and args.runs < 1:
        print("error: --runs must be at least 1", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"error: no Chromium at {CHROMIUM}; install Debian's chromium or set KAIROS_CHROMIUM",
              file=sys.stderr)
        return 2
    settings = Settings.from_args(args)
    only = {part.strip() for part in args.only.split(",") if part.strip()}
    if not only or only - set(PARTS):
        print(f"error: --only takes a comma-separated subset of {','.join(PARTS)}", file=sys.stderr)
        return 2
    started, load = time.perf_counter(), os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="kairos-bench-") as tmp:
        results = run(settings, Path(tmp), only)
    seconds = time.perf_counter() - started
    rows = rows_for(results)
    print_table(rows, settings, seconds, load)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    document = {"settings": asdict(settings), "targets": TARGETS, "seconds": seconds,
                "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                            "platform": platform.platform(), "load_average_start": load,
                            "load_average_end": os.getloadavg()},
                "commit": _git("rev-parse", "HEAD"), "dirty": bool(_git("status", "--porcelain",
                                                                         "runtime", "compiler")),
                "table": [asdict(r) for r in rows], "results": results}
    out.write_text(json.dumps(document, indent=1, sort_keys=True, default=str) + "\n")
    print(f"results: {out}")
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
