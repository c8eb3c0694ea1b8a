"""Rich tables: what compare, table, saturation, fit and softmax print in a terminal.

Renderers return a renderable and the command prints it once.  The tables of ``actviz table``
and ``actviz saturation`` are :class:`~actviz.render.export.Sheet` objects, sized to the
console at print time: a group of columns (one activation's f and f′, the depth table's
layers) is drawn as one rich column whose sub-columns are aligned by hand, so its name sits
centred over all of them and rules separate the groups.  When the groups do not fit the
console, the table is split into stacked tables that each repeat the leading columns (x, the
activation), as pandas does.  Captions are dim lines under the last table, as wide as the
console.

Colour scales (named ANSI colours, see :func:`scale_style`): saturated and dead fractions green
to red; slopes red at or below sigmoid's 1/4; gradient norms green near 1, red when vanishing,
magenta when exploding.

``actviz list``'s table is in :mod:`actviz.render.listing`, apart: the one command that
computes nothing imports none of this.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from actviz.analysis.compare import Comparison
from actviz.analysis.depth import DepthResult
from actviz.analysis.fit import FitExperiment
from actviz.analysis.propagation import PropagationReport
from actviz.analysis.saturation import SaturationReport
from actviz.analysis.softmax import SoftmaxReport
from actviz.render.export import (
    MAX_LAYER_COLUMNS,
    PEOPLE,
    TEXT,
    Column,
    Sheet,
    depth_sheets,
    explanation_lines,
    human_cell,
    propagation_gradient_sheet,
    propagation_sheet,
    saturation_sheet,
    shown_layers,
)
from actviz.render.labels import text, yes_no
from actviz.render.words import (
    DEFAULT_PRECISION,
    class_name,
    interval_notation,
    mse_text,
    peak_words,
    significant,
    temperature_text,
    x_text,
)

if TYPE_CHECKING:
    from rich.console import RenderableType


# --------------------------------------------------------------------------------------------
# actviz table and actviz saturation: sheets as rich tables
# --------------------------------------------------------------------------------------------

_GAP = "  "  # between the sub-columns of a group
_FRAME = 3  # a rich column's padding and its rule
_DEPTH_PRECISION = 3  # depth numbers are orders of magnitude: 3 digits are plenty


@dataclass(frozen=True)
class _Unit:
    """A rich column: one sheet column, or a group of them."""

    columns: tuple[Column, ...]
    texts: tuple[tuple[str, ...], ...]  # per column, its cells as text (lines split by \n)
    widths: tuple[int, ...]

    @property
    def group(self) -> str:
        return self.columns[0].group

    @property
    def width(self) -> int:
        inner = sum(self.widths) + cell_len(_GAP) * (len(self.widths) - 1)
        return max(inner, cell_len(self.group))


def _units(sheet: Sheet, precision: int) -> list[_Unit]:
    units: list[_Unit] = []
    for column in sheet.for_audience(PEOPLE):
        texts = tuple(human_cell(column, v, precision, union="\n") for v in column.values)
        lines = [line for text in texts for line in text.split("\n")]
        width = max([cell_len(column.header), *(cell_len(line) for line in lines)])
        last = units[-1] if units else None
        if column.group and last is not None and last.group == column.group:
            units[-1] = _Unit(last.columns + (column,), last.texts + (texts,),
                              last.widths + (width,))
        else:
            units.append(_Unit((column,), (texts,), (width,)))
    return units


def _table_width(units: Sequence[_Unit]) -> int:
    return 1 + sum(unit.width + _FRAME for unit in units)


def _column_options(unit: _Unit, first: bool) -> dict[str, Any]:
    """Numbers, groups and the leading (name) column never shrink; other text folds."""
    numeric = unit.columns[0].numeric and not unit.group
    rigid = bool(unit.group) or numeric or first
    return {
        "justify": "right" if numeric else "left",
        "no_wrap": rigid,
        "min_width": unit.width if rigid else None,
        "overflow": "fold",
    }


def _header(unit: _Unit) -> Any:
    if not unit.group:
        return unit.columns[0].header
    subs = _GAP.join(_align(c, c.header, w) for c, w in zip(unit.columns, unit.widths))
    return Group(Text(unit.group, justify="center"), Text(subs))


def _align(column: Column, text: str, width: int) -> str:
    pad = " " * (width - cell_len(text))
    return pad + text if column.numeric else text + pad


def _cell(unit: _Unit, row: int) -> Text:
    """One row of a unit; in a group, the sub-columns are aligned line by line."""
    if not unit.group:
        column = unit.columns[0]
        return Text(unit.texts[0][row], style=scale_style(column.scale, column.values[row]))
    lines = [texts[row].split("\n") for texts in unit.texts]
    cell = Text()
    for number in range(max(len(parts) for parts in lines)):
        if number:
            cell.append("\n")
        for index, (column, parts, width) in enumerate(zip(unit.columns, lines, unit.widths)):
            if index:
                cell.append(_GAP)
            line = parts[number] if number < len(parts) else ""
            style = scale_style(column.scale, column.values[row])
            aligned = _align(column, line, width)
            cell.append(aligned, style) if line else cell.append(aligned)
    return cell


def _table(sheet: Sheet, units: Sequence[_Unit], title: bool) -> Table:
    table = Table(title=sheet.title if title else None, header_style="bold")
    for index, unit in enumerate(units):
        table.add_column(_header(unit), **_column_options(unit, index == 0))
    for row in range(sheet.row_count):
        table.add_row(*(_cell(unit, row) for unit in units))
    return table


def sheet_tables(sheet: Sheet, precision: int, width: int) -> list[Any]:
    """``sheet`` as rich tables that fit ``width`` columns (split between groups if needed),
    then its caption."""
    units = _units(sheet, precision)
    lead = 0
    while lead < len(units) and not units[lead].group:
        lead += 1
    keys, rest = units[:lead], units[lead:]
    chunks: list[list[_Unit]] = [[]]
    for unit in rest:
        if chunks[-1] and _table_width(keys + chunks[-1] + [unit]) > width:
            chunks.append([])
        chunks[-1].append(unit)
    parts: list[Any] = []
    for index, chunk in enumerate(chunks):
        if index:
            parts.append(Text(""))
        parts.append(_table(sheet, keys + chunk, index == 0))
    if sheet.caption:
        parts.append(Text(sheet.caption, style="dim"))
    return parts


class SheetTables:
    """Sheets as rich tables, laid out for the console's width when printed."""

    def __init__(self, sheets: Sequence[Sheet], precision: int = 6):
        self.sheets = tuple(sheets)
        self.precision = precision

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for index, sheet in enumerate(self.sheets):
            if index:
                yield Text("")
            yield from sheet_tables(sheet, self.precision, options.max_width)


class DepthTables:
    """The depth experiment's tables with as many evenly spaced layers as fit (at most 12).

    The dead-unit table is left out when no unit is dead in any layer.
    """

    def __init__(self, depth: DepthResult, precision: int = 6):
        self.depth = depth
        self.precision = min(precision, _DEPTH_PRECISION)

    def sheets_for(self, width: int) -> tuple[Sheet, ...]:
        layers = self.depth.settings.layers
        for most in range(MAX_LAYER_COLUMNS, 1, -1):
            sheets = depth_sheets(self.depth, shown_layers(layers, most))
            if all(_table_width(_units(s, self.precision)) <= width for s in sheets):
                break
        gradient, dead = sheets
        any_dead = any(v > 0 for run in self.depth.runs for v in run.dead_fraction)
        return (gradient, dead) if any_dead else (gradient,)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield SheetTables(self.sheets_for(options.max_width), self.precision)


def saturation_tables(report: SaturationReport, precision: int = 6) -> Group:
    """The rich output of ``actviz saturation``: the saturation table, then the depth tables."""
    parts: list[Any] = [SheetTables([saturation_sheet(report, precision)], precision)]
    if report.depth is not None:
        parts += [Text(""), DepthTables(report.depth, precision)]
    return Group(*parts)


class PropagationTables:
    """The rich output of ``actviz propagate``: the mean-field table, then with ``--depth``
    the gradient per layer, predicted and measured, at as many evenly spaced layers as fit
    (at most 12)."""

    def __init__(self, report: PropagationReport, measured: DepthResult | None,
                 precision: int = 4):
        self.report, self.measured = report, measured
        self.precision = precision

    def sheets_for(self, width: int) -> list[Sheet]:
        sheets = [propagation_sheet(self.report)]
        if self.report.layers:
            for most in range(MAX_LAYER_COLUMNS, 1, -1):
                layers = shown_layers(self.report.layers, most)
                gradient = propagation_gradient_sheet(self.report, self.measured, layers)
                if _table_width(_units(gradient, self.precision)) <= width:
                    break
            sheets.append(gradient)
        return sheets

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield SheetTables(self.sheets_for(options.max_width), self.precision)


# --------------------------------------------------------------------------------------------
# Colour scales
# --------------------------------------------------------------------------------------------

# Named ANSI colours, not RGB blends: a 16-colour terminal (TERM=xterm) turns an RGB yellow
# into bright red, which would paint half-dead ReLU as fully saturated.
_GOOD, _MIDDLE, _BAD, _EXPLODING = "green", "yellow", "red", "magenta"


def scale_style(scale: str, value: Any) -> str:
    """The colour of ``value`` on ``scale`` as a rich style (``""`` for no colour).

    - ``bad_fraction`` (saturated, dead): below 10 % green, below 50 % yellow, else red;
    - ``slope`` (max and mean |f'|): from 0.9 green, above 1/4 yellow, at or below 1/4 (sigmoid's
      ceiling, which shrinks a gradient at every layer) red;
    - ``gradient`` (per layer): within 10× of the last layer green, within 1000× yellow,
      further red when vanishing and magenta when exploding.
    """
    if not scale or not isinstance(value, float) or math.isnan(value):
        return ""
    if scale == "bad_fraction":
        return _GOOD if value < 0.1 else _MIDDLE if value < 0.5 else _BAD
    if scale == "slope":
        return _GOOD if value >= 0.9 else _MIDDLE if value > 0.25 else _BAD
    if scale == "gradient":
        decades = abs(math.log10(value)) if 0 < value < math.inf else math.inf
        if decades <= 1:
            return _GOOD
        if decades <= 3:
            return _MIDDLE
        return _BAD if value < 1 else _EXPLODING
    raise ValueError(f"unknown colour scale {scale!r}")


# --------------------------------------------------------------------------------------------
# actviz compare: one column per activation, side by side
# --------------------------------------------------------------------------------------------

Row = tuple[str, Callable[[Comparison, str], str]]


# (label of the row heading, how to show one activation's value)
_ROWS: tuple[Row, ...] = (
    ("info_range", lambda c, lang: interval_notation([c.range])),
    ("compare_f0", lambda c, lang: significant(c.value_at_zero)),
    ("compare_df0", lambda c, lang: significant(c.slope_at_zero)),
    ("info_max_slope", lambda c, lang: peak_words(c.peak, lang)),
    ("info_zero_centred", lambda c, lang: yes_no(c.zero_centred, lang)),
    ("info_monotonic", lambda c, lang: yes_no(c.monotonic, lang)),
    ("compare_saturating", lambda c, lang: text(f"saturating_{c.saturating}", lang)),
)


def comparison_table(comparisons: Sequence[Comparison], lang: str = "en") -> Table:
    """Rows: range, f(0), f'(0), max |f'| and where, zero-centred, monotonic, saturating."""
    table = Table(title=text("compare_table", lang), header_style="bold", title_justify="left")
    table.add_column("", style="bold", no_wrap=True)
    for comparison in comparisons:
        table.add_column(comparison.label)
    for heading, show in _ROWS:
        table.add_row(text(heading, lang), *(show(c, lang) for c in comparisons))
    return table


def comparison_sheet(comparisons: Sequence[Comparison], lang: str = "en") -> Sheet:
    """The same rows as a sheet (Markdown, LaTeX, HTML, CSV): a column per activation."""
    columns = [Column("property", "", [text(heading, lang) for heading, _ in _ROWS], TEXT)]
    columns += [Column(c.label, c.label, [show(c, lang) for _, show in _ROWS], TEXT)
                for c in comparisons]
    return Sheet(text("compare_table", lang), tuple(columns))


# --------------------------------------------------------------------------------------------
# actviz fit: per activation, how well the tiny network fits
# --------------------------------------------------------------------------------------------

def fit_table(experiment: FitExperiment, lang: str = "en") -> Table:
    """Activation, best and median MSE over the restarts, restarts that ended with a dead unit.

    The caption gives the least-squares line's MSE: the floor an identity network cannot beat.
    """
    config = experiment.config
    table = Table(
        title=Text(text("fit_table", lang, target=experiment.target, xmin=x_text(config.xmin),
                        xmax=x_text(config.xmax), hidden=config.hidden)),
        caption=Text(text("fit_line", lang, mse=mse_text(experiment.line_mse, lang))),
        header_style="bold",
    )
    table.add_column(text("fit_activation", lang), style="bold cyan", no_wrap=True)
    table.add_column(text("fit_best", lang), justify="right")
    table.add_column(text("fit_median", lang), justify="right")
    table.add_column(text("fit_dead_restarts", lang), justify="right")
    for fit in experiment.fits:
        dead = f"{fit.dead_restarts}/{config.restarts}"
        if fit.diverged_restarts:
            dead += " " + text("fit_diverged", lang, count=fit.diverged_restarts)
        table.add_row(fit.label, mse_text(fit.best_mse, lang), mse_text(fit.median_mse, lang), dead)
    return table


# --------------------------------------------------------------------------------------------
# actviz softmax: the table, the Jacobians, the bars and the explanation
# --------------------------------------------------------------------------------------------

BAR_WIDTH = 40
_EIGHTHS = " ▏▎▍▌▋▊▉█"
# Terminal colours per temperature, in the order the figure's viridis runs (cold to hot).
BAR_STYLES = ("blue", "cyan", "green", "yellow", "magenta", "red")


def softmax_tables(report: SoftmaxReport, lang: str = "en",
                   precision: int = DEFAULT_PRECISION) -> "RenderableType":
    """What ``actviz softmax`` prints: the table, the Jacobians and the explanation if asked."""
    return Group(softmax_table(report, lang, precision), *jacobian_tables(report, lang, precision),
                 *explanation_panels(report, lang))


def softmax_table(report: SoftmaxReport, lang: str = "en",
                  precision: int = DEFAULT_PRECISION) -> "RenderableType":
    """One column per temperature; per class a row of p and, dimmed below it, a row of log p."""
    def number(value: float) -> str:
        return significant(value, precision)

    table = Table(title=Text(text("softmax_table", lang)), header_style="bold", show_edge=False)
    table.add_column("", style="bold cyan", no_wrap=True)
    table.add_column("z", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    for k, column in enumerate(report.columns):
        cells = [number(v) for v in (*column.probabilities, *column.log_probabilities)]
        table.add_column(f"T = {temperature_text(column)}", justify="right", no_wrap=True,
                         min_width=max(len(c) for c in cells))
    n = report.logits.size
    for i, logit in enumerate(report.logits):
        table.add_row(class_name(i), number(logit), "p",
                      *(number(c.probabilities[i]) for c in report.columns))
        table.add_row("", "", "log p", *(number(c.log_probabilities[i]) for c in report.columns),
                      style="dim", end_section=i < n - 1)
    return table


def jacobian_tables(report: SoftmaxReport, lang: str = "en",
                    precision: int = DEFAULT_PRECISION) -> list["RenderableType"]:
    """diag(p) − ppᵀ as a matrix per temperature (rows i = p_i, columns j = u_j = z_j/T:
    the columns hold derivatives with respect to u, as in every other format)."""
    tables = []
    for column in report.columns:
        if column.jacobian is None:
            continue
        table = Table(title=Text(text("jacobian_title", lang, value=temperature_text(column))),
                      caption=Text(text("jacobian_caption", lang)), header_style="bold")
        table.add_column("∂p_i/∂u_j", style="bold cyan", no_wrap=True)
        for j in range(report.logits.size):
            table.add_column(f"u{j + 1}", justify="right")
        for i, row in enumerate(column.jacobian):
            table.add_row(f"p{i + 1}", *(significant(v, precision) for v in row))
        tables.append(table)
    return tables


def probability_bars(report: SoftmaxReport, lang: str = "en") -> "RenderableType":
    """Horizontal grouped bars: for each class, one bar per temperature, full width = p of 1."""
    table = Table(title=Text(text("softmax_bars", lang)), box=None, show_header=False,
                  pad_edge=False)
    table.add_column(no_wrap=True, style="bold cyan")
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, min_width=BAR_WIDTH)
    table.add_column(no_wrap=True, justify="right")
    for i, logit in enumerate(report.logits):
        for k, column in enumerate(report.columns):
            style = BAR_STYLES[k % len(BAR_STYLES)] if len(report.columns) > 1 else "cyan"
            name = f"{class_name(i)} = {significant(logit)}" if k == 0 else ""
            table.add_row(name, f"T={temperature_text(column)}",
                          Text(bar(column.probabilities[i]), style=style),
                          significant(column.probabilities[i], 4))
    return table


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """A bar of ``fraction`` × ``width`` cells, drawn to an eighth of a cell."""
    eighths = int(round(max(0.0, min(1.0, float(fraction))) * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def explanation_panels(report: SoftmaxReport, lang: str = "en") -> list["RenderableType"]:
    """For each temperature: the naive formula's result, then the shifted steps; then why."""
    panels = [
        Panel(Text("\n".join(explanation_lines(c.explanation, lang))), expand=False)
        for c in report.columns
        if c.explanation is not None
    ]
    if panels:
        panels.append(Panel(Text(text("why_shift", lang)),
                            title=Text(text("why_shift_title", lang)), expand=False))
    return panels


def fit_sheet(experiment: FitExperiment, lang: str = "en") -> Sheet:
    """The table as a sheet (HTML, Markdown, CSV): the same columns, MSEs unrounded for CSV."""
    config, fits = experiment.config, experiment.fits
    dead = [f"{fit.dead_restarts}/{config.restarts}" for fit in fits]
    columns = (
        Column("activation", text("fit_activation", lang), [fit.label for fit in fits], TEXT),
        Column("best_mse", text("fit_best", lang), [fit.best_mse for fit in fits]),
        Column("median_mse", text("fit_median", lang), [fit.median_mse for fit in fits]),
        Column("dead_restarts", text("fit_dead_restarts", lang), dead, TEXT),
    )
    title = text("fit_table", lang, target=experiment.target, xmin=x_text(config.xmin),
                 xmax=x_text(config.xmax), hidden=config.hidden)
    return Sheet(title, columns, text("fit_line", lang, mse=mse_text(experiment.line_mse, lang)))
