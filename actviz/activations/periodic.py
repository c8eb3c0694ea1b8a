"""Periodic units: SIREN's sine and Snake.

Their angles are products (ω₀x, αx, 2αx), and the sine of a product is only as good as the
product: rounding ω₀x to float64 moves the angle by up to half an ulp of ω₀x, which at x = 1e6
is already 5e-10 and at x = 1e300 is everything.  So the angle is kept exact:

- while |w·x| ≤ 2^40, as a double-double (nx.two_product), and sin(hi + lo) =
  sin(hi)·cos(lo) + cos(hi)·sin(lo), numpy reducing hi exactly;
- beyond, w·x is an exact rational (both are binary floats) and is reduced modulo π/2 in Python
  integers against π to 1,400 bits (Payne and Hanek's method), element by element: slow, but
  only such huge x ever take that path.
"""

from __future__ import annotations

import functools
import math

from actviz.activations import numerics as nx
from actviz.activations.registry import INF, Activation, Interval, Parameter, Properties, register
from actviz.activations.registry import Notes
from actviz.lazy import numpy as np

# Beyond this |w·x| the double-double's low part reaches 1e-4 rad and the exact reduction is
# used instead.
_EXACT_REDUCTION_ABOVE = 2.0**40
_PI_BITS = 1400
# Snake: beyond |αx| = 2^60, sin²(αx)/α is below half an ulp of x.
_IDENTITY_BEYOND = 2.0**60
# π/4 as a double-double, for sin(θ + π/4).
_QUARTER_PI = (0.7853981633974483, 3.061616997868383e-17)


@functools.lru_cache(maxsize=1)
def _pi_fixed() -> int:
    """⌊π·2^1400⌋ by Machin's formula π = 16·atan(1/5) − 4·atan(1/239), in integers."""
    guard = 32
    scale = 1 << (_PI_BITS + guard)

    def arctan_inverse(n: int) -> int:
        total, power, k, sign = 0, scale // n, 1, 1
        while power:
            total += sign * (power // k)
            power //= n * n
            k, sign = k + 2, -sign
        return total

    return (16 * arctan_inverse(5) - 4 * arctan_inverse(239)) >> guard


def _reduce(w: float, x: float, quarters: int) -> tuple[int, float, float]:
    """(q mod 4, r, r_low) with w·x + quarters·π/4 = q·π/2 + r (|r| ≤ π/4), for finite w, x.

    w·x = num/2^shift exactly; in fixed point with K fraction bits, r is exact to
    |q|·2^-K, and K leaves 130 bits below the leading bit of q (r is never below 2^-70 for
    float inputs that are not multiples of π/2, which no non-zero rational is).
    """
    w_num, w_den = w.as_integer_ratio()
    x_num, x_den = x.as_integer_ratio()
    num, shift = w_num * x_num, (w_den * x_den).bit_length() - 1
    bits = max(num.bit_length() - shift, 0) + 130 + shift
    if bits + 4 > _PI_BITS:
        raise ValueError("angle beyond the reduction's precision")  # |w| ≤ 1e3 keeps it below
    scaled = num << (bits - shift)  # w·x·2^bits
    half_pi = _pi_fixed() >> (_PI_BITS - bits + 1)  # ⌊π/2·2^bits⌋
    scaled += quarters * (half_pi // 2)  # + quarters·π/4
    q = (2 * scaled + half_pi) // (2 * half_pi)
    rest = scaled - q * half_pi
    r = rest / (1 << bits)  # correctly rounded
    r_num, r_den = r.as_integer_ratio()
    r_low = (rest - (r_num << bits) // r_den) / (1 << bits)
    return q % 4, r, r_low


def _sin_cos_exact(w: float, x: float, quarters: int) -> tuple[float, float]:
    quadrant, r, r_low = _reduce(w, x, quarters)
    s, c = math.sin(r) + r_low * math.cos(r), math.cos(r) - r_low * math.sin(r)
    return ((s, c), (c, -s), (-s, -c), (-c, s))[quadrant]


def sin_of_product_dd(w: float, x: np.ndarray, quarters: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """sin θ of θ = w·x + quarters·π/4 as a double-double (value, correction below its ulp), so
    that a square of it (snake's f') rounds once more only."""
    return _sin_cos_dd(w, x, quarters)[0]


def sin_cos_of_product(w: float, x: np.ndarray, quarters: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """sin θ and cos θ of θ = w·x + quarters·π/4, accurate for every finite x (|w| ≤ 1e3).

    ±inf gives NaN, as sin(±inf) does (callers decide what a periodic function is there).
    """
    (s, s_low), (c, c_low) = _sin_cos_dd(w, x, quarters)
    return s + s_low, c + c_low


def _sin_cos_dd(w: float, x: np.ndarray, quarters: int) -> tuple[tuple, tuple]:
    """((sin θ, its correction), (cos θ, its correction)) with θ = θ_high + θ_low exact (a
    double-double): sin θ = sin θ_high + (sin θ_high·(cos θ_low − 1) + cos θ_high·sin θ_low),
    cos θ_low − 1 = −2sin²(θ_low/2) without cancellation."""
    finite = np.isfinite(x)
    xs = np.where(finite, x, 0.0)
    huge = np.abs(xs) > _EXACT_REDUCTION_ABOVE / abs(w)
    xm = np.where(huge, 0.0, xs)
    hi, lo = nx.two_product(w, xm)
    if quarters:
        hi, lo = nx.dd_add(quarters * _QUARTER_PI[0], hi, lo + quarters * _QUARTER_PI[1])
        hi, lo = nx.two_sum(hi, lo)
    sin_hi, cos_hi, sin_lo = np.sin(hi), np.cos(hi), np.sin(lo)
    half = np.sin(0.5 * lo)
    cos_lo_minus_one = -2.0 * half * half
    # Renormalised, so that the correction is below an ulp of the value.
    s, s_low = nx.two_sum(sin_hi, sin_hi * cos_lo_minus_one + cos_hi * sin_lo)
    c, c_low = nx.two_sum(cos_hi, cos_hi * cos_lo_minus_one - sin_hi * sin_lo)
    if huge.any():
        # For 0-d x the arithmetic above gives NumPy scalars, whose .flat is a copy: writing
        # into it was lost (sine(1e11) gave 0.0); 0-d arrays take the writes.
        s, s_low, c, c_low = (np.asarray(v) for v in (s, s_low, c, c_low))
    for index in np.flatnonzero(huge):
        s.flat[index], c.flat[index] = _sin_cos_exact(w, float(xs.flat[index]), quarters)
        s_low.flat[index] = c_low.flat[index] = 0.0
    return ((np.where(finite, s, np.nan), np.where(finite, s_low, 0.0)),
            (np.where(finite, c, np.nan), np.where(finite, c_low, 0.0)))


# At ±inf a periodic function has no limit: f, f' and f'' are NaN there, as sin(±inf) is.


def _reduction_switch(w: float) -> tuple[float, float]:
    """The x where sin_cos_of_product(w, x) hands over to the exact angle reduction."""
    return (-_EXACT_REDUCTION_ABOVE / w, _EXACT_REDUCTION_ABOVE / w)


def _sine_scan(omega_0: float) -> tuple[float, ...]:
    return (0.0, *_reduction_switch(omega_0))


def sine_fwd(x: np.ndarray, omega_0: float) -> np.ndarray:
    return sin_cos_of_product(omega_0, x)[0]


def sine_bwd(x: np.ndarray, omega_0: float) -> np.ndarray:
    return omega_0 * sin_cos_of_product(omega_0, x)[1]


def sine_bwd2(x: np.ndarray, omega_0: float) -> np.ndarray:
    # −ω₀²·sin(ω₀x), with ω₀² as a double-double so that only the final product rounds.
    square, square_low = nx.two_product(omega_0, omega_0)
    s = sin_cos_of_product(omega_0, x)[0]
    return -(square * s + square_low * s)


register(
    Activation(
        name="sine",
        aliases=("siren", "sin"),
        title="Sine (SIREN)",
        family="periodic",
        formula=r"f(x) = \sin(\omega_0 x)",
        derivative_formula=r"f'(x) = \omega_0 \cos(\omega_0 x)",
        function=sine_fwd,
        derivative=sine_bwd,
        exact=lambda mp, x, omega_0: mp.sin(omega_0 * x),
        exact_derivative=lambda mp, x, omega_0: omega_0 * mp.cos(omega_0 * x),
        second_derivative=sine_bwd2,
        second_derivative_formula=r"f''(x) = -\omega_0^2 \sin(\omega_0 x)",
        exact_second_derivative=lambda mp, x, omega_0: -mp.mpf(omega_0) ** 2 * mp.sin(omega_0 * x),
        parameters=(
            Parameter("omega_0", 30.0, "frequency ω₀ (SIREN: 30 in the first layer)", low=0.0,
                      low_open=True, high=1e3, symbol="ω₀"),
        ),
        extra={"scan_around": _sine_scan},
        properties=lambda omega_0: Properties(
            range=Interval.closed(-1.0, 1.0),
            monotonic=False,
            derivative_monotonic=False,
            continuity="C∞",
            zero_centred=True,
            saturating="none",
            identity_near_origin=omega_0 == 1,
        ),
        summary="sin(ω₀x): the periodic activation of implicit neural representations (SIREN).",
        reference="Sitzmann et al., Implicit neural representations with periodic activation "
        "functions (2020)",
        uses=("research", "regression_output"),
        notes={
            "en": Notes(
                lesson="SIREN's sin(ω₀x) with ω₀ = 30: a network of sines fits a signal (an image, "
                "a sound, a distance field) as a function of its coordinates, fine details and "
                "derivatives included.",
                strengths=(
                    "Every derivative of a sine is a (shifted) sine: the network's gradients and "
                    "Laplacians are as well behaved as its outputs, which physics-style losses "
                    "need.",
                    "High frequencies are easy to represent, where ReLU networks blur them "
                    "(their spectral bias).",
                ),
                weaknesses=(
                    "Needs its special initialisation (weights uniform in ±√(6/n)/ω₀): with a "
                    "standard one the training fails.",
                    "Periodic and non-monotonic: many inputs give the same output, and there is "
                    "no limit at ±∞.",
                ),
                where_used="SIREN and later implicit neural representations: images, audio, "
                "signed distance functions, solutions of PDEs (physics-informed networks).",
            ),
            "zh": Notes(
                lesson="SIREN 的 sin(ω₀x)，ω₀ = 30：由正弦组成的网络把信号（图像、声音、距离场）"
                "表示成坐标的函数，连细节和导数一起拟合。",
                strengths=(
                    "正弦的每一阶导数仍是（平移后的）正弦：网络的梯度和拉普拉斯算子和输出一样规整"
                    "，物理类损失正需要这一点。",
                    "容易表示高频成分，而 ReLU 网络会把它们抹平（频谱偏置）。",
                ),
                weaknesses=(
                    "需要专门的初始化（权重在 ±√(6/n)/ω₀ 内均匀分布）：用常规初始化训练会失败。",
                    "周期、非单调：许多输入给出同一输出，在 ±∞ 处没有极限。",
                ),
                where_used="SIREN 及之后的隐式神经表示：图像、音频、有符号距离函数、偏微分方程的解"
                "（物理信息神经网络）。",
                parameters={"omega_0": "频率 ω₀（SIREN 第一层取 30）"},
            ),
        },
    )
)


def _snake_scan(alpha: float) -> tuple[float, ...]:
    # f' and f'' reduce 2αx (and αx + π/4); f switches to x beyond |αx| = 2^60.
    return (0.0, *_reduction_switch(alpha), *_reduction_switch(2.0 * alpha),
            -_IDENTITY_BEYOND / alpha, _IDENTITY_BEYOND / alpha)


def snake_fwd(x: np.ndarray, alpha: float) -> np.ndarray:
    # Beyond |αx| = 2^60, sin²(αx)/α is below half an ulp of x: f = x, and the exact
    # reduction is not needed.
    large = np.abs(x) > _IDENTITY_BEYOND / alpha
    # sin²(αx)/α as a double-double (sin(αx) and the quotient too): x + sin²(αx)/α cancels
    # where αx ≈ −1 (α = 1000, x = −0.0011: −0.0011 + 0.00079).
    xm = np.where(large, 0.0, x)
    s, s_low = sin_of_product_dd(alpha, xm)
    square, square_low = nx.two_product(s, s)
    square_low = square_low + 2.0 * s * s_low
    quotient = square / alpha
    product, product_low = nx.two_product(quotient, alpha)
    quotient_low = (((square - product) - product_low) + square_low) / alpha
    total, total_low = nx.dd_add(xm, quotient, quotient_low)
    return np.where(large, x, total + total_low)


def snake_bwd(x: np.ndarray, alpha: float) -> np.ndarray:
    # 1 + sin(2αx) = 2·sin²(αx + π/4): no cancellation near the zeros of f'.
    s, s_low = sin_of_product_dd(alpha, x, quarters=1)
    finite = np.isfinite(s)
    s = np.where(finite, s, 0.0)
    square, square_low = nx.two_product(s, s)
    return np.where(finite, 2.0 * (square + (square_low + 2.0 * s * s_low)), np.nan)


def snake_bwd2(x: np.ndarray, alpha: float) -> np.ndarray:
    return 2.0 * alpha * sin_cos_of_product(2.0 * alpha, x)[1]


register(
    Activation(
        name="snake",
        title="Snake",
        family="periodic",
        formula=r"f(x) = x + \frac{\sin^2(\alpha x)}{\alpha}",
        derivative_formula=r"f'(x) = 1 + \sin(2\alpha x)",
        function=snake_fwd,
        derivative=snake_bwd,
        exact=lambda mp, x, alpha: x + mp.sin(alpha * x) ** 2 / alpha,
        exact_derivative=lambda mp, x, alpha: 1 + mp.sin(2 * alpha * x),
        second_derivative=snake_bwd2,
        second_derivative_formula=r"f''(x) = 2\alpha \cos(2\alpha x)",
        exact_second_derivative=lambda mp, x, alpha: 2 * alpha * mp.cos(2 * alpha * x),
        parameters=(
            Parameter("alpha", 1.0, "frequency α of the ripple (learnable per channel)",
                      low=0.0, low_open=True, high=1e3, symbol="α"),
        ),
        extra={"scan_around": _snake_scan},
        properties=Properties(
            range=Interval.open(-INF, INF),
            monotonic=True,
            derivative_monotonic=False,
            continuity="C∞",
            zero_centred=False,
            saturating="none",
            identity_near_origin=True,
        ),
        summary="x plus a periodic ripple: monotonic, but able to extrapolate periodic signals.",
        reference="Liu, Ziyin et al., Neural networks fail to learn periodic functions and how to "
        "fix it (2020)",
        uses=("research", "regression_output"),
        notes={
            "en": Notes(
                lesson="Snake = x + sin²(αx)/α adds a ripple to the identity: f′ = 1 + sin(2αx) "
                "never goes below 0, so f stays monotonic, yet networks of it can extrapolate "
                "periodic signals, which ReLU and tanh networks cannot.",
                strengths=(
                    "Learns and extrapolates periodic structure (temperatures over years, "
                    "waveforms) where ReLU networks extrapolate linearly.",
                    "Monotonic and unbounded like ReLU, so it still trains as a general-purpose "
                    "activation.",
                ),
                weaknesses=(
                    "f′ touches 0 at every αx = −π/4 + kπ: points where no gradient flows.",
                    "α must suit the signal's frequencies; it is usually learned per channel.",
                ),
                where_used="Neural audio: the BigVGAN vocoder and the Descript audio codec use "
                "Snake with a learned α per channel; time-series models with periodic trends.",
            ),
            "zh": Notes(
                lesson="Snake = x + sin²(αx)/α 在恒等映射上加了一层波纹：f′ = 1 + sin(2αx) 从不小"
                "于 0，所以 f 仍是单调的，而由它组成的网络能外推周期信号，ReLU 和 tanh 网络做不到。",
                strengths=(
                    "能学习并外推周期结构（多年的气温、波形），而 ReLU 网络只会线性外推。",
                    "和 ReLU 一样单调、无界，因此仍能作为通用激活函数训练。",
                ),
                weaknesses=(
                    "在每个 αx = −π/4 + kπ 处 f′ 降到 0：那些点上没有梯度流过。",
                    "α 必须与信号的频率相称；通常按通道学习。",
                ),
                where_used="神经音频：BigVGAN 声码器和 Descript 音频编解码器都使用按通道学习 α 的 "
                "Snake；带周期趋势的时间序列模型。",
                parameters={"alpha": "波纹的频率 α（按通道学习）"},
            ),
        },
    )
)
