"""Both formulas in mathtext that matplotlib renders; plain-text derivatives; the time budget of
the simplification."""

from __future__ import annotations

import re
import threading
import time

import pytest
import sympy
from matplotlib.mathtext import MathTextParser

import actviz
from tests.conftest import ALL_NAMES
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
     "f'(x) = -(x sign(x))/((|x| + 1)^2) + 1/(|x| + 1)"),
    ("f(x)=x*(1+erf(x/sqrt(2)))/2", "f(x) = (x (erf((√2 x)/2) + 1))/2",
     "f'(x) = (√2 x e^(-x^2/2))/(2 √π) + (erf((√2 x)/2))/2 + 1/2"),
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


# --------------------------------------------------------------------------------------------
# A unary minus reads "−3", never "− 3" (issue 13)
# --------------------------------------------------------------------------------------------

# Tokens of mathtext: commands, control symbols (\ , \,), single characters.
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\S")
# Commands after which a minus is unary (the others, \alpha or \infty, end an operand).
_OPERATORS = {r"\leq", r"\geq", r"\neq", r"\le", r"\ge", r"\ne", r"\lt", r"\gt", r"\cdot",
              r"\times", r"\pm", r"\mp", r"\quad", r"\qquad", r"\left", r"\mathrm"}
_OPERAND_ENDS = set(")]}|'.!")


def _explicitly_unary(tex: str) -> str:
    """``tex`` with every minus that follows no operand put in a group of its own, which
    mathtext always spaces as a unary minus."""
    out, previous = [], None
    for match in _TOKEN.finditer(tex):
        token = match[0]
        if token == "-" and not (previous is not None and (
                previous.isalnum() or previous in _OPERAND_ENDS
                or (previous[0] == "\\" and previous[1:].isalpha()
                    and previous not in _OPERATORS))):
            token = "{-}"
        out.append(token)
        previous = match[0]
    return _rebuild(tex, out)


def _rebuild(tex: str, tokens: list[str]) -> str:
    """``tex`` with its tokens replaced by ``tokens`` (one per _TOKEN match), spaces kept."""
    pieces, end = [], 0
    for match, token in zip(_TOKEN.finditer(tex), tokens):
        pieces += [tex[end:match.start()], token]
        end = match.end()
    return "".join(pieces) + tex[end:]


CUSTOM_MINUSES = [
    "f(x)=where(x <= -3, 0, x)",  # sympy: x \leq -3
    "f(x)=where(x >= -1, x, -1)",  # \mathrm{else}\ -1
    "f(x)=max(-x, -3)",  # a comma, then a minus
    "f(x)=where(x != -2, x, 0)",
    "f(x)=x*sigmoid(-x)",  # \left(- x
    "f(x)=min(max(-1, x), 1)",
]


def _formulas(spec: str) -> list[str]:
    declaration = actviz.get(spec).activation
    return [f for f in (declaration.formula, declaration.derivative_formula,
                        declaration.second_derivative_formula) if f]


@pytest.mark.parametrize("spec", ALL_NAMES + CUSTOM_MINUSES)
def test_a_unary_minus_is_spaced_as_one_in_every_formula(parser, spec):
    """mathtext spaces a minus after ``\\leq``, a comma or ``\\ `` as a binary operator:
    hard swish's f' read "x ≤ − 3" in the figure's title.  Every formula renders exactly as
    wide as with each unary minus made explicit."""
    from actviz.render.canvas import style_context

    with style_context(None):
        for formula in _formulas(spec):
            explicit = _explicitly_unary(formula)
            width = parser.parse(f"${formula}$", dpi=100)[0]
            assert width == pytest.approx(parser.parse(f"${explicit}$", dpi=100)[0], abs=0.5), \
                formula


@pytest.mark.parametrize(("spec", "plain"), [
    ("hardswish", "f'(x) = 0 (x ≤ -3), (2x + 3)/6 (-3 < x < 3), 1 (x ≥ 3)"),
    ("f(x)=where(x <= -3, 0, x)", "f(x) = 0 if x ≤ -3 else x"),
    ("f(x)=where(x >= -1, x, -1)", "f(x) = x if x ≥ -1 else -1"),
    ("f(x)=max(-x, -3)", "f(x) = max(-x, -3)"),
])
def test_a_unary_minus_has_no_space_after_it_in_plain_text(spec, plain):
    from actviz.render.words import to_plain

    assert plain in [to_plain(f) for f in _formulas(spec)]
