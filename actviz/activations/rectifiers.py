"""Rectifiers: ReLU and its descendants (leaky, parametric, randomized, exponential, squared).

Kinks at 0 follow PyTorch autograd: relu'(0) = 0, and the leaky variants and the exponential
units take their x ≤ 0 branch at 0 (leaky_relu'(0) = slope, elu'(0) = α).
"""

from __future__ import annotations

import functools
import math
import sys

from actviz.activations import numerics as nx
from actviz.activations import textbook as tb
from actviz.activations.registry import INF, Activation, Interval, Parameter, Properties, register
from actviz.activations.registry import keep_nan, whole_array
from actviz.activations.registry import Notes
from actviz.lazy import numpy as np
# How PyTorch, JAX, Keras, ... ship these (the frameworks=... of each declaration).
from actviz.activations.registry import FrameworkName, fixed_parameter, renamed_parameter

_AT_ZERO_LEFT = "at x = 0 the x ≤ 0 branch is used, as PyTorch autograd does"
_AT_ZERO_LEFT_ZH = "在 x = 0 处取 x ≤ 0 一侧的分支，与 PyTorch autograd 一致"


@whole_array
def relu_fwd(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)  # NaN-propagating: one pass, at memory speed


@whole_array
def relu_bwd(x: np.ndarray) -> np.ndarray:
    # The comparison is cast to float inside the ufunc loop (no bool temporary, no where).
    return keep_nan(x, np.greater(x, 0.0, out=np.empty(x.shape)))


register(
    Activation(
        name="relu",
        title="ReLU",
        family="rectifier",
        formula=r"f(x) = \max(0, x)",
        derivative_formula=r"f'(x) = 1\ (x > 0),\ 0\ (x \leq 0)",
        function=relu_fwd,
        derivative=relu_bwd,
        naive_function=tb.relu,
        naive_derivative=tb.relu_slope,
        exact=lambda mp, x: x if x > 0 else mp.zero,
        exact_derivative=lambda mp, x: mp.one if x > 0 else mp.zero,
        second_derivative=nx.zero_curvature,
        second_derivative_formula=r"f''(x) = 0",
        exact_second_derivative=nx.exact_zero,
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
        uses=("hidden", "cnn"),
        notes={
            "en": Notes(
                lesson="ReLU = max(0, x): slope exactly 1 for every active unit, so it does not "
                "shrink gradients; but a unit whose input stays negative gets zero gradient and "
                "can die.",
                strengths=(
                    "Does not saturate for x > 0: f′ = 1, so deep networks train far faster than "
                    "with sigmoid or tanh (in the AlexNet paper, six times faster than tanh to the "
                    "same training error).",
                    "Cheap: one comparison, no exponential.",
                    "Sparse: for a given input many units output exactly 0.",
                ),
                weaknesses=(
                    "Dead units: a unit whose input is negative for every training example (after "
                    "a large update or a bad bias) has f′ = 0 everywhere, receives no gradient and "
                    "never recovers (`actviz fit` counts them); `leaky_relu`, `elu` and `gelu` "
                    "keep a slope for x < 0.",
                    "Not zero-centred: outputs are ≥ 0, so the mean activation is positive.",
                    "Unbounded above: activations can grow large; He initialisation and "
                    "normalisation layers keep them in check.",
                    "Not differentiable at 0 (frameworks use relu′(0) = 0).",
                ),
                where_used="The default for hidden layers of MLPs and CNNs (AlexNet, VGG, ResNet): "
                "the first activation to try.",
            ),
            "zh": Notes(
                lesson="ReLU = max(0, x)：激活的单元斜率恰好为 1，不会缩小梯度；但输入一直为负的单"
                "元梯度为零，可能就此“死亡”。",
                strengths=(
                    "x > 0 时不饱和：f′ = 1，深层网络比用 sigmoid 或 tanh 训练得快得多（AlexNet 论"
                    "文中，达到同样的训练误差，速度是 tanh 的六倍）。",
                    "计算便宜：一次比较，不需要指数。",
                    "稀疏：对同一个输入，许多单元的输出恰好为 0。",
                ),
                weaknesses=(
                    "神经元死亡：如果某个单元对所有训练样本的输入都为负（例如一次过大的更新或偏置"
                    "不当），它的 f′ 处处为 0，再也得不到梯度，无法恢复（`actviz fit` 会统计死亡"
                    "单元）；`leaky_relu`、`elu` 和 `gelu` 在 x < 0 时保留了斜率。",
                    "不是零中心：输出 ≥ 0，平均激活值偏正。",
                    "没有上界：激活值可能变得很大，需要 He 初始化和归一化层来控制。",
                    "在 0 处不可导（各框架约定 relu′(0) = 0）。",
                ),
                where_used="MLP 和 CNN 隐藏层的默认选择（AlexNet、VGG、ResNet）：首先应该尝试的激"
                "活函数。",
                at_breakpoints="relu′(0) = 0，与 PyTorch autograd 一致",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.ReLU"),
            FrameworkName("jax", "jax.nn.relu"),
            FrameworkName("keras", "keras.activations.relu", note={
                "en": "also takes negative_slope, max_value and threshold (0, None and 0 by default), "
                      "which make it `leaky_relu`, `relu6` or a shifted ReLU",
                "zh": "还接受 negative_slope、max_value 和 threshold 参数（默认 0、None 和 0），可以变成 "
                      "`leaky_relu`、`relu6` 或平移的 ReLU"}),
            FrameworkName("tensorflow", "tf.nn.relu"),
            FrameworkName("mlx", "mlx.nn.relu"),
            FrameworkName("timm", "get_act_layer('relu')"),
        ),
    )
)


def _leaky_fwd(x: np.ndarray, slope: float) -> np.ndarray:
    """max(x, slope·x) for 0 ≤ slope ≤ 1: slope·x ≤ x exactly where x ≥ 0, so this is the
    x > 0 piece there and slope·x elsewhere (−0.0 and slope·x rounded once, as before), in
    two NaN-propagating passes and no mask.  At slope 0, slope·x would be 0·(−inf) = NaN at
    x = −inf: the negative piece is 0 itself, which is ReLU."""
    if not slope:
        return relu_fwd(x)
    out = np.multiply(x, slope, out=np.empty(x.shape))  # an array even for 0-d x
    return np.maximum(out, x, out=out)


def _leaky_bwd(x: np.ndarray, slope: float) -> np.ndarray:
    return keep_nan(x, np.where(x > 0, 1.0, slope))


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


@whole_array
def leaky_relu_fwd(x: np.ndarray, negative_slope: float) -> np.ndarray:
    return _leaky_fwd(x, negative_slope)


@whole_array
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
        naive_function=lambda x, negative_slope: tb.leaky(x, negative_slope),
        naive_derivative=lambda x, negative_slope: tb.leaky_slope(x, negative_slope),
        exact=lambda mp, x, negative_slope: x if x > 0 else negative_slope * x,
        exact_derivative=lambda mp, x, negative_slope: mp.one if x > 0 else mp.mpf(negative_slope),
        second_derivative=nx.zero_curvature,
        second_derivative_formula=r"f''(x) = 0",
        exact_second_derivative=nx.exact_zero,
        parameters=(
            _slope_parameter("negative_slope", 0.01, "slope a for x < 0", "a"),
        ),
        properties=lambda negative_slope: _leaky_properties(negative_slope),
        breakpoints=(0.0,),
        at_breakpoints=f"leaky_relu'(0) = a: {_AT_ZERO_LEFT}",
        summary="ReLU with a small slope for x < 0, so no unit dies completely.",
        reference="Maas, Hannun & Ng, Rectifier nonlinearities improve neural network acoustic "
        "models (2013)",
        uses=("hidden", "cnn"),
        notes={
            "en": Notes(
                lesson="ReLU with a small slope a for x < 0: the gradient is never exactly 0 "
                "there, so units cannot die.",
                strengths=(
                    "No dead units: f′ = a > 0 for x < 0 keeps a trickle of gradient flowing.",
                    "As cheap as `relu`, and likewise does not saturate for x > 0.",
                ),
                weaknesses=(
                    "a is one more hyper-parameter (0.01 by default, 0.2 is common in GANs); the "
                    "gain over `relu` is often small.",
                    "Not zero-centred, and not differentiable at 0.",
                    "At a = 0.01 a plot of the negative side looks flat: draw it with "
                    "`leaky_relu:negative_slope=0.1` to see the leak.",
                ),
                where_used="GAN discriminators (DCGAN uses a = 0.2), the Darknet backbone of "
                "YOLOv3 (a = 0.1), and the first fix to try when ReLU units die.",
            ),
            "zh": Notes(
                lesson="在 x < 0 一侧留一个小斜率 a 的 ReLU：那里的梯度永远不会恰好为 0，单元就不"
                "会死亡。",
                strengths=(
                    "没有死亡单元：x < 0 时 f′ = a > 0，始终有一点梯度流过。",
                    "和 `relu` 一样便宜，x > 0 时同样不饱和。",
                ),
                weaknesses=(
                    "a 是又一个超参数（默认 0.01，GAN 中常用 0.2）；相对 `relu` 的提升往往不大。",
                    "不是零中心，在 0 处不可导。",
                    "a = 0.01 时负半轴画出来几乎是平的：用 `leaky_relu:negative_slope=0.1` 画图才"
                    "看得出“泄漏”。",
                ),
                where_used="GAN 的判别器（DCGAN 用 a = 0.2）、YOLOv3 的 Darknet 主干网络（a = 0.1"
                "）；ReLU 单元出现死亡时首先尝试的替代。",
                parameters={"negative_slope": "x < 0 时的斜率 a"},
                at_breakpoints=f"leaky_relu′(0) = a：{_AT_ZERO_LEFT_ZH}",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.LeakyReLU", {"negative_slope": 0.01}),
            FrameworkName("jax", "jax.nn.leaky_relu", {"negative_slope": 0.01}, note={
                "en": "takes the x branch at 0 (x ≥ 0), so its gradient there is 1, not a",
                "zh": "在 0 处取 x 一侧的分支（x ≥ 0），所以那里的梯度是 1 而不是 a"}),
            FrameworkName("keras", "keras.activations.leaky_relu", {"negative_slope": 0.2}, note={
                "en": "the layer keras.layers.LeakyReLU defaults to 0.3",
                "zh": "层 keras.layers.LeakyReLU 的默认值是 0.3"}),
            FrameworkName("tensorflow", "tf.nn.leaky_relu", {"negative_slope": 0.2},
                          note=renamed_parameter("a", "alpha")),
            FrameworkName("mlx", "mlx.nn.leaky_relu", {"negative_slope": 0.01}),
            FrameworkName("timm", "get_act_layer('leaky_relu')", {"negative_slope": 0.01}),
        ),
    )
)


@whole_array
def prelu_fwd(x: np.ndarray, a: float) -> np.ndarray:
    return _leaky_fwd(x, a)


@whole_array
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
        naive_function=lambda x, a: tb.leaky(x, a),
        naive_derivative=lambda x, a: tb.leaky_slope(x, a),
        exact=lambda mp, x, a: x if x > 0 else a * x,
        exact_derivative=lambda mp, x, a: mp.one if x > 0 else mp.mpf(a),
        second_derivative=nx.zero_curvature,
        second_derivative_formula=r"f''(x) = 0",
        exact_second_derivative=nx.exact_zero,
        parameters=(
            _slope_parameter("a", 0.25, "learned slope for x < 0 (PyTorch's initial value)", "a"),
        ),
        properties=lambda a: _leaky_properties(a),
        breakpoints=(0.0,),
        at_breakpoints=f"prelu'(0) = a: {_AT_ZERO_LEFT}",
        summary="Leaky ReLU whose negative slope is learned; shown at a fixed value of a.",
        reference="He, Zhang, Ren & Sun, Delving deep into rectifiers (2015)",
        uses=("hidden", "cnn"),
        notes={
            "en": Notes(
                lesson="Leaky ReLU whose negative slope a is learned with the weights (one per "
                "channel or per layer); the card shows it at a fixed value of a.",
                strengths=(
                    "The data decide how much negative signal passes, for almost no extra "
                    "parameters.",
                    "Part of the first model reported to beat human-level accuracy on ImageNet "
                    "classification (He et al. 2015).",
                ),
                weaknesses=(
                    "The learned slope can overfit small datasets; weight decay on a pulls it "
                    "toward 0 (plain ReLU), so the paper does not decay it.",
                    "Extra state to store; not differentiable at 0.",
                ),
                where_used="Image-classification CNNs (He et al. 2015), the SRGAN generator and "
                "many face-recognition backbones.",
            ),
            "zh": Notes(
                lesson="负半轴斜率 a 随权重一起学习的 Leaky ReLU（每个通道或每层一个 a）；卡片按 a "
                "的某个固定值展示。",
                strengths=(
                    "让数据决定负信号通过多少，几乎不增加参数。",
                    "首个被报告在 ImageNet 分类上超过人类水平的模型就用了它（He 等 2015）。",
                ),
                weaknesses=(
                    "学到的斜率在小数据集上可能过拟合；对 a 做权重衰减会把它拉向 0（退化成 ReLU）"
                    "，所以论文不对它做衰减。",
                    "需要额外保存参数；在 0 处不可导。",
                ),
                where_used="图像分类 CNN（He 等 2015）、SRGAN 的生成器，以及许多人脸识别主干网络。",
                parameters={"a": "x < 0 时学习得到的斜率（PyTorch 的初始值）"},
                at_breakpoints=f"prelu′(0) = a：{_AT_ZERO_LEFT_ZH}",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.PReLU", {"a": 0.25}, note={
                "en": "init=0.25 is the starting value of the learned a",
                "zh": "init=0.25 是可学习参数 a 的初始值"}),
            FrameworkName("keras", "keras.layers.PReLU", {"a": 0.0}, note={
                "en": "a starts at 0 (alpha_initializer='zeros'): a plain `relu` until trained",
                "zh": "a 从 0 开始（alpha_initializer='zeros'）：训练之前就是普通的 `relu`"}),
            FrameworkName("mlx", "mlx.nn.PReLU", {"a": 0.25}),
            FrameworkName("timm", "get_act_layer('prelu')", {"a": 0.25}),
        ),
    )
)


@whole_array
def rrelu_fwd(x: np.ndarray, lower: float, upper: float) -> np.ndarray:
    return _leaky_fwd(x, (lower + upper) / 2.0)


@whole_array
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
        naive_function=lambda x, lower, upper: tb.leaky(x, (lower + upper) / 2),
        naive_derivative=lambda x, lower, upper: tb.leaky_slope(x, (lower + upper) / 2),
        exact=(
            lambda mp, x, lower, upper: x if x > 0 else (mp.mpf(lower) + upper) / 2 * x
        ),
        exact_derivative=(
            lambda mp, x, lower, upper: mp.one if x > 0 else (mp.mpf(lower) + upper) / 2
        ),
        second_derivative=nx.zero_curvature,
        second_derivative_formula=r"f''(x) = 0",
        exact_second_derivative=nx.exact_zero,
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
        uses=("research",),
        notes={
            "en": Notes(
                lesson="In training the negative slope is drawn at random from U(l, u) for each "
                "element; at test time it is fixed at (l + u)/2, which is what this card shows.",
                strengths=(
                    "The random slope is a regulariser: a little noise against overfitting.",
                    "No dead units while l > 0.",
                ),
                weaknesses=(
                    "Behaves differently in training and evaluation; results depend on l and u.",
                    "Rare in current architectures.",
                ),
                where_used="Proposed and tested on CIFAR-10/100 and the Kaggle National Data "
                "Science Bowl (Xu et al. 2015); rare today.",
            ),
            "zh": Notes(
                lesson="训练时负半轴斜率对每个元素从 U(l, u) 中随机抽取；测试时固定为 (l + u)/2，"
                "卡片展示的就是这个测试模式。",
                strengths=(
                    "随机斜率起正则化作用：用少量噪声对抗过拟合。",
                    "只要 l > 0 就不会出现死亡单元。",
                ),
                weaknesses=(
                    "训练与推理时的行为不同；效果依赖 l 和 u 的取值。",
                    "现代网络中很少使用。",
                ),
                where_used="论文在 CIFAR-10/100 和 Kaggle 国家数据科学碗比赛数据上提出并测试（Xu "
                "等 2015）；如今少见。",
                parameters={"lower": "随机斜率的下界 l", "upper": "随机斜率的上界 u"},
                at_breakpoints=f"rrelu′(0) = (l + u)/2：{_AT_ZERO_LEFT_ZH}",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.RReLU", {"lower": 1.0 / 8.0, "upper": 1.0 / 3.0}, note={
                "en": "in training mode each element's slope is drawn from U(l, u); in evaluation mode "
                      "it is (l + u)/2, the curve drawn here",
                "zh": "训练模式下每个元素的斜率从 U(l, u) 中随机抽取；推理模式下为 (l + u)/2，即这里画的曲线"}),
        ),
    )
)


def _alpha_parameter() -> Parameter:
    # Bounded at 1e6 like softplus's and swish's β: far beyond any published use, and it keeps
    # α·e^x and x/α inside the range where the double-double corrections are exact.
    return Parameter("alpha", 1.0, "value −α that f approaches as x → −∞", low=0.0,
                     low_open=True, high=1e6, symbol="α")


def elu_fwd(x: np.ndarray, alpha: float) -> np.ndarray:
    # expm1, not exp − 1: elu(−1e-10) is −1e-10·α, which exp − 1 gets wrong in the 7th digit.
    # min(0, x) keeps expm1 from overflowing on the branch np.where discards; in that order,
    # because np.minimum returns its second argument on a tie, and elu(−0.0) is −0.0.
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(0.0, x)))


def elu_bwd(x: np.ndarray, alpha: float) -> np.ndarray:
    # α·e^x via nx.exp_times: for α > 1 the product is larger than e^x, which is a subnormal
    # with few digits for x < −708.
    return np.where(x > 0, 1.0, nx.exp_times(alpha, np.minimum(x, 0.0)))


def elu_bwd2(x: np.ndarray, alpha: float) -> np.ndarray:
    return np.where(x > 0, 0.0, nx.exp_times(alpha, np.minimum(x, 0.0)))


register(
    Activation(
        name="elu",
        title="ELU",
        family="rectifier",
        formula=r"f(x) = x\ (x > 0),\ \alpha(e^{x} - 1)\ (x \leq 0)",
        derivative_formula=r"f'(x) = 1\ (x > 0),\ \alpha e^{x}\ (x \leq 0)",
        function=elu_fwd,
        derivative=elu_bwd,
        naive_function=tb.elu,
        naive_derivative=tb.elu_slope,
        exact=lambda mp, x, alpha: x if x > 0 else alpha * mp.expm1(x),
        exact_derivative=lambda mp, x, alpha: mp.one if x > 0 else alpha * mp.exp(x),
        second_derivative=elu_bwd2,
        second_derivative_formula=r"f''(x) = 0\ (x > 0),\ \alpha e^{x}\ (x \leq 0)",
        exact_second_derivative=lambda mp, x, alpha: mp.zero if x > 0 else alpha * mp.exp(x),
        extra={"scan_around": (-745.0, -708.0, -700.0, 0.0)},
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
        uses=("hidden", "cnn"),
        notes={
            "en": Notes(
                lesson="ELU follows x for x > 0 and bends smoothly toward −α for x < 0: negative "
                "outputs pull the mean activation toward 0, and the gradient there, αeˣ, is never "
                "exactly 0.",
                strengths=(
                    "Mean activations closer to zero than ReLU's, which the paper shows speeds up "
                    "learning.",
                    "No dead units: f′ = αeˣ > 0 for x < 0.",
                    "Saturating smoothly at −α, it responds to the presence of a negative input "
                    "rather than to its size, which makes it robust to noise there.",
                    "With α = 1 it is C1: f′ is continuous at 0.",
                ),
                weaknesses=(
                    "An exponential for x < 0: slower than `relu`.",
                    "For α ≠ 1, f′ jumps at 0 (from α to 1); `celu` removes the jump.",
                    "Saturates on the left: very negative inputs get almost no gradient.",
                ),
                where_used="Hidden layers of MLPs and CNNs as a drop-in replacement for ReLU; the "
                "basis of `selu`.",
            ),
            "zh": Notes(
                lesson="ELU 在 x > 0 时等于 x，在 x < 0 时平滑地弯向 −α：负的输出把平均激活值拉向 "
                "0，那一侧的梯度 αeˣ 也永远不会恰好为 0。",
                strengths=(
                    "平均激活值比 ReLU 更接近零，论文表明这能加快学习。",
                    "没有死亡单元：x < 0 时 f′ = αeˣ > 0。",
                    "在 −α 处平滑饱和：对负输入只“感知有无”，不在乎大小，因此对那一侧的噪声更稳健"
                    "。",
                    "α = 1 时是 C1 光滑的：f′ 在 0 处连续。",
                ),
                weaknesses=(
                    "x < 0 时要算指数：比 `relu` 慢。",
                    "α ≠ 1 时 f′ 在 0 处跳变（从 α 跳到 1）；`celu` 消除了这个跳变。",
                    "左侧饱和：很负的输入几乎得不到梯度。",
                ),
                where_used="MLP 和 CNN 的隐藏层，可直接替换 ReLU；也是 `selu` 的基础。",
                parameters={"alpha": "x → −∞ 时 f 趋近的值为 −α"},
                at_breakpoints=f"elu′(0) = α：{_AT_ZERO_LEFT_ZH}",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.ELU", {"alpha": 1.0}),
            FrameworkName("jax", "jax.nn.elu", {"alpha": 1.0}),
            FrameworkName("keras", "keras.activations.elu", {"alpha": 1.0}),
            FrameworkName("tensorflow", "tf.nn.elu", {"alpha": 1.0}, note=fixed_parameter("α", "1")),
            FrameworkName("mlx", "mlx.nn.elu", {"alpha": 1.0}),
            FrameworkName("timm", "get_act_layer('elu')", {"alpha": 1.0}),
        ),
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
    # min(0, x), not min(x, 0): selu(−0.0) is −0.0 (see elu_fwd)
    return np.where(x > 0, positive, SELU_SCALE_ALPHA * np.expm1(np.minimum(0.0, x)))


def selu_bwd(x: np.ndarray) -> np.ndarray:
    return np.where(x > 0, SELU_SCALE, nx.exp_times(SELU_SCALE_ALPHA, np.minimum(x, 0.0)))


def selu_bwd2(x: np.ndarray) -> np.ndarray:
    return np.where(x > 0, 0.0, nx.exp_times(SELU_SCALE_ALPHA, np.minimum(x, 0.0)))


register(
    Activation(
        name="selu",
        title="SELU",
        family="rectifier",
        formula=r"f(x) = \lambda x\ (x > 0),\ \lambda\alpha(e^{x} - 1)\ (x \leq 0)",
        derivative_formula=r"f'(x) = \lambda\ (x > 0),\ \lambda\alpha e^{x}\ (x \leq 0)",
        function=selu_fwd,
        derivative=selu_bwd,
        naive_function=lambda x: tb.elu(x, SELU_ALPHA, SELU_SCALE),
        naive_derivative=lambda x: tb.elu_slope(x, SELU_ALPHA, SELU_SCALE),
        exact=lambda mp, x: mp.mpf(SELU_SCALE_TEXT) * (
            x if x > 0 else mp.mpf(SELU_ALPHA_TEXT) * mp.expm1(x)
        ),
        exact_derivative=lambda mp, x: mp.mpf(SELU_SCALE_TEXT) * (
            1 if x > 0 else mp.mpf(SELU_ALPHA_TEXT) * mp.exp(x)
        ),
        second_derivative=selu_bwd2,
        second_derivative_formula=r"f''(x) = 0\ (x > 0),\ \lambda\alpha e^{x}\ (x \leq 0)",
        exact_second_derivative=lambda mp, x: mp.zero if x > 0 else (
            mp.mpf(SELU_SCALE_TEXT) * mp.mpf(SELU_ALPHA_TEXT) * mp.exp(x)
        ),
        extra={"scan_around": (-745.0, -708.0, -700.0, 0.0)},
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
        uses=("hidden",),
        notes={
            "en": Notes(
                lesson="SELU = λ·ELU with α ≈ 1.6733 and λ ≈ 1.0507, constants chosen so that "
                "activations are driven to mean 0 and variance 1 layer after layer: a "
                "self-normalising network without batch normalisation.",
                strengths=(
                    "Self-normalising: with LeCun-normal weights, standardised inputs and a plain "
                    "stack of dense layers, mean and variance are pulled toward (0, 1), so deep "
                    "MLPs train without normalisation layers.",
                    "No dead units (f′ > 0 everywhere); the slope λ > 1 for x > 0 lets a variance "
                    "that has become too small grow back.",
                ),
                weaknesses=(
                    "The guarantee holds only under its conditions: LeCun-normal initialisation, "
                    "standardised inputs, fully connected layers and alpha dropout instead of "
                    "ordinary dropout.",
                    "f′ jumps at 0, from λα ≈ 1.758 to λ ≈ 1.051.",
                    "An exponential on the negative side.",
                ),
                where_used="Self-normalising fully connected networks, for example on tabular "
                "data, where the paper trained deep MLPs well without batch normalisation.",
            ),
            "zh": Notes(
                lesson="SELU = λ·ELU，取 α ≈ 1.6733、λ ≈ 1.0507：这两个常数让激活值逐层趋向均值 0"
                "、方差 1，于是不用批归一化，网络也能“自归一化”。",
                strengths=(
                    "自归一化：权重用 LeCun 正态初始化、输入先标准化、网络是普通的全连接层堆叠时，"
                    "均值和方差会被拉向 (0, 1)，深层 MLP 无需归一化层也能训练。",
                    "没有死亡单元（处处 f′ > 0）；x > 0 时斜率 λ > 1，方差变得太小时能重新放大。",
                ),
                weaknesses=(
                    "这个保证只在条件满足时成立：LeCun 正态初始化、标准化的输入、全连接层，并用 "
                    "alpha dropout 代替普通 dropout。",
                    "f′ 在 0 处跳变：从 λα ≈ 1.758 跳到 λ ≈ 1.051。",
                    "负半轴需要计算指数。",
                ),
                where_used="自归一化的全连接网络，例如处理表格数据；论文中深层 MLP 不用批归一化也"
                "训练良好。",
                at_breakpoints=f"selu′(0) = λα：{_AT_ZERO_LEFT_ZH}",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.SELU"),
            FrameworkName("jax", "jax.nn.selu"),
            FrameworkName("keras", "keras.activations.selu"),
            FrameworkName("tensorflow", "tf.nn.selu"),
            FrameworkName("mlx", "mlx.nn.selu", note={
                "en": "uses λ = 1.0507 and α = 1.67326, the constants rounded to 5 and 6 digits "
                      "(about 2e-6 off)",
                "zh": "使用 λ = 1.0507、α = 1.67326，即把两个常数舍入到 5 位和 6 位有效数字（相差约 2e-6）"}),
            FrameworkName("timm", "get_act_layer('selu')"),
        ),
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


# Below this |x/α|, α(e^{x/α} − 1) = x·(1 + q/2 + q²/6) to better than 1e-19 relative.
_CELU_SERIES = 1e-6


def celu_fwd(x: np.ndarray, alpha: float) -> np.ndarray:
    q, q_low = _celu_argument(x, alpha)
    # expm1(q + q_low) = expm1(q) + q_low·e^q
    closed = alpha * (np.expm1(q) + q_low * np.exp(q))
    # Near 0 the series in x itself: for a subnormal x and a large α, q = x/α underflows and
    # α·expm1(q) loses x's digits (celu(−1e-320) at α = 1e6 was −0).
    near = q > -_CELU_SERIES
    xs = np.where(near & (x <= 0), x, 0.0)
    return np.where(x > 0, x, np.where(near, xs + xs * q * (0.5 + q / 6.0), closed))


def celu_bwd(x: np.ndarray, alpha: float) -> np.ndarray:
    q, q_low = _celu_argument(x, alpha)
    return np.where(x > 0, 1.0, nx.exp_times(1.0, q, q_low))


def celu_bwd2(x: np.ndarray, alpha: float) -> np.ndarray:
    q, q_low = _celu_argument(x, alpha)
    return np.where(x > 0, 0.0, nx.exp_times(1.0 / alpha, q, q_low))


register(
    Activation(
        name="celu",
        title="CELU",
        family="rectifier",
        formula=r"f(x) = x\ (x > 0),\ \alpha(e^{x/\alpha} - 1)\ (x \leq 0)",
        derivative_formula=r"f'(x) = 1\ (x > 0),\ e^{x/\alpha}\ (x \leq 0)",
        function=celu_fwd,
        derivative=celu_bwd,
        naive_function=tb.celu,
        naive_derivative=tb.celu_slope,
        exact=lambda mp, x, alpha: x if x > 0 else alpha * mp.expm1(x / alpha),
        exact_derivative=lambda mp, x, alpha: mp.one if x > 0 else mp.exp(x / alpha),
        second_derivative=celu_bwd2,
        second_derivative_formula=r"f''(x) = 0\ (x > 0),\ \frac{1}{\alpha}e^{x/\alpha}\ (x \leq 0)",
        exact_second_derivative=lambda mp, x, alpha: mp.zero if x > 0 else mp.exp(x / alpha) / alpha,
        extra={"scan_around": lambda alpha: (-1e3 * alpha, -745.0 * alpha, -700.0 * alpha,
                                             -_CELU_SERIES * alpha, 0.0)},
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
        uses=("research",),
        notes={
            "en": Notes(
                lesson="CELU writes ELU's negative side as α(e^(x/α) − 1), so that f′ = 1 on both "
                "sides of 0 for every α: continuously differentiable, as its name says.",
                strengths=(
                    "C1 for every α (ELU is C1 only at α = 1).",
                    "Like `elu`: no dead units, mean activations closer to zero.",
                    "α only rescales the curve: celu(x; α) = α·celu(x/α; 1).",
                ),
                weaknesses=(
                    "An exponential on the negative side; saturates on the left.",
                    "Rare in published models; with α = 1 it is exactly `elu`.",
                ),
                where_used="A drop-in for ELU where a continuous gradient at 0 matters (PyTorch "
                "nn.CELU); rare in published architectures.",
            ),
            "zh": Notes(
                lesson="CELU 把 ELU 的负半轴写成 α(e^(x/α) − 1)，使得对任何 α，0 点两侧都有 f′ = 1"
                "：正如其名，一阶导数连续。",
                strengths=(
                    "对任何 α 都是 C1 光滑的（ELU 只有 α = 1 时才是）。",
                    "与 `elu` 一样：没有死亡单元，平均激活值更接近零。",
                    "α 只是把曲线等比缩放：celu(x; α) = α·celu(x/α; 1)。",
                ),
                weaknesses=(
                    "负半轴需要计算指数；左侧饱和。",
                    "已发表的模型中少见；α = 1 时它就是 `elu`。",
                ),
                where_used="需要 0 处梯度连续时替换 ELU（PyTorch 的 nn.CELU）；已发表的网络结构中"
                "少见。",
                parameters={"alpha": "x → −∞ 时 f 趋近的值为 −α"},
                at_breakpoints=f"celu′(0) = 1：{_AT_ZERO_LEFT_ZH}",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.CELU", {"alpha": 1.0}),
            FrameworkName("jax", "jax.nn.celu", {"alpha": 1.0}),
            FrameworkName("keras", "keras.activations.celu", {"alpha": 1.0}),
            FrameworkName("mlx", "mlx.nn.celu", {"alpha": 1.0}),
            FrameworkName("timm", "get_act_layer('celu')", {"alpha": 1.0}),
        ),
    )
)


# --------------------------------------------------------------------------------------------
# Squared rectifiers: ReLU², StarReLU, xIELU.  Their right side grows like x², so f is +inf
# beyond √(max/scale) ≈ 1.3e154: that is the true value rounded to float64, not an overflow.
# --------------------------------------------------------------------------------------------

# Below it, s·x² + b is summed in double-double (nx.two_product): StarReLU crosses zero at
# x = √(−b/s), where a rounded x² would cancel against b.
_SQUARE_EXACT_BELOW = 1e150
# x² is beyond float64 from here on.
_SQUARE_OVERFLOW = math.sqrt(sys.float_info.max)


def _times_square(factor: float | np.ndarray, x: np.ndarray) -> np.ndarray:
    """factor·x² for x ≥ 0, as (factor·x)·x: +inf, without a warning, where it exceeds float64
    (factor·x overflowing implies factor·x² does, for x ≥ 1)."""
    with np.errstate(over="ignore"):
        return (factor * x) * x


def _times_or_inf(factor: float, x: np.ndarray) -> np.ndarray:
    """factor·x, +inf without a warning where it exceeds float64 (a slope that grows like x)."""
    with np.errstate(over="ignore"):
        return factor * x


def relu2_fwd(x: np.ndarray) -> np.ndarray:
    return _times_square(1.0, np.maximum(x, 0.0))


def relu2_bwd(x: np.ndarray) -> np.ndarray:
    return _times_or_inf(2.0, np.maximum(x, 0.0))


def relu2_bwd2(x: np.ndarray) -> np.ndarray:
    return np.where(x > 0, 2.0, 0.0)


register(
    Activation(
        name="relu2",
        aliases=("squared_relu", "relu_squared", "relu_square"),
        title="ReLU²",
        family="rectifier",
        formula=r"f(x) = \max(0, x)^2",
        derivative_formula=r"f'(x) = 2\max(0, x)",
        function=relu2_fwd,
        derivative=relu2_bwd,
        exact=lambda mp, x: max(x, mp.zero) ** 2,
        exact_derivative=lambda mp, x: 2 * max(x, mp.zero),
        second_derivative=relu2_bwd2,
        second_derivative_formula=r"f''(x) = 2\ (x > 0),\ 0\ (x \leq 0)",
        exact_second_derivative=lambda mp, x: mp.mpf(2) if x > 0 else mp.zero,
        extra={"scan_around": (0.0, _SQUARE_EXACT_BELOW, _SQUARE_OVERFLOW)},
        properties=Properties(
            range=Interval.closed_open(0.0, INF),
            monotonic=True,
            derivative_monotonic=True,
            continuity="C1",
            zero_centred=False,
            saturating="left",
            identity_near_origin=False,
        ),
        breakpoints=(0.0,),
        at_breakpoints="f'(0) = 0 (continuous); f''(0) = 0, the x ≤ 0 branch, as PyTorch "
        "autograd gives for relu(x)**2",
        summary="ReLU squared: found by architecture search for transformer feed-forward blocks.",
        reference="So et al., Primer: searching for efficient transformers for language "
        "modeling (2021)",
        uses=("transformers",),
        notes={
            "en": Notes(
                lesson="ReLU² = max(0, x)²: the Primer search found that squaring ReLU in a "
                "transformer's feed-forward block trains language models faster, for no extra "
                "cost.",
                strengths=(
                    "As cheap as `relu`, and f′ = 2x is continuous (C1): no corner at 0.",
                    "Sparse like ReLU (exactly 0 for x ≤ 0), but large inputs are amplified.",
                ),
                weaknesses=(
                    "Grows like x²: activations and gradients can blow up without normalisation.",
                    "f′ = 0 for x ≤ 0, so units can die as with `relu`; f″ jumps at 0.",
                ),
                where_used="The feed-forward blocks of Primer, of later speed-run GPT training "
                "recipes (modded-nanogpt, nanochat) and of some sparse LLMs; the basis of "
                "`star_relu`.",
            ),
            "zh": Notes(
                lesson="ReLU² = max(0, x)²：Primer 的结构搜索发现，把 Transformer 前馈层中的 ReLU "
                "平方一下，语言模型训练得更快，而且几乎不增加计算量。",
                strengths=(
                    "和 `relu` 一样便宜，f′ = 2x 连续（C1）：0 处没有拐角。",
                    "像 ReLU 一样稀疏（x ≤ 0 时恰为 0），但会放大较大的输入。",
                ),
                weaknesses=(
                    "按 x² 增长：没有归一化时激活值和梯度可能爆炸。",
                    "x ≤ 0 时 f′ = 0，和 `relu` 一样会出现死亡单元；f″ 在 0 处跳变。",
                ),
                where_used="Primer 的前馈层、后来的 GPT 快速训练方案（modded-nanogpt、nanochat）以"
                "及一些稀疏大模型；也是 `star_relu` 的基础。",
                at_breakpoints="f′(0) = 0（连续）；f″(0) = 0，取 x ≤ 0 一侧的分支，与 PyTorch "
                "autograd 对 relu(x)**2 的结果一致",
            ),
        },
    )
)


def _scaled_square_plus(x: np.ndarray, scale: float, bias: float) -> np.ndarray:
    """scale·x² + bias for x ≥ 0: in double-double below 1e150 (exact x², one rounding at the
    end), scale·x² beyond, where bias no longer shows."""
    xm = np.minimum(x, _SQUARE_EXACT_BELOW)
    square, square_low = nx.two_product(xm, xm)
    scaled, scaled_low = nx.dd_mul(scale, 0.0, square, square_low)
    total, total_low = nx.dd_add(bias, scaled, scaled_low)
    return np.where(x > _SQUARE_EXACT_BELOW, _times_square(scale, x), total + total_low)


def _star_relu_scan(scale: float, bias: float) -> tuple[float, ...]:
    """0, the zero √(−b/s) (where s·x² cancels against b), the end of the double-double sum
    and where s·x² leaves float64."""
    zero = (-bias / scale) ** 0.5 if bias < 0 else 0.0
    return (0.0, zero, _SQUARE_EXACT_BELOW, _SQUARE_OVERFLOW / scale**0.5)


def star_relu_fwd(x: np.ndarray, scale: float, bias: float) -> np.ndarray:
    return np.where(x > 0, _scaled_square_plus(np.maximum(x, 0.0), scale, bias), bias)


def star_relu_bwd(x: np.ndarray, scale: float, bias: float) -> np.ndarray:
    return _times_or_inf(2.0 * scale, np.maximum(x, 0.0))


def star_relu_bwd2(x: np.ndarray, scale: float, bias: float) -> np.ndarray:
    return np.where(x > 0, 2.0 * scale, 0.0)


# MetaFormer's derivation: for x ~ N(0, 1), relu(x)² has mean 1/2 and variance 5/4, so
# s = 1/√(5/4) and b = −s/2 give zero mean and unit variance; the paper prints them rounded.
STAR_RELU_SCALE = 0.8944
STAR_RELU_BIAS = -0.4472

register(
    Activation(
        name="star_relu",
        aliases=("starrelu",),
        title="StarReLU",
        family="rectifier",
        formula=r"f(x) = s\,\max(0, x)^2 + b",
        derivative_formula=r"f'(x) = 2s\,\max(0, x)",
        function=star_relu_fwd,
        derivative=star_relu_bwd,
        exact=lambda mp, x, scale, bias: scale * max(x, mp.zero) ** 2 + bias,
        exact_derivative=lambda mp, x, scale, bias: 2 * scale * max(x, mp.zero),
        second_derivative=star_relu_bwd2,
        second_derivative_formula=r"f''(x) = 2s\ (x > 0),\ 0\ (x \leq 0)",
        exact_second_derivative=lambda mp, x, scale, bias: 2 * mp.mpf(scale) if x > 0 else mp.zero,
        parameters=(
            Parameter("scale", STAR_RELU_SCALE, "scale s of the squared ReLU (learnable)",
                      low=0.0, low_open=True, high=1e6, symbol="s"),
            Parameter("bias", STAR_RELU_BIAS, "bias b, the value for x ≤ 0 (learnable)",
                      low=-1e6, high=1e6, symbol="b"),
        ),
        extra={"scan_around": _star_relu_scan},
        properties=lambda scale, bias: Properties(
            range=Interval.closed_open(bias, INF),
            monotonic=True,
            derivative_monotonic=True,
            continuity="C1",
            zero_centred=False,
            saturating="left",
            identity_near_origin=False,
        ),
        breakpoints=(0.0,),
        at_breakpoints="f'(0) = 0 (continuous); f''(0) = 0, the x ≤ 0 branch, as PyTorch "
        "autograd gives for s * relu(x)**2 + b",
        summary="A squared ReLU rescaled so that a standard normal input gives zero mean and "
        "unit variance.",
        reference="Yu et al., MetaFormer baselines for vision (2022)",
        uses=("transformers", "cnn"),
        notes={
            "en": Notes(
                lesson="StarReLU = s·relu(x)² + b with s = 0.8944 and b = −0.4472: `relu2` "
                "shifted and scaled so that, for standard normal inputs, the output has mean 0 "
                "and variance 1.",
                strengths=(
                    "Keeps ReLU²'s accuracy in MetaFormer models while fixing its distribution "
                    "shift (relu(x)² alone has mean 1/2 and variance 5/4 for x ~ N(0, 1)).",
                    "Cheaper than GELU: MetaFormer reports it saves about 71% of the activation's "
                    "FLOPs.",
                ),
                weaknesses=(
                    "Two more learnable scalars per layer; with learned s and b the "
                    "normalisation is only the starting point.",
                    "Grows like x², and f′ = 0 for x ≤ 0 as with `relu`.",
                ),
                where_used="The MetaFormer baselines (IdentityFormer, RandFormer, ConvFormer, "
                "CAFormer) and later vision models built on them.",
            ),
            "zh": Notes(
                lesson="StarReLU = s·relu(x)² + b，s = 0.8944，b = −0.4472：把 `relu2` 平移、缩放"
                "，使标准正态输入的输出均值为 0、方差为 1。",
                strengths=(
                    "在 MetaFormer 模型中保留了 ReLU² 的精度，同时消除了它的分布偏移（x ~ N(0, 1) "
                    "时 relu(x)² 的均值为 1/2、方差为 5/4）。",
                    "比 GELU 便宜：MetaFormer 报告它省下激活函数约 71% 的浮点运算。",
                ),
                weaknesses=(
                    "每层多两个可学习的标量；s 和 b 被学习之后，这种归一化只是初始状态。",
                    "按 x² 增长，且 x ≤ 0 时 f′ = 0，和 `relu` 一样。",
                ),
                where_used="MetaFormer 基线模型（IdentityFormer、RandFormer、ConvFormer、CAFormer"
                "）以及在它们之上构建的视觉模型。",
                parameters={"scale": "平方 ReLU 的缩放系数 s（可学习）",
                            "bias": "偏置 b，即 x ≤ 0 时的值（可学习）"},
                at_breakpoints="f′(0) = 0（连续）；f″(0) = 0，取 x ≤ 0 一侧的分支，与 PyTorch "
                "autograd 对 s * relu(x)**2 + b 的结果一致",
            ),
        },
        frameworks=(
            FrameworkName("timm", "timm.models.metaformer.StarReLU",
                          {"scale": 1.0, "bias": 0.0},
                          note="scale_value=1.0, bias_value=0.0 by default, both learnable; the "
                          "MetaFormer models pass their own"),
        ),
    )
)


@functools.lru_cache(maxsize=64)
def _xielu_points(alpha_n: float, beta: float) -> tuple[float, ...]:
    """(x₀, x₀ low, f(x₀), x₁, x₁ low, αₙe^{x₁}, f'(x₁)): xIELU's minimum x₀ = ln(1 − β/αₙ), where
    f' = 0, and its zero x₁ < x₀ (f rises to +∞ on the left, so it crosses 0 once more), x₀
    and x₁ as double-doubles: an error δ in them would be an error of about δ/|x − x₀| in the
    forms around them.

    The parameters are scalars, so these are computed once per parameter set in 40-digit
    decimal arithmetic (exact from the binary inputs): x₁ by Newton's method on the convex
    g(x) = αₙ(eˣ − 1) + (β − αₙ)x, started left of the zero where it converges monotonically.
    """
    from decimal import Decimal, localcontext

    with localcontext() as context:
        context.prec = 40
        a, b = Decimal(alpha_n), Decimal(beta)
        minimum = (1 - b / a).ln()
        x = -a / (a - b) - 1  # g(x) = αₙeˣ + αₙ − β > 0 here: left of the zero
        for _ in range(200):
            step = (a * (x.exp() - 1) + (b - a) * x) / (a * x.exp() + b - a)
            x -= step
            if abs(step) < Decimal(10) ** -36:
                break
        lowest = float(-b + (b - a) * minimum)
        at_root = a * x.exp()
        return (*_decimal_pair(minimum), lowest, *_decimal_pair(x), float(at_root),
                float(at_root - (a - b)))


def _decimal_pair(value) -> tuple[float, float]:
    """A decimal number as a double-double (high, low)."""
    from decimal import Decimal

    high = float(value)
    return high, float(value - Decimal(high))


# e^h − 1 − h = Σ_{k≥2} h^k/k!: to 1e-19 relative for |h| ≤ 1.5 with these 26 terms.
_EXPM1_MINUS_X_SERIES = tuple(1.0 / math.factorial(k) for k in range(2, 28))
_SERIES_RADIUS = 1.5


def _expm1_minus_x(h: np.ndarray) -> np.ndarray:
    """e^h − 1 − h ≥ 0 without cancellation: its Taylor series for |h| ≤ 1.5 (whose terms
    cancel by at most a factor 3), the difference expm1(h) − h beyond (at most a factor 3)."""
    hc = np.clip(h, -_SERIES_RADIUS, _SERIES_RADIUS)
    series = hc * hc * nx.horner(_EXPM1_MINUS_X_SERIES, hc)
    with np.errstate(over="ignore"):  # beyond float64 for h > 709.78: +inf is right
        direct = np.expm1(h) - h
    return np.where(np.abs(h) <= _SERIES_RADIUS, series, direct)


def _offset(x: np.ndarray, point: float, point_low: float) -> np.ndarray:
    """x − (point + point_low), rounded once."""
    gap, gap_low = nx.two_sum(x, -point)
    return gap + (gap_low - point_low)


def _xielu_scan(alpha_p: float, alpha_n: float, beta: float) -> tuple[float, ...]:
    """Around 0, the minimum x₀ and the zero x₁ the forms of f hand over to one another (and
    the series of E(h) to expm1(h) − h at |h| = 1.5); f' is clamped at −1e3."""
    points = _xielu_points(alpha_n, beta)
    centres = (0.0, points[0], points[3])
    edges = (c + side * _SERIES_RADIUS for c in centres for side in (-1.0, 1.0))
    return (*centres, *edges, -1e3, _SQUARE_EXACT_BELOW)


def xielu_fwd(x: np.ndarray, alpha_p: float, alpha_n: float, beta: float) -> np.ndarray:
    xp = np.maximum(x, 0.0)
    xm = np.minimum(xp, _SQUARE_EXACT_BELOW)
    right = np.where(xp > _SQUARE_EXACT_BELOW, _times_square(alpha_p, xp), xm * (alpha_p * xm + beta))
    # On x ≤ 0, f = αₙ(eˣ − 1 − x) + βx sums terms of opposite signs, which cancel near its
    # zeros (0 and x₁) and its minimum x₀.  Three exact rewritings, with C = αₙ − β and
    # E(h) = e^h − 1 − h: around 0 as written; around x₀, f(x₀) + C·E(x − x₀) (f'(x₀) = 0);
    # around x₁, f'(x₁)·(x − x₁) + αₙe^{x₁}·E(x − x₁) (f(x₁) = 0).  Each point takes the one
    # whose terms are smallest, i.e. cancel least.  Beyond float64 on the far left
    # (|x| > 1.8e308/C) the true value is +inf.
    minimum, minimum_low, lowest, root, root_low, at_root, slope_at_root = _xielu_points(
        alpha_n, beta)
    spread = alpha_n - beta
    xn = np.clip(x, -np.finfo(np.float64).max, 0.0)
    with np.errstate(over="ignore"):
        forms = [
            (alpha_n * _expm1_minus_x(xn), beta * xn),
            (np.full_like(xn, lowest), spread * _expm1_minus_x(_offset(xn, minimum, minimum_low))),
        ]
        h = _offset(xn, root, root_low)
        forms.append((slope_at_root * h, at_root * _expm1_minus_x(h)))
        sizes = np.array([np.abs(a) + np.abs(b) for a, b in forms])
        values = np.array([a + b for a, b in forms])
    best = np.take_along_axis(values, np.argmin(sizes, axis=0)[np.newaxis], axis=0)[0]
    left = np.where(x == -np.inf, np.inf, best)
    return np.where(x > 0, right, left)


def xielu_bwd(x: np.ndarray, alpha_p: float, alpha_n: float, beta: float) -> np.ndarray:
    with np.errstate(over="ignore"):  # 2αₚx + β beyond float64 is +inf, its true value rounded
        right = 2.0 * alpha_p * np.maximum(x, 0.0) + beta
    # αₙ(eˣ − 1) + β = (αₙ − β)·expm1(x − x₀): no cancellation near the zero x₀ of f'.
    minimum, minimum_low = _xielu_points(alpha_n, beta)[:2]
    left = (alpha_n - beta) * np.expm1(_offset(np.clip(x, -1e3, 0.0), minimum, minimum_low))
    return np.where(x > 0, right, left)


def xielu_bwd2(x: np.ndarray, alpha_p: float, alpha_n: float, beta: float) -> np.ndarray:
    return np.where(x > 0, 2.0 * alpha_p, nx.exp_times(alpha_n, np.minimum(x, 0.0)))


def _xielu_exact(mp, x, alpha_p, alpha_n, beta):
    if x > 0:
        return alpha_p * x**2 + beta * x
    return alpha_n * (mp.expm1(x) - x) + beta * x


def _xielu_exact_derivative(mp, x, alpha_p, alpha_n, beta):
    return 2 * alpha_p * x + beta if x > 0 else alpha_n * mp.expm1(x) + beta


def _xielu_properties(alpha_p: float, alpha_n: float, beta: float) -> Properties:
    lowest = _xielu_points(alpha_n, beta)[2]
    # f'' jumps at 0 from αₙ to 2αₚ; where they are equal f'' is continuous (only f''' jumps),
    # which the C0/C1/C∞ vocabulary can only call C∞.
    smooth_curvature = alpha_n == 2 * alpha_p
    return Properties(
        range=Interval.closed_open(lowest, INF),
        monotonic=False,
        derivative_monotonic=True,
        continuity="C∞" if smooth_curvature else "C1",
        zero_centred=False,
        saturating="none",
        identity_near_origin=beta == 1,
    )


register(
    Activation(
        name="xielu",
        title="xIELU",
        family="rectifier",
        formula=r"f(x) = \alpha_p x^2 + \beta x\ (x > 0),\ "
        r"\alpha_n(e^{x} - 1 - x) + \beta x\ (x \leq 0)",
        derivative_formula=r"f'(x) = 2\alpha_p x + \beta\ (x > 0),\ "
        r"\alpha_n(e^{x} - 1) + \beta\ (x \leq 0)",
        function=xielu_fwd,
        derivative=xielu_bwd,
        exact=_xielu_exact,
        exact_derivative=_xielu_exact_derivative,
        second_derivative=xielu_bwd2,
        second_derivative_formula=r"f''(x) = 2\alpha_p\ (x > 0),\ \alpha_n e^{x}\ (x \leq 0)",
        exact_second_derivative=lambda mp, x, alpha_p, alpha_n, beta: (
            2 * mp.mpf(alpha_p) if x > 0 else alpha_n * mp.exp(x)
        ),
        parameters=(
            Parameter("alpha_p", 0.8, "curvature αₚ of the positive side (learnable)", low=0.0,
                      low_open=True, high=1e3, symbol="αₚ"),
            Parameter("alpha_n", 0.8, "curvature αₙ of the negative side (learnable, > β)",
                      low=0.0, low_open=True, high=1e3, symbol="αₙ"),
            Parameter("beta", 0.5, "slope β at 0", low=0.0, low_open=True, high=1e3,
                      symbol="β"),
        ),
        check=lambda alpha_p, alpha_n, beta: (
            None if alpha_n > beta
            else f"alpha_n ({alpha_n:g}) must be greater than beta ({beta:g}), as the paper's "
            "αₙ = β + softplus(·) is"
        ),
        extra={"scan_around": _xielu_scan},
        properties=_xielu_properties,
        breakpoints=(0.0,),
        at_breakpoints="f'(0) = β on both sides; f''(0) = αₙ, the x ≤ 0 branch, as PyTorch "
        "autograd gives for the torch.where of the reference code",
        summary="Integrated from a trainable gradient: x² growth on the right, a negative slope "
        "β − αₙ far on the left.",
        reference="Huang & Schlag, Deriving activation functions using integration (2024)",
        uses=("transformers", "research"),
        notes={
            "en": Notes(
                lesson="xIELU is designed through its gradient: f′ = 2αₚx + β grows linearly for "
                "x > 0 (like `relu2`), and for x ≤ 0 it is αₙ(eˣ − 1) + β, which tends to "
                "β − αₙ < 0 instead of vanishing.",
                strengths=(
                    "The gradient never vanishes: it is negative but non-zero far on the left, "
                    "and grows on the right.",
                    "αₚ and αₙ are trained per layer; the paper reports lower perplexity than "
                    "ReLU² and SwiGLU in 1.1B-parameter Llama models at the same compute.",
                ),
                weaknesses=(
                    "Non-monotonic: f falls to its minimum at x = ln(1 − β/αₙ) and then rises "
                    "again towards +∞ on the left.",
                    "Three parameters and an exponential; f″ jumps at 0 (C1).",
                ),
                where_used="The feed-forward blocks of the Apertus open LLMs (Swiss AI, 2025); "
                "Hugging Face transformers ships it as XIELUActivation (αₚ = αₙ = 0.8, β = 0.5 "
                "initially, and eps = −1e-6: it clamps the argument of expm1 at eps, which makes "
                "f′ = β − αₙ on (−1e-6, 0]; actviz draws the paper's exact form).",
            ),
            "zh": Notes(
                lesson="xIELU 是从梯度出发设计的：x > 0 时 f′ = 2αₚx + β 线性增长（类似 `relu2`）"
                "；x ≤ 0 时 f′ = αₙ(eˣ − 1) + β，趋于 β − αₙ < 0，而不是消失。",
                strengths=(
                    "梯度永不消失：左侧远处为负但不为零，右侧不断增大。",
                    "αₚ 和 αₙ 按层训练；论文报告在 11 亿参数的 Llama 模型上、相同计算量下，困惑度"
                    "低于 ReLU² 和 SwiGLU。",
                ),
                weaknesses=(
                    "非单调：f 在 x = ln(1 − β/αₙ) 处降到最小值，然后在左侧重新上升到 +∞。",
                    "三个参数外加一次指数运算；f″ 在 0 处跳变（C1）。",
                ),
                where_used="Apertus 开源大模型（Swiss AI，2025）的前馈层；Hugging Face "
                "transformers 以 XIELUActivation 提供（初始 αₚ = αₙ = 0.8、β = 0.5，另有 eps = "
                "−1e-6：它把 expm1 的自变量截在 eps，使 (−1e-6, 0] 上 f′ = β − αₙ；actviz 画的是论"
                "文的精确形式）。",
                parameters={"alpha_p": "正半轴的曲率 αₚ（可学习）",
                            "alpha_n": "负半轴的曲率 αₙ（可学习，须大于 β）",
                            "beta": "0 处的斜率 β"},
                at_breakpoints="f′(0) 两侧都等于 β；f″(0) = αₙ，取 x ≤ 0 一侧的分支，与 PyTorch "
                "autograd 对参考代码中 torch.where 的结果一致",
            ),
        },
    )
)
