"""Numbers, intervals, peaks and formulas as text: the words every medium shares.

The one place for each: rich tables, Markdown, LaTeX, CSV, figures and terminal charts all
write their numbers and phrases with these functions (the words themselves, in every
language, are in :mod:`actviz.render.labels`).  Nothing here imports rich, matplotlib or numpy.

- Numbers: P significant digits for people, switching to scientific notation where fixed
  notation would hide digits (4.25e-18 never shows as 0.000000); ``repr`` for machines (CSV,
  JSON), the shortest text that reads back to the same float64; multiples of π as such; the
  figures' minus sign (U+2212); LaTeX.  JSON has no inf or NaN: they are written as the
  strings ``"inf"``, ``"-inf"`` and ``"nan"`` (what Python's ``float()`` reads back; the
  registry's JSON uses the same form for infinite interval ends).
- Formulas: matplotlib mathtext as plain Unicode, ``\\frac{1}{1 + e^{-x}}`` as
  ``1/(1 + e^(-x))`` (Greek letters as symbols, superscripts with ``^``, fractions with ``/``,
  parentheses wherever a part has more than one token).
- Intervals of x as inequalities (``x > 0``, ``-1 ≤ x ≤ 1``, "all x") in sentences, and in
  bracket notation (``[0, ∞)``, ``(-∞, -1) ∪ (1, ∞)``) in tables.
- A :class:`~actviz.analysis.peaks.Peak` in words: "0.25 at x = 0", "1 for x > 0",
  "1.5 as x → 3⁻" or "∞ as x → ±∞".
- Where an activation is not finite, in one line: ``exp(x) overflows for x ≥ 709.8``.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Callable, Sequence

from actviz.render.labels import text

if TYPE_CHECKING:
    from actviz.activations.registry import Interval
    from actviz.analysis.overflow import NonFiniteReport, Span
    from actviz.analysis.peaks import Peak
    from actviz.analysis.softmax import SoftmaxColumn


# --------------------------------------------------------------------------------------------
# Numbers: significant digits, exact echoes, multiples of π, LaTeX
# --------------------------------------------------------------------------------------------

DEFAULT_PRECISION = 6

_EXPONENT = re.compile(r"e\+?(-?)0*(\d)")


def significant(value: float, precision: int = DEFAULT_PRECISION) -> str:
    """``value`` to ``precision`` significant digits: ``0.25``, ``4.25e-18``, ``1.5e6``.

    Trailing zeros are dropped (an exact 1 shows as ``1``), ``-0`` shows as ``0``, and the
    infinities as ``inf``/``-inf``.  A value that is not a whole number never rounds to one:
    it gets the digits that show it is not (tanh(10) = ``0.999999996``, not ``1``), as a
    limit and a value close to it must not read the same.
    """
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == 0:
        return "0"
    digits = precision
    while digits < 17 and _looks_whole(value, f"{value:.{digits}g}", precision):
        digits += 1
    return _EXPONENT.sub(r"e\1\2", f"{value:.{digits}g}")


def _looks_whole(value: float, text: str, precision: int) -> bool:
    """Whether ``text`` shows a whole number (without an exponent) that ``value`` is not."""
    shown = float(text)
    return shown != value and shown == math.floor(shown) and abs(shown) < 10.0**precision


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


def listed(items: Sequence[str]) -> str:
    """The non-empty ``items`` as prose: ``f``, ``f and f′``, ``f, f′ and f″``."""
    kept = [item for item in items if item]
    return " and ".join(filter(None, (", ".join(kept[:-1]), kept[-1] if kept else "")))


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


# --------------------------------------------------------------------------------------------
# Formulas: mathtext as plain Unicode, for terminals and tables
# --------------------------------------------------------------------------------------------

_SYMBOLS = {
    r"\sigma": "σ", r"\alpha": "α", r"\beta": "β", r"\lambda": "λ", r"\Phi": "Φ",
    r"\varphi": "φ", r"\phi": "φ", r"\pi": "π", r"\tanh": "tanh", r"\log": "log", r"\ln": "ln",
    r"\max": "max", r"\min": "min", r"\leq": "≤", r"\geq": "≥", r"\neq": "≠", r"\cdot": "·",
    r"\infty": "∞", r"\exp": "exp", r"\operatorname": "", r"\left": "", r"\right": "",
    r"\,": " ", r"\ ": " ", r"\;": " ", r"\quad": " ",
}
_FUNCTIONS = ("tanh", "log", "ln", "max", "min", "exp")
_INNERMOST = r"\{([^{}]*)\}"
_RULES = (
    (re.compile(r"\\frac" + _INNERMOST + _INNERMOST), lambda m: f"{_group(m[1])}/{_group(m[2])}"),
    (re.compile(r"\\sqrt" + _INNERMOST), lambda m: f"√{_group(m[1])}"),
    (re.compile(r"\\mathrm" + _INNERMOST), lambda m: m[1]),
    (re.compile(r"\\operatorname" + _INNERMOST), lambda m: m[1]),
    (re.compile(r"\^" + _INNERMOST), lambda m: f"^{_group(m[1])}"),
    (re.compile(r"_" + _INNERMOST), lambda m: f"_{_group(m[1])}"),
    (re.compile(_INNERMOST), lambda m: _unwrap_bare(m)),
)
# What comes right before a group that is some command's argument (\frac{a}{b}, e^{x}).
_ARGUMENT_OF = re.compile(r"(\\[A-Za-z]+|[\^_}])$")


def _unwrap_bare(match: re.Match) -> str:
    """A group that is nobody's argument (sympy's ``\\left|{x}\\right|``) loses its braces,
    so that the group around it becomes innermost for its own rule."""
    if _ARGUMENT_OF.search(match.string, 0, match.start()):
        return match[0]
    return match[1]


def _group(term: str) -> str:
    """A part as text: bare if it is one token (x, 2, α, e^x), else in parentheses."""
    term = term.strip()
    bare = term.replace("\\", "").replace(".", "").replace("^", "")
    return term if bare.isalnum() or len(term) == 1 else f"({term})"


def to_plain(mathtext: str) -> str:
    """Plain Unicode for ``mathtext`` (no surrounding ``$``)."""
    text = mathtext
    for word, symbol in sorted(_SYMBOLS.items(), key=lambda item: -len(item[0])):
        # \alpha must not match the start of \alphabet; \, has no such neighbour.
        end = r"(?![A-Za-z])" if word[-1].isalpha() else ""
        if symbol in _FUNCTIONS:  # "\frac{1}{\beta}\ln(…)" reads "1/β ln(…)"
            symbol = " " + symbol
        text = re.sub(re.escape(word) + end, lambda _m, s=symbol: s, text)
    changed = True
    while changed:
        changed = False
        for pattern, replacement in _RULES:
            rewritten = pattern.sub(replacement, text)
            changed = changed or rewritten != text
            text = rewritten
    text = text.replace("{", "").replace("}", "").replace("\\", "")
    text = re.sub(r"([(\[]) ", r"\1", text)  # "( ln" from a function after a bracket
    text = re.sub(r" ([)\]])", r"\1", text)  # "(x )" from sympy's "\left(x \right)"
    # A unary minus before a function: "= -log(…)", not "= - log(…)"; "a - ln(x)" stays.
    functions = "|".join(_FUNCTIONS)
    text = re.sub(r"((?:^|[=(,])\s*)-\s+(?=(?:" + functions + r")\b)", r"\1-", text)
    return re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------------------------
# Intervals of x: inequalities in sentences, bracket notation in tables
# --------------------------------------------------------------------------------------------

def interval_words(low: float, high: float, lang: str = "en",
                   precision: int = DEFAULT_PRECISION, closed: bool = False) -> str:
    """``x < 1``, ``x > 0``, ``-1 < x < 1`` or "all x"; with ``closed``, ``x ≤ 1``,
    ``-1 ≤ x ≤ 1`` and ``x = 2`` for a single point.  An infinite end is no bound."""
    below, above = ("≤", "≥") if closed else ("<", ">")
    if math.isinf(low) and math.isinf(high):
        return text("all_x", lang)
    if math.isinf(low):
        return f"x {below} {human(high, precision)}"
    if math.isinf(high):
        return f"x {above} {human(low, precision)}"
    if closed and low == high:
        return f"x = {human(low, precision)}"
    return f"{human(low, precision)} {below} x {below} {human(high, precision)}"


def interval_notation(
    intervals: Sequence[Interval], number: Callable[[float], str] = human,
    infinity: str = "∞", empty: str = "∅", union: str = " ∪ ",
) -> str:
    """``[-4.58486, 4.58486]``, ``(0, ∞)``, ``(-∞, -0.5) ∪ (0.5, ∞)``; ``empty`` for none.

    Finite ends are written by ``number``; an infinite end is always open.
    """
    if not intervals:
        return empty

    def end(value: float) -> str:
        if math.isinf(value):
            return infinity if value > 0 else f"-{infinity}"
        return number(value)

    def one(interval: Interval) -> str:
        left = "[" if interval.low_closed and math.isfinite(interval.low) else "("
        right = "]" if interval.high_closed and math.isfinite(interval.high) else ")"
        return f"{left}{end(interval.low)}, {end(interval.high)}{right}"

    return union.join(one(interval) for interval in intervals)


# --------------------------------------------------------------------------------------------
# Where |f′| is largest, in words
# --------------------------------------------------------------------------------------------

_ARROWS = {"left": "-∞", "right": "∞", "both": "±∞"}


def peak_place(peak: Peak, lang: str = "en", precision: int = DEFAULT_PRECISION) -> str:
    """Where |f'| is largest, in few characters: ``0``, ``±0.707``, ``x > 0``, ``|x| > 0.5``,
    ``3⁻`` (a one-sided limit) or ``∞``."""
    if peak.tails:
        return _ARROWS[peak.tails]
    if peak.plateaus:
        if len(peak.plateaus) == 2:
            (a, b), (c, d) = peak.plateaus
            if math.isinf(a) and math.isinf(d) and b == -c:
                return f"|x| > {human(c, precision)}"
        words = (interval_words(lo, hi, lang, precision) for lo, hi in peak.plateaus)
        return text("or", lang).join(words)
    if len(peak.points) == 2 and math.isclose(peak.points[0], -peak.points[1], rel_tol=1e-6):
        return f"±{human(abs(peak.points[0]), precision)}"
    where = ", ".join(human(p, precision) for p in peak.points)
    return where + {"-": "⁻", "+": "⁺"}.get(peak.side, "")


def peak_words(peak: Peak, lang: str = "en", precision: int = DEFAULT_PRECISION) -> str:
    """sup |f'| and where, as a phrase: "0.25 at x = 0", "1 for x > 0", "1 as x → ∞",
    "1.5 as x → 3⁻", "unbounded as x → ±∞"."""
    value = human(peak.value, precision)
    place = peak_place(peak, lang, precision)
    if math.isinf(peak.value):
        return text("peak_unbounded", lang, where=place)
    if peak.tails or peak.side:
        return text("peak_limit", lang, value=value, where=place)
    if peak.plateaus:
        return text("peak_on", lang, value=value, where=place)
    return text("peak_at", lang, value=value, where=place)


# --------------------------------------------------------------------------------------------
# Where an activation is not finite, in one line
# --------------------------------------------------------------------------------------------

MAX_SPANS_SHOWN = 3
_DIGITS = 5  # enough to say where (709.78), short enough for one line


def span_words(span: Span) -> str:
    """``x ≥ 709.8``, ``x ≤ 0``, ``x = 0``, ``1 ≤ x ≤ 2`` or "all x"."""
    low = -math.inf if span.to_left_end else span.first
    high = math.inf if span.to_right_end else span.last
    return interval_words(low, high, precision=_DIGITS, closed=True)


def nonfinite_message(report: NonFiniteReport) -> str | None:
    """One line, e.g. ``x*exp(x) overflows for x ≥ 709.8; its derivative overflows for …``;
    ``None`` when every value is finite."""
    parts = []
    if report.function_spans:
        parts.append(f"{report.label} {_describe(report.function_spans)}")
    if report.derivative_spans:
        subject = "its derivative" if parts else f"the derivative of {report.label}"
        parts.append(f"{subject} {_describe(report.derivative_spans)}")
    return "; ".join(parts) or None


def _describe(spans: tuple[Span, ...]) -> str:
    kinds = {span.kind for span in spans}
    verb = ("overflows" if kinds == {"inf"} else "is undefined (NaN)" if kinds == {"nan"}
            else "is not finite")
    shown = " and ".join(span_words(span) for span in spans[:MAX_SPANS_SHOWN])
    more = len(spans) - MAX_SPANS_SHOWN
    return f"{verb} for {shown}" + (f" and at {more} more places" if more > 0 else "")


# --------------------------------------------------------------------------------------------
# actviz fit: mean squared errors and interval ends
# --------------------------------------------------------------------------------------------

MSE_DIGITS = 4


def mse_text(value: float, lang: str = "en") -> str:
    """A mean squared error in the table and the figure: 4 significant digits, or "diverged"."""
    return text("fit_diverged_mse", lang) if math.isnan(value) else significant(value, MSE_DIGITS)


def x_text(value: float) -> str:
    """An interval end for titles: ``2π`` for a multiple of π/2, else 4 significant digits."""
    fraction = pi_fraction(value, (1, 2))
    return pi_text(*fraction) if fraction else significant(value, 4)


# --------------------------------------------------------------------------------------------
# actviz softmax: class names and temperatures
# --------------------------------------------------------------------------------------------

def class_name(index: int) -> str:
    return f"z{index + 1}"


def temperature_text(column: SoftmaxColumn) -> str:
    return significant(column.temperature)
