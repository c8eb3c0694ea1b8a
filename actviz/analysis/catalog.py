"""The registry as plain data: one record per activation, for ``actviz list`` and JSON."""

from __future__ import annotations

from typing import Any

from actviz.activations.registry import Activation, all_activations


def describe(activation: Activation) -> dict[str, Any]:
    """A JSON-ready record of one declaration, its properties taken at the default parameters."""
    bound = activation.bind()
    return {
        "name": activation.name,
        "aliases": list(activation.aliases),
        "title": activation.title,
        "family": activation.family,
        "formula": activation.formula,
        "derivative_formula": activation.derivative_formula,
        "parameters": activation.defaults,
        "parameter_ranges": {p.name: p.interval_text() for p in activation.parameters},
        "parameter_meanings": {p.name: p.meaning for p in activation.parameters},
        "properties": bound.properties.to_json(),
        "breakpoints": list(bound.breakpoints),
        "at_breakpoints": activation.at_breakpoints,
        "summary": activation.summary,
        "reference": activation.reference,
    }


def catalog() -> list[dict[str, Any]]:
    """Records for every registered activation, sorted by name."""
    return [describe(activation) for activation in all_activations()]
