"""Every word actviz puts in a figure, in English and Chinese: one catalogue, no strings in code.

Each key maps to its text in every supported language, so a missing translation is a test
failure rather than a blank label.  Texts may hold ``{placeholders}`` filled by :func:`text`.
"""

from __future__ import annotations

LANGUAGES = ("en", "zh")

CATALOGUE: dict[str, dict[str, str]] = {
    "x": {"en": "x", "zh": "x"},
    "function": {"en": "f(x)", "zh": "函数 f(x)"},
    "derivative": {"en": "f′(x)", "zh": "导数 f′(x)"},
    "function_of": {"en": "{name}", "zh": "{name}"},
    "derivative_of": {"en": "{name}′", "zh": "{name} 的导数"},
    "abs_derivative": {"en": "|f′(x)|", "zh": "导数绝对值 |f′(x)|"},
    "threshold": {"en": "threshold {value}", "zh": "阈值 {value}"},
    "layer": {"en": "layer", "zh": "层"},
    "gradient_norm": {"en": "gradient norm (relative to the last layer)",
                      "zh": "梯度范数（相对于最后一层）"},
    # plot and compare figures
    "plot_title": {"en": "{label}", "zh": "{label} 激活函数"},
    "plot_title_derivative": {"en": "{label} and its derivative", "zh": "{label} 及其导数"},
    "compare_title": {"en": "{names}", "zh": "{names} 对比"},
    "compare_joiner": {"en": " vs ", "zh": "、"},
    "sweep_title": {"en": "{title} ({assignments})", "zh": "{title}（{assignments}）"},
    "sweep_value": {"en": "{symbol} = {value}", "zh": "{symbol} = {value}"},
    "asymptote_value": {"en": "y = {value}", "zh": "y = {value}"},
    "zoom_negative": {"en": "x < 0, zoomed in", "zh": "x < 0 局部放大"},
    "zoom_positive": {"en": "x > 0, zoomed in", "zh": "x > 0 局部放大"},
    # --- softmax and fit (issue 7: `actviz softmax`, `actviz fit`) ------------------------
    "softmax_title": {"en": "softmax(z / T) at each temperature T",
                      "zh": "各温度 T 下的 softmax(z / T)"},
    "softmax_class": {"en": "class (its logit z)", "zh": "类别（其 logit 值 z）"},
    "softmax_logit": {"en": "$z_{{{i}}}$ = {value}", "zh": "$z_{{{i}}}$ = {value}"},
    "probability": {"en": "probability", "zh": "概率"},
    "temperature_is": {"en": "T = {value}", "zh": "T = {value}"},
    "softmax_table": {"en": "p = softmax(z / T)", "zh": "概率 p = softmax(z / T)"},
    "softmax_bars": {"en": "p: one bar per class and temperature",
                     "zh": "概率 p：每个类别、每个温度一条"},
    "jacobian_title": {"en": "Jacobian at T = {value}: diag(p) − ppᵀ",
                       "zh": "T = {value} 时的雅可比矩阵 diag(p) − ppᵀ"},
    "jacobian_caption": {"en": "u = z/T; ∂p_i/∂z_j is this divided by T",
                         "zh": "u = z/T；∂p_i/∂z_j 等于它除以 T"},
    "naive_title": {"en": "Naive formula at T = {t}:  p_i = exp(z_i/T) / Σ_j exp(z_j/T)",
                    "zh": "T = {t} 时直接套公式：p_i = exp(z_i/T) / Σ_j exp(z_j/T)"},
    "naive_overflow": {"en": "exp overflows float64 above {limit}: exp(z/T) is inf for {items}",
                       "zh": "exp 的参数超过 {limit} 就溢出 float64：{items} 的 exp(z/T) 为 inf"},
    "naive_underflow": {"en": "exp underflows to 0 below {limit}: exp(z/T) is 0 for {items}",
                        "zh": "exp 的参数低于 {limit} 就下溢为 0：{items} 的 exp(z/T) 为 0"},
    "naive_failed": {"en": "→ not a distribution: inf/inf and 0/0 are nan in floating point",
                     "zh": "→ 得不到概率分布：浮点运算中 inf/inf 与 0/0 都是 nan"},
    "naive_works": {"en": "→ fine here; it breaks once some z/T exceeds {limit}",
                    "zh": "→ 此处没问题；但只要某个 z/T 超过 {limit} 就会出错"},
    "shifted_title": {"en": "Shifted by the maximum m = max z = {m}:",
                      "zh": "先减去最大值 m = max z = {m}："},
    "shifted_values": {"en": "all ≤ 0, the largest is 0", "zh": "全部 ≤ 0，最大的为 0"},
    "shifted_exps": {"en": "all ≤ 1: no overflow", "zh": "全部 ≤ 1：不会溢出"},
    "shifted_sum": {"en": "≥ 1: no division by 0", "zh": "≥ 1：不会除以 0"},
    "why_shift_title": {"en": "Why subtracting the maximum changes nothing",
                        "zh": "为什么减去最大值不改变结果"},
    "why_shift": {"en": "  exp((z_i − m)/T) / Σ_j exp((z_j − m)/T)\n"
                        "= e^(−m/T)·exp(z_i/T) / (e^(−m/T)·Σ_j exp(z_j/T))\n"
                        "= exp(z_i/T) / Σ_j exp(z_j/T)\n"
                        "The common factor e^(−m/T) cancels, so p is exactly the same;\n"
                        "only the sizes of the numbers the computer must hold change.",
                  "zh": "  exp((z_i − m)/T) / Σ_j exp((z_j − m)/T)\n"
                        "= e^(−m/T)·exp(z_i/T) / (e^(−m/T)·Σ_j exp(z_j/T))\n"
                        "= exp(z_i/T) / Σ_j exp(z_j/T)\n"
                        "分子分母的公因子 e^(−m/T) 约掉，p 完全不变；\n"
                        "变的只是计算机需要存放的中间数值的大小。"},
    "fit_title": {"en": "Fitting y = {target} with {hidden} hidden units",
                  "zh": "用 {hidden} 个隐藏单元拟合 y = {target}"},
    "fit_panel": {"en": "{name}: MSE {mse}", "zh": "{name}：MSE {mse}"},
    "fit_panel_dead": {"en": "{name}: MSE {mse}, {dead} dead",
                       "zh": "{name}：MSE {mse}，{dead} 个单元死亡"},
    "fit_target": {"en": "target", "zh": "目标"},
    "fit_fit": {"en": "fit", "zh": "拟合结果"},
    "fit_unit": {"en": "unit {j}: v·f(wx + c)", "zh": "单元 {j}：v·f(wx + c)"},
    "fit_bias": {"en": "output bias b", "zh": "输出偏置 b"},
    "fit_caption": {"en": "Dashed: each hidden unit's contribution v·f(wx + c); dotted: the output"
                          " bias b; together they add up to the fit. Best of {restarts} restarts,"
                          " {epochs} epochs of full-batch Adam (lr {lr}), seed {seed}.",
                    "zh": "虚线：每个隐藏单元的贡献 v·f(wx + c)；点线：输出偏置 b；两者相加即为拟合"
                          "曲线。{restarts} 次随机初始化中最好的一次，全批量 Adam 训练 {epochs} 轮"
                          "（学习率 {lr}），随机种子 {seed}。"},
    "fit_table": {"en": "Fitting y = {target} on [{xmin}, {xmax}] with {hidden} hidden units",
                  "zh": "在 [{xmin}, {xmax}] 上用 {hidden} 个隐藏单元拟合 y = {target}"},
    "fit_activation": {"en": "activation", "zh": "激活函数"},
    "fit_best": {"en": "best MSE", "zh": "最佳 MSE"},
    "fit_median": {"en": "median MSE", "zh": "MSE 中位数"},
    "fit_dead_restarts": {"en": "restarts with a dead unit", "zh": "出现死亡单元的次数"},
    "fit_line": {"en": "best straight line: MSE {mse} (no identity network can do better)",
                 "zh": "最佳直线的 MSE：{mse}（恒等激活的网络不可能更好）"},
    "fit_diverged_mse": {"en": "diverged", "zh": "发散"},
    "fit_diverged": {"en": "({count} diverged)", "zh": "（{count} 次发散）"},
    "fit_hint": {"en": "add -o fit.png to draw each unit's contribution",
                 "zh": "加上 -o fit.png 可画出每个单元的贡献"},
    # --- end of softmax and fit -------------------------------------------------------------
    # actviz saturation -o FIG
    "saturation_title": {"en": "Gradient magnitude |f′(x)| (log scale)",
                         "zh": "梯度大小 |f′(x)|（对数坐标）"},
    "depth_title": {"en": "Gradient reaching each layer: {layers} layers × {width} units, "
                          "{init} init",
                    "zh": "各层收到的梯度：{layers} 层 × {width} 个单元，{init} 初始化"},
    "zero_slope": {"en": "{name}: f′ = 0", "zh": "{name}：f′ = 0"},
    "no_slope": {"en": "{name} (f′ = 0 everywhere)", "zh": "{name}（f′ 处处为 0）"},
}


def text(key: str, lang: str = "en", **values: object) -> str:
    """The text for ``key`` in ``lang`` with its placeholders filled, e.g. ``text("x", "zh")``."""
    entry = CATALOGUE[key]
    return entry.get(lang, entry["en"]).format(**values)
