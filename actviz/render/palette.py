"""Colours and dash patterns of figure series: one look per slot, the same in every figure.

A series keeps its slot in every panel (f above, f' below), so it keeps its look.  The
colours are the style's cycle (actviz's: Okabe & Ito 2008, distinguishable with every common
colour-vision deficiency); each colour is paired with its own dash pattern, so eight curves
stay distinct in a greyscale print, where the Okabe-Ito blue, vermilion and green all turn
a similar mid grey.  A style whose cycle sets ``linestyle`` itself keeps its own.
"""

from __future__ import annotations

from typing import Any

import matplotlib

# On-off lengths in line widths (matplotlib scales dashes with the line): solid first, so a
# single curve is solid; then patterns that differ in rhythm, not only in length.
DASHES: tuple[Any, ...] = (
    "-",
    (0, (4.0, 1.6)),  # dashed
    (0, (1.0, 1.3)),  # dotted
    (0, (5.0, 1.4, 1.0, 1.4)),  # dash-dot
    (0, (8.0, 1.8)),  # long dashes
    (0, (4.0, 1.3, 1.0, 1.3, 1.0, 1.3)),  # dash-dot-dot
    (0, (2.2, 1.3)),  # short dashes
    (0, (8.0, 1.5, 2.2, 1.5)),  # long-short
)

# Bars cannot be dashed: they are hatched instead, one pattern per slot.
HATCHES = ("", "////", "....", "xxxx", "\\\\\\\\", "++++", "oooo", "----")


def series_looks(count: int) -> list[dict[str, Any]]:
    """``color`` and ``linestyle`` for slots 0 … count−1: the style's colours, and its line
    styles where its cycle has them (:data:`DASHES` otherwise).

    Past the end of the cycle the colours start again with the dashes shifted by one, so
    every pair of the first len(colours) × len(dashes) slots differs (saturation draws 20).
    """
    cycle = matplotlib.rcParams["axes.prop_cycle"].by_key()
    colors = cycle.get("color") or ["C0"]
    styles = cycle.get("linestyle") or DASHES
    looks = []
    for slot in range(count):
        dash = slot + slot // len(colors)
        looks.append({"color": colors[slot % len(colors)], "linestyle": styles[dash % len(styles)]})
    return looks


def bar_looks(count: int) -> list[dict[str, Any]]:
    """``color`` and ``hatch`` for bar series 0 … count−1: the curves' colours, hatched."""
    return [{"color": look["color"], "hatch": HATCHES[slot % len(HATCHES)]}
            for slot, look in enumerate(series_looks(count))]

