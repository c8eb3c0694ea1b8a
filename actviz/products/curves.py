"""``plot`` and ``compare``: curves as a figure file or a terminal chart.

:func:`plot` and :func:`compare` (``actviz.plot``, ``actviz.compare``) return a
:class:`CurveResult`.  :func:`check_view` validates everything first (range, output path,
style, title, PNG size), so a bad option fails before any sampling or drawing and never leaves
a file behind; then ``result.save(path)`` or ``result.chart()`` samples the curves
(:func:`actviz.analysis.sampling.sample_curves`) and has them drawn by
:func:`actviz.render.figures.curve_figure` or :func:`actviz.render.terminal.terminal_chart`.
Heavy libraries are imported only on the branch that needs them: a terminal chart never
imports matplotlib.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Sequence

from actviz.activations.registry import BoundActivation, get
from actviz.analysis.grid import check_range
from actviz.analysis.sampling import Curve, sample_curves
from actviz.errors import OptionError, option_name
from actviz.options import COMPARE, PLOT
from actviz.products.base import FigureResult, TableResult, takes
from actviz.products.checks import check_curve_file, check_curves, dtype_names
from actviz.render.canvas import FigureSpec
from actviz.render.panels import curve_layout
from actviz.render.words import listed

HINT = "add -o FILE.png (or .svg, .pdf) to save this chart as a figure"
# A figure gains nothing from more samples than this (30 per pixel of a 6.4 in, 1000 dpi
# figure), while 10^7 would take gigabytes and make SVG and PDF files of hundreds of MB.
# Breakpoints are added to the grid whatever the count, so kinks and jumps stay exact.
FIGURE_MAX_POINTS = 200_000


@dataclass(frozen=True)
class CurveView:
    """What to draw: the activations, the x range, f' and f'' or not, and the kind of figure.

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
    dtype: str | None = None  # --dtype: each activation drawn again, rounded to this format
    second_derivative: bool = False  # -2: a panel of f'' below (independent of f')

    @property
    def panels(self) -> int:
        return 1 + self.derivative + self.second_derivative

    @property
    def labelled(self) -> bool:
        """Whether each curve carries its activation's label (compare, or plot --dtype)."""
        return self.compare or self.dtype is not None

    @property
    def drawn(self) -> list[BoundActivation]:
        """The activations, each followed by its rounded self when there is a ``dtype``."""
        if self.dtype is None:
            return list(self.activations)
        from actviz.analysis.dtypes import lookup_dtype
        from actviz.analysis.precision import rounded_activation

        dtype = lookup_dtype(self.dtype)
        return [drawn for act in self.activations
                for drawn in (act, rounded_activation(act, dtype))]


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
        ignored = [option_name(name) for name in ("dpi", "style", "width", "height")
                   if getattr(spec, name) is not None]
        if ignored:
            verb = "applies" if len(ignored) == 1 else "apply"
            return [f"{', '.join(ignored)} only {verb} to figure files (-o FILE); ignored"]
        return []
    check_curve_file(view.xmin, view.xmax, view.panels, spec, output)
    return []


def curve_chart(
    view: CurveView, spec: FigureSpec, size: tuple[int, int] | None = None, color: bool = False
) -> str:
    """``view`` as a plotext chart of ``size`` = (columns, lines) (default: the terminal's)."""
    from actviz.render.terminal import chart_points, terminal_chart, terminal_size

    columns, lines = size or terminal_size()
    curves = _sample(view, chart_points(view.points, columns))
    layout = curve_layout(curves, lang=spec.lang, title=spec.title, sweep=view.sweep,
                          compare=view.labelled, dtype=view.dtype, unicode_minus=False)
    return terminal_chart(layout, columns, lines, color)


def _sample(view: CurveView, points: int) -> list[Curve]:
    return sample_curves(view.drawn, view.xmin, view.xmax, points, view.derivative,
                         view.second_derivative)


def curve_warnings(view: CurveView) -> list[str]:
    """Where an activation of ``view`` is inf or NaN on its range (a formula's gaps)."""
    from actviz.products.warnings import range_warnings

    return range_warnings(view.activations, view.xmin, view.xmax)


# --------------------------------------------------------------------------------------------
# The API: actviz.plot(...) and actviz.compare(...)
# --------------------------------------------------------------------------------------------


class CurveResult(FigureResult):
    """Curves of ``plot`` or ``compare``: ``activations`` (bound), ``curves`` (sampled as a
    figure draws them: f and f' traces, asymptotes), a figure, a terminal chart."""

    def __init__(self, view: CurveView, options: dict) -> None:
        super().__init__(options)
        self.view = view
        self.activations = list(view.activations)
        self._curves: list[Curve] | None = None

    @property
    def panels(self) -> int:
        return self.view.panels

    @property
    def curves(self) -> list[Curve]:
        if self._curves is None:
            self._curves = _sample(self.view, min(self.view.points, FIGURE_MAX_POINTS))
        return self._curves

    @property
    def warnings(self) -> list[str]:
        """Where a formula is inf or NaN on the range (one line each; built-ins never)."""
        return curve_warnings(self.view)

    def chart_warnings(self) -> list[str]:
        """:attr:`warnings`, after those of a terminal chart (figure options it ignores)."""
        return check_view(self.view, self.spec, None) + self.warnings

    def _layout_options(self) -> dict:
        return dict(title=self.spec.title, sweep=self.view.sweep, compare=self.view.labelled,
                    dtype=self.view.dtype)

    def _build(self, lang: str):
        from actviz.render.figures import curve_figure

        return curve_figure(self.curves, lang=lang, size=(self.spec.width, self.spec.height),
                            axes=self.options.get("axes"), **self._layout_options())

    def _draw(self, axes, lang: str) -> None:
        from actviz.render.figures import draw_curves

        draw_curves(axes, self.curves, lang=lang, placement=self.options.get("axes"),
                    **self._layout_options())

    def check_output(self, path: str | os.PathLike) -> None:
        check_view(self.view, self.spec, path)

    def chart(self, size: tuple[int, int] | None = None, color: bool = False) -> str:
        """The terminal chart (``actviz plot`` without ``-o``), ``size`` = (columns, lines)."""
        return curve_chart(self.view, self.spec, size, color)

    def _summary(self) -> str:
        names = ", ".join(a.spec for a in self.activations)
        traced = ("f", "f′" * self.view.derivative, "f″" * self.view.second_derivative)
        what = listed(traced)
        return f"{names}: {what} on [{self.view.xmin:g}, {self.view.xmax:g}]"


class PlotResult(CurveResult):
    """``actviz.plot(...)``: one activation, or one curve per value of ``sweep``."""


class CompareResult(CurveResult):
    """``actviz.compare(...)``: activations overlaid; ``.table`` is the comparison table."""

    @property
    def table(self) -> "CompareTable":
        return CompareTable(self.activations, self.options)


class CompareTable(TableResult):
    """The table ``actviz compare`` prints: range, f(0), f′(0), max |f′| and where,
    zero-centred, monotonic, saturating; one column per activation."""

    def __init__(self, activations: Sequence[BoundActivation], options: dict) -> None:
        from actviz.analysis.compare import compare_all

        super().__init__(options)
        self.comparisons = compare_all(activations)

    def _sheets(self, fmt: str):
        from actviz.render.tables import comparison_sheet

        return [comparison_sheet(self.comparisons, self.options.get("lang", "en"))]

    def _json_data(self) -> list:
        return [comparison.to_json() for comparison in self.comparisons]

    def rich(self):
        """The rich table, as the command prints it."""
        from actviz.render.tables import comparison_table

        return comparison_table(self.comparisons, self.options.get("lang", "en"))

    def _summary(self) -> str:
        return ", ".join(c.label for c in self.comparisons)


@takes(PLOT)
def plot(name: str, **options: Any) -> PlotResult:
    """Activation ``name`` (``"elu:alpha=0.5"``) as curves f(x) and, with
    ``derivative=True``, f′(x) and, with ``second_derivative=True``, f″(x) (a panel each),
    for x in [xmin, xmax] sampled at ``points`` values (kinks and
    jumps exactly); ``sweep="alpha=0.5,1,2"`` draws one curve per value.  The keywords are
    those of ``actviz plot`` (see :data:`actviz.options.PLOT`).

    >>> p = plot("elu:alpha=0.5", derivative=True, xmin=-4, xmax=4)
    >>> p
    <PlotResult elu:alpha=0.5: f and f′ on [-4, 4]>
    """
    given = PLOT.bind(options)
    check_curves(given)
    if given["dtype"] is not None and given["sweep"] is not None:
        raise OptionError(f"{option_name('dtype')} and {option_name('sweep')} cannot be "
                          "combined: draw one rounded curve per activation")
    view = plot_view(name, sweep=given["sweep"], xmin=given["xmin"], xmax=given["xmax"],
                     points=given["points"], derivative=given["derivative"])
    return PlotResult(_finished(view, given), given)


@takes(COMPARE)
def compare(names: Sequence[str], **options: Any) -> CompareResult:
    """Two or more activations overlaid (a wildcard stands for every one it matches), with
    the comparison table as ``.table``; keywords as for :func:`plot` (``actviz compare``)."""
    if isinstance(names, str):
        names = [names]
    given = COMPARE.bind(options)
    check_curves(given)
    view = compare_view(list(names), xmin=given["xmin"], xmax=given["xmax"],
                        points=given["points"], derivative=given["derivative"])
    return CompareResult(_finished(view, given), given)


def _finished(view: CurveView, given: dict) -> CurveView:
    """``view`` with the options every kind of curve takes: f'' and ``dtype`` (a format
    name, checked now: a bad one fails before any work)."""
    from dataclasses import replace

    view = replace(view, second_derivative=given["second_derivative"])
    if given["dtype"] is None:
        return view
    from actviz.analysis.dtypes import lookup_dtype

    dtype_names(given)  # an unknown name is the option's error, spelled as the caller's
    return replace(view, dtype=lookup_dtype(given["dtype"]).name)
