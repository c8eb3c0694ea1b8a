"""Where an activation passes gradient and where it saturates: numbers behind vanishing gradients.

For one activation f and a threshold T (default 0.01):

- ``max_abs_derivative``, ``argmax``: the largest |f'| and where (from
  :func:`actviz.analysis.peaks.peak_abs_derivative`); sigmoid: 1/4 at 0.
- ``active_intervals``: the set {x : |f'(x)| ≥ T} as a union of intervals whose ends are
  found by root finding (Brent's method, to 1e-9 or better), never read off a grid.  An end at a
  jump of f' is the breakpoint itself, closed when |f'| ≥ T holds there (relu: (0, ∞), because
  relu'(0) = 0).  Infinite ends are open.
- ``saturating``: the sides on which |f'| → 0, measured at x = ±1e300 (not the declared
  property, which the tests compare with this).
- A periodic activation (sine, snake) has no such profile and is refused in one line.
- For x ~ N(0, σ²), by exact Gaussian masses and adaptive quadrature, not sampling:
  ``saturated_fraction`` = P(|f'(x)| < T), ``dead_fraction`` = P(f'(x) = 0 exactly),
  ``mean_abs_derivative`` = E|f'(x)|.

"Exactly 0" means zero on an interval that starts and ends at a breakpoint (relu for x ≤ 0),
not the float underflow of sigmoid' beyond |x| ≈ 745, which is a tiny number, not a dead unit.
"""

from __future__ import annotations

import math
import sys
import warnings
from dataclasses import dataclass
from typing import Callable, Sequence

from actviz.activations.registry import BoundActivation, Interval
from actviz.analysis.depth import DepthResult, DepthSettings, depth_experiment
from actviz.analysis.grid import asinh_grid
from actviz.analysis.keys import activation_key
from actviz.analysis.peaks import Peak, peak_abs_derivative
from actviz.errors import ActvizError, OptionError
from actviz.lazy import numpy as np

DEFAULT_THRESHOLD = 0.01
DEFAULT_SIGMA = 1.0

_INNER_HALF_WIDTH = 1e4  # asinh-spaced probes out to here (spacing 5e-4 near 0) ...
_INNER_POINTS = 40_001
_TAIL = 1e300  # ... then geometric, half a decade apart, out to here
_OUTER_POINTS = 593
_XTOL, _RTOL = 1e-13, 4 * sys.float_info.epsilon  # root-finding tolerance (far below 1e-9)
_SATURATION_RTOL = 1e-9  # |f'(±1e300)| ≤ this × max|f'| counts as "|f'| → 0"
_DIP_FACTOR = 4.0  # grid minima of |f'| below 4T are polished: the true dip may cross T
_INV_SQRT_2PI = 1 / math.sqrt(2 * math.pi)
_QUAD_EPSABS = 1e-15  # for σ ≤ 1; divided by σ beyond
_FIRST_DECADE = 1.0  # pieces are cut 1, 10, 100, ... away from their ends ...
_GAUSSIAN_REACH = 40.0  # ... out to 40σ: beyond, φ(z) = exp(−z²/2) is 0 in float64


@dataclass(frozen=True)
class Saturation:
    """The gradient profile of one activation at one threshold and input spread (see module)."""

    key: str
    name: str
    label: str
    params: dict[str, float]
    peak: Peak
    active_intervals: tuple[Interval, ...]
    saturating: str  # measured: "none", "left", "right" or "both"
    declared_saturating: str  # what the registry declares
    saturated_fraction: float
    dead_fraction: float
    mean_abs_derivative: float

    @property
    def max_abs_derivative(self) -> float:
        return self.peak.value

    @property
    def argmax(self) -> float:
        return self.peak.argmax


def has_saturation_profile(activation: BoundActivation) -> bool:
    """False for a periodic activation (sine, snake): its slope oscillates forever, so the set
    where |f'| ≥ T is infinitely many intervals and neither tail saturates."""
    return activation.activation.family != "periodic"


def check_threshold(threshold: float) -> float:
    """``threshold`` if it is a positive finite number, else :class:`OptionError`."""
    if not (math.isfinite(threshold) and threshold > 0):
        raise OptionError(f"must be a positive finite number, got {threshold}",
                          subject="threshold")
    return float(threshold)


def check_sigma(sigma: float) -> float:
    """``sigma`` if it is a positive finite number, else :class:`OptionError`."""
    if not (math.isfinite(sigma) and sigma > 0):
        raise OptionError(f"must be a positive finite number, got {sigma}", subject="sigma")
    return float(sigma)


def saturation(
    activation: BoundActivation,
    threshold: float = DEFAULT_THRESHOLD,
    sigma: float = DEFAULT_SIGMA,
) -> Saturation:
    """The gradient profile of ``activation``: where |f'| ≥ ``threshold``, and under N(0, σ²)."""
    threshold, sigma = check_threshold(threshold), check_sigma(sigma)
    if not has_saturation_profile(activation):
        raise ActvizError(
            f"{activation.label} is periodic: |f'| ≥ T on infinitely many intervals and no "
            "saturated tails, so it has no saturation profile"
        )
    probe = _Probe.build(activation, threshold)
    active = probe.intervals(np.abs(probe.slope) >= threshold, threshold)
    dead = tuple(i for i in probe.intervals(probe.slope == 0, None) if i.low < i.high)
    peak = peak_abs_derivative(activation)
    splits = (*activation.breakpoints, *probe.zeros, *_finite_ends(active), *_finite_ends(dead))
    return Saturation(
        key=activation_key(activation),
        name=activation.name,
        label=activation.label,
        params=dict(activation.params),
        peak=peak,
        active_intervals=active,
        saturating=probe.saturating_sides(peak.value),
        declared_saturating=activation.properties.saturating,
        saturated_fraction=gaussian_mass(complement(active), sigma),
        dead_fraction=gaussian_mass(dead, sigma),
        mean_abs_derivative=_mean_abs_derivative(activation, probe, sigma, splits),
    )


# --------------------------------------------------------------------------------------------
# Probing |f'| on a grid, then polishing every change with a root finder
# --------------------------------------------------------------------------------------------


@dataclass
class _Probe:
    """f' sampled on a grid that holds the breakpoints, a point just beside each one, and the
    zeros and dips of f' found between grid points."""

    activation: BoundActivation
    x: np.ndarray
    slope: np.ndarray
    zeros: tuple[float, ...]
    beside: dict[float, float]  # point just beside a breakpoint -> the breakpoint

    @classmethod
    def build(cls, activation: BoundActivation, threshold: float) -> _Probe:
        breakpoints = activation.breakpoints
        beside = {}
        for point in breakpoints:
            step = _beside_step(point)
            beside[point - step] = beside[point + step] = point
        outer = np.geomspace(_INNER_HALF_WIDTH, _TAIL, _OUTER_POINTS)
        x = np.concatenate([asinh_grid(_INNER_HALF_WIDTH, _INNER_POINTS), outer, -outer])
        x = _clear_around(x, breakpoints, beside)
        slope = activation.derivative(x)
        zeros = _sign_changes(activation, x, slope)
        dips = _dips(activation, x, slope, threshold)
        x = _clear_around(np.concatenate([x, zeros, dips]), breakpoints, beside)
        return cls(activation, x, activation.derivative(x), tuple(zeros), beside)

    def intervals(self, inside: np.ndarray, threshold: float | None) -> tuple[Interval, ...]:
        """The runs of ``inside`` grid points as intervals.

        With a ``threshold``, each end between grid points is the root of |f'| = T; without
        one (the set where f' = 0), only ends at breakpoints are accepted, and a run with any
        other end is float underflow in a tail, not a true zero, and is left out.
        """
        found = []
        last = len(self.x) - 1
        for first, final in _runs(inside):
            low = (-math.inf, False) if first == 0 else self._end(first - 1, threshold)
            high = (math.inf, False) if final == last else self._end(final, threshold)
            if low[0] is None or high[0] is None:
                continue
            found.append(Interval(low[0], high[0], low[1], high[1]))
        return tuple(found)

    def _end(self, left: int, threshold: float | None) -> tuple[float | None, bool]:
        """The (position, closed) of the change between grid points ``left`` and ``left + 1``."""
        a, b = float(self.x[left]), float(self.x[left + 1])
        if self.beside.get(b) == a or self.beside.get(a) == b:
            # A breakpoint and the point just beside it: f' jumps there.  The end is the
            # breakpoint, closed if the breakpoint itself belongs to the set.
            at = left if self.beside.get(b) == a else left + 1
            return float(self.x[at]), self._inside(at, threshold)
        if threshold is None:
            return None, False
        for at, other in ((left, left + 1), (left + 1, left)):
            if math.isnan(self.slope[other]):  # the edge of f's domain (log x at 0)
                return float(self.x[at]), self._inside(at, threshold)
        return _root(lambda t: abs(self._slope_at(t)) - threshold, a, b), True

    def _inside(self, index: int, threshold: float | None) -> bool:
        value = self.slope[index]
        return bool(value == 0) if threshold is None else bool(abs(value) >= threshold)

    def _slope_at(self, t: float) -> float:
        return float(self.activation.derivative(t))

    def saturating_sides(self, peak: float) -> str:
        """The sides where |f'| → 0, judged at x = ±1e300 against the peak: the peak on
        |x| ≤ 100 when that is lower, as it is where |f'| grows without bound (ReLU²'s 2x, eˣ),
        beside which any finite slope would look flat."""
        central = np.abs(self.slope[np.abs(self.x) <= 100])
        central = central[np.isfinite(central)]
        limit = _SATURATION_RTOL * (min(peak, float(central.max())) if central.size else peak)
        left, right = (bool(abs(self.slope[i]) <= limit) for i in (0, -1))
        return {(True, True): "both", (True, False): "left", (False, True): "right"}.get(
            (left, right), "none"
        )


def _beside_step(point: float) -> float:
    return 1e-12 * max(1.0, abs(point))


def _clear_around(
    x: np.ndarray, breakpoints: tuple[float, ...], beside: dict[float, float]
) -> np.ndarray:
    """Sorted unique ``x`` with each breakpoint and the points just beside it, and no other
    point that close: a change between them is then a jump at the breakpoint."""
    keep = np.ones(x.shape, dtype=bool)
    for point in breakpoints:
        keep &= np.abs(x - point) > _beside_step(point)
    return np.unique(np.concatenate([x[keep], breakpoints, list(beside)]))


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) indices of each run of True values."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], flags.astype(np.int8), [0]])))
    return [(int(a), int(b) - 1) for a, b in zip(edges[::2], edges[1::2])]


def _root(fn: Callable[[float], float], a: float, b: float) -> float:
    from scipy.optimize import brentq

    return float(brentq(fn, a, b, xtol=_XTOL, rtol=_RTOL, maxiter=500))


def _sign_changes(activation: BoundActivation, x: np.ndarray, slope: np.ndarray) -> np.ndarray:
    """The zeros of f' between grid points where it changes sign (|f'| dips to 0 there)."""
    # Signs, not the product of the slopes: that overflows for a steep formula.
    where = np.flatnonzero(np.sign(slope[:-1]) * np.sign(slope[1:]) < 0)
    if len(where) > _MAX_SIGN_CHANGES:
        raise ActvizError(
            f"{activation.label}: f' changes sign {len(where):,} times for |x| ≤ 1e4; saturation "
            "needs a slope that settles (an oscillating function has no saturated tails)"
        )
    fn = lambda t: float(activation.derivative(t))  # noqa: E731
    return np.array([_root(fn, float(x[i]), float(x[i + 1])) for i in where], dtype=float)


def _dips(
    activation: BoundActivation, x: np.ndarray, slope: np.ndarray, threshold: float
) -> np.ndarray:
    """The minimizers of |f'| near grid points that are strict local minima below 4T.

    Between two grid points |f'| may dip under T without f' changing sign; the minimizer is
    added to the grid so that the dip becomes two crossings.
    """
    from scipy.optimize import minimize_scalar

    size = np.abs(slope)
    middle = size[1:-1]
    candidates = np.flatnonzero(
        (middle < size[:-2]) & (middle < size[2:]) & (middle > 0)
        & (middle < _DIP_FACTOR * threshold)
    ) + 1
    found = []
    for i in candidates:
        result = minimize_scalar(
            lambda t: abs(float(activation.derivative(t))),
            bounds=(float(x[i - 1]), float(x[i + 1])),
            method="bounded",
            options={"xatol": 1e-12},
        )
        found.append(float(result.x))
    return np.array(found, dtype=float)


def _finite_ends(intervals: Sequence[Interval]) -> list[float]:
    return [e for i in intervals for e in (i.low, i.high) if math.isfinite(e)]


# --------------------------------------------------------------------------------------------
# Under x ~ N(0, σ²)
# --------------------------------------------------------------------------------------------


def complement(intervals: Sequence[Interval]) -> tuple[Interval, ...]:
    """The rest of the real line, for sorted disjoint ``intervals`` (closedness flipped)."""
    gaps = []
    low, low_closed = -math.inf, False
    for interval in intervals:
        if interval.low > low or (interval.low == low and low_closed and not interval.low_closed):
            gaps.append(Interval(low, interval.low, low_closed, not interval.low_closed))
        low, low_closed = interval.high, not interval.high_closed
    if low < math.inf:
        gaps.append(Interval(low, math.inf, low_closed, False))
    return tuple(gaps)


def gaussian_mass(intervals: Sequence[Interval], sigma: float) -> float:
    """P(x in the union of ``intervals``) for x ~ N(0, σ²), exactly (Φ differences).

    Each piece is computed on the side of 0 where it does not cancel: a right-tail piece as
    Φ(−a/σ) − Φ(−b/σ), so P(x > 8) keeps its digits (6.2e-16, not 0).
    """
    from scipy.special import erf, ndtr

    total = 0.0
    for interval in intervals:
        a, b = interval.low / sigma, interval.high / sigma
        if a >= 0:
            total += float(ndtr(-a) - ndtr(-b))
        elif b <= 0:
            total += float(ndtr(b) - ndtr(a))
        else:  # straddles 0: two positive halves, no cancellation
            total += float(erf(b / math.sqrt(2)) - erf(a / math.sqrt(2))) / 2
    return min(total, 1.0)


# More zeros of f' than this on the probe grid means the slope oscillates (sin x).
_MAX_SIGN_CHANGES = 200


def _mean_abs_derivative(
    activation: BoundActivation, probe: _Probe, sigma: float, splits: Sequence[float]
) -> float:
    """E|f'(x)| for x ~ N(0, σ²): ∫ |f'(σz)| φ(z) dz, piece by piece.

    The pieces end at breakpoints, zeros of f' (kinks of |f'|) and the interval ends, so each
    is smooth.  A piece on which f' is constant (relu's 1 for x > 0) is that constant times
    its exact Gaussian mass; the others go to adaptive Gauss–Kronrod quadrature, in decades
    (see :func:`_decades`).
    """
    edges = [-math.inf, *sorted({float(s) for s in splits} | {0.0}), math.inf]
    total = 0.0
    # Quadrature tolerances scale with the answer, which is of order 1/σ for a wide spread.
    absolute = _QUAD_EPSABS / max(1.0, sigma)
    for low, high in zip(edges[:-1], edges[1:]):
        if not low < high:
            continue
        constant = _constant_on(probe, low, high)
        if constant is not None:
            total += constant * gaussian_mass([Interval(low, high)], sigma)
            continue
        for start, end in _decades(low, high, sigma):
            value = _piece_integral(activation, sigma, start, end, absolute)
            if math.isnan(value):
                return math.nan
            total += value
    return total if math.isfinite(total) else math.nan


def _decades(low: float, high: float, sigma: float) -> list[tuple[float, float]]:
    """(low, high) cut at distances 10^k (k ≥ 0) from its finite ends, out to 40σ.

    f' changes on the activation's own scale near the ends of a piece (where |f'| crosses the
    threshold), the Gaussian on the scale σ: with a wide spread (σ = 1e6), quadrature over
    the whole piece in one go never sees the part of f' near its end and leaves it out
    (2% of E|f'| for sigmoid).  Cut in decades, every part of the piece is as wide as its
    distance from the end, where neither scale can hide; beyond 40σ the density is 0.
    """
    reach = _GAUSSIAN_REACH * sigma
    cuts = {low, high}
    for end, direction in ((low, 1.0), (high, -1.0)):
        if not math.isfinite(end):
            continue
        step = _FIRST_DECADE
        while step < reach:
            cuts.add(end + direction * step)
            step *= 10.0
    inside = sorted(c for c in cuts if low <= c <= high)
    return [(a, b) for a, b in zip(inside[:-1], inside[1:])
            if a < b and min(abs(a), abs(b)) <= reach]


def _piece_integral(activation: BoundActivation, sigma: float, low: float, high: float,
                    absolute: float) -> float:
    """∫ |f'(σz)| φ(z) dz over z in (low/σ, high/σ) by adaptive Gauss–Kronrod; NaN when
    the integral diverges (1/x at 0) or the slope is infinite."""
    from scipy.integrate import IntegrationWarning, quad

    def integrand(z: float) -> float:
        # Python floats: z·z → inf and exp(−inf) → 0 for huge z, silently.
        density = math.exp(-0.5 * z * z) * _INV_SQRT_2PI
        if density == 0.0:  # and not 0·inf for a slope that overflows there (e^x)
            return 0.0
        slope = abs(float(activation.derivative(sigma * z)))
        return slope * density if math.isfinite(slope) else math.inf

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("error", IntegrationWarning)
        try:
            value, _ = quad(integrand, low / sigma, high / sigma, epsabs=absolute,
                            epsrel=1e-13, limit=400)
        except IntegrationWarning:  # a divergent integral (1/x at 0) or an infinite slope
            return math.nan
    return value


def _constant_on(probe: _Probe, low: float, high: float) -> float | None:
    """|f'| if it takes one value at every grid point strictly inside (low, high), else None."""
    inside = np.abs(probe.slope[(probe.x > low) & (probe.x < high)])
    if inside.size >= 2 and np.all(inside == inside[0]):
        return float(inside[0])
    return None


# --------------------------------------------------------------------------------------------
# The report of ``actviz saturation``
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaturationReport:
    """Profiles of several activations at one threshold and spread, and the depth experiment."""

    threshold: float
    sigma: float
    activations: tuple[Saturation, ...]
    depth: DepthResult | None = None


def saturation_report(
    activations: Sequence[BoundActivation],
    threshold: float = DEFAULT_THRESHOLD,
    sigma: float = DEFAULT_SIGMA,
    depth: DepthSettings | None = None,
) -> SaturationReport:
    """:func:`saturation` of each activation, plus the depth experiment when ``depth`` is set."""
    threshold, sigma = check_threshold(threshold), check_sigma(sigma)
    profiles = tuple(saturation(act, threshold, sigma) for act in activations)
    result = depth_experiment(activations, depth) if depth is not None else None
    return SaturationReport(threshold, sigma, profiles, result)
