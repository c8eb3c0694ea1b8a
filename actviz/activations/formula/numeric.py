"""From sympy to NumPy: ``lambdify`` of the expressions built by :mod:`.symbolic`.

``lambdify`` generates Python source from the *expression* (never from user text: every name in
it is a whitelisted function, the variable, or a dummy standing for a parameter) and compiles it.
The results run under ``np.errstate(all="ignore")``: a formula gets no hand-tuned stability, so
it may overflow, but it reports that as inf/NaN values (see :mod:`actviz.analysis.overflow`),
never as warnings.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import sympy
from sympy.printing.numpy import NumPyPrinter

from actviz.activations.formula.functions import NUMPY_IMPLEMENTATIONS, Maximum, Minimum

ArrayFn = Callable[..., np.ndarray]


class _Float64Printer(NumPyPrinter):
    """Prints exact numbers as float64 literals: an integer beyond 2**1024 would otherwise make
    NumPy raise OverflowError instead of giving inf."""

    def _print_Integer(self, expr) -> str:
        return str(expr.p) if abs(expr.p) < 2**53 else self._float(expr)

    def _print_Rational(self, expr) -> str:
        return self._float(expr)

    def _print(self, expr, **settings) -> str:
        # A real constant made of several parts (sqrt(pi), 2/sqrt(pi), log(2)) as one literal:
        # NumPy would compute it as a float64 scalar, which widens a float16 or bfloat16 x to
        # float64 (actviz precision computes formulas in those formats); a Python float
        # literal takes x's dtype.
        if (isinstance(expr, sympy.Expr) and not expr.is_Atom and expr.is_number
                and expr.is_extended_real):
            return self._float(expr)
        return super()._print(expr, **settings)

    @staticmethod
    def _float(expr) -> str:
        value = float(sympy.N(expr, 20))
        return repr(value) if np.isfinite(value) else ("inf" if value > 0 else "(-inf)")


def compile_numeric(expression: sympy.Expr, x: sympy.Symbol, parameters) -> ArrayFn:
    """``fn(x_array, *parameter_values)`` evaluating ``expression`` in float64, warning-free."""
    printer = _Float64Printer({
        "fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True,
        "user_functions": {name: name for name in NUMPY_IMPLEMENTATIONS},
    })
    compiled = sympy.lambdify((x, *parameters), expression,
                              modules=[NUMPY_IMPLEMENTATIONS, "numpy"], printer=printer,
                              dummify=True)

    def evaluate(values: np.ndarray, *parameter_values: float) -> np.ndarray:
        # float64 parameters, not Python floats: x/a at a = 0 must give inf, not raise.  A
        # NumPy scalar already (a float16 one, to compute in float16) is kept as it is.
        arguments = [v if isinstance(v, np.generic) else np.float64(v) for v in parameter_values]
        with np.errstate(all="ignore"):
            result = np.asarray(compiled(values, *arguments))
        if np.iscomplexobj(result):  # a real formula can still take sqrt of a negative number
            result = np.where(result.imag == 0, result.real, np.nan)
        return result

    return evaluate


def switch_expressions(*expressions: sympy.Expr) -> list[sympy.Expr]:
    """The expressions whose sign changes mark a kink or a jump: arguments of abs, differences
    of max/min arguments, and the two sides of every comparison in a where."""
    switches: list[sympy.Expr] = []
    for expression in expressions:
        for node in sympy.preorder_traversal(expression):
            if isinstance(node, (sympy.Abs, sympy.sign)):
                switches.append(node.args[0])
            elif isinstance(node, (Maximum, Minimum)):
                switches.extend(a - b for a, b in zip(node.args, node.args[1:]))
            elif isinstance(node, sympy.Piecewise):
                for _, condition in node.args:
                    switches.extend(r.lhs - r.rhs for r in _relations(condition))
    return list(dict.fromkeys(s for s in switches if not s.is_number))


def _relations(condition) -> list[sympy.core.relational.Relational]:
    if isinstance(condition, sympy.core.relational.Relational):
        return [condition]
    if isinstance(condition, (sympy.And, sympy.Or, sympy.Not)):
        return [r for arg in condition.args for r in _relations(arg)]
    return []


MAX_BREAKPOINTS = 64


def find_roots(functions: list[Callable[[np.ndarray], np.ndarray]]) -> tuple[float, ...]:
    """Where any of ``functions`` changes sign, to float precision, on a grid that spans
    ±1e300 (densely in ±100): the breakpoints of a piecewise formula.

    Roots are found by bisection of every sign change of the grid; a root the grid does not
    bracket (a double root, or two roots between neighbouring samples far out) is missed.
    At most MAX_BREAKPOINTS are kept, those nearest 0 (abs(sin(x)) has infinitely many).
    """
    grid = _root_grid()
    roots: set[float] = set()
    for fn in functions:
        roots.update(_bisect_sign_changes(fn, grid))
    return tuple(sorted(sorted(roots, key=abs)[:MAX_BREAKPOINTS]))


def _root_grid() -> np.ndarray:
    tail = np.logspace(2, 300, 299)
    return np.unique(np.concatenate([-tail, np.linspace(-100.0, 100.0, 20001), tail]))


def _bisect_sign_changes(fn, grid: np.ndarray) -> set[float]:
    sign = _sign(fn, grid)
    roots = set(grid[sign == 0].tolist())
    bracket = np.flatnonzero((sign[:-1] * sign[1:]) < 0)
    low, high, low_sign = grid[bracket], grid[bracket + 1], sign[bracket]
    for _ in range(1100):  # enough to narrow any bracket down to adjacent floats
        if low.size == 0:
            break
        middle = low + (high - low) / 2
        converged = (middle <= low) | (middle >= high)
        middle_sign = _sign(fn, middle)
        exact = (middle_sign == 0) & ~converged
        roots.update(middle[exact].tolist())
        for a, b in zip(low[converged].tolist(), high[converged].tolist()):
            roots.add(a if abs(_value(fn, a)) <= abs(_value(fn, b)) else b)
        right = middle_sign == low_sign
        low, high = np.where(right, middle, low), np.where(right, high, middle)
        keep = ~(converged | exact)
        low, high, low_sign = low[keep], high[keep], low_sign[keep]
    return {r for r in roots if np.isfinite(r)}


def _sign(fn, values: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        result = np.asarray(fn(values), dtype=np.float64)
    return np.sign(np.broadcast_to(result, values.shape))


def _value(fn, x: float) -> float:
    with np.errstate(all="ignore"):
        return float(np.asarray(fn(np.array([x])), dtype=np.float64).ravel()[0])
