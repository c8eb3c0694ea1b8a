"""The panel grid behind ``actviz fit -o``: per activation, the target, the fit and its pieces.

Each panel shows what the network built: every hidden unit's contribution v·f(wx + c) dashed,
the output bias b dotted, and their sum (the fit) over the target.  Identity's units are
straight lines, so their sum is one; ReLU's are hinges; sigmoid's and tanh's smooth steps.
"""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING

import numpy as np

from actviz.analysis.fit import ActivationFit, FitExperiment
from actviz.render.canvas import FigureSpec
from actviz.render.fit_table import mse_text
from actviz.render.labels import text
from actviz.render.numbers import pi_fraction, pi_text, significant, typographic_minus

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

PANEL_COLUMNS = 3
PANEL_SIZE = (3.4, 2.7)  # inches per panel
LEGEND_WIDTH = 1.8  # inches, right of the panels
MAX_UNITS_IN_LEGEND = 6
# Units can cancel each other with large weights; the view is kept around the target so the
# lesson (the fit against the target) stays readable, and contributions beyond it are cut.
MAX_VIEW_SPANS = 1.0

TARGET_STYLE = {"color": "0.2", "linewidth": 5, "alpha": 0.25, "solid_capstyle": "butt"}
FIT_STYLE = {"color": "C3", "linewidth": 1.8}
BIAS_STYLE = {"color": "0.45", "linewidth": 1.1, "linestyle": ":"}
UNIT_COLOURS = ("C0", "C2", "C1", "C4", "C5", "C6", "C8", "C9")


def fit_figure(experiment: FitExperiment, spec: FigureSpec, lang: str) -> "Figure":
    """One panel per activation (three to a row), a shared legend and a caption below."""
    from matplotlib.figure import Figure

    count = len(experiment.fits)
    columns = 2 if count == 4 else min(PANEL_COLUMNS, count)  # 2 × 2 rather than 3 + 1
    rows = math.ceil(count / columns)
    size = spec.size(PANEL_SIZE[0] * columns + LEGEND_WIDTH, PANEL_SIZE[1] * rows + 1.0)
    figure = Figure(figsize=size, layout="constrained")
    grid = figure.subplots(rows, columns, squeeze=False, sharex=True, sharey=True)
    limits = view_limits(experiment)
    for axes, fit in zip(grid.flat, experiment.fits):
        draw_panel(axes, experiment, fit, lang, limits)
    for axes in grid.flat[count:]:
        axes.set_visible(False)
    for column in range(columns):  # the lowest panel of each column carries the x axis
        lowest = grid[(count - 1 - column) // columns, column]
        lowest.xaxis.set_tick_params(labelbottom=True)
        lowest.set_xlabel(text("x", lang))
    config = experiment.config
    figure.suptitle(spec.title or text("fit_title", lang, target=experiment.target,
                                       hidden=config.hidden), wrap=True)
    handles, labels = legend_entries(config.hidden, lang)
    figure.legend(handles, labels, loc="outside right upper", fontsize="small", frameon=False)
    caption = text("fit_caption", lang, restarts=config.restarts, epochs=config.epochs,
                   lr=significant(config.lr), seed=config.seed)
    figure.supxlabel(_wrap(caption, lang, size[0]), fontsize="small", color="0.3")
    return figure


def draw_panel(axes: "Axes", experiment: FitExperiment, fit: ActivationFit, lang: str,
               limits: tuple[float, float]) -> None:
    grid = experiment.grid
    axes.plot(grid, experiment.target_on_grid, **TARGET_STYLE)
    hidden = len(fit.contributions)
    for j, contribution in enumerate(fit.contributions):
        axes.plot(grid, contribution, **unit_style(j, hidden))
    if not math.isnan(fit.output_bias):
        axes.axhline(fit.output_bias, **BIAS_STYLE)
    axes.plot(grid, fit.fit, **FIT_STYLE)
    axes.set_ylim(*limits)
    axes.set_xlim(grid[0], grid[-1])
    set_x_ticks(axes, grid[0], grid[-1])
    dead = int(np.sum(fit.dead[fit.best])) if fit.best >= 0 else 0
    key = "fit_panel_dead" if dead else "fit_panel"
    axes.set_title(text(key, lang, name=fit.label, mse=mse_text(fit.best_mse, lang), dead=dead),
                   fontsize="medium")


def unit_style(j: int, hidden: int) -> dict:
    """Dashed; a colour per unit while the legend can name each, one grey beyond that."""
    many = hidden > MAX_UNITS_IN_LEGEND
    colour = "0.5" if many else UNIT_COLOURS[j % len(UNIT_COLOURS)]
    return {"linestyle": "--", "linewidth": 1.0 if many else 1.3, "color": colour}


def legend_entries(hidden: int, lang: str) -> tuple[list, list[str]]:
    """Proxy artists for the shared legend: target, fit, the units (or one entry), the bias."""
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], **TARGET_STYLE), Line2D([], [], **FIT_STYLE)]
    labels = [text("fit_target", lang), text("fit_fit", lang)]
    if hidden <= MAX_UNITS_IN_LEGEND:
        for j in range(hidden):
            handles.append(Line2D([], [], **unit_style(j, hidden)))
            labels.append(text("fit_unit", lang, j=j + 1))
    else:
        handles.append(Line2D([], [], **unit_style(0, hidden)))
        labels.append(text("fit_unit", lang, j="j"))
    handles.append(Line2D([], [], **BIAS_STYLE))
    labels.append(text("fit_bias", lang))
    return handles, labels


def view_limits(experiment: FitExperiment) -> tuple[float, float]:
    """One y range for every panel: all curves, but at most MAX_VIEW_SPANS target-spans beyond
    the target, so huge cancelling contributions do not flatten the picture."""
    target = experiment.target_on_grid
    low, high = float(np.min(target)), float(np.max(target))
    span = max(high - low, 1e-9 + 1e-6 * max(abs(low), abs(high)))
    curves = [fit.contributions for fit in experiment.fits] + [fit.fit for fit in experiment.fits]
    values = np.concatenate([np.ravel(c) for c in curves] + [target])
    values = values[np.isfinite(values)]
    biases = [fit.output_bias for fit in experiment.fits if not math.isnan(fit.output_bias)]
    values = np.concatenate([values, biases])
    low = max(float(np.min(values)), low - MAX_VIEW_SPANS * span)
    high = min(float(np.max(values)), high + MAX_VIEW_SPANS * span)
    pad = 0.06 * (high - low)
    return low - pad, high + pad


def set_x_ticks(axes: "Axes", xmin: float, xmax: float) -> None:
    """Multiples of π/2 when the interval's ends are (as for [0, 2π]); matplotlib's otherwise."""
    first, last = half_pis(xmin), half_pis(xmax)
    if first is None or last is None or last - first > 8:
        return
    steps = range(first, last + 1)
    labels = [typographic_minus(pi_text(k, 2) if k % 2 else pi_text(k // 2)) for k in steps]
    axes.set_xticks([k * math.pi / 2 for k in steps], labels)


def half_pis(value: float) -> int | None:
    """k if value is k·π/2 (to rounding, |k| bounded as for every π in actviz), else None."""
    if value == 0:
        return 0
    fraction = pi_fraction(value, (1, 2))
    return None if fraction is None else fraction[0] * 2 // fraction[1]


def _wrap(caption: str, lang: str, width_inches: float) -> str:
    """Break the caption to the figure's width (Chinese has no spaces: wrap by characters)."""
    per_line = int(width_inches * (7 if lang == "zh" else 13))
    if lang == "zh":
        return "\n".join(caption[i : i + per_line] for i in range(0, len(caption), per_line))
    return "\n".join(textwrap.wrap(caption, per_line))
