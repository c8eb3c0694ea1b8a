"""What a plot or compare figure shows, decided once for both renderers (matplotlib, terminal).

A :class:`Layout` is the title and one to three :class:`Panel` objects (f, then f' and f''
below); each panel holds its lines as :class:`Series`.  The renderers only choose colours and
draw, so a figure and a terminal chart of the same command always agree.  No matplotlib here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import numpy as np

from actviz.analysis.sampling import Curve, Trace
from actviz.render.labels import text
from actviz.render.words import pi_fraction, pi_text, significant, typographic_minus

Y_MARGIN = 0.08  # of the y span, above and below the drawn values
ORIGIN_REACH = 0.3  # y = 0 is brought into view when it is this close (fraction of the span)


@dataclass(frozen=True)
class Series:
    """One line of a panel: a trace, its ``slot`` in the colour cycle, its legend label."""

    trace: Trace
    slot: int
    label: str | None = None


@dataclass(frozen=True)
class Panel:
    """One axes: its name (``f(x)``), formula (mathtext or ``None``), lines and asymptotes."""

    name: str
    formula: str | None
    series: tuple[Series, ...]
    asymptotes: tuple[float, ...] = ()
    # x where a rounded curve's f′ becomes 0 for good (plot/compare --dtype), inside the view
    zero_from: tuple[float, ...] = ()
    # f'': a formula wider than the figure gives way to the name (sympy's f'' of a formula of
    # one's own can take a line and a half); f and f' are the user's to fit, so an error
    formula_may_yield: bool = False

    @property
    def xlim(self) -> tuple[float, float]:
        starts = [s.trace.span[0] for s in self.series]
        ends = [s.trace.span[1] for s in self.series]
        return float(min(starts)), float(max(ends))

    @property
    def ylim(self) -> tuple[float, float]:
        return value_limits([s.trace for s in self.series], self.asymptotes)


@dataclass(frozen=True)
class Layout:
    """A titled figure of one or two panels; ``legend`` when the lines carry labels.

    Both panels carry the same labels (a curve keeps its colour); a figure draws one legend
    for both below the panels, and so does a terminal chart.
    """

    title: str
    panels: tuple[Panel, ...]

    @property
    def legend(self) -> bool:
        return any(s.label for s in self.panels[0].series)


def curve_layout(
    curves: Sequence[Curve],
    *,
    lang: str = "en",
    title: str | None = None,
    sweep: str | None = None,
    compare: bool = False,
    dtype: str | None = None,
    unicode_minus: bool = True,
) -> Layout:
    """The layout of ``actviz plot`` or, with ``compare``, of ``actviz compare``.

    plot: one activation (panels titled by their formulas), or a ``sweep`` of one parameter
    (one labelled line per value, titled with the values).  compare: every activation in each
    panel, labelled with its name and values; with ``dtype``, each activation is followed by
    itself rounded to that format (``--dtype``), and the title names only the activations.
    ``title`` replaces the title made here.
    """
    fmt = _Formatter(unicode_minus)
    if compare:
        heading, labels, formulas = _compare_parts(curves, fmt, lang, dtype)
    elif sweep is not None:
        heading = fmt.sweep_title(curves, sweep, lang)
        labels, formulas = [fmt.sweep_label(c, sweep, lang) for c in curves], (None, None, None)
    else:
        heading, labels, formulas = _single_parts(curves[0], fmt, lang)
    return Layout(title or heading, _panels(curves, labels, formulas, lang))


Formulas = tuple[str | None, str | None, str | None]  # of f, f' and f''
Parts = tuple[str, list[str | None], Formulas]  # title, labels, formulas


def _single_parts(curve: Curve, fmt: "_Formatter", lang: str) -> Parts:
    slope, bend = curve.derivative is not None, curve.second_derivative is not None
    key = ("plot_title", "plot_title_derivative", "plot_title_second",
           "plot_title_derivatives")[slope + 2 * bend]
    declaration = curve.activation.activation
    return (text(key, lang, label=fmt.label(curve.activation.label)), [None],
            (declaration.formula, declaration.derivative_formula,
             declaration.second_derivative_formula or None))


# compare's title names at most this many activations, in at most this many characters
# (what a 6.4 in figure holds at the style's title size); beyond, it counts them.
_NAMES_IN_TITLE = 4
_TITLE_CHARACTERS = 54


def _compare_parts(curves: Sequence[Curve], fmt: "_Formatter", lang: str,
                   dtype: str | None = None) -> Parts:
    labels: list[str | None] = [fmt.label(c.activation.label) for c in curves]
    # With a dtype every other curve is a rounded copy: "Sigmoid vs Sigmoid in bfloat16, f′ =
    # 0 for |x| ≥ 93", or "2 activations compared" for one, made a poor title.
    shown = [label for label in (labels[::2] if dtype else labels) if label]
    names = text("compare_joiner", lang).join(shown)
    heading = text("compare_title", lang, names=names)
    if len(shown) > _NAMES_IN_TITLE or len(heading) > _TITLE_CHARACTERS:
        heading = text("compare_many_title", lang, count=len(shown))  # the legend has the names
    if dtype:
        heading = text("rounded_title", lang, heading=heading, dtype=dtype)
    return heading, labels, (None, None, None)


def _panels(
    curves: Sequence[Curve],
    labels: Sequence[str | None],
    formulas: Formulas,
    lang: str,
) -> tuple[Panel, ...]:
    asymptotes = tuple(sorted({a.y for c in curves for a in c.asymptotes}))
    top = Panel(
        text("function", lang),
        formulas[0],
        tuple(Series(c.function, i, lab) for i, (c, lab) in enumerate(zip(curves, labels))),
        asymptotes,
    )
    panels = [top]
    if curves[0].derivative is not None:
        panels.append(Panel(text("derivative", lang), formulas[1],
                            _series(curves, labels, lambda c: c.derivative),
                            zero_from=_zero_gradient_marks(curves)))
    if curves[0].second_derivative is not None:
        panels.append(Panel(text("second_derivative", lang), formulas[2],
                            _series(curves, labels, lambda c: c.second_derivative),
                            formula_may_yield=True))
    return tuple(panels)


def _series(
    curves: Sequence[Curve], labels: Sequence[str | None], trace: Callable[[Curve], Trace | None]
) -> tuple[Series, ...]:
    """One series per curve that has ``trace`` (f' or f''), keeping the curve's colour index."""
    return tuple(Series(trace(c), i, lab) for i, (c, lab) in enumerate(zip(curves, labels))
                 if trace(c) is not None)


def _zero_gradient_marks(curves: Sequence[Curve]) -> tuple[float, ...]:
    """The x (inside each curve's range, not 0) from which a rounded curve's f′ is 0: what
    :func:`actviz.analysis.precision.rounded_activation` records in its declaration."""
    marks = set()
    for curve in curves:
        starts = curve.activation.activation.extra.get("gradient_zero_from", {})
        low, high = curve.xrange
        for x in (-(starts.get("left") or 0.0), starts.get("right") or 0.0):
            if x != 0 and low < x < high:
                marks.add(x)
    return tuple(sorted(marks))


def value_limits(traces: Iterable[Trace], extra: Iterable[float] = ()) -> tuple[float, float]:
    """The y limits that show every trace and ``extra`` value with a margin.

    y = 0 joins the view when it is within :data:`ORIGIN_REACH` of the span, so the x axis
    (and the origin) is drawn for nearly every activation; a constant (identity' = 1,
    step' = 0) is shown against y = 0.
    """
    bounds = [b for b in (t.bounds() for t in traces) if b is not None]
    extra = [e for e in extra if math.isfinite(e)]
    if not bounds and not extra:  # nothing finite to show (a formula that is NaN throughout)
        return -1.0, 1.0
    low = min([b[0] for b in bounds] + extra)
    high = max([b[1] for b in bounds] + extra)
    if not math.isfinite(high - low):  # values near ±1.8e308: no room left for a margin
        return low, high
    if high == low:
        low, high = min(low, 0.0), max(high, 0.0)
        if high == low:
            low, high = -1.0, 1.0
    span = high - low
    if 0 < low <= ORIGIN_REACH * span:
        low = 0.0
    if -ORIGIN_REACH * span <= high < 0:
        high = 0.0
    span = high - low
    return low - Y_MARGIN * span, high + Y_MARGIN * span


class _Formatter:
    """Numbers and labels as figures print them: ``0.5``, ``−1`` with the minus sign."""

    def __init__(self, unicode_minus: bool):
        self.unicode_minus = unicode_minus

    def number(self, value: float) -> str:
        return self.label(significant(value))

    def label(self, label: str) -> str:
        """A hyphen before a digit becomes U+2212, as in matplotlib's tick labels."""
        return typographic_minus(label) if self.unicode_minus else label

    def sweep_label(self, curve: Curve, key: str, lang: str) -> str:
        symbol = curve.activation.activation.parameter(key).label
        value = self.number(curve.activation.params[key])
        return text("sweep_value", lang, symbol=symbol, value=value)

    def sweep_title(self, curves: Sequence[Curve], key: str, lang: str) -> str:
        """E.g. ``LeakyReLU (a = 0.01, 0.1, 0.3)``; fixed parameters follow a semicolon."""
        first = curves[0].activation
        declaration = first.activation
        swept = ", ".join(self.number(c.activation.params[key]) for c in curves)
        parts = [f"{declaration.parameter(key).label} = {swept}"]
        parts += [
            f"{declaration.parameter(name).label} = {self.number(value)}"
            for name, value in first.params.items()
            if name != key
        ]
        assignments = "; ".join(parts)
        if first.framework_title is not None:  # leaky_relu@keras: whose defaults the rest are
            assignments = f"{first.framework_title}: {assignments}"
        return text("sweep_title", lang, title=declaration.title, assignments=assignments)


def format_number(value: float, unicode_minus: bool = True) -> str:
    """``value`` in at most 6 significant digits, with the minus sign U+2212 (margin labels).

    Simple multiples of π read as such: arctan's asymptote is ``π/2``, not ``1.5708``.
    """
    fraction = pi_fraction(value)
    shown = pi_text(*fraction) if fraction else significant(value)
    return typographic_minus(shown) if unicode_minus else shown


def dense_points(panel: Panel, per_segment: int) -> tuple[np.ndarray, np.ndarray]:
    """The panel's curves resampled at ``per_segment`` points per segment (data units), dense
    enough to tell where a legend or label would cover a curve; empty arrays if nothing is
    drawn."""
    xs, ys = [np.array([])], [np.array([])]
    for series in panel.series:
        for x, y in series.trace.segments:
            dense = np.linspace(x[0], x[-1], per_segment)
            xs.append(dense)
            ys.append(np.interp(dense, x, y))
    return np.concatenate(xs), np.concatenate(ys)


# --------------------------------------------------------------------------------------------
# Where a label, legend or inset covers the fewest curve points
# --------------------------------------------------------------------------------------------

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in fractions of the panel's limits


def to_fractions(x, y, xlim: tuple[float, float], ylim: tuple[float, float]
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Data coordinates as fractions of the limits: 0 at the left or bottom, 1 at the right or
    top (matplotlib's axes coordinates)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return (x - xlim[0]) / (xlim[1] - xlim[0]), (y - ylim[0]) / (ylim[1] - ylim[0])


def panel_fractions(panel: Panel, per_segment: int) -> tuple[np.ndarray, np.ndarray]:
    """The panel's curves (:func:`dense_points`) as fractions of its own limits."""
    return to_fractions(*dense_points(panel, per_segment), panel.xlim, panel.ylim)


def least_covered(boxes: Sequence[Box], points: tuple[np.ndarray, np.ndarray]) -> int:
    """The index of the box with the fewest ``points`` strictly inside it; of equals, the first
    (so the boxes are listed in the order they are preferred)."""
    px, py = points

    def covered(box: Box) -> int:
        x0, y0, x1, y1 = box
        return int(((px > x0) & (px < x1) & (py > y0) & (py < y1)).sum())

    counts = [covered(box) for box in boxes]
    return counts.index(min(counts))
