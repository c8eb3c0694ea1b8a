"""The curves a figure or terminal chart draws, as plain arrays: no matplotlib here.

A :class:`Curve` is one activation sampled on ``[xmin, xmax]``: f (and f' when asked) as
:class:`Trace` objects, plus the horizontal asymptotes f approaches inside the view.

Two rules make the drawing honest:

- every breakpoint inside the range is a grid point, so kinks are drawn exactly (ReLU's corner
  is at 0, not between two samples);
- where a trace jumps (step at 0, hardshrink at ±λ, ReLU' at 0) it is cut into segments, each
  ending at its one-sided limit, so no vertical line joins the two sides; a :class:`Jump`
  records both limits and the value taken at the point itself, for open and filled dots.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from actviz.activations.registry import BoundActivation
from actviz.analysis.grid import check_range

# A one-sided difference larger than this (relative to max(1, |value|)) is a jump, not rounding.
_JUMP_RTOL = 1e-9
# f(±1e300) this close (relative) to an end of the declared range is that end.
_LIMIT_RTOL = 1e-12
# An asymptote is kept when it lies within this fraction of the curve's span from the curve.
_ASYMPTOTE_REACH = 0.25
# Where f is evaluated to find its limit at ±∞ (the registry is exact up to |x| = 1e300).
_FAR = 1e300
# The largest |y| drawn.
_DRAWABLE = 1e300


@dataclass(frozen=True)
class Jump:
    """A discontinuity at ``x``: the limits from the ``left`` and ``right``, and f(x) itself."""

    x: float
    left: float
    right: float
    value: float


@dataclass(frozen=True)
class Trace:
    """One function (f or f') on the grid, as ``segments`` of (x, y) arrays cut at its jumps
    and at its non-finite values (a formula's overflow or domain edge leaves a gap, never an
    inf or NaN in the data), over the grid's ``span`` (xmin, xmax)."""

    segments: tuple[tuple[np.ndarray, np.ndarray], ...]
    jumps: tuple[Jump, ...] = ()
    span: tuple[float, float] = (math.nan, math.nan)

    def joined(self) -> tuple[np.ndarray, np.ndarray]:
        """All segments in one pair of arrays, separated by NaN (plotting libraries break there)."""
        if not self.segments:
            return np.array([]), np.array([])
        if len(self.segments) == 1:
            return self.segments[0]
        gap = np.array([np.nan])
        xs, ys = [], []
        for x, y in self.segments:
            xs += [x, gap]
            ys += [y, gap]
        return np.concatenate(xs[:-1]), np.concatenate(ys[:-1])

    def bounds(self) -> tuple[float, float] | None:
        """The smallest and largest value drawn (segments and the values at jumps); ``None``
        when nothing in the view is finite."""
        lows = [float(np.min(y)) for _, y in self.segments]
        highs = [float(np.max(y)) for _, y in self.segments]
        values = [j.value for j in self.jumps]
        if not lows + values:
            return None
        return min(lows + values), max(highs + values)

    def side(self, negative: bool) -> np.ndarray:
        """The y values drawn at x < 0 (``negative``) or x > 0."""
        parts = [y[x < 0] if negative else y[x > 0] for x, y in self.segments]
        return np.concatenate([np.array([]), *parts])


@dataclass(frozen=True)
class Asymptote:
    """The horizontal line y = ``y`` that f approaches as x → −∞ (``side="left"``) or +∞."""

    y: float
    side: str


@dataclass(frozen=True)
class Curve:
    """One activation sampled for drawing: f, f' and f'' (each ``None`` unless asked) and its
    asymptotes in view."""

    activation: BoundActivation
    function: Trace
    derivative: Trace | None = None
    asymptotes: tuple[Asymptote, ...] = field(default=())
    second_derivative: Trace | None = None

    @property
    def xrange(self) -> tuple[float, float]:
        return self.function.span


def sample_grid(
    xmin: float, xmax: float, points: int, breakpoints: Sequence[float] = ()
) -> np.ndarray:
    """``points`` evenly spaced x in [xmin, xmax], plus every breakpoint inside, sorted."""
    check_range(xmin, xmax, points)
    grid = np.linspace(xmin, xmax, points)
    inside = np.array(sorted({float(b) for b in breakpoints if xmin <= b <= xmax}))
    if inside.size == 0:
        return grid
    at = np.searchsorted(grid, inside)
    present = (at < grid.size) & (grid[np.minimum(at, grid.size - 1)] == inside)
    return np.insert(grid, at[~present], inside[~present])  # one pass, no sort of 10^7 values


def sample_trace(
    fn: Callable[[np.ndarray], np.ndarray], x: np.ndarray, breakpoints: Sequence[float]
) -> Trace:
    """``fn`` on the grid ``x`` (which holds the breakpoints), cut where it jumps.

    Each segment ends at its one-sided limit (f(b⁻) on the left of a jump at b, f(b⁺) on the
    right), so the drawn line reaches the jump from both sides without crossing it.  A jump at
    an end of the range keeps only the side in view (ReLU6' at x = 6 when xmax = 6).
    """
    y = np.asarray(fn(x), dtype=np.float64)
    found = (_jump_at(fn, b) for b in breakpoints if x[0] <= b <= x[-1])
    in_view = (_in_view(jump, x) for jump in found if jump is not None)
    jumps = tuple(j for j in in_view if not j.left == j.right == j.value)
    return _cut(x, y, jumps)


def sampled_trace(x: np.ndarray, y: np.ndarray) -> Trace:
    """Values already sampled on a grid that holds each breakpoint b between its two float
    neighbours (b⁻, b, b⁺), cut where those neighbours differ: a jump.

    No function can move by more than rounding across two ulp unless it jumps, so the data
    alone says where to cut (the saturation figure's |f'|, sampled by the analysis).
    """
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    at = np.flatnonzero((x[:-2] == np.nextafter(x[1:-1], -math.inf))
                        & (x[2:] == np.nextafter(x[1:-1], math.inf))) + 1
    left, right = y[at - 1], y[at + 1]
    with np.errstate(invalid="ignore"):  # inf − inf: not a jump that can be drawn
        scale = np.maximum(1.0, np.maximum(np.abs(left), np.abs(right)))
        apart = np.abs(right - left) > _JUMP_RTOL * scale
    jumps = tuple(Jump(float(x[i]), float(y[i - 1]), float(y[i + 1]), float(y[i]))
                  for i in at[apart])
    return _cut(x, y, jumps)


def _cut(x: np.ndarray, y: np.ndarray, jumps: tuple[Jump, ...]) -> Trace:
    """``(x, y)`` as segments ending at the one-sided limits of each jump (sorted by x)."""
    span = (float(x[0]), float(x[-1]))
    if not jumps:
        return Trace(_finite_pieces(x, y), span=span)
    segments = []
    start, head = 0, None  # head: the (x, y) a segment starts from, the previous jump's right
    for jump in jumps:
        stop = int(np.searchsorted(x, jump.x))
        segments.append(_segment(x[start:stop], y[start:stop], head, (jump.x, jump.left)))
        start, head = stop + 1, (jump.x, jump.right)
    segments.append(_segment(x[start:], y[start:], head, None))
    pieces = tuple(p for s in segments if s is not None for p in _finite_pieces(*s))
    drawable = tuple(j for j in jumps if math.isfinite(j.left + j.right + j.value))
    return Trace(pieces, drawable, span)


def _finite_pieces(x: np.ndarray, y: np.ndarray) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """``(x, y)`` split where y is inf or NaN, those points left out: the gaps of a formula.

    Values beyond ±1e300 are left out too: no axis can show them, and a tick locator
    overflows on a span near 1.8e308 (e^x up to x = 709).
    """
    finite = np.abs(y) <= _DRAWABLE  # False for inf and NaN
    if finite.all():
        return ((x, y),)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], finite.astype(np.int8), [0]])))
    return tuple((x[a:b], y[a:b]) for a, b in zip(edges[::2], edges[1::2]))


def _in_view(jump: Jump, x: np.ndarray) -> Jump:
    """At an end of the range, the limit from outside the view is replaced by f(b) itself."""
    if jump.x == x[0]:
        return Jump(jump.x, jump.value, jump.right, jump.value)
    if jump.x == x[-1]:
        return Jump(jump.x, jump.left, jump.value, jump.value)
    return jump


def _segment(
    x: np.ndarray,
    y: np.ndarray,
    head: tuple[float, float] | None,
    tail: tuple[float, float] | None,
) -> tuple[np.ndarray, np.ndarray] | None:
    """The grid points between two jumps with the limits at either end; ``None`` if empty."""
    if x.size == 0 and (head is None or tail is None):
        return None
    xs = [[head[0]]] if head else []
    ys = [[head[1]]] if head else []
    xs.append(x)
    ys.append(y)
    if tail:
        xs.append([tail[0]])
        ys.append([tail[1]])
    return np.concatenate(xs).astype(float), np.concatenate(ys).astype(float)


def _jump_at(fn: Callable[[np.ndarray], np.ndarray], b: float) -> Jump | None:
    """The jump of ``fn`` at ``b`` from its values one ulp either side, or ``None``."""
    probe = np.array([np.nextafter(b, -math.inf), b, np.nextafter(b, math.inf)])
    left, value, right = (float(v) for v in fn(probe))
    if abs(right - left) <= _JUMP_RTOL * max(1.0, abs(left), abs(right)):
        return None
    return Jump(float(b), left, right, value)


def asymptotes(activation: BoundActivation, function: Trace) -> tuple[Asymptote, ...]:
    """The horizontal asymptotes of f worth drawing next to the sampled ``function``.

    On each side where the activation saturates, the limit is f(±1e300).  It is an asymptote
    when f is still moving at the edge of the view (f' ≠ 0 there: ReLU and HardSwish reach 0
    exactly and stay, the step and hard tanh sit on their bounds) and the range does not include
    it as a closed bound (HardSigmoid reaches 0 at x = −3, beyond a narrow view).  Limits far
    outside the drawn values (sigmoid's 0 when the view is [3, 6]) are left out.
    """
    saturating = activation.properties.saturating
    sides = {"both": ("left", "right"), "none": ()}.get(saturating, (saturating,))
    bounds = function.bounds()
    if bounds is None:
        return ()
    low, high = bounds
    reach = _ASYMPTOTE_REACH * max(high - low, 1e-12)
    xmin, xmax = function.span
    found = []
    for side in sides:
        far, edge = (-_FAR, xmin) if side == "left" else (_FAR, xmax)
        limit = _range_end_or(float(activation(far)) + 0.0, activation)  # 0.0, not -0.0
        if not math.isfinite(limit) or float(activation.derivative(edge)) == 0.0:
            continue
        if _closed_bound(activation, limit) or not low - reach <= limit <= high + reach:
            continue
        if all(a.y != limit for a in found):
            found.append(Asymptote(limit, side))
    return tuple(found)


def _range_end_or(limit: float, activation: BoundActivation) -> float:
    """The end of the declared range that ``limit`` (f at ±1e300) is, to rounding: f can still
    be on its way there (squareplus(−1e300) = b/(4·1e300) = 1e-300, labelled "y = 1e-300"
    beside its asymptote y = 0)."""
    span = activation.properties.range
    for end in (span.low, span.high):
        if math.isfinite(end) and abs(limit - end) <= _LIMIT_RTOL * max(1.0, abs(end)):
            return float(end) + 0.0
    return limit


def _closed_bound(activation: BoundActivation, limit: float) -> bool:
    span = activation.properties.range
    return (span.low_closed and span.low == limit) or (span.high_closed and span.high == limit)


def sample_curve(
    activation: BoundActivation,
    xmin: float,
    xmax: float,
    points: int,
    derivative: bool = False,
    second_derivative: bool = False,
) -> Curve:
    """``activation`` on [xmin, xmax] with ``points`` samples plus its breakpoints.

    With ``derivative``, f' is sampled on the same grid and cut at its own jumps (ReLU' at 0);
    with ``second_derivative``, f'' likewise: a kink of f' (ELU's at 0 when alpha != 1) is
    a jump of f'' there, cut at the same breakpoints.
    """
    breakpoints = activation.breakpoints
    x = sample_grid(xmin, xmax, points, breakpoints)
    function = sample_trace(activation, x, breakpoints)
    slope = sample_trace(activation.derivative, x, breakpoints) if derivative else None
    bend = (sample_trace(lambda v: activation.derivative(v, order=2), x, breakpoints)
            if second_derivative else None)
    return Curve(activation, function, slope, asymptotes(activation, function), bend)


def sample_curves(
    activations: Sequence[BoundActivation],
    xmin: float,
    xmax: float,
    points: int,
    derivative: bool = False,
    second_derivative: bool = False,
) -> list[Curve]:
    """:func:`sample_curve` for each activation (a comparison or a parameter sweep)."""
    check_range(xmin, xmax, points)
    return [sample_curve(a, xmin, xmax, points, derivative, second_derivative)
            for a in activations]
