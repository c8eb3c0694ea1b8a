"""Numerically stable building blocks shared by the activation families.

Everything here is float64 and free of overflow, 0/0 and inf − inf over the whole float64 range,
±inf included.  Four techniques recur, each where a plain formula loses digits:

1. **Stable library forms**: ``expm1``, ``log1p``, ``scipy.special.erfcx``, ``log_expit``.
2. **Double-double arguments**: a value carried as ``hi + lo`` with ``lo`` the rounding error of
   ``hi`` (:func:`two_sum`, :func:`two_product`).  e^{y} turns an absolute error δ in y into a
   relative error δ in the result, and in the tails |y| is up to 745: rounding β·x or x² to
   float64 first would cost up to 745 ulp.  Carrying the rounding error keeps it below one.
3. **Scaled exponentials** (:func:`exp_times`): ``factor·e^y`` computed with e^y kept a normal
   number, so a result such as x·e^x at x = −740 keeps its digits even though e^x alone would
   be a subnormal with only a few significant bits.
4. **Polynomials near a zero of f'** (:class:`RootSeries`): f'(x) = Φ(x) + xφ(x) and its kin are
   differences of nearly equal terms close to the zero; there a polynomial fitted with mpmath
   (``tools/derive_constants.py``) is used instead.

scipy is imported inside the functions so that importing the registry stays light.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from actviz.lazy import numpy as np

# --------------------------------------------------------------------------------------------
# Double-double arithmetic (Knuth's TwoSum, Dekker's TwoProduct with Veltkamp's split)
# --------------------------------------------------------------------------------------------

_SPLITTER = 134217729.0  # 2^27 + 1: splits a double into two 26-bit halves


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


# --------------------------------------------------------------------------------------------
# Exponentials
# --------------------------------------------------------------------------------------------

# ln 2 split as in fdlibm: the high part has 32 trailing zero bits, so k·_LN2_HIGH is exact for
# every |k| < 2^20.
_LN2_HIGH = 6.93147180369123816490e-01
_LN2_LOW = 1.90821492927058770002e-10
# e^{-700} ≈ 9.9e-305 is still a normal number, with all 53 bits.
_NORMAL_EXPONENT_FLOOR = -700.0


def exp_times(factor: np.ndarray | float, y: np.ndarray, y_low: np.ndarray | float = 0.0) -> np.ndarray:
    """factor·e^{y + y_low} to about 2 ulp, for y ≤ 709.

    Where e^y would be subnormal (y < −708) it is computed as e^{y + k·ln 2}·2^{−k} with k
    chosen so the exponential stays normal; the final scaling by 2^{−k} rounds once.  ``y_low``
    is the rounding error of ``y`` (see :func:`two_product`); |y_low| ≤ ulp(y).
    """
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
    exponent = k.astype(np.int32)
    return np.ldexp(high, exponent), np.ldexp(low, exponent)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) = 1/(1 + e^{−x}), from e = e^{−|x|} (which never overflows): 1/(1+e) or e/(1+e).

    Written out rather than scipy's ``expit`` because expit returns 0 for x < −709, where σ is
    still a subnormal number (σ(−710) = 4.5e-309) — the tail that vanishing-gradient tables show.
    """
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_dd(high: np.ndarray, low: np.ndarray | float) -> np.ndarray:
    """σ(high + low) for a double-double argument: σ(h) + low·σ(h)σ(−h) (|low| ≤ ulp(h))."""
    return sigmoid(high) + low * sigmoid_slope(high)


def sigmoid_slope(x: np.ndarray) -> np.ndarray:
    """σ'(x) = σ(x)·σ(−x) = e/(1 + e)² with e = e^{−|x|}.

    Why not σ(1 − σ): 1 − σ(x) rounds to 0 for x > 37, so the tail (4.25e-18 at x = 40)
    would vanish; σ(−x) keeps it to the last bit.
    """
    e = np.exp(-np.abs(x))
    return (e / (1.0 + e)) * (1.0 / (1.0 + e))


def log_sigmoid(x: np.ndarray) -> np.ndarray:
    """log σ(x) = −log(1 + e^{−x}), via scipy's log_expit (accurate in both tails)."""
    from scipy.special import log_expit

    return log_expit(x)


def softplus(x: np.ndarray) -> np.ndarray:
    """log(1 + e^x), written as max(x, 0) + log1p(e^{−|x|}).

    Exact in both tails and free of overflow (np.logaddexp(0, x) warns on +inf).
    """
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def sech2(x: np.ndarray) -> np.ndarray:
    """sech²(x) = 4t/(1 + t)² with t = e^{−2|x|} (2|x| is exact, so t is within an ulp).

    Why not 1 − tanh²: it rounds to 0 for |x| > 19 (tanh'(20) is 1.7e-17).  Why not 1/cosh²:
    cosh overflows for |x| > 710 while sech² is still a normal number up to |x| ≈ 354.  When
    t is subnormal, 4t is at most two subnormal steps off, i.e. within 2 ulp of the result.
    """
    # |x| is capped at 1000, where sech² is already far below the smallest subnormal.
    t = np.exp(-2.0 * np.minimum(np.abs(x), 1000.0))
    return 4.0 * t / ((1.0 + t) * (1.0 + t))


# --------------------------------------------------------------------------------------------
# The normal distribution
# --------------------------------------------------------------------------------------------

INV_SQRT_2PI = 0.3989422804014327  # 1/√(2π), correctly rounded
INV_SQRT_2 = 0.7071067811865476  # 1/√2, correctly rounded
# scipy's ndtr is within 3 ulp above this x; below it, its erfc loses digits to the rounding
# of x/√2 (78 ulp at x = −7.7), so the lower tail is computed from erfcx instead.
_NDTR_ACCURATE_ABOVE = -0.7
# |x| beyond which φ(x) and Φ(−|x|) are 0 in float64 (φ(38.6) ≈ 1e-324): clamping keeps x²
# finite and the double-double product valid.
_NORMAL_CLAMP = 1e3


def half_square(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x²/2 as a double-double (exact), for e^{−x²/2} without the rounding of x²."""
    high, low = two_product(x, x)
    return 0.5 * high, 0.5 * low


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


def reciprocal_dd(q: np.ndarray, q_low: np.ndarray, power: float = 1.0) -> np.ndarray:
    """(q + q_low)^(−power) for a double-double q ≥ 1 and power 1 or ½: the rounded power of q
    times 1 − power·q_low/q."""
    base = 1.0 / q if power == 1.0 else 1.0 / np.sqrt(q)
    return base - base * (power * q_low / q)


def normal_pdf_times(factor: np.ndarray | float, x: np.ndarray) -> np.ndarray:
    """factor·φ(x) = factor·e^{−x²/2}/√(2π), accurate out to the last subnormal."""
    xc = np.clip(x, -_NORMAL_CLAMP, _NORMAL_CLAMP)
    high, low = half_square(xc)
    return exp_times(INV_SQRT_2PI * factor, -high, -low)


def normal_cdf_times(factor: np.ndarray | float, x: np.ndarray) -> np.ndarray:
    """factor·Φ(x), the standard normal CDF, accurate in the lower tail.

    For x < −0.7: Φ(x) = ½·erfcx(−x/√2)·e^{−x²/2}, with the exponential from the exact x²/2
    (erfcx is smooth, so the rounding of −x/√2 costs nothing).
    """
    from scipy.special import erfcx, ndtr

    xc = np.clip(x, -_NORMAL_CLAMP, _NORMAL_CLAMP)
    left = np.minimum(xc, _NDTR_ACCURATE_ABOVE)  # erfcx(−x/√2) overflows for large x
    high, low = half_square(left)
    tail = exp_times(0.5 * factor * erfcx(-left * INV_SQRT_2), -high, -low)
    return np.where(xc < _NDTR_ACCURATE_ABOVE, tail, factor * ndtr(xc))


# --------------------------------------------------------------------------------------------
# Polynomials
# --------------------------------------------------------------------------------------------


def horner(coefficients: tuple[float, ...], t: np.ndarray) -> np.ndarray:
    """Σ c_k t^k, lowest order first, by Horner's rule."""
    result = np.zeros_like(t)
    for c in reversed(coefficients):
        result = result * t + c
    return result


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

    def near(self, h: np.ndarray) -> np.ndarray:
        return np.abs(h) <= self.radius

    def evaluate(self, h: np.ndarray) -> np.ndarray:
        """h·P(h); only meaningful where :meth:`near` holds."""
        hc = np.clip(h, -self.radius, self.radius)
        return hc * horner(self.coefficients, hc)

    def patch(
        self, x: np.ndarray, elsewhere: np.ndarray, x_low: np.ndarray | float = 0.0
    ) -> np.ndarray:
        """The series within ``radius`` of the zero, ``elsewhere`` (the closed form) beyond."""
        h = self.offset(x, x_low)
        return np.where(self.near(h), self.evaluate(h), elsewhere)
