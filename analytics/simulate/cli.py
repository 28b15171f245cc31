"""`python build.py simulate RULES... [--sessions N | --traces FILE] [--seed S] [--workers N]
[--cluster ADDRESS] [--html FILE] [--json FILE]`: replay sessions through the kernel's twin and
the real engine and report what each rule does. Bad input is one line on stderr and exit 2;
rule errors are reported as `build.py check` reports them, exit 1."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from demo_site import CATALOG


class InputError(Exception):
    """Bad input: a one-line message, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not argparse's usage block
        raise InputError(message)


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="build.py simulate", description=__doc__.splitlines()[0])
    p.add_argument("rules", nargs="+", help="rule files or folders")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--sessions", type=int, default=None,
                        help="sessions of the shopper model (default 1000)")
    source.add_argument("--traces", help="a traces file (JSON Lines) to replay instead")
    p.add_argument("--seed", type=int, default=1, help="the shopper model's seed")
    p.add_argument("--catalog", default=str(CATALOG), help="the store's catalog (default: the demo's)")
    p.add_argument("--workers", type=int, default=None, help="processes on this machine (default: all cores)")
    p.add_argument("--cluster", help="a Dask scheduler address (tcp://host:8786) to run the partitions on")
    p.add_argument("--html", help="write the report as one self-contained HTML file")
    p.add_argument("--json", help="write the report as JSON")
    p.add_argument("--broad", type=float, default=0.5,
                   help="flag rules that fire in more than this share of sessions (default 0.5)")
    return p


def main(argv: list[str]) -> int:
    try:
        return _main(argv)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 2


def _main(argv: list[str]) -> int:
    import analytics  # noqa: F401  (the runtime's Python on sys.path)
    from analytics.shoppers.store import CatalogError, load_catalog
    from analytics.shoppers.traces import TracesError
    from compiler.api import CompileFailed

    args = parser().parse_args(argv)
    _check(args)
    from .engine import load_rules

    try:
        rules = load_rules(args.rules)
    except CompileFailed as failed:
        print(failed.report.render(), file=sys.stderr)
        return 1
    try:
        job, parts, planned = _source(args, rules, load_catalog)
        report = _simulate(args, rules, job, parts, planned)
    except (CatalogError, TracesError) as error:
        raise InputError(str(error)) from None
    _write(args, report)
    from rich.console import Console

    from .table import render

    render(report, Console(width=None if Console().is_terminal else 150))
    return 0


def _check(args) -> None:
    for path in args.rules:
        if not Path(path).exists():
            raise InputError(f"no such rule file or folder: {path}")
    if args.sessions is not None and args.sessions < 1:
        raise InputError(f"--sessions must be at least 1 (got {args.sessions})")
    if args.workers is not None and args.workers < 1:
        raise InputError(f"--workers must be at least 1 (got {args.workers})")
    if not 0 < args.broad <= 1:
        raise InputError(f"--broad is a share of sessions between 0 and 1 (got {args.broad})")
    for option in ("html", "json"):
        target = getattr(args, option)
        if target and not Path(target).resolve().parent.is_dir():
            raise InputError(f"--{option}: no such folder for {target}")


def _source(args, rules, load_catalog):
    """(job, partitions, sessions planned or None) for the shopper model or a traces file."""
    from analytics.shoppers import traces

    from .run import PARTITION, Job, plan_partitions

    if args.traces:
        pages, stream = traces.read(args.traces)
        return Job(rules=rules, pages=pages, seed=args.seed), traces.partitions(stream, PARTITION), None
    store = load_catalog(args.catalog)
    catalog = json.loads(Path(args.catalog).read_text("utf-8"))
    sessions = args.sessions or 1000
    del store  # checked; each process makes its own from the catalog
    parts = iter(plan_partitions(args.seed, sessions, None))
    return Job(rules=rules, catalog=catalog, seed=args.seed), parts, sessions


def _connect(address: str):
    try:
        from dask.distributed import Client
    except ImportError:
        raise InputError("--cluster needs dask[distributed] (pip install 'dask[distributed]')") from None
    try:
        return Client(address, timeout="5s")
    except (OSError, TimeoutError, ValueError) as error:
        why = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError(f"cannot reach the Dask cluster at {address}: {why}") from None


def _simulate(args, rules, job, parts, planned) -> dict:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .run import default_workers, run
    from .summary import summarize

    workers = args.workers or default_workers()
    cluster = _connect(args.cluster) if args.cluster else None
    console = Console(stderr=True)
    started = time.perf_counter()
    columns = [TextColumn("simulating"), BarColumn(), MofNCompleteColumn(), TextColumn("sessions"),
               TimeRemainingColumn()]
    try:
        with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as progress:
            task = progress.add_task("sessions", total=planned)
            tally = run(job, parts, workers=workers, cluster=cluster,
                        progress=lambda n: progress.advance(task, n))
    finally:
        if cluster is not None:
            cluster.close()
    seconds = time.perf_counter() - started
    sessions = sum(v for k, v in tally.items() if k[0] == "sessions")
    meta = {"rules_files": [str(p) for p in args.rules], "seed": args.seed,
            "source": (f"traces {_shown(args.traces)}" if args.traces
                       else f"shopper model, catalog {_shown(args.catalog)}"),
            "run": {"seconds": round(seconds, 2),
                    "sessions_per_s": round(sessions / seconds, 1) if seconds else None,
                    "workers": None if cluster else workers, "cluster": args.cluster}}
    return summarize(tally, rules.ir, broad=args.broad, meta=meta)


def _shown(path: str) -> str:
    """A path as a person reads it: relative to the current folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _write(args, report: dict) -> None:
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1) + "\n", "utf-8")
    if args.html:
        from .html_report import write_html

        write_html(report, Path(args.html))
