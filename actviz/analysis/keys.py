"""Short keys for activations in JSON objects and CSV headers."""

from __future__ import annotations

from actviz.activations.registry import BoundActivation


def activation_key(activation: BoundActivation) -> str:
    """The name, plus the parameters that differ from the defaults.

    ``"elu"`` at the defaults, ``"elu:alpha=0.5"`` otherwise, ``"leaky_relu@keras"`` at Keras'
    defaults; ``actviz.get(key)`` gives the activation back.  Shorter than ``activation.spec``
    (``"elu:alpha=1.0"``), so JSON keyed by activation reads ``{"sigmoid": [...]}`` as the
    issue's ``{name: [...]}`` form asks.
    """
    changed = activation.non_default_params
    if not changed:
        return activation.qualified_name
    return activation.qualified_name + ":" + ",".join(f"{k}={v!r}" for k, v in changed.items())
