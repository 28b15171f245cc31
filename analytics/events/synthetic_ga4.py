"""The synthetic events (synthetic.py) as a GA4 BigQuery export: the rows a store's export
holds after GTM forwards Kairos's dataLayer pushes (`kairos_exposure` with
`experience_impression`, `kairos_click`, `kairos_dismiss`, `kairos_answer`, `kairos_conversion`)
beside the store's own `page_view`, `add_to_cart` and `purchase` (an add to cart before the
exposure, and a purchase counted twice by a reloaded thank-you page, for the reader to leave out).
QA previews are not in it (they never reach GA4). JSON Lines as `bq extract` writes them (INT64 as
strings) or Parquet."""

from __future__ import annotations

from pathlib import Path

from .synthetic import QUESTION, Synthetic, connect, count

NULL_VALUE = {"string_value": "NULL::VARCHAR", "int_value": "NULL::BIGINT", "float_value": "NULL::DOUBLE",
              "double_value": "NULL::DOUBLE"}


def param(key: str, kind: str, sql: str) -> str:
    """SQL of one event_params record: `kind` is string_value, int_value or double_value."""
    value = ", ".join(f"'{name}': {sql if name == kind else null}" for name, null in NULL_VALUE.items())
    return f"{{'key': '{key}', 'value': {{{value}}}}}"


SESSION = [param("ga_session_id", "int_value", "(start_ms // 1000)::BIGINT"),
           param("ga_session_number", "int_value", "number::BIGINT"),
           param("page_location", "string_value", "'https://store.example/p/sku-' || (sk % 12)::VARCHAR")]
KAIROS = [param("kairos_rule", "string_value", "rule"),
          param("kairos_variant", "string_value", "CASE WHEN variant = 'default' THEN NULL ELSE variant END")]
ITEMS = ("[{'item_id': 'sku-' || (sk % 12)::VARCHAR, 'item_name': 'Product ' || (sk % 12)::VARCHAR, "
         "'price': price, 'quantity': 1::BIGINT}]")
VALUE = [param("value", "double_value", "price"), param("currency", "string_value", "'EUR'")]
ECOMMERCE = "{'purchase_revenue': price, 'transaction_id': 'T' || sk::VARCHAR}"

# name: (offset ms, condition, extra params, ecommerce, items)
ROWS = {
    "page_view": (0, "true", [], None, None),
    "add_to_cart#before": (2_000, "added_before", VALUE, None, ITEMS),
    "kairos_exposure": (10_000, "{kairos}", [*KAIROS, param("kairos_snippet", "string_value", "snippet"),
                                             param("kairos_placement", "string_value", "'slot'")],
                        None, None),
    "experience_impression": (10_000, "true", [param(
        "exp_variant_string", "string_value", "'KAIROS-' || rule || '-' || variant")], None, None),
    "kairos_dismiss": (12_000, "dismissed AND NOT clicked", KAIROS, None, None),
    "kairos_click": (15_000, "clicked", [*KAIROS, param("kairos_target", "string_value", "'all-reviews'")],
                     None, None),
    "kairos_answer": (20_000, "answer_at > 0", [
        *KAIROS, param("kairos_question", "string_value", f"'{QUESTION}'"),
        param("kairos_answer", "string_value", "answers[answer_at]")], None, None),
    "add_to_cart": (60_000, "added", VALUE, None, ITEMS),
    "kairos_conversion#add": (60_000, "added", [
        *KAIROS, param("kairos_event", "string_value", "'add_to_cart'"), *VALUE], None, None),
    "purchase": (240_000, "added AND bought_if_added", [param("transaction_id", "string_value",
                                                              "'T' || sk::VARCHAR")], ECOMMERCE, ITEMS),
    "purchase#reload": (300_000, "added AND bought_if_added AND added_before", [], ECOMMERCE, ITEMS),
}


def _select(name: str, offset: int, condition: str, params: list, ecommerce: str | None, items: str | None,
            kairos: bool) -> str:
    event = name.split("#")[0]
    stamp = f"(start_ms + {offset}) * 1000 + sk % 997"
    listed = ", ".join(SESSION + params)
    return f"""
        SELECT strftime(make_timestamp(({stamp})::BIGINT), '%Y%m%d') AS event_date,
               ({stamp})::BIGINT AS event_timestamp, '{event}' AS event_name, [{listed}] AS event_params,
               (1000000000 + hash(i * 64 + 9) % 1000000000)::VARCHAR || '.' || (first_ms // 1000)::VARCHAR
                   AS user_pseudo_id,
               {{'category': device, 'operating_system': 'Android', 'language': 'en-us'}} AS device,
               {ecommerce or "NULL::STRUCT(purchase_revenue DOUBLE, transaction_id VARCHAR)"} AS ecommerce,
               {items or "NULL::STRUCT(item_id VARCHAR, item_name VARCHAR, price DOUBLE, quantity BIGINT)[]"}
                   AS items
        FROM sessions WHERE NOT qa AND ({condition.format(kairos=str(kairos).lower())})"""


# As `bq extract --destination_format NEWLINE_DELIMITED_JSON` writes them: INT64 as strings.
AS_BQ_JSON = """
    SELECT event_date, event_timestamp::VARCHAR AS event_timestamp, event_name,
           list_transform(event_params, lambda p: {'key': p.key, 'value': {
               'string_value': p.value.string_value, 'int_value': p.value.int_value::VARCHAR,
               'float_value': p.value.float_value, 'double_value': p.value.double_value}}) AS event_params,
           user_pseudo_id, device, ecommerce,
           list_transform(items, lambda x: {'item_id': x.item_id, 'item_name': x.item_name, 'price': x.price,
                                            'quantity': x.quantity::VARCHAR}) AS items
    FROM rows"""


def write_ga4(model: Synthetic, path: Path, container: str = "jsonl", kairos_events: bool = True,
              threads: int | None = None) -> int:
    """Write `model`'s events as a GA4 export (`container` "jsonl" or "parquet"); without
    `kairos_events` the export has exposures only as `experience_impression`. Returns the rows."""
    con = connect(model, threads)
    selects = [_select(name, *spec, kairos=kairos_events) for name, spec in ROWS.items()]
    rows = f"WITH rows AS ({' UNION ALL '.join(selects)}) "
    if container == "parquet":
        con.execute(f"COPY ({rows} SELECT * FROM rows) TO '{path}' (FORMAT PARQUET)")
    else:
        con.execute(f"COPY ({rows} {AS_BQ_JSON}) TO '{path}' (FORMAT JSON)")
    conditions = [spec[1].format(kairos=str(kairos_events).lower()) for spec in ROWS.values()]
    total = count(con, conditions, "NOT qa")
    con.close()
    return total
