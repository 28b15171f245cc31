"""The shopper model: seeded and deterministic, valid raw timelines, ground truth that fits them."""

import json

import pytest
from kairos_twin import check

from analytics.shoppers import model, traces
from analytics.shoppers.store import CatalogError, make_store
from analytics.shoppers.types import TYPES


def test_a_visitor_is_the_same_whoever_makes_it(store):
    first = [model.visitor(7, i, store).to_json() for i in range(20)]
    again = [model.visitor(7, i, store).to_json() for i in reversed(range(20))][::-1]
    assert json.dumps(first) == json.dumps(again)
    other = [model.visitor(8, i, store).to_json() for i in range(20)]
    assert json.dumps(first) != json.dumps(other)


def test_draws_are_random_random_numbers():
    """model.Draws only saves randint's calls: every draw is random.Random's, in order."""
    import random

    ours, theirs = model.Draws("7:3"), random.Random("7:3")
    ranges = [(0, 0), (1, 2), (300, 900), (-5, 5), (0, 2**40), (10, 10**6), (3, 17)]
    for n in range(20_000):
        a, b = ranges[n % len(ranges)]
        assert ours.randint(a, b) == theirs.randint(a, b)
        if n % 97 == 0:  # the other draws share the stream
            assert ours.random() == theirs.random() and ours.choice("abc") == theirs.choice("abc")
    with pytest.raises(ValueError):
        ours.randint(2, 1)


def test_the_plan_makes_exactly_the_sessions_asked_for(store):
    plan = model.plan(3, 1001)
    assert sum(n for _, n in plan) == 1001
    assert [i for i, _ in plan] == list(range(len(plan)))
    last_index, last_count = plan[-1]
    assert len(model.visitor(3, last_index, store, last_count).sessions) == last_count


def test_timelines_are_valid_and_the_truth_fits_them(store):
    seen_types, seen_devices, moments = set(), set(), set()
    for index in range(300):
        trace = model.visitor(11, index, store)
        record = trace.to_json()
        check(record, store.pages)  # the twin's own format check
        steps = record["steps"]
        assert [s["at"] for s in steps] == sorted(s["at"] for s in steps)
        assert all(store.pages[s["page"]]["url"] for s in steps if s["do"] == "open")
        sessions = trace.sessions
        assert all(a < b for a, b in sessions)
        assert all(b1 + 30 * 60_000 < a2 for (_, b1), (a2, _) in zip(sessions, sessions[1:], strict=False))
        for moment, start, end in trace.episodes:
            assert start <= end and any(a <= start <= b for a, b in sessions), (moment, start, sessions)
            moments.add(moment)
        for event, at in trace.conversions:
            assert event in ("add_to_cart", "purchase") and any(a <= at <= b for a, b in sessions)
        assert all(kind in ("home", "category", "product", "cart", "checkout", "other")
                   for _, kind, _ in trace.views)
        seen_types.add(trace.shopper)
        seen_devices.add(trace.device)
    assert seen_types == set(TYPES) and seen_devices == {"desktop", "mobile", "tablet"}
    assert {"reading_reviews", "price_checking", "product_comparison", "checkout_readiness",
            "i_want_to_know", "i_want_to_buy"} <= moments


def test_types_behave_as_documented(store):
    by_type = {name: [] for name in TYPES}
    for index in range(600):
        trace = model.visitor(5, index, store)
        by_type[trace.shopper].append(trace)
    loads = {name: sum(sum(s["do"] == "open" for s in t.timeline["steps"]) for t in ts) / len(ts)
             for name, ts in by_type.items()}
    assert loads["bouncer"] == 1 and loads["researcher"] > loads["browser"] > loads["bouncer"]
    bought = {name: sum(any(e == "purchase" for e, _ in t.conversions) for t in ts) / len(ts)
              for name, ts in by_type.items()}
    assert bought["decided_buyer"] > 0.6 and bought["bouncer"] == 0
    reads = {name: sum(e[0] == "reading_reviews" for t in ts for e in t.episodes) / len(ts)
             for name, ts in by_type.items()}
    assert reads["researcher"] > reads["comparer"] > reads["browser"] >= reads["bouncer"] == 0


def test_a_catalog_of_another_shape_is_refused_in_one_line():
    with pytest.raises(CatalogError, match="non-empty `products`"):
        make_store({"products": []})
    with pytest.raises(CatalogError, match=r"products\[0\]: needs an id \(text `sku`, `product_id`"):
        make_store({"products": [{"name": "x", "category": "y", "price": 1}]})
    with pytest.raises(CatalogError, match="`price` must be a number"):
        make_store({"products": [{"sku": "a", "name": "x", "category": "y", "price": "free"}]})


def test_any_catalog_of_the_documented_shape_makes_a_store():
    store = make_store({"products": [
        {"sku": "A1", "name": "Alpha Boot", "category": "Boots", "price": "120.00", "review_count": 4},
        {"product_id": "B2", "name": "Beta Sock", "category": "Socks", "price": 9}]})
    assert set(store.categories) == {"Boots", "Socks"}
    trace = model.visitor(1, 0, store).to_json()
    check(trace, store.pages)


def test_trace_files_round_trip(tmp_path, store):
    made = [model.visitor(2, i, store) for i in range(5)]
    path = tmp_path / "traces.jsonl"
    assert traces.write(path, store.pages, made) == sum(len(t.sessions) for t in made)
    pages, stream = traces.read(path)
    assert pages == json.loads(json.dumps(store.pages))
    assert list(stream) == [json.loads(json.dumps(t.to_json())) for t in made]
