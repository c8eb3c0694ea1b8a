"""From a checked tree to sympy: the expression, its derivative, and how both are printed.

The expression is built node by node from the tree that :mod:`.syntax` has checked; no user
text is ever given to ``sympify``, ``parse_expr``, ``eval`` or ``exec``.  Building is iterative
(children first), so a long chain such as ``x+x+...+x`` cannot exhaust the Python stack.
"""

from __future__ import annotations

import ast
import operator
import re
from dataclasses import dataclass

import sympy
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from actviz.activations.formula import functions as fn
from actviz.activations.formula.budget import run_within
from actviz.activations.formula.syntax import CheckedFormula, FormulaError, Locator, quote

SIMPLIFY_SECONDS = 0.5  # the time budget of sympy.simplify, per derivative
SIMPLIFY_MAX_OPS = 400  # larger derivatives are shown as differentiated, without trying
_MAX_EXACT_BITS = 8192  # a last guard after building (the syntax check bounds it at 4096)

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.Div: operator.truediv, ast.Pow: operator.pow}
_COMPARE = {ast.Lt: sympy.Lt, ast.LtE: sympy.Le, ast.Gt: sympy.Gt, ast.GtE: sympy.Ge,
            ast.Eq: sympy.Eq, ast.NotEq: sympy.Ne}


@dataclass(frozen=True)
class Symbolic:
    """A formula in sympy: f and f' as differentiated (evaluated), f' and f'' as displayed.

    f'' itself is differentiated when it is first evaluated (:func:`second_derivative`): for a
    formula at the nesting limit it has tens of thousands of operations and costs seconds.
    ``shown_second_derivative`` is None where f' is too large to show f'' (then it is shown as
    the derivative of f').
    """

    x: sympy.Symbol
    parameters: tuple[sympy.Symbol, ...]
    expression: sympy.Expr
    derivative: sympy.Expr
    shown_derivative: sympy.Expr
    simplified: bool
    shown_second_derivative: sympy.Expr | None = None


def symbolic(checked: CheckedFormula, simplify_seconds: float | None = None) -> Symbolic:
    """Build f, differentiate it, and simplify f' and f'' for display, each within the time
    budget."""
    x = sympy.Symbol("x", real=True)
    parameters = tuple(sympy.Symbol(name, real=True) for name in checked.text.parameter_names)
    expression = build(checked, x, parameters)
    derivative = differentiate(expression, x, checked)
    budget = SIMPLIFY_SECONDS if simplify_seconds is None else simplify_seconds
    shown = simplify_within(derivative, budget)
    shown_second = _shown_second_derivative(shown or derivative, x, checked, budget)
    return Symbolic(x, parameters, expression, derivative, shown or derivative, shown is not None,
                    shown_second)


def _shown_second_derivative(shown: sympy.Expr, x: sympy.Symbol, checked: CheckedFormula,
                             budget: float) -> sympy.Expr | None:
    """f'' for display: the derivative of the f' shown (smaller than that of the f' evaluated),
    simplified within the budget; None when f' is beyond what simplify is tried on."""
    if sympy.count_ops(shown) > SIMPLIFY_MAX_OPS:
        return None
    second = differentiate(shown, x, checked)
    return simplify_within(second, budget) or second


def second_derivative(sym: Symbolic, checked: CheckedFormula) -> sympy.Expr:
    """f'' as evaluated: the derivative of the f' that is evaluated."""
    return differentiate(sym.derivative, sym.x, checked)


def differentiate(expression: sympy.Expr, x: sympy.Symbol, checked: CheckedFormula) -> sympy.Expr:
    """d/dx, branch by branch: the Dirac deltas of d/dx sign(u) and d/dx Heaviside(u) (the jumps of
    abs' and of a step) are left out, as at a kink f'' is the one-sided value of the branch f'
    takes there (abs'(0) = 0, so abs''(0) = 0)."""
    derivative = sympy.diff(expression, x)
    if derivative.has(sympy.Derivative):
        raise FormulaError(f"formula error: sympy could not differentiate {quote(checked.text.body)}")
    return derivative.replace(lambda e: isinstance(e, sympy.DiracDelta), lambda e: sympy.S.Zero)


def build(checked: CheckedFormula, x: sympy.Symbol, parameters) -> sympy.Expr:
    """The sympy expression of the checked tree, with errors pointing at the node."""
    names = {"x": x, **fn.SYMPY_CONSTANTS, **{p.name: p for p in parameters}}
    locator = checked.locator()
    built: dict[int, object] = {}
    nodes = [n for n in ast.walk(checked.tree.body) if isinstance(n, ast.expr)]
    for node in reversed(nodes):  # breadth-first order reversed: children before parents
        value = _node(node, built, names)
        built[id(node)] = value
        _check_number(value, node, locator)
    expression = built[id(checked.tree.body)]
    too_big = [r for r in expression.atoms(sympy.Rational)
               if max(r.p.bit_length(), r.q.bit_length()) > _MAX_EXACT_BITS]
    if too_big:
        raise FormulaError("formula error: the formula's numbers grow too large")
    return expression


def _node(node: ast.expr, built: dict[int, object], names: dict[str, sympy.Basic]):
    if isinstance(node, ast.Constant):
        value = node.value
        return sympy.Integer(value) if isinstance(value, int) else sympy.Float(value)
    if isinstance(node, ast.Name):
        return names.get(node.id)  # None for a function's name, which is read by its call
    if isinstance(node, ast.UnaryOp):
        operand = built[id(node.operand)]
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)](built[id(node.left)], built[id(node.right)])
    if isinstance(node, ast.Compare):
        operands = [built[id(n)] for n in (node.left, *node.comparators)]
        relations = [_COMPARE[type(op)](a, b)
                     for op, a, b in zip(node.ops, operands, operands[1:])]
        return sympy.And(*relations)
    if isinstance(node, ast.Call):
        arguments = [built[id(a)] for a in node.args]
        return fn.SYMPY_FUNCTIONS[node.func.id](*arguments)
    raise AssertionError(f"unchecked node {type(node).__name__}")  # syntax.check refuses it


def _check_number(value, node: ast.expr, locator: Locator) -> None:
    """Refuse constants that are not finite real numbers: 1/0 is zoo, sqrt(-1) is I."""
    if not isinstance(value, sympy.Expr) or not value.is_number:
        return
    if value.has(sympy.zoo, sympy.oo, -sympy.oo, sympy.nan):
        raise locator.refuse(node, f"{quote(locator.segment(node))} is not a finite number")
    if value.is_extended_real is False:
        raise locator.refuse(node, f"{quote(locator.segment(node))} is not a real number")


def simplify_within(expression: sympy.Expr, seconds: float) -> sympy.Expr | None:
    """``sympy.simplify(expression)`` if it finishes within ``seconds`` and is not longer; else
    None.  Deterministic where it finishes; on a slow machine a budget can run out where it
    would not on a fast one, and the derivative is then shown as differentiated."""
    if sympy.count_ops(expression) > SIMPLIFY_MAX_OPS:
        return None
    result = run_within(lambda: sympy.simplify(expression, ratio=1.0), seconds)
    if result is None or sympy.count_ops(result) >= sympy.count_ops(expression):
        return None
    return result


# --------------------------------------------------------------------------------------------
# Printing
# --------------------------------------------------------------------------------------------


class MathtextPrinter(LatexPrinter):
    """sympy's LaTeX, restricted to what matplotlib's mathtext renders.

    mathtext has no ``cases`` environment: a piecewise expression is written the way the
    formula was, ``a if c else b``, in brackets unless it is the whole right-hand side.
    """

    def _print_Piecewise(self, expr: sympy.Piecewise) -> str:
        return r"\left(" + self._piecewise(expr) + r"\right)"

    def _piecewise(self, expr: sympy.Piecewise) -> str:
        parts = []
        for value, condition in expr.args:
            if condition is sympy.true:
                parts.append(self._print(value))
                break
            parts.append(rf"{self._print(value)}\ \mathrm{{if}}\ {self._print(condition)}"
                         r"\ \mathrm{else}\ ")
        else:
            parts.append(r"\mathrm{undefined}")
        return "".join(parts)

    def _needs_mul_brackets(self, expr, first=False, last=False) -> bool:
        if isinstance(expr, sympy.Piecewise):
            return False  # it brings its own
        return super()._needs_mul_brackets(expr, first, last)

    def doprint(self, expr) -> str:
        if isinstance(expr, sympy.Piecewise):  # no brackets around a whole right-hand side
            return unary_minus(self._piecewise(expr))
        # \mathrm rather than \operatorname: the same in mathtext, and plain-text listings
        # know it
        return unary_minus(super().doprint(expr).replace(r"\operatorname{", r"\mathrm{"))


# mathtext tells a unary minus from the one character before it: after "=", "(" or "{" it
# is unary, but after "\leq", a comma or a control space ("\ ") it gets a binary operator's
# space on both sides ("x ≤ − 3", "max(−x, − 3)", "else − 1").  A minus in a group of its own
# is unary to mathtext and to TeX alike.  sympy also writes "- x" for -x, which plain text
# (to_plain) would keep as "(- x".
_MINUS_AFTER_SIGN = re.compile(r"(^|[=<>(\[{])(\s*)-\s+")
_MINUS_AFTER_WORD = re.compile(
    r"(\\(?:leq|geq|neq|le|ge|ne|lt|gt|cdot|times|pm|mp)(?![A-Za-z])|,|\\[ ,;:])\s*-\s*")


def unary_minus(tex: str) -> str:
    """``tex`` with each unary minus written so that mathtext spaces it as one:
    ``x \\leq -3`` → ``x \\leq {-}3``, ``\\left(- x`` → ``\\left(-x``; binary ones unchanged."""
    tex = _MINUS_AFTER_SIGN.sub(r"\1\2-", tex)
    return _MINUS_AFTER_WORD.sub(
        lambda m: m[1] + (" " if m[1][-1].isalpha() or m[1] == "," else "") + "{-}", tex)


_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
          "lambda", "lamda", "mu", "nu", "xi", "omicron", "rho", "sigma", "tau", "upsilon",
          "phi", "chi", "psi", "omega"}


def mathtext(expression: sympy.Expr, parameters: tuple[sympy.Symbol, ...]) -> str:
    """The expression in matplotlib mathtext (without the ``$``)."""
    names = {}
    for symbol in parameters:
        head = re.match(r"[A-Za-z]+", symbol.name).group()
        if symbol.name in ("lambd", "lam"):  # lambda is a Python keyword
            names[symbol] = r"\lambda"
        elif len(head) > 1 and head.lower() not in _GREEK:
            # "slope" as \mathrm{slope}, not the product s·l·o·p·e in italics
            names[symbol] = r"\mathrm{" + symbol.name.replace("_", r"\_") + "}"
    printer = MathtextPrinter({"ln_notation": True, "symbol_names": names})
    return printer.doprint(expression)


class FormulaPrinter(StrPrinter):
    """Plain text in the formula's own syntax: ``x*sigmoid(beta*x)``, ``where(x > 0, 1, 0)``."""

    def _print_Piecewise(self, expr: sympy.Piecewise) -> str:
        *pieces, (last, condition) = expr.args
        text = self._print(last) if condition is sympy.true else "nan"
        for value, cond in reversed(pieces):
            text = f"where({self._print(cond)}, {self._print(value)}, {text})"
        return text

    def _print_Abs(self, expr) -> str:
        return f"abs({self._print(expr.args[0])})"

    def _print_Exp1(self, expr) -> str:
        return "e"

    def _print_And(self, expr) -> str:
        return " and ".join(f"({self._print(a)})" for a in expr.args)


def formula_text(expression: sympy.Expr) -> str:
    return FormulaPrinter().doprint(expression)
