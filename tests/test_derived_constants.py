"""The fitted and rounded constants in the numerics are what tools/derive_constants.py derives.

A constant typed by hand, or left behind when a formula changes, fails here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import mpmath
import pytest

from actviz.activations import numerics, shrink, smooth

SCRIPT = Path(__file__).resolve().parents[1] / "tools" / "derive_constants.py"


@pytest.fixture(scope="module")
def derive():
    spec = importlib.util.spec_from_file_location("derive_constants", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with mpmath.workdps(module.DIGITS):
        yield module


def test_double_double_constants(derive):
    for name, value in derive.double_double_constants().items():
        assert getattr(smooth, name) == value, name


@pytest.mark.parametrize(
    ("name", "series", "minimum"),
    [
        ("gelu", "GELU_SLOPE_ZERO", "GELU_MINIMUM"),
        ("gelu_tanh", "GELU_TANH_SLOPE_ZERO", "GELU_TANH_MINIMUM"),
        ("silu", "SILU_SLOPE_ZERO", "SILU_MINIMUM"),
        ("mish", "MISH_SLOPE_ZERO", "MISH_MINIMUM"),
    ],
)
def test_series_near_zeros_of_the_derivative_and_minima(derive, name, series, minimum):
    root_high, root_low, radius, coefficients = derive.slope_zero_series(name)
    declared = getattr(smooth, series)
    assert (declared.root_high, declared.root_low, declared.radius) == (root_high, root_low, radius)
    assert declared.coefficients == coefficients
    assert getattr(smooth, minimum) == derive.minimum(name)


def test_tanhshrink_series(derive):
    assert shrink._TANHSHRINK_SERIES == derive.tanhshrink_series()
    assert shrink._TANHSHRINK_SERIES_LIMIT == derive.TANHSHRINK_RADIUS


ENTRY_SCRIPT = SCRIPT.with_name("derive_entry_constants.py")


@pytest.fixture(scope="module")
def derive_entries():
    spec = importlib.util.spec_from_file_location("derive_entry_constants", ENTRY_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with mpmath.workdps(module.DIGITS):
        yield module


def _entry_series(derive_entries, constant: str):
    name, order, zeros = derive_entries.ZEROS[constant]
    declared = getattr(smooth, constant)
    declared = declared if isinstance(declared, tuple) else (declared,)
    assert len(declared) == len(zeros)
    return [(series, derive_entries.root_series(name, order, guess, radius,
                                                degree=len(series.coefficients) - 1))
            for series, (guess, radius) in zip(declared, zeros)]


@pytest.mark.parametrize("constant", [
    "TANHEXP_SLOPE_ZERO", "TANHEXP_CURVATURE_ZEROS",
    "SMISH_SLOPE_ZERO", "SMISH_CURVATURE_ZEROS", "SERF_SLOPE_ZERO", "SERF_CURVATURE_ZEROS",
])
def test_series_of_the_newer_gated_units(derive_entries, constant):
    """Each stored series is the fit of its stored degree (which meets the 2^-62 bound)."""
    for declared, (root_high, root_low, radius, coefficients) in _entry_series(derive_entries, constant):
        assert (declared.root_high, declared.root_low, declared.radius) == (root_high, root_low, radius)
        assert declared.coefficients == coefficients


@pytest.mark.parametrize("constant,name", sorted(
    {"TANHEXP_MINIMUM": "tanhexp", "SMISH_MINIMUM": "smish", "SERF_MINIMUM": "serf"}.items()))
def test_minima_of_the_newer_gated_units(derive_entries, constant, name):
    assert derive_entries.MINIMA[constant] == name
    assert getattr(smooth, constant) == derive_entries.minimum(name)


@pytest.mark.parametrize(
    ("name", "declared"),
    [
        ("silu", (smooth.SILU_CURVATURE_ZERO,)),
        ("gelu_tanh", (smooth.GELU_TANH_CURVATURE_ZERO,)),
        ("mish", smooth.MISH_CURVATURE_ZEROS),
    ],
)
def test_series_near_zeros_of_the_second_derivative(derive, name, declared):
    derived = derive.curvature_zero_series(name)
    assert [(d.root_high, d.root_low, d.radius, d.coefficients) for d in declared] == derived


def test_normal_tail_pieces_and_mills_series(derive):
    assert numerics.NORMAL_TAIL_PIECES == derive.normal_tail_pieces()
    assert numerics.NORMAL_TAIL_HALF_WIDTH == derive.NORMAL_TAIL_HALF_WIDTH
    assert numerics.MILLS_SERIES == derive.mills_series()
    assert numerics.NORMAL_FAR_TAIL == derive.NORMAL_FAR_TAIL
