"""actviz.analysis.saturation against closed forms, and its invariants for every activation."""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest
from scipy.special import ndtr

import actviz
from actviz.activations.registry import Interval
from actviz.analysis.saturation import (
    check_sigma,
    check_threshold,
    complement,
    gaussian_mass,
    has_saturation_profile,
    saturation,
    saturation_report,
)
from actviz.errors import ActvizError, OptionError
from tests.conftest import ALL_NAMES
from tests.spelling import assert_typed

# Every activation with a saturation profile: all but the periodic ones (sine, snake).
PROFILED = [name for name in ALL_NAMES if has_saturation_profile(actviz.get(name))]

T = 0.01


@functools.cache
def profile(spec: str, threshold: float = T, sigma: float = 1.0):
    return saturation(actviz.get(spec), threshold, sigma)


def ends(intervals):
    return [(i.low, i.high, i.low_closed, i.high_closed) for i in intervals]


# --------------------------------------------------------------------------------------------
# Closed forms
# --------------------------------------------------------------------------------------------


def test_sigmoid_peak_and_active_interval():
    p = profile("sigmoid")
    assert p.max_abs_derivative == 0.25 and p.argmax == 0.0
    # σ'(x) = T  <=>  x = ±2 atanh(√(1 − 4T))
    edge = 2 * math.atanh(math.sqrt(1 - 4 * T))
    assert edge == pytest.approx(4.5848633391223546, abs=1e-14)
    [(low, high, low_closed, high_closed)] = ends(p.active_intervals)
    assert abs(high - 4.5848633391223546) < 1e-9 and abs(low + 4.5848633391223546) < 1e-9
    assert low_closed and high_closed
    assert p.saturating == "both"
    assert p.saturated_fraction == pytest.approx(2 * ndtr(-edge), rel=1e-9)
    assert p.dead_fraction == 0.0


@pytest.mark.parametrize("threshold", [0.01, 0.5, 1e-6, 1e-12])
def test_tanh_active_interval_is_acosh_of_one_over_root_t(threshold):
    # sech²x = T  <=>  cosh x = 1/√T
    edge = math.acosh(1 / math.sqrt(threshold))
    [(low, high, _, _)] = ends(profile("tanh", threshold).active_intervals)
    assert abs(high - edge) < 1e-9 and abs(low + edge) < 1e-9


def test_tanh_interval_at_default_threshold_is_acosh_10():
    [(low, high, _, _)] = ends(profile("tanh").active_intervals)
    assert abs(high - math.acosh(10)) < 1e-9 and abs(low + math.acosh(10)) < 1e-9


def test_relu_is_dead_for_exactly_half_of_standard_normal_inputs():
    p = profile("relu")
    assert ends(p.active_intervals) == [(0.0, math.inf, False, False)]  # relu'(0) = 0
    assert p.dead_fraction == 0.5
    assert p.saturated_fraction == 0.5
    assert p.mean_abs_derivative == 0.5
    assert p.saturating == "left"
    for sigma in (0.1, 3.0, 1e6):  # scale-free: half the inputs are negative
        assert profile("relu", T, sigma).dead_fraction == 0.5


def test_tanh_mean_abs_derivative_matches_mpmath_quadrature():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(30):  # restores the precision other tests set
        reference = mp.quad(
            lambda x: mp.sech(x) ** 2 * mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi),
            [-mp.inf, 0, mp.inf],
        )
    assert abs(profile("tanh").mean_abs_derivative - float(reference)) < 1e-10


@pytest.mark.parametrize("sigma", [0.25, 3.0])
def test_mean_abs_derivative_with_a_kink_of_abs_matches_mpmath(sigma):
    """gelu' changes sign at x0 ≈ -0.7518: |gelu'| has a kink there that quad must not smear."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(30):
        x0 = mp.findroot(lambda x: mp.ncdf(x) + x * mp.npdf(x), -0.75)
        reference = mp.quad(
            lambda z: abs(mp.ncdf(sigma * z) + sigma * z * mp.npdf(sigma * z)) * mp.npdf(z),
            [-mp.inf, x0 / sigma, 0, mp.inf],
        )
    assert abs(profile("gelu", T, sigma).mean_abs_derivative - float(reference)) < 1e-10


def test_piecewise_units_have_exact_ends_and_closedness():
    # hardswish' = (2x + 3)/6 inside (-3, 3), zero at -1.5; f'(-3) = 0 (PyTorch), so open at -3.
    [(a, b, ac, bc), (c, d, cc, dc)] = ends(profile("hardswish").active_intervals)
    assert (a, ac) == (-3.0, False) and (d, dc) == (math.inf, False)
    assert b == pytest.approx(-1.5 - 3 * T, abs=1e-12)
    assert c == pytest.approx(-1.5 + 3 * T, abs=1e-12)
    assert bc and cc
    assert ends(profile("hardtanh").active_intervals) == [(-1.0, 1.0, False, False)]
    assert profile("hardtanh").dead_fraction == pytest.approx(2 * ndtr(-1.0), rel=1e-15)
    assert ends(profile("hardshrink").active_intervals) == [
        (-math.inf, -0.5, False, False), (0.5, math.inf, False, False)
    ]
    assert ends(profile("relu6").active_intervals) == [(0.0, 6.0, False, False)]


def test_never_saturating_and_never_active_extremes():
    identity = profile("identity")
    assert ends(identity.active_intervals) == [(-math.inf, math.inf, False, False)]
    assert (identity.saturated_fraction, identity.dead_fraction) == (0.0, 0.0)
    assert identity.mean_abs_derivative == 1.0 and identity.saturating == "none"
    # leaky_relu's slope 0.01 is not below T = 0.01, so it never saturates ...
    assert ends(profile("leaky_relu").active_intervals) == [(-math.inf, math.inf, False, False)]
    # ... but at T = 0.02 its left side does, and nothing there is dead.
    leaky = profile("leaky_relu", 0.02)
    assert ends(leaky.active_intervals) == [(0.0, math.inf, False, False)]
    assert leaky.saturated_fraction == 0.5 and leaky.dead_fraction == 0.0
    step = profile("step")
    assert step.active_intervals == () and step.saturating == "both"
    assert (step.saturated_fraction, step.dead_fraction, step.mean_abs_derivative) == (1, 1, 0)
    assert profile("sigmoid", 0.3).active_intervals == ()  # T above sigmoid's 1/4


def test_a_dip_between_grid_points_splits_an_interval():
    """gelu' crosses 0 near -0.75; at a tiny T the gap around it is ~1e-11 wide."""
    p = profile("gelu", 1e-12)
    gap_low, gap_high = p.active_intervals[0].high, p.active_intervals[1].low
    assert 0 < gap_high - gap_low < 1e-10
    assert -0.752 < gap_low < gap_high < -0.751


def test_underflowing_tails_are_not_dead():
    """sigmoid' underflows to 0 beyond |x| ≈ 745: tiny, not dead, even for wide inputs."""
    assert profile("sigmoid", T, 1000.0).dead_fraction == 0.0
    assert profile("sigmoid", T, 1000.0).saturated_fraction > 0.99


def test_gaussian_mass_and_complement():
    assert gaussian_mass([Interval(8.0, math.inf)], 1.0) == float(ndtr(-8.0))  # 6.2e-16, not 0
    assert gaussian_mass([Interval(-math.inf, math.inf)], 2.0) == 1.0
    assert gaussian_mass([Interval(-1e-10, 1e-10)], 1.0) == pytest.approx(
        2e-10 / math.sqrt(2 * math.pi), rel=1e-12, abs=0
    )
    gaps = complement((Interval(0.0, math.inf, False, False),))
    assert ends(gaps) == [(-math.inf, 0.0, False, True)]
    gaps = complement((Interval(-1.0, 1.0, True, False), Interval(2.0, math.inf, False, False)))
    assert ends(gaps) == [(-math.inf, -1.0, False, False), (1.0, 2.0, True, True)]


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf])
def test_threshold_and_sigma_must_be_positive_and_finite(bad):
    with pytest.raises(OptionError) as caught:
        check_threshold(bad)
    assert_typed(caught, "--threshold must be a positive finite number")
    with pytest.raises(OptionError) as caught:
        check_sigma(bad)
    assert_typed(caught, "--sigma must be a positive finite number")
    with pytest.raises(OptionError):
        saturation_report([actviz.get("relu")], threshold=bad)


# --------------------------------------------------------------------------------------------
# Every registered activation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(set(ALL_NAMES) - set(PROFILED)))
def test_a_periodic_activation_is_refused_in_one_line(name):
    assert actviz.get(name).activation.family == "periodic"
    with pytest.raises(ActvizError, match="is periodic: .* no saturation profile") as refused:
        profile(name)
    assert "\n" not in str(refused.value)


def test_only_the_periodic_activations_have_no_profile():
    assert set(ALL_NAMES) - set(PROFILED) == {"sine", "snake"}


def _inside(intervals, x):
    inside = np.zeros(x.shape, dtype=bool)
    for i in intervals:
        above = (x > i.low) | ((x == i.low) & i.low_closed)
        below = (x < i.high) | ((x == i.high) & i.high_closed)
        inside |= above & below
    return inside


@pytest.mark.parametrize("name", PROFILED)
def test_intervals_agree_with_sampled_slope(name):
    act, p = actviz.get(name), profile(name)
    x = np.concatenate([np.linspace(-60, 60, 200_001), [-1e200, -1e6, 1e6, 1e200]])
    finite_ends = np.array([e for i in p.active_intervals for e in (i.low, i.high)
                            if math.isfinite(e)])
    if finite_ends.size:  # within 1e-9 of an end either answer is right
        x = x[np.min(np.abs(x[:, None] - finite_ends[None, :]), axis=1) > 1e-9]
    active = np.abs(act.derivative(x)) >= T
    np.testing.assert_array_equal(_inside(p.active_intervals, x), active)


@pytest.mark.parametrize("name", PROFILED)
def test_interval_ends_are_accurate_to_1e_9(name):
    """Just inside each finite end |f'| ≥ T, and just outside it is not (at 1e-9)."""
    act, p = actviz.get(name), profile(name)
    for interval in p.active_intervals:
        for end, inward in ((interval.low, 1), (interval.high, -1)):
            if not math.isfinite(end) or interval.low == interval.high:
                continue
            step = 1e-9 * max(1.0, abs(end))
            assert abs(float(act.derivative(end + inward * step))) >= T, (name, end)
            assert abs(float(act.derivative(end - inward * step))) < T, (name, end)


@pytest.mark.parametrize("name", PROFILED)
def test_fractions_are_consistent(name):
    p = profile(name)
    assert 0.0 <= p.dead_fraction <= p.saturated_fraction <= 1.0
    active_mass = gaussian_mass(p.active_intervals, 1.0)
    assert active_mass + p.saturated_fraction == pytest.approx(1.0, abs=1e-15)
    # E|f'| ≥ T·P(|f'| ≥ T) and E|f'| ≤ max|f'|·P(f' ≠ 0)
    assert p.mean_abs_derivative >= T * active_mass * (1 - 1e-12)
    assert p.mean_abs_derivative <= p.max_abs_derivative * (1 - p.dead_fraction) * (1 + 1e-12)


@pytest.mark.parametrize("name", PROFILED)
def test_measured_saturation_matches_the_declared_property(name):
    p = profile(name)
    assert p.saturating == p.declared_saturating == actviz.get(name).properties.saturating


@pytest.mark.parametrize("name", PROFILED)
def test_mean_abs_derivative_against_brute_force_quadrature(name):
    """A dense midpoint rule over ±12σ, cells split at the breakpoints so no sample sits on
    a jump: checks the piecewise splitting and the constant pieces, to 1e-8."""
    act, p = actviz.get(name), profile(name)
    edges = np.union1d(np.linspace(-12, 12, 600_001), act.breakpoints)
    middle, width = (edges[1:] + edges[:-1]) / 2, np.diff(edges)
    weights = np.exp(-middle * middle / 2) / math.sqrt(2 * math.pi)
    brute = float(np.sum(np.abs(act.derivative(middle)) * weights * width))
    assert p.mean_abs_derivative == pytest.approx(brute, abs=1e-8)
