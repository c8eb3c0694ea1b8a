"""``plot`` and ``compare``: curves as a figure file or a terminal chart.

:func:`check_view` validates everything first (range, output path, style, title, PNG size),
so a bad option fails before any sampling or drawing and never leaves a file behind; then
:func:`write_curve_figure` or :func:`curve_chart` samples the curves
(:func:`actviz.analysis.sampling.sample_curves`) and has them drawn by
:func:`actviz.render.figures.curve_figure` or :func:`actviz.render.terminal.terminal_chart`.
Heavy libraries are imported only on the branch that needs them: a terminal chart never
imports matplotlib.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Sequence

from actviz.activations.registry import BoundActivation, get
from actviz.analysis.grid import check_drawable_range, check_range
from actviz.analysis.sampling import Curve, sample_curves
from actviz.render.canvas import FigureSpec, LanguageSetup
from actviz.render.panels import curve_layout

HINT = "add -o FILE.png (or .svg, .pdf) to save this chart as a figure"
# A figure gains nothing from more samples than this (30 per pixel of a 6.4 in, 1000 dpi
# figure), while 10^7 would take gigabytes and make SVG and PDF files of hundreds of MB.
# Breakpoints are added to the grid whatever the count, so kinks and jumps stay exact.
FIGURE_MAX_POINTS = 200_000


@dataclass(frozen=True)
class CurveView:
    """What to draw: the activations, the x range, f' or not, and the kind of figure.

    ``sweep`` names the swept parameter (one curve per value, ``plot --sweep``); ``compare``
    labels each curve with its activation.
    """

    activations: Sequence[BoundActivation]
    xmin: float = -6.0
    xmax: float = 6.0
    points: int = 2001
    derivative: bool = False
    sweep: str | None = None
    compare: bool = False

    @property
    def panels(self) -> int:
        return 2 if self.derivative else 1


def plot_view(
    name: str, *, sweep: str | None = None, xmin: float = -6.0, xmax: float = 6.0,
    points: int = 2001, derivative: bool = False,
) -> CurveView:
    """What ``actviz plot NAME [--sweep KEY=V1,V2,...]`` draws: one activation, or one curve
    per swept value (the values are checked against the parameter's range)."""
    if sweep is None:
        return CurveView([get(name)], xmin, xmax, points, derivative)
    from actviz.analysis.sweep import sweep_activations

    swept = sweep_activations(name, sweep)
    return CurveView(swept.activations, xmin, xmax, points, derivative, sweep=swept.key)


def compare_view(
    names: Sequence[str], *, xmin: float = -6.0, xmax: float = 6.0, points: int = 2001,
    derivative: bool = False,
) -> CurveView:
    """What ``actviz compare NAME NAME...`` draws: two or more different activations."""
    from actviz.analysis.compare import distinct_activations

    return CurveView(distinct_activations(names), xmin, xmax, points, derivative, compare=True)


def check_view(view: CurveView, spec: FigureSpec, output: str | os.PathLike | None) -> list[str]:
    """Validate the range and every figure option; return warnings to print (one line each).

    Raises :class:`OptionError` (bad range, suffix, style, title, a PNG too large) or
    :class:`OutputError` (a path that cannot be written) before anything is drawn.
    """
    check_range(view.xmin, view.xmax, view.points)
    if output is None:
        ignored = [f"--{name}" for name in ("dpi", "style", "width", "height")
                   if getattr(spec, name) is not None]
        if ignored:
            verb = "applies" if len(ignored) == 1 else "apply"
            return [f"{', '.join(ignored)} only {verb} to figure files (-o FILE); ignored"]
        return []
    from actviz.render.canvas import check_figure

    check_drawable_range(view.xmin, view.xmax)  # matplotlib's limit; terminal charts cope
    if check_figure(spec, output) == "png":
        check_pixels(view, spec)
    return []


def check_pixels(view: CurveView, spec: FigureSpec) -> None:
    """A PNG larger than :data:`actviz.render.canvas.MAX_PNG_SIDE` a side: refused before drawing."""
    from actviz.render.canvas import check_png_pixels, style_context
    from actviz.render.figures import png_pixels

    with style_context(spec.style):
        check_png_pixels(*png_pixels(view.panels, (spec.width, spec.height), spec.dpi))


def curve_chart(
    view: CurveView, spec: FigureSpec, size: tuple[int, int] | None = None, color: bool = False
) -> str:
    """``view`` as a plotext chart of ``size`` = (columns, lines) (default: the terminal's)."""
    from actviz.render.terminal import chart_points, terminal_chart, terminal_size

    columns, lines = size or terminal_size()
    curves = _sample(view, chart_points(view.points, columns))
    layout = curve_layout(curves, lang=spec.lang, title=spec.title, sweep=view.sweep,
                          compare=view.compare, unicode_minus=False)
    return terminal_chart(layout, columns, lines, color)


def write_curve_figure(
    view: CurveView, spec: FigureSpec, path: str | os.PathLike
) -> LanguageSetup:
    """Check everything (:func:`check_view`), then draw ``view`` and save it to ``path``
    atomically: what ``plot -o`` and ``compare -o`` do, and what ``batch`` does for them.
    Returns the language setup, whose ``warning`` (no CJK font) the caller prints."""
    from actviz.render.canvas import draw_and_save
    from actviz.render.figures import curve_figure

    check_view(view, spec, path)
    curves = _sample(view, min(view.points, FIGURE_MAX_POINTS))

    def build(lang: str):
        return curve_figure(curves, lang=lang, title=spec.title, sweep=view.sweep,
                            compare=view.compare, size=(spec.width, spec.height))

    return draw_and_save(build, spec, path)


def _sample(view: CurveView, points: int) -> list[Curve]:
    return sample_curves(view.activations, view.xmin, view.xmax, points, view.derivative)


def curve_warnings(view: CurveView) -> list[str]:
    """Where an activation of ``view`` is inf or NaN on its range (a formula's gaps)."""
    from actviz.products.warnings import range_warnings

    return range_warnings(view.activations, view.xmin, view.xmax)
