#!/usr/bin/env python3
"""Fuzz the rule compiler: N random cases -> count of crashes (exit 1 if any).

    python tools/fuzz_compiler.py --cases 10000 [--seed 1] [--show 3]

Each case is one of: random text, random YAML, a valid file with tokens deleted, swapped,
duplicated or replaced, or a random valid rule file whose generated code is run against the
reference interpreter on random signal states. A crash is any exception escaping the
compiler, an "internal compiler error" diagnostic, a diagnostic without a position, or
generated code that disagrees with the interpreter.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "runtime" / "engine", ROOT / "tests" / "compiler"):
    sys.path.insert(0, str(p))

from rulegen import DEMO_CORPUS, garbage, rule_file, signal_state  # noqa: E402

from compiler.language import codegen, driver, interpret  # noqa: E402
from compiler.language import ir as ir_mod  # noqa: E402

FILE = "rules/fuzz.yaml"


def check_garbage(text: str) -> str | None:
    """None when the compiler answered with positioned diagnostics only, else the problem."""
    report = driver.analyze(None, texts={FILE: text}).report
    for d in report.diagnostics:
        if "internal compiler error" in d.message:
            return d.render()
        if d.span is None:
            return f"diagnostic without a position: {d.render()}"
        d.render()
    report.render()
    return None


def check_differential(rnd: random.Random) -> str | None:
    text = rule_file(rnd, rnd.randint(1, 4))
    a = driver.analyze(None, texts={FILE: text})
    if not a.report.ok:
        return f"a generated valid file did not compile:\n{text}\n{a.report.render()}"
    ir = ir_mod.build(a.rules, a.files)
    namespace: dict = {}
    exec(compile(codegen.generate(ir), "kairos_rules.py", "exec"), namespace)  # noqa: S102
    for _ in range(3):
        s = signal_state(rnd)
        got = [f(s) for f in namespace["CONDITIONS"]]
        want = [interpret.truth(r["when"], s) for r in ir["rules"]]
        if got != want:
            return f"generated code {got} != interpreter {want}\n{text}\nstate: {s}"
    return None


def run(cases: int, seed: int, show: int) -> int:
    rnd = random.Random(seed)
    crashes: list[tuple[int, str]] = []
    kinds = {"garbage": 0, "differential": 0}
    started = time.perf_counter()
    for n in range(cases):
        case_rnd = random.Random(rnd.getrandbits(64))
        kind = "differential" if case_rnd.random() < 0.2 else "garbage"
        kinds[kind] += 1
        text = ""
        try:
            if kind == "garbage":
                text = garbage(case_rnd, DEMO_CORPUS)
                problem = check_garbage(text)
            else:
                problem = check_differential(case_rnd)
        except Exception:  # noqa: BLE001 - counting crashes is the point
            problem = f"exception on {text!r}:\n{traceback.format_exc()}"
        if problem:
            crashes.append((n, problem))
    seconds = time.perf_counter() - started
    print(f"cases: {cases} ({kinds['garbage']} garbage, {kinds['differential']} differential), "
          f"seed {seed}, {seconds:.1f}s")
    print(f"crashes: {len(crashes)}")
    for n, problem in crashes[:show]:
        print(f"--- case {n}\n{problem}")
    return 1 if crashes else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=3, help="crashes to print in full")
    args = ap.parse_args(argv)
    return run(args.cases, args.seed, args.show)


if __name__ == "__main__":
    sys.exit(main())
