#!/usr/bin/env python3
"""Benchmark the rule compiler: 1,000 generated rules -> seconds to `check` and `compile_rules`.

    python tools/bench_compiler.py [--rules 1000] [--files 10] [--repeat 3]

Prints figures (best of --repeat); the target is `check` under 2 s for 1,000 rules. Not a test.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compiler.language import driver  # noqa: E402

CONDITIONS = [
    'page.type == "product" and page.dwell > {n}s and not cart.has(product.id)',
    "moment.reading_reviews and cart.count == 0",
    "visits.product(within={n}d) >= 3 or moment.price_checking",
    'section("#reviews").dwell > {n}s and page.scroll >= 60%',
    'context.device in ["mobile", "tablet"] and clicked("size-guide") > 0',
    'page.type in ["cart", "checkout"] and cart.value > {n}0 and behavior.exit_intent',
    'page.dwell > {n}s and "/guides/" in page.url or moment.i_want_to_do',
]


def rule(i: int, rnd: random.Random) -> str:
    when = rnd.choice(CONDITIONS).format(n=rnd.randint(1, 60))
    if rnd.random() < 0.5:
        show = f"{{ snippet: trust_badge, slot: slot-{i % 17} }}"
    else:
        show = "{ snippet: review_popup, placement: modal }"
        when = f'page.type == "product" and ({when})'
    lines = [f"  - id: rule-{i:04d}", f"    when: {when}", f"    show: {show}",
             f"    priority: {rnd.randint(0, 50)}", "    limit: [once per session, 3 per visitor]"]
    if rnd.random() < 0.3:
        lines.append("    variants: { control: 20%, a: 40%, b: 40% }")
    if rnd.random() < 0.2:
        lines.append('    schedule: { days: [mon, tue, wed], hours: "9-17" }')
    return "\n".join(lines)


def write_rules(folder: Path, rules: int, files: int, seed: int = 1) -> None:
    rnd = random.Random(seed)
    per = -(-rules // files)
    for f in range(files):
        body = [rule(i, rnd) for i in range(f * per, min(rules, (f + 1) * per))]
        (folder / f"rules_{f:02d}.yaml").write_text("rules:\n" + "\n".join(body) + "\n")


def best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rules", type=int, default=1000)
    ap.add_argument("--files", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_rules(folder, args.rules, args.files)
        size = sum(p.stat().st_size for p in folder.iterdir())
        t_check, report = best(lambda: driver.check([folder]), args.repeat)
        t_compile, compiled = best(lambda: driver.compile_rules([folder]), args.repeat)
    print(f"rules: {args.rules} in {args.files} files ({size / 1024:.0f} KiB of YAML)")
    print(f"check:         {t_check:.3f} s  ({len(report.errors)} errors, "
          f"{len(report.warnings)} warnings){'  OVER the 2 s target' if t_check > 2 else ''}")
    print(f"compile_rules: {t_compile:.3f} s  (module {len(compiled.module_source) / 1024:.0f} KiB, "
          f"IR {len(compiled.ir_json) / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
