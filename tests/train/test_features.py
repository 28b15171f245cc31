"""features.py: the one mapping from a signal state to a model's features, shared by the
engine (in the browser) and training. Deterministic, and total on any state."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st
from kairos_engine import features

DAY = 86_400_000
NOW = 1_900_000_000_000


def state(**changes) -> dict:
    s = {"now": NOW, "page.type": "product", "page.dwell": 30_000, "page.scroll": 50, "page.views": 3,
         "product.dwell": 90_000, "visits.product": [NOW - 8 * DAY, NOW - 2 * DAY, NOW],
         "visits.sessions": 2, "visits.days_since_last": 2, "visits.returning": True,
         "visits.session_products": 2, "visits.session_categories": 1, "cart.count": 1,
         "cart.value": 99.0, "context.device": "mobile", "behavior.exit_intent": False,
         "behavior.hidden_count": 0, "behavior.copied": True}
    s.update(changes)
    return s


def test_each_feature_measures_what_it_says():
    got = features.values(state())
    assert list(got) == list(features.NAMES)
    assert got["page_type_product"] == 1 and got["page_type_home"] == 0
    assert got["dwell_log1p_s"] == math.log1p(30)
    assert got["scroll_fraction"] == 0.5
    assert got["product_dwell_log1p_s"] == math.log1p(90)
    assert got["page_views_log1p"] == math.log1p(3)
    assert got["product_visits_7d_log1p"] == math.log1p(2), "the view 8 days ago is out of the window"
    assert got["returning"] == 1 and got["copied"] == 1 and got["exit_intent"] == 0
    assert got["days_since_last_log1p"] == math.log1p(2)
    assert got["cart_count_log1p"] == math.log1p(1) and got["cart_value_log1p"] == math.log1p(99)
    assert (got["device_mobile"], got["device_tablet"], got["device_desktop"]) == (1, 0, 0)


def test_missing_odd_and_hostile_values_give_defaults_never_an_exception():
    zeros = features.values({})
    assert set(zeros.values()) == {0.0}
    odd = features.values(state(**{
        "page.type": 7, "page.dwell": -5, "page.scroll": 250, "page.views": True,
        "product.dwell": float("nan"),
        "visits.product": "yesterday", "visits.days_since_last": None, "visits.returning": 1,
        "cart.count": 10**400, "cart.value": float("inf"), "context.device": ["mobile"],
        "behavior.copied": "true"}))
    assert odd["scroll_fraction"] == 1.0, "scroll is clamped to the page"
    for name in ("dwell_log1p_s", "page_views_log1p", "product_dwell_log1p_s", "product_visits_7d_log1p",
                 "days_since_last_log1p", "returning", "cart_count_log1p", "cart_value_log1p", "copied",
                 "device_mobile", "page_type_product"):
        assert odd[name] == 0.0, name
    assert features.vector(None) == features.vector("not a state") == [0.0] * len(features.NAMES)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                max_size=3), max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted({k for inputs, _ in features.FEATURES.values() for k in inputs}
                                              | {"now"})), JSON))
def test_any_state_gives_the_same_finite_vector_twice(s):
    first = features.vector(s)
    assert first == features.vector(dict(s))
    assert len(first) == len(features.NAMES) and all(math.isfinite(v) for v in first)


def test_probability_is_the_logistic_of_the_weighted_sum():
    model = {"features": ["dwell_log1p_s", "returning"], "coefficients": [0.5, -2.0], "intercept": 0.25}
    z = 0.25 + 0.5 * math.log1p(30) - 2.0
    assert math.isclose(features.probability(model, state()), 1 / (1 + math.exp(-z)), rel_tol=1e-15)
    huge = {"features": ["dwell_log1p_s"], "coefficients": [-1e6], "intercept": 0.0}
    assert features.probability(huge, state()) == 0.0, "no overflow far out"


def test_each_growing_input_inverts_its_transform():
    for key, raw in (("page.dwell", 12_345.0), ("product.dwell", 600_000.0), ("page.scroll", 37.0)):
        assert math.isclose(features.raw_at(key, features.transform(key, raw)), raw, rel_tol=1e-12)
    assert features.inputs(["dwell_log1p_s", "device_mobile", "device_tablet"]) == ["context.device",
                                                                                    "page.dwell"]
