"""``actviz precision`` as a sheet: one row per activation, format and side.

People (rich, Markdown) read the thresholds with the format's own digits (5 for float16, 4 for
bfloat16), ``—`` where a side has no such point, and a textbook failure as ``7.3398 (off)``.
Machines (CSV) get every key of the JSON at full precision, an empty cell for ``null``.
"""

from __future__ import annotations

from actviz.analysis.precision import PrecisionReport, SidePrecision
from actviz.render.numbers import significant
from actviz.render.sheets import MACHINES, NUMBER, PEOPLE, TEXT, Column, Sheet

ERROR_DIGITS = 2  # a relative error is an order of magnitude: 2 digits say it
NONE = "—"
# How a textbook form fails, in a cell: it gives 0, ±inf, NaN, or a value more than 50% off.
FAILURES = {"zero": "0", "inf": "inf", "nan": "nan", "wrong": "off"}

ROUNDED = "exactly rounded, from |x|"
TEXTBOOK = "textbook form in the format"
THRESHOLDS = (  # (key, people's header, group)
    ("saturates_from", "f = limit", ROUNDED),
    ("gradient_zero_from", "f′ = 0", ROUNDED),
    ("f_overflows_from", "f overflows", ROUNDED),
    ("gradient_overflows_from", "f′ overflows", ROUNDED),
)
TEXTBOOK_COLUMNS = (  # (key of |x|, key of how, people's header)
    ("textbook_f_fails_from", "textbook_f_failure", "f fails at"),
    ("textbook_gradient_fails_from", "textbook_gradient_failure", "f′ fails at"),
)
ERRORS = (("f_error_in_dtype", "max error f"), ("gradient_error_in_dtype", "max error f′"))
CAPTION = (
    "|x| from which f rounds to its limit, f′ rounds to 0, f or f′ round to ±inf (NaN in "
    "formats without inf); the first |x| where the textbook form computed in the format gives "
    "0, inf, nan, or a value more than 50% off (off) where exact rounding does not; and its "
    "largest relative error over the format's inputs. Thresholds are representable inputs."
)


def precision_sheet(report: PrecisionReport) -> Sheet:
    """The rows of ``report``; see the module docstring."""
    rows = [
        (entry.key, dtype, side, numbers)
        for entry in report.activations
        for dtype in report.dtypes
        for side, numbers in entry.sides[dtype.name].items()
    ]
    digits = {dtype.name: dtype.digits for dtype in report.dtypes}
    columns = [
        Column("activation", "activation", [key for key, *_ in rows], TEXT),
        Column("dtype", "format", [dtype.name for _, dtype, _, _ in rows], TEXT),
        Column("side", "side", [side for _, _, side, _ in rows], TEXT),
    ]
    columns += [
        Column(key, header, [_threshold(n, key, digits[d.name]) for _, d, _, n in rows], TEXT,
               group=group, audience=PEOPLE)
        for key, header, group in THRESHOLDS
    ]
    columns += [
        Column(where, header, [_failure(n, where, how, digits[d.name]) for _, d, _, n in rows],
               TEXT, group=TEXTBOOK, audience=PEOPLE)
        for where, how, header in TEXTBOOK_COLUMNS
    ]
    columns += [
        Column(key, header, [_error(getattr(n, key)) for *_, n in rows], TEXT, group=TEXTBOOK,
               audience=PEOPLE)
        for key, header in ERRORS
    ]
    columns += [
        Column(key, key, [getattr(n, key) for *_, n in rows],
               TEXT if key.endswith("failure") else NUMBER, audience=MACHINES)
        for key in SidePrecision.__dataclass_fields__
    ]
    names = ", ".join(dtype.name for dtype in report.dtypes)
    return Sheet(f"Low precision: {names}", tuple(columns), CAPTION, prefix_groups=False)


def _threshold(numbers: SidePrecision, key: str, digits: int) -> str:
    value = getattr(numbers, key)
    return NONE if value is None else significant(value, digits)


def _failure(numbers: SidePrecision, where: str, how: str, digits: int) -> str:
    value = getattr(numbers, where)
    if value is None:
        return NONE
    return f"{significant(value, digits)} ({FAILURES[getattr(numbers, how)]})"


def _error(value: float | None) -> str:
    return NONE if value is None else significant(value, ERROR_DIGITS)


def precision_text(report: PrecisionReport, fmt: str) -> str:
    """The document of ``actviz precision --format fmt`` (csv, markdown or json)."""
    from actviz.render.export import json_text, sheets_text

    if fmt == "json":
        return json_text(report.to_json())
    return sheets_text([precision_sheet(report)], fmt)
