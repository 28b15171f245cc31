"""`build.py bench`: build the bundles a run needs, serve them, take each measurement, print."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from compiler.paths import ROOT
from demo_site import RULES

from .harness.browser import CHROMIUM, launch
from .harness.inputs import PAGES, add_stock_pyodide, build_bundle, make_site
from .harness.profiles import PROFILES
from .harness.server import serving
from .harness.settings import TARGETS, Settings, say
from .measures import PARTS, engine
from .table import print_table, rows_for

DEFAULT_OUT = ROOT / "bench-results" / "runtime.json"  # runtime-mobile.json for --profile mobile
NAMES = tuple(part.PART for part in PARTS if part.PART)
# What each profile measures by default: the desktop table as it always was; on the mobile
# profile, the store's own vitals and the decision latency under a 4x slower CPU.
DEFAULT_PARTS = {"desktop": tuple(n for n in NAMES if n != "vitals"), "mobile": ("vitals", "latency")}


@dataclass
class Run:
    """What a measurement gets: the settings, the bundles, and (while it runs) browser and server."""

    settings: Settings
    tmp: Path
    demo: Path
    demo_manifest: dict
    stock_dir: str
    engine_bundles: dict = field(default_factory=dict)  # rule count -> (rules, manifest, features)
    pw: object = None
    browser: object = None
    server: object = None


def run(settings: Settings, tmp: Path, only: set[str]) -> dict:
    from playwright.sync_api import sync_playwright

    results: dict = {"errors": {}, "build_seconds": {}}
    chosen = [part for part in PARTS if part.PART is None or part.PART in only]

    def attempt(part, context: Run) -> None:
        try:
            results[part.KEY] = part.measure(context)
        except Exception as error:  # one failed measurement must not lose the others
            results["errors"][part.KEY] = f"{type(error).__name__}: {error}"
            say(f"{part.KEY} failed: {type(error).__name__}: {error}")

    site = make_site(tmp)
    say("building bundles: demo, scenario (CLS + latency rules), 10 / 100 / 1,000 engine rules "
        "(a few seconds each when the build caches are warm; minutes when they are cold)")
    demo = tmp / "demo"
    manifest, results["build_seconds"]["demo"] = build_bundle([RULES], demo, settings.demo_quality)
    results["demo_quality"] = settings.demo_quality
    results["demo_manifest_totals"] = manifest.get("totals")
    results["demo_files"] = [{k: e[k] for k in ("name", "size", "brotli")} for e in manifest["files"]]
    context = Run(settings, tmp, demo, manifest, add_stock_pyodide(demo, settings.demo_quality))
    bundles = {"demo": demo}
    if any(part.SERVER == "scenario" for part in chosen):
        bundles["scenario"] = tmp / "scenario"
        _, results["build_seconds"]["scenario"] = build_bundle(
            [PAGES / "cls.yaml", PAGES / "latency.yaml"], bundles["scenario"], settings.other_quality)
    if only & {"engine", "growth", "build"}:
        bundles["engine"] = tmp / "engine"
        for count in settings.rule_counts:
            if count != 1000 and not only & {"engine", "growth"}:
                continue
            rules_path, features = engine.write_engine_rules(tmp, count)
            # The 1,000-rule bundle is built as `build.py build` builds it, so the build-time
            # figure runs with warm caches; the others at the fast quality (bytes don't matter).
            quality = 11 if count == 1000 and not settings.quick else settings.other_quality
            m, secs = build_bundle([rules_path], bundles["engine"] / f"r{count}", quality)
            results["build_seconds"][f"engine_{count}"] = secs
            context.engine_bundles[count] = (rules_path, m, features)
    say("bundles built: " + ", ".join(f"{k} {v:.0f}s" for k, v in results["build_seconds"].items()))

    for part in chosen:
        if part.SERVER is None and part.PART is None:
            attempt(part, context)
    with sync_playwright() as pw:
        context.pw, context.browser = pw, launch(pw)
        results["chromium"] = context.browser.version
        for name in ("demo", "scenario", "engine"):
            parts = [part for part in chosen if name == part.SERVER]
            if not parts:
                continue
            with serving(site, bundles[name], isolated=name == "engine") as server:
                context.server = server
                for part in parts:
                    attempt(part, context)
        context.browser.close()
    for part in chosen:
        if part.SERVER is None and part.PART is not None:
            attempt(part, context)
    return results


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="build.py bench", description="Benchmark the Kairos runtime "
                                 "in real Chromium against the demo storefront; not a test.")
    ap.add_argument("--runs", type=int, default=None, help="runs per figure (default 5; 2 with --quick)")
    ap.add_argument("--out", default=None,
                    help="JSON results (default bench-results/runtime.json, or runtime-PROFILE.json)")
    ap.add_argument("--quick", action="store_true", help="fewer runs and triggers: a smoke test")
    ap.add_argument("--only", default=None, metavar="PARTS",
                    help=f"comma-separated subset of {','.join(NAMES)} (default: the profile's; "
                         f"desktop: all but vitals, mobile: vitals,latency)")
    ap.add_argument("--profile", default="desktop", choices=sorted(PROFILES),
                    help="device and network: desktop (default) or mobile (4x CPU, Slow 4G, touch)")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.runs is not None and args.runs < 1:
        print("error: --runs must be at least 1", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"error: no Chromium at {CHROMIUM}; install Debian's chromium or set KAIROS_CHROMIUM",
              file=sys.stderr)
        return 2
    settings = Settings.from_args(args)
    chosen = args.only if args.only is not None else ",".join(DEFAULT_PARTS[args.profile])
    only = {part.strip() for part in chosen.split(",") if part.strip()}
    if "growth" in only:
        only.add("engine")  # growth's ready and per-update figures are the engine part's
    if not only or only - set(NAMES):
        print(f"error: --only takes a comma-separated subset of {','.join(NAMES)}", file=sys.stderr)
        return 2
    started, load = time.perf_counter(), os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="kairos-bench-") as tmp:
        results = run(settings, Path(tmp), only)
    seconds = time.perf_counter() - started
    rows = rows_for(results, PARTS)
    print_table(rows, settings, seconds, load)
    named = DEFAULT_OUT.with_name(f"runtime-{settings.profile}.json")
    out = Path(args.out) if args.out else DEFAULT_OUT if settings.profile == "desktop" else named
    out.parent.mkdir(parents=True, exist_ok=True)
    document = {"settings": asdict(settings), "targets": TARGETS, "seconds": seconds,
                "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                            "platform": platform.platform(), "load_average_start": load,
                            "load_average_end": os.getloadavg()},
                "commit": _git("rev-parse", "HEAD"), "dirty": bool(_git("status", "--porcelain",
                                                                         "runtime", "compiler")),
                "table": [asdict(r) for r in rows], "results": results}
    out.write_text(json.dumps(document, indent=1, sort_keys=True, default=str) + "\n")
    print(f"results: {out}")
    return 1 if results["errors"] else 0
