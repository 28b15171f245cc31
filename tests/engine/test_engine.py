"""The engine's decisions in CPython: caps, priority, exclusion, variants, schedules, faults."""


import pytest
from kairos_engine.caps import in_schedule
from kairos_engine.hashing import bucket, fnv1a32

NOW = 1_800_000_000_000
PRODUCT = {"id": "SKU-1", "name": "Tent <b>X</b>", "rating": 4.5, "review_count": 2,
           "reviews": [{"author": "Ann", "rating": 5, "body": "<script>x</script>great",
                        "title": None, "date": None}]}


def rule(rule_id, *, priority=0, placement="modal", slot=None, limit=(), **extra):
    snippet = "trust_badge" if placement == "slot" else "review_popup"
    return {"id": rule_id, "source": {"file": "r.yaml", "line": 1}, "enabled": True,
            "priority": priority, "show": {"snippet": snippet, "placement": placement,
                                           "slot": slot, "params": {}},
            "limit": list(limit), "cooldown": None, "schedule": None, "variants": [],
            "holdout": 0, **extra}


def update(signals=None, **history):
    base = {"visitor_id": "v1", "session_start": NOW - 1000, "pageview_start": NOW - 500,
            "day_start": NOW - 5000, "exposures": {}, "occupied": []}
    base.update(history)
    return {"now": NOW, "signals": {"x": 1, **(signals or {})}, "history": base,
            "product": PRODUCT}


def test_first_match_per_placement_wins_and_slots_are_independent(make_engine):
    engine = make_engine(
        [rule("high", priority=9), rule("low", priority=1),
         rule("badge", placement="slot", slot="pdp-trust")],
        [lambda s: True, lambda s: True, lambda s: True])
    reply = engine.decide(update())
    assert [d["rule"] for d in reply["decisions"]] == ["high", "badge"]


def test_html_is_autoescaped(make_engine):
    engine = make_engine([rule("r")], [lambda s: True])
    html = engine.decide(update())["decisions"][0]["html"]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Tent &lt;b&gt;X&lt;/b&gt;" in html
    assert "Ann" in html


@pytest.mark.parametrize(("per", "start_key"), [("session", "session_start"),
                                                 ("day", "day_start")])
def test_caps_count_exposures_in_their_window(make_engine, per, start_key):
    engine = make_engine([rule("r", limit=[{"count": 1, "per": per}])], [lambda s: True])
    inside = update(exposures={"r": [NOW - 800]})
    inside["history"][start_key] = NOW - 900
    inside["history"]["pageview_start"] = NOW - 100
    assert engine.decide(inside)["decisions"] == []
    before = update(exposures={"r": [NOW - 800]})
    before["history"][start_key] = NOW - 700
    before["history"]["pageview_start"] = NOW - 100
    assert len(engine.decide(before)["decisions"]) == 1


def test_never_twice_in_one_page_view_and_occupied_placements_are_skipped(make_engine):
    engine = make_engine([rule("r")], [lambda s: True])
    assert engine.decide(update(exposures={"r": [NOW - 10]}))["decisions"] == []
    assert engine.decide(update(occupied=["overlay"]))["decisions"] == []


def test_cooldown(make_engine):
    engine = make_engine([rule("r", cooldown=60_000)], [lambda s: True])
    history = {"exposures": {"r": [NOW - 30_000]}, "pageview_start": NOW - 10}
    assert engine.decide(update(**history))["decisions"] == []
    history["exposures"] = {"r": [NOW - 90_000]}
    assert len(engine.decide(update(**history))["decisions"]) == 1


def test_schedule_uses_the_shoppers_local_time():
    schedule = {"start": "2026-11-01", "end": None, "days": ["mon", "tue"], "hours": [[9, 17]]}
    assert in_schedule(schedule, {"context.date": "2026-11-23", "context.weekday": "mon",
                                  "context.hour": 9})
    assert not in_schedule(schedule, {"context.date": "2026-11-23", "context.weekday": "mon",
                                      "context.hour": 17})
    assert not in_schedule(schedule, {"context.date": "2026-10-31", "context.weekday": "mon",
                                      "context.hour": 10})
    assert not in_schedule(schedule, {"context.date": "2026-11-25", "context.weekday": "wed",
                                      "context.hour": 10})


def test_variant_assignment_is_stable_and_controls_render_nothing(make_engine):
    variants = [{"name": "control", "weight": 50, "control": True},
                {"name": "b", "weight": 50, "control": False}]
    engine = make_engine([rule("r", variants=variants)], [lambda s: True])
    seen = {}
    for visitor in (f"v{i}" for i in range(200)):
        decision = engine.decide(update(visitor_id=visitor))["decisions"][0]
        assert engine.decide(update(visitor_id=visitor))["decisions"][0] == decision
        seen[decision["variant"]] = decision["html"]
    assert set(seen) == {"control", "b"}
    assert seen["control"] is None and seen["b"]


def test_growthbook_hash_v2_reference_values():
    # fnv32a reference from the FNV spec; bucket() must stay stable across releases.
    assert fnv1a32("") == 0x811C9DC5
    assert fnv1a32("a") == 0xE40C292C
    assert 0 <= bucket("rule", "visitor") < 1


def test_a_failing_rule_is_reported_with_its_source_and_others_still_run(make_engine):
    def broken(signals):
        raise KeyError("page.dwel")

    engine = make_engine([rule("bad", priority=5), rule("good")], [broken, lambda s: True])
    reply = engine.decide(update())
    assert [d["rule"] for d in reply["decisions"]] == ["good"]
    assert reply["errors"][0]["rule"] == "bad"
    assert reply["errors"][0]["where"] == "r.yaml:1"


def test_a_template_error_is_reported_and_shows_nothing(make_engine):
    engine = make_engine([rule("r")], [lambda s: True])
    broken = update()
    broken["product"] = {"name": "x", "reviews": 5}  # not a list: the template cannot loop
    reply = engine.decide(broken)
    assert reply["decisions"] == []
    assert "review_popup" in reply["errors"][0]["message"]
