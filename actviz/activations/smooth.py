"""Smooth self-gated units and softplus: GELU, SiLU/Swish, Mish, Softplus.

Their negative tails are tiny but not zero (gelu(−9.25) ≈ −1.1e-19): the forms below keep them.
"""

from __future__ import annotations

import numpy as np

from actviz.activations import numerics as nx
from actviz.activations.registry import INF, Activation, Interval, Parameter, Properties, register

# Below −1000 every self-gated unit here is smaller than the smallest subnormal: clamping x
# there changes no result (−1000·gate(−1000) is −0) and keeps −inf·0 (NaN) out.
_GATE_FLOOR = -1000.0


def _self_gated_properties(minimum: float) -> Properties:
    return Properties(
        range=Interval.closed_open(minimum, INF),
        monotonic=False,
        derivative_monotonic=False,
        continuity="C∞",
        zero_centred=False,
        saturating="left",
        identity_near_origin=False,
    )


def gelu_fwd(x: np.ndarray) -> np.ndarray:
    xc = np.maximum(x, _GATE_FLOOR)
    return xc * nx.ndtr(xc)


def gelu_bwd(x: np.ndarray) -> np.ndarray:
    xc = np.clip(x, _GATE_FLOOR, -_GATE_FLOOR)
    return nx.ndtr(xc) + xc * nx.normal_pdf(xc)


GELU_MINIMUM = -0.16997120747856987  # at x ≈ −0.75179


register(
    Activation(
        name="gelu",
        title="GELU",
        family="smooth",
        formula=r"f(x) = x\,\Phi(x)",
        derivative_formula=r"f'(x) = \Phi(x) + x\,\varphi(x)",
        function=gelu_fwd,
        derivative=gelu_bwd,
        properties=_self_gated_properties(GELU_MINIMUM),
        summary="Weights x by the probability Φ(x) that a standard normal is below it; "
        "the default in transformers (BERT, GPT).",
        reference="Hendrycks & Gimpel, Gaussian error linear units (GELUs) (2016)",
    )
)

GELU_TANH_C = 0.7978845608028654  # √(2/π)
GELU_TANH_K = 0.044715
# Beyond |x| = 1e6 the gate σ(2u) is exactly 0 or 1 in float64; clamping keeps x³ finite.
_GELU_TANH_CLAMP = 1e6


def _gelu_tanh_gate(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """z = 2u = 2√(2/π)(x + 0.044715x³) and dz/dx, from x clamped to ±1e6."""
    xc = np.clip(x, -_GELU_TANH_CLAMP, _GELU_TANH_CLAMP)
    z = 2.0 * GELU_TANH_C * (xc + GELU_TANH_K * xc * xc * xc)
    dz = 2.0 * GELU_TANH_C * (1.0 + 3.0 * GELU_TANH_K * xc * xc)
    return z, dz


def gelu_tanh_fwd(x: np.ndarray) -> np.ndarray:
    # ½x(1 + tanh u) = x·σ(2u): the sigmoid form keeps the negative tail, where 1 + tanh u
    # would cancel to 0.
    z, _ = _gelu_tanh_gate(x)
    # For x < −1e6 the gate is exactly 0: clamping x there avoids −inf·0.
    return np.maximum(x, -_GELU_TANH_CLAMP) * nx.sigmoid(z)


def gelu_tanh_bwd(x: np.ndarray) -> np.ndarray:
    z, dz = _gelu_tanh_gate(x)
    xc = np.clip(x, -_GELU_TANH_CLAMP, _GELU_TANH_CLAMP)
    return nx.sigmoid(z) + xc * dz * nx.sigmoid_slope(z)


register(
    Activation(
        name="gelu_tanh",
        aliases=("gelu_approx",),
        title="GELU (tanh)",
        family="smooth",
        formula=r"f(x) = \frac{x}{2}\left(1 + \tanh\left[\sqrt{2/\pi}\,(x + 0.044715x^3)\right]"
        r"\right)",
        derivative_formula=r"f'(x) = \sigma(2u) + x\,u'(x)\,2\sigma(2u)\sigma(-2u),\ "
        r"u = \sqrt{2/\pi}\,(x + 0.044715x^3)",
        function=gelu_tanh_fwd,
        derivative=gelu_tanh_bwd,
        properties=_self_gated_properties(-0.17004333),
        summary="The tanh approximation of GELU used by the original BERT and GPT-2 code.",
        reference="Hendrycks & Gimpel, Gaussian error linear units (GELUs) (2016)",
    )
)


def _silu(u: np.ndarray) -> np.ndarray:
    uc = np.maximum(u, _GATE_FLOOR)
    return uc * nx.sigmoid(uc)


def _silu_slope(u: np.ndarray) -> np.ndarray:
    """d/du u·σ(u) = σ(u)(1 + u·σ(−u))."""
    uc = np.clip(u, _GATE_FLOOR, -_GATE_FLOOR)
    return nx.sigmoid(uc) * (1.0 + uc * nx.sigmoid(-uc))


SILU_MINIMUM = -0.27846454276107380  # at x ≈ −1.27846, where x = −1 − e^{x}·... (W-function)


def silu_fwd(x: np.ndarray) -> np.ndarray:
    return _silu(x)


def silu_bwd(x: np.ndarray) -> np.ndarray:
    return _silu_slope(x)


register(
    Activation(
        name="silu",
        title="SiLU",
        family="smooth",
        formula=r"f(x) = x\,\sigma(x)",
        derivative_formula=r"f'(x) = \sigma(x)\,(1 + x\,\sigma(-x))",
        function=silu_fwd,
        derivative=silu_bwd,
        properties=_self_gated_properties(SILU_MINIMUM),
        summary="x gated by its own sigmoid; smooth, non-monotonic dip below 0.",
        reference="Elfwing, Uchibe & Doya, Sigmoid-weighted linear units (2017)",
    )
)


def swish_fwd(x: np.ndarray, beta: float) -> np.ndarray:
    xc = np.maximum(x, _GATE_FLOOR / beta)
    return xc * nx.sigmoid(beta * np.minimum(xc, 1e300))


def swish_bwd(x: np.ndarray, beta: float) -> np.ndarray:
    # d/dx x·σ(βx) = σ(βx)(1 + βx·σ(−βx)): SiLU's slope at u = βx (not the β = 1 formula).
    return _silu_slope(beta * np.clip(x, -1e300, 1e300))


register(
    Activation(
        name="swish",
        title="Swish",
        family="smooth",
        formula=r"f(x) = x\,\sigma(\beta x)",
        derivative_formula=r"f'(x) = \sigma(\beta x)\,(1 + \beta x\,\sigma(-\beta x))",
        function=swish_fwd,
        derivative=swish_bwd,
        parameters=(
            Parameter("beta", 1.0, "sharpness of the gate (β → ∞ tends to ReLU)", low=0.0,
                      low_open=True, high=1e6, symbol="β"),
        ),
        properties=lambda beta: _self_gated_properties(SILU_MINIMUM / beta),
        summary="SiLU with a sharpness β; found by automated search, β = 1 is SiLU.",
        reference="Ramachandran, Zoph & Le, Searching for activation functions (2017)",
    )
)


def _mish_gate(x: np.ndarray) -> np.ndarray:
    return np.tanh(nx.softplus(x))


def mish_fwd(x: np.ndarray) -> np.ndarray:
    xc = np.maximum(x, _GATE_FLOOR)
    return xc * _mish_gate(xc)


def mish_bwd(x: np.ndarray) -> np.ndarray:
    xc = np.clip(x, _GATE_FLOOR, -_GATE_FLOOR)
    return _mish_gate(xc) + xc * nx.sech2(nx.softplus(xc)) * nx.sigmoid(xc)


register(
    Activation(
        name="mish",
        title="Mish",
        family="smooth",
        formula=r"f(x) = x\,\tanh(\ln(1 + e^{x}))",
        derivative_formula=r"f'(x) = \tanh(s) + x\,\mathrm{sech}^2(s)\,\sigma(x),\ "
        r"s = \ln(1 + e^{x})",
        function=mish_fwd,
        derivative=mish_bwd,
        properties=_self_gated_properties(-0.30884303457175845),
        summary="x times tanh of softplus: smooth, self-regularising, used in YOLOv4.",
        reference="Misra, Mish: a self regularized non-monotonic activation function (2019)",
    )
)


def softplus_fwd(x: np.ndarray, beta: float) -> np.ndarray:
    # logaddexp(0, βx)/β is the exact function everywhere; PyTorch's threshold shortcut
    # (return x when βx > 20) is off by up to 2e-9 and is not used.
    return nx.softplus(beta * np.clip(x, -1e300, 1e300)) / beta if beta != 1 else nx.softplus(x)


def softplus_bwd(x: np.ndarray, beta: float) -> np.ndarray:
    return nx.sigmoid(beta * np.clip(x, -1e300, 1e300))


register(
    Activation(
        name="softplus",
        title="Softplus",
        family="smooth",
        formula=r"f(x) = \frac{1}{\beta}\ln(1 + e^{\beta x})",
        derivative_formula=r"f'(x) = \sigma(\beta x)",
        function=softplus_fwd,
        derivative=softplus_bwd,
        parameters=(
            Parameter("beta", 1.0, "sharpness (β → ∞ tends to ReLU)", low=0.0, low_open=True,
                      high=1e6, symbol="β"),
        ),
        properties=Properties(
            range=Interval.open(0.0, INF),
            monotonic=True,
            derivative_monotonic=True,
            continuity="C∞",
            zero_centred=False,
            saturating="left",
            identity_near_origin=False,
        ),
        summary="A smooth ReLU whose derivative is the sigmoid.",
        reference="Dugas et al., Incorporating second-order functional knowledge for better "
        "option pricing (2001)",
    )
)
