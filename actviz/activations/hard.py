"""Piecewise-linear ("hard") approximations: HardTanh, ReLU6, HardSigmoid, HardSwish.

Cheap on mobile hardware.  At the corners the derivative follows PyTorch autograd: 0 at both
ends of the linear piece for hardtanh, relu6 and hardsigmoid; hardswish's own rule below.
"""

from __future__ import annotations

from actviz.activations import numerics as nx
from actviz.activations.registry import Activation, Interval, Parameter, Properties, register
from actviz.activations.registry import Notes
from actviz.lazy import numpy as np
# How PyTorch, JAX, Keras, ... ship these (the frameworks=... of each declaration).
from actviz.activations.registry import FrameworkName, same_function_as

# How JAX and Keras ship hardtanh: without min_val and max_val arguments.
_FIXED_CLAMP = {"en": "no arguments: the clamp is [−1, 1]", "zh": "没有参数：截断区间固定为 [−1, 1]"}

_ZERO_AT_ENDS = "f' = 0 at both ends of the linear piece, as PyTorch autograd does"
_ZERO_AT_ENDS_ZH = "线性段两端的 f′ 取 0，与 PyTorch autograd 一致"


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
    xc = np.clip(x, -3.0, 3.0)
    inside = xc * (xc + 3.0) / 6.0
    return np.where(x <= -3.0, 0.0, np.where(x >= 3.0, x, inside))


def hardswish_bwd(x: np.ndarray) -> np.ndarray:
    # (2x + 3)/6: 2x is exact and the sum is exact near the zero at x = −1.5 (Sterbenz).
    inside = (2.0 * np.clip(x, -3.0, 3.0) + 3.0) / 6.0
    return np.where(x <= -3.0, 0.0, np.where(x < 3.0, inside, 1.0))


def hardswish_bwd2(x: np.ndarray) -> np.ndarray:
    # At ±3, f'' of the outer piece whose f' is taken there (see at_breakpoints): 0.
    return np.where((x > -3.0) & (x < 3.0), 1.0 / 3.0, 0.0)


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
