"""max |f'| and where it is reached, against closed forms."""

from __future__ import annotations

import math

import pytest

import actviz
from actviz.analysis.peaks import peak_abs_derivative
from actviz.render.words import peak_words
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


def words(spec: str, lang: str = "en") -> str:
    return peak_words(peak_abs_derivative(actviz.get(spec)), lang)


def test_plateaus_and_tails_are_described_in_words():
    assert words("relu") == "1 for x > 0"
    assert peak_abs_derivative(actviz.get("hardshrink")).plateaus == ((-math.inf, -0.5), (0.5, math.inf))
    assert words("softplus") == "1 as x → ∞"
    assert peak_abs_derivative(actviz.get("tanhshrink")).tails == "both"
    assert words("identity") == "1 for all x"
    assert words("sigmoid") == "0.25 at x = 0"
    assert words("relu", "zh") == "1（x > 0）"


@pytest.mark.parametrize("name", ALL_NAMES)
def test_peak_is_not_beaten_by_any_sampled_point(name):
    import numpy as np

    act = actviz.get(name)
    peak = peak_abs_derivative(act)
    x = np.linspace(-50, 50, 100_003)
    assert np.abs(act.derivative(x)).max() <= peak.value * (1 + 1e-12)
    if peak.points and not peak.side:
        for x in peak.points:
            assert abs(float(act.derivative(x))) == pytest.approx(peak.value, rel=1e-9)


@pytest.mark.parametrize("name", ["elu", "celu", "relu", "leaky_relu"])
def test_plateau_edges_snap_to_the_kink(name):
    # ELU's f' = e^x rounds to 1 just left of 0: the plateau still starts at the kink.
    assert peak_abs_derivative(actviz.get(name)).plateaus == ((0.0, math.inf),)


def test_a_one_sided_limit_at_a_kink_is_marked_as_such():
    peak = peak_abs_derivative(actviz.get("hardswish"))  # f' → 3/2 as x → 3⁻, f'(3) = 1
    assert peak.points == (3.0,) and peak.side == "-"
    assert peak.value == pytest.approx(1.5, rel=1e-15)
    assert peak_words(peak) == "1.5 as x → 3⁻"


def test_symmetric_peaks_are_both_found():
    peak = peak_abs_derivative(actviz.get("gaussian"))
    assert peak.points == pytest.approx((-math.sqrt(0.5), math.sqrt(0.5)), abs=1e-6)
    assert peak_words(peak) == "0.857764 at x = ±0.707107"


def test_plateaus_have_no_single_argmax():
    assert math.isnan(peak_abs_derivative(actviz.get("relu")).argmax)


@pytest.mark.parametrize(
    ("formula", "where"),
    [("f(x)=x^2", "±∞"), ("f(x)=exp(x)", "∞"), ("f(x)=x^3", "±∞"), ("f(x)=log(x)", "0")],
)
def test_unbounded_slopes_are_reported_not_crashed_on(formula, where):
    peak = peak_abs_derivative(actviz.get(formula))
    assert math.isinf(peak.value)
    assert peak_words(peak) == f"unbounded as x → {where}"
