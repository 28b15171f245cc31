"""Fixtures of the report tests: one synthetic store's events written once per session in every
format the report reads (the sink's log; a GA4 export as JSON Lines, as Parquet, and with
exposures only as `experience_impression`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.events.synthetic import Group, Rule, Synthetic, write_sink
from analytics.events.synthetic_ga4 import write_ga4

STORE = Synthetic(
    rules=(Rule("trust-on-third-visit", (Group("control", 0.5, add_to_cart=0.10),
                                         Group("badge-a", 0.5, add_to_cart=0.115))),
           Rule("quiz-at-checkout", (Group("holdout", 0.1),
                                     Group("default", 0.9, answers={"yes": 0.3, "no": 0.2})),
                snippet="quick_question")),
    visitors=6_000, seed=3, sessions=2, qa=0.01)


@pytest.fixture(scope="session")
def logs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("events")
    paths = {"sink": folder / "kairos-events.jsonl", "ga4-jsonl": folder / "events_20250101.json",
             "ga4-parquet": folder / "events_20250101.parquet",
             "ga4-impressions": folder / "impressions_only.json"}
    write_sink(STORE, paths["sink"])
    write_ga4(STORE, paths["ga4-jsonl"])
    write_ga4(STORE, paths["ga4-parquet"], "parquet")
    write_ga4(STORE, paths["ga4-impressions"], kairos_events=False)
    return paths
