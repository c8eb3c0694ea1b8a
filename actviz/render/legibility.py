"""What keeps a figure legible in print: a look per series, and tick labels off the data.

Looks.  A series keeps its slot in every panel (f above, f' below), so it keeps its look.
The colours are the style's cycle (actviz's: Okabe & Ito 2008, distinguishable with every
common colour-vision deficiency); each colour is paired with its own dash pattern, so eight
curves stay distinct in a greyscale print, where the Okabe-Ito blue, vermilion and green all
turn a similar mid grey.  A style whose cycle sets ``linestyle`` itself keeps its own.

Tick labels.  With the axes through the origin the tick labels sit inside the panel, where a
curve or a jump's dot can run under them (GELU's curve at ``−2``, hard tanh's f' = 1 at
``1``, curves meeting at (0, 1) in a family figure).  The halo keeps such a label legible but
hides the data under it; a textbook drops the label instead.  Where the labels fall is only
known once the layout engine has placed the axes, so the check runs at draw time, from an
invisible artist that each panel carries (:func:`guard_tick_labels`), before the axes draw
their ticks.
"""

from __future__ import annotations

from typing import Any

import matplotlib
import numpy as np
from matplotlib.artist import Artist
from matplotlib.transforms import Bbox

# On-off lengths in line widths (matplotlib scales dashes with the line): solid first, so a
# single curve is solid; then patterns that differ in rhythm, not only in length.
DASHES: tuple[Any, ...] = (
    "-",
    (0, (4.0, 1.6)),  # dashed
    (0, (1.0, 1.3)),  # dotted
    (0, (5.0, 1.4, 1.0, 1.4)),  # dash-dot
    (0, (8.0, 1.8)),  # long dashes
    (0, (4.0, 1.3, 1.0, 1.3, 1.0, 1.3)),  # dash-dot-dot
    (0, (2.2, 1.3)),  # short dashes
    (0, (8.0, 1.5, 2.2, 1.5)),  # long-short
)

# Bars cannot be dashed: they are hatched instead, one pattern per slot.
HATCHES = ("", "////", "....", "xxxx", "\\\\\\\\", "++++", "oooo", "----")


def series_looks(count: int) -> list[dict[str, Any]]:
    """``color`` and ``linestyle`` for slots 0 … count−1: the style's colours, and its line
    styles where its cycle has them (:data:`DASHES` otherwise).

    Past the end of the cycle the colours start again with the dashes shifted by one, so
    every pair of the first len(colours) × len(dashes) slots differs (saturation draws 20).
    """
    cycle = matplotlib.rcParams["axes.prop_cycle"].by_key()
    colors = cycle.get("color") or ["C0"]
    styles = cycle.get("linestyle") or DASHES
    looks = []
    for slot in range(count):
        dash = slot + slot // len(colors)
        looks.append({"color": colors[slot % len(colors)], "linestyle": styles[dash % len(styles)]})
    return looks


def bar_looks(count: int) -> list[dict[str, Any]]:
    """``color`` and ``hatch`` for bar series 0 … count−1: the curves' colours, hatched."""
    return [{"color": look["color"], "hatch": HATCHES[slot % len(HATCHES)]}
            for slot, look in enumerate(series_looks(count))]


# --------------------------------------------------------------------------------------------
# Tick labels clear of the data
# --------------------------------------------------------------------------------------------

MARKER_GID = "jump"  # the gid of a jump's dot
CURVE_GID = "curve"  # the gid of a drawn curve (not an asymptote, grid line or dot)


def guard_tick_labels(ax) -> None:
    """Have ``ax`` hide, each time it is drawn, the tick labels over its curves and dots."""
    ax.add_artist(_TickLabelGuard(ax))


class _TickLabelGuard(Artist):
    """Draws nothing; drawn first (lowest zorder), it hides the colliding tick labels."""

    zorder = -10

    def __init__(self, ax) -> None:
        super().__init__()
        self._ax = ax
        self.set_in_layout(False)

    def draw(self, renderer) -> None:
        for label in colliding_labels(self._ax, renderer):
            label.set_visible(False)

    def get_window_extent(self, renderer=None) -> Bbox:
        return Bbox.null()


def tick_labels(ax) -> list:
    """The visible, non-empty tick labels of ``ax`` and its "0" at the origin."""
    labels = ax.xaxis.get_majorticklabels() + ax.yaxis.get_majorticklabels()
    origin = [t for t in ax.texts if t.get_gid() == ORIGIN_GID]
    return [t for t in labels + origin if t.get_visible() and t.get_text()]


ORIGIN_GID = "origin"  # the gid of the single "0" at the origin
_AIR = 1.0  # points: a curve passing closer than this to a label's box touches it


def colliding_labels(ax, renderer) -> list:
    """Tick labels of ``ax`` whose box (display pixels) a curve runs through or a dot
    touches."""
    curves, dots = data_pixels(ax, renderer)
    air = renderer.points_to_pixels(_AIR)
    hits = []
    for label in tick_labels(ax):
        box = label.get_window_extent(renderer).padded(air)
        if _inside(box, curves, 0.0) or any(_inside(box, points, r) for points, r in dots):
            hits.append(label)
    return hits


def data_pixels(ax, renderer) -> tuple[np.ndarray, list[tuple[np.ndarray, float]]]:
    """Where the data is drawn, in display pixels: points along every curve (at most a
    pixel apart), and each dot's centre with its radius."""
    along, dots = [np.empty((0, 2))], []
    for line in ax.get_lines():
        points = line.get_transform().transform(line.get_xydata())
        if line.get_gid() == CURVE_GID:
            along.append(_densified(points))
        elif line.get_gid() == MARKER_GID:
            radius = renderer.points_to_pixels(line.get_markersize()) / 2
            dots.append((points, radius))
    return np.concatenate(along), dots


def _densified(points: np.ndarray) -> np.ndarray:
    """Points on each segment between consecutive finite points, at most a pixel apart."""
    start, end = points[:-1], points[1:]
    finite = np.isfinite(start).all(axis=1) & np.isfinite(end).all(axis=1)
    start, end = start[finite], end[finite]
    steps = np.ceil(np.hypot(*(end - start).T)).clip(1, 10_000).astype(int)
    index = np.repeat(np.arange(len(start)), steps)
    offsets = np.arange(steps.sum()) - np.repeat(np.cumsum(steps) - steps, steps)
    t = (offsets / steps[index])[:, None]
    return start[index] + t * (end[index] - start[index])


def _inside(box: Bbox, points: np.ndarray, radius: float) -> bool:
    if not len(points):
        return False
    x, y = points[:, 0], points[:, 1]
    return bool(np.any((x > box.x0 - radius) & (x < box.x1 + radius)
                       & (y > box.y0 - radius) & (y < box.y1 + radius)))
