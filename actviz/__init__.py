"""actviz: an activation-function explorer for neural networks.

>>> import actviz
>>> act = actviz.get("elu", alpha=0.5)        # or actviz.get("elu:alpha=0.5")
>>> float(act(-1.0)), float(act.derivative(-1.0))
(-0.31606027941427883, 0.18393972058572117)
>>> actviz.names()[:3]
['arctan', 'bent_identity', 'celu']
>>> act = actviz.get("f(x; beta=1.5)=x*sigmoid(beta*x)", beta=2)   # a formula, any NAME
>>> actviz.register("approx_gelu", formula="x*sigmoid(1.702*x)")
'approx_gelu'
"""

from __future__ import annotations

__version__ = "0.1.0"

from actviz.activations.custom import register
from actviz.activations.registry import (
    Activation,
    BoundActivation,
    Interval,
    Notes,
    Parameter,
    Properties,
    get,
    names,
    select,
)
from actviz.errors import ActvizError, FormulaError, ParameterError, UnknownActivationError

__all__ = [
    "Activation",
    "ActvizError",
    "BoundActivation",
    "FormulaError",
    "FormulaScope",
    "Interval",
    "Notes",
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


def __getattr__(name: str):
    # FormulaScope pulls in the formula parser; most programs never need it at start-up.
    if name == "FormulaScope":
        from actviz.activations.formula import FormulaScope

        return FormulaScope
    raise AttributeError(f"module 'actviz' has no attribute {name!r}")
