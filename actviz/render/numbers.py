"""Numbers as text for tables: significant digits, exact echoes, LaTeX, and JSON's non-finite form.

Human formats (rich, Markdown, LaTeX) show P significant digits and switch to scientific
notation where fixed notation would hide digits, so 4.25e-18 never shows as 0.000000.
Machine formats (CSV, JSON) write every float with ``repr``: the shortest text that reads back
to the same float64.  JSON has no inf or NaN: they are written as the strings ``"inf"``,
``"-inf"`` and ``"nan"`` (what Python's ``float()`` reads back; the registry's JSON uses the
same form for infinite interval ends).
"""

from __future__ import annotations

import math
import re

DEFAULT_PRECISION = 6

_EXPONENT = re.compile(r"e\+?(-?)0*(\d)")


def significant(value: float, precision: int = DEFAULT_PRECISION) -> str:
    """``value`` to ``precision`` significant digits: ``0.25``, ``4.25e-18``, ``1.5e6``.

    Trailing zeros are dropped (an exact 1 shows as ``1``), ``-0`` shows as ``0``, and the
    infinities as ``inf``/``-inf``.
    """
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == 0:
        return "0"
    return _EXPONENT.sub(r"e\1\2", f"{value:.{precision}g}")


def shortest(value: float) -> str:
    """The shortest text that reads back to exactly ``value``: ``-0.5``, ``40``, ``1e-5``.

    For x values a user typed: they are shown as given, not rounded.
    """
    if not math.isfinite(value) or value == 0:
        return significant(value)
    text = repr(float(value))
    if text.endswith(".0"):
        text = text[:-2]
    return _EXPONENT.sub(r"e\1\2", text)


def machine(value: float) -> str:
    """Full float64 precision for CSV: ``repr`` (``0.1``, ``4.248354255291589e-18``, ``inf``)."""
    return significant(value) if not math.isfinite(value) else repr(float(value))


def latex(text: str) -> str:
    """A number from :func:`significant` in LaTeX math: ``$-4.25 \\times 10^{-18}$``."""
    if text == "nan":
        return r"\textsc{nan}"
    return f"${latex_math(text)}$"


def latex_math(text: str) -> str:
    """The inside of :func:`latex`, for numbers within a larger formula."""
    if text in ("inf", "-inf"):
        return r"\infty" if text == "inf" else r"-\infty"
    mantissa, _, exponent = text.partition("e")
    if not exponent:
        return text
    power = f"10^{{{int(exponent)}}}"
    if mantissa in ("1", "-1"):
        return mantissa[:-1] + power
    return f"{mantissa} \\times {power}"


