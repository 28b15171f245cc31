"""Events in, one schema: the sink's JSON Lines log and a GA4 BigQuery export (JSON Lines or
Parquet) read in place by DuckDB into one view, and summed per rule, variant and visitor
(docs/contracts.md, "Events" and "The lift report")."""
