"""`python build.py train (--traces FILE | --sessions N) --target EVENT -o models/NAME.json
[--seed S] [--catalog FILE] [--force]`: fit a model of whether a session reaches EVENT, report
it on held-out visitors beside the frequency baseline, and export it for `predict.NAME`.

Exit codes: 0 written; 1 the model does not beat the baseline (nothing written without
--force); 2 bad input (one line on stderr, never a traceback)."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from demo_site import CATALOG

EVENT = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


class InputError(Exception):
    """Bad input: a one-line message, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not argparse's usage block
        raise InputError(message)


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="build.py train", description=__doc__.splitlines()[0])
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--sessions", type=int, help="sessions of the shopper model to learn from")
    source.add_argument("--traces", help="a traces file (JSON Lines) to learn from instead")
    p.add_argument("--target", required=True, help="the event to predict, e.g. add_to_cart")
    p.add_argument("-o", "--out", required=True, help="the model file to write: models/NAME.json")
    p.add_argument("--seed", type=int, default=1, help="the shopper model's seed and the split's")
    p.add_argument("--catalog", default=str(CATALOG), help="the store's catalog (default: the demo's)")
    p.add_argument("--force", action="store_true",
                   help="write the model even if it does not beat the baseline")
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

    args = parser().parse_args(argv)
    out, name = _check(args)
    from kairos_engine.features import NAMES
    from rich.console import Console

    from .export import document, write
    from .fit import FitError, fit
    from .table import render

    samples, trained_on = _samples(args)
    if samples.sessions == 0:
        raise InputError(f"no sessions in {args.traces}" if args.traces else "no sessions")
    if args.target not in samples.events:
        raise InputError(_unknown_target(args.target, samples.events))
    try:
        fitted = fit(samples, args.seed, list(NAMES))
    except FitError as error:
        raise InputError(str(error)) from None
    console = Console(width=None if Console().is_terminal else 120)
    render(fitted, args.target, console)
    m, b = fitted.metrics, fitted.baseline
    figures = (f"AUC {m['auc']:.4f} vs {b['auc']:.4f} and log loss {m['log_loss']:.4f} vs "
               f"{b['log_loss']:.4f} (model vs base rate per page type)")
    if not fitted.beats_baseline and not args.force:
        print(f"error: the model does not beat the frequency baseline on both figures: {figures}; "
              f"{out} not written (--force writes it anyway)", file=sys.stderr)
        return 1
    doc = document(name, args.target, fitted, trained_on)
    write(out, doc)
    print(f"wrote {out}: predict.{name}, {figures}, hash {doc['hash'][:12]}")
    return 0


def _check(args) -> tuple[Path, str]:
    out = Path(args.out)
    if out.suffix != ".json":
        raise InputError(f"-o must name a .json file, as in models/{args.target}.json (got {args.out})")
    from compiler.api import MODEL_NAME

    if not MODEL_NAME.fullmatch(out.stem):
        raise InputError(f"-o {args.out}: the file name is the model's name in rules (`predict.NAME`): "
                         "lowercase letters, digits and `_`, as in add_to_cart.json")
    if not out.resolve().parent.is_dir():
        raise InputError(f"-o {args.out}: no such folder {out.parent}")
    if not EVENT.fullmatch(args.target):
        raise InputError(f"--target must be an event name such as add_to_cart (got {args.target!r})")
    if args.sessions is not None and args.sessions < 1:
        raise InputError(f"--sessions must be at least 1 (got {args.sessions})")
    if args.traces:
        path = Path(args.traces)
        if not path.is_file():
            raise InputError(f"no such traces file: {args.traces}")
        if path.stat().st_size == 0:
            raise InputError(f"{args.traces} is empty (a traces file starts with "
                             '{"kairos_traces": 1, "pages": {...}})')
    return out, out.stem


def _samples(args):
    """(samples, what they were made from) of a traces file or the shopper model."""
    from kairos_twin import TimelineError

    from analytics.shoppers import model, traces
    from analytics.shoppers.store import CatalogError, load_catalog

    from .samples import collect

    try:
        if args.traces:
            pages, stream = traces.read(args.traces)
            samples = collect(stream, pages, args.target)
            return samples, {"source": f"traces {args.traces}", "seed": args.seed,
                             "sessions": samples.sessions, "reached": samples.reached}
        store = load_catalog(args.catalog)
        catalog = json.loads(Path(args.catalog).read_text("utf-8"))
        del catalog  # checked by load_catalog; kept out of the model file
        visitors = (model.visitor(args.seed, index, store, count).to_json()
                    for index, count in model.plan(args.seed, args.sessions))
        samples = collect(visitors, store.pages, args.target)
        return samples, {"source": f"shopper model, catalog {Path(args.catalog).name}", "seed": args.seed,
                         "sessions": samples.sessions, "reached": samples.reached}
    except (traces.TracesError, CatalogError, TimelineError) as error:
        raise InputError(str(error)) from None


def _unknown_target(target: str, events: set) -> str:
    import difflib

    if not events:
        return f"no session reaches `{target}`: these sessions have no events (GA4 pushes or kairos.track)"
    close = difflib.get_close_matches(target, sorted(events), n=1)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    return f"no session reaches `{target}`{hint} (events in these sessions: {', '.join(sorted(events))})"
