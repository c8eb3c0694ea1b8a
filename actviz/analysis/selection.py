"""Which activations a command works on: names from the command line, or every registered one."""

from __future__ import annotations

from typing import Iterable

import actviz
from actviz.activations.registry import BoundActivation


def select_activations(specs: Iterable[str] = ()) -> list[BoundActivation]:
    """The activations named by ``specs`` (``"elu"``, ``"elu:alpha=0.5"``), or all when empty.

    A spec given twice is kept once (first position), so a table never repeats a column.
    Unknown names and bad parameters raise the registry's one-line errors.
    """
    specs = list(specs)
    chosen = [actviz.get(spec) for spec in specs] if specs else [
        actviz.get(name) for name in actviz.names()
    ]
    unique: dict[str, BoundActivation] = {}
    for activation in chosen:
        unique.setdefault(activation_key(activation), activation)
    return list(unique.values())


def activation_key(activation: BoundActivation) -> str:
    """A short unique key: the name, plus parameters that differ from the defaults.

    ``"elu"`` for the defaults, ``"elu:alpha=0.5"`` otherwise; ``actviz.get(key)`` gives the
    activation back.  JSON keys and CSV headers use it.
    """
    changed = activation.non_default_params
    if not changed:
        return activation.name
    return activation.name + ":" + ",".join(f"{k}={v!r}" for k, v in changed.items())
