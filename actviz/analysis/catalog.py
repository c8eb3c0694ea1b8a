"""The registry as plain data: one record per activation, for ``actviz list`` and JSON."""

from __future__ import annotations

from typing import Any, Iterable

from actviz.activations.registry import BoundActivation, select


def describe(bound: BoundActivation) -> dict[str, Any]:
    """A JSON-ready record of one activation, its properties taken at its parameter values."""
    activation = bound.activation
    return {
        "name": activation.name,
        "spec": bound.spec,
        "aliases": list(activation.aliases),
        "title": activation.title,
        "label": bound.label,
        "family": activation.family,
        "formula": activation.formula,
        "derivative_formula": activation.derivative_formula,
        "parameters": activation.defaults,  # name -> default, as the declaration states them
        "params": dict(bound.params),  # the values shown (the spec's), as in table and info
        "parameter_ranges": {p.name: p.interval_text() for p in activation.parameters},
        "parameter_meanings": {p.name: p.meaning for p in activation.parameters},
        "properties": bound.properties.to_json(),
        "breakpoints": list(bound.breakpoints),
        "at_breakpoints": activation.at_breakpoints,
        "summary": activation.summary,
        "reference": activation.reference,
        # Whose defaults "params" started from ("keras" for leaky_relu@keras), and how each
        # framework ships it (names, defaults, notes: registry.FrameworkName).
        "framework": bound.framework,
        "frameworks": [shipped.to_json() for shipped in activation.frameworks],
    }


def catalog(patterns: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Records for the activations ``patterns`` select (see :func:`registry.select`), or all."""
    return [describe(bound) for bound in select(patterns)]
