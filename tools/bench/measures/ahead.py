"""Page-load moments decided ahead: the demo's trust badge on the third view of a product (same
session, warm profile): `kairos:decision` time (the badge drawn; its exposure follows once it has
been seen for a second) after navigation when the second view's engine
decided it ahead, and when the kept decision is deleted first so the third view's engine
decides it; alternating, a fresh profile per sample.
"""

from __future__ import annotations

import json

from ..harness.browser import PRODUCT_PAGE, first_page, fresh_profile, wait_event, wait_ready
from ..harness.settings import Settings, say
from ..harness.stats import stats
from ..table import Row, ms

PART = "ahead"
KEY = "ahead"
SERVER = "demo"


def measure(run) -> dict:
    return measure_ahead(run.pw, run.server, run.settings)


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
                shown = wait_event(page, "decision", TRUST_RULE)
                detail = page.evaluate(
                    f"() => window.__bench.events.find(e => e.name === 'decision' && "
                    f"e.detail.rule === {json.dumps(TRUST_RULE)}) || null")
                samples[mode].append({"kept": kept, "shown": shown,
                                      "ms": detail["t"] if detail else None,
                                      "ahead": bool(detail and detail["detail"].get("ahead"))})
        say(f"ahead run {run + 1}/{settings.runs}: ahead {samples['ahead'][-1]['ms']} ms, "
             f"engine {samples['engine'][-1]['ms']} ms")
    return {"samples": samples,
            "ahead_ms": stats([s["ms"] for s in samples["ahead"] if s["ahead"]]),
            "engine_ms": stats([s["ms"] for s in samples["engine"] if not s["ahead"]]),
            "all_kept": all(s["kept"] for s in samples["ahead"] + samples["engine"]),
            "all_ahead": all(s["ahead"] for s in samples["ahead"])}


def rows(results: dict) -> list[Row]:
    """Time to the third view's badge, ahead and not."""
    rows: list[Row] = []
    add = rows.append
    ah = results.get("ahead")
    if ah and "ahead_ms" in ah:
        a, e = ah["ahead_ms"]["median"], ah["engine_ms"]["median"]
        add(Row("ahead", "page-load moment (3rd view's badge): decided ahead / by its engine",
                f"{ms(ah['ahead_ms'])} / {ms(ah['engine_ms'])} after navigation"
                + (f" ({e / a:.0f}x sooner)" if a and e else "")
                + ("" if ah["all_ahead"] and ah["all_kept"] else " [NOT ALWAYS AHEAD]")))
    return rows
