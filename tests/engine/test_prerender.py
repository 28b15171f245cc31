"""Page-load moments decided ahead: the engine renders, for the next view of the same page,
the slot decisions it would make there, and withdraws ones the view's real facts refute."""

from test_engine import NOW, rule, update


def views_at_least(n):
    return lambda s: s["views"] >= n


def test_only_page_load_slot_rules_are_predicted_with_their_html(make_engine):
    engine = make_engine(
        [rule("badge", placement="slot", slot="pdp-trust", preload=True),
         rule("popup", preload=False)],
        [views_at_least(3), lambda s: True])
    current = update({"views": 2})
    current["next"] = update({"views": 3})
    reply = engine.decide(current)
    assert [d["rule"] for d in reply["decisions"]] == ["popup"], "this view: 2 views, no badge"
    assert [d["rule"] for d in reply["next"]] == ["badge"]
    assert reply["next"][0]["html"] and reply["next"][0]["slot"] == "pdp-trust"


def test_predictions_respect_caps_and_one_snippet_per_slot(make_engine):
    engine = make_engine(
        [rule("first", priority=9, placement="slot", slot="s", preload=True,
              limit=[{"count": 1, "per": "session"}]),
         rule("second", priority=1, placement="slot", slot="s", preload=True)],
        [lambda s: True, lambda s: True])
    current = update()
    current["next"] = update(exposures={"first": [NOW - 100]})  # shown this session already
    assert [d["rule"] for d in engine.decide(current)["next"]] == ["second"]
    current["next"] = update()
    assert [d["rule"] for d in engine.decide(current)["next"]] == ["first"]


def test_no_prediction_without_a_next_view_and_predicting_changes_no_state(make_engine):
    engine = make_engine([rule("badge", placement="slot", slot="s", preload=True)],
                         [views_at_least(3)])
    assert "next" not in engine.decide(update({"views": 1}))
    current = update({"views": 1})
    current["next"] = update({"views": 3})
    engine.decide(current)
    assert engine.truth == [False], "the hypothetical view does not leak into this view's state"
    assert engine.decide(update({"views": 1}))["decisions"] == []


def test_a_prediction_the_real_view_refutes_is_withdrawn(make_engine):
    engine = make_engine([rule("badge", placement="slot", slot="s", preload=True),
                          rule("other", placement="slot", slot="t", preload=True)],
                         [views_at_least(3), lambda s: True])
    applied = update({"views": 2}, prerendered=["badge", "other"], occupied=["slot:s", "slot:t"])
    reply = engine.decide(applied)
    assert reply["withdraw"] == ["badge"]
    assert reply["decisions"] == [], "applied slots stay taken: nothing drawn twice"
    confirmed = update({"views": 3}, prerendered=["badge"], occupied=["slot:s"])
    assert make_engine([rule("badge", placement="slot", slot="s", preload=True)],
                       [views_at_least(3)]).decide(confirmed)["withdraw"] == []
