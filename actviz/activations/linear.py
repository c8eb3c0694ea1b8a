"""Linear and threshold units: identity, the binary step (Heaviside) and PyTorch's Threshold."""

from __future__ import annotations

from actviz.activations import numerics as nx
from actviz.activations.registry import INF, Activation, Interval, Parameter, Properties, register
from actviz.activations.registry import Notes, keep_nan, whole_array
from actviz.lazy import numpy as np
# How PyTorch, JAX, Keras, ... ship these (the frameworks=... of each declaration).
from actviz.activations.registry import FrameworkName


@whole_array
def identity_fwd(x: np.ndarray) -> np.ndarray:
    return x.copy()


@whole_array
def identity_bwd(x: np.ndarray) -> np.ndarray:
    # 1 for every number, ±inf included, and NaN at NaN, in one pass (no separate NaN scan).
    return np.clip(x, 1.0, 1.0)


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


@whole_array
def step_fwd(x: np.ndarray) -> np.ndarray:
    # The comparison is cast to float inside the ufunc loop (no bool temporary, no where).
    return keep_nan(x, np.greater_equal(x, 0.0, out=np.empty(x.shape)))


step_bwd = nx.zero_curvature  # f' = 0 on both pieces: the f'' kernel of the piecewise-linear units


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


@whole_array
def threshold_fwd(x: np.ndarray, threshold: float, value: float) -> np.ndarray:
    return keep_nan(x, np.where(x > threshold, x, value))


@whole_array
def threshold_bwd(x: np.ndarray, threshold: float, value: float) -> np.ndarray:
    return keep_nan(x, np.greater(x, threshold, out=np.empty(x.shape)))


def _threshold_properties(threshold: float, value: float) -> Properties:
    # v ≤ t: f jumps up at t (or is continuous, v = t) and v is its minimum; v > t (PyTorch's
    # own picture, Threshold(0.1, 20)): f drops from v to just above t, never reaching t.
    rises = value <= threshold
    return Properties(
        range=Interval.closed_open(value, INF) if rises else Interval.open(threshold, INF),
        monotonic=rises,
        derivative_monotonic=True,
        continuity="C0" if value == threshold else "discontinuous",
        zero_centred=False,
        saturating="left",
        identity_near_origin=threshold < 0,
    )


register(
    Activation(
        name="threshold",
        aliases=("thresholded_relu",),
        title="Threshold",
        family="linear",
        formula=r"f(x) = x\ (x > t),\ v\ (x \leq t)",
        derivative_formula=r"f'(x) = 1\ (x > t),\ 0\ (x \leq t)",
        function=threshold_fwd,
        derivative=threshold_bwd,
        exact=lambda mp, x, threshold, value: x if x > threshold else mp.mpf(value),
        exact_derivative=lambda mp, x, threshold, value: mp.one if x > threshold else mp.zero,
        second_derivative=nx.zero_curvature,
        second_derivative_formula=r"f''(x) = 0\ (x \neq t)",
        exact_second_derivative=nx.exact_zero,
        parameters=(
            # PyTorch requires both arguments; t = 1, v = 0 is Keras 2's ThresholdedReLU
            # (theta=1.0), whose jump of 1 at x = 1 a figure shows plainly.
            Parameter("threshold", 1.0, "threshold t: x passes only above it", low=-1e6,
                      high=1e6, symbol="t"),
            Parameter("value", 0.0, "value v given to every x ≤ t", low=-1e6, high=1e6,
                      symbol="v"),
        ),
        extra={"scan_around": lambda threshold, value: (threshold,)},
        properties=_threshold_properties,
        breakpoints=lambda threshold, value: (threshold,),
        at_breakpoints="f(t) = v (x > t is strict, as in PyTorch); f'(t) = 0, the x ≤ t branch, "
        "as PyTorch autograd gives; f'' = 0 everywhere",
        summary="x above a threshold t, a constant v at and below it: a ReLU with its corner "
        "moved (v = t) or a jump (v ≠ t).",
        reference="PyTorch, torch.nn.Threshold; Keras 2, ThresholdedReLU (theta = 1)",
        uses=("sparse_coding", "research"),
        notes={
            "en": Notes(
                lesson="Threshold(t, v) passes x unchanged above t and replaces everything at or "
                "below t by v: with t = v = 0 it is `relu`, with v ≠ t it jumps at t.",
                strengths=(
                    "Zeroes small activations outright (with v = 0, t > 0): sparse codes with no "
                    "noise around 0.",
                    "f′ = 1 above t: large inputs pass their gradient unchanged.",
                ),
                weaknesses=(
                    "With v ≠ t it jumps at t (and is not monotonic if v > t), and f′ = 0 at and "
                    "below t: nothing below the threshold learns.",
                    "t is a fixed hyper-parameter; PyTorch requires both t and v, so there is no "
                    "standard default.",
                ),
                where_used="PyTorch's nn.Threshold and Keras 2's ThresholdedReLU; zero-bias "
                "autoencoders (Konda et al. 2015) used the thresholded linear unit to learn "
                "sparse features.",
            ),
            "zh": Notes(
                lesson="Threshold(t, v) 在 t 以上原样传递 x，t 及以下一律换成 v：t = v = 0 时就是 "
                "`relu`，v ≠ t 时在 t 处跳变。",
                strengths=(
                    "直接把小的激活值清零（v = 0、t > 0 时）：得到 0 附近没有噪声的稀疏编码。",
                    "t 以上 f′ = 1：大的输入原样传回梯度。",
                ),
                weaknesses=(
                    "v ≠ t 时在 t 处跳变（v > t 时还不单调），而且 t 及以下 f′ = 0：阈值以下的部分"
                    "不再学习。",
                    "t 是固定的超参数；PyTorch 要求同时给出 t 和 v，因此没有公认的默认值。",
                ),
                where_used="PyTorch 的 nn.Threshold 和 Keras 2 的 ThresholdedReLU；零偏置自编码器"
                "（Konda 等 2015）用这种阈值线性单元学习稀疏特征。",
                parameters={"threshold": "阈值 t：只有大于它的 x 才能通过",
                            "value": "所有 x ≤ t 得到的值 v"},
                at_breakpoints="f(t) = v（x > t 是严格不等式，与 PyTorch 一致）；f′(t) = 0，取 x ≤ t "
                "一侧的分支，与 PyTorch autograd 一致；f″ 处处为 0",
            ),
        },
        frameworks=(
            FrameworkName("pytorch", "torch.nn.Threshold",
                          note="threshold and value are required arguments, without defaults"),
            FrameworkName("keras", "keras.layers.ThresholdedReLU", {"threshold": 1.0, "value": 0.0},
                          note="Keras 2 (theta=1.0); removed in Keras 3"),
            FrameworkName("tensorflow", "tf.keras.layers.ThresholdedReLU",
                          {"threshold": 1.0, "value": 0.0}, note="theta=1.0 (TensorFlow 2 with Keras 2)"),
        ),
    )
)
