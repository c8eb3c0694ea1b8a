"""The one-line warnings a product gives besides its output: where a user formula is not
finite ("exp(x) overflows for x ≥ 709.8"), so that gaps in a plot and inf in a table are
explained rather than silent.  Built-in activations are finite everywhere and never warn."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from actviz.activations.registry import BoundActivation
from actviz.analysis.overflow import nonfinite_report
from actviz.analysis.sampling import sample_grid
from actviz.render.words import nonfinite_message

# Enough x to place a span's ends to a fraction of a percent of the range, cheaply.
_PROBE_POINTS = 20_001


def nonfinite_warnings(
    activations: Sequence[BoundActivation],
    x: np.ndarray,
    values: Sequence[np.ndarray | None] | None = None,
    slopes: Sequence[np.ndarray | None] | None = None,
) -> list[str]:
    """One message per activation that is inf or NaN somewhere on ``x`` (values and slopes
    already computed may be passed to save evaluating them again)."""
    messages = []
    for i, act in enumerate(activations):
        report = nonfinite_report(act, x, values[i] if values else None,
                                  slopes[i] if slopes else None)
        message = nonfinite_message(report)
        if message:
            messages.append(message)
    return messages


def range_warnings(activations: Sequence[BoundActivation], xmin: float, xmax: float) -> list[str]:
    """:func:`nonfinite_warnings` on an even grid of [xmin, xmax] plus 0 and the breakpoints
    inside (a pole or a domain edge sits there more often than anywhere else: 1/x, log x)."""
    special = [0.0, *(b for act in activations for b in act.breakpoints)]
    return nonfinite_warnings(activations, sample_grid(xmin, xmax, _PROBE_POINTS, special))
