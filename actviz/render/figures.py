"""Figures for ``actviz plot`` and ``actviz compare``, built from sampled curves.

Every figure follows the same layout, so a set of course notes looks like one book:

- f in the top panel; with ``--derivative``, f' in a panel below, and with
  ``--second-derivative``, f'' below that, all sharing x.  A curve
  keeps its colour in both panels, so one legend serves both;
- the axes cross at the origin (when it is in view), a single ``0`` marks it, and the tick
  labels carry a halo so a curve passing under them does not hide them;
- jumps are left open, with a filled dot at the value taken and a hollow one at the other
  one-sided limit (the textbook notation); asymptotes are dashed and labelled in the margin;
- legends sit in the margin below the panels, so they never cover a curve;
- a side of a panel where a curve is non-zero but flat to the eye (LeakyReLU's 0.01 slope at
  the default range) gets an inset that zooms on it, decided from the data, not the name.

The matplotlib object API is used throughout (``Figure``, never pyplot), so nothing here
touches global state; the style and fonts are applied around it by
:func:`actviz.render.canvas.drawing`.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import matplotlib
import numpy as np
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.ticker import ScalarFormatter

from actviz.analysis.sampling import Curve, Trace
from actviz.render.canvas import pixel_size
from actviz.render.labels import text
from actviz.render.legibility import (
    CURVE_GID,
    MARKER_GID,
    ORIGIN_GID,
    guard_tick_labels,
    series_looks,
)
from actviz.render.panels import (
    Layout,
    Panel,
    curve_layout,
    format_number,
    least_covered,
    panel_fractions,
    to_fractions,
)

TWO_PANEL_STRETCH = 1.6  # a figure with f' below is this much taller than the style's size
ASYMPTOTE_COLOR = "0.35"
INSET_EDGE_COLOR = "0.45"

_FLAT_FRACTION = 0.015  # a side whose |y| stays below this fraction of the span looks flat
_MIN_SIDE_WIDTH = 0.2  # ... if it covers at least this fraction of the x range
_LABEL_REACH = 0.12  # y tick labels span at most this fraction of the x range left of x = 0
_LABEL_BAND = 0.025  # ... and this fraction of the y span either side of their tick
_INSET_SIZE = (0.34, 0.36)  # width, height as fractions of the panel
_INSET_SCALES = (1.0, 0.8)  # of that size, tried in turn where the larger covers a curve
_LEGEND_COLUMNS = 4
_MIN_PANEL_HEIGHT = 1.2  # inches: a panel squashed lower than this by its legend is refused
_TITLES_HEIGHT = 0.8  # inches above and between the panels for the figure and panel titles

Size = tuple[float | None, float | None]


# --------------------------------------------------------------------------------------------
# Public: the figures of plot and compare, and writing them
# --------------------------------------------------------------------------------------------


def curve_figure(
    curves: Sequence[Curve], *, lang: str = "en", size: Size = (None, None),
    axes: str | None = None, **options: Any
) -> Figure:
    """The figure of ``actviz plot`` (one activation, or one curve per value of ``sweep``) or,
    with ``compare=True``, of ``actviz compare`` (every curve on one axes, f' on a second
    below); ``options`` are :func:`actviz.render.panels.curve_layout`'s (title, sweep, compare).

    A single curve is titled with its label (e.g. ``ELU (α=0.5)``) and each panel with its
    formula; a sweep is titled with the swept values and has one legend entry per value.
    ``axes`` is where the axes sit (:func:`axes_placement`).
    """
    layout = curve_layout(curves, lang=lang, unicode_minus=_minus(), **options)
    return layout_figure(layout, lang, size, axes)


def figure_size(panels: int, size: Size = (None, None)) -> tuple[float, float]:
    """Width and height in inches: ``size`` where given, else the style's, taller by
    ``TWO_PANEL_STRETCH - 1`` times its height for each panel below the first."""
    width, height = matplotlib.rcParams["figure.figsize"]  # the style's single-panel size
    height *= 1 + (TWO_PANEL_STRETCH - 1) * (panels - 1)
    return (size[0] or width, size[1] or height)


def png_pixels(panels: int, size: Size = (None, None), dpi: float | None = None) -> tuple[int, int]:
    """The pixel size of a PNG of this figure: inches times the dpi (the style's by default)."""
    return pixel_size(figure_size(panels, size), dpi)


def layout_figure(layout: Layout, lang: str = "en", size: Size = (None, None),
                  placement: str | None = None) -> Figure:
    """A matplotlib Figure of ``layout``: the panels stacked, sharing x, legend below."""
    figure = Figure(figsize=figure_size(len(layout.panels), size), layout="constrained")
    axes = figure.subplots(len(layout.panels), 1, sharex=True, squeeze=False)[:, 0]
    draw_layout(axes, layout, lang, placement)
    figure.suptitle(layout.title, wrap=True)  # a long --title breaks into lines
    if layout.legend:
        handles = [h for h in axes[0].get_lines() if not h.get_label().startswith("_")]
        _legend_below(figure, handles, len(layout.panels), fixed_height=size[1] is not None)
    return figure


def draw_layout(axes: Sequence, layout: Layout, lang: str = "en",
                placement: str | None = None) -> None:
    """Each panel of ``layout`` on its Axes of ``axes`` (f on the first, f' on the second):
    the panels of :func:`layout_figure`, on Axes that may belong to someone else's figure."""
    looks = series_looks(max(len(panel.series) for panel in layout.panels))
    framed = axes_placement(placement) == "frame"
    for ax, panel in zip(axes, layout.panels):
        _draw_panel(ax, panel, looks, lang, framed)


def draw_curves(axes: Sequence, curves: Sequence[Curve], *, lang: str = "en",
                placement: str | None = None, **options: Any) -> None:
    """The panels of :func:`curve_figure` drawn onto ``axes`` (one per panel), without the
    figure's title and legend, which belong to the caller's figure."""
    layout = curve_layout(curves, lang=lang, unicode_minus=_minus(), **options)
    draw_layout(axes, layout, lang, placement)


def axes_placement(placement: str | None = None) -> str:
    """``frame`` (a box, tick labels outside it) or ``origin`` (the axes cross at (0, 0),
    tick labels inside the panel, those a curve would cover left out).

    By default the style decides: a sheet that draws the top and right spines (actviz's,
    matplotlib's) asks for a box; one that hides both (``axes.spines.top: False``,
    ``axes.spines.right: False``) gets the axes through the origin.  The box is actviz's
    default because through the origin the labels sit among the curves: 22 of the 28
    built-ins with ``-d`` lose one to four of them to a curve, and a scale with gaps reads
    worse than a box whose labels are all there.
    """
    if placement is not None:
        return placement
    rc = matplotlib.rcParams
    return "origin" if not (rc["axes.spines.top"] or rc["axes.spines.right"]) else "frame"


def _legend_below(figure: Figure, handles: list, panels: int, fixed_height: bool) -> None:
    """The legend in the margin below the panels, in as many columns (at most four) as the
    figure's width holds; a legend of many rows makes the figure taller, so the panels keep
    their height.  With the height fixed by the user, panels it would squash below
    :data:`_MIN_PANEL_HEIGHT` are refused: the figure is too small for its labels.
    """
    from matplotlib.backends.backend_agg import RendererAgg

    from actviz.render.canvas import too_small

    renderer = RendererAgg(1, 1, figure.dpi)  # measures text; no canvas, no drawing
    room = _text_room(figure)
    for columns in range(min(len(handles), _LEGEND_COLUMNS), 0, -1):
        legend = figure.legend(handles=handles, loc="outside lower center", ncols=columns)
        box = legend.get_window_extent(renderer)
        if box.width <= room or columns == 1:
            break
        legend.remove()
    rows = -(-len(handles) // columns)
    if rows == 1:
        return
    extra = box.height / figure.dpi * (rows - 1) / rows  # a one-row legend fits the style's size
    width, height = figure.get_size_inches()
    if not fixed_height:
        figure.set_size_inches(width, math.ceil((height + extra) * 10) / 10)  # whole pixels
    elif height - box.height / figure.dpi < _MIN_PANEL_HEIGHT * panels + _TITLES_HEIGHT:
        raise too_small(figure)


# --------------------------------------------------------------------------------------------
# Panels
# --------------------------------------------------------------------------------------------


def _text_room(figure: Figure) -> float:
    """The width in pixels a line of text has: the figure's, less constrained layout's pads."""
    return figure.bbox.width - 2 * matplotlib.rcParams["figure.constrained_layout.w_pad"] * figure.dpi


def _panel_title(ax, panel: Panel) -> None:
    """The panel's formula as its title, or its name (``f″(x)``) when the formula is wider
    than the figure and the panel allows it (``formula_may_yield``: f'')."""
    title = ax.set_title(f"${panel.formula}$" if panel.formula else panel.name)
    if not (panel.formula and panel.formula_may_yield):
        return
    from matplotlib.backends.backend_agg import RendererAgg

    renderer = RendererAgg(1, 1, ax.figure.dpi)  # measures text; no canvas, no drawing
    if title.get_window_extent(renderer).width > _text_room(ax.figure):
        title.set_text(panel.name)


def _minus() -> bool:
    return bool(matplotlib.rcParams["axes.unicode_minus"])


def _draw_panel(ax, panel: Panel, looks: Sequence[dict], lang: str, framed: bool) -> None:
    xlim, ylim = panel.xlim, panel.ylim
    for series in panel.series:
        x, y = series.trace.joined()
        look = looks[series.slot % len(looks)]
        ax.plot(x, y, **look, label=series.label or "_nolegend_", zorder=3, gid=CURVE_GID)
        draw_jumps(ax, series.trace, look["color"])
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    _panel_title(ax, panel)
    if framed:
        _frame(ax, xlim, ylim)
        _grid_below_curves(ax, xlim, ylim)
    else:
        # Spines first: moving one discards its axis's ticks, which the grid has to create.
        _spines_through_origin(ax, xlim, ylim)
        _grid_below_curves(ax, xlim, ylim)
        _label_axes_through_origin(ax, panel, xlim, ylim)
        _clear_crossed_labels(ax, panel, xlim, ylim)
        guard_tick_labels(ax)
    x_axis_at = _x_axis_height(ylim, framed)
    _asymptotes(ax, panel.asymptotes, ylim, lang, x_axis_at)
    _zero_gradient_marks(ax, panel.zero_from)
    if not framed or _shows_x_labels(ax):  # framed, the name sits by the labelled x axis
        _margin_label(ax, x_axis_at, "x", style="italic")  # right of the axis's end
    _maybe_zoom(ax, panel, looks, lang, framed)


def _x_axis_height(ylim: tuple[float, float], framed: bool) -> float:
    """The y at which the x axis runs: 0 through the origin, else the bottom edge."""
    return 0.0 if not framed and ylim[0] < 0 < ylim[1] else ylim[0]


def _shows_x_labels(ax) -> bool:
    """Whether the x axis of ``ax`` has tick labels (a panel above a shared one has none)."""
    return any(tick.label1.get_visible() for tick in ax.xaxis.get_major_ticks())


def _frame(ax, xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
    """Classic framed axes: a box with the tick labels outside it, and thin lines at x = 0 and
    y = 0 (under the curves) so the origin still shows."""
    ax.spines[:].set_visible(True)
    x_inside, y_inside = _zero_in_view(xlim, ylim)
    zero = dict(color=matplotlib.rcParams["axes.edgecolor"], linewidth=0.8, zorder=2)
    if y_inside:
        ax.axhline(0.0, **zero)
    if x_inside:
        ax.axvline(0.0, **zero)


def _zero_gradient_marks(ax, xs: Sequence[float]) -> None:
    """A dotted vertical line where a rounded f′ becomes 0 for good, labelled at its top."""
    for x in xs:
        ax.axvline(x, color="0.35", linestyle=":", linewidth=1.0, zorder=2)
        ax.annotate("f′ = 0", (x, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(0, 2), textcoords="offset points", ha="center", va="bottom",
                    fontsize="x-small", color="0.35", annotation_clip=False)


def draw_jumps(ax, trace: Trace, color: str, clip_on: bool = False) -> None:
    """A filled dot at the value taken at each jump, hollow dots at the other limits.

    Dots are not clipped by default, so one on the edge of the view stays round; a log axis
    clips them (``clip_on``), as a limit of 0 lies off its bottom edge.
    """
    face = matplotlib.rcParams["axes.facecolor"]
    for jump in trace.jumps:
        dots = [(y, face) for y in (jump.left, jump.right) if y != jump.value]
        for y, fill in dots + [(jump.value, color)]:
            ax.plot([jump.x], [y], "o", color=color, markerfacecolor=fill, markersize=5,
                    zorder=_dot_zorder(jump.x, y), clip_on=clip_on, label="_nolegend_",
                    gid=MARKER_GID)


def _dot_zorder(x: float, y: float) -> float:
    """On an axis line (x = 0 or y = 0) a dot sits above the line and its ticks; elsewhere
    under the tick labels (3.5), which a dot beside the y axis would cover (hard shrink's
    f'(−λ⁻) = 1 at the ``1.0`` label)."""
    return 4 if x == 0 or y == 0 else 3.4


class _OriginFormatter(ScalarFormatter):
    """Tick labels without ``0``: the origin gets a single label instead of two crossed ones."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return "" if x == 0 else super().__call__(x, pos)


def _zero_in_view(xlim: tuple[float, float], ylim: tuple[float, float]) -> tuple[bool, bool]:
    """Whether x = 0 and y = 0 lie strictly inside the view."""
    return xlim[0] < 0 < xlim[1], ylim[0] < 0 < ylim[1]


def _spines_through_origin(ax, xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
    """Move the left and bottom spines to x = 0 and y = 0 when those are in view."""
    ax.spines[["top", "right"]].set_visible(False)
    x_inside, y_inside = _zero_in_view(xlim, ylim)
    ax.spines["left"].set_position(("data", 0.0) if x_inside else ("axes", 0.0))
    ax.spines["bottom"].set_position(("data", 0.0) if y_inside else ("axes", 0.0))


def _label_axes_through_origin(
    ax, panel: Panel, xlim: tuple[float, float], ylim: tuple[float, float]
) -> None:
    """Tick labels legible over the curves, and one ``0`` at the origin when it is in view."""
    x_inside, y_inside = _zero_in_view(xlim, ylim)
    halo = _halo()
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_zorder(3.5)  # tick labels over the curves (zorder 3), legible by their halo
        for tick in axis.get_major_ticks():  # later ticks copy the first one's effects
            tick.label1.set_path_effects(halo)
    if x_inside and y_inside:
        ax.xaxis.set_major_formatter(_OriginFormatter())
        ax.yaxis.set_major_formatter(_OriginFormatter())
        dx, dy = _free_quadrant(panel)
        ax.annotate("0", xy=(0, 0), xytext=(3 * dx, 3 * dy), textcoords="offset points",
                    ha="left" if dx > 0 else "right", va="bottom" if dy > 0 else "top",
                    fontsize=matplotlib.rcParams["xtick.labelsize"], zorder=5,
                    path_effects=halo, gid=ORIGIN_GID)


def _clear_crossed_labels(ax, panel: Panel, xlim, ylim) -> None:
    """A background box behind each y tick label that a horizontal line runs through.

    The halo hides a line crossing a label, but one running along it (an asymptote at
    y = 1, hard tanh's f' = 1) shows in every gap between the glyphs and strikes it through.
    Only those labels get a box, so the grid still runs up to the others.
    """
    x_inside, _ = _zero_in_view(xlim, ylim)
    if not x_inside:
        return  # the labels sit outside the axes, where no line runs
    reach = (-_LABEL_REACH * (xlim[1] - xlim[0]), 0.0)  # x the labels span, left of x = 0
    band = _LABEL_BAND * (ylim[1] - ylim[0])
    face = matplotlib.rcParams["axes.facecolor"]
    for value, tick in zip(ax.yaxis.get_ticklocs(), ax.yaxis.get_major_ticks()):
        if value != 0 and _runs_along(panel, value, reach, band):
            tick.label1.set_bbox(dict(boxstyle="square,pad=0.1", facecolor=face,
                                      edgecolor="none"))


def _runs_along(panel: Panel, y: float, reach: tuple[float, float], band: float) -> bool:
    """Whether an asymptote, or a curve over at least half of ``reach``, stays within
    ``band`` of ``y``: a line along the label at ``y`` (a curve that merely ends at its
    edge, at a jump's dot, does not strike it through)."""
    if any(abs(a - y) <= band for a in panel.asymptotes):
        return True
    for series in panel.series:
        for xs, ys in series.trace.segments:
            inside = (xs >= reach[0]) & (xs <= reach[1])
            near, along = ys[inside], xs[inside]
            if (near.size and np.all(np.abs(near - y) <= band)
                    and along[-1] - along[0] >= 0.5 * (reach[1] - reach[0])):
                return True
    return False


def _grid_below_curves(ax, xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
    """The style's grid, drawn as plain lines under the curves.

    The axis is raised above the curves (so tick labels stay legible), and matplotlib draws
    the grid with its axis; so the ticks are fixed here and the grid drawn separately.
    """
    rc = matplotlib.rcParams
    on = rc["axes.grid"]
    ax.grid(False)
    line = dict(colors=rc["grid.color"], linewidths=rc["grid.linewidth"],
                linestyles=rc["grid.linestyle"], alpha=rc["grid.alpha"], zorder=1)
    for name, limits, across, draw in (("x", xlim, ylim, ax.vlines), ("y", ylim, xlim, ax.hlines)):
        axis = getattr(ax, f"{name}axis")
        ticks = [t for t in axis.get_ticklocs() if limits[0] <= t <= limits[1]]
        axis.set_ticks(ticks)  # fixed, so the grid below and the ticks above agree
        if on and rc["axes.grid.axis"] in ("both", name):
            draw(ticks, *across, **line)


def _halo() -> list:
    """A stroke of the background colour around text, so a line passing under it stays legible."""
    return [patheffects.withStroke(linewidth=3, foreground=matplotlib.rcParams["axes.facecolor"])]


_ORIGIN_BOX = 0.06  # axes fraction: the size of the "0" label's corner at the origin
_DENSE = 400  # points per curve segment when looking for a free place


def _free_quadrant(panel: Panel) -> tuple[int, int]:
    """The corner of the origin (dx, dy in ±1) that the curves leave free, lower left first."""
    x0, y0 = to_fractions(0.0, 0.0, panel.xlim, panel.ylim)
    corners = [(-1, -1), (-1, 1), (1, 1), (1, -1)]
    boxes = [(x0 + min(0, dx * _ORIGIN_BOX), y0 + min(0, dy * _ORIGIN_BOX),
              x0 + max(0, dx * _ORIGIN_BOX), y0 + max(0, dy * _ORIGIN_BOX))
             for dx, dy in corners]
    return corners[least_covered(boxes, panel_fractions(panel, _DENSE))]


ASYMPTOTE_GID = "asymptote"


def _asymptotes(ax, values: Sequence[float], ylim: tuple[float, float], lang: str,
                x_axis_at: float) -> None:
    """Dashed lines at each asymptote, each labelled ``y = 1`` in the right margin.

    y = 0 is the x axis itself (or, framed, the zero line) and is not drawn again.  Labels
    too close to each other or to the axis name ``x`` (at ``x_axis_at``) move apart, so two
    close asymptotes (ELU's −1, SELU's −1.7581) both keep a legible label.
    """
    for value in values:
        if value != 0:
            ax.axhline(value, color=ASYMPTOTE_COLOR, linestyle="--", linewidth=1.0, zorder=2,
                       gid=ASYMPTOTE_GID)
    labelled = [v for v in values if not (v == 0 and x_axis_at == 0)]
    places = spread(labelled, x_axis_at, _label_gap(ax) * (ylim[1] - ylim[0]))
    for value, place in zip(labelled, places):
        label = text("asymptote_value", lang, value=format_number(value, _minus()))
        _margin_label(ax, place, label, color=ASYMPTOTE_COLOR)


def spread(values: Sequence[float], anchor: float, gap: float) -> list[float]:
    """Where to put labels for ``values``: each as near its value as it can be while at least
    ``gap`` from its neighbours and from a label fixed at ``anchor`` (those above the anchor
    move up, those below move down).  Returned in the order of ``values``."""
    places: dict[int, float] = {}
    for side in (1, -1):
        previous = anchor
        order = sorted((i for i, v in enumerate(values) if (v - anchor) * side >= 0
                        and (side == 1 or v != anchor)), key=lambda i: side * values[i])
        for i in order:
            previous = places[i] = side * max(side * values[i], side * previous + gap)
    return [places[i] for i in range(len(values))]


def _label_gap(ax) -> float:
    """The height of a margin label, with air, as a fraction of the panel's height (its
    height before the layout engine runs, a little more than it will be)."""
    figure = ax.get_figure()
    panel_points = ax.get_position().height * figure.get_figheight() * 72 * 0.85
    return 1.3 * _label_points() / max(panel_points, 1.0)


def _label_points() -> float:
    """The size of tick and margin labels in points (the style may say ``small``)."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(size=matplotlib.rcParams["xtick.labelsize"]).get_size_in_points()


def _margin_label(ax, y: float, label: str, **style) -> None:
    """``label`` right of the panel at height ``y`` (data), 4 points from its edge."""
    from matplotlib.transforms import offset_copy

    beside = offset_copy(ax.get_yaxis_transform(), fig=ax.get_figure(), x=4, units="points")
    ax.text(1, y, label, transform=beside, ha="left", va="center", clip_on=False,
            fontsize=matplotlib.rcParams["xtick.labelsize"], **style)


# --------------------------------------------------------------------------------------------
# Zoom on a side that looks flat
# --------------------------------------------------------------------------------------------


def flat_traces(
    traces: Sequence[Trace], xlim: tuple[float, float], ylim: tuple[float, float]
) -> tuple[str | None, list[Trace]]:
    """The side of x = 0 (``"negative"`` or ``"positive"``) where some traces are not zero but
    stay within :data:`_FLAT_FRACTION` of the y span, so they look like the axis itself; and
    those traces.  ``(None, [])`` when every curve reads well.

    LeakyReLU's f(x) = 0.01x on [−6, 0] moves 0.06 in a span of 6: 1 %, one or two pixels.
    ReLU's x < 0 side is exactly 0 and needs no zoom.
    """
    span = ylim[1] - ylim[0]
    width = xlim[1] - xlim[0]
    for side, extent in (("negative", -xlim[0]), ("positive", xlim[1])):
        if extent < _MIN_SIDE_WIDTH * width:
            continue
        flat = []
        for trace in traces:
            values = np.abs(trace.side(side == "negative"))
            if values.size and 0 < values.max() < _FLAT_FRACTION * span:
                flat.append(trace)
        if flat:
            return side, flat
    return None, []


def _maybe_zoom(ax, panel: Panel, looks: Sequence[dict], lang: str, framed: bool) -> None:
    xlim, ylim = panel.xlim, panel.ylim
    side, flat = flat_traces([s.trace for s in panel.series], xlim, ylim)
    if side is None:
        return
    negative = side == "negative"
    zoom_x = (xlim[0], 0.0) if negative else (0.0, xlim[1])
    values = np.concatenate([t.side(negative) for t in flat])
    low, high = min(float(values.min()), 0.0), max(float(values.max()), 0.0)
    pad = 0.15 * (high - low)
    zoom_y = (low - pad, high + pad)
    margins = _inset_margins(ax)
    inset = ax.inset_axes(_inset_box(panel, zoom_x, zoom_y, negative, margins, framed))
    for series in panel.series:
        x, y = series.trace.joined()
        inset.plot(x, y, **looks[series.slot % len(looks)], linewidth=1.5)
    inset.set_xlim(*zoom_x)
    inset.set_ylim(*zoom_y)
    inset.spines[:].set_visible(True)
    inset.axhline(0.0, color=matplotlib.rcParams["axes.edgecolor"], linewidth=0.8)
    inset.tick_params(labelsize="x-small")
    inset.set_title(text(f"zoom_{side}", lang), fontsize="small")
    ax.indicate_inset_zoom(inset, edgecolor=INSET_EDGE_COLOR)


def _inset_margins(ax) -> tuple[float, float, float]:
    """The room (left, below, above; fractions of the panel) an inset's own y tick labels,
    x tick labels and title take around its box: the box alone left them over the curves
    (a family figure's inset had its x labels on ReLU², its title on the panel's frame)."""
    from matplotlib.font_manager import FontProperties

    figure = ax.get_figure()
    position = ax.get_position()  # before the layout engine runs, a little larger than after
    width = position.width * figure.get_figwidth() * 72 * 0.85  # points
    height = position.height * figure.get_figheight() * 72 * 0.85
    ticks = FontProperties(size="x-small").get_size_in_points()
    title = FontProperties(size="small").get_size_in_points()
    rc = matplotlib.rcParams
    tick_room = rc["xtick.major.size"] + rc["xtick.major.pad"]
    return ((4.5 * 0.6 * ticks + tick_room) / width,  # "−0.05": 4 to 5 glyphs
            (1.25 * ticks + tick_room) / height,
            (1.25 * title + rc["axes.titlepad"]) / height)


def _inset_box(panel: Panel, zoom_x, zoom_y, negative: bool,
               margins: tuple[float, float, float], framed: bool) -> list[float]:
    """Where the inset, with its labels and title, covers the fewest curve points: over the
    flat side first, top first, full size first (a smaller one fits beside the y tick labels
    of axes through the origin)."""
    left, below, above = margins
    pad = 0.03
    candidates = []  # (x0, y0, width, height) of the inset, in the order preferred
    for scale in _INSET_SCALES:
        width, height = _INSET_SIZE[0] * scale, _INSET_SIZE[1] * scale
        near = pad + left if negative else 1 - pad - width
        far = 1 - pad - width if negative else pad + left
        candidates += [(x0, y0, width, height) for x0 in (near, far)
                       for y0 in (1 - pad - above - height, pad + below)]
    boxes = [(x0 - left, y0 - below, x0 + width + pad, y0 + height + above)
             for x0, y0, width, height in candidates]
    points = _forbidden_points(panel, zoom_x, zoom_y, framed)
    return list(candidates[least_covered(boxes, points)])


def _forbidden_points(panel: Panel, zoom_x, zoom_y, framed: bool
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Points (axes fractions) an inset must not cover: curves, the zoomed area, the axes at
    x = 0 and y = 0, and through the origin the tick labels beside them (framed, those sit
    outside the panel)."""
    xlim, ylim = panel.xlim, panel.ylim
    fx, fy = panel_fractions(panel, _DENSE)
    x0, y0 = to_fractions(0.0, 0.0, xlim, ylim)
    line = np.linspace(0, 1, 200)
    parts_x, parts_y = [fx], [fy]
    beside = (0.0,) if framed else (-0.1, -0.05, 0.0)
    for offset in beside:  # the y axis (and its tick labels on its left)
        parts_x.append(np.full_like(line, x0 + offset))
        parts_y.append(line)
    for offset in beside:  # the x axis (and its tick labels below it)
        parts_x.append(line)
        parts_y.append(np.full_like(line, y0 + offset * 0.8))
    corners = [(zx, zy) for zx in zoom_x for zy in zoom_y]
    cx, cy = to_fractions([c[0] for c in corners], [c[1] for c in corners], xlim, ylim)
    return np.concatenate(parts_x + [cx]), np.concatenate(parts_y + [cy])
