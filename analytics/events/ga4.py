"""A GA4 BigQuery export (`events_YYYYMMDD` rows, JSON Lines as `bq extract` writes them or
Parquet) as the one schema. Kairos's events reach GA4 through its dataLayer pushes
(`kairos_exposure`, `experience_impression`, `kairos_click`, ...); conversions are the store's own
`add_to_cart` and `purchase`, attributed to the last exposure of the same session before them,
as the sink attributes its conversion events. The mapping is in docs/contracts.md ("Reading a GA4
export")."""

from __future__ import annotations

import re

import duckdb

from .schema import device_sql
from .sink import quote
from .sources import EventsError, Source

PARAMS = ("STRUCT(key VARCHAR, value STRUCT(string_value VARCHAR, int_value BIGINT, float_value DOUBLE, "
          "double_value DOUBLE))[]")
# The columns read from JSON Lines, typed: BigQuery writes INT64 as strings, DuckDB casts them.
JSON_COLUMNS = {
    "event_timestamp": "BIGINT", "event_name": "VARCHAR", "user_pseudo_id": "VARCHAR", "event_params": PARAMS,
    "device": "STRUCT(category VARCHAR)",
    "ecommerce": "STRUCT(purchase_revenue DOUBLE, transaction_id VARCHAR)",
    "items": "STRUCT(item_id VARCHAR, price DOUBLE, quantity BIGINT)[]",
}
REQUIRED = ("event_name", "event_timestamp", "user_pseudo_id", "event_params")
KAIROS = {"kairos_exposure": "exposure", "kairos_click": "click", "kairos_dismiss": "dismiss",
          "kairos_answer": "answer"}
STORE = ("add_to_cart", "purchase")
# `kairos_conversion` is left out on purpose: it repeats a store event the export already has.
NAMES = (*KAIROS, "experience_impression", *STORE)
IMPRESSION = re.compile(r"KAIROS-(.+)-([^-]+)\Z")

MACROS = """
    CREATE OR REPLACE TEMP MACRO ga4_param(ps, k) AS list_filter(ps, lambda p: p.key = k)[1].value;
    CREATE OR REPLACE TEMP MACRO ga4_str(ps, k) AS ga4_param(ps, k).string_value;
    CREATE OR REPLACE TEMP MACRO ga4_int(ps, k) AS coalesce(ga4_param(ps, k).int_value,
        TRY_CAST(ga4_param(ps, k).double_value AS BIGINT), TRY_CAST(ga4_param(ps, k).string_value AS BIGINT));
    CREATE OR REPLACE TEMP MACRO ga4_num(ps, k) AS coalesce(ga4_param(ps, k).double_value,
        ga4_param(ps, k).float_value, ga4_param(ps, k).int_value::DOUBLE,
        TRY_CAST(ga4_param(ps, k).string_value AS DOUBLE));
"""


def _scan(con: duckdb.DuckDBPyConnection, source: Source) -> str:
    """SQL of one file's rows of interest, in GA4's column names (absent optional ones NULL)."""
    path = quote(str(source.path))
    if source.container == "jsonl":
        columns = "{" + ", ".join(f"{quote(k)}: {quote(v)}" for k, v in JSON_COLUMNS.items()) + "}"
        return f"read_json({path}, format = 'newline_delimited', columns = {columns})"
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({path})").fetchall()
    except duckdb.Error as error:
        raise EventsError(f"{source.path}: cannot be read as Parquet ({_first_line(error)})") from None
    present = {name: kind for name, kind, *_ in described}
    missing = [name for name in REQUIRED if name not in present]
    if missing:
        raise EventsError(f"{source.path}: a Parquet file that is not a GA4 export "
                          f"(no {', '.join(missing)} column)")
    if not present["event_params"].endswith("[]") or "key" not in present["event_params"]:
        raise EventsError(f"{source.path}: a Parquet file that is not a GA4 export "
                          f"(event_params is {present['event_params']}, not a list of key/value records)")
    optional = {"device": "NULL::STRUCT(category VARCHAR)",
                "ecommerce": "NULL::STRUCT(purchase_revenue DOUBLE, transaction_id VARCHAR)",
                "items": "NULL::STRUCT(item_id VARCHAR, price DOUBLE, quantity BIGINT)[]"}
    columns = ["event_timestamp::BIGINT AS event_timestamp", "event_name",
               "user_pseudo_id::VARCHAR AS user_pseudo_id", f"event_params::{PARAMS} AS event_params"]
    columns += [name if name in present else f"{null} AS {name}" for name, null in optional.items()]
    columns = ", ".join(columns)
    return f"(SELECT {columns} FROM read_parquet({path}))"


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0]


def _raw_sql(scan: str) -> str:
    """The rows Kairos reads, with their parameters pulled out (one scan of the file)."""
    names = ", ".join(quote(n) for n in NAMES)
    items_value = "list_sum(list_transform(items, lambda i: coalesce(i.price, 0) * coalesce(i.quantity, 1)))"
    return f"""
        SELECT event_name AS name, event_timestamp // 1000 AS ts, user_pseudo_id AS visitor,
               user_pseudo_id || '/' || ga4_int(event_params, 'ga_session_id')::VARCHAR AS session,
               {device_sql("device.category")} AS device,
               ga4_int(event_params, 'ga_session_number') > 1 AS "returning",
               coalesce(ga4_str(event_params, 'kairos_qa') IN ('true', '1'),
                        ga4_int(event_params, 'kairos_qa') = 1, false) AS qa,
               ga4_str(event_params, 'kairos_rule') AS rule,
               ga4_str(event_params, 'kairos_variant') AS variant,
               ga4_str(event_params, 'exp_variant_string') AS impression,
               ga4_str(event_params, 'kairos_question') AS question,
               ga4_str(event_params, 'kairos_answer') AS answer,
               CASE WHEN event_name = 'purchase' THEN coalesce(ecommerce.purchase_revenue,
                        ga4_num(event_params, 'value'), {items_value})
                    WHEN event_name = 'add_to_cart'
                        THEN coalesce(ga4_num(event_params, 'value'), {items_value})
               END AS value,
               coalesce(ecommerce.transaction_id, ga4_str(event_params, 'transaction_id')) AS txn
        FROM {scan} WHERE event_name IN ({names})"""


def split_impression(text: str, rule_ids: list[str] | None) -> tuple[str, str] | None:
    """(rule, variant) of an `exp_variant_string` `KAIROS-<rule>-<variant or 'default'>`. Rule ids
    may hold `-`: with the rules known, the longest id that fits wins; else the last `-` splits."""
    if not text.startswith("KAIROS-"):
        return None
    fitting = [r for r in rule_ids or [] if text.startswith(f"KAIROS-{r}-") and len(text) > len(r) + 8]
    if fitting:
        rule = max(fitting, key=len)
        return rule, text[len(rule) + 8:]
    match = IMPRESSION.match(text)
    return (match.group(1), match.group(2)) if match else None


def load(con: duckdb.DuckDBPyConnection, sources: list[Source], rule_ids: list[str] | None) -> str:
    """Read `sources` into TEMP TABLE ga4_events (the one schema); returns its name."""
    con.execute(MACROS)
    scans = [_raw_sql(_scan(con, s)) for s in sources]
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE ga4_raw AS " + " UNION ALL ".join(scans))
    except duckdb.Error as error:
        where = sources[0].path if len(sources) == 1 else "the GA4 export"
        raise EventsError(f"{where}: not a GA4 export as BigQuery writes it ({_first_line(error)})") from None
    # Each exposure is pushed twice (kairos_exposure and GA4's experience_impression): read the
    # first when the export has it, else fall back to the recommended event alone.
    kairos = con.execute("SELECT count(*) FROM ga4_raw WHERE name = 'kairos_exposure'").fetchone()[0]
    distinct = ("SELECT DISTINCT impression FROM ga4_raw "
                "WHERE name = 'experience_impression' AND impression IS NOT NULL")
    rows = [] if kairos else con.execute(distinct).fetchall()
    pairs = [(text, *split) for (text,) in rows if (split := split_impression(text, rule_ids))]
    con.execute("CREATE OR REPLACE TEMP TABLE ga4_impressions "
                "(impression VARCHAR, rule VARCHAR, variant VARCHAR)")
    if pairs:
        con.executemany("INSERT INTO ga4_impressions VALUES (?, ?, ?)", pairs)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE ga4_events AS
        WITH exposures AS (
            SELECT ts, rule, coalesce(variant, 'default') AS variant, visitor, session, device,
                   "returning", qa
            FROM ga4_raw WHERE name = 'kairos_exposure'
            UNION ALL
            SELECT r.ts, m.rule, m.variant, r.visitor, r.session, r.device, r.returning, r.qa
            FROM ga4_raw r JOIN ga4_impressions m USING (impression) WHERE r.name = 'experience_impression'
        ), conversions AS (
            SELECT * FROM ga4_raw WHERE name IN ('add_to_cart', 'purchase') AND session IS NOT NULL
            QUALIFY name <> 'purchase' OR txn IS NULL
                OR row_number() OVER (PARTITION BY visitor, txn ORDER BY ts) = 1
        )
        SELECT 'exposure' AS type, ts, rule, variant, visitor, session, device, "returning", qa,
               NULL::VARCHAR AS event, NULL::DOUBLE AS value, NULL::VARCHAR AS question,
               NULL::VARCHAR AS answer
        FROM exposures
        UNION ALL
        SELECT CASE name {" ".join(f"WHEN {quote(k)} THEN {quote(v)}" for k, v in KAIROS.items())} END,
               ts, rule, coalesce(variant, 'default'), visitor, session, device, "returning", qa,
               NULL, NULL, question, answer
        FROM ga4_raw WHERE name IN ('kairos_click', 'kairos_dismiss', 'kairos_answer')
        UNION ALL
        SELECT 'conversion', c.ts, e.rule, e.variant, c.visitor, c.session, c.device, c.returning,
               c.qa OR e.qa, c.name, c.value, NULL, NULL
        FROM conversions c ASOF JOIN exposures e ON c.session = e.session AND c.ts >= e.ts""")
    con.execute("DROP TABLE ga4_raw")
    return "ga4_events"
