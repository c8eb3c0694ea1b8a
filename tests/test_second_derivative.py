"""f'' of formulas (sympy) and of function pairs registered from Python.

The built-in entries' f'' is measured against mpmath in test_accuracy.py and against a numerical
derivative of f' in test_properties.py; this file covers the declarations made at run time.
"""

from __future__ import annotations

import numpy as np
import pytest

import actviz
from actviz.errors import ActvizError

X = np.array([-30.0, -3.0, -1.0, -0.25, 0.5, 2.0, 7.0, 30.0])


def test_a_formula_gets_the_second_derivative_of_the_entry_it_spells():
    formula = actviz.get("f(x)=x*sigmoid(x)")
    np.testing.assert_allclose(formula.derivative(X, order=2),
                               actviz.get("silu").derivative(X, order=2), rtol=1e-12, atol=1e-300)
    assert formula.activation.second_derivative_formula.startswith("f''(x) = ")


def test_a_formula_with_parameters_gets_its_second_derivative_per_value():
    formula = actviz.get("f(x; beta=1.5)=x*sigmoid(beta*x)", beta=2.0)
    np.testing.assert_allclose(formula.derivative(X, order=2),
                               actviz.get("swish:beta=2").derivative(X, order=2), rtol=1e-12,
                               atol=1e-300)


@pytest.mark.parametrize(
    ("formula", "entry"),
    [("f(x)=abs(x)", None), ("f(x)=max(x, 0)", "relu"), ("f(x)=where(x > 0, x, exp(x) - 1)", "elu")],
)
def test_kinks_follow_the_branch_convention_and_no_dirac_delta_is_left(formula, entry):
    """abs'' is 0 at 0 (no delta); where(c, a, b)'' is b'' wherever c is false, so the elu
    formula's f''(0) is e^0 = 1, like the built-in elu's x ≤ 0 branch."""
    points = np.array([-1.0, 0.0, 1.0])
    curvature = actviz.get(formula).derivative(points, order=2)
    assert np.isfinite(curvature).all()
    expected = np.zeros(3) if entry is None else actviz.get(entry).derivative(points, order=2)
    np.testing.assert_allclose(curvature, expected, rtol=1e-15)


def test_outside_the_domain_the_second_derivative_is_nan_like_f():
    log = actviz.get("f(x)=log(x)")
    curvature = log.derivative(np.array([-1.0, 2.0]), order=2)
    assert np.isnan(curvature[0]) and curvature[1] == pytest.approx(-0.25)


def test_a_function_pair_may_bring_its_second_derivative(isolated_registry):
    actviz.register("cube", function=lambda x: x**3, derivative=lambda x: 3 * x**2,
                    second_derivative=lambda x: 6 * x, second_derivative_tex="6x")
    cube = actviz.get("cube")
    assert cube.derivative(2.0, order=2) == 12.0
    assert cube.activation.second_derivative_formula == "f''(x) = 6x"


def test_without_one_asking_for_it_is_one_clear_error(isolated_registry):
    actviz.register("square", function=lambda x: x**2, derivative=lambda x: 2 * x)
    with pytest.raises(ActvizError, match="square declares no second derivative"):
        actviz.get("square").derivative(1.0, order=2)
