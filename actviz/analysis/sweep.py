"""Parameter sweeps: ``--sweep KEY=V1,V2,...`` read, checked and bound to activations.

Each value is validated by the registry (a slope of 2 for LeakyReLU is refused with the valid
range), and the key must be one of the activation's declared parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from actviz.activations.registry import BoundActivation, get, parse_spec
from actviz.analysis.lists import split_list
from actviz.errors import OptionError, ParameterError, option_name

MAX_SWEEP_VALUES = 12
SWEEP = option_name("sweep")


def parse_sweep(text: str) -> tuple[str, list[str]]:
    """Split ``"key=v1,v2,..."`` into the key and the raw values; :class:`OptionError` if malformed."""
    key, sep, rest = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise OptionError(
            f"cannot read {SWEEP} '{text}': write KEY=V1,V2,..., e.g. {SWEEP} alpha=0.5,1,2"
        )
    values = split_list(rest, "sweep", "alpha=0.5,1,2", quoted=text)
    if len(values) > MAX_SWEEP_VALUES:
        raise OptionError(
            f"{SWEEP} takes at most {MAX_SWEEP_VALUES} values (a legend stays readable), "
            f"got {len(values)}"
        )
    return key, values


@dataclass(frozen=True)
class Sweep:
    """The swept parameter's canonical name and one bound activation per value, in order."""

    key: str
    activations: list[BoundActivation]


def sweep_activations(
    spec: str, sweep: str, bind: Callable[..., BoundActivation] = get
) -> Sweep:
    """One bound activation per swept value: ``spec`` with ``key`` set to each value in turn.

    The key must be a parameter of the activation and must not also be fixed in ``spec``.
    ``bind`` is :func:`actviz.get` or, to check a config without compiling its formulas, a
    function that binds parameters the same way (see :mod:`actviz.batch.specs`).
    """
    key, values = parse_sweep(sweep)
    declaration = bind(spec).activation  # the name (or formula) and its fixed values are valid
    try:
        parameter = declaration.parameter(key)
    except ParameterError as error:  # unknown key: the registry's message names the valid ones
        raise ParameterError(error.spelled(option_name), subject="sweep", separator=": ") from None
    fixed = parse_spec(spec)[1] if ":" in spec else {}
    if parameter.name in fixed:
        raise ParameterError(
            f"parameter '{key}' is given both in '{spec}' and in {SWEEP}; drop one of them"
        )
    bound = [bind(spec, **{parameter.name: value}) for value in values]
    swept = [b.params[parameter.name] for b in bound]
    if len(set(swept)) != len(swept):
        raise OptionError(f"{SWEEP} '{sweep}' repeats a value")
    return Sweep(parameter.name, bound)
