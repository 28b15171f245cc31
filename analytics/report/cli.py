"""`python build.py report EVENTS... [--rules RULES] [--html FILE] [--json FILE]`: the lift of
each rule's variants from the sink's log or a GA4 export. Bad input is one line on stderr and
exit 2; rule errors are reported as `build.py check` reports them, exit 1."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from analytics.events.sources import EventsError

from .verdict import WORDS


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not argparse's usage block
        raise EventsError(message)


def _share(text: str) -> float:
    value = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a share between 0 and 1 (or 1% to 99%)")
    return value


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="build.py report", description=__doc__.splitlines()[0])
    p.add_argument("events", nargs="+", help="event files: the sink's JSON Lines, a GA4 export "
                                             "(JSON Lines or Parquet), folders of them")
    p.add_argument("--rules", action="append", default=[], metavar="PATH",
                   help="the experiments' weights: a bundle's ir.json (or its folder) or rule files "
                        "(repeatable; default: equal weights, inferred)")
    p.add_argument("--format", choices=("sink", "ga4"),
                   help="read every file as this (default: told per file)")
    p.add_argument("--metric", choices=tuple(WORDS), default="add_to_cart",
                   help="the metric verdicts and the correction are about (default add_to_cart)")
    p.add_argument("--mde", type=_share, default=0.10,
                   help="the smallest lift worth detecting, for 'more visitors needed' (default 10%%)")
    p.add_argument("--by", choices=("device", "visitor"), help="also print each rule by device class or new "
                                                               "vs returning visitor")
    p.add_argument("--html", help="write the report as one self-contained HTML file")
    p.add_argument("--json", help="write the report as JSON")
    p.add_argument("--threads", type=int, help="DuckDB's threads (default: all cores)")
    p.add_argument("--memory", help="cap DuckDB's memory (as in 1GB; it spills to disk beyond; "
                                    "default: 80%% of RAM)")
    return p


def main(argv: list[str]) -> int:
    try:
        return _main(argv)
    except EventsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 2


def _main(argv: list[str]) -> int:
    import duckdb
    from rich.console import Console

    from analytics.events.read import describe_error, open_events
    from analytics.events.summary import summarize

    from .analysis import analyse

    args = parser().parse_args(argv)
    ir, weights_from = None, "inferred"
    if args.rules:
        from compiler.api import CompileFailed

        from .rules import load_ir

        try:
            ir, weights_from = load_ir(args.rules)
        except CompileFailed as failed:
            print(failed.report.render(), file=sys.stderr)
            return 1
    rule_ids = [r["id"] for r in ir["rules"]] if ir else None
    events = open_events(args.events, args.format, rule_ids, args.threads, args.memory)
    try:
        summary = summarize(events)
    except duckdb.Error as error:
        raise EventsError(describe_error(error, events.sources)) from None
    finally:
        events.close()
    counts = summary.counts
    if not counts["visitors_exposed"]:
        read = sum(counts[k] for k in ("exposure", "click", "dismiss", "conversion", "answer", "qa_excluded"))
        qa = counts["qa_excluded"]
        where = str(events.sources[0].path) if len(events.sources) == 1 else "the event files"
        raise EventsError(f"{where}: no exposures to report on ({read:,} event{'s' if read != 1 else ''} read"
                          f"{f', {qa:,} of them QA previews, left out' if qa else ''})")
    report = analyse(summary, ir, metric=args.metric, mde=args.mde, weights_from=weights_from,
                     sources=[{"path": str(s.path), "format": s.label} for s in events.sources])
    from .table import render

    render(report, Console(), args.by)
    if args.json:
        _write(Path(args.json), json.dumps(report, indent=1, allow_nan=False) + "\n")
    if args.html:
        from .html_report import render as render_html

        _write(Path(args.html), render_html(report))
    return 0


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, "utf-8")
    except OSError as error:
        raise EventsError(f"{path}: cannot be written ({error.strerror})") from None
