"""Main thread: long tasks, total blocking time and page hiding, with and without Kairos.

Long tasks (PerformanceObserver `longtask`, buffered, from an init script) and total blocking
time (sum of duration - 50 ms) from navigation to the end of a scripted browse (load, engine
boot, wheel-scroll the page, click "Add to cart", wait until the engine answered), with Kairos
and with `?kairos=off`, alternating, fresh incognito context each; attributable =
median(on) - median(off), plus the long tasks in which one of our `/kairos/` scripts ran
(a long animation frame's script entry that starts inside the task: harness/browser.py's
our_long_tasks). Hiding: <html> / <body> computed opacity 0 / visibility hidden
/ display none, sampled every frame.
"""

from __future__ import annotations

from ..harness.browser import (
    COLLECT_JS,
    PRODUCT_PAGE,
    SETTLED_JS,
    TIMEOUT_MS,
    frames,
    incognito,
    our_long_tasks,
    ours,
    wait_ready,
)
from ..harness.settings import Settings, say
from ..harness.stats import stats
from ..table import Row, count, ms, verdict

PART = "main"
KEY = "main_thread"
SERVER = "demo"


def measure(run) -> dict:
    return measure_main_thread(run.browser, run.server, run.settings)


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
    mine = [x for f in data["loafs"] for x in f["scripts"] if ours(x)]
    return {"long_tasks": len(long_tasks), "tbt_ms": sum(max(0.0, d - 50) for d in long_tasks),
            "longest_ms": max(long_tasks, default=0.0), "kairos_long_tasks": len(our_long_tasks(data)),
            "kairos_script_max_ms": max((x["duration"] for x in mine), default=0.0),
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
        say(f"main thread run {run + 1}/{settings.runs}: long tasks on {on['long_tasks']} "
             f"(TBT {on['tbt_ms']:.0f} ms) off {off['long_tasks']} (TBT {off['tbt_ms']:.0f} ms)")

    def col(mode: str, key: str) -> dict:
        return stats([s[key] for s in samples[mode]])

    result = {"samples": samples}
    for key in ("long_tasks", "tbt_ms", "longest_ms", "kairos_long_tasks", "kairos_script_max_ms",
                "hidden_ms", "window_ms"):
        result[key] = {"on": col("on", key), "off": col("off", key)}
        result[key]["attributable"] = result[key]["on"]["median"] - result[key]["off"]["median"]
    result["html_body_changes_on"] = samples["on"][0]["html_body_changes"] if samples["on"] else []
    return result


def rows(results: dict) -> list[Row]:
    """Long tasks, TBT and hiding, attributable to Kairos."""
    rows: list[Row] = []
    add = rows.append
    m = results.get("main_thread")
    if m and "long_tasks" in m:
        lt = m["long_tasks"]
        add(Row("main thread", "long tasks > 50 ms, with / without Kairos",
                f"{count(lt['on']['median'])} ({lt['on']['min']:.0f}-{lt['on']['max']:.0f}) / "
                f"{count(lt['off']['median'])} ({lt['off']['min']:.0f}-{lt['off']['max']:.0f})"))
        kf = m["kairos_long_tasks"]["on"]["max"]
        add(Row("main thread", "long tasks attributable (on - off; long tasks running our code)",
                f"{'+' if lt['attributable'] > 0 else ''}{count(lt['attributable'])}; {kf:.0f}", "0",
                verdict(lt["attributable"] <= 0 and kf == 0)))
        ks = m["kairos_script_max_ms"]["on"]
        add(Row("main thread", "  longest Kairos script run seen in a long frame (LoAF)",
                f"{ks['median']:.0f} ms ({ks['min']:.0f}-{ks['max']:.0f})"))
        tbt = m["tbt_ms"]
        add(Row("main thread", "total blocking time, with / without",
                f"{ms(tbt['on'])} / {ms(tbt['off'])}; attributable {tbt['attributable']:+.0f} ms"))
        hid = m["hidden_ms"]
        add(Row("main thread", "page hidden (html/body), attributable",
                f"{hid['attributable']:.0f} ms (on max {hid['on']['max']:.0f}, "
                f"off max {hid['off']['max']:.0f})",
                "0 ms", verdict(hid["on"]["max"] <= hid["off"]["max"] and hid["attributable"] <= 0)))
    return rows
