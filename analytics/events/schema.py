"""The one schema every source is read into (the DuckDB view `events`), one row per event:

    type       exposure | click | dismiss | conversion | answer
    ts         epoch milliseconds
    rule       the rule's id
    variant    the variant name, "control", "holdout", or "default" (no experiment: everyone shown)
    visitor    the unit of assignment (the sink's visitor id; GA4's user_pseudo_id)
    session    a session id unique across visitors, or NULL
    device     mobile | tablet | desktop | other | unknown
    returning  TRUE for a returning visitor, FALSE for a new one, NULL when unknown
    qa         TRUE for QA previews (excluded from every figure)
    event      a conversion's GA4 event: add_to_cart | purchase (NULL for other types)
    value      a conversion's value (NULL for other types)
    question, answer   a quick_question's answer (NULL for other types)
"""

COLUMNS = ("type", "ts", "rule", "variant", "visitor", "session", "device", "\"returning\"", "qa", "event",
           "value", "question", "answer")
DEVICES = ("mobile", "tablet", "desktop")


def device_sql(expression: str) -> str:
    """A device class from a raw one: the three the contract names, `other`, or `unknown`."""
    known = ", ".join(f"'{d}'" for d in DEVICES)
    return (f"CASE WHEN {expression} IS NULL THEN 'unknown' WHEN lower({expression}) IN ({known}) "
            f"THEN lower({expression}) ELSE 'other' END")
