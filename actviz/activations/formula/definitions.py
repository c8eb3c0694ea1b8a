"""Named formulas: ``actviz.register("approx_gelu", formula=...)`` and a batch config's
``[activations.approx_gelu] formula = "x*sigmoid(1.702*x)"``.

A :class:`FormulaDefinition` is checked when it is made (syntax, names, limits: no sympy) and
compiled on first use.  :class:`FormulaScope` holds the definitions of one run, such as one
batch config: ``scope.get("approx_gelu")`` binds one, and inside ``with scope.active():``
``actviz.get`` resolves them too, so code that only knows ``actviz.get`` sees them.
"""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping

from actviz.activations.formula.syntax import CheckedFormula, check, is_formula, read_definition
from actviz.activations.registry import (
    Activation,
    BoundActivation,
    Parameter,
    check_new_name,
    get,
    parse_spec,
)
from actviz.errors import FormulaError

DEFINITION_KEYS = ("formula", "title", "parameters", "summary", "reference", "aliases")


@dataclass(frozen=True, eq=False)
class FormulaDefinition:
    """A named formula, checked but not yet compiled."""

    name: str
    checked: CheckedFormula
    title: str | None = None
    parameters: tuple[Parameter, ...] | None = None  # None: from the formula, any finite value
    aliases: tuple[str, ...] = ()
    summary: str = ""
    reference: str = ""
    _built: list[Activation] = field(default_factory=list, repr=False)

    @classmethod
    def create(cls, name: str, formula: str, *,
               parameters: Mapping[str, float] | Iterable[Parameter] | None = None,
               title: str | None = None, aliases: Iterable[str] = (), summary: str = "",
               reference: str = "") -> "FormulaDefinition":
        """Check ``formula`` (with or without its ``f(x)=`` header) under ``name``.

        ``parameters`` is a mapping of defaults (``{"beta": 1.5}``) or :class:`Parameter`
        declarations with ranges and meanings.
        """
        declared = tuple(parameters) if _are_parameters(parameters) else None
        defaults = {p.name: p.default for p in declared} if declared else dict(parameters or {})
        if not isinstance(formula, str):
            raise FormulaError(f"activation '{name}': the formula must be text, got {formula!r}")
        if declared and is_formula(formula):
            defaults = {}  # the header names them; the declarations add ranges and defaults
        try:
            checked = check(read_definition(formula, defaults))
        except FormulaError as error:
            raise FormulaError(f"activation '{name}': {error}") from None
        return cls(name, checked, title, declared, tuple(aliases), summary, reference)

    @classmethod
    def from_config(cls, name: str, entry: str | Mapping[str, Any]) -> "FormulaDefinition":
        """From a config entry: the formula text, or a table with ``formula`` and optionally
        ``title``, ``parameters`` (name = default), ``summary``, ``reference``, ``aliases``."""
        if isinstance(entry, str):
            return cls.create(name, entry)
        if not isinstance(entry, Mapping) or "formula" not in entry:
            raise FormulaError(f"activation '{name}': give a formula, e.g. "
                               f'[activations.{name}] formula = "x*sigmoid(1.702*x)"')
        unknown = sorted(set(entry) - set(DEFINITION_KEYS))
        if unknown:
            raise FormulaError(f"activation '{name}': unknown key(s) {', '.join(unknown)}; "
                               f"allowed: {', '.join(DEFINITION_KEYS)}")
        options = {k: v for k, v in entry.items() if k != "formula"}
        return cls.create(name, entry["formula"], **options)

    def declaration(self) -> Activation:
        """The compiled :class:`Activation` (imports sympy on first call; cached)."""
        if not self._built:
            from actviz.activations.formula.declare import declare

            try:
                self._built.append(declare(
                    self.checked, name=self.name, title=self.title or self.name,
                    parameters=self.parameters, aliases=self.aliases, summary=self.summary,
                    reference=self.reference,
                ))
            except FormulaError as error:
                raise FormulaError(f"activation '{self.name}': {error}") from None
        return self._built[0]


def _are_parameters(parameters) -> bool:
    if parameters is None or isinstance(parameters, Mapping):
        return False
    items = tuple(parameters)
    if not all(isinstance(p, Parameter) for p in items):
        raise FormulaError("parameters must be a mapping of defaults, {'beta': 1.5}, or "
                           "Parameter declarations")
    return True


class FormulaScope:
    """Formula activations defined for one run (one batch config), usable by name in it.

    >>> scope = FormulaScope({"approx_gelu": "x*sigmoid(1.702*x)"})
    >>> act = scope.get("approx_gelu")           # or, for code that calls actviz.get:
    >>> with scope.active():
    ...     act = actviz.get("approx_gelu")

    Every formula is checked on creation; a name that the registry already has is refused, so a
    config cannot silently replace a built-in.  The scope is active in the current thread (a
    ``contextvars`` context): worker threads or processes make their own scope from the same
    (plain, picklable) mapping.
    """

    def __init__(self, definitions: Mapping[str, str | Mapping[str, Any]]):
        self.definitions: dict[str, FormulaDefinition] = {}
        for name, entry in definitions.items():
            _check_new_name(name)
            definition = FormulaDefinition.from_config(name, entry)
            for alias in definition.aliases:
                _check_new_name(alias, name)
            self.definitions[name] = definition

    def __contains__(self, name: str) -> bool:
        return name in self.definitions

    def names(self) -> list[str]:
        return sorted(self.definitions)

    def get(self, spec: str, **params: Any) -> BoundActivation:
        """Bind ``spec`` (``"approx_gelu"``, ``"approx_gelu:beta=2"``) from this scope, or from
        the registry when it is not one of the scope's names."""
        binder = self.binder(spec)
        return binder(spec, **params) if binder else get(spec, **params)

    def binder(self, spec: str) -> Callable[..., BoundActivation] | None:
        if not isinstance(spec, str):
            return None
        name = spec.partition(":")[0].strip()
        definition = self.definitions.get(name)
        if definition is None:
            return None

        def bind(spec: str, **params: Any) -> BoundActivation:
            _, raw = parse_spec(spec)
            raw.update(params)
            return definition.declaration().bind(**raw)

        return bind

    @contextlib.contextmanager
    def active(self) -> Iterator["FormulaScope"]:
        """Within this block, ``actviz.get`` also resolves this scope's names."""
        token = _ACTIVE.set(self)
        try:
            yield self
        finally:
            _ACTIVE.reset(token)


_ACTIVE: contextvars.ContextVar[FormulaScope | None] = contextvars.ContextVar(
    "actviz_formula_scope", default=None
)


def scope_resolver(spec: str) -> Callable[..., BoundActivation] | None:
    """Registry spec resolver: names defined by the active :class:`FormulaScope`."""
    scope = _ACTIVE.get()
    return scope.binder(spec) if scope is not None else None


def _check_new_name(key: Any, owner: str | None = None) -> None:
    """The registry's rule for new names (:func:`check_new_name`), as a formula error."""
    try:
        check_new_name(key, owner)
    except ValueError as error:
        raise FormulaError(f"{error}; give the formula another name") from None
