"""The hand-written building blocks in actviz.activations.numerics, each against exact arithmetic
(fractions) or mpmath, since no library provides them."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actviz.activations import numerics as nx

finite = st.floats(min_value=-1e150, max_value=1e150, allow_nan=False, allow_infinity=False)
mp = mpmath.MPContext()
mp.dps = 50


def _ulps(computed: float, truth) -> float:
    rounded = abs(float(truth))
    ulp = 2.0**-1074 if rounded < 2.2250738585072014e-308 else math.ulp(rounded)
    return float(abs(mp.mpf(computed) - truth) / ulp)


@settings(max_examples=300, deadline=None)
@given(a=finite, b=finite)
def test_two_sum_is_exact(a, b):
    s, e = nx.two_sum(np.float64(a), np.float64(b))
    assert Fraction(float(s)) + Fraction(float(e)) == Fraction(a) + Fraction(b)
    assert s == a + b


@settings(max_examples=300, deadline=None)
@given(a=st.floats(min_value=-1e100, max_value=1e100), b=st.floats(min_value=-1e100, max_value=1e100))
def test_two_product_is_exact(a, b):
    p, e = nx.two_product(np.float64(a), np.float64(b))
    exact = Fraction(a) * Fraction(b)
    if exact == 0 or abs(exact) > Fraction(1e-250):  # away from underflow of the error term
        assert Fraction(float(p)) + Fraction(float(e)) == exact


@settings(max_examples=200, deadline=None)
@given(
    y=st.floats(min_value=-760.0, max_value=700.0),
    factor=st.floats(min_value=-1e3, max_value=1e3).filter(lambda v: abs(v) > 1e-3),
)
def test_exp_times_keeps_digits_where_exp_alone_is_subnormal(y, factor):
    value = float(nx.exp_times(np.float64(factor), np.float64(y)))
    truth = mp.mpf(factor) * mp.exp(mp.mpf(y))
    assert _ulps(value, truth) <= 2.5


def test_exp_times_beyond_the_range_is_zero_without_nan():
    out = nx.exp_times(np.array([5.0, -3.0]), np.array([-np.inf, -2e4]))
    assert out.tolist() == [0.0, -0.0]


@pytest.mark.parametrize("x", [-745.0, -720.5, -710.0, -40.0, -1.0, 0.0, 1.0, 40.0, 800.0])
def test_sigmoid_to_the_last_subnormal(x):
    truth = 1 / (1 + mp.exp(-mp.mpf(x)))
    assert _ulps(float(nx.sigmoid(np.float64(x))), truth) <= 2


def test_root_series_offset_is_rounded_once():
    series = nx.RootSeries(root_high=-1.25, root_low=1e-17, radius=0.5, coefficients=(2.0,))
    h = series.offset(np.float64(-1.25))
    assert h == -1e-17
    assert series.patch(np.float64(-1.25), np.float64(99.0)) == -2e-17
    assert series.patch(np.float64(0.0), np.float64(99.0)) == 99.0


# --- by_mask: each form only on its own elements ---------------------------------------------

@pytest.mark.parametrize("mask_of", [lambda x: x < 0, lambda x: x < 10, lambda x: x < -10])
def test_by_mask_matches_where_of_both_forms(mask_of):
    # mixed, all-true and all-false slices, with a scalar argument broadcast alongside
    x = np.linspace(-3.0, 3.0, 101)
    got = nx.by_mask(mask_of(x), lambda a, b: a * b, lambda a, b: a - b, x, 2.0)
    assert np.array_equal(got, np.where(mask_of(x), x * 2.0, x - 2.0))


def test_exp_times_fast_path_agrees_with_the_scaled_path():
    # one slice that needs the subnormal scaling and one that does not: the elements they
    # share agree to an ulp (the fast path takes e^low − 1 = low)
    y = np.linspace(-50.0, 5.0, 64)
    low = np.full_like(y, 1e-15)
    alone = nx.exp_times(3.0, y, low)
    with_tail = nx.exp_times(3.0, np.append(y, -720.0), np.append(low, 0.0))[:-1]
    assert np.allclose(alone, with_tail, rtol=4e-16, atol=0)
