"""Radial units: the Gaussian bump of RBF networks."""

from __future__ import annotations

from actviz.activations import numerics as nx
from actviz.activations import textbook as tb
from actviz.activations.registry import Activation, Interval, Properties, register
from actviz.activations.registry import Notes
from actviz.lazy import numpy as np

# e^{−x²} is 0 in float64 for |x| > 27.3; clamping keeps x² finite and the double-double
# product valid.
_RADIAL_CLAMP = 1e3


def _minus_square(xc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """−x² as a double-double, for x clamped to ±1e3 (nx.clamp): e^{−x²} turns the rounding of
    x² into a relative error of up to 745 ulp in the tail."""
    square, square_low = nx.square(xc)
    return -square, -square_low


def gaussian_fwd(x: np.ndarray) -> np.ndarray:
    # e^{−(p + p_low)} = e^{−p}·(1 − p_low) with p + p_low = x² exactly (|p_low| ≤ 6e-14 where
    # e^{−p} is not 0).  No scaling for subnormal e^{−p}, unlike f′: with factor 1 the product
    # adds less than its own rounding to the half-step error of np.exp's subnormal result.
    square, square_low = nx.square(nx.clamp(x, _RADIAL_CLAMP))
    e = np.exp(-square)
    e -= e * square_low
    return e


def gaussian_bwd(x: np.ndarray) -> np.ndarray:
    # −2x·e^{−x²} through nx.exp_times: the product is up to 55 times larger than e^{−x²},
    # which is a subnormal with few digits for |x| > 26.6.
    xc = nx.clamp(x, _RADIAL_CLAMP)
    return nx.exp_times(-2.0 * xc, *_minus_square(xc))


def gaussian_bwd2(x: np.ndarray) -> np.ndarray:
    # (4x² − 2)·e^{−x²}: 4x² − 2 from the exact square, so it keeps its digits next to the
    # zeros at ±1/√2, where a rounded x² would cancel.
    minus_square, minus_square_low = _minus_square(nx.clamp(x, _RADIAL_CLAMP))
    difference, difference_low = nx.two_sum(-4.0 * minus_square, -2.0)
    factor = difference + (difference_low - 4.0 * minus_square_low)
    return nx.exp_times(factor, minus_square, minus_square_low)


register(
    Activation(
        name="gaussian",
        aliases=("rbf",),
        title="Gaussian",
        family="radial",
        formula=r"f(x) = e^{-x^2}",
        derivative_formula=r"f'(x) = -2x\,e^{-x^2}",
        function=gaussian_fwd,
        derivative=gaussian_bwd,
        naive_function=tb.gaussian,
        naive_derivative=tb.gaussian_slope,
        exact=lambda mp, x: mp.exp(-x * x),
        exact_derivative=lambda mp, x: -2 * x * mp.exp(-x * x),
        second_derivative=gaussian_bwd2,
        second_derivative_formula=r"f''(x) = (4x^2 - 2)\,e^{-x^2}",
        exact_second_derivative=lambda mp, x: (4 * x * x - 2) * mp.exp(-x * x),
        extra={"scan_around": (-26.6, -0.5**0.5, 0.5**0.5, 26.6)},
        properties=Properties(
            range=Interval.open_closed(0.0, 1.0),
            monotonic=False,
            derivative_monotonic=False,
            continuity="C∞",
            zero_centred=False,
            saturating="both",
            identity_near_origin=False,
        ),
        summary="A bump that responds only near 0: the unit of radial-basis-function networks.",
        reference="Broomhead & Lowe, Multivariable functional interpolation and adaptive "
        "networks (1988)",
        uses=("rbf_networks",),
        notes={
            "en": Notes(
                lesson="e^(−x²) responds only near 0: a local bump, the basis function of RBF "
                "networks, unlike sigmoidal units that rise once and stay.",
                strengths=(
                    "Local response: each unit covers one region of the input space, which makes "
                    "RBF networks quick to fit and easy to interpret.",
                    "Smooth, bounded in (0, 1].",
                ),
                weaknesses=(
                    "Saturates on both sides, and f′(0) = 0 too: the slope is large only near x = "
                    "±0.71 (max |f′| ≈ 0.858).",
                    "Not monotonic; covering a high-dimensional input needs very many bumps.",
                ),
                where_used="Radial-basis-function networks (one hidden layer of Gaussian bumps and "
                "a linear output); the Gaussian kernel of kernel methods; function approximation "
                "in control.",
            ),
            "zh": Notes(
                lesson="e^(−x²) 只在 0 附近有响应：一个局部的“鼓包”，是 RBF 网络的基函数，不同于一"
                "旦上升就保持不变的 S 形单元。",
                strengths=(
                    "局部响应：每个单元负责输入空间中的一块区域，RBF 网络因此拟合快、易于解释。",
                    "光滑，取值在 (0, 1] 之间。",
                ),
                weaknesses=(
                    "两端饱和，而且 f′(0) = 0：只有在 x = ±0.71 附近斜率才大（|f′| 最大约 0.858）"
                    "。",
                    "不单调；输入维数高时需要非常多的鼓包才能覆盖。",
                ),
                where_used="径向基函数网络（一层高斯鼓包加线性输出）；核方法中的高斯核；控制中的函"
                "数逼近。",
            ),
        },
    )
)
