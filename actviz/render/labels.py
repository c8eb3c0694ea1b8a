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
