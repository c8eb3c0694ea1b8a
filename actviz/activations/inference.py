"""Properties of an activation inferred from its values, for activations nobody declared by hand.

A formula (``f(x)=x*sigmoid(1.702*x)``) or a plugin's function comes with no textbook row of
properties, yet ``actviz list``, titles and tables need one.  :func:`infer_properties` samples
f and f' on a grid (dense in [−10, 10], coarser to ±100, then every decade out to ±1e300, plus
the breakpoints) and reads the properties off the samples.

These are best guesses, with known limits:

- **range**: the smallest and largest finite sample.  A side is unbounded when f reaches ±inf
  at a finite x or in the tail (overflow counts as unbounded), or when it still grows between
  1e290 and 1e300; a function that creeps to its bound as slowly as 1/log(x) is called
  unbounded.  An end is closed when it is reached within ±100 at a point where f' = 0 or at a
  strict local extremum; a value reached only in float64 rounding (tanh(20) == 1.0) is open.
  Poles are seen only when a sample hits them (1/x at 0 is; tan(x) at π/2 is not).
- **monotonic** (non-decreasing) and **derivative_monotonic**: every sampled step, with a
  relative tolerance for rounding; a wiggle between two samples is missed.
- **continuity**: jumps and kinks are looked for only at the breakpoints given, by comparing
  one-sided values of f and f' a tiny step away; non-finite values of f within ±100 count as
  discontinuous (1/x, log(x), sqrt(x) outside its domain) and of f' as C0 (sqrt at 0).  With
  breakpoints and no jump in f', the answer is C1 (smoother joins are not proven); without
  breakpoints, C∞.
- **zero_centred** (f odd), **saturating** (|f'| below 1e-8 of its peak on |x| ≤ 100, at
  1e20, 1e100 and 1e300; slower decay such as 1/log(x) is missed) and **identity_near_origin**
  (f(0) = 0, f'(0) = 1, f' ≈ 1 at ±1e-6): checked on the samples.
"""

from __future__ import annotations

from typing import Callable, Iterable

from actviz.activations.registry import INF, Interval, Properties
from actviz.lazy import numpy as np

ArrayFn = Callable[["np.ndarray"], "np.ndarray"]

CENTRAL = 100.0  # beyond this, values are tails: limits, never "attained"
_TAIL_EXPONENTS = range(2, 301)  # samples at ±10^k
_SATURATION_X = (1e20, 1e100, 1e300)


def infer_properties(function: ArrayFn, derivative: ArrayFn,
                     breakpoints: Iterable[float] = ()) -> Properties:
    """Properties read off samples of ``function`` and ``derivative`` (float64 -> float64)."""
    breaks = np.array(sorted({float(b) for b in breakpoints if np.isfinite(b)}))
    x = sample_grid(breaks)
    with np.errstate(all="ignore"):  # sums of huge samples may overflow; that is an answer
        f, df = _evaluate(function, x), _evaluate(derivative, x)
        return Properties(
            range=_range(function, x, f, df),
            monotonic=_non_decreasing(f, df),
            derivative_monotonic=_monotone(f, df),
            continuity=_continuity(function, derivative, x, f, df, breaks),
            zero_centred=_odd(function, x),
            saturating=_saturating(function, derivative, df[np.abs(x) <= CENTRAL]),
            identity_near_origin=_identity_near_origin(function, derivative),
        )


def sample_grid(breakpoints: Iterable[float] = ()) -> np.ndarray:
    tail = 10.0 ** np.array(_TAIL_EXPONENTS)
    parts = [np.linspace(-10.0, 10.0, 8001), np.linspace(-CENTRAL, CENTRAL, 2001), -tail, tail,
             breakpoints, [0.0]]
    return np.unique(np.concatenate(parts))


def _evaluate(fn: ArrayFn, x: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.broadcast_to(np.asarray(fn(x), dtype=np.float64), x.shape).copy()


def _range(function, x: np.ndarray, f: np.ndarray, df: np.ndarray) -> Interval:
    finite = np.isfinite(f)
    if not finite.any():
        return Interval.open(-INF, INF)
    low, low_closed = _end(function, x, f, df, finite, side=-1)
    high, high_closed = _end(function, x, f, df, finite, side=+1)
    return Interval(low, high, low_closed, high_closed)


def _end(function, x, f, df, finite, side: int) -> tuple[float, bool]:
    """The lower (side −1) or upper (+1) end of the range and whether it is attained."""
    signed = side * f
    if np.any(signed[~np.isnan(f)] == INF) or _grows_in_a_tail(x, signed):
        return side * INF, False
    extreme = float(np.max(signed[finite]))
    central = finite & (np.abs(x) <= CENTRAL)
    at = np.flatnonzero(central & (signed == extreme))
    peaks = [i for i in at if _strict_extremum(signed, i)]
    if peaks:  # an interior extremum: refine it between its neighbours
        extreme = max(extreme, *(_refine(function, x, f, i, side) for i in peaks))
        return side * extreme + 0.0, True
    # A flat piece (relu's 0 for x ≤ 0) is attained; a value that f only reaches by rounding
    # (exp(−x²) underflowing to 0, tanh(20) == 1.0) is approached by values next to it.
    rounding = 1e-12 * max(abs(extreme), 1e-250)
    approached = np.any(central & (signed != extreme) & (np.abs(signed - extreme) <= rounding))
    attained = bool(at.size) and bool(np.all(df[at] == 0)) and not approached
    return side * extreme + 0.0, attained  # + 0.0: no "-0" in a printed range


def _refine(function, x: np.ndarray, f: np.ndarray, i: int, side: int) -> float:
    """The extremum of side·f between the samples either side of x[i], by two rounds of a
    1001-point zoom (to ~1e-8 in x, so ~1e-16 relative in a smooth extremum's value).
    At the edge of the domain (a NaN neighbour: sqrt at 0) the sample itself is the answer."""
    if not (0 < i < len(x) - 1 and np.isfinite(f[i - 1]) and np.isfinite(f[i + 1])):
        return side * f[i]
    low, high, best = x[i - 1], x[i + 1], side * f[i]
    for _ in range(2):
        zoom = np.linspace(low, high, 1001)
        values = side * _evaluate(function, zoom)
        if not np.isfinite(values).any():
            break
        k = int(np.nanargmax(values))
        best = max(best, float(values[k]))
        low, high = zoom[max(k - 1, 0)], zoom[min(k + 1, len(zoom) - 1)]
    return best


def _grows_in_a_tail(x: np.ndarray, signed: np.ndarray) -> bool:
    """True when the largest value is at a far end and still growing there."""
    for end, inner in ((x == 1e300, x == 1e290), (x == -1e300, x == -1e290)):
        outer_value, inner_value = signed[end][0], signed[inner][0]
        if not (np.isfinite(outer_value) and np.isfinite(inner_value)):
            continue
        growth = outer_value - inner_value
        if growth > 1e-9 * max(1.0, abs(outer_value)) and outer_value >= np.nanmax(signed):
            return True
    return False


def _strict_extremum(signed: np.ndarray, i: int) -> bool:
    """signed[i] is above its finite neighbours (a NaN neighbour is outside the domain)."""
    neighbours = [signed[j] for j in (i - 1, i + 1)
                  if 0 <= j < len(signed) and np.isfinite(signed[j])]
    return bool(neighbours) and all(value < signed[i] for value in neighbours)


def _non_decreasing(f: np.ndarray, df: np.ndarray) -> bool:
    values = f[np.isfinite(f)]
    steps = np.diff(values)
    tolerance = 1e-12 * (np.abs(values[:-1]) + np.abs(values[1:])) + 1e-300
    slopes = df[np.isfinite(df) & np.isfinite(f)]
    slope_scale = np.max(np.abs(slopes), initial=0.0)
    return bool(np.all(steps >= -tolerance) and np.all(slopes >= -1e-12 * slope_scale))


def _monotone(f: np.ndarray, df: np.ndarray) -> bool:
    slopes = df[np.isfinite(df) & np.isfinite(f)]
    if slopes.size < 2:
        return True
    steps = np.diff(slopes)
    tolerance = 1e-9 * max(np.max(np.abs(slopes)), 1e-300)
    return bool(np.all(steps >= -tolerance) or np.all(steps <= tolerance))


def _continuity(function, derivative, x, f, df, breaks) -> str:
    central = np.abs(x) <= CENTRAL
    if not np.all(np.isfinite(f[central])):
        return "discontinuous"
    order = "C∞" if breaks.size == 0 else "C1"
    for b in breaks:
        h = 1e-7 * max(1.0, abs(b))
        left, right = b - h, b + h
        f_left, f_right = _evaluate(function, np.array([left, right]))
        d_left, d_right = _evaluate(derivative, np.array([left, right]))
        slope = max(abs(d_left), abs(d_right))
        if abs(f_right - f_left) > 10 * slope * 2 * h + 1e-9 * (1 + abs(f_left)):
            return "discontinuous"
        if abs(d_right - d_left) > 1e-5 * (1 + slope):
            order = "C0"
    if not np.all(np.isfinite(df[central])):
        order = "C0"
    return order


def _odd(function, x: np.ndarray) -> bool:
    positive = x[x >= 0]
    f_pos, f_neg = _evaluate(function, positive), _evaluate(function, -positive)
    finite = np.isfinite(f_pos)
    if f_pos[0] != 0 or finite.sum() < 2 or not np.array_equal(finite, np.isfinite(f_neg)):
        return False
    scale = np.abs(f_pos[finite]) + np.abs(f_neg[finite])
    return bool(np.all(np.abs(f_pos[finite] + f_neg[finite]) <= 1e-9 * scale + 1e-300))


def _saturating(function, derivative, df: np.ndarray) -> str:
    # The peak is taken over the central samples ``df``: a slope that grows without bound
    # (xIELU's 2αₚx + β) would otherwise make any finite far slope look flat beside it.
    peak = max(np.max(np.abs(df[np.isfinite(df)]), initial=0.0), 1e-300)
    sides = []
    for side in (-1, 1):
        far = side * np.array(_SATURATION_X)
        slopes = np.abs(_evaluate(derivative, far))
        defined = np.all(np.isfinite(slopes)) and np.all(np.isfinite(_evaluate(function, far)))
        sides.append(bool(defined and np.all(slopes <= 1e-8 * peak)))
    return {(False, False): "none", (True, False): "left", (False, True): "right",
            (True, True): "both"}[tuple(sides)]


def _identity_near_origin(function, derivative) -> bool:
    f0 = _evaluate(function, np.array([0.0]))[0]
    slopes = _evaluate(derivative, np.array([-1e-6, 0.0, 1e-6]))
    return bool(abs(f0) <= 1e-12 and abs(slopes[1] - 1) <= 1e-9
                and np.all(np.abs(slopes - 1) <= 1e-4))
