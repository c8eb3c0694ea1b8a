"""|f'(x)| sampled for the saturation figure, over a range chosen from the activations.

The range reaches well past where each curve falls below the threshold, so the figure shows the
tails: that is where a derivative computed as σ(1 − σ) would drop to exactly 0 (and draw nothing
on a log axis) while the exact one keeps falling smoothly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from actviz.activations.registry import BoundActivation
from actviz.analysis.saturation import Saturation

_MIN_HALF_WIDTH = 8.0
_MAX_HALF_WIDTH = 40.0
_REACH = 2.5  # the range is this many times the farthest interesting x
_POINTS = 2001


@dataclass(frozen=True)
class SlopeCurve:
    key: str
    label: str
    abs_slope: np.ndarray  # |f'(x)| on the shared x; exact zeros are kept (the figure marks them)


@dataclass(frozen=True)
class SlopeCurves:
    x: np.ndarray
    curves: tuple[SlopeCurve, ...]


def slope_curves(
    activations: Sequence[BoundActivation],
    profiles: Sequence[Saturation],
    points: int = _POINTS,
) -> SlopeCurves:
    """|f'| of each activation on a symmetric range covering every active-interval end.

    The grid holds each breakpoint and its two float neighbours, so jumps of f' draw as
    vertical steps at the right place.
    """
    half = half_width(activations, profiles)
    jumps = [p for act in activations for p in act.breakpoints if abs(p) < half]
    beside = [np.nextafter(p, side) for p in jumps for side in (-math.inf, math.inf)]
    x = np.unique(np.concatenate([np.linspace(-half, half, points), jumps, beside]))
    curves = tuple(
        SlopeCurve(profile.key, profile.label, np.abs(act.derivative(x)))
        for act, profile in zip(activations, profiles)
    )
    return SlopeCurves(x, curves)


def half_width(activations: Sequence[BoundActivation], profiles: Sequence[Saturation]) -> float:
    """A round half-width: 2.5 × the farthest interval end, breakpoint or peak, within [8, 40]."""
    far = [
        abs(e)
        for profile in profiles
        for interval in profile.active_intervals
        for e in (interval.low, interval.high)
        if math.isfinite(e)
    ]
    far += [abs(p) for act in activations for p in act.breakpoints]
    far += [abs(p.argmax) for p in profiles if math.isfinite(p.argmax)]
    reach = _REACH * max(far, default=0.0)
    return float(min(max(_nice_ceiling(reach), _MIN_HALF_WIDTH), _MAX_HALF_WIDTH))


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k that is at least ``value``."""
    if value <= 0:
        return 0.0
    scale = 10.0 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * scale >= value:
            return step * scale
    return 10 * scale
