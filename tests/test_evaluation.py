"""Evaluation of large arrays slice by slice gives the values of one whole-array call."""

from __future__ import annotations

import numpy as np
import pytest

import actviz
from actviz.activations import numerics as nx
from actviz.activations import registry
from actviz.activations.registry import EVALUATION_CHUNK
from actviz.analysis.accuracy import accuracy_inputs


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


def _whole_array_kernels():
    """(name, order, kernel) of every registered kernel marked as a memory-speed kernel."""
    found = []
    for name in actviz.names():
        declaration = actviz.get(name).activation
        kernels = (declaration.function, declaration.derivative, declaration.second_derivative)
        found += [(name, order, fn) for order, fn in enumerate(kernels)
                  if getattr(fn, "whole_array", False)]
    return found


WHOLE_ARRAY = _whole_array_kernels()


def test_the_cheap_entries_are_evaluated_at_memory_speed():
    marked = {(name, order) for name, order, _ in WHOLE_ARRAY}
    for name in ("relu", "leaky_relu", "relu6", "hardtanh", "identity", "step"):
        assert {(name, 0), (name, 1), (name, 2)} <= marked, name


@pytest.mark.parametrize("name,order,kernel", WHOLE_ARRAY,
                         ids=[f"{n}-{o}" for n, o, _ in WHOLE_ARRAY])
def test_whole_array_kernels_keep_their_contract(name, order, kernel):
    """Fresh float64 output of x's shape, NaN exactly where x is NaN, for any layout."""
    act = actviz.get(name)
    x = np.linspace(-8.0, 8.0, 3 * 5 * 7).reshape(3, 5, 7)[:, ::2]  # non-contiguous
    x[0, 1, 2] = x[2, 0, 6] = np.nan
    before = x.copy()
    y = kernel(x, **act.params)
    assert y.dtype == np.float64 and y.shape == x.shape
    assert not np.shares_memory(y, x)
    np.testing.assert_array_equal(np.isnan(y), np.isnan(x))
    np.testing.assert_array_equal(x, before)
    evaluate = act if order == 0 else (lambda v: act.derivative(v, order=order))
    for value in (np.nan, 0.0, -np.inf, 2.5):
        scalar = evaluate(value)
        assert isinstance(scalar, np.float64)
        np.testing.assert_array_equal(scalar, evaluate(np.array([value]))[0])


def test_a_whole_array_kernel_is_called_once_on_the_whole_input():
    calls = []

    @registry.whole_array
    def spy(x):
        calls.append(x.shape)
        return np.maximum(x, 0.0)

    act = actviz.get("relu")
    x = np.linspace(-1.0, 1.0, 5 * EVALUATION_CHUNK)
    np.testing.assert_array_equal(act._evaluate(spy, x), np.maximum(x, 0.0))
    assert calls == [x.shape]  # no slices, no copy into a second output


def test_the_scans_find_nan_and_large_values():
    x = np.linspace(-3.0, 3.0, 11)
    assert not registry.holds_nan(x) and not registry.holds_nan(np.empty(0))
    assert not nx.exceeds(x, 3.0) and nx.exceeds(x, 2.9) and not nx.exceeds(np.empty(0), 1.0)
    x[4] = np.nan
    assert registry.holds_nan(x) and nx.exceeds(x, 3.0)  # NaN hides the rest: the general form
    out = registry.keep_nan(x, np.zeros(11))
    assert np.isnan(out[4]) and not np.isnan(np.delete(out, 4)).any()


def _same_bits(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Equal values with equal signs of zero, or NaN in both."""
    both_nan = np.isnan(a) & np.isnan(b)
    return both_nan | ((a == b) & (np.signbit(a) == np.signbit(b)))


def _points_across_the_bands(act) -> np.ndarray:
    """A sample of all magnitudes, the entry's breakpoints and scan spots with their
    neighbours (so every band of every kernel is in it), and the special values."""
    special = [np.nan, 0.0, -0.0, 5e-324, -5e-324, 1e-300, -1e-300, 710.0, -710.0]
    return np.concatenate([accuracy_inputs(act, 40), special])


@pytest.mark.parametrize("order", [0, 1, 2])
@pytest.mark.parametrize("name", actviz.names())
def test_each_element_alone_equals_one_call_that_mixes_the_bands(name, order):
    """The kernels choose their forms per element: a value does not depend on its neighbours
    (tanhshrink once took x − tanh x for a slice wholly beyond ±1.5 and the σ form otherwise,
    which differ in the last bit)."""
    act = actviz.get(name)
    evaluate = act if order == 0 else (lambda v: act.derivative(v, order=order))
    x = _points_across_the_bands(act)
    mixed = evaluate(x)
    alone = np.array([evaluate(x[i:i + 1])[0] for i in range(x.size)])
    differ = ~_same_bits(mixed, alone)
    assert not differ.any(), (
        f"{name} order {order}: x = {x[differ][:5].tolist()} gives {mixed[differ][:5].tolist()} "
        f"in one call and {alone[differ][:5].tolist()} alone")
