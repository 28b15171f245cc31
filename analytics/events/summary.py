"""The events summed in DuckDB to the few numbers the statistics need: one pass over the
events to one row per (rule, visitor), then sums per rule and variant (all visitors, per device
class, per new vs returning). Only those sums reach Python."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from .read import Events

UNITS = """
    CREATE OR REPLACE TEMP TABLE units AS
    SELECT rule, visitor, qa_events, exposures, first.variant AS variant, mixed, first.device AS device,
        first."returning" AS "returning", clicks, dismisses, adds, purchases, revenue, answer_events, said
    FROM (
        SELECT rule, visitor,
            count(*) FILTER (WHERE qa) AS qa_events,
            count(*) FILTER (WHERE live AND type = 'exposure') AS exposures,
            -- The first exposure names the visitor's variant, device and new vs returning (one
            -- state for the three); a visitor seen in two variants is counted in the first.
            arg_min({'variant': variant, 'device': device, 'returning': "returning"}, ts)
                FILTER (WHERE live AND type = 'exposure') AS first,
            min(variant) FILTER (WHERE live AND type = 'exposure')
                <> max(variant) FILTER (WHERE live AND type = 'exposure') AS mixed,
            count(*) FILTER (WHERE live AND type = 'click') AS clicks,
            count(*) FILTER (WHERE live AND type = 'dismiss') AS dismisses,
            count(*) FILTER (WHERE live AND type = 'conversion' AND event = 'add_to_cart') AS adds,
            count(*) FILTER (WHERE live AND type = 'conversion' AND event = 'purchase') AS purchases,
            coalesce(sum(value) FILTER (WHERE live AND type = 'conversion' AND event = 'purchase'), 0)
                AS revenue,
            count(*) FILTER (WHERE live AND type = 'answer') AS answer_events,
            list({'q': question, 'a': answer}) FILTER (
                WHERE live AND type = 'answer' AND question IS NOT NULL AND answer IS NOT NULL) AS said
        FROM (SELECT *, NOT qa AS live FROM events WHERE rule IS NOT NULL)
        GROUP BY rule, visitor)"""

CELLS = """
    SELECT rule, variant,
        CASE WHEN GROUPING(device) = 0 THEN 'device' WHEN GROUPING(segment) = 0 THEN 'visitor' ELSE 'all' END,
        CASE WHEN GROUPING(device) = 0 THEN device WHEN GROUPING(segment) = 0 THEN segment ELSE 'all' END,
        count(*), count(*) FILTER (WHERE clicks > 0), sum(clicks), sum(dismisses),
        count(*) FILTER (WHERE adds > 0), sum(adds), count(*) FILTER (WHERE purchases > 0), sum(purchases),
        sum(revenue), sum(revenue * revenue), count(*) FILTER (WHERE mixed)
    FROM (SELECT *, CASE WHEN "returning" THEN 'returning' WHEN NOT "returning" THEN 'new' ELSE 'unknown' END
                    AS segment FROM units WHERE exposures > 0)
    GROUP BY GROUPING SETS ((rule, variant), (rule, variant, device), (rule, variant, segment))"""

ANSWERS = """
    SELECT rule, variant, s.q, s.a, count(*)
    FROM (SELECT DISTINCT rule, visitor, variant, unnest(said) AS s
          FROM units WHERE exposures > 0 AND said IS NOT NULL)
    GROUP BY ALL"""

COUNTS = """
    SELECT count(*) FILTER (WHERE exposures > 0), coalesce(sum(exposures), 0), coalesce(sum(clicks), 0),
        coalesce(sum(dismisses), 0), coalesce(sum(adds + purchases), 0), coalesce(sum(answer_events), 0),
        coalesce(sum(qa_events), 0),
        coalesce(sum(adds + purchases + clicks + dismisses + answer_events) FILTER (WHERE exposures = 0), 0)
    FROM units"""


@dataclass
class Cell:
    """Sums over the exposed visitors of one rule, variant and segment."""

    visitors: int = 0
    clickers: int = 0
    clicks: int = 0
    dismisses: int = 0
    adders: int = 0
    adds: int = 0
    buyers: int = 0
    purchases: int = 0
    revenue: float = 0.0
    revenue_sq: float = 0.0
    mixed: int = 0  # visitors seen in more than one variant (counted in their first)


@dataclass
class Summary:
    counts: dict
    cells: dict = field(default_factory=dict)  # (rule, variant, dimension, segment) -> Cell
    answers: list = field(default_factory=list)  # (rule, variant, question, answer, visitors)

    def rules(self) -> list[str]:
        return sorted({key[0] for key in self.cells})

    def variants(self, rule: str) -> list[str]:
        return sorted({key[1] for key in self.cells if key[0] == rule})


def summarize(events: Events) -> Summary:
    """The sums of `events` (raises duckdb.Error when a file cannot be read)."""
    con: duckdb.DuckDBPyConnection = events.con
    con.execute(UNITS)
    names = ("visitors_exposed", "exposure", "click", "dismiss", "conversion", "answer", "qa_excluded",
             "without_exposure")
    counts = dict(zip(names, (int(x) for x in con.execute(COUNTS).fetchone()), strict=True))
    summary = Summary(counts)
    for rule, variant, dimension, segment, *sums in con.execute(CELLS).fetchall():
        numbers = [int(x) for x in sums[:8]] + [float(sums[8]), float(sums[9]), int(sums[10])]
        summary.cells[(rule, variant, dimension, segment)] = Cell(*numbers)
    summary.answers = sorted((r, v, q, a, int(n)) for r, v, q, a, n in con.execute(ANSWERS).fetchall())
    con.execute("DROP TABLE units")
    return summary
