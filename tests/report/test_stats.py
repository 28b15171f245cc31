"""The report's statistics against values computed by hand and by SciPy, and by simulation
where the claim is about repeated experiments (power, the SRM test's false alarms)."""

from __future__ import annotations

import math
import random

import pytest
from scipy import stats as scipy

from analytics.report.stats import Sample, chi2_sf, holm, relative_lift, sample_ratio, visitors_needed


def test_the_delta_method_lift_matches_the_hand_computation():
    # a: 100 of 1,000 converted; b: 120 of 1,000. Var(lift) = vb/(nb ma^2) + va mb^2/(na ma^4)
    #  = 0.1056/(1000 * 0.01) + 0.09 * 0.0144/(1000 * 0.0001) = 0.01056 + 0.01296 = 0.02352.
    lift = relative_lift(Sample(1000, 100, 100), Sample(1000, 120, 120))
    se = math.sqrt(0.02352)
    assert lift.estimate == pytest.approx(0.2)
    assert lift.se == pytest.approx(se)
    z = scipy.norm.ppf(0.975)
    assert (lift.low, lift.high) == (pytest.approx(0.2 - z * se), pytest.approx(0.2 + z * se))
    assert lift.p == pytest.approx(2 * scipy.norm.sf(0.2 / se))
    assert lift.p == pytest.approx(0.1922, abs=1e-4)


def test_a_mean_metric_uses_the_sample_variance():
    values_a, values_b = [0, 0, 10, 30, 0, 25.5], [0, 40, 12, 0, 0, 50, 8]
    a = Sample(len(values_a), sum(values_a), sum(v * v for v in values_a), binary=False)
    b = Sample(len(values_b), sum(values_b), sum(v * v for v in values_b), binary=False)
    assert a.variance == pytest.approx(scipy.tvar(values_a))
    lift = relative_lift(a, b)
    ma, mb = sum(values_a) / 6, sum(values_b) / 7
    var = scipy.tvar(values_b) / 7 / ma**2 + scipy.tvar(values_a) / 6 * mb**2 / ma**4
    assert (lift.estimate, lift.se) == (pytest.approx(mb / ma - 1), pytest.approx(math.sqrt(var)))


def test_the_interval_is_calibrated_over_4000_experiments():
    # Control 25 %, variant 30 % (a true lift of 20 %), 1,500 visitors split at random: the 95 %
    # interval should hold the truth 95 % of the time (+-0.7 % at 2 sigma over 4,000 runs).
    rng, held = random.Random(4000), 0
    for _ in range(4_000):
        na = rng.binomialvariate(1_500, 0.5)
        a, b = rng.binomialvariate(na, 0.25), rng.binomialvariate(1_500 - na, 0.30)
        lift = relative_lift(Sample(na, a, a), Sample(1_500 - na, b, b))
        held += lift.low <= 0.2 <= lift.high
    assert 0.943 <= held / 4_000 <= 0.957


def test_no_lift_without_a_baseline_rate():
    assert relative_lift(Sample(500, 0, 0), Sample(500, 3, 3)) is None
    assert relative_lift(Sample(1, 1, 1), Sample(500, 3, 3)) is None


@pytest.mark.parametrize("df", [1, 2, 3, 4, 7, 30])
@pytest.mark.parametrize("x", [0.001, 0.5, 1, 3.84, 10, 32, 80, 200])
def test_chi_square_tail_matches_scipy(x, df):
    assert chi2_sf(x, df) == pytest.approx(scipy.chi2.sf(x, df), rel=1e-9, abs=1e-300)


def test_chi_square_tail_closed_forms():
    assert chi2_sf(5.0, 2) == pytest.approx(math.exp(-2.5))  # df 2: exp(-x/2)
    assert chi2_sf(3.84, 1) == pytest.approx(math.erfc(math.sqrt(1.92)))  # df 1: erfc(sqrt(x/2))


def test_sample_ratio_matches_scipy_chisquare():
    observed, weights = [10_400, 9_600], [50, 50]
    test = sample_ratio(observed, weights)
    chi2, p = scipy.chisquare(observed, [10_000, 10_000])
    assert (test.chi2, test.p) == (pytest.approx(chi2), pytest.approx(p))
    assert test.chi2 == pytest.approx(32.0) and test.p < 1e-7
    three = sample_ratio([1_020, 4_400, 4_580], [10, 45, 45])
    chi2, p = scipy.chisquare([1_020, 4_400, 4_580], [1_000, 4_500, 4_500])
    assert (three.chi2, three.p) == (pytest.approx(chi2), pytest.approx(p))


def test_a_group_the_configuration_does_not_have_is_a_mismatch():
    assert sample_ratio([500, 500, 3], [50, 50, 0]).p == 0.0


def test_holm_adjusts_by_rank_and_keeps_the_order_monotone():
    # sorted: .005 x4 = .02, .01 x3 = .03, .03 x2 = .06, .04 x1 = .04 -> kept at .06
    assert holm([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])
    assert holm([]) == []


def test_visitors_needed_by_hand_and_by_simulated_power():
    # p = 10 %, a 10 % lift: (z.975 + z.8)^2 * (0.11*0.89/0.01 + 0.09*0.0121/0.0001) / 0.01
    n = visitors_needed(Sample(10_000, 1_000, 1_000), mde=0.10)
    z = scipy.norm.ppf(0.975) + scipy.norm.ppf(0.8)
    assert n == math.ceil(z * z * (0.0979 / 0.01 + 0.09 * 0.0121 / 0.0001) / 0.01) == 16_232
    rng, hits, runs = random.Random(16), 0, 1_000
    for _ in range(runs):
        a, b = rng.binomialvariate(n, 0.10), rng.binomialvariate(n, 0.11)
        hits += relative_lift(Sample(n, a, a), Sample(n, b, b)).p < 0.05
    assert 0.76 <= hits / runs <= 0.84, "that many visitors detect the lift about 80 % of the time"
    assert visitors_needed(Sample(10, 0, 0)) is None


def test_the_srm_test_flags_a_correct_split_about_once_in_a_thousand():
    # 2,000 experiments of 20,000 visitors split 50/50 as configured: p < 0.001 should happen
    # about twice (Poisson(2): more than 6 has odds of 0.5 %); at p < 0.05, about 100 times.
    rng = random.Random(2016)
    pvalues = []
    for _ in range(2_000):
        a = rng.binomialvariate(20_000, 0.5)
        pvalues.append(sample_ratio([a, 20_000 - a], [50, 50]).p)
    assert sum(p < 0.001 for p in pvalues) <= 6
    assert 70 <= sum(p < 0.05 for p in pvalues) <= 130, "the test is not simply blind"
    # and with three groups (holdout 10 %, two variants of 45 %)
    flagged = 0
    for _ in range(2_000):
        holdout = rng.binomialvariate(20_000, 0.10)
        a = rng.binomialvariate(20_000 - holdout, 0.5)
        flagged += sample_ratio([holdout, a, 20_000 - holdout - a], [10, 45, 45]).p < 0.001
    assert flagged <= 6
