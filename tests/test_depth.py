"""actviz.analysis.depth: the vanishing-gradient experiment through random dense layers."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import actviz
import actviz.analysis.depth as depth_module
from actviz.analysis.depth import DepthSettings, depth_experiment, weight_variance
from actviz.errors import OptionError
from tests.spelling import assert_typed


def run(names, **settings):
    result = depth_experiment([actviz.get(n) for n in names], DepthSettings(**settings))
    return {r.key: r for r in result.runs}


def test_sigmoid_with_xavier_vanishes_where_relu_with_he_does_not():
    sigmoid = run(["sigmoid"], layers=20, width=128, init="xavier")["sigmoid"]
    relu = run(["relu"], layers=20, width=128, init="he")["relu"]
    assert sigmoid.gradient_norm[-1] == relu.gradient_norm[-1] == 1.0
    # σ' ≤ 1/4 at every layer: ten orders of magnitude lost over 20 layers
    assert sigmoid.gradient_norm[0] < 1e-8
    assert 0.3 < relu.gradient_norm[0] < 3
    assert relu.gradient_norm[0] / sigmoid.gradient_norm[0] > 1e6
    # the decay is steady: each earlier layer gets less
    assert np.all(np.diff(np.log(sigmoid.gradient_norm)) > 0)


def test_same_seed_same_numbers_and_shared_weights():
    first = run(["tanh", "relu"], layers=6, width=32, seed=7)
    again = run(["relu", "tanh"], layers=6, width=32, seed=7)
    other = run(["tanh"], layers=6, width=32, seed=8)
    for key in ("tanh", "relu"):  # order of activations does not change the network
        np.testing.assert_array_equal(first[key].gradient_norm, again[key].gradient_norm)
        np.testing.assert_array_equal(first[key].dead_fraction, again[key].dead_fraction)
    assert not np.array_equal(first["tanh"].gradient_norm, other["tanh"].gradient_norm)


def test_recomputing_weights_and_checkpointing_gives_identical_numbers(monkeypatch):
    """The memory-saving path (weights redrawn, forward pass in segments) changes nothing."""
    settings = dict(layers=23, width=16, init="xavier", seed=3)
    kept = run(["tanh", "relu"], **settings)
    monkeypatch.setattr(depth_module, "_MEMORY_BUDGET", 5_000)
    network = depth_module._Network(DepthSettings(**settings))
    assert network._cache is None and network.segment == 5
    saved = run(["tanh", "relu"], **settings)
    for key in kept:
        np.testing.assert_array_equal(kept[key].gradient_norm, saved[key].gradient_norm)
        np.testing.assert_array_equal(kept[key].dead_fraction, saved[key].dead_fraction)


def test_dead_units_and_no_gradient_at_all():
    results = run(["relu", "step", "sigmoid"], layers=30, width=64)
    relu, step, sigmoid = results["relu"], results["step"], results["sigmoid"]
    assert np.all(step.dead_fraction == 1.0) and np.all(step.gradient_norm == 0.0)
    assert np.all(sigmoid.dead_fraction == 0.0)
    # deep zero-bias ReLU nets lose units: inputs become alike, some units never fire
    assert relu.dead_fraction[-1] > relu.dead_fraction[0] and relu.dead_fraction[-1] > 0.05
    assert np.all((0 <= relu.dead_fraction) & (relu.dead_fraction <= 1))


def test_a_thousand_layers_stay_finite_or_underflow_to_zero():
    results = run(["sigmoid", "identity", "tanh"], layers=1000, width=8)
    assert all(r.finite for r in results.values())
    assert results["sigmoid"].gradient_norm[0] == 0.0  # below 1e-308, not NaN
    assert np.all(np.isfinite(results["identity"].gradient_norm))


def test_initialisations():
    assert weight_variance("xavier", 256, 256) == weight_variance("lecun", 256, 256) == 1 / 256
    assert weight_variance("he", 256, 256) == 2 / 256
    assert weight_variance("xavier", 100, 300) == 2 / 400
    identity_he = run(["identity"], layers=10, width=256, init="he")["identity"]
    identity_lecun = run(["identity"], layers=10, width=256, init="lecun")["identity"]
    # a linear net with variance 2/W doubles the squared gradient per layer: ~√2^9 ≈ 23
    assert 8 < identity_he.gradient_norm[0] < 60
    assert 0.5 < identity_lecun.gradient_norm[0] < 2


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (dict(layers=0), "--depth must be an integer from 1 to 1,000, got 0"),
        (dict(layers=1001), "--depth must be an integer from 1 to 1,000, got 1001"),
        (dict(layers=5, width=0), "--width must be an integer from 1 to 4,096, got 0"),
        (dict(layers=5, width=4097), "--width must be an integer from 1 to 4,096"),
        (dict(layers=5, init="glorot"), "--init must be one of xavier, he, lecun"),
        (dict(layers=5, seed=-1), "--seed must be a non-negative integer"),
        (dict(layers=2.5), "--depth must be an integer"),
        (dict(layers=True), "--depth must be an integer"),
    ],
)
def test_limits_are_checked_with_one_line_messages(settings, message):
    with pytest.raises(OptionError) as caught:
        DepthSettings(**settings)
    assert_typed(caught, re.escape(message))


def test_one_layer_and_one_unit_are_valid_edges():
    result = run(["tanh"], layers=1, width=1)["tanh"]
    assert result.gradient_norm.tolist() == [1.0] and result.dead_fraction.shape == (1,)
    assert math.isfinite(run(["relu"], layers=3, width=1)["relu"].dead_fraction[0])
