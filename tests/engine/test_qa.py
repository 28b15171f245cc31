"""QA links in the engine: forced variants, rules forced off, previews; all marked `qa`."""

from test_engine import NOW, rule, update


def qa_update(force=None, preview=None, **history):
    u = update(**history)
    u["qa"] = {"force": force or {}, "preview": preview}
    return u


def test_a_forced_variant_wins_over_the_visitors_bucket_and_is_marked(make_engine):
    split = rule("split", variants=[{"name": "control", "weight": 50, "control": True},
                                    {"name": "badge", "weight": 50, "control": False}])
    engine = make_engine([split], [lambda s: True])
    for forced in ("control", "badge"):
        (decision,) = engine.decide(qa_update(force={"split": forced}))["decisions"]
        assert (decision["variant"], decision["qa"]) == (forced, True)
        assert (decision["html"] is None) == (forced == "control")


def test_forcing_the_holdout_or_off(make_engine):
    held = rule("held", holdout=10)
    engine = make_engine([held], [lambda s: True])
    (decision,) = engine.decide(qa_update(force={"held": "holdout"}))["decisions"]
    assert (decision["variant"], decision["html"], decision["qa"]) == ("holdout", None, True)
    assert engine.decide(qa_update(force={"held": "off"}))["decisions"] == []


def test_off_frees_the_place_for_the_next_rule(make_engine):
    engine = make_engine([rule("first", priority=9), rule("second", priority=1)],
                         [lambda s: True, lambda s: True])
    reply = engine.decide(qa_update(force={"first": "off"}))
    assert [d["rule"] for d in reply["decisions"]] == ["second"]


def test_a_preview_bypasses_condition_and_caps(make_engine):
    capped = rule("capped", limit=[{"count": 1, "per": "visitor"}])
    engine = make_engine([capped, rule("other", priority=-1)], [lambda s: False, lambda s: True])
    reply = engine.decide(qa_update(preview="capped", exposures={"capped": [NOW - 10 ** 9]}))
    (decision,) = reply["decisions"]
    assert (decision["rule"], decision["qa"], decision["preview"]) == ("capped", True, True)
    assert decision["html"]


def test_without_qa_nothing_changes(make_engine):
    split = rule("split", variants=[{"name": "control", "weight": 50, "control": True},
                                    {"name": "badge", "weight": 50, "control": False}])
    engine = make_engine([split], [lambda s: True])
    plain = engine.decide(update())["decisions"]
    assert "qa" not in plain[0]
    bogus = update()
    bogus["qa"] = "not a mapping"  # a malformed qa field is ignored, never an error
    assert engine.decide(bogus)["decisions"] == plain
