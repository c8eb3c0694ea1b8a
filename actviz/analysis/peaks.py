"""Where an activation's gradient is largest: sup |f'(x)| over the whole real line.

A grid cannot find a peak exactly, a plateau (ReLU's f' = 1 for all x > 0) has no single
argmax, a supremum may only be approached (softplus' 1 as x → ∞, HardSwish's 3/2 as x → 3⁻)
and a user's formula may have no finite one (x², whose slope grows without bound).  The answer
is a :class:`Peak` that says which of these it is, as data; ``actviz.render.words`` puts it
into words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from actviz.activations.registry import BoundActivation
from actviz.jsonable import json_number
from actviz.lazy import numpy as np

# asinh-spaced grid: dense near 0, where activations bend, out to |x| = 1e4.
_GRID_HALF_WIDTH = 1e4
_GRID_POINTS = 40_001
_TAIL = 1e300
_PLATEAU_RTOL = 1e-12
_MIN_PLATEAU_WIDTH = 1e-6
_SNAP_TOLERANCE = 1e-9
# A tail slope this many times the largest slope on the grid is taken as growing without bound.
_UNBOUNDED_RATIO = 1e3


@dataclass(frozen=True)
class Peak:
    """sup |f'| = ``value`` (``inf`` when unbounded), and where it is reached or approached.

    - ``points``: the x where it is reached (sigmoid: ``(0,)``; Gaussian: ``(−1/√2, 1/√2)``);
    - ``side``: ``"-"`` or ``"+"`` when the value is only a one-sided limit at ``points[0]``, a
      kink (HardSwish: 3/2 as x → 3⁻, while f'(3) = 1);
    - ``plateaus``: open intervals on which |f'| equals the value (ReLU: ``((0, ∞),)``);
    - ``tails``: ``"left"``, ``"right"`` or ``"both"`` when it is approached only as x → ±∞
      (softplus: 1 as x → ∞; x²: ∞).
    """

    value: float
    points: tuple[float, ...] = ()
    side: str = ""
    plateaus: tuple[tuple[float, float], ...] = ()
    tails: str = ""

    @property
    def argmax(self) -> float:
        """One x for tables and JSON: the first point, ±inf for a tail, NaN for a plateau."""
        if self.points:
            return self.points[0]
        if self.tails:
            return {"left": -math.inf, "right": math.inf}.get(self.tails, math.inf)
        return math.nan

    def to_json(self) -> dict[str, Any]:
        """The peak for JSON: ``argmax`` is null where the maximum is a plateau, which
        ``max_abs_derivative_plateaus`` then gives ([low, high] pairs)."""
        return {
            "max_abs_derivative": json_number(self.value),
            "argmax": None if math.isnan(self.argmax) else json_number(self.argmax),
            "max_abs_derivative_plateaus": [[json_number(lo), json_number(hi)]
                                            for lo, hi in self.plateaus],
            "max_abs_derivative_tails": self.tails or None,
        }


def _grid(breakpoints: tuple[float, ...]) -> np.ndarray:
    """The asinh grid, every breakpoint and its float neighbours: a one-sided limit of f' at a
    kink (HardSwish's 3/2 as x → 3⁻, where f'(3) itself is 1) is then seen to the last bit."""
    t = np.linspace(-math.asinh(_GRID_HALF_WIDTH), math.asinh(_GRID_HALF_WIDTH), _GRID_POINTS)
    kinks = np.array(breakpoints, dtype=float)
    sides = np.concatenate([np.nextafter(kinks, -np.inf), kinks, np.nextafter(kinks, np.inf)])
    return np.unique(np.concatenate([np.sinh(t), sides, [0.0]]))


def _abs_slope(activation: BoundActivation, x: np.ndarray) -> np.ndarray:
    """|f'(x)|, with NaN (f' undefined there, e.g. log x for x < 0) read as no slope at all."""
    with np.errstate(all="ignore"):
        slope = np.abs(activation.derivative(x))
    return np.where(np.isnan(slope), 0.0, slope)


def peak_abs_derivative(activation: BoundActivation) -> Peak:
    """sup over x of |f'(x)|, with where it is reached or approached (see :class:`Peak`)."""
    breakpoints = activation.breakpoints
    x = _grid(breakpoints)
    slope = _abs_slope(activation, x)
    tails = _abs_slope(activation, np.array([-_TAIL, _TAIL]))
    inside = float(slope.max())
    if tails.max() > inside * (1 + _PLATEAU_RTOL):
        return _tail_peak(tails, inside)
    if math.isinf(inside):
        return _infinite_peak(x, np.isinf(slope))
    flat = slope >= inside * (1 - _PLATEAU_RTOL)
    plateaus, tail_sides, points = [], set(), []
    for lo, hi in _runs(flat):
        if x[hi] - x[lo] < _MIN_PLATEAU_WIDTH:
            points.append(int(lo + np.argmax(slope[lo : hi + 1])))
        elif np.all(slope[lo : hi + 1] == slope[lo]):
            plateaus.append(_plateau(x, lo, hi, breakpoints))
        else:  # rising towards the maximum in a tail: approached, never reached
            tail_sides.add("left" if lo == 0 else "right")
    if plateaus:
        return Peak(inside, plateaus=tuple(plateaus))
    if points:
        peaks = [_refine(activation, x, i, float(slope[i]), breakpoints) for i in points]
        best = max(p.value for p in peaks)
        kept = [p for p in peaks if p.value >= best * (1 - 1e-9)]
        where = tuple(dict.fromkeys(p.points[0] for p in kept))  # a kink seen from both sides
        return Peak(best, points=where, side=kept[0].side if len(where) == 1 else "")
    return Peak(inside, tails=_sides(tail_sides))


def _tail_peak(tails: np.ndarray, inside: float) -> Peak:
    """The supremum lies beyond the grid, in one or both tails."""
    top = float(tails.max())
    sides = {side for side, value in zip(("left", "right"), tails) if value >= top * (1 - 1e-9)}
    unbounded = math.isinf(top) or top > _UNBOUNDED_RATIO * max(inside, 1.0)
    return Peak(math.inf if unbounded else top, tails=_sides(sides))


def _infinite_peak(x: np.ndarray, infinite: np.ndarray) -> Peak:
    """|f'| is infinite on the grid: where it overflows out to the grid's ends (e^x beyond
    709.8) it grows without bound in that tail; elsewhere it is a pole (√|x| at 0)."""
    sides = {side for side, edge in (("left", infinite[0]), ("right", infinite[-1])) if edge}
    if sides:
        return Peak(math.inf, tails=_sides(sides))
    return Peak(math.inf, points=(float(x[np.argmax(infinite)]),))


def _sides(sides: set[str]) -> str:
    return "both" if len(sides) == 2 else next(iter(sides))


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


def _refine(
    activation: BoundActivation,
    x: np.ndarray,
    best: int,
    value: float,
    breakpoints: tuple[float, ...],
) -> Peak:
    """One peak, polished: a kink's one-sided limit, or a smooth maximum refined by zooming."""
    where = float(x[best])
    for kink in breakpoints:
        if where != kink and abs(where - kink) <= _SNAP_TOLERANCE:  # a kink's float neighbour
            at_kink = float(_abs_slope(activation, np.array([kink]))[0])
            if at_kink >= value * (1 - _PLATEAU_RTOL):
                return Peak(at_kink, points=(float(kink),))
            nearby = _abs_slope(activation, np.array([kink - 1e-6, kink + 1e-6])).max()
            if value > _UNBOUNDED_RATIO * nearby:  # a pole: √|x| at 0
                return Peak(math.inf, points=(float(kink),))
            return Peak(value, points=(float(kink),), side="-" if where < kink else "+")
    if best in (0, len(x) - 1) or where in breakpoints:
        return Peak(value, points=(where,))
    lo, hi = float(x[best - 1]), float(x[best + 1])
    if any(lo < p < hi for p in breakpoints):
        return Peak(value, points=(where,))
    refined, argmax = max(_zoom(activation, lo, hi), (value, where))
    at_zero = float(_abs_slope(activation, np.array([0.0]))[0])
    # A peak found within 1e-6 of the origin, where f' is as large up to rounding, is the origin.
    if abs(argmax) < 1e-6 and at_zero >= refined * (1 - _PLATEAU_RTOL):
        return Peak(at_zero, points=(0.0,))
    return Peak(refined, points=(argmax,))


def _zoom(
    activation: BoundActivation, lo: float, hi: float, rounds: int = 4, points: int = 1001
) -> tuple[float, float]:
    """(max |f'|, where) on [lo, hi] by repeated zooming: sample, keep the best sample's
    neighbours, sample again.  Each round narrows the bracket 500-fold, so four take a
    1e-3-wide bracket below 1e-13; vectorised, and without importing scipy.optimize (half a
    second of start-up for `actviz info` and `compare`)."""
    for _ in range(rounds):
        t = np.linspace(lo, hi, points)
        slope = _abs_slope(activation, t)
        best = int(np.argmax(slope))
        lo, hi = float(t[max(best - 1, 0)]), float(t[min(best + 1, points - 1)])
    return float(slope[best]), float(t[best])
