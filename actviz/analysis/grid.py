"""The x values a command samples: a validated range ``[xmin, xmax]`` with ``points`` values."""

from __future__ import annotations

import math

from actviz.errors import OptionError, option_name
from actviz.lazy import numpy as np

MIN_POINTS = 2
MAX_POINTS = 10**7
XMIN, XMAX = option_name("xmin"), option_name("xmax")


def check_range(xmin: float, xmax: float, points: int) -> None:
    """Raise :class:`OptionError` unless xmin < xmax are finite and 2 ≤ points ≤ 10^7."""
    for name, value in (("xmin", xmin), ("xmax", xmax)):
        if not math.isfinite(value):
            raise OptionError(f"must be a finite number, got {value}", subject=name)
    if xmin >= xmax:
        raise OptionError(f"{XMIN} ({xmin:g}) must be less than {XMAX} ({xmax:g})")
    if not math.isfinite(xmax - xmin):  # the grid's step would overflow
        raise OptionError(
            f"{XMAX} − {XMIN} must be a finite number, got {xmax:g} − ({xmin:g}): narrow the range"
        )
    if not MIN_POINTS <= points <= MAX_POINTS:
        raise OptionError(f"must be between {MIN_POINTS} and {MAX_POINTS:,}, got {points}",
                          subject="points")


def linear_grid(xmin: float, xmax: float, points: int) -> np.ndarray:
    """``points`` evenly spaced values from xmin to xmax inclusive, after :func:`check_range`."""
    check_range(xmin, xmax, points)
    return np.linspace(xmin, xmax, points)


# A figure's axis narrower than this cannot be drawn: matplotlib (transforms.nonsingular)
# takes such a range for a single point and the curve vanishes from a blank plot.
NARROWEST_NEAR_ZERO = 1e-280  # max(|xmin|, |xmax|) at least this
NARROWEST_RELATIVE = 1e-12  # xmax − xmin at least this fraction of max(|xmin|, |xmax|)


def check_drawable_range(xmin: float, xmax: float) -> None:
    """Raise :class:`OptionError` for a range too narrow to draw (after :func:`check_range`)."""
    size = max(abs(xmin), abs(xmax))
    if size < NARROWEST_NEAR_ZERO or xmax - xmin < NARROWEST_RELATIVE * size:
        raise OptionError(
            f"{XMIN} {xmin!r} and {XMAX} {xmax!r} are too close to draw: the range must be at "
            f"least {NARROWEST_RELATIVE:g} × max(|xmin|, |xmax|) wide, and reach beyond "
            f"±{NARROWEST_NEAR_ZERO:g} (`actviz table` gives the numbers at any x)"
        )


def asinh_grid(half_width: float, points: int, extra: tuple[float, ...] = ()) -> np.ndarray:
    """Sorted probe points on ``[-half_width, half_width]``, evenly spaced in asinh(x).

    Dense near 0, where activations bend, and geometrically spaced further out, so one grid
    resolves both the origin and the tails.  ``extra`` points (breakpoints) and 0 are added.
    """
    t = np.linspace(-math.asinh(half_width), math.asinh(half_width), points)
    return np.unique(np.concatenate([np.sinh(t), np.asarray(extra, dtype=float), [0.0]]))
