"""Linear and threshold units: identity and the binary step (Heaviside)."""

from __future__ import annotations

from actviz.activations import numerics as nx
from actviz.activations.registry import INF, Activation, Interval, Properties, register
from actviz.activations.registry import Notes
from actviz.lazy import numpy as np
# How PyTorch, JAX, Keras, ... ship these (the frameworks=... of each declaration).
from actviz.activations.registry import FrameworkName


def identity_fwd(x: np.ndarray) -> np.ndarray:
    return x.copy()


def identity_bwd(x: np.ndarray) -> np.ndarray:
    return np.ones_like(x)


register(
    Activation(
        name="identity",
        aliases=("linear",),
        title="Identity",
        family="linear",
        formula=r"f(x) = x",
        derivative_formula=r"f'(x) = 1",
        function=identity_fwd,
        derivative=identity_bwd,
        exact=lambda mp, x: x,
        exact_derivative=lambda mp, x: mp.one,
        second_derivative=nx.zero_curvature,
        second_derivative_formula=r"f''(x) = 0",
        exact_second_derivative=nx.exact_zero,
        properties=Properties(
            range=Interval.open(-INF, INF),
            monotonic=True,
            derivative_monotonic=True,
            continuity="C∞",
            zero_centred=True,
            saturating="none",
            identity_near_origin=True,
        ),
        summary="No non-linearity: a stack of linear layers stays one linear map.",
        reference="(the linear unit; regression outputs)",
        uses=("regression_output",),
        notes={
            "en": Notes(
                lesson="Without a non-linearity a stack of layers collapses into one linear map: "
                "identity belongs at the output of a regression model, not in hidden layers.",
                strengths=(
                    "f′ = 1 everywhere: the activation never shrinks or amplifies a gradient.",
                    "The natural output for regression: predictions can take any real value, and "
                    "with a squared-error loss the output gradient is simply prediction − target.",
                ),
                weaknesses=(
                    "Adds no expressive power: W₂(W₁x + b₁) + b₂ is again a single linear map, "
                    "however many layers are stacked (`actviz fit` shows the straight line it is "
                    "stuck with).",
                    "Unbounded: nothing limits the size of its output.",
                ),
                where_used="The output layer of regression networks; the last layer that produces "
                "logits for a softmax or sigmoid applied inside the loss; the linear bottleneck "
                "layers of MobileNetV2.",
            ),
            "zh": Notes(
                lesson="没有非线性，多少层叠在一起都只等于一次线性变换：恒等函数该放在回归模型的输"
                "出层，而不是隐藏层。",
                strengths=(
                    "处处 f′ = 1：激活函数本身既不缩小也不放大梯度。",
                    "回归任务最自然的输出：预测值可以取任意实数；配合平方误差损失时，输出层的梯度"
                    "就是“预测值 − 目标值”。",
                ),
                weaknesses=(
                    "不增加任何表达能力：W₂(W₁x + b₁) + b₂ 仍是一个线性映射，叠多少层都一样（"
                    "`actviz fit` 可以看到它只能拟合出一条直线）。",
                    "没有上下界：输出的大小不受任何限制。",
                ),
                where_used="回归网络的输出层；输出 logits 的最后一层（softmax 或 sigmoid 放在损失"
                "函数里计算）；MobileNetV2 中的线性瓶颈层。",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.Identity"),
            FrameworkName("jax", "jax.nn.identity"),
            FrameworkName("keras", "keras.activations.linear"),
            FrameworkName("timm", "get_act_layer('identity')"),
        ),
    )
)


def step_fwd(x: np.ndarray) -> np.ndarray:
    return np.where(x >= 0, 1.0, 0.0)


def step_bwd(x: np.ndarray) -> np.ndarray:
    return np.zeros_like(x)


register(
    Activation(
        name="step",
        aliases=("binary_step", "heaviside"),
        title="Binary step",
        family="linear",
        formula=r"f(x) = 1\ \mathrm{if}\ x \geq 0\ \mathrm{else}\ 0",
        derivative_formula=r"f'(x) = 0\ (x \neq 0)",
        function=step_fwd,
        derivative=step_bwd,
        exact=lambda mp, x: mp.one if x >= 0 else mp.zero,
        exact_derivative=lambda mp, x: mp.zero,
        second_derivative=nx.zero_curvature,
        second_derivative_formula=r"f''(x) = 0",
        exact_second_derivative=nx.exact_zero,
        properties=Properties(
            range=Interval.closed(0.0, 1.0),
            monotonic=True,
            derivative_monotonic=True,
            continuity="discontinuous",
            zero_centred=False,
            saturating="both",
            identity_near_origin=False,
        ),
        breakpoints=(0.0,),
        at_breakpoints="f(0) = 1 (x ≥ 0 fires); f'(0) is reported as 0, the value on both sides "
        "(the jump has no derivative, which is why gradient descent cannot train a step).",
        summary="The perceptron's threshold: fires 1 for x ≥ 0; its zero gradient cannot be trained.",
        reference="Rosenblatt, The perceptron (1958)",
        uses=("perceptron",),
        notes={
            "en": Notes(
                lesson="The perceptron's all-or-nothing threshold: it makes decisions but cannot "
                "be trained by gradient descent, because f′ = 0 wherever f′ exists.",
                strengths=(
                    "Outputs exactly 0 or 1: a clear yes/no decision, trivial to build in "
                    "hardware.",
                    "Trains with the perceptron learning rule, which converges when the data are "
                    "linearly separable.",
                ),
                weaknesses=(
                    "f′ = 0 everywhere except at the jump, where it does not exist: "
                    "backpropagation receives no signal at all.",
                    "A small change of input either changes nothing or flips the output: there is "
                    "no “almost”, so the loss surface is flat with cliffs.",
                ),
                where_used="Rosenblatt's perceptron and threshold logic units. Today mostly in "
                "teaching: `sigmoid` is the step made smooth so that networks can be trained with "
                "gradients.",
            ),
            "zh": Notes(
                lesson="感知机的“全有或全无”阈值：能做判断，却不能用梯度下降训练，因为凡是导数存在"
                "的地方都有 f′ = 0。",
                strengths=(
                    "输出恰好是 0 或 1：判断清楚，用硬件实现也极其简单。",
                    "可以用感知机学习规则训练，数据线性可分时该规则保证收敛。",
                ),
                weaknesses=(
                    "除跳变点外处处 f′ = 0，跳变点处导数不存在：反向传播得不到任何信号。",
                    "输入的微小变化要么毫无影响，要么让输出整个翻转，没有“差一点”：损失曲面是平台"
                    "加断崖。",
                ),
                where_used="Rosenblatt 的感知机和阈值逻辑单元。如今主要用于教学：`sigmoid` 正是把"
                "阶跃函数磨平、让网络能用梯度训练的结果。",
                at_breakpoints="f(0) = 1（x ≥ 0 即输出 1）；f′(0) 记为 0，即两侧的值（跳变处没有导"
                "数，这正是梯度下降无法训练阶跃函数的原因）。",
            ),
        },
        frameworks=(
            FrameworkName("mlx", "mlx.nn.step", note={
                "en": "gives 0 at x = 0 (it tests x > threshold) where actviz's step gives 1; its "
                      "threshold argument (0 by default) moves the jump",
                "zh": "在 x = 0 处输出 0（它判断的是 x > threshold），而 actviz 的 step 在那里输出 1；参数 "
                      "threshold（默认 0）可以移动跳变点"}),
        ),
    )
)
