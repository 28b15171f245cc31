"""Decision latency: pages/latency.html + latency.yaml, per page view (warm profile) one cart
trigger (click -> corner card) and 24 scroll thresholds (scrollTo past N % -> snippet in slot
bench-N). Measured in the page from the moment the crossing is observable (the click; the
scroll event's dispatch, recorded before the kernel's own listener runs) to a
MutationObserver seeing the rule's `[data-kairos-host]`; scrollTo() -> DOM is shown too, and
a breakdown (kernel post, engine reply and its engine_ms, insertion).
"""

from __future__ import annotations

from ..harness.browser import first_page, frames, fresh_profile, wait_ready
from ..harness.profiles import PROFILES
from ..harness.settings import TARGETS, Settings, say
from ..harness.stats import stats
from ..table import Row, verdict

PART = "latency"
KEY = "latency"
SERVER = "scenario"


def measure(run) -> dict:
    return measure_latency(run.pw, run.server, run.settings)


# Under the mobile profile the CPU is slowed 4x (in the page and, as Chromium applies it, its
# worker); the network is not throttled here: latency is about the main thread and the engine.


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
    profile = PROFILES[settings.profile]
    with fresh_profile(pw, profile.context_options()) as context:
        page = first_page(context)
        cdp = profile.throttle(context, page, network=False)  # noqa: F841 (lives with the page)
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
            say(f"latency view {view + 1}/{settings.latency_views}: median "
                 + (f"{med:.1f} ms" if med is not None else "n/a")
                 + f" over {len(got)} triggers, {views[-1]['missed']} missed")

    def part(fn) -> dict:
        return stats([fn(t) for t in triggers])

    done = [t for t in triggers if t["total_ms"] is not None]
    return {
        "profile": profile.name, "views": views, "triggers": triggers, "count": len(done),
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


def rows(results: dict) -> list[Row]:
    """Crossing -> snippet in the DOM, with its breakdown."""
    rows: list[Row] = []
    add = rows.append
    lat = results.get("latency")
    if lat and "total_ms" in lat:
        t = lat["total_ms"]
        ok = None if t["p95"] is None else t["p95"] <= TARGETS["decision_p95_ms"] and not lat["missed"]
        missed = f", {lat['missed']} MISSED" if lat["missed"] else ""
        where = "" if lat.get("profile", "desktop") == "desktop" else f", {lat['profile']}"
        add(Row("latency", f"decision: crossing -> snippet in DOM ({lat['count']} triggers{missed}{where})",
                f"p50 {t['median']:.1f} ms, p95 {t['p95']:.1f} ms" if t["median"] is not None else "n/a",
                f"p95 <= {TARGETS['decision_p95_ms']:.0f} ms", verdict(ok)))
        add(Row("latency", "  of which: crossing -> kernel post / post -> reply (Python) / reply -> DOM",
                f"{lat['crossing_to_post_ms']['median']:.1f} / {lat['post_to_reply_ms']['median']:.1f} "
                f"({lat['engine_ms']['median']:.1f}) / {lat['reply_to_dom_ms']['median']:.1f} ms"
                if lat["engine_ms"]["median"] is not None else "n/a"))
        sa = lat["scroll_action_to_dom_ms"]
        if sa["median"] is not None:
            add(Row("latency", "  scroll: scrollTo() -> DOM (incl. the frame until the scroll event)",
                    f"p50 {sa['median']:.1f} ms, p95 {sa['p95']:.1f} ms"))
    return rows
