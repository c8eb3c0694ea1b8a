"""numpy, imported on first use: reading the declarations needs no numbers.

``actviz list`` and ``actviz --help`` read the registry (names, formulas, parameters,
properties) without computing anything, yet every family module defines its functions with
numpy; importing numpy only to define functions nobody calls would be half of such a
command's time (~50 ms).  So the modules on that path write::

    from actviz.lazy import numpy as np

which binds ``np`` to a stand-in that imports numpy the first time one of its attributes
(``np.exp``) is read, and keeps each attribute once read, so later reads are plain lookups.

Why a stand-in and not :class:`importlib.util.LazyLoader`: the stand-in never enters
``sys.modules``, so numpy itself is imported the ordinary way -- safe when two threads use it
first at once, when the first use is interrupted (Ctrl-C) and when someone else's
``import numpy.linalg`` or unpickling comes first, three cases where a lazily loaded
``sys.modules["numpy"]`` breaks on Python 3.11.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any


class LazyModule(ModuleType):
    """Stands for the module ``name``: imported (by :func:`importlib.import_module`) when an
    attribute is first read; each attribute read is kept on the stand-in."""

    def __getattr__(self, attribute: str) -> Any:  # only for attributes not yet kept
        value = getattr(importlib.import_module(self.__name__), attribute)
        setattr(self, attribute, value)
        return value


if TYPE_CHECKING:  # type checkers see numpy itself
    import numpy
else:
    numpy = LazyModule("numpy")
