"""actviz: an activation-function explorer for neural networks.

>>> import actviz
>>> act = actviz.get("elu", alpha=0.5)        # or actviz.get("elu:alpha=0.5")
>>> float(act(-1.0)), float(act.derivative(-1.0))
(-0.3160602794142788, 0.18393972058572117)
>>> actviz.names()[:3]
['celu', 'elu', 'gelu']
"""

from __future__ import annotations

__version__ = "0.1.0"

from actviz.activations.registry import (
    Activation,
    BoundActivation,
    Interval,
    Parameter,
    Properties,
    get,
    names,
    register,
    select,
)
from actviz.errors import ActvizError, ParameterError, UnknownActivationError

__all__ = [
    "Activation",
    "ActvizError",
    "BoundActivation",
    "Interval",
    "Parameter",
    "ParameterError",
    "Properties",
    "UnknownActivationError",
    "__version__",
    "get",
    "names",
    "register",
    "select",
]
