"""Numerically inferred properties: they must agree with every hand-written declaration of the
registry, and read sensible answers off formulas nobody declared."""

from __future__ import annotations

import math

import pytest

import actviz
from actviz.activations.inference import infer_properties
from tests.conftest import ALL_NAMES

# Two declared minima are off (reported to the lead); mpmath (30 digits) puts them at
# gelu_tanh: x = −0.75246142207101626, f = −0.17004075057125405 (declared −0.17004333);
# mish: x = −1.1924312145154952, f = −0.30884341301725041 (declared −0.30884303457175845).
TRUE_MINIMA = {"gelu_tanh": -0.17004075057125405, "mish": -0.30884341301725041}


@pytest.mark.parametrize("name", ALL_NAMES)
def test_inference_agrees_with_the_declared_properties(name):
    act = actviz.get(name)
    declared = act.properties.to_json()
    inferred = infer_properties(act, act.derivative, act.breakpoints).to_json()
    low, high, low_closed, high_closed = inferred.pop("range_bounds")
    d_low, d_high, d_low_closed, d_high_closed = declared.pop("range_bounds")
    declared.pop("range"), inferred.pop("range")
    assert inferred == declared
    assert (low_closed, high_closed) == (d_low_closed, d_high_closed)
    assert _close(low, TRUE_MINIMA.get(name, d_low)) and _close(high, d_high)


def _close(a, b) -> bool:
    if isinstance(a, str) or isinstance(b, str):  # "inf", "-inf"
        return a == b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@pytest.mark.parametrize("spec,expected", [
    ("f(x)=exp(x)", {"range": "(0, ∞)", "monotonic": True, "saturating": "left",
                     "continuity": "C∞"}),
    ("f(x)=x**2", {"range": "[0, ∞)", "monotonic": False, "derivative_monotonic": True,
                   "zero_centred": False}),
    ("f(x)=x**3", {"range": "(-∞, ∞)", "monotonic": True, "zero_centred": True,
                   "saturating": "none"}),
    ("f(x)=where(x > 0, 1, 0)", {"range": "[0, 1]", "continuity": "discontinuous",
                                 "saturating": "both"}),
    ("f(x)=sqrt(x)", {"range": "[0, ∞)", "continuity": "discontinuous",
                      "zero_centred": False, "saturating": "right"}),
    ("f(x)=log(x)", {"range": "(-∞, ∞)", "monotonic": True, "saturating": "right"}),
    ("f(x)=abs(x)", {"range": "[0, ∞)", "continuity": "C0", "derivative_monotonic": True}),
    ("f(x)=x*abs(x)", {"continuity": "C1", "zero_centred": True, "monotonic": True}),
    ("f(x)=sin(x)", {"range": "[-1, 1]", "monotonic": False, "saturating": "none",
                     "identity_near_origin": True, "zero_centred": True}),
    ("f(x)=tanh(5*x)", {"range": "(-1, 1)", "identity_near_origin": False}),
    ("f(x)=exp(-x**2)", {"range": "(0, 1]", "saturating": "both"}),
    ("f(x)=x*sigmoid(1.702*x)", {"range": "[-0.16361, ∞)", "saturating": "left"}),
])
def test_properties_of_formulas(spec, expected):
    properties = actviz.get(spec).properties.to_json()
    for key, value in expected.items():
        assert properties[key] == value, key


def test_properties_follow_the_parameters():
    spec = "f(x; alpha=1)=where(x > 0, x, alpha*expm1(x))"
    assert actviz.get(spec).properties == actviz.get("elu").properties
    assert actviz.get(spec, alpha=2).properties == actviz.get("elu", alpha=2).properties
