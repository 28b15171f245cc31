"""Run settings (how many runs of each figure), the runtime's targets, and progress output."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

KB = 1024
TARGETS = {  # the runtime's budgets, printed next to each figure
    "kernel_brotli": 6 * KB,
    "repeat_visit_bytes": 10 * KB,
    "attributable_long_tasks": 0,
    "attributable_hidden_ms": 0,
    "attributable_cls": 0.0,
    "ready_cold_ratio": 0.5,
    "ready_warm_ratio": 0.3,
    "decision_p95_ms": 16.0,
    "engine_1000_ms": 1.0,
}


@dataclass
class Settings:
    runs: int
    quick: bool
    warm_loads: int  # loads of a persistent profile after the cold one (the first is "warm")
    cls_runs: int
    latency_views: int
    engine_updates: int
    engine_warmup: int
    rule_counts: tuple[int, ...]
    build_runs: int
    # Brotli quality of the demo bundle (whose bytes are measured) and of the bundles whose
    # bytes are not (brotli 11 on the 31 MB engine snapshot takes over a minute per new build).
    demo_quality: int
    other_quality: int
    profile: str = "desktop"  # harness/profiles.py: the device and network every page runs on

    @classmethod
    def from_args(cls, args) -> Settings:
        if args.quick:
            runs = args.runs or 2
            return cls(runs, True, 1, 1, 2, 60, 5, (10, 100, 1000), 1, 5, 5, args.profile)
        runs = args.runs or 5
        return cls(runs, False, 2, min(runs, 3), 3, 150, 10, (10, 100, 1000), 3, 11, 5, args.profile)


_STARTED = time.perf_counter()


def say(message: str) -> None:
    """A progress line on stderr, with the seconds since the benchmark started."""
    print(f"  [bench {time.perf_counter() - _STARTED:5.0f}s] {message}", file=sys.stderr, flush=True)
