"""``table``: the values f(x), f'(x) and (when asked) f''(x) of activations at chosen x."""

from __future__ import annotations

from typing import Any, Iterator, Sequence, TextIO

from actviz.activations.registry import BoundActivation, select
from actviz.analysis.dtypes import lookup_dtype
from actviz.analysis.tables import (
    ValueTable,
    rounding_report,
    table_is_finite,
    table_points,
    value_column_blocks,
    value_table,
    value_table_blocks,
)
from actviz.errors import option_name
from actviz.options import TABLE
from actviz.products.base import TableResult, takes
from actviz.products.checks import activation_patterns, check_reading, dtype_names, table_grid


class TableValues(TableResult):
    """``actviz.table(...)``: ``x``, and per activation f(x) and f'(x) (``columns``, one
    :class:`~actviz.analysis.tables.ActivationValues` each); computed on first use, so that a
    format that cannot hold the rows (:meth:`check_format`) fails before any work."""

    def __init__(self, activations: Sequence[BoundActivation], x: Any, x_given: bool,
                 options: dict) -> None:
        super().__init__(options)
        self.activations = list(activations)
        self.x = x
        self.x_given = x_given
        self._table: ValueTable | None = None

    @property
    def table(self) -> ValueTable:
        if self._table is None:
            self._table = value_table(self.activations, self.x, **self._table_keywords())
        return self._table

    def _table_keywords(self) -> dict[str, Any]:
        dtype = self.options.get("dtype")
        return {"derivative": self.options["derivative"], "x_given": self.x_given,
                "dtype": None if dtype is None else lookup_dtype(dtype),
                "second_derivative": self.options["second_derivative"]}

    def csv_chunks(self) -> Iterator[str]:
        """The text of :meth:`to_csv` in pieces, the rows evaluated and formatted a block at a
        time, so that the memory does not grow with the number of rows (unless :attr:`table`
        was already used: its rows are then written, not computed again)."""
        from actviz.render.export import value_csv_chunks

        self.check_format("csv")
        blocks = ([self._table] if self._table is not None else
                  value_table_blocks(self.activations, self.x, **self._table_keywords()))
        return value_csv_chunks(blocks)

    def to_csv(self) -> str:
        """CSV: every float at full precision (``repr``), machine headers (``sigmoid f'(x)``)."""
        return "".join(self.csv_chunks())

    def write_csv(self, file: TextIO) -> None:
        """Write :meth:`to_csv` to the open text ``file`` as it is made, a block at a time."""
        self.write(file, "csv")

    def json_chunks(self, ascii_only: bool = False) -> Iterator[str]:
        """The text of :meth:`to_json` in pieces: all of x, then each activation's f, f' and
        f'' (JSON holds them column by column), each evaluated and formatted a block of
        rows at a time, so that the memory does not grow with the number of rows (unless
        :attr:`table` was already used: its columns are then written, not computed again)."""
        from actviz.render.export import value_json_chunks

        if self._table is not None:
            return value_json_chunks(self._table, _table_lists(self._table), ascii_only)
        how = self._table_keywords()
        header = value_table(self.activations, self.x[:0], **how)
        lists = [value_column_blocks(None, self.x, dtype=how["dtype"])]
        for act, column in zip(self.activations, header.columns):
            lists += [value_column_blocks(act, self.x, order, dtype=how["dtype"])
                      for order, values in enumerate((column.f, column.df, column.d2f))
                      if values is not None]
        return value_json_chunks(header, lists, ascii_only)

    def to_json(self, ascii_only: bool = False) -> str:
        """The JSON the command prints with ``--format json`` (``"inf"`` for infinities)."""
        return "".join(self.json_chunks(ascii_only))

    @property
    def columns(self):
        return self.table.columns

    def check_format(self, fmt: str) -> None:
        """A table in a format for reading holds at most
        :data:`actviz.analysis.limits.READING_MAX_ROWS` rows and ``READING_MAX_COLUMNS``
        columns."""
        check_reading(TABLE.name, self.options, fmt, len(self.x), len(self.activations))

    def _sheets(self, fmt: str):
        from actviz.render.export import value_sheet

        self.check_format(fmt)
        return [value_sheet(self.table)]

    def rich(self, precision: int | None = None):
        """The rich tables the command prints."""
        from actviz.render.tables import SheetTables

        return SheetTables(self._sheets("rich"), self._precision(precision))

    @property
    def warnings(self) -> list[str]:
        """Where a formula is inf or NaN in the table (one line each; built-ins never), and
        with ``dtype`` where a value is beyond the format's range (shown as ±inf or NaN)."""
        from actviz.products.warnings import nonfinite_warnings

        if self._table is not None and self._table.dtype is None:
            return nonfinite_warnings(self.activations, self.table.x,
                                      [column.f for column in self.columns],
                                      [column.df for column in self.columns])
        # not worth the whole table (a streamed CSV or JSON never builds it): checks a block
        # at a time, and only where a formula is not finite one activation's f and f' at a
        # time, whole, to find where
        overflows, finite = self._block_checks()
        if finite:
            return list(overflows)
        return [*overflows, *nonfinite_warnings(self.activations, self._finite_x())]

    def _block_checks(self) -> tuple[Sequence[str], bool]:
        """The format's overflows (with ``dtype``) and whether every f and f' is finite,
        found a block of rows at a time (:func:`rounding_report`, :func:`table_is_finite`)."""
        how = self._table_keywords()
        if how["dtype"] is None:
            return (), table_is_finite(self.activations, self.x)
        report = rounding_report(self.activations, self.x, how["dtype"],
                                 derivative=how["derivative"],
                                 second_derivative=how["second_derivative"])
        return report.overflows, report.finite

    def _finite_x(self) -> Any:
        """The x of the table where a formula's own inf or NaN is sought: with ``dtype`` the
        finite x the table shows, rounded, evaluated in float64 (exp(96) is not undefined
        because float8 cannot hold it)."""
        dtype = self._table_keywords()["dtype"]
        if dtype is None:
            return self.x
        import numpy as np

        x = dtype.round(self.x)
        return x[np.isfinite(x)]

    def _summary(self) -> str:
        names = ", ".join(a.spec for a in self.activations)
        shown = ("f", "f′" * self.options["derivative"],
                 "f″" * self.options["second_derivative"])
        what = ", ".join(name for name in shown if name)
        return f"{names}: {what} at {len(self.x)} x"


def _table_lists(table: ValueTable) -> list[list[Any]]:
    """The lists of :func:`value_json_chunks` from a table already built, one block each."""
    lists = [[table.x]]
    for column in table.columns:
        lists += [[values] for values in (column.f, column.df, column.d2f) if values is not None]
    return lists


@takes(TABLE)
def table(names: str | Sequence[str], **options: Any) -> TableValues:
    """f(x) and f′(x) of the activations ``names`` select (wildcards allowed), one row per x:
    ``at=[0, 20, 40]`` (``inf`` gives the limit), or ``xmin``/``xmax``/``points`` (evenly
    spaced), or by default -6, -3, -1, -0.5, 0, 0.5, 1, 3, 6.  ``derivative=False`` leaves
    f′ out, ``second_derivative=True`` adds f″; ``precision`` is the digits of Markdown,
    LaTeX and HTML (``actviz table``).
    """
    patterns = activation_patterns(names)
    given = TABLE.bind(options)
    dtype_names(given)  # an unknown name is the option's error, spelled as the caller's
    if given["dtype"] is not None:
        dtype = lookup_dtype(given["dtype"])  # an unknown format fails before any work
        if "precision" not in options:
            given["precision"] = dtype.digits  # every digit the format has, and no more
    x, x_given = table_points(given["at"], table_grid(given, options))
    return TableValues(select(patterns), x, x_given, given)
