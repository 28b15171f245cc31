"""The raw-timeline case file in the kernel's Python twin: every timeline runs, and the facts
its `expect` block states (worked out by hand) hold. tests/e2e/test_twin_agreement.py runs the
same file in Chromium and requires the twin's updates and answers there exactly."""

import pytest

from tests.cases.expectations import problems
from tests.cases.twin import CASES, epoch, run_twin, timelines

NAMES = [t["name"] for t in timelines()]


@pytest.mark.parametrize("timeline", timelines(), ids=NAMES)
def test_timeline(timeline, twin_renderer):
    run = run_twin(timeline, twin_renderer)
    assert run["updates"] or not timeline["expect"].get("signals")
    assert problems(timeline["expect"], run, epoch(timeline)) == []


def test_the_file_covers_every_signal_and_cap(twin_renderer):
    """Every state key takes a value other than the kernel's default in some update, every
    cap kind is some rule's, and every step kind, device and rule file is used."""
    from kairos_twin.timeline import STEPS

    from compiler.language.vocabulary import SIGNALS
    from tests.cases.twin import rule_set, rules_file

    assert len(NAMES) >= 30 and len(set(NAMES)) == len(NAMES)
    shown = set()
    for timeline in timelines():
        for record in run_twin(timeline, twin_renderer)["updates"]:
            shown |= {k for k, v in record["update"]["signals"].items() if v not in (None, False, 0, [], {})}
    assert sorted(set(SIGNALS) - shown) == []
    rules = rule_set(rules_file(timelines()[0])).ir["rules"]
    periods = {limit["per"] for rule in rules for limit in rule["limit"]}
    assert periods == {"pageview", "session", "day", "visitor"}
    assert any(r["cooldown"] for r in rules) and any(r["schedule"] for r in rules)
    assert any(r["variants"] for r in rules) and any(r["holdout"] for r in rules)
    assert any(r["ahead"] for r in rules)
    assert {step["do"] for t in timelines() for step in t["steps"]} == set(STEPS)
    assert {t.get("device", "desktop") for t in timelines()} == {"desktop", "mobile", "tablet"}
    assert {rules_file(t).name for t in timelines()} == {"twin_rules.yaml", "twin_rules_gated.yaml"}
    assert CASES["case_version"] == 1
