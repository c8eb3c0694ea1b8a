"""Shrinkage units: SoftShrink, HardShrink (thresholding, as in sparse coding) and TanhShrink."""

from __future__ import annotations

import numpy as np

from actviz.activations import numerics as nx
from actviz.activations.registry import INF, Activation, Interval, Parameter, Properties, register

_ZERO_AT_THRESHOLDS = "f'(±λ) = 0, as PyTorch autograd does"


def _outside(x: np.ndarray, lambd: float) -> np.ndarray:
    return (x > lambd) | (x < -lambd)


def _lambda_parameter() -> Parameter:
    return Parameter("lambd", 0.5, "threshold λ below which |x| is set to 0 (λ = 0 would be the "
                     "identity)", low=0.0, low_open=True, symbol="λ")


def softshrink_fwd(x: np.ndarray, lambd: float) -> np.ndarray:
    return np.where(x > lambd, x - lambd, np.where(x < -lambd, x + lambd, 0.0))


def softshrink_bwd(x: np.ndarray, lambd: float) -> np.ndarray:
    return np.where(_outside(x, lambd), 1.0, 0.0)


register(
    Activation(
        name="softshrink",
        title="SoftShrink",
        family="shrink",
        formula=r"f(x) = x - \lambda\ (x > \lambda),\ x + \lambda\ (x < -\lambda),\ 0\ "
        r"\mathrm{otherwise}",
        derivative_formula=r"f'(x) = 1\ (|x| > \lambda),\ 0\ \mathrm{otherwise}",
        function=softshrink_fwd,
        derivative=softshrink_bwd,
        exact=(
            lambda mp, x, lambd: x - lambd if x > lambd else (x + lambd if x < -lambd else mp.zero)
        ),
        exact_derivative=(
            lambda mp, x, lambd: mp.one if abs(x) > lambd else mp.zero
        ),
        parameters=(_lambda_parameter(),),
        properties=Properties(
            range=Interval.open(-INF, INF),
            monotonic=True,
            derivative_monotonic=False,
            continuity="C0",
            zero_centred=True,
            saturating="none",
            identity_near_origin=False,
        ),
        breakpoints=lambda lambd: (-lambd, lambd),
        at_breakpoints=_ZERO_AT_THRESHOLDS,
        summary="Soft thresholding: the proximal map of λ|x|, the step inside ISTA/LASSO.",
        reference="Donoho, De-noising by soft-thresholding (1995)",
    )
)


def hardshrink_fwd(x: np.ndarray, lambd: float) -> np.ndarray:
    return np.where(_outside(x, lambd), x, 0.0)


def hardshrink_bwd(x: np.ndarray, lambd: float) -> np.ndarray:
    return np.where(_outside(x, lambd), 1.0, 0.0)


register(
    Activation(
        name="hardshrink",
        title="HardShrink",
        family="shrink",
        formula=r"f(x) = x\ (|x| > \lambda),\ 0\ \mathrm{otherwise}",
        derivative_formula=r"f'(x) = 1\ (|x| > \lambda),\ 0\ \mathrm{otherwise}",
        function=hardshrink_fwd,
        derivative=hardshrink_bwd,
        exact=lambda mp, x, lambd: x if abs(x) > lambd else mp.zero,
        exact_derivative=lambda mp, x, lambd: mp.one if abs(x) > lambd else mp.zero,
        parameters=(_lambda_parameter(),),
        properties=Properties(
            range=Interval.open(-INF, INF),
            monotonic=True,
            derivative_monotonic=False,
            continuity="discontinuous",
            zero_centred=True,
            saturating="none",
            identity_near_origin=False,
        ),
        breakpoints=lambda lambd: (-lambd, lambd),
        at_breakpoints="f(±λ) = 0 and " + _ZERO_AT_THRESHOLDS,
        summary="Hard thresholding: keep x when |x| > λ, else 0 (jumps at ±λ).",
        reference="Donoho & Johnstone, Ideal spatial adaptation by wavelet shrinkage (1994)",
    )
)

# x − tanh x cancels near 0 (it is ≈ x³/3), so for |x| ≤ 1.5 it is x³·Q(x²) with Q fitted by
# mpmath (Chebyshev, to 2^-62; tools/derive_constants.py).  Beyond 1.5 the difference keeps
# all but a bit or two.
_TANHSHRINK_SERIES = (
    0.3333333333333333, -0.13333333333333333, 0.05396825396825349,
    -0.021869488536137672, 0.008863235529556009, -0.00359212803235315,
    0.0014558343523794572, -0.0005900272372524058, 0.0002391282225540114,
    -9.691238099777231e-05, 3.927039689928338e-05, -1.5902133376092876e-05,
    6.4228830804573076e-06, -2.57414263380559e-06, 1.0122132202205114e-06,
    -3.830174528887975e-07, 1.3572065117687716e-07, -4.359831382532441e-08,
    1.2261875988601598e-08, -2.9113695560105267e-09, 5.607200283632685e-10,
    -8.34153539540419e-11, 8.938932791125777e-12, -6.114178876506672e-13,
    1.998593983017646e-14,
)
_TANHSHRINK_SERIES_LIMIT = 1.5


def tanhshrink_fwd(x: np.ndarray) -> np.ndarray:
    small = np.abs(x) <= _TANHSHRINK_SERIES_LIMIT
    xs = np.where(small, x, 0.0)
    series = xs * xs * xs * nx.horner(_TANHSHRINK_SERIES, xs * xs)
    return np.where(small, series, x - np.tanh(x))


def tanhshrink_bwd(x: np.ndarray) -> np.ndarray:
    # 1 − sech²x = tanh²x exactly: squaring tanh avoids the cancellation of 1 − sech².
    t = np.tanh(x)
    return t * t


def _tanhshrink_exact(mp, x):
    """x − tanh x in mpmath, with the working precision raised by the bits the subtraction
    cancels (about 2·log2(1/|x|) for small x), so the difference keeps its full precision."""
    extra = max(0, -2 * int(mp.mag(x))) + 20 if x else 0
    with mp.extraprec(extra):
        return x - mp.tanh(x)


register(
    Activation(
        name="tanhshrink",
        title="TanhShrink",
        family="shrink",
        formula=r"f(x) = x - \tanh(x)",
        derivative_formula=r"f'(x) = \tanh^2(x)",
        function=tanhshrink_fwd,
        derivative=tanhshrink_bwd,
        exact=_tanhshrink_exact,
        exact_derivative=lambda mp, x: mp.tanh(x) ** 2,
        properties=Properties(
            range=Interval.open(-INF, INF),
            monotonic=True,
            derivative_monotonic=False,
            continuity="C∞",
            zero_centred=True,
            saturating="none",
            identity_near_origin=False,
        ),
        summary="What tanh leaves out: flat near 0 (like x³/3), slope 1 far away.",
        reference="(PyTorch nn.Tanhshrink)",
    )
)
