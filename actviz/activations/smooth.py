"""Smooth self-gated units and softplus: GELU, SiLU/Swish, Mish, Softplus.

Their negative tails are tiny but not zero (gelu(−9.25) ≈ −1.04e-19): the forms below keep them.
"""

from __future__ import annotations

import math

from actviz.activations import numerics as nx
from actviz.activations import textbook as tb
from actviz.activations.registry import INF, Activation, Interval, Parameter, Properties, register
from actviz.activations.registry import Notes
from actviz.lazy import numpy as np
# How PyTorch, JAX, Keras, ... ship these (the frameworks=... of each declaration).
from actviz.activations.registry import FrameworkName, fixed_parameter, same_function_as

# How frameworks name GELU's forms, and swish without its β (frameworks=... below).
_APPROXIMATE_FALSE = {"en": "approximate=False is the default; approximate=True is `gelu_tanh`",
                      "zh": "默认 approximate=False；approximate=True 即 `gelu_tanh`"}
_SILU_NAMED_SWISH = {"en": "no β argument: this is `silu` under another name",
                     "zh": "没有 β 参数：这就是换了名字的 `silu`"}

# |x·β| beyond which every gate here is exactly 0 or 1 in float64 (σ(−1000) < 1e-434): x is
# clamped there, which keeps inf·0 (NaN) and overflowing products out of the arithmetic.
_SATURATED = 1e3
# Below this gate argument y, σ(y) = e^y(1 − e^y + …) equals e^y to far better than an ulp
# (e^{−40} ≈ 4e-18), and so does every gate here; the tails are then computed as x·e^y by
# :func:`nx.exp_times`, which keeps the digits that a subnormal gate value would lose.
_TAIL = -40.0


def _both_signs(spots: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(sorted({*spots, *(-s for s in spots)}))


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


# f'(x) = 0 at x ≈ -0.751792: the closed form cancels there (tools/derive_constants.py).
GELU_SLOPE_ZERO = nx.RootSeries(
    root_high=-0.7517915246935645,
    root_low=1.4956759177009883e-17,
    radius=0.6,
    coefficients=(
        0.4314939923140469, 0.388284982990552, -0.018199676398671087,
        -0.1140082332972217, -0.014771522148244337, 0.019421679838189147,
        0.004539228379125384, -0.0022395380680757093, -0.0007448268386738251,
        0.00018633974626584368, 8.615947859819761e-05, -1.1214380493798711e-05,
        -7.748461188918302e-06, 4.3284680897722633e-07, 5.702758234225667e-07,
        -1.6107460491478944e-09, -3.545743036500794e-08, -1.3828645123690045e-09,
        1.897789289677231e-09, 1.27335374128024e-10, -8.273295276179003e-11,
    ),
)


def gelu_fwd(x: np.ndarray) -> np.ndarray:
    xc = nx.clamp(x, _SATURATED)
    return _beyond_saturation(x, nx.normal_cdf_times(xc, xc), _SATURATED)


def _beyond_saturation(x: np.ndarray, gated: np.ndarray, bound: float) -> np.ndarray:
    """``gated``, with f(x) = x where x > ``bound`` (the gate is exactly 1 there); a slice
    below the bound (the usual case) pays one reduction, not a mask."""
    if np.size(x) and not x.max() <= bound:
        return np.where(x > bound, x, gated)
    return gated


def gelu_bwd(x: np.ndarray) -> np.ndarray:
    xc = np.clip(x, -_SATURATED, _SATURATED)
    slope = nx.by_mask(xc < GELU_SLOPE_ZERO.root_high, _gelu_slope_left, _gelu_slope_right, xc)
    return GELU_SLOPE_ZERO.patch(xc, slope)


def _gelu_slope_left(x: np.ndarray) -> np.ndarray:
    """Left of the zero of f' (x < −0.75): Φ(x) + xφ(x) = e^{−x²/2}·(Φ(x)e^{x²/2} + x/√(2π)),
    the exponential taken from the exact x²/2 so the tail keeps every digit."""
    half_sq, half_sq_low = nx.half_square(x)
    bracket = nx.scaled_normal_cdf(np.minimum(x, -0.7)) + x * nx.INV_SQRT_2PI
    return nx.exp_times(bracket, -half_sq, -half_sq_low)


def _gelu_slope_right(x: np.ndarray) -> np.ndarray:
    return nx.normal_cdf_times(1.0, x) + nx.normal_pdf_times(x, x)




def gelu_bwd2(x: np.ndarray) -> np.ndarray:
    # φ(x)·(2 − x²): 2 − x² from the exact square, so it keeps its digits next to the zeros
    # at ±√2; the exponential from the exact x²/2, as in f'.
    # 2 − x² is exact by Sterbenz where it cancels (1 ≤ x² ≤ 4); elsewhere its rounding is
    # not amplified.
    square, square_low = nx.square(np.clip(x, -_SATURATED, _SATURATED))
    difference = 2.0 - square
    difference -= square_low
    return nx.normal_pdf_of_square(difference, square, square_low)


def _exact_normal_cdf(mp, x):
    """Φ(x) in mpmath.  mpmath's erfc fails beyond |x| ≈ 1e154 (an int-to-float overflow inside
    it); for |x| > 1e10 the Mills-ratio series Φ(x) = φ(x)/|x|·(1 − 1/x² + 3/x⁴) is exact to
    far more than 60 digits (the next term is 15/x⁶ < 1e-60)."""
    if x < -1e10:
        return mp.npdf(x) / -x * (1 - 1 / x**2 + 3 / x**4)
    if x > 1e10:
        return 1 - mp.npdf(x) / x * (1 - 1 / x**2 + 3 / x**4)
    return mp.ncdf(x)


# The minima of the non-monotonic units, f at the zero of f' (tools/derive_constants.py).
GELU_MINIMUM = -0.16997120747990366
GELU_TANH_MINIMUM = -0.17004075057125406
SILU_MINIMUM = -0.2784645427610738
MISH_MINIMUM = -0.30884341301725043


# Where the code switches form (the edges of the pieces of Φ(x)·e^{x²/2} among them), and
# −1.39, where scipy's erfcx, once used there, was least accurate.
GELU_SCAN = (*GELU_SLOPE_ZERO.spots(), -1.39, -2.0**0.5, 2.0**0.5, -_SATURATED, _SATURATED,
             nx.NORMAL_FAR_TAIL,
             *(c + nx.NORMAL_TAIL_HALF_WIDTH for c, _ in nx.NORMAL_TAIL_PIECES))

register(
    Activation(
        name="gelu",
        title="GELU",
        family="smooth",
        formula=r"f(x) = x\,\Phi(x)",
        derivative_formula=r"f'(x) = \Phi(x) + x\,\varphi(x)",
        function=gelu_fwd,
        derivative=gelu_bwd,
        naive_function=tb.gelu,
        naive_derivative=tb.gelu_slope,
        exact=lambda mp, x: x * _exact_normal_cdf(mp, x),
        exact_derivative=lambda mp, x: _exact_normal_cdf(mp, x) + x * mp.npdf(x),
        second_derivative=gelu_bwd2,
        second_derivative_formula=r"f''(x) = \varphi(x)\,(2 - x^2)",
        exact_second_derivative=lambda mp, x: mp.npdf(x) * (2 - x * x),
        extra={"scan_around": GELU_SCAN},
        properties=_self_gated_properties(GELU_MINIMUM),
        summary="Weights x by the probability Φ(x) that a standard normal is below it; "
        "the default in transformers (BERT, GPT).",
        reference="Hendrycks & Gimpel, Gaussian error linear units (GELUs) (2016)",
        uses=("transformers", "hidden"),
        notes={
            "en": Notes(
                lesson="GELU weights x by Φ(x), the probability that a standard normal variable is "
                "below x: a smooth ReLU-like gate, the standard activation of transformers (BERT, "
                "GPT, ViT).",
                strengths=(
                    "Smooth everywhere (C∞): the gradient changes gradually, with no kink at 0.",
                    "A small dip (minimum ≈ −0.17 at x ≈ −0.75) lets small negative inputs through "
                    "with a reduced weight, so units do not die as ReLU units do.",
                    "Matched or beat `relu` and `elu` on the vision, language and speech tasks of "
                    "its paper; the default in transformer feed-forward blocks.",
                ),
                weaknesses=(
                    "Needs erf (or the `gelu_tanh` approximation): slower than `relu`.",
                    "Not monotonic and not zero-centred; saturates, slowly, on the left.",
                ),
                where_used="The feed-forward blocks of BERT, RoBERTa, GPT-2, GPT-3 and Vision "
                "Transformers; modern CNNs such as ConvNeXt.",
            ),
            "zh": Notes(
                lesson="GELU 用 Φ(x) 给 x 加权，Φ(x) 是标准正态随机变量小于 x 的概率：一个形似 "
                "ReLU 的平滑门，是 Transformer（BERT、GPT、ViT）的标准激活函数。",
                strengths=(
                    "处处光滑（C∞）：梯度连续变化，0 处没有尖角。",
                    "有一个小凹陷（最小值约 −0.17，在 x ≈ −0.75 处），小的负输入按较小的权重通过，"
                    "单元不会像 ReLU 那样死亡。",
                    "在原论文的视觉、语言、语音任务上与 `relu`、`elu` 持平或更好；是 Transformer "
                    "前馈层的默认选择。",
                ),
                weaknesses=(
                    "需要计算 erf（或用 `gelu_tanh` 近似）：比 `relu` 慢。",
                    "不单调，也不是零中心；左侧会（缓慢地）饱和。",
                ),
                where_used="BERT、RoBERTa、GPT-2、GPT-3 和 Vision Transformer 的前馈层；ConvNeXt "
                "等现代 CNN。",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.GELU", note={
                "en": "approximate='none' is the default; approximate='tanh' is `gelu_tanh`",
                "zh": "默认 approximate='none'；approximate='tanh' 即 `gelu_tanh`"}),
            FrameworkName("jax", "jax.nn.gelu(approximate=False)", note={
                "en": "not the default: jax.nn.gelu defaults to approximate=True, `gelu_tanh`",
                "zh": "不是默认形式：jax.nn.gelu 默认 approximate=True，即 `gelu_tanh`"}),
            FrameworkName("keras", "keras.activations.gelu", note=_APPROXIMATE_FALSE),
            FrameworkName("tensorflow", "tf.nn.gelu", note=_APPROXIMATE_FALSE),
            FrameworkName("mlx", "mlx.nn.gelu", note={
                "en": "mlx.nn.gelu_approx is `gelu_tanh`; mlx.nn.gelu_fast_approx is x·σ(1.702x)",
                "zh": "mlx.nn.gelu_approx 即 `gelu_tanh`；mlx.nn.gelu_fast_approx 是 x·σ(1.702x)"}),
            FrameworkName("timm", "get_act_layer('gelu')"),
        ),
    )
)

# z = 2u = 2√(2/π)·x·(1 + 0.044715x²), carried as a double-double: σ(z) in the tail is e^z with
# |z| up to 745, where rounding z to float64 would cost hundreds of ulp.  The constants'
# low parts are the rounding errors of their float64 values (tools/derive_constants.py).
GELU_TANH_C2 = (1.5957691216057308, -9.96930880911092e-17)  # 2√(2/π)
GELU_TANH_K = (0.044715, 2.1960211427085595e-18)  # 0.044715 (a decimal, not a binary number)
# Beyond |x| = 50 the gate is exactly 0 or 1 (|z| > 8000).
_GELU_TANH_SATURATED = 50.0


def _gelu_tanh_polynomial(
    xc: np.ndarray, square: tuple[np.ndarray, np.ndarray], times: float
) -> tuple[np.ndarray, np.ndarray]:
    """2√(2/π)·x·(1 + times·0.044715·x²) as a double-double: z for times = 1, x·dz/dx for 3."""
    k = nx.dd_mul(times, 0.0, *GELU_TANH_K)
    inner = nx.dd_add(1.0, *nx.dd_mul(*k, *square))
    return nx.dd_mul(*GELU_TANH_C2, *nx.dd_mul(xc, 0.0, *inner))


def _gelu_tanh_gate(x: np.ndarray) -> tuple[np.ndarray, tuple, tuple]:
    """x clamped to ±50, z = 2√(2/π)(x + 0.044715x³) and x·dz/dx, both double-doubles."""
    xc, square, z = _gelu_tanh_argument(x)
    return xc, z, _gelu_tanh_polynomial(xc, square, 3.0)


def _gelu_tanh_argument(x: np.ndarray) -> tuple[np.ndarray, tuple, tuple]:
    """x clamped to ±50, x² and z = 2√(2/π)(x + 0.044715x³), both double-doubles."""
    xc = nx.clamp(x, _GELU_TANH_SATURATED)
    square = nx.square(xc)
    return xc, square, _gelu_tanh_polynomial(xc, square, 1.0)


# f'(x) = 0 at x ≈ -0.752461: the closed form cancels there (tools/derive_constants.py).
GELU_TANH_SLOPE_ZERO = nx.RootSeries(
    root_high=-0.7524614220710163,
    root_low=3.635560509207687e-17,
    radius=0.5,
    coefficients=(
        0.4304000910248585, 0.38751844613578895, -0.01578285352184803,
        -0.11394448308095897, -0.016619328343052554, 0.019682309459832365,
        0.005261059254921206, -0.002422731845845199, -0.0009274420229925151,
        0.00026392763987438634, 0.0001242522774142066, -3.495616312837888e-05,
        -1.5950888823282645e-05, 5.91854111470542e-06, 2.43348517445359e-06,
        -9.894964845739889e-07, -4.306770488997297e-07, 1.403917773956126e-07,
        7.408362416760761e-08, -1.4822520044633317e-08, -9.893444509446246e-09,
    ),
)


def gelu_tanh_fwd(x: np.ndarray) -> np.ndarray:
    # ½x(1 + tanh u) = x·σ(2u): the sigmoid form keeps the negative tail, where 1 + tanh u
    # would cancel to 0.  Each form on its own elements.
    xc, _, (z, z_low) = _gelu_tanh_argument(x)
    gated = nx.split_at(z, _TAIL, nx.exp_times, lambda xs, zs, lows: xs * nx.sigmoid_dd(zs, lows),
                        xc, z, z_low)
    return _beyond_saturation(x, gated, _GELU_TANH_SATURATED)


def gelu_tanh_bwd(x: np.ndarray) -> np.ndarray:
    # f' = σ(z)·(1 + x·z'·σ(−z)).  For z < 0 that is e^z·(1 + x·z' + e^z)/(1 + e^z)², whose
    # numerator is summed in double-double (1 + x·z' cancels partly) and whose e^z factor is
    # scaled by nx.exp_times, so one form covers the whole left side down to the last subnormal.
    # Each form on its own elements (z has the sign of x).
    xc, (z, z_low), (x_dz, x_dz_low) = _gelu_tanh_gate(x)
    slope = nx.split_at(xc, 0.0, _gelu_tanh_slope_left, _gelu_tanh_slope_right,
                        z, z_low, x_dz, x_dz_low)
    return GELU_TANH_SLOPE_ZERO.patch(xc, slope)


def _gelu_tanh_slope_left(z, z_low, x_dz, x_dz_low) -> np.ndarray:
    e = np.exp(z)
    numerator, numerator_low = nx.dd_add(1.0, x_dz, x_dz_low)
    return (nx.exp_times(numerator + (numerator_low + e), z, z_low, e)
            / nx.squared_one_plus_rounded_once(e))


def _gelu_tanh_slope_right(z, z_low, x_dz, x_dz_low) -> np.ndarray:
    return nx.sigmoid_dd(z, z_low) * (1.0 + x_dz * nx.sigmoid(-z))


# f''(x) = 0 at |x| ≈ 1.418504 (f'' is even), where (C − |x|z'²) + e·(C + |x|z'²) cancels.
GELU_TANH_CURVATURE_ZERO = nx.RootSeries(
    root_high=1.4185040087908283,
    root_low=8.089265124388305e-17,
    radius=0.5,
    coefficients=(
        -0.4095488174124191, 0.432081111593848, -0.008168951883944803,
        -0.1610948169321348, 0.05675054097516174, 0.02003536116269709,
        -0.016711507560855304, 0.0007632001138578346, 0.00264346114675155,
        -0.0007514200811456998, -0.00026173756976406964, 0.00017619946844746158,
        6.138895322034639e-06, -2.9186937952715244e-05, 4.884213283437597e-06,
        3.5709525956945817e-06, -1.5010806924709746e-06, -2.3815287280472893e-07,
        2.758777125349365e-07, -1.1866386239081985e-08, -3.2266559846879994e-08,
    ),
)


def gelu_tanh_bwd2(x: np.ndarray) -> np.ndarray:
    # f'' = σ'(z)·(C − x·z'²·tanh(z/2)) with C = 2z' + x·z'' = 2√(2/π)(2 + 12·0.044715x²).
    # With e = e^{−|z|} (z has the sign of x): e·((C − |x|z'²) + e·(C + |x|z'²))/(1 + e)³,
    # both sums in double-double and e·(…) scaled by nx.exp_times for the far tails.
    xc, square, (z, z_low) = _gelu_tanh_argument(x)
    # 3·0.044715x² once: z' = c₂(1 + 3kx²) and C = c₂(2 + 4·3kx²) (×4 is exact).
    three_kx2 = nx.dd_mul(*nx.dd_mul(*GELU_TANH_K, *square), 3.0, 0.0)
    slope = nx.dd_mul(*GELU_TANH_C2, *nx.dd_add(1.0, *three_kx2))  # z'
    bend = nx.dd_mul(np.abs(xc), 0.0, *nx.dd_mul(*slope, *slope))  # |x|·z'²
    c = nx.dd_mul(*GELU_TANH_C2, *nx.dd_add(2.0, 4.0 * three_kx2[0], 4.0 * three_kx2[1]))
    a, a_low = nx.magnitude(z, z_low)
    e = np.exp(-a)
    gap = nx.dd_sum(c, (-bend[0], -bend[1]))
    total = nx.dd_sum(c, bend)
    numerator = gap[0] + (gap[1] + e * (total[0] + total[1]))
    closed = nx.exp_times(numerator, -a, -a_low) / nx.cubed_one_plus_rounded_once(e)
    return GELU_TANH_CURVATURE_ZERO.patch(np.abs(xc), closed)


def _gelu_tanh_exact(mp, x):
    """x·σ(2u) in mpmath, with the float constants' exact decimal values."""
    u = mp.sqrt(2 / mp.pi) * (x + mp.mpf("0.044715") * x**3)
    return x / (1 + mp.exp(-2 * u))


def _gelu_tanh_exact_second_derivative(mp, x):
    """σ'(z)·(2z' + x·z'' − x·z'²·tanh(z/2)) with z = 2u."""
    c, k = 2 * mp.sqrt(2 / mp.pi), mp.mpf("0.044715")
    z = c * (x + k * x**3)
    dz = c * (1 + 3 * k * x**2)
    bracket = c * (2 + 12 * k * x**2) - x * dz**2 * mp.tanh(z / 2)
    return bracket / ((1 + mp.exp(-z)) * (1 + mp.exp(z)))


def _gelu_tanh_exact_derivative(mp, x):
    u = mp.sqrt(2 / mp.pi) * (x + mp.mpf("0.044715") * x**3)
    du = mp.sqrt(2 / mp.pi) * (1 + 3 * mp.mpf("0.044715") * x**2)
    gate = 1 / (1 + mp.exp(-2 * u))
    return gate + x * du * 2 / ((1 + mp.exp(-2 * u)) * (1 + mp.exp(2 * u)))


GELU_TANH_SCAN = (*GELU_TANH_SLOPE_ZERO.spots(), *_both_signs(GELU_TANH_CURVATURE_ZERO.spots()),
                  0.0, -_GELU_TANH_SATURATED, _GELU_TANH_SATURATED)

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
        naive_function=tb.gelu_tanh,
        naive_derivative=tb.gelu_tanh_slope,
        exact=_gelu_tanh_exact,
        exact_derivative=_gelu_tanh_exact_derivative,
        second_derivative=gelu_tanh_bwd2,
        second_derivative_formula=r"f''(x) = 2\sigma'(2u)\,(2u' + x u'' - 2x u'^2\tanh u)",
        exact_second_derivative=_gelu_tanh_exact_second_derivative,
        extra={"scan_around": GELU_TANH_SCAN},
        properties=_self_gated_properties(GELU_TANH_MINIMUM),
        summary="The tanh approximation of GELU used by the original BERT and GPT-2 code.",
        reference="Hendrycks & Gimpel, Gaussian error linear units (GELUs) (2016)",
        uses=("transformers",),
        notes={
            "en": Notes(
                lesson="The fast approximation ½x(1 + tanh[√(2/π)(x + 0.044715x³)]), within 5e-4 "
                "of exact GELU; the original BERT and GPT-2 code used it, and models trained with "
                "it expect it.",
                strengths=(
                    "Only a tanh and a cubic: no erf, which some hardware and older frameworks "
                    "lacked.",
                    "Smooth, and close to `gelu` everywhere.",
                ),
                weaknesses=(
                    "An approximation: to reproduce a model, use the variant it was trained with.",
                    "With fast erf now widely available, it saves little.",
                ),
                where_used="The original BERT and GPT-2 code; PyTorch's GELU(approximate='tanh'); "
                "JAX's jax.nn.gelu, which uses it by default.",
            ),
            "zh": Notes(
                lesson="快速近似 ½x(1 + tanh[√(2/π)(x + 0.044715x³)])，与精确的 GELU 相差不超过 "
                "5e-4；最初的 BERT 和 GPT-2 代码用的就是它，用它训练的模型推理时也应使用它。",
                strengths=(
                    "只需一个 tanh 和一个三次多项式：不用 erf，而某些硬件和旧框架没有 erf。",
                    "光滑，且处处接近 `gelu`。",
                ),
                weaknesses=(
                    "终究是近似：要复现一个模型，就用它训练时的那个版本。",
                    "如今快速的 erf 已很普遍，它省下的时间不多。",
                ),
                where_used="最初的 BERT 和 GPT-2 代码；PyTorch 的 GELU(approximate='tanh')；JAX 的 "
                "jax.nn.gelu 默认使用它。",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.GELU(approximate='tanh')"),
            FrameworkName("jax", "jax.nn.gelu", note={
                "en": "jax.nn.gelu's default form (approximate=True); approximate=False is `gelu`",
                "zh": "jax.nn.gelu 的默认形式（approximate=True）；approximate=False 即 `gelu`"}),
            FrameworkName("keras", "keras.activations.gelu(approximate=True)"),
            FrameworkName("tensorflow", "tf.nn.gelu(approximate=True)"),
            FrameworkName("mlx", "mlx.nn.gelu_approx", note={
                "en": "older MLX releases computed x·σ(1.60033x(1 + 0.0433603x²)) under this name",
                "zh": "较早的 MLX 版本用这个名字计算的是 x·σ(1.60033x(1 + 0.0433603x²))"}),
            FrameworkName("timm", "get_act_layer('gelu_tanh')"),
        ),
    )
)


def _swish_exact_derivative(mp, x, beta):
    """σ(βx)(1 + βx·σ(−βx)) in mpmath."""
    u = beta * x
    return (1 + u / (1 + mp.exp(u))) / (1 + mp.exp(-u))


# f'(x) = 0 at x ≈ -1.278465: the closed form cancels there (tools/derive_constants.py).
SILU_SLOPE_ZERO = nx.RootSeries(
    root_high=-1.2784645427610737,
    root_low=-1.0946994183093437e-16,
    radius=0.5,
    coefficients=(
        0.2178117057198001, 0.1466487969969469, 0.018874814223782312,
        -0.015222655223188017, -0.006606589138356692, 0.0001266274100800973,
        0.0007985218818394918, 0.00018570724364466978, -4.090534236441042e-05,
        -2.973354278225849e-05, -2.9426320605394226e-06, 2.3460354817002315e-06,
        8.599712591190215e-07, -3.054819125209455e-08, -9.267735045948044e-08,
        -1.8746556610921044e-08, 4.659700332440361e-09, 2.6542655109920334e-09,
        1.5376657949200558e-10,
    ),
)


def _swish_exact_second_derivative(mp, x, beta):
    """β·σ'(u)·(2 − u·tanh(u/2)) at u = βx in mpmath."""
    u = beta * x
    return beta * (2 - u * mp.tanh(u / 2)) / ((1 + mp.exp(-u)) * (1 + mp.exp(u)))


# silu''(u) = 0 at |u| ≈ 2.399357 (f'' is even), where (2 − |u|) + e·(2 + |u|) cancels.
SILU_CURVATURE_ZERO = nx.RootSeries(
    root_high=2.3993572805154675,
    root_low=1.8464872855353363e-16,
    radius=0.6,
    coefficients=(
        -0.09153052016419229, 0.07629586548655085, -0.022487259234225326,
        -0.0018366701447628433, 0.003862816776830254, -0.0013663696912368064,
        0.000115130701958461, 9.644059294244101e-05, -4.745074279304972e-05,
        8.432377551307988e-06, 1.2461615108990282e-06, -1.1904603928498554e-06,
        3.144648984087508e-07, -9.904834969231568e-09, -2.2617907187470743e-08,
        8.624523963393274e-09, -1.1400065085833149e-09, -3.0185986171066666e-10,
        1.9169682162393535e-10, -3.453543829734483e-11, -2.7521690492042892e-12,
    ),
)


def _gate_argument(x: np.ndarray, beta: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x clamped to |βx| ≤ 1000, and u = βx as a double-double (exact for β = 1)."""
    bound = _SATURATED / beta
    xc = nx.clamp(x, bound)
    if beta == 1.0:  # u = x exactly: no rounding error to carry
        return xc, xc, 0.0
    u, u_low = nx.two_product(beta, xc)
    return xc, u, u_low


def swish_fwd(x: np.ndarray, beta: float = 1.0) -> np.ndarray:
    xc, u, u_low = _gate_argument(x, beta)
    # x·σ(u) = x·e^u in the tail, to far better than an ulp; each form on its own elements.
    gated = nx.split_at(u, _TAIL, nx.exp_times, _swish_body, xc, u, u_low)
    return _beyond_saturation(x, gated, _SATURATED / beta)


def _swish_body(x: np.ndarray, u: np.ndarray, u_low: np.ndarray | float) -> np.ndarray:
    if nx.is_zero(u_low):
        return nx.sigmoid_times(x, u)
    return x * nx.sigmoid_dd(u, u_low)


def swish_bwd(x: np.ndarray, beta: float = 1.0) -> np.ndarray:
    """d/dx x·σ(βx) = σ(u)(1 + u·σ(−u)) at u = βx: SiLU's slope at u (not the β = 1 formula).

    For u < 0 it is e^u·(1 + u + e^u)/(1 + e^u)²: 1 + u is summed exactly and e^u is scaled by
    nx.exp_times, so the form holds down to the last subnormal.
    """
    _, u, u_low = _gate_argument(x, beta)
    slope = nx.by_mask(u < 0, _swish_slope_left, _swish_slope_right, u, u_low)
    return SILU_SLOPE_ZERO.patch(u, slope, u_low)


def _swish_slope_left(u: np.ndarray, u_low: np.ndarray) -> np.ndarray:
    """SiLU's slope at u + u_low < 0: e^u·(1 + u + e^u)/(1 + e^u)²."""
    e = np.exp(u)
    numerator, numerator_low = nx.dd_add(1.0, u, u_low)
    return nx.exp_times(numerator + (numerator_low + e), u, u_low) / nx.squared_one_plus(e)


def _swish_slope_right(u: np.ndarray, u_low: np.ndarray) -> np.ndarray:
    """SiLU's slope at u + u_low ≥ 0: σ(u)·(1 + u·σ(−u))."""
    return nx.sigmoid_dd(u, u_low) * (1.0 + u * nx.sigmoid(-u))


def swish_bwd2(x: np.ndarray, beta: float = 1.0) -> np.ndarray:
    """d²/dx² x·σ(βx) = β·σ'(u)·(2 − u·tanh(u/2)) at u = βx.

    With a = |u| and e = e^{−a}: β·e·((2 − a) + e·(2 + a))/(1 + e)³, 2 − a summed exactly and
    β·e·(…) scaled by nx.exp_times for the far tails.
    """
    _, u, u_low = _gate_argument(x, beta)
    a, a_low = nx.magnitude(u, u_low)
    e = np.exp(-a)
    closed = nx.scaled_exp(_swish_curvature_bracket(a, a_low, e, beta), a, a_low, e)
    closed /= nx.cubed_one_plus(e)
    return SILU_CURVATURE_ZERO.patch(a, closed, a_low, factor=beta)


def _swish_curvature_bracket(a: np.ndarray, a_low: np.ndarray | float, e: np.ndarray,
                             beta: float) -> np.ndarray:
    """β·((2 − a − a_low) + e·(2 + a)), the bracket of swish's f'' at a + a_low = |u|, e = e^{−a}.

    With a_low = 0 (β = 1) 2 − a is exact for 1 ≤ a ≤ 4 (Sterbenz) and elsewhere the sum does
    not cancel (the terms have one sign for a < 2, and e·(2 + a) < (a − 2)/4 for a > 4), so
    plain float64 suffices away from the zero at a ≈ 2.4, which the series covers.  With
    a_low ≠ 0 the bracket is summed, and multiplied by β, as one double-double: each extra
    rounding of 2 − a, of the sum and of β·(…) counts, and together they put quick_gelu's f''
    5 ulp off near x = −1.92 and swish β=3's 4.2 near −2.011.
    """
    if nx.is_zero(a_low):
        bracket = 2.0 - a
        bracket += e * (2.0 + a)
        return bracket if beta == 1.0 else beta * bracket
    gap, gap_low = nx.two_sum(2.0, -a)
    scaled, scaled_low = nx.two_product(beta, gap)
    return scaled + (scaled_low + beta * ((gap_low - a_low) + e * (2.0 + a)))


def silu_fwd(x: np.ndarray) -> np.ndarray:
    return swish_fwd(x)


def silu_bwd(x: np.ndarray) -> np.ndarray:
    return swish_bwd(x)


def silu_bwd2(x: np.ndarray) -> np.ndarray:
    return swish_bwd2(x)


# In u = βx: swish scans them divided by β.
SILU_SCAN = (*SILU_SLOPE_ZERO.spots(), *_both_signs(SILU_CURVATURE_ZERO.spots()), _TAIL, 0.0,
             -_SATURATED, _SATURATED)

register(
    Activation(
        name="silu",
        title="SiLU",
        family="smooth",
        formula=r"f(x) = x\,\sigma(x)",
        derivative_formula=r"f'(x) = \sigma(x)\,(1 + x\,\sigma(-x))",
        function=silu_fwd,
        derivative=silu_bwd,
        naive_function=tb.swish,
        naive_derivative=tb.swish_slope,
        exact=lambda mp, x: x / (1 + mp.exp(-x)),
        exact_derivative=lambda mp, x: _swish_exact_derivative(mp, x, 1),
        second_derivative=silu_bwd2,
        second_derivative_formula=r"f''(x) = \sigma'(x)\,(2 - x\tanh(x/2))",
        exact_second_derivative=lambda mp, x: _swish_exact_second_derivative(mp, x, 1),
        extra={"scan_around": SILU_SCAN},
        properties=_self_gated_properties(SILU_MINIMUM),
        summary="x gated by its own sigmoid; smooth, non-monotonic dip below 0.",
        reference="Elfwing, Uchibe & Doya, Sigmoid-weighted linear units (2017)",
        uses=("cnn", "transformers", "gates"),
        notes={
            "en": Notes(
                lesson="SiLU = x·σ(x): the input gated by its own sigmoid; smooth and "
                "non-monotonic, the activation of EfficientNet, of YOLOv5 and of the SwiGLU blocks "
                "of LLaMA.",
                strengths=(
                    "Smooth (C∞) and unbounded above: no saturation for x > 0.",
                    "A small dip (minimum ≈ −0.278 at x ≈ −1.28) keeps a non-zero gradient for "
                    "moderate negative inputs.",
                    "Often matches or beats `relu` in deep models; Ramachandran et al. found the "
                    "same function by automated search and called it Swish.",
                ),
                weaknesses=(
                    "Needs an exponential: slower than `relu` (`hardswish` is its cheap version).",
                    "Non-monotonic and not zero-centred; saturates on the left.",
                ),
                where_used="EfficientNet, YOLOv5 and later YOLOs, the U-Nets of diffusion models; "
                "as the gate in the SwiGLU feed-forward blocks of PaLM and LLaMA. First proposed "
                "for reinforcement learning (Elfwing et al. 2017).",
            ),
            "zh": Notes(
                lesson="SiLU = x·σ(x)：输入被它自己的 sigmoid 门控；光滑、非单调，是 EfficientNet"
                "、YOLOv5 以及 LLaMA 中 SwiGLU 模块的激活函数。",
                strengths=(
                    "光滑（C∞），没有上界：x > 0 时不饱和。",
                    "有一个小凹陷（最小值约 −0.278，在 x ≈ −1.28 处），中等大小的负输入仍有非零梯"
                    "度。",
                    "在深层模型中常常与 `relu` 持平或更好；Ramachandran 等用自动搜索找到了同一个函"
                    "数，称之为 Swish。",
                ),
                weaknesses=(
                    "需要计算指数：比 `relu` 慢（`hardswish` 是它的廉价版本）。",
                    "非单调，也不是零中心；左侧饱和。",
                ),
                where_used="EfficientNet、YOLOv5 及之后的 YOLO、扩散模型的 U-Net；PaLM 和 LLaMA 的 "
                "SwiGLU 前馈层中作为门。最早是为强化学习提出的（Elfwing 等 2017）。",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.SiLU"),
            FrameworkName("jax", "jax.nn.silu", note=same_function_as("jax.nn.swish")),
            FrameworkName("keras", "keras.activations.silu", note=same_function_as("keras.activations.swish")),
            FrameworkName("tensorflow", "tf.nn.silu", note={
                "en": "tf.nn.swish is the same function; its beta argument (1 by default) makes it `swish`",
                "zh": "tf.nn.swish 是同一个函数；它的 beta 参数（默认 1）使它成为 `swish`"}),
            FrameworkName("mlx", "mlx.nn.silu"),
            FrameworkName("timm", "get_act_layer('silu')", note=same_function_as("get_act_layer('swish')")),
        ),
    )
)


register(
    Activation(
        name="swish",
        title="Swish",
        family="smooth",
        formula=r"f(x) = x\,\sigma(\beta x)",
        derivative_formula=r"f'(x) = \sigma(\beta x)\,(1 + \beta x\,\sigma(-\beta x))",
        function=swish_fwd,
        derivative=swish_bwd,
        naive_function=tb.swish,
        naive_derivative=tb.swish_slope,
        exact=lambda mp, x, beta: x / (1 + mp.exp(-beta * x)),
        exact_derivative=_swish_exact_derivative,
        second_derivative=swish_bwd2,
        second_derivative_formula=r"f''(x) = \beta\,\sigma'(\beta x)\,(2 - \beta x\tanh(\beta x/2))",
        exact_second_derivative=_swish_exact_second_derivative,
        extra={"scan_around": lambda beta: tuple(u / beta for u in SILU_SCAN)},
        parameters=(
            Parameter("beta", 1.0, "sharpness of the gate (β → ∞ tends to ReLU)", low=0.0,
                      low_open=True, high=1e6, symbol="β"),
        ),
        properties=lambda beta: _self_gated_properties(SILU_MINIMUM / beta),
        summary="SiLU with a sharpness β; found by automated search, β = 1 is SiLU.",
        reference="Ramachandran, Zoph & Le, Searching for activation functions (2017)",
        uses=("cnn", "research"),
        notes={
            "en": Notes(
                lesson="Swish = x·σ(βx) moves from x/2 (β → 0) to ReLU (β → ∞); found by an "
                "automated search in 2017, it is `silu` when β = 1.",
                strengths=(
                    "β tunes the shape: small β is nearly linear, large β nearly ReLU; β can also "
                    "be learned.",
                    "Smooth, unbounded above, bounded below; in the search paper it raised "
                    "ImageNet top-1 accuracy over ReLU (by 0.9% for Mobile NASNet-A).",
                ),
                weaknesses=(
                    "An exponential per element; non-monotonic.",
                    "A learned β is one more parameter; most models simply use β = 1 (`silu`).",
                ),
                where_used="EfficientNet and other networks found by architecture search (with β = "
                "1); its piecewise-linear approximation `hardswish` is in MobileNetV3.",
            ),
            "zh": Notes(
                lesson="Swish = x·σ(βx)，从 x/2（β → 0）过渡到 ReLU（β → ∞）；2017 年由自动搜索发"
                "现，β = 1 时就是 `silu`。",
                strengths=(
                    "β 调节形状：β 小时接近线性，β 大时接近 ReLU；β 也可以学习。",
                    "光滑，上无界、下有界；在提出它的搜索论文中，ImageNet top-1 准确率比 ReLU 高（"
                    "Mobile NASNet-A 上高 0.9%）。",
                ),
                weaknesses=(
                    "每个元素都要算一次指数；非单调。",
                    "可学习的 β 又多一个参数；多数模型直接用 β = 1（即 `silu`）。",
                ),
                where_used="EfficientNet 等由网络结构搜索得到的模型（β = 1）；它的分段线性近似 "
                "`hardswish` 用在 MobileNetV3 中。",
                parameters={"beta": "门的陡峭程度（β → ∞ 时趋于 ReLU）"},
            ),
        },
        frameworks=(
            FrameworkName("jax", "jax.nn.swish", {"beta": 1.0}, note=_SILU_NAMED_SWISH),
            FrameworkName("keras", "keras.activations.swish", {"beta": 1.0}, note=_SILU_NAMED_SWISH),
            FrameworkName("tensorflow", "tf.nn.swish", {"beta": 1.0}, note=same_function_as("tf.nn.silu")),
            FrameworkName("timm", "get_act_layer('swish')", {"beta": 1.0}, note=_SILU_NAMED_SWISH),
        ),
    )
)


# f'(x) = 0 at x ≈ -1.192431: the closed form cancels there (tools/derive_constants.py).
MISH_SLOPE_ZERO = nx.RootSeries(
    root_high=-1.1924312145154952,
    root_low=-4.8484829848031044e-17,
    radius=1.0,
    coefficients=(
        0.2669479140495345, 0.20473126408010586, 0.04190782104360987,
        -0.02027182271668425, -0.01582112656173338, -0.003360684927023115,
        0.0010924055409445876, 0.0009898181021259223, 0.00025412936386186573,
        -4.1961495998556646e-05, -5.5828915673042e-05, -1.7299271040839175e-05,
        9.427361281698361e-07, 2.908821010153391e-06, 1.0716767279251027e-06,
        2.6875941177599763e-08, -1.4117265778037348e-07, -6.173624596025516e-08,
        -5.459907541037964e-09, 6.376413788735728e-09, 3.3598257977955842e-09,
        4.972700815863362e-10, -2.6664964466641633e-10, -1.871973501288251e-10,
        -3.485526996602688e-11, 1.7178733211246585e-11, 9.416728019976103e-12,
        -2.98650308853764e-13, -7.045469272383742e-13,
    ),
)


def mish_fwd(x: np.ndarray) -> np.ndarray:
    xc = nx.clamp(x, _SATURATED)
    # In the tail softplus(x) = e^x and tanh(s) = s, to far better than an ulp.
    gated = nx.split_at(xc, _TAIL, lambda xs: nx.exp_times(xs, xs),
                        lambda xs: xs * np.tanh(nx.softplus(xs)), xc)
    return _beyond_saturation(x, gated, _SATURATED)


def mish_bwd(x: np.ndarray) -> np.ndarray:
    # tanh(s) + x·sech²(s)·σ(x), s = softplus(x), as rational functions of one exponential:
    # of w = e^x for x < 0 and of v = e^{−x} for x ≥ 0 (see the two forms), each form on its
    # own elements, and the series next to the zero at x ≈ −1.19.
    xc = np.clip(x, -_SATURATED, _SATURATED)
    return MISH_SLOPE_ZERO.patch(xc, nx.by_mask(xc < 0, _mish_slope_left, _mish_slope_right, xc))


def _mish_slope_left(x: np.ndarray) -> np.ndarray:
    """Mish's slope for x < 0: with w = e^x and D = w² + 2w + 2, tanh(s) = w(w + 2)/D and
    sech²(s)·σ(x) = 4w(1 + w)/D², so f' = w·N/D² with N = (w + 2)D + 4x(1 + w).

    N is summed as 4(1 + x) + w·(6 + 4x + w(4 + w)): 1 + x is exact where N cancels (next to
    the zero, which the series covers), and elsewhere the w-term is the smaller one of two that
    do not cancel, so float64 suffices; w·(…) is scaled by nx.exp_times for the far tail.
    """
    w = np.exp(x)
    n = 4.0 + w
    n *= w
    n += 6.0
    n += 4.0 * x
    n *= w
    n += 4.0 * (1.0 + x)
    n /= nx.horner(_MISH_D_SQUARED, w)
    return nx.exp_times(n, x, 0.0, w)


def _mish_slope_right(x: np.ndarray) -> np.ndarray:
    """Mish's slope for x ≥ 0: with v = e^{−x} and E = 1 + 2v + 2v² (D = E/v²),
    f' = ((1 + 2v)·E + 4x·v²(1 + v))/E², every term positive."""
    v = np.exp(-x)
    n = 1.0 + v
    n *= 4.0 * x
    n += 4.0 * v
    n += 6.0
    n *= v
    n += 4.0
    n *= v
    n += 1.0
    n /= nx.horner(_MISH_E_SQUARED, v)
    return n


# D² = (w² + 2w + 2)², D³, E² = (2v² + 2v + 1)² and E³ expanded (lowest order first): each
# rounding of Horner's rule is then scaled by w or v ≤ 1 before the last, exact-leading sum,
# where cubing a rounded D would triple its error.
_MISH_D_SQUARED = (4.0, 8.0, 8.0, 4.0, 1.0)
_MISH_D_CUBED = (8.0, 24.0, 36.0, 32.0, 18.0, 6.0, 1.0)
_MISH_E_SQUARED = (1.0, 4.0, 8.0, 8.0, 4.0)
_MISH_E_CUBED = (1.0, 6.0, 18.0, 32.0, 36.0, 24.0, 8.0)


# f''(x) = 0 at x ≈ −2.256376 and x ≈ 1.490571, where the brackets of both forms cancel.
MISH_CURVATURE_ZEROS = (
    nx.RootSeries(
        root_high=-2.256376396360793,
        root_low=-1.0703174875019247e-16,
        radius=0.6,
        coefficients=(
            0.1087544107316427, 0.09898193805255845, 0.03736189561023729,
            0.0033540526593358617, -0.003860493935188508, -0.0024800681093346557,
            -0.0007927886724149677, -0.00010538381920105167, 3.9783330527390805e-05,
            3.223849692808616e-05, 1.1646398887085095e-05, 2.197226551671796e-06,
            -1.916635684238689e-07, -3.288632754485715e-07, -1.3816585916809844e-07,
            -3.18096790597918e-08, -9.13342296444211e-10, 2.8279071625978064e-09,
            1.4148172543719798e-09, 3.2816780733800006e-10, 1.147153273286154e-11,
        ),
    ),
    nx.RootSeries(
        root_high=1.4905711794854284,
        root_low=7.126036715834263e-17,
        radius=0.6,
        coefficients=(
            -0.23069451159746054, 0.28127277803034306, -0.0797073551654253,
            -0.06665173991852782, 0.059988881162764976, -0.008932244292082774,
            -0.011535248884490154, 0.007002748870299371, -0.00026852183676886305,
            -0.0014013096670759608, 0.0006082701058419454, 4.585028583411185e-05,
            -0.00013717566748780173, 4.34289364636293e-05, 9.50386451079018e-06,
            -1.1637000508941051e-05, 2.594289181003884e-06, 1.1456047082063934e-06,
            -8.867975535883222e-07, 1.2155577789179813e-07, 1.1184857052583776e-07,
            -6.059900308681475e-08, 1.7256420777327997e-09, 8.502502845370819e-09,
            -2.4352711168094784e-09,
        ),
    ),
)


def mish_bwd2(x: np.ndarray) -> np.ndarray:
    # f'' = sech²(s)·σ(x)·(2 + x·(σ(−x) − 2·tanh(s)·σ(x))), s = softplus(x), as rational
    # functions of one exponential, each form on its own elements: float64 in the tails (see
    # the two forms), double-double in the middle, where float64's roundings of the larger
    # terms add up to 5 ulp, and the series next to the zeros at x ≈ −2.26 and 1.49 (which
    # also cover the hand-overs at −1.7 and 0.9).
    xc = np.clip(x, -_SATURATED, _SATURATED)
    closed = nx.by_mask((xc > _MISH_MIDDLE[0]) & (xc < _MISH_MIDDLE[1]), _mish_curvature_middle,
                        lambda xs: nx.by_mask(xs < 0, _mish_curvature_left, _mish_curvature_right,
                                              xs), xc)
    for zero in MISH_CURVATURE_ZEROS:
        closed = zero.patch(xc, closed)
    return closed


# Where mish f'' takes the double-double forms: inside the ranges of both series.
_MISH_MIDDLE = (-1.7, 0.9)


def _mish_curvature_middle(x: np.ndarray) -> np.ndarray:
    return nx.by_mask(x < 0, _mish_curvature_middle_left, _mish_curvature_middle_right, x)


def _mish_cubed(w: np.ndarray) -> tuple:
    """(w² + 2w + 2) as a double-double, and its cube rounded once."""
    d = nx.dd_add(2.0, *nx.dd_mul(*nx.dd_add(2.0, w, 0.0), w, 0.0))
    cube = nx.dd_mul(*nx.dd_mul(*d, *d), *d)
    return d, cube[0] + cube[1]


def _mish_curvature_middle_left(x: np.ndarray) -> np.ndarray:
    """4w·(2D(1 + w) + x(2 + 2w − 3w² − 2w³))/D³ (x < 0, w = e^x, D = w² + 2w + 2), the
    bracket and D³ in double-double, each rounded once."""
    w = np.exp(x)
    d, d_cubed = _mish_cubed(w)
    w_square = nx.two_product(w, w)
    poly = nx.dd_add(2.0, *nx.dd_sum((2.0 * w, 0.0), nx.dd_mul(-1.0, 0.0, *nx.dd_sum(
        nx.dd_mul(3.0, 0.0, *w_square), nx.dd_mul(2.0 * w, 0.0, *w_square)))))
    bracket = nx.dd_sum(nx.dd_mul(2.0, 0.0, *nx.dd_mul(*d, *nx.dd_add(1.0, w, 0.0))),
                      nx.dd_mul(x, 0.0, *poly))
    return 4.0 * w * (bracket[0] + bracket[1]) / d_cubed


def _mish_curvature_middle_right(x: np.ndarray) -> np.ndarray:
    """4v²·(2E(1 + v) + x(2v³ + 2v² − 3v − 2))/E³ (x ≥ 0, v = e^{−x}, E = 2v² + 2v + 1), the
    bracket and E³ in double-double, each rounded once."""
    v = np.exp(-x)
    e_poly = nx.dd_add(1.0, *nx.dd_mul(2.0 * v, 0.0, *nx.dd_add(1.0, v, 0.0)))
    e_cube = nx.dd_mul(*nx.dd_mul(*e_poly, *e_poly), *e_poly)
    v_square = nx.two_product(v, v)
    poly = nx.dd_add(-2.0, *nx.dd_sum(
        nx.dd_sum(nx.dd_mul(2.0 * v, 0.0, *v_square), nx.dd_mul(2.0, 0.0, *v_square)),
        (-3.0 * v, 0.0)))
    bracket = nx.dd_sum(nx.dd_mul(2.0, 0.0, *nx.dd_mul(*e_poly, *nx.dd_add(1.0, v, 0.0))),
                      nx.dd_mul(x, 0.0, *poly))
    return 4.0 * (v * v) * (bracket[0] + bracket[1]) / (e_cube[0] + e_cube[1])


@nx.in_place
def _mish_curvature_left(x: np.ndarray) -> np.ndarray:
    """f'' for x < 0 in w = e^x, D = w² + 2w + 2: 4w·B/D³ with
    B = 2D(1 + w) + x(2 + 2w − 3w² − 2w³) = 2(2 + x) + w·(2(4 + 3w + w²) + x(2 − 3w − 2w²)).

    Written so, B cancels only next to its zero (the series' range): 2 + x is exact there and
    the w-term is the smaller one elsewhere, so float64 suffices.
    """
    w = np.exp(x)
    inner = 2.0 * w
    inner += 3.0
    inner *= w
    np.subtract(2.0, inner, out=inner)
    inner *= x  # x(2 − 3w − 2w²)
    gate = 3.0 + w
    gate *= w
    gate += 4.0
    gate *= 2.0  # 2(4 + 3w + w²)
    inner += gate
    inner *= w
    inner += 2.0 * (2.0 + x)
    inner *= 4.0
    inner /= nx.horner(_MISH_D_CUBED, w)
    return nx.exp_times(inner, x, 0.0, w)


@nx.in_place
def _mish_curvature_right(x: np.ndarray) -> np.ndarray:
    """f'' for x ≥ 0 in v = e^{−x}, E = 2v² + 2v + 1: 4v²·B/E³ with
    B = 2E(1 + v) + x(2v³ + 2v² − 3v − 2) = 2(1 − x) + v·(6 + 8v + 4v² + x(2v² + 2v − 3)),
    which cancels only next to its zero (the series' range); v² is scaled by nx.exp_times
    for the far tail."""
    v = np.exp(-x)
    inner = 2.0 * v
    inner += 2.0
    inner *= v
    inner -= 3.0
    inner *= x  # x(2v² + 2v − 3)
    gate = 4.0 * v
    gate += 8.0
    gate *= v
    gate += 6.0
    inner += gate
    inner *= v
    inner += 2.0 * (1.0 - x)
    inner *= 4.0
    inner /= nx.horner(_MISH_E_CUBED, v)
    # v² as v·v where it is a normal number (x ≤ 350): the error of v then cancels between the
    # factor and the polynomials (an independent e^{−2x} would let it add up to 2 ulp); beyond,
    # e^{−2x} scaled by nx.exp_times.  Chosen per element, so no value depends on its slice.
    far = x > nx.SECH2_NORMAL
    result = inner * (v * v)
    if far.any():
        result[far] = nx.exp_times(inner[far], -2.0 * x[far])
    return result


def _mish_exact_second_derivative(mp, x):
    s = mp.log1p(mp.exp(x))
    gate = 1 / (1 + mp.exp(-x))
    bracket = 2 + x * (1 / (1 + mp.exp(x)) - 2 * mp.tanh(s) * gate)
    return mp.sech(s) ** 2 * gate * bracket


def _mish_exact_derivative(mp, x):
    s = mp.log1p(mp.exp(x))
    return mp.tanh(s) + x * mp.sech(s) ** 2 / (1 + mp.exp(-x))


MISH_SCAN = (*MISH_SLOPE_ZERO.spots(), *MISH_CURVATURE_ZEROS[0].spots(),
             *MISH_CURVATURE_ZEROS[1].spots(), _TAIL, 0.0, -_SATURATED, _SATURATED)

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
        naive_function=tb.mish,
        naive_derivative=tb.mish_slope,
        exact=lambda mp, x: x * mp.tanh(mp.log1p(mp.exp(x))),
        exact_derivative=_mish_exact_derivative,
        second_derivative=mish_bwd2,
        second_derivative_formula=r"f''(x) = \mathrm{sech}^2(s)\,\sigma(x)\,(2 + x\,(\sigma(-x) - "
        r"2\tanh(s)\,\sigma(x)))",
        exact_second_derivative=_mish_exact_second_derivative,
        extra={"scan_around": MISH_SCAN},
        properties=_self_gated_properties(MISH_MINIMUM),
        summary="x times tanh of softplus: smooth, self-regularising, used in YOLOv4.",
        reference="Misra, Mish: a self regularized non-monotonic activation function (2019)",
        uses=("cnn",),
        notes={
            "en": Notes(
                lesson="Mish = x·tanh(softplus(x)): smooth, non-monotonic, bounded below (≈ "
                "−0.309) and unbounded above; popularised by the YOLOv4 detector.",
                strengths=(
                    "Smooth (C∞), with a small non-zero gradient for negative inputs.",
                    "Reported small gains over ReLU and Swish in image classification and object "
                    "detection (the backbone of YOLOv4).",
                ),
                weaknesses=(
                    "The most expensive of the common activations: an exponential, a logarithm and "
                    "a tanh per element.",
                    "Non-monotonic and not zero-centred; its gains over `silu` are often small.",
                ),
                where_used="The CSPDarknet53 backbone of YOLOv4 and other detection models; some "
                "image-classification CNNs.",
            ),
            "zh": Notes(
                lesson="Mish = x·tanh(softplus(x))：光滑、非单调，下有界（约 −0.309）、上无界；因 "
                "YOLOv4 检测器而流行。",
                strengths=(
                    "光滑（C∞），负输入仍有一点非零梯度。",
                    "在图像分类和目标检测上报告了相对 ReLU 和 Swish 的小幅提升（YOLOv4 的主干网络"
                    "）。",
                ),
                weaknesses=(
                    "常见激活函数中最贵的一个：每个元素要算指数、对数和 tanh 各一次。",
                    "非单调，也不是零中心；相对 `silu` 的提升往往很小。",
                ),
                where_used="YOLOv4 的 CSPDarknet53 主干网络及其他检测模型；部分图像分类 CNN。",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.Mish"),
            FrameworkName("jax", "jax.nn.mish"),
            FrameworkName("keras", "keras.activations.mish"),
            FrameworkName("mlx", "mlx.nn.mish"),
            FrameworkName("timm", "get_act_layer('mish')"),
        ),
    )
)


def softplus_fwd(x: np.ndarray, beta: float) -> np.ndarray:
    # The exact function everywhere: PyTorch's threshold shortcut (return x when βx > 20) is off
    # by up to 2e-9 and is not used.  softplus(u)/β = max(x, 0) + log1p(e^{−|u|})/β; the second
    # term is corrected for the rounding of u = βx (d/du log1p(e^{−|u|}) = −sign(u)·σ(−|u|)).
    _, u, u_low = _gate_argument(x, beta)

    def body(xs: np.ndarray, us: np.ndarray, lows: np.ndarray | float) -> np.ndarray:
        log_term = nx.log1p_exp_minus_abs(us)
        if not nx.is_zero(lows):  # u = βx was rounded
            log_term -= np.sign(us) * lows * nx.sigmoid(-np.abs(us))
        if beta != 1.0:
            log_term /= beta
        log_term += np.maximum(xs, 0.0)
        return log_term

    # softplus(u) = e^u in the tail, to far better than an ulp.
    # x itself, not the clamped xc, in max(x, 0): beyond the clamp f(x) = x.
    return nx.split_at(u, _TAIL, lambda xs, us, lows: nx.exp_times(1.0 / beta, us, lows), body,
                       x, u, u_low)


def softplus_bwd(x: np.ndarray, beta: float) -> np.ndarray:
    _, u, u_low = _gate_argument(x, beta)
    return nx.sigmoid_dd(u, u_low)


def softplus_bwd2(x: np.ndarray, beta: float) -> np.ndarray:
    _, u, u_low = _gate_argument(x, beta)
    return nx.sigmoid_slope_times(beta, u, u_low)


register(
    Activation(
        name="softplus",
        title="Softplus",
        family="smooth",
        formula=r"f(x) = \frac{1}{\beta}\ln(1 + e^{\beta x})",
        derivative_formula=r"f'(x) = \sigma(\beta x)",
        function=softplus_fwd,
        derivative=softplus_bwd,
        naive_function=tb.softplus,
        naive_derivative=tb.softplus_slope,
        exact=lambda mp, x, beta: mp.log1p(mp.exp(beta * x)) / beta,
        exact_derivative=lambda mp, x, beta: 1 / (1 + mp.exp(-beta * x)),
        second_derivative=softplus_bwd2,
        second_derivative_formula=r"f''(x) = \beta\,\sigma(\beta x)\,\sigma(-\beta x)",
        exact_second_derivative=(
            lambda mp, x, beta: beta / ((1 + mp.exp(-beta * x)) * (1 + mp.exp(beta * x)))
        ),
        extra={"scan_around": lambda beta: (_TAIL / beta, 0.0, -_SATURATED / beta,
                                            _SATURATED / beta)},
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
        uses=("positive_output",),
        notes={
            "en": Notes(
                lesson="softplus(x) = ln(1 + e^(βx))/β: a smooth ReLU that is always positive, and "
                "whose derivative is the sigmoid σ(βx).",
                strengths=(
                    "Strictly positive output: the natural way to make a network predict a "
                    "standard deviation, a rate or any scale that must be > 0.",
                    "Smooth, with f′ = σ(βx) in (0, 1): no dead units.",
                    "β sets the sharpness: a large β approaches `relu`.",
                ),
                weaknesses=(
                    "f′ < 1 everywhere (it tends to 1 only as x → ∞): unlike ReLU it shrinks every "
                    "gradient a little, and it saturates on the left.",
                    "Not zero-centred; as a hidden activation it trained no better than ReLU in "
                    "Glorot et al. (2011).",
                ),
                where_used="Output heads that must be positive: the standard deviation of a "
                "Gaussian in probabilistic regression and VAEs, Poisson rates, scale parameters; "
                "inside `mish`; and in the logistic loss, log(1 + e^(−z)) = softplus(−z).",
            ),
            "zh": Notes(
                lesson="softplus(x) = ln(1 + e^(βx))/β：一个恒为正的光滑 ReLU，导数正是 sigmoid "
                "σ(βx)。",
                strengths=(
                    "输出严格为正：要让网络预测标准差、速率或其他必须 > 0 的尺度量，用它最自然。",
                    "光滑，f′ = σ(βx) 在 (0, 1) 之间：没有死亡单元。",
                    "β 控制陡峭程度：β 很大时接近 `relu`。",
                ),
                weaknesses=(
                    "处处 f′ < 1（只在 x → ∞ 时趋于 1）：与 ReLU 不同，它会把每个梯度都缩小一点；"
                    "左侧饱和。",
                    "不是零中心；Glorot 等（2011）发现它作隐藏层激活函数并不比 ReLU 好。",
                ),
                where_used="必须为正的输出头：概率回归和 VAE 中高斯分布的标准差、泊松分布的速率、"
                "尺度参数；`mish` 内部；逻辑回归的损失 log(1 + e^(−z)) = softplus(−z)。",
                parameters={"beta": "陡峭程度（β → ∞ 时趋于 ReLU）"},
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.Softplus", {"beta": 1.0}, note={
                "en": "threshold=20: returns x itself where βx > 20, which is below log(1 + e^(βx))/β by "
                      "up to e^(−20)/β ≈ 2e-9/β",
                "zh": "threshold=20：βx > 20 时直接返回 x，比 log(1 + e^(βx))/β 最多小 e^(−20)/β ≈ 2e-9/β"}),
            FrameworkName("jax", "jax.nn.softplus", {"beta": 1.0}, note=fixed_parameter("β", "1")),
            FrameworkName("keras", "keras.activations.softplus", {"beta": 1.0},
                          note=fixed_parameter("β", "1")),
            FrameworkName("tensorflow", "tf.nn.softplus", {"beta": 1.0}, note=fixed_parameter("β", "1")),
            FrameworkName("mlx", "mlx.nn.softplus", {"beta": 1.0}, note=fixed_parameter("β", "1")),
        ),
    )
)


# --------------------------------------------------------------------------------------------
# Exponential and the square-root units (squareplus, bent identity)
# --------------------------------------------------------------------------------------------


def exponential_fwd(x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):  # e^x beyond float64 (x > 709.78) is +inf, rounded truth
        return np.exp(x)


def exponential_bwd(x: np.ndarray) -> np.ndarray:
    return exponential_fwd(x)


def exponential_bwd2(x: np.ndarray) -> np.ndarray:
    return exponential_fwd(x)


register(
    Activation(
        name="exponential",
        aliases=("exp",),
        title="Exponential",
        family="smooth",
        formula=r"f(x) = e^{x}",
        derivative_formula=r"f'(x) = e^{x}",
        function=exponential_fwd,
        derivative=exponential_bwd,
        exact=lambda mp, x: mp.exp(x),
        exact_derivative=lambda mp, x: mp.exp(x),
        second_derivative=exponential_bwd2,
        second_derivative_formula=r"f''(x) = e^{x}",
        exact_second_derivative=lambda mp, x: mp.exp(x),
        extra={"scan_around": (-745.1, -708.4, 0.0, 709.78)},
        properties=Properties(
            range=Interval.open(0.0, INF),
            monotonic=True,
            derivative_monotonic=True,
            continuity="C∞",
            zero_centred=False,
            saturating="left",
            identity_near_origin=False,
        ),
        summary="e^x: a positive output whose logarithm is the layer's linear output.",
        reference="(the exponential link of generalised linear models; Keras)",
        uses=("positive_output",),
        notes={
            "en": Notes(
                lesson="exp as an activation turns a linear output z into a positive e^z: the "
                "log link of Poisson and other count models, where the network predicts log λ.",
                strengths=(
                    "Strictly positive, and its own derivative: the gradient of a log-likelihood "
                    "through it is simple (for a Poisson loss, e^z − y).",
                    "Multiplicative effects: adding 1 to z multiplies the output by e.",
                ),
                weaknesses=(
                    "Explodes: e^z overflows float32 above z ≈ 88.7 and float64 above 709.8, and "
                    "large outputs give large gradients.",
                    "Useless in hidden layers; `softplus` is the tamer positive output (linear, "
                    "not exponential, for large z).",
                ),
                where_used="Output layers for counts and rates (Poisson regression, survival "
                "and intensity models), for a predicted scale as e^(log σ), and inside softmax "
                "(Keras ships it as keras.activations.exponential).",
            ),
            "zh": Notes(
                lesson="把 exp 当作激活函数，就是把线性输出 z 变成正数 e^z：泊松等计数模型中的对数"
                "连接，网络预测的是 log λ。",
                strengths=(
                    "严格为正，且导数就是它自己：经过它的对数似然梯度很简单（泊松损失下为 e^z − y"
                    "）。",
                    "乘性效应：z 每增加 1，输出乘以 e。",
                ),
                weaknesses=(
                    "会爆炸：z 大于约 88.7 时 e^z 超出 float32，大于 709.8 时超出 float64，而且大"
                    "输出带来大梯度。",
                    "不能用在隐藏层；`softplus` 是更温和的正值输出（z 很大时线性增长，而不是指数"
                    "增长）。",
                ),
                where_used="计数和速率的输出层（泊松回归、生存分析和强度模型）、以 e^(log σ) 形式"
                "预测的尺度，以及 softmax 内部（Keras 以 keras.activations.exponential 提供）。",
            ),
        },
        frameworks=(
            FrameworkName("keras", "keras.activations.exponential"),
            FrameworkName("tensorflow", "tf.keras.activations.exponential"),
        ),
    )
)


# Beyond |x| = 1e150, x² + b = x² to far below an ulp (b ≤ 1e6): x is clamped there, which
# keeps x² finite and the double-double product valid.
_ROOT_CLAMP = 1e150


def _root_of_square_plus(x: np.ndarray, b: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x clamped, S = √(x² + b), x² + b rounded), with x² + b summed in double-double."""
    xc = np.clip(x, -_ROOT_CLAMP, _ROOT_CLAMP)
    q, q_low = nx.scaled_square_plus(xc, 1.0, b)
    return xc, nx.sqrt_dd(q, q_low), q


def squareplus_fwd(x: np.ndarray, b: float) -> np.ndarray:
    # (x + S)/2 where x is not far below −S/4; further left it cancels, and (b/2)/(S − x) is
    # the same number.  Beyond the clamp S = |x|: f = x on the right, b/(4|x|) on the left.
    xc, root, _ = _root_of_square_plus(x, b)
    direct = np.where(x > _ROOT_CLAMP, x, 0.5 * xc + 0.5 * root)
    far = np.maximum(np.abs(x), _ROOT_CLAMP)
    quotient = np.where(x < -_ROOT_CLAMP, (0.25 * b) / far, (0.5 * b) / (root + np.abs(xc)))
    return np.where(4.0 * xc >= -root, direct, quotient)


def squareplus_bwd(x: np.ndarray, b: float) -> np.ndarray:
    # (1 + x/S)/2 where x is not far below −S/4; further left it cancels, and f/S is the same
    # number (b/(4x²) beyond the clamp).
    xc, root, _ = _root_of_square_plus(x, b)
    far = np.maximum(np.abs(x), _ROOT_CLAMP)
    quotient = np.where(x < -_ROOT_CLAMP, (0.25 * b) / far / far, squareplus_fwd(xc, b) / root)
    return np.where(4.0 * xc >= -root, 0.5 + 0.5 * (xc / root), quotient)


def squareplus_bwd2(x: np.ndarray, b: float) -> np.ndarray:
    # b/(2S³) with S³ = (x² + b)·S; beyond the clamp it is below the smallest subnormal.
    _, root, q = _root_of_square_plus(x, b)
    return (0.5 * b) / q / root


def _squareplus_exact(mp, x, b):
    root = mp.sqrt(x**2 + b)
    return (x + root) / 2 if x >= 0 else b / (2 * (root - x))


def _squareplus_exact_derivative(mp, x, b):
    root = mp.sqrt(x**2 + b)
    return (1 + x / root) / 2 if x >= 0 else b / (2 * root * (root - x))


register(
    Activation(
        name="squareplus",
        title="Squareplus",
        family="smooth",
        formula=r"f(x) = \frac{x + \sqrt{x^2 + b}}{2}",
        derivative_formula=r"f'(x) = \frac{1}{2}\left(1 + \frac{x}{\sqrt{x^2 + b}}\right)",
        function=squareplus_fwd,
        derivative=squareplus_bwd,
        exact=_squareplus_exact,
        exact_derivative=_squareplus_exact_derivative,
        second_derivative=squareplus_bwd2,
        second_derivative_formula=r"f''(x) = \frac{b}{2\,(x^2 + b)^{3/2}}",
        exact_second_derivative=lambda mp, x, b: b / (2 * (x**2 + b) ** mp.mpf(1.5)),
        naive_function=tb.squareplus,
        naive_derivative=tb.squareplus_slope,
        parameters=(
            Parameter("b", 4.0, "smoothness b: f(0) = √b/2; b → 0 tends to ReLU", low=0.0,
                      low_open=True, high=1e6),
        ),
        extra={"scan_around": lambda b: (-_ROOT_CLAMP, -(b / 15.0) ** 0.5, 0.0, _ROOT_CLAMP)},
        properties=Properties(
            range=Interval.open(0.0, INF),
            monotonic=True,
            derivative_monotonic=True,
            continuity="C∞",
            zero_centred=False,
            saturating="left",
            identity_near_origin=False,
        ),
        summary="softplus's shape from one square root: (x + √(x² + b))/2.",
        reference="Barron, Squareplus: a softplus-like algebraic rectifier (2021)",
        uses=("positive_output", "hidden"),
        notes={
            "en": Notes(
                lesson="Squareplus = (x + √(x² + b))/2 looks like `softplus` but needs only a "
                "square root: it is positive, tends to x on the right and to b/(4|x|) on the left.",
                strengths=(
                    "Cheaper than softplus (no exp or log) and just as smooth and positive.",
                    "Well behaved in any precision: no exponential to overflow.",
                ),
                weaknesses=(
                    "Its left tail decays like b/(4|x|), far more slowly than softplus's eˣ: "
                    "negative inputs are not squashed as hard.",
                    "f(0) = √b/2 ≠ 0 and f′ < 1 everywhere: not identity-like near 0.",
                ),
                where_used="JAX and Keras ship it (b = 4 by default); proposed by Barron (2021) "
                "as a faster softplus for positive outputs such as densities and scales.",
            ),
            "zh": Notes(
                lesson="Squareplus = (x + √(x² + b))/2 看起来像 `softplus`，却只需一次开方：恒为"
                "正，右侧趋于 x，左侧按 b/(4|x|) 趋于 0。",
                strengths=(
                    "比 softplus 便宜（不需要 exp 和 log），同样光滑且为正。",
                    "在任何精度下都表现良好：没有会溢出的指数。",
                ),
                weaknesses=(
                    "左侧尾部按 b/(4|x|) 衰减，比 softplus 的 eˣ 慢得多：负输入被压得没那么狠。",
                    "f(0) = √b/2 ≠ 0，且处处 f′ < 1：在 0 附近不像恒等映射。",
                ),
                where_used="JAX 和 Keras 都提供它（默认 b = 4）；Barron（2021）把它作为更快的 "
                "softplus 提出，用于密度、尺度等正值输出。",
                parameters={"b": "平滑度 b：f(0) = √b/2；b → 0 时趋于 ReLU"},
            ),
        },
        frameworks=(
            FrameworkName("jax", "jax.nn.squareplus", {"b": 4.0}),
            FrameworkName("keras", "keras.activations.squareplus", {"b": 4.0}),
        ),
    )
)


def bent_identity_fwd(x: np.ndarray) -> np.ndarray:
    # (S − 1)/2 + x with S − 1 = x²/(S + 1), which does not cancel near 0; beyond the clamp
    # x/(S + 1) = ±1.  1.5x beyond float64 is +inf, the true value rounded.
    xc, root, _ = _root_of_square_plus(x, 1.0)
    ratio = np.where(np.abs(x) > _ROOT_CLAMP, np.sign(x), xc / (root + 1.0))
    with np.errstate(over="ignore"):
        return x * (1.0 + 0.5 * ratio)


def bent_identity_bwd(x: np.ndarray) -> np.ndarray:
    xc, root, _ = _root_of_square_plus(x, 1.0)
    return 1.0 + 0.5 * (xc / root)


def bent_identity_bwd2(x: np.ndarray) -> np.ndarray:
    return squareplus_bwd2(x, 1.0)


register(
    Activation(
        name="bent_identity",
        title="Bent identity",
        family="smooth",
        formula=r"f(x) = \frac{\sqrt{x^2 + 1} - 1}{2} + x",
        derivative_formula=r"f'(x) = 1 + \frac{x}{2\sqrt{x^2 + 1}}",
        function=bent_identity_fwd,
        derivative=bent_identity_bwd,
        exact=lambda mp, x: x**2 / (2 * (mp.sqrt(x**2 + 1) + 1)) + x,
        exact_derivative=lambda mp, x: 1 + x / (2 * mp.sqrt(x**2 + 1)),
        second_derivative=bent_identity_bwd2,
        second_derivative_formula=r"f''(x) = \frac{1}{2\,(x^2 + 1)^{3/2}}",
        exact_second_derivative=lambda mp, x: 1 / (2 * (x**2 + 1) ** mp.mpf(1.5)),
        naive_function=tb.bent_identity,
        naive_derivative=tb.bent_identity_slope,
        extra={"scan_around": (-_ROOT_CLAMP, 0.0, _ROOT_CLAMP)},
        properties=Properties(
            range=Interval.open(-INF, INF),
            monotonic=True,
            derivative_monotonic=True,
            continuity="C∞",
            zero_centred=False,
            saturating="none",
            identity_near_origin=True,
        ),
        summary="The identity bent smoothly: slope 1/2 far left, 1 at 0, 3/2 far right.",
        reference="(a textbook smooth non-linearity; listed in the Wikipedia table of activation "
        "functions)",
        uses=("research", "regression_output"),
        notes={
            "en": Notes(
                lesson="The bent identity adds (√(x² + 1) − 1)/2 to x: a smooth, monotonic "
                "non-linearity whose slope rises from 1/2 to 3/2, never saturating and never "
                "zero.",
                strengths=(
                    "f′ is between 1/2 and 3/2 everywhere: gradients neither vanish nor explode.",
                    "Smooth, monotonic and unbounded: close to the identity, yet non-linear.",
                ),
                weaknesses=(
                    "So mildly non-linear that deep stacks behave almost like a linear model.",
                    "Not zero-centred (f(−x) + f(x) = √(x² + 1) − 1) and unbounded on both sides.",
                ),
                where_used="Mostly in teaching and comparisons of activations; occasionally for "
                "regression outputs that should bend slightly without saturating.",
            ),
            "zh": Notes(
                lesson="弯曲恒等函数在 x 上加上 (√(x² + 1) − 1)/2：一个光滑、单调的非线性函数，斜"
                "率从 1/2 增加到 3/2，既不饱和也不为零。",
                strengths=(
                    "处处 f′ 介于 1/2 和 3/2 之间：梯度既不消失也不爆炸。",
                    "光滑、单调、无界：接近恒等映射，但又是非线性的。",
                ),
                weaknesses=(
                    "非线性太弱，深层堆叠起来几乎和线性模型一样。",
                    "不是零中心（f(−x) + f(x) = √(x² + 1) − 1），两侧都无界。",
                ),
                where_used="主要用于教学和激活函数的比较；偶尔用于需要轻微弯曲又不饱和的回归输出。",
            ),
        },
    )
)


# --------------------------------------------------------------------------------------------
# More self-gated units: QuickGELU, TanhExp, Smish, Serf.  Each f' and f'' has zeros where its
# closed form cancels; there a RootSeries fitted with mpmath is used
# (tools/derive_entry_constants.py, checked by tests/test_derived_constants.py).
# --------------------------------------------------------------------------------------------

QUICK_GELU_BETA = 1.702
def quick_gelu_fwd(x: np.ndarray) -> np.ndarray:
    return swish_fwd(x, QUICK_GELU_BETA)


def quick_gelu_bwd(x: np.ndarray) -> np.ndarray:
    return swish_bwd(x, QUICK_GELU_BETA)


def quick_gelu_bwd2(x: np.ndarray) -> np.ndarray:
    return swish_bwd2(x, QUICK_GELU_BETA)


register(
    Activation(
        name="quick_gelu",
        aliases=("quickgelu", "gelu_fast_approx"),
        title="QuickGELU",
        family="smooth",
        formula=r"f(x) = x\,\sigma(1.702\,x)",
        derivative_formula=r"f'(x) = \sigma(u)\,(1 + u\,\sigma(-u)),\ u = 1.702\,x",
        function=quick_gelu_fwd,
        derivative=quick_gelu_bwd,
        exact=lambda mp, x: x / (1 + mp.exp(-QUICK_GELU_BETA * x)),
        exact_derivative=lambda mp, x: _swish_exact_derivative(mp, x, QUICK_GELU_BETA),
        second_derivative=quick_gelu_bwd2,
        second_derivative_formula=r"f''(x) = 1.702\,\sigma(u)\,\sigma(-u)\,(2 - u\tanh(u/2))",
        exact_second_derivative=lambda mp, x: _swish_exact_second_derivative(
            mp, x, QUICK_GELU_BETA),
        naive_function=lambda x: tb.swish(x, QUICK_GELU_BETA),
        naive_derivative=lambda x: tb.swish_slope(x, QUICK_GELU_BETA),
        extra={"scan_around": tuple(u / QUICK_GELU_BETA for u in SILU_SCAN)},
        properties=_self_gated_properties(SILU_MINIMUM / QUICK_GELU_BETA),
        summary="GELU approximated by x·σ(1.702x): the activation of OpenAI's CLIP.",
        reference="Hendrycks & Gimpel, Gaussian error linear units (2016), §2; Radford et al., "
        "CLIP (2021)",
        uses=("transformers",),
        notes={
            "en": Notes(
                lesson="QuickGELU = x·σ(1.702x): `swish` with β = 1.702, the sigmoid "
                "approximation of `gelu` from the GELU paper; the CLIP models were trained "
                "with it, so their weights expect it.",
                strengths=(
                    "One exponential, no erf: cheaper than exact GELU.",
                    "Within 0.021 of GELU everywhere (the gap peaks near x = ±2.27).",
                ),
                weaknesses=(
                    "Not GELU: a model trained with one and run with the other loses accuracy, "
                    "which is why checkpoints name the one they used.",
                    "Non-monotonic like `silu` (minimum ≈ −0.164 at x ≈ −0.751).",
                ),
                where_used="OpenAI's CLIP (ViT and text encoders) and models fine-tuned from its "
                "weights (open_clip's QuickGELU variants); MLX names it gelu_fast_approx.",
            ),
            "zh": Notes(
                lesson="QuickGELU = x·σ(1.702x)：即 β = 1.702 的 `swish`，是 GELU 论文中 `gelu` "
                "的 sigmoid 近似；CLIP 模型就是用它训练的，所以它们的权重也需要它。",
                strengths=(
                    "只需一次指数，不需要 erf：比精确的 GELU 便宜。",
                    "与 GELU 处处相差不到 0.021（差值在 x = ±2.27 附近最大）。",
                ),
                weaknesses=(
                    "它不是 GELU：用其中一个训练、用另一个推理会损失精度，所以检查点都会注明用的"
                    "是哪一个。",
                    "和 `silu` 一样非单调（最小值约 −0.164，在 x ≈ −0.751 处）。",
                ),
                where_used="OpenAI 的 CLIP（ViT 和文本编码器）以及由其权重微调的模型（open_clip "
                "的 QuickGELU 版本）；MLX 称之为 gelu_fast_approx。",
            ),
        },
        frameworks=(
            FrameworkName("timm", "timm.layers.activations.QuickGELU",
                          note="act_layer='quick_gelu'"),
            FrameworkName("mlx", "mlx.nn.gelu_fast_approx",
                          note="x·σ(1.702x) in current MLX; older releases used 1.773"),
        ),
    )
)


def _patch(series: tuple[nx.RootSeries, ...], x: np.ndarray, closed: np.ndarray) -> np.ndarray:
    """The closed form, with each series of ``series`` within its radius of its zero."""
    for one in series:
        closed = one.patch(x, closed)
    return closed


# TanhExp: beyond x = 20, e^x is so large that tanh(e^x) = 1 and sech²(e^x) = 0 in float64.
_TANHEXP_CLAMP = 20.0
TANHEXP_SLOPE_ZERO = nx.RootSeries(
    root_high=-1.078860058464624,
    root_low=-9.55786742622646e-17,
    radius=0.8,
    coefficients=(
        0.3525036331603062, 0.3252269138875309, 0.10786032936442337,
        -0.02287597206073337, -0.04564538769347997, -0.02548770356380018,
        -0.005629789964386327, 0.002771592893133412, 0.0034002744090320196,
        0.0016641690501424731, 0.0003022982925045925, -0.00020187575023665358,
        -0.0002119141727742064, -9.603494269622902e-05, -1.4793227530949132e-05,
        1.2648141339512148e-05, 1.1990547052672383e-05, 5.117223954195437e-06,
        6.577552378745571e-07, -7.359413336128957e-07, -6.400601883763119e-07,
        -2.5932493988523487e-07, -2.9033324505418257e-08, 4.062201277244585e-08,
        3.588310098096747e-08, 1.3564632306415414e-08, -1.0807161625948267e-09,
        -3.2468096956789675e-09, -9.35135971465251e-10,
    ),
)
TANHEXP_CURVATURE_ZEROS = (
    nx.RootSeries(
        root_high=-2.06597189615675,
        root_low=7.65918778808917e-17,
        radius=0.6,
        coefficients=(
            0.13706532230627283, 0.1409580054757107, 0.07060512481208436,
            0.019834144370425494, 0.00021675827814060658, -0.0035702693364020174,
            -0.002584781533680949, -0.00119087219586052, -0.0003843550998081293,
            -6.544564533197114e-05, 1.763471803470757e-05, 2.19587329498038e-05,
            1.1763614473958927e-05, 4.38959687061654e-06, 1.1120910763949356e-06,
            7.934568753499901e-08, -1.080906208888937e-07, -7.959957155077127e-08,
            -3.5301071239888485e-08, -1.1705818749576298e-08, -2.353824917408555e-09,
            6.704933505528764e-10, 5.737778342582321e-10,
        ),
    ),
    nx.RootSeries(
        root_high=0.6965639603951724,
        root_low=-4.8319673145767366e-17,
        radius=0.15,
        coefficients=(
            -0.8338185514456833, 1.609005508360816, 0.3822119403781052,
            -2.3425727479473357, 0.21027569378453503, 1.9572607498508052,
            -0.4345806648641836, -1.1720393957814037, 0.426872899643671,
            0.52975995217799, -0.33906701321817295, -0.17623788902168958,
            0.2322744938783882, 0.03251765599964795, -0.1360851103956295,
            0.008986175641313312, 0.06515981589306999,
        ),
    ),
)
TANHEXP_MINIMUM = -0.35328577784821125


def _tanhexp_argument(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    xc = np.clip(x, -_SATURATED, _TANHEXP_CLAMP)
    return xc, np.exp(xc)


def tanhexp_fwd(x: np.ndarray) -> np.ndarray:
    # In the tail tanh(e^x) = e^x to far below an ulp: f = x·e^x, by nx.exp_times.
    xc, w = _tanhexp_argument(x)
    tail = nx.exp_times(xc, np.minimum(xc, _TAIL))
    return np.where(x > _TANHEXP_CLAMP, x, np.where(xc < _TAIL, tail, xc * np.tanh(w)))


def tanhexp_bwd(x: np.ndarray) -> np.ndarray:
    xc, w = _tanhexp_argument(x)
    closed = np.tanh(w) + xc * w * nx.sech2(w)
    tail = nx.exp_times(1.0 + xc, np.minimum(xc, _TAIL))  # e^x(1 + x)
    return TANHEXP_SLOPE_ZERO.patch(xc, np.where(xc < _TAIL, tail, closed))


def _tanhexp_curvature_bracket(xc, w, w_low) -> tuple[np.ndarray, np.ndarray]:
    """2 + x − 2xw·tanh w (w = eˣ as a double-double) as a double-double, 2 + x summed exactly.
    For x > 0 it cancels (x = 1.3: 3.3 − 9.4), so there it is (2 + x − 2xw) + 4xw·t/(1 + t)
    with t = e^{−2w} (tanh w = 1 − 2t/(1 + t)): the leading sum in double-double, the rest
    small."""
    difference, difference_low = nx.two_sum(2.0, xc)
    left = nx.two_sum(difference, difference_low - 2.0 * xc * w * np.tanh(w))
    product, product_low = nx.two_product(2.0 * xc, w)
    lead, lead_low = nx.two_sum(difference, -product)
    t = np.exp(-2.0 * w)
    rest = (lead_low + difference_low) - (product_low + 2.0 * xc * w_low)
    right = nx.two_sum(lead, rest + 2.0 * product * t / (1.0 + t))
    return tuple(np.where(xc > 0.0, r, l) for r, l in zip(right, left))


def tanhexp_bwd2(x: np.ndarray) -> np.ndarray:
    # w·sech²(w)·(2 + x − 2xw·tanh w), w = eˣ; sech²(w) = 4e^{−2w}/(1 + e^{−2w})² with w as a
    # double-double (nx.exp_dd): a rounded w would cost w·2^-53 relative in e^{−2w}.  The
    # low parts of w·bracket go into the exponent (factor·(1 + δ) = factor·e^δ), so only
    # exp_times and the one rounded denominator of nx.sigmoid_slope_times round.
    xc, w = _tanhexp_argument(x)
    w, w_low = nx.exp_dd(xc)
    bracket, bracket_low = _tanhexp_curvature_bracket(xc, w, w_low)
    product, product_low = nx.dd_mul(w, w_low, bracket, bracket_low)
    relative = np.divide(product_low, product, out=np.zeros_like(product), where=product != 0)
    closed = nx.sigmoid_slope_times(4.0 * product, 2.0 * w, 2.0 * w_low - relative)
    tail = nx.exp_times(2.0 + xc, np.minimum(xc, _TAIL))  # e^x(2 + x)
    return _patch(TANHEXP_CURVATURE_ZEROS, xc, np.where(xc < _TAIL, tail, closed))


def _tanhexp_exact_gate(mp, x):
    """(e^x, tanh(e^x), sech²(e^x)) in mpmath.  Beyond x = 10, tanh(e^x) = 1 − O(e^{−44000})
    and sech²(e^x) < e^{−44000}: 1 and 0 to far more than 60 digits and far below float64's
    smallest subnormal, and mpmath is spared exponents with ~10^300 digits (e^{−e^{1e300}})."""
    w = mp.exp(x)
    if x > 10:
        return w, mp.one, mp.zero
    return w, mp.tanh(w), mp.sech(w) ** 2


def _tanhexp_exact(mp, x):
    return x * _tanhexp_exact_gate(mp, x)[1]


def _tanhexp_exact_derivative(mp, x):
    w, t, s2 = _tanhexp_exact_gate(mp, x)
    return t + x * w * s2


def _tanhexp_exact_second_derivative(mp, x):
    w, t, s2 = _tanhexp_exact_gate(mp, x)
    return w * s2 * (2 + x - 2 * x * w * t)


# The series' edges, the tail x·eˣ, and the clamps at −1e3 and 20.
TANHEXP_SCAN = (*TANHEXP_SLOPE_ZERO.spots(),
                *(spot for zero in TANHEXP_CURVATURE_ZEROS for spot in zero.spots()), _TAIL,
                0.0, -_SATURATED, _TANHEXP_CLAMP)

register(
    Activation(
        name="tanhexp",
        title="TanhExp",
        family="smooth",
        formula=r"f(x) = x\,\tanh(e^{x})",
        derivative_formula=r"f'(x) = \tanh(e^{x}) + x\,e^{x}\,\mathrm{sech}^2(e^{x})",
        function=tanhexp_fwd,
        derivative=tanhexp_bwd,
        exact=_tanhexp_exact,
        exact_derivative=_tanhexp_exact_derivative,
        second_derivative=tanhexp_bwd2,
        second_derivative_formula=r"f''(x) = e^{x}\,\mathrm{sech}^2(e^{x})\,"
        r"(2 + x - 2x\,e^{x}\tanh(e^{x}))",
        exact_second_derivative=_tanhexp_exact_second_derivative,
        extra={"scan_around": TANHEXP_SCAN},
        properties=_self_gated_properties(TANHEXP_MINIMUM),
        summary="x·tanh(eˣ): reaches the identity fast on the right, a mish-like dip on the left.",
        reference="Liu & Di, TanhExp: a smooth activation function with high convergence speed "
        "for lightweight neural networks (2020)",
        uses=("cnn", "mobile"),
        notes={
            "en": Notes(
                lesson="TanhExp = x·tanh(eˣ) is a self-gated unit like `mish`, but its gate "
                "tanh(eˣ) reaches 1 much sooner: f is x to within 1e-8 from x ≈ 2.3.",
                strengths=(
                    "Nearly the identity for x > 2, so large activations keep a slope of 1; the "
                    "paper reports faster convergence than Mish and Swish in small networks.",
                    "Smooth (C∞), with a small dip (minimum ≈ −0.353) that keeps a gradient for "
                    "small negative inputs.",
                ),
                weaknesses=(
                    "Two transcendental functions per element, like `mish`.",
                    "f′ overshoots 1 (about 1.06 near x = 0.7) and saturates on the left.",
                ),
                where_used="Proposed for lightweight image networks; used in some compact "
                "detection and super-resolution models; mostly a research comparison.",
            ),
            "zh": Notes(
                lesson="TanhExp = x·tanh(eˣ) 和 `mish` 一样是自门控单元，但它的门 tanh(eˣ) 更快地"
                "达到 1：从 x ≈ 2.3 起 f 与 x 相差不到 1e-8。",
                strengths=(
                    "x > 2 时几乎就是恒等映射，大的激活值保持斜率 1；论文报告它在小网络中比 Mish "
                    "和 Swish 收敛更快。",
                    "光滑（C∞），有一个小凹陷（最小值约 −0.353），小的负输入仍有梯度。",
                ),
                weaknesses=(
                    "每个元素要算两个超越函数，和 `mish` 一样。",
                    "f′ 会超过 1（x ≈ 0.7 附近约为 1.06），且左侧饱和。",
                ),
                where_used="为轻量级图像网络提出；用于一些紧凑的检测和超分辨率模型；主要作为研究"
                "中的对比。",
            ),
        },
    )
)


# Smish: with σ = σ(x), tanh(ln(1 + σ)) = σ(σ + 2)/(σ² + 2σ + 2) (as e^{ln(1+σ)} = 1 + σ).  In
# w = eˣ that is T = w(3w + 2)/Q with Q = 5w² + 6w + 2, and f', f'' are rational in w too:
# positive terms only, save near the zeros of f' and f''.  For x > 0 the same forms are written
# in v = e^{−x} = 1/w.  The factor w (or v) in front is applied by nx.exp_times, so the forms
# hold down to the last subnormal.
SMISH_SLOPE_ZERO = nx.RootSeries(
    root_high=-1.3945193019245041,
    root_low=4.458392154467205e-17,
    radius=0.8,
    coefficients=(
        0.18142037851321216, 0.10463359271556366, -0.0016443798687677564,
        -0.01756155287302144, -0.0037496281826616957, 0.001707695757124052,
        0.0009030278924425854, -3.182394872746017e-05, -0.00012757338784487215,
        -2.42336888414662e-05, 1.1185243729664171e-05, 5.624446122000202e-06,
        -1.7342018856233148e-07, -7.543889064833711e-07, -1.4688293543688033e-07,
        6.218009850207407e-08, 3.2324195852419354e-08, -5.60581144489292e-10,
        -4.15111857266338e-09, -8.440755806720651e-10, 3.275395505732267e-10,
        1.6637843130334414e-10, -5.031638808445112e-12, -1.5590884925088806e-11,
        -1.9048579647132426e-12,
    ),
)
SMISH_CURVATURE_ZEROS = (
    nx.RootSeries(
        root_high=-2.551100287410252,
        root_low=-2.189682071485051e-16,
        radius=1.4,
        coefficients=(
            0.08038104895027379, 0.06375690531211668, 0.014878559482272602,
            -0.0048641877643825025, -0.004469751186028498, -0.0012062863152463067,
            7.857777120051312e-05, 0.00017709260192836146, 6.10871283983587e-05,
            4.220460362092196e-06, -4.981870924798269e-06, -2.3741336590668246e-06,
            -3.9398948767710526e-07, 9.30211140287558e-08, 7.54750480805512e-08,
            1.934138470595167e-08, -1.8872469186756682e-10, -1.9812978025538423e-09,
            -7.265720985148758e-10, -7.927362148479814e-11, 4.071042773340703e-11,
            2.2735555681676554e-11, 4.545347674414804e-12, -4.5422330860725007e-13,
            -6.025607976433602e-13, -1.925480335153628e-13, -1.1816013625313152e-14,
            1.836763919714099e-14, 7.056633097974892e-15, -1.999753229219853e-16,
            -5.5905990501328735e-16, -3.915843113287128e-17, 1.491757492617745e-17,
        ),
    ),
    nx.RootSeries(
        root_high=2.2154214540088013,
        root_low=-6.398711040638925e-18,
        radius=0.3,
        coefficients=(
            -0.035300302915815124, 0.03206233688519602, -0.01237671955071976,
            0.0016226558296235213, 0.0007597717672416563, -0.0005241011206606787,
            0.00015484884545740975, -1.685895457365432e-05, -7.164266212598155e-06,
            4.595234122758339e-06, -1.311370048984242e-06, 1.4836007809472351e-07,
            5.220829214880469e-08, -3.491429788517199e-08, 9.693283067328355e-09,
        ),
    ),
)
SMISH_MINIMUM = -0.24999366366012948


def _dd_polynomial(coefficients: tuple[float, ...], t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Σ c_k t^k (lowest order first, integer c_k) in double-double arithmetic."""
    high, low = np.full_like(t, coefficients[-1]), np.zeros_like(t)
    for c in reversed(coefficients[:-1]):
        high, low = nx.dd_add(c, *nx.dd_mul(high, low, t, 0.0))
    return high, low


def _dd_quotient(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """(a_high + a_low)/(b_high + b_low), rounded once."""
    quotient = a[0] / b[0]
    product, product_low = nx.two_product(quotient, b[0])
    rest = ((a[0] - product) - product_low) + a[1] - quotient * b[1]
    return quotient + rest / b[0]


# The polynomials in w = eˣ (x ≤ 0) and v = e^{−x} (x > 0), lowest order first: Q, the
# numerator of f', 2·g·Q/w and g'Q − 2gQ' (g = w(2w + 1)(w + 1)), expanded so that they are
# summed in double-double: their sums with the x-terms cancel near the zeros of f' and f''.
_SMISH_Q = {"w": (2.0, 6.0, 5.0), "v": (5.0, 6.0, 2.0)}
_SMISH_SLOPE_TERM = (4.0, 18.0, 28.0, 15.0)  # (3w + 2)·Q
_SMISH_GATE = (1.0, 3.0, 2.0)  # (2w + 1)(w + 1)
_SMISH_CURVATURE_TERM = {"w": (4.0, 24.0, 54.0, 54.0, 20.0), "v": (20.0, 54.0, 54.0, 24.0, 4.0)}
_SMISH_INNER = {"w": (2.0, 6.0, -3.0, -18.0, -10.0), "v": (-10.0, -18.0, -3.0, 6.0, 2.0)}


def _smish_curvature(x: np.ndarray, t: np.ndarray, variable: str) -> np.ndarray:
    """f''/t with t = w (x ≤ 0) or v (x > 0): 4(2gQ/t + x·(g'Q − 2gQ'))/Q³."""
    q = _dd_polynomial(_SMISH_Q[variable], t)
    bracket = nx.dd_sum(_dd_polynomial(_SMISH_CURVATURE_TERM[variable], t),
                      nx.dd_mul(x, 0.0, *_dd_polynomial(_SMISH_INNER[variable], t)))
    return 4.0 * _dd_quotient(bracket, nx.dd_mul(*nx.dd_mul(*q, *q), *q))


def _smish_left(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(f, f', f'') / w for x ≤ 0, w = eˣ."""
    w = np.exp(x)
    q = _dd_polynomial(_SMISH_Q["w"], w)
    value = x * _dd_quotient(_dd_polynomial((2.0, 3.0), w), q)
    bracket = nx.dd_sum(_dd_polynomial(_SMISH_SLOPE_TERM, w),
                      nx.dd_mul(4.0 * x, 0.0, *_dd_polynomial(_SMISH_GATE, w)))
    slope = _dd_quotient(bracket, nx.dd_mul(*q, *q))
    return value, slope, _smish_curvature(x, w, "w")


def _smish_right(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(f, f', f''/v) for x > 0, v = e^{−x}: every term of f and f' is positive here."""
    v = np.exp(-x)
    q = (2.0 * v + 6.0) * v + 5.0
    t = (3.0 + 2.0 * v) / q
    slope = t + 4.0 * x * v * ((2.0 + v) * (1.0 + v)) / (q * q)
    return x * t, slope, _smish_curvature(x, v, "v")


def _smish(x: np.ndarray, order: int) -> np.ndarray:
    xc = np.clip(x, -_SATURATED, _SATURATED)
    left, right = _smish_left(np.minimum(xc, 0.0)), _smish_right(np.maximum(xc, 0.0))
    if order == 0:
        with np.errstate(over="ignore"):
            far = 0.6 * x  # T = 3/5 beyond x = 1000; never beyond float64 (0.6x < x)
        values = np.where(x > _SATURATED, far, right[0])
        return np.where(xc <= 0, nx.exp_times(left[0], np.minimum(xc, 0.0)), values)
    if order == 1:
        closed = np.where(xc <= 0, nx.exp_times(left[1], np.minimum(xc, 0.0)), right[1])
        return SMISH_SLOPE_ZERO.patch(xc, closed)
    closed = np.where(xc <= 0, nx.exp_times(left[2], np.minimum(xc, 0.0)),
                      nx.exp_times(right[2], -np.maximum(xc, 0.0)))
    return _patch(SMISH_CURVATURE_ZEROS, xc, closed)


def smish_fwd(x: np.ndarray) -> np.ndarray:
    return _smish(x, 0)


def smish_bwd(x: np.ndarray) -> np.ndarray:
    return _smish(x, 1)


def smish_bwd2(x: np.ndarray) -> np.ndarray:
    return _smish(x, 2)


def _smish_exact_gate(mp, x):
    """(σ, σ', D, T) in mpmath, σ' = σ(x)σ(−x) (1 − σ would cancel for large x)."""
    s = 1 / (1 + mp.exp(-x))
    slope = s / (1 + mp.exp(x))
    d = s * (s + 2) + 2
    return s, slope, d, s * (s + 2) / d


def _smish_exact_derivative(mp, x):
    s, slope, d, t = _smish_exact_gate(mp, x)
    return t + x * 4 * (1 + s) * slope / d**2


def _smish_exact_second_derivative(mp, x):
    s, slope, d, _ = _smish_exact_gate(mp, x)
    inner = slope - (1 + s) * mp.tanh(x / 2) - 4 * (1 + s) ** 2 * slope / d
    return 4 * slope / d**2 * (2 * (1 + s) + x * inner)


# The series' edges, the switch from the form in eˣ to the one in e^{−x} at 0, the clamps.
SMISH_SCAN = (*SMISH_SLOPE_ZERO.spots(),
              *(spot for zero in SMISH_CURVATURE_ZEROS for spot in zero.spots()), 0.0,
              -_SATURATED, _SATURATED)

register(
    Activation(
        name="smish",
        title="Smish",
        family="smooth",
        formula=r"f(x) = x\,\tanh(\ln(1 + \sigma(x)))",
        derivative_formula=r"f'(x) = T + \frac{4x\,(1 + \sigma)\,\sigma'}{D^2},\ "
        r"T = \frac{\sigma(\sigma + 2)}{D},\ D = \sigma^2 + 2\sigma + 2",
        function=smish_fwd,
        derivative=smish_bwd,
        exact=lambda mp, x: x * mp.tanh(mp.log1p(1 / (1 + mp.exp(-x)))),
        exact_derivative=_smish_exact_derivative,
        second_derivative=smish_bwd2,
        second_derivative_formula=r"f''(x) = \frac{4\sigma'}{D^2}\left(2(1 + \sigma) + "
        r"x\left(\sigma' + (1 + \sigma)(1 - 2\sigma) - \frac{4(1 + \sigma)^2\sigma'}{D}\right)\right)",
        exact_second_derivative=_smish_exact_second_derivative,
        extra={"scan_around": SMISH_SCAN},
        properties=_self_gated_properties(SMISH_MINIMUM),
        summary="x·tanh(ln(1 + σ(x))): a mish-like unit whose slope tends to 3/5, not 1.",
        reference="Wang et al., Smish: a novel activation function for deep learning methods "
        "(2022)",
        uses=("cnn", "research"),
        notes={
            "en": Notes(
                lesson="Smish = x·tanh(ln(1 + σ(x))) replaces `mish`'s softplus with ln(1 + σ): "
                "the gate is bounded by tanh(ln 2) = 3/5, so f grows like 0.6x on the right.",
                strengths=(
                    "Smooth, with a mish-like dip (minimum ≈ −0.250) that keeps a gradient for "
                    "negative inputs.",
                    "A bounded gate: activations grow more slowly than with `mish` or `silu`.",
                ),
                weaknesses=(
                    "Its slope tends to 3/5, not 1: each layer shrinks large signals, which "
                    "initialisations designed for ReLU do not expect.",
                    "Costly (a sigmoid, a logarithm and a tanh) and seldom used.",
                ),
                where_used="Proposed in 2022 for image classification and fault-diagnosis CNNs; "
                "mostly a research comparison with `mish` and `silu`.",
            ),
            "zh": Notes(
                lesson="Smish = x·tanh(ln(1 + σ(x))) 把 `mish` 中的 softplus 换成 ln(1 + σ)：门的"
                "上界是 tanh(ln 2) = 3/5，所以右侧 f 按 0.6x 增长。",
                strengths=(
                    "光滑，有一个类似 mish 的凹陷（最小值约 −0.250），负输入仍有梯度。",
                    "门有界：激活值比用 `mish` 或 `silu` 时增长得慢。",
                ),
                weaknesses=(
                    "斜率趋于 3/5 而不是 1：每一层都会缩小大的信号，而为 ReLU 设计的初始化并没有"
                    "考虑这一点。",
                    "计算昂贵（sigmoid、对数和 tanh 各一次），很少使用。",
                ),
                where_used="2022 年为图像分类和故障诊断 CNN 提出；主要作为与 `mish`、`silu` 的研究"
                "对比。",
            ),
        },
    )
)


# Serf: the gate erf(softplus(x)).  Its derivatives carry e^{−s²} with s = softplus(x) ≈ x on
# the right, so s is kept as a double-double (x + log1p(e^{−x})) and s² exact, for
# nx.exp_times.
SERF_SLOPE_ZERO = nx.RootSeries(
    root_high=-1.193059968928188,
    root_low=3.096701676302884e-17,
    radius=1.3,
    coefficients=(
        0.30150488936299114, 0.23161220121136644, 0.04754569104272783,
        -0.02333420603137727, -0.018713084036873454, -0.004524531631039773,
        0.0008716960652536206, 0.0010481488697436944, 0.0003321028840029057,
        -1.201569745580808e-06, -4.460454909385668e-05, -1.8353874292565986e-05,
        -1.8900340139093214e-06, 1.4864871391838736e-06, 8.121718750389056e-07,
        1.4194652692951902e-07, -3.850675602945976e-08, -3.041616925654547e-08,
        -7.068821702655697e-09, 6.970906168943091e-10, 1.0045822802571335e-09,
        2.859373335962184e-10, -2.7975869204953636e-12, -3.009099948639162e-11,
        -1.0183596856237129e-11, -5.226295425943396e-13, 8.695164088033408e-13,
        3.5986044662356905e-13, 1.9145803330477755e-14, -3.2917075910395684e-14,
        -8.383719709172642e-15, 1.1406733954232125e-15, 5.008614009966424e-16,
    ),
)
SERF_CURVATURE_ZEROS = (
    nx.RootSeries(
        root_high=-2.2564974802739743,
        root_low=9.824466893013856e-17,
        radius=1.0,
        coefficients=(
            0.12274950544904875, 0.11179111419312171, 0.04229916333484399,
            0.0039048391608063654, -0.0042902446906965715, -0.002782032256820728,
            -0.0009038467323410754, -0.00013325946653736865, 3.489064616422518e-05,
            3.171399998469509e-05, 1.1722507922403859e-05, 2.344392394111554e-06,
            -7.021705723901942e-08, -2.6048431056967723e-07, -1.1156409388098801e-07,
            -2.5716207312206266e-08, -1.2178654659277412e-09, 1.750973818112982e-09,
            8.559896863600197e-10, 2.1273432043265848e-10, 1.7349552139538807e-11,
            -1.018751483986765e-11, -5.693779794978533e-12, -1.6109271862301686e-12,
            -1.4128692895849487e-13, 1.0811836654630889e-13, 3.544160436293329e-14,
        ),
    ),
    nx.RootSeries(
        root_high=1.0960460404526293,
        root_low=-8.186839288346247e-17,
        radius=0.6,
        coefficients=(
            -0.4767746310867969, 0.6086540505260329, 0.09906484657635149,
            -0.4233666993247573, 0.04269994882284443, 0.167559164608518,
            -0.03309808885334496, -0.049795770080553435, 0.012292613375428791,
            0.012266022169058597, -0.0033647838970488316, -0.0026236444697374153,
            0.0007624787884778968, 0.0004999893779892876, -0.00015103005758230537,
            -8.625423223947504e-05, 2.6993550718191716e-05, 1.3612044888112844e-05,
            -4.443973313431651e-06, -1.9758515077134838e-06, 6.820158281901535e-07,
            2.5933205525880374e-07, -9.601530996058947e-08, -2.5675826740768417e-08,
            1.0213856591128558e-08,
        ),
    ),
)
SERF_MINIMUM = -0.3484374587596064
_TWO_OVER_SQRT_PI = 1.1283791670955126  # 2/√π, correctly rounded


def _serf_parts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x clamped, s = softplus(x) high and low, s² high and low)."""
    xc = np.clip(x, -_SATURATED, _SATURATED)
    rest = np.log1p(np.exp(-np.abs(xc)))
    high, low = nx.two_sum(np.maximum(xc, 0.0), rest)
    square, square_low = nx.two_product(high, high)
    return xc, high, low, (square, square_low + 2.0 * high * low)


def _serf_gate(high: np.ndarray, low: np.ndarray) -> np.ndarray:
    """erf(s) for s = high + low: erf(high) + low·(2/√π)e^{−high²}."""
    from scipy.special import erf

    return erf(high) + low * _TWO_OVER_SQRT_PI * np.exp(-np.minimum(high, 40.0) ** 2)


def serf_fwd(x: np.ndarray) -> np.ndarray:
    xc, high, low, _ = _serf_parts(x)
    tail = nx.exp_times(_TWO_OVER_SQRT_PI * xc, np.minimum(xc, _TAIL))  # erf(s) = 2s/√π
    return np.where(x > _SATURATED, x, np.where(xc < _TAIL, tail, xc * _serf_gate(high, low)))


def _serf_spread_exponent(xc, high, low, square, square_low) -> tuple[np.ndarray, np.ndarray]:
    """x − s − s² as a double-double: e^{−s²}σ(x) = e^{x − s − s²}, since σ(x) = e^x/(1 + e^x)
    = e^{x − s}; one exponential, so σ(x) is never rounded on its own."""
    t, t_low = nx.two_sum(xc, -high)
    y, y_low = nx.dd_add(-square, t, t_low - low)
    return y, y_low - square_low


# erf(s) = (2/√π)e^{−s²}·D(s) with D(s) = s·Σ_{n≥0} 2ⁿs²ⁿ/(2n + 1)!!: the terms n ≥ 1, enough
# for s ≤ log(1 + e^{−2.2}) (s² < 0.012) to far below an ulp.
_ERF_KUMMER_TERMS = tuple(2.0**n / math.prod(range(1, 2 * n + 2, 2)) for n in range(1, 12))
# Left of here (inside the slope series' radius too, whose edge at −2.49 is 5 ulp off) f'
# uses the form of _serf_left_slope_bracket.
_SERF_LEFT_FORM_BELOW = -2.2


def _serf_left_slope_bracket(xc, high, low) -> np.ndarray:
    """f'/((2/√π)e^{x − s²}) = D(s)/u + x·σ(x)/u with u = eˣ, written as
    (1 + x) + (s/u − 1) + (s/u)·(D(s)/s − 1) − x·σ(x): 1 + x summed exactly and the rest of
    size u, where erf(s) + x(2/√π)e^{−s²}σ(x) cancels by a factor |x|/|1 + x| (1.7 at x = −2.5)
    and scipy's erf(s) would be rounded on its own."""
    u = np.exp(xc)
    head, head_low = nx.two_sum(1.0, xc)
    gap, gap_low = nx.two_sum(high, -u)
    ratio_minus_one = (gap + (gap_low + low)) / u  # s/u − 1 = log1p(u)/u − 1
    square = (high + low) ** 2
    kummer = square * nx.horner(_ERF_KUMMER_TERMS, square)
    rest = ratio_minus_one + (1.0 + ratio_minus_one) * kummer - xc * nx.sigmoid(xc)
    return head + (head_low + rest)


def serf_bwd(x: np.ndarray) -> np.ndarray:
    # erf(s) + x·(2/√π)e^{−s²}σ(x); far left, (2/√π)e^{x − s²} times the bracket above.
    xc, high, low, (square, square_low) = _serf_parts(x)
    y, y_low = _serf_spread_exponent(xc, high, low, square, square_low)
    closed = _serf_gate(high, low) + nx.exp_times(_TWO_OVER_SQRT_PI * xc, y, y_low)
    left_x = np.clip(xc, _TAIL, _SERF_LEFT_FORM_BELOW)  # the other x take other forms below
    exponent, exponent_low = nx.two_sum(left_x, -square)
    left = nx.exp_times(_TWO_OVER_SQRT_PI * _serf_left_slope_bracket(left_x, high, low),
                        exponent, exponent_low - square_low)
    tail = nx.exp_times(_TWO_OVER_SQRT_PI * (1.0 + xc), np.minimum(xc, _TAIL))
    patched = SERF_SLOPE_ZERO.patch(xc, np.where(xc < _TAIL, tail, closed))
    return np.where((xc < _SERF_LEFT_FORM_BELOW) & (xc >= _TAIL), left, patched)


def _serf_curvature_bracket(xc, high, low) -> np.ndarray:
    """2 + x(σ(−x) − 2sσ(x)), written so that it does not cancel: with σ(x) = 1 − σ(−x) it is
    (2 + x) − xσ(x)(1 + 2s) for x < 0 (x ≈ −3: 2 − 3.2 otherwise) and (2 − 2xs) + xσ(−x)(1 + 2s)
    for x ≥ 0, the leading sums in double-double and the rest small."""
    s = high + low
    left, left_low = nx.two_sum(2.0, xc)
    left = left + (left_low - xc * nx.sigmoid(xc) * (1.0 + 2.0 * s))
    product, product_low = nx.two_product(2.0 * xc, high)
    right, right_low = nx.two_sum(2.0, -product)
    right = right + ((right_low - product_low - 2.0 * xc * low)
                     + xc * nx.sigmoid(-xc) * (1.0 + 2.0 * s))
    return np.where(xc < 0.0, left, right)


def serf_bwd2(x: np.ndarray) -> np.ndarray:
    # (2/√π)e^{−s²}σ(x)·(2 + x(σ(−x) − 2sσ(x))), e^{−s²}σ(x) = e^{x − s − s²}
    xc, high, low, (square, square_low) = _serf_parts(x)
    y, y_low = _serf_spread_exponent(xc, high, low, square, square_low)
    bracket = _serf_curvature_bracket(xc, high, low)
    closed = nx.exp_times(_TWO_OVER_SQRT_PI * bracket, y, y_low)
    tail = nx.exp_times(_TWO_OVER_SQRT_PI * (2.0 + xc), np.minimum(xc, _TAIL))
    return _patch(SERF_CURVATURE_ZEROS, xc, np.where(xc < _TAIL, tail, closed))


def _serf_exact_derivative(mp, x):
    s = mp.log1p(mp.exp(x))
    return mp.erf(s) + x * 2 / mp.sqrt(mp.pi) * mp.exp(-s**2) / (1 + mp.exp(-x))


def _serf_exact_second_derivative(mp, x):
    s = mp.log1p(mp.exp(x))
    gate, other = 1 / (1 + mp.exp(-x)), 1 / (1 + mp.exp(x))
    return 2 / mp.sqrt(mp.pi) * mp.exp(-s**2) * gate * (2 + x * (other - 2 * s * gate))


# The series' edges, the tail, the switches of f' at −2.2 and of f''s bracket at 0, the
# clamps.
SERF_SCAN = (*SERF_SLOPE_ZERO.spots(),
             *(spot for zero in SERF_CURVATURE_ZEROS for spot in zero.spots()), _TAIL, 0.0,
             _SERF_LEFT_FORM_BELOW, -_SATURATED, _SATURATED)

register(
    Activation(
        name="serf",
        title="Serf",
        family="smooth",
        formula=r"f(x) = x\,\mathrm{erf}(\ln(1 + e^{x}))",
        derivative_formula=r"f'(x) = \mathrm{erf}(s) + \frac{2x}{\sqrt{\pi}}\,e^{-s^2}\sigma(x),\ "
        r"s = \ln(1 + e^{x})",
        function=serf_fwd,
        derivative=serf_bwd,
        exact=lambda mp, x: x * mp.erf(mp.log1p(mp.exp(x))),
        exact_derivative=_serf_exact_derivative,
        second_derivative=serf_bwd2,
        second_derivative_formula=r"f''(x) = \frac{2}{\sqrt{\pi}}\,e^{-s^2}\sigma(x)\,"
        r"(2 + x(\sigma(-x) - 2s\,\sigma(x)))",
        exact_second_derivative=_serf_exact_second_derivative,
        extra={"scan_around": SERF_SCAN},
        properties=_self_gated_properties(SERF_MINIMUM),
        summary="x·erf(softplus(x)): mish with tanh replaced by the error function.",
        reference="Nag, Bhattacharyya & Mukherjee, Serf: towards better training of deep neural "
        "networks using log-softplus error activation function (2023)",
        uses=("cnn", "research"),
        notes={
            "en": Notes(
                lesson="Serf = x·erf(ln(1 + eˣ)) is `mish` with tanh replaced by erf: the same "
                "shape (a dip, minimum ≈ −0.348), a gate that closes on 1 faster.",
                strengths=(
                    "Smooth and self-regularising like Mish; the paper reports small gains over "
                    "Mish and GELU in image classification.",
                    "Close to the identity for x > 3 (erf saturates quickly).",
                ),
                weaknesses=(
                    "An exponential, a logarithm and an erf per element: one of the most "
                    "expensive activations.",
                    "Non-monotonic, saturating on the left; rarely available in frameworks.",
                ),
                where_used="Proposed for image classification and object detection (WACV 2023); "
                "a research comparison with `mish` and `gelu`.",
            ),
            "zh": Notes(
                lesson="Serf = x·erf(ln(1 + eˣ)) 就是把 `mish` 中的 tanh 换成 erf：形状相同（一个"
                "凹陷，最小值约 −0.348），门更快地趋于 1。",
                strengths=(
                    "和 Mish 一样光滑并有自正则化作用；论文报告在图像分类上比 Mish 和 GELU 略有提升"
                    "。",
                    "x > 3 时接近恒等映射（erf 很快饱和）。",
                ),
                weaknesses=(
                    "每个元素要算指数、对数和 erf：最昂贵的激活函数之一。",
                    "非单调，左侧饱和；各框架很少提供。",
                ),
                where_used="为图像分类和目标检测提出（WACV 2023）；作为与 `mish`、`gelu` 的研究对比"
                "。",
            ),
        },
    )
)
