"""Shrinkage units: SoftShrink, HardShrink (thresholding, as in sparse coding) and TanhShrink."""

from __future__ import annotations

from actviz.activations import numerics as nx
from actviz.activations import textbook as tb
from actviz.activations.registry import INF, Activation, Interval, Parameter, Properties, register
from actviz.activations.registry import Notes
from actviz.lazy import numpy as np
# How PyTorch, JAX, Keras, ... ship these (the frameworks=... of each declaration).
from actviz.activations.registry import FrameworkName, renamed_parameter

_ZERO_AT_THRESHOLDS = "f'(±λ) = 0, as PyTorch autograd does"
_ZERO_AT_THRESHOLDS_ZH = "f′(±λ) = 0，与 PyTorch autograd 一致"


def _outside(x: np.ndarray, lambd: float) -> np.ndarray:
    return (x > lambd) | (x < -lambd)


def _lambda_parameter() -> Parameter:
    return Parameter("lambd", 0.5, "threshold λ below which |x| is set to 0 (λ = 0 would be the "
                     "identity)", low=0.0, low_open=True, symbol="λ")


def softshrink_fwd(x: np.ndarray, lambd: float) -> np.ndarray:
    # sign(x)·max(|x| − λ, 0): the same roundings as x ∓ λ, but |x| − λ cannot overflow, while
    # x + λ on the branch np.where discards does for x near 1.8e308 and λ = 1e300.
    return np.sign(x) * np.maximum(np.abs(x) - lambd, 0.0)


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
        exact=(
            lambda mp, x, lambd: x - lambd if x > lambd else (x + lambd if x < -lambd else mp.zero)
        ),
        exact_derivative=(
            lambda mp, x, lambd: mp.one if abs(x) > lambd else mp.zero
        ),
        second_derivative=nx.zero_curvature,
        second_derivative_formula=r"f''(x) = 0",
        exact_second_derivative=nx.exact_zero,
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
        uses=("sparse_coding",),
        notes={
            "en": Notes(
                lesson="Soft thresholding: values with |x| ≤ λ become 0 and the rest move λ toward "
                "0; it is the exact minimiser of ½(y − x)² + λ|y|, the step that makes "
                "L1-regularised solutions sparse.",
                strengths=(
                    "Produces exact zeros: sparse outputs by design.",
                    "Continuous (no jump, unlike `hardshrink`), zero-centred, slope 1 outside the "
                    "dead zone.",
                ),
                weaknesses=(
                    "Shrinks large values too: every surviving output is λ closer to 0 than its "
                    "input (a biased estimate).",
                    "f′ = 0 inside [−λ, λ]: no gradient there.",
                    "Rare as a hidden activation in general-purpose networks.",
                ),
                where_used="ISTA and learned ISTA (LISTA) for sparse coding and compressed "
                "sensing; wavelet denoising (Donoho's soft thresholding).",
            ),
            "zh": Notes(
                lesson="软阈值：|x| ≤ λ 的值置为 0，其余的值向 0 移动 λ；它恰好是 ½(y − x)² + λ|y| "
                "的最小值点，正是这一步让 L1 正则化的解变得稀疏。",
                strengths=(
                    "产生真正的零：输出天然稀疏。",
                    "连续（不像 `hardshrink` 那样跳变）、零中心，死区之外斜率为 1。",
                ),
                weaknesses=(
                    "大的值也被收缩：每个保留下来的输出都比输入离 0 近 λ（估计有偏）。",
                    "[−λ, λ] 内 f′ = 0：那里没有梯度。",
                    "在通用网络中很少用作隐藏层激活函数。",
                ),
                where_used="稀疏编码和压缩感知中的 ISTA 及可学习的 ISTA（LISTA）；小波去噪（Donoho "
                "的软阈值）。",
                parameters={"lambd": "阈值 λ：|x| 小于它时置 0（λ = 0 即恒等函数）"},
                at_breakpoints=f"{_ZERO_AT_THRESHOLDS_ZH}",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.Softshrink", {"lambd": 0.5}),
            FrameworkName("keras", "keras.activations.soft_shrink", {"lambd": 0.5},
                          note=renamed_parameter("λ", "threshold")),
            FrameworkName("mlx", "mlx.nn.softshrink", {"lambd": 0.5}),
        ),
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
        exact=lambda mp, x, lambd: x if abs(x) > lambd else mp.zero,
        exact_derivative=lambda mp, x, lambd: mp.one if abs(x) > lambd else mp.zero,
        second_derivative=nx.zero_curvature,
        second_derivative_formula=r"f''(x) = 0",
        exact_second_derivative=nx.exact_zero,
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
        uses=("sparse_coding",),
        notes={
            "en": Notes(
                lesson="Hard thresholding: keep x unchanged where |x| > λ and set it to 0 "
                "elsewhere; sparse like `softshrink`, but the survivors are not shrunk.",
                strengths=(
                    "Exact zeros, and no bias on the large values that survive.",
                    "Cheap: one comparison.",
                ),
                weaknesses=(
                    "Jumps at ±λ (from 0 to ±λ): a tiny change of input can switch a value fully "
                    "on or off, which makes gradient training unstable.",
                    "f′ = 0 inside [−λ, λ].",
                ),
                where_used="Wavelet denoising by hard thresholding (Donoho & Johnstone) and "
                "iterative hard-thresholding algorithms for sparse recovery; rare as a "
                "neural-network activation.",
            ),
            "zh": Notes(
                lesson="硬阈值：|x| > λ 处保持 x 不变，其余置 0；和 `softshrink` 一样稀疏，但保留"
                "下来的值不被收缩。",
                strengths=(
                    "产生真正的零，保留下来的大值没有偏差。",
                    "计算便宜：一次比较。",
                ),
                weaknesses=(
                    "在 ±λ 处跳变（从 0 跳到 ±λ）：输入的微小变化就能让一个值完全打开或关闭，用梯"
                    "度训练时不稳定。",
                    "[−λ, λ] 内 f′ = 0。",
                ),
                where_used="硬阈值小波去噪（Donoho 与 Johnstone）和稀疏恢复中的迭代硬阈值算法；很"
                "少用作神经网络的激活函数。",
                parameters={"lambd": "阈值 λ：|x| 小于它时置 0（λ = 0 即恒等函数）"},
                at_breakpoints=f"f(±λ) = 0，且 {_ZERO_AT_THRESHOLDS_ZH}",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.Hardshrink", {"lambd": 0.5}),
            FrameworkName("keras", "keras.activations.hard_shrink", {"lambd": 0.5},
                          note=renamed_parameter("λ", "threshold")),
            FrameworkName("mlx", "mlx.nn.hard_shrink", {"lambd": 0.5}),
        ),
    )
)

# x − tanh x cancels near 0 (it is ≈ x³/3), so for |x| ≤ 1 it is x³·Q(x²) with Q fitted by
# mpmath (Chebyshev, to 2^-62; tools/derive_constants.py).  Beyond 1 it is
# sign(x)·((|x| − 1) + 2σ(−2|x|)), whose two terms have the same sign (x − tanh x, used up to
# |x| = 1.5 before, lost up to 4.7 ulp there).
_TANHSHRINK_SERIES = (
    0.3333333333333333, -0.13333333333333333, 0.053968253968253714,
    -0.02186948853614314, 0.008863235529596537, -0.0035921280318367992,
    0.0014558343381754837, -0.0005900270857331352, 0.00023912722618149885,
    -9.690784315530692e-05, 3.925531223553628e-05, -1.5864480588890738e-05,
    6.351200133459158e-06, -2.469308013356178e-06, 8.943739125488874e-07,
    -2.8175966393550543e-07, 6.992904200078709e-08, -1.1771818131451444e-08,
    9.836570223407618e-10,
)
_TANHSHRINK_SERIES_LIMIT = 1.0


# From |x| = 1.5 on, x − tanh x ≥ 0.59 while tanh x < 1, so tanh's rounding (an ulp of a
# number below 1) is at most an ulp of the difference: the plain form, the two operations of
# the textbook's, is within 1.5 ulp (0.9 measured).  Closer to 1 it cancels (4.7 ulp).
_TANHSHRINK_PLAIN_BEYOND = 1.5


def tanhshrink_fwd(x: np.ndarray) -> np.ndarray:
    """x − tanh x, each element by the form of its band: the series for |x| ≤ 1, the
    σ form for 1 < |x| < 1.5 and the plain x − tanh x beyond, so no value depends on its
    neighbours (the σ form and the plain one differ in the last bit)."""
    # A slice wholly beyond +1.5 or −1.5 (two reductions tell; NaN fails both) pays no mask.
    if x.size and (x.min() >= _TANHSHRINK_PLAIN_BEYOND or x.max() <= -_TANHSHRINK_PLAIN_BEYOND):
        return _tanhshrink_plain(x)
    return nx.by_mask(np.abs(x) <= _TANHSHRINK_SERIES_LIMIT, _tanhshrink_series,
                      _tanhshrink_outside_series, x)


def _tanhshrink_plain(x: np.ndarray) -> np.ndarray:
    return x - np.tanh(x)


def _tanhshrink_outside_series(x: np.ndarray) -> np.ndarray:
    # NaN fails |x| ≥ 1.5 and is carried through the σ form.
    return nx.by_mask(np.abs(x) >= _TANHSHRINK_PLAIN_BEYOND, _tanhshrink_plain,
                      _tanhshrink_beyond, x)


def _tanhshrink_series(xs: np.ndarray) -> np.ndarray:
    return xs * xs * xs * nx.horner(_TANHSHRINK_SERIES, xs * xs)


def _tanhshrink_beyond(x: np.ndarray) -> np.ndarray:
    # |x| is capped where 2σ(−2|x|) is 0 anyway, so 2|x| cannot overflow.
    ax = np.abs(x)
    return np.sign(x) * ((ax - 1.0) + 2.0 * nx.sigmoid(-2.0 * np.minimum(ax, 1e3)))


def tanhshrink_bwd(x: np.ndarray) -> np.ndarray:
    # 1 − sech²x = tanh²x exactly: squaring tanh avoids the cancellation of 1 − sech².
    t = np.tanh(x)
    return t * t


def tanhshrink_bwd2(x: np.ndarray) -> np.ndarray:
    return -nx.tanh_curvature(x)


def _tanhshrink_exact(mp, x):
    """x − tanh x in mpmath, with the working precision raised by the bits the subtraction
    cancels (about 2·log2(1/|x|) for small x), so the difference keeps its full precision."""
    extra = max(0, -2 * int(mp.mag(x))) + 20 if x else 0
    with mp.extraprec(extra):
        return x - mp.tanh(x)


register(
    Activation(
        name="tanhshrink",
        title="TanhShrink",
        family="shrink",
        formula=r"f(x) = x - \tanh(x)",
        derivative_formula=r"f'(x) = \tanh^2(x)",
        function=tanhshrink_fwd,
        derivative=tanhshrink_bwd,
        naive_function=tb.tanhshrink,
        naive_derivative=tb.tanhshrink_slope,
        exact=_tanhshrink_exact,
        exact_derivative=lambda mp, x: mp.tanh(x) ** 2,
        second_derivative=tanhshrink_bwd2,
        second_derivative_formula=r"f''(x) = 2\tanh(x)\,\mathrm{sech}^2(x)",
        exact_second_derivative=lambda mp, x: 2 * mp.tanh(x) * mp.sech(x) ** 2,
        extra={"scan_around": (-1.5, -_TANHSHRINK_SERIES_LIMIT, _TANHSHRINK_SERIES_LIMIT, 1.5)},
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
        uses=("research",),
        notes={
            "en": Notes(
                lesson="x − tanh(x): what tanh leaves out; nearly flat near 0 (≈ x³/3) with slope "
                "tending to 1 far away, a smooth kind of dead zone.",
                strengths=(
                    "Smooth, odd (zero-centred) and monotonic.",
                    "Suppresses small inputs while passing large ones almost unchanged (shifted by "
                    "1 toward 0).",
                ),
                weaknesses=(
                    "f′ = tanh²(x) vanishes at 0 (≈ x² nearby): small inputs get almost no "
                    "gradient, the opposite of most activations.",
                    "Rare in practice.",
                ),
                where_used="Available in PyTorch (nn.Tanhshrink) but seldom chosen; a smooth "
                "counterpart of the shrink functions, useful for comparing shapes.",
            ),
            "zh": Notes(
                lesson="x − tanh(x)：tanh 没有表达出来的那部分；0 附近几乎是平的（≈ x³/3），远处斜"
                "率趋于 1，相当于一个平滑的死区。",
                strengths=(
                    "光滑、奇函数（零中心）、单调。",
                    "抑制小的输入，大的输入几乎原样通过（向 0 平移 1）。",
                ),
                weaknesses=(
                    "f′ = tanh²(x) 在 0 处为零（附近约为 x²）：小输入几乎得不到梯度，与大多数激活"
                    "函数正好相反。",
                    "实际中少见。",
                ),
                where_used="PyTorch 中有（nn.Tanhshrink），但很少被选用；可看作收缩类函数的平滑版"
                "本，适合用来比较形状。",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.Tanhshrink"),
            FrameworkName("keras", "keras.activations.tanh_shrink"),
        ),
    )
)
