"""Rectifiers: ReLU and its descendants (leaky, parametric, randomized, exponential).

Kinks at 0 follow PyTorch autograd: relu'(0) = 0, and the leaky variants and the exponential
units take their x ≤ 0 branch at 0 (leaky_relu'(0) = slope, elu'(0) = α).
"""

from __future__ import annotations

import numpy as np

from actviz.activations.registry import INF, Activation, Interval, Parameter, Properties, register

_AT_ZERO_LEFT = "at x = 0 the x ≤ 0 branch is used, as PyTorch autograd does"


def relu_fwd(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)


def relu_bwd(x: np.ndarray) -> np.ndarray:
    return np.where(x > 0, 1.0, 0.0)


register(
    Activation(
        name="relu",
        title="ReLU",
        family="rectifier",
        formula=r"f(x) = \max(0, x)",
        derivative_formula=r"f'(x) = 1\ (x > 0),\ 0\ (x \leq 0)",
        function=relu_fwd,
        derivative=relu_bwd,
        properties=Properties(
            range=Interval.closed_open(0.0, INF),
            monotonic=True,
            derivative_monotonic=True,
            continuity="C0",
            zero_centred=False,
            saturating="left",
            identity_near_origin=False,
        ),
        breakpoints=(0.0,),
        at_breakpoints="relu'(0) = 0, as PyTorch autograd does",
        summary="Cheap, does not saturate for x > 0; units stuck at x < 0 die (zero gradient).",
        reference="Nair & Hinton, Rectified linear units improve restricted Boltzmann machines "
        "(2010)",
    )
)


def _leaky_fwd(x: np.ndarray, slope: float) -> np.ndarray:
    return np.where(x > 0, x, slope * x)


def _leaky_bwd(x: np.ndarray, slope: float) -> np.ndarray:
    return np.where(x > 0, 1.0, slope)


def _leaky_properties(slope: float) -> Properties:
    return Properties(
        range=Interval.open(-INF, INF) if slope > 0 else Interval.closed_open(0.0, INF),
        monotonic=True,
        derivative_monotonic=True,
        continuity="C∞" if slope == 1 else "C0",
        zero_centred=slope == 1,
        saturating="none" if slope > 0 else "left",
        identity_near_origin=slope == 1,
    )


def _slope_parameter(name: str, default: float, meaning: str, symbol: str) -> Parameter:
    return Parameter(name, default, meaning, low=0.0, high=1.0, symbol=symbol)


def leaky_relu_fwd(x: np.ndarray, negative_slope: float) -> np.ndarray:
    return _leaky_fwd(x, negative_slope)


def leaky_relu_bwd(x: np.ndarray, negative_slope: float) -> np.ndarray:
    return _leaky_bwd(x, negative_slope)


register(
    Activation(
        name="leaky_relu",
        aliases=("leakyrelu", "lrelu"),
        title="LeakyReLU",
        family="rectifier",
        formula=r"f(x) = x\ (x > 0),\ a x\ (x \leq 0)",
        derivative_formula=r"f'(x) = 1\ (x > 0),\ a\ (x \leq 0)",
        function=leaky_relu_fwd,
        derivative=leaky_relu_bwd,
        parameters=(
            _slope_parameter("negative_slope", 0.01, "slope a for x < 0", "a"),
        ),
        properties=lambda negative_slope: _leaky_properties(negative_slope),
        breakpoints=(0.0,),
        at_breakpoints=f"leaky_relu'(0) = a: {_AT_ZERO_LEFT}",
        summary="ReLU with a small slope for x < 0, so no unit dies completely.",
        reference="Maas, Hannun & Ng, Rectifier nonlinearities improve neural network acoustic "
        "models (2013)",
    )
)


def prelu_fwd(x: np.ndarray, a: float) -> np.ndarray:
    return _leaky_fwd(x, a)


def prelu_bwd(x: np.ndarray, a: float) -> np.ndarray:
    return _leaky_bwd(x, a)


register(
    Activation(
        name="prelu",
        title="PReLU",
        family="rectifier",
        formula=r"f(x) = x\ (x > 0),\ a x\ (x \leq 0)",
        derivative_formula=r"f'(x) = 1\ (x > 0),\ a\ (x \leq 0)",
        function=prelu_fwd,
        derivative=prelu_bwd,
        parameters=(
            _slope_parameter("a", 0.25, "learned slope for x < 0 (PyTorch's initial value)", "a"),
        ),
        properties=lambda a: _leaky_properties(a),
        breakpoints=(0.0,),
        at_breakpoints=f"prelu'(0) = a: {_AT_ZERO_LEFT}",
        summary="Leaky ReLU whose negative slope is learned; shown at a fixed value of a.",
        reference="He, Zhang, Ren & Sun, Delving deep into rectifiers (2015)",
    )
)


def rrelu_fwd(x: np.ndarray, lower: float, upper: float) -> np.ndarray:
    return _leaky_fwd(x, (lower + upper) / 2.0)


def rrelu_bwd(x: np.ndarray, lower: float, upper: float) -> np.ndarray:
    return _leaky_bwd(x, (lower + upper) / 2.0)


register(
    Activation(
        name="rrelu",
        title="RReLU",
        family="rectifier",
        formula=r"f(x) = x\ (x > 0),\ \frac{l + u}{2} x\ (x \leq 0)",
        derivative_formula=r"f'(x) = 1\ (x > 0),\ \frac{l + u}{2}\ (x \leq 0)",
        function=rrelu_fwd,
        derivative=rrelu_bwd,
        parameters=(
            _slope_parameter("lower", 1.0 / 8.0, "lower bound of the random slope", "l"),
            _slope_parameter("upper", 1.0 / 3.0, "upper bound of the random slope", "u"),
        ),
        check=lambda lower, upper: (
            None if lower <= upper else f"lower ({lower:g}) must not exceed upper ({upper:g})"
        ),
        properties=lambda lower, upper: _leaky_properties((lower + upper) / 2.0),
        breakpoints=(0.0,),
        at_breakpoints=f"rrelu'(0) = (l + u)/2: {_AT_ZERO_LEFT}",
        summary="Training draws the slope from U(l, u); shown in evaluation mode, slope (l+u)/2.",
        reference="Xu, Wang, Chen & Li, Empirical evaluation of rectified activations in "
        "convolutional network (2015)",
    )
)


def elu_fwd(x: np.ndarray, alpha: float) -> np.ndarray:
    # expm1, not exp − 1: elu(−1e-10) is −1e-10·α, which exp − 1 gets wrong in the 7th digit.
    # min(x, 0) keeps expm1 from overflowing on the branch np.where discards.
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def elu_bwd(x: np.ndarray, alpha: float) -> np.ndarray:
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


register(
    Activation(
        name="elu",
        title="ELU",
        family="rectifier",
        formula=r"f(x) = x\ (x > 0),\ \alpha(e^{x} - 1)\ (x \leq 0)",
        derivative_formula=r"f'(x) = 1\ (x > 0),\ \alpha e^{x}\ (x \leq 0)",
        function=elu_fwd,
        derivative=elu_bwd,
        parameters=(
            Parameter("alpha", 1.0, "value −α that f approaches as x → −∞", low=0.0,
                      low_open=True, symbol="α"),
        ),
        properties=lambda alpha: Properties(
            range=Interval.open(-alpha, INF),
            monotonic=True,
            derivative_monotonic=alpha <= 1,
            continuity="C1" if alpha == 1 else "C0",
            zero_centred=False,
            saturating="left",
            identity_near_origin=alpha == 1,
        ),
        breakpoints=(0.0,),
        at_breakpoints=f"elu'(0) = α: {_AT_ZERO_LEFT}",
        summary="Smooth negative saturation at −α pushes mean activations towards zero.",
        reference="Clevert, Unterthiner & Hochreiter, Fast and accurate deep network learning by "
        "exponential linear units (2015)",
    )
)

SELU_SCALE = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717
# λ·α rounded once from the exact product; multiplying the two rounded constants at run time
# would add a rounding of its own.
SELU_SCALE_ALPHA = 1.7580993408473768599402175208123


def selu_fwd(x: np.ndarray) -> np.ndarray:
    return np.where(x > 0, SELU_SCALE * x, SELU_SCALE_ALPHA * np.expm1(np.minimum(x, 0.0)))


def selu_bwd(x: np.ndarray) -> np.ndarray:
    return np.where(x > 0, SELU_SCALE, SELU_SCALE_ALPHA * np.exp(np.minimum(x, 0.0)))


register(
    Activation(
        name="selu",
        title="SELU",
        family="rectifier",
        formula=r"f(x) = \lambda x\ (x > 0),\ \lambda\alpha(e^{x} - 1)\ (x \leq 0)",
        derivative_formula=r"f'(x) = \lambda\ (x > 0),\ \lambda\alpha e^{x}\ (x \leq 0)",
        function=selu_fwd,
        derivative=selu_bwd,
        properties=Properties(
            range=Interval.open(-SELU_SCALE_ALPHA, INF),
            monotonic=True,
            derivative_monotonic=False,
            continuity="C0",
            zero_centred=False,
            saturating="left",
            identity_near_origin=False,
        ),
        breakpoints=(0.0,),
        at_breakpoints=f"selu'(0) = λα: {_AT_ZERO_LEFT}",
        summary="ELU scaled by λ ≈ 1.0507, α ≈ 1.6733 so activations self-normalise to mean 0, "
        "variance 1.",
        reference="Klambauer, Unterthiner, Mayr & Hochreiter, Self-normalizing neural networks "
        "(2017)",
    )
)


def celu_fwd(x: np.ndarray, alpha: float) -> np.ndarray:
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0) / alpha))


def celu_bwd(x: np.ndarray, alpha: float) -> np.ndarray:
    return np.where(x > 0, 1.0, np.exp(np.minimum(x, 0.0) / alpha))


register(
    Activation(
        name="celu",
        title="CELU",
        family="rectifier",
        formula=r"f(x) = x\ (x > 0),\ \alpha(e^{x/\alpha} - 1)\ (x \leq 0)",
        derivative_formula=r"f'(x) = 1\ (x > 0),\ e^{x/\alpha}\ (x \leq 0)",
        function=celu_fwd,
        derivative=celu_bwd,
        parameters=(
            Parameter("alpha", 1.0, "value −α that f approaches as x → −∞", low=0.0,
                      low_open=True, symbol="α"),
        ),
        properties=lambda alpha: Properties(
            range=Interval.open(-alpha, INF),
            monotonic=True,
            derivative_monotonic=True,
            continuity="C1",
            zero_centred=False,
            saturating="left",
            identity_near_origin=True,
        ),
        breakpoints=(0.0,),
        at_breakpoints=f"celu'(0) = 1: {_AT_ZERO_LEFT}",
        summary="ELU reparametrised so that f' is continuous at 0 for every α.",
        reference="Barron, Continuously differentiable exponential linear units (2017)",
    )
)
