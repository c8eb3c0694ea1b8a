"""What a textbook illustrator checks, by program, on any matplotlib Figure (issue 13).

The figure is drawn once with every ``Text.draw`` and ``Line2D.draw`` recorded, so the checks
see what was drawn where (a tick label matplotlib did not draw, out of the view or hidden by
the origin guard, is not checked), in display pixels:

- :func:`texts_over_data`: a text (tick label, margin label, title, annotation, bar value)
  whose box a curve, a dot or a bar enters;
- :func:`overlapping_texts`: two texts whose boxes overlap;
- :func:`unlabelled_lines`: a dashed or dotted line that neither a legend entry, a margin
  label at its height (an asymptote's ``y = 1``) nor a text at its x (``f′ = 0``) explains;
- :func:`lines_unlike_their_legend`: a line drawn in another colour or dash pattern than its
  legend entry shows;
- :func:`legends_over_data`: a legend over a curve, a dot or a bar;
- :func:`texts_off_the_page`: a text cut by the edge of the figure.

Each returns a list of short descriptions, empty when the figure passes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from unittest import mock

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

ASYMPTOTE_GID = "asymptote"  # what render.figures calls its asymptote lines
_TOUCH = 0.5  # pixels: boxes must overlap by more than this to count as overlapping


@dataclass
class Drawn:
    """What a figure drew: texts with their boxes, lines, and per axes the data's pixels."""

    figure: object
    renderer: object
    texts: list[tuple[Text, Bbox]] = field(default_factory=list)
    lines: list[Line2D] = field(default_factory=list)

    def data_points(self, ax) -> np.ndarray:
        """Pixels along every data line of ``ax`` and of the dots on it (a dot's centre,
        widened below by its radius), those an inset hides left out."""
        points = [np.empty((0, 2))]
        for line in self.lines:
            if line.axes is ax and _is_data(line):
                points.append(_line_pixels(line, self.renderer))
        found = np.concatenate(points)
        for inset in ax.child_axes:  # an inset's opaque face hides what runs under it
            if inset.get_visible():
                found = found[~_inside(inset.bbox, found)]
        return found

    def bars(self, ax) -> list[Bbox]:
        return [patch.get_window_extent(self.renderer) for container in ax.containers
                for patch in container.patches
                if isinstance(patch, Rectangle) and patch.get_visible()]

    def axes(self) -> list:
        return [ax for ax in self.figure.axes if ax.get_visible()]


def draw(figure) -> Drawn:
    """Draw ``figure`` with Agg, recording each text and line as it is drawn."""
    canvas = FigureCanvasAgg(figure)
    renderer = canvas.get_renderer()
    drawn = Drawn(figure, renderer)
    text_draw, line_draw = Text.draw, Line2D.draw
    seen: set[int] = set()

    def record_text(self, renderer):
        text_draw(self, renderer)
        if self.get_visible() and self.get_text().strip() and id(self) not in seen:
            seen.add(id(self))
            drawn.texts.append((self, self.get_window_extent(renderer)))

    def record_line(self, renderer):
        line_draw(self, renderer)
        if self.get_visible():
            drawn.lines.append(self)

    with mock.patch.object(Text, "draw", record_text), \
            mock.patch.object(Line2D, "draw", record_line):
        figure.draw(renderer)
    return drawn


# --------------------------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------------------------


def texts_over_data(drawn: Drawn) -> list[str]:
    """Texts whose box a data line, a dot or a bar of any axes enters."""
    hits = []
    for ax in drawn.axes():
        points, bars = drawn.data_points(ax), drawn.bars(ax)
        for text, box in drawn.texts:
            if _is_legend_text(text) or _belongs_to_bar(text, ax):
                continue
            inner = _shrunk(box)
            if _inside(inner, points).any() or any(_overlap(inner, bar) for bar in bars):
                hits.append(f"{text.get_text()!r} over the data of {_name(ax)}")
    return hits


def overlapping_texts(drawn: Drawn) -> list[str]:
    hits = []
    texts = drawn.texts
    for i, (a, box_a) in enumerate(texts):
        for b, box_b in texts[i + 1:]:
            if _overlap(_shrunk(box_a), _shrunk(box_b)):
                hits.append(f"{a.get_text()!r} overlaps {b.get_text()!r}")
    return hits


def unlabelled_lines(drawn: Drawn) -> list[str]:
    """Dashed or dotted lines of the axes that nothing names."""
    legend_dashes = {_dashes(handle) for legend in _legends(drawn.figure)
                     for handle in legend.legend_handles if isinstance(handle, Line2D)}
    hits = []
    for line in drawn.lines:
        ax = line.axes
        if ax is None or line not in ax.lines or not _dashes(line):
            continue
        if line.get_gid() == ASYMPTOTE_GID:
            value = float(line.get_ydata()[0])
            if not any(_names_height(text, value) for text, _ in drawn.texts if text.axes is ax):
                hits.append(f"asymptote y = {value:g} of {_name(ax)} has no label")
        elif _dashes(line) not in legend_dashes and not _named_at_its_x(line, drawn):
            hits.append(f"a {line.get_linestyle()} line of {_name(ax)} is in no legend")
    return hits


def lines_unlike_their_legend(drawn: Drawn) -> list[str]:
    from matplotlib.colors import to_rgba

    hits = []
    for legend in _legends(drawn.figure):
        for handle, text in zip(legend.legend_handles, legend.get_texts()):
            if not isinstance(handle, Line2D):
                continue
            for line in drawn.lines:
                if (line.axes is not None and line in line.axes.lines
                        and line.get_label() == text.get_text()
                        and (_dashes(line) != _dashes(handle)
                             or to_rgba(line.get_color()) != to_rgba(handle.get_color()))):
                    hits.append(f"{text.get_text()!r} is drawn unlike its legend entry")
    return hits


def legends_over_data(drawn: Drawn) -> list[str]:
    hits = []
    for legend in _legends(drawn.figure):
        box = _shrunk(legend.get_window_extent(drawn.renderer))
        for ax in drawn.axes():
            if _inside(box, drawn.data_points(ax)).any() or any(
                    _overlap(box, bar) for bar in drawn.bars(ax)):
                hits.append(f"a legend over the data of {_name(ax)}")
    return hits


def texts_off_the_page(drawn: Drawn) -> list[str]:
    page = drawn.figure.bbox
    return [f"{text.get_text()!r} is cut by the page's edge" for text, box in drawn.texts
            if box.x0 < page.x0 - _TOUCH or box.y0 < page.y0 - _TOUCH
            or box.x1 > page.x1 + _TOUCH or box.y1 > page.y1 + _TOUCH]


CHECKS = (texts_over_data, overlapping_texts, unlabelled_lines, lines_unlike_their_legend,
          legends_over_data, texts_off_the_page)


def problems(figure) -> list[str]:
    """Every check's findings on ``figure``, drawn once."""
    drawn = draw(figure)
    return [finding for check in CHECKS for finding in check(drawn)]


# --------------------------------------------------------------------------------------------
# Geometry
# --------------------------------------------------------------------------------------------


def _is_data(line: Line2D) -> bool:
    """A curve or dots in data coordinates: not an axhline (asymptote, threshold, zero line),
    nor a grid line, nor a legend's sample."""
    return line.get_transform() is line.axes.transData and line.get_gid() != ASYMPTOTE_GID


def _line_pixels(line: Line2D, renderer) -> np.ndarray:
    xy = line.get_transform().transform(line.get_xydata())
    parts = []
    if line.get_linestyle() not in ("None", "none", "", " "):
        parts.append(_densified(xy))
    if line.get_marker() not in (None, "None", "none", "", " "):
        radius = renderer.points_to_pixels(line.get_markersize()) / 2
        finite = xy[np.isfinite(xy).all(axis=1)]
        for dx, dy in ((0, 0), (radius, 0), (-radius, 0), (0, radius), (0, -radius)):
            parts.append(finite + (dx, dy))
    points = np.concatenate(parts) if parts else np.empty((0, 2))
    if line.get_clip_on() and line.axes is not None:
        points = points[_inside(line.axes.bbox, points, strict=False)]
    return points


def _densified(points: np.ndarray) -> np.ndarray:
    """Points on each segment between consecutive finite points, at most a pixel apart."""
    start, end = points[:-1], points[1:]
    finite = np.isfinite(start).all(axis=1) & np.isfinite(end).all(axis=1)
    start, end = start[finite], end[finite]
    if not len(start):
        return points[np.isfinite(points).all(axis=1)]
    steps = np.ceil(np.hypot(*(end - start).T)).clip(1, 20_000).astype(int)
    index = np.repeat(np.arange(len(start)), steps)
    offsets = np.arange(steps.sum()) - np.repeat(np.cumsum(steps) - steps, steps)
    t = (offsets / steps[index])[:, None]
    return np.concatenate([start[index] + t * (end[index] - start[index]), end[-1:]])


def _inside(box: Bbox, points: np.ndarray, strict: bool = True) -> np.ndarray:
    if not len(points):
        return np.zeros(0, dtype=bool)
    x, y = points[:, 0], points[:, 1]
    if strict:
        return (x > box.x0) & (x < box.x1) & (y > box.y0) & (y < box.y1)
    return (x >= box.x0) & (x <= box.x1) & (y >= box.y0) & (y <= box.y1)


def _shrunk(box: Bbox) -> Bbox:
    return Bbox.from_extents(box.x0 + _TOUCH, box.y0 + _TOUCH, box.x1 - _TOUCH, box.y1 - _TOUCH)


def _overlap(a: Bbox, b: Bbox) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def _dashes(line: Line2D) -> tuple:
    _, pattern = line._unscaled_dash_pattern  # what the line is drawn with, unscaled
    return tuple(pattern) if pattern else ()


def _legends(figure) -> list:
    legends = list(figure.legends)
    legends += [ax.get_legend() for ax in figure.axes if ax.get_legend() is not None]
    return legends


def _is_legend_text(text: Text) -> bool:
    return any(text in legend.get_texts() for legend in _legends(text.get_figure(root=True)))


def _belongs_to_bar(text: Text, ax) -> bool:
    """A bar's value written on top of it (bar_label) sits on its own bar by design."""
    return text.axes is ax and text.get_gid() is None and type(text).__name__ == "Annotation" \
        and any(getattr(c, "datavalues", None) is not None for c in ax.containers) \
        and _on_a_bar_top(text, ax)


def _on_a_bar_top(text: Text, ax) -> bool:
    x, y = text.xy if hasattr(text, "xy") else (None, None)
    for container in ax.containers:
        for patch in container.patches:
            if (x is not None and abs(patch.get_x() + patch.get_width() / 2 - x) < 1e-9
                    and abs(patch.get_y() + patch.get_height() - y) < 1e-9):
                return True
    return False


_HEIGHT = re.compile(r"^y = (−|-)?(\d*\.?\d*)?(π)?(?:/(\d+))?$")


def _names_height(text: Text, value: float) -> bool:
    """Whether ``text`` reads ``y = value`` (``y = −1.7581``, ``y = π/2``)."""
    match = _HEIGHT.match(text.get_text().strip())
    if not match:
        return False
    sign, number, pi, denominator = match.groups()
    shown = (float(number) if number else 1.0) * (math.pi if pi else 1.0)
    shown = -shown / float(denominator or 1) if sign else shown / float(denominator or 1)
    return math.isclose(shown, value, rel_tol=1e-4, abs_tol=1e-9)


def _named_at_its_x(line: Line2D, drawn: Drawn) -> bool:
    """A vertical line with a text straddling its x (the dotted ``f′ = 0`` mark)."""
    xs = line.get_transform().transform(line.get_xydata())[:, 0]
    if not len(xs) or np.ptp(xs[np.isfinite(xs)]) > 1:
        return False
    x = float(xs[0])
    return any(box.x0 <= x <= box.x1 for text, box in drawn.texts if text.axes is line.axes)


def _name(ax) -> str:
    title = ax.get_title() or ax.get_ylabel() or "an axes"
    return f"panel {title[:40]!r}"
