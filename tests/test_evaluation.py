"""Evaluation of large arrays slice by slice gives the values of one whole-array call."""

from __future__ import annotations

import numpy as np
import pytest

import actviz
from actviz.activations.registry import EVALUATION_CHUNK


@pytest.mark.parametrize("name", actviz.names())
def test_sliced_evaluation_equals_small_calls(name):
    act = actviz.get(name)
    size = 7 * (EVALUATION_CHUNK // 3)  # three slices, the last a short one
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.normal(0, 5, size - 6), [np.nan, np.inf, -np.inf, 0.0, 1e300, -1e300]])
    x = x.reshape(size // 7, 7)  # a 2-D input keeps its shape
    whole_f, whole_df = act(x), act.derivative(x)
    assert whole_f.shape == whole_df.shape == x.shape
    pieces = [x[i:i + 5] for i in range(0, x.shape[0], 5)]  # each below the slice size
    np.testing.assert_array_equal(whole_f, np.concatenate([act(p) for p in pieces]))
    np.testing.assert_array_equal(whole_df, np.concatenate([act.derivative(p) for p in pieces]))
    # f'' too: its kernels choose forms per slice as well (a NaN in a slice once sent its
    # subnormal tail to the form for normal numbers).
    np.testing.assert_array_equal(act.derivative(x, order=2),
                                  np.concatenate([act.derivative(p, order=2) for p in pieces]))
    assert np.isnan(act(np.array([np.nan]))[0])


def test_scalar_in_scalar_out():
    value = actviz.get("sigmoid")(0.0)
    assert np.ndim(value) == 0 and float(value) == 0.5


def test_non_contiguous_input():
    x = np.linspace(-3, 3, 4 * EVALUATION_CHUNK)[::3]
    act = actviz.get("elu")
    np.testing.assert_array_equal(act(x), act(np.ascontiguousarray(x)))
