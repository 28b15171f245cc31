"""Training: samples are the engine's states at its wake-ups, labelled by what the session did
next; the fit is reproducible for a seed; the exported model's probability, in the pure Python
the browser runs, is scikit-learn's; a model that does not beat the baseline is refused."""

from array import array

import numpy as np
import pytest
from kairos_engine import features

from analytics.train.export import document
from analytics.train.fit import fit, held_out
from analytics.train.samples import Samples, collect, events_of
from compiler.api import model_hash

from .conftest import SEED


def test_samples_stop_at_the_target_and_are_labelled_by_what_the_session_did_next(samples, visitors):
    assert samples.sessions == sum(len(v["truth"]["sessions"]) for v in visitors)
    reached = sum(1 for v in visitors for s, e in v["truth"]["sessions"]
                  if any(ev == "add_to_cart" and s <= at <= e for ev, at in v["truth"]["conversions"]))
    assert samples.reached == reached > 0
    assert {"add_to_cart", "view_cart", "purchase"} <= samples.events
    assert 0 < sum(samples.labels) < len(samples)
    assert samples.rows.shape == (len(samples), len(features.NAMES))
    # No sample is taken in a cart or checkout view of a session that added to the cart: those
    # come after the add, and the question is asked before the answer is known.
    kinds = np.asarray(samples.page_types)
    assert not np.asarray(samples.labels)[np.isin(kinds, ["cart", "checkout"])].any()


def test_one_scripted_visitor_gives_the_engine_states_before_the_add():
    timeline = {"start": "2030-05-06T10:00:00", "device": "desktop", "visitor": "v", "steps": [
        {"at": 0, "do": "open", "page": "p", "ready": 500},
        {"at": 4000, "do": "scroll", "y": 2000},
        {"at": 9000, "do": "push", "event": {"event": "add_to_cart", "ecommerce": {"items": [
            {"item_id": "T", "price": 10, "quantity": 1}]}}},
        {"at": 20000, "do": "close"}]}
    pages = {"p": {"url": "/p.html", "height": 4000, "type": "product"}}
    got = collect([timeline], pages, "add_to_cart")
    assert events_of(timeline) == [(9000, "add_to_cart")]
    assert got.sessions == got.reached == 1
    assert set(got.labels) == {1} and len(got) >= 3, "woken at ready, at the dwell marks, at the scroll"
    none = collect([timeline], pages, "purchase")
    assert none.reached == 0 and set(none.labels) == {0} and len(none) > len(got), "the rest of the view"


def test_visitors_not_samples_are_held_out(samples, fitted):
    sides = {v: held_out(v, SEED) for v in samples.visitors}
    assert 0.15 < sum(sides.values()) / len(sides) < 0.35
    assert fitted.split["held_out_samples"] == sum(held_out(v, SEED) for v in samples.visitors)


def test_training_is_reproducible_for_a_seed(samples, fitted):
    again = fit(samples, SEED, list(features.NAMES))
    assert again.coefficients == fitted.coefficients and again.intercept == fitted.intercept
    trained_on = {"source": "test", "seed": SEED}
    first = document("add_to_cart", "add_to_cart", fitted, trained_on)
    assert document("add_to_cart", "add_to_cart", again, trained_on)["hash"] == first["hash"]
    assert first["hash"] == model_hash(first)
    other = fit(samples, SEED + 1, list(features.NAMES))  # another split
    assert other.coefficients != fitted.coefficients


def test_the_exported_model_in_pure_python_is_scikit_learns_predict_proba(samples, fitted):
    doc = document("add_to_cart", "add_to_cart", fitted, {})
    rows = np.asarray(samples.rows)
    expected = fitted.pipeline.predict_proba(rows)[:, 1]
    names = features.NAMES
    for row, want in zip(rows[::7], expected[::7], strict=True):
        state_like = dict(zip(names, row, strict=True))
        got = _probability_of_features(doc, state_like)
        assert abs(got - want) <= 1e-12


def _probability_of_features(doc: dict, values: dict) -> float:
    """features.probability, on feature values already computed (the rows training kept)."""
    original = features.values
    features.values = lambda _: values
    try:
        return features.probability(doc, None)
    finally:
        features.values = original


def test_it_beats_the_frequency_baseline_on_the_shopper_model(fitted):
    assert fitted.metrics["auc"] > fitted.baseline["auc"] + 0.05
    assert fitted.metrics["log_loss"] < fitted.baseline["log_loss"]
    assert fitted.beats_baseline
    calibration = fitted.metrics["calibration"]
    assert len(calibration) == 10 and sum(c["samples"] for c in calibration) == fitted.metrics["samples"]
    assert [c["predicted"] for c in calibration] == sorted(c["predicted"] for c in calibration)


def test_samples_of_one_class_are_refused_with_a_reason():
    from analytics.train.fit import FitError

    one = Samples(values=array("d", [0.0] * len(features.NAMES) * 40), labels=array("b", [0] * 40),
                  visitors=[str(i) for i in range(40)], page_types=["home"] * 40, sessions=40)
    with pytest.raises(FitError, match="only negative samples; more sessions are needed"):
        fit(one, SEED, list(features.NAMES))
    with pytest.raises(FitError, match="no samples"):
        fit(Samples(), SEED, list(features.NAMES))
