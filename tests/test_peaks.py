"""max |f'| and where it is reached, against closed forms."""

from __future__ import annotations

import math

import pytest

import actviz
from actviz.analysis.peaks import peak_abs_derivative
from tests.conftest import ALL_NAMES


@pytest.mark.parametrize(
    ("spec", "value", "argmax"),
    [
        ("sigmoid", 0.25, 0.0),
        ("tanh", 1.0, 0.0),
        # gelu'' = φ(x)(2 − x²) vanishes at √2: Φ(√2) + √2·φ(√2)
        ("gelu", 0.5 * (1 + math.erf(1)) + math.sqrt(2) * math.exp(-1) / math.sqrt(2 * math.pi),
         math.sqrt(2)),
        ("silu", 1.0998393201288673, 2.3993572805154676),
        ("elu:alpha=2", 2.0, 0.0),
        ("hardswish", 1.5, 3.0),
    ],
)
def test_single_peaks_match_closed_forms(spec, value, argmax):
    peak = peak_abs_derivative(actviz.get(spec))
    assert peak.value == pytest.approx(value, rel=1e-12)
    assert peak.argmax == pytest.approx(argmax, abs=1e-6)
    assert not peak.plateaus and not peak.tails


def test_plateaus_and_tails_are_described_in_words():
    assert peak_abs_derivative(actviz.get("relu")).describe() == "1 for x > 0"
    assert peak_abs_derivative(actviz.get("hardshrink")).plateaus == ((-math.inf, -0.5), (0.5, math.inf))
    assert peak_abs_derivative(actviz.get("softplus")).describe() == "1 as x → ∞"
    assert peak_abs_derivative(actviz.get("tanhshrink")).tails == "both"
    assert peak_abs_derivative(actviz.get("identity")).describe() == "1 for all x"


@pytest.mark.parametrize("name", ALL_NAMES)
def test_peak_is_not_beaten_by_any_sampled_point(name):
    import numpy as np

    act = actviz.get(name)
    peak = peak_abs_derivative(act)
    x = np.linspace(-50, 50, 100_003)
    assert np.abs(act.derivative(x)).max() <= peak.value * (1 + 1e-12)
    if math.isfinite(peak.argmax) and not peak.plateaus:
        assert abs(float(act.derivative(peak.argmax))) == pytest.approx(peak.value, rel=1e-9)


@pytest.mark.parametrize("name", ["elu", "celu", "relu", "leaky_relu"])
def test_plateau_edges_snap_to_the_kink(name):
    # ELU's f' = e^x rounds to 1 just left of 0: the plateau still starts at the kink.
    assert peak_abs_derivative(actviz.get(name)).plateaus == ((0.0, math.inf),)
