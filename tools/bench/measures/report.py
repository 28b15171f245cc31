"""`build.py report` at scale: the wall time and the peak memory (RSS, sampled) of a report over
10 million sink events (1 million with --quick) of the synthetic demo store, in its own process,
as it comes and with DuckDB capped at 1 GB (`--memory 1GB`). The baseline, measured in the same
run: DuckDB merely reading the same file's columns (`count(*)` over `read_json`), the floor any
report over it pays. The events file is written once per run, before the clock starts."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil

from analytics.events.sink import select
from analytics.events.synthetic import demo_ir
from compiler.paths import ROOT
from tools.synthetic_events import write

from ..table import Row

PART = "report"
KEY = "report"
SERVER = None
TARGET_S = 30  # issue 16: 10 million events under 30 s on this machine


def _report(events: Path, ir: Path, out: Path, *extra: str) -> dict:
    command = [sys.executable, str(ROOT / "build.py"), "report", str(events), "--rules", str(ir),
               "--json", str(out), *extra]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    tree, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, tree.memory_info().rss)
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        return {"error": process.stderr.read().strip()[-500:]}
    report = json.loads(out.read_text())
    return {"wall_s": round(seconds, 2), "peak_rss_mb": round(peak / 2**20, 1),
            "visitors": report["events"]["visitors_exposed"]}


def _scan(events: Path) -> float:
    con = duckdb.connect()
    started = time.perf_counter()
    con.execute(f"SELECT count(*), count(DISTINCT visitor) FROM ({select([str(events)])})").fetchone()
    seconds = time.perf_counter() - started
    con.close()
    return round(seconds, 2)


def measure(run) -> dict:
    size = 1_000_000 if run.settings.quick else 10_000_000
    events, ir = run.tmp / "report-events.jsonl", run.tmp / "report-ir.json"
    started = time.perf_counter()
    visitors, written = write(events, events=size)
    ir.write_text(json.dumps(demo_ir()))
    result = {"events": written, "visitors": visitors, "bytes": events.stat().st_size,
              "write_s": round(time.perf_counter() - started, 1), "scan_s": _scan(events),
              "report": _report(events, ir, run.tmp / "report.json"),
              "capped": _report(events, ir, run.tmp / "report-capped.json", "--memory", "1GB")}
    events.unlink()
    return result


def rows(results: dict) -> list[Row]:
    r = results.get("report")
    if not r:
        return []
    for key in ("report", "capped"):
        if "error" in r[key]:
            return [Row("report", "build.py report", r[key]["error"][:100], verdict="ERROR")]
    full, capped = r["report"], r["capped"]
    label = (f"{r['events'] / 1e6:,.0f} million events ({r['bytes'] / 2**30:.1f} GiB, "
             f"{r['visitors']:,} visitors)")
    target = f"< {TARGET_S} s" if r["events"] >= 9_000_000 else ""
    verdict = ("PASS" if full["wall_s"] < TARGET_S else "MISS") if target else ""
    return [
        Row("report", f"report over {label}", f"{full['wall_s']:.1f} s, peak {full['peak_rss_mb']:,.0f} MB "
            f"({full['wall_s'] / r['scan_s']:.2f}x DuckDB reading the file: {r['scan_s']:.1f} s)", target,
            verdict),
        Row("report", "the same, DuckDB capped (--memory 1GB)", f"{capped['wall_s']:.1f} s, peak "
            f"{capped['peak_rss_mb']:,.0f} MB ({capped['wall_s'] / full['wall_s']:.2f}x uncapped)"),
    ]
