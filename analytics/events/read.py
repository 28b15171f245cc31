"""Open event files of either source as one DuckDB view, `events`, in the one schema
(schema.py): the sink's logs are read in place at each query, a GA4 export once into a table
(its conversions need attributing to exposures)."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass

import duckdb

from . import ga4, sink
from .schema import COLUMNS
from .sources import EventsError, Source, detect, expand


@dataclass
class Events:
    con: duckdb.DuckDBPyConnection
    sources: list[Source]

    def close(self) -> None:
        """Close the connection and remove its spill folder, if it had one."""
        spill = self.con.execute("SELECT current_setting('temp_directory')").fetchone()[0]
        self.con.close()
        if spill and "kairos-report-" in spill:
            shutil.rmtree(spill, ignore_errors=True)


def connect(threads: int | None = None, memory: str | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB; `memory` (e.g. "1GB") caps it, spilling to the system's temp folder."""
    con = duckdb.connect(":memory:")
    con.execute("SET preserve_insertion_order = false")  # nothing here depends on row order; saves memory
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if memory:
        try:
            con.execute("SET memory_limit = ?", [memory])
        except duckdb.Error:
            raise EventsError(f"--memory {memory}: not a size (as in 1GB or 500MB)") from None
        con.execute("SET temp_directory = ?", [tempfile.mkdtemp(prefix="kairos-report-")])
    return con


def open_events(paths: list[str], kind: str | None = None, rule_ids: list[str] | None = None,
                threads: int | None = None, memory: str | None = None) -> Events:
    """The view `events` over `paths` (files, folders, globs); `kind` forces "sink" or "ga4".
    `rule_ids` resolve GA4 `exp_variant_string`s whose rule ids hold `-`. Raises EventsError."""
    if not paths:
        raise EventsError("no event files given")
    sources = [detect(path, kind) for path in expand(paths)]
    con = connect(threads, memory)
    parts = []
    sinks = [str(s.path) for s in sources if s.kind == "sink"]
    if sinks:
        parts.append(sink.select(sinks))
    exports = [s for s in sources if s.kind == "ga4"]
    if exports:
        parts.append(f"SELECT {', '.join(COLUMNS)} FROM {ga4.load(con, exports, rule_ids)}")
    con.execute("CREATE TEMP VIEW events AS " + " UNION ALL ".join(parts))
    return Events(con, sources)


def describe_error(error: duckdb.Error, sources: list[Source]) -> str:
    """A DuckDB error met while reading `sources`, as one line for people."""
    first = str(error).strip().splitlines()[0]
    first = first.split("Error: ", 1)[-1]
    where = str(sources[0].path) if len(sources) == 1 else "the event files"
    return f"{where}: cannot be read as events ({first})"


__all__ = ["Events", "EventsError", "describe_error", "open_events"]
