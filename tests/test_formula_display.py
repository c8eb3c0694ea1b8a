"""Both formulas in mathtext that matplotlib renders; plain-text derivatives; the time budget of
the simplification."""

from __future__ import annotations

import threading
import time

import pytest
import sympy
from matplotlib.mathtext import MathTextParser

import actviz
from actviz.activations.formula import symbolic
from actviz.activations.formula.budget import run_within

RENDERED = [
    "f(x)=x*sigmoid(1.702*x)",
    "f(x; beta=1.5)=x*sigmoid(beta*x)",
    "f(x; alpha=1)=where(x > 0, x, alpha*expm1(x))",
    "f(x)=x*tanh(softplus(x))",
    "f(x)=x/2*(1 + erf(x/sqrt(2)))",
    "f(x)=x/2*erfc(-x/sqrt(2))",
    "f(x)=min(max(x, -1), 1)",
    "f(x)=x/(1 + abs(x))",
    "f(x)=asinh(x) + log1p(x**2)",
    "f(x; slope=0.01, lambd=1.05)=lambd*where(x > 0, x, slope*x)",
    "f(x)=where(0 < x < 1, x**2, where(x >= 1, 2*x - 1, 0))",
    "f(x; k_2=2)=x**k_2 + relu(x)**2 + pi*e**x",
    "f(x)=tanh(x)**2 + sigmoid(x)**3 + sqrt(cosh(x))",
    "g(x)=where(x == 0, 1, sin(x)/x)",
]


@pytest.fixture(scope="module")
def parser():
    return MathTextParser("path")


@pytest.mark.parametrize("spec", RENDERED)
def test_both_formulas_render_with_mathtext(parser, spec, caplog):
    """In the house style, no glyph is missing (it would be logged and drawn as a box)."""
    from actviz.render.canvas import style_context

    declaration = actviz.get(spec).activation
    name = spec.split("(")[0]
    assert declaration.formula.startswith(f"{name}(x) = ")
    assert declaration.derivative_formula.startswith(f"{name}'(x) = ")
    with style_context(None), caplog.at_level("WARNING", logger="matplotlib"):
        for text in (declaration.formula, declaration.derivative_formula):
            assert r"\begin" not in text and r"\text" not in text
            width, height, _, _, _ = parser.parse(f"${text}$", dpi=100)
            assert width > 20 and height > 5
    assert not caplog.messages


def test_mathtext_reads_like_the_textbook():
    assert actviz.get("f(x; beta=1)=x*sigmoid(beta*x)").activation.formula == \
        r"f(x) = x \sigma\left(\beta x\right)"
    elu = actviz.get("f(x; alpha=1)=where(x > 0, x, alpha*expm1(x))").activation
    assert elu.formula == r"f(x) = x\ \mathrm{if}\ x > 0\ \mathrm{else}\ \alpha \left(e^{x} - 1\right)"
    assert elu.derivative_formula == r"f'(x) = 1\ \mathrm{if}\ x > 0\ \mathrm{else}\ \alpha e^{x}"
    tanh = actviz.get("f(x)=tanh(x)").activation
    assert tanh.derivative_formula == r"f'(x) = \mathrm{sech}^{2}\left(x\right)"


@pytest.mark.parametrize(("spec", "formula", "derivative"), [
    ("f(x)=x/(1+abs(x))", "f(x) = x/(|x| + 1)",
     "f'(x) = - (x sign(x))/((|x| + 1)^2) + 1/(|x| + 1)"),
    ("f(x)=x*(1+erf(x/sqrt(2)))/2", "f(x) = (x (erf((√2 x)/2) + 1))/2",
     "f'(x) = (√2 x e^(- x^2/2))/(2 √π) + (erf((√2 x)/2))/2 + 1/2"),
])
def test_sympy_formulas_read_plainly_in_terminals(spec, formula, derivative):
    """list, info and tables print formulas as plain text: no \\frac or braces left over."""
    from actviz.render.words import to_plain

    declaration = actviz.get(spec).activation
    assert to_plain(declaration.formula) == formula
    assert to_plain(declaration.derivative_formula) == derivative


def test_derivative_in_formula_syntax_is_kept_for_terminals():
    act = actviz.get("f(x; alpha=1)=where(x > 0, x, alpha*expm1(x))")
    assert act.activation.extra["source"] == "where(x > 0, x, alpha*expm1(x))"
    assert act.activation.extra["derivative_source"] == "where(x > 0, 1, alpha*exp(x))"


def test_simplification_is_shown_when_it_shortens():
    act = actviz.get("f(x)=(x**2 - 1)/(x - 1)")
    assert act.activation.extra["derivative_simplified"] is True
    assert act.activation.derivative_formula == "f'(x) = 1"


def test_budget_stops_work_that_runs_over():
    started = time.perf_counter()
    assert run_within(lambda: sum(1 for _ in iter(int, 1)), 0.1) is None  # an endless loop
    elapsed = time.perf_counter() - started
    assert 0.1 <= elapsed < 5  # stopped: the loop never ends (generous for a loaded machine)
    time.sleep(0)  # let the stopped worker finish unwinding
    assert not [t for t in threading.enumerate() if t.name == "actviz-budget"]
    assert run_within(lambda: 6 * 7, 1.0) == 42
    assert run_within(lambda: 1 / 0, 1.0) is None


def test_simplification_over_budget_falls_back_to_the_derivative():
    x = sympy.Symbol("x", real=True)
    hard = sympy.diff(x**x**x**x * sympy.exp(sympy.sin(x)**2) * sympy.tanh(x) / (1 + x**2)**3, x)
    started = time.perf_counter()
    assert symbolic.simplify_within(hard, 0.05) is None
    assert time.perf_counter() - started < 5  # gave up, where simplify runs for minutes
