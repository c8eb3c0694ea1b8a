"""``precision``: what float32, float16, bfloat16 and float8 do to activations and gradients.

>>> report = precision(["sigmoid"], dtypes=["float16"])
>>> report.numbers("sigmoid", "float16", "left").gradient_zero_from   # σ' rounds to 0 from here
17.34375
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from actviz.activations.registry import select
from actviz.analysis.dtypes import parse_dtypes
from actviz.products.checks import dtype_names
from actviz.analysis.precision import PrecisionReport, SidePrecision, precision_report
from actviz.errors import ActvizError
from actviz.options import PRECISION
from actviz.products.base import TableResult, takes
from actviz.products.checks import activation_patterns


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
        """The numbers of the activation ``key`` (``"sigmoid"``, ``"elu:alpha=0.5"``, or its
        full spec ``"elu:alpha=1.0"``) in format ``dtype`` on ``side`` (``"left"`` or
        ``"right"``).  One that the report does not hold is an
        :class:`~actviz.errors.ActvizError` listing those it does."""
        held = self.report.activations
        entries = {**{e.activation.spec: e for e in held}, **{e.key: e for e in held}}
        entry = _chosen("activation", key, entries, shown=[e.key for e in held])
        by_side = _chosen("format", dtype, entry.sides)
        return _chosen("side", side, by_side)

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


def _chosen(what: str, value: str, choices: Mapping[str, Any],
            shown: Sequence[str] | None = None) -> Any:
    """``choices[value]``; else an error naming the choices (``shown``: all of them when
    None), not a bare KeyError."""
    if isinstance(value, str) and value in choices:
        return choices[value]
    listed = ", ".join(shown if shown is not None else choices)
    raise ActvizError(f"this report has no {what} {value!r}; it has {listed}")


@takes(PRECISION)
def precision(names: Sequence[str] | str, **options: Any) -> PrecisionResult:
    """For each activation that ``names`` select (names, specs, formulas, wildcards: ``"*"``
    for every one) and each format of ``dtypes`` (names or a comma-separated text; default
    float32, float16, bfloat16), on each side: the |x| from which f rounds to its limit and f'
    to 0, where they overflow, where the textbook f' computed in the format fails, and the
    largest relative errors (see :mod:`actviz.analysis.precision` for how, exactly)."""
    given = PRECISION.bind(options)
    dtype_names(given)  # an unknown name is the option's error, spelled as the caller's
    dtypes = parse_dtypes(given["dtypes"] or "")
    return PrecisionResult(precision_report(select(activation_patterns(names)), dtypes), given)
