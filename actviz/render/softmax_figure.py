"""The bar chart behind ``actviz softmax -o``: each temperature's distribution, grouped by class."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from actviz.analysis.softmax import SoftmaxReport
from actviz.render.canvas import FigureSpec
from actviz.render.labels import text
from actviz.render.numbers import significant, typographic_minus
from actviz.render.softmax_text import temperature_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Bars get their value written on top while the chart has room for it.
MAX_ANNOTATED_BARS = 12


def logit_label(index: int, value: float, lang: str) -> str:
    """``z1 = 3`` (1-based, as the terminal table numbers classes)."""
    return text("softmax_logit", lang, i=index + 1, value=typographic_minus(significant(value)))


def temperature_colours(count: int) -> list:
    """Temperature is ordered, so its colours are too: dark (cold, peaked) to light (hot, flat)."""
    from matplotlib import colormaps

    if count == 1:
        return ["C0"]
    return [colormaps["viridis"](v) for v in np.linspace(0.15, 0.8, count)]


def softmax_figure(report: SoftmaxReport, spec: FigureSpec, lang: str) -> "Figure":
    """Grouped bars: one group per logit, one bar per temperature, p on a 0–1 axis."""
    from matplotlib.figure import Figure

    n_classes, n_temps = report.logits.size, len(report.columns)
    figure = Figure(figsize=spec.size(max(5.0, 1.0 + 0.9 * n_classes), 3.8), layout="constrained")
    axes = figure.add_subplot()
    positions = np.arange(n_classes)
    width = 0.8 / n_temps
    annotate = n_classes * n_temps <= MAX_ANNOTATED_BARS
    for k, (column, colour) in enumerate(zip(report.columns, temperature_colours(n_temps))):
        offset = (k - (n_temps - 1) / 2) * width
        bars = axes.bar(positions + offset, column.probabilities, width * 0.95, color=colour,
                        label=text("temperature_is", lang, value=temperature_text(column)))
        if annotate:
            axes.bar_label(bars, labels=[significant(p, 2) for p in column.probabilities],
                           fontsize="x-small", padding=1.5)
    tilt = {} if n_classes <= 8 else {"rotation": 40, "ha": "right", "rotation_mode": "anchor"}
    axes.set_xticks(positions, [logit_label(i, z, lang) for i, z in enumerate(report.logits)],
                    **tilt)
    axes.set_xlabel(text("softmax_class", lang))
    axes.set_ylabel(text("probability", lang))
    axes.set_ylim(0, 1.12 if annotate else 1.0)
    axes.set_yticks(np.linspace(0, 1, 6))
    axes.grid(axis="x", visible=False)
    axes.legend(loc="upper right", fontsize="small", frameon=False)
    axes.set_title(spec.title or text("softmax_title", lang), wrap=True)
    return figure
