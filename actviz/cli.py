"""The ``actviz`` command line: thin click commands that parse, call the library and print.

Library errors (:class:`actviz.errors.ActvizError`) become one red line on stderr and exit
code 2; no command prints a traceback for bad input.
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
    """A click group whose commands report library errors as one line, exit 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ActvizError as error:
            fail(str(error))
        except KeyboardInterrupt:
            fail("interrupted", code=130)


def print_renderable(renderable: Any) -> None:
    """Print a rich renderable on stdout (rich is imported only by commands that print)."""
    from rich.console import Console

    Console().print(renderable)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


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
@click.option(
    "--format", "fmt", type=click.Choice(["rich", "json"]), default="rich", show_default=True,
    help="A table for reading, or JSON for scripts.",
)
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


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    cli.main(args=argv, prog_name="actviz")


_Command = Callable[..., Any]
