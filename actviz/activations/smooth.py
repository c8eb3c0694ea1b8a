"""Smooth self-gated units and softplus: GELU, SiLU/Swish, Mish, Softplus.

Their negative tails are tiny but not zero (gelu(−9.25) ≈ −1.04e-19): the forms below keep them.
"""

from __future__ import annotations

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
    xc = np.clip(x, -_SATURATED, _SATURATED)
    return np.where(x > _SATURATED, x, nx.normal_cdf_times(xc, xc))


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
    xc = np.clip(x, -_SATURATED, _SATURATED)
    square, square_low = nx.two_product(xc, xc)
    difference, difference_low = nx.two_sum(2.0, -square)
    return nx.normal_pdf_times(difference + (difference_low - square_low), xc)


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
    xc = np.clip(x, -_GELU_TANH_SATURATED, _GELU_TANH_SATURATED)
    square = nx.two_product(xc, xc)
    return xc, _gelu_tanh_polynomial(xc, square, 1.0), _gelu_tanh_polynomial(xc, square, 3.0)


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
    # would cancel to 0.
    xc, (z, z_low), _ = _gelu_tanh_gate(x)
    tail = nx.exp_times(xc, np.minimum(z, _TAIL), z_low)
    body = xc * nx.sigmoid_dd(z, z_low)
    return np.where(x > _GELU_TANH_SATURATED, x, np.where(z < _TAIL, tail, body))


def gelu_tanh_bwd(x: np.ndarray) -> np.ndarray:
    # f' = σ(z)·(1 + x·z'·σ(−z)).  For z < 0 that is e^z·(1 + x·z' + e^z)/(1 + e^z)², whose
    # numerator is summed in double-double (1 + x·z' cancels partly) and whose e^z factor is
    # scaled by nx.exp_times, so one form covers the whole left side down to the last subnormal.
    xc, (z, z_low), x_dz = _gelu_tanh_gate(x)
    left_z = np.minimum(z, 0.0)
    e = np.exp(left_z)
    numerator, numerator_low = nx.dd_add(1.0, *x_dz)
    left = nx.exp_times(numerator + (numerator_low + e), left_z, z_low) / nx.squared_one_plus(e)
    right = nx.sigmoid_dd(z, z_low) * (1.0 + x_dz[0] * nx.sigmoid(-z))
    return GELU_TANH_SLOPE_ZERO.patch(xc, np.where(z < 0, left, right))


def _dd_sum(a: tuple, b: tuple) -> tuple[np.ndarray, np.ndarray]:
    """The sum of two double-doubles."""
    high, low = nx.two_sum(a[0], b[0])
    return high, low + (a[1] + b[1])


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
    xc, (z, z_low), _ = _gelu_tanh_gate(x)
    square = nx.two_product(xc, xc)
    slope = nx.dd_mul(*GELU_TANH_C2, *nx.dd_add(1.0, *nx.dd_mul(3.0, 0.0, *nx.dd_mul(
        *GELU_TANH_K, *square))))  # z'
    bend = nx.dd_mul(np.abs(xc), 0.0, *nx.dd_mul(*slope, *slope))  # |x|·z'²
    c = nx.dd_mul(*GELU_TANH_C2, *nx.dd_add(2.0, *nx.dd_mul(12.0, 0.0, *nx.dd_mul(
        *GELU_TANH_K, *square))))
    a, a_low = np.abs(z), np.sign(z) * z_low
    e = np.exp(-a)
    gap = _dd_sum(c, (-bend[0], -bend[1]))
    total = _dd_sum(c, bend)
    numerator = gap[0] + (gap[1] + e * (total[0] + total[1]))
    closed = nx.exp_times(numerator, -a, -a_low) / nx.cubed_one_plus(e)
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
    xc = np.clip(x, -bound, bound)
    if beta == 1.0:  # u = x exactly: no rounding error to carry
        return xc, xc, 0.0
    u, u_low = nx.two_product(beta, xc)
    return xc, u, u_low


def swish_fwd(x: np.ndarray, beta: float = 1.0) -> np.ndarray:
    xc, u, u_low = _gate_argument(x, beta)
    # x·σ(u) = x·e^u in the tail, to far better than an ulp; each form on its own elements.
    gated = nx.by_mask(u < _TAIL, nx.exp_times, lambda xs, us, lows: xs * nx.sigmoid_dd(us, lows),
                       xc, u, u_low)
    return np.where(x > _SATURATED / beta, x, gated)


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
    a, a_low = np.abs(u), np.sign(u) * u_low
    e = np.exp(-a)
    gap, gap_low = nx.two_sum(2.0, -a)
    numerator = gap + ((gap_low - a_low) + e * (2.0 + a))
    closed = nx.exp_times(beta * numerator, -a, -a_low) / nx.cubed_one_plus(e)
    h = SILU_CURVATURE_ZERO.offset(a, a_low)
    return np.where(SILU_CURVATURE_ZERO.near(h), beta * SILU_CURVATURE_ZERO.evaluate(h), closed)


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
    xc = np.clip(x, -_SATURATED, _SATURATED)
    # In the tail softplus(x) = e^x and tanh(s) = s, to far better than an ulp.
    gated = nx.by_mask(xc < _TAIL, lambda xs: nx.exp_times(xs, xs),
                       lambda xs: xs * np.tanh(nx.softplus(xs)), xc)
    return np.where(x > _SATURATED, x, gated)


def mish_bwd(x: np.ndarray) -> np.ndarray:
    # tanh(s) + x·sech²(s)·σ(x), s = softplus(x).  For x < 0, with w = e^x and
    # D = w² + 2w + 2: tanh(s) = w(w + 2)/D and sech²(s)·σ(x) = 4w(1 + w)/D², so
    # f' = w·((w + 2)·D + 4x(1 + w))/D²: one rational expression with fewer roundings than
    # the three transcendental terms, and w·(…) scaled by nx.exp_times for the far tail.
    xc = np.clip(x, -_SATURATED, _SATURATED)
    return MISH_SLOPE_ZERO.patch(xc, nx.by_mask(xc < 0, _mish_slope_left, _mish_slope_right, xc))


def _mish_slope_left(left_x: np.ndarray) -> np.ndarray:
    """Mish's slope for x < 0, the rational form in w = e^x (see :func:`mish_bwd`)."""
    w = np.exp(left_x)
    # The numerator's two terms cancel by up to a factor 2.4 near x = −2.4: sum them in
    # double-double, each rounding error carried.
    w_plus_2 = nx.dd_add(2.0, w, 0.0)
    d = nx.dd_add(2.0, *nx.dd_mul(*nx.dd_add(2.0, w, 0.0), w, 0.0))  # (w + 2)·w + 2
    gain = nx.dd_mul(*w_plus_2, *d)
    loss = nx.dd_mul(4.0 * left_x, 0.0, *nx.dd_add(1.0, w, 0.0))
    numerator, numerator_low = nx.dd_add(gain[0], loss[0], loss[1] + gain[1])
    d_square = nx.dd_mul(*d, *d)
    return nx.exp_times((numerator + numerator_low) / (d_square[0] + d_square[1]), left_x)


def _mish_slope_right(x: np.ndarray) -> np.ndarray:
    """Mish's slope for x ≥ 0: tanh(s) + x·sech²(s)·σ(x), s = softplus(x)."""
    s = nx.softplus(x)
    return np.tanh(s) + x * nx.sech2(s) * nx.sigmoid(x)


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


def _mish_cubed(w: np.ndarray) -> tuple:
    """(w² + 2w + 2) as a double-double, and its cube rounded once."""
    d = nx.dd_add(2.0, *nx.dd_mul(*nx.dd_add(2.0, w, 0.0), w, 0.0))
    cube = nx.dd_mul(*nx.dd_mul(*d, *d), *d)
    return d, cube[0] + cube[1]


def mish_bwd2(x: np.ndarray) -> np.ndarray:
    # f'' = sech²(s)·σ(x)·(2 + x·(σ(−x) − 2·tanh(s)·σ(x))), s = softplus(x).  As rational
    # functions of w = e^x (x < 0), with D = w² + 2w + 2:
    #   f'' = 4w·(2D(1 + w) + x(2 + 2w − 3w² − 2w³))/D³,
    # and of v = e^{−x} (x ≥ 0), with E = 2v² + 2v + 1 (D = w²E):
    #   f'' = 4v²·(2E(1 + v) + x(2v³ + 2v² − 3v − 2))/E³.
    # Sums in double-double; the e^x and e^{−2x} factors through nx.exp_times for the tails.
    xc = np.clip(x, -_SATURATED, _SATURATED)
    left_x, right_x = np.minimum(xc, 0.0), np.maximum(xc, 0.0)
    w = np.exp(left_x)
    d, d_cubed = _mish_cubed(w)
    w_square = nx.two_product(w, w)
    poly = nx.dd_add(2.0, *_dd_sum((2.0 * w, 0.0), nx.dd_mul(-1.0, 0.0, *_dd_sum(
        nx.dd_mul(3.0, 0.0, *w_square), nx.dd_mul(2.0 * w, 0.0, *w_square)))))
    left_bracket = _dd_sum(nx.dd_mul(2.0, 0.0, *nx.dd_mul(*d, *nx.dd_add(1.0, w, 0.0))),
                           nx.dd_mul(left_x, 0.0, *poly))
    left = nx.exp_times(4.0 * (left_bracket[0] + left_bracket[1]) / d_cubed, left_x)
    v = np.exp(-right_x)
    # E = 2v² + 2v + 1 = (1/v²)·D(1/v)… computed directly:
    e_poly = nx.dd_add(1.0, *nx.dd_mul(2.0 * v, 0.0, *nx.dd_add(1.0, v, 0.0)))
    e_cube = nx.dd_mul(*nx.dd_mul(*e_poly, *e_poly), *e_poly)
    v_square = nx.two_product(v, v)
    right_poly = nx.dd_add(-2.0, *_dd_sum(
        _dd_sum(nx.dd_mul(2.0 * v, 0.0, *v_square), nx.dd_mul(2.0, 0.0, *v_square)),
        (-3.0 * v, 0.0)))
    right_bracket = _dd_sum(nx.dd_mul(2.0, 0.0, *nx.dd_mul(*e_poly, *nx.dd_add(1.0, v, 0.0))),
                            nx.dd_mul(right_x, 0.0, *right_poly))
    right = nx.exp_times(4.0 * (right_bracket[0] + right_bracket[1]) / (e_cube[0] + e_cube[1]),
                         -2.0 * right_x)
    closed = np.where(xc < 0, left, right)
    for zero in MISH_CURVATURE_ZEROS:
        closed = zero.patch(xc, closed)
    return closed


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
        log_term = np.log1p(np.exp(-np.abs(us)))
        if not (np.ndim(lows) == 0 and lows == 0.0):  # u = βx was rounded
            log_term = log_term - np.sign(us) * lows * nx.sigmoid(-np.abs(us))
        return np.maximum(xs, 0.0) + log_term / beta

    # softplus(u) = e^u in the tail, to far better than an ulp.
    # x itself, not the clamped xc, in max(x, 0): beyond the clamp f(x) = x.
    return nx.by_mask(u < _TAIL, lambda xs, us, lows: nx.exp_times(1.0 / beta, us, lows), body,
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
