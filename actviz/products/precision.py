"""``precision``: what float32, float16, bfloat16 and float8 do to activations and gradients.

>>> report = precision(["sigmoid"], dtypes=["float16"])
>>> report.numbers("sigmoid", "float16", "left").gradient_zero_from   # σ' rounds to 0 from here
17.34375
"""

from __future__ import annotations

from typing import Any, Sequence

from actviz.activations.registry import select
from actviz.analysis.dtypes import parse_dtypes
from actviz.products.checks import dtype_names
from actviz.analysis.precision import PrecisionReport, SidePrecision, precision_report
from actviz.options import PRECISION
from actviz.products.base import TableResult, takes


class PrecisionResult(TableResult):
    """The numbers of ``actviz precision``: ``report`` (an
    :class:`~actviz.analysis.precision.PrecisionReport`), :meth:`numbers` for one activation,
    format and side, and the tables and JSON of :class:`~actviz.products.base.TableResult`.

    JSON: ``{"dtypes": [...], "activations": [{"name", "params", "dtypes": {dtype: {"left":
    {...}, "right": {...}}}}]}``, the keys of :class:`~actviz.analysis.precision.SidePrecision`
    in each side, ``null`` where a side has no such point.
    """

    def __init__(self, report: PrecisionReport, options: dict) -> None:
        super().__init__(options)
        self.report = report

    def numbers(self, key: str, dtype: str, side: str) -> SidePrecision:
        """The numbers of the activation ``key`` (``"sigmoid"``, ``"elu:alpha=0.5"``) in
        format ``dtype`` on ``side`` (``"left"`` or ``"right"``)."""
        for entry in self.report.activations:
            if entry.key == key:
                return entry.sides[dtype][side]
        raise KeyError(key)

    def _sheets(self, fmt: str):
        from actviz.render.export import precision_sheet

        return [precision_sheet(self.report)]

    def _json_data(self) -> dict:
        return self.report.to_json()

    def rich(self) -> Any:
        """The rich tables, as the command prints them (split to the console's width)."""
        from actviz.render.tables import SheetTables

        return SheetTables(self._sheets("rich"))

    def _summary(self) -> str:
        names = ", ".join(entry.key for entry in self.report.activations)
        return f"{names} in {', '.join(d.name for d in self.report.dtypes)}"


@takes(PRECISION)
def precision(names: Sequence[str] | str = (), **options: Any) -> PrecisionResult:
    """For each activation that ``names`` select (names, specs, formulas, wildcards; every
    one when empty) and each format of ``dtypes`` (names or a comma-separated text; default
    float32, float16, bfloat16), on each side: the |x| from which f rounds to its limit and f'
    to 0, where they overflow, where the textbook f' computed in the format fails, and the
    largest relative errors (see :mod:`actviz.analysis.precision` for how, exactly)."""
    given = PRECISION.bind(options)
    dtype_names(given)  # an unknown name is the option's error, spelled as the caller's
    dtypes = parse_dtypes(given["dtypes"] or "")
    return PrecisionResult(precision_report(select(names), dtypes), given)
