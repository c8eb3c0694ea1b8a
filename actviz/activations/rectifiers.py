"""Rectifiers: ReLU and its descendants (leaky, parametric, randomized, exponential).

Kinks at 0 follow PyTorch autograd: relu'(0) = 0, and the leaky variants and the exponential
units take their x ≤ 0 branch at 0 (leaky_relu'(0) = slope, elu'(0) = α).
"""

from __future__ import annotations

import numpy as np

from actviz.activations import numerics as nx
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
        exact=lambda mp, x: x if x > 0 else mp.zero,
        exact_derivative=lambda mp, x: mp.one if x > 0 else mp.zero,
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
        exact=lambda mp, x, negative_slope: x if x > 0 else negative_slope * x,
        exact_derivative=lambda mp, x, negative_slope: mp.one if x > 0 else mp.mpf(negative_slope),
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
        exact=lambda mp, x, a: x if x > 0 else a * x,
        exact_derivative=lambda mp, x, a: mp.one if x > 0 else mp.mpf(a),
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
        exact=(
            lambda mp, x, lower, upper: x if x > 0 else (mp.mpf(lower) + upper) / 2 * x
        ),
        exact_derivative=(
            lambda mp, x, lower, upper: mp.one if x > 0 else (mp.mpf(lower) + upper) / 2
        ),
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


def _alpha_parameter() -> Parameter:
    # Bounded at 1e6 like softplus's and swish's β: far beyond any published use, and it keeps
    # α·e^x and x/α inside the range where the double-double corrections are exact.
    return Parameter("alpha", 1.0, "value −α that f approaches as x → −∞", low=0.0,
                     low_open=True, high=1e6, symbol="α")


def elu_fwd(x: np.ndarray, alpha: float) -> np.ndarray:
    # expm1, not exp − 1: elu(−1e-10) is −1e-10·α, which exp − 1 gets wrong in the 7th digit.
    # min(x, 0) keeps expm1 from overflowing on the branch np.where discards.
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def elu_bwd(x: np.ndarray, alpha: float) -> np.ndarray:
    # α·e^x via nx.exp_times: for α > 1 the product is larger than e^x, which is a subnormal
    # with few digits for x < −708.
    return np.where(x > 0, 1.0, nx.exp_times(alpha, np.minimum(x, 0.0)))


register(
    Activation(
        name="elu",
        title="ELU",
        family="rectifier",
        formula=r"f(x) = x\ (x > 0),\ \alpha(e^{x} - 1)\ (x \leq 0)",
        derivative_formula=r"f'(x) = 1\ (x > 0),\ \alpha e^{x}\ (x \leq 0)",
        function=elu_fwd,
        derivative=elu_bwd,
        exact=lambda mp, x, alpha: x if x > 0 else alpha * mp.expm1(x),
        exact_derivative=lambda mp, x, alpha: mp.one if x > 0 else alpha * mp.exp(x),
        parameters=(
            _alpha_parameter(),
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

# The paper's constants to 32 digits; the texts feed the mpmath reference at full precision.
SELU_SCALE_TEXT = "1.0507009873554804934193349852946"
SELU_ALPHA_TEXT = "1.6732632423543772848170429916717"
SELU_SCALE = float(SELU_SCALE_TEXT)
SELU_ALPHA = float(SELU_ALPHA_TEXT)
# λ·α rounded once from the exact product; multiplying the two rounded constants at run time
# would add a rounding of its own.
SELU_SCALE_ALPHA = 1.7580993408473768599402175208123


def selu_fwd(x: np.ndarray) -> np.ndarray:
    # λx exceeds the float64 range for x > 1.7e308/λ: inf is then the correctly rounded
    # value, not an accident, so numpy's overflow warning is silenced for that product only.
    with np.errstate(over="ignore"):
        positive = SELU_SCALE * x
    return np.where(x > 0, positive, SELU_SCALE_ALPHA * np.expm1(np.minimum(x, 0.0)))


def selu_bwd(x: np.ndarray) -> np.ndarray:
    return np.where(x > 0, SELU_SCALE, nx.exp_times(SELU_SCALE_ALPHA, np.minimum(x, 0.0)))


register(
    Activation(
        name="selu",
        title="SELU",
        family="rectifier",
        formula=r"f(x) = \lambda x\ (x > 0),\ \lambda\alpha(e^{x} - 1)\ (x \leq 0)",
        derivative_formula=r"f'(x) = \lambda\ (x > 0),\ \lambda\alpha e^{x}\ (x \leq 0)",
        function=selu_fwd,
        derivative=selu_bwd,
        exact=lambda mp, x: mp.mpf(SELU_SCALE_TEXT) * (
            x if x > 0 else mp.mpf(SELU_ALPHA_TEXT) * mp.expm1(x)
        ),
        exact_derivative=lambda mp, x: mp.mpf(SELU_SCALE_TEXT) * (
            1 if x > 0 else mp.mpf(SELU_ALPHA_TEXT) * mp.exp(x)
        ),
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


def _celu_argument(x: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """x/α for x ≤ 0 as a double-double (q, q_low): e^{x/α} turns the rounding of x/α into a
    relative error of up to 745 ulp in the tail; the remainder x − q·α, computed exactly with
    nx.two_product, recovers it.  x is clamped at −1000α, where e^{x/α} is 0."""
    xc = np.clip(x, -1e3 * alpha, 0.0)
    q = xc / alpha
    p, p_low = nx.two_product(q, alpha)
    return q, ((xc - p) - p_low) / alpha


def celu_fwd(x: np.ndarray, alpha: float) -> np.ndarray:
    q, q_low = _celu_argument(x, alpha)
    # expm1(q + q_low) = expm1(q) + q_low·e^q
    return np.where(x > 0, x, alpha * (np.expm1(q) + q_low * np.exp(q)))


def celu_bwd(x: np.ndarray, alpha: float) -> np.ndarray:
    q, q_low = _celu_argument(x, alpha)
    return np.where(x > 0, 1.0, nx.exp_times(1.0, q, q_low))


register(
    Activation(
        name="celu",
        title="CELU",
        family="rectifier",
        formula=r"f(x) = x\ (x > 0),\ \alpha(e^{x/\alpha} - 1)\ (x \leq 0)",
        derivative_formula=r"f'(x) = 1\ (x > 0),\ e^{x/\alpha}\ (x \leq 0)",
        function=celu_fwd,
        derivative=celu_bwd,
        exact=lambda mp, x, alpha: x if x > 0 else alpha * mp.expm1(x / alpha),
        exact_derivative=lambda mp, x, alpha: mp.one if x > 0 else mp.exp(x / alpha),
        parameters=(
            _alpha_parameter(),
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
