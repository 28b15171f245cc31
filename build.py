#!/usr/bin/env python3
"""Kairos command line: rule files -> checked, explained, bundled, served.

    python build.py build RULES... -o DIR   compile rule files or folders into a bundle in DIR
    python build.py check RULES...          validate only; exit 1 with errors, 0 when clean
    python build.py explain RULE_ID RULES...  a rule in plain words
    python build.py serve [--watch]         build the demo rules and serve demo_site on localhost
    python build.py bench [--quick]         runtime benchmark in Chromium (prints a table)
    python build.py simulate RULES... [--sessions N | --traces FILE] [--html F] [--json F]
                                            replay shoppers through the rules (a report)
    python build.py train (--sessions N | --traces FILE) --target EVENT -o models/NAME.json
                                            fit the model `predict.NAME` reads in rules
    python build.py report EVENTS... [--rules R] [--html F] [--json F]
                                            lift per rule and variant from the sink's log or GA4
"""

import argparse
import contextlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DEFAULT_OUT = ROOT / "dist"


def _say(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def _files_done(done: int, total: int) -> None:
    if total > 3:
        print(f"\r  compiling rule files: {done}/{total}", end="\n" if done == total else "",
              file=sys.stderr, flush=True)


def _warnings(report) -> None:
    print(report.render(), file=sys.stderr)


def build(rules: list[str], out: Path, *, quiet: bool = False, **options) -> dict:
    """compiler.api.build, telling the marketer what it does unless `quiet`."""
    from compiler import api

    loud = {} if quiet else {"progress": _say, "files_done": _files_done, "warnings": _warnings}
    return api.build(rules, out, **options, **loud)


def print_summary(manifest: dict, out: Path, seconds: float) -> None:
    """The bundle's files with raw / brotli sizes, and the script tag to paste."""
    print(f"built {out} in {seconds:.1f}s")
    for entry in manifest["files"]:
        print(f"  {entry['name']:<58} {entry['size']:>10,} B  {entry['brotli']:>9,} B br")
    totals = manifest["totals"]
    print(f"  {'total':<58} {totals['size']:>10,} B  {totals['brotli']:>9,} B br")
    kernel = next(e for e in manifest["files"] if e["name"] == manifest["kernel"])
    print(f"\nkernel: {kernel['size']:,} B raw, {kernel['brotli']:,} B brotli. Paste this tag:\n")
    print(f"  {manifest['script_tag']}\n")


def cmd_build(args) -> int:
    started = time.perf_counter()
    manifest = build(args.rules, Path(args.out), base=args.base, snapshot=args.snapshot, sink=args.sink,
                     qa=args.qa, models_dir=args.models)
    print_summary(manifest, Path(args.out), time.perf_counter() - started)
    return 0


def cmd_check(args) -> int:
    from compiler import api

    report = api.check(args.rules, models_dir=args.models)
    text = report.render()
    if text:
        print(text, file=sys.stderr)
    if report.ok:
        print(f"ok: {', '.join(args.rules)}")
    return 0 if report.ok else 1


def cmd_explain(args) -> int:
    from compiler import api

    print(api.explain(args.rules, args.rule_id, models_dir=args.models))
    return 0


def cmd_serve(args) -> int:
    from demo_site import RULES, SITE
    from demo_site.server import make_server

    out = Path(args.out)
    rules = args.rules or [str(RULES)]
    started = time.perf_counter()
    # Brotli 5, not 11: a development server rebuilds often; `build` makes the shipping files.
    manifest = build(rules, out, quality=5)
    print_summary(manifest, out, time.perf_counter() - started)
    events = None if args.no_sink else Path(args.events or out.resolve().parent / "kairos-events.jsonl")
    server = make_server(SITE, out, port=args.port, events_log=events)
    server.live_reload = args.watch
    print(f"Demo storefront: {server.url}/  (Ctrl-C to stop)", flush=True)
    if events:
        print(f"Events (the opt-in sink): appended to {events}", flush=True)
    if args.watch:
        watch_and_rebuild(server, lambda: build(rules, out, quiet=True, quality=5), _say)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


def watch_and_rebuild(server, rebuild, say, interval: float = 0.5) -> None:
    """Poll the rule, snippet and runtime sources; rebuild on change and tell pages to reload."""
    import threading

    from demo_site import RULES

    watched = [RULES, ROOT / "snippets", ROOT / "runtime"]

    def stamp() -> tuple:
        return tuple(sorted((str(p), p.stat().st_mtime_ns) for d in watched
                            for p in d.rglob("*") if p.is_file()))

    def loop() -> None:
        last = stamp()
        while True:
            time.sleep(interval)
            now = stamp()
            if now == last:
                continue
            last = now
            say("change seen; rebuilding")
            try:
                rebuild()
                server.reload_token = str(time.time_ns())
                say("rebuilt; pages reload")
            except Exception as error:  # keep serving the last good bundle
                say(f"build failed, still serving the last good bundle:\n{error}")

    threading.Thread(target=loop, daemon=True, name="kairos-watch").start()


def cmd_doctor(args) -> int:
    from compiler.api import DoctorInputError, diagnose, render

    try:
        report = diagnose(args.url)
    except DoctorInputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(render(report))
    return 1 if report.problems else 0


def _models_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--models", metavar="DIR", default=None,
                   help="the folder of the predict.NAME models (default: models/ beside the rule files)")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="build.py", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="compile rules into a bundle")
    p.add_argument("rules", nargs="+", help="rule files or folders")
    p.add_argument("-o", "--out", required=True, help="output directory (replaced)")
    p.add_argument("--base", default="/kairos/", help="URL path the bundle is served under")
    p.add_argument("--no-snapshot", dest="snapshot", action="store_false",
                   help="ship no engine memory snapshot: fewer bytes, slower ready")
    p.add_argument("--sink", metavar="URL",
                   help="send events to URL by sendBeacon (a tag's data-sink overrides it)")
    p.add_argument("--qa", action="store_true",
                   help="let QA links force variants and preview snippets (?kairos_force=, "
                        "?kairos_preview=); never for the build shoppers get")
    _models_option(p)
    p.set_defaults(run=cmd_build)
    p = sub.add_parser("check", help="validate rules; exit 1 on errors")
    p.add_argument("rules", nargs="+")
    _models_option(p)
    p.set_defaults(run=cmd_check)
    p = sub.add_parser("explain", help="explain one rule in plain words")
    p.add_argument("rule_id")
    p.add_argument("rules", nargs="+")
    _models_option(p)
    p.set_defaults(run=cmd_explain)
    p = sub.add_parser("serve", help="build the demo rules and serve the demo storefront")
    p.add_argument("rules", nargs="*", help="rule files (default demo_site/rules)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("-o", "--out", default=str(DEFAULT_OUT))
    p.add_argument("--watch", action="store_true", help="rebuild on save and reload the page")
    p.add_argument("--events", metavar="FILE",
                   help="where the demo's event sink appends events (default: kairos-events.jsonl "
                        "beside the bundle folder)")
    p.add_argument("--no-sink", action="store_true", help="serve the pages without the event sink")
    p.set_defaults(run=cmd_serve)
    p = sub.add_parser("doctor", help="check a deployed bundle: types, sizes, caching, CORS, SRI, CSP")
    p.add_argument("url", help="the bundle's base URL (where manifest.json is) or a store page")
    p.set_defaults(run=cmd_doctor)
    sub.add_parser("bench", help="benchmark the runtime in Chromium (options: bench --help)")
    sub.add_parser("simulate", help="replay simulated shoppers through rules (options: simulate --help)")
    sub.add_parser("train", help="fit a model for predict.NAME (options: train --help)")
    sub.add_parser("report", help="lift per rule and variant from event logs (options: report --help)")
    return top


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:  # its options are the benchmark's own (see tools/bench/)
        from tools.bench.cli import main as bench_main

        return bench_main(argv[1:])
    if argv[:1] == ["simulate"]:  # its options are analytics/simulate/cli.py's own
        from analytics.simulate.cli import main as simulate_main

        return simulate_main(argv[1:])
    if argv[:1] == ["train"]:  # its options are analytics/train/cli.py's own
        from analytics.train.cli import main as train_main

        return train_main(argv[1:])
    if argv[:1] == ["report"]:  # its options are analytics/report/cli.py's own
        from analytics.report.cli import main as report_main
        return report_main(argv[1:])
    args = parser().parse_args(argv)
    from compiler.api import BundleFailed, CompileFailed

    try:
        return args.run(args)
    except CompileFailed as failed:
        print(failed.report.render(), file=sys.stderr)
        return 1
    except (BundleFailed, OSError) as error:
        # Our own errors and missing files are messages for people, not tracebacks.
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
