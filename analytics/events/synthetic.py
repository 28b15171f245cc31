"""Seeded synthetic events with a known truth, for the report's acceptance tests and benchmark:
visitors assigned to rules and variants, each session an exposure, perhaps a click, a dismissal,
an answer, an add-to-cart and a purchase, drawn with the probabilities of its group. Written by
DuckDB in the sink's JSON Lines (write_sink) or as a GA4 BigQuery export (synthetic_ga4.py).

Every random draw is DuckDB's `hash` of one integer (seed, row and stream packed together): the
same seed gives the same events in every format, at any thread count."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

START_MS = 1_735_689_600_000  # 2025-01-01 00:00 UTC
DAY_MS = 86_400_000
QUESTION = "Did this help you decide?"


@dataclass(frozen=True)
class Group:
    """A variant of a rule and how its visitors behave, per session."""

    variant: str  # a variant name, "control", "holdout", or "default" (no experiment)
    share: float  # the share of the rule's visitors really assigned to it
    click: float = 0.1
    dismiss: float = 0.1  # of those who do not click
    add_to_cart: float = 0.1
    purchase: float = 0.4  # given an add to cart
    answers: dict = field(default_factory=dict)  # answer -> probability (quick_question rules)


@dataclass(frozen=True)
class Rule:
    id: str
    groups: tuple[Group, ...]
    traffic: float = 1.0  # relative share of visitors who meet this rule
    snippet: str = "trust_badge"

    def ir(self, weights: dict | None = None) -> dict:
        """This rule as an IR rule (docs/contracts.md section 3), configured with `weights` (percent;
        default: the groups' real shares)."""
        weights = weights or {g.variant: round(g.share * 100) for g in self.groups}
        holdout = weights.get("holdout", 0)
        rest = 100 - holdout
        variants = [{"name": g.variant, "weight": round(weights[g.variant] * 100 / rest), "control": g.variant
                     == "control"} for g in self.groups if g.variant not in ("holdout", "default")]
        return {"id": self.id, "variants": variants, "holdout": holdout,
                "show": {"snippet": self.snippet, "placement": "slot", "slot": "pdp-trust", "params": {}}}


@dataclass(frozen=True)
class Synthetic:
    rules: tuple[Rule, ...]
    visitors: int
    seed: int = 0
    sessions: int = 1  # each visitor has 1..sessions sessions, each with an exposure
    returning: float = 0.35  # share of visitors whose first session here is not their first visit
    qa: float = 0.0  # share of visitors that are QA previews (sink only; all in the first group)

    def ir(self) -> dict:
        return {"ir_version": 1, "rules": [r.ir() for r in self.rules]}


def uniform(key: str, stream: int, seed: int) -> str:
    """SQL of a uniform draw in [0, 1) for integer `key` (< 2**34) in `stream` (< 64)."""
    return f"(hash({seed} * 1099511627776 + ({key}) * 64 + {stream})::DOUBLE / 18446744073709551616.0)"


def _pick(draw: str, shares: list[float]) -> str:
    """SQL of the index whose cumulative share holds `draw` (shares are normalized)."""
    total, cumulative, whens = sum(shares), 0.0, []
    for index, share in enumerate(shares[:-1]):
        cumulative += share / total
        whens.append(f"WHEN {draw} < {cumulative!r} THEN {index}")
    return f"CASE {' '.join(whens)} ELSE {len(shares) - 1} END" if whens else "0"


def sessions_table(con: duckdb.DuckDBPyConnection, model: Synthetic) -> None:
    """TEMP TABLE sessions: one row per session with its group's draws (shared by all formats)."""
    s = model.seed
    rows = []
    for r, rule in enumerate(model.rules):
        for g, group in enumerate(rule.groups):
            answers = list(group.answers.items())
            rows.append((r, g, rule.id, rule.snippet, group.variant, group.click, group.dismiss,
                         group.add_to_cart, group.purchase, [a for a, _ in answers], [p for _, p in answers]))
    con.execute("CREATE OR REPLACE TEMP TABLE groups (r INT, g INT, rule VARCHAR, snippet VARCHAR, "
                "variant VARCHAR, p_click DOUBLE, p_dismiss DOUBLE, p_add DOUBLE, p_buy DOUBLE, "
                "answers VARCHAR[], p_answers DOUBLE[])")
    con.executemany("INSERT INTO groups VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    group_case = " ".join(f"WHEN r = {r} THEN {_pick(uniform('i', 1, s), [g.share for g in rule.groups])}"
                          for r, rule in enumerate(model.rules))
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE visitors AS
        SELECT i, r, CASE WHEN {uniform('i', 5, s)} < {model.qa} THEN 0 ELSE CASE {group_case} END END AS g,
               {uniform('i', 5, s)} < {model.qa} AS qa,
               CASE WHEN {uniform('i', 2, s)} < 0.55 THEN 'mobile'
                    WHEN {uniform('i', 2, s)} < 0.65 THEN 'tablet' ELSE 'desktop' END AS device,
               {uniform('i', 3, s)} < {model.returning} AS returning_first,
               1 + floor({uniform('i', 4, s)} * {model.sessions})::INT AS k,
               {START_MS} + floor({uniform('i', 6, s)} * {28 * DAY_MS})::BIGINT AS first_ms,
               format('{{:016x}}', hash({s} * 1099511627776 + i * 64 + 7)) AS visitor
        FROM (SELECT i, {_pick(uniform('i', 0, s), [rule.traffic for rule in model.rules])} AS r
              FROM range({model.visitors}) t(i))""")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE sessions AS
        SELECT v.i * 8 + j AS sk, v.*, j, v.first_ms + j * {3 * DAY_MS} AS start_ms,
               v.returning_first OR j > 0 AS "returning",
               (CASE WHEN v.returning_first THEN 2 ELSE 1 END) + j AS number,
               gr.rule, gr.snippet, gr.variant,
               {uniform('v.i * 8 + j', 10, s)} < gr.p_click AS clicked,
               {uniform('v.i * 8 + j', 11, s)} < gr.p_dismiss AS dismissed,
               {uniform('v.i * 8 + j', 12, s)} < gr.p_add AS added,
               {uniform('v.i * 8 + j', 13, s)} < gr.p_buy AS bought_if_added,
               {uniform('v.i * 8 + j', 15, s)} < 0.05 AS added_before,
               20 + floor({uniform('v.i * 8 + j', 14, s)} * 80) + 0.99 AS price,
               list_position(list_transform(range(len(gr.p_answers)), lambda x:
                   list_sum(gr.p_answers[1:x + 1]) > {uniform('v.i * 8 + j', 16, s)}), true) AS answer_at,
               gr.answers
        FROM (SELECT *, unnest(range(k)) AS j FROM visitors) v JOIN groups gr USING (r, g)""")


COMMON = """'v', 1, 'type', {type},
    'id', format('{{:016x}}', hash({seed} * 1099511627776 + sk * 64 + {stream})),
    'ts', start_ms + {offset}, 'rule', rule, 'snippet', snippet,
    'variant', CASE WHEN variant = 'default' THEN NULL ELSE variant END,
    'placement', 'slot', 'slot', 'pdp-trust',
    'visitor', visitor, 'session', format('{{:016x}}', hash({seed} * 1099511627776 + sk * 64 + 40)),
    'pageview', format('{{:016x}}', hash({seed} * 1099511627776 + sk * 64 + 41)), 'page_type', 'product',
    'device', device, 'returning', "returning", 'qa', qa, 'product', 'sku-' || (sk % 12)::VARCHAR"""

SINK_EVENTS = {  # type: (offset ms, condition, extra keys)
    "exposure": (10_000, "true", "'ahead', false"),
    "click": (15_000, "clicked", "'target', 'all-reviews'"),
    "dismiss": (12_000, "dismissed AND NOT clicked", None),
    "answer": (20_000, "answer_at > 0", f"'question', '{QUESTION}', 'answer', answers[answer_at]"),
    "add_to_cart": (60_000, "added", "'event', 'add_to_cart', 'value', price, 'currency', 'EUR', "
                    "'items', [{'item_id': 'sku-' || (sk % 12)::VARCHAR, 'quantity': 1, 'price': price}], "
                    "'transaction_id', NULL, 'exposure_ts', start_ms + 10000"),
    "purchase": (240_000, "added AND bought_if_added",
                 "'event', 'purchase', 'value', price, 'currency', 'EUR', "
                 "'items', [{'item_id': 'sku-' || (sk % 12)::VARCHAR, 'quantity': 1, 'price': price}], "
                 "'transaction_id', 'T' || sk::VARCHAR, 'exposure_ts', start_ms + 10000"),
}


def connect(model: Synthetic, threads: int | None) -> duckdb.DuckDBPyConnection:
    """A connection holding `model`'s sessions table."""
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    sessions_table(con, model)
    return con


def write_sink(model: Synthetic, path: Path, threads: int | None = None) -> int:
    """Write `model`'s events as the sink's log (JSON Lines, schema v1); returns the lines."""
    con = connect(model, threads)
    selects = []
    for stream, (name, (offset, condition, extra)) in enumerate(SINK_EVENTS.items(), start=20):
        kind = "conversion" if name in ("add_to_cart", "purchase") else name
        fields = COMMON.format(type=f"'{kind}'", seed=model.seed, stream=stream, offset=offset)
        if extra:
            fields += ", " + extra
        selects.append(f"SELECT json_object({fields})::VARCHAR AS line FROM sessions WHERE {condition}")
    # In no particular order: a sort of millions of lines costs more than it shows, and the report
    # does not depend on the order of lines.
    con.execute(f"COPY ({' UNION ALL '.join(selects)}) TO '{path}' "
                "(FORMAT CSV, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\t')")
    lines = count(con, [condition for _, condition, _ in SINK_EVENTS.values()], "true")
    con.close()
    return lines


def count(con: duckdb.DuckDBPyConnection, conditions: list[str], where: str) -> int:
    """How many events `conditions` (one per event kind) make of the sessions `where` holds."""
    total = " + ".join(f"count(*) FILTER (WHERE {c})" for c in conditions)
    return int(con.execute(f"SELECT {total} FROM sessions WHERE {where}").fetchone()[0])


def events_per_visitor(model: Synthetic) -> float:
    """The sink events a visitor of `model` makes on average (QA previews included)."""
    traffic = sum(r.traffic for r in model.rules)
    per_session = 0.0
    for rule in model.rules:
        for group in rule.groups:
            share = rule.traffic / traffic * group.share / sum(g.share for g in rule.groups)
            per_session += share * (1 + group.click + (1 - group.click) * group.dismiss
                                    + sum(group.answers.values()) + group.add_to_cart * (1 + group.purchase))
    return per_session * (1 + model.sessions) / 2


def demo(visitors: int, seed: int = 1, sessions: int = 3) -> Synthetic:
    """A store's month: a badge test with a winner, a reviews rule against a holdout with a lift
    too small to see yet, a quick question (brand lift), and a test whose split is broken."""
    badge = Rule("trust-on-third-visit", (
        Group("control", 0.10, click=0.0, add_to_cart=0.080),
        Group("badge_a", 0.45, click=0.06, add_to_cart=0.096),
        Group("badge_b", 0.45, click=0.05, add_to_cart=0.082)), traffic=0.4)
    reviews = Rule("reviews-for-hesitant-shoppers", (
        Group("holdout", 0.10, click=0.0, add_to_cart=0.100),
        Group("default", 0.90, click=0.12, add_to_cart=0.104)), traffic=0.3, snippet="review_popup")
    question = Rule("quick-question-at-checkout", (
        Group("holdout", 0.10, click=0.0, add_to_cart=0.12, purchase=0.5),
        Group("default", 0.90, click=0.0, add_to_cart=0.12, purchase=0.5,
              answers={"yes, it helped": 0.22, "not really": 0.09})), traffic=0.2, snippet="quick_question")
    shipping = Rule("free-shipping-nudge", (
        Group("control", 0.52, click=0.0, add_to_cart=0.09),
        Group("banner", 0.48, click=0.08, add_to_cart=0.095)), traffic=0.1, snippet="shipping_bar")
    return Synthetic(rules=(badge, reviews, question, shipping), visitors=visitors, seed=seed,
                     sessions=sessions, qa=0.002)


def demo_ir() -> dict:
    """The demo's configured weights: the shipping test was meant to split 50/50."""
    ir = demo(1).ir()
    for rule in ir["rules"]:
        if rule["id"] == "free-shipping-nudge":
            rule["variants"] = [{"name": "control", "weight": 50, "control": True},
                                {"name": "banner", "weight": 50, "control": False}]
    return ir
