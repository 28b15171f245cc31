"""`predict.NAME` in the engine: computed from the kernel's signals by features.py before the
rules are evaluated, in the reply for the page, re-evaluated when an input of the model moves
(incremental evaluation decides as a full one), and failing closed when it cannot be computed."""

import json
import types

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kairos_engine import features
from kairos_engine.engine import Engine

from compiler.language import codegen, driver
from compiler.language import ir as ir_mod
from compiler.language import models as models_mod

NAMES = ["page_type_product", "dwell_log1p_s", "scroll_fraction", "sessions_log1p"]
MODEL = {"model_version": 1, "name": "add_to_cart", "target": "add_to_cart", "features": NAMES,
         "coefficients": [0.5, 0.6, 1.0, 1.2], "intercept": -4.0}
MODEL["hash"] = models_mod.model_hash(MODEL)
RULES = """\
rules:
  - id: likely
    when: page.type == "product" and predict.add_to_cart > 0.7
    show: { snippet: trust_badge, placement: corner }
  - id: unlikely
    when: predict.add_to_cart < 0.2 and cart.count == 0
    show: { snippet: trust_badge, placement: toast }
"""
NOW = 1_900_000_000_000
BASE = {"now": NOW, "page.type": "product", "page.dwell": 0, "page.scroll": 0, "visits.sessions": 1,
        "cart.count": 0, "cart.items": []}


@pytest.fixture(scope="module")
def rules(tmp_path_factory) -> types.ModuleType:
    """The generated module of RULES, with MODEL found in a models folder."""
    folder = tmp_path_factory.mktemp("models")
    (folder / "add_to_cart.json").write_text(json.dumps(MODEL))
    a = driver.analyze(None, texts={"rules.yaml": RULES}, models_dir=folder)
    assert a.report.ok, a.report.render()
    module = types.ModuleType("kairos_rules_predict")
    exec(codegen.generate(ir_mod.build(a.rules, a.files, a.models)), module.__dict__)  # noqa: S102
    return module


RENDERER = types.SimpleNamespace(render=lambda *args: "<p>", params=lambda snippet, params: dict(params))


def decide(engine: Engine, signals: dict) -> dict:
    return engine.decide({"now": signals["now"], "signals": signals, "history": {}, "product": None})


def test_the_engine_predicts_from_the_kernels_signals_and_says_so(rules):
    engine = Engine(rules, RENDERER)
    cold = dict(BASE)
    reply = decide(engine, cold)
    expected = features.probability(MODEL, cold)
    assert reply["predictions"] == {"add_to_cart": expected} and expected < 0.2
    assert [d["rule"] for d in reply["decisions"]] == ["unlikely"]
    assert "predict.add_to_cart" not in cold, "the kernel's signals are left as they came"
    warm = {**cold, "page.dwell": 120_000, "page.scroll": 90, "visits.sessions": 4}
    reply = decide(engine, warm)
    assert reply["predictions"]["add_to_cart"] == features.probability(MODEL, warm) > 0.7
    assert [d["rule"] for d in reply["decisions"]] == ["likely"]
    assert engine.state(warm)["predict.add_to_cart"] == reply["predictions"]["add_to_cart"]


def test_a_model_that_cannot_be_computed_matches_nothing(rules):
    broken = types.ModuleType("broken")
    broken.__dict__.update(rules.__dict__)
    broken.MODELS = {"add_to_cart": {**MODEL, "features": ["no_such_feature"], "coefficients": [1.0]}}
    engine = Engine(broken, RENDERER)
    reply = decide(engine, dict(BASE))
    assert reply["predictions"] == {"add_to_cart": None}
    assert reply["decisions"] == [] and reply["errors"] == []


CHANGES = st.one_of(
    st.tuples(st.just("page.dwell"), st.integers(0, 300_000)),
    st.tuples(st.just("page.scroll"), st.integers(0, 100)),
    st.tuples(st.just("visits.sessions"), st.integers(1, 6)),
    st.tuples(st.just("page.type"), st.sampled_from(["product", "home"])),
    st.tuples(st.just("cart.count"), st.integers(0, 2)),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(CHANGES, min_size=1, max_size=3), min_size=1, max_size=10))
def test_rules_reading_a_prediction_are_re_evaluated_when_an_input_moves(rules, steps):
    incremental = Engine(rules, renderer=None)
    signals = dict(BASE)
    for changes in steps:
        signals = {**signals, **dict(changes)}
        state = incremental.state(signals)
        matched, _ = incremental.matching(state)
        full, _ = Engine(rules, renderer=None).matching(Engine(rules, renderer=None).state(signals))
        assert matched == full
