"""Chromium for the benchmark: launch, fresh and incognito profiles with the probe installed,
and the waits on Kairos's own lifecycle events (never a sleep)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator

from .inputs import PAGES

PROBE = PAGES / "probe.js"
CHROMIUM = os.environ.get("KAIROS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
VIEWPORT = {"width": 1280, "height": 720}
PRODUCT_PAGE = "/products/trailhead-2p-tent.html"
TIMEOUT_MS = 90_000  # a cold Pyodide boot on a busy 2-core machine can take 10 s; never hang

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


def launch(pw):
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@contextlib.contextmanager
def fresh_profile(pw, device: dict | None = None) -> Iterator:
    """A persistent context in a new, empty profile directory (its HTTP cache persists);
    `device`: a Profile's context options (default: the desktop viewport)."""
    folder = tempfile.mkdtemp(prefix="kairos-bench-profile-")
    context = pw.chromium.launch_persistent_context(
        folder, executable_path=CHROMIUM, args=CHROMIUM_ARGS, **(device or {"viewport": VIEWPORT}))
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


def ours(script: dict) -> bool:
    """A LoAF script entry (>= 5 ms) of the bundle's: the kernel, its chunks, the lazy half."""
    return "/kairos/" in (script["url"] or "")


def our_long_tasks(probe: dict) -> list[dict]:
    """The long tasks (> 50 ms) in which one of our scripts ran: the blocking time that is ours.
    Not "long frames with our scripts": on a slow link the frame before the first paint spans
    the whole load (900 ms on Slow 4G), so the kernel's short task and the store's own long
    one share a frame whose blocking is all the store's. A long task is one task; a script
    entry that starts inside it ran in it."""
    scripts = [s for frame in probe["loafs"] for s in frame["scripts"] if ours(s)]
    return [t for t in probe["longtasks"]
            if any(t["start"] <= s["start"] < t["start"] + t["duration"] for s in scripts)]
