"""Small statistics over samples: median, spread, percentiles, ratios (None-tolerant)."""

from __future__ import annotations

import statistics


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0..100) by linear interpolation; None for no values."""
    xs = sorted(v for v in values if v is not None)
    if not xs:
        return None
    pos = (len(xs) - 1) * q / 100
    lo, hi = int(pos), min(int(pos) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def stats(values: list[float]) -> dict:
    """Median, spread (min-max), p95 and mean of the non-None values."""
    xs = [v for v in values if v is not None]
    if not xs:
        return {"n": 0, "median": None, "min": None, "max": None, "p95": None, "mean": None}
    return {"n": len(xs), "median": statistics.median(xs), "min": min(xs), "max": max(xs),
            "p95": percentile(xs, 95), "mean": statistics.fmean(xs)}


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b
