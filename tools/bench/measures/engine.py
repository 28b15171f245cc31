"""Engine cost per update, and GrowthBook on the same updates.

Generated rule files of 10 / 100 / 1,000 rules (page.dwell, page.scroll, cart.count,
product.price, visits.product(within=7d)); pages/engine.html starts the bundle's own worker
(restored from its snapshot, as the kernel does) and sends updates that each change one
signal; `engine_ms` of each reply is Python's time for that update (the overlay is already
occupied, so it is evaluation, not rendering). That page is cross-origin isolated (COOP/COEP
added by the bench's server), so timers have 5 us resolution, not 100 us. GrowthBook (npm
@growthbook/growthbook, pinned) gets the same updates in the same page: setAttributes, then
evalFeature for one feature per rule with the equivalent condition. Match counts are checked
against the generated conditions in CPython, which also times the same engine code as a
reference.
"""

from __future__ import annotations

import json
import random
import sys
import types
from pathlib import Path

from compiler.api import compile_rules, snippet_catalog
from compiler.paths import ENGINE_DIR

from ..harness.browser import PRODUCT_PAGE, TIMEOUT_MS, incognito
from ..harness.inputs import bundle_file, py_dir
from ..harness.settings import TARGETS, Settings, say
from ..harness.stats import ratio, stats
from ..table import Row, verdict

PART = "engine"
KEY = "engine"
SERVER = "engine"


def measure(run) -> dict:
    return measure_engine(run.browser, run.server, run.engine_bundles, run.settings)


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


def _show(snippet, i: int) -> str:
    """A `show:` for the snippet: an overlay where it has one (corner and toast alternating)."""
    preferred = (("corner", "toast")[i % 2], "corner", "toast", "modal")
    overlays = [p for p in preferred if p in snippet.placements]
    where = f"placement: {overlays[0]}" if overlays else "slot: bench"
    return f"{{ snippet: {snippet.name}, {where} }}"


def write_engine_rules(folder: Path, count: int, seed: int = 7) -> tuple[Path, dict]:
    """A rules file of `count` rules, showing every snippet of the catalog in turn (what a store
    ships grows with them: measures/growth.py), and the equivalent GrowthBook features."""
    rng = random.Random(seed)
    snippets = [snippet for _, snippet in sorted(snippet_catalog().snippets.items())]
    lines = [f"# {count} generated rules for tools/bench (engine cost per update).",
             "rules:"]
    features = {}
    for i in range(count):
        when, condition = _rule_kind(i % 5, rng)
        lines += [f"  - id: bench-{i:04d}", f"    when: {when}",
                  f"    show: {_show(snippets[i % len(snippets)], i)}",
                  f"    priority: {rng.randint(0, 50)}"]
        features[f"bench-{i:04d}"] = {"defaultValue": False,
                                      "rules": [{"condition": condition, "force": True}]}
    path = folder / f"engine_{count}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path, features


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
    engine_dir = str(ENGINE_DIR)
    if engine_dir not in sys.path:
        sys.path.insert(0, engine_dir)
    module = types.ModuleType("kairos_rules_bench")
    exec(compile(compile_rules([str(rules)]).module_source, str(rules), "exec"), module.__dict__)
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
        say(f"engine {count} rules: {engine['median']:.3f} ms/update (round trip "
             f"{result[count]['round_trip_ms']['median']:.2f} ms); GrowthBook {gb['median']:.3f} ms")
    return result


def rows(results: dict) -> list[Row]:
    """Python's time per update at 10 / 100 / 1,000 rules, and GrowthBook's."""
    rows: list[Row] = []
    add = rows.append
    e = results.get("engine")
    if e:
        for count in sorted(e, key=int):
            x = e[count]
            if "error" in x:
                add(Row("engine", f"{count} rules", f"error: {x['error']}", verdict="ERROR"))
                continue
            target, mark = "", ""
            if int(count) == 1000:
                target = f"<= {TARGETS['engine_1000_ms']:.0f} ms"
                mark = verdict(x["engine_ms"]["median"] <= TARGETS["engine_1000_ms"])
            cp = x.get("cpython_engine_ms") or {}
            cp_note = f"; CPython {cp['median']:.3f} ms" if cp.get("median") is not None else ""
            add(Row("engine", f"per update, {count} rules (Pyodide, in the worker)",
                    f"{x['engine_ms']['median']:.3f} ms (p95 {x['engine_ms']['p95']:.3f}){cp_note}",
                    target, mark))
            gb_note = "" if not x["match_mismatches"] else " MATCH COUNTS DIFFER"
            q = x["ratio_vs_growthbook"]
            add(Row("engine", f"  GrowthBook, same updates, {count} features",
                    f"{x['growthbook_ms']['median']:.3f} ms; Kairos/GB "
                    + (f"{q:.1f}x" if q is not None else "n/a") + gb_note))
    return rows
