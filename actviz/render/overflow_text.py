"""Where an activation is not finite, in one line: ``exp(x) overflows for x ≥ 709.8``."""

from __future__ import annotations

import math

from actviz.analysis.overflow import NonFiniteReport, Span
from actviz.render.intervals import interval_words

MAX_SPANS_SHOWN = 3
_DIGITS = 4  # enough to say where (709.8), short enough for one line


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
