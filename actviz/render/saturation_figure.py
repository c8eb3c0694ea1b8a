"""The figure of ``actviz saturation -o FIG``: |f′(x)| on a log axis, and the gradient per layer.

Left: |f′(x)| of each activation on a log y axis with the threshold T as a dashed line; where a
curve is under the line, that activation is saturated.  The exact tails matter here: sigmoid′
keeps falling (4e-18 at x = 40) instead of snapping to 0.  Where f′ is exactly 0 (ReLU for
x ≤ 0) there is nothing to draw on a log axis, so those x are marked by a bar along the bottom.

Right (with ``--depth``): the gradient reaching each layer relative to the last, log scale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from actviz.analysis.sampling import sampled_trace
from actviz.analysis.saturation import SaturationReport
from actviz.analysis.slope_curves import SlopeCurves
from actviz.render.canvas import FigureSpec
from actviz.render.figures import draw_jumps
from actviz.render.labels import text
from actviz.render.numbers import significant

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

PANEL_SIZE = (6.4, 4.6)  # inches, one panel
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
    size = spec.size(PANEL_SIZE[0] * panels + _LEGEND_COLUMN_WIDTH * legend_columns,
                     PANEL_SIZE[1])
    figure = Figure(figsize=size, layout="constrained")
    looks = _looks(count)
    axes = figure.subplots(1, panels, squeeze=False)[0]
    _slope_panel(axes[0], report, curves, looks, lang, zero_bars=count <= _MANY)
    if report.depth is not None:
        _depth_panel(axes[1], report, looks, lang)
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


def _looks(count: int) -> list[dict]:
    """Colour and line style per curve: the style's colours, or tab10 × three line styles."""
    import matplotlib

    cycle = matplotlib.rcParams["axes.prop_cycle"].by_key().get("color", [])
    if count <= min(_MANY, len(cycle)):
        return [{"color": c, "linestyle": "-"} for c in cycle[:count]]
    palette = matplotlib.colormaps["tab10"]
    styles = ("-", "--", ":")
    return [{"color": palette(i % 10), "linestyle": styles[(i // 10) % 3]} for i in range(count)]


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
            transform=ax.get_xaxis_transform())
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
