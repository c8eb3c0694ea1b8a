"""Mean-field signal propagation: the edge of chaos, critical initialisation and depth scales.

A wide random network z^l = W^l f(z^(l−1)) + b^l, with weights W_ij ~ N(0, σ_w²/fan_in),
biases b_i ~ N(0, σ_b²) and N(0, 1) inputs (mean square q_in = 1, as in the depth experiment
of :mod:`actviz.analysis.depth`), is described layer by layer by a few numbers (Poole et al.
2016, "Exponential expressivity in deep neural networks through transient chaos"; Schoenholz
et al. 2017, "Deep information propagation"; He et al. 2015 for ReLU).  With z ~ N(0, 1):

- the **length map** q ↦ 𝓛(q) = σ_w² E[f(√q z)²] + σ_b², the mean square of a unit's
  pre-activation in the next layer, from q¹ = σ_w² q_in + σ_b²; its limit **q*** is the fixed
  point the network settles to (``None`` when q grows without bound: unbounded activations
  with large σ_w² diverge);
- **χ₁** = σ_w² E[f'(√q* z)²], the factor by which each layer multiplies a gradient's squared
  norm: < 1 is the *ordered* phase (gradients vanish), > 1 the *chaotic* phase (they explode),
  = 1 the *edge of chaos*;
- the **correlation map** c ↦ (σ_w² E[f(u₁) f(u₂)] + σ_b²)/q* of two inputs' pre-activations
  u₁ = √q* z₁, u₂ = √q* (c z₁ + √(1−c²) z₂); its stable fixed point **c*** (1 in the ordered
  phase: all inputs end alike) and its slope there, **χ_c** = σ_w² E[f'(u₁) f'(u₂)];
- the depth scales **ξ_q** = −1/ln 𝓛'(q*) and **ξ_c** = −1/ln χ_c: q and c approach their
  fixed points like e^(−l/ξ); Schoenholz et al. find networks trainable to depths ~6 ξ_c;
- **decade depth** 2 ln 10 / |ln χ₁|: the layers over which a gradient's norm (which changes by
  √χ₁ per layer) shrinks or grows tenfold; k decades take k times as many;
- the **critical line**: for each σ_b², the σ_w² with χ₁ = 1 at the fixed point.  Eliminating
  σ_w² = 1/E[f'(√q z)²] from the fixed-point equation gives the line as a curve in q:
  σ_b²(q) = q − E[f(√q z)²]/E[f'(√q z)²], so it takes no root finding to draw.

Expectations are exact to ~1e-12: Gaussian integrals by adaptive Gauss–Kronrod quadrature
split at the activation's breakpoints (:mod:`actviz.analysis.quadrature`), the 2-D ones of the
correlation map as a quadrature of quadratures (the inner one split where u₂ crosses a
breakpoint, so both are smooth), and closed forms for activations that are linear on each side
of 0 (ReLU, leaky ReLU, PReLU, RReLU, identity: the arc-cosine kernel of Cho & Saul 2009).
numpy and scipy only; no figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Sequence

from actviz.activations.registry import BoundActivation
from actviz.analysis.keys import activation_key
from actviz.analysis.quadrature import gaussian_expectation, integrate, standard_normal_density, weighted
from actviz.lazy import numpy as np
from actviz.options import PROPAGATE

DEFAULT_SIGMA_W2 = 1.0
DEFAULT_SIGMA_B2 = 0.0
INPUT_Q = 1.0  # mean square of the inputs: N(0, 1), as the depth experiment's
MAX_SIGMA2 = PROPAGATE.option("sigma_w2").type.high  # 1e6, as the options declare it
CRITICAL_TOLERANCE = 1e-9  # |χ₁ − 1| below this is the edge of chaos
# q* beyond this is "diverges": a pre-activation of standard deviation 1e15.
_LARGEST_Q = 1e30
_SMALLEST_Q = 1e-16  # × the start: a length map that keeps falling goes to q* = 0
_NOISE = 1e-11  # |𝓛(q) − q| ≤ this × q cannot be told from 0
_SCAN_FACTOR = 4.0
_ZERO_SIDE = 1e-100  # f'(±this) are the one-sided slopes at 0
_ROOT_RTOL = 1e-14
_NEWTON_STEPS = 40
_LAST_STEP = 1e-7


def check_sigma2(name: str, value: float) -> float:
    """``value`` as a float, read by option ``name`` of ``propagate`` (``sigma_w2``: 0 < σ_w²
    ≤ 1e6, ``sigma_b2``: 0 ≤ σ_b² ≤ 1e6), so a caller of this module and of the API get one
    rule and one message; an :class:`~actviz.errors.OptionError` about ``name``."""
    return PROPAGATE.option(name).read(value)


# --------------------------------------------------------------------------------------------
# Gaussian moments of one activation: closed forms or quadrature
# --------------------------------------------------------------------------------------------


class _Moments:
    """The Gaussian expectations of one activation that the theory needs, at scales √q."""

    def length(self, q: np.ndarray) -> np.ndarray:
        """E[f(√q z)²] for each q > 0."""
        raise NotImplementedError

    def slope(self, q: np.ndarray) -> np.ndarray:
        """E[f'(√q z)²] for each q > 0."""
        raise NotImplementedError

    def length_derivative(self, q: np.ndarray) -> np.ndarray:
        """d/dq E[f(√q z)²] for each q > 0."""
        raise NotImplementedError

    def correlation(self, q: float, c: float, derivative: bool = False) -> float:
        """E[g(u₁) g(u₂)] with g = f (or f'), u₁, u₂ ~ N(0, q) of correlation c."""
        raise NotImplementedError

    def mean(self, q: float) -> float:
        """E[f(√q z)]."""
        raise NotImplementedError

    def correlation_pair(self, q: float, c: float) -> tuple[float, float]:
        """(E[f(u₁) f(u₂)], E[f'(u₁) f'(u₂)]), as :meth:`correlation`."""
        return self.correlation(q, c), self.correlation(q, c, derivative=True)


@dataclass(frozen=True)
class _LinearPieces(_Moments):
    """f(x) = a x for x > 0 and b x for x < 0: every moment in closed form.

    With κ(c) = (√(1−c²) + (π − arccos c) c)/(2π) = E[relu(z₁) relu(z₂)] (the arc-cosine
    kernel), f = a·relu(x) − b·relu(−x) and relu(−x) = relu(x) − x give
    E[f(u₁) f(u₂)] = q ((a − b)² κ(c) + a b c), and its c-derivative over q,
    E[f'(u₁) f'(u₂)] = (a − b)² (π − arccos c)/(2π) + a b.
    """

    a: float
    b: float

    @property
    def square_mean(self) -> float:
        """E[f(z)²] = E[f'(z)²] = (a² + b²)/2."""
        return (self.a**2 + self.b**2) / 2

    def length(self, q):
        return np.asarray(q, dtype=float) * self.square_mean

    def slope(self, q):
        return np.full(np.shape(q), self.square_mean)

    def length_derivative(self, q):
        return np.full(np.shape(q), self.square_mean)

    def correlation(self, q, c, derivative=False):
        angle = math.pi - math.acos(min(max(c, -1.0), 1.0))
        if derivative:
            return (self.a - self.b) ** 2 * angle / (2 * math.pi) + self.a * self.b
        kernel = (math.sqrt(max(1.0 - c * c, 0.0)) + angle * c) / (2 * math.pi)
        return q * ((self.a - self.b) ** 2 * kernel + self.a * self.b * c)

    def mean(self, q):
        return math.sqrt(q) * (self.a - self.b) / math.sqrt(2 * math.pi)


class _Quadrature(_Moments):
    """Any activation, by adaptive quadrature split at its breakpoints."""

    def __init__(self, activation: BoundActivation):
        self.f = activation
        self.breakpoints = activation.breakpoints
        self._square = lambda x: np.square(activation(x))
        self._slope_square = lambda x: np.square(activation.derivative(x))

    def length(self, q):
        return gaussian_expectation(self._square, np.sqrt(q), self.breakpoints)

    def slope(self, q):
        return gaussian_expectation(self._slope_square, np.sqrt(q), self.breakpoints)

    def length_derivative(self, q):
        # d/dq ∫ f(x)² φ(x/√q)/√q dx = E[f(√q z)² (z² − 1)]/(2q): the breakpoints stay put in
        # x, so a jump of f (hardshrink) needs no boundary term, and f'' is never needed.
        q = np.asarray(q, dtype=float)
        second = gaussian_expectation(self._square, np.sqrt(q), self.breakpoints, moment=2)
        return (second - self.length(q)) / (2 * q)

    def mean(self, q):
        return float(gaussian_expectation(self.f, np.array([math.sqrt(q)]), self.breakpoints)[0])

    def correlation(self, q, c, derivative=False):
        if c >= 1.0:
            return float(gaussian_expectation(
                self._slope_square if derivative else self._square, np.array([math.sqrt(q)]),
                self.breakpoints)[0])
        g = self.f.derivative if derivative else self.f
        return float(correlated_expectations([g], q, c, self.breakpoints)[0])

    def correlation_pair(self, q, c):
        return tuple(correlated_expectations([self.f, self.f.derivative], q, c, self.breakpoints))


def correlated_expectations(functions: Sequence[Callable[[np.ndarray], np.ndarray]], q: float,
                            c: float, breakpoints: Sequence[float]) -> np.ndarray:
    """E[g(u₁) g(u₂)] for each g of ``functions``, (u₁, u₂) normal with variances q and
    correlation c, |c| < 1, in one batch.

    A quadrature of quadratures: the outer over z₁ (u₁ = √q z₁) split at the breakpoints
    b/√q; for each of its nodes, the inner E[g(√q c z₁ + √q √(1−c²) z₂)] over z₂, split where
    u₂ crosses a breakpoint.  Each piece is smooth (the inner expectation is smooth in z₁ for
    |c| < 1), so both converge like any 1-D integral: Gauss–Hermite in z₁ and z₂ could not,
    since g has kinks on lines that cross its grid.
    """
    root_q, spread = math.sqrt(q), math.sqrt(q * max(1.0 - c * c, 0.0))
    points = np.asarray(breakpoints, dtype=float)
    if spread == 0.0:  # c rounds to ±1: u₂ = ±u₁
        sign = 1.0 if c > 0 else -1.0
        return np.array([gaussian_expectation(lambda x, g=g: g(x) * g(sign * x), np.array([root_q]),
                                              np.concatenate([points, sign * points]))[0]
                         for g in functions])

    def outer(z1: np.ndarray, owner: np.ndarray) -> np.ndarray:
        density = standard_normal_density(z1)
        values = np.zeros(z1.shape)
        for which, g in enumerate(functions):
            rows = (owner == which)[:, None] & (density > 0)
            shifts = root_q * c * z1[rows]
            inner = gaussian_expectation(g, np.full(shifts.shape, spread), points,
                                         shifts=shifts, rtol=1e-11)
            values[rows] = weighted(g, root_q * z1[rows], density[rows]) * inner
        return values

    # Near c = 0 the integral is tiny (E[f]² for odd f): it need only be exact next to the
    # scale E[g(√q z)²] that c* and χ_c are measured against, not to 1e-10 of itself.
    scale = [float(gaussian_expectation(lambda x, g=g: np.square(g(x)), np.array([root_q]),
                                        points)[0]) for g in functions]
    return integrate(outer, [points / root_q] * len(functions), rtol=1e-10,
                     atol=[1e-11 * value for value in scale])


def _is_linear_pieces(f: BoundActivation) -> _LinearPieces | None:
    """f's slopes (a, b) when f(x) = a x for x > 0 and b x for x < 0, checked at points
    across 14 decades (for f and f'); ``None`` otherwise."""
    if any(p != 0.0 for p in f.breakpoints):
        return None
    x = np.geomspace(1e-7, 1e7, 15)
    with np.errstate(all="ignore"):
        a, b = float(f.derivative(1.0)), float(f.derivative(-1.0))
        right, left = f(x), f(-x)
        slopes = (f.derivative(x), f.derivative(-x))
        exact = (np.allclose(right, a * x, rtol=1e-14, atol=0)
                 and np.allclose(left, -b * x, rtol=1e-14, atol=0)
                 and np.all(slopes[0] == a) and np.all(slopes[1] == b) and float(f(0.0)) == 0.0)
    return _LinearPieces(a, b) if exact and math.isfinite(a) and math.isfinite(b) else None


def moments_of(f: BoundActivation) -> _Moments:
    """The closed forms when f is linear on each side of 0, else quadrature."""
    return _is_linear_pieces(f) or _Quadrature(f)


def _near_zero(f: BoundActivation) -> _LinearPieces | None:
    """Near q = 0 a network with f(0) = 0 sees only f's slopes on each side of 0."""
    if float(f(0.0)) != 0.0:
        return None
    with np.errstate(all="ignore"):
        a, b = float(f.derivative(_ZERO_SIDE)), float(f.derivative(-_ZERO_SIDE))
    return _LinearPieces(a, b) if math.isfinite(a) and math.isfinite(b) else None


# --------------------------------------------------------------------------------------------
# The fixed points
# --------------------------------------------------------------------------------------------


def _root(fn: Callable[[float], float], low: float, high: float) -> float:
    """A root of ``fn`` in [low, high], where it changes sign, to ~1e-14 relative.

    The Illinois variant of regula falsi, with a bisection whenever it stalls: superlinear,
    never leaves the bracket, and needs no scipy.optimize (whose import alone costs
    0.3–1 s, more than the whole table).
    """
    f_low, f_high = fn(low), fn(high)
    if f_low == 0.0:
        return low
    if f_high == 0.0:
        return high
    if (f_low > 0) == (f_high > 0):
        raise ValueError("the bracket does not change sign")
    side = 0
    for _ in range(200):
        if high - low <= _ROOT_RTOL * max(abs(low), abs(high)) or high - low <= 1e-300:
            break
        guess = (low * f_high - high * f_low) / (f_high - f_low)
        if not low < guess < high or side in (-3, 3):  # stalled on one side: bisect
            guess, side = 0.5 * (low + high), 0
        f_guess = fn(guess)
        if f_guess == 0.0 or math.isnan(f_guess):
            return guess
        if (f_guess > 0) == (f_low > 0):
            low, f_low = guess, f_guess
            f_high, side = (f_high / 2, side + 1) if side > 0 else (f_high, 1)
        else:
            high, f_high = guess, f_guess
            f_low, side = (f_low / 2, side - 1) if side < 0 else (f_low, -1)
    return low if abs(f_low) <= abs(f_high) else high


def length_fixed_point(moments: _Moments, sigma_w2: float, sigma_b2: float,
                       start: float) -> float | None:
    """q* = the limit of q ↦ σ_w² E[f(√q z)²] + σ_b² iterated from ``start``; ``None`` if it
    exceeds 1e30 (diverges).

    For an increasing map (every registry entry's) the iteration moves monotonically to the
    nearest root of 𝓛(q) = q in the direction of 𝓛(start) − start; that root is bracketed on
    a geometric scan (one batched quadrature) and polished by Brent's method.  Where
    |𝓛(q) − q| is within the quadrature's noise (1e-11 q), the sign is not trusted: a map
    that keeps falling, or cannot be told from q, down to 1e-16 × start goes to q* = 0 (no
    bias and f(0) = 0: the signal dies out, as tanh's does at σ_w² = 1, however slowly).
    """
    gap = lambda q: sigma_w2 * moments.length(q) + sigma_b2 - q  # noqa: E731
    single = lambda q: float(gap(np.array([q]))[0])  # noqa: E731
    here = single(start)
    if math.isnan(here):
        return None
    if abs(here) <= _NOISE * start:
        return start
    if here > 0:  # rising: the first scan point at or below the diagonal
        scan = start * _SCAN_FACTOR ** np.arange(1, 60)
        scan = scan[scan <= _LARGEST_Q]
        values = _staged(gap, scan, lambda v, at: ~(v > -_NOISE * at))
        # Clearly below the diagonal, or NaN (a divergent integral).  A gap lost in the noise
        # for good is a map that runs parallel to the diagonal: ELU at σ_w² = 2, q + const.
        crossed = np.flatnonzero(~(values > -_NOISE * scan))
        if crossed.size == 0 or math.isnan(values[crossed[0]]):
            return None
    else:  # falling: the first scan point clearly above the diagonal
        scan = start * _SCAN_FACTOR ** -np.arange(1.0, 60)
        scan = scan[(scan >= _SMALLEST_Q * start) & (scan > sigma_b2)]
        if sigma_b2 > 0:  # 𝓛(q) ≥ σ_b² exactly, so the root is at or above σ_b²
            scan = np.append(scan, sigma_b2)
        values = _staged(gap, scan, lambda v, at: v >= _NOISE * at)
        clear = values >= _NOISE * scan
        if sigma_b2 > 0:
            clear[-1] = values[-1] >= 0
        crossed = np.flatnonzero(clear)
        if crossed.size == 0:
            return 0.0
    first = int(crossed[0])
    near, near_value = (start, here) if first == 0 else (float(scan[first - 1]), float(values[first - 1]))
    far, far_value = float(scan[first]), float(values[first])
    if far_value == 0.0:
        return far
    if (near_value > 0) == (far_value > 0):  # the near point is already within the noise
        return near
    return _root(single, min(near, far), max(near, far))


def _staged(gap: Callable[[np.ndarray], np.ndarray], scan: np.ndarray,
            found: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> np.ndarray:
    """``gap`` on the first 6 scan points, and on the rest only if none of those is ``found``
    (most fixed points are within a factor 4⁶ of the start); NaN where not evaluated."""
    values = np.full(scan.shape, np.nan)
    values[:6] = gap(scan[:6])
    if not np.any(found(values[:6], scan[:6])) and scan.size > 6:
        values[6:] = gap(scan[6:])
    return values


def correlation_fixed_point(moments: _Moments, sigma_w2: float, sigma_b2: float, q_star: float,
                            chi1: float) -> tuple[float, float]:
    """(c*, χ_c): c* = 1 and χ_c = χ₁ when χ₁ ≤ 1; in the chaotic phase (χ₁ > 1) the other,
    stable, root in [0, 1) and χ_c = σ_w² E[f'(u₁) f'(u₂)] there.

    The correlation map C(c) is a power series in c with non-negative coefficients (Mehler's
    expansion), so on [0, 1] it is increasing and convex with C(1) = 1 and C'(1) = χ₁: for
    χ₁ > 1 it crosses the diagonal once more below 1, and C(0) = (σ_w² E[f]² + σ_b²)/q* ≥ 0
    puts that root in [0, 1); C(0) = 0 (odd f, no bias; SELU at its fixed point) makes it 0.
    """
    if chi1 <= 1.0:
        return 1.0, chi1
    mean = moments.mean(q_star)
    at_zero = (sigma_w2 * mean * mean + sigma_b2) / q_star
    if at_zero <= 1e-12 * max(sigma_w2 * float(moments.length(np.array([q_star]))[0]) / q_star, 1.0):
        return 0.0, sigma_w2 * _mean_slope(moments, q_star) ** 2
    # Newton's method from c = 0 on the convex C(c) − c: every tangent lies below the curve,
    # so the steps rise monotonically to c* without overshooting it.
    # It starts at C(0) ≤ c* (C rises), and stops once a step is below 1e-7 × c: the next
    # would be ~1e-14 × c (quadratic convergence), so only χ_c is computed again, at the end.
    c, chi_c = at_zero, math.nan
    for _ in range(_NEWTON_STEPS):
        value, slope = moments.correlation_pair(q_star, c)
        gap = (sigma_w2 * value + sigma_b2) / q_star - c
        chi_c = sigma_w2 * slope  # the gap's derivative is χ_c(c) − 1
        if not (chi_c < 1.0 and math.isfinite(gap)):
            return c, chi_c
        step = gap / (1.0 - chi_c)
        c = min(c + max(step, 0.0), 1.0)
        if step <= _LAST_STEP * c:
            break
    return c, sigma_w2 * moments.correlation(q_star, c, derivative=True)


def _mean_slope(moments: _Moments, q: float) -> float:
    """E[f'(√q z)] = E[f(√q z) z]/√q (Stein's lemma, so a jump of f needs no delta)."""
    if isinstance(moments, _LinearPieces):
        return (moments.a + moments.b) / 2
    return float(gaussian_expectation(moments.f, np.array([math.sqrt(q)]), moments.breakpoints,
                                      moment=1)[0]) / math.sqrt(q)


# --------------------------------------------------------------------------------------------
# One activation at one (σ_w², σ_b²)
# --------------------------------------------------------------------------------------------

PHASES = ("ordered", "critical", "chaotic")


@dataclass(frozen=True)
class Propagation:
    """The mean-field numbers of one activation at one (σ_w², σ_b²); ``None`` where undefined.

    ``phase`` is "ordered" (χ₁ < 1), "critical" (|χ₁ − 1| ≤ 1e-9) or "chaotic", or ``None``
    when χ₁ is undefined.  ``c_star`` is ``None`` when every correlation is a fixed point (a
    linear network without bias, and any f near q* = 0 that is smooth at 0).
    """

    key: str
    name: str
    label: str
    params: dict[str, float]
    sigma_w2: float
    sigma_b2: float
    q_star: float | None
    chi1: float | None
    c_star: float | None
    chi_c: float | None
    xi_q: float | None
    xi_c: float | None
    decade_depth: float | None
    critical_sigma_w2: float | None
    q_star_at_critical: float | None
    closed_form: bool = False

    @property
    def phase(self) -> str | None:
        if self.chi1 is None:
            return None
        if abs(self.chi1 - 1.0) <= CRITICAL_TOLERANCE:
            return "critical"
        return "ordered" if self.chi1 < 1 else "chaotic"


def depth_scale(rate: float | None) -> float | None:
    """ξ = −1/ln r for a convergence rate 0 ≤ r ≤ 1 (∞ at r = 1, 0 at r = 0); ``None`` for an
    unstable fixed point (r > 1) or no rate."""
    if rate is None or not math.isfinite(rate) or rate > 1.0 or rate < 0.0:
        return None
    if rate == 1.0:
        return math.inf
    if rate == 0.0:
        return 0.0
    return -1.0 / math.log(rate)


def decade_depth(chi1: float | None) -> float | None:
    """Layers over which a gradient's norm changes tenfold: 2 ln 10/|ln χ₁| (∞ at χ₁ = 1)."""
    if chi1 is None or not math.isfinite(chi1) or chi1 < 0:
        return None
    if chi1 == 0.0:
        return 0.0
    if chi1 == 1.0:
        return math.inf
    return 2 * math.log(10) / abs(math.log(chi1))


def propagation(activation: BoundActivation, sigma_w2: float = DEFAULT_SIGMA_W2,
                sigma_b2: float = DEFAULT_SIGMA_B2) -> Propagation:
    """The mean-field numbers of ``activation`` at (σ_w², σ_b²) (see the module)."""
    sigma_w2 = check_sigma2("sigma_w2", sigma_w2)
    sigma_b2 = check_sigma2("sigma_b2", sigma_b2)
    moments = moments_of(activation)
    state = _state(activation, moments, sigma_w2, sigma_b2)
    critical = critical_point(activation, sigma_b2, moments)
    return Propagation(
        key=activation_key(activation), name=activation.name, label=activation.label,
        params=dict(activation.params), sigma_w2=sigma_w2, sigma_b2=sigma_b2,
        q_star=state.q_star, chi1=state.chi1, c_star=state.c_star, chi_c=state.chi_c,
        xi_q=depth_scale(state.length_rate), xi_c=depth_scale(state.chi_c),
        decade_depth=decade_depth(state.chi1),
        critical_sigma_w2=None if critical is None else critical[0],
        q_star_at_critical=None if critical is None else critical[1],
        closed_form=isinstance(moments, _LinearPieces),
    )


@dataclass(frozen=True)
class _State:
    q_star: float | None
    chi1: float | None = None
    length_rate: float | None = None  # |𝓛'(q*)|
    c_star: float | None = None
    chi_c: float | None = None


def _state(f: BoundActivation, moments: _Moments, sigma_w2: float, sigma_b2: float) -> _State:
    start = sigma_w2 * INPUT_Q + sigma_b2
    q_star = length_fixed_point(moments, sigma_w2, sigma_b2, start)
    if isinstance(moments, _LinearPieces) and (sigma_b2 == 0.0 or q_star is None):
        # No bias, or q → ∞ where the bias no longer counts: q cancels from the correlation
        # map, and χ₁ = σ_w² (a² + b²)/2 whatever q is.
        return _linear_state(moments, sigma_w2, q_star)
    if q_star is None:
        return _State(None)
    if q_star == 0.0:
        local = _near_zero(f)
        return _State(0.0) if local is None else _linear_state(local, sigma_w2, 0.0)
    chi1 = sigma_w2 * float(moments.slope(np.array([q_star]))[0])
    rate = abs(sigma_w2 * float(moments.length_derivative(np.array([q_star]))[0]))
    if not math.isfinite(chi1):
        return _State(q_star, None, rate)
    c_star, chi_c = correlation_fixed_point(moments, sigma_w2, sigma_b2, q_star, chi1)
    return _State(q_star, chi1, rate, c_star, chi_c)


def _linear_state(pieces: _LinearPieces, sigma_w2: float, q_star: float | None) -> _State:
    """No bias and f linear on each side of 0 (exactly, or near q* = 0): the correlation map
    c ↦ ((a − b)² κ(c) + a b c)/((a² + b²)/2) has slope 1 at c = 1, so correlations approach 1
    only polynomially (ξ_c = ∞), and for a = b (linear) every c is a fixed point."""
    chi1 = sigma_w2 * pieces.square_mean
    if chi1 == 0.0:  # f = 0 around 0 (hardshrink): nothing reaches the next layer
        return _State(q_star, 0.0, 0.0)
    c_star = None if pieces.a == pieces.b else 1.0
    return _State(q_star, chi1, chi1, c_star, 1.0)


# --------------------------------------------------------------------------------------------
# The critical line
# --------------------------------------------------------------------------------------------

_CRITICAL_Q = np.geomspace(1e-8, 1e8, 49)


def critical_curve(activation: BoundActivation, q: np.ndarray | None = None,
                   chi: float = 1.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The points (σ_w², σ_b²) where q (each of ``q``) is a fixed point with χ₁ = ``chi``, and
    whether that fixed point is stable (|𝓛'(q)| ≤ 1: a network settles there).

    σ_w² = χ/E[f'(√q z)²] and σ_b² = q − χ E[f(√q z)²]/E[f'(√q z)²]: ``chi`` = 1 is the critical
    line, other values are the lines of equal gradient depth scale.  Points with σ_b² < 0 are
    not networks; the caller keeps σ_b² ≥ 0.
    """
    q = _CRITICAL_Q if q is None else np.asarray(q, dtype=float)
    moments = moments_of(activation)
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = moments.slope(q)
        sigma_w2 = chi / slope
        sigma_b2 = q - chi * moments.length(q) / slope
        stable = np.abs(sigma_w2 * moments.length_derivative(q)) <= 1.0 + CRITICAL_TOLERANCE
    return sigma_w2, sigma_b2, stable


def critical_point(activation: BoundActivation, sigma_b2: float = 0.0,
                   moments: _Moments | None = None) -> tuple[float, float | None] | None:
    """(σ_w², q*) on the critical line at ``sigma_b2``; ``None`` if there is none.

    For f linear on each side of 0, χ₁ = σ_w² (a² + b²)/2 whatever q is: critical at
    σ_w² = 2/(a² + b²) (ReLU: 2, He et al.), where q* = q¹ without bias (the length map is the
    identity) and does not exist with one (q grows by σ_b² per layer).  Otherwise the roots
    q_c of σ_b²(q) = ``sigma_b2`` along :func:`critical_curve` are candidates (q_c = 0 too when
    σ_b² = 0 and f(0) = 0); the first whose σ_w² = 1/E[f'(√q_c z)²] reaches q_c from the
    first layer's q¹ = σ_w² q_in + σ_b² is the answer (GELU without bias has none: at the
    q_c = 0 candidate, σ_w² = 4, 𝓛(q) ≈ q + 6q²/π carries the signal away from 0).
    """
    sigma_b2 = check_sigma2("sigma_b2", sigma_b2)
    moments = moments if moments is not None else moments_of(activation)
    if isinstance(moments, _LinearPieces):
        if moments.square_mean == 0:
            return None
        sigma_w2 = 1.0 / moments.square_mean
        return sigma_w2, (sigma_w2 * INPUT_Q if sigma_b2 == 0.0 else None)
    for q_c in _critical_candidates(activation, moments, sigma_b2):
        slope = float(moments.slope(np.array([q_c]))[0]) if q_c > 0 else _zero_slope(activation)
        if not (slope > 0 and math.isfinite(slope)) or 1.0 / slope > MAX_SIGMA2:
            continue
        sigma_w2 = 1.0 / slope
        # The fixed point must be the one the network reaches from its first layer: softshrink
        # has a stable critical q_c = 0.07 at σ_w² = 18, σ_b² = 0.05, but unit inputs explode.
        reached = length_fixed_point(moments, sigma_w2, sigma_b2, sigma_w2 * INPUT_Q + sigma_b2)
        if reached is not None and abs(reached - q_c) <= 1e-6 * q_c:
            return sigma_w2, q_c
    return None


def _zero_slope(f: BoundActivation) -> float:
    local = _near_zero(f)
    return math.nan if local is None else local.square_mean


def _critical_candidates(f: BoundActivation, moments: _Moments, sigma_b2: float) -> list[float]:
    """Roots q of q − E[f²]/E[f'²] = σ_b², smallest first (0 when σ_b² = 0 and f(0) = 0)."""
    candidates = [0.0] if sigma_b2 == 0.0 and float(f(0.0)) == 0.0 else []
    q = _CRITICAL_Q
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = q - moments.length(q) / moments.slope(q) - sigma_b2
    # Signs within the quadrature's noise are not trusted: q − E[f²]/E[f'²] = O(q³) for tanh.
    clear = np.flatnonzero(np.isfinite(gap) & (np.abs(gap) > _NOISE * np.maximum(q, sigma_b2)))
    changes = [(int(i), int(j)) for i, j in zip(clear[:-1], clear[1:])
               if (gap[i] > 0) != (gap[j] > 0)]

    def single(x: float) -> float:
        at = np.array([x])
        return float((at - moments.length(at) / moments.slope(at) - sigma_b2)[0])

    candidates += [_root(single, float(q[i]), float(q[j])) for i, j in changes]
    return sorted(set(candidates))


# --------------------------------------------------------------------------------------------
# Layer by layer: the predicted gradient of the depth experiment
# --------------------------------------------------------------------------------------------


def predicted_gradient(activation: BoundActivation, sigma_w2: float, sigma_b2: float,
                       layers: int) -> np.ndarray:
    """‖δ_k‖/‖δ_L‖ for layers k = 1..L (first layer first, the last entry 1): what
    :func:`actviz.analysis.depth.depth_experiment` measures, predicted.

    Backpropagation gives δ_(k−1) = (W_kᵀ δ_k) ⊙ f'(z_(k−1)), so in a wide network
    ‖δ_(k−1)‖² = ‖δ_k‖² σ_w² E[f'(√q_(k−1) z)²] with q_k the length map's value at layer k
    (from q¹ = σ_w² q_in + σ_b², not only q*): the prediction includes the transient.
    """
    moments = moments_of(activation)
    q = np.empty(layers)
    q[0] = sigma_w2 * INPUT_Q + sigma_b2
    for k in range(1, layers):
        q[k] = sigma_w2 * float(moments.length(q[k - 1:k])[0]) + sigma_b2
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        chi = sigma_w2 * np.where(q > 0, moments.slope(np.where(q > 0, q, 1.0)), np.nan)
        if np.any(q == 0):
            chi[q == 0] = sigma_w2 * _zero_slope(activation)
        log_chi = np.log(chi)
        # log ‖δ_k‖/‖δ_L‖ = ½ Σ_{j=k}^{L−1} log χ(q_j)
        tail = np.concatenate([np.cumsum(log_chi[:-1][::-1])[::-1], [0.0]])
        return np.exp(0.5 * tail)


# --------------------------------------------------------------------------------------------
# The report of ``actviz propagate``
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PropagationReport:
    sigma_w2: float
    sigma_b2: float
    activations: tuple[Propagation, ...]
    layers: int | None = None
    predicted: dict[str, np.ndarray] = field(default_factory=dict)  # key -> ‖δ_k‖/‖δ_L‖


def propagation_report(activations: Sequence[BoundActivation], sigma_w2: float = DEFAULT_SIGMA_W2,
                       sigma_b2: float = DEFAULT_SIGMA_B2,
                       layers: int | None = None) -> PropagationReport:
    """:func:`propagation` of each activation, and with ``layers`` the predicted gradients."""
    rows = tuple(propagation(act, sigma_w2, sigma_b2) for act in activations)
    predicted = {}
    if layers is not None:
        predicted = {row.key: predicted_gradient(act, row.sigma_w2, row.sigma_b2, layers)
                     for row, act in zip(rows, activations)}
    return PropagationReport(rows[0].sigma_w2 if rows else sigma_w2,
                             rows[0].sigma_b2 if rows else sigma_b2, rows, layers, predicted)


# --------------------------------------------------------------------------------------------
# The phase diagram: the critical line and the lines of equal gradient depth, per activation
# --------------------------------------------------------------------------------------------

DEFAULT_CONTOUR_LAYERS = 50
_DIAGRAM_Q = np.geomspace(1e-6, 1e4, 41)
_REACH_LAYERS = 25
_OVERSHOOT = 1.5  # lines are kept this far above the drawn σ_b² range (the axes clip them)


@dataclass(frozen=True)
class PhaseLine:
    """A curve in the (σ_w², σ_b²) plane along which χ₁ = ``chi`` at a stable fixed point;
    NaN where it leaves the drawn σ_b² range or the fixed point is unstable (a gap)."""

    chi: float
    sigma_w2: np.ndarray
    sigma_b2: np.ndarray


@dataclass(frozen=True)
class PhaseDiagram:
    """One activation's lines: ``critical`` (χ₁ = 1) between the ordered phase (left) and
    the chaotic one (right), and ``ordered_contour``/``chaotic_contour``, where a gradient
    shrinks or grows tenfold over ``contour_layers`` layers (χ₁ = 10^(∓2/L))."""

    key: str
    label: str
    critical: PhaseLine
    ordered_contour: PhaseLine
    chaotic_contour: PhaseLine
    contour_layers: int
    sigma_b2_max: float


def phase_diagram(activation: BoundActivation, sigma_b2_max: float = 1.0,
                  contour_layers: int = DEFAULT_CONTOUR_LAYERS) -> PhaseDiagram:
    """The lines of :class:`PhaseDiagram` for σ_b² in [0, ``sigma_b2_max``]: one batch of
    quadratures along q (:func:`critical_curve`'s parametrisation) gives all three."""
    moments = moments_of(activation)
    shrink = 10.0 ** (-2.0 / contour_layers)
    chis = (1.0, shrink, 1.0 / shrink)
    if isinstance(moments, _LinearPieces):  # χ₁ = σ_w² (a² + b²)/2 at every q: vertical lines
        ends = np.array([0.0, sigma_b2_max])
        lines = [PhaseLine(chi, np.full(2, chi / moments.square_mean if moments.square_mean
                                        else np.nan), ends) for chi in chis]
    else:
        lines = [_phase_line(activation, moments, chi, sigma_b2_max) for chi in chis]
    return PhaseDiagram(activation_key(activation), activation.label, *lines, contour_layers,
                        sigma_b2_max)


def _phase_line(f: BoundActivation, moments: _Moments, chi: float, top: float) -> PhaseLine:
    q = _line_q(moments, chi, top)
    sigma_w2, sigma_b2, stable = _line_points(moments, chi, q)
    keep = stable & np.isfinite(sigma_w2) & np.isfinite(sigma_b2) & (sigma_b2 >= -1e-12) \
        & (sigma_b2 <= _OVERSHOOT * top)
    keep[keep] = _reached(moments, sigma_w2[keep], np.maximum(sigma_b2[keep], 0.0), q[keep])
    keep = _rising_run(keep, sigma_b2)
    sigma_w2 = np.where(keep, sigma_w2, np.nan)
    sigma_b2 = np.where(keep, np.maximum(sigma_b2, 0.0), np.nan)
    start = _zero_end(f, moments, chi)
    if start is not None:  # q → 0 without bias: σ_w² = χ/((f'(0⁺)² + f'(0⁻)²)/2)
        sigma_w2, sigma_b2 = np.concatenate([[start], sigma_w2]), np.concatenate([[0.0], sigma_b2])
    return PhaseLine(chi, sigma_w2, sigma_b2)


def _reached(moments: _Moments, sigma_w2: np.ndarray, sigma_b2: np.ndarray,
             target: np.ndarray) -> np.ndarray:
    """Whether a network at each (σ_w², σ_b²) heads for the fixed point ``target``: the length
    map iterated 25 layers from q¹ = σ_w² + σ_b² (all points in one batch per layer) must
    have moved toward it without passing it (slowly is fine: GELU's critical q* = 22 at
    σ_b² = 0.5 is approached at a rate near 1).  A stable fixed point can still be out of
    reach: GELU's χ₁ = 1.1 line has points at σ_w² ≈ 3.5 with a small stable q*, but unit
    inputs explode there."""
    q = sigma_w2 * INPUT_Q + sigma_b2
    first = target - q
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(_REACH_LAYERS):
            alive = np.isfinite(q) & (q <= _LARGEST_Q) & (q > 0)
            if not alive.any():
                break
            q[alive] = sigma_w2[alive] * moments.length(q[alive]) + sigma_b2[alive]
        left = target - q
        close = np.abs(left) <= 1e-6 * target
        toward = (np.sign(left) == np.sign(first)) & (np.abs(left) <= np.abs(first))
        return close | toward


def _rising_run(keep: np.ndarray, sigma_b2: np.ndarray) -> np.ndarray:
    """The longest run of kept points along which σ_b² rises with q.

    Past a fold (SELU's χ₁ = 1.1 line turns back down at σ_b² = 0.6) the fixed point q is
    one the network does not reach from its first layer, like softshrink's in
    :func:`critical_point`; the figure draws the branch that starts at σ_b² = 0 instead.
    """
    rising = keep.copy()
    rising[1:] &= np.diff(np.where(keep, sigma_b2, np.nan)) > 0
    best, best_length, start = None, 0, None
    for index, flag in enumerate(np.append(rising, False)):
        if flag and start is None:
            start = index - 1 if index > 0 and keep[index - 1] else index
        elif not flag and start is not None:
            if index - start > best_length:
                best, best_length = (start, index), index - start
            start = None
    out = np.zeros_like(keep)
    if best is not None:
        out[best[0]:best[1]] = True
    return out


def _line_points(moments: _Moments, chi: float, q: np.ndarray) -> tuple[np.ndarray, ...]:
    """σ_w², σ_b² and the stability of the fixed point q, for each q."""
    with np.errstate(divide="ignore", invalid="ignore"):
        slope, length = moments.slope(q), moments.length(q)
        sigma_w2 = chi / slope
        sigma_b2 = q - chi * length / slope
        stable = np.abs(sigma_w2 * moments.length_derivative(q)) <= 1.0 + CRITICAL_TOLERANCE
    return sigma_w2, sigma_b2, stable


def _line_q(moments: _Moments, chi: float, top: float) -> np.ndarray:
    """The q to draw the line at: a coarse scan over 1e-6..1e4, then 121 points over the part
    whose σ_b² is in [0, top] (sigmoid's line crosses it between q = 45 and 47)."""
    coarse = _DIAGRAM_Q
    with np.errstate(divide="ignore", invalid="ignore"):
        sigma_b2 = coarse - chi * moments.length(coarse) / moments.slope(coarse)
    below, above = ~(sigma_b2 >= 0), ~(sigma_b2 <= top)  # NaN counts as both
    # segments between coarse points that can reach into [0, top]
    crossing = np.flatnonzero(~(below[:-1] & below[1:]) & ~(above[:-1] & above[1:]))
    if crossing.size == 0:
        return coarse
    return np.geomspace(coarse[crossing[0]], coarse[crossing[-1] + 1], 121)


def _zero_end(f: BoundActivation, moments: _Moments, chi: float) -> float | None:
    """Where the line meets σ_b² = 0 at q* = 0, when it does (f(0) = 0, and q = 0 attracts:
    χ < 1, or χ = 1 with tanh's curvature, as :func:`critical_point` decides)."""
    local = _near_zero(f)
    if local is None or local.square_mean == 0 or chi > 1.0:
        return None
    if chi == 1.0:
        found = critical_point(f, 0.0, moments)
        return None if found is None or found[1] != 0.0 else found[0]
    return chi / local.square_mean
