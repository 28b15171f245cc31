"""CLS from Kairos's snippets: layout shifts without recent input, session windows (1 s gap,
5 s cap), on a product page with pages/cls.yaml: the trust badge goes into its slot when the
engine is ready, the review popup (modal) opens at 50 % scroll. With and without Kairos;
attributable = on - off, and the shifts whose sources are Kairos nodes.
"""

from __future__ import annotations

from ..harness.browser import COLLECT_JS, PRODUCT_PAGE, frames, incognito, wait_event, wait_ready
from ..harness.settings import Settings, say
from ..harness.stats import stats
from ..table import Row, verdict

PART = "cls"
KEY = "cls"
SERVER = "scenario"


def measure(run) -> dict:
    return measure_cls(run.browser, run.server, run.settings)


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
        say(f"CLS run {run + 1}/{settings.cls_runs}: on {samples['on'][-1]['cls']:.4f} "
             f"off {samples['off'][-1]['cls']:.4f} shown {samples['on'][-1]['shown']}")
    on = stats([s["cls"] for s in samples["on"]])
    off = stats([s["cls"] for s in samples["off"]])
    return {"samples": samples, "on": on, "off": off,
            "attributable": on["median"] - off["median"],
            "kairos_sources": stats([s["kairos_shift"] for s in samples["on"]]),
            "snippets_shown": all(all(s["shown"].values()) and len(s["shown"]) == 2 for s in samples["on"])}


def rows(results: dict) -> list[Row]:
    """CLS attributable to Kairos's snippets."""
    rows: list[Row] = []
    add = rows.append
    c = results.get("cls")
    if c and "on" in c:
        add(Row("layout", "CLS attributable (badge in slot + popup shown)",
                f"{c['attributable']:.4f} (on {c['on']['median']:.4f}, off {c['off']['median']:.4f}; "
                f"Kairos sources {c['kairos_sources']['max']:.4f})"
                + ("" if c["snippets_shown"] else "; snippets NOT all shown"),
                "0", verdict(c["snippets_shown"] and c["attributable"] <= 0
                              and c["kairos_sources"]["max"] == 0)))
    return rows
