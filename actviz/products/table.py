"""``table``: the values f(x), f'(x) and (when asked) f''(x) of activations at chosen x."""

from __future__ import annotations

from typing import Any, Iterator, Sequence, TextIO

from actviz.activations.registry import BoundActivation, select
from actviz.analysis.dtypes import lookup_dtype
from actviz.analysis.tables import ValueTable, table_points, value_table, value_table_blocks
from actviz.errors import option_name
from actviz.options import TABLE
from actviz.products.base import TableResult, takes
from actviz.products.checks import check_reading, dtype_names, table_grid


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
        for chunk in self.csv_chunks():
            file.write(chunk)

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

    def _json_data(self) -> dict:
        from actviz.render.export import value_table_json

        return value_table_json(self.table)

    def rich(self, precision: int | None = None):
        """The rich tables the command prints."""
        from actviz.render.tables import SheetTables

        return SheetTables(self._sheets("rich"), self._precision(precision))

    @property
    def warnings(self) -> list[str]:
        """Where a formula is inf or NaN in the table (one line each; built-ins never), and
        with ``dtype`` where a value is beyond the format's range (shown as ±inf or NaN)."""
        from actviz.products.warnings import nonfinite_warnings

        if self._table is None and self.options.get("dtype") is None:
            # not worth the whole table (a streamed CSV never builds it): one activation's
            # f and f' at a time
            return nonfinite_warnings(self.activations, self.x)
        if self.options.get("dtype") is not None:
            # the format's overflows are said by the table; a formula's own inf or NaN is
            # found in float64 (exp(96) is not undefined because float8 cannot hold it)
            import numpy as np

            x = self.table.x[np.isfinite(self.table.x)]
            return [*self.table.overflows, *nonfinite_warnings(self.activations, x)]
        return nonfinite_warnings(self.activations, self.table.x,
                                  [column.f for column in self.columns],
                                  [column.df for column in self.columns])

    def _summary(self) -> str:
        names = ", ".join(a.spec for a in self.activations)
        shown = ("f", "f′" * self.options["derivative"],
                 "f″" * self.options["second_derivative"])
        what = ", ".join(name for name in shown if name)
        return f"{names}: {what} at {len(self.x)} x"


@takes(TABLE)
def table(names: str | Sequence[str], **options: Any) -> TableValues:
    """f(x) and f′(x) of the activations ``names`` select (wildcards allowed), one row per x:
    ``at=[0, 20, 40]`` (``inf`` gives the limit), or ``xmin``/``xmax``/``points`` (evenly
    spaced), or by default -6, -3, -1, -0.5, 0, 0.5, 1, 3, 6.  ``derivative=False`` leaves
    f′ out, ``second_derivative=True`` adds f″; ``precision`` is the digits of Markdown,
    LaTeX and HTML (``actviz table``).
    """
    patterns = [names] if isinstance(names, str) else list(names)
    given = TABLE.bind(options)
    dtype_names(given)  # an unknown name is the option's error, spelled as the caller's
    if given["dtype"] is not None:
        dtype = lookup_dtype(given["dtype"])  # an unknown format fails before any work
        if "precision" not in options:
            given["precision"] = dtype.digits  # every digit the format has, and no more
    x, x_given = table_points(given["at"], table_grid(given, options))
    return TableValues(select(patterns), x, x_given, given)
