"""``table``: the values f(x) and f'(x) of activations at chosen x."""

from __future__ import annotations

from typing import Sequence

from actviz.activations.registry import select
from actviz.analysis.tables import ValueTable, table_points, value_table
from actviz.errors import OptionError


# Rows a table for reading (rich, Markdown, LaTeX) may have: 100,000 rich rows take 15 s to
# lay out, and nobody reads them; CSV and JSON take any number of points.
READING_MAX_ROWS = 10_000
READING_FORMATS = ("rich", "markdown", "latex")


def table_result(
    patterns: Sequence[str], at: str | None = None,
    grid: tuple[float, float, int] | None = None, derivative: bool = True,
    fmt: str = "csv",
) -> ValueTable:
    """f (and f') of the activations ``patterns`` select, at the x of ``--at`` (the text), of
    ``grid`` = (xmin, xmax, points), or the default x (see
    :func:`actviz.analysis.tables.table_points`).  A table in a format for reading holds at
    most :data:`READING_MAX_ROWS` rows (checked before anything is computed)."""
    x, given = table_points(at, grid)
    if fmt in READING_FORMATS and len(x) > READING_MAX_ROWS:
        raise OptionError(
            f"a {fmt} table holds at most {READING_MAX_ROWS:,} rows, not {len(x):,}: "
            "use fewer --points, or --format csv or json"
        )
    return value_table(select(patterns), x, derivative=derivative, x_given=given)


def table_warnings(patterns: Sequence[str], table: ValueTable) -> list[str]:
    """Where a formula among ``patterns`` is inf or NaN in ``table`` (one line each; see
    :mod:`actviz.products.warnings`)."""
    from actviz.products.warnings import nonfinite_warnings

    return nonfinite_warnings(select(patterns), table.x,
                              [column.f for column in table.columns],
                              [column.df for column in table.columns])
