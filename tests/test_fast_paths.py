"""The cheap forms that a slice lying wholly in one band takes (issue 17), against mpmath.

tests/test_accuracy.py evaluates its sample of all magnitudes in one call, so its slices mix
the bands and take the general forms; here each band is one call (one slice), and the general
form's costly helper is made to fail, so the value measured is the cheap form's.
"""

from __future__ import annotations

import numpy as np
import pytest

import actviz
from actviz.activations import numerics as nx
from actviz.analysis.accuracy import measure

pytest.importorskip("mpmath")

ULP_GUARD = 4.0


def _band(low: float, high: float, count: int = 400) -> np.ndarray:
    """Sorted values in [low, high] (one slice): uniform, log-spaced for a wide band, and both
    ends."""
    rng = np.random.default_rng(17)
    values = [rng.uniform(low, high, count), [low, high]]
    if low > 0 and high / low > 100:
        values.append(np.geomspace(low, high, count))
    if high < 0 and low / high > 100:
        values.append(-np.geomspace(-high, -low, count))
    return np.unique(np.concatenate(values))


def _refuse(*_arguments, **_keywords):
    raise AssertionError("the general form was taken")


# (entry, which, band, the general form's helper that the band must not need)
CASES = [
    ("arctan", "f''", (-1.0, 1.0), "two_sum"),       # 1 is the larger term of 1 + x²
    ("arctan", "f''", (1.0, 1e50), "two_sum"),       # x² is the larger
    ("arctan", "f''", (-1e50, -1.0), "two_sum"),
    ("arctan", "f''", (0.999, 1.001), "two_sum"),    # the edge, one-sided on each part
    ("tanhshrink", "f", (1.5, 40.0), "by_mask"),     # x − tanh x
    ("tanhshrink", "f", (-1e300, -1.5), "by_mask"),
    ("gaussian", "f", (-27.5, 27.5), "exp_times"),   # e^{−p}(1 − p_low), subnormals included
    ("gaussian", "f", (26.0, 27.3), "exp_times"),
]


@pytest.mark.parametrize(("name", "which", "band", "general"), CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_a_slice_within_a_band_takes_the_cheap_form_and_matches_mpmath(
        name, which, band, general, monkeypatch):
    monkeypatch.setattr(nx, general, _refuse)
    xs = _band(*band)
    if band == (0.999, 1.001):  # each side of 1 in its own call
        parts = [xs[xs <= 1.0], xs[xs >= 1.0]]
    else:
        parts = [xs]
    bound = actviz.get(name)
    for part in parts:
        report = measure(bound, part, which)
        assert report.meets_floor, "\n".join(report.failures)
        assert report.max_ulp <= ULP_GUARD, (
            f"{name} {which} on {band}: {report.max_ulp:.3g} ulp at x = {report.worst_x!r}")


@pytest.mark.parametrize(("name", "which"), [("arctan", "f''"), ("tanhshrink", "f")])
def test_a_slice_that_holds_both_sides_takes_the_general_form(name, which):
    """A slice across ±1 (arctan″) or reaching inside ±1.5 (tanhshrink) pays the masks that
    choose each element's form, and every form must hold there as well."""
    report = measure(actviz.get(name), _band(-2.0, 2.0), which)
    assert report.meets_floor, "\n".join(report.failures)
    assert report.max_ulp <= ULP_GUARD, f"{report.max_ulp:.3g} ulp at x = {report.worst_x!r}"


# swish's f'' carries u = βx's rounding error for β ≠ 1: its bracket (2 − a − a_low) + e·(2 + a)
# must be summed as one double-double (rounding 2 − a first put quick_gelu 4.96 ulp off at
# x = −1.92018).  Dense scans, since the worst points are isolated.
DENSE_CURVATURE_BANDS = [
    ("quick_gelu", {}, (-4.0, -1.5)),
    ("quick_gelu", {}, (-2.1, -1.7)),
    ("swish", {"beta": 3.0}, (-2.1, -1.9)),
]


@pytest.mark.parametrize(("name", "params", "band"), DENSE_CURVATURE_BANDS,
                         ids=[f"{c[0]}{c[1] or ''}-{c[2]}" for c in DENSE_CURVATURE_BANDS])
def test_swish_curvature_with_a_rounded_gate_argument_is_within_the_bar(name, params, band):
    report = measure(actviz.get(name, **params), np.linspace(*band, 20001), "f''")
    assert report.meets_floor, "\n".join(report.failures)
    assert report.max_ulp <= ULP_GUARD, (
        f"{name} f'' on {band}: {report.max_ulp:.3g} ulp at x = {report.worst_x!r}")
