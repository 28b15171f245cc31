"""The sink's log (JSON Lines of schema-v1 events, docs/contracts.md "Events") as the one schema:
read in place with `read_json`, only the columns the report needs, with their types given (no
sampling guesses)."""

from __future__ import annotations

from .schema import device_sql

TYPES = {
    "v": "BIGINT", "type": "VARCHAR", "ts": "BIGINT", "rule": "VARCHAR", "variant": "VARCHAR",
    "visitor": "VARCHAR", "session": "VARCHAR", "device": "VARCHAR", "returning": "BOOLEAN",
    "qa": "BOOLEAN", "event": "VARCHAR", "value": "DOUBLE", "question": "VARCHAR", "answer": "VARCHAR",
}


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def select(files: list[str]) -> str:
    """SQL selecting the one schema from the sink logs `files` (lines of another version skipped)."""
    columns = "{" + ", ".join(f"{quote(k)}: {quote(v)}" for k, v in TYPES.items()) + "}"
    listed = "[" + ", ".join(quote(f) for f in files) + "]"
    return f"""
        SELECT type, ts, rule, coalesce(variant, 'default') AS variant, visitor, session,
               {device_sql("device")} AS device, "returning", coalesce(qa, false) AS qa,
               event, value, question, answer
        FROM read_json({listed}, format = 'newline_delimited', columns = {columns})
        WHERE v = 1"""
