"""What float32, float16, bfloat16 and float8 do to an activation and its gradient.

For one activation, one format (:mod:`actviz.analysis.dtypes`) and one side (``left``: x < 0,
``right``: x > 0), :func:`side_precision` gives, as |x| (a representable input of the format):

- ``saturates_from``: from here on f, exactly rounded to the format, equals its limit (rounded);
- ``gradient_zero_from``: from here on f', exactly rounded, is 0;
- ``f_overflows_from`` / ``gradient_overflows_from``: from here on f or f', exactly rounded, is
  not finite (inf, or NaN in formats without inf);
- ``textbook_f_fails_from`` / ``textbook_gradient_fails_from``: the smallest |x| where the
  declaration's textbook form (``naive_function``, ``naive_derivative``: s·(1 − s),
  1 − tanh², the product rule, ...), evaluated in the format with NumPy's own functions, is not
  finite or more than 50% off the exact value, while the exactly rounded value is neither; and
  how it fails there (``zero``, ``inf``, ``nan`` or ``wrong``);
- ``f_error_rounded`` / ``gradient_error_rounded`` and ``f_error_in_dtype`` /
  ``gradient_error_in_dtype``: the largest relative error over the format's representable
  inputs when f (f') is computed in float64 and rounded once (at most 2^-p by construction),
  and when it is computed in the format by its textbook form.

``null`` (``None``) means the side has no such point (ReLU's gradient is never 0 on the
right; an activation without a textbook form has no textbook numbers).

How the thresholds are found (exact to the format's spacing, not sampled).  The float64 values
of f and f' are accurate to a few float64 ulp (the test suite checks them against mpmath), so
rounding them to the format is the exact rounding of f.  A predicate (say ``round(f'(x)) == 0``)
is evaluated on a scan of |x| from 0 to the format's max (0, then 4096 points in geometric
progression from the smallest subnormal); the last scan point where it fails and the next one
bracket the crossing, which bisection over float64 bit patterns narrows to two neighbouring
float64 numbers; the threshold is then the smallest input of the format at or above the
crossing.  This assumes that the predicate does not fail again between neighbouring scan points
beyond the crossing (a relative gap of 5% for float32, 0.5% for float16), which
holds for the tails of every registered activation.

The textbook failures and the largest errors are taken over every representable input for the
formats of up to 16 bits.  For float32 (2^31 positive values) they are taken over every 2^13-th
bit pattern (1024 evenly spread values per binade); a textbook failure found there is then
narrowed by bisection over float32 bit patterns to the first failing input.  Inputs within 16
ulp of a sign change of the exact f or f' do not count towards the 50% rule or the largest
error: there any rounding makes the relative error unbounded, whatever the form (SiLU's f'
crosses 0 at x ≈ −1.278).  The largest errors are over inputs whose exact value is a normal
number of the format (not 0, subnormal or beyond max), where a relative error is meaningful.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Callable, Sequence

from actviz.activations.registry import BoundActivation
from actviz.analysis.dtypes import FLOAT32_STRIDE_BITS, Dtype
from actviz.analysis.keys import activation_key
from actviz.jsonable import json_number
from actviz.lazy import numpy as np

SIDES = {"left": -1.0, "right": 1.0}
SCAN_POINTS = 4096
# Inputs this many ulp of the format from a sign change of the exact value are left out of the
# relative-error measures (see the module docstring).
ZERO_CROSSING_ULPS = 16
WRONG_BY = 0.5  # a textbook value more than 50% off the exact one is wrong


@dataclass(frozen=True)
class SidePrecision:
    """The numbers of one activation in one format on one side; |x| values, ``None``: none."""

    saturates_from: float | None
    gradient_zero_from: float | None
    f_overflows_from: float | None
    gradient_overflows_from: float | None
    textbook_f_fails_from: float | None
    textbook_f_failure: str | None  # "zero", "inf", "nan" or "wrong"
    textbook_gradient_fails_from: float | None
    textbook_gradient_failure: str | None
    f_error_rounded: float | None
    f_error_in_dtype: float | None
    gradient_error_rounded: float | None
    gradient_error_in_dtype: float | None

    def to_json(self) -> dict:
        return {
            f.name: (value if isinstance(value, str) else json_number(value))
            for f in fields(self)
            for value in [getattr(self, f.name)]
        }


@dataclass(frozen=True)
class ActivationPrecision:
    """One activation: ``sides[dtype_name]["left" | "right"]``."""

    activation: BoundActivation
    sides: dict[str, dict[str, SidePrecision]]

    @property
    def key(self) -> str:
        return activation_key(self.activation)

    def to_json(self) -> dict:
        return {
            "name": self.activation.name,
            "params": dict(self.activation.params),
            "dtypes": {
                dtype: {side: numbers.to_json() for side, numbers in by_side.items()}
                for dtype, by_side in self.sides.items()
            },
        }


@dataclass(frozen=True)
class PrecisionReport:
    """What ``actviz precision`` prints: the formats and, per activation, their numbers."""

    dtypes: tuple[Dtype, ...]
    activations: tuple[ActivationPrecision, ...]

    def to_json(self) -> dict:
        return {
            "dtypes": [dtype.name for dtype in self.dtypes],
            "activations": [entry.to_json() for entry in self.activations],
        }


def precision_report(
    activations: Sequence[BoundActivation], dtypes: Sequence[Dtype]
) -> PrecisionReport:
    """:func:`side_precision` for every activation, format and side."""
    entries = tuple(
        ActivationPrecision(act, {
            dtype.name: {side: side_precision(act, dtype, side) for side in SIDES}
            for dtype in dtypes
        })
        for act in activations
    )
    return PrecisionReport(tuple(dtypes), entries)


def side_precision(act: BoundActivation, dtype: Dtype, side: str) -> SidePrecision:
    """The numbers of the module docstring for ``act`` in ``dtype`` on ``side``."""
    return SidePrecision(**rounding_thresholds(act, dtype, side),
                         **textbook_numbers(act, dtype, side))


def rounding_thresholds(act: BoundActivation, dtype: Dtype, side: str) -> dict[str, float | None]:
    """``saturates_from``, ``gradient_zero_from``, ``f_overflows_from`` and
    ``gradient_overflows_from`` (|x|, representable in ``dtype``, or ``None``)."""
    f = _Exact(act, SIDES[side], derivative=False)
    df = _Exact(act, SIDES[side], derivative=True)
    return {
        "saturates_from": _settles(f, dtype, _equals_rounded_limit(f, dtype)),
        "gradient_zero_from": _settles(df, dtype, lambda rounded: rounded == 0),
        "f_overflows_from": _settles(f, dtype, _not_finite),
        "gradient_overflows_from": _settles(df, dtype, _not_finite),
    }


def textbook_numbers(act: BoundActivation, dtype: Dtype, side: str) -> dict[str, Any]:
    """Where the textbook forms fail (and how), and the largest relative errors of f and f'
    rounded once and computed in ``dtype`` (``None`` where there is no textbook form)."""
    numbers: dict[str, Any] = {}
    for name, form, derivative in (("f", act.activation.naive_function, False),
                                   ("gradient", act.activation.naive_derivative, True)):
        textbook = _Textbook(act, form, dtype, SIDES[side],
                             _Exact(act, SIDES[side], derivative=derivative))
        first, failure = textbook.first_failure()
        numbers[f"textbook_{name}_fails_from"] = first
        numbers[f"textbook_{name}_failure"] = failure
        numbers[f"{name}_error_rounded"] = textbook.largest_error(rounded=True)
        numbers[f"{name}_error_in_dtype"] = textbook.largest_error(rounded=False)
    return numbers


# --------------------------------------------------------------------------------------------
# Thresholds of the exactly rounded values
# --------------------------------------------------------------------------------------------


class _Exact:
    """f or f' of ``act`` on one side, as a function of |x| ≥ 0, in float64."""

    def __init__(self, act: BoundActivation, sign: float, derivative: bool):
        self.evaluate = act.derivative if derivative else act
        self.sign = sign

    def at(self, t: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):  # a user formula may overflow; built-ins do not
            return np.asarray(self.evaluate(self.sign * np.asarray(t, dtype=np.float64)))

    def limit(self) -> float:
        return float(self.at(np.inf))


def _not_finite(rounded: np.ndarray) -> np.ndarray:
    return ~np.isfinite(rounded)


def _equals_rounded_limit(f: _Exact, dtype: Dtype) -> Callable[[np.ndarray], np.ndarray] | None:
    """``round(f) == round(limit)``, or ``None`` when the limit is not a finite number."""
    limit = f.limit()
    if not np.isfinite(limit):
        return None
    target = float(dtype.round(limit))
    return lambda rounded: rounded == target


def _settles(
    fn: _Exact, dtype: Dtype, holds: Callable[[np.ndarray], np.ndarray] | None
) -> float | None:
    """The smallest representable |x| from which ``holds(round(fn))`` is true up to the
    format's max; ``None`` if it is false at max (or ``holds`` is ``None``)."""
    if holds is None:
        return None

    def true_at(t: np.ndarray) -> np.ndarray:
        return np.asarray(holds(dtype.round(fn.at(t))), dtype=bool)

    scan = np.concatenate([[0.0], np.geomspace(dtype.smallest_subnormal, dtype.max, SCAN_POINTS)])
    scan[-1] = dtype.max  # geomspace's last point may round below it
    ok = true_at(scan)
    if not ok[-1]:
        return None
    failing = np.flatnonzero(~ok)
    if failing.size == 0:
        return 0.0
    low = int(failing[-1])
    crossing = _bisect_last_failure(true_at, scan[low], scan[low + 1])
    return dtype.ceil(crossing)


def _bisect_last_failure(true_at: Callable, low: float, high: float) -> float:
    """Narrow (low, high], false at low and true at high, to neighbouring float64 numbers by
    bisection over bit patterns; returns the upper one.  Where it is false again further in,
    the last change is kept: from there on it holds."""
    lo, hi = (int(np.float64(t).view(np.int64)) for t in (low, high))
    found = _narrow_patterns(lo, hi, lambda p: true_at(p.view(np.float64)), last_change=True)
    return float(np.int64(found).view(np.float64))


def _narrow_patterns(lo: int, hi: int, holds: Callable[[np.ndarray], np.ndarray],
                    last_change: bool = False) -> int:
    """The integer in (lo, hi] where ``holds`` starts to be true (false at lo, true at hi),
    by 64-way bisection: ~11 rounds for float64 bit patterns, 4 for float32's.  If it
    changes more than once, the first change is found, or the last with ``last_change``."""
    while hi - lo > 1:
        step = max((hi - lo) // 64, 1)
        inner = np.arange(lo + step, hi, step, dtype=np.int64)
        true = np.asarray(holds(inner), dtype=bool)
        if last_change:
            false = np.flatnonzero(~true)
            if false.size == 0:
                hi = int(inner[0])
                continue
            lo = int(inner[false[-1]])
            hi = int(inner[false[-1] + 1]) if false[-1] + 1 < inner.size else hi
        elif true.any():
            first = int(np.argmax(true))
            hi, lo = int(inner[first]), int(inner[first - 1]) if first else lo
        else:
            lo = int(inner[-1])
    return hi


# --------------------------------------------------------------------------------------------
# The textbook form, computed in the format
# --------------------------------------------------------------------------------------------


class _Textbook:
    """A textbook form (or ``None``) against the exact ``reference`` on one side of ``dtype``."""

    def __init__(self, act: BoundActivation, form: Callable | None, dtype: Dtype, sign: float,
                 reference: _Exact):
        self.act, self.form, self.dtype = act, form, dtype
        self.sign, self.reference = sign, reference
        self._all: tuple | None = None

    def values(self, t: np.ndarray) -> np.ndarray:
        """The form at x = sign·t (t representable), computed in the format, as float64."""
        if self.form is None:
            return np.full(np.shape(t), np.nan)
        x = self.dtype.cast(self.sign * t)
        with np.errstate(all="ignore"):
            result = np.asarray(self.form(x, **self.act.params))
            result = np.broadcast_to(result, x.shape).astype(self.dtype.numpy_dtype)
        return result.astype(np.float64)

    def _measured(self, t: np.ndarray, window: int | None = None) -> tuple[np.ndarray, ...]:
        """(exact, textbook value, counts): ``counts`` leaves out non-finite and zero exact
        values and inputs near a sign change of the exact value.  ``window``: ``t`` are
        consecutive sampled inputs and a sign change within ``window`` of them is near;
        ``None``: the sign is compared at t·(1 ± 16 eps) instead (two more evaluations)."""
        exact = self.reference.at(t)
        sign = np.sign(exact)
        if window is None:
            spread = t * (ZERO_CROSSING_ULPS * self.dtype.eps)
            near = (np.sign(self.reference.at(t - spread)) != sign) | (
                np.sign(self.reference.at(t + spread)) != sign)
        else:
            near = _near_sign_change(sign, window)
        counts = np.isfinite(exact) & (sign != 0) & ~near
        return exact, self.values(t), counts

    def _failing(self, exact: np.ndarray, value: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """Where the form fails (see the module docstring), from :meth:`_measured`."""
        return counts & _off(value, exact) & ~_off(self.dtype.round(exact), exact)

    def inputs(self) -> np.ndarray:
        """The representable |x| > 0 (every one, or float32's sample), ascending.  x = 0 is
        on neither side: there a kink's convention (f'(0) of Leaky ReLU) belongs to one."""
        return self.dtype.positive_values()

    def _measured_inputs(self) -> tuple[np.ndarray, tuple]:
        """:meth:`inputs` and :meth:`_measured` there, computed once."""
        if self._all is None:
            t = self.inputs()
            stride = 1 if self.dtype.exhaustive else 1 << FLOAT32_STRIDE_BITS
            self._all = (t, self._measured(t, window=-(-ZERO_CROSSING_ULPS // stride)))
        return self._all

    def first_failure(self) -> tuple[float | None, str | None]:
        """The smallest failing representable |x| and how it fails there."""
        if self.form is None:
            return None, None
        t, measured = self._measured_inputs()
        failing = self._failing(*measured)
        if not failing.any():
            return None, None
        index = int(np.argmax(failing))
        first = float(t[index])
        if not self.dtype.exhaustive:
            first = self._narrow(float(t[index - 1]) if index else 0.0, first)
        value = float(self.values(np.array([first]))[0])
        return first, _failure_kind(value)

    def _narrow(self, low: float, high: float) -> float:
        """The first failing input in (low, high] of the format, by bisection over its bit
        patterns (failing at high, assumed to keep failing once it starts)."""
        lo, hi = (int(p) for p in self.dtype.patterns([low, high]))
        first = _narrow_patterns(
            lo, hi, lambda p: self._failing(*self._measured(self.dtype.from_patterns(p))))
        return float(self.dtype.from_patterns([first])[0])

    def largest_error(self, rounded: bool) -> float | None:
        """The largest relative error over the inputs whose exact value is a normal number of
        the format: of the exactly rounded value, or of the textbook form in the format."""
        if not rounded and self.form is None:
            return None
        _, (exact, value, counts) = self._measured_inputs()
        magnitude = np.abs(exact)
        counts = counts & (magnitude >= self.dtype.tiny) & (magnitude <= self.dtype.max)
        if not counts.any():
            return None
        computed = self.dtype.round(exact) if rounded else value
        with np.errstate(all="ignore"):
            error = np.abs(computed[counts] - exact[counts]) / magnitude[counts]
        return float(np.max(np.where(np.isnan(error), np.inf, error)))


def _off(value: np.ndarray, exact: np.ndarray) -> np.ndarray:
    """Not finite, or more than 50% away from ``exact``."""
    with np.errstate(all="ignore"):
        return ~np.isfinite(value) | (np.abs(value - exact) > WRONG_BY * np.abs(exact))


def _near_sign_change(sign: np.ndarray, window: int) -> np.ndarray:
    """Whether the sign changes between any two neighbours within ``window`` places of each
    element (a change between places i and i + 1 is near i − window + 1 ... i + window)."""
    change = np.concatenate([[0], np.cumsum(sign[1:] != sign[:-1])])  # changes up to place i
    places = np.arange(sign.size)
    ahead = change[np.minimum(places + window, sign.size - 1)]
    behind = change[np.maximum(places - window, 0)]
    return ahead != behind


def _failure_kind(value: float) -> str:
    if np.isnan(value):
        return "nan"
    if np.isinf(value):
        return "inf"
    return "zero" if value == 0 else "wrong"


# --------------------------------------------------------------------------------------------
# The rounded activation: what plot/compare --dtype draw beside the float64 curve
# --------------------------------------------------------------------------------------------


def rounded_activation(act: BoundActivation, dtype: Dtype) -> BoundActivation:
    """``act`` as a network in ``dtype`` holds it at best: x rounded to the format, then f and
    f' computed exactly and rounded once (bfloat16's staircase of sigmoid).  Its title names
    the format and, when f' rounds to 0 somewhere, from where: "Sigmoid in bfloat16, f′ = 0
    for |x| ≥ 93"; ``extra["gradient_zero_from"]`` holds those |x| by side, for figures to
    mark."""
    from dataclasses import replace

    declaration = act.activation
    starts = {side: rounding_thresholds(act, dtype, side)["gradient_zero_from"] for side in SIDES}
    rounded = replace(
        declaration,
        title=f"{declaration.title} in {dtype.name}{_zero_gradient_words(starts)}",
        function=_rounding(declaration.function, dtype),
        derivative=_rounding(declaration.derivative, dtype),
        breakpoints=(),  # a staircase: every step is a jump, none is a kink of f
        second_derivative=None, naive_function=None, naive_derivative=None,
        extra={**declaration.extra, "gradient_zero_from": starts},
    )
    return BoundActivation(rounded, act.params)


def _rounding(fn: Callable, dtype: Dtype) -> Callable:
    def rounded(x: np.ndarray, **params: float) -> np.ndarray:
        return dtype.round(fn(dtype.round(x), **params))

    return rounded


def _zero_gradient_words(starts: dict[str, float | None]) -> str:
    """", f′ = 0 for |x| ≥ 93" (or "x ≤ −20.3", "x ≥ 5"), "" when f' never rounds to 0."""
    left, right = starts["left"], starts["right"]
    if left is not None and left == right:
        return f", f′ = 0 for |x| ≥ {left:.6g}"
    parts = ([f"x ≤ −{left:.6g}"] if left is not None else []) + (
        [f"x ≥ {right:.6g}"] if right is not None else [])
    return f", f′ = 0 for {' and '.join(parts)}" if parts else ""
