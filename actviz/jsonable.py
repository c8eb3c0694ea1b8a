"""Numbers for JSON.  JSON has no infinity and no NaN, so every command writes them as the
strings ``"inf"``, ``"-inf"`` and ``"nan"`` (which Python's ``float()`` reads back)."""

from __future__ import annotations

import math
from typing import Iterable


def json_number(value: float | None) -> float | str | None:
    """``value`` as a Python float, or ``"inf"``/``"-inf"``/``"nan"``; ``None`` stays null."""
    if value is None:
        return None
    value = float(value)
    if math.isfinite(value):
        return value
    return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")


def json_numbers(values: Iterable[float]) -> list[float | str]:
    """:func:`json_number` of each value (a list, or a NumPy array of any shape, flattened)."""
    return [json_number(v) for v in values]
