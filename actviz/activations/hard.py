"""Piecewise ("hard") approximations: HardTanh, ReLU6, HardSigmoid, HardSwish, SparsePlus,
SparseSigmoid, HardMish.

Cheap on mobile hardware.  At the corners the derivative follows PyTorch autograd: 0 at both
ends of the linear piece for hardtanh, relu6 and hardsigmoid; hardswish's own rule below.
"""

from __future__ import annotations

from actviz.activations import numerics as nx
from actviz.activations.registry import INF, Activation, Interval, Parameter, Properties, register
from actviz.activations.registry import Notes, keep_nan, whole_array
from actviz.lazy import numpy as np
# How PyTorch, JAX, Keras, ... ship these (the frameworks=... of each declaration).
from actviz.activations.registry import FrameworkName, same_function_as

# How JAX and Keras ship hardtanh: without min_val and max_val arguments.
_FIXED_CLAMP = {"en": "no arguments: the clamp is [−1, 1]", "zh": "没有参数：截断区间固定为 [−1, 1]"}

_ZERO_AT_ENDS = "f' = 0 at both ends of the linear piece, as PyTorch autograd does"
_ZERO_AT_ENDS_ZH = "线性段两端的 f′ 取 0，与 PyTorch autograd 一致"


def _clamp_slope(x: np.ndarray, low: float, high: float, value: float = 1.0) -> np.ndarray:
    """``value`` strictly inside (low, high), 0 outside and at both ends, NaN at NaN: one
    mask, then one pass that casts it times ``value`` into the result (no ``np.where``)."""
    inside = np.greater(x, low)
    inside &= x < high
    return keep_nan(x, np.multiply(inside, value, out=np.empty(x.shape)))


@whole_array
def hardtanh_fwd(x: np.ndarray, min_val: float, max_val: float) -> np.ndarray:
    return np.clip(x, min_val, max_val)


@whole_array
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
        second_derivative=nx.zero_curvature,
        second_derivative_formula=r"f''(x) = 0",
        exact_second_derivative=nx.exact_zero,
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
        uses=("mobile",),
        notes={
            "en": Notes(
                lesson="HardTanh clips x to [a, b]: the piecewise-linear cousin of tanh, with "
                "slope exactly 1 inside and 0 outside.",
                strengths=(
                    "Cheap: two comparisons, no exponential.",
                    "Exactly linear inside [a, b], so small signals pass unchanged.",
                    "A bounded output suits fixed-point and binarised networks.",
                ),
                weaknesses=(
                    "Hard saturation: f′ = 0 outside [a, b], so a unit stuck there gets no "
                    "gradient at all (tanh still gives a small one).",
                    "Not differentiable at a and b.",
                ),
                where_used="Collobert and Weston's neural NLP systems (SENNA); binarised neural "
                "networks, where its slope (1 on [−1, 1], else 0) is the straight-through estimate "
                "of the gradient of sign(x); a clamp in low-precision models.",
            ),
            "zh": Notes(
                lesson="HardTanh 把 x 截断到 [a, b]：tanh 的分段线性版本，区间内斜率恰为 1，区间外"
                "为 0。",
                strengths=(
                    "计算便宜：两次比较，不需要指数。",
                    "在 [a, b] 内严格线性，小信号原样通过。",
                    "输出有界，适合定点数网络和二值化网络。",
                ),
                weaknesses=(
                    "硬饱和：[a, b] 之外 f′ = 0，停在那里的单元完全得不到梯度（tanh 至少还有一点）"
                    "。",
                    "在 a 和 b 处不可导。",
                ),
                where_used="Collobert 与 Weston 的神经网络 NLP 系统（SENNA）；二值化神经网络中，它"
                "的斜率（在 [−1, 1] 内为 1，其余为 0）被用作 sign(x) 梯度的直通估计；低精度模型中"
                "的截断。",
                parameters={"min_val": "下限 a", "max_val": "上限 b"},
                at_breakpoints=f"{_ZERO_AT_ENDS_ZH}",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.Hardtanh", {"min_val": -1.0, "max_val": 1.0}),
            FrameworkName("jax", "jax.nn.hard_tanh", {"min_val": -1.0, "max_val": 1.0}, note=_FIXED_CLAMP),
            FrameworkName("keras", "keras.activations.hard_tanh", {"min_val": -1.0, "max_val": 1.0},
                          note=_FIXED_CLAMP),
            FrameworkName("mlx", "mlx.nn.hard_tanh", {"min_val": -1.0, "max_val": 1.0}),
        ),
    )
)


@whole_array
def relu6_fwd(x: np.ndarray) -> np.ndarray:
    return np.clip(x, 0.0, 6.0)


@whole_array
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
        second_derivative=nx.zero_curvature,
        second_derivative_formula=r"f''(x) = 0",
        exact_second_derivative=nx.exact_zero,
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
        uses=("mobile",),
        notes={
            "en": Notes(
                lesson="ReLU capped at 6: outputs stay in [0, 6], a range that 8-bit and "
                "fixed-point arithmetic represents well, which is why MobileNets use it.",
                strengths=(
                    "Bounded activations quantise well: 8 bits cover [0, 6] in fine steps.",
                    "As cheap as `relu`; the cap also stops activations from growing without "
                    "limit.",
                ),
                weaknesses=(
                    "Units can die as with ReLU (f′ = 0 for x < 0), and also saturate above 6 (f′ "
                    "= 0 for x > 6).",
                    "Not zero-centred; not differentiable at 0 and 6.",
                ),
                where_used="MobileNetV1, MobileNetV2 and other networks for phones and int8 "
                "inference; the building block of `hardsigmoid` and `hardswish`.",
            ),
            "zh": Notes(
                lesson="上限截在 6 的 ReLU：输出保持在 [0, 6]，8 位整数和定点运算能很好地表示这个"
                "范围，所以 MobileNet 使用它。",
                strengths=(
                    "激活值有界，量化效果好：8 位就能以很细的步长覆盖 [0, 6]。",
                    "和 `relu` 一样便宜；上限还能防止激活值无限增长。",
                ),
                weaknesses=(
                    "和 ReLU 一样会出现死亡单元（x < 0 时 f′ = 0），而且超过 6 也会饱和（x > 6 时 "
                    "f′ = 0）。",
                    "不是零中心；在 0 和 6 处不可导。",
                ),
                where_used="MobileNetV1、MobileNetV2 等面向手机和 int8 推理的网络；`hardsigmoid` "
                "和 `hardswish` 的组成部分。",
                at_breakpoints=f"{_ZERO_AT_ENDS_ZH}",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.ReLU6"),
            FrameworkName("jax", "jax.nn.relu6"),
            FrameworkName("keras", "keras.activations.relu6"),
            FrameworkName("tensorflow", "tf.nn.relu6"),
            FrameworkName("mlx", "mlx.nn.relu6"),
            FrameworkName("timm", "get_act_layer('relu6')"),
        ),
    )
)


@whole_array
def hardsigmoid_fwd(x: np.ndarray) -> np.ndarray:
    # (x + 3)/6 rather than x/6 + 1/2: near x = −3 the sum x + 3 is exact (Sterbenz), while
    # x/6 + 1/2 cancels and loses the small result's digits.
    # In place on one temporary: three passes, and NaN goes through each of them.
    out = np.add(x, 3.0, out=np.empty(x.shape))  # an array even for 0-d x
    out /= 6.0
    return np.clip(out, 0.0, 1.0, out=out)


@whole_array
def hardsigmoid_bwd(x: np.ndarray) -> np.ndarray:
    return _clamp_slope(x, -3.0, 3.0, 1.0 / 6.0)


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
        second_derivative=nx.zero_curvature,
        second_derivative_formula=r"f''(x) = 0",
        exact_second_derivative=nx.exact_zero,
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
        uses=("mobile", "gates"),
        notes={
            "en": Notes(
                lesson="HardSigmoid = relu6(x + 3)/6: a straight ramp from 0 at x = −3 to 1 at x = "
                "3, the cheap stand-in for σ in mobile networks.",
                strengths=(
                    "No exponential: a shift, a clamp and a multiplication, fast on phones and in "
                    "int8.",
                    "Output in [0, 1] like `sigmoid`, so it works as a gate.",
                ),
                weaknesses=(
                    "Slope only 1/6 inside (−3, 3) and exactly 0 outside: gradients vanish faster "
                    "than through σ (whose peak slope is 1/4).",
                    "Not differentiable at ±3; frameworks disagree on the slope (older Keras "
                    "versions used 0.2x + 0.5, PyTorch uses 1/6).",
                ),
                where_used="The squeeze-and-excitation gates of MobileNetV3, and inside its "
                "`hardswish`.",
            ),
            "zh": Notes(
                lesson="HardSigmoid = relu6(x + 3)/6：从 x = −3 处的 0 直线上升到 x = 3 处的 1，是"
                "移动端网络中 σ 的廉价替身。",
                strengths=(
                    "不需要指数：一次平移、一次截断、一次乘法，在手机上和 int8 推理中都很快。",
                    "输出在 [0, 1] 之间，和 `sigmoid` 一样可以用作门。",
                ),
                weaknesses=(
                    "(−3, 3) 内斜率只有 1/6，区间外恰为 0：梯度比经过 σ（峰值斜率 1/4）时消失得更"
                    "快。",
                    "在 ±3 处不可导；各框架的斜率不一致（旧版 Keras 用 0.2x + 0.5，PyTorch 用 1/6"
                    "）。",
                ),
                where_used="MobileNetV3 的 squeeze-and-excitation 门，以及其中的 `hardswish`。",
                at_breakpoints=f"{_ZERO_AT_ENDS_ZH}",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.Hardsigmoid"),
            FrameworkName("jax", "jax.nn.hard_sigmoid"),
            FrameworkName("keras", "keras.activations.hard_sigmoid", note={
                "en": "Keras 3's form; Keras 2 (tf.keras before TensorFlow 2.16) computed 0.2x + 0.5 "
                      "clipped to [0, 1], a steeper curve with its kinks at ±2.5",
                "zh": "这是 Keras 3 的形式；Keras 2（TensorFlow 2.16 之前的 tf.keras）计算的是截断到 "
                      "[0, 1] 的 0.2x + 0.5，曲线更陡，拐点在 ±2.5"}),
            FrameworkName("timm", "get_act_layer('hard_sigmoid')"),
        ),
    )
)


def hardswish_fwd(x: np.ndarray) -> np.ndarray:
    # x·(x + 3)/6 on x clipped to [−3, 3] is already the left piece (0 at x ≤ −3), so one
    # masked copy puts in the right piece (x for x ≥ 3): a third of the two np.where's cost.
    f = np.clip(x, -3.0, 3.0)
    # Explicit outputs: arithmetic on a 0-d array gives a NumPy scalar, which np.copyto
    # cannot write into; this way 0-d input gives 0-d output.
    inside = np.add(f, 3.0, out=np.empty(np.shape(x)))
    np.multiply(inside, f, out=inside)
    np.divide(inside, 6.0, out=inside)
    # −3·(+0) is −0 and the left piece is +0; x = −0 keeps its −0 (x·(x + 3)/6 is odd there).
    np.copyto(inside, 0.0, where=x <= -3.0)
    np.copyto(inside, x, where=x >= 3.0)
    return inside


def hardswish_bwd(x: np.ndarray) -> np.ndarray:
    # (2x + 3)/6: 2x is exact and the sum is exact near the zero at x = −1.5 (Sterbenz).
    inside = (2.0 * np.clip(x, -3.0, 3.0) + 3.0) / 6.0
    return np.where(x <= -3.0, 0.0, np.where(x < 3.0, inside, 1.0))


@whole_array
def hardswish_bwd2(x: np.ndarray) -> np.ndarray:
    # At ±3, f'' of the outer piece whose f' is taken there (see at_breakpoints): 0.
    return _clamp_slope(x, -3.0, 3.0, 1.0 / 3.0)


register(
    Activation(
        name="hardswish",
        aliases=("hard_swish", "hard_silu"),
        title="HardSwish",
        family="hard",
        formula=r"f(x) = x\,\frac{\min(\max(0, x + 3), 6)}{6}",
        derivative_formula=r"f'(x) = 0\ (x \leq {-3}),\ \frac{2x + 3}{6}\ (-3 < x < 3),\ "
        r"1\ (x \geq 3)",
        function=hardswish_fwd,
        derivative=hardswish_bwd,
        exact=(
            lambda mp, x: mp.zero if x <= -3 else (x if x >= 3 else x * (x + 3) / 6)
        ),
        exact_derivative=(
            lambda mp, x: mp.zero if x <= -3 else (mp.one if x >= 3 else (2 * x + 3) / 6)
        ),
        second_derivative=hardswish_bwd2,
        second_derivative_formula=r"f''(x) = \frac{1}{3}\ (-3 < x < 3),\ 0\ \mathrm{otherwise}",
        exact_second_derivative=lambda mp, x: mp.one / 3 if -3 < x < 3 else mp.zero,
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
        uses=("mobile",),
        notes={
            "en": Notes(
                lesson="HardSwish = x·relu6(x + 3)/6: Swish with the sigmoid replaced by a ramp, "
                "almost as accurate as Swish in MobileNetV3 and much cheaper on phones.",
                strengths=(
                    "No exponential: cheap and easy to quantise.",
                    "Keeps Swish's shape: 0 for x ≤ −3, x for x ≥ 3, and a small dip in between "
                    "(minimum −0.375 at x = −1.5).",
                ),
                weaknesses=(
                    "Not differentiable at ±3: its slope jumps from 1.5 to 1 at x = 3.",
                    "f′ = 0 for x ≤ −3: very negative inputs get no gradient.",
                    "Not monotonic.",
                ),
                where_used="MobileNetV3, in its deeper layers where the paper found most of the "
                "benefit, and other efficient networks for phones.",
            ),
            "zh": Notes(
                lesson="HardSwish = x·relu6(x + 3)/6：把 Swish 中的 sigmoid 换成一段斜坡，在 "
                "MobileNetV3 中精度几乎与 Swish 相当，在手机上却便宜得多。",
                strengths=(
                    "不需要指数：计算便宜，也容易量化。",
                    "保留了 Swish 的形状：x ≤ −3 时为 0，x ≥ 3 时为 x，中间有一个小凹陷（最小值 "
                    "−0.375，在 x = −1.5 处）。",
                ),
                weaknesses=(
                    "在 ±3 处不可导：x = 3 处斜率从 1.5 跳到 1。",
                    "x ≤ −3 时 f′ = 0：很负的输入得不到梯度。",
                    "不单调。",
                ),
                where_used="MobileNetV3（用在较深的层，论文发现收益主要在那里）及其他面向手机的高"
                "效网络。",
                at_breakpoints="f′(−3) = 0，f′(3) = 1，即取外侧两段的值，与 PyTorch autograd 一致"
                "（已用 PyTorch 2.13 核对）",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.Hardswish"),
            FrameworkName("jax", "jax.nn.hard_swish", note=same_function_as("jax.nn.hard_silu")),
            FrameworkName("keras", "keras.activations.hard_swish",
                          note=same_function_as("keras.activations.hard_silu")),
            FrameworkName("mlx", "mlx.nn.hardswish"),
            FrameworkName("timm", "get_act_layer('hard_swish')"),
        ),
    )
)


def sparse_plus_fwd(x: np.ndarray) -> np.ndarray:
    # x + 1 is exact near the corner at −1 (Sterbenz), so the small quadratic keeps its digits.
    shifted = np.clip(x, -1.0, 1.0) + 1.0
    return np.where(x >= 1.0, x, 0.25 * shifted * shifted)


def sparse_plus_bwd(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.clip(x, -1.0, 1.0) + 1.0)


@whole_array
def sparse_plus_bwd2(x: np.ndarray) -> np.ndarray:
    return _clamp_slope(x, -1.0, 1.0, 0.5)


def _sparse_plus_exact(mp, x):
    return mp.zero if x <= -1 else (x if x >= 1 else (x + 1) ** 2 / 4)


register(
    Activation(
        name="sparse_plus",
        aliases=("sparseplus",),
        title="SparsePlus",
        family="hard",
        formula=r"f(x) = 0\ (x \leq {-1}),\ \frac{(x + 1)^2}{4}\ (-1 < x < 1),\ x\ (x \geq 1)",
        derivative_formula=r"f'(x) = \frac{\min(\max(x, {-1}), 1) + 1}{2}",
        function=sparse_plus_fwd,
        derivative=sparse_plus_bwd,
        exact=_sparse_plus_exact,
        exact_derivative=lambda mp, x: (min(max(x, -mp.one), mp.one) + 1) / 2,
        second_derivative=sparse_plus_bwd2,
        second_derivative_formula=r"f''(x) = \frac{1}{2}\ (-1 < x < 1),\ 0\ \mathrm{otherwise}",
        exact_second_derivative=lambda mp, x: mp.one / 2 if -1 < x < 1 else mp.zero,
        extra={"scan_around": (-1.0, 1.0)},
        properties=Properties(
            range=Interval.closed_open(0.0, INF),
            monotonic=True,
            derivative_monotonic=True,
            continuity="C1",
            zero_centred=False,
            saturating="left",
            identity_near_origin=False,
        ),
        breakpoints=(-1.0, 1.0),
        at_breakpoints="f' is continuous (0 at −1, 1 at 1); f''(±1) = 0, the outer pieces' "
        "value, as the nested where of JAX and Keras gives",
        summary="A softplus made of two lines and a parabola: exactly 0 below −1, exactly x above 1.",
        reference="Martins & Astudillo, From softmax to sparsemax (2016); Blondel et al., "
        "Learning with Fenchel-Young losses (2020)",
        uses=("research", "positive_output"),
        notes={
            "en": Notes(
                lesson="SparsePlus is the hard version of `softplus`: 0 for x ≤ −1, x for x ≥ 1 "
                "and the parabola (x + 1)²/4 in between, so f′ = clip(x, −1, 1)/2 + 1/2 is "
                "`sparse_sigmoid`.",
                strengths=(
                    "Exact zeros: inputs below −1 give exactly 0 and a zero gradient, so outputs "
                    "and gradients are sparse.",
                    "C1 and cheap: no exponential, and f′ is continuous, unlike ReLU's.",
                ),
                weaknesses=(
                    "f′ = 0 for x ≤ −1: units pushed there stop learning, as with `relu`.",
                    "f″ jumps at ±1 (from 0 to 1/2), so it is only C1.",
                ),
                where_used="JAX and Keras ship it next to `sparse_sigmoid`; it is the 2-class case "
                "of the sparsemax/entmax family of sparse probability maps, used in sparse "
                "attention and Fenchel-Young losses.",
            ),
            "zh": Notes(
                lesson="SparsePlus 是 `softplus` 的“硬”版本：x ≤ −1 时为 0，x ≥ 1 时为 x，中间是抛物"
                "线 (x + 1)²/4；它的导数 f′ = clip(x, −1, 1)/2 + 1/2 正是 `sparse_sigmoid`。",
                strengths=(
                    "有精确的零：小于 −1 的输入输出恰为 0、梯度也恰为 0，输出和梯度都是稀疏的。",
                    "C1 光滑且计算便宜：不需要指数，f′ 连续，不像 ReLU 那样跳变。",
                ),
                weaknesses=(
                    "x ≤ −1 时 f′ = 0：落到那里的单元不再学习，和 `relu` 一样。",
                    "f″ 在 ±1 处跳变（从 0 跳到 1/2），所以只是 C1。",
                ),
                where_used="JAX 和 Keras 把它和 `sparse_sigmoid` 一起提供；它是 sparsemax/entmax 这"
                "一类稀疏概率映射在两类时的特例，用于稀疏注意力和 Fenchel-Young 损失。",
                at_breakpoints="f′ 连续（−1 处为 0，1 处为 1）；f″(±1) = 0，取外侧两段的值，与 JAX "
                "和 Keras 的嵌套 where 一致",
            ),
        },
        frameworks=(
            FrameworkName("jax", "jax.nn.sparse_plus"),
            FrameworkName("keras", "keras.activations.sparse_plus"),
        ),
    )
)


def sparse_sigmoid_fwd(x: np.ndarray) -> np.ndarray:
    return np.clip((x + 1.0) / 2.0, 0.0, 1.0)


@whole_array
def sparse_sigmoid_bwd(x: np.ndarray) -> np.ndarray:
    return _clamp_slope(x, -1.0, 1.0, 0.5)


register(
    Activation(
        name="sparse_sigmoid",
        title="SparseSigmoid",
        family="hard",
        formula=r"f(x) = \min(\max(0, \frac{x + 1}{2}), 1)",
        derivative_formula=r"f'(x) = \frac{1}{2}\ (-1 < x < 1),\ 0\ \mathrm{otherwise}",
        function=sparse_sigmoid_fwd,
        derivative=sparse_sigmoid_bwd,
        exact=lambda mp, x: min(max((x + 1) / 2, mp.zero), mp.one),
        exact_derivative=lambda mp, x: mp.one / 2 if -1 < x < 1 else mp.zero,
        second_derivative=nx.zero_curvature,
        second_derivative_formula=r"f''(x) = 0\ (x \neq \pm 1)",
        exact_second_derivative=nx.exact_zero,
        extra={"scan_around": (-1.0, 1.0)},
        properties=Properties(
            range=Interval.closed(0.0, 1.0),
            monotonic=True,
            derivative_monotonic=False,
            continuity="C0",
            zero_centred=False,
            saturating="both",
            identity_near_origin=False,
        ),
        breakpoints=(-1.0, 1.0),
        at_breakpoints=f"{_ZERO_AT_ENDS} (and JAX's where); f'' = 0 everywhere",
        summary="A ramp from 0 at −1 to 1 at 1: the derivative of sparse_plus, a gate with "
        "exact zeros and ones.",
        reference="Martins & Astudillo, From softmax to sparsemax (2016)",
        uses=("gates", "research"),
        notes={
            "en": Notes(
                lesson="SparseSigmoid is the straight ramp (x + 1)/2 clipped to [0, 1]: twice as "
                "steep as `hardsigmoid`, and the 2-class sparsemax, as σ is the 2-class softmax.",
                strengths=(
                    "Exactly 0 or 1 outside (−1, 1): a gate that really closes.",
                    "No exponential; slope 1/2 inside, steeper than σ's 1/4 peak.",
                ),
                weaknesses=(
                    "f′ = 0 outside (−1, 1): a saturated gate gets no gradient at all.",
                    "Not differentiable at ±1.",
                ),
                where_used="JAX and Keras ship it next to `sparse_plus`; sparse gates and the "
                "sparsemax family of sparse attention.",
            ),
            "zh": Notes(
                lesson="SparseSigmoid 是截断到 [0, 1] 的直线 (x + 1)/2：比 `hardsigmoid` 陡一倍；正"
                "如 σ 是两类的 softmax，它是两类的 sparsemax。",
                strengths=(
                    "(−1, 1) 之外恰为 0 或 1：门可以真正关上。",
                    "不需要指数；区间内斜率 1/2，比 σ 的峰值斜率 1/4 更陡。",
                ),
                weaknesses=(
                    "(−1, 1) 之外 f′ = 0：饱和的门完全得不到梯度。",
                    "在 ±1 处不可导。",
                ),
                where_used="JAX 和 Keras 把它和 `sparse_plus` 一起提供；稀疏门控和 sparsemax 一类"
                "稀疏注意力。",
                at_breakpoints=f"{_ZERO_AT_ENDS_ZH}（JAX 的 where 也是如此）；f″ 处处为 0",
            ),
        },
        frameworks=(
            FrameworkName("jax", "jax.nn.sparse_sigmoid"),
            FrameworkName("keras", "keras.activations.sparse_sigmoid"),
        ),
    )
)


def hard_mish_fwd(x: np.ndarray) -> np.ndarray:
    # x·clip(x + 2, 0, 2)/2; x + 2 is exact near the corner at −2 (Sterbenz).
    xc = np.clip(x, -2.0, 0.0)
    return np.where(x >= 0.0, x, np.where(x <= -2.0, 0.0, 0.5 * xc * (xc + 2.0)))


def hard_mish_bwd(x: np.ndarray) -> np.ndarray:
    return np.where(x < -2.0, 0.0, np.where(x <= 0.0, np.clip(x, -2.0, 0.0) + 1.0, 1.0))


def hard_mish_bwd2(x: np.ndarray) -> np.ndarray:
    return np.where((x >= -2.0) & (x <= 0.0), 1.0, 0.0)


register(
    Activation(
        name="hard_mish",
        aliases=("hardmish",),
        title="HardMish",
        family="hard",
        formula=r"f(x) = \frac{x}{2}\,\min(\max(0, x + 2), 2)",
        derivative_formula=r"f'(x) = 0\ (x < -2),\ x + 1\ (-2 \leq x \leq 0),\ 1\ (x > 0)",
        function=hard_mish_fwd,
        derivative=hard_mish_bwd,
        exact=lambda mp, x: x * min(max(x + 2, mp.zero), mp.mpf(2)) / 2,
        exact_derivative=lambda mp, x: mp.zero if x < -2 else (x + 1 if x <= 0 else mp.one),
        second_derivative=hard_mish_bwd2,
        second_derivative_formula=r"f''(x) = 1\ (-2 \leq x \leq 0),\ 0\ \mathrm{otherwise}",
        exact_second_derivative=lambda mp, x: mp.one if -2 <= x <= 0 else mp.zero,
        extra={"scan_around": (-2.0, 0.0)},
        properties=Properties(
            range=Interval.closed_open(-0.5, INF),
            monotonic=False,
            derivative_monotonic=False,
            continuity="C0",
            zero_centred=False,
            saturating="left",
            identity_near_origin=True,
        ),
        breakpoints=(-2.0, 0.0),
        at_breakpoints="f'(−2) = −1 and f'(0) = 1, the middle piece's values, as timm's "
        "hard_mish backward (and PyTorch's clamp gradient, inclusive at both ends) gives; "
        "f''(−2) = f''(0) = 1 likewise",
        summary="Mish made of a parabola: 0 below −2, x above 0, x(x + 2)/2 in between.",
        reference="Misra, H-Mish (2020, notes in the Mish repository); timm",
        uses=("cnn", "mobile"),
        notes={
            "en": Notes(
                lesson="HardMish = x·clip(x + 2, 0, 2)/2 does for `mish` what `hardswish` does for "
                "`silu`: the same shape (a dip, minimum −0.5 at x = −1) without an exponential.",
                strengths=(
                    "Cheap: a clamp and two multiplications.",
                    "Identity for x ≥ 0 and a real negative dip, so small negative inputs still "
                    "pass a gradient.",
                ),
                weaknesses=(
                    "f′ jumps at −2, from 0 to −1: a corner where the gradient reverses.",
                    "f′ = 0 for x < −2, and it is not monotonic.",
                ),
                where_used="timm ships it (act_layer='hard_mish') as a mobile-friendly `mish` for "
                "image models; rare in published architectures.",
            ),
            "zh": Notes(
                lesson="HardMish = x·clip(x + 2, 0, 2)/2 对 `mish` 所做的，正是 `hardswish` 对 "
                "`silu` 所做的：形状相同（一个凹陷，x = −1 处最小值 −0.5），但不需要指数。",
                strengths=(
                    "计算便宜：一次截断、两次乘法。",
                    "x ≥ 0 时是恒等映射，负侧有真正的凹陷，小的负输入仍能传回梯度。",
                ),
                weaknesses=(
                    "f′ 在 −2 处从 0 跳到 −1：一个梯度反向的拐角。",
                    "x < −2 时 f′ = 0，而且不单调。",
                ),
                where_used="timm 提供它（act_layer='hard_mish'），作为图像模型中适合移动端的 `mish`"
                "；在已发表的网络结构中少见。",
                at_breakpoints="f′(−2) = −1，f′(0) = 1，即取中间一段的值，与 timm 的 hard_mish 反"
                "向传播（以及两端都取闭区间的 PyTorch clamp 梯度）一致；f″(−2) = f″(0) = 1 同理",
            ),
        },
        frameworks=(
            FrameworkName("timm", "timm.layers.activations.HardMish", note="act_layer='hard_mish'"),
        ),
    )
)
