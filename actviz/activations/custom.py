"""``actviz.register``: add an activation from a notebook or a package.

Three ways, from least to most work::

    actviz.register("approx_gelu", formula="x*sigmoid(1.702*x)")
    actviz.register("swish_b", formula="x*sigmoid(beta*x)", parameters={"beta": 1.5})
    actviz.register("my_gate", function=fwd, derivative=bwd, tex=r"x\\,\\sigma(x)")
    actviz.register(Activation(...))      # a full declaration, as the built-in families write

A formula is checked at once (no sympy) and compiled on first use; properties of a formula or
of a function pair are inferred numerically (:mod:`actviz.activations.inference`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Iterable, Mapping

from actviz.activations import registry
from actviz.activations.inference import infer_properties
from actviz.activations.registry import Activation, Parameter
from actviz.errors import ActvizError, describe_exception
from actviz.lazy import numpy as np

ArrayFn = Callable[..., "np.ndarray"]


def register(activation: Activation | str, formula: str | None = None, *,
             parameters: Mapping[str, float] | Iterable[Parameter] | None = None,
             title: str | None = None, aliases: Iterable[str] = (), summary: str = "",
             reference: str = "", function: ArrayFn | None = None,
             derivative: ArrayFn | None = None, tex: str = "", derivative_tex: str = "",
             breakpoints: Iterable[float] = (), replace: bool = False,
             second_derivative: ArrayFn | None = None, second_derivative_tex: str = "") -> str:
    """Register an activation and return its name.

    - ``register(name, formula="x*sigmoid(1.702*x)")``: the formula (with or without its
      ``f(x)=`` header), derivative by sympy.  ``parameters``: defaults such as
      ``{"beta": 1.5}``, or :class:`Parameter` declarations with ranges.
    - ``register(name, function=fwd, derivative=bwd)``: NumPy functions ``fwd(x, **params)``;
      ``tex``/``derivative_tex`` give the formulas in mathtext for titles.  Optionally
      ``second_derivative=bwd2`` (and ``second_derivative_tex``) gives f''; without it
      ``act.derivative(x, order=2)`` says that none is declared.
    - ``register(Activation(...))``: a complete declaration.

    ``replace=True`` lets the name (and aliases) replace an existing registration.
    Raises :class:`ActvizError` (a bad formula, parameter or name).
    """
    if isinstance(activation, Activation):
        _register_now(activation, replace)
        return activation.name
    name = activation
    if formula is not None and function is not None:
        raise ActvizError(f"register '{name}' with a formula or with function=, not both")
    if formula is not None:
        from actviz.activations.formula import FormulaDefinition

        definition = FormulaDefinition.create(
            name, formula, parameters=parameters, title=title, aliases=aliases, summary=summary,
            reference=reference,
        )
        _guarded(lambda: registry.register_deferred(name, definition.declaration,
                                                    aliases=definition.aliases, replace=replace))
        return name
    if function is None or derivative is None:
        raise ActvizError(f"register '{name}' with formula=... or with both function= and "
                          "derivative=")
    _register_now(
        function_activation(name, function, derivative, parameters=parameters, title=title,
                            aliases=tuple(aliases), summary=summary, reference=reference,
                            tex=tex, derivative_tex=derivative_tex, breakpoints=breakpoints,
                            second_derivative=second_derivative,
                            second_derivative_tex=second_derivative_tex),
        replace,
    )
    return name


def function_activation(name: str, function: ArrayFn, derivative: ArrayFn, *,
                        parameters=None, title=None, aliases=(), summary="", reference="",
                        tex="", derivative_tex="", breakpoints=(), second_derivative=None,
                        second_derivative_tex="") -> Activation:
    """A declaration for a NumPy function pair, with properties inferred per parameter values."""
    declared = _parameters(parameters)
    names = tuple(p.name for p in declared)
    kinks = tuple(float(b) for b in breakpoints)
    function, derivative = guarded(name, "function", function), \
        guarded(name, "derivative", derivative)
    if second_derivative is not None:
        second_derivative = guarded(name, "second derivative", second_derivative)

    @lru_cache(maxsize=64)
    def properties_at(values: tuple[float, ...]):
        params = dict(zip(names, values))
        return infer_properties(lambda x: function(x, **params),
                                lambda x: derivative(x, **params), kinks)

    return Activation(
        name=name,
        title=title or name,
        family="custom",
        formula=f"f(x) = {tex}" if tex else rf"\mathrm{{{_escape(name)}}}(x)",
        derivative_formula=f"f'(x) = {derivative_tex}" if derivative_tex
        else rf"\mathrm{{{_escape(name)}}}'(x)",
        function=function,
        derivative=derivative,
        second_derivative=second_derivative,
        second_derivative_formula=_second_derivative_formula(name, second_derivative,
                                                             second_derivative_tex),
        properties=lambda **values: properties_at(tuple(values[n] for n in names)),
        breakpoints=kinks,
        parameters=declared,
        aliases=aliases,
        summary=summary,
        reference=reference or "registered with actviz.register",
    )


def guarded(name: str, role: str, fn: ArrayFn) -> ArrayFn:
    """``fn`` (someone else's code) made to fail in one line: an exception it raises, or a
    result that is not numbers of x's shape, becomes an :class:`ActvizError` naming the
    activation, so that a command reports it instead of printing a traceback."""
    if getattr(fn, "_actviz_guarded", False):
        return fn

    def call(x, **params):
        try:
            result = np.asarray(fn(x, **params), dtype=np.float64)
        except ActvizError:
            raise
        except Exception as error:
            raise ActvizError(f"activation '{name}': its {role} raised "
                              f"{describe_exception(error)}") from None
        shape = np.shape(x)
        try:
            return result if result.shape == shape else np.broadcast_to(result, shape).copy()
        except ValueError:
            raise ActvizError(f"activation '{name}': its {role} returned shape "
                              f"{result.shape} for x of shape {shape}") from None

    call._actviz_guarded = True  # type: ignore[attr-defined]
    return call


def _second_derivative_formula(name: str, second_derivative: ArrayFn | None, tex: str) -> str:
    if tex:
        return f"f''(x) = {tex}"
    return rf"\mathrm{{{_escape(name)}}}''(x)" if second_derivative is not None else ""


def _parameters(parameters) -> tuple[Parameter, ...]:
    if parameters is None:
        return ()
    if isinstance(parameters, Mapping):
        return tuple(Parameter(str(n), float(v), "parameter") for n, v in parameters.items())
    declared = tuple(parameters)
    if not all(isinstance(p, Parameter) for p in declared):
        raise ActvizError("parameters must be a mapping of defaults or Parameter declarations")
    return declared


def _register_now(activation: Activation, replace: bool) -> None:
    _guarded(lambda: registry.register(activation, replace=replace))


def _guarded(action: Callable[[], None]) -> None:
    """The registry's own checks raise ValueError; users get an ActvizError (one line)."""
    registry._ensure_loaded()  # built-ins first, so a clash with one is found now
    try:
        action()
    except ActvizError:
        raise
    except ValueError as error:
        raise ActvizError(f"cannot register: {error}") from None


def _escape(name: str) -> str:
    return name.replace("_", r"\_")
