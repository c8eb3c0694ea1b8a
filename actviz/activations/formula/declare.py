"""A formula as a registry declaration: the :class:`Activation` that ``actviz.get`` binds.

Everything a hand-written declaration states is derived here: both formulas in mathtext (from
sympy's LaTeX printer), NumPy functions (``lambdify``), the breakpoints (where a max, min, abs
or where switches), and the properties (inferred numerically, per parameter values).
Compiled formulas are cached, so binding the same formula again costs nothing.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np

from actviz.activations.formula import numeric, symbolic
from actviz.activations.formula.budget import OutOfBudget, finish_within
from actviz.activations.formula.syntax import CheckedFormula, quote
from actviz.activations.inference import infer_properties
from actviz.activations.registry import Activation, Parameter, Properties
from actviz.errors import FormulaError

FAMILY = "formula"
AT_BREAKPOINTS = (
    "differentiated branch by branch: where(c, a, b) has the slope of b wherever c is false, "
    "max(a, b) = where(a > b, a, b) and min(a, b) = where(a < b, a, b) take the later "
    "argument's slope at a tie (so relu'(0) = 0), and abs'(0) = 0"
)


@dataclass(frozen=True)
class Compiled:
    """Everything computed once per formula, whatever its parameter values."""

    symbolic: symbolic.Symbolic
    function: Callable[..., np.ndarray]  # fn(x, *parameter values)
    slope: Callable[..., np.ndarray]
    curvature: Callable[..., np.ndarray]  # f''
    switches: tuple[Callable[..., np.ndarray], ...]
    formula: str  # mathtext of the right-hand side
    derivative_formula: str
    derivative_text: str  # f' in formula syntax, as shown
    second_derivative_formula: str


# The syntax limits bound the sizes of numbers, not how long sympy may work on a short formula
# (max of 80 powers of x runs for ever inside sympy's Piecewise); this bounds the time.  Usual
# formulas take well under a second.  Beyond the budget of simplifying for display.
COMPILE_SECONDS = 20.0

_COMPILED: dict[tuple[str, tuple[str, ...]], Compiled] = {}
_CACHE_SIZE = 256


def compile_formula(checked: CheckedFormula) -> Compiled:
    """Build, differentiate, simplify (within the budget), print and lambdify one formula;
    cached by body and parameter names.  Errors point into ``checked``'s text as typed."""
    key = (checked.text.body.strip(), checked.text.parameter_names)
    if key not in _COMPILED:
        if len(_COMPILED) >= _CACHE_SIZE:
            _COMPILED.pop(next(iter(_COMPILED)))
        seconds = COMPILE_SECONDS + symbolic.SIMPLIFY_SECONDS  # simplify has its own budget
        try:
            _COMPILED[key] = finish_within(lambda: _compile(checked), seconds)
        except OutOfBudget:
            raise FormulaError(
                f"formula error: the symbolic work on {quote(checked.text.body)} did not finish "
                f"within {seconds:g} s (max of many arguments and long products of powers "
                "differentiate into huge expressions): write it more simply"
            ) from None
    return _COMPILED[key]


def _compile(checked: CheckedFormula) -> Compiled:
    sym = symbolic.symbolic(checked)
    _check_defined(checked, sym.expression)
    arguments = (sym.x, sym.parameters)
    switches = numeric.switch_expressions(sym.expression, sym.derivative)
    return Compiled(
        symbolic=sym,
        function=numeric.compile_numeric(sym.expression, *arguments),
        slope=numeric.compile_numeric(sym.derivative, *arguments),
        curvature=_compiled_when_first_used(lambda: numeric.compile_numeric(
            symbolic.second_derivative(sym, checked), *arguments)),
        switches=tuple(numeric.compile_numeric(s, *arguments) for s in switches),
        formula=symbolic.mathtext(sym.expression, sym.parameters),
        derivative_formula=symbolic.mathtext(sym.shown_derivative, sym.parameters),
        derivative_text=symbolic.formula_text(sym.shown_derivative),
        second_derivative_formula=(
            symbolic.mathtext(sym.shown_second_derivative, sym.parameters)
            if sym.shown_second_derivative is not None else r"\frac{d}{dx}\,f'(x)"
        ),
    )


def _compiled_when_first_used(build: Callable[[], Callable[..., np.ndarray]]):
    """A function that builds ``build()`` on its first call and calls it then and after (f'' of
    a large formula costs seconds that only someone asking for f'' should pay)."""
    built: list[Callable[..., np.ndarray]] = []

    def evaluate(x: np.ndarray, *parameter_values: float) -> np.ndarray:
        if not built:
            built.append(build())
        return built[0](x, *parameter_values)

    return evaluate


def _with_limits(fn: Callable[..., np.ndarray], x: np.ndarray, arguments: list) -> np.ndarray:
    """``fn`` at x, where ±inf that gives NaN (inf·0 in x·σ'(x)) is read as the limit,
    taken at ±1e300 (a formula has no hand-made tails, so that is as far as it is trusted)."""
    values = np.asarray(fn(x, *arguments), dtype=np.float64)
    undefined = np.isinf(x) & np.isnan(values)
    if not undefined.any():
        return values
    far = np.asarray(fn(np.where(undefined, np.sign(x) * 1e300, x), *arguments), dtype=np.float64)
    return np.where(undefined, far, values)


def _in_dtype(fn: Callable[..., np.ndarray], names: tuple[str, ...]) -> Callable[..., np.ndarray]:
    """``fn`` computed in the dtype of x (float16, bfloat16, ...), parameters rounded to it:
    a formula's f and f' as a low-precision network would compute them (actviz precision)."""

    def in_dtype(x: np.ndarray, **values: float) -> np.ndarray:
        return fn(x, *[x.dtype.type(values[n]) for n in names])

    return in_dtype


def _check_defined(checked: CheckedFormula, expression) -> None:
    """Refuse a formula that sympy finds undefined for every x, such as x/0 (complex infinity)."""
    import sympy

    if expression.has(sympy.zoo, sympy.nan):
        raise FormulaError(
            f"'{checked.text.body.strip()}' is undefined for every x (a division by zero?)"
        )


def declare(checked: CheckedFormula, *, name: str | None = None, title: str | None = None,
            parameters: tuple[Parameter, ...] | None = None, aliases: tuple[str, ...] = (),
            summary: str = "", reference: str = "") -> Activation:
    """The declaration of a checked formula.

    ``name`` defaults to the formula itself (so ``BoundActivation.spec`` gives it back),
    ``title`` to the formula's body; ``parameters`` (with ranges and meanings) default to the
    header's, valid for any finite value.
    """
    text = checked.text
    names = text.parameter_names
    compiled = compile_formula(checked)
    declared = parameters or tuple(_parameter(n, default) for n, default in text.parameters)
    _check_same_names(declared, names)

    def function(x: np.ndarray, **values: float) -> np.ndarray:
        return _with_limits(compiled.function, x, [values[n] for n in names])

    def derivative(x: np.ndarray, **values: float) -> np.ndarray:
        return _within_domain(compiled.slope, x, [values[n] for n in names])

    def second_derivative(x: np.ndarray, **values: float) -> np.ndarray:
        return _within_domain(compiled.curvature, x, [values[n] for n in names])

    def _within_domain(fn: Callable[..., np.ndarray], x: np.ndarray, arguments: list) -> np.ndarray:
        # Outside f's domain its derivatives are undefined too: sympy's d/dx log x = 1/x is
        # finite at x < 0, where log x itself is NaN.
        value = _with_limits(fn, x, arguments)
        return np.where(np.isnan(_with_limits(compiled.function, x, arguments)), np.nan, value)

    @lru_cache(maxsize=64)
    def breakpoints_at(values: tuple[float, ...]) -> tuple[float, ...]:
        return numeric.find_roots([_bound(s, values) for s in compiled.switches])

    @lru_cache(maxsize=64)
    def properties_at(values: tuple[float, ...]) -> Properties:
        return infer_properties(_bound(compiled.function, values), _bound(compiled.slope, values),
                                breakpoints_at(values))

    def ordered(values: dict[str, float]) -> tuple[float, ...]:
        return tuple(values[n] for n in names)

    symbol = text.function
    return Activation(
        name=name or text.definition,
        title=title or text.body.strip(),
        family=FAMILY,
        formula=f"{symbol}(x) = {compiled.formula}",
        derivative_formula=f"{symbol}'(x) = {compiled.derivative_formula}",
        function=function,
        derivative=derivative,
        naive_function=_in_dtype(compiled.function, names),
        naive_derivative=_in_dtype(compiled.slope, names),
        second_derivative=second_derivative,
        second_derivative_formula=f"{symbol}''(x) = {compiled.second_derivative_formula}",
        properties=lambda **values: properties_at(ordered(values)),
        breakpoints=lambda **values: breakpoints_at(ordered(values)),
        at_breakpoints=AT_BREAKPOINTS,
        parameters=declared,
        aliases=aliases,
        summary=summary or f"User formula {symbol}(x) = {text.body.strip()}; derivative by sympy.",
        reference=reference or "user formula",
        extra={
            "source": text.body.strip(),
            "derivative_source": compiled.derivative_text,
            "derivative_simplified": compiled.symbolic.simplified,
            "sympy": compiled.symbolic.expression,
            "sympy_derivative": compiled.symbolic.derivative,
        },
    )


def _bound(fn: Callable[..., np.ndarray], values: tuple[float, ...]):
    return lambda x: fn(x, *values)


def _parameter(name: str, default: float) -> Parameter:
    return Parameter(name, default, "formula parameter", symbol=greek_symbol(name))


def greek_symbol(name: str) -> str:
    """'beta' -> 'β' for labels such as "x*sigmoid(beta*x) (β=1.5)"; other names unchanged."""
    spelled = {"lambd": "lamda", "lam": "lamda", "lambda_": "lamda"}.get(name, name)
    if not spelled.islower():
        return ""
    try:
        return unicodedata.lookup(f"GREEK SMALL LETTER {spelled}")
    except KeyError:
        return ""


def _check_same_names(declared: tuple[Parameter, ...], names: tuple[str, ...]) -> None:
    given = tuple(p.name for p in declared)
    if sorted(given) != sorted(names):
        raise FormulaError(
            f"the parameters declared ({', '.join(given) or 'none'}) must be those of the "
            f"formula ({', '.join(names) or 'none'})"
        )
