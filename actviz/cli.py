"""The ``actviz`` command line: thin click commands that parse, call the library and print.

Library errors (:class:`actviz.errors.ActvizError`) become one line on stderr and the error's
exit code (2 for bad input, 1 for a failure while writing); no command prints a traceback for
bad input.  Options shared by several commands are declared once, as decorators below.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Callable

import click

from actviz import __version__
from actviz.errors import ActvizError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def fail(message: str, code: int = 2) -> None:
    """Print one line ``actviz: error: message`` on stderr and exit with ``code``."""
    click.echo(f"actviz: error: {message}", err=True)
    sys.exit(code)


class ActvizGroup(click.Group):
    """A click group whose errors are one line on stderr: library errors and click's usage errors.

    click prints a usage error as three lines (usage, hint, error); here it is one line that
    ends with where to find help, and the exit code stays click's 2.
    """

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as error:
            fail_usage(error)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            fail_usage(error)
        except ActvizError as error:
            fail(str(error), error.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", code=130)


def fail_usage(error: click.UsageError) -> None:
    """Report a click usage error on one line, with the command whose --help explains it."""
    command = error.ctx.command_path if error.ctx is not None else "actviz"
    fail(f"{error.format_message()} (see '{command} --help')", error.exit_code)


def warn(message: str) -> None:
    """Print one line ``actviz: warning: message`` on stderr."""
    click.echo(f"actviz: warning: {message}", err=True)


def print_renderable(renderable: Any) -> None:
    """Print a rich renderable on stdout (rich is imported only by commands that print)."""
    from rich.console import Console

    Console().print(renderable)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


# --------------------------------------------------------------------------------------------
# Shared options
# --------------------------------------------------------------------------------------------


def _stack(*decorators: Callable[[_Command], _Command]) -> Callable[[_Command], _Command]:
    def apply(fn: _Command) -> _Command:
        for decorator in reversed(decorators):
            fn = decorator(fn)
        return fn

    return apply


def range_options(xmin: float = -6.0, xmax: float = 6.0, points: int = 2001):
    """--xmin, --xmax, --points (checked by :func:`actviz.analysis.grid.check_range`)."""
    return _stack(
        click.option("--xmin", type=float, default=xmin, show_default=True,
                     help="Left end of the x range."),
        click.option("--xmax", type=float, default=xmax, show_default=True,
                     help="Right end of the x range."),
        click.option("--points", type=int, default=points, show_default=True,
                     help="Number of x values (2 to 10^7)."),
    )


def figure_options(
    fn: _Command | None = None, *, size_flags: tuple[str, str] = ("--width", "--height")
):
    """-o/--output, --dpi, --style, --title, --width, --height, --lang: how a figure looks.

    A command whose ``--width`` means something else (``saturation --depth L --width W``, the
    network's width) names the figure's size options with ``size_flags``, e.g.
    ``@figure_options(size_flags=("--fig-width", "--fig-height"))``.
    """
    width_flag, height_flag = size_flags
    stack = _stack(
        click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
                     help="Write the figure to this file (.png, .svg or .pdf)."),
        click.option("--dpi", type=click.FloatRange(min=10, max=2400), default=None,
                     help="Resolution of PNG output (dots per inch)."),
        click.option("--style", default=None, metavar="NAME|PATH",
                     help="A matplotlib style name or .mplstyle file (default: actviz)."),
        click.option("--title", default=None, help="Replace the figure's title."),
        click.option(width_flag, type=click.FloatRange(min=1, max=100), default=None,
                     help="Figure width in inches."),
        click.option(height_flag, type=click.FloatRange(min=1, max=100), default=None,
                     help="Figure height in inches."),
        click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
                     help="Language of labels and titles."),
    )
    return stack if fn is None else stack(fn)


def format_option(*choices: str, default: str = "rich"):
    """--format with the given choices."""
    return click.option(
        "--format", "fmt", type=click.Choice(list(choices)), default=default, show_default=True,
        help="Output format.",
    )


@click.group(cls=ActvizGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="actviz")
def cli() -> None:
    """Explore activation functions: curves, exact derivatives, tables and figures.

    \b
    Examples:
      actviz list
      actviz list --format json
    """


@cli.command("list")
@format_option("rich", "json")
def list_command(fmt: str) -> None:
    """List every registered activation with its formula, range and properties.

    \b
    Example:
      actviz list --format json
    """
    from actviz.analysis.catalog import catalog

    records = catalog()
    if fmt == "json":
        echo_json(records)
        return
    from actviz.render.listing import listing_table

    print_renderable(listing_table(records))


# --------------------------------------------------------------------------------------------
# table, saturation: the numbers behind vanishing gradients
# --------------------------------------------------------------------------------------------

TABLE_FORMATS = ("rich", "csv", "markdown", "latex", "json")
_HUMAN_FORMATS = ("rich", "markdown", "latex")


def precision_option(default: int):
    """--precision: significant digits of tables for people (rich, Markdown, LaTeX)."""
    return click.option(
        "--precision", type=click.IntRange(1, 17), default=default, show_default=True,
        help="Significant digits in rich, Markdown and LaTeX (CSV and JSON are always exact).",
    )


def _given(ctx: click.Context, *names: str) -> list[str]:
    """The options among ``names`` that the user typed (not left at their defaults)."""
    from click.core import ParameterSource

    return [n for n in names if ctx.get_parameter_source(n) is not ParameterSource.DEFAULT]


def _print_tables(
    ctx: click.Context, fmt: str, precision: int, sheets: Any, renderable: Any
) -> None:
    """Print ``renderable`` (rich) or ``sheets`` as CSV, Markdown or LaTeX on stdout."""
    from actviz.render import export

    if fmt not in _HUMAN_FORMATS and _given(ctx, "precision"):
        warn(f"--precision does not apply to --format {fmt}: it is written at full precision")
    if fmt == "rich":
        print_renderable(renderable)
    elif fmt == "csv":
        click.echo(export.to_csv(*sheets), nl=False)
    else:
        writer = export.to_markdown if fmt == "markdown" else export.to_latex
        click.echo(writer(*sheets, precision=precision), nl=False)


@cli.command("table")
@click.argument("names", nargs=-1, required=True, metavar="NAME...")
@click.option("--at", metavar="X1,X2,...", default=None,
              help="Comma-separated x values (inf allowed) [default: -6,-3,-1,-0.5,0,0.5,1,3,6].")
@range_options(-6.0, 6.0, 13)
@click.option("--no-derivative", is_flag=True, help="Leave out the f'(x) columns.")
@format_option(*TABLE_FORMATS)
@precision_option(6)
@click.pass_context
def table_command(
    ctx: click.Context, names: tuple[str, ...], at: str | None, xmin: float, xmax: float,
    points: int, no_derivative: bool, fmt: str, precision: int,
) -> None:
    """Values f(x) and f'(x) of each activation, one row per x.

    x comes from --at (shown exactly as typed), or from --xmin/--xmax/--points (evenly
    spaced), or defaults to -6,-3,-1,-0.5,0,0.5,1,3,6.  Small values keep their digits in
    scientific notation (4.25e-18, never 0.000000).  CSV and JSON hold every float at full
    precision; JSON writes inf and NaN as the strings "inf", "-inf", "nan".

    \b
    Example:
      actviz table sigmoid tanh relu
      actviz table gelu --at -3,-1,0,1,3 --format latex
      actviz table sigmoid --at 20,40,inf --format json
    """
    from actviz.analysis.selection import select_activations
    from actviz.analysis.tables import table_points, value_table
    from actviz.render.sheets import value_sheet

    activations = select_activations(names)
    grid = (xmin, xmax, points) if _given(ctx, "xmin", "xmax", "points") else None
    x, given = table_points(at, grid)
    table = value_table(activations, x, derivative=not no_derivative, x_given=given)
    if fmt == "json":
        from actviz.render.export import value_table_json

        echo_json(value_table_json(table))
        return
    from actviz.render.tables import SheetTables

    sheets = [value_sheet(table)]
    _print_tables(ctx, fmt, precision, sheets, SheetTables(sheets, precision))


@cli.command("saturation")
@click.argument("names", nargs=-1, metavar="[NAME]...")
@click.option("--threshold", type=float, default=0.01, show_default=True,
              help="|f'(x)| below this counts as saturated.")
@click.option("--sigma", type=float, default=1.0, show_default=True,
              help="Spread σ of the inputs x ~ N(0, σ²) for the fractions and the mean.")
@click.option("--depth", type=int, default=None, metavar="L",
              help="Also send a gradient back through a random net of L layers (1 to 1,000).")
@click.option("--width", type=int, default=None, metavar="W",
              help="With --depth: units per layer, 1 to 4,096 [default: 256].")
@click.option("--init", type=click.Choice(["xavier", "he", "lecun"]), default=None,
              help="With --depth: weight initialisation [default: he].")
@click.option("--seed", type=int, default=None, metavar="N",
              help="With --depth: random seed [default: 0].")
@format_option(*TABLE_FORMATS)
@precision_option(4)
@figure_options(size_flags=("--fig-width", "--fig-height"))
@click.pass_context
def saturation_command(
    ctx: click.Context, names: tuple[str, ...], threshold: float, sigma: float,
    depth: int | None, width: int | None, init: str | None, seed: int | None, fmt: str,
    precision: int, output: str | None, dpi: float | None, style: str | None,
    title: str | None, fig_width: float | None, fig_height: float | None, lang: str,
) -> None:
    """Where each activation's gradient vanishes (all activations when no NAME is given).

    For each activation: the largest |f'| and where, the x intervals where |f'| >= T (ends
    found by root finding), the sides where |f'| -> 0, and for inputs x ~ N(0, σ²) the
    saturated fraction P(|f'| < T), the dead fraction P(f' = 0) and the mean |f'|.

    --depth L sends a unit gradient back through L random dense layers (the same weights
    for every activation) and shows how much reaches each layer relative to the last, and
    the fraction of dead units per layer.  With -o FIG: |f'(x)| on a log scale (and the
    gradient per layer with --depth); the figure's size is --fig-width/--fig-height, since
    --width is the network's.

    \b
    Example:
      actviz saturation
      actviz saturation sigmoid tanh relu --depth 30 -o sat.png
      actviz saturation relu gelu --sigma 2 --format json
    """
    from actviz.analysis.depth import DepthSettings
    from actviz.analysis.saturation import check_sigma, check_threshold, saturation_report
    from actviz.analysis.selection import select_activations
    from actviz.errors import OptionError

    check_threshold(threshold)
    check_sigma(sigma)
    settings = None
    if depth is None:
        stray = _given(ctx, "width", "init", "seed")
        if stray:
            raise OptionError(f"--{stray[0]} only applies with --depth L")
    else:
        chosen = {"width": width, "init": init, "seed": seed}
        settings = DepthSettings(depth, **{k: v for k, v in chosen.items() if v is not None})
    activations = select_activations(names)
    if output is not None:
        from actviz.output import prepare_folder
        from actviz.render.fonts import language_setup
        from actviz.render.save import check_figure_path
        from actviz.render.saturation_figure import check_style

        check_figure_path(output)
        check_style(style)
        prepare_folder(output)  # an unwritable place fails now, not after the work
    report = saturation_report(activations, threshold, sigma, settings)

    if report.depth is not None:
        for run in report.depth.runs:
            if not run.finite:
                warn(f"the forward pass of {run.key} overflowed float64: its gradients are nan")
    if fmt == "json":
        from actviz.render.export import saturation_json

        echo_json(saturation_json(report))
    else:
        from actviz.render.sheets import saturation_sheets
        from actviz.render.tables import saturation_tables

        _print_tables(ctx, fmt, precision, saturation_sheets(report, fmt, precision),
                      saturation_tables(report, precision))
    if output is not None:
        from actviz.analysis.slope_curves import slope_curves
        from actviz.render.saturation_figure import write_saturation_figure

        language = language_setup(lang)
        if language.warning:
            warn(language.warning)
        write_saturation_figure(
            report, slope_curves(activations, report.activations), output, language=language,
            style=style, title=title, size=(fig_width, fig_height), dpi=dpi,
        )
        click.echo(f"actviz: wrote {output}", err=True)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    cli.main(args=argv, prog_name="actviz")
