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
from actviz import options
from actviz.errors import ActvizError, spell

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
        try:
            return super().invoke(ctx)
        except ActvizError as error:  # spelled here, while the command's context is current
            fail(error.spelled(cli_spelling), error.exit_code)


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
            fail(error.spelled(cli_spelling), error.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", code=130)


def fail_usage(error: click.UsageError) -> None:
    """Report a click usage error on one line, with the command whose --help explains it."""
    command = error.ctx.command_path if error.ctx is not None else "actviz"
    fail(f"{error.format_message()} (see '{command} --help')", error.exit_code)


def cli_spelling(name: str) -> str:
    """How the command line writes option ``name`` of a message: ``fig_width`` is
    ``--fig-width``, precision's ``dtypes`` ``--dtype``, as the running command declares it
    (see :func:`actviz.errors.option_name`)."""
    context = click.get_current_context(silent=True)
    command = options.COMMANDS.get(context.command.name) if context is not None else None
    return (command or options.LIST).cli_spelling(name)


def warn(message: str) -> None:
    """Print one line ``actviz: warning: message`` on stderr (option names as typed)."""
    click.echo(f"actviz: warning: {spell(message, cli_spelling)}", err=True)


def note(message: str) -> None:
    """Print one line ``actviz: message`` on stderr (what was written, a hint)."""
    click.echo(f"actviz: {message}", err=True)


def _report_figure(setup, output: str) -> None:
    """After a figure is written: the font warning (if any) and a note on stderr; ``setup``
    is the language setup or the result that drew the figure."""
    if setup.warning:
        warn(setup.warning)
    note(f"wrote {output}")


def print_renderable(renderable: Any) -> None:
    """Print a rich renderable on stdout (rich is imported only by commands that print)."""
    from rich.console import Console

    Console().print(renderable)


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


def schema_options(command: options.Command) -> Callable[[_Command], _Command]:
    """The click options of ``command``, made from its declaration in :mod:`actviz.options`:
    ``fig_width`` is ``--fig-width``, a flag whose default is true has ``--no-NAME``.  click
    only turns the text into a number or a word; the command's product checks the value, as
    the API and batch do (one check, one message)."""
    return _stack(*(_click_option(option) for option in command.taken_by(options.CLI)))


_CLICK_TYPES = {"float": click.FLOAT, "int": click.INT}
_PATHS = {"output": click.Path(dir_okay=False), "out_dir": click.Path(file_okay=False)}


def _click_option(option: options.Option) -> Callable[[_Command], _Command]:
    names = [n for n in (option.short, option.cli_name) if n]
    settings: dict[str, Any] = {"help": option.meaning, "default": option.default,
                                "multiple": option.multiple}
    if option.type.base == "flag":
        if option.flag_off:
            names = [f"{option.cli_name}/--no-{option.cli_name[2:]}"]
        settings.update(is_flag=True)
    elif option.type.base == "choice":
        settings.update(type=click.Choice(list(option.type.choices)), show_default=True)
    elif option.name in _PATHS:
        settings.update(type=_PATHS[option.name], metavar=option.metavar)
    else:
        settings.update(type=_CLICK_TYPES.get(option.type.base, click.STRING),
                        metavar=option.metavar, show_default=option.default is not None)
    return click.option(*names, option.name, **settings)


def api_keywords(command: options.Command, given: dict[str, Any]) -> dict[str, Any]:
    """The options the user typed among ``given`` that the product (the API) takes: the
    product fills in the same defaults itself, and can tell typed from default (``table``'s
    grid, saturation's ``--width`` without ``--depth``).  ``-o`` and ``--format`` are the
    command line's own."""
    ctx = click.get_current_context()
    taken = {option.name for option in command.taken_by(options.API)}
    return {name: value for name, value in given.items()
            if name in taken and name in _given(ctx, *given)}


def _given(ctx: click.Context, *names: str) -> list[str]:
    """The options among ``names`` that the user typed (not left at their defaults)."""
    from click.core import ParameterSource

    return [n for n in names if ctx.get_parameter_source(n) is not ParameterSource.DEFAULT]


def _stack(*decorators: Callable[[_Command], _Command]) -> Callable[[_Command], _Command]:
    def apply(fn: _Command) -> _Command:
        for decorator in reversed(decorators):
            fn = decorator(fn)
        return fn

    return apply


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
@schema_options(options.LIST)
def list_command(patterns: tuple[str, ...], format: str) -> None:
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
    from actviz.products.listing import catalog

    _print_result(catalog(patterns), format)


# --------------------------------------------------------------------------------------------
# plot and compare: curves as figures (-o FILE) or terminal charts
# --------------------------------------------------------------------------------------------

def _show_curves(result: Any, output: str | None) -> None:
    """Write the figure (``-o``) or print the terminal chart (and a hint), with the warnings."""
    from actviz.products.curves import HINT

    if output is None:
        for message in result.chart_warnings():
            warn(message)
        click.echo(result.chart(color=sys.stdout.isatty()))
        note(f"hint: {HINT}")
    else:
        result.save(output)
        for message in result.warnings:
            warn(message)
        _report_figure(result, output)


@cli.command("plot")
@click.argument("name")
@schema_options(options.PLOT)
def plot_command(name: str, output: str | None, **given: Any) -> None:
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
    from actviz.products.curves import plot

    _show_curves(plot(name, **api_keywords(options.PLOT, given)), output)


@cli.command("compare")
@click.argument("names", nargs=-1, required=True, metavar="NAME NAME...")
@schema_options(options.COMPARE)
def compare_command(names: tuple[str, ...], output: str | None, **given: Any) -> None:
    """Overlay two or more activations and print a table of their key numbers.

    The table (stdout) shows each activation's range, f(0), f′(0), the largest slope max |f′|
    and where it is reached, and whether it is zero-centred, monotonic and saturating.

    \b
    Example:
      actviz compare sigmoid tanh
      actviz compare sigmoid tanh relu -d -o cmp.svg
      actviz compare elu:alpha=0.5 elu:alpha=2 --xmin -4 --xmax 2
    """
    from actviz.products.curves import compare

    result = compare(names, **api_keywords(options.COMPARE, given))
    _show_curves(result, output)
    print_renderable(result.table.rich())


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
@schema_options(options.SOFTMAX)
@click.pass_context
def softmax_command(ctx: click.Context, logits: tuple[str, ...], format: str,
                    output: str | None, **given: Any) -> None:
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
    from actviz.products.softmax import softmax

    _reject_option_like(ctx, logits)
    result = softmax(logits, **api_keywords(options.SOFTMAX, given))
    _print_and_save(result, format, output, document=result.document)
    if output is None and format == "rich":
        print_renderable(result.bars())


@cli.command("fit")
@schema_options(options.FIT)
def fit_command(format: str, output: str | None, **given: Any) -> None:
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
    from actviz.products.fit import fit

    result = fit(**api_keywords(options.FIT, given))
    _long_work_run(result, output)
    _print_and_save(result, format, output)
    if output is None and format == "rich":
        note("hint: " + result.hint)


# --------------------------------------------------------------------------------------------
# table, saturation: the numbers behind vanishing gradients
# --------------------------------------------------------------------------------------------


def _print_result(result: Any, fmt: str, document: Callable[[str], str] | None = None) -> None:
    """Print ``result`` on stdout as ``--format fmt`` asks: its rich tables, or its JSON,
    CSV, Markdown or LaTeX (``document(fmt)``, by default the result's ``to_FORMAT()``); each
    is built only when asked for, so rich is imported only for rich output."""
    from actviz.products.base import TableResult

    ctx = click.get_current_context()
    if fmt not in options.READING_FORMATS and "precision" in ctx.params and _given(ctx,
                                                                                 "precision"):
        warn(f"--precision does not apply to --format {fmt}: it is written at full precision")
    ascii_only = not _takes_unicode(sys.stdout)
    if fmt == "rich":
        print_renderable(result.rich())
    elif document is not None and fmt != "json":
        click.echo(document(fmt), nl=False)
    elif isinstance(result, TableResult):
        for chunk in result.chunks(fmt, ascii_only):  # written as made: memory flat in the rows
            click.echo(chunk, nl=False)
    elif fmt == "json":
        click.echo(result.to_json(ascii_only=ascii_only), nl=False)
    else:
        click.echo(getattr(result, f"to_{fmt}")(), nl=False)


def _print_and_save(result: Any, fmt: str, output: str | None,
                    document: Callable[[str], str] | None = None) -> None:
    """With ``-o``, the figure first (a figure refused while drawing, too small for its
    title, then fails before anything is printed), then the tables (:func:`_print_result`)."""
    if output is not None:
        result.save(output)
    _print_result(result, fmt, document)
    if output is not None:
        _report_figure(result, output)


@cli.command("table")
@click.argument("names", nargs=-1, required=True, metavar="NAME...")
@schema_options(options.TABLE)
def table_command(names: tuple[str, ...], format: str, **given: Any) -> None:
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
      actviz table sigmoid tanh --at 3,6,9,18 --dtype bfloat16
    """
    from actviz.products.table import table

    result = table(names, **api_keywords(options.TABLE, given))
    result.check_format(format)
    for message in result.warnings:
        warn(message)
    _print_result(result, format)


@cli.command("saturation")
@click.argument("names", nargs=-1, metavar="[NAME|PATTERN]...")
@schema_options(options.SATURATION)
def saturation_command(names: tuple[str, ...], format: str, output: str | None,
                       **given: Any) -> None:
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
    from actviz.products.saturation import saturation

    # No NAME is every activation; the API says so with None (an empty list is an error).
    result = saturation(names or None, **api_keywords(options.SATURATION, given))
    _long_work_run(result, output)
    _print_and_save(result, format, output, document=result.document)


@cli.command("propagate")
@click.argument("names", nargs=-1, metavar="[NAME|PATTERN]...")
@schema_options(options.PROPAGATE)
def propagate_command(names: tuple[str, ...], format: str, output: str | None,
                      **given: Any) -> None:
    """Signal propagation through a wide random net: the edge of chaos for each activation.

    Weights N(0, σ_w²/fan_in), biases N(0, σ_b²): the fixed point q* of the length map
    q -> σ_w² E[f(√q z)²] + σ_b², chi1 = σ_w² E[f'(√q* z)²] (ordered < 1 < chaotic), the
    correlation fixed point c* and chi_c, the depth scales xi_q and xi_c = -1/ln chi_c, the
    layers over which a gradient changes tenfold, and the critical σ_w² (chi1 = 1) at this
    σ_b².  --depth L adds the gradient reaching each layer, predicted and measured in a
    random net (--width, --seed).  -o FIG draws the phase diagram (and the gradient per
    layer); its size is --fig-width/--fig-height, since --width is the network's.

    \b
    Example:
      actviz propagate relu tanh selu
      actviz propagate tanh --sigma-w2 1.5 --sigma-b2 0.05 --format json
      actviz propagate tanh elu selu gelu -o phase.png
      actviz propagate relu tanh --sigma-w2 2 --depth 50 -o depth.png
    """
    from actviz.products.propagate import propagate

    result = propagate(names or None, **api_keywords(options.PROPAGATE, given))
    _long_work_run(result, output)
    _print_and_save(result, format, output, document=result.document)


def _long_work_run(result: Any, output: str | None) -> None:
    """saturation, propagate and fit (a LongWorkResult): ``-o`` checked, long work
    announced before it starts, then the work and what it found (an overflowed forward
    pass)."""
    if output is not None:
        result.check_output(output)  # before the warning of long work
    for message in result.announcements:
        warn(message)
    for message in result.work_warnings:
        warn(message)


# --------------------------------------------------------------------------------------------
# info (issue 7): an activation's card, and the "which activation?" guide
# --------------------------------------------------------------------------------------------


@cli.command("precision")
@click.argument("names", nargs=-1, required=True, metavar="NAME...")
@schema_options(options.PRECISION)
def precision_command(names: tuple[str, ...], format: str, **given: Any) -> None:
    """Where float32, float16, bfloat16 and float8 round f to its limit and f' to 0.

    For each activation, format and side: the |x| from which f, exactly rounded, equals its
    limit and f' is 0; where f or f' overflow; the first |x| where the textbook f' computed
    in the format (s(1-s), 1-tanh^2, the product rule) gives 0, inf, NaN or is more than 50%
    off; and the largest relative errors.  Thresholds are exact to the format's spacing.

    \b
    Example:
      actviz precision sigmoid tanh silu
      actviz precision gelu --dtype float16,bfloat16,float8_e4m3fn
      actviz precision "*" --format csv
    """
    from actviz.products.precision import precision

    _print_result(precision(names, **api_keywords(options.PRECISION, given)), format)


@cli.command("info")
@click.argument("name", required=False, metavar="[NAME]")
@schema_options(options.INFO)
def info_command(name: str | None, format: str, **given: Any) -> None:
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
    from actviz.products.info import info

    _print_result(info(name, **api_keywords(options.INFO, given)), format)


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
@schema_options(options.BATCH_COMMAND)
def batch_command(config: str, out_dir: str | None, jobs: int | None, force: bool,
                  dry_run: bool, only: tuple[str, ...], quiet: bool) -> None:
    """Make every figure and table of CONFIG.toml, redrawing only what changed.

    Each [[figure]] names a kind (plot, compare, table, saturation, propagate, softmax,
    fit, info, precision), its activations ("*" for all; {name} in the output makes one file each),
    the command's options and an output, relative to --out-dir.  [defaults] holds options
    for every figure.  The whole config is checked before anything is drawn.  A manifest in the output folder records a hash of each
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
        _fail_all(error.summary())
    found = batch.survey(plan, batch.select(plan, only), force)
    if found.manifest.problem:
        warn(found.manifest.problem)
    for message, outputs in found.warned.items():
        drawn = ("1 output up to date was drawn so; --force redraws it" if len(outputs) == 1
                 else f"{len(outputs)} of the outputs up to date were drawn so; --force "
                      "redraws them")
        warn(f"{message} ({drawn})")
    for owner, outputs in found.foreign.items():
        were = "this output was" if len(outputs) == 1 else f"{len(outputs)} of these outputs were"
        warn(f"{were} last written by {owner}: two configs "
             "writing one folder redraw each other's files (use --out-dir)")
    try:
        batch.preflight(plan, [job for job, _ in found.todo])
    except batch.ConfigError as error:
        _fail_all(error.summary())
    for line in batch_report.announcement_lines(job for job, _ in found.todo):
        warn(line)  # before the work, as each command says it
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
    from actviz.batch.report import summary_line, warning_lines

    for line in warning_lines(summary.warnings):
        warn(line)
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
