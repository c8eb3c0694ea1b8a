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


def figure_options(fn: _Command) -> _Command:
    """-o/--output, --dpi, --style, --title, --width, --height, --lang: how a figure looks."""
    return _stack(
        click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
                     help="Write the figure to this file (.png, .svg or .pdf)."),
        click.option("--dpi", type=click.FloatRange(min=10, max=2400), default=None,
                     help="Resolution of PNG output (dots per inch)."),
        click.option("--style", default=None, metavar="NAME|PATH",
                     help="A matplotlib style name or .mplstyle file (default: actviz)."),
        click.option("--title", default=None, help="Replace the figure's title."),
        click.option("--width", type=click.FloatRange(min=1, max=100), default=None,
                     help="Figure width in inches."),
        click.option("--height", type=click.FloatRange(min=1, max=100), default=None,
                     help="Figure height in inches."),
        click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
                     help="Language of labels and titles."),
    )(fn)


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
# plot and compare: curves as figures (-o FILE) or terminal charts
# --------------------------------------------------------------------------------------------

derivative_option = click.option(
    "-d", "--derivative", is_flag=True, help="Also draw the derivative f′ in a panel below."
)


def _show_curves(view_kwargs: dict[str, Any], figure_kwargs: dict[str, Any]) -> None:
    """Validate everything, then write the figure or print the terminal chart (and hint)."""
    from actviz.render.views import CurveView, FigureOptions, check_view, render_view

    view, options = CurveView(**view_kwargs), FigureOptions(**figure_kwargs)
    for message in check_view(view, options):
        warn(message)
    rendered = render_view(view, options, color=sys.stdout.isatty())
    if rendered.chart is not None:
        click.echo(rendered.chart)
        click.echo(f"actviz: hint: {rendered.hint}", err=True)


@cli.command("plot")
@click.argument("name")
@derivative_option
@click.option("--sweep", metavar="KEY=V1,V2,...",
              help="One curve per value of a parameter, e.g. alpha=0.5,1,2.")
@range_options()
@figure_options
def plot_command(
    name: str, derivative: bool, sweep: str | None, xmin: float, xmax: float, points: int,
    **figure: Any,
) -> None:
    """Draw activation NAME (e.g. relu, elu:alpha=0.5) and, with -d, its derivative.

    Without -o the chart is drawn in the terminal; with -o FILE it is saved as PNG, SVG or PDF
    (by suffix). A figure draws at most 200,000 of the --points, a terminal chart 4 per
    column; kinks and jumps are always sampled exactly.

    \b
    Example:
      actviz plot relu --derivative
      actviz plot elu:alpha=0.5 -d -o elu.png
      actviz plot leaky_relu --sweep negative_slope=0.01,0.1,0.3 -o sweep.pdf
      actviz plot gelu --lang zh -o gelu.png
    """
    import actviz

    if sweep is None:
        activations, key = [actviz.get(name)], None
    else:
        from actviz.analysis.sweep import sweep_activations

        swept = sweep_activations(name, sweep)
        activations, key = swept.activations, swept.key
    _show_curves(
        dict(activations=activations, xmin=xmin, xmax=xmax, points=points,
             derivative=derivative, sweep=key),
        figure,
    )


@cli.command("compare")
@click.argument("names", nargs=-1, required=True, metavar="NAME NAME...")
@derivative_option
@range_options()
@figure_options
def compare_command(
    names: tuple[str, ...], derivative: bool, xmin: float, xmax: float, points: int,
    **figure: Any,
) -> None:
    """Overlay two or more activations and print a table of their key numbers.

    The table (stdout) shows each activation's range, f(0), f′(0), the largest slope max |f′|
    and where it is reached, and whether it is zero-centred, monotonic and saturating.

    \b
    Example:
      actviz compare sigmoid tanh
      actviz compare sigmoid tanh relu -d -o cmp.svg
      actviz compare elu:alpha=0.5 elu:alpha=2 --xmin -4 --xmax 2
    """
    from actviz.analysis.compare import compare_all, distinct_activations

    activations = distinct_activations(names)
    _show_curves(
        dict(activations=activations, xmin=xmin, xmax=xmax, points=points,
             derivative=derivative, compare=True),
        figure,
    )
    from actviz.render.comparison import comparison_table

    print_renderable(comparison_table(compare_all(activations)))


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    cli.main(args=argv, prog_name="actviz")
