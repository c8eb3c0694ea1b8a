"""A :class:`~actviz.analysis.peaks.Peak` in words, in every language: the one place that says
"0.25 at x = 0", "1 for x > 0", "1.5 as x → 3⁻" or "∞ as x → ±∞"."""

from __future__ import annotations

import math

from actviz.analysis.peaks import Peak
from actviz.render.intervals import interval_words
from actviz.render.labels import text
from actviz.render.numbers import DEFAULT_PRECISION, human

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
