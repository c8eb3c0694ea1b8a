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

Every command is a function that returns a result object (see actviz.products):

>>> actviz.plot("elu:alpha=0.5", derivative=True, xmin=-4, xmax=4)
<PlotResult elu:alpha=0.5: f and f′ on [-4, 4]>
>>> actviz.table(["sigmoid"], at=[0, 40]).rows[1]["sigmoid f'(x)"]
4.248354255291589e-18
>>> report = actviz.precision(["sigmoid"], dtypes=["float16"])   # σ′ is 0 in float16 from:
>>> report.numbers("sigmoid", "float16", "left").gradient_zero_from
17.34375
>>> actviz.plot("relu", xmin=float("nan"))
Traceback (most recent call last):
...
actviz.errors.OptionError: xmin must be a finite number, got nan
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
from actviz.errors import (
    ActvizError,
    FormulaError,
    OptionError,
    OutputError,
    ParameterError,
    UnknownActivationError,
)
from actviz.options import COMMANDS as _COMMANDS
from actviz.products import product_module as _product_module

__all__ = [
    "Activation",
    "ActvizError",
    "BoundActivation",
    "FormulaError",
    "FormulaScope",
    "Interval",
    "Notes",
    "OptionError",
    "OutputError",
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


# The commands, as functions returning result objects (actviz.plot(...)): those declared in
# actviz.options (the one list of them), each in its module of actviz.products, imported on
# first use, so `import actviz` imports no matplotlib or scipy.
__all__ += sorted(_COMMANDS)


def __getattr__(name: str):
    # FormulaScope pulls in the formula parser; most programs never need it at start-up.
    if name == "FormulaScope":
        from actviz.activations.formula import FormulaScope

        return FormulaScope
    if name in _COMMANDS:
        import importlib

        return getattr(importlib.import_module(_product_module(name)), name)
    raise AttributeError(f"module 'actviz' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
