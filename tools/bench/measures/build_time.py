"""Build time: wall clock of `build.py build` on the 1,000-rule file after a build of the same
file warmed the caches (--quick: `compiler.api.build` in-process at the fast quality)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from compiler.paths import ROOT

from ..harness.inputs import build_bundle
from ..harness.settings import Settings
from ..harness.stats import stats
from ..table import Row

PART = "build"
KEY = "build"
SERVER = None


def measure(run) -> dict:
    return measure_build_time(run.engine_bundles[1000][0], run.settings, run.tmp)


def measure_build_time(rules: Path, settings: Settings, tmp: Path) -> dict:
    """Wall clock of `build.py build RULES -o DIR` (a new process each time, as a marketer runs
    it), after a build of the same rules warmed the caches. --quick times `build()` in-process
    at the quick brotli quality instead (the CLI's brotli 11 cache may be cold)."""
    times = []
    for i in range(settings.build_runs):
        out = tmp / f"build-time-{i}"
        started = time.perf_counter()
        if settings.quick:
            build_bundle([rules], out, settings.other_quality)
        else:
            command = [sys.executable, str(ROOT / "build.py"), "build", str(rules), "-o", str(out)]
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                return {"error": done.stderr.strip()[-2000:]}
        times.append(time.perf_counter() - started)
        shutil.rmtree(out, ignore_errors=True)
    return {"seconds": stats(times), "rules": 1000,
            "how": f"build() in-process, brotli {settings.other_quality}" if settings.quick
            else "build.py build (brotli 11)"}


def rows(results: dict) -> list[Row]:
    """Seconds to build 1,000 rules."""
    rows: list[Row] = []
    add = rows.append
    b = results.get("build")
    if b:
        add(Row("build", f"1,000 rules, warm caches ({b.get('how', '?')})",
                "error" if "error" in b else f"{b['seconds']['median']:.2f} s "
                f"({b['seconds']['min']:.2f}-{b['seconds']['max']:.2f})",
                verdict="ERROR" if "error" in b else ""))
    return rows
