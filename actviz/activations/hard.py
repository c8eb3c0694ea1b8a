"""Piecewise-linear ("hard") approximations: HardTanh, ReLU6, HardSigmoid, HardSwish.

Cheap on mobile hardware.  At the corners the derivative follows PyTorch autograd: 0 at both
ends of the linear piece for hardtanh, relu6 and hardsigmoid; hardswish's own rule below.
"""

from __future__ import annotations

import numpy as np

from actviz.activations.registry import Activation, Interval, Parameter, Properties, register

_ZERO_AT_ENDS = "f' = 0 at both ends of the linear piece, as PyTorch autograd does"


def _clamp_slope(x: np.ndarray, low: float, high: float) -> np.ndarray:
    """1 strictly inside (low, high), 0 outside and at both ends."""
    return np.where((x > low) & (x < high), 1.0, 0.0)


def hardtanh_fwd(x: np.ndarray, min_val: float, max_val: float) -> np.ndarray:
    return np.clip(x, min_val, max_val)


def hardtanh_bwd(x: np.ndarray, min_val: float, max_val: float) -> np.ndarray:
    return _clamp_slope(x, min_val, max_val)


register(
    Activation(
        name="hardtanh",
        title="HardTanh",
        family="hard",
        formula=r"f(x) = \min(\max(x, a), b)",
        derivative_formula=r"f'(x) = 1\ (a < x < b),\ 0\ \mathrm{otherwise}",
        function=hardtanh_fwd,
        derivative=hardtanh_bwd,
        exact=(
            lambda mp, x, min_val, max_val: min(max(x, mp.mpf(min_val)), mp.mpf(max_val))
        ),
        exact_derivative=(
            lambda mp, x, min_val, max_val: mp.one if min_val < x < max_val else mp.zero
        ),
        parameters=(
            Parameter("min_val", -1.0, "lower clamp a", symbol="a"),
            Parameter("max_val", 1.0, "upper clamp b", symbol="b"),
        ),
        check=lambda min_val, max_val: (
            None if min_val < max_val
            else f"min_val ({min_val:g}) must be less than max_val ({max_val:g})"
        ),
        properties=lambda min_val, max_val: Properties(
            range=Interval.closed(min_val, max_val),
            monotonic=True,
            derivative_monotonic=False,
            continuity="C0",
            zero_centred=min_val == -max_val,
            saturating="both",
            identity_near_origin=min_val < 0 < max_val,
        ),
        breakpoints=lambda min_val, max_val: (min_val, max_val),
        at_breakpoints=_ZERO_AT_ENDS,
        summary="tanh's piecewise-linear cousin: identity clipped to [a, b].",
        reference="Collobert, Large scale machine learning (2004)",
    )
)


def relu6_fwd(x: np.ndarray) -> np.ndarray:
    return np.clip(x, 0.0, 6.0)


def relu6_bwd(x: np.ndarray) -> np.ndarray:
    return _clamp_slope(x, 0.0, 6.0)


register(
    Activation(
        name="relu6",
        title="ReLU6",
        family="hard",
        formula=r"f(x) = \min(\max(0, x), 6)",
        derivative_formula=r"f'(x) = 1\ (0 < x < 6),\ 0\ \mathrm{otherwise}",
        function=relu6_fwd,
        derivative=relu6_bwd,
        exact=lambda mp, x: min(max(x, mp.zero), mp.mpf(6)),
        exact_derivative=lambda mp, x: mp.one if 0 < x < 6 else mp.zero,
        properties=Properties(
            range=Interval.closed(0.0, 6.0),
            monotonic=True,
            derivative_monotonic=False,
            continuity="C0",
            zero_centred=False,
            saturating="both",
            identity_near_origin=False,
        ),
        breakpoints=(0.0, 6.0),
        at_breakpoints=_ZERO_AT_ENDS,
        summary="ReLU capped at 6, which keeps activations in a range fixed-point hardware likes.",
        reference="Krizhevsky, Convolutional deep belief networks on CIFAR-10 (2010)",
    )
)


def hardsigmoid_fwd(x: np.ndarray) -> np.ndarray:
    # (x + 3)/6 rather than x/6 + 1/2: near x = −3 the sum x + 3 is exact (Sterbenz), while
    # x/6 + 1/2 cancels and loses the small result's digits.
    return np.clip((x + 3.0) / 6.0, 0.0, 1.0)


def hardsigmoid_bwd(x: np.ndarray) -> np.ndarray:
    return _clamp_slope(x, -3.0, 3.0) / 6.0


register(
    Activation(
        name="hardsigmoid",
        aliases=("hard_sigmoid",),
        title="HardSigmoid",
        family="hard",
        formula=r"f(x) = \min(\max(0, \frac{x + 3}{6}), 1)",
        derivative_formula=r"f'(x) = \frac{1}{6}\ (-3 < x < 3),\ 0\ \mathrm{otherwise}",
        function=hardsigmoid_fwd,
        derivative=hardsigmoid_bwd,
        exact=lambda mp, x: min(max((x + 3) / 6, mp.zero), mp.one),
        exact_derivative=lambda mp, x: mp.one / 6 if -3 < x < 3 else mp.zero,
        properties=Properties(
            range=Interval.closed(0.0, 1.0),
            monotonic=True,
            derivative_monotonic=False,
            continuity="C0",
            zero_centred=False,
            saturating="both",
            identity_near_origin=False,
        ),
        breakpoints=(-3.0, 3.0),
        at_breakpoints=_ZERO_AT_ENDS,
        summary="Piecewise-linear sigmoid (PyTorch's slope 1/6) used in MobileNetV3.",
        reference="Howard et al., Searching for MobileNetV3 (2019)",
    )
)


def hardswish_fwd(x: np.ndarray) -> np.ndarray:
    xc = np.clip(x, -3.0, 3.0)
    inside = xc * (xc + 3.0) / 6.0
    return np.where(x <= -3.0, 0.0, np.where(x >= 3.0, x, inside))


def hardswish_bwd(x: np.ndarray) -> np.ndarray:
    # (2x + 3)/6: 2x is exact and the sum is exact near the zero at x = −1.5 (Sterbenz).
    inside = (2.0 * np.clip(x, -3.0, 3.0) + 3.0) / 6.0
    return np.where(x <= -3.0, 0.0, np.where(x < 3.0, inside, 1.0))


register(
    Activation(
        name="hardswish",
        aliases=("hard_swish",),
        title="HardSwish",
        family="hard",
        formula=r"f(x) = x\,\frac{\min(\max(0, x + 3), 6)}{6}",
        derivative_formula=r"f'(x) = 0\ (x \leq -3),\ \frac{2x + 3}{6}\ (-3 < x < 3),\ "
        r"1\ (x \geq 3)",
        function=hardswish_fwd,
        derivative=hardswish_bwd,
        exact=(
            lambda mp, x: mp.zero if x <= -3 else (x if x >= 3 else x * (x + 3) / 6)
        ),
        exact_derivative=(
            lambda mp, x: mp.zero if x <= -3 else (mp.one if x >= 3 else (2 * x + 3) / 6)
        ),
        properties=Properties(
            range=Interval.closed_open(-0.375, float("inf")),
            monotonic=False,
            derivative_monotonic=False,
            continuity="C0",
            zero_centred=False,
            saturating="left",
            identity_near_origin=False,
        ),
        breakpoints=(-3.0, 3.0),
        at_breakpoints="f'(−3) = 0 and f'(3) = 1, the outer pieces' values, as PyTorch "
        "autograd does (checked against PyTorch 2.13)",
        summary="Piecewise-quadratic Swish from MobileNetV3: no exponentials.",
        reference="Howard et al., Searching for MobileNetV3 (2019)",
    )
)
