"""Numerically stable building blocks shared by the activation families.

Everything here is float64 and free of overflow, 0/0 and inf − inf over the whole float64 range,
±inf included.  Four techniques recur, each where a plain formula loses digits:

1. **Stable library forms**: ``expm1``, ``log1p``, and σ(−|x|) rather than 1 − σ(|x|).
2. **Double-double arguments**: a value carried as ``hi + lo`` with ``lo`` the rounding error of
   ``hi`` (:func:`two_sum`, :func:`two_product`).  e^{y} turns an absolute error δ in y into a
   relative error δ in the result, and in the tails |y| is up to 745: rounding β·x or x² to
   float64 first would cost up to 745 ulp.  Carrying the rounding error keeps it below one.
3. **Scaled exponentials** (:func:`exp_times`): ``factor·e^y`` computed with e^y kept a normal
   number, so a result such as x·e^x at x = −740 keeps its digits even though e^x alone would
   be a subnormal with only a few significant bits.
4. **Polynomials near a zero of f' or f''** (:class:`RootSeries`): f'(x) = Φ(x) + xφ(x) and its
   kin are differences of nearly equal terms close to the zero; there a polynomial fitted with
   mpmath (``tools/derive_constants.py``) is used instead.  Fitted polynomials also replace
   scipy's erfcx in Φ's left tail (up to 6 ulp off by itself).

scipy is imported inside the functions so that importing the registry stays light.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from actviz.activations.registry import keep_nan, whole_array
from actviz.lazy import numpy as np

# --------------------------------------------------------------------------------------------
# Double-double arithmetic (Knuth's TwoSum, Dekker's TwoProduct with Veltkamp's split)
# --------------------------------------------------------------------------------------------

_SPLITTER = 134217729.0  # 2^27 + 1: splits a double into two 26-bit halves


def is_zero(low: np.ndarray | float) -> bool:
    """Whether a low part is the scalar 0 of an exact argument (then no correction is paid)."""
    return np.ndim(low) == 0 and low == 0.0


def two_sum(a: np.ndarray, b: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """(s, e) with s = fl(a + b) and s + e = a + b exactly (finite a, b)."""
    s = a + b
    b_virtual = s - a
    e = (a - (s - b_virtual)) + (b - b_virtual)
    return s, e


def _split(a: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    c = _SPLITTER * a
    high = c - (c - a)
    return high, a - high


def two_product(a: np.ndarray | float, b: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """(p, e) with p = fl(a·b) and p + e = a·b exactly.

    Valid while |a|, |b| < 1e300 and the product neither overflows nor underflows; callers
    clamp their arguments to the range where the correction matters (|x| ≲ 1e3).
    """
    p = np.multiply(a, b)
    a_high, a_low = _split(a)
    b_high, b_low = _split(b)
    e = ((a_high * b_high - p) + a_high * b_low + a_low * b_high) + a_low * b_low
    return p, e


def square(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(p, e) with p = fl(x²) and p + e = x² exactly: :func:`two_product` with one split, since
    both factors are x (12 operations instead of 15; same validity, |x| < 1e150)."""
    p = x * x
    high, low = _split(x)
    e = high * high
    e -= p
    e += 2.0 * (high * low)
    e += low * low
    return p, e


def dd_mul(
    a: np.ndarray | float, a_low: np.ndarray | float, b: np.ndarray | float, b_low: np.ndarray | float
) -> tuple[np.ndarray, np.ndarray]:
    """(a + a_low)·(b + b_low) as a double-double (to about 2^-104 relative)."""
    p, e = two_product(a, b)
    return p, e + (a * b_low + a_low * b)


def dd_add(a: np.ndarray | float, b: np.ndarray, b_low: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """a + (b + b_low) as a double-double."""
    s, e = two_sum(b, a)
    return s, e + b_low


def dd_sum(a: tuple[np.ndarray, np.ndarray],
           b: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The sum of two double-doubles (high, low), as a double-double."""
    high, low = two_sum(a[0], b[0])
    return high, low + (a[1] + b[1])


# --------------------------------------------------------------------------------------------
# Exponentials
# --------------------------------------------------------------------------------------------

# ln 2 split as in fdlibm: the high part has 32 trailing zero bits, so k·_LN2_HIGH is exact for
# every |k| < 2^20.
_LN2_HIGH = 6.93147180369123816490e-01
_LN2_LOW = 1.90821492927058770002e-10
# e^{-700} ≈ 9.9e-305 is still a normal number, with all 53 bits.
_NORMAL_EXPONENT_FLOOR = -700.0


def exp_times(factor: np.ndarray | float, y: np.ndarray, y_low: np.ndarray | float = 0.0,
              exp_y: np.ndarray | None = None) -> np.ndarray:
    """factor·e^{y + y_low} to about 2 ulp, for y ≤ 709 (``exp_y``: e^y, when the caller has it).

    Where e^y would be subnormal (y < −708) it is computed as e^{y + k·ln 2}·2^{−k} with k
    chosen so the exponential stays normal; the final scaling by 2^{−k} rounds once.  ``y_low``
    is the rounding error of ``y`` (see :func:`two_product`); |y_low| ≤ ulp(y).
    """
    if np.size(y) and np.min(y) >= _NORMAL_EXPONENT_FLOOR:
        # No subnormal e^y here (the usual case for a whole slice): k = 0, and the low part
        # is at most ulp(745) ≈ 1e-13, so e^{low} − 1 = low to 1e-26 relative.
        e = np.exp(y) if exp_y is None else exp_y
        return factor * e if is_zero(y_low) else factor * (e + e * y_low)
    # Beyond −1e4 every result is 0 even for factor = 1e308; the clamp keeps −inf out of the
    # double-double arithmetic (−inf − (−inf) would be NaN).
    y = np.maximum(y, -1e4)
    k = np.where(y < _NORMAL_EXPONENT_FLOOR, np.ceil((_NORMAL_EXPONENT_FLOOR - y) / _LN2_HIGH), 0.0)
    high, low = two_sum(y, k * _LN2_HIGH)
    low = low + (y_low + k * _LN2_LOW)
    e = np.exp(high)
    # expm1, not 1 + low: low reaches 3e-6 when k is large, and then low²/2 would matter.
    return np.ldexp(factor * (e + e * np.expm1(low)), -k.astype(np.int32))


def _inverse_factorials(count: int) -> tuple[tuple[float, float], ...]:
    """1/k! for k < count as double-doubles (exact rationals, split once at import)."""
    from fractions import Fraction

    pairs = []
    for k in range(count):
        exact = Fraction(1, math.factorial(k))
        high = float(exact)
        pairs.append((high, float(exact - Fraction(high))))
    return tuple(pairs)


# e^r = Σ r^k/k! to below 2^-106 relative for |r| ≤ ln 2/2 with these 25 terms.
_EXP_SERIES = _inverse_factorials(25)


def exp_dd(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """e^x as a double-double (to about 2^-100 relative), for |x| ≤ 700.

    Where e^x is itself an argument, rounding it costs: e^{−2e^x} turns the half-ulp error of
    a rounded e^x into a relative error of e^x·2^-53 (TanhExp's sech²(e^x) at x = 5 loses 150
    ulp).  x = k·ln 2 + r with |r| ≤ ln 2/2 (r exact, as in :func:`exp_times`), e^r by its
    Taylor series in double-double arithmetic, then scaled by 2^k.
    """
    k = np.round(x / _LN2_HIGH)
    r, r_low = two_sum(x, -k * _LN2_HIGH)
    r, r_low = two_sum(r, r_low - k * _LN2_LOW)
    high, low = _EXP_SERIES[-1]
    for c_high, c_low in reversed(_EXP_SERIES[:-1]):
        high, low = dd_mul(high, low, r, r_low)
        high, low = dd_add(c_high, high, low + c_low)
    exponent = np.where(np.isnan(k), 0.0, k).astype(np.int32)  # NaN in, NaN out (high is NaN)
    return np.ldexp(high, exponent), np.ldexp(low, exponent)


def in_place(kernel):
    """Let ``kernel`` reuse its temporaries (``out=``, masked assignment), which numpy scalars
    do not allow: scalar and 0-d arguments are evaluated as one-element arrays, and the result
    given back as a scalar, as numpy's own functions give it."""

    @functools.wraps(kernel)
    def run(*arguments, **parameters):
        if all(np.ndim(a) == 0 for a in arguments):
            return kernel(*(np.reshape(a, 1) for a in arguments), **parameters)[0]
        return kernel(*arguments, **parameters)

    return run


@in_place
def sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) = 1/(1 + e^{−x}), from r = σ(−|x|) = e/(1 + e), e = e^{−|x|} (which never
    overflows): r for x < 0, 1 − r for x ≥ 0.

    Written out rather than scipy's ``expit`` because expit returns 0 for x < −709, where σ is
    still a subnormal number (σ(−710) = 4.5e-309) — the tail that vanishing-gradient tables show.
    Why 1 − r and not 1/(1 + e) for x ≥ 0: 1 + e rounds first, so 1/(1 + e) is 1 − 2^-52 or 1
    for 36.04 < x < 37.43, where σ rounds correctly to 1 − 2^-53; r carries e to its last bit,
    and the one subtraction 1 − r then rounds correctly (tables must not print a value that is
    not its limit as the limit).
    """
    return sigmoid_times(1.0, x)


# Within these x, 1/(1 + e^{−x}) is within 1.7 ulp (1 − σ(x) > 4e-15, so the last ulp before
# 1 is not in question): four operations, as the textbook formula takes.  Beyond −33,
# e/(1 + e) is e^x rounded once, as exact as np.exp (σ(−40) to the last bit; the textbook
# form rounds 1 + e^{40} first and is an ulp off).
_PLAIN_SIGMOID = (-33.0, 33.0)


def within(x: np.ndarray, low: float, high: float, inside, outside, *arguments) -> np.ndarray:
    """``inside(*arguments)`` where low ≤ x ≤ high and ``outside(*arguments)`` elsewhere, each
    on its own elements (:func:`by_mask`); a slice wholly inside, told by two reductions, pays
    no mask.  The choice is made per element, so a value does not depend on its neighbours
    (sliced evaluation gives the bits of one call)."""
    if np.size(x) and x.min() >= low and x.max() <= high:
        return inside(*arguments)
    return by_mask((x >= low) & (x <= high), inside, outside, *arguments)


def _reciprocal_one_plus_exp_minus(factor: np.ndarray | float, x: np.ndarray) -> np.ndarray:
    """factor/(1 + e^{−x}), the textbook σ, in one temporary."""
    t = np.negative(x)
    np.exp(t, out=t)
    t += 1.0
    return np.divide(factor, t, out=t)


# Beyond this |x|, tanh(x) is taken as sign(x)·(1 − 2σ(−2|x|)): 1 − tanh < 2.6e-14 there, so
# np.tanh's 1-ulp errors are where they decide between ±1 and the last values before it.
_TANH_TAIL = 16.0


@in_place
def tanh(x: np.ndarray) -> np.ndarray:
    """tanh(x): np.tanh, except for |x| > 16, where sign(x)·(1 − 2e/(1 + e)) with e = e^{−2|x|}
    (2|x| exact) rounds correctly next to ±1.

    np.tanh returns ±1.0 for 18.99 < |x| < 19.06, where tanh rounds to ±(1 − 2^-53): a table
    would print a value that is not the limit as the limit.  A slice within ±16 (the usual
    case) pays two reductions for the check.
    """
    t = np.tanh(x)
    if exceeds(x, _TANH_TAIL):  # (NaN counts as beyond: the mask then skips it)
        far = np.abs(x) > _TANH_TAIL
        e = np.exp(-2.0 * np.minimum(np.abs(x[far]), 400.0))  # (2·1e308 would overflow)
        t[far] = np.copysign(1.0 - 2.0 * e / (1.0 + e), x[far])
    return t


@in_place
def sigmoid_times(factor: np.ndarray, x: np.ndarray) -> np.ndarray:
    """factor·σ(x): factor/(1 + e^{−x}) within :data:`_PLAIN_SIGMOID`, and beyond it factor·r
    for x < 0 and factor − factor·r for x ≥ 0, r = σ(−|x|) (see :func:`sigmoid`; factor·r ≤
    factor/2 there, so the subtraction loses nothing)."""
    return within(x, *_PLAIN_SIGMOID, _reciprocal_one_plus_exp_minus, _careful_sigmoid_times,
                  factor, x)


def _careful_sigmoid_times(factor: np.ndarray | float, x: np.ndarray) -> np.ndarray:
    p = np.abs(x)
    np.negative(p, out=p)
    np.exp(p, out=p)
    np.divide(p, 1.0 + p, out=p)
    p *= factor
    return np.subtract(factor, p, out=p, where=x >= 0)


def sigmoid_dd(high: np.ndarray, low: np.ndarray | float) -> np.ndarray:
    """σ(high + low) for a double-double argument: σ(h) + low·σ(h)σ(−h) (|low| ≤ ulp(h))."""
    if is_zero(low):  # an exact argument (u = x): no slope to pay for
        return sigmoid(high)
    return sigmoid(high) + low * sigmoid_slope(high)


def sigmoid_slope(x: np.ndarray) -> np.ndarray:
    """σ'(x) = σ(x)·σ(−x) = e/(1 + e)² with e = e^{−|x|}.

    Why not σ(1 − σ): 1 − σ(x) rounds to 0 for x > 37, so the tail (4.25e-18 at x = 40)
    would vanish; σ(−x) keeps it to the last bit.
    """
    return sigmoid_slope_times(1.0, x)


def _one_plus(e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """1 + e as an exact double-double for 0 ≤ e ≤ 1 (Dekker's Fast2Sum: 1 ≥ e, so three
    operations give the same pair as :func:`two_sum`'s six)."""
    d = 1.0 + e
    return d, e - (d - 1.0)


def _dd_square(d: np.ndarray, d_low: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(d + d_low)² as a double-double: TwoProduct with one split, since both factors are d."""
    p = d * d
    high, low = _split(d)
    e = ((high * high - p) + 2.0 * (high * low)) + low * low
    return p, e + 2.0 * (d * d_low)


def cubed_one_plus(e: np.ndarray) -> np.ndarray:
    """(1 + e)³ = 1 + e(3 + e(3 + e)) for 0 ≤ e ≤ 1, by Horner's rule.

    Expanded rather than cubing 1 + e: the rounding of 1 + e would be tripled (1.5 ulp), while
    each rounding inside the expansion is scaled by e ≤ 1 before the final 1 + … rounds once
    (at most 1.4 ulp, measured against mpmath, in 5 operations; the double-double
    :func:`cubed_one_plus_rounded_once` takes 30 for 0.5 ulp).
    """
    q = 3.0 + e
    q *= e
    q += 3.0
    q *= e
    q += 1.0
    return q


def cubed_one_plus_rounded_once(e: np.ndarray) -> np.ndarray:
    """(1 + e)³ for 0 ≤ e ≤ 1 from the exact sum 1 + e in double-double, rounded once: half
    the error of :func:`cubed_one_plus` for 30 operations, for kernels that are double-double
    anyway."""
    d, d_low = _one_plus(e)
    cube = dd_mul(*_dd_square(d, d_low), d, d_low)
    return cube[0] + cube[1]


def squared_one_plus_rounded_once(e: np.ndarray) -> np.ndarray:
    """(1 + e)² for 0 ≤ e ≤ 1, rounded once (see :func:`cubed_one_plus_rounded_once`)."""
    square = _dd_square(*_one_plus(e))
    return square[0] + square[1]


def squared_one_plus(e: np.ndarray) -> np.ndarray:
    """(1 + e)² = 1 + e(2 + e) for 0 ≤ e ≤ 1 (see :func:`cubed_one_plus` for why expanded)."""
    q = 2.0 + e
    q *= e
    q += 1.0
    return q


def magnitude(u: np.ndarray, u_low: np.ndarray | float) -> tuple[np.ndarray, np.ndarray | float]:
    """|u + u_low| as (|u|, its low part), for e^{−|u|} in the tails of σ' and σ''."""
    if is_zero(u_low):  # an exact argument stays a scalar 0
        return np.abs(u), 0.0
    return np.abs(u), u_low * np.copysign(1.0, u)  # sign(u)·u_low; copysign is cheaper than sign


def scaled_exp(factor: np.ndarray | float, a: np.ndarray, a_low: np.ndarray | float,
                e: np.ndarray) -> np.ndarray:
    """factor·e^{−(a + a_low)} given e = e^{−a}: :func:`exp_times` only where e^{−a} could be
    subnormal (a > 700), which a slice of ordinary values never pays for."""
    if np.size(a) and not np.max(a) <= -_NORMAL_EXPONENT_FLOOR:  # (NaN: the careful form)
        return exp_times(factor, -a, -a_low if not is_zero(a_low) else 0.0, e)
    if is_zero(a_low):
        return factor * e
    return factor * (e - e * a_low)


@in_place
def sigmoid_slope_times(
    factor: np.ndarray | float, u: np.ndarray, u_low: np.ndarray | float = 0.0
) -> np.ndarray:
    """factor·σ'(u + u_low) = factor·e/(1 + e)² with e = e^{−|u|}, to about 2 ulp.

    The numerator goes through :func:`exp_times` where e alone would be subnormal (so
    factor·e keeps its digits) and the denominator is :func:`squared_one_plus`.
    """
    a, a_low = magnitude(u, u_low)
    e = np.exp(-a)
    numerator = scaled_exp(factor, a, a_low, e)
    numerator /= squared_one_plus(e)
    return numerator


# Below this |u|, 1 − e^{−|u|} is taken from expm1: 1 − e would lose the digits of e there
# (1 − e ≈ |u|), while above it e < 0.61 and 1 − e is within an ulp.
_EXPM1_BELOW = 0.5


def _one_minus_exp(a: np.ndarray, e: np.ndarray) -> np.ndarray:
    """1 − e^{−a} for a ≥ 0 given e = e^{−a}: from e where that is accurate, from −expm1(−a)
    only on the elements below :data:`_EXPM1_BELOW`."""
    gap = 1.0 - e
    small = a < _EXPM1_BELOW
    if small.any():
        gap[small] = -np.expm1(-a[small])
    return gap


@in_place
def sigmoid_curvature_times(
    factor: np.ndarray | float, u: np.ndarray, u_low: np.ndarray | float = 0.0
) -> np.ndarray:
    """factor·σ''(u + u_low), σ'' = σ'·(σ(−u) − σ(u)) = −sign(u)·e(1 − e)/(1 + e)³, e = e^{−|u|}.

    1 − e is ``−expm1(−|u|)`` near u = 0 (no cancellation there, where σ''(u) ≈ −u/4), corrected
    for u_low by its slope e; the denominator is :func:`cubed_one_plus`.
    """
    a, a_low = magnitude(u, u_low)
    e = np.exp(-a)
    one_minus_e = _one_minus_exp(a, e)
    if not is_zero(a_low):
        one_minus_e += e * a_low
    np.copysign(one_minus_e, -u, out=one_minus_e)  # −sign(u)·(1 − e); 1 − e ≥ 0
    numerator = scaled_exp(np.multiply(factor, one_minus_e, out=one_minus_e), a, a_low, e)
    numerator /= cubed_one_plus(e)
    return numerator


@in_place
def log1p_exp_minus_abs(x: np.ndarray) -> np.ndarray:
    """log1p(e^{−|x|}), the part of softplus and log σ that never overflows (a new array)."""
    t = np.abs(x)
    np.negative(t, out=t)
    np.exp(t, out=t)
    return np.log1p(t, out=t)


@in_place
def log_sigmoid(x: np.ndarray) -> np.ndarray:
    """log σ(x) = −softplus(−x) = min(x, 0) − log1p(e^{−|x|}).

    Both terms have one sign, so nothing cancels, and log1p keeps the right tail
    (log σ(x) ≈ −e^{−x}) to the last bit; scipy's log_expit, which this replaces, is as
    accurate but several times slower than these vectorised operations.
    """
    return within(x, -_PLAIN_SOFTPLUS, np.inf, _minus_log1p_exp_minus, _careful_log_sigmoid, x)


def _minus_log1p_exp_minus(x: np.ndarray) -> np.ndarray:
    t = np.negative(x)
    return np.negative(_log1p_exp(t), out=t)


def _careful_log_sigmoid(x: np.ndarray) -> np.ndarray:
    t = log1p_exp_minus_abs(x)
    return np.subtract(np.minimum(x, 0.0), t, out=t)


@in_place
def softplus(x: np.ndarray) -> np.ndarray:
    """log(1 + e^x), written as max(x, 0) + log1p(e^{−|x|}).

    Exact in both tails and free of overflow (np.logaddexp(0, x) warns on +inf).
    """
    return within(x, -np.inf, _PLAIN_SOFTPLUS, lambda xs: _log1p_exp(np.array(xs, dtype=np.float64)),
                  _careful_softplus, x)


def _careful_softplus(x: np.ndarray) -> np.ndarray:
    t = log1p_exp_minus_abs(x)
    return np.add(np.maximum(x, 0.0), t, out=t)


# Up to this x, log1p(e^x) is the whole of softplus (e^x does not overflow, and log1p keeps
# the left tail, subnormal e^x included, to the last bit): two operations on such a slice.
_PLAIN_SOFTPLUS = 700.0


def _log1p_exp(t: np.ndarray) -> np.ndarray:
    """log1p(e^t), in place in ``t`` (a temporary of the caller's)."""
    np.exp(t, out=t)
    return np.log1p(t, out=t)


@in_place
def sech2(x: np.ndarray) -> np.ndarray:
    """sech²(x) = 4σ'(2x) = 4t/(1 + t)² with t = e^{−2|x|} (2|x| is exact).

    Why not 1 − tanh²: it rounds to 0 for |x| > 19 (tanh'(20) is 1.7e-17).  Why not 1/cosh²:
    cosh overflows for |x| > 710 while sech² is still a normal number up to |x| ≈ 354.  4t is
    scaled inside :func:`exp_times`: rounding t to a subnormal first and multiplying by 4
    would put the result up to two subnormal steps off near |x| = 372.
    """
    if not exceeds(x, SECH2_NORMAL):
        # No subnormal t in the slice (the usual case): 4t/(1 + t(2 + t)) in two temporaries.
        t = np.abs(x)
        t *= -2.0
        np.exp(t, out=t)
        denominator = squared_one_plus(t)
        t *= 4.0
        return np.divide(t, denominator, out=t)
    # |x| is capped at 1000, where sech² is already far below the smallest subnormal.
    return sigmoid_slope_times(4.0, 2.0 * np.minimum(np.abs(x), 1000.0))


# Within ±350, t = e^{−2|x|} ≥ e^{−700} is a normal number (see :func:`exp_times`); mish's
# f'' uses it for e^{−2x} too.
SECH2_NORMAL = -_NORMAL_EXPONENT_FLOOR / 2.0


def tanh_curvature(x: np.ndarray) -> np.ndarray:
    """tanh''(x) = −2·tanh(x)·sech²(x) = 8σ''(2x) (tanh(x) = 2σ(2x) − 1)."""
    return sigmoid_curvature_times(8.0, 2.0 * np.clip(x, -1000.0, 1000.0))


# --------------------------------------------------------------------------------------------
# The normal distribution
# --------------------------------------------------------------------------------------------

INV_SQRT_2PI = 0.3989422804014327  # 1/√(2π), correctly rounded
INV_SQRT_2 = 0.7071067811865476  # 1/√2, correctly rounded
# scipy's ndtr is within 3 ulp above this x; below it, its erfc loses digits to the rounding
# of x/√2 (78 ulp at x = −7.7), so the lower tail is computed from Φ(x)·e^{x²/2} instead.
_NDTR_ACCURATE_ABOVE = -0.7
# |x| beyond which φ(x) and Φ(−|x|) are 0 in float64 (φ(38.6) ≈ 1e-324): clamping keeps x²
# finite and the double-double product valid.
_NORMAL_CLAMP = 1e3


# Φ(x)·e^{x²/2} = ½·erfcx(−x/√2) for −5.7 ≤ x ≤ −0.7 by pieces: (centre, P) with the value
# P(x − centre) for |x − centre| ≤ 0.5, fitted with mpmath to 2^-62 (tools/derive_constants.py).
# scipy's erfcx is up to 6 ulp off there, which was GELU's worst error.
NORMAL_TAIL_HALF_WIDTH = 0.5
NORMAL_TAIL_PIECES = (
    (-1.2, (
        0.23640295204131748, 0.11525873795185171, 0.04904623324954772,
        0.018801086017464816, 0.006621232507147531, 0.0021711214017775754,
        0.000669314470833871, 0.00019542057668173063, 5.435122239044841e-05,
        1.4466567769716994e-05, 3.6991336618575233e-06, 9.116005344977188e-07,
        2.1710410577772622e-07, 5.008361195620607e-08, 1.1202600306191281e-08,
        2.4393917853421556e-09, 5.427203236278361e-10, 1.120029397608322e-10,
    )),
    (-2.2, (
        0.1563562147286492, 0.05495860799840445, 0.01772363856607969,
        0.005322201051009712, 0.001503699063464583, 0.00040281262227737335,
        0.00010291854907564374, 2.5198830619684658e-05, 5.935140215783265e-06,
        1.3490579649669856e-06, 2.96721248872129e-07, 6.329777036540676e-08,
        1.3122319788434588e-08, 2.646691495043397e-09, 5.208390175341265e-10,
        1.0386894242138015e-10, 1.9478054845105556e-11,
    )),
    (-3.2, (
        0.11498248082183177, 0.030998341771571014, 0.007893893576402257,
        0.0019126274423612647, 0.000443371440211532, 9.876776673685619e-05,
        2.1219097776246377e-05, 4.409521979382766e-06, 8.885784200953411e-07,
        1.7400788750618228e-07, 3.317540492958031e-08, 6.167911433508603e-09,
        1.1194296604719682e-09, 1.9873460416639843e-10, 3.5546262510793466e-11,
        6.046745130457313e-12,
    )),
    (-4.2, (
        0.09032756096207972, 0.019566524360697824, 0.004074079323574426,
        0.0008184637338950738, 0.00015913291030377432, 3.002110212401757e-05,
        5.507380230630374e-06, 9.843007331803363e-07, 1.7166464168649682e-07,
        2.9256614299406418e-08, 4.878704513335471e-09, 7.967449979063046e-10,
        1.2761367491391557e-10, 2.0510152404587782e-11, 3.1644958212518194e-12,
    )),
    (-5.2, (
        0.0741504336788458, 0.013360025271434487, 0.002339151133693235,
        0.0003988131254098859, 6.633072039052525e-05, 1.0778675875911062e-05,
        1.7136009709938124e-06, 2.6685011666858844e-07, 4.0747564259835074e-08,
        6.106989180302356e-09, 8.990121974269895e-10, 1.3012647418450694e-10,
        1.8849193869511407e-11, 2.6411204508654884e-12,
    )),
)

# Below −5.7: M(s) = √(2π)·|x|·Φ(x)·e^{x²/2} (|x| times Mills' ratio) at s = 1/x², fitted the
# same way on 0 ≤ s ≤ 1/5.7² (M → 1 as x → −∞).
NORMAL_FAR_TAIL = -5.7
MILLS_SERIES = (
    1.0, -0.9999999999999993, 2.9999999999978857,
    -14.999999997355884, 104.99999824827407, -944.9992906566017,
    10394.80887784814, -135098.7922645771, 2022014.5572729046,
    -33938769.19603779, 613217275.4928313, -11161014284.311226,
    187356199859.8805, -2630110481573.8213, 27729338096120.84,
    -189826709908424.25, 622595340250381.5,
)


def scaled_normal_cdf(x: np.ndarray) -> np.ndarray:
    """Φ(x)·e^{x²/2} = ½·erfcx(−x/√2) for x ≤ −0.7, from the fitted pieces and, below −5.7,
    M(1/x²)/(√(2π)·|x|).  Callers pass min(x, −0.7) (the form is meant for the left tail)."""
    x = np.asarray(x, dtype=np.float64)
    if not x.size:
        return np.empty(x.shape)
    # Each form only where some element needs it (a slice usually lies within one piece, and
    # then pays neither a mask nor the others' polynomials).
    lowest, highest = x.min(), x.max()
    result = np.empty(x.shape)
    if not lowest >= NORMAL_FAR_TAIL:  # (NaN compares false: it takes the Mills form)
        far = Ellipsis if highest < NORMAL_FAR_TAIL else ~(x >= NORMAL_FAR_TAIL)
        result[far] = _mills_form(x[far])
    for centre, coefficients in NORMAL_TAIL_PIECES:
        start, end = centre - NORMAL_TAIL_HALF_WIDTH, centre + NORMAL_TAIL_HALF_WIDTH
        if highest < start or lowest > end:
            continue
        if start < lowest and highest < end:  # (strictly: an edge goes to the later piece)
            return horner(coefficients, x - centre)
        h = x - centre
        inside = np.abs(h) <= NORMAL_TAIL_HALF_WIDTH  # a later piece wins on a shared edge
        result[inside] = horner(coefficients, h[inside])
    return result


def _mills_form(x: np.ndarray) -> np.ndarray:
    """M(1/x²)/(√(2π)·|x|) = Φ(x)·e^{x²/2} for x ≤ −5.7 (:data:`MILLS_SERIES`)."""
    return horner(MILLS_SERIES, 1.0 / (x * x)) * INV_SQRT_2PI / -x


def half_square(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x²/2 as a double-double (exact), for e^{−x²/2} without the rounding of x²."""
    high, low = square(x)
    high *= 0.5
    low *= 0.5
    return high, low


def scaled_square_plus(x: np.ndarray, scale: float, constant: float) -> tuple[np.ndarray, np.ndarray]:
    """scale·x² + constant as a double-double (to about 2^-104 relative), for |x| ≤ 1e150 and
    0 < scale, constant ≤ 1e6: the x² inside √(x² + b) and (1 + αx²)^{-1/2} without rounding."""
    square, square_low = two_product(x, x)
    scaled, scaled_low = dd_mul(scale, 0.0, square, square_low)
    return dd_add(constant, scaled, scaled_low)


def sqrt_dd(q: np.ndarray, q_low: np.ndarray) -> np.ndarray:
    """√(q + q_low) for a double-double q > 0: √q + q_low/(2√q)."""
    root = np.sqrt(q)
    return root + q_low / (2.0 * root)


def normal_pdf_times(factor: np.ndarray | float, x: np.ndarray) -> np.ndarray:
    """factor·φ(x) = factor·e^{−x²/2}/√(2π), accurate out to the last subnormal."""
    return normal_pdf_of_square(factor, *square(np.clip(x, -_NORMAL_CLAMP, _NORMAL_CLAMP)))


def normal_pdf_of_square(factor: np.ndarray | float, x_square: np.ndarray,
                         x_square_low: np.ndarray | float) -> np.ndarray:
    """factor·e^{−q/2}/√(2π) for q = x_square + x_square_low, the exact x² of |x| ≤ 1e3 (from
    :func:`square`, which a caller may need for more than the exponential)."""
    return exp_times(INV_SQRT_2PI * factor, -0.5 * x_square, -0.5 * x_square_low)


def normal_cdf_times(factor: np.ndarray | float, x: np.ndarray) -> np.ndarray:
    """factor·Φ(x), the standard normal CDF, accurate in the lower tail.

    For x < −0.7: Φ(x) = (Φ(x)·e^{x²/2})·e^{−x²/2} (:func:`scaled_normal_cdf`), with the
    exponential from the exact x²/2.
    """
    from scipy.special import ndtr

    def tail(scale: np.ndarray, left: np.ndarray) -> np.ndarray:
        high, low = half_square(left)
        return exp_times(scale * scaled_normal_cdf(left), -high, -low)

    xc = np.clip(x, -_NORMAL_CLAMP, _NORMAL_CLAMP)
    return by_mask(xc < _NDTR_ACCURATE_ABOVE, tail, lambda scale, right: scale * ndtr(right),
                   factor, xc)


def clamp(x: np.ndarray, bound: float) -> np.ndarray:
    """np.clip(x, −bound, bound), or ``x`` itself (not a copy: callers do not write into it)
    when a slice already lies within, which :func:`exceeds` tells more cheaply than clipping."""
    return np.clip(x, -bound, bound) if exceeds(x, bound) else x


def split_at(values: np.ndarray, threshold: float, below, at_or_above, *arguments) -> np.ndarray:
    """:func:`by_mask` with the mask ``values < threshold``: a slice on one side of the
    threshold (told by two reductions) pays no mask at all."""
    if np.size(values):
        if values.max() < threshold:
            return below(*arguments)
        if values.min() >= threshold:
            return at_or_above(*arguments)
    return by_mask(values < threshold, below, at_or_above, *arguments)


def by_mask(mask: np.ndarray, when_true, when_false, *arguments) -> np.ndarray:
    """``when_true(*arguments)`` where ``mask`` holds and ``when_false(*arguments)`` elsewhere,
    each form computed only on its own elements (``np.where`` would compute both forms over
    the whole array).  Array arguments are broadcast to ``mask``'s shape before gathering;
    scalars are passed as they are, so a form sees an exact argument's scalar 0 low part (and
    skips its correction) whether or not the slice is mixed: the values do not depend on
    the neighbours."""
    if mask.all():  # a slice on one side: no gathering or scattering
        return when_true(*arguments)
    if not mask.any():
        return when_false(*arguments)
    arguments = [a if np.ndim(a) == 0 else np.broadcast_to(a, mask.shape) for a in arguments]
    out = np.empty(mask.shape)
    for select, form in ((mask, when_true), (~mask, when_false)):
        if select.any():
            out[select] = form(*(a if np.ndim(a) == 0 else a[select] for a in arguments))
    return out


def exceeds(x: np.ndarray, limit: float) -> bool:
    """Whether some |x| > ``limit`` may be there, from two reductions (no mask, no
    temporary): a slice within ±limit, the usual case, then computes only the form for
    moderate x.  A NaN hides the other values from the reductions, so it counts as beyond:
    input with NaN takes the general form.  The methods, not np.max/np.min: on a slice of
    8,192 values those functions' Python dispatch costs as much as the reduction itself."""
    return x.size > 0 and not (x.max() <= limit and x.min() >= -limit)


# --------------------------------------------------------------------------------------------
# Polynomials
# --------------------------------------------------------------------------------------------


def horner(coefficients: tuple[float, ...], t: np.ndarray) -> np.ndarray:
    """Σ c_k t^k, lowest order first, by Horner's rule (in place: one array, not two per term)."""
    result = np.full(np.shape(t), coefficients[-1])
    for c in reversed(coefficients[:-1]):
        result *= t
        result += c
    return result[()] if result.ndim == 0 else result


@dataclass(frozen=True)
class RootSeries:
    """f' near a simple zero x₀ of f': f'(x₀ + h) = h·P(h) for |h| ≤ ``radius``.

    The closed forms of f' there are differences of nearly equal terms (Φ(x) + xφ(x) at
    x ≈ −0.75), so each rounding in them becomes a large relative error as f' → 0.  P is a
    polynomial fitted with mpmath (Chebyshev, ``tools/derive_constants.py``) to better than
    1e-18 relative; x₀ is a double-double, so h = x − x₀ is exact to one rounding.
    """

    root_high: float
    root_low: float
    radius: float
    coefficients: tuple[float, ...]  # P's, lowest order first

    def offset(self, x: np.ndarray, x_low: np.ndarray | float = 0.0) -> np.ndarray:
        """h = (x + x_low) − x₀, rounded once."""
        high, low = two_sum(x, -self.root_high)
        return high + ((low + x_low) - self.root_low)

    def spots(self) -> tuple[float, float, float]:
        """The zero and the edges where the series hands over to the closed form (the accuracy
        sample scans densely around them)."""
        return (self.root_high - self.radius, self.root_high, self.root_high + self.radius)

    def near(self, h: np.ndarray) -> np.ndarray:
        return np.abs(h) <= self.radius

    def evaluate(self, h: np.ndarray) -> np.ndarray:
        """h·P(h); only meaningful where :meth:`near` holds."""
        hc = np.clip(h, -self.radius, self.radius)
        return hc * horner(self.coefficients, hc)

    def patch(
        self, x: np.ndarray, elsewhere: np.ndarray, x_low: np.ndarray | float = 0.0,
        factor: float = 1.0,
    ) -> np.ndarray:
        """The series (times ``factor``) within ``radius`` of the zero, ``elsewhere`` (the
        closed form) beyond.  ``elsewhere`` is overwritten there when it is a float64 array of
        ``x``'s shape: callers pass the closed form they have just computed."""
        x = np.asarray(x)
        # The reductions and the mask compare x with the same two edges: |x − x₀| ≤ radius
        # rounds x − x₀ and let an x just beyond an edge take the series in a mixed slice but
        # the closed form in a slice away from the zero (serf' at 0.10694003107181206).
        lowest, highest = self.root_high - self.radius, self.root_high + self.radius
        if not x.size or x.min() > highest or x.max() < lowest:
            # A slice away from the zero (the usual case): two reductions.  (NaN compares
            # false, so a slice holding one goes on to the mask.)
            return elsewhere
        near = (x >= lowest) & (x <= highest)
        if not near.any():
            return elsewhere
        if (isinstance(elsewhere, np.ndarray) and elsewhere.shape == near.shape
                and elsewhere.dtype == np.float64 and elsewhere.flags.writeable):
            result = elsewhere
        else:
            result = np.array(np.broadcast_to(elsewhere, near.shape), dtype=np.float64)
        # The exact offset and the polynomial only on the few elements near the zero.
        low = x_low if np.ndim(x_low) == 0 else np.broadcast_to(x_low, near.shape)[near]
        result[near] = factor * self.evaluate(self.offset(x[near], low))
        return result


# --------------------------------------------------------------------------------------------
# Piecewise-linear units
# --------------------------------------------------------------------------------------------


@whole_array
def zero_curvature(x: np.ndarray, **_parameters: float) -> np.ndarray:
    """f'' = 0 of a piecewise-linear unit, at its kinks too: there f' takes the value of one
    linear piece (the entry's ``at_breakpoints``), and that piece's f'' is 0.  NaN at NaN."""
    return keep_nan(x, np.zeros(x.shape))


def exact_zero(mp, x, **_parameters: float):
    """The mpmath reference of :func:`zero_curvature`."""
    return mp.zero
