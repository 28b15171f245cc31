"""Hypothesis: generated code agrees with the reference interpreter, and so do the debug
overlay's generated terms; conditions survive unparse -> parse; garbage input only ever
yields diagnostics with positions."""

import json

from compiler_testkit import analyze, load_module, state
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kairos_debug.explain import tree
from rulegen import DEMO_CORPUS, condition, garbage, random_text, random_yaml, signal_state

from compiler.language import codegen, interpret, termgen
from compiler.language.source import SourceFile
from compiler.language.unparse import unparse

FAST = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example,
                                       HealthCheck.data_too_large])


def module_for(conditions: list[dict]) -> tuple[dict, dict]:
    rules = [{"id": f"r{i}", "source": {"file": "gen.yaml", "line": i + 1}, "moment": None,
              "enabled": True, "priority": 0, "when": c,
              "show": {"snippet": "trust_badge", "placement": "slot", "slot": "s", "params": {}},
              "limit": [], "cooldown": None, "schedule": None, "variants": [], "holdout": 0,
              "watch": {"signals": [], "thresholds": {}, "sections": []}}
             for i, c in enumerate(conditions)]
    ir = {"ir_version": 1, "sources": ["gen.yaml"], "rules": rules,
          "watch": {"signals": [], "thresholds": {}, "sections": []}}
    return ir, load_module(codegen.generate(ir))


@FAST
@given(st.randoms(use_true_random=False))
def test_generated_code_agrees_with_the_interpreter(rnd):
    conditions = [condition(rnd) for _ in range(3)]
    ir, module = module_for(conditions)
    for _ in range(4):
        s = signal_state(rnd)
        got = [f(s) for f in module["CONDITIONS"]]
        want = [interpret.truth(c, s) for c in conditions]
        assert got == want, (conditions, s)
        assert all(type(v) is bool for v in got)


@FAST
@given(st.randoms(use_true_random=False))
def test_the_overlays_terms_agree_with_the_generated_conditions(rnd):
    conditions = [condition(rnd) for _ in range(3)]
    ir, module = module_for(conditions)
    terms = load_module(termgen.generate(ir))
    for _ in range(4):
        s = signal_state(rnd)
        assert [tree(t(s))[0] for t in terms["TERMS"]] == [f(s) for f in module["CONDITIONS"]], (
            conditions, s)


@FAST
@given(st.randoms(use_true_random=False))
def test_conditions_round_trip_through_the_rule_language(rnd):
    expr = condition(rnd)
    text = unparse(expr)
    a = analyze(f"rules:\n  - id: r\n    when: {json.dumps(text)}\n"
                "    show: { snippet: trust_badge, slot: s }\n")
    assert a.report.ok, (text, a.report.render())
    assert a.rules[0].when == expr, text


@FAST
@given(st.randoms(use_true_random=False))
def test_compiled_rule_files_run_like_the_interpreter(rnd):
    text = garbage.__globals__["rule_file"](rnd, 3)
    a = analyze(text)
    assert a.report.ok, a.report.render()
    from compiler.language import ir as ir_mod

    ir = ir_mod.build(a.rules, a.files)
    module = load_module(codegen.generate(ir))
    s = signal_state(rnd)
    assert [f(s) for f in module["CONDITIONS"]] == [interpret.truth(r["when"], s)
                                                    for r in ir["rules"]]


def assert_only_diagnostics(text: str) -> None:
    report = analyze(text).report  # must not raise
    lines = SourceFile("x", text).lines  # YAML's line breaks: \n, \r\n, \r, \x85, \u2028, \u2029
    for d in report.diagnostics:
        assert "internal compiler error" not in d.message, (text, d.render())
        assert d.span is not None, d.render()
        assert 1 <= d.span.line <= len(lines) + 1, d.render()
        assert d.span.col >= 1 and d.span.end_col > d.span.col
        d.render()
    report.render()


@FAST
@given(st.text(max_size=300))
def test_random_text_yields_diagnostics(text):
    assert_only_diagnostics(text)


@FAST
@given(st.randoms(use_true_random=False))
def test_random_yaml_and_mutated_files_yield_diagnostics(rnd):
    assert_only_diagnostics(random_yaml(rnd))
    assert_only_diagnostics(random_text(rnd))
    assert_only_diagnostics(garbage(rnd, DEMO_CORPUS))


def test_state_helper_is_complete():
    assert interpret.truth({"op": "signal", "name": "visits.returning"}, state()) is False
