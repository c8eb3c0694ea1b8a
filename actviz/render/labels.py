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
}


def text(key: str, lang: str = "en", **values: object) -> str:
    """The text for ``key`` in ``lang`` with its placeholders filled, e.g. ``text("x", "zh")``."""
    entry = CATALOGUE[key]
    return entry.get(lang, entry["en"]).format(**values)
