"""Intervals of x as text, the one place for it: as inequalities (``x > 0``, ``-1 ≤ x ≤ 1``,
"all x") in sentences, and in bracket notation (``[0, ∞)``, ``(-∞, -1) ∪ (1, ∞)``) in
tables."""

from __future__ import annotations

import math
from typing import Callable, Sequence

from actviz.activations.registry import Interval
from actviz.render.labels import text
from actviz.render.numbers import DEFAULT_PRECISION, human


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
