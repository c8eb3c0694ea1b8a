"""actviz.analysis.precision: thresholds against closed forms and against an independent
bisection of mpmath values rounded by ml_dtypes; properties over the whole registry."""

from __future__ import annotations

import json
import math

import ml_dtypes
import mpmath
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import actviz
from actviz.analysis.dtypes import DTYPE_NAMES, lookup_dtype, parse_dtypes
from actviz.analysis.precision import (
    SIDES,
    SidePrecision,
    precision_report,
    rounding_thresholds,
    side_precision,
)
from actviz.errors import OptionError
from tests.conftest import ALL_NAMES

mpmath.mp.dps = 40
SMALL_FORMATS = ("float16", "bfloat16", "float8_e4m3fn", "float8_e5m2")


# -- the formats -----------------------------------------------------------------------------


def test_float8_variants_are_told_apart_by_their_exact_names():
    assert lookup_dtype("float8_e4m3fn").max == 448.0
    assert lookup_dtype("float8_e4m3").max == 240.0
    assert not lookup_dtype("float8_e4m3fn").has_inf and lookup_dtype("float8_e4m3").has_inf
    assert lookup_dtype("float8_e5m2").max == 57344.0


def test_an_unknown_format_names_the_nearest_ones():
    with pytest.raises(OptionError, match="did you mean 'float8_e4m3fn'"):
        lookup_dtype("float8_e4m3f")
    with pytest.raises(OptionError, match="empty dtype name"):
        parse_dtypes("float32,,float16")


def test_formats_default_and_keep_their_order_without_repeats():
    assert [d.name for d in parse_dtypes("")] == ["float32", "float16", "bfloat16"]
    assert [d.name for d in parse_dtypes("bfloat16,float16,bfloat16")] == ["bfloat16", "float16"]


@pytest.mark.parametrize("name", DTYPE_NAMES)
def test_every_positive_value_is_listed_once_in_order(name):
    dtype = lookup_dtype(name)
    values = dtype.positive_values()
    assert values[0] == dtype.smallest_subnormal and values[-1] == dtype.max
    assert np.all(np.diff(values) > 0)
    assert np.array_equal(dtype.round(values), values)
    if dtype.exhaustive:  # every finite positive bit pattern of the format
        bits = np.arange(1, 1 << dtype.bits, dtype=np.int64).astype(f"u{dtype.bits // 8}")
        with np.errstate(invalid="ignore"):  # NaN patterns
            every = bits.view(dtype.numpy_dtype).astype(np.float64)
        assert values.size == np.count_nonzero(np.isfinite(every) & (every > 0))


def test_rounding_is_straight_from_float64_not_through_float32():
    # 1 + 2^-8 + 2^-30: through float32 it would be the tie 1 + 2^-8 and round to 1.
    assert lookup_dtype("bfloat16").round(1 + 2**-8 + 2**-30) == 1 + 2**-7


def test_ceil_is_the_smallest_representable_value_at_or_above():
    dtype = lookup_dtype("float16")
    assert dtype.ceil(1.0) == 1.0
    assert dtype.ceil(1.0 + 1e-9) == 1.0 + 2**-10
    assert dtype.ceil(0.0) == 0.0


# -- closed forms ----------------------------------------------------------------------------


def test_sigmoid_gradient_rounds_to_zero_in_float16_where_e_to_minus_x_is_half_a_subnormal():
    # σ'(x) ≈ e^{-|x|}, rounded to 0 once ≤ 2^-25 (half of float16's smallest subnormal 2^-24).
    float16 = lookup_dtype("float16")
    for side in SIDES:
        found = rounding_thresholds(actviz.get("sigmoid"), float16, side)
        assert found["gradient_zero_from"] == float16.ceil(25 * math.log(2)) == 17.34375


def test_tanh_rounds_to_one_from_nine_in_float32():
    # 1 - tanh x ≈ 2e^{-2x} ≤ 2^-25 (half an ulp below 1): x ≥ 13 ln 2 = 9.0109.
    float32 = lookup_dtype("float32")
    found = rounding_thresholds(actviz.get("tanh"), float32, "right")
    assert found["saturates_from"] == float32.ceil(13 * math.log(2))
    assert 9.0 < found["saturates_from"] < 9.02


def test_selu_overflows_float16_where_lambda_x_passes_max_plus_half_an_ulp():
    float16 = lookup_dtype("float16")
    found = rounding_thresholds(actviz.get("selu"), float16, "right")
    lam = 1.0507009873554804934193349852946
    assert found["f_overflows_from"] == float16.ceil(65520 / lam) == 62368.0
    assert found["saturates_from"] is None  # the limit is infinite
    assert rounding_thresholds(actviz.get("selu"), float16, "left")["f_overflows_from"] is None


def test_relu_has_no_right_threshold_and_a_zero_gradient_from_zero_on_the_left():
    found = rounding_thresholds(actviz.get("relu"), lookup_dtype("bfloat16"), "left")
    assert found["gradient_zero_from"] == 0.0 and found["saturates_from"] == 0.0
    right = rounding_thresholds(actviz.get("relu"), lookup_dtype("bfloat16"), "right")
    assert right["gradient_zero_from"] is None and right["saturates_from"] is None


def test_the_textbook_sigmoid_gradient_cancels_in_float16_once_s_is_near_one():
    numbers = side_precision(actviz.get("sigmoid"), lookup_dtype("float16"), "right")
    first = numbers.textbook_gradient_fails_from
    assert numbers.textbook_gradient_failure == "wrong"
    # checked here with plain NumPy: s(1 - s) in float16 against the float64 σ'
    x = np.arange(1, int(np.float16(first).view(np.uint16)) + 1, dtype=np.uint16).view(np.float16)
    s = 1 / (1 + np.exp(-x))
    naive = (s * (1 - s)).astype(np.float64)
    exact = actviz.get("sigmoid").derivative(x.astype(np.float64))
    off = np.abs(naive - exact) > 0.5 * exact
    assert off[-1] and not off[:-1].any()
    assert numbers.gradient_error_in_dtype == 1.0  # s(1 - s) = 0 where σ' is a normal number
    assert numbers.gradient_error_rounded <= 2**-11  # half an ulp, by construction


def test_the_tanh_gelu_gradient_is_nan_in_float16_where_x_squared_overflows():
    numbers = side_precision(actviz.get("gelu_tanh"), lookup_dtype("float16"), "right")
    assert numbers.textbook_gradient_fails_from == 256.0  # 256² = 65536 > 65504 + 16
    assert numbers.textbook_gradient_failure == "nan"


def test_the_textbook_softplus_overflows_float32_where_exp_does():
    numbers = side_precision(actviz.get("softplus"), lookup_dtype("float32"), "right")
    first = np.float32(numbers.textbook_f_fails_from)
    assert numbers.textbook_f_failure == "inf"
    with np.errstate(over="ignore"):
        assert np.isinf(np.exp(first))
        assert np.isfinite(np.exp(np.nextafter(first, np.float32(0))))
    assert 88.72 < first < 88.73
    assert numbers.f_error_in_dtype == math.inf and numbers.f_overflows_from is None


def test_elu_textbook_form_loses_small_inputs_that_expm1_keeps():
    numbers = side_precision(actviz.get("elu"), lookup_dtype("float16"), "left")
    assert numbers.textbook_f_failure == "zero"  # e^x − 1 = 0 once e^x rounds to 1
    assert numbers.textbook_f_fails_from < 1e-3


def test_an_entry_without_a_textbook_form_has_null_textbook_numbers():
    numbers = side_precision(actviz.get("hardswish"), lookup_dtype("float16"), "right")
    assert numbers.textbook_gradient_fails_from is None and numbers.gradient_error_in_dtype is None
    assert numbers.gradient_error_rounded is not None


def test_a_formula_is_computed_in_the_format():
    numbers = side_precision(actviz.get("f(x)=log(1+exp(x))"), lookup_dtype("float16"), "right")
    assert numbers.textbook_f_failure == "inf"
    assert numbers.textbook_f_fails_from == 11.09375  # e^x > 65504 + 16 from ln 65520 ≈ 11.09


# -- independent bisection: mpmath values rounded by ml_dtypes --------------------------------

MPMATH_CASES = [
    (name, dtype)
    for name in ("sigmoid", "tanh", "gelu", "silu", "softplus", "elu", "gelu_tanh", "mish",
                 "logsigmoid", "softsign", "gaussian", "selu")
    for dtype in SMALL_FORMATS
]


def _rounded(value, dtype) -> float:
    return float(np.array([float(value)]).astype(dtype.numpy_dtype).astype(np.float64)[0])


def _independent_threshold(exact, dtype, sign, holds):
    """The smallest representable t from which holds(round(exact(sign·t))) stays true, by
    bisection over the format's values between t = 1 (where none of these activations is at
    its limit or has a zero gradient) and max (where the reported value says it holds)."""
    values = dtype.positive_values()
    true_at = lambda i: holds(_rounded(exact(mpmath.mpf(sign * values[i])), dtype))  # noqa: E731
    low, high = int(np.searchsorted(values, 1.0)), values.size - 1
    assert not true_at(low) and true_at(high)
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if true_at(middle) else (middle, high)
    return float(values[high])


@pytest.mark.parametrize("name,dtype_name", MPMATH_CASES)
def test_thresholds_agree_with_a_bisection_of_mpmath_values(name, dtype_name):
    act, dtype = actviz.get(name), lookup_dtype(dtype_name)
    declaration = act.activation
    f = lambda x: declaration.exact(mpmath.mp, x, **act.params)  # noqa: E731
    df = lambda x: declaration.exact_derivative(mpmath.mp, x, **act.params)  # noqa: E731
    for side, sign in SIDES.items():
        found = rounding_thresholds(act, dtype, side)
        if found["gradient_zero_from"] is not None:
            expected = _independent_threshold(df, dtype, sign, lambda r: r == 0)
            assert found["gradient_zero_from"] == expected, side
        if found["saturates_from"] is not None:
            limit = _rounded(float(act(sign * math.inf)), dtype)
            expected = _independent_threshold(f, dtype, sign, lambda r: r == limit)
            assert found["saturates_from"] == expected, side


# -- over the whole registry -----------------------------------------------------------------

KEYS = {f.name for f in SidePrecision.__dataclass_fields__.values()}


@pytest.mark.parametrize("name", ALL_NAMES)
def test_every_activation_has_a_strict_json_report_of_representable_thresholds(name):
    dtype = lookup_dtype("float8_e4m3fn")
    report = precision_report([actviz.get(name)], [dtype]).to_json()
    json.dumps(report, allow_nan=False)
    assert report["dtypes"] == ["float8_e4m3fn"]
    (entry,) = report["activations"]
    assert entry["name"] == name and set(entry["dtypes"]["float8_e4m3fn"]) == {"left", "right"}
    for numbers in entry["dtypes"]["float8_e4m3fn"].values():
        assert set(numbers) == KEYS
        for key in ("saturates_from", "gradient_zero_from", "f_overflows_from",
                    "gradient_overflows_from", "textbook_f_fails_from",
                    "textbook_gradient_fails_from"):
            value = numbers[key]
            assert value is None or (0 <= value <= dtype.max and dtype.round(value) == value)
        for key in ("f_error_rounded", "gradient_error_rounded"):
            assert numbers[key] is None or numbers[key] <= dtype.eps / 2


def _holds(act, dtype, key, sign, t) -> bool:
    """The condition behind ``key`` at x = sign·t, computed here from the registry."""
    if key == "gradient_zero_from":
        return dtype.round(act.derivative(sign * t)) == 0
    return dtype.round(act(sign * t)) == dtype.round(act(sign * math.inf))


@settings(max_examples=40)
@given(name=st.sampled_from(ALL_NAMES), dtype_name=st.sampled_from(SMALL_FORMATS),
       side=st.sampled_from(sorted(SIDES)),
       key=st.sampled_from(["gradient_zero_from", "saturates_from"]), data=st.data())
def test_beyond_a_threshold_its_condition_holds_and_just_before_it_does_not(
    name, dtype_name, side, key, data
):
    act, dtype = actviz.get(name), lookup_dtype(dtype_name)
    start = rounding_thresholds(act, dtype, side)[key]
    if start is None:
        return
    sign = SIDES[side]
    values = dtype.positive_values()
    t = data.draw(st.sampled_from(values[values >= start].tolist()))
    assert _holds(act, dtype, key, sign, t)
    before = values[values < start]
    if before.size:  # the representable input before it fails: the threshold is the smallest
        assert not _holds(act, dtype, key, sign, before[-1])
    elif start > 0:
        assert not _holds(act, dtype, key, sign, 0.0)


@pytest.mark.parametrize("name", ALL_NAMES + ["f(x; b=2)=x*erf(b*x)", "f(x)=log1p(exp(x))"])
@pytest.mark.parametrize("dtype_name", ["float16", "bfloat16", "float8_e4m3fn"])
def test_textbook_forms_compute_in_the_format_without_widening(name, dtype_name):
    # a form that silently widened to float32 would look more accurate than the format is
    act, dtype = actviz.get(name), lookup_dtype(dtype_name)
    x = dtype.cast([-3.0, -0.5, 0.0, 0.5, 3.0])
    for form in (act.activation.naive_function, act.activation.naive_derivative):
        if form is not None:
            with np.errstate(all="ignore"):
                assert np.asarray(form(x, **act.params)).dtype == dtype.numpy_dtype


def test_textbook_sigmoid_gradient_is_exactly_zero_in_float32_from_x_near_17():
    # 1 + e^{-x} rounds to 1 in float32 once e^{-x} ≤ 2^-24 (half an ulp above 1): from
    # x = 24 ln 2 ≈ 16.64 the textbook σ is 1 and s·(1 − s) is 0, although σ′ ≈ 6e-8 is an
    # ordinary float32 number, and exact rounding keeps σ below 1 up to 25 ln 2 ≈ 17.33
    declaration = actviz.get("sigmoid").activation
    edge = np.float32(24 * math.log(2))
    beyond = np.nextafter(edge, np.float32(np.inf)) * np.array([1, 1.1, 2], dtype=np.float32)
    assert (declaration.naive_derivative(beyond) == 0).all()
    assert declaration.naive_derivative(np.array([16.0], dtype=np.float32))[0] > 0
    float32 = lookup_dtype("float32")
    numbers = side_precision(actviz.get("sigmoid"), float32, "right")
    assert numbers.saturates_from == float32.ceil(25 * math.log(2))
    assert numbers.textbook_gradient_fails_from < edge  # more than 50% off before it is 0
