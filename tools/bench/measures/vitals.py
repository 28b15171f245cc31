"""The store's own Web Vitals with and without Kairos, under the run's device profile.

A fresh incognito context per session, in the profile's device (mobile: 4x CPU, Slow 4G, touch;
harness/profiles.py), the product page with Kairos and with `?kairos=off`, alternating. In
the page (pages/vitals.js over web-vitals' attribution build, pinned in package.json): LCP,
CLS, INP over every interaction, and when each image below the fold finished loading; from the
probe: total blocking time and the long tasks in which our scripts ran. One scripted session:

    load -> tap the quantity field, type a digit, tap "Add to cart" -> scroll down to the bottom
    (the lazy images load) -> scroll back up -> [Kairos: wait for kairos:ready, whose download
    runs meanwhile] -> tap the field, type, tap "Add to cart" again -> collect

Targets (p75 over the runs): LCP and image-complete with Kairos <= 1.02x without, INP at most
8 ms worse, CLS no worse, no long task running our code. Image-complete counts from navigation,
so it also moves with the pace of the scripted scroll (the main thread's); the images' own
request-to-last-byte span is shown beside it: the network's part alone.
"""

from __future__ import annotations

from compiler.paths import NODE_MODULES

from ..harness.browser import (
    COLLECT_JS,
    PRODUCT_PAGE,
    READY_JS,
    SETTLED_JS,
    TIMEOUT_MS,
    frames,
    our_long_tasks,
    ours,
)
from ..harness.inputs import PAGES
from ..harness.profiles import PROFILES
from ..harness.settings import Settings, say
from ..harness.stats import percentile, stats
from ..table import Row, verdict

PART = "vitals"
KEY = "vitals"
SERVER = "demo"

WEB_VITALS = NODE_MODULES / "web-vitals" / "dist" / "web-vitals.attribution.iife.js"
FIELD, BUTTON = "#qty", "[data-add-to-cart]"  # the product page's quantity field and buy button
TARGETS = {"lcp_ratio": 1.02, "image_ratio": 1.02, "inp_delta_ms": 8.0}
IMAGES_DONE_JS = """() => { const V = window.__vitals;
  return V.below !== null && V.below.every(src => src in V.loads); }"""
READ_JS = """() => { const V = window.__vitals;
  const done = V.below.map(src => V.loads[src]);
  const timing = V.below.map(src => performance.getEntriesByName(src)[0]).filter(Boolean);
  return {lcp: V.lcp, lcp_target: V.lcpTarget, cls: V.cls, inp: V.inp, inp_target: V.inpTarget,
          inp_parts: V.inpParts, lcp_parts: V.lcpParts,
          below: V.below.length, image_complete: done.length ? Math.max(...done) : null,
          image_fetch: timing.length ? Math.max(...timing.map(t => t.responseEnd))
                                       - Math.min(...timing.map(t => t.startTime)) : null}; }"""


def measure(run) -> dict:
    return measure_vitals(run.browser, run.server, run.settings)


def _tap(page, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def _interact(page, digit: str) -> None:
    """Tap the quantity field, type a digit, tap the buy button; each painted before the next."""
    page.locator(FIELD).scroll_into_view_if_needed()
    _tap(page, FIELD)
    page.keyboard.press("Backspace")
    page.keyboard.type(digit)
    frames(page)
    _tap(page, BUTTON)
    frames(page)


def _scroll(page, down: bool) -> None:
    """Scroll to the bottom or the top half a screen at a time, each step painted. (Wheel
    input: headless Chromium ignores CDP's synthesized touch scroll gestures.)"""
    step = page.viewport_size["height"] * 0.5 * (1 if down else -1)
    for _ in range(80):
        if page.evaluate("() => scrollY + innerHeight >= document.documentElement.scrollHeight - 2"
                         if down else "() => scrollY <= 0"):
            break
        page.mouse.wheel(0, step)
        frames(page)


def session(browser, server, profile, kairos: bool, hold_ms: float | None) -> dict:
    """One scripted visit; returns the page's vitals, TBT and our long tasks. Without Kairos
    the page waits as long as the last visit with Kairos waited for its engine (`hold_ms`, page
    time), so that both count long tasks over the same stretch."""
    context = browser.new_context(**profile.context_options())
    try:
        context.add_init_script(path=str(PAGES / "probe.js"))
        # The IIFE declares `var webVitals`; an init script is not a global scope: export it.
        context.add_init_script(WEB_VITALS.read_text(encoding="utf-8") + "\nwindow.webVitals = webVitals;\n")
        context.add_init_script(path=str(PAGES / "vitals.js"))
        page = context.new_page()
        cdp = profile.throttle(context, page)  # noqa: F841 (throttles while it lives)
        page.goto(server.url + PRODUCT_PAGE + ("" if kairos else "?kairos=off"), wait_until="load",
                  timeout=TIMEOUT_MS)
        _interact(page, "2")
        _scroll(page, down=True)
        page.wait_for_function(IMAGES_DONE_JS, timeout=TIMEOUT_MS)
        _scroll(page, down=False)
        ready = None
        if kairos:  # the engine's download has been running meanwhile; now it is done
            page.wait_for_function(READY_JS, timeout=TIMEOUT_MS * 2, polling=250)
            ready = page.evaluate("() => (window.__bench.events.find(e => e.name === 'ready') || {}).t")
        elif hold_ms:
            page.wait_for_function(f"() => performance.now() >= {hold_ms}", timeout=TIMEOUT_MS * 2,
                                   polling=250)
        _interact(page, "3")
        if kairos:
            page.wait_for_function(SETTLED_JS, timeout=TIMEOUT_MS)
        frames(page)
        vitals = page.evaluate(READ_JS)
        probe = page.evaluate(COLLECT_JS)
    finally:
        context.close()
    long_tasks = [t["duration"] for t in probe["longtasks"]]
    frames_ours = [f for f in probe["loafs"] if f["blocking"] > 0 and any(ours(s) for s in f["scripts"])]
    errors = [e for e in probe["events"] if e["name"] == "error"]
    init = next((p["t"] for p in probe["posts"] if p["type"] == "init"), None)
    return {**vitals, "tbt_ms": sum(max(0.0, d - 50) for d in long_tasks), "long_tasks": len(long_tasks),
            "kairos_long_tasks": len(our_long_tasks(probe)), "kairos_long_frames": len(frames_ours),
            "ready_ms": ready, "engine_start_ms": init,
            "long_task_list": [(round(t["start"]), round(t["duration"])) for t in probe["longtasks"]],
            "our_frames": [{"start": round(f["start"]), "blocking": round(f["blocking"]),
                            "scripts": [(s["url"].rsplit("/", 1)[-1], s["invoker"], round(s["duration"]))
                                        for s in f["scripts"]]} for f in frames_ours],
            "errors": [e.get("message") or e.get("kind") for e in errors]}


def measure_vitals(browser, server, settings: Settings) -> dict:
    profile = PROFILES[settings.profile]
    if not WEB_VITALS.exists():
        raise RuntimeError(f"web-vitals not found at {WEB_VITALS}; run `npm ci`")
    samples: dict[str, list[dict]] = {"on": [], "off": []}
    for run in range(settings.runs):
        for mode in (("on", "off") if run % 2 == 0 else ("off", "on")):
            hold = next((s["ready_ms"] for s in reversed(samples["on"]) if s["ready_ms"]), None)
            samples[mode].append(session(browser, server, profile, mode == "on", hold))
        on, off = samples["on"][-1], samples["off"][-1]
        say(f"vitals run {run + 1}/{settings.runs} ({profile.name}): LCP {on['lcp']:.0f} / "
            f"{off['lcp']:.0f} ms, "
            f"images {on['image_complete']:.0f} / {off['image_complete']:.0f} ms, INP {on['inp']} / "
            f"{off['inp']} ms, TBT {on['tbt_ms']:.0f} / {off['tbt_ms']:.0f} ms, ready {on['ready_ms']}")
    result: dict = {"profile": profile.name, "samples": samples}
    for key in ("lcp", "image_complete", "image_fetch", "inp", "cls", "tbt_ms", "long_tasks",
                "kairos_long_tasks", "kairos_long_frames", "ready_ms"):
        result[key] = {mode: {**stats([s[key] for s in samples[mode]]),
                              "p75": percentile([s[key] for s in samples[mode]], 75)}
                       for mode in ("on", "off")}
    return result


def _p75(result: dict, key: str, mode: str) -> float | None:
    return result[key][mode]["p75"]


def rows(results: dict) -> list[Row]:
    """The store's vitals with / without Kairos: p75 of each, and the ratio or difference."""
    v = results.get("vitals")
    if not v or "lcp" not in v:
        return []
    rows: list[Row] = []
    add = rows.append
    name = v["profile"]
    for key, label, target in (("lcp", "LCP", "lcp_ratio"), ("image_complete", "below-the-fold images done",
                                                               "image_ratio")):
        on, off = _p75(v, key, "on"), _p75(v, key, "off")
        q = on / off if on and off else None
        add(Row("vitals", f"{label} ({name}), p75 with / without Kairos",
                f"{on:,.0f} / {off:,.0f} ms ({q:.3f}x)" if q else "n/a",
                f"<= {TARGETS[target]}x", verdict(None if q is None else q <= TARGETS[target])))
    on, off = _p75(v, "image_fetch", "on"), _p75(v, "image_fetch", "off")
    if on and off:  # the network's part alone: the scripted scroll's pace is the main thread's
        add(Row("vitals", f"  of which: first request -> last byte of those images ({name})",
                f"{on:,.0f} / {off:,.0f} ms ({on / off:.3f}x)"))
    on, off = _p75(v, "inp", "on"), _p75(v, "inp", "off")
    ok = None if on is None or off is None else on - off <= TARGETS["inp_delta_ms"]
    add(Row("vitals", f"INP ({name}, taps and typing), p75 with / without",
            f"{on:.0f} / {off:.0f} ms ({on - off:+.0f} ms)" if ok is not None else "n/a",
            f"<= +{TARGETS['inp_delta_ms']:.0f} ms", verdict(ok)))
    on, off = _p75(v, "cls", "on"), _p75(v, "cls", "off")
    add(Row("vitals", f"CLS ({name}), p75 with / without", f"{on:.4f} / {off:.4f}", "no worse",
            verdict(on <= off + 1e-6)))
    tbt, mine = v["tbt_ms"], v["kairos_long_tasks"]["on"]["max"]
    add(Row("vitals", f"TBT ({name}), median with / without; long tasks running our code",
            f"{tbt['on']['median']:,.0f} / {tbt['off']['median']:,.0f} ms; {mine:.0f}", "0 of ours",
            verdict(mine == 0)))
    frames_ours = v["kairos_long_frames"]["on"]["max"]
    add(Row("vitals", f"  long frames our scripts (>= 5 ms) ran in ({name}; the store's long tasks "
            "may share them)", f"{frames_ours:.0f}"))
    ready = v["ready_ms"]["on"]
    if ready["median"] is not None:
        add(Row("vitals", f"  kairos:ready ({name}), after navigation",
                f"{ready['median']:,.0f} ms ({ready['min']:,.0f}-{ready['max']:,.0f})"))
    return rows
