"""Numbers as text, the one place for it: significant digits, exact echoes, ∞ for people,
multiples of π, the minus sign of figures, LaTeX, and JSON's non-finite form.

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


def human(value: float, precision: int = DEFAULT_PRECISION) -> str:
    """:func:`significant`, with ∞ for infinity: for sentences people read, not for programs."""
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    return significant(value, precision)


# Multiples of π are shown as such (arctan's asymptote π/2, fit's interval [0, 2π]) up to this
# numerator: beyond it "1e200" says more than a 200-digit multiple of π.
MAX_PI_NUMERATOR = 100
PI_DENOMINATORS = (1, 2, 3, 4, 6)


def pi_fraction(
    value: float, denominators: tuple[int, ...] = PI_DENOMINATORS
) -> tuple[int, int] | None:
    """``(k, d)`` when ``value`` is kπ/d to rounding (0 < |k| ≤ :data:`MAX_PI_NUMERATOR`),
    trying the ``denominators`` in order (ascending gives the reduced fraction); else ``None``."""
    if not math.isfinite(value) or value == 0:
        return None
    for denominator in denominators:
        numerator = value * denominator / math.pi
        whole = round(numerator)
        if 0 < abs(whole) <= MAX_PI_NUMERATOR and abs(numerator - whole) < 1e-12 * abs(numerator):
            return whole, denominator
    return None


def pi_text(numerator: int, denominator: int = 1) -> str:
    """kπ/d as text: ``π``, ``-π/2``, ``3π/4``, ``2π``; ``0`` for k = 0."""
    if numerator == 0:
        return "0"
    sign = "-" if numerator < 0 else ""
    factor = "" if abs(numerator) == 1 else str(abs(numerator))
    return f"{sign}{factor}π" + (f"/{denominator}" if denominator > 1 else "")


def typographic_minus(text: str) -> str:
    """A hyphen before a number becomes the minus sign U+2212, as in matplotlib's tick labels."""
    return re.sub(r"(?<!\w)-(?=[\d.π])", "\u2212", text)


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


