"""Every registered function and its first and second derivatives against mpmath at 60 digits,
over all of float64, at the default parameters, halved and doubled, and at the ends of their
valid intervals, with dense scans around each declaration's ``scan_around`` spots.

The floor (see :mod:`actviz.analysis.accuracy`) fails the test; the measured maximum ulp per
function is printed at the end of the run (``pytest -q`` shows it under "accuracy").
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import actviz
from actviz.activations import BUILTIN_FAMILIES
from actviz.activations.registry import lookup
from actviz.analysis.accuracy import (
    accuracy_inputs,
    has_limit,
    measure,
    parameter_extremes,
    parameter_variants,
)
from tests.conftest import ALL_NAMES, ACCURACY_RESULTS

pytest.importorskip("mpmath")

# ~2,200 inputs per function: 1,000 magnitudes spread over the whole float64 range and its
# interesting middle, both signs, plus special values and each breakpoint's neighbours.
POINTS = 1000
# The issue's bar: every f, f' and f'' within 4 ulp, at every parameter value.
ULP_GUARD = 4.0
FUNCTIONS = ("f", "f'", "f''")

CASES = [
    (name, variant, which)
    for name in ALL_NAMES
    for variant in parameter_variants(lookup(name)) + parameter_extremes(lookup(name))
    for which in FUNCTIONS
]


def _case_id(case: tuple) -> str:
    name, variant, which = case
    params = ",".join(f"{k}={v:g}" for k, v in variant.items())
    return f"{name}{':' + params if params else ''}-{which}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_matches_mpmath_to_the_floor(case):
    name, variant, which = case
    bound = actviz.get(name, **variant)
    report = measure(bound, accuracy_inputs(bound, POINTS), which)
    ACCURACY_RESULTS.append(report)
    assert report.meets_floor, "\n".join(report.failures)
    assert report.max_ulp <= ULP_GUARD, (
        f"{report.spec} {which}: {report.max_ulp:.3g} ulp at x = {report.worst_x!r}"
    )


@pytest.mark.parametrize("name", ALL_NAMES)
def test_builtin_declarations_state_their_exact_forms(name):
    declaration = lookup(name)
    module = declaration.function.__module__.rsplit(".", 1)[-1]
    if module in BUILTIN_FAMILIES:
        assert declaration.exact is not None and declaration.exact_derivative is not None
        assert declaration.exact_second_derivative is not None


@pytest.mark.parametrize("name", ALL_NAMES)
def test_every_entry_declares_its_second_derivative(name):
    """A new entry cannot forget f'': its kernel and its formula are part of a declaration."""
    declaration = lookup(name)
    assert declaration.second_derivative is not None, f"{name} declares no second_derivative"
    assert "''(x) = " in declaration.second_derivative_formula


# The kernels take cheaper forms on a slice that lies within a moderate range (no subnormal
# tail, no saturation, nothing next to the limit); the sample above mixes all magnitudes in one
# call, so it checks the general forms.  Here each band is one call, so the cheaper ones are
# what is measured.
BANDS = ((-3.0, 3.0), (-33.0, 0.0), (0.0, 33.0), (-700.0, 700.0))


@pytest.mark.parametrize("which", FUNCTIONS)
@pytest.mark.parametrize("name", ALL_NAMES)
def test_slices_within_a_moderate_range_match_mpmath(name, which):
    bound = actviz.get(name)
    rng = np.random.default_rng(17)
    sample = accuracy_inputs(bound, POINTS // 4)  # its dense scans around the switches
    for low, high in BANDS:
        near_spots = sample[(sample >= low) & (sample <= high)]
        xs = np.unique(np.concatenate([rng.uniform(low, high, 200), near_spots]))
        report = measure(bound, xs, which)
        assert report.meets_floor, "\n".join(report.failures)
        assert report.max_ulp <= ULP_GUARD, (
            f"{report.spec} {which} on [{low}, {high}]: {report.max_ulp:.3g} ulp at "
            f"x = {report.worst_x!r}")


# The values the issue names, each a place where a textbook formula fails.
@pytest.mark.parametrize(
    ("spec", "which", "x", "expected"),
    [
        ("sigmoid", "f'", 40.0, 4.248354255291589e-18),  # σ(1 − σ) gives 0
        ("tanh", "f'", 20.0, 1.6993417021166355e-17),  # 1 − tanh² gives 0
        ("sigmoid", "f", -710.0, 4.4762862256751298e-309),  # 1/(1 + e^{710}) overflows to 0
        ("elu", "f", -1e-10, -9.9999999995e-11),  # e^x − 1 is off in the 7th digit
        ("gelu", "f", -9.25, -1.0382786071978384e-19),  # 1 − erf rounds to 0 (mpmath)
        ("swish:beta=2", "f'", 1.0, 1.0 / (1 + math.exp(-2)) * (1 + 2 / (1 + math.exp(2)))),
        ("tanh", "f'", 371.0, 2.27e-322),  # 4·(subnormal t) was 2 steps off: 2.17e-322
        ("tanh", "f''", 20.0, -3.398683404233271e-17),  # −2·tanh·(1 − tanh²) gives 0
        ("sigmoid", "f''", -1e-300, 1.25e-301),  # σ(1 − σ)(1 − 2σ) gives 0
        ("leaky_relu:negative_slope=0", "f", -math.inf, 0.0),  # 0·(−inf) was NaN
        ("prelu:a=0", "f", -math.inf, 0.0),
        ("rrelu:lower=0,upper=0", "f", -math.inf, 0.0),
    ],
)
def test_named_tail_values(spec, which, x, expected):
    act = actviz.get(spec)
    value = act(x) if which == "f" else act.derivative(x, order=which.count("'"))
    assert value == pytest.approx(expected, rel=1e-14, abs=0)  # approx allows 1e-12 by default


# Next to a limit, f must round correctly, or a table prints a value that is not the limit as
# the limit: σ(x) rounds to 1 − 2^-53 for 36.04 < x < 37.43 (1/(1 + e^{−x}) gave 1 − 2^-52,
# then 1.0 from 36.74), and tanh(x) for 18.37 < x < 19.06 (np.tanh gives 1.0 from 18.99); above
# those, 1 − f is below half an ulp and the result must be 1.
@pytest.mark.parametrize(("name", "low", "high", "signs"),
                         [("sigmoid", 33.0, 40.0, (1,)), ("tanh", 16.0, 21.0, (1, -1))])
def test_correctly_rounded_next_to_the_limit(name, low, high, signs):
    mp = pytest.importorskip("mpmath").MPContext()
    mp.dps = 40
    act = actviz.get(name)
    x = np.concatenate([sign * np.linspace(low, high, 5001) for sign in signs])
    computed = act(x)
    truth = np.array([float(act.activation.exact(mp, mp.mpf(v))) for v in x.tolist()])
    wrong = np.flatnonzero(computed != truth)
    assert wrong.size == 0, (
        f"{wrong.size} of {x.size} not correctly rounded, e.g. {name}({x[wrong[0]]!r}) = "
        f"{computed[wrong[0]]!r}, correctly rounded {truth[wrong[0]]!r}")


@pytest.mark.parametrize("name", ALL_NAMES)
def test_huge_and_infinite_inputs_give_no_nan_and_no_warning(name):
    act = actviz.get(name)
    x = np.array([-np.inf, -1.7976931348623157e308, -1e300, -1e200, 1e200, 1e300,
                  1.7976931348623157e308, np.inf])
    declaration = act.activation
    with np.errstate(all="raise", under="ignore"):
        for values, exact in ((act(x), declaration.exact),
                              (act.derivative(x), declaration.exact_derivative),
                              (act.derivative(x, order=2), declaration.exact_second_derivative)):
            assert not np.isnan(values[1:-1]).any()
            # At ±inf NaN only where there is no limit (sine, snake's f' and f'').
            for value, sign in ((values[0], -1), (values[-1], 1)):
                assert not np.isnan(value) or not has_limit(exact, sign, act.params)


def test_gelu_tanh_derivative_at_1e200_is_one():
    assert actviz.get("gelu_tanh").derivative(1e200) == 1.0
