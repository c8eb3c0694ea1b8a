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

# x − tanh x = x³/3 − 2x⁵/15 + 17x⁷/315 − ...: Taylor coefficients of x − tanh(x) in powers of
# x², from c_n = −2^{2n}(2^{2n} − 1)B_{2n}/(2n)! (B = Bernoulli numbers), lowest order first.
# Below |x| = 0.6 the direct difference cancels (x − tanh x ≈ x³/3), so the series is used.
_TANHSHRINK_SERIES = (
    1 / 3,
    -2 / 15,
    17 / 315,
    -62 / 2835,
    1382 / 155925,
    -21844 / 6081075,
    929569 / 638512875,
    -6404582 / 10854718875,
    443861162 / 1856156927625,
    -18888466084 / 194896477400625,
    113927491862 / 2900518163668125,
    -58870668456604 / 3698160658676859375,
    8374643517010684 / 1298054391195577640625,
    -689005380505609448 / 263505041412702261046875,
    129848163681107301953 / 122529844256906551386796875,
    -1736640792209901647222 / 4043484860477916195764296875,
    418781231495293038913922 / 2405873491984360136479756640625,
)
_TANHSHRINK_SERIES_LIMIT = 0.6


def tanhshrink_fwd(x: np.ndarray) -> np.ndarray:
    small = np.abs(x) < _TANHSHRINK_SERIES_LIMIT
    xs = np.where(small, x, 0.0)
    series = xs * xs * xs * nx.horner(_TANHSHRINK_SERIES, xs * xs)
    return np.where(small, series, x - np.tanh(x))


def tanhshrink_bwd(x: np.ndarray) -> np.ndarray:
    # 1 − sech²x = tanh²x exactly: squaring tanh avoids the cancellation of 1 − sech².
    t = np.tanh(x)
    return t * t


register(
    Activation(
        name="tanhshrink",
        title="TanhShrink",
        family="shrink",
        formula=r"f(x) = x - \tanh(x)",
        derivative_formula=r"f'(x) = \tanh^2(x)",
        function=tanhshrink_fwd,
        derivative=tanhshrink_bwd,
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
