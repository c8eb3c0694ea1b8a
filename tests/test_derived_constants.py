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
