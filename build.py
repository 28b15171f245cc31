#!/usr/bin/env python3
"""Kairos command line: rule files -> checked, explained, bundled, served.

    python build.py build RULES... -o DIR   compile rule files or folders into a bundle in DIR
    python build.py check RULES...          validate only; exit 1 with errors, 0 when clean
    python build.py explain RULE_ID RULES...  a rule in plain words
    python build.py serve [--watch]         build the demo rules and serve demo_site on localhost
    python build.py bench [--quick]         runtime benchmark in Chromium (prints a table)
"""

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DEMO_RULES = ROOT / "demo_site" / "rules"
DEMO_SITE = ROOT / "demo_site" / "site"
DEFAULT_OUT = ROOT / "dist"


def _say(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def build(rules: list[str], out: Path, *, base: str = "/kairos/", quiet: bool = False,
          snapshot: bool = True, quality: int = 11) -> dict:
    """Compile `rules` and write the bundle to `out`; returns the manifest. Raises CompileFailed.

    `snapshot=False` ships no engine memory snapshot (3.9 MB brotli less on a first visit, a
    slower boot); `quality` is brotli's for the precompressed copies (tests use a fast one).
    """
    from compiler import bundle, driver

    progress = (lambda _: None) if quiet else _say

    def files_done(done: int, total: int) -> None:
        if not quiet and total > 3:
            print(f"\r  compiling rule files: {done}/{total}", end="\n" if done == total else "",
                  file=sys.stderr, flush=True)

    compiled = driver.compile_rules(rules, progress=files_done)
    if not quiet and compiled.report.diagnostics:
        print(compiled.report.render(), file=sys.stderr)
    ir_json = (json.dumps(compiled.ir, indent=1, sort_keys=True) + "\n").encode()
    files = bundle.assemble(compiled.module_source, compiled.ir["watch"], base=base,
                            pages=bundle.page_types(compiled.ir),
                            config=bundle.kernel_config(compiled.ir),
                            extra={"ir.json": ir_json}, snapshot=snapshot, quality=quality,
                            progress=progress)
    bundle.write(files, out, quality)
    return json.loads(files["manifest.json"])


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
    manifest = build(args.rules, Path(args.out), base=args.base, snapshot=args.snapshot)
    print_summary(manifest, Path(args.out), time.perf_counter() - started)
    return 0


def cmd_check(args) -> int:
    from compiler import driver

    report = driver.check(args.rules)
    text = report.render()
    if text:
        print(text, file=sys.stderr)
    if report.ok:
        print(f"ok: {', '.join(args.rules)}")
    return 0 if report.ok else 1


def cmd_explain(args) -> int:
    from compiler import driver

    print(driver.explain(args.rules, args.rule_id))
    return 0


def cmd_serve(args) -> int:
    from demo_site.server import make_server

    out = Path(args.out)
    rules = args.rules or [str(DEMO_RULES)]
    started = time.perf_counter()
    # Brotli 5, not 11: a development server rebuilds often; `build` makes the shipping files.
    manifest = build(rules, out, quality=5)
    print_summary(manifest, out, time.perf_counter() - started)
    server = make_server(DEMO_SITE, out, port=args.port)
    server.live_reload = args.watch
    print(f"Demo storefront: {server.url}/  (Ctrl-C to stop)", flush=True)
    if args.watch:
        watch_and_rebuild(server, lambda: build(rules, out, quiet=True, quality=5), _say)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


def watch_and_rebuild(server, rebuild, say, interval: float = 0.5) -> None:
    """Poll the rule, snippet and runtime sources; rebuild on change and tell pages to reload."""
    import threading

    watched = [DEMO_RULES, ROOT / "snippets", ROOT / "runtime"]

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


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="build.py", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="compile rules into a bundle")
    p.add_argument("rules", nargs="+", help="rule files or folders")
    p.add_argument("-o", "--out", required=True, help="output directory (replaced)")
    p.add_argument("--base", default="/kairos/", help="URL path the bundle is served under")
    p.add_argument("--no-snapshot", dest="snapshot", action="store_false",
                   help="ship no engine memory snapshot: fewer bytes, slower ready")
    p.set_defaults(run=cmd_build)
    p = sub.add_parser("check", help="validate rules; exit 1 on errors")
    p.add_argument("rules", nargs="+")
    p.set_defaults(run=cmd_check)
    p = sub.add_parser("explain", help="explain one rule in plain words")
    p.add_argument("rule_id")
    p.add_argument("rules", nargs="+")
    p.set_defaults(run=cmd_explain)
    p = sub.add_parser("serve", help="build the demo rules and serve the demo storefront")
    p.add_argument("rules", nargs="*", help=f"rule files (default {DEMO_RULES.relative_to(ROOT)})")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("-o", "--out", default=str(DEFAULT_OUT))
    p.add_argument("--watch", action="store_true", help="rebuild on save and reload the page")
    p.set_defaults(run=cmd_serve)
    sub.add_parser("bench", help="benchmark the runtime in Chromium (options: bench --help)")
    return top


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:  # its options are the benchmark's own (see tools/bench_runtime.py)
        from tools.bench_runtime import main as bench_main

        return bench_main(argv[1:])
    args = parser().parse_args(argv)
    from compiler.bundle import BundleFailed
    from compiler.driver import CompileFailed
    from compiler.kernel import BundleError
    from compiler.prebake import PrebakeFailed
    from compiler.vendor import VendorError

    try:
        return args.run(args)
    except CompileFailed as failed:
        print(failed.report.render(), file=sys.stderr)
        return 1
    except (BundleFailed, BundleError, VendorError, PrebakeFailed, OSError) as error:
        # Our own errors and missing files are messages for people, not tracebacks.
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
