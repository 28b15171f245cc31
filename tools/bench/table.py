"""The benchmark's table: one row per figure (section, metric, figure, target, verdict), printed
with the run's settings and load; each measurement module contributes its own rows."""

from __future__ import annotations

import os
from dataclasses import dataclass

from .harness.settings import Settings

# Sections in the order the table prints them (rows keep their part's order within a section).
SECTIONS = ("bytes", "main thread", "vitals", "layout", "ready", "ahead", "latency", "engine", "growth",
            "build", "simulate", "predict", "report")


@dataclass
class Row:
    section: str
    metric: str
    figure: str
    target: str = ""
    verdict: str = ""  # PASS, MISS, "" (information), ERROR


def ms(s: dict | None, digits: int = 0) -> str:
    """A timing's median with its spread."""
    if not s or s.get("median") is None:
        return "n/a"
    return f"{s['median']:,.{digits}f} ms ({s['min']:,.{digits}f}-{s['max']:,.{digits}f})"


def count(x: float) -> str:
    """A count's median: whole when it is (an even number of runs can give a half)."""
    return f"{x:.0f}" if float(x).is_integer() else f"{x:.1f}"


def verdict(ok: bool | None) -> str:
    return "ERROR" if ok is None else ("PASS" if ok else "MISS")


def rows_for(results: dict, parts) -> list[Row]:
    """Every part's rows, sorted into the table's sections, then the failed measurements."""
    rows = [row for part in parts for row in part.rows(results)]
    rows.sort(key=lambda row: SECTIONS.index(row.section) if row.section in SECTIONS else len(SECTIONS))
    for name, message in results.get("errors", {}).items():
        rows.append(Row(name, "measurement failed", message[:100], verdict="ERROR"))
    return rows


def print_table(rows: list[Row], settings: Settings, seconds: float, load: tuple) -> None:
    widths = [max(len(getattr(r, f)) for r in rows) for f in ("section", "metric", "figure", "target")]
    widths = [max(w, len(h)) for w, h in zip(widths, ("section", "metric", "figure", "target"), strict=True)]
    line = "  ".join(f"{{:<{w}}}" for w in widths) + "  {}"
    print(f"\nKairos runtime benchmark ({settings.profile} profile, {'quick, ' if settings.quick else ''}"
          f"{settings.runs} runs; "
          f"{seconds:.0f} s; medians with min-max; load average {load[0]:.1f} at start, "
          f"{os.getloadavg()[0]:.1f} at end on {os.cpu_count()} CPUs)\n")
    print(line.format("section", "metric", "figure", "target", "verdict"))
    print(line.format(*("-" * w for w in widths), "-------"))
    for r in rows:
        print(line.format(r.section, r.metric, r.figure, r.target, r.verdict))
    verdicts = [r.verdict for r in rows if r.verdict]
    counts = {v: verdicts.count(v) for v in ("PASS", "MISS", "ERROR")}
    print(f"\n{counts['PASS']} PASS, {counts['MISS']} MISS, {counts['ERROR']} ERROR\n")
