"""The debug overlay's explanations agree with the engine, term by term and rule by rule.

The engine's Python half of the overlay (runtime/engine/kairos_debug) and the generated terms
(compiler/language/termgen.py) are loaded exactly as the worker loads them (boundary.debug),
then every case of the shared case file is decided by the engine and explained: each rule's
verdict must equal the engine's own truth, and the rules it calls shown, control or holdout
must be exactly the engine's decisions.
"""

import json
import sys
import types
from contextlib import contextmanager

import pytest
from kairos_engine import boundary
from kairos_engine.engine import Engine
from kairos_engine.render import Renderer

from compiler.bundle.debug import python_modules
from compiler.language import termgen
from compiler.language.driver import compile_rules
from tests.cases.runner import RULES, updates


@contextmanager
def explaining(snippets_dir):
    """(engine, explain(update) -> (reply, report)): the cases' rules, with the overlay's Python
    loaded as the worker loads it; the module's engine is restored after."""
    compiled = compile_rules([str(RULES)])
    module = types.ModuleType("kairos_rules_explain")
    exec(compiled.module_source, module.__dict__)  # noqa: S102
    engine = Engine(module, Renderer(snippets_dir))
    saved = boundary._engine
    boundary._engine = engine
    try:
        loaded = boundary.debug({"type": "debug", "modules": python_modules(termgen.generate(compiled.ir))})
        assert loaded["loaded"][-1] == "kairos_terms"

        def explain(update: dict) -> tuple[dict, dict]:
            reply = json.loads(boundary.handle(json.dumps(update)))
            report = json.loads(boundary.handle(json.dumps({"type": "explain", "seq": 1})))["report"]
            return reply, report

        yield engine, explain
    finally:
        boundary._engine = saved
        for name in [n for n in sys.modules if n.startswith(("kairos_debug", "kairos_terms"))]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def explained(snippets_dir):
    with explaining(snippets_dir) as pair:
        yield pair


@pytest.mark.parametrize(("name", "update", "case"), updates(), ids=[u[0] for u in updates()])
def test_every_verdict_agrees_with_the_engine_on_the_shared_cases(explained, name, update, case):
    engine, explain = explained
    reply, report = explain(update)
    truth = {rule["id"]: engine.truth[i] for i, rule in enumerate(engine.rules)}
    assert {r["id"]: r["holds"] for r in report["rules"]} == truth
    decided = {d["rule"] for d in reply["decisions"]}
    called = {r["id"] for r in report["rules"]
              if r["state"] in ("control", "holdout") or r["words"] == "shown now"
              or r["words"].startswith("shown now (")}
    assert called == decided
    assert not [r for r in report["rules"] if r["state"] == "true"], "true now, yet not decided"


def _case(name: str) -> dict:
    return next(update for n, update, _ in updates() if n == name)


def _rule(report: dict, rule_id: str) -> dict:
    return next(r for r in report["rules"] if r["id"] == rule_id)


def test_a_waiting_dwell_rule_shows_its_live_dwell_in_seconds(explained):
    _, explain = explained
    update = json.loads(json.dumps(_case(updates()[0][0])))
    update["signals"].update({"page.type": "product", "page.dwell": 12400, "cart.items": []})
    update["history"]["exposures"] = {}
    _, report = explain(update)
    rule = _rule(report, "reviews-for-hesitant-shoppers")
    assert rule["state"] == "waiting"
    lines = [t["line"] for t in rule["terms"]["args"] if t["op"] == "term"]
    assert lines == ['page.type = "product" (needs == "product")', "page.dwell 12.4 s of > 30 s"]
    assert rule["terms"]["args"][2] == {"op": "not", "holds": True, "arg": {
        "op": "term", "text": "cart.has(product.id)", "subject": "cart.has(product.id)",
        "value": False, "cmp": None, "target": True, "type": "bool", "holds": False,
        "line": "cart.has(product.id) = false"}}
    assert rule["watching"] == {"page.dwell": [[30000, ">", ["product"]]]}  # woken on product pages


def test_caps_say_which_cap_and_until_when(explained):
    _, explain = explained
    update = json.loads(json.dumps(_case(updates()[0][0])))
    h = update["history"]
    update["signals"].update({"page.type": "product", "page.dwell": 31000, "cart.items": [],
                              "page.scroll": 70, "context.weekday": "mon", "context.hour": 10})
    h["exposures"] = {"reviews-for-hesitant-shoppers": [h["session_start"] + 1],
                      "weekday-mornings": [update["now"] - 600_000]}
    h["pageview_start"] = update["now"] - 1000
    _, report = explain(update)
    capped = _rule(report, "reviews-for-hesitant-shoppers")
    assert (capped["state"], capped["words"], capped["until"]) == ("capped", "once per session", None)
    cooling = _rule(report, "weekday-mornings")
    assert (cooling["state"], cooling["until"]) == ("cooldown", update["now"] - 600_000 + 3_600_000)


def test_other_page_types_and_schedules_say_so(explained):
    _, explain = explained
    update = json.loads(json.dumps(_case(updates()[0][0])))
    update["signals"].update({"page.type": "category", "page.scroll": 80, "context.weekday": "sat"})
    update["history"]["exposures"] = {}
    _, report = explain(update)
    assert _rule(report, "reviews-for-hesitant-shoppers")["state"] == "page_type"
    assert _rule(report, "reviews-for-hesitant-shoppers")["words"] == "not for this page type (category)"
    assert _rule(report, "weekday-mornings")["state"] == "schedule"


def test_without_the_overlays_python_explain_answers_nothing(explained):
    saved = {n: sys.modules.pop(n) for n in list(sys.modules) if n.startswith("kairos_debug")}
    try:
        assert json.loads(boundary.handle('{"type": "explain", "seq": 7}')) == {
            "type": "explain", "seq": 7, "report": None}
    finally:
        sys.modules.update(saved)


def test_live_signals_are_explained_without_deciding(explained):
    engine, explain = explained
    update = json.loads(json.dumps(_case(updates()[0][0])))
    update["signals"].update({"page.type": "product", "page.dwell": 1000, "cart.items": []})
    update["history"]["exposures"] = {}
    explain(update)
    live = {**update["signals"], "page.dwell": 30500}
    message = {"type": "explain", "seq": 2, "signals": live, "now": update["now"] + 29_500}
    report = json.loads(boundary.handle(json.dumps(message)))["report"]
    rule = _rule(report, "reviews-for-hesitant-shoppers")
    assert (rule["holds"], rule["state"]) == (True, "true")
    assert rule["terms"]["args"][1]["line"] == "page.dwell 30.5 s of > 30 s"
    assert engine.last["page.dwell"] == 1000  # explaining decided nothing


def test_a_prediction_is_explained_with_the_probability_the_engine_used(tmp_path, snippets_dir):
    from kairos_engine import features

    from compiler.language import codegen, driver
    from compiler.language import ir as ir_mod
    from tests.engine.test_engine_predict import BASE, MODEL, RULES

    (tmp_path / "add_to_cart.json").write_text(json.dumps(MODEL))
    a = driver.analyze(None, texts={"rules.yaml": RULES}, models_dir=tmp_path)
    ir = ir_mod.build(a.rules, a.files, a.models)
    module = types.ModuleType("kairos_rules_explain_predict")
    exec(codegen.generate(ir), module.__dict__)  # noqa: S102
    saved = boundary._engine
    boundary._engine = Engine(module, Renderer(snippets_dir))
    try:
        boundary.debug({"type": "debug", "modules": python_modules(termgen.generate(ir))})
        signals = {**BASE, "page.dwell": 240_000, "page.scroll": 100, "visits.sessions": 6}
        update = {"now": BASE["now"], "signals": signals, "history": {}, "product": None}
        reply = json.loads(boundary.handle(json.dumps(update)))
        report = json.loads(boundary.handle('{"type": "explain", "seq": 3}'))["report"]
    finally:
        boundary._engine = saved
    p = features.probability(MODEL, signals)
    assert reply["predictions"] == {"add_to_cart": p} and p > 0.7
    likely = _rule(report, "likely")
    assert (likely["holds"], likely["words"]) == (True, "shown now")
    assert likely["terms"]["args"][1]["line"] == f"predict.add_to_cart {round(p, 3):g} of > 0.7"
