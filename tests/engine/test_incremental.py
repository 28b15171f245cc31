"""Incremental evaluation (only rules whose inputs changed) decides exactly like a full one."""

import types

from hypothesis import given, settings
from hypothesis import strategies as st
from kairos_engine.engine import Engine

from compiler.language.driver import compile_rules
from tests.cases.runner import CASES, RULES

MODULE = types.ModuleType("kairos_rules_incremental")
exec(compile_rules([str(RULES)]).module_source, MODULE.__dict__)  # noqa: S102
BASE = CASES["defaults"]["signals"]
NOW = BASE["now"]
DAY = 86_400_000

CHANGES = st.one_of(
    st.tuples(st.just("page.dwell"), st.integers(0, 60_000)),
    st.tuples(st.just("page.scroll"), st.integers(0, 100)),
    st.tuples(st.just("page.type"), st.sampled_from(["product", "cart", "category", "home"])),
    st.tuples(st.just("cart.items"), st.lists(st.sampled_from(["TENT", "LAMP"]), max_size=2)),
    st.tuples(st.just("cart.value"), st.integers(0, 500)),
    st.tuples(st.just("context.utm_source"), st.sampled_from([None, "newsletter", "ads", "x"])),
    st.tuples(st.just("visits.product"), st.lists(st.integers(NOW - 9 * DAY, NOW), max_size=4)),
    st.tuples(st.just("visits.category"), st.lists(st.integers(NOW - 2 * DAY, NOW), max_size=3)),
    st.tuples(st.just("now"), st.integers(NOW, NOW + 3 * DAY)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(CHANGES, min_size=1, max_size=4), min_size=1, max_size=12))
def test_incremental_equals_full_evaluation(steps):
    incremental = Engine(MODULE, renderer=None)
    signals = dict(BASE)
    for changes in steps:
        signals = {**signals, **dict(changes)}
        matched, _ = incremental.matching(signals)
        full, _ = Engine(MODULE, renderer=None).matching(signals)
        assert matched == full
