"""The one-line report of where values are not finite."""

from __future__ import annotations

import numpy as np
import pytest

import actviz
from actviz.analysis.overflow import nonfinite_report, nonfinite_spans
from actviz.render.words import nonfinite_message, span_words


def overflow_message(act, x, values=None, derivative=None):
    return nonfinite_message(nonfinite_report(act, x, values, derivative))


@pytest.mark.parametrize("values,expected", [
    ([1, 2, 3, 4, 5], []),
    ([1, 2, 3, np.inf, np.inf], ["x ≥ 3"]),
    ([np.nan, np.nan, 3, 4, 5], ["x ≤ 1"]),
    ([1, 2, -np.inf, 4, 5], ["x = 2"]),
    ([1, np.nan, np.inf, 4, np.nan], ["1 ≤ x ≤ 2", "x ≥ 4"]),
    ([np.inf] * 5, ["all x"]),
])
def test_spans(values, expected):
    spans = nonfinite_spans(np.arange(5.0), values)
    assert [span_words(s) for s in spans] == expected


def test_unsorted_x_and_nan_inputs():
    x = np.array([3.0, np.nan, 1.0, 2.0])
    values = np.array([np.inf, np.nan, 1.0, 2.0])
    assert [span_words(s) for s in nonfinite_spans(x, values)] == ["x ≥ 3"]


def test_message_names_the_activation_and_the_kind():
    act = actviz.get("f(x)=1/x")
    x = np.linspace(-2, 2, 5)
    report = nonfinite_report(act, x)
    assert nonfinite_message(report) == "1/x overflows for x = 0; its derivative overflows for x = 0"
    sqrt = actviz.get("f(x)=sqrt(x)")
    assert overflow_message(sqrt, x) == ("sqrt(x) is undefined (NaN) for x ≤ -1; "
                                         "its derivative is not finite for x ≤ 0")
    assert overflow_message(sqrt, x, values=sqrt(x), derivative=np.ones(5)) == (
        "sqrt(x) is undefined (NaN) for x ≤ -1")
    only_slope = overflow_message(sqrt, x, values=np.ones(5))
    assert only_slope == "the derivative of sqrt(x) is not finite for x ≤ 0"


def test_many_spans_are_summarised_on_one_line():
    x = np.arange(20.0)
    values = np.where(x % 2 == 1, np.nan, 1.0)
    message = overflow_message(actviz.get("relu"), x, values=values, derivative=np.ones(20))
    assert message == ("ReLU is undefined (NaN) for x = 1 and x = 3 and x = 5 "
                       "and at 7 more places")
