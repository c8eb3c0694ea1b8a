"""S-shaped (sigmoidal) units: sigmoid, tanh, softsign, log-sigmoid and ISRU."""

from __future__ import annotations

import math

from actviz.activations import numerics as nx
from actviz.activations import textbook as tb
from actviz.activations.registry import INF, Activation, Interval, Parameter, Properties, register
from actviz.activations.registry import Notes, whole_array
from actviz.lazy import numpy as np
# How PyTorch, JAX, Keras, ... ship these (the frameworks=... of each declaration).
from actviz.activations.registry import FrameworkName

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


def sigmoid_bwd2(x: np.ndarray) -> np.ndarray:
    return nx.sigmoid_curvature_times(1.0, x)


def _exact_sigmoid_curvature(mp, x):
    """σ''(x) = σ'(x)·(σ(−x) − σ(x)) = −tanh(x/2)·σ(x)σ(−x): tanh, not a difference of two
    sigmoids, which cancels at 60 digits for |x| < 1e-60."""
    return -mp.tanh(x / 2) / ((1 + mp.exp(-x)) * (1 + mp.exp(x)))


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
        naive_function=tb.sigmoid,
        naive_derivative=tb.sigmoid_slope,
        exact=lambda mp, x: 1 / (1 + mp.exp(-x)),
        exact_derivative=lambda mp, x: 1 / ((1 + mp.exp(-x)) * (1 + mp.exp(x))),
        second_derivative=sigmoid_bwd2,
        second_derivative_formula=r"\sigma''(x) = \sigma'(x)\,(1 - 2\sigma(x))",
        exact_second_derivative=_exact_sigmoid_curvature,
        extra={"scan_around": (-745.0, -708.0, -37.0, 0.0, 37.0, 708.0, 745.0)},
        properties=Properties(
            range=Interval.open(0.0, 1.0),
            zero_centred=False,
            identity_near_origin=False,
            **_SATURATING_S_CURVE,
        ),
        summary="Squashes to (0, 1); its slope never exceeds 1/4, so deep stacks vanish.",
        reference="Rumelhart, Hinton & Williams, Learning representations by back-propagating "
        "errors (1986)",
        uses=("binary_output", "gates"),
        notes={
            "en": Notes(
                lesson="σ′ never exceeds 1/4 (reached at x = 0), so every sigmoid layer shrinks a "
                "backpropagated gradient at least fourfold: right for a probability at the output, "
                "poor in deep hidden layers.",
                strengths=(
                    "Output in (0, 1), read directly as a probability; with binary cross-entropy "
                    "the output gradient is simply σ(z) − y.",
                    "Smooth and monotonic, with a simple derivative σ′(x) = σ(x)σ(−x).",
                    "A soft switch between “closed” and “open”: the natural gate of LSTM and GRU "
                    "cells.",
                ),
                weaknesses=(
                    "Vanishing gradients: σ′ ≤ 0.25, so n sigmoid layers scale a gradient by at "
                    "most 0.25ⁿ, and in the saturated tails σ′ ≈ e^(−|x|) is far smaller still.",
                    "Not zero-centred: outputs are always positive (σ(0) = 0.5), so all weights "
                    "into the next unit get gradients of the same sign and updates zig-zag.",
                    "Saturates: inputs 10 and 1000 both give ≈ 1, and the difference is lost.",
                    "Needs an exponential: slower than `relu`.",
                ),
                where_used="The output of binary classifiers, and of multi-label classifiers (one "
                "sigmoid per label); the gates of LSTM and GRU cells and of squeeze-and-excitation "
                "blocks. Rare in the hidden layers of modern networks.",
            ),
            "zh": Notes(
                lesson="σ′ 最大只有 1/4（在 x = 0 处取到），所以每经过一层 sigmoid，反向传播的梯度"
                "至少缩小为原来的四分之一：放在输出层表示概率很合适，放在深层网络的隐藏层就不行。",
                strengths=(
                    "输出在 (0, 1) 之间，可直接当作概率；配合二元交叉熵时，输出层梯度就是 σ(z) − y"
                    "。",
                    "光滑、单调，导数形式简单：σ′(x) = σ(x)σ(−x)。",
                    "是“关”与“开”之间的软开关：LSTM 和 GRU 中门控的天然选择。",
                ),
                weaknesses=(
                    "梯度消失：σ′ ≤ 0.25，n 层 sigmoid 最多把梯度乘以 0.25ⁿ；在饱和的两端 σ′ ≈ "
                    "e^(−|x|)，还要小得多。",
                    "不是零中心：输出总是正的（σ(0) = 0.5），下一层同一个单元的所有权重得到同号的"
                    "梯度，更新路线呈锯齿状。",
                    "会饱和：输入 10 和 1000 的输出都约等于 1，两者的差别丢失了。",
                    "需要计算指数：比 `relu` 慢。",
                ),
                where_used="二分类的输出层，以及多标签分类的输出层（每个标签一个 sigmoid）；LSTM、"
                "GRU 和 squeeze-and-excitation 模块中的门。现代网络的隐藏层中已很少使用。",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.Sigmoid"),
            FrameworkName("jax", "jax.nn.sigmoid"),
            FrameworkName("keras", "keras.activations.sigmoid"),
            FrameworkName("tensorflow", "tf.nn.sigmoid"),
            FrameworkName("mlx", "mlx.nn.sigmoid"),
            FrameworkName("timm", "get_act_layer('sigmoid')"),
        ),
    )
)


@whole_array
def tanh_fwd(x: np.ndarray) -> np.ndarray:
    # np.tanh, one NaN-propagating pass, but rounded correctly next to ±1 (nx.tanh).
    return nx.tanh(x)


def tanh_bwd(x: np.ndarray) -> np.ndarray:
    return nx.sech2(x)


def tanh_bwd2(x: np.ndarray) -> np.ndarray:
    return nx.tanh_curvature(x)


register(
    Activation(
        name="tanh",
        title="Tanh",
        family="sigmoidal",
        formula=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        derivative_formula=r"\tanh'(x) = \mathrm{sech}^2(x)",
        function=tanh_fwd,
        derivative=tanh_bwd,
        naive_function=tb.tanh,
        naive_derivative=tb.tanh_slope,
        exact=lambda mp, x: mp.tanh(x),
        exact_derivative=lambda mp, x: mp.sech(x) ** 2,
        second_derivative=tanh_bwd2,
        second_derivative_formula=r"\tanh''(x) = -2\tanh(x)\,\mathrm{sech}^2(x)",
        exact_second_derivative=lambda mp, x: -2 * mp.tanh(x) * mp.sech(x) ** 2,
        extra={"scan_around": (-372.5, -354.0, -19.0, 0.0, 19.0, 354.0, 372.5)},
        properties=Properties(
            range=Interval.open(-1.0, 1.0),
            zero_centred=True,
            identity_near_origin=True,
            **_SATURATING_S_CURVE,
        ),
        summary="A zero-centred sigmoid, 2σ(2x) − 1, with slope 1 at the origin.",
        reference="LeCun, Bottou, Orr & Müller, Efficient BackProp (1998)",
        uses=("recurrent", "bounded_output", "hidden"),
        notes={
            "en": Notes(
                lesson="tanh(x) = 2σ(2x) − 1 is zero-centred with slope 1 at 0 (four times "
                "sigmoid's 1/4), yet it still saturates: deep stacks of tanh still lose their "
                "gradients.",
                strengths=(
                    "Zero-centred: symmetric inputs give outputs with mean near 0, which keeps the "
                    "next layer's updates balanced; it usually trains faster than `sigmoid`.",
                    "tanh′(0) = 1 and tanh(x) ≈ x near 0: small signals pass almost unchanged.",
                    "Smooth and bounded in (−1, 1).",
                ),
                weaknesses=(
                    "Still saturates: tanh′(x) = sech²(x) falls like 4e^(−2|x|) (tanh′(2) ≈ 0.071, "
                    "tanh′(5) ≈ 0.00018), so saturated units learn almost nothing.",
                    "Needs exponentials: slower than `relu`.",
                ),
                where_used="The state of recurrent networks: the cell candidate and output of "
                "LSTMs, the candidate state of GRUs; outputs that must lie in [−1, 1], such as a "
                "DCGAN generator's pixels or continuous control actions; the hidden layers of "
                "small, shallow networks.",
            ),
            "zh": Notes(
                lesson="tanh(x) = 2σ(2x) − 1：以零为中心，在 0 处斜率为 1（是 sigmoid 的 1/4 的四"
                "倍），但两端仍会饱和，层数一深照样会丢失梯度。",
                strengths=(
                    "零中心：对称的输入得到均值接近 0 的输出，下一层的更新更均衡；通常比 `sigmoid` "
                    "收敛得快。",
                    "tanh′(0) = 1，且在 0 附近 tanh(x) ≈ x：小信号几乎原样通过。",
                    "光滑，取值有界，在 (−1, 1) 之间。",
                ),
                weaknesses=(
                    "仍然饱和：tanh′(x) = sech²(x) 按 4e^(−2|x|) 衰减（tanh′(2) ≈ 0.071，tanh′(5) "
                    "≈ 0.00018），饱和的单元几乎学不到东西。",
                    "需要计算指数：比 `relu` 慢。",
                ),
                where_used="循环网络的状态：LSTM 的候选记忆与输出、GRU 的候选状态；取值必须在 [−1, "
                "1] 内的输出，例如 DCGAN 生成器输出的像素、连续控制的动作；小型浅层网络的隐藏层。",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.Tanh"),
            FrameworkName("jax", "jax.nn.tanh"),
            FrameworkName("keras", "keras.activations.tanh"),
            FrameworkName("tensorflow", "tf.nn.tanh"),
            FrameworkName("mlx", "mlx.nn.tanh"),
            FrameworkName("timm", "get_act_layer('tanh')"),
        ),
    )
)

# Beyond 2^60, 1 + |x| == |x| and x/(1+|x|) rounds to ±1 exactly; clamping also keeps
# ±inf from becoming inf/inf.
_SOFTSIGN_CLAMP = 2.0**60


def softsign_fwd(x: np.ndarray) -> np.ndarray:
    xc = np.clip(x, -_SOFTSIGN_CLAMP, _SOFTSIGN_CLAMP)
    return xc / (1.0 + np.abs(xc))


# Beyond this |x|, (1 + |x|)ⁿ = |x|ⁿ to far better than an ulp (and (1 + |x|)³ would overflow).
_SOFTSIGN_FAR = 1e50


def _over_one_plus_abs_power(numerator: np.ndarray | float, x: np.ndarray, power: int) -> np.ndarray:
    """numerator/(1 + |x|)^power with one rounding of the power: 1 + |x| is summed exactly and
    raised in double-double (the reciprocal squared rounds three times: 3 ulp); far out,
    numerator/|x|/|x|/…, whose first quotient keeps a subnormal result's digits."""
    ax = np.abs(x)
    return nx.by_mask(ax > _SOFTSIGN_FAR, lambda n, a: _far_quotient(n, a, power),
                      lambda n, a: _near_quotient(n, a, power), numerator, ax)


def _near_quotient(numerator: np.ndarray | float, ax: np.ndarray, power: int) -> np.ndarray:
    base = nx.two_sum(np.ones_like(ax), ax)
    raised = base
    for _ in range(power - 1):
        raised = nx.dd_mul(*raised, *base)
    return numerator / (raised[0] + raised[1])


def _far_quotient(numerator: np.ndarray | float, ax: np.ndarray, power: int) -> np.ndarray:
    value = numerator / ax
    for _ in range(power - 1):
        value = value / ax
    return value


def softsign_bwd(x: np.ndarray) -> np.ndarray:
    """1/(1 + |x|)²; beyond 1e50, where the square would overflow, 1/|x|/|x|.  A slice with
    no |x| that far (two reductions tell) skips the mask."""
    ax = np.abs(x)
    if not nx.exceeds(x, _SOFTSIGN_FAR):
        return _softsign_slope_near(ax)
    return nx.by_mask(ax > _SOFTSIGN_FAR, lambda a: _far_quotient(1.0, a, 2),
                      _softsign_slope_near, ax)


def _softsign_slope_near(ax: np.ndarray) -> np.ndarray:
    """1/(1 + |x|)² from d = fl(1 + |x|) and its exact rounding error e (Fast2Sum, the larger
    addend first): 1/(d + e)² = (1/d²)(1 − 2e/d) to 2^-106, so only the square and the
    quotient round (1.9 ulp measured; the plain 1/(1 + |x|)² doubles the rounding of
    1 + |x| and reaches 3.3).  A dozen passes instead of the double-double power's two dozen."""
    d = 1.0 + ax
    e = np.minimum(ax, 1.0) - (d - np.maximum(ax, 1.0))
    r = 1.0 / (d * d)
    return r - (r + r) * (e / d)


def softsign_bwd2(x: np.ndarray) -> np.ndarray:
    return _over_one_plus_abs_power(-2.0 * np.sign(x), x, 3)


register(
    Activation(
        name="softsign",
        title="Softsign",
        family="sigmoidal",
        formula=r"f(x) = \frac{x}{1 + |x|}",
        derivative_formula=r"f'(x) = \frac{1}{(1 + |x|)^2}",
        function=softsign_fwd,
        derivative=softsign_bwd,
        naive_function=tb.softsign,
        naive_derivative=tb.softsign_slope,
        exact=lambda mp, x: x / (1 + abs(x)),
        exact_derivative=lambda mp, x: 1 / (1 + abs(x)) ** 2,
        second_derivative=softsign_bwd2,
        second_derivative_formula=r"f''(x) = \frac{-2\,\mathrm{sign}(x)}{(1 + |x|)^3}",
        exact_second_derivative=lambda mp, x: -2 * mp.sign(x) / (1 + abs(x)) ** 3,
        extra={"scan_around": (-_SOFTSIGN_FAR, 0.0, _SOFTSIGN_FAR)},
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
        at_breakpoints="f' is continuous; f''(0) = 0, between the one-sided values ±2, as "
        "PyTorch autograd's |x|' = sign(0) = 0 gives",
        summary="Like tanh but with polynomial tails: saturates slower, 1/x² instead of e^{-2x}.",
        reference="Bergstra et al., Quadratic polynomials learn better image features (2009)",
        uses=("research",),
        notes={
            "en": Notes(
                lesson="A tanh look-alike with polynomial tails: its slope decays like 1/x² "
                "instead of e^(−2|x|), so it saturates more gently.",
                strengths=(
                    "Zero-centred, bounded in (−1, 1), slope 1 at 0.",
                    "No exponential: an absolute value and a division.",
                    "Saturates slowly: f′(10) = 1/121 ≈ 0.0083, where tanh′(10) ≈ 8e-9.",
                ),
                weaknesses=(
                    "Only C1: f′ has a corner at 0, so the second derivative jumps there.",
                    "Still bounded and saturating: far from 0 the gradient keeps shrinking.",
                    "Little evidence that it beats `tanh`; rarely chosen.",
                ),
                where_used="Studied as an alternative to tanh in hidden layers (Bergstra et al. "
                "2009; Glorot & Bengio 2010); rare in current architectures, useful for comparing "
                "how the shape of the tails affects gradients.",
            ),
            "zh": Notes(
                lesson="长得像 tanh，但尾部是多项式衰减：斜率按 1/x² 而不是 e^(−2|x|) 下降，饱和得"
                "更慢。",
                strengths=(
                    "零中心，取值在 (−1, 1) 之间，0 处斜率为 1。",
                    "不需要指数运算：一次取绝对值、一次除法。",
                    "饱和得慢：f′(10) = 1/121 ≈ 0.0083，而 tanh′(10) ≈ 8e-9。",
                ),
                weaknesses=(
                    "只有 C1 光滑：f′ 在 0 处有尖角，二阶导数在那里跳变。",
                    "依然有界、依然饱和：离 0 越远梯度越小。",
                    "没有多少证据表明它比 `tanh` 好，很少被选用。",
                ),
                where_used="曾作为隐藏层中 tanh 的替代品被研究（Bergstra 等 2009；Glorot 与 Bengio "
                "2010）；现代网络中少见，适合用来比较尾部形状对梯度的影响。",
                at_breakpoints="f′ 连续；f″(0) = 0，介于两侧的值 ±2 之间，与 PyTorch autograd 的 "
                "|x|′ = sign(0) = 0 一致",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.Softsign"),
            FrameworkName("jax", "jax.nn.soft_sign"),
            FrameworkName("keras", "keras.activations.softsign"),
            FrameworkName("tensorflow", "tf.nn.softsign"),
            FrameworkName("mlx", "mlx.nn.softsign"),
        ),
    )
)


def logsigmoid_fwd(x: np.ndarray) -> np.ndarray:
    return nx.log_sigmoid(x)


def logsigmoid_bwd(x: np.ndarray) -> np.ndarray:
    return nx.sigmoid(-x)


def logsigmoid_bwd2(x: np.ndarray) -> np.ndarray:
    return nx.sigmoid_slope_times(-1.0, x)


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
        naive_function=tb.logsigmoid,
        naive_derivative=tb.logsigmoid_slope,
        exact=lambda mp, x: -mp.log1p(mp.exp(-x)),
        exact_derivative=lambda mp, x: 1 / (1 + mp.exp(x)),
        second_derivative=logsigmoid_bwd2,
        second_derivative_formula=r"f''(x) = -\sigma(x)\,\sigma(-x)",
        exact_second_derivative=lambda mp, x: -1 / ((1 + mp.exp(-x)) * (1 + mp.exp(x))),
        extra={"scan_around": (-708.0, -37.0, 0.0, 37.0, 708.0)},
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
        uses=("loss",),
        notes={
            "en": Notes(
                lesson="log σ(x) computed in one step, so that the log of a tiny probability stays "
                "finite: it is what binary cross-entropy needs, not a hidden-layer activation.",
                strengths=(
                    "Stable: logsigmoid(−800) = −800, where log(sigmoid(−800)) is log(0) = −∞ in "
                    "float64.",
                    "Its derivative σ(−x) lies in (0, 1): no exploding gradients.",
                    "Smooth and monotonic.",
                ),
                weaknesses=(
                    "Always negative and unbounded below: a poor hidden-layer activation.",
                    "Saturates on the right: f′ = σ(−x) → 0 as x → ∞.",
                ),
                where_used="Inside losses: the binary cross-entropy of a logit z with label y is "
                "−[y·log σ(z) + (1 − y)·log σ(−z)]; also word2vec's negative-sampling loss and "
                "preference losses such as DPO's.",
            ),
            "zh": Notes(
                lesson="一步算出 log σ(x)，使极小概率的对数仍是有限值：这是二元交叉熵需要的量，而"
                "不是隐藏层的激活函数。",
                strengths=(
                    "数值稳定：logsigmoid(−800) = −800，而先算 sigmoid 再取对数，在 float64 中得到 "
                    "log(0) = −∞。",
                    "导数 σ(−x) 在 (0, 1) 之间：不会梯度爆炸。",
                    "光滑、单调。",
                ),
                weaknesses=(
                    "输出恒为负且没有下界：不适合作隐藏层激活函数。",
                    "右侧饱和：x → ∞ 时 f′ = σ(−x) → 0。",
                ),
                where_used="用在损失函数里：logit 为 z、标签为 y 时，二元交叉熵等于 −[y·log σ(z) + "
                "(1 − y)·log σ(−z)]；word2vec 的负采样损失、DPO 等偏好学习的损失也用它。",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.LogSigmoid"),
            FrameworkName("jax", "jax.nn.log_sigmoid"),
            FrameworkName("keras", "keras.activations.log_sigmoid"),
            FrameworkName("tensorflow", "tf.math.log_sigmoid"),
            FrameworkName("mlx", "mlx.nn.log_sigmoid"),
        ),
    )
)


@whole_array
def arctan_fwd(x: np.ndarray) -> np.ndarray:
    return np.arctan(x)  # one vectorised, NaN-propagating pass: slicing would only add calls


@whole_array
def arctan_bwd(x: np.ndarray) -> np.ndarray:
    # 1/(1 + x²), in place on one array: three passes, NaN carried through.  Except where x²
    # would overflow (|x| > 1e150, which two reductions rule out for usual input): there it
    # equals (1/|x|)², from the masked form (its temporaries only for such input).
    if not nx.exceeds(x, 1e150):
        out = np.multiply(x, x, out=np.empty(x.shape))
        out += 1.0
        return np.divide(1.0, out, out=out)
    ax = np.abs(x)
    big = ax > 1e150
    moderate = np.where(big, 0.0, ax)
    reciprocal = 1.0 / np.where(big, ax, 1.0)
    return np.where(big, reciprocal * reciprocal, 1.0 / (1.0 + moderate * moderate))


# Beyond this |x|, (1 + x²)² = x⁴ to far better than an ulp (and x⁴ would overflow).
_ARCTAN_CURVATURE_FAR = 1e50


def _one_plus_square(x: np.ndarray, lowest: float, highest: float) -> tuple[np.ndarray, np.ndarray]:
    """(s, s_low) with s = fl(1 + fl(x²)) and s + s_low = 1 + x² to 2^-75·s, for |x| ≤ 1e50
    between ``lowest`` and ``highest``.

    When one term is the larger throughout (1 for |x| ≤ 1, x² for |x| ≥ 1: every slice but
    the two that hold ±1), x = h + l with h of 26 bits (Veltkamp) and (1 + h²) − s taken in
    the order that makes both steps exact — (1 − s) + h² or (h² − s) + 1, by Sterbenz's lemma —
    leaves 1 + x² − s = that + l·(x + h), whose one rounding is 2^-75·s at most: 12
    operations.  Otherwise the exact square and TwoSum (19).
    """
    if not (lowest >= -1.0 and highest <= 1.0) and not (lowest >= 1.0 or highest <= -1.0):
        square, square_low = nx.square(x)
        s, s_low = nx.two_sum(square, 1.0)
        s_low += square_low
        return s, s_low
    high, low = nx._split(x)
    s = x * x
    s += 1.0
    high_square = high * high
    if highest <= 1.0 and lowest >= -1.0:
        s_low = 1.0 - s
        s_low += high_square
    else:
        s_low = high_square - s
        s_low += 1.0
    high += x
    high *= low
    s_low += high
    return s, s_low


def _arctan_curvature_moderate(x: np.ndarray, lowest: float, highest: float) -> np.ndarray:
    """−2x/(1 + x²)² for |x| ≤ 1e50 from s = fl(1 + x²) and its error s_low: the denominator
    (s + s_low)² = s² + 2s·s_low + s_low², whose last term is below 2^-104·s², summed in
    float64 as −½·(…) = (−½s)·s − s·s_low (two roundings, and the division's: within 3 ulp in
    all, 2.4 measured against mpmath next to x = ±1, where squaring s + s_low as a
    double-double took twice the operations for little more accuracy)."""
    s, s_low = _one_plus_square(x, lowest, highest)
    s_low *= s
    half = s * -0.5
    half *= s
    half -= s_low
    return x / half


def arctan_bwd2(x: np.ndarray) -> np.ndarray:
    # A slice with no |x| beyond the far limit (two reductions tell, which also choose the
    # sum's error) skips the masks and selections.  NaN fails both comparisons.
    lowest, highest = (x.min(), x.max()) if x.size else (0.0, 0.0)
    if lowest >= -_ARCTAN_CURVATURE_FAR and highest <= _ARCTAN_CURVATURE_FAR:
        return _arctan_curvature_moderate(x, lowest, highest)
    far = np.abs(x) > _ARCTAN_CURVATURE_FAR
    near_x = np.where(far, 0.0, x)
    near = _arctan_curvature_moderate(near_x, -_ARCTAN_CURVATURE_FAR, _ARCTAN_CURVATURE_FAR)
    far_x = np.where(far, x, 1.0)
    return np.where(far, ((-2.0 / far_x) / far_x) / far_x, near)


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
        naive_function=tb.arctan,
        naive_derivative=tb.arctan_slope,
        exact=lambda mp, x: mp.atan(x),
        exact_derivative=lambda mp, x: 1 / (1 + x * x),
        second_derivative=arctan_bwd2,
        second_derivative_formula=r"f''(x) = \frac{-2x}{(1 + x^2)^2}",
        exact_second_derivative=lambda mp, x: -2 * x / (1 + x * x) ** 2,
        extra={"scan_around": (-1e150, -_ARCTAN_CURVATURE_FAR, 0.0, _ARCTAN_CURVATURE_FAR,
                               1e150)},
        properties=Properties(
            range=Interval.open(-math.pi / 2, math.pi / 2),
            zero_centred=True,
            identity_near_origin=True,
            **_SATURATING_S_CURVE,
        ),
        summary="A sigmoidal curve with polynomial (1/x²) tails, range (−π/2, π/2).",
        reference="(inverse tangent; used as a sigmoidal unit since early neural networks)",
        uses=("research",),
        notes={
            "en": Notes(
                lesson="Another sigmoidal curve, with range (−π/2, π/2) and slope 1/(1 + x²): it "
                "saturates polynomially, like `softsign`, not exponentially like `tanh`.",
                strengths=(
                    "Zero-centred and smooth, slope 1 at 0.",
                    "Gentle tails: f′(10) = 1/101 ≈ 0.0099.",
                ),
                weaknesses=(
                    "Bounded, so it saturates on both sides like every sigmoidal unit.",
                    "Rare in current models: mostly a point of comparison.",
                ),
                where_used="Early neural-network and control literature; today mainly a point of "
                "comparison when teaching how the shape of the tails affects gradients.",
            ),
            "zh": Notes(
                lesson="又一条 S 形曲线，值域 (−π/2, π/2)，斜率 1/(1 + x²)：像 `softsign` 一样按多"
                "项式饱和，而不像 `tanh` 那样按指数饱和。",
                strengths=(
                    "零中心、光滑，0 处斜率为 1。",
                    "尾部平缓：f′(10) = 1/101 ≈ 0.0099。",
                ),
                weaknesses=(
                    "有界，因此和所有 S 形单元一样两端饱和。",
                    "现代模型中很少见，主要用于对比。",
                ),
                where_used="早期神经网络和控制领域的文献；如今主要在教学中用来对比尾部形状如何影响"
                "梯度。",
            ),
        },
    )
)


# Beyond |x| = 1e140, 1 + αx² = αx² to far below an ulp (α ≥ 1e-6): x is clamped there, which
# keeps 1 + αx² below 1e300, where nx.two_product is valid; f is then ±1/√α and f', f''
# underflow to 0.
_ISRU_CLAMP = 1e140


def _isru_parts(x: np.ndarray, alpha: float) -> tuple[np.ndarray, tuple, tuple]:
    """(x clamped, (1 + αx²)^{-1/2}, (1 + αx²)^{-1}), the last two as double-doubles.

    1 + αx² is summed in double-double; its reciprocal and reciprocal square root are
    refined by one Newton step with the residual computed exactly (nx.two_product), so that
    f, f' and f'' round once at the end instead of after every factor.
    """
    xc = np.clip(x, -_ISRU_CLAMP, _ISRU_CLAMP)
    q, q_low = nx.scaled_square_plus(xc, alpha, 1.0)
    inverse = 1.0 / q
    product, product_low = nx.two_product(q, inverse)
    residual = ((1.0 - product) - product_low) - q_low * inverse
    root = 1.0 / np.sqrt(q)
    square, square_low = nx.two_product(root, root)
    product, product_low = nx.two_product(q, square)
    root_residual = ((1.0 - product) - product_low) - q * square_low - q_low * square
    return xc, (root, 0.5 * root * root_residual), (inverse, inverse * residual)


def isru_fwd(x: np.ndarray, alpha: float) -> np.ndarray:
    xc, inverse_root, _ = _isru_parts(x, alpha)
    return sum(nx.dd_mul(xc, 0.0, *inverse_root))


def isru_bwd(x: np.ndarray, alpha: float) -> np.ndarray:
    _, inverse_root, inverse = _isru_parts(x, alpha)
    return sum(nx.dd_mul(*inverse_root, *inverse))


def isru_bwd2(x: np.ndarray, alpha: float) -> np.ndarray:
    # −3αx·q^{-1/2}·q^{-1}·q^{-1}, αx taken in early so that no partial product underflows
    # where the result does not.
    xc, inverse_root, inverse = _isru_parts(x, alpha)
    partial = nx.dd_mul(*nx.dd_mul(*inverse_root, *inverse), *nx.two_product(alpha, xc))
    return -3.0 * sum(nx.dd_mul(*partial, *inverse))


register(
    Activation(
        name="isru",
        title="ISRU",
        family="sigmoidal",
        formula=r"f(x) = \frac{x}{\sqrt{1 + \alpha x^2}}",
        derivative_formula=r"f'(x) = (1 + \alpha x^2)^{-3/2}",
        function=isru_fwd,
        derivative=isru_bwd,
        exact=lambda mp, x, alpha: x / mp.sqrt(1 + alpha * x**2),
        exact_derivative=lambda mp, x, alpha: (1 + alpha * x**2) ** mp.mpf(-1.5),
        second_derivative=isru_bwd2,
        second_derivative_formula=r"f''(x) = -3\alpha x\,(1 + \alpha x^2)^{-5/2}",
        exact_second_derivative=lambda mp, x, alpha: -3 * alpha * x * (1 + alpha * x**2) ** mp.mpf(-2.5),
        naive_function=tb.isru,
        naive_derivative=tb.isru_slope,
        parameters=(
            Parameter("alpha", 1.0, "α: the outputs stay within ±1/√α", low=1e-6, high=1e6,
                      symbol="α"),
        ),
        extra={"scan_around": (-_ISRU_CLAMP, 0.0, _ISRU_CLAMP)},
        properties=lambda alpha: Properties(
            range=Interval.open(-1.0 / math.sqrt(alpha), 1.0 / math.sqrt(alpha)),
            zero_centred=True,
            identity_near_origin=True,
            **_SATURATING_S_CURVE,
        ),
        summary="An S-curve from a square root: tanh's shape without an exponential.",
        reference="Carlile et al., Improving deep learning by inverse square root linear units "
        "(ISRLUs) (2017)",
        uses=("recurrent", "research"),
        notes={
            "en": Notes(
                lesson="ISRU = x/√(1 + αx²) is an S-curve from ±1/√α with slope 1 at 0, like "
                "`tanh`, but computed with one square root instead of exponentials.",
                strengths=(
                    "Cheap on hardware with a fast inverse square root; smooth (C∞) and "
                    "zero-centred.",
                    "Its tails approach ±1/√α like 1/x², far more slowly than tanh's "
                    "exponential approach: gradients vanish less abruptly.",
                ),
                weaknesses=(
                    "Still saturates on both sides (f′ = (1 + αx²)^(−3/2) → 0).",
                    "Rarely used: the speed argument matters only where exponentials are "
                    "expensive.",
                ),
                where_used="Proposed by Carlile et al. (2017) for recurrent networks, beside "
                "ISRLU for CNNs; otherwise a teaching example of a sigmoidal function without "
                "exponentials, next to `softsign`.",
            ),
            "zh": Notes(
                lesson="ISRU = x/√(1 + αx²) 是一条介于 ±1/√α 之间、0 处斜率为 1 的 S 形曲线，和 "
                "`tanh` 相似，但只需一次开方而不需要指数。",
                strengths=(
                    "在有快速倒数平方根的硬件上很便宜；光滑（C∞）且零中心。",
                    "尾部按 1/x² 逼近 ±1/√α，比 tanh 的指数式逼近慢得多：梯度消失得没那么突然。",
                ),
                weaknesses=(
                    "两侧仍然饱和（f′ = (1 + αx²)^(−3/2) → 0）。",
                    "很少使用：只有在指数运算昂贵的地方，速度优势才有意义。",
                ),
                where_used="Carlile 等（2017）为循环网络提出，与用于 CNN 的 ISRLU 并列；此外是不含"
                "指数的 S 形函数的教学例子，和 `softsign` 一样。",
                parameters={"alpha": "α：输出保持在 ±1/√α 之内"},
            ),
        },
    )
)
