"""User formulas as activations: ``actviz.get("f(x; beta=1.5)=x*sigmoid(beta*x)")``.

A formula is data, never code.  The layers, each in its own module:

- :mod:`.syntax` (no sympy): the spec ``f(x; p=v)=body``, the limits (length, nesting, exponent
  and constant sizes) and the ``ast`` whitelist.  Every refusal happens here, in microseconds.
- :mod:`.symbolic`: the sympy expression built node by node from the checked tree, its
  derivative (``sympy.diff``), simplified for display within a time budget (:mod:`.budget`),
  and printed as mathtext.
- :mod:`.numeric`: ``lambdify`` to NumPy/SciPy, warning-free; breakpoints by bisection.
- :mod:`.declare`: the :class:`~actviz.activations.registry.Activation` with both formulas and
  numerically inferred properties (:mod:`actviz.activations.inference`).
- :mod:`.definitions`: named formulas (``actviz.register``, batch configs' scopes).

Importing this package imports neither sympy nor scipy; the first formula used does.
"""

from __future__ import annotations

from typing import Any, Callable

from actviz.activations.formula.definitions import FormulaDefinition, FormulaScope, scope_resolver
from actviz.activations.formula.syntax import (
    CONSTANTS,
    FUNCTIONS,
    MAX_CONSTANT_BITS,
    MAX_EXPONENT,
    MAX_LENGTH,
    MAX_NESTING,
    check,
    is_formula,
    looks_like_expression,
    read_spec,
)
from actviz.activations.registry import Activation, BoundActivation

_ANONYMOUS: dict[str, Activation] = {}
_ANONYMOUS_LIMIT = 256


def formula_activation(spec: str) -> Activation:
    """The declaration of the formula ``spec`` (``"f(x)=..."``; overrides after ':' ignored)."""
    text = read_spec(spec)
    key = text.definition
    if key not in _ANONYMOUS:
        checked = check(text)  # refusals happen here, before sympy is imported
        from actviz.activations.formula.declare import declare

        activation = declare(checked)
        if len(_ANONYMOUS) >= _ANONYMOUS_LIMIT:
            _ANONYMOUS.pop(next(iter(_ANONYMOUS)))
        _ANONYMOUS[key] = activation
    return _ANONYMOUS[key]


def bind_formula(spec: str, **params: Any) -> BoundActivation:
    """``actviz.get`` for a formula: overrides written after ':' then keyword arguments."""
    text = read_spec(spec)
    values: dict[str, Any] = dict(text.overrides)
    values.update(params)
    return formula_activation(spec).bind(**values)


def resolve_spec(spec: str) -> Callable[..., BoundActivation] | None:
    """Registry spec resolver: formulas, and the names of the active :class:`FormulaScope`.

    Text that cannot be a name and has no ``f(x)=`` header (``x*sigmoid(x)``) is claimed too,
    so that its error says how to write a formula.
    """
    scoped = scope_resolver(spec)
    if scoped is not None:
        return scoped
    if is_formula(spec) or looks_like_expression(spec):
        return bind_formula
    return None


__all__ = [
    "CONSTANTS",
    "FUNCTIONS",
    "MAX_CONSTANT_BITS",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "MAX_NESTING",
    "FormulaDefinition",
    "FormulaScope",
    "bind_formula",
    "formula_activation",
    "resolve_spec",
]
