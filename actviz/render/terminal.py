"""Charts in the terminal with plotext: the same :class:`Layout` as the figures, in characters.

Never imports matplotlib: a terminal chart costs the start-up of plotext alone.  The chart
fills the terminal (``shutil.get_terminal_size``, which honours ``COLUMNS`` and ``LINES``),
draws the axes through the origin, each panel's lines in braille dots, the asymptotes dotted,
and a legend in the corner the curves leave free.
"""

from __future__ import annotations

import math
import shutil
from typing import Sequence

import numpy as np

from actviz.render.panels import Layout, Panel, least_covered, panel_fractions

MIN_COLUMNS = 40  # narrower terminals get a chart this wide anyway (it wraps or scrolls)
# Wider or taller terminals get a chart this large: plotext allocates columns × lines cells
# for each panel, and COLUMNS=20000 LINES=100000 made it abort the process (std::bad_alloc).
MAX_COLUMNS = 1_000
MAX_LINES = 500
MIN_PANEL_LINES = 11  # a panel shorter than this has too few rows to read a curve
RESERVED_LINES = 3  # the title, the hint on stderr and the next prompt stay visible
MAX_POINTS_PER_COLUMN = 4  # braille has 2 dots per column; more samples are not drawn
_TICKS = 5
_LEGEND_PAD = 6  # the legend box adds this many columns to its longest label
_FRAME_LINES = 4  # a panel's title, frame and tick labels around its canvas
_PLAIN_MARKERS = ("•", "+", "x", "o", "*", "#", "@", "%")


def terminal_size() -> tuple[int, int]:
    """(columns, lines) for a chart: the terminal's size, less a few lines for the prompt,
    within :data:`MAX_COLUMNS` × :data:`MAX_LINES` whatever ``COLUMNS`` and ``LINES`` say."""
    size = shutil.get_terminal_size(fallback=(80, 24))
    columns, lines = within_limits(size.columns, size.lines)
    return columns, lines - RESERVED_LINES


def within_limits(columns: int, lines: int) -> tuple[int, int]:
    """``columns`` × ``lines`` brought within MIN_COLUMNS..MAX_COLUMNS and up to MAX_LINES."""
    return min(max(columns, MIN_COLUMNS), MAX_COLUMNS), min(lines, MAX_LINES)


def chart_points(points: int, columns: int) -> int:
    """How many samples a chart ``columns`` wide can show: at most ``points``."""
    return max(2, min(points, MAX_POINTS_PER_COLUMN * columns))


def terminal_chart(layout: Layout, columns: int, lines: int, color: bool = False) -> str:
    """``layout`` drawn with plotext in ``columns`` × ``lines`` characters (title included),
    at most MAX_COLUMNS × MAX_LINES."""
    import plotext

    columns, lines = within_limits(columns, lines)

    figure = plotext.figure
    figure.clear()
    figure.theme("simple")  # no painted background: reads on dark and light terminals
    plotext.terminal.limit(False, False)  # the size asked for, not plotext's own guess
    count = len(layout.panels)
    # The title line is ours (plotext would repeat a title on each panel).
    chart_lines = max(lines - 1, MIN_PANEL_LINES * count)
    figure.plot_size(columns, chart_lines)
    rows = chart_lines // count - _FRAME_LINES  # canvas rows of one panel
    markers = _markers(max(len(p.series) for p in layout.panels), color)
    margin = max(len(label) for p in layout.panels for label in _y_labels(p, 0))
    if count == 1:
        _draw_panel(figure, layout.panels[0], columns, rows, markers, margin)
    else:
        figure.subplots(count, 1)
        for row, panel in enumerate(layout.panels, start=1):
            _draw_panel(figure.subplot(row, 1), panel, columns, rows, markers, margin)
    chart = figure.build().string(colorless=not color)
    return layout.title.center(columns).rstrip() + "\n" + chart


def _markers(count: int, color: bool) -> list[str]:
    """Braille dots, the finest; without colour, several curves need a character each."""
    if color or count == 1:
        return ["braille"] * count
    return [_PLAIN_MARKERS[i % len(_PLAIN_MARKERS)] for i in range(count)]


def _y_ticks(panel: Panel) -> list[float]:
    return nice_ticks(*panel.ylim, _TICKS)


def _y_labels(panel: Panel, width: int) -> list[str]:
    """The y tick labels right-aligned to ``width`` characters: every panel given the widest
    panel's width starts its axis in the same column, so the x axes line up."""
    return [f"{tick:g}".rjust(width) for tick in _y_ticks(panel)]


def _draw_panel(plot, panel: Panel, columns: int, rows: int, markers: Sequence[str],
                margin: int) -> None:
    (xmin, xmax), (ymin, ymax) = panel.xlim, panel.ylim
    for series in panel.series:
        label = series.label or panel.name
        for index, (x, y) in enumerate(series.trace.segments):
            signal = plot.signal(x.tolist(), y.tolist(), marker=markers[series.slot % len(markers)])
            signal.lines()
            if index == 0:
                signal.label(label)
            plot.draw(signal)
    x_axis = ymin < 0 < ymax
    if x_axis:
        plot.line(0, "h")
    if xmin < 0 < xmax:
        plot.line(0, "v")
    for value in panel.asymptotes:
        if not (x_axis and value == 0):  # the x axis already is that line
            plot.line(value, "h", style="dotted")
    plot.title(_panel_title(panel))
    plot.ruler("x").lim(xmin, xmax)
    plot.ruler("y").lim(ymin, ymax)
    plot.ruler("x").ticks(nice_ticks(xmin, xmax, _TICKS + 2))
    plot.ruler("y").ticks(_y_ticks(panel), _y_labels(panel, margin))
    labels = [s.label or panel.name for s in panel.series]
    corner = _free_corner(panel, labels, columns, rows)
    plot.legend(x=corner[0], y=corner[1], ha=corner[2], va=corner[3], relative=True)


def _panel_title(panel: Panel) -> str:
    if not panel.formula:
        return panel.name
    from actviz.render.words import to_plain  # the one mathtext → text converter

    return to_plain(panel.formula)


def nice_ticks(low: float, high: float, count: int) -> list[float]:
    """About ``count`` round values (steps of 1, 2, 2.5 or 5 × 10^k) between low and high."""
    raw = (high - low) / max(count, 1)
    if not (math.isfinite(raw) and raw > 0):
        return [low, high]
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    ticks = np.arange(first, high + step * 1e-9, step)
    return [float(round(t / step) * step) + 0.0 for t in ticks]


def _free_corner(panel: Panel, labels: Sequence[str], columns: int, rows: int) -> tuple:
    """The corner (x, y, ha, va in data units) where the legend covers the fewest points."""
    (xmin, xmax), (ymin, ymax) = panel.xlim, panel.ylim
    width = min(1.0, (max(len(s) for s in labels) + _LEGEND_PAD) / max(columns - 8, 1))
    height = min(1.0, (2 * len(labels) + 1) / max(rows, 1))  # plotext spaces entries by a line
    corners = [  # (x, y, ha, va) in data units, and the box's lower left corner in fractions
        ((xmin, ymax, "left", "top"), (0, 1 - height)),
        ((xmax, ymax, "right", "top"), (1 - width, 1 - height)),
        ((xmax, ymin, "right", "bottom"), (1 - width, 0)),
        ((xmin, ymin, "left", "bottom"), (0, 0)),
    ]
    boxes = [(x0, y0, x0 + width, y0 + height) for _, (x0, y0) in corners]
    return corners[least_covered(boxes, panel_fractions(panel, 200))][0]
