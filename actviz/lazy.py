"""numpy, imported on first use: reading the declarations needs no numbers.

``actviz list`` and ``actviz --help`` read the registry (names, formulas, parameters,
properties) without computing anything, yet every family module defines its functions with
numpy; importing numpy only to define functions nobody calls would be half of such a
command's time (~50 ms).  So the modules on that path write::

    from actviz.lazy import numpy as np

which binds ``np`` at once and imports numpy the first time one of its attributes
(``np.exp``) is read -- :class:`importlib.util.LazyLoader`, the standard library's recipe.
After that first read ``np`` *is* the numpy module, at no cost per use.  A plain
``import numpy`` anywhere (matplotlib, the user's notebook) imports it fully, as usual.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType
from typing import TYPE_CHECKING


def lazy_module(name: str) -> ModuleType:
    """The module ``name``, its code run when an attribute is first read (at once if it is
    already imported).  Raises :class:`ModuleNotFoundError` like ``import`` when missing."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


if TYPE_CHECKING:  # type checkers see numpy itself
    import numpy
else:
    numpy = lazy_module("numpy")
