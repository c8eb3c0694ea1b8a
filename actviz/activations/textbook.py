"""Textbook forms of f and f', as frameworks and course notes write them with NumPy ufuncs.

Each function computes in the dtype of its argument (float32, float16, bfloat16, float8): every
operation rounds to it, as a low-precision network's kernels do.  They are the declarations'
``naive_function`` and ``naive_derivative``, which ``actviz precision`` compares with the exact
values rounded once.  Unlike the float64 forms of the families (``numerics.py``) they take no
care: s·(1 − s) cancels to 0 once s rounds to 1, 1 − tanh² likewise, e^x overflows.  That loss
is what they are here to show.  Python-float constants take the array's dtype (NumPy's weak
scalars), so a constant such as SELU's λ is rounded to the dtype, as in a framework.

Overflow and invalid operations are expected here; callers evaluate under
``np.errstate(all="ignore")``.
"""

from __future__ import annotations

import math
from typing import Callable

from actviz.lazy import numpy as np

SQRT_HALF = 1.0 / math.sqrt(2.0)
INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
GELU_TANH_K = 0.044715


def _zero_one(condition: np.ndarray, like: np.ndarray) -> np.ndarray:
    """1 where ``condition`` holds, else 0, in the dtype of ``like``."""
    return condition.astype(like.dtype)


def in_dtype_of(u, scipy_function: Callable) -> np.ndarray:
    """A SciPy function at ``u`` in u's dtype: float64 and float32 natively; the others
    (float16, bfloat16, float8) through float32, rounded back, as frameworks compute them."""
    dtype = np.result_type(u)
    if dtype in (np.float64, np.float32):
        return scipy_function(u)
    return scipy_function(np.asarray(u, dtype=np.float32)).astype(dtype)


def erf(x: np.ndarray) -> np.ndarray:
    """erf in the dtype of ``x`` (NumPy has none: SciPy's, see :func:`in_dtype_of`)."""
    from scipy.special import erf as scipy_erf

    return in_dtype_of(x, scipy_erf)


# -- sigmoidal -------------------------------------------------------------------------------


def sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) = 1/(1 + e^{−x})."""
    return 1.0 / (1.0 + np.exp(-x))


def sigmoid_slope(x: np.ndarray) -> np.ndarray:
    """σ' = s·(1 − s): 0 as soon as s rounds to 1."""
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x: np.ndarray) -> np.ndarray:
    return np.tanh(x)


def tanh_slope(x: np.ndarray) -> np.ndarray:
    """tanh' = 1 − tanh²: 0 as soon as tanh rounds to ±1."""
    t = np.tanh(x)
    return 1.0 - t * t


def softsign(x: np.ndarray) -> np.ndarray:
    return x / (1.0 + np.abs(x))


def softsign_slope(x: np.ndarray) -> np.ndarray:
    """1/(1 + |x|)², the square taken first (it overflows first)."""
    d = 1.0 + np.abs(x)
    return 1.0 / (d * d)


def logsigmoid(x: np.ndarray) -> np.ndarray:
    """log σ(x) = −log(1 + e^{−x})."""
    return -np.log(1.0 + np.exp(-x))


def logsigmoid_slope(x: np.ndarray) -> np.ndarray:
    """1 − σ(x)."""
    return 1.0 - sigmoid(x)


def arctan(x: np.ndarray) -> np.ndarray:
    return np.arctan(x)


def arctan_slope(x: np.ndarray) -> np.ndarray:
    """1/(1 + x²): x² overflows first."""
    return 1.0 / (1.0 + x * x)


# -- smooth ----------------------------------------------------------------------------------


def gelu(x: np.ndarray) -> np.ndarray:
    """x·Φ(x) = ½x(1 + erf(x/√2))."""
    return 0.5 * x * (1.0 + erf(x * SQRT_HALF))


def gelu_slope(x: np.ndarray) -> np.ndarray:
    """Φ(x) + x·φ(x), φ(x) = e^{−x²/2}/√(2π)."""
    return 0.5 * (1.0 + erf(x * SQRT_HALF)) + x * (np.exp(-0.5 * x * x) * INV_SQRT_2PI)


def _gelu_tanh_u(x: np.ndarray) -> np.ndarray:
    """u = √(2/π)(x + 0.044715x³): x³ overflows float16 from |x| ≈ 40."""
    return SQRT_2_OVER_PI * (x + GELU_TANH_K * (x * x * x))


def gelu_tanh(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + np.tanh(_gelu_tanh_u(x)))


def gelu_tanh_slope(x: np.ndarray) -> np.ndarray:
    """½(1 + t) + ½x(1 − t²)·u', t = tanh u: inf·0 = NaN where x³ overflowed."""
    t = np.tanh(_gelu_tanh_u(x))
    du = SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_TANH_K * (x * x))
    return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du


def swish(x: np.ndarray, beta: float = 1.0) -> np.ndarray:
    return x * sigmoid(beta * x)


def swish_slope(x: np.ndarray, beta: float = 1.0) -> np.ndarray:
    """The product rule: s + βx·s(1 − s), s = σ(βx)."""
    s = sigmoid(beta * x)
    return s + beta * x * (s * (1.0 - s))


def softplus(x: np.ndarray, beta: float = 1.0) -> np.ndarray:
    """log(1 + e^{βx})/β: e^{βx} overflows (float32 from βx ≈ 88.7, float16 from 11.1)."""
    return np.log1p(np.exp(beta * x)) / beta


def softplus_slope(x: np.ndarray, beta: float = 1.0) -> np.ndarray:
    return sigmoid(beta * x)


def squareplus(x: np.ndarray, b: float = 4.0) -> np.ndarray:
    """(x + √(x² + b))/2: x² overflows (float32 from |x| ≈ 1.8e19), and for x ≪ 0 the sum
    cancels."""
    return 0.5 * (x + np.sqrt(x * x + b))


def squareplus_slope(x: np.ndarray, b: float = 4.0) -> np.ndarray:
    return 0.5 * (1.0 + x / np.sqrt(x * x + b))


def bent_identity(x: np.ndarray) -> np.ndarray:
    """(√(x² + 1) − 1)/2 + x: √(x² + 1) − 1 cancels near 0."""
    return 0.5 * (np.sqrt(x * x + 1.0) - 1.0) + x


def bent_identity_slope(x: np.ndarray) -> np.ndarray:
    return x / (2.0 * np.sqrt(x * x + 1.0)) + 1.0


def isru(x: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """x/√(1 + αx²): αx² overflows, so the quotient is 0 from |x| ≈ 1.8e19 in float32."""
    return x / np.sqrt(1.0 + alpha * x * x)


def isru_slope(x: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """(1/√(1 + αx²))³."""
    r = 1.0 / np.sqrt(1.0 + alpha * x * x)
    return r * r * r


def mish(x: np.ndarray) -> np.ndarray:
    """x·tanh(softplus(x))."""
    return x * np.tanh(softplus(x))


def mish_slope(x: np.ndarray) -> np.ndarray:
    """tanh(s) + x·(1 − tanh² s)·σ(x), s = softplus(x)."""
    t = np.tanh(softplus(x))
    return t + x * (1.0 - t * t) * sigmoid(x)


# -- rectifiers and radial -------------------------------------------------------------------


def relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)


def relu_slope(x: np.ndarray) -> np.ndarray:
    return _zero_one(x > 0, x)


def leaky(x: np.ndarray, slope: float) -> np.ndarray:
    """x for x > 0, slope·x otherwise."""
    return np.where(x > 0, x, slope * x)


def leaky_slope(x: np.ndarray, slope: float) -> np.ndarray:
    return np.where(x > 0, _zero_one(x > 0, x), slope * _zero_one(x <= 0, x))


def elu(x: np.ndarray, alpha: float = 1.0, scale: float = 1.0) -> np.ndarray:
    """scale·(x for x > 0, α(e^x − 1) otherwise): the textbook e^x − 1, not expm1."""
    return scale * np.where(x > 0, x, alpha * (np.exp(x) - 1.0))


def elu_slope(x: np.ndarray, alpha: float = 1.0, scale: float = 1.0) -> np.ndarray:
    return scale * np.where(x > 0, _zero_one(x > 0, x), alpha * np.exp(x))


def celu(x: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    return np.where(x > 0, x, alpha * (np.exp(x / alpha) - 1.0))


def celu_slope(x: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    return np.where(x > 0, _zero_one(x > 0, x), np.exp(x / alpha))


def gaussian(x: np.ndarray) -> np.ndarray:
    return np.exp(-(x * x))


def gaussian_slope(x: np.ndarray) -> np.ndarray:
    """−2x·e^{−x²}."""
    return -2.0 * x * np.exp(-(x * x))


def tanhshrink(x: np.ndarray) -> np.ndarray:
    """x − tanh(x): cancels near 0, where it is x³/3."""
    return x - np.tanh(x)


def tanhshrink_slope(x: np.ndarray) -> np.ndarray:
    t = np.tanh(x)
    return t * t
