"""Write seeded synthetic events with known lifts (analytics/events/synthetic.py's demo store):

    python -m tools.synthetic_events OUT [--events N | --visitors N] [--format sink|ga4-jsonl|ga4-parquet]
                                     [--seed S] [--ir FILE]

`--ir FILE` also writes the demo rules' configured weights (an ir.json for `report --rules`).
The benchmark (tools/bench/measures/report.py) and the README's example use it."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analytics.events.synthetic import demo, demo_ir, events_per_visitor, write_sink  # noqa: E402
from analytics.events.synthetic_ga4 import write_ga4  # noqa: E402


def write(out: Path, events: int | None = None, visitors: int | None = None, fmt: str = "sink",
          seed: int = 1) -> tuple[int, int]:
    """Write the demo store's events to `out`; returns (visitors, events or rows written)."""
    if visitors is None:
        visitors = max(1, round((events or 100_000) / events_per_visitor(demo(1, seed))))
    model = demo(visitors, seed)
    if fmt == "sink":
        return visitors, write_sink(model, out)
    return visitors, write_ga4(model, out, "parquet" if fmt == "ga4-parquet" else "jsonl")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.synthetic_events", description=__doc__.splitlines()[0])
    p.add_argument("out")
    size = p.add_mutually_exclusive_group()
    size.add_argument("--events", type=int, help="about this many sink events (default 100,000)")
    size.add_argument("--visitors", type=int)
    p.add_argument("--format", choices=("sink", "ga4-jsonl", "ga4-parquet"), default="sink")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--ir", help="also write the demo rules' ir.json here")
    args = p.parse_args(argv)
    started = time.perf_counter()
    visitors, written = write(Path(args.out), args.events, args.visitors, args.format, args.seed)
    if args.ir:
        Path(args.ir).write_text(json.dumps(demo_ir(), indent=1) + "\n", "utf-8")
    kind = "events" if args.format == "sink" else "rows"
    seconds = time.perf_counter() - started
    print(f"{written:,} {kind} of {visitors:,} visitors -> {args.out} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
