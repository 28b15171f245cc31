"""`build.py simulate` at scale: sessions per second on one core and on all cores, and the peak
memory (the whole process tree) at a tenth and at the full number of sessions, which must stay
flat (results are counters, not sessions). Each run is `build.py simulate` in its own process,
on the demo rules and the shopper model. Sessions per CPU-second (the process tree's user + system
time) is the per-core figure that does not depend on what else the machine runs."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import psutil

from compiler.paths import ROOT
from demo_site import RULES

from ..table import Row

PART = "simulate"
KEY = "simulate"
SERVER = None
TARGET_PER_CORE = 500  # sessions per second per core (issue 15)


def _simulate(sessions: int, workers: int, out: Path) -> dict:
    """Run `build.py simulate`; its sessions/s and the process tree's peak RSS (sampled)."""
    command = [sys.executable, str(ROOT / "build.py"), "simulate", str(RULES),
               "--sessions", str(sessions), "--workers", str(workers), "--json", str(out)]
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    tree, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        try:
            rss = tree.memory_info().rss + sum(c.memory_info().rss for c in tree.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the tree, its workers reaped
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode != 0:
        return {"error": process.stderr.read().strip()[-500:]}
    report = json.loads(out.read_text())
    return {"sessions": sessions, "workers": workers, "wall_s": round(seconds, 2), "cpu_s": round(cpu, 2),
            "sessions_per_s": report["run"]["sessions_per_s"], "sessions_per_cpu_s": round(sessions / cpu, 1),
            "peak_rss_mb": round(peak / 2**20, 1), "load": os.getloadavg()[0]}


def measure(run) -> dict:
    cores = len(psutil.Process().cpu_affinity() or []) or 1
    large = 10_000 if run.settings.quick else 100_000
    small = large // 10
    return {
        "cores": cores,
        "one_core": _simulate(small, 1, run.tmp / "simulate-1.json"),
        "all_small": _simulate(small, cores, run.tmp / "simulate-small.json"),
        "all_large": _simulate(large, cores, run.tmp / "simulate-large.json"),
    }


def rows(results: dict) -> list[Row]:
    s = results.get("simulate")
    if not s:
        return []
    if any("error" in s[k] for k in ("one_core", "all_small", "all_large")):
        message = next(s[k]["error"] for k in ("one_core", "all_small", "all_large") if "error" in s[k])
        return [Row("simulate", "build.py simulate", message[:100], verdict="ERROR")]
    one, small, large = s["one_core"], s["all_small"], s["all_large"]
    speedup = large["sessions_per_s"] / one["sessions_per_s"]
    growth = large["peak_rss_mb"] / small["peak_rss_mb"]
    return [
        Row("simulate", f"sessions/s, one core ({one['sessions']:,} sessions)",
            f"{one['sessions_per_s']:,.0f} ({one['sessions_per_cpu_s']:,.0f} per CPU-second)",
            f">= {TARGET_PER_CORE}", "PASS" if one["sessions_per_cpu_s"] >= TARGET_PER_CORE else "MISS"),
        Row("simulate", f"sessions/s, {s['cores']} cores ({large['sessions']:,} sessions)",
            f"{large['sessions_per_s']:,.0f} ({speedup:.2f}x one core; {large['sessions_per_cpu_s']:,.0f} "
            f"per CPU-second; load {large['load']:.1f})", f">= {TARGET_PER_CORE} per core",
            "PASS" if large["sessions_per_cpu_s"] >= TARGET_PER_CORE else "MISS"),
        Row("simulate", f"peak memory, all cores, {small['sessions']:,} / {large['sessions']:,} sessions",
            f"{small['peak_rss_mb']:.0f} / {large['peak_rss_mb']:.0f} MB ({growth:.2f}x)", "flat (~1x)",
            "PASS" if growth <= 1.25 else "MISS"),
    ]
