"""The functions a formula may call: how each becomes sympy, LaTeX and NumPy.

Most are sympy's own (exp, log, sin, erf, ...).  The others are small sympy ``Function``
classes, for two reasons: their derivatives are written in a form that keeps the tails
(σ' = σ(u)σ(−u), tanh' = sech², softplus' = σ), and they evaluate with the stable NumPy/SciPy
routines (expit, log1p, expm1) instead of the textbook form sympy would print.
``max``/``min`` keep the user's argument order, so that ties follow a stated rule:
max(a, b) = where(a > b, a, b), the later argument wins a tie (relu'(0) = 0, as in PyTorch).
"""

from __future__ import annotations

from functools import reduce
from typing import Callable

import numpy as np
import sympy
from sympy import Function, Piecewise
from sympy.core.logic import fuzzy_and

from actviz.activations import numerics
from actviz.activations.textbook import in_dtype_of


def _arg(printer, function: Function, index: int = 0) -> str:
    return printer._print(function.args[index])


class _Unary(Function):
    """A one-argument function: ``name(u)`` in formula syntax, its textbook form in sympy
    terms for numeric evaluation (``evalf``), and LaTeX.

    In LaTeX, a function with a ``latex_head`` prints as ``head(u)`` (``head^{2}(u)`` squared);
    the others as their ``_latex_form`` of the argument.
    """

    nargs = 1
    syntax_name = ""
    latex_head = ""
    positive = False  # positive for every real argument

    @staticmethod
    def textbook(u):
        raise NotImplementedError

    def _eval_evalf(self, prec):
        return self.textbook(self.args[0])._eval_evalf(prec)

    def _eval_is_extended_real(self):
        return self.args[0].is_extended_real

    def _eval_is_positive(self):
        return True if self.positive and self.args[0].is_extended_real else None

    def _sympystr(self, printer) -> str:
        return f"{self.syntax_name}({_arg(printer, self)})"

    def _latex(self, printer, exp=None) -> str:
        inner = _arg(printer, self)
        if self.latex_head:
            power = f"^{{{exp}}}" if exp else ""
            return rf"{self.latex_head}{power}\left({inner}\right)"
        text = self._latex_form(inner)
        return rf"\left({text}\right)^{{{exp}}}" if exp else text

    def _latex_form(self, inner: str) -> str:
        raise NotImplementedError


class Sigmoid(_Unary):
    """σ(u) = 1 / (1 + e^{−u})."""

    syntax_name = "sigmoid"
    latex_head = r"\sigma"
    positive = True
    textbook = staticmethod(lambda u: 1 / (1 + sympy.exp(-u)))

    @classmethod
    def eval(cls, u):
        if u.is_zero:
            return sympy.Rational(1, 2)

    def fdiff(self, argindex=1):
        u = self.args[0]
        return Sigmoid(u) * Sigmoid(-u)  # not σ(1 − σ): 1 − σ rounds to 0 for u > 37


class Softplus(_Unary):
    """softplus(u) = ln(1 + e^u)."""

    syntax_name = "softplus"
    positive = True
    textbook = staticmethod(lambda u: sympy.log(1 + sympy.exp(u)))

    def fdiff(self, argindex=1):
        return Sigmoid(self.args[0])

    def _latex_form(self, inner: str) -> str:
        return rf"\ln\left(1 + e^{{{inner}}}\right)"


class Sech(_Unary):
    """sech(u) = 1 / cosh(u), evaluated without overflowing cosh."""

    syntax_name = "sech"
    latex_head = r"\mathrm{sech}"
    positive = True
    textbook = staticmethod(sympy.sech)

    def fdiff(self, argindex=1):
        u = self.args[0]
        return -Sech(u) * Tanh(u)


class Tanh(_Unary):
    """tanh(u), whose derivative is sech²(u): 1 − tanh² rounds to 0 for |u| > 19."""

    syntax_name = "tanh"
    latex_head = r"\tanh"
    textbook = staticmethod(sympy.tanh)

    @classmethod
    def eval(cls, u):
        if u.is_zero:
            return sympy.Integer(0)
        if u.could_extract_minus_sign():
            return -cls(-u)

    def fdiff(self, argindex=1):
        return Sech(self.args[0]) ** 2


class Log1p(_Unary):
    """log1p(u) = ln(1 + u), exact for small u."""

    syntax_name = "log1p"
    textbook = staticmethod(lambda u: sympy.log(1 + u))

    def fdiff(self, argindex=1):
        return 1 / (1 + self.args[0])

    def _latex_form(self, inner: str) -> str:
        return rf"\ln\left(1 + {inner}\right)"


class Expm1(_Unary):
    """expm1(u) = e^u − 1, exact for small u."""

    syntax_name = "expm1"
    textbook = staticmethod(lambda u: sympy.exp(u) - 1)

    def fdiff(self, argindex=1):
        return sympy.exp(self.args[0])

    def _latex_form(self, inner: str) -> str:
        return rf"\left(e^{{{inner}}} - 1\right)"


class Erfc(_Unary):
    """erfc(u) = 1 − erf(u), kept as written: sympy rewrites erfc(−u) as 2 − erfc(u), which
    cancels to 0 where erfc(−u) itself is exact (the GELU form x·erfc(−x/√2)/2)."""

    syntax_name = "erfc"
    latex_head = r"\mathrm{erfc}"
    positive = True
    textbook = staticmethod(sympy.erfc)

    def fdiff(self, argindex=1):
        u = self.args[0]
        return -2 * sympy.exp(-u**2) / sympy.sqrt(sympy.pi)


class _Extremum(Function):
    """max/min over the arguments in the order written; ties go to the later argument."""

    syntax_name = ""
    latex_name = ""

    @classmethod
    def eval(cls, *args):
        if len(args) < 2:
            raise TypeError(f"{cls.syntax_name} takes at least 2 arguments")
        if all(a.is_number and a.is_comparable for a in args):
            return cls.numeric_form(*args)

    def wins(self, a, b):
        raise NotImplementedError

    def as_piecewise(self):
        """max(a, b, c) = max(max(a, b), c), each max(a, b) = where(a > b, a, b)."""
        return reduce(lambda a, b: Piecewise((a, self.wins(a, b)), (b, True)), self.args)

    def _eval_derivative(self, symbol):
        return self.as_piecewise().diff(symbol)

    def _eval_is_extended_real(self):
        return fuzzy_and(a.is_extended_real for a in self.args)

    def _sympystr(self, printer) -> str:
        return f"{self.syntax_name}({', '.join(printer._print(a) for a in self.args)})"

    def _latex(self, printer, exp=None) -> str:
        inside = ", ".join(printer._print(a) for a in self.args)
        text = rf"\{self.latex_name}\left({inside}\right)"
        return rf"\left({text}\right)^{{{exp}}}" if exp else text


class Maximum(_Extremum):
    syntax_name = latex_name = "max"
    numeric_form = sympy.Max

    def wins(self, a, b):
        return a > b


class Minimum(_Extremum):
    syntax_name = latex_name = "min"
    numeric_form = sympy.Min

    def wins(self, a, b):
        return a < b


def _where(condition, if_true, if_false):
    return Piecewise((if_true, condition), (if_false, True))


# name in a formula -> how to build it in sympy
SYMPY_FUNCTIONS: dict[str, Callable] = {
    "exp": sympy.exp,
    "log": sympy.log,
    "log1p": Log1p,
    "expm1": Expm1,
    "sqrt": sympy.sqrt,
    "abs": sympy.Abs,
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "tanh": Tanh,
    "asinh": sympy.asinh,
    "erf": sympy.erf,
    "erfc": Erfc,
    "sigmoid": Sigmoid,
    "softplus": Softplus,
    "relu": lambda u: Maximum(u, 0),
    "max": Maximum,
    "min": Minimum,
    "where": _where,
}
SYMPY_CONSTANTS = {"e": sympy.E, "pi": sympy.pi}


def _sech(u: np.ndarray) -> np.ndarray:
    """sech(u) = 2t / (1 + t²) with t = e^{−|u|}: no overflow where cosh(u) would."""
    t = np.exp(-np.abs(u))
    return 2.0 * t / (1.0 + t * t)


def _sigmoid(u: np.ndarray) -> np.ndarray:
    return numerics.sigmoid(u)


def _erf(u: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return in_dtype_of(u, erf)


def _erfc(u: np.ndarray) -> np.ndarray:
    from scipy.special import erfc

    return in_dtype_of(u, erfc)


# The names lambdify prints for the classes above (and erf) -> their NumPy/SciPy implementation.
# Everything else (exp, sin, Piecewise, ...) goes through sympy's NumPy printer; the SciPy
# printer would import all of scipy (0.3 s) for the one function, erf, that needs it.
NUMPY_IMPLEMENTATIONS: dict[str, Callable] = {
    "Sigmoid": _sigmoid,
    "Softplus": numerics.softplus,
    "Tanh": np.tanh,
    "Sech": _sech,
    "Log1p": np.log1p,
    "Expm1": np.expm1,
    "Erfc": _erfc,
    "erf": _erf,  # sympy's own erf; the NumPy printer leaves it to this namespace
    "Maximum": lambda *args: reduce(np.maximum, args),
    "Minimum": lambda *args: reduce(np.minimum, args),
}
