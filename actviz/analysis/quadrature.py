"""Gaussian expectations E[g(m + s·z)], z ~ N(0, 1), by adaptive Gauss–Kronrod quadrature.

Why not :func:`scipy.integrate.quad` itself: it calls the integrand once per point from
Python, and one call of an activation costs 5–20 µs (GELU's erf), so the ~300 points of one
expectation take 2–14 ms, and mean-field theory needs thousands of expectations (fixed
points, critical lines, the nested 2-D integrals of the correlation map).  This module runs
the same rule as QUADPACK's QAG (Gauss–Kronrod 10/21, error |K21 − G10|, bisection of the
intervals that fail) and QAGI's map of infinite ends, but for a whole *batch* of integrals at
once: each round evaluates every pending interval's 21 nodes in one vectorised call.

Accuracy: an interval is accepted when |K21 − G10| ≤ rtol × (∫|integrand| of its integral)
× (its share of the integral's length), so the accepted errors add up to at most rtol
relative to ∫|integrand|, or when it is at the rounding level of the interval's own
∫|integrand| (2.2e-13 of it), which no bisection can lower.  |K21 − G10| bounds the error of G10; K21 itself, which is what is
summed, is far more accurate on smooth pieces.  The pieces are split at the breakpoints of g
(kinks and jumps, scaled into z), so every piece is smooth and converges fast; Gauss–Hermite,
which cannot split, gives E[relu'(z)²]·2 = 0.91 instead of 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

from actviz.lazy import numpy as np

# Gauss–Kronrod 21-point nodes on [-1, 1] and weights; the 10-point Gauss rule uses every
# other node (QUADPACK dqk21, as in scipy.integrate._quad_vec).
_NODES = (
    0.995657163025808080735527280689003, 0.973906528517171720077964012084452,
    0.930157491355708226001207180059508, 0.865063366688984510732096688423493,
    0.780817726586416897063717578345042, 0.679409568299024406234327365114874,
    0.562757134668604683339000099272694, 0.433395394129247190799265943165784,
    0.294392862701460198131126603103866, 0.148874338981631210884826001129720,
)
_KRONROD_WEIGHTS = (
    0.011694638867371874278064396062192, 0.032558162307964727478818972459390,
    0.054755896574351996031381300244580, 0.075039674810919952767043140916190,
    0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
    0.123491976262065851077958109831074, 0.134709217311473325928054001771707,
    0.142775938577060080797094273138717, 0.147739104901338491374841515972068,
)
_KRONROD_CENTRE = 0.149445554002916905664936468389821
_GAUSS_WEIGHTS = (  # at nodes 1, 3, ..., 9 of _NODES (0-based)
    0.066671344308688137593568809893332, 0.149451349150580593145776339657697,
    0.219086362515982043995534934228163, 0.269266719309996355091226921569469,
    0.295524224714752870173892994651338,
)

DEFAULT_RTOL = 1e-12
_MAX_ROUNDS = 60
_MAX_INTERVALS = 400_000  # per round: 8.4 M integrand values, ~70 MB
_INV_SQRT_2PI = 1 / math.sqrt(2 * math.pi)
_ROUNDING = 1e3 * 2.220446049250313e-16

# integrand(x, owner) -> values: x is an (n, 21) array, owner the (n,) index of the integral
# each row belongs to.
Integrand = Callable[["np.ndarray", "np.ndarray"], "np.ndarray"]


@dataclass(frozen=True)
class _Rule:
    nodes: np.ndarray  # (21,) on [-1, 1]
    kronrod: np.ndarray  # (21,)
    gauss: np.ndarray  # (21,), zero at the Kronrod-only nodes


def _rule() -> _Rule:
    half = np.array(_NODES)
    nodes = np.concatenate([half, [0.0], -half[::-1]])
    kronrod = np.concatenate([_KRONROD_WEIGHTS, [_KRONROD_CENTRE], _KRONROD_WEIGHTS[::-1]])
    gauss_half = np.zeros(10)
    gauss_half[1::2] = _GAUSS_WEIGHTS
    gauss = np.concatenate([gauss_half, [0.0], gauss_half[::-1]])
    return _Rule(nodes, np.array(kronrod), gauss)


_RULE: _Rule | None = None


def integrate(integrand: Integrand, edges: Sequence[Sequence[float]],
              rtol: float = DEFAULT_RTOL, atol: float | Sequence[float] = 0.0) -> np.ndarray:
    """∫ integrand over the real line cut at ``edges[i]``, for each integral i.

    ``edges[i]`` are the sorted points where integral i's integrand is not smooth; its range
    is the whole line (−∞, ∞), cut there (and at 0 if there is no finite edge, so that each
    infinite end is mapped on its own).  Returns the integrals; NaN for one that does not
    converge (an integrand that is infinite or NaN somewhere, or a divergent integral).
    ``atol`` (one value, or one per integral) is an error small enough whatever ∫|integrand|
    is: for an integral that is tiny next to the scale its caller cares about.
    """
    global _RULE
    if len(edges) == 0:
        return np.zeros(0)
    if _RULE is None:
        _RULE = _rule()
    pieces = _Pieces.cut(edges)
    count = len(edges)
    total = np.zeros(count)
    magnitude = np.zeros(count)  # ∫|integrand| of the accepted intervals
    lengths = np.bincount(pieces.owner, pieces.high - pieces.low, minlength=count)
    failed = np.zeros(count, dtype=bool)
    floor = np.broadcast_to(np.asarray(atol, dtype=float), (count,))
    for _ in range(_MAX_ROUNDS):
        if pieces.size == 0:
            break
        value, size, error = pieces.evaluate(integrand, _RULE)
        bad = ~(np.isfinite(value) & np.isfinite(error))
        failed[pieces.owner[bad]] = True
        reference = magnitude + np.bincount(pieces.owner, size, minlength=count)
        share = (pieces.high - pieces.low) / lengths[pieces.owner]
        allowed = np.maximum(rtol * reference[pieces.owner], floor[pieces.owner]) * share
        # An error at the rounding level of the interval's own magnitude cannot shrink: e^(−z²/2)
        # alone has a relative condition number z²/2, ~400 in a far tail.
        noise = _ROUNDING * size
        done = (error <= allowed) | (error <= noise) | pieces.too_narrow() | bad | failed[pieces.owner]
        np.add.at(total, pieces.owner[done], value[done])
        np.add.at(magnitude, pieces.owner[done], size[done])
        pieces = pieces.halve(~done)
        if pieces.size > _MAX_INTERVALS:
            break
    failed[pieces.owner] = True  # still pending: did not converge in time
    total[failed] = np.nan
    return total


@dataclass(frozen=True)
class _Pieces:
    """Intervals [low, high] in the integration variable t, with the map back to x:
    ``kind`` 0 is x = t; +1 is x = origin + t/(1−t) and −1 is x = origin − t/(1−t), for
    t in [0, 1) (QUADPACK's QAGI map of [origin, ∞) and (−∞, origin])."""

    owner: np.ndarray
    kind: np.ndarray
    origin: np.ndarray
    low: np.ndarray
    high: np.ndarray

    @classmethod
    def cut(cls, edges: Sequence[Sequence[float]]) -> _Pieces:
        rows = []
        for owner, points in enumerate(edges):
            finite = sorted({float(p) for p in points if math.isfinite(p)}) or [0.0]
            rows.append((owner, -1, finite[0], 0.0, 1.0))
            rows.extend((owner, 0, 0.0, a, b) for a, b in zip(finite[:-1], finite[1:]) if a < b)
            rows.append((owner, 1, finite[-1], 0.0, 1.0))
        owner, kind, origin, low, high = (np.array(column) for column in zip(*rows))
        return cls(owner.astype(np.intp), kind.astype(np.int8), origin, low, high)

    @property
    def size(self) -> int:
        return len(self.owner)

    def evaluate(self, integrand: Integrand, rule: _Rule) -> tuple[np.ndarray, ...]:
        """Per interval: the K21 integral, the K21 integral of |integrand|, |K21 − G10|."""
        centre, half = (self.low + self.high) / 2, (self.high - self.low) / 2
        t = centre[:, None] + half[:, None] * rule.nodes
        infinite = (self.kind != 0)[:, None]
        step = np.where(infinite, t / np.where(infinite, 1.0 - t, 1.0), t)
        x = np.where(infinite, self.origin[:, None] + self.kind[:, None] * step, t)
        jacobian = np.where(infinite, 1.0 / np.square(1.0 - np.where(infinite, t, 0.0)), 1.0)
        with np.errstate(over="ignore", invalid="ignore"):
            values = np.asarray(integrand(x, self.owner), dtype=float)
            values = np.where(values == 0.0, 0.0, values * jacobian)
            kronrod = half * (values @ rule.kronrod)
            gauss = half * (values @ rule.gauss)
            size = half * (np.abs(values) @ rule.kronrod)
            error = np.abs(kronrod - gauss)
        return kronrod, size, error

    def too_narrow(self) -> np.ndarray:
        """Intervals that bisection can no longer split in floating point."""
        centre = (self.low + self.high) / 2
        return (self.high - self.low) <= 64 * np.finfo(float).eps * np.maximum(np.abs(centre), 1e-300)

    def halve(self, keep: np.ndarray) -> _Pieces:
        """The ``keep`` intervals, each bisected into two."""
        middle = (self.low[keep] + self.high[keep]) / 2
        twice = lambda a: np.repeat(a[keep], 2)  # noqa: E731
        low = np.empty(2 * int(keep.sum()))
        high = np.empty_like(low)
        low[0::2], low[1::2] = self.low[keep], middle
        high[0::2], high[1::2] = middle, self.high[keep]
        return _Pieces(twice(self.owner), twice(self.kind), twice(self.origin), low, high)


# --------------------------------------------------------------------------------------------
# Gaussian expectations
# --------------------------------------------------------------------------------------------


def standard_normal_density(z: np.ndarray) -> np.ndarray:
    """φ(z) = e^(−z²/2)/√(2π), 0 (not a warning) where z² overflows."""
    with np.errstate(over="ignore"):
        return np.exp(-0.5 * np.square(z)) * _INV_SQRT_2PI


def weighted(fn: Callable[[np.ndarray], np.ndarray], x: np.ndarray,
             density: np.ndarray) -> np.ndarray:
    """fn(x)·density, 0 where the density is 0 (not 0·inf = NaN for an e^x that overflows).

    fn is only called at the points of positive density, so a formula that overflows in the
    far tails raises no warning there.
    """
    out = np.zeros(np.shape(density))
    alive = density != 0
    with np.errstate(over="ignore", invalid="ignore"):
        out[alive] = np.asarray(fn(x[alive]), dtype=float) * density[alive]
    return out


# Activations change character at |x| ~ 1 and are asymptotic beyond ~32 (e^-32 ≈ 1e-14).
# When s > 4 these x are closer than 1/4 apart in z, and a Kronrod rule on a long piece could
# step over them (GELU' at q = 1e8 lives within |z| < 1e-3), so the pieces are cut there too.
_FEATURES = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)
_FEATURE_POINTS: "np.ndarray | None" = None
_FEATURE_SCALE = 4.0
_Z_REACH = 40.0  # φ(40) = 1e-348: no edge beyond


def _edges(points: np.ndarray, shift: float, scale: float) -> np.ndarray:
    """The z where shift + scale·z crosses a breakpoint, and, for scale > 4, a feature point."""
    global _FEATURE_POINTS
    if scale > _FEATURE_SCALE:
        if _FEATURE_POINTS is None:
            _FEATURE_POINTS = np.array([0.0, *_FEATURES, *(-x for x in _FEATURES)])
        points = np.concatenate([points, _FEATURE_POINTS])
    z = (points - shift) / scale
    return z[np.abs(z) <= _Z_REACH] if z.size else z


def gaussian_expectation(fn: Callable[[np.ndarray], np.ndarray], scales: Sequence[float] | np.ndarray,
                         breakpoints: Sequence[float], shifts: Sequence[float] | np.ndarray | None = None,
                         moment: int = 0, rtol: float = DEFAULT_RTOL) -> np.ndarray:
    """E[fn(m_i + s_i z) z^k] for z ~ N(0, 1), for each scale s_i > 0 and shift m_i (default
    0), with k = ``moment`` (default 0).

    ``fn`` is a vectorised function of x, smooth except at ``breakpoints`` (in x); each
    integral is split where m_i + s_i z crosses one.  Returns an array like ``scales``;
    NaN where an integral does not converge.
    """
    scales = np.asarray(scales, dtype=float)
    shifts = np.zeros_like(scales) if shifts is None else np.broadcast_to(
        np.asarray(shifts, dtype=float), scales.shape)
    flat_scale, flat_shift = scales.ravel(), shifts.ravel()
    points = np.asarray(breakpoints, dtype=float)
    edges = [_edges(points, m, s) for m, s in zip(flat_shift, flat_scale)]

    def integrand(z: np.ndarray, owner: np.ndarray) -> np.ndarray:
        x = flat_shift[owner][:, None] + flat_scale[owner][:, None] * z
        density = standard_normal_density(z)
        return weighted(fn, x, density * z**moment if moment else density)

    return integrate(integrand, edges, rtol).reshape(scales.shape)
