"""Activation functions: the registry and one module per family.

Each family module declares its activations with :func:`register` when imported; adding an
activation means adding one declaration to one of these modules (or a new module listed in
``BUILTIN_FAMILIES``), nothing else.
"""

from __future__ import annotations

import importlib

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
