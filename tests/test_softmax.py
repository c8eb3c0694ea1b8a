"""actviz.analysis.softmax: stable softmax and log-softmax against mpmath, the Jacobian, the naive
formula's failures, and input checking."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actviz.analysis.softmax import (
    log_softmax,
    naive_softmax,
    parse_logits,
    parse_temperatures,
    shifted_softmax,
    softmax,
    softmax_jacobian,
    softmax_report,
)
from actviz.errors import OptionError
from tests.spelling import assert_typed

EPS = np.finfo(np.float64).eps
mpmath.mp.dps = 60


def reference(logits, temperature):
    """p and log p in 60-digit arithmetic from the float64 inputs, rounded once to float64."""
    z = [mpmath.mpf(float(v)) / mpmath.mpf(float(temperature)) for v in logits]
    log_total = mpmath.log(mpmath.fsum(mpmath.exp(v) for v in z))
    log_p = [v - log_total for v in z]
    return [float(mpmath.exp(v)) for v in log_p], [float(v) for v in log_p]


CASES = [
    ([3.0, 1.0, -3.0], 0.5),
    ([3.0, 1.0, -3.0], 1.0),
    ([3.0, 1.0, -3.0], 2.0),
    ([1000.0, 1001.0, 1002.0], 1.0),
    ([0.0, -40.0], 1.0),  # the winner's log p is −4.2e-18, not 0
    ([0.0, -800.0], 1.0),  # the loser's p underflows to 0; its log p is still −800
    ([-1000.0, -1000.5, -1003.0], 1.0),  # every naive exp underflows
    ([2.0, 2.0, 1.0], 1.0),  # a tie at the top
    ([0.1, 0.2, 0.3, 0.4], 0.3),
    ([5.0, -5.0], 1e-3),  # a cold temperature: p is one-hot up to 1e-4343
    ([1e5, -1e5, 0.0], 7.0),
]


@pytest.mark.parametrize("logits, temperature", CASES)
def test_probabilities_and_log_probabilities_match_mpmath(logits, temperature):
    result = shifted_softmax(logits, temperature)
    expected_p, expected_log_p = reference(logits, temperature)
    # (z − m)/T is rounded once, and exp amplifies that by |(z − m)/T| (its condition number);
    # beyond that the computation adds a few ulp.
    scale = 4 + np.abs(result.shifted)
    np.testing.assert_array_less(
        np.abs(result.probabilities - expected_p), scale * EPS * np.abs(expected_p) + 1e-320
    )
    # log p = (z − m)/T − log Σ: the rounding of (z − m)/T plus a few ulp of the result,
    # with no absolute floor, so a winner's −4.2e-18 cannot come out as 0.
    log_error = np.abs(result.log_probabilities - expected_log_p)
    bound = EPS * (4 * np.abs(expected_log_p) + np.abs(result.shifted))
    np.testing.assert_array_less(log_error, bound + 1e-300)


def test_winner_log_probability_is_not_rounded_to_zero():
    log_p = log_softmax([0.0, -40.0])
    assert log_p[0] == pytest.approx(-math.exp(-40.0), rel=1e-15, abs=0)
    assert log_p[0] != 0.0


def test_huge_spread_gives_zero_and_minus_inf_without_warnings():
    z = [1e308, -1e308]  # z − m overflows to −inf: the true log p is below −1.8e308
    assert softmax(z).tolist() == [1.0, 0.0]
    assert log_softmax(z).tolist() == [0.0, -math.inf]
    assert softmax([1.0, 2.0], 1e-300).tolist() == [0.0, 1.0]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=12),
    st.floats(0.01, 100.0),
    st.floats(-1e3, 1e3),
)
def test_distribution_properties(logits, temperature, shift):
    p = softmax(logits, temperature)
    assert np.all((p >= 0) & (p <= 1))
    assert abs(p.sum() - 1.0) <= len(p) * EPS * 2
    order = np.argsort(logits, kind="stable")
    assert np.all(np.diff(p[order]) >= 0)  # a larger logit never gets a smaller probability
    # Adding a constant to every logit changes nothing (up to the rounding of z + c).
    shifted = softmax(np.array(logits) + shift, temperature)
    assert np.allclose(shifted, p, rtol=1e-6, atol=1e-12)


def test_lower_temperature_sharpens():
    peaks = [softmax([3.0, 1.0, -3.0], t).max() for t in (0.25, 0.5, 1.0, 2.0, 4.0)]
    assert peaks == sorted(peaks, reverse=True)
    assert softmax([3.0, 1.0, -3.0], 1e6) == pytest.approx([1 / 3] * 3, rel=1e-5)


# ----------------------------------------------------------------------------------------------
# Jacobian
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("logits", [[3.0, 1.0, -3.0], [0.5, 0.5], [2.0, -1.0, 0.0, 4.0]])
def test_jacobian_matches_central_differences(logits):
    z = np.array(logits)
    jacobian = softmax_jacobian(softmax(z))
    h = 1e-6
    numeric = np.empty_like(jacobian)
    for j in range(z.size):
        step = np.zeros_like(z)
        step[j] = h
        numeric[:, j] = (softmax(z + step) - softmax(z - step)) / (2 * h)
    np.testing.assert_allclose(jacobian, numeric, atol=1e-9)
    np.testing.assert_allclose(jacobian, jacobian.T, atol=0)
    np.testing.assert_allclose(jacobian.sum(axis=0), 0.0, atol=4 * EPS)


def test_jacobian_diagonal_keeps_tiny_variances():
    # p = (1 − 4.2e-18, 4.2e-18): p(1 − p) computed as p − p² would be exactly 0.
    jacobian = softmax_jacobian(softmax([0.0, -40.0]))
    assert jacobian[0, 0] == pytest.approx(math.exp(-40.0), rel=1e-14, abs=0)
    assert jacobian[1, 1] == pytest.approx(math.exp(-40.0), rel=1e-14, abs=0)


# ----------------------------------------------------------------------------------------------
# The naive formula
# ----------------------------------------------------------------------------------------------


def test_naive_formula_overflows_to_nan():
    naive = naive_softmax([1000.0, 1001.0, 1002.0])
    assert naive.overflowed == (0, 1, 2)
    assert naive.underflowed == ()
    assert math.isinf(naive.total)
    assert np.all(np.isnan(naive.probabilities))
    assert naive.failed


def test_naive_formula_partial_overflow_and_underflow():
    partial = naive_softmax([710.0, 0.0])
    assert partial.overflowed == (0,)
    assert math.isnan(partial.probabilities[0]) and partial.probabilities[1] == 0.0
    assert partial.failed
    under = naive_softmax([-1000.0, -1001.0])
    assert under.underflowed == (0, 1) and under.total == 0.0 and under.failed


def test_naive_formula_works_for_small_logits():
    naive = naive_softmax([3.0, 1.0, -3.0], 2.0)
    assert not naive.failed and naive.overflowed == () and naive.underflowed == ()
    np.testing.assert_allclose(naive.probabilities, softmax([3.0, 1.0, -3.0], 2.0), rtol=4 * EPS)


def test_temperature_can_cause_the_overflow():
    assert not naive_softmax([400.0, 0.0], 1.0).failed
    assert naive_softmax([400.0, 0.0], 0.5).overflowed == (0,)


def test_report_carries_what_was_asked():
    report = softmax_report(["3", "1", "-3"], "0.5,1,2", jacobian=True, explain=True)
    assert report.temperatures == (0.5, 1.0, 2.0)
    assert all(c.jacobian is not None and c.explanation is not None for c in report.columns)
    plain = softmax_report([1.0, 2.0])
    assert plain.temperatures == (1.0,)
    assert plain.columns[0].jacobian is None and plain.columns[0].explanation is None
    record = softmax_report([1000, 1001], [1], explain=True).to_json()
    naive = record["temperatures"][0]["naive"]
    assert naive["probabilities"] == ["nan", "nan"] and naive["sum"] == "inf"


# ----------------------------------------------------------------------------------------------
# Input checking
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tokens, message",
    [
        (["1", "abc"], "logit 2 ('abc') is not a number"),
        (["1", "nan"], "logit 2 ('nan') is NaN"),
        (["inf", "1"], "logit 1 is inf"),
        (["1", "-inf"], "logit 2 is -inf"),
        (["1"], "at least 2 logits, got only 1"),
        ([], "at least 2 logits, got none"),
    ],
)
def test_bad_logits(tokens, message):
    with pytest.raises(OptionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_logits(tokens)


def test_logits_accept_signs_and_exponents():
    assert parse_logits(["-3", "+2", "1e3", "-.5"]).tolist() == [-3.0, 2.0, 1000.0, -0.5]


@pytest.mark.parametrize(
    "text, message",
    [
        ("0", "finite number > 0, got 0"),
        ("-1", "finite number > 0, got -1"),
        ("nan", "'nan' in --temperature 'nan' is NaN"),
        ("inf", "finite number > 0, got inf"),
        ("1,,2", "empty item 2 in --temperature '1,,2'"),
        ("1,", "empty item"),
        ("hot", "'hot' in --temperature 'hot' is not a number"),
        ("1,1.0", "1.0 is given twice"),
    ],
)
def test_bad_temperatures(text, message):
    with pytest.raises(OptionError) as caught:
        parse_temperatures(text)
    assert_typed(caught, message)


def test_temperatures_parse_with_spaces():
    assert parse_temperatures(" 0.5, 1 ,2") == (0.5, 1.0, 2.0)
