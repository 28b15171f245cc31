"""The report's statistics as small pure functions over summary numbers (as GrowthBook's gbstats
does): the relative lift of two means with its delta-method confidence interval and p-value, the
chi-square sample-ratio-mismatch test, Holm's correction across tests, and the visitors a test
needs to detect a given lift. Formulas and sources in docs/contracts.md ("The lift report")."""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

NORMAL = NormalDist()


@dataclass(frozen=True)
class Sample:
    """One group's metric as sums over its visitors: n, the sum of the values and of their
    squares. `binary`: each value is 0 or 1 (a rate), whose variance is p(1 - p)."""

    n: int
    total: float
    total_sq: float
    binary: bool = True

    @property
    def mean(self) -> float:
        return self.total / self.n if self.n else 0.0

    @property
    def variance(self) -> float:
        """The variance of one visitor's value."""
        if self.n < 2:
            return 0.0
        if self.binary:
            return self.mean * (1 - self.mean)
        return max(0.0, (self.total_sq - self.total * self.total / self.n) / (self.n - 1))


@dataclass(frozen=True)
class Lift:
    estimate: float  # (mean_b - mean_a) / mean_a
    low: float
    high: float
    p: float  # two-sided, of "no lift"
    se: float


def relative_lift(a: Sample, b: Sample, level: float = 0.95) -> Lift | None:
    """The lift of `b` over baseline `a` with its CI: the delta method for the ratio of two
    independent means, Var(mb/ma) ~ vb/ma^2 + va*mb^2/ma^4 (vb, va the variances of the
    means), as gbstats' frequentist test computes it. None when the baseline mean is 0 or a
    group has fewer than two visitors."""
    if a.n < 2 or b.n < 2 or a.mean <= 0:
        return None
    var_a, var_b = a.variance / a.n, b.variance / b.n
    variance = var_b / a.mean**2 + var_a * b.mean**2 / a.mean**4
    estimate = b.mean / a.mean - 1
    se = math.sqrt(variance)
    if se == 0:
        return Lift(estimate, estimate, estimate, 0.0 if estimate else 1.0, 0.0)
    z = NORMAL.inv_cdf(0.5 + level / 2)
    p = 2 * (1 - NORMAL.cdf(abs(estimate) / se))
    return Lift(estimate, estimate - z * se, estimate + z * se, p, se)


def _gamma_q(a: float, x: float) -> float:
    """The regularized upper incomplete gamma function Q(a, x) (series below a + 1, Lentz's
    continued fraction above, as in Numerical Recipes 6.2)."""
    if x <= 0:
        return 1.0
    log_front = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1:
        term = total = 1.0 / a
        k = a
        for _ in range(10_000):
            k += 1
            term *= x / k
            total += term
            if abs(term) < abs(total) * 1e-15:
                break
        return max(0.0, 1.0 - total * math.exp(log_front))
    tiny = 1e-300
    b = x + 1 - a
    c, d = 1 / tiny, 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        step = d * c
        h *= step
        if abs(step - 1) < 1e-15:
            break
    return h * math.exp(log_front)


def chi2_sf(x: float, df: int) -> float:
    """P(X >= x) for X chi-square with `df` degrees of freedom."""
    return _gamma_q(df / 2, x / 2)


@dataclass(frozen=True)
class SRM:
    chi2: float
    p: float
    expected: tuple[float, ...]


def sample_ratio(observed: list[int], weights: list[float]) -> SRM:
    """Pearson's chi-square goodness of fit of the counts `observed` to the shares `weights`
    (any positive scale). A group with weight 0 but visitors is an outright mismatch (p = 0)."""
    total, scale = sum(observed), sum(weights)
    expected = tuple(total * w / scale for w in weights)
    if any(e == 0 and o > 0 for o, e in zip(observed, expected, strict=True)):
        return SRM(math.inf, 0.0, expected)
    chi2 = sum((o - e) ** 2 / e for o, e in zip(observed, expected, strict=True) if e > 0)
    df = sum(1 for e in expected if e > 0) - 1
    return SRM(chi2, chi2_sf(chi2, df) if df > 0 else 1.0, expected)


def holm(pvalues: list[float]) -> list[float]:
    """Holm-Bonferroni adjusted p-values (family-wise error), in the order given."""
    m = len(pvalues)
    order = sorted(range(m), key=lambda i: pvalues[i])
    adjusted, running = [0.0] * m, 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * pvalues[i]))
        adjusted[i] = running
    return adjusted


def visitors_needed(baseline: Sample, mde: float = 0.10, alpha: float = 0.05, power: float = 0.8,
                    ratio: float = 1.0) -> int | None:
    """Baseline visitors a two-sided test at `alpha` needs to detect a relative lift of `mde`
    with `power` when the treatment has `ratio` times as many (1: the visitors per group), from
    the baseline's mean and variance, by the delta-method variance of relative_lift (the
    treatment's mean is baseline * (1 + mde); its variance p(1 - p) for a rate, else the
    baseline's coefficient of variation). None without a baseline mean."""
    mean = baseline.mean
    if baseline.n < 2 or mean <= 0:
        return None
    treated = mean * (1 + mde)
    var_a = baseline.variance
    if baseline.binary:
        if treated >= 1:
            return None
        var_b = treated * (1 - treated)
    else:
        var_b = var_a * (1 + mde) ** 2
    z = NORMAL.inv_cdf(1 - alpha / 2) + NORMAL.inv_cdf(power)
    per_visitor = var_b / (ratio * mean**2) + var_a * treated**2 / mean**4
    return math.ceil(z * z * per_visitor / (mde * mde))
