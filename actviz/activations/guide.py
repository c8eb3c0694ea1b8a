"""The "which activation should I use?" guide (``actviz info --guide``), in English and Chinese.

The guide lives here, beside the registry whose entries it recommends, for the same reason the
notes live in the declarations: the advice and the activations it names change together.
Each piece of :class:`Advice` lists the registry names it is about (a test looks every one up),
says which place in a network it is for (an entry of :data:`registry.USES`), and writes names
and commands in backticks as the notes do.  Numbers are placeholders such as
``{sigmoid_peak}``: :mod:`actviz.analysis.guide` fills them from the registry's own curves, so
the guide cannot disagree with what ``actviz info`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping


@dataclass(frozen=True)
class Advice:
    """One recommendation and its reason, per language (``{placeholders}`` for numbers)."""

    names: tuple[str, ...]  # registry names it is about, the one to try first first
    text: Mapping[str, str]
    use: str = ""  # the registry.USES entry it is for, if it is about a place in the network


@dataclass(frozen=True)
class Section:
    """A group of advice; its title is the label ``guide_<key>`` in render/labels.py."""

    key: str
    advice: tuple[Advice, ...]


HIDDEN = Section("hidden", (
    Advice(("relu",), use="hidden", text={
        "en": "Start with `relu`. Its slope is exactly 1 wherever a unit is active, so stacking "
              "layers does not shrink the gradient through it, and it costs one comparison. "
              "Initialise the weights for it (He initialisation).",
        "zh": "先用 `relu`。单元处于激活状态时斜率恰好为 1，层数再多，梯度也不会因它而缩小；计算只"
              "需一次比较。权重按它的需要初始化（He 初始化）。",
    }),
    Advice(("leaky_relu", "elu", "gelu"), use="hidden", text={
        "en": "If units die (they output 0 for every input and stop learning; `actviz fit` "
              "counts them), lower the learning rate or switch to `leaky_relu`, `elu` or "
              "`gelu`: their slope for x < 0 is small but not 0, so a unit pushed to the "
              "negative side can come back.",
        "zh": "如果出现死亡单元（对所有输入都输出 0，不再学习；`actviz fit` 会统计它们），就调低学习"
              "率，或换成 `leaky_relu`、`elu` 或 `gelu`：它们在 x < 0 时斜率虽小却不为 0，被推到"
              "负侧的单元还能回来。",
    }),
    Advice(("selu",), use="hidden", text={
        "en": "For a deep stack of fully connected layers without batch normalisation, try "
              "`selu` with LeCun-normal initialisation and standardised inputs: it keeps "
              "activations near mean 0 and variance 1 by itself.",
        "zh": "全连接层堆得很深又不用批归一化时，试试 `selu`，配合 LeCun 正态初始化和标准化的输入："
              "它自己就能让激活值保持在均值 0、方差 1 附近。",
    }),
    Advice(("gelu", "silu", "gelu_tanh"), use="transformers", text={
        "en": "In transformers use `gelu` (BERT, GPT, ViT) or `silu` inside SwiGLU blocks "
              "(LLaMA). When fine-tuning a pretrained model, keep the activation it was trained "
              "with, `gelu_tanh` included.",
        "zh": "Transformer 中用 `gelu`（BERT、GPT、ViT），或在 SwiGLU 模块里用 `silu`（LLaMA）。"
              "微调预训练模型时，沿用它训练时的激活函数，原来用 `gelu_tanh` 的也照旧。",
    }),
    Advice(("silu", "mish"), use="cnn", text={
        "en": "Modern CNNs often gain a little from smooth units: `silu` (EfficientNet, YOLOv5) "
              "or `mish` (YOLOv4), at the cost of an exponential per element.",
        "zh": "现代 CNN 换用平滑单元常有小幅提升：`silu`（EfficientNet、YOLOv5）或 `mish`"
              "（YOLOv4），代价是每个元素多算一次指数。",
    }),
    Advice(("relu6", "hardswish", "hardsigmoid"), use="mobile", text={
        "en": "On phones and for int8 inference, prefer the piecewise-linear `relu6`, "
              "`hardswish` and `hardsigmoid`: no exponentials, and a bounded range that "
              "quantises well.",
        "zh": "在手机上或做 int8 推理时，优先用分段线性的 `relu6`、`hardswish` 和 `hardsigmoid`："
              "没有指数运算，值域有界，便于量化。",
    }),
    Advice(("sigmoid", "tanh"), use="gates", text={
        "en": "In LSTM and GRU cells the choice is part of the design: `sigmoid` for the gates "
              "(the fraction, between 0 and 1, of what passes) and `tanh` for the state "
              "(zero-centred, in (−1, 1)).",
        "zh": "LSTM 和 GRU 单元里的选择是结构的一部分：门用 `sigmoid`（通过的比例，在 0 到 1 之间），"
              "状态用 `tanh`（零中心，在 (−1, 1) 内）。",
    }),
    Advice(("sigmoid", "tanh"), text={
        "en": "Avoid `sigmoid` in the hidden layers of deep feed-forward networks, and prefer "
              "`relu`-like units to `tanh` there: both saturate, and the arithmetic below shows "
              "what that does to the gradient.",
        "zh": "深层前馈网络的隐藏层不要用 `sigmoid`，也尽量用 `relu` 一类的单元代替 `tanh`：两者都"
              "会饱和，下面的算术说明了这对梯度意味着什么。",
    }),
))

OUTPUT = Section("output", (
    Advice(("sigmoid", "logsigmoid"), use="binary_output", text={
        "en": "Binary classification: one `sigmoid` unit gives P(y = 1). Trained with binary "
              "cross-entropy its output gradient is just σ(z) − y; compute the loss from the "
              "logit z (`logsigmoid`) so that it stays finite. For several independent labels, "
              "one sigmoid per label.",
        "zh": "二分类：一个 `sigmoid` 单元给出 P(y = 1)。用二元交叉熵训练时，输出层梯度就是 "
              "σ(z) − y；损失应直接由 logit z 计算（`logsigmoid`），以免出现无穷大。有多个相互独立"
              "的标签时，每个标签一个 sigmoid。",
    }),
    Advice((), use="multiclass_output", text={
        "en": "Multi-class classification (exactly one of K classes): softmax over K logits, "
              "p_i = e^(z_i) / Σ_j e^(z_j), trained with cross-entropy. `actviz softmax` shows "
              "the probabilities, what a temperature does, and why subtracting the largest "
              "logit keeps e^z from overflowing.",
        "zh": "多分类（K 类中恰有一类）：对 K 个 logit 做 softmax，p_i = e^(z_i) / Σ_j e^(z_j)，"
              "用交叉熵训练。`actviz softmax` 可以查看概率、温度的作用，以及为什么先减去最大的 "
              "logit 就能避免 e^z 溢出。",
    }),
    Advice(("identity",), use="regression_output", text={
        "en": "Regression: `identity`, that is no activation, so that predictions can take any "
              "real value; with squared error the output gradient is prediction − target.",
        "zh": "回归：用 `identity`，即不加激活函数，预测值才能取任意实数；配合平方误差时，输出层梯度"
              "就是“预测值 − 目标值”。",
    }),
    Advice(("softplus",), use="positive_output", text={
        "en": "A quantity that must be positive (a standard deviation, a rate): `softplus`.",
        "zh": "必须为正的量（标准差、速率）：用 `softplus`。",
    }),
    Advice(("tanh",), use="bounded_output", text={
        "en": "Outputs in a fixed interval, such as pixels scaled to [−1, 1] or control "
              "actions: `tanh`, rescaled to the interval.",
        "zh": "取值在固定区间内的输出，例如缩放到 [−1, 1] 的像素或控制动作：用 `tanh`，再缩放到该"
              "区间。",
    }),
))

WHY = Section("why", (
    Advice((), text={
        "en": "Backpropagation multiplies the gradient, layer by layer, by a weight and by the "
              "activation's slope f′(z). Whatever f′ does, it does once per layer: over {depth} "
              "layers its effect is raised to the power {depth}.",
        "zh": "反向传播时，梯度每经过一层都要乘以权重和激活函数的斜率 f′(z)。f′ 的作用每层发生一"
              "次：经过 {depth} 层，它的效果就被乘上 {depth} 次方。",
    }),
    Advice(("sigmoid",), text={
        "en": "`sigmoid`: σ′ ≤ {sigmoid_peak}, reached only at x = 0, so {depth} sigmoid layers "
              "scale a gradient by at most {sigmoid_peak}^{depth} ≈ {sigmoid_gain}: the first "
              "layers barely learn. This is the vanishing gradient.",
        "zh": "`sigmoid`：σ′ ≤ {sigmoid_peak}，且只在 x = 0 处取到，所以 {depth} 层 sigmoid 至多把"
              "梯度乘以 {sigmoid_peak}^{depth} ≈ {sigmoid_gain}：靠前的几层几乎学不到东西。这就是"
              "梯度消失。",
    }),
    Advice(("tanh",), text={
        "en": "`tanh`: its slope at 0 is {tanh_peak}, four times sigmoid's, and being "
              "zero-centred helps the next layer; but the slope falls fast away from 0: "
              "tanh′(2) ≈ {tanh_at_2}, tanh′(5) ≈ {tanh_at_5}. Saturated units pass almost "
              "nothing back.",
        "zh": "`tanh`：0 处斜率为 {tanh_peak}，是 sigmoid 的四倍，零中心也对下一层有利；但离开 0 后"
              "斜率下降很快：tanh′(2) ≈ {tanh_at_2}，tanh′(5) ≈ {tanh_at_5}。饱和的单元几乎传不回"
              "任何梯度。",
    }),
    Advice(("relu",), text={
        "en": "`relu`: relu′ = {relu_peak} for every active unit, so the activation leaves the "
              "gradient unchanged ({relu_peak}^{depth} = {relu_gain}); that is why deep "
              "networks became trainable. The price: relu′ = 0 for inactive units, which is "
              "where dead units come from.",
        "zh": "`relu`：处于激活状态的单元 relu′ = {relu_peak}，激活函数不改变梯度（{relu_peak}^"
              "{depth} = {relu_gain}）；深层网络正是因此才训练得动。代价是未激活的单元 relu′ = 0，"
              "死亡单元就是这样来的。",
    }),
    Advice(("identity",), text={
        "en": "Why not `identity`, whose slope is always 1? Because linear layers compose into "
              "one linear map, however deep: the non-linearity is the whole point (`actviz fit` "
              "shows identity stuck on a straight line).",
        "zh": "为什么不用斜率恒为 1 的 `identity`？因为线性层叠得再深也只是一个线性映射：非线性才是"
              "关键（`actviz fit` 可以看到恒等激活只能拟合出一条直线）。",
    }),
))

GUIDE: tuple[Section, ...] = (HIDDEN, OUTPUT, WHY)
