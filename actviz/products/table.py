"""``table``: the values f(x) and f'(x) of activations at chosen x."""

from __future__ import annotations

from typing import Sequence

from actviz.activations.registry import select
from actviz.analysis.tables import ValueTable, table_points, value_table


def table_result(
    patterns: Sequence[str], at: str | None = None,
    grid: tuple[float, float, int] | None = None, derivative: bool = True,
) -> ValueTable:
    """f (and f') of the activations ``patterns`` select, at the x of ``--at`` (the text), of
    ``grid`` = (xmin, xmax, points), or the default x (see
    :func:`actviz.analysis.tables.table_points`)."""
    activations = select(patterns)
    x, given = table_points(at, grid)
    return value_table(activations, x, derivative=derivative, x_given=given)
