"""How many units in the last place each float64 function is from the truth.

Every declaration carries ``exact`` and ``exact_derivative``: the same mathematics written for
mpmath.  This module evaluates them at 60 significant digits on points spread over the whole
float64 range (log-uniformly in magnitude, both signs, plus the values where code goes wrong:
±0, subnormals, overflow thresholds of exp, breakpoints and their neighbours, ±inf) and
measures the float64 code against them.

The error at one point is ``|computed − true| / ulp(true)``, where ulp is the spacing of
float64 numbers at the correctly rounded true value (2^-1074 below the smallest normal).
0.5 ulp is a correctly rounded result.  The *floor* actviz guarantees:

- relative error ≤ 1e-12 wherever |true| ≥ 1e-290;
- below that, relative error ≤ 1e-3 or an absolute error of at most two subnormal steps
  (2·2^-1074: a subnormal near 1e-321 has only a few significant bits, so no float64 code can
  promise more);
- an infinite true value (a limit at ±inf, or a result beyond the float64 range) is returned as
  that infinity, and NaN in gives NaN out.

mpmath is imported inside the functions: it is a test dependency, not a runtime one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable

import numpy as np

from actviz.activations.registry import Activation, BoundActivation

DIGITS = 60
SUBNORMAL_STEP = 2.0**-1074
FLOOR_RELATIVE = 1e-12
FLOOR_TINY_RELATIVE = 1e-3
TINY = 1e-290

# Where float code typically breaks: exp overflow (709.78) and underflow (745.13), 1 − tanh²
# and 1 − σ rounding to 0 (≈ 19 and 37), x² overflowing (1.34e154), and the range's ends.
_SPECIAL_MAGNITUDES = (
    0.0, SUBNORMAL_STEP, 1e-320, 2.2250738585072014e-308, 1e-300, 1e-200, 1e-100, 1e-20,
    1e-16, 1e-8, 1e-4, 0.5, 1.0, 2.0, 3.0, 6.0, 9.25, 19.0, 20.0, 37.0, 40.0, 100.0,
    354.0, 372.0, 709.78, 710.0, 745.0, 745.2, 1e4, 1e10, 1e100, 1.3e154, 1.35e154, 1e200,
    1e300, 1.7e308, 1.7976931348623157e308,
)


def accuracy_points(count: int = 2000, seed: int = 0) -> np.ndarray:
    """Test inputs: special values, ``count`` log-uniform magnitudes over the whole float64 range
    and ``count`` more where activations bend (|x| ≤ 50), each with both signs, sorted."""
    rng = np.random.default_rng(seed)
    everywhere = 10.0 ** rng.uniform(-323.3, 308.25, count // 2)
    near_origin = 10.0 ** rng.uniform(-4.0, 3.0, count // 4)
    body = rng.uniform(0.0, 50.0, count // 4)
    magnitudes = np.concatenate([_SPECIAL_MAGNITUDES, everywhere, near_origin, body])
    magnitudes = magnitudes[np.isfinite(magnitudes)]
    return np.unique(np.concatenate([-magnitudes, magnitudes]))


def breakpoint_neighbours(breakpoints: Iterable[float]) -> np.ndarray:
    """Each breakpoint and the float64 numbers on either side of it (one and a few ulp away)."""
    points = []
    for b in breakpoints:
        points += [b, np.nextafter(b, -np.inf), np.nextafter(b, np.inf), b - 1e-9, b + 1e-9]
    return np.array(points, dtype=np.float64)


@dataclass
class ErrorReport:
    """The worst error of one function (f, f' or f'') of one bound activation over the points."""

    spec: str
    which: str  # "f", "f'" or "f''"
    points: int = 0
    max_ulp: float = 0.0
    worst_x: float = math.nan
    max_relative: float = 0.0  # where |true| ≥ 1e-290
    failures: list[str] = field(default_factory=list)  # points that break the floor

    @property
    def meets_floor(self) -> bool:
        return not self.failures


@lru_cache(maxsize=1)
def _mp():
    """A private mpmath context at :data:`DIGITS` digits (the global one is left alone)."""
    import mpmath

    context = mpmath.MPContext()
    context.dps = DIGITS
    return context


def measure(
    bound: BoundActivation, xs: np.ndarray, which: str = "f", max_failures: int = 5
) -> ErrorReport:
    """Compare ``bound`` (``which="f"``), f' (``"f'"``) or f'' (``"f''"``) with the mpmath truth."""
    mp = _mp()
    declaration: Activation = bound.activation
    exact = exact_form(declaration, which)
    if exact is None:
        raise ValueError(f"{declaration.name} declares no exact form of {which} to measure against")
    order = ORDERS[which]
    evaluate = bound if order == 0 else (lambda values: bound.derivative(values, order=order))
    # Underflow to a subnormal or zero is the right answer in the tails, and numpy is silent
    # about it by default; overflow, 0/0 and inf − inf are what must never happen.
    with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
        computed = np.asarray(evaluate(xs), dtype=np.float64)
    report = ErrorReport(bound.spec, which, points=len(xs))
    for x, c in zip(xs.tolist(), computed.tolist()):
        truth = _truth(mp, exact, x, bound.params)
        ulps, relative, problem = _compare(mp, c, truth)
        if ulps > report.max_ulp:
            report.max_ulp, report.worst_x = ulps, x
        report.max_relative = max(report.max_relative, relative)
        if problem and len(report.failures) < max_failures:
            report.failures.append(f"{which}({x!r}) = {c!r}, true {mp.nstr(truth, 17)}: {problem}")
    return report


# f, f' and f'': the derivative order of each.
ORDERS = {"f": 0, "f'": 1, "f''": 2}


def exact_form(declaration: Activation, which: str) -> Callable[..., Any] | None:
    """The declaration's mpmath reference for ``which`` ("f", "f'" or "f''"), or None."""
    return {
        "f": declaration.exact,
        "f'": declaration.exact_derivative,
        "f''": declaration.exact_second_derivative,
    }[which]


def _truth(mp, exact: Callable[..., Any], x: float, params: dict[str, float]):
    if math.isinf(x):
        return _limit(mp, exact, x, params)
    return mp.mpf(exact(mp, mp.mpf(x), **params))


def _limit(mp, exact: Callable[..., Any], x: float, params: dict[str, float]):
    """The value at ±inf as a limit: the exact form at ±10^400 (beyond float64, where every
    activation here has reached its limit to far more than 60 digits), snapped to ±inf when it
    is beyond the float64 range; NaN when there is no limit (a periodic function)."""
    far = mp.mpf(10) ** 400 * (1 if x > 0 else -1)
    value = mp.mpf(exact(mp, far, **params))
    if abs(value) > mp.mpf(10) ** 350:
        return mp.inf if value > 0 else -mp.inf
    if abs(mp.mpf(exact(mp, 2 * far, **params)) - value) > mp.mpf(10) ** -300:
        return mp.nan
    return value


def has_limit(exact: Callable[..., Any], sign: int, params: dict[str, float]) -> bool:
    """Whether ``exact`` (an mpmath form) has a limit, finite or infinite, at sign·∞."""
    return not _mp().isnan(_limit(_mp(), exact, sign * math.inf, params))


def _compare(mp, computed: float, truth) -> tuple[float, float, str]:
    """(error in ulp, relative error if |truth| ≥ 1e-290, a floor violation or "")."""
    if mp.isnan(truth):  # no limit at ±inf: NaN is the answer
        return (0.0, 0.0, "") if math.isnan(computed) else (math.inf, math.inf, "expected NaN")
    if math.isnan(computed):
        return math.inf, math.inf, "NaN"
    if mp.isinf(truth) or abs(truth) > np.finfo(np.float64).max:
        rounded = float(truth) if mp.isinf(truth) else math.copysign(math.inf, float(truth))
        ok = computed == rounded or (
            math.isfinite(computed) and abs(truth) > np.finfo(np.float64).max
            and abs(computed) == np.finfo(np.float64).max
        )
        return (0.0, 0.0, "") if ok else (math.inf, math.inf, f"expected {rounded}")
    if math.isinf(computed):
        return math.inf, math.inf, "inf where the true value is finite"
    error = abs(mp.mpf(computed) - truth)
    rounded = abs(float(truth))
    ulp = SUBNORMAL_STEP if rounded < 2.2250738585072014e-308 else math.ulp(rounded)
    ulps = float(error / ulp)
    relative = float(error / abs(truth)) if truth != 0 else (0.0 if error == 0 else math.inf)
    if abs(truth) >= TINY:
        problem = f"relative error {relative:.2e}" if relative > FLOOR_RELATIVE else ""
        return ulps, relative, problem
    tiny_ok = relative <= FLOOR_TINY_RELATIVE or error <= 2 * SUBNORMAL_STEP
    return ulps, 0.0, "" if tiny_ok else f"error {float(error):.2e} in the tiny range"


def parameter_variants(declaration: Activation) -> list[dict[str, float]]:
    """The defaults, and for each parameter its default halved and doubled (when valid), so the
    accuracy of non-default parameters is measured without a hand-written list."""
    variants: list[dict[str, float]] = [{}]
    for parameter in declaration.parameters:
        base = parameter.default if parameter.default != 0 else 1.0
        variants += _valid_values(declaration, parameter.name, (base / 2, base * 2))
    return variants


def _valid_values(declaration: Activation, name: str, values: Iterable[float]) -> list[dict]:
    """``{name: value}`` for each value that binds (the others fail its range or its check)."""
    valid = []
    for value in values:
        try:
            declaration.bind(**{name: value})
        except ValueError:
            continue
        valid.append({name: value})
    return valid


# Where the parameter's valid interval is unbounded, its "extreme" is this far out (softshrink's
# λ = 1e300: the example of overflow in a branch that np.where discards).
_FAR_PARAMETER = 1e300


def parameter_extremes(declaration: Activation) -> list[dict[str, float]]:
    """For each parameter, each closed end of its valid interval and ±1e300 for an unbounded
    end (open finite ends are left out: no value sits on them), keeping the valid ones.

    Not part of :func:`parameter_variants`, which the property tests also use: a range or a
    shape at α = 1e6 is not what those tests are about, the accuracy there is.
    """
    variants: list[dict[str, float]] = []
    for parameter in declaration.parameters:
        ends = []
        if parameter.low == -math.inf:
            ends.append(-_FAR_PARAMETER)
        elif not parameter.low_open:
            ends.append(parameter.low)
        if parameter.high == math.inf:
            ends.append(_FAR_PARAMETER)
        elif not parameter.high_open:
            ends.append(parameter.high)
        variants += _valid_values(declaration, parameter.name, ends)
    return variants


# ±k ulp around each scanned spot, and the half-width of the uniform scan around it (relative
# to max(1, |spot|)).
_ULP_STEPS = 8
_SCAN_HALF_WIDTH = 0.05


def scan_spots(bound: BoundActivation) -> tuple[float, ...]:
    """The x where this activation's float64 code switches between forms or is hardest, as its
    declaration lists them in ``extra["scan_around"]`` (values, or a function of the
    parameters)."""
    declared = bound.activation.extra.get("scan_around", ())
    spots = declared(**bound.params) if callable(declared) else declared
    return tuple(float(s) for s in spots)


def dense_scans(spots: Iterable[float], per_spot: int) -> np.ndarray:
    """Around each spot: ``per_spot`` evenly spaced x within ±5 % (of max(1, |spot|)) and the
    float64 numbers 1 … 8 ulp away on either side (where a switch between forms is off by one
    it shows)."""
    points = []
    for spot in spots:
        width = _SCAN_HALF_WIDTH * max(1.0, abs(spot))
        points.append(np.linspace(spot - width, spot + width, per_spot))
        for direction in (-np.inf, np.inf):
            x = spot
            for _ in range(_ULP_STEPS):
                x = np.nextafter(x, direction)
                points.append(np.array([x]))
    return np.concatenate(points) if points else np.array([])


def accuracy_inputs(bound: BoundActivation, count: int, seed: int = 0) -> np.ndarray:
    """:func:`accuracy_points`, this activation's breakpoints and their neighbours, and dense
    scans around its :func:`scan_spots` (``count // 16`` points each)."""
    scans = dense_scans(scan_spots(bound), max(16, count // 16))
    points = np.concatenate([
        accuracy_points(count, seed), breakpoint_neighbours(bound.breakpoints), scans,
        [-np.inf, np.inf],
    ])
    return np.unique(points[~np.isnan(points)])
