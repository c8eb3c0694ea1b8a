"""Activation functions: the registry and one module per family.

Each family module declares its activations with :func:`register` when imported; adding an
activation means adding one declaration to one of these modules (or a new module listed in
``BUILTIN_FAMILIES``), nothing else.
"""

from __future__ import annotations

import importlib
from typing import Callable

from actviz.activations import registry
from actviz.activations.registry import (
    Activation,
    BoundActivation,
    Interval,
    Notes,
    Parameter,
    Properties,
    get,
    lookup,
    names,
    register,
    select,
)

BUILTIN_FAMILIES = (
    "linear", "sigmoidal", "rectifiers", "smooth", "hard", "shrink", "radial", "periodic",
)


def load_builtin_families() -> None:
    for family in BUILTIN_FAMILIES:
        importlib.import_module(f"actviz.activations.{family}")


def load_everything() -> None:
    """What the registry loads on first use: the built-in families (they register themselves
    on import), the formula resolver, then the plugins of the entry-point group
    ``actviz.activations`` (a plugin may register formulas)."""
    from actviz.activations.plugins import load_plugins

    load_builtin_families()
    registry.add_spec_resolver(_resolve_formula)
    load_plugins()


def _resolve_formula(spec: str) -> Callable[..., BoundActivation] | None:
    """The formula resolver; the formula machinery is imported when a spec that is no
    registered name first needs it."""
    from actviz.activations.formula import resolve_spec

    return resolve_spec(spec)


# Passed in, not imported back by the registry: it stays a leaf that the families, formulas
# and plugins import.
registry.set_loader(load_everything)


__all__ = [
    "Activation",
    "BoundActivation",
    "Interval",
    "Notes",
    "Parameter",
    "Properties",
    "get",
    "lookup",
    "names",
    "register",
    "select",
]
