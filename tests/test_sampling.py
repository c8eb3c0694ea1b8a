"""Curves as plain data: exact kinks, no line across a jump, asymptotes where they exist."""

from __future__ import annotations

import math

import numpy as np
import pytest

import actviz
from actviz.analysis.sampling import sample_curve, sample_curves, sample_grid
from actviz.errors import OptionError
from tests.conftest import ALL_NAMES


def test_grid_holds_every_breakpoint_in_range():
    grid = sample_grid(-6, 6, 4, breakpoints=(-3.0, 0.0, 3.0, 7.0))
    assert {-3.0, 0.0, 3.0} <= set(grid.tolist())
    assert 7.0 not in grid
    assert np.all(np.diff(grid) > 0)


def test_relu_corner_is_sampled_exactly_even_with_few_points():
    curve = sample_curve(actviz.get("relu"), -6, 6, 4)  # linspace alone has no 0
    (x, y), = curve.function.segments
    assert 0.0 in x.tolist()
    assert y[x.tolist().index(0.0)] == 0.0


def test_step_is_cut_at_its_jump_with_both_limits():
    curve = sample_curve(actviz.get("step"), -1, 1, 5)
    (x1, y1), (x2, y2) = curve.function.segments
    assert (x1[-1], y1[-1]) == (0.0, 0.0)  # f(0⁻)
    assert (x2[0], y2[0]) == (0.0, 1.0)  # f(0⁺)
    assert set(y1) == {0.0} and set(y2) == {1.0}
    jump, = curve.function.jumps
    assert (jump.x, jump.left, jump.right, jump.value) == (0.0, 0.0, 1.0, 1.0)


def test_joined_trace_breaks_at_jumps_with_nan():
    curve = sample_curve(actviz.get("hardshrink"), -2, 2, 9)
    x, y = curve.function.joined()
    assert np.isnan(x).sum() == 2 and np.isnan(y).sum() == 2
    finite = ~np.isnan(x)
    # No drawn step joins the two sides of a jump: consecutive finite points never share an x.
    for a, b in zip(np.flatnonzero(finite)[:-1], np.flatnonzero(finite)[1:]):
        if b == a + 1:
            assert x[a] != x[b]


def test_derivative_jumps_at_kinks_and_at_the_range_end():
    relu = sample_curve(actviz.get("relu"), -1, 1, 5, derivative=True)
    jump, = relu.derivative.jumps
    assert (jump.left, jump.right, jump.value) == (0.0, 1.0, 0.0)
    relu6 = sample_curve(actviz.get("relu6"), -6, 6, 5, derivative=True)
    last_x, last_y = relu6.derivative.segments[-1]
    assert (last_x[-1], last_y[-1]) == (6.0, 1.0)  # the limit from the left, not f'(6) = 0
    assert relu6.derivative.jumps[-1].value == 0.0


def test_continuous_functions_are_one_segment():
    for name in ("sigmoid", "elu", "softsign", "celu"):
        curve = sample_curve(actviz.get(name), -6, 6, 101, derivative=True)
        assert len(curve.function.segments) == 1 and not curve.function.jumps
    elu = sample_curve(actviz.get("elu"), -6, 6, 101, derivative=True)
    assert not elu.derivative.jumps  # α = 1: ELU is C¹


@pytest.mark.parametrize(
    ("spec", "view", "expected"),
    [
        ("sigmoid", (-6, 6), [0.0, 1.0]),
        ("tanh", (-6, 6), [-1.0, 1.0]),
        ("elu:alpha=0.5", (-6, 6), [-0.5]),
        ("arctan", (-6, 6), [-math.pi / 2, math.pi / 2]),
        ("sigmoid", (3, 6), [1.0]),  # 0 is far below the curve in this view
        ("relu", (-6, 6), []),  # reaches 0 and stays: not an asymptote
        ("hardswish", (-6, 6), []),
        ("hardsigmoid", (-2, 2), []),  # 0 and 1 are closed bounds, reached beyond the view
        ("step", (-6, 6), []),
        ("identity", (-6, 6), []),
    ],
)
def test_asymptotes(spec, view, expected):
    curve = sample_curve(actviz.get(spec), *view, 201)
    assert sorted(a.y for a in curve.asymptotes) == pytest.approx(expected)


def test_an_asymptote_still_on_its_way_at_1e300_is_the_end_of_the_range():
    """squareplus(−1e300) = b/(4·1e300) = 1e-300: the figure labelled "y = 1e-300" beside
    "y = 0" and drew a second dashed line over the x axis."""
    curve = sample_curve(actviz.get("squareplus"), -6, 6, 201)
    assert [a.y for a in curve.asymptotes] == [0.0]
    for name in ALL_NAMES:  # every limit is exact, not a rounding away from one
        for a in sample_curve(actviz.get(name), -6, 6, 51).asymptotes:
            assert a.y == 0 or abs(a.y) > 1e-6, (name, a)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_every_activation_samples_cleanly(name):
    curve = sample_curve(actviz.get(name), -6, 6, 301, derivative=True)
    for trace in (curve.function, curve.derivative):
        for x, _ in trace.segments:
            assert np.all(np.diff(x) >= 0)
        # Non-finite samples are dropped from segments: every built-in keeps all of them.
        xs = np.concatenate([x for x, _ in trace.segments])
        assert xs.size >= 301 and xs[0] == -6 and xs[-1] == 6
        for jump in trace.jumps:  # no segment straddles a jump
            assert all(x[0] >= jump.x or x[-1] <= jump.x for x, _ in trace.segments)


def test_bad_range_is_refused():
    with pytest.raises(OptionError, match="xmin"):
        sample_curves([actviz.get("relu")], 1, 1, 10)
    with pytest.raises(OptionError, match="points"):
        sample_curves([actviz.get("relu")], -1, 1, 1)
