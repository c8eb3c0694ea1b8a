"""A config's activations, checked without compiling a single formula.

Registered names (built-ins, plugins) are bound by the registry, which checks every parameter.
A config's own formulas (``[activations.NAME]``) and formulas written inline are checked by the
formula reader alone (syntax, names, limits: no sympy), their parameters against the formula's
header; sympy compiles them later, in the process that draws them.  So validating a config, and
a rerun with nothing to draw, import neither sympy nor scipy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from actviz.activations import registry
from actviz.activations.registry import Activation, BoundActivation, Parameter, is_wildcard
from actviz.activations.registry import is_framework_spec
from actviz.errors import ActvizError, UnknownActivationError

if TYPE_CHECKING:
    from actviz.activations.formula import FormulaScope

@dataclass(frozen=True)
class Resolved:
    """One activation of a figure: as written, its registered (or defined) name, the canonical
    spec with every parameter (what the hash records) and the formula text it comes from."""

    spec: str
    name: str | None  # None for an inline formula: it has no name to put in a file name
    canonical: str
    formula: str | None = None  # a config formula's name, or an inline formula's text


class SpecResolver:
    """Resolves the items of a figure's ``activations`` list (see the module docstring)."""

    def __init__(self, scope: "FormulaScope | None" = None):
        self.scope = scope

    def expand(self, item: str) -> list[Resolved]:
        """A wildcard's registered activations at their defaults, or the one ``item`` names.

        Raises :class:`ActvizError` with the registry's message (and suggestions).
        """
        if is_wildcard(item):
            return [Resolved(b.name, b.name, b.spec) for b in registry.select([item])]
        return [self.resolve(item)]

    def resolve(self, spec: str) -> Resolved:
        """The activation ``spec`` names, checked (see the module docstring)."""
        bound, formula = self._bind(spec)
        inline = formula is not None and formula not in self.scope_names
        return Resolved(spec, None if inline else bound.name, bound.spec, formula)

    def bind(self, spec: str, **params: Any) -> BoundActivation:
        """Like :func:`actviz.get`, but a formula is bound to a stand-in that knows only its
        parameters: enough to check them (and a sweep) without compiling it."""
        return self._bind(spec, **params)[0]

    @property
    def scope_names(self) -> list[str]:
        return self.scope.names() if self.scope is not None else []

    def _bind(self, spec: str, **params: Any) -> tuple[BoundActivation, str | None]:
        """The bound activation (or stand-in) and, for a formula, its name or text."""
        head = spec.partition(":")[0].strip()
        if head in self.scope_names:
            text = self.scope.definitions[head].checked.text
            _, raw = registry.parse_spec(spec)
            return _parameter_check(head, text.parameters).bind(**{**raw, **params}), head
        try:
            registry.lookup(head)
        except UnknownActivationError as unknown:
            text = self._formula_text(spec, head, unknown)
            checker = _parameter_check(text.definition, text.parameters)
            return checker.bind(**{**dict(text.overrides), **params}), text.definition
        return registry.get(spec, **params), None

    def _formula_text(self, spec: str, head: str, unknown: ActvizError):
        """An inline formula's checked text, or the unknown name's error (with suggestions
        from the config's own names too)."""
        from actviz.activations.formula.syntax import check, is_formula, looks_like_expression
        from actviz.activations.formula.syntax import read_spec

        # "prelu@jax" gets the registry's framework message, not the formula reader's.
        if not is_framework_spec(head) and (is_formula(spec) or looks_like_expression(spec)):
            text = read_spec(spec)  # a FormulaError says how to write one
            check(text)
            return text
        close = self._close_definition(head)
        if close:
            raise UnknownActivationError(
                f"unknown activation '{head}'; did you mean '{close}' (defined in "
                f"[activations.{close}])?") from None
        raise unknown

    def _close_definition(self, name: str) -> str | None:
        if self.scope is None:
            return None
        import difflib

        close = difflib.get_close_matches(name, self.scope.names(), n=1, cutoff=0.6)
        return close[0] if close else None


def _parameter_check(name: str, parameters: tuple[tuple[str, float], ...]) -> Activation:
    """A declaration that only knows a formula's parameters (any finite value, as a compiled
    formula takes): binding it checks names and values with the registry's own messages."""
    return Activation(
        name=name, title=name, family="formula", formula="", derivative_formula="",
        function=_not_compiled, derivative=_not_compiled, properties=_not_compiled,
        reference="", parameters=tuple(Parameter(p, d, "formula parameter") for p, d in parameters),
    )


def _not_compiled(*args, **kwargs):
    raise RuntimeError("a parameter check is not an activation: compile the formula to use it")
