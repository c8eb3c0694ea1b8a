"""The numbers behind ``actviz compare``: one record per activation, side by side.

f(0) and f'(0) are the values a network starts from when pre-activations are near zero;
max |f'| bounds how much a layer can amplify a gradient (sigmoid's 1/4 is why deep sigmoid
stacks vanish).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from actviz.activations.registry import BoundActivation, Interval, select
from actviz.analysis.peaks import Peak, peak_abs_derivative
from actviz.errors import OptionError


@dataclass(frozen=True)
class Comparison:
    """What the compare table shows for one activation."""

    label: str
    range: Interval
    value_at_zero: float
    slope_at_zero: float
    peak: Peak
    zero_centred: bool
    monotonic: bool
    saturating: str

    def to_json(self) -> dict:
        from actviz.jsonable import json_number

        return {"label": self.label, "range": self.range.to_json(),
                "f0": json_number(self.value_at_zero), "df0": json_number(self.slope_at_zero),
                **self.peak.to_json(), "zero_centred": self.zero_centred,
                "monotonic": self.monotonic, "saturating": self.saturating}


def compare(activation: BoundActivation) -> Comparison:
    """The :class:`Comparison` record of one activation (f(0), f'(0), max |f'|, properties)."""
    props = activation.properties
    return Comparison(
        label=activation.label,
        range=props.range,
        value_at_zero=float(activation(0.0)),
        slope_at_zero=float(activation.derivative(0.0)),
        peak=peak_abs_derivative(activation),
        zero_centred=props.zero_centred,
        monotonic=props.monotonic,
        saturating=props.saturating,
    )


def compare_all(activations: Sequence[BoundActivation]) -> list[Comparison]:
    """:func:`compare` for each activation, in the order given."""
    return [compare(a) for a in activations]


def distinct_activations(specs: Sequence[str]) -> list[BoundActivation]:
    """The activations named by ``specs`` (two or more, all different) for a comparison; a
    wildcard (``"*relu*"``) stands for every activation it matches, as in ``list``."""
    named = [(spec, activation) for spec in specs for activation in select([spec])]
    if len(named) < 2:
        shown = specs[0] if specs else "NAME"
        raise OptionError(f"compare needs two or more activations (for one: actviz plot {shown})")
    activations = [activation for _, activation in named]
    seen: dict[str, str] = {}
    for spec, activation in named:
        if activation.spec in seen:
            raise OptionError(
                f"'{spec}' and '{seen[activation.spec]}' are the same activation; "
                "compare different activations or parameter values"
            )
        seen[activation.spec] = spec
    return activations
