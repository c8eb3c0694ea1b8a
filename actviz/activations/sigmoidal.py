"""S-shaped (sigmoidal) units: sigmoid, tanh, softsign and log-sigmoid."""

from __future__ import annotations

import numpy as np

from actviz.activations import numerics as nx
from actviz.activations.registry import INF, Activation, Interval, Properties, register

_SATURATING_S_CURVE = dict(
    monotonic=True,
    derivative_monotonic=False,
    continuity="C∞",
    saturating="both",
)


def sigmoid_fwd(x: np.ndarray) -> np.ndarray:
    return nx.sigmoid(x)


def sigmoid_bwd(x: np.ndarray) -> np.ndarray:
    return nx.sigmoid_slope(x)


register(
    Activation(
        name="sigmoid",
        aliases=("logistic",),
        title="Sigmoid",
        family="sigmoidal",
        formula=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        derivative_formula=r"\sigma'(x) = \sigma(x)\,\sigma(-x)",
        function=sigmoid_fwd,
        derivative=sigmoid_bwd,
        exact=lambda mp, x: 1 / (1 + mp.exp(-x)),
        exact_derivative=lambda mp, x: 1 / ((1 + mp.exp(-x)) * (1 + mp.exp(x))),
        properties=Properties(
            range=Interval.open(0.0, 1.0),
            zero_centred=False,
            identity_near_origin=False,
            **_SATURATING_S_CURVE,
        ),
        summary="Squashes to (0, 1); its slope never exceeds 1/4, so deep stacks vanish.",
        reference="Rumelhart, Hinton & Williams, Learning representations by back-propagating "
        "errors (1986)",
    )
)


def tanh_fwd(x: np.ndarray) -> np.ndarray:
    return np.tanh(x)


def tanh_bwd(x: np.ndarray) -> np.ndarray:
    return nx.sech2(x)


register(
    Activation(
        name="tanh",
        title="Tanh",
        family="sigmoidal",
        formula=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        derivative_formula=r"\tanh'(x) = \mathrm{sech}^2(x)",
        function=tanh_fwd,
        derivative=tanh_bwd,
        exact=lambda mp, x: mp.tanh(x),
        exact_derivative=lambda mp, x: mp.sech(x) ** 2,
        properties=Properties(
            range=Interval.open(-1.0, 1.0),
            zero_centred=True,
            identity_near_origin=True,
            **_SATURATING_S_CURVE,
        ),
        summary="A zero-centred sigmoid, 2σ(2x) − 1, with slope 1 at the origin.",
        reference="LeCun, Bottou, Orr & Müller, Efficient BackProp (1998)",
    )
)

# Beyond 2^60, 1 + |x| == |x| and x/(1+|x|) rounds to ±1 exactly; clamping also keeps
# ±inf from becoming inf/inf.
_SOFTSIGN_CLAMP = 2.0**60


def softsign_fwd(x: np.ndarray) -> np.ndarray:
    xc = np.clip(x, -_SOFTSIGN_CLAMP, _SOFTSIGN_CLAMP)
    return xc / (1.0 + np.abs(xc))


def softsign_bwd(x: np.ndarray) -> np.ndarray:
    # Square the reciprocal, not (1+|x|)², which overflows for |x| > 1.3e154.
    r = 1.0 / (1.0 + np.abs(x))
    return r * r


register(
    Activation(
        name="softsign",
        title="Softsign",
        family="sigmoidal",
        formula=r"f(x) = \frac{x}{1 + |x|}",
        derivative_formula=r"f'(x) = \frac{1}{(1 + |x|)^2}",
        function=softsign_fwd,
        derivative=softsign_bwd,
        exact=lambda mp, x: x / (1 + abs(x)),
        exact_derivative=lambda mp, x: 1 / (1 + abs(x)) ** 2,
        properties=Properties(
            range=Interval.open(-1.0, 1.0),
            zero_centred=True,
            identity_near_origin=True,
            monotonic=True,
            derivative_monotonic=False,
            continuity="C1",
            saturating="both",
        ),
        breakpoints=(0.0,),
        summary="Like tanh but with polynomial tails: saturates slower, 1/x² instead of e^{-2x}.",
        reference="Bergstra et al., Quadratic polynomials learn better image features (2009)",
    )
)


def logsigmoid_fwd(x: np.ndarray) -> np.ndarray:
    return nx.log_sigmoid(x)


def logsigmoid_bwd(x: np.ndarray) -> np.ndarray:
    return nx.sigmoid(-x)


register(
    Activation(
        name="logsigmoid",
        aliases=("log_sigmoid",),
        title="LogSigmoid",
        family="sigmoidal",
        formula=r"f(x) = \log\,\sigma(x) = -\log(1 + e^{-x})",
        derivative_formula=r"f'(x) = \sigma(-x)",
        function=logsigmoid_fwd,
        derivative=logsigmoid_bwd,
        exact=lambda mp, x: -mp.log1p(mp.exp(-x)),
        exact_derivative=lambda mp, x: 1 / (1 + mp.exp(x)),
        properties=Properties(
            range=Interval.open(-INF, 0.0),
            monotonic=True,
            derivative_monotonic=True,
            continuity="C∞",
            zero_centred=False,
            saturating="right",
            identity_near_origin=False,
        ),
        summary="The log of the sigmoid, as used inside binary cross-entropy.",
        reference="(log of the logistic function; PyTorch nn.LogSigmoid)",
    )
)


def arctan_fwd(x: np.ndarray) -> np.ndarray:
    return np.arctan(x)


def arctan_bwd(x: np.ndarray) -> np.ndarray:
    # 1/(1 + x²), except where x² would overflow (|x| > 1e150): there it equals (1/|x|)².
    ax = np.abs(x)
    big = ax > 1e150
    moderate = np.where(big, 0.0, ax)
    reciprocal = 1.0 / np.where(big, ax, 1.0)
    return np.where(big, reciprocal * reciprocal, 1.0 / (1.0 + moderate * moderate))


register(
    Activation(
        name="arctan",
        aliases=("atan",),
        title="ArcTan",
        family="sigmoidal",
        formula=r"f(x) = \arctan(x)",
        derivative_formula=r"f'(x) = \frac{1}{1 + x^2}",
        function=arctan_fwd,
        derivative=arctan_bwd,
        exact=lambda mp, x: mp.atan(x),
        exact_derivative=lambda mp, x: 1 / (1 + x * x),
        properties=Properties(
            range=Interval.open(-np.pi / 2, np.pi / 2),
            zero_centred=True,
            identity_near_origin=True,
            **_SATURATING_S_CURVE,
        ),
        summary="A sigmoidal curve with polynomial (1/x²) tails, range (−π/2, π/2).",
        reference="(inverse tangent; used as a sigmoidal unit since early neural networks)",
    )
)
