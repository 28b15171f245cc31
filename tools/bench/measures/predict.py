"""What `predict.NAME` costs and how late it is: a model trained on the shopper model (as
`build.py train` trains it), the demo rules plus `page.type == "product" and
predict.add_to_cart > 0.7`, replayed through the kernel's twin and the real engine (no browser).

Figures: the engine's wake-ups per session and per page view with and without the predict
rule (the compiler's marks: a threshold wherever the model's logit moves by 0.1), the same
with a dense grid (dwell every second, scroll every percent: as if the engine saw every
change), how many of the dense grid's firings the marks catch and how much later, and the
engine's time per update with the model."""

from __future__ import annotations

import copy
import json
import statistics
import time

from analytics.shoppers import model
from analytics.shoppers.store import make_store
from analytics.simulate.engine import RuleSet, load_rules
from compiler.api import generate_module, kernel_settings
from demo_site import CATALOG, RULES

from ..table import Row

PART = "predict"
KEY = "predict"
SERVER = None
RULE_ID = "likely-to-add-to-cart"
RULE = f"""rules:
  - id: {RULE_ID}
    when: page.type == "product" and predict.add_to_cart > 0.7
    show: {{ snippet: trust_badge, placement: corner }}
    limit: once per session
"""
DENSE = {"page.dwell": range(1000, 600_001, 1000), "product.dwell": range(1000, 600_001, 1000),
         "page.scroll": range(1, 101)}


class _Counter:
    """The twin's observer: updates answered, the engine's time on them, and when the predict
    rule was first decided in each session."""

    def __init__(self, start: int, sessions: list):
        self.start, self.bounds = start, [s[0] for s in sessions]
        self.updates, self.seconds, self.fired = 0, 0.0, {}

    def answered(self, update, reply, engine) -> None:
        self.updates += 1
        at = update["now"] - self.start
        for decision in reply.get("decisions", ()):
            if decision["rule"] == RULE_ID:
                session = sum(1 for b in self.bounds if b <= at) - 1
                self.fired.setdefault(session, at)

    def exposed(self, decision, at) -> None:
        pass

    def viewed(self, view) -> None:
        pass


def _timed(rules: RuleSet):
    """make_engine() whose engines add their decide time to the current counter."""
    made = rules.engines()

    def make():
        adapter = made()
        handle = adapter.handle

        def timed(update):
            started = time.perf_counter()
            reply = handle(update)
            _timed.counter.seconds += time.perf_counter() - started
            return reply
        adapter.handle = timed
        return adapter
    return make


def _dense(rules: RuleSet) -> RuleSet:
    """The same rules, with the predict rule woken at every second of dwell and percent of scroll."""
    ir = copy.deepcopy(rules.ir)
    for rule in ir["rules"]:
        if rule["id"] == RULE_ID:
            rule["watch"]["thresholds"] = {k: [[v, ">="] for v in marks] for k, marks in DENSE.items()}
    for key, marks in DENSE.items():
        # Ungated marks (every page): the dense rule's own wake the engine wherever it is.
        pairs = {(p[0], p[1]) for p in ir["watch"]["thresholds"].get(key, [])} | {(v, ">=") for v in marks}
        ir["watch"]["thresholds"][key] = [list(p) for p in sorted(pairs)]
    return RuleSet(ir=ir, source=generate_module(ir), config={**kernel_settings(ir), "version": "dense"})


def _replay(rules: RuleSet, visitors: list, pages: dict) -> dict:
    from kairos_twin import Browser
    from kairos_twin.timeline import epoch

    make = _timed(rules)
    updates, views, seconds, fired = 0, 0, 0.0, {}
    for trace in visitors:
        counter = _timed.counter = _Counter(epoch(trace), trace["truth"]["sessions"])
        Browser(rules.config, make, pages, counter).run(trace)
        updates += counter.updates
        seconds += counter.seconds
        views += sum(1 for step in trace["steps"] if step["do"] == "open")
        fired.update({(trace["visitor"], s): at for s, at in counter.fired.items()})
    sessions = sum(len(t["truth"]["sessions"]) for t in visitors)
    return {"sessions": sessions, "views": views, "updates": updates, "per_session": updates / sessions,
            "per_view": updates / views, "ms_per_update": 1000 * seconds / max(updates, 1), "fired": fired}


def measure(run) -> dict:
    from kairos_engine.features import NAMES

    from analytics.train.export import document, write
    from analytics.train.fit import fit
    from analytics.train.samples import collect

    store = make_store(json.loads(CATALOG.read_text("utf-8")))
    # The dense grid's replay is the slow part (about 40x the updates): a few minutes at 1,000.
    train_sessions, sessions = (1000, 300) if run.settings.quick else (3000, 1000)
    started = time.perf_counter()
    samples = collect((model.visitor(1, i, store, n).to_json() for i, n in model.plan(1, train_sessions)),
                      store.pages, "add_to_cart")
    fitted = fit(samples, 1, list(NAMES))
    train_s = time.perf_counter() - started
    folder = run.tmp / "predict-rules"
    (folder / "models").mkdir(parents=True, exist_ok=True)
    write(folder / "models" / "add_to_cart.json", document("add_to_cart", "add_to_cart", fitted, {}))
    (folder / "predict.yaml").write_text(RULE)
    visitors = [model.visitor(2, i, store, n).to_json() for i, n in model.plan(2, sessions)]
    marks = load_rules([RULES, folder])
    out = {"train_sessions": train_sessions, "train_s": round(train_s, 1), "auc": fitted.metrics["auc"],
           "demo": _replay(load_rules([RULES]), visitors, store.pages),
           "marks": _replay(marks, visitors, store.pages),
           "dense": _replay(_dense(marks), visitors, store.pages),
           "marks_per_input": next({k: len(v) for k, v in r["watch"]["thresholds"].items()}
                                   for r in marks.ir["rules"] if r["id"] == RULE_ID)}
    dense, caught = out["dense"]["fired"], out["marks"]["fired"]
    both = [key for key in dense if key in caught]
    out["caught"] = {"dense": len(dense), "marks": len(caught), "both": len(both),
                     "late_s": [(caught[k] - dense[k]) / 1000 for k in both]}
    for side in ("demo", "marks", "dense"):
        del out[side]["fired"]
    return out


def rows(results: dict) -> list[Row]:
    p = results.get("predict")
    if not p:
        return []
    demo, marks, dense, caught = p["demo"], p["marks"], p["dense"], p["caught"]
    late = caught["late_s"]
    return [
        Row("predict", f"engine wake-ups per session, demo rules ({demo['sessions']:,} sessions)",
            f"{demo['per_session']:.1f} ({demo['per_view']:.2f} per page view)"),
        Row("predict", "... plus a predict.add_to_cart rule, the compiler's marks ("
            + ", ".join(f"{k} {n}" for k, n in sorted(p["marks_per_input"].items())) + ")",
            f"{marks['per_session']:.1f} ({marks['per_view']:.2f} per view; "
            f"{marks['per_session'] / demo['per_session']:.2f}x)"),
        Row("predict", "... with a dense grid instead (dwell every 1 s, scroll every 1 %)",
            f"{dense['per_session']:.1f} ({dense['per_view']:.2f} per view; "
            f"{dense['per_session'] / demo['per_session']:.2f}x)"),
        Row("predict", "firings the marks catch of the dense grid's, and how much later",
            f"{caught['both']:,} of {caught['dense']:,} (+{caught['marks'] - caught['both']} others); "
            f"median {statistics.median(late) if late else 0:.1f} s, max {max(late, default=0):.1f} s later"),
        Row("predict", "engine per update (CPython), demo rules / with the model",
            f"{demo['ms_per_update']:.3f} / {marks['ms_per_update']:.3f} ms"),
        Row("predict", f"train: {p['train_sessions']:,} sessions (held-out AUC {p['auc']:.3f})",
            f"{p['train_s']:.1f} s"),
    ]
