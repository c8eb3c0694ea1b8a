"""Formula numerics: sympy's derivative against a numerical one, the registry's activations
written as formulas, the float64 range without warnings, and overflow reported in one line."""

from __future__ import annotations

import numpy as np
import pytest

import actviz
from actviz.analysis.overflow import nonfinite_report
from actviz.render.words import nonfinite_message

# Formulas with a smooth region to differentiate numerically; kinks are skipped.
DERIVATIVE_CASES = [
    "f(x)=x*sigmoid(1.702*x)",
    "f(x; beta=1.5)=x*sigmoid(beta*x)",
    "f(x)=x*tanh(softplus(x))",
    "f(x)=x/2*(1 + erf(x/sqrt(2)))",
    "f(x)=log1p(exp(x))",
    "f(x)=x/(1 + abs(x))",
    "f(x; alpha=0.7)=where(x > 0, x, alpha*expm1(x))",
    "f(x)=asinh(x)*cos(x) + sin(x)**2",
    "f(x)=sqrt(x**2 + 1) - 1",
    "f(x)=x**x",
    "f(x)=tan(x/4) + sinh(x/3)/cosh(x/3)",
    "f(x)=where(x == 0, 1, sin(x)/x)",
    "f(x)=min(max(x, -1), 1)**3 + erfc(x)",
    "f(x)=e**(-x**2/2) + pi*x",
]


@pytest.fixture(scope="module", params=DERIVATIVE_CASES)
def formula(request):
    return actviz.get(request.param)


def _numerical_derivative(f, x):
    """Five-point central difference: error O(h^4) plus rounding of order 1e-12·|f|."""
    h = 1e-4 * (1 + np.abs(x))
    return (f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h)


def test_derivative_matches_a_numerical_derivative(formula):
    x = np.linspace(-6, 6, 1201)
    x = x[x > 0] if "x**x" in formula.spec else x  # x**x is real for x > 0 only
    kinks = np.array(formula.breakpoints)
    if kinks.size:
        x = x[np.min(np.abs(x[:, None] - kinks[None, :]), axis=1) > 0.02]
    exact, numerical = formula.derivative(x), _numerical_derivative(formula, x)
    np.testing.assert_allclose(exact, numerical, rtol=1e-7, atol=1e-8)


def test_derivative_keeps_the_values_shape_and_nan(formula):
    x = np.array([[0.5, np.nan], [1.0, 2.0]])
    for values in (formula(x), formula.derivative(x)):
        assert values.shape == x.shape and values.dtype == np.float64
        assert np.isnan(values[0, 1])
    assert isinstance(formula.derivative(0.5), np.floating)


@pytest.mark.parametrize("formula_text", DERIVATIVE_CASES)
def test_whole_float64_range_gives_no_warning(formula_text):
    """pytest turns any warning into an error: overflow must show as inf/NaN only."""
    x = np.concatenate([-np.logspace(-300, 300, 61), [0.0], np.logspace(-300, 300, 61),
                        [np.inf, -np.inf, np.nan]])
    act = actviz.get(formula_text)
    for values in (act(x), act.derivative(x)):
        assert values.shape == x.shape and values.dtype == np.float64


# Registry activations written as formulas: the same values, to 1e-12 relative, away from
# the tails where a textbook formula is allowed to lose digits the registry keeps.
AS_FORMULAS = [
    ("sigmoid", "1/(1 + exp(-x))", {}),
    ("sigmoid", "sigmoid(x)", {}),
    ("tanh", "tanh(x)", {}),
    ("softplus", "log1p(exp(x))", {}),
    ("softplus", "f(x; beta=1)=softplus(beta*x)/beta", {"beta": 2.5}),
    ("silu", "x*sigmoid(x)", {}),
    ("silu", "x/(1 + exp(-x))", {}),
    ("swish", "f(x; beta=1)=x*sigmoid(beta*x)", {"beta": 0.5}),
    ("gelu", "x/2*erfc(-x/sqrt(2))", {}),
    ("mish", "x*tanh(softplus(x))", {}),
    ("mish", "x*tanh(log(1 + exp(x)))", {}),
    ("elu", "f(x; alpha=1)=where(x > 0, x, alpha*expm1(x))", {"alpha": 0.5}),
    ("celu", "f(x; alpha=1)=where(x > 0, x, alpha*expm1(x/alpha))", {"alpha": 2.0}),
    ("selu", "1.0507009873554805*where(x > 0, x, 1.6732632423543772*expm1(x))", {}),
    ("relu", "relu(x)", {}),
    ("relu", "max(x, 0)", {}),
    ("leaky_relu", "where(x > 0, x, 0.01*x)", {}),
    ("leaky_relu", "max(x, 0.01*x)", {}),
    ("relu6", "min(relu(x), 6)", {}),
    ("hardtanh", "min(max(x, -1), 1)", {}),
    ("hardsigmoid", "min(max((x + 3)/6, 0), 1)", {}),
    ("softsign", "x/(1 + abs(x))", {}),
    ("logsigmoid", "-softplus(-x)", {}),
    ("gaussian", "exp(-x**2)", {}),
    ("identity", "x", {}),
]


@pytest.mark.parametrize("name,body,params", AS_FORMULAS,
                         ids=[f"{n}={b}" for n, b, _ in AS_FORMULAS])
def test_registry_activation_written_as_formula_matches(name, body, params):
    spec = body if body.startswith("f(x") else f"f(x)={body}"
    formula, builtin = actviz.get(spec, **params), actviz.get(name, **params)
    x = np.concatenate([np.linspace(-8, 8, 1601), builtin.breakpoints])  # kinks included
    for mine, theirs in ((formula(x), builtin(x)), (formula.derivative(x), builtin.derivative(x))):
        np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-300)


def test_parameters_are_overridable_like_any_activation():
    spec = "f(x; beta=1.5)=x*sigmoid(beta*x)"
    default, changed = actviz.get(spec), actviz.get(spec, beta=2)
    assert default.params == {"beta": 1.5} and changed.params == {"beta": 2.0}
    assert float(changed(1.0)) == pytest.approx(1 / (1 + np.exp(-2.0)), rel=1e-15)
    assert actviz.get(spec + ":beta=2").params == {"beta": 2.0}
    assert actviz.get(changed.spec).params == {"beta": 2.0}  # the spec round-trips
    assert changed.label == "x*sigmoid(beta*x) (β=2)"
    with pytest.raises(actviz.ParameterError, match="did you mean 'beta'"):
        actviz.get(spec, betta=2)
    with pytest.raises(actviz.ParameterError, match="finite"):
        actviz.get(spec, beta=float("inf"))


def test_caret_is_a_power_with_the_precedence_of_mathematics():
    assert float(actviz.get("f(x)=x^2+1")(3.0)) == 10.0  # not Python's 3 xor 3
    assert float(actviz.get("f(x)=-x^2")(3.0)) == -9.0
    assert float(actviz.get("f(x)=2^3^2 + 0*x")(0.0)) == 512.0
    assert actviz.get("f(x)=x^3").activation.derivative_formula == "f'(x) = 3 x^{2}"


def test_select_takes_formulas_and_wildcards():
    chosen = actviz.select(["f(x)=x*sigmoid(1.702*x)", "*relu6*"])
    assert [a.name for a in chosen] == ["f(x)=x*sigmoid(1.702*x)", "relu6"]


def test_kinks_follow_the_stated_convention():
    """where(c, a, b) has b's slope where c is false; max/min give ties to the later argument."""
    assert actviz.get("f(x)=where(x > 0, x, 0.1*x)").derivative(0.0) == 0.1
    assert actviz.get("f(x)=relu(x)").derivative(0.0) == 0.0
    assert actviz.get("f(x)=max(0, x)").derivative(0.0) == 1.0
    assert actviz.get("f(x)=abs(x)").derivative(0.0) == 0.0
    hard = actviz.get("f(x)=min(max(x, -1), 1)")
    assert hard.breakpoints == (-1.0, 1.0)
    np.testing.assert_array_equal(hard.derivative([-1.0, 0.0, 1.0]), [0.0, 1.0, 0.0])


def test_breakpoints_are_found_where_the_formula_switches():
    assert actviz.get("f(x)=relu(x - 0.3) + abs(x + 2)").breakpoints == (-2.0, 0.3)
    assert actviz.get("f(x; t=0.5)=where(x < t, 0, 1)", t=2).breakpoints == (2.0,)
    assert actviz.get("f(x)=x*sigmoid(x)").breakpoints == ()
    many = actviz.get("f(x)=abs(sin(x))").breakpoints
    assert len(many) == 64 and min(many, key=abs) == 0.0
    assert np.allclose(np.sin(many), 0.0, atol=1e-9 * np.max(np.abs(many)))


def test_overflow_gives_inf_and_one_line_saying_where():
    act = actviz.get("f(x)=exp(x)")
    x = np.linspace(-1000.0, 1000.0, 2001)
    values = act(x)
    assert np.isinf(values[x >= 710]).all() and np.isfinite(values[x < 710]).all()
    message = nonfinite_message(nonfinite_report(act, x))
    # the true threshold, not the first x tabulated past it
    assert message == "exp(x) overflows for x ≥ 709.78; its derivative overflows for x ≥ 709.78"
    assert nonfinite_message(nonfinite_report(actviz.get("f(x)=log(x)"), x)) == (
        "log(x) is not finite for x ≤ 0; its derivative is not finite for x ≤ 0")
    assert nonfinite_message(nonfinite_report(actviz.get("f(x)=sigmoid(x)"), x)) is None


def test_a_registry_activation_reports_overflow_only_beyond_float64():
    """Only where the true value is beyond float64 (eˣ for x > 709.78, x² for x > 1.3e154):
    every other activation is finite for every finite x."""
    import mpmath

    x = np.concatenate([-np.logspace(-5, 300, 200), np.logspace(-5, 300, 200)])
    overflowing = set()
    for name in actviz.names():
        act = actviz.get(name)
        if nonfinite_message(nonfinite_report(act, x)) is None:
            continue
        overflowing.add(name)
        for fn, exact in ((act, act.activation.exact),
                          (act.derivative, act.activation.exact_derivative)):
            for point in x[~np.isfinite(fn(x))]:
                true = exact(mpmath.mp, mpmath.mpf(float(point)), **act.params)
                assert abs(true) > np.finfo(np.float64).max, (name, point)
    assert overflowing == {"exponential", "relu2", "star_relu", "xielu"}
    assert nonfinite_message(nonfinite_report(actviz.get("exponential"), x)).startswith(
        "Exponential overflows for x ≥ ")


def test_a_formula_undefined_everywhere_is_refused():
    from actviz.errors import FormulaError

    with pytest.raises(FormulaError, match="undefined for every x"):
        actviz.get("f(x)=x/0")


def test_parameters_reach_numpy_as_float64_so_division_by_zero_is_inf():
    act = actviz.get("f(x; a=1)=x/a", a=0)
    assert act(1.0) == np.inf and np.isnan(act(0.0))
