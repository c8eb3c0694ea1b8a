"""Rich tables for ``actviz table`` and ``actviz saturation``, sized to the console at print time.

A group of columns (one activation's f and f′, the depth table's layers) is drawn as one rich
column whose sub-columns are aligned by hand, so its name sits centred over all of them and
rules separate the groups.  When the groups do not fit the console, the table is split into
stacked tables that each repeat the leading columns (x, the activation), as pandas does.
Captions are dim lines under the last table, as wide as the console.

Colour scales (named ANSI colours, see :func:`scale_style`): saturated and dead fractions green
to red; slopes red at or below sigmoid's 1/4; gradient norms green near 1, red when vanishing,
magenta when exploding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.table import Table
from rich.text import Text

from actviz.analysis.depth import DepthResult
from actviz.analysis.saturation import SaturationReport
from actviz.render.export import human_cell
from actviz.render.sheets import (
    MAX_LAYER_COLUMNS,
    PEOPLE,
    Column,
    Sheet,
    depth_sheets,
    saturation_sheet,
    shown_layers,
)

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
