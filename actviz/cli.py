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
@click.argument("patterns", nargs=-1, metavar="[NAME|PATTERN]...")
@format_option("rich", "json")
def list_command(patterns: tuple[str, ...], fmt: str) -> None:
    """List registered activations with their formula, range, parameters and properties.

    With no argument, every activation.  NAME may carry parameters (elu:alpha=2), and the
    properties shown are then those of that parameter value; a PATTERN with * or ? selects
    by name.

    \b
    Examples:
      actviz list
      actviz list "*relu*" elu:alpha=2
      actviz list --format json
    """
    from actviz.analysis.catalog import catalog

    records = catalog(patterns)
    if fmt == "json":
        echo_json(records)
        return
    from actviz.render.listing import listing_table

    print_renderable(listing_table(records))


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    cli.main(args=argv, prog_name="actviz")
