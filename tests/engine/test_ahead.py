"""Page-load moments decided ahead: the engine renders, for the next view of the same page,
the slot decisions it would make there, and withdraws ones the view's real facts refute."""

from test_engine import NOW, rule, update


def views_at_least(n):
    return lambda s: s["views"] >= n


def test_only_page_load_slot_rules_are_predicted_with_their_html(make_engine):
    engine = make_engine(
        [rule("badge", placement="slot", slot="pdp-trust", ahead=True),
         rule("popup", ahead=False)],
        [views_at_least(3), lambda s: True])
    current = update({"views": 2})
    current["next"] = update({"views": 3})
    reply = engine.decide(current)
    assert [d["rule"] for d in reply["decisions"]] == ["popup"], "this view: 2 views, no badge"
    assert [d["rule"] for d in reply["next"]] == ["badge"]
    assert reply["next"][0]["html"] and reply["next"][0]["slot"] == "pdp-trust"


def test_predictions_respect_caps_and_one_snippet_per_slot(make_engine):
    engine = make_engine(
        [rule("first", priority=9, placement="slot", slot="s", ahead=True,
              limit=[{"count": 1, "per": "session"}]),
         rule("second", priority=1, placement="slot", slot="s", ahead=True)],
        [lambda s: True, lambda s: True])
    current = update()
    current["next"] = update(exposures={"first": [NOW - 100]})  # shown this session already
    assert [d["rule"] for d in engine.decide(current)["next"]] == ["second"]
    current["next"] = update()
    assert [d["rule"] for d in engine.decide(current)["next"]] == ["first"]


def test_no_prediction_without_a_next_view_and_predicting_changes_no_state(make_engine):
    engine = make_engine([rule("badge", placement="slot", slot="s", ahead=True)],
                         [views_at_least(3)])
    assert "next" not in engine.decide(update({"views": 1}))
    current = update({"views": 1})
    current["next"] = update({"views": 3})
    engine.decide(current)
    assert engine.truth == [False], "the hypothetical view does not leak into this view's state"
    assert engine.decide(update({"views": 1}))["decisions"] == []


def test_a_prediction_the_real_view_refutes_is_withdrawn(make_engine):
    engine = make_engine([rule("badge", placement="slot", slot="s", ahead=True),
                          rule("other", placement="slot", slot="t", ahead=True)],
                         [views_at_least(3), lambda s: True])
    applied = update({"views": 2}, ahead=["badge", "other"], occupied=["slot:s", "slot:t"])
    reply = engine.decide(applied)
    assert reply["withdraw"] == ["badge"]
    assert reply["decisions"] == [], "applied slots stay taken: nothing drawn twice"
    confirmed = update({"views": 3}, ahead=["badge"], occupied=["slot:s"])
    assert make_engine([rule("badge", placement="slot", slot="s", ahead=True)],
                       [views_at_least(3)]).decide(confirmed)["withdraw"] == []


def test_a_prediction_that_a_cap_now_forbids_is_withdrawn(make_engine):
    """Shown by the engine on the view after the prediction was made: a once-per-session
    rule drawn ahead on the next view breaks its cap, and goes."""
    once = [{"count": 1, "per": "session"}]
    engine = make_engine([rule("badge", placement="slot", slot="s", ahead=True, limit=once)],
                         [lambda s: True])
    start = NOW - 500  # this view's start; the exposure drawn ahead is at or after it
    earlier_view = update(ahead=["badge"], occupied=["slot:s"],
                          exposures={"badge": [NOW - 900, start + 10]})
    assert engine.decide(earlier_view)["withdraw"] == ["badge"]
    only_ahead = update(ahead=["badge"], occupied=["slot:s"], exposures={"badge": [start + 10]})
    assert make_engine([rule("badge", placement="slot", slot="s", ahead=True, limit=once)],
                       [lambda s: True]).decide(only_ahead)["withdraw"] == []


def test_controls_are_decided_ahead_too_so_experiment_arms_count_alike(make_engine):
    arms = [{"name": "control", "weight": 0.5, "control": True},
            {"name": "treatment", "weight": 0.5, "control": False}]
    engine = make_engine([rule("exp", placement="slot", slot="s", ahead=True, variants=arms)],
                         [lambda s: True])
    seen = set()
    for visitor in ("a", "b", "c", "d", "e", "f", "g", "h"):
        current = update()
        current["next"] = update(visitor_id=visitor)
        [decision] = engine.decide(current)["next"]
        seen.add((decision["variant"], decision["html"] is None))
    assert seen == {("control", True), ("treatment", False)}


def test_capped_rules_say_so(make_engine):
    engine = make_engine([rule("capped", placement="slot", slot="s", ahead=True,
                               limit=[{"count": 1, "per": "session"}]),
                          rule("free", placement="slot", slot="t", ahead=True)],
                         [lambda s: True, lambda s: True])
    current = update()
    current["next"] = update()
    assert {d["rule"]: d["capped"] for d in engine.decide(current)["next"]} == {
        "capped": True, "free": False}


def test_a_withdrawn_slot_is_free_for_the_rule_that_holds_in_the_same_answer(make_engine):
    engine = make_engine([rule("badge", priority=9, placement="slot", slot="s", ahead=True),
                          rule("fallback", priority=1, placement="slot", slot="s")],
                         [views_at_least(3), lambda s: True])
    reply = engine.decide(update({"views": 2}, ahead=["badge"], occupied=["slot:s"]))
    assert reply["withdraw"] == ["badge"]
    assert [d["rule"] for d in reply["decisions"]] == ["fallback"]
