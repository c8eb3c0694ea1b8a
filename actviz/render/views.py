"""Curves to a file or to the terminal: what ``plot`` and ``compare`` do after parsing.

:func:`check_view` validates everything first (range, output path, style, title, fonts), so a
bad option fails before any sampling or drawing and never leaves a file behind;
:func:`render_view` then samples the curves (analysis) and draws them (figures or terminal).
Heavy libraries are imported only on the branch that needs them: a terminal chart never
imports matplotlib.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from actviz.activations.registry import BoundActivation
from actviz.analysis.grid import check_range
from actviz.analysis.sampling import sample_curves
from actviz.errors import OptionError
from actviz.render.panels import Layout, compare_layout, plot_layout

HINT = "add -o FILE.png (or .svg, .pdf) to save this chart as a figure"
# A figure gains nothing from more samples than this (30 per pixel of a 6.4 in, 1000 dpi
# figure), while 10^7 would take gigabytes and make SVG and PDF files of hundreds of MB.
# Breakpoints are added to the grid whatever the count, so kinks and jumps stay exact.
FIGURE_MAX_POINTS = 200_000


@dataclass(frozen=True)
class FigureOptions:
    """How a figure looks and where it goes (``output=None``: the terminal)."""

    output: str | None = None
    dpi: float | None = None
    style: str | None = None
    title: str | None = None
    width: float | None = None
    height: float | None = None
    lang: str = "en"


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


@dataclass
class Rendered:
    """The result: the file written, or the chart text for stdout (and the hint for stderr)."""

    path: Path | None = None
    chart: str | None = None
    hint: str | None = None


def check_view(view: CurveView, options: FigureOptions) -> list[str]:
    """Validate the range and every figure option; return warnings to print (one line each).

    Raises :class:`OptionError` (bad range, suffix, style, title, a PNG too large) or
    :class:`OutputError` (a path that cannot be written) before anything is drawn.
    """
    check_range(view.xmin, view.xmax, view.points)
    if options.output is None:
        ignored = [f"--{name}" for name in ("dpi", "style", "width", "height")
                   if getattr(options, name) is not None]
        if ignored:
            return [f"{', '.join(ignored)} only apply to figure files (-o FILE); ignored"]
        return []
    from actviz.render.save import check_figure_path
    from actviz.render.style import check_style

    fmt = check_figure_path(options.output)
    check_style(options.style)
    if fmt == "png":
        check_pixels(view, options)
    if options.title:
        check_title(options.title)
    setup = font_setup(options)
    return [setup.warning] if setup.warning else []


def font_setup(options: FigureOptions):
    """The fonts for ``options.lang``, with a CJK font also when an English figure is given a
    title in Chinese (``--title 激活函数``), so its characters are not drawn as boxes."""
    from actviz.render.fonts import LanguageSetup, language_setup

    setup = language_setup(options.lang)
    if setup.lang == "zh" or not _has_cjk(options.title or ""):
        return setup
    cjk = language_setup("zh")
    if cjk.warning:
        return LanguageSetup(options.lang, setup.lang, warning=(
            "no CJK font found (install e.g. fonts-noto-cjk): the title's Chinese characters "
            "cannot be drawn"))
    return LanguageSetup(options.lang, setup.lang, cjk.rc)


def _has_cjk(text: str) -> bool:
    """True if ``text`` holds CJK characters (ideographs, kana, hangul, CJK punctuation)."""
    return any("\u2e80" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af"
               or "\uff00" <= char <= "\uffef" for char in text)


MAX_PNG_SIDE = 16_384  # pixels: an A0 poster at 300 dpi is 14,043 px wide


def check_pixels(view: CurveView, options: FigureOptions) -> None:
    """A PNG larger than :data:`MAX_PNG_SIDE` on a side is refused (it would take gigabytes)."""
    from actviz.render.figures import png_pixels
    from actviz.render.style import style_context

    panels = 2 if view.derivative else 1
    with style_context(options.style):
        width, height = png_pixels(panels, (options.width, options.height), options.dpi)
    if max(width, height) > MAX_PNG_SIDE:
        raise OptionError(
            f"a {width} × {height} px PNG is too large (at most {MAX_PNG_SIDE:,} px a side): "
            "lower --dpi, --width or --height, or write .svg or .pdf"
        )


def check_title(title: str) -> None:
    """A title with ``$...$`` must be valid mathtext (a lone ``$`` is written ``\\$``)."""
    if "$" not in title.replace(r"\$", ""):
        return
    from matplotlib.mathtext import MathTextParser

    try:
        MathTextParser("path").parse(title)
    except ValueError:
        raise OptionError(
            f"--title: cannot read the math in '{title}' (write a literal $ as \\$)"
        ) from None


def render_view(
    view: CurveView,
    options: FigureOptions,
    *,
    terminal: tuple[int, int] | None = None,
    color: bool = False,
) -> Rendered:
    """Sample ``view`` and draw it: a figure file when ``options.output``, else a terminal chart
    of ``terminal`` = (columns, lines) characters (default: the terminal's size)."""
    if options.output is None:
        return _render_terminal(view, options, terminal, color)
    return Rendered(path=_render_file(view, options))


def _layout(view: CurveView, curves, options: FigureOptions, lang: str, minus: bool) -> Layout:
    if view.compare:
        return compare_layout(curves, lang=lang, title=options.title, unicode_minus=minus)
    return plot_layout(
        curves, lang=lang, title=options.title, sweep=view.sweep, unicode_minus=minus
    )


def _render_terminal(
    view: CurveView, options: FigureOptions, size: tuple[int, int] | None, color: bool
) -> Rendered:
    from actviz.render.terminal import chart_points, terminal_chart, terminal_size

    columns, lines = size or terminal_size()
    points = chart_points(view.points, columns)
    curves = sample_curves(view.activations, view.xmin, view.xmax, points, view.derivative)
    layout = _layout(view, curves, options, options.lang, minus=False)
    return Rendered(chart=terminal_chart(layout, columns, lines, color), hint=HINT)


def _render_file(view: CurveView, options: FigureOptions) -> Path:
    import matplotlib

    from actviz.render.figures import layout_figure, write_figure

    points = min(view.points, FIGURE_MAX_POINTS)
    curves = sample_curves(view.activations, view.xmin, view.xmax, points, view.derivative)
    setup = font_setup(options)

    def build():
        minus = bool(matplotlib.rcParams["axes.unicode_minus"])
        layout = _layout(view, curves, options, setup.lang, minus)
        return layout_figure(layout, setup.lang, (options.width, options.height))

    assert options.output is not None
    with warnings.catch_warnings():
        if setup.warning:  # already said in one line: not once more per missing glyph
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        return write_figure(
            build, options.output, dpi=options.dpi, style=options.style, rc=setup.rc
        )
