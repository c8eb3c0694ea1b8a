"""The figures of ``saturation``, ``softmax`` and ``fit`` (``-o FIG``); plot's and compare's are
in :mod:`actviz.render.figures`.

- ``actviz saturation -o``: |f′(x)| of each activation on a log y axis with the threshold T as
  a dashed line; where a curve is under the line, that activation is saturated.  The exact
  tails matter here: sigmoid′ keeps falling (4e-18 at x = 40) instead of snapping to 0.  Where
  f′ is exactly 0 (ReLU for x ≤ 0) there is nothing to draw on a log axis, so those x are
  marked by a bar along the bottom.  Right (with ``--depth``): the gradient reaching each
  layer relative to the last, log scale.
- ``actviz propagate -o``: the phase diagram in the (σ_w², σ_b²) plane: each activation's
  critical line χ₁ = 1 (ordered phase to its left, chaotic to its right), dashed where a
  gradient changes tenfold over L layers, and the chosen setting; with ``--depth``, beside it
  the predicted gradient per layer (lines) and the measured one (dots).
- ``actviz softmax -o``: a bar chart of each temperature's distribution, grouped by class.
- ``actviz fit -o``: a panel grid, per activation, of what the network built: every hidden
  unit's contribution v·f(wx + c) dashed, the output bias b dotted, and their sum (the fit)
  over the target.  Identity's units are straight lines, so their sum is one; ReLU's are
  hinges; sigmoid's and tanh's smooth steps.
"""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING, Sequence

import numpy as np

from actviz.analysis.depth import DepthResult
from actviz.analysis.fit import ActivationFit, FitExperiment
from actviz.analysis.propagation import PhaseDiagram, PropagationReport
from actviz.analysis.sampling import sampled_trace
from actviz.analysis.saturation import SaturationReport
from actviz.analysis.slope_curves import SlopeCurves
from actviz.analysis.softmax import SoftmaxReport
from actviz.render.canvas import FigureSpec
from actviz.render.figures import draw_jumps
from actviz.render.labels import text
from actviz.render.legibility import bar_looks, series_looks
from actviz.render.words import (
    mse_text,
    pi_fraction,
    pi_text,
    significant,
    temperature_text,
    typographic_minus,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


# --------------------------------------------------------------------------------------------
# actviz saturation -o: |f′(x)| on a log axis, and the gradient per layer
# --------------------------------------------------------------------------------------------

SATURATION_PANEL_SIZE = (6.4, 4.6)  # inches, one panel
_MANY = 8  # more curves than this: legend outside the axes, colours × line styles
_LEGEND_COLUMN_WIDTH = 2.2  # inches added per column of an outside legend
_LEGEND_ROW = 5  # entries per row of the legend below the panels
_DECADES_BELOW_THRESHOLD = 8  # the y axis reaches this far under T


def saturation_figure(
    report: SaturationReport, curves: SlopeCurves, spec: FigureSpec, lang: str = "en"
) -> Figure:
    """The figure as a matplotlib Figure (no pyplot state); draw it inside
    :func:`actviz.render.canvas.drawing` (``lang`` is the language that setup could give)."""
    from matplotlib.figure import Figure

    count = len(curves.curves)
    panels = 2 if report.depth is not None else 1
    legend_columns = 0 if count <= _MANY else (2 if count > 16 else 1)
    size = spec.size(SATURATION_PANEL_SIZE[0] * panels + _LEGEND_COLUMN_WIDTH * legend_columns,
                     SATURATION_PANEL_SIZE[1])
    figure = Figure(figsize=size, layout="constrained")
    axes = figure.subplots(1, panels, squeeze=False)[0]
    draw_saturation(axes, report, curves, lang)
    if spec.title:
        figure.suptitle(spec.title, wrap=True)
    if legend_columns:
        handles, labels = axes[0].get_legend_handles_labels()
        figure.legend(handles, labels, loc="outside right center", fontsize="x-small",
                      ncols=legend_columns)
    else:  # below the panels, as plot and compare have it: it never covers a curve
        handles, labels = axes[0].get_legend_handles_labels()
        figure.legend(handles, labels, loc="outside lower center", fontsize="small",
                      ncols=min(len(labels), _LEGEND_ROW))
    return figure


def draw_saturation(axes: Sequence["Axes"], report: SaturationReport, curves: SlopeCurves,
                    lang: str) -> None:
    """The panels of :func:`saturation_figure` on ``axes`` (two with the depth experiment)."""
    count = len(curves.curves)
    looks = series_looks(count)
    _slope_panel(axes[0], report, curves, looks, lang, zero_bars=count <= _MANY)
    if report.depth is not None:
        _depth_panel(axes[1], report, looks, lang)


def _slope_panel(
    ax: Axes, report: SaturationReport, curves: SlopeCurves, looks: list[dict], lang: str,
    zero_bars: bool,
) -> None:
    threshold = report.threshold
    x = curves.x
    floor = threshold * 10.0**-_DECADES_BELOW_THRESHOLD
    top = max([float(c.abs_slope.max()) for c in curves.curves] + [threshold]) * 3
    bars = 0
    for curve, look in zip(curves.curves, looks):
        zero = curve.abs_slope == 0
        # f' = 0 is -∞ on a log axis: plot it below the floor, so a jump to 0 shows as a drop
        # off the bottom edge instead of a curve that silently stops.
        label = text("no_slope", lang, name=curve.label) if zero.all() else curve.label
        # A jump of f' (ReLU' at 0) is left open, as plot draws it: no vertical line.
        trace = sampled_trace(x, np.where(zero, floor * 1e-3, curve.abs_slope))
        ax.plot(*trace.joined(), label=label, **look)
        draw_jumps(ax, trace, look["color"], clip_on=True)
        if zero_bars and zero.any() and not zero.all():
            _zero_bar(ax, x, zero, look["color"], bars, text("zero_slope", lang, name=curve.label))
            bars += 1
    ax.axhline(threshold, color="0.25", linestyle="--", linewidth=1.0,
               label=text("threshold", lang, value=significant(threshold)))
    ax.set_yscale("log")
    ax.set_ylim(floor, top)
    ax.set_xlim(float(x[0]), float(x[-1]))
    ax.set_xlabel(text("x", lang))
    ax.set_ylabel(text("abs_derivative", lang))
    ax.set_title(text("saturation_title", lang), wrap=True)  # narrow figures break it


def _zero_bar(ax: Axes, x: np.ndarray, zero: np.ndarray, color, index: int, label: str) -> None:
    """A labelled bar along the bottom edge over the x where f' is exactly 0."""
    level = 0.025 + 0.06 * index  # in axes coordinates
    ax.plot(x, np.where(zero, level, np.nan), color=color, linewidth=3, solid_capstyle="butt",
            linestyle="-", transform=ax.get_xaxis_transform())
    # Label the end of the first zero stretch, next to the jump, where the other curves are
    # high above the bottom edge (their tails run out at the sides).
    first = int(np.argmax(zero))
    after = np.flatnonzero(~zero[first:])
    end = float(x[first + after[0] - 1]) if after.size else float(x[-1])
    ax.annotate(label, (end, level), xytext=(-4, 4), textcoords="offset points",
                xycoords=ax.get_xaxis_transform(), color=color, fontsize="small", ha="right")


def _depth_panel(ax: Axes, report: SaturationReport, looks: list[dict], lang: str) -> None:
    depth = report.depth
    settings = depth.settings
    layers = np.arange(1, settings.layers + 1)
    marker = "o" if settings.layers <= 40 else None
    for run, look in zip(depth.runs, looks):
        values = np.where(run.gradient_norm > 0, run.gradient_norm, np.nan)
        ax.plot(layers, values, marker=marker, markersize=3, **look)
    ax.set_yscale("log")
    ax.set_xlim(0.5, settings.layers + 0.5)
    ax.set_xlabel(text("layer", lang))
    ax.set_ylabel(text("gradient_norm", lang))
    ax.set_title(text("depth_title", lang, layers=settings.layers, width=settings.width,
                      init=settings.init), wrap=True)  # narrow figures break it


# --------------------------------------------------------------------------------------------
# actviz propagate -o: the phase diagram, and the gradient per layer, theory and experiment
# --------------------------------------------------------------------------------------------

PROPAGATION_PANEL_SIZE = (6.4, 4.8)  # inches, one panel
_PHASE_WIDTH_MARGIN = 1.15  # the σ_w² axis reaches this far beyond the rightmost line


def propagation_figure(report: PropagationReport, diagrams: list[PhaseDiagram],
                       measured: DepthResult | None, spec: FigureSpec, lang: str = "en") -> Figure:
    """The phase diagram, and with ``report.layers`` the gradient panel beside it."""
    from matplotlib.figure import Figure

    panels = 2 if report.layers else 1
    figure = Figure(figsize=spec.size(PROPAGATION_PANEL_SIZE[0] * panels,
                                      PROPAGATION_PANEL_SIZE[1]), layout="constrained")
    axes = figure.subplots(1, panels, squeeze=False)[0]
    draw_propagation(axes, report, diagrams, measured, lang)
    if spec.title:
        figure.suptitle(spec.title, wrap=True)
    handles, labels = [], []
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels()):
            if label not in labels:
                handles.append(handle)
                labels.append(label)
    figure.legend(handles, labels, loc="outside lower center", fontsize="small",
                  ncols=min(len(labels), 3))
    return figure


def draw_propagation(axes: Sequence["Axes"], report: PropagationReport,
                     diagrams: list[PhaseDiagram], measured: DepthResult | None,
                     lang: str) -> None:
    """The panels of :func:`propagation_figure` on ``axes`` (two with ``report.layers``)."""
    looks = series_looks(len(diagrams))
    _phase_panel(axes[0], report, diagrams, looks, lang)
    if report.layers:
        _gradient_panel(axes[1], report, measured, looks, lang)


def _phase_panel(ax: Axes, report: PropagationReport, diagrams: list[PhaseDiagram],
                 looks: list[dict], lang: str) -> None:
    top = max((d.sigma_b2_max for d in diagrams), default=1.0)
    right = max(2.5, report.sigma_w2)
    for diagram, look in zip(diagrams, looks):
        # The slot's colour and dashes, as in the gradient panel: not the cycle's next ones
        ax.plot(diagram.critical.sigma_w2, diagram.critical.sigma_b2, **look, linewidth=2,
                label=diagram.label)
        for contour in (diagram.ordered_contour, diagram.chaotic_contour):
            ax.plot(contour.sigma_w2, contour.sigma_b2, color=look["color"], linewidth=0.9,
                    linestyle="--")
        for line in (diagram.critical, diagram.ordered_contour, diagram.chaotic_contour):
            finite = line.sigma_w2[np.isfinite(line.sigma_w2)]
            if finite.size:
                right = max(right, float(finite.max()))

    if diagrams:  # one legend entry for every dashed line
        ax.plot([], [], color="0.4", linewidth=0.9, linestyle="--",
                label=text("phase_contour", lang, layers=diagrams[0].contour_layers))
    ax.plot([report.sigma_w2], [report.sigma_b2], marker="X", markersize=9, color="black",
            clip_on=False, zorder=5,
            linestyle="none", label=text("phase_setting", lang, w=significant(report.sigma_w2),
                                         b=significant(report.sigma_b2)))
    ax.set_xlim(0, right * _PHASE_WIDTH_MARGIN)
    ax.set_ylim(0, max(top, report.sigma_b2 * 1.1))
    _phase_names(ax, lang)
    ax.set_xlabel(text("phase_x", lang))
    ax.set_ylabel(text("phase_y", lang))
    ax.set_title(text("phase_title", lang), wrap=True)


_PHASE_NAME_PAD = 0.03  # axes fraction between a phase's name and the frame


def _phase_names(ax: Axes, lang: str) -> None:
    """"ordered" on the left, "chaotic" on the right, each at the height (top, middle or
    bottom) that the lines and the setting's mark cross least, so no line runs through the
    words (SELU's contour crossed "ordered" at the top)."""
    from matplotlib.backends.backend_agg import RendererAgg

    from actviz.render.panels import least_covered, to_fractions

    renderer = RendererAgg(1, 1, ax.figure.dpi)  # measures text; no canvas, no drawing
    panel = ax.get_position().transformed(ax.figure.transFigure)  # before the layout: larger
    points = _drawn_fractions(ax, to_fractions)
    for x, key, align in ((_PHASE_NAME_PAD, "phase_ordered", "left"),
                          (1 - _PHASE_NAME_PAD, "phase_chaotic", "right")):
        label = ax.text(x, 1 - _PHASE_NAME_PAD, text(key, lang), transform=ax.transAxes,
                        ha=align, va="top", fontsize="small", color="0.3", style="italic")
        box = label.get_window_extent(renderer)
        width, height = 1.2 * box.width / panel.width, 1.2 * box.height / panel.height
        x0 = x if align == "left" else x - width
        tops = [1 - _PHASE_NAME_PAD, 0.5 + height / 2, _PHASE_NAME_PAD + height]
        best = tops[least_covered([(x0, top - height, x0 + width, top) for top in tops],
                                  points)]
        label.set_y(best - (1 - 1 / 1.2) * height / 2)  # the box's air split above and below


def _drawn_fractions(ax: Axes, to_fractions) -> tuple[np.ndarray, np.ndarray]:
    """The points of every line of ``ax`` (400 or more per line, between its samples) and a
    ring around each marker, in axes fractions."""
    xs, ys = [np.empty(0)], [np.empty(0)]
    for line in ax.get_lines():
        x, y = (np.asarray(v, dtype=float) for v in line.get_data())
        keep = np.isfinite(x) & np.isfinite(y)
        x, y = x[keep], y[keep]
        if x.size > 1:
            where = np.linspace(0, x.size - 1, max(400, 2 * x.size))
            x, y = (np.interp(where, np.arange(v.size), v) for v in (x, y))
        xs.append(x)
        ys.append(y)
    fx, fy = to_fractions(np.concatenate(xs), np.concatenate(ys), ax.get_xlim(), ax.get_ylim())
    ring = 0.03  # the setting's mark, 9 points wide
    return (np.concatenate([fx + dx for dx in (0, ring, -ring, 0, 0)]),
            np.concatenate([fy + dy for dy in (0, 0, 0, ring, -ring)]))


def _gradient_panel(ax: Axes, report: PropagationReport, measured: DepthResult | None,
                    looks: list[dict], lang: str) -> None:
    layers = np.arange(1, report.layers + 1)
    runs = {run.key: run for run in measured.runs} if measured is not None else {}
    for row, look in zip(report.activations, looks):
        predicted = report.predicted[row.key]
        ax.plot(layers, np.where(predicted > 0, predicted, np.nan), **look, linewidth=1.6)
        if row.key in runs:
            values = runs[row.key].gradient_norm
            ax.plot(layers, np.where(values > 0, values, np.nan), color=look["color"],
                    marker="o", markersize=3, linestyle="none")
    width = measured.settings.width if measured is not None else 0
    ax.plot([], [], color="0.2", linewidth=1.6, linestyle="-", label=text("theory", lang))
    if measured is not None:
        ax.plot([], [], color="0.2", marker="o", markersize=3, linestyle="none",
                label=text("measured", lang, width=width))
    ax.set_yscale("log")
    ax.set_xlim(0.5, report.layers + 0.5)
    ax.set_xlabel(text("layer", lang))
    ax.set_ylabel(text("gradient_norm", lang))
    ax.set_title(text("propagate_depth_title", lang, width=width), wrap=True)


# --------------------------------------------------------------------------------------------
# actviz softmax -o: each temperature's distribution, grouped by class
# --------------------------------------------------------------------------------------------

# Bars get their value written on top while the chart has room for it.
MAX_ANNOTATED_BARS = 12


def logit_label(index: int, value: float, lang: str) -> str:
    """``z1 = 3`` (1-based, as the terminal table numbers classes)."""
    return text("softmax_logit", lang, i=index + 1, value=typographic_minus(significant(value)))


def temperature_looks(count: int) -> list[dict]:
    """Each temperature's bars: the house colours, each hatched its own way (greyscale print),
    in the order of the temperatures given."""
    return bar_looks(count)


def softmax_figure(report: SoftmaxReport, spec: FigureSpec, lang: str) -> "Figure":
    """Grouped bars: one group per logit, one bar per temperature, p on a 0–1 axis."""
    from matplotlib.figure import Figure

    n_classes = report.logits.size
    figure = Figure(figsize=spec.size(max(5.0, 1.0 + 0.9 * n_classes), 3.8), layout="constrained")
    axes = figure.add_subplot()
    draw_softmax(axes, report, spec, lang)
    # Below the axes, as every actviz figure has it: a legend inside would cover a bar.
    figure.legend(*axes.get_legend_handles_labels(), loc="outside lower center",
                  ncols=min(len(report.columns), _LEGEND_ROW))
    return figure


def draw_softmax(axes: "Axes", report: SoftmaxReport, spec: FigureSpec, lang: str) -> None:
    """The bars of :func:`softmax_figure` on ``axes`` (which may be the caller's), labelled
    for the legend the caller places."""
    n_classes, n_temps = report.logits.size, len(report.columns)
    positions = np.arange(n_classes)
    width = 0.8 / n_temps
    annotate = n_classes * n_temps <= MAX_ANNOTATED_BARS
    for k, (column, look) in enumerate(zip(report.columns, temperature_looks(n_temps))):
        offset = (k - (n_temps - 1) / 2) * width
        bars = axes.bar(positions + offset, column.probabilities, width * 0.95, **look,
                        edgecolor="white", linewidth=0.5,
                        label=text("temperature_is", lang, value=temperature_text(column)))
        if annotate:
            axes.bar_label(bars, labels=[significant(p, 2) for p in column.probabilities],
                           fontsize="x-small", padding=1.5)
    tilt = {} if n_classes <= 8 else {"rotation": 40, "ha": "right", "rotation_mode": "anchor"}
    axes.set_xticks(positions, [logit_label(i, z, lang) for i, z in enumerate(report.logits)],
                    **tilt)
    axes.set_xlabel(text("softmax_class", lang))
    axes.set_ylabel(text("probability", lang))
    axes.set_ylim(0, 1.12 if annotate else 1.05)  # a bar of p = 1 stays clear of the frame
    axes.set_xlim(-0.6, n_classes - 0.4)
    axes.set_yticks(np.linspace(0, 1, 6))
    axes.grid(axis="x", visible=False)
    axes.set_title(spec.title or text("softmax_title", lang), wrap=True)


# --------------------------------------------------------------------------------------------
# actviz fit -o: per activation, the target, the fit and its pieces
# --------------------------------------------------------------------------------------------

PANEL_COLUMNS = 3
FIT_PANEL_SIZE = (3.4, 2.7)  # inches per panel
LEGEND_WIDTH = 1.8  # inches, right of the panels
MAX_UNITS_IN_LEGEND = 6
# Units can cancel each other with large weights; the view is kept around the target so the
# lesson (the fit against the target) stays readable, and contributions beyond it are cut.
MAX_VIEW_SPANS = 1.0

# Every style names its line style: the house cycle pairs each colour with a dash pattern, so a
# line without one took the cycle's (the fit, the fourth line of a panel, was drawn dashed
# while its legend entry, a proxy outside the cycle, was solid).
TARGET_STYLE = {"color": "0.2", "linewidth": 5, "alpha": 0.25, "solid_capstyle": "butt",
                "linestyle": "-"}
FIT_STYLE = {"color": "C3", "linewidth": 1.8, "linestyle": "-"}
BIAS_STYLE = {"color": "0.45", "linewidth": 1.1, "linestyle": ":"}
UNIT_COLOURS = ("C0", "C2", "C1", "C4", "C5", "C6", "C8", "C9")


def fit_figure(experiment: FitExperiment, spec: FigureSpec, lang: str) -> "Figure":
    """One panel per activation (three to a row), a shared legend and a caption below."""
    from matplotlib.figure import Figure

    count = len(experiment.fits)
    columns = 2 if count == 4 else min(PANEL_COLUMNS, count)  # 2 × 2 rather than 3 + 1
    rows = math.ceil(count / columns)
    size = spec.size(FIT_PANEL_SIZE[0] * columns + LEGEND_WIDTH, FIT_PANEL_SIZE[1] * rows + 1.0)
    figure = Figure(figsize=size, layout="constrained")
    grid = figure.subplots(rows, columns, squeeze=False, sharex=True, sharey=True)
    draw_fits(list(grid.flat), experiment, lang)
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


def draw_fits(axes: Sequence["Axes"], experiment: FitExperiment, lang: str) -> None:
    """One panel per activation of :func:`fit_figure` on ``axes``, on one shared y range."""
    limits = view_limits(experiment)
    for ax, fit in zip(axes, experiment.fits):
        draw_panel(ax, experiment, fit, lang, limits)


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
