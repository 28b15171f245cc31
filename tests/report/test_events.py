"""Events in, one schema: the sink's log and a GA4 export (JSON Lines, Parquet, with or without
Kairos's own events) read by DuckDB to the same sums; GA4's rows mapped and attributed as
docs/contracts.md says."""

from __future__ import annotations

import json

import pytest

from analytics.events.ga4 import split_impression
from analytics.events.read import open_events
from analytics.events.summary import summarize
from demo_site.collector import parse_batch

from .conftest import STORE

RULE_IDS = [r.id for r in STORE.rules]


def _sums(path):
    return summarize(open_events([str(path)], rule_ids=RULE_IDS))


def test_every_source_reads_to_the_same_sums(logs):
    sink = _sums(logs["sink"])
    assert sink.counts["qa_excluded"] > 0, "the store has QA previews, left out"
    assert sink.cells[("trust-on-third-visit", "badge-a", "all", "all")].visitors > 1_000
    for name in ("ga4-jsonl", "ga4-parquet", "ga4-impressions"):
        other = _sums(logs[name])
        assert other.answers == sink.answers, name
        assert {k: v for k, v in other.counts.items() if k != "qa_excluded"} == \
            {k: v for k, v in sink.counts.items() if k != "qa_excluded"}, name
        assert other.cells.keys() == sink.cells.keys(), name
        for key, cell in sink.cells.items():
            theirs = other.cells[key]
            counted = ("visitors", "clickers", "clicks", "dismisses", "adders", "adds", "buyers", "purchases")
            assert [getattr(theirs, k) for k in counted] == [getattr(cell, k) for k in counted], (name, key)
            assert theirs.revenue == pytest.approx(cell.revenue), (name, key)


def test_the_synthetic_sink_log_is_what_the_collector_accepts(logs):
    lines = logs["sink"].read_bytes().splitlines()
    assert len(lines) > 10_000
    kinds = set()
    for at in range(0, len(lines), 100):
        events = parse_batch(b"\n".join(lines[at:at + 100]))
        kinds |= {e["type"] for e in events}
    assert kinds == {"exposure", "click", "dismiss", "answer", "conversion"}


def _row(name: str, second: int, user: str, session: int, params: dict | None = None, **extra) -> dict:
    """A GA4 export row as `bq extract` writes it (INT64 as strings)."""
    values = {"ga_session_id": {"int_value": str(session)}, "ga_session_number": {"int_value": "1"}}
    for key, value in (params or {}).items():
        values[key] = {"double_value": value} if isinstance(value, float) else {"string_value": value}
    return {"event_date": "20250101", "event_timestamp": str((1_735_689_600 + second) * 1_000_000),
            "event_name": name, "user_pseudo_id": user, "device": {"category": extra.pop("device", "mobile")},
            "event_params": [{"key": k, "value": v} for k, v in values.items()], **extra}


def test_ga4_conversions_go_to_the_last_exposure_of_their_session(tmp_path):
    purchase = {"ecommerce": {"purchase_revenue": 59.9, "transaction_id": "T-1"}}
    rows = [
        _row("add_to_cart", 5, "u1", 100, {"value": 10.0}),  # before any exposure: nobody's
        _row("kairos_exposure", 10, "u1", 100, {"kairos_rule": "a", "kairos_variant": "x"}),
        _row("experience_impression", 10, "u1", 100, {"exp_variant_string": "KAIROS-a-x"}),
        _row("kairos_exposure", 20, "u1", 100, {"kairos_rule": "b"}, device="smart tv"),
        _row("add_to_cart", 30, "u1", 100, {"value": 10.0}),  # -> b, the last exposure before it
        _row("kairos_conversion", 30, "u1", 100, {"kairos_rule": "b", "kairos_event": "add_to_cart"}),
        _row("purchase", 40, "u1", 100, **purchase),
        _row("purchase", 45, "u1", 100, **purchase),  # the thank-you page reloaded: the same order
        _row("purchase", 90_000, "u1", 200, **purchase | {"ecommerce": {"purchase_revenue": 5.0,
                                                                        "transaction_id": "T-2"}}),
        _row("page_view", 1, "u2", 300),
    ]
    path = tmp_path / "events_20250101.json"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    sums = summarize(open_events([str(path)]))
    b, a = sums.cells[("b", "default", "all", "all")], sums.cells[("a", "x", "all", "all")]
    assert (b.visitors, b.adders, b.adds, b.buyers, b.purchases, b.revenue) == (1, 1, 1, 1, 1, 59.9)
    assert (a.visitors, a.adds, a.purchases) == (1, 0, 0)
    assert ("b", "default", "device", "other") in sums.cells, "a smart TV is `other`"
    assert ("a", "x", "visitor", "new") in sums.cells, "ga_session_number 1: a new visitor"
    assert sums.counts["exposure"] == 2, "experience_impression is not a second exposure"


@pytest.mark.parametrize(("text", "rules", "split"), [
    ("KAIROS-trust-on-third-visit-badge-a", ["trust-on-third-visit"], ("trust-on-third-visit", "badge-a")),
    ("KAIROS-trust-on-third-visit-badge-a", None, ("trust-on-third-visit-badge", "a")),
    ("KAIROS-trust-on-third-visit-default", None, ("trust-on-third-visit", "default")),
    ("KAIROS-a-b-c", ["a", "a-b"], ("a-b", "c")),
    ("KAIROS-", None, None),
    ("OPTIMIZE-exp-1", None, None),
])
def test_an_experience_impression_names_its_rule_and_variant(text, rules, split):
    assert split_impression(text, rules) == split
