"""Where an activation gives inf or NaN for a finite x, as data.

Built-in activations never do; a user formula may (``exp(x)`` beyond 709.78).  Commands plot
the values as they are (gaps in a curve, ``inf``/``nan`` in a table) and print one line, put
into words by :func:`actviz.render.words.nonfinite_message`::

    report = nonfinite_report(act, x, y, dy)      # y, dy: values already computed, or None
    if report:
        warn(nonfinite_message(report))           # "exp(x) overflows for x ≥ 709.8"
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np


@dataclass(frozen=True)
class Span:
    """A run of consecutive finite x (in increasing order) where the values are not finite."""

    first: float
    last: float
    kind: str  # "inf" (±inf only), "nan" (NaN only) or "mixed"
    to_left_end: bool  # the run reaches the smallest x
    to_right_end: bool  # the run reaches the largest x


@dataclass(frozen=True)
class NonFiniteReport:
    """Where f and f' are not finite, for one activation on one set of x."""

    label: str
    function_spans: tuple[Span, ...]
    derivative_spans: tuple[Span, ...]

    def __bool__(self) -> bool:
        return bool(self.function_spans or self.derivative_spans)


def nonfinite_spans(x: Any, values: Any, probe: Callable | None = None) -> tuple[Span, ...]:
    """Runs of finite ``x`` where ``values`` is inf or NaN (x sorted first; NaN x ignored).

    With ``probe`` (the function that gave ``values``), an overflow that runs to an end of
    the x (``x ≥ a``, ``x ≤ b``: a threshold) has its inner edge moved to the true threshold,
    found by bisection between the last finite x and the first that is not: ``exp(x)``
    overflows from 709.78, whether the x given were a fine grid or 700, 710, 720.  (Where a
    formula is NaN its domain ends, usually at a round x that the samples already show.)
    """
    x = np.asarray(x, dtype=np.float64).ravel()
    values = np.broadcast_to(np.asarray(values, dtype=np.float64), x.shape).ravel()
    keep = np.isfinite(x)
    order = np.argsort(x[keep], kind="stable")
    x, values = x[keep][order], values[keep][order]
    bad = ~np.isfinite(values)
    if not bad.any():
        return ()
    edges = np.flatnonzero(np.diff(np.concatenate([[0], bad.astype(np.int8), [0]])))
    spans = []
    for start, stop in zip(edges[::2], edges[1::2]):
        run = values[start:stop]
        kind = "nan" if np.isnan(run).all() else "inf" if not np.isnan(run).any() else "mixed"
        first, last = float(x[start]), float(x[stop - 1])
        refine = probe is not None and kind == "inf"
        if refine and stop == len(x) and start > 0:
            first = threshold(probe, float(x[start - 1]), first)
        if refine and start == 0 and stop < len(x):
            last = threshold(probe, float(x[stop]), last)
        spans.append(Span(first, last, kind, start == 0, stop == len(x)))
    return tuple(spans)


_BISECTIONS = 80  # halvings: enough for any two float64 of the same order of magnitude


def threshold(probe: Callable, finite: float, beyond: float) -> float:
    """The x nearest ``finite`` from the side of ``beyond`` where ``probe`` stops being finite
    (``probe(finite)`` is finite, ``probe(beyond)`` is not), to within an ulp or so."""
    for _ in range(_BISECTIONS):
        middle = finite / 2 + beyond / 2  # halves first: no overflow near ±1.8e308
        if middle in (finite, beyond):
            break
        if np.isfinite(probe(np.array([middle]))).all():
            finite = middle
        else:
            beyond = middle
    return beyond


def nonfinite_report(act, x: Any, values: Any = None, derivative: Any = None) -> NonFiniteReport:
    """Where ``act`` (a BoundActivation) and its derivative are not finite on ``x``.

    Pass the values already computed to avoid computing them twice; ``None`` evaluates them.
    """
    values = act(x) if values is None else values
    derivative = act.derivative(x) if derivative is None else derivative
    return NonFiniteReport(act.label, nonfinite_spans(x, values, act),
                           nonfinite_spans(x, derivative, act.derivative))
