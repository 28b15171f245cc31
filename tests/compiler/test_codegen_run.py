"""Import the generated module and run its conditions on signal states; the interpreter agrees."""

from pathlib import Path

import pytest
from compiler_testkit import DEMO, build, load_module, state

from compiler.language import interpret

SHOWCASE = (Path(__file__).parent / "golden" / "showcase.yaml").read_text(encoding="utf-8")
DAY = 86_400_000


@pytest.fixture(scope="module")
def demo():
    ir, source = build(DEMO)
    return ir, load_module(source)


@pytest.fixture(scope="module")
def showcase():
    ir, source = build(SHOWCASE)
    return ir, load_module(source)


def decide(ir, module, s) -> dict[str, bool]:
    got = {r["id"]: f(s) for r, f in zip(module["RULES"], module["CONDITIONS"], strict=True)}
    oracle = {r["id"]: interpret.truth(r["when"], s) for r in ir["rules"]}
    assert got == oracle
    assert all(isinstance(v, bool) for v in got.values())
    return got


def test_hesitant_shopper_gets_reviews_after_30s(demo):
    ir, m = demo
    s = state(page__type="product", page__dwell=30_001, product__id="SKU-1")
    assert decide(ir, m, s)["reviews-for-hesitant-shoppers"] is True
    assert decide(ir, m, {**s, "page.dwell": 30_000})["reviews-for-hesitant-shoppers"] is False
    in_cart = {**s, "cart.items": ["SKU-1"]}
    assert decide(ir, m, in_cart)["reviews-for-hesitant-shoppers"] is False
    assert decide(ir, m, {**s, "page.type": "category"})["reviews-for-hesitant-shoppers"] is False


def test_third_visit_within_a_week(demo):
    ir, m = demo
    now = 1_800_000_000_000
    s = state(now=now, visits__product=[now - 8 * DAY, now - 2 * DAY, now - DAY])
    assert decide(ir, m, s)["trust-on-third-visit"] is False
    s["visits.product"].append(now)
    assert decide(ir, m, s)["trust-on-third-visit"] is True


def test_missing_signals_mean_no_match(demo):
    ir, m = demo
    s = state(page__type=None, page__dwell=None, product__id=None, visits__product=None)
    assert decide(ir, m, s) == {"reviews-for-hesitant-shoppers": False,
                                "trust-on-third-visit": False}


@pytest.mark.parametrize("signals,expected", [
    ({}, set()),
    ({"page.type": "product", "section": {"#customer-reviews": {"dwell": 15_001}}},
     {"reviews-moment-only"}),
    ({"page.scroll": 80, "page.dwell": 60_001, "context.device": "tablet"},
     {"weekend-deep-readers"}),
    ({"page.scroll": 80, "page.dwell": 60_001, "context.device": "tablet", "behavior.idle": True},
     set()),
    ({"clicks": {"size-guide": 1}}, {"size-help"}),
    ({"section": {"#size-chart": {"seen": True, "scroll": 20}}}, {"size-help"}),
    ({"section": {"#size-chart": {"seen": True, "scroll": 19}}}, set()),
    ({"page.url": "/guides/boots?x=1"}, {"size-help"}),
    ({"visits.returning": True, "product.last_price": 120, "product.price": 99.5,
      "context.weekday": "mon", "cart.value": 250, "visits.category": [1, 2],
      "product.rating": 4.5}, {"returning-price-drop"}),
    ({"visits.returning": True, "product.last_price": 120, "product.price": 99.5,
      "context.weekday": "sat", "cart.value": 250, "visits.category": [1, 2],
      "product.rating": 4.5}, set()),
    ({"cart.count": 2, "page.type": "checkout", "page.dwell": 5001}, {"buy-now"}),
])
def test_showcase_conditions(showcase, signals, expected):
    ir, m = showcase
    got = decide(ir, m, {**state(), **signals})
    assert {k for k, v in got.items() if v} == expected
    enabled = set(interpret.matching(ir, {**state(), **signals}))
    assert enabled == expected - {"buy-now"}


def test_truthy_non_bool_values_do_not_count(showcase):
    ir, m = showcase
    s = state(page__scroll=80, page__dwell=60_001, context__device="mobile", behavior__idle=1)
    # `not behavior.idle` with idle == 1 (not a bool): the signal is not exactly True
    assert decide(ir, m, s)["weekend-deep-readers"] is True
