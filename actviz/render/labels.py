"""Every word actviz puts in a figure, in English and Chinese: one catalogue, no strings in code.

Each key maps to its text in every supported language, so a missing translation is a test
failure rather than a blank label.  Texts may hold ``{placeholders}`` filled by :func:`text`.
"""

from __future__ import annotations

LANGUAGES = ("en", "zh")

CATALOGUE: dict[str, dict[str, str]] = {
    # sup |f'| and where (actviz.render.words.peak_words), in list, compare, info and saturation
    "peak_at": {"en": "{value} at x = {where}", "zh": "{value}，在 x = {where} 处"},
    "peak_on": {"en": "{value} for {where}", "zh": "{value}（{where}）"},
    "peak_limit": {"en": "{value} as x → {where}", "zh": "{value}（x → {where} 时趋近）"},
    "peak_unbounded": {"en": "unbounded as x → {where}", "zh": "无上界（x → {where}）"},
    "all_x": {"en": "all x", "zh": "所有 x"},
    "or": {"en": " or ", "zh": " 或 "},
    "x": {"en": "x", "zh": "x"},
    "function": {"en": "f(x)", "zh": "函数 f(x)"},
    "derivative": {"en": "f′(x)", "zh": "导数 f′(x)"},
    "second_derivative": {"en": "f″(x)", "zh": "二阶导数 f″(x)"},
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
    "plot_title_second": {"en": "{label} and its second derivative",
                          "zh": "{label} 及其二阶导数"},
    "plot_title_derivatives": {"en": "{label} and its derivatives", "zh": "{label} 及其一阶、二阶导数"},
    "compare_title": {"en": "{names}", "zh": "{names} 对比"},
    "compare_many_title": {"en": "{count} activations compared", "zh": "{count} 个激活函数对比"},
    "compare_joiner": {"en": " vs ", "zh": "、"},
    "rounded_title": {"en": "{heading}, exact and in {dtype}", "zh": "{heading}：精确值与 {dtype}"},
    "sweep_title": {"en": "{title} ({assignments})", "zh": "{title}（{assignments}）"},
    "sweep_value": {"en": "{symbol} = {value}", "zh": "{symbol} = {value}"},
    "asymptote_value": {"en": "y = {value}", "zh": "y = {value}"},
    "zoom_negative": {"en": "x < 0, zoomed in", "zh": "x < 0 局部放大"},
    "zoom_positive": {"en": "x > 0, zoomed in", "zh": "x > 0 局部放大"},
    # the table of `actviz compare` (its other rows use the info_ words)
    "compare_table": {"en": "Comparison", "zh": "对比"},
    "compare_f0": {"en": "f(0)", "zh": "f(0)"},
    "compare_df0": {"en": "f′(0)", "zh": "f′(0)"},
    "compare_saturating": {"en": "saturating", "zh": "饱和"},
    "saturating_none": {"en": "none", "zh": "无"},
    "saturating_left": {"en": "left", "zh": "左侧"},
    "saturating_right": {"en": "right", "zh": "右侧"},
    "saturating_both": {"en": "both", "zh": "两侧"},
    # --- softmax and fit (issue 7: `actviz softmax`, `actviz fit`) ------------------------
    "softmax_title": {"en": "softmax(z / T) at each temperature T",
                      "zh": "各温度 T 下的 softmax(z / T)"},
    "softmax_class": {"en": "class (its logit z)", "zh": "类别（其 logit 值 z）"},
    "softmax_logit": {"en": "$z_{{{i}}}$ = {value}", "zh": "$z_{{{i}}}$ = {value}"},
    "probability": {"en": "probability", "zh": "概率"},
    "temperature_is": {"en": "T = {value}", "zh": "T = {value}"},
    "softmax_table": {"en": "p = softmax(z / T)", "zh": "概率 p = softmax(z / T)"},
    "softmax_class_column": {"en": "class", "zh": "类别"},
    "softmax_logit_column": {"en": "logit z", "zh": "logit 值 z"},
    "softmax_p_column": {"en": "p (T = {t})", "zh": "p（T = {t}）"},
    "softmax_log_p_column": {"en": "log p (T = {t})", "zh": "log p（T = {t}）"},
    "softmax_jacobian_column": {"en": "∂p/∂u{j} (T = {t})", "zh": "∂p/∂u{j}（T = {t}）"},
    "softmax_jacobian_caption": {"en": "∂p/∂uj: ∂p_i/∂u_j with u = z/T, the Jacobian "
                                       "diag(p) − ppᵀ (∂p_i/∂z_j is it divided by T)",
                                 "zh": "∂p/∂uj：∂p_i/∂u_j，其中 u = z/T，即雅可比矩阵 "
                                       "diag(p) − ppᵀ（∂p_i/∂z_j 等于它除以 T）"},
    "softmax_bars": {"en": "p: one bar per class and temperature",
                     "zh": "概率 p：每个类别、每个温度一条"},
    "jacobian_title": {"en": "Jacobian at T = {value}: diag(p) − ppᵀ",
                       "zh": "T = {value} 时的雅可比矩阵 diag(p) − ppᵀ"},
    "jacobian_caption": {"en": "∂p_i/∂u_j with u = z/T; ∂p_i/∂z_j is this divided by T",
                         "zh": "∂p_i/∂u_j，其中 u = z/T；∂p_i/∂z_j 等于它除以 T"},
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
    # actviz propagate -o FIG
    "phase_title": {"en": "Edge of chaos: the critical line χ₁ = 1",
                    "zh": "混沌边缘：临界线 χ₁ = 1"},
    "phase_x": {"en": "$\\sigma_w^2$ (weight variance × fan-in)",
                "zh": "$\\sigma_w^2$（权重方差 × 输入数）"},
    "phase_y": {"en": "$\\sigma_b^2$ (bias variance)", "zh": "$\\sigma_b^2$（偏置方差）"},
    # short: they stand between the lines, left of the leftmost and right of the rightmost
    "phase_ordered": {"en": "ordered\nχ₁ < 1", "zh": "有序相\nχ₁ < 1"},
    "phase_chaotic": {"en": "chaotic\nχ₁ > 1", "zh": "混沌相\nχ₁ > 1"},
    "phase_contour": {"en": "gradient ×10 or ÷10 over {layers} layers",
                      "zh": "{layers} 层内梯度变化 10 倍"},
    "phase_setting": {"en": "$\\sigma_w^2$ = {w}, $\\sigma_b^2$ = {b}",
                      "zh": "$\\sigma_w^2$ = {w}，$\\sigma_b^2$ = {b}"},
    "propagate_depth_title": {"en": "Gradient per layer: theory (lines), random net of "
                                    "width {width} (dots)",
                              "zh": "各层梯度：理论（线）与宽度 {width} 的随机网络（点）"},
    "theory": {"en": "mean-field theory", "zh": "平均场理论"},
    "measured": {"en": "measured, {width} units", "zh": "实测，{width} 个单元"},
    "no_slope": {"en": "{name} (f′ = 0 everywhere)", "zh": "{name}（f′ 处处为 0）"},
    # --- info (issue 7: `actviz info NAME` cards and `actviz info --guide`) ---------------
    "info_formula": {"en": "formula", "zh": "公式"},
    "info_derivative": {"en": "derivative", "zh": "导数"},
    "info_family": {"en": "family", "zh": "类别"},
    "info_aliases": {"en": "aliases", "zh": "别名"},
    "info_parameters": {"en": "Parameters", "zh": "参数"},
    "info_param_name": {"en": "name", "zh": "名称"},
    "info_param_value": {"en": "value", "zh": "取值"},
    "info_param_default": {"en": "default", "zh": "默认值"},
    "info_param_range": {"en": "valid range", "zh": "有效范围"},
    "info_param_meaning": {"en": "meaning", "zh": "含义"},
    "info_properties": {"en": "Properties", "zh": "性质"},
    "info_range": {"en": "range", "zh": "值域"},
    "info_monotonic": {"en": "monotonic", "zh": "单调"},
    "info_smoothness": {"en": "smoothness", "zh": "光滑性"},
    "info_zero_centred": {"en": "zero-centred", "zh": "零中心"},
    "info_saturates": {"en": "saturates", "zh": "饱和"},
    "info_identity_near_origin": {"en": "≈ x near 0", "zh": "0 附近 ≈ x"},
    "info_at_zero": {"en": "at x = 0", "zh": "x = 0 处"},
    "info_max_slope": {"en": "max |f′|", "zh": "|f′| 最大值"},
    "info_depth_gain": {"en": "over {depth} layers", "zh": "经过 {depth} 层"},
    "info_depth_gain_value": {"en": "a gradient keeps at most {peak}^{depth} ≈ {gain}",
                              "zh": "梯度至多剩下 {peak}^{depth} ≈ {gain}"},
    "info_kinks": {"en": "not smooth at", "zh": "不光滑之处"},
    "info_yes": {"en": "yes", "zh": "是"},
    "info_no": {"en": "no", "zh": "否"},
    "info_zero_centred_yes": {"en": "yes (odd: f(−x) = −f(x))", "zh": "是（奇函数：f(−x) = −f(x)）"},
    "info_continuity_C∞": {"en": "C∞ (smooth)", "zh": "C∞（光滑）"},
    "info_continuity_C1": {"en": "C1 (f′ continuous, f″ jumps)", "zh": "C1（f′ 连续，f″ 跳变）"},
    "info_continuity_C0": {"en": "C0 (continuous, f′ jumps)", "zh": "C0（连续，f′ 跳变）"},
    "info_continuity_discontinuous": {"en": "discontinuous (f jumps)", "zh": "不连续（f 跳变）"},
    "info_saturating_none": {"en": "no", "zh": "不饱和"},
    "info_saturating_left": {"en": "on the left (x → −∞)", "zh": "左侧（x → −∞）"},
    "info_saturating_right": {"en": "on the right (x → ∞)", "zh": "右侧（x → ∞）"},
    "info_saturating_both": {"en": "on both sides", "zh": "两侧"},
    "info_strengths": {"en": "Strengths", "zh": "优点"},
    "info_weaknesses": {"en": "Weaknesses", "zh": "缺点"},
    "info_where_used": {"en": "Where used", "zh": "应用场景"},
    "info_reference": {"en": "Reference", "zh": "参考文献"},
    "info_no_notes": {"en": "No notes are available for this activation: the card shows what "
                            "its declaration states and what actviz computes.",
                      "zh": "这个激活函数没有说明文字：卡片只显示其声明中的信息和 actviz 算出的数值。"},
    "info_notes_in_english": {"en": "(notes in English)", "zh": "（暂无中文说明，以下为英文）"},
    # the "in frameworks" table of a card (issue 14: where frameworks disagree)
    "info_frameworks": {"en": "In frameworks", "zh": "各框架中的实现"},
    "info_framework_column": {"en": "framework", "zh": "框架"},
    "info_framework_name": {"en": "name", "zh": "名称"},
    "info_framework_defaults": {"en": "defaults", "zh": "默认值"},
    "info_framework_note": {"en": "note", "zh": "说明"},
    "info_framework_differs": {"en": "{value} (actviz: {default})",
                               "zh": "{value}（actviz 为 {default}）"},
    "info_frameworks_hint": {"en": "`actviz plot {spec}` draws it with that framework's "
                                   "defaults.",
                             "zh": "`actviz plot {spec}` 按该框架的默认值画图。"},
    "info_frameworks_none": {"en": "None of the frameworks actviz knows (PyTorch, JAX, Keras, "
                                   "TensorFlow, MLX, timm) ships it as an activation.",
                             "zh": "actviz 所知的框架（PyTorch、JAX、Keras、TensorFlow、MLX、timm）"
                                   "都没有把它作为激活函数提供。"},
    "family_linear": {"en": "linear and threshold", "zh": "线性与阈值"},
    "family_sigmoidal": {"en": "sigmoidal (S-shaped)", "zh": "S 形"},
    "family_rectifier": {"en": "rectifier", "zh": "整流单元"},
    "family_smooth": {"en": "smooth", "zh": "平滑单元"},
    "family_hard": {"en": "piecewise-linear (hard)", "zh": "分段线性（hard）"},
    "family_shrink": {"en": "shrinkage", "zh": "收缩"},
    "family_radial": {"en": "radial basis", "zh": "径向基"},
    "family_periodic": {"en": "periodic", "zh": "周期"},
    "family_formula": {"en": "user formula", "zh": "用户公式"},
    "family_custom": {"en": "registered by the user", "zh": "用户注册"},
    "use_hidden": {"en": "hidden layers", "zh": "隐藏层"},
    "use_cnn": {"en": "convolutional networks", "zh": "卷积网络"},
    "use_transformers": {"en": "transformers", "zh": "Transformer"},
    "use_mobile": {"en": "mobile and quantised networks", "zh": "移动端与量化网络"},
    "use_gates": {"en": "gates", "zh": "门控"},
    "use_recurrent": {"en": "recurrent state", "zh": "循环网络的状态"},
    "use_binary_output": {"en": "binary output", "zh": "二分类输出"},
    "use_multiclass_output": {"en": "multi-class output", "zh": "多分类输出"},
    "use_regression_output": {"en": "regression output", "zh": "回归输出"},
    "use_positive_output": {"en": "positive output", "zh": "正值输出"},
    "use_bounded_output": {"en": "bounded output", "zh": "有界输出"},
    "use_loss": {"en": "inside losses", "zh": "损失函数内部"},
    "use_sparse_coding": {"en": "sparse coding and denoising", "zh": "稀疏编码与去噪"},
    "use_rbf_networks": {"en": "RBF networks", "zh": "RBF 网络"},
    "use_perceptron": {"en": "perceptrons", "zh": "感知机"},
    "use_research": {"en": "experiments (rare in current models)", "zh": "实验与对比（现代模型少见）"},
    "guide_title": {"en": "Which activation should I use?", "zh": "该用哪个激活函数？"},
    "guide_hidden": {"en": "Hidden layers", "zh": "隐藏层"},
    "guide_output": {"en": "Output layer: match the task and its loss",
                     "zh": "输出层：与任务及其损失函数相配"},
    "guide_why": {"en": "Why: the gradient is multiplied once per layer",
                  "zh": "原因：梯度每经过一层就被乘一次"},
    "guide_hint": {"en": "`actviz info NAME` shows any activation's card",
                   "zh": "`actviz info NAME` 可查看任一激活函数的卡片"},
    # --- end of info ------------------------------------------------------------------------
}


def text(key: str, lang: str = "en", **values: object) -> str:
    """The text for ``key`` in ``lang`` with its placeholders filled, e.g. ``text("x", "zh")``."""
    entry = CATALOGUE[key]
    return entry.get(lang, entry["en"]).format(**values)


def yes_no(flag: bool, lang: str = "en") -> str:
    """The word for yes or no in ``lang`` (tables and cards)."""
    return text("info_yes" if flag else "info_no", lang)
