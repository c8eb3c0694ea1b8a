"""Values f(x), f'(x) and f''(x) of activations at chosen x: the numbers behind ``actviz table``.

The x values come either from a list the user typed (``--at -1,0,2.5``), echoed exactly as
given, or from an evenly spaced range (:func:`actviz.analysis.grid.linear_grid`).  ``inf`` and
``-inf`` are accepted in a list, because every activation has a limit there (sigmoid(∞) = 1,
sigmoid'(∞) = 0); NaN is refused, since it is not a point on the x axis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

from actviz.activations.registry import BoundActivation
from actviz.analysis.dtypes import Dtype
from actviz.analysis.grid import MAX_POINTS, linear_grid
from actviz.analysis.keys import activation_key
from actviz.analysis.lists import parse_number, split_list
from actviz.errors import OptionError, option_name
from actviz.lazy import numpy as np

# The x values of a table when none are asked for: both tails, the bend and the origin.
DEFAULT_POINTS = (-6.0, -3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0, 6.0)


def parse_points(text: str) -> tuple[float, ...]:
    """The numbers in a comma-separated list such as ``"-1,0,2.5,inf"`` (at most 10^7).

    Raises :class:`OptionError` naming the offending item for an empty item (``1,,2``), text
    that is not a number (``abc``) or NaN.
    """
    items = split_list(text, "at", "-1,0,1")
    if len(items) > MAX_POINTS:
        raise OptionError(f"takes at most {MAX_POINTS:,} numbers, got {len(items):,}", subject="at")
    return tuple(parse_number(item, "at", text) for item in items)


def table_points(
    at: str | None, grid: tuple[float, float, int] | None
) -> tuple[np.ndarray, bool]:
    """The x values of a table and whether the user typed them (``True``) or they were computed.

    ``at`` is the ``--at`` text; ``grid`` is ``(xmin, xmax, points)`` when any of those options
    was given.  Both at once is an :class:`OptionError`; neither gives :data:`DEFAULT_POINTS`.
    """
    if at is not None and grid is not None:
        raise OptionError(f"give either {option_name('at')} or {option_name('xmin')}/"
                          f"{option_name('xmax')}/{option_name('points')}, not both")
    if grid is not None:
        return linear_grid(*grid), False
    points = DEFAULT_POINTS if at is None else parse_points(at)
    return np.array(points, dtype=np.float64), True


@dataclass(frozen=True)
class ActivationValues:
    """f, f' (unless left out) and f'' (when asked) of one activation at the table's x."""

    key: str  # "elu" or "elu:alpha=0.5", see activation_key
    name: str
    label: str  # "ELU (α=0.5)"
    params: dict[str, float]
    f: np.ndarray
    df: np.ndarray | None
    d2f: np.ndarray | None = None


@dataclass(frozen=True)
class ValueTable:
    """x values and, for each activation, f(x) and f'(x): one row per x."""

    x: np.ndarray
    x_given: bool  # typed by the user (shown exactly) rather than computed from a range
    columns: tuple[ActivationValues, ...]
    dtype: str | None = None  # the format x, f and f' are rounded to (table --dtype)
    # where a finite value is beyond that format's range, so shows as ±inf or NaN: one line
    # per column that has some (:func:`rounding_losses`)
    overflows: tuple[str, ...] = ()

    @property
    def has_derivative(self) -> bool:
        return any(column.df is not None for column in self.columns)

    @property
    def has_second_derivative(self) -> bool:
        return any(column.d2f is not None for column in self.columns)


def value_table(
    activations: Sequence[BoundActivation],
    x: np.ndarray,
    *,
    derivative: bool = True,
    x_given: bool = True,
    dtype: Dtype | None = None,
    second_derivative: bool = False,
) -> ValueTable:
    """f(x) and f'(x) for each activation (f' left out when ``derivative`` is false), and
    f''(x) with ``second_derivative``.

    With ``dtype`` (float16, bfloat16, ...: :mod:`actviz.analysis.dtypes`) x is rounded to
    that format, as a network's input in it would be, and f, f' and f'' are the exact values there,
    rounded to it once: the best a network computing in that format can hold.
    """
    losses = _Losses(dtype)
    x = losses.round_x(x)
    columns = tuple(
        ActivationValues(
            key=activation_key(act),
            name=act.name,
            label=act.label,
            params=dict(act.params),
            f=losses.round(act(x), _column_name(act, 0)),
            df=losses.round(act.derivative(x), _column_name(act, 1)) if derivative else None,
            d2f=(losses.round(act.derivative(x, order=2), _column_name(act, 2))
                 if second_derivative else None),
        )
        for act in activations
    )
    return ValueTable(x=x, x_given=x_given and dtype is None, columns=columns,
                      dtype=None if dtype is None else dtype.name,
                      overflows=tuple(losses.messages()))


def _column_name(act: BoundActivation, order: int) -> str:
    """How a warning names the column of f (order 0), f' or f'' of ``act``."""
    return f"{act.label} {('f(x)', 'f′(x)', 'f″(x)')[order]}"


@dataclass
class LostRows:
    """The rows of one column whose finite value the format cannot hold, so far: how many,
    and the least and greatest x among them."""

    count: int = 0
    low: float = float("inf")
    high: float = float("-inf")

    def add(self, where: np.ndarray) -> None:
        """Count the lost rows at ``where`` (their x, one block's)."""
        if len(where):
            self.count += len(where)
            self.low = min(self.low, float(where.min()))
            self.high = max(self.high, float(where.max()))


class _Losses:
    """Rounds a table's columns to ``dtype`` (none: unchanged) and tallies, per column, the
    rows whose finite value the format cannot hold (:func:`rounding_losses`).  One tally
    may take a table block by block (:func:`rounding_report`): its lines are then those of
    the whole table, each block's x given by :meth:`round_x` before its columns."""

    def __init__(self, dtype: Dtype | None) -> None:
        self.dtype, self.rows = dtype, 0
        self.lost: dict[str, LostRows] = {}  # every column, in the table's order
        self.x: np.ndarray | None = None  # None while x itself is rounded: its typed value

    def round_x(self, x) -> np.ndarray:
        """The block ``x`` rounded (its losses named by the typed x); the block's other
        columns are then named by this rounded x, the x the table shows."""
        self.x = None
        self.x = self.round(x, "x")
        self.rows += len(self.x)
        return self.x

    def round(self, values, what: str) -> np.ndarray:
        values = np.asarray(values, dtype=np.float64)
        if self.dtype is None:
            return values
        rounded = self.dtype.round(values)
        where = values if self.x is None else self.x
        self.lost.setdefault(what, LostRows()).add(where[np.isfinite(values)
                                                      & ~np.isfinite(rounded)])
        return rounded

    def messages(self) -> list[str]:
        """One line per column that lost rows (:func:`rounding_losses`), in the table's order."""
        return [rounding_losses(self.dtype, what, lost, self.rows)
                for what, lost in self.lost.items() if lost.count]


def rounding_losses(dtype: Dtype, what: str, lost: LostRows, rows: int) -> str:
    """The warning for the rows of the column ``what`` whose exact value is finite and
    rounded to ``dtype`` is not: |v| beyond the format's largest value becomes ±inf, or NaN
    in a format without inf (float8_e4m3fn holds at most 448).  ``lost`` says where and how
    many, ``rows`` of the table's."""
    low, high = lost.low, lost.high
    at = f"x = {low:g}" if low == high else f"x from {low:g} to {high:g}"
    becomes = "±inf" if dtype.has_inf else "NaN"
    holds = f"{dtype.name} holds at most ±{dtype.max:g}{'' if dtype.has_inf else ', no inf'}"
    return f"{holds}: {what} rounds to {becomes} at {at} ({lost.count:,} of {rows:,} rows)"


@dataclass(frozen=True)
class RoundingReport:
    """What :func:`rounding_report` found: the table's :attr:`ValueTable.overflows`, and
    whether f and f' of every activation are finite (before rounding) at every finite x of
    the table, so that only when they are not is the whole-array search of where worth it."""

    overflows: tuple[str, ...]
    finite: bool


def rounding_report(
    activations: Sequence[BoundActivation],
    x: np.ndarray,
    dtype: Dtype,
    *,
    derivative: bool = True,
    second_derivative: bool = False,
    rows: int | None = None,
) -> RoundingReport:
    """:attr:`ValueTable.overflows` of ``value_table(activations, x, dtype=dtype, ...)``,
    the same lines, found ``rows`` x at a time (:data:`TABLE_BLOCK_ROWS`) in memory that
    does not grow with the rows; with :attr:`RoundingReport.finite`, computed on the way.
    f' is evaluated for that check even when ``derivative`` leaves its column out."""
    losses, finite = _Losses(dtype), True
    shown = (0, *((1,) if derivative else ()), *((2,) if second_derivative else ()))
    for block in _blocks(x, rows):
        block = losses.round_x(block)
        inside = np.isfinite(block)
        for act in activations:
            for order in sorted({0, 1, *shown}):
                exact = _evaluated(act, order, block, _unchanged)
                if order in shown:
                    losses.round(exact, _column_name(act, order))
                if order < 2:
                    finite = finite and bool(np.isfinite(exact[inside]).all())
    return RoundingReport(tuple(losses.messages()), finite)


# Rows evaluated at once by value_table_blocks: 2^16 rows of a few float64 columns are a few
# MiB, so a table of any length is written in memory that does not grow with its rows.
TABLE_BLOCK_ROWS = 1 << 16


def value_table_blocks(
    activations: Sequence[BoundActivation],
    x: np.ndarray,
    *,
    rows: int | None = None,
    **how: object,
) -> Iterator[ValueTable]:
    """:func:`value_table` of consecutive slices of ``x``, ``rows`` x at a time (by default
    :data:`TABLE_BLOCK_ROWS`; ``how`` is its keywords); at least one table, empty when ``x`` is.  The kernels are elementwise, so the
    rows are those of one :func:`value_table` of the whole ``x``."""
    x = np.asarray(x, dtype=np.float64)
    rows = TABLE_BLOCK_ROWS if rows is None else rows
    for start in range(0, max(len(x), 1), rows):
        yield value_table(activations, x[start:start + rows], **how)  # type: ignore[arg-type]


def value_column_blocks(
    act: BoundActivation | None,
    x: np.ndarray,
    order: int = 0,
    *,
    dtype: Dtype | None = None,
    rows: int | None = None,
) -> Iterator[np.ndarray]:
    """One column of :func:`value_table` in consecutive blocks of ``rows`` x (by default
    :data:`TABLE_BLOCK_ROWS`): the x themselves when ``act`` is ``None``, else
    f^(order)(x), order 0, 1 or 2, rounded to ``dtype`` as there.  A column-major format
    (JSON: all of x, then all of each f) is written from these in memory flat in the rows,
    each value computed once."""
    rounded = _unchanged if dtype is None else dtype.round
    for block in _blocks(x, rows):
        block = rounded(block)
        yield block if act is None else _evaluated(act, order, block, rounded)


def _blocks(x: np.ndarray, rows: int | None) -> Iterator[np.ndarray]:
    """``x`` as float64 in consecutive slices of ``rows`` (:data:`TABLE_BLOCK_ROWS`); none
    when it is empty."""
    x = np.asarray(x, dtype=np.float64)
    rows = TABLE_BLOCK_ROWS if rows is None else rows
    for start in range(0, len(x), rows):
        yield x[start:start + rows]


def table_is_finite(activations: Sequence[BoundActivation], x: np.ndarray,
                    rows: int | None = None) -> bool:
    """Whether f and f' of every activation are finite at every ``x``, evaluated
    ``rows`` x at a time (:data:`TABLE_BLOCK_ROWS`), so that checking a long table costs no
    memory; only where it is not are the (whole-array) spans of the warning worth finding."""
    return all(np.isfinite(values).all()
               for act in activations for order in (0, 1)
               for values in value_column_blocks(act, x, order, rows=rows))


def _evaluated(act: BoundActivation, order: int, x: np.ndarray,
               rounded: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """f(x) (order 0), f'(x) or f''(x) as float64, rounded by ``rounded``."""
    values = act(x) if order == 0 else act.derivative(x, order=order)
    return rounded(np.asarray(values, dtype=np.float64))


def _unchanged(values: np.ndarray) -> np.ndarray:
    return values
