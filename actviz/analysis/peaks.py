"""Where an activation's gradient is largest: max |f'(x)| over the whole real line.

A grid cannot find a peak exactly, and a plateau (ReLU's f' = 1 for all x > 0) has no single
argmax, so the answer is a :class:`Peak`: the value, a representative x, and the interval on
which |f'| equals the maximum when there is one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from actviz.activations.registry import BoundActivation

# asinh-spaced grid: dense near 0, where activations bend, out to |x| = 1e4.
_GRID_HALF_WIDTH = 1e4
_GRID_POINTS = 40_001
_TAIL = 1e300
_PLATEAU_RTOL = 1e-12


@dataclass(frozen=True)
class Peak:
    """max |f'| = ``value``, and where it is reached.

    - a single peak: ``argmax`` is its x (sigmoid: 0.25 at 0);
    - plateaus (ReLU: 1 for x > 0; HardShrink: 1 for |x| > λ): ``plateaus`` lists the open
      intervals and ``argmax`` is the first one's finite edge (or 0 for the whole line);
    - approached only in a tail (softplus: 1 as x → ∞): ``argmax`` is ±inf and ``tails`` says
      which side(s), ``"left"``, ``"right"`` or ``"both"``.
    """

    value: float
    argmax: float
    plateaus: tuple[tuple[float, float], ...] = ()
    tails: str = ""

    def describe(self) -> str:
        """E.g. ``0.25 at x = 0``, ``1 for x > 0``, ``1 as x → ∞``."""
        value = f"{self.value:.6g}"
        if self.plateaus:
            return f"{value} for " + " or ".join(_interval_words(*p) for p in self.plateaus)
        if self.tails:
            arrow = {"left": "-∞", "right": "∞", "both": "±∞"}[self.tails]
            return f"{value} as x → {arrow}"
        return f"{value} at x = {self.argmax:.6g}"


def _interval_words(lo: float, hi: float) -> str:
    if lo == -math.inf and hi == math.inf:
        return "all x"
    if lo == -math.inf:
        return f"x < {hi:.6g}"
    if hi == math.inf:
        return f"x > {lo:.6g}"
    return f"{lo:.6g} < x < {hi:.6g}"


def _grid(breakpoints: tuple[float, ...]) -> np.ndarray:
    """The asinh grid, every breakpoint and its float neighbours: a one-sided limit of f' at a
    kink (HardSwish's 3/2 as x → 3⁻, where f'(3) itself is 1) is then seen to the last bit."""
    t = np.linspace(-math.asinh(_GRID_HALF_WIDTH), math.asinh(_GRID_HALF_WIDTH), _GRID_POINTS)
    kinks = np.array(breakpoints, dtype=float)
    sides = np.concatenate([np.nextafter(kinks, -np.inf), kinks, np.nextafter(kinks, np.inf)])
    return np.unique(np.concatenate([np.sinh(t), sides, [0.0]]))


def peak_abs_derivative(activation: BoundActivation) -> Peak:
    """max over x of |f'(x)|, with where it is reached (see :class:`Peak`)."""
    breakpoints = activation.breakpoints
    x = _grid(breakpoints)
    slope = np.abs(activation.derivative(x))
    tails = np.abs(activation.derivative(np.array([-_TAIL, _TAIL])))
    value = float(max(slope.max(), tails.max()))
    flat = slope >= value * (1 - _PLATEAU_RTOL)
    plateaus, tail_sides, points = [], set(), []
    for lo, hi in _runs(flat):
        if x[hi] - x[lo] < _MIN_PLATEAU_WIDTH:
            points.append(int(lo + np.argmax(slope[lo : hi + 1])))
        elif np.all(slope[lo : hi + 1] == slope[lo]):
            plateaus.append(_plateau(x, lo, hi, breakpoints))
        else:  # rising towards the maximum in a tail: approached, never reached
            tail_sides.add("left" if lo == 0 else "right")
    if points and not plateaus:
        return _refine(activation, x, points[0], float(slope[points[0]]), breakpoints)
    if plateaus:
        first = plateaus[0]
        argmax = 0.0 if all(math.isinf(e) for e in first) else next(
            e for e in first if math.isfinite(e)
        )
        return Peak(value, argmax, tuple(plateaus))
    sides = "both" if len(tail_sides) == 2 else tail_sides.pop()
    return Peak(value, math.inf if sides == "right" else -math.inf, tails=sides)


_MIN_PLATEAU_WIDTH = 1e-6


def _runs(flat: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) indices of each run of True values."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], flat.astype(np.int8), [0]])))
    return [(int(a), int(b) - 1) for a, b in zip(edges[::2], edges[1::2])]


def _plateau(
    x: np.ndarray, lo: int, hi: int, breakpoints: tuple[float, ...]
) -> tuple[float, float]:
    left = -math.inf if lo == 0 else _snap(x[lo - 1], x[lo], breakpoints)
    right = math.inf if hi == len(x) - 1 else _snap(x[hi], x[hi + 1], breakpoints)
    return (left, right)


def _snap(a: float, b: float, breakpoints: tuple[float, ...]) -> float:
    """The breakpoint between grid points a and b (the plateau's true edge), else their middle.

    A breakpoint within 1e-9 of the bracket counts too: beside ELU's kink f' = e^x rounds to
    exactly 1 for |x| < 1e-16, so the float plateau starts a hair left of its true edge, 0.
    """
    for point in breakpoints:
        if a - _SNAP_TOLERANCE <= point <= b + _SNAP_TOLERANCE:
            return float(point)
    return float((a + b) / 2)


_SNAP_TOLERANCE = 1e-9


def _refine(
    activation: BoundActivation,
    x: np.ndarray,
    best: int,
    value: float,
    breakpoints: tuple[float, ...],
) -> Peak:
    """Polish a smooth interior peak between its grid neighbours (see :func:`_zoom`)."""
    if best in (0, len(x) - 1) or float(x[best]) in breakpoints:
        return Peak(value, float(x[best]))
    lo, hi = float(x[best - 1]), float(x[best + 1])
    if any(lo < p < hi for p in breakpoints):
        return Peak(value, float(x[best]))
    refined, argmax = max(_zoom(activation, lo, hi), (value, float(x[best])))
    at_zero = abs(float(activation.derivative(0.0)))
    # A peak found within 1e-6 of the origin, where f' is as large up to rounding, is the origin.
    if abs(argmax) < 1e-6 and at_zero >= refined * (1 - _PLATEAU_RTOL):
        return Peak(at_zero, 0.0)
    return Peak(refined, argmax)


def _zoom(
    activation: BoundActivation, lo: float, hi: float, rounds: int = 4, points: int = 1001
) -> tuple[float, float]:
    """(max |f'|, where) on [lo, hi] by repeated zooming: sample, keep the best sample's
    neighbours, sample again.  Each round narrows the bracket 500-fold, so four take a
    1e-3-wide bracket below 1e-13; vectorised, and without importing scipy.optimize (half a
    second of start-up for `actviz info` and `compare`)."""
    for _ in range(rounds):
        t = np.linspace(lo, hi, points)
        slope = np.abs(activation.derivative(t))
        best = int(np.argmax(slope))
        lo, hi = float(t[max(best - 1, 0)]), float(t[min(best + 1, points - 1)])
    return float(slope[best]), float(t[best])
