"""`predict.NAME` in rules: names checked against the model files beside the rules (or
--models), probabilities checked as plain numbers 0..1, malformed model files as diagnostics;
the IR carries the model and the wake-up thresholds derived from its weights; the generated
module carries it for the engine."""

import json
import math

import pytest
from compiler_testkit import load_module

from compiler.language import driver
from compiler.language import models as models_mod

FEATURES = ["page_type_product", "dwell_log1p_s", "scroll_fraction", "sessions_log1p", "exit_intent"]
RULE = """\
rules:
  - id: r
    when: {when}
    show: {{ snippet: trust_badge, placement: corner }}
"""


def model_doc(name="add_to_cart", **changes) -> dict:
    doc = {"model_version": 1, "name": name, "target": "add_to_cart", "features": FEATURES,
           "coefficients": [0.4, 0.25, -1.0, 2.0, 0.0], "intercept": -3.0, "metrics": {}, "baseline": {},
           "trained_on": {}}
    doc.update(changes)
    doc["hash"] = models_mod.model_hash(doc)
    return doc


@pytest.fixture
def models(tmp_path):
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "add_to_cart.json").write_text(json.dumps(model_doc(), indent=1))
    return folder


def analyze(condition: str, models_dir) -> driver.Analysis:
    return driver.analyze(None, texts={"rules/pdp.yaml": RULE.format(when=condition)}, models_dir=models_dir)


def rendered(condition: str, models_dir) -> str:
    return "\n".join(d.render() for d in analyze(condition, models_dir).report.diagnostics)


def test_a_rule_reads_a_model_as_a_number(models):
    a = analyze('page.type == "product" and predict.add_to_cart > 0.7', models)
    assert a.report.ok, a.report.render()
    assert a.rules[0].when["args"][1]["left"] == {"op": "signal", "name": "predict.add_to_cart"}


@pytest.mark.parametrize(("condition", "message"), [
    ("predict.add_to_cart > 70%", """\
rules/pdp.yaml:3:33: `predict.add_to_cart` is a probability from 0 to 1, not a percent; \
write `0.7` instead of `70%`
    when: predict.add_to_cart > 70%
                                ^^^"""),
    ("predict.add_to_cart > 1.5", """\
rules/pdp.yaml:3:33: `predict.add_to_cart` is a probability from 0 to 1; `1.5` is out of its range; use a \
number from 0 to 1, as in `predict.add_to_cart > 0.7`
    when: predict.add_to_cart > 1.5
                                ^^^"""),
    ("80 <= predict.add_to_cart", """\
rules/pdp.yaml:3:11: `predict.add_to_cart` is a probability from 0 to 1; `80` is out of its range; \
did you mean `0.8`?
    when: 80 <= predict.add_to_cart
          ^^"""),
    ("predict.add_to_crt > 0.5", """\
rules/pdp.yaml:3:11: unknown model `add_to_crt` in `predict.add_to_crt`; did you mean `add_to_cart`? \
(models in {folder}/: `add_to_cart`)
    when: predict.add_to_crt > 0.5
          ^^^^^^^^^^^^^^^^^^"""),
    ("predict.add_to_cart.now > 0.5", """\
rules/pdp.yaml:3:11: write a prediction as `predict.NAME`, as in `predict.add_to_cart`
    when: predict.add_to_cart.now > 0.5
          ^^^^^^^^^^^^^^^^^^^^^^^"""),
    ("predict.add_to_cart", """\
rules/pdp.yaml:3:11: `predict.add_to_cart` is a number, not a condition; compare it, as in \
`predict.add_to_cart > 0.7`"""),
])
def test_mistakes_get_a_helpful_error(models, condition, message):
    got = rendered(condition, models)
    assert got.startswith(message.format(folder=models)), got


def test_no_models_at_all_says_how_to_make_one(tmp_path):
    got = rendered("predict.add_to_cart > 0.5", tmp_path)
    assert got.startswith(
        "rules/pdp.yaml:3:11: unknown model `add_to_cart` in `predict.add_to_cart`: "
        f"no models in {tmp_path}/ "
        "(train one with `python build.py train --sessions N --target EVENT -o models/add_to_cart.json` "
        "beside the rule files, or pass --models DIR)"), got


@pytest.mark.parametrize(("content", "problem"), [
    ("{oops", "not a model file: not JSON (Expecting property name enclosed in double quotes at line 1, "
              "column 2)"),
    ('{"rules": []}', "not a model file (it has no `model_version`; `python build.py train` makes them)"),
    (model_doc(model_version=2), "model_version 2 is not one this compiler reads (1)"),
    (model_doc(name="other"), "the model's `name` must be its file name, a name like `add_to_cart` "
                              "(lowercase letters, digits, `_`): got 'other' in add_to_cart.json"),
    (model_doc(features=["dwell_log1p_s", "mood"], coefficients=[1.0, 2.0]),
     "feature `mood` is not one this engine computes; train it again with `python build.py train`"),
    (model_doc(coefficients=[1.0]), "`coefficients` must be one finite number per feature"),
    ({**model_doc(), "intercept": 5.0}, "its `hash` does not match its content (edited after training?); "
                                        "train it again with `python build.py train`"),
])
def test_a_malformed_model_file_is_a_diagnostic_on_that_file(tmp_path, content, problem):
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "add_to_cart.json").write_text(content if isinstance(content, str) else json.dumps(content))
    report = analyze('page.type == "product"', folder).report
    assert not report.ok
    assert [d.render() for d in report.diagnostics] == [f"{folder / 'add_to_cart.json'}: {problem}"]


def test_the_ir_carries_the_model_and_wakes_where_its_logit_moves(models):
    a = analyze('page.type == "product" and predict.add_to_cart > 0.7', models)
    from compiler.language import codegen
    from compiler.language import ir as ir_mod

    ir = ir_mod.build(a.rules, a.files, a.models)
    model = ir["models"]["add_to_cart"]
    assert model["features"] == FEATURES and model["intercept"] == -3.0
    assert model["hash"] == models_mod.model_hash(model_doc())
    watch = ir["rules"][0]["watch"]
    # Inputs of the features of a weight other than 0 (exit_intent's is 0), `predict.add_to_cart` itself.
    assert watch["signals"] == ["page.type", "predict.add_to_cart", "visits.sessions"]
    dwell = [v for v, *_ in watch["thresholds"]["page.dwell"]]
    scroll = [v for v, *_ in watch["thresholds"]["page.scroll"]]
    assert "product.dwell" not in watch["thresholds"]
    # Dwell weighs 0.25 per log1p(second): a mark every 0.4 of log1p(s) (0.1 of logit), up to 10 minutes.
    assert dwell[:3] == [round(math.expm1(0.4 * k) * 1000) for k in (1, 2, 3)]
    assert dwell[-1] <= 600_000 and len(dwell) == int(math.log1p(600) / 0.4)
    # Scroll weighs -1 per page: a mark every 10 % of the page.
    assert scroll == list(range(10, 101, 10))
    assert all(op == ">=" for _, op, *_ in watch["thresholds"]["page.dwell"])
    assert not ir["rules"][0]["ahead"]
    module = load_module(codegen.generate(ir))
    assert module["MODELS"]["add_to_cart"]["coefficients"] == model_doc()["coefficients"]
    assert 0 in module["WATCHERS"]["predict.add_to_cart"] and 0 in module["WATCHERS"]["visits.sessions"]


def test_rules_without_predictions_keep_their_ir_and_module_as_they_were(models):
    from compiler.language import codegen
    from compiler.language import ir as ir_mod

    a = analyze('page.type == "product"', models)
    ir = ir_mod.build(a.rules, a.files, a.models)
    assert "models" not in ir and "MODELS" not in codegen.generate(ir)


def test_a_steep_model_gets_wider_steps_not_more_wake_ups():
    steep = models_mod.Model("m", "m.json", "t", ("dwell_log1p_s",), (50.0,), 0.0, "h")
    assert len(models_mod.watch_of(steep)["thresholds"]["page.dwell"]) == models_mod.MAX_MARKS
    assert models_mod.marks("page.dwell", 0.0) == []


def test_models_dir_on_the_command_line(capsys, tmp_path, models):
    import build

    rules = tmp_path / "elsewhere" / "rules.yaml"
    rules.parent.mkdir()
    rules.write_text(RULE.format(when="predict.add_to_cart > 0.5"))
    assert build.main(["check", str(rules)]) == 1
    assert "unknown model `add_to_cart`" in capsys.readouterr().err
    assert build.main(["check", str(rules), "--models", str(models)]) == 0
    assert build.main(["check", str(rules), "--models", str(tmp_path / "none")]) == 1
    assert "no such models folder (--models)" in capsys.readouterr().err


def test_explain_names_the_model_and_its_wake_ups(tmp_path, models):
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULE.format(when='page.type == "product" and predict.add_to_cart > 0.7'))
    text = driver.explain([rules], "r")
    assert ("  predicts:  predict.add_to_cart: the probability a session reaches `add_to_cart` "
            f"({models / 'add_to_cart.json'}, a logistic model of 5 features)") in text
    assert "page.scroll >= 10%" in text and "visits.sessions" in text
