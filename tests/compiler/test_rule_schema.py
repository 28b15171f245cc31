"""Rule keys carried into the IR: limits, cooldown, schedule, variants, holdout, params, enabled."""

from compiler_testkit import build


def rule_ir(extra: str, show: str = "{ snippet: trust_badge, slot: s }") -> dict:
    ir, _ = build(f"rules:\n  - id: r\n    when: page.dwell > 1s\n    show: {show}\n{extra}")
    return ir["rules"][0]


def test_defaults():
    r = rule_ir("")
    assert {k: r[k] for k in ("moment", "enabled", "priority", "limit", "cooldown", "schedule",
                              "variants", "holdout")} == {
        "moment": None, "enabled": True, "priority": 0, "limit": [], "cooldown": None,
        "schedule": None, "variants": [], "holdout": 0}
    assert r["show"] == {"snippet": "trust_badge", "placement": "slot", "slot": "s", "params": {}}
    assert r["source"] == {"file": "rules/pdp.yaml", "line": 2}


def test_limits_in_words_and_numbers():
    r = rule_ir("    limit: [3 per visitor, once per session, twice per day, 5 times per pageview]\n")
    assert r["limit"] == [{"count": 5, "per": "pageview"}, {"count": 1, "per": "session"},
                          {"count": 2, "per": "day"}, {"count": 3, "per": "visitor"}]


def test_cooldown_holdout_priority_enabled():
    r = rule_ir("    cooldown: 90s\n    holdout: 5%\n    priority: -3\n    enabled: false\n")
    assert (r["cooldown"], r["holdout"], r["priority"], r["enabled"]) == (90_000, 5, -3, False)


def test_schedule_fills_days_and_hours():
    r = rule_ir("    schedule:\n      start: 2025-11-28\n      end: 2025-12-01\n"
                "      days: [sun, fri, sat]\n")
    assert r["schedule"] == {"start": "2025-11-28", "end": "2025-12-01",
                             "days": ["fri", "sat", "sun"], "hours": [[0, 24]]}
    r = rule_ir('    schedule: { hours: ["14-18", "9-12"] }\n')
    assert r["schedule"]["hours"] == [[9, 12], [14, 18]]
    assert rule_ir("    schedule: { hours: 9-17 }\n")["schedule"]["hours"] == [[9, 17]]
    assert r["schedule"]["days"] == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def test_variants_keep_their_order_and_mark_the_control():
    r = rule_ir("    variants: { badge_a: 45%, control: 10%, badge_b: 45% }\n")
    assert r["variants"] == [{"name": "badge_a", "weight": 45, "control": False},
                             {"name": "control", "weight": 10, "control": True},
                             {"name": "badge_b", "weight": 45, "control": False}]


def test_params_are_typed():
    r = rule_ir("", '{ snippet: review_popup, placement: toast, params: { title: 2025, '
                    'max_reviews: 5 } }')
    assert r["show"]["params"] == {"title": "2025", "max_reviews": 5}


def test_rules_are_sorted_by_priority_then_id():
    ir, _ = build("rules:\n" + "".join(
        f"  - id: {i}\n    when: page.dwell > 1s\n    show: {{ snippet: trust_badge, slot: {i} }}\n"
        f"    priority: {p}\n" for i, p in (("b", 1), ("a", 1), ("c", 5))))
    assert [r["id"] for r in ir["rules"]] == ["c", "a", "b"]


def test_watch_lists_thresholds_with_the_signal_on_the_left():
    ir, _ = build('rules:\n  - id: r\n    when: 30s < page.dwell and section("#r").dwell >= 5s '
                  'and page.type == "product" and not section("#x").seen\n'
                  "    show: { snippet: trust_badge, slot: s }\n")
    assert ir["rules"][0]["watch"] == {
        "signals": ["page.type", "section"],
        # Each mark names the page types its rule can hold on (there only, it wakes the engine).
        "thresholds": {"page.dwell": [[30000, ">", ["product"]]],
                       "section.dwell": {"#r": [[5000, ">=", ["product"]]]}},
        "sections": ["#r", "#x"]}
    assert ir["watch"]["sections"] == ["#r", "#x"]


def test_disabled_rules_are_not_watched():
    ir, _ = build("rules:\n  - id: r\n    when: page.scroll > 50%\n    enabled: false\n"
                  "    show: { snippet: trust_badge, slot: s }\n")
    assert ir["rules"][0]["watch"]["thresholds"] == {"page.scroll": [[50, ">"]]}
    assert ir["watch"] == {"signals": [], "thresholds": {}, "sections": []}
