"""Property tests over the whole registry: a new entry is tested the moment it is registered.

Each declared property (range, monotonic, continuity, ...) is checked against the numbers, for
the default parameters and for each parameter halved and doubled.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import actviz
from actviz.activations.registry import lookup
from actviz.analysis.accuracy import has_limit, parameter_variants
from tests.conftest import ALL_NAMES

BOUND = [
    pytest.param(actviz.get(name, **variant), id=actviz.get(name, **variant).spec)
    for name in ALL_NAMES
    for variant in parameter_variants(lookup(name))
]
DEFAULTS = [pytest.param(actviz.get(name), id=name) for name in ALL_NAMES]

PROPERTY_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
any_float = st.floats(allow_nan=False, allow_infinity=True, width=64)
moderate = st.floats(min_value=-30.0, max_value=30.0, allow_nan=False)

# A grid over the region where activations bend, plus far tails.
GRID = np.concatenate([np.linspace(-30, 30, 60_001), -np.logspace(1.5, 8, 200), np.logspace(1.5, 8, 200)])
GRID.sort()


# ---------------------------------------------------------------------------------------------
# The API contract
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("act", DEFAULTS)
@pytest.mark.parametrize(
    "x",
    [0.5, 3, np.float32(-1.5), [1.0, -2.0], [[1, 2], [3, 4]], np.zeros((2, 0, 3)), np.array(2.0)],
    ids=["float", "int", "float32", "list", "nested", "empty", "0-d"],
)
def test_shape_and_dtype_are_kept(act, x):
    shape = np.shape(x)
    for fn in (act, act.derivative, lambda values: act.derivative(values, order=2)):
        y = fn(x)
        assert np.shape(y) == shape
        assert np.asarray(y).dtype == np.float64
        if shape == ():
            assert isinstance(y, np.float64)


@pytest.mark.parametrize("act", DEFAULTS)
def test_input_is_not_modified_and_nan_gives_nan(act):
    x = np.array([np.nan, -1.0, 0.0, 2.0])
    before = x.copy()
    y, dy, d2y = act(x), act.derivative(x), act.derivative(x, order=2)
    np.testing.assert_array_equal(x, before)
    assert math.isnan(y[0]) and math.isnan(dy[0]) and math.isnan(d2y[0])
    assert not np.isnan(y[1:]).any() and not np.isnan(dy[1:]).any()
    assert not np.isnan(d2y[1:]).any()


@pytest.mark.parametrize("act", BOUND)
@PROPERTY_SETTINGS
@given(x=any_float)
def test_finite_wherever_the_truth_is_finite(act, x):
    with np.errstate(all="raise", under="ignore"):
        values = act(x), act.derivative(x), act.derivative(x, order=2)
    declaration = act.activation
    exacts = (declaration.exact, declaration.exact_derivative, declaration.exact_second_derivative)
    for value, exact in zip(values, exacts):
        if math.isinf(x):  # NaN only where there is no limit (a periodic function)
            assert not math.isnan(value) or not has_limit(exact, 1 if x > 0 else -1, act.params)
        else:
            # Only where the true value is beyond float64 (x² for x > 1.3e154, eˣ for
            # x > 709.78) may f, f' or f'' be infinite.
            assert not math.isnan(value)
            assert math.isfinite(value) or _beyond_float64(act, exact, x)


def _beyond_float64(act, exact, x: float) -> bool:
    """|exact(x)| > the largest float64, by mpmath; without an exact form, |x| > 1e307 (an
    unbounded function of a huge x)."""
    if exact is None:
        return abs(x) > 1e307
    import mpmath

    with mpmath.workdps(30):
        value = exact(mpmath.mp, mpmath.mpf(x), **act.params)
        return abs(value) > np.finfo(np.float64).max


# f' against a numerical derivative of f, and f'' against one of f' (whose own rounding the
# stencil amplifies, hence the looser bound).
NUMERICAL_BOUNDS = {1: (1e-7, 1e-12), 2: (1e-6, 1e-11)}


@pytest.mark.parametrize("order", (1, 2))
@pytest.mark.parametrize("act", BOUND)
@PROPERTY_SETTINGS
@given(x=moderate)
def test_derivative_agrees_with_a_numerical_derivative(act, order, x):
    h = 1e-3 * max(1.0, abs(x))
    assume(all(abs(x - b) > 3 * h for b in act.breakpoints))
    lower = act if order == 1 else act.derivative
    analytic = float(act.derivative(x, order=order))
    relative, absolute = NUMERICAL_BOUNDS[order]
    # The stencil's error shrinks like h⁴: a fast oscillation (sine's ω₀ = 30) needs a smaller
    # step than the rest, so the steps h, h/10, h/100 are tried in turn.  A wrong derivative
    # disagrees at every step.
    errors = []
    for step in (h, h / 10, h / 100):
        numerical = _five_point_slope(lower, x, step)
        scale = max(abs(analytic), abs(numerical), 1e-3 * abs(float(lower(x))) / max(1.0, abs(x)))
        errors.append(abs(numerical - analytic) / (relative * scale + absolute))
    assert min(errors) <= 1.0, errors


def _five_point_slope(fn, x: float, h: float) -> float:
    """The derivative of ``fn`` at x by the five-point stencil (error O(h⁴))."""
    stencil = fn(np.array([x - 2 * h, x - h, x + h, x + 2 * h]))
    return float((stencil[0] - 8 * stencil[1] + 8 * stencil[2] - stencil[3]) / (12 * h))


def test_second_derivative_order_is_checked():
    with pytest.raises(actviz.ParameterError, match="order must be 1 or 2"):
        actviz.get("relu").derivative(1.0, order=3)


# ---------------------------------------------------------------------------------------------
# Declared properties hold numerically
# ---------------------------------------------------------------------------------------------


def _tolerance(values: np.ndarray) -> float:
    finite = values[np.isfinite(values)]
    return 1e-12 * max(1.0, float(np.max(np.abs(finite))) if finite.size else 1.0)


@pytest.mark.parametrize("act", BOUND)
def test_range_contains_every_value_and_is_tight(act):
    interval = act.properties.range
    # The kinks' neighbourhoods too: an infimum approached only at a jump (Threshold with
    # v > t) lies between grid points.
    points = np.sort(np.concatenate([GRID, _around(act.breakpoints)]))
    y = act(points)
    slack = _tolerance(y[np.abs(points) <= 30])
    assert y.min() >= interval.low - slack
    assert y.max() <= interval.high + slack
    tails = act(np.array([-1e300, 1e300]))
    low_reached = min(y.min(), tails.min())
    high_reached = max(y.max(), tails.max())
    if math.isfinite(interval.low):
        assert low_reached <= interval.low + 1e-6 * max(1.0, abs(interval.low))
    else:
        assert low_reached < -1e100
    if math.isfinite(interval.high):
        assert high_reached >= interval.high - 1e-6 * max(1.0, abs(interval.high))
    else:
        assert high_reached > 1e100
    props = act.properties
    assert props.bounded_below == math.isfinite(interval.low)
    assert props.bounded_above == math.isfinite(interval.high)


@pytest.mark.parametrize("act", BOUND)
def test_monotonic_as_declared(act):
    slope = act.derivative(GRID)
    values = act(GRID)
    values = values[np.isfinite(values)]  # e^x is +inf beyond 709.78, its true value rounded
    if act.properties.monotonic:
        assert slope.min() >= 0.0
        assert np.diff(values).min() >= -_tolerance(values)
    else:  # f falls somewhere: a negative slope, or a jump down (Threshold with v > t)
        assert slope.min() < -1e-6 or np.diff(values).min() < -1e-6


@pytest.mark.parametrize("act", BOUND)
def test_derivative_monotonic_as_declared(act):
    points = np.sort(np.concatenate([GRID, _around(act.breakpoints)]))
    slopes = act.derivative(points)
    steps = np.diff(slopes[np.isfinite(slopes)])
    rises, falls = steps.max() > 1e-9, steps.min() < -1e-9
    assert act.properties.derivative_monotonic == (not (rises and falls))


def _around(points: tuple[float, ...], delta: float = 1e-9) -> np.ndarray:
    return np.array([p + d for p in points for d in (-delta, 0.0, delta)])


def _jumps(fn, points: tuple[float, ...], delta: float = 1e-9) -> list[float]:
    return [abs(float(fn(b + delta)) - float(fn(b - delta))) for b in points]


@pytest.mark.parametrize("act", BOUND)
def test_continuity_as_declared(act):
    order = act.properties.continuity
    points = act.breakpoints
    value_jumps, slope_jumps = _jumps(act, points), _jumps(act.derivative, points)
    if order == "discontinuous":
        assert max(value_jumps) > 1e-3
        return
    assert all(j < 1e-6 for j in value_jumps), "f is declared continuous"
    if order == "C0":
        assert max(slope_jumps) > 1e-3, "C0 means f' jumps somewhere"
        return
    assert all(j < 1e-6 for j in slope_jumps), "f' is declared continuous"
    curvature_jumps = [abs(_one_sided_curvature(act, b, +1) - _one_sided_curvature(act, b, -1))
                       for b in points]
    if order == "C1":
        assert max(curvature_jumps) > 1e-3, "C1 (not C∞) means f'' jumps somewhere"
    else:
        assert all(j < 1e-3 for j in curvature_jumps), "C∞ means f'' is continuous"


@pytest.mark.parametrize("act", BOUND)
def test_continuity_order_shows_in_the_second_derivative(act):
    """What `list` says (C1 or C∞) against the analytic f'': C1 means f'' jumps at a breakpoint,
    C∞ that it is continuous at each and across the grid; below C1, f'' is finite on the grid."""
    order = act.properties.continuity
    curvature = act.derivative(GRID, order=2)
    # Infinite only where the true f'' is beyond float64 (e^x for x > 709.78).
    assert all(_beyond_float64(act, act.activation.exact_second_derivative, float(x))
               for x in GRID[~np.isfinite(curvature)])
    jumps = _jumps(lambda x: act.derivative(x, order=2), act.breakpoints)
    if order == "C1":
        assert jumps and max(jumps) > 1e-3, "C1 (not C∞) means f'' jumps somewhere"
    elif order == "C∞":
        assert all(j < 1e-6 for j in jumps), "C∞ means f'' is continuous at the breakpoints"
        # Steps of h = 1e-3: a jump J of f'' between two grid points shows in the second
        # difference as ±J, while a smooth f'' moves it by h² times its own second derivative
        # only (sine's f'' = −900·sin(30x) changes by 27 per step, smoothly); relative to
        # |f''| where that exceeds 1 (e^x's f'' is e^30 at x = 30).
        inner = curvature[np.abs(GRID) <= 30]
        scale = np.maximum(1.0, np.abs(inner[1:-1]))
        assert (np.abs(np.diff(inner, n=2)) / scale).max() < 0.05, "C∞ means f'' has no jump"


def _one_sided_curvature(act, x: float, side: int, delta: float = 1e-5) -> float:
    """f''(x±) from f' on one side only."""
    near, far = act.derivative(np.array([x + side * delta, x + side * 2 * delta]))
    return float(far - near) / (side * delta)


@pytest.mark.parametrize("act", BOUND)
def test_zero_centred_as_declared(act):
    x = GRID[GRID > 0]
    odd = np.abs(act(-x) + act(x)) <= _tolerance(act(x))
    assert act.properties.zero_centred == bool(odd.all())


@pytest.mark.parametrize("act", BOUND)
def test_saturating_sides_as_declared(act):
    far = np.abs(act.derivative(np.array([-1e8, 1e8])))
    left, right = far[0] < 1e-6, far[1] < 1e-6
    sides = {(True, True): "both", (True, False): "left", (False, True): "right"}
    assert act.properties.saturating == sides.get((left, right), "none")
    for flat, value in zip((left, right), far):
        assert flat or value > 1e-3  # a non-saturating side keeps a real slope


@pytest.mark.parametrize("act", BOUND)
def test_identity_near_origin_as_declared(act):
    near = act.derivative(np.array([-1e-9, 0.0, 1e-9]))
    is_identity = float(act(0.0)) == 0.0 and bool(np.all(np.abs(near - 1.0) < 1e-6))
    assert act.properties.identity_near_origin == is_identity
