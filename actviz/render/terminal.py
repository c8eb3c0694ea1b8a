"""Charts in the terminal with plotext: the same :class:`Layout` as the figures, in characters.

Never imports matplotlib: a terminal chart costs the start-up of plotext alone.  The chart
fills the terminal (``shutil.get_terminal_size``, which honours ``COLUMNS`` and ``LINES``),
draws the axes through the origin, each panel's lines in braille dots, the asymptotes dotted,
and, when the lines carry labels, one legend under the last panel.  plotext's own legend is a
box inside the canvas: in a small terminal it was larger than the canvas and covered the
curves, the frame and the tick labels; below the chart it covers nothing.
"""

from __future__ import annotations

import math
import shutil
import textwrap
from typing import Sequence

import numpy as np

from actviz.render.panels import Layout, Panel

MIN_COLUMNS = 40  # narrower terminals get a chart this wide anyway (it wraps or scrolls)
# Wider or taller terminals get a chart this large: plotext allocates columns × lines cells
# for each panel, and COLUMNS=20000 LINES=100000 made it abort the process (std::bad_alloc).
MAX_COLUMNS = 1_000
MAX_LINES = 500
MIN_PANEL_LINES = 11  # a panel shorter than this has too few rows to read a curve
RESERVED_LINES = 3  # the title, the hint on stderr and the next prompt stay visible
MAX_POINTS_PER_COLUMN = 4  # braille has 2 dots per column; more samples are not drawn
_TICKS = 5
_PLAIN_MARKERS = ("•", "+", "x", "o", "*", "#", "@", "%")
_BRAILLE_GLYPH = "⢕"  # what stands for a braille line in the legend
# A colour per slot (of the 16 every terminal has), in the order of the figures' palette
# (Okabe-Ito: blue, orange, green, vermilion, purple, sky blue), so that a curve has the same
# colour in all its segments (plotext's cycler gave each segment the next colour) and in
# the legend.
_COLOURS = (12, 11, 10, 9, 13, 14, 4, 3, 2, 1, 5, 6)
_LEGEND_GAP = "   "  # between two entries on one legend line


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
    """``layout`` drawn with plotext in ``columns`` × ``lines`` characters (title and legend
    included), at most MAX_COLUMNS × MAX_LINES."""
    import plotext

    columns, lines = within_limits(columns, lines)

    figure = plotext.figure
    figure.clear()
    figure.theme("simple")  # no painted background: reads on dark and light terminals
    plotext.terminal.limit(False, False)  # the size asked for, not plotext's own guess
    count = len(layout.panels)
    markers = _markers(max(len(p.series) for p in layout.panels), color)
    margin = max(len(label) for p in layout.panels for label in _y_labels(p, 0))
    legend = legend_lines(layout, markers, columns, margin + 1, color)
    # The title line is ours (plotext would repeat a title on each panel).
    chart_lines = max(lines - 1 - len(legend), MIN_PANEL_LINES * count)
    figure.plot_size(columns, chart_lines)
    if count == 1:
        _draw_panel(figure, layout.panels[0], markers, margin)
    else:
        figure.subplots(count, 1)
        for row, panel in enumerate(layout.panels, start=1):
            _draw_panel(figure.subplot(row, 1), panel, markers, margin)
    chart = figure.build().string(colorless=not color).rstrip("\n")
    return "\n".join([layout.title.center(columns).rstrip(), chart, *legend]) + "\n"


def legend_lines(layout: Layout, markers: Sequence[str], columns: int, indent: int,
                 color: bool = False) -> list[str]:
    """The legend under the chart: ``marker label`` for each labelled line, as many to a line
    as ``columns`` holds, from column ``indent`` (the canvas's first); an entry too long for a
    line wraps.  None for a chart whose lines carry no labels (its panel titles name them)."""
    labels: dict[int, str] = {}
    for panel in layout.panels:  # a line keeps its slot, so its marker, in every panel
        for series in panel.series:
            if series.label:
                labels.setdefault(series.slot, series.label)
    width = max(columns - indent, 8)
    out: list[str] = []
    line, used = "", 0  # the line being filled, and its width without colour codes
    for slot, label in sorted(labels.items()):
        glyph = _glyph(markers[slot % len(markers)], slot, color)
        first, *rest = textwrap.wrap(label, width - 2, break_on_hyphens=False) or [""]
        size = len(first) + 2
        if used and not rest and used + len(_LEGEND_GAP) + size <= width:
            line, used = f"{line}{_LEGEND_GAP}{glyph} {first}", used + len(_LEGEND_GAP) + size
            continue
        if used:
            out.append(line)
        if rest:  # too long for a line: its own lines, the rest under its first word
            out += [f"{glyph} {first}"] + [f"  {part}" for part in rest]
            line, used = "", 0
        else:
            line, used = f"{glyph} {first}", size
    if used:
        out.append(line)
    return [" " * indent + entry for entry in out]


def _glyph(marker: str, slot: int, color: bool) -> str:
    """The character a line is drawn with, in its colour when the chart has colours."""
    glyph = _BRAILLE_GLYPH if marker == "braille" else marker
    if not color:
        return glyph
    import plotext

    return plotext.colorize(glyph, plotext.pixel(foreground=_colour(slot))).string()


def _colour(slot: int) -> int:
    return _COLOURS[slot % len(_COLOURS)]


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


def _draw_panel(plot, panel: Panel, markers: Sequence[str], margin: int) -> None:
    """One panel on ``plot``; its lines are unlabelled, so plotext draws no legend of its own."""
    import plotext

    (xmin, xmax), (ymin, ymax) = panel.xlim, panel.ylim
    for series in panel.series:
        colour = plotext.pixel(foreground=_colour(series.slot))
        marker = plotext.marker(markers[series.slot % len(markers)], colour)
        for x, y in series.trace.segments:
            signal = plot.signal(x.tolist(), y.tolist(), marker=marker)
            signal.lines()
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
