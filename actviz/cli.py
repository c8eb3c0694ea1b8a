"""The ``actviz`` command line: thin click commands that parse, call the library and print.

Library errors (:class:`actviz.errors.ActvizError`) become one line on stderr and the error's
exit code (2 for bad input, 1 for a failure while writing); no command prints a traceback for
bad input.  Options shared by several commands are declared once, as decorators below.
"""

from __future__ import annotations

import gc
import sys
from typing import Any, Callable

import click

from actviz import __version__
from actviz.analysis.fit import DEFAULT_ACTIVATIONS, MAX_FIT_POINTS, FitConfig
from actviz.errors import ActvizError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

_Command = Callable[..., Any]


def fail(message: str, code: int = 2) -> None:
    """Print one line ``actviz: error: message`` on stderr and exit with ``code``."""
    click.echo(f"actviz: error: {message}", err=True)
    sys.exit(code)


class ActvizCommand(click.Command):
    """A command of the group: plugins that failed to load are reported before it runs.

    A command that never looks an activation up (softmax) is declared with
    ``registry=False``: it does not load the registry (15-25 ms) just to report plugins.
    """

    def __init__(self, *args: Any, registry: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.registry = registry

    def invoke(self, ctx: click.Context) -> Any:
        if self.registry:
            report_plugin_failures()
        return super().invoke(ctx)


def report_plugin_failures() -> None:
    """Load the registry (its plugins with it) and print one warning line per plugin that
    failed: the library records them silently, the command line says them once."""
    from actviz.activations.plugins import plugin_failures
    from actviz.activations.registry import names

    names()
    for failure in plugin_failures():
        warn(failure.message)


# click 8.2 reports a bare `actviz` as this error (8.1 printed the help itself).
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


class ActvizGroup(click.Group):
    """A click group whose errors are one line on stderr: library errors and click's usage errors.

    click prints a usage error as three lines (usage, hint, error); here it is one line that
    ends with where to find help, and the exit code stays click's 2.
    """

    command_class = ActvizCommand

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except _NO_ARGS_IS_HELP as error:
            # Plain `actviz`: the help, as `actviz --help` prints it (click ≥ 8.2 makes it an
            # error).
            click.echo(error.ctx.get_help())
            sys.exit(0)
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


def note(message: str) -> None:
    """Print one line ``actviz: message`` on stderr (what was written, a hint)."""
    click.echo(f"actviz: {message}", err=True)


def _figure_spec(style, lang, title, width, height, dpi):
    from actviz.render.canvas import FigureSpec

    return FigureSpec(style=style, lang=lang, title=title, width=width, height=height, dpi=dpi)


def _report_figure(setup, output: str) -> None:
    """After a figure is written: the font warning (if any) and a note on stderr."""
    if setup.warning:
        warn(setup.warning)
    note(f"wrote {output}")


def print_renderable(renderable: Any) -> None:
    """Print a rich renderable on stdout (rich is imported only by commands that print)."""
    from rich.console import Console

    Console().print(renderable)


def echo_json(data: Any) -> None:
    from actviz.render.export import json_text

    click.echo(json_text(data, ascii_only=not _takes_unicode(sys.stdout)), nl=False)


def _takes_unicode(stream: Any) -> bool:
    try:
        "σ∞′−".encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _show_what_the_terminal_can() -> None:
    """On a stream that cannot encode σ, ∞ or ′ (PYTHONIOENCODING=latin-1, an old Windows
    console), print ``?`` for them rather than fail with a traceback; JSON escapes them."""
    for stream in (sys.stdout, sys.stderr):
        if not _takes_unicode(stream) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


# --------------------------------------------------------------------------------------------
# Shared options
# --------------------------------------------------------------------------------------------


def _stack(*decorators: Callable[[_Command], _Command]) -> Callable[[_Command], _Command]:
    def apply(fn: _Command) -> _Command:
        for decorator in reversed(decorators):
            fn = decorator(fn)
        return fn

    return apply


def range_options(xmin: float = -6.0, xmax: float = 6.0, points: int = 2001,
                  points_help: str = "Number of x values (2 to 10^7)."):
    """--xmin, --xmax, --points (checked by :func:`actviz.analysis.grid.check_range`)."""
    return _stack(
        click.option("--xmin", type=float, default=xmin, show_default=True,
                     help="Left end of the x range."),
        click.option("--xmax", type=float, default=xmax, show_default=True,
                     help="Right end of the x range."),
        click.option("--points", type=int, default=points, show_default=True,
                     help=points_help),
    )


class FiniteRange(click.FloatRange):
    """click.FloatRange that also refuses NaN (which compares as inside every range)."""

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        number = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number.", param, ctx)
        return number


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
        click.option("--dpi", type=FiniteRange(min=10, max=2400), default=None,
                     help="Resolution of PNG output in dots per inch (default: the style's, "
                          "100 for actviz's)."),
        click.option("--style", default=None, metavar="NAME|PATH",
                     help="A matplotlib style name or .mplstyle file (default: actviz)."),
        click.option("--title", default=None, help="Replace the figure's title."),
        click.option(width_flag, type=FiniteRange(min=1, max=100), default=None,
                     help="Figure width in inches."),
        click.option(height_flag, type=FiniteRange(min=1, max=100), default=None,
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


def precision_option(default: int):
    """--precision: significant digits of tables for people (rich, Markdown, LaTeX)."""
    return click.option(
        "--precision", type=click.IntRange(1, 17), default=default, show_default=True,
        help="Significant digits in rich, Markdown and LaTeX (CSV and JSON are always exact).",
    )


@click.group(cls=ActvizGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="actviz")
def cli() -> None:
    """Explore activation functions: curves, exact derivatives, tables and figures.

    \b
    Examples:
      actviz plot relu --derivative
      actviz compare sigmoid tanh -d -o cmp.png
      actviz table sigmoid tanh relu
      actviz saturation --depth 30
      actviz info relu --lang zh
      actviz batch configs/course-notes.toml --out-dir figures
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


# --------------------------------------------------------------------------------------------
# plot and compare: curves as figures (-o FILE) or terminal charts
# --------------------------------------------------------------------------------------------

derivative_option = click.option(
    "-d", "--derivative", is_flag=True, help="Also draw the derivative f′ in a panel below."
)


def _show_curves(view: Any, output: str | None, **figure: Any) -> None:
    """Validate everything, then write the figure or print the terminal chart (and a hint)."""
    from actviz.products.curves import (
        HINT,
        check_view,
        curve_chart,
        curve_warnings,
        write_curve_figure,
    )

    spec = _figure_spec(**figure)
    if output is None:
        for message in check_view(view, spec, output) + curve_warnings(view):
            warn(message)
        click.echo(curve_chart(view, spec, color=sys.stdout.isatty()))
        note(f"hint: {HINT}")
    else:
        setup = write_curve_figure(view, spec, output)
        for message in curve_warnings(view):
            warn(message)
        _report_figure(setup, output)


@cli.command("plot")
@click.argument("name")
@derivative_option
@click.option("--sweep", metavar="KEY=V1,V2,...",
              help="One curve per value of a parameter, e.g. alpha=0.5,1,2.")
@range_options()
@figure_options
def plot_command(
    name: str, derivative: bool, sweep: str | None, xmin: float, xmax: float, points: int,
    output: str | None, **figure: Any,
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
    from actviz.products.curves import plot_view

    view = plot_view(name, sweep=sweep, xmin=xmin, xmax=xmax, points=points,
                     derivative=derivative)
    _show_curves(view, output, **figure)


@cli.command("compare")
@click.argument("names", nargs=-1, required=True, metavar="NAME NAME...")
@derivative_option
@range_options()
@figure_options
def compare_command(
    names: tuple[str, ...], derivative: bool, xmin: float, xmax: float, points: int,
    output: str | None, **figure: Any,
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
    from actviz.analysis.compare import compare_all
    from actviz.products.curves import compare_view

    view = compare_view(names, xmin=xmin, xmax=xmax, points=points, derivative=derivative)
    _show_curves(view, output, **figure)
    from actviz.render.tables import comparison_table

    print_renderable(comparison_table(compare_all(view.activations), figure["lang"]))


# --------------------------------------------------------------------------------------------
# softmax and fit (issue 7): the course notes' lessons as commands
# --------------------------------------------------------------------------------------------


def _reject_option_like(ctx: click.Context, tokens: tuple[str, ...]) -> None:
    """Unknown options land among the logits (negative logits must): name them as options."""
    import difflib

    known = [opt for param in ctx.command.params for opt in param.opts if opt.startswith("-")]
    for token in tokens:
        if token.startswith("-") and token[1:2].isalpha() or token.startswith("--"):
            try:
                float(token)
            except ValueError:
                name = token.split("=", 1)[0]
                if name in known:  # only "--" makes click pass a known option on
                    raise click.UsageError(
                        f"{name} comes after '--', so it is read as a logit: put options "
                        "before '--' (negative logits need no '--')", ctx=ctx) from None
                raise click.NoSuchOption(
                    name, possibilities=difflib.get_close_matches(name, known, n=2), ctx=ctx
                ) from None


@cli.command("softmax", context_settings={"ignore_unknown_options": True}, registry=False)
@click.argument("logits", nargs=-1, type=click.UNPROCESSED, metavar="LOGIT LOGIT...")
@click.option("--temperature", default="1", show_default=True, metavar="T[,T2,...]",
              help="Temperatures T > 0, comma-separated: p = softmax(z / T), one column each.")
@click.option("--jacobian", is_flag=True,
              help="Also print the Jacobian diag(p) − ppᵀ at each temperature.")
@click.option("--explain", is_flag=True,
              help="Show what the naive formula gives (overflow → nan) and the shifted steps.")
@format_option("rich", "csv", "markdown", "json")
@precision_option(6)
@figure_options
@click.pass_context
def softmax_command(ctx: click.Context, logits: tuple[str, ...], temperature: str,
                    jacobian: bool, explain: bool, fmt: str, precision: int, output: str | None,
                    dpi: float | None, style: str | None, title: str | None,
                    width: float | None, height: float | None, lang: str) -> None:
    """Turn LOGITS into probabilities with softmax, stably (negative logits are fine).

    p_i = exp(z_i/T) / Σ_j exp(z_j/T), computed after subtracting max z so that no exp
    overflows; log p = (z − max z)/T − log Σ exp((z − max z)/T).  Lower T sharpens the
    distribution, higher T flattens it.  Logits must be finite; at least two.

    \b
    Example:
      actviz softmax 3 1 -3 --temperature 0.5,1,2
      actviz softmax 1000 1001 1002 --explain
      actviz softmax 2 1 0.1 --jacobian --format json
      actviz softmax 3 1 -3 --temperature 0.5,1,2 -o softmax.png
    """
    from actviz.products.softmax import softmax_result, write_softmax_figure
    from actviz.render import export, tables

    _reject_option_like(ctx, logits)
    spec = None if output is None else _figure_spec(style, lang, title, width, height, dpi)
    report = softmax_result(logits, temperature, jacobian=jacobian, explain=explain, fmt=fmt,
                            spec=spec, output=output)
    _print_tables(ctx, fmt, precision,
                  lambda: export.softmax_document(report, fmt, lang, precision),
                  lambda: tables.softmax_tables(report, lang, precision))
    if output is not None:
        _report_figure(write_softmax_figure(report, spec, output), output)
    elif fmt == "rich":
        print_renderable(tables.probability_bars(report, lang))


@cli.command("fit")
@click.option("--target", default=None, metavar="FORMULA|NAME",
              help="The curve to fit: a formula such as 'cos(x)+1' or 'f(x)=x^2', or an "
                   "activation's name.  [default: cos(x)+1]")
@click.option("--activations", default=",".join(DEFAULT_ACTIVATIONS), show_default=True,
              metavar="A,B,...", help="Activations of the hidden units, one panel each.")
@click.option("--hidden", type=int, default=FitConfig.hidden, show_default=True,
              help="Hidden units (1 to 64).")
@click.option("--epochs", type=int, default=FitConfig.epochs, show_default=True,
              help="Full-batch Adam steps.")
@click.option("--lr", type=float, default=FitConfig.lr, show_default=True,
              help="Adam's learning rate (> 0).")
@click.option("--seed", type=int, default=FitConfig.seed, show_default=True,
              help="Seed of the initial weights: the same seed gives the same numbers.")
@click.option("--restarts", type=int, default=FitConfig.restarts, show_default=True,
              help="Random initialisations per activation; the best is reported and drawn.")
@range_options(xmin=FitConfig.xmin, xmax=FitConfig.xmax, points=FitConfig.points,
               points_help=f"Training points, evenly spaced (2 to {MAX_FIT_POINTS:,}).")
@format_option("rich", "json")
@figure_options
def fit_command(target: str | None, activations: str, hidden: int, epochs: int, lr: float,
                seed: int, restarts: int, xmin: float, xmax: float, points: int, fmt: str,
                output: str | None, dpi: float | None, style: str | None, title: str | None,
                width: float | None, height: float | None, lang: str) -> None:
    """Fit a curve with one hidden layer of HIDDEN units per activation (the course notes' lesson).

    y ≈ b + Σ_j v_j f(w_j x + c_j), trained on POINTS points of [XMIN, XMAX] by full-batch
    Adam with the registry's own derivatives.  Reports each activation's best and median MSE
    over RESTARTS initialisations and how many restarts ended with a dead unit (f' = 0 at every
    point).  With -o, a panel per activation: target, fit, and each unit's contribution.

    \b
    Example:
      actviz fit -o fit.png
      actviz fit --activations relu,leaky_relu --restarts 50
      actviz fit --target 'sin(x)' --hidden 3 --epochs 1000 -o sin.png
    """
    from actviz.products.fit import fit_result, write_fit_figure

    config = FitConfig(hidden=hidden, epochs=epochs, lr=lr, seed=seed, restarts=restarts,
                       xmin=xmin, xmax=xmax, points=points)
    spec = None if output is None else _figure_spec(style, lang, title, width, height, dpi)
    experiment = fit_result(target, activations, config, spec=spec, output=output)
    if fmt == "json":
        echo_json(experiment.to_json())
    else:
        from actviz.render.tables import fit_table

        print_renderable(fit_table(experiment, lang))
    if output is not None:
        _report_figure(write_fit_figure(experiment, spec, output), output)
    elif fmt == "rich":
        from actviz.render.labels import text

        note("hint: " + text("fit_hint", lang))


# --------------------------------------------------------------------------------------------
# table, saturation: the numbers behind vanishing gradients
# --------------------------------------------------------------------------------------------


TABLE_FORMATS = ("rich", "csv", "markdown", "latex", "json")


def _given(ctx: click.Context, *names: str) -> list[str]:
    """The options among ``names`` that the user typed (not left at their defaults)."""
    from click.core import ParameterSource

    return [n for n in names if ctx.get_parameter_source(n) is not ParameterSource.DEFAULT]


def _print_tables(
    ctx: click.Context, fmt: str, precision: int, document: Callable[[], str],
    rich_tables: Callable[[], Any],
) -> None:
    """Print ``rich_tables()`` or ``document()`` (CSV, Markdown, LaTeX or JSON) on stdout;
    each is built only when asked for, so rich is imported only for rich output."""
    from actviz.products.table import READING_FORMATS

    if fmt not in READING_FORMATS and _given(ctx, "precision"):
        warn(f"--precision does not apply to --format {fmt}: it is written at full precision")
    if fmt == "rich":
        print_renderable(rich_tables())
    else:
        click.echo(document(), nl=False)


@cli.command("table")
@click.argument("names", nargs=-1, required=True, metavar="NAME...")
@click.option("--at", metavar="X1,X2,...", default=None,
              help="Comma-separated x values (inf allowed) [default: -6,-3,-1,-0.5,0,0.5,1,3,6].")
@range_options(-6.0, 6.0, 13, points_help="Evenly spaced x values, used when --xmin, --xmax "
               "or --points is given (at most 10,000 rows for rich, Markdown and LaTeX).")
@click.option("--no-derivative", is_flag=True, help="Leave out the f'(x) columns.")
@format_option(*TABLE_FORMATS)
@precision_option(6)
@click.pass_context
def table_command(
    ctx: click.Context, names: tuple[str, ...], at: str | None, xmin: float, xmax: float,
    points: int, no_derivative: bool, fmt: str, precision: int,
) -> None:
    """Values f(x) and f'(x) of each activation, one row per x.

    x comes from --at (each x to full precision), or from --xmin/--xmax/--points (evenly
    spaced), or defaults to -6,-3,-1,-0.5,0,0.5,1,3,6.  Small values keep their digits in
    scientific notation (4.25e-18, never 0.000000).  CSV and JSON hold every float at full
    precision; JSON writes inf and NaN as the strings "inf", "-inf", "nan".

    \b
    Example:
      actviz table sigmoid tanh relu
      actviz table gelu --at -3,-1,0,1,3 --format latex
      actviz table sigmoid --at 20,40,inf --format json
    """
    from actviz.products.table import table_result, table_warnings
    from actviz.render.export import table_text

    grid = (xmin, xmax, points) if _given(ctx, "xmin", "xmax", "points") else None
    table = table_result(names, at, grid, derivative=not no_derivative, fmt=fmt)
    for message in table_warnings(names, table):
        warn(message)

    def rich_tables() -> Any:
        from actviz.render.export import value_sheet
        from actviz.render.tables import SheetTables

        return SheetTables([value_sheet(table)], precision)

    _print_tables(ctx, fmt, precision, lambda: table_text(table, fmt, precision), rich_tables)


@cli.command("saturation")
@click.argument("names", nargs=-1, metavar="[NAME|PATTERN]...")
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
    """Where each activation's gradient vanishes (every activation when none is named).

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
      actviz saturation "*relu*" --depth 50 --format markdown
    """
    from actviz.analysis.depth import DepthSettings
    from actviz.errors import OptionError
    from actviz.products.saturation import saturation_result, write_saturation_figure

    settings = None
    if depth is None:
        stray = _given(ctx, "width", "init", "seed")
        if stray:
            raise OptionError(f"--{stray[0]} only applies with --depth L")
    else:
        chosen = {"width": width, "init": init, "seed": seed}
        settings = DepthSettings(depth, **{k: v for k, v in chosen.items() if v is not None})
        if settings.is_long:
            warn(f"--depth {settings.layers} --width {settings.width} is about "
                 f"{settings.multiply_adds:.1e} multiply-adds per activation: this takes "
                 "minutes (the default --depth 50 --width 256, under a second)")
    spec = None if output is None else _figure_spec(style, lang, title, fig_width, fig_height,
                                                     dpi)
    activations, report = saturation_result(names, threshold, sigma, settings, spec=spec,
                                            output=output)

    if report.depth is not None:
        for run in report.depth.runs:
            if not run.finite:
                warn(f"the forward pass of {run.key} overflowed float64: its gradients are nan")
    from actviz.render.export import saturation_text

    def rich_tables() -> Any:
        from actviz.render.tables import saturation_tables

        return saturation_tables(report, precision)

    _print_tables(ctx, fmt, precision, lambda: saturation_text(report, fmt, precision),
                  rich_tables)
    if output is not None:
        _report_figure(write_saturation_figure(report, activations, spec, output), output)


# --------------------------------------------------------------------------------------------
# info (issue 7): an activation's card, and the "which activation?" guide
# --------------------------------------------------------------------------------------------


@cli.command("info")
@click.argument("name", required=False, metavar="[NAME]")
@click.option("--guide", is_flag=True,
              help="Print the guide to choosing an activation, with the reasons, instead.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of the card or guide.")
@format_option("rich", "markdown", "json")
def info_command(name: str | None, guide: bool, lang: str, fmt: str) -> None:
    """Show what to know about activation NAME, or with --guide, which activation to use.

    The card: formula and derivative, parameters with defaults and valid ranges, properties
    (range, monotonic, smoothness, zero-centred, saturation, ≈ x near 0), the largest slope
    max |f′| and what it does over 10 layers, strengths, weaknesses, where it is used, and
    its paper.  NAME may carry parameters (elu:alpha=0.5): the numbers are then those of
    that value.

    \b
    Example:
      actviz info relu
      actviz info sigmoid --lang zh
      actviz info elu:alpha=0.5 --format json
      actviz info --guide
      actviz info --guide --lang zh --format markdown
    """
    from actviz.errors import OptionError

    if guide and name is not None:
        raise OptionError(f"give either NAME ('{name}') or --guide, not both")
    if not guide and name is None:
        raise OptionError("give an activation NAME (e.g. 'actviz info relu') or --guide; "
                          "'actviz list' shows the names")
    if guide:
        from actviz.analysis.guide import guide_facts
        from actviz.render import documents

        data = documents.build_guide(guide_facts(), lang)
        render_markdown, render_rich = documents.guide_markdown, documents.guide_panel
    else:
        from actviz.analysis.cards import build_card
        from actviz.render import documents

        data = build_card(name, lang)
        render_markdown, render_rich = documents.card_markdown, documents.card_panel
    if fmt == "json":
        echo_json(data.to_json())
    elif fmt == "markdown":
        click.echo(render_markdown(data), nl=False)
    else:
        print_renderable(render_rich(data))


# --------------------------------------------------------------------------------------------
# batch (issue 5): a course's whole figure set from one config
# --------------------------------------------------------------------------------------------


def _fail_all(problems: list[str], code: int = 2) -> None:
    """Every problem on its own ``actviz: error:`` line, then exit with ``code``."""
    for problem in problems:
        click.echo(f"actviz: error: {problem}", err=True)
    sys.exit(code)


@cli.command("batch")
@click.argument("config", metavar="CONFIG.toml", type=click.Path(dir_okay=False))
@click.option("--out-dir", type=click.Path(file_okay=False), default=None,
              help="Folder the outputs are written to (default: the config's folder).")
@click.option("-j", "--jobs", type=click.IntRange(1, 512), default=None,
              help="Worker processes (default: the number of CPUs); 1 draws in this process.")
@click.option("--force", is_flag=True, help="Redraw every output, changed or not.")
@click.option("--dry-run", is_flag=True,
              help="List what would be drawn, and why; write nothing.")
@click.option("--only", multiple=True, metavar="PATTERN",
              help="Only outputs whose path or file name matches (repeatable): 'functions/*'.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def batch_command(config: str, out_dir: str | None, jobs: int | None, force: bool,
                  dry_run: bool, only: tuple[str, ...], quiet: bool) -> None:
    """Make every figure and table of CONFIG.toml, redrawing only what changed.

    Each [[figure]] names a kind (plot, compare, saturation, table), its activations ("*" for
    all; {name} in the output makes one file each), the command's options and an output,
    relative to --out-dir.  [defaults] holds options for every figure.  The whole config is
    checked before anything is drawn.  A manifest in the output folder records a hash of each
    output's inputs: a rerun draws only what changed.  Figures are drawn in parallel.

    \b
    Example:
      actviz batch configs/course-notes.toml --out-dir figures
      actviz batch configs/course-notes.toml --out-dir figures --dry-run
      actviz batch configs/pytorch-docs.toml --out-dir docs --only 'ReLU*' --force
    """
    import time

    from actviz import batch
    from actviz.batch import report as batch_report

    start = time.perf_counter()
    try:
        plan = batch.load_plan(config, out_dir)
    except batch.ConfigError as error:
        _fail_all(error.problems)
    found = batch.survey(plan, batch.select(plan, only), force)
    if found.manifest.problem:
        warn(found.manifest.problem)
    for message, outputs in found.warned.items():
        warn(f"{message} ({len(outputs)} of the outputs up to date were drawn so; --force "
             "redraws them)")
    for owner, outputs in found.foreign.items():
        warn(f"{len(outputs)} of these outputs were last written by {owner}: two configs "
             "writing one folder redraw each other's files (use --out-dir)")
    try:
        batch.preflight(plan, [job for job, _ in found.todo])
    except batch.ConfigError as error:
        _fail_all(error.problems)
    if dry_run:
        click.echo("\n".join(batch_report.dry_run_lines(found, plan.out_dir)))
        return
    if not found.todo:
        if not quiet:
            click.echo(batch_report.up_to_date_line(len(found.unchanged), plan.out_dir,
                                                    time.perf_counter() - start))
        return
    summary = batch.execute(plan, found, jobs or batch.cpu_count(),
                            _batch_display(quiet, len(found.todo)))
    _batch_summary(summary, plan.out_dir, quiet)


def _batch_display(quiet: bool, total: int) -> Any:
    """The progress display: a bar on a terminal, lines elsewhere, none with --quiet."""
    from actviz.batch.report import LineProgress, TerminalProgress

    if not quiet and sys.stderr.isatty():
        return TerminalProgress(total)
    return LineProgress(click.echo, lambda line: click.echo(line, err=True), quiet)


def _batch_summary(summary: Any, out_dir: Any, quiet: bool) -> None:
    from actviz.batch.report import summary_line

    for message, count in summary.warnings.items():
        warn(f"{message} ({count} of the outputs)")
    if not quiet or summary.failed or summary.interrupted:
        click.echo(summary_line(summary, out_dir))
    if summary.interrupted:  # the shell's convention: 128 + the signal (130 for Ctrl-C)
        fail("interrupted; what was written is kept, and running the same command again "
             "finishes the job", code=128 + int(summary.signal or 2))
    if summary.failed:
        names = ", ".join(job.output for job, _ in summary.failed)
        fail(f"{len(summary.failed)} of {len(summary.failed) + len(summary.written)} outputs "
             f"failed: {names}", code=1)


def main(argv: list[str] | None = None) -> None:
    """Run one command with ``argv`` (default: ``sys.argv[1:]``); click ends it with
    SystemExit and the exit code."""
    _show_what_the_terminal_can()
    cli.main(args=argv, prog_name="actviz")


def console_main() -> None:
    """The ``actviz`` console script and ``python -m actviz``: :func:`main`, then the process
    exits without the interpreter's final garbage collection.  A closed or full stdout is
    one line and exit code 1 (:mod:`actviz.console`)."""
    from actviz.console import guard_streams, run_writing_output

    guard_streams()
    try:
        run_writing_output(main)
    finally:
        # After a figure, that collection walks the million-odd objects matplotlib leaves,
        # for ~0.1 s -- a sixth of the whole command -- only to free memory the system takes
        # back anyway.  Frozen objects are skipped by it; reference-counted clean-up, atexit
        # handlers and the flushing of output still run.  Only here, where the process ends:
        # a caller running main() again and again would keep every frozen object.
        gc.freeze()
