"""Activations from other packages: the entry-point group ``actviz.activations``.

A package declares, in its ``pyproject.toml``::

    [project.entry-points."actviz.activations"]
    my_acts = "my_package.activations"             # a module that calls actviz.register(...)
    # or "my_package.activations:ACTIVATIONS"      # an Activation, a list of them, a mapping
    #                                              # {name: formula}, or a function returning one

The registry loads every plugin once, on first use (``actviz.get``, ``actviz.names``, ``actviz
list``).  A plugin that fails to import or register is left out and actviz goes on without it;
the library prints nothing: :func:`plugin_failures` lists what failed, and the command line
prints each as one warning line naming it.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any, Iterable, Mapping, NamedTuple

from actviz.activations.registry import Activation, get, is_deferred, undone_on_error
from actviz.errors import describe_exception

if TYPE_CHECKING:
    from importlib import metadata

GROUP = "actviz.activations"


class PluginFailure(NamedTuple):
    """A plugin that was not loaded: its entry point's ``name``, the one-line ``reason`` and
    ``message``, the sentence the command line prints."""

    name: str
    reason: str
    message: str


_FAILURES: list[PluginFailure] = []


def load_plugins() -> None:
    """Import and register every plugin of the entry-point group; record failures, go on."""
    for entry_point in _entry_points():
        try:
            with undone_on_error() as added:
                _register_object(entry_point.load())
                _try_out(added())
        except KeyboardInterrupt:  # the user's Ctrl-C, not the plugin's failure
            raise
        except BaseException as error:  # a plugin must not take actviz down with it
            _report(entry_point, error)


def _try_out(names: Iterable[str]) -> None:
    """Evaluate each activation a plugin registered, at its defaults: f and f' at 0 and at
    ±10^k out to ±1e300 (the range every command samples), and its breakpoints.  A function
    that raises or returns the wrong shape fails its plugin now, as one warning, rather than
    every command later; it costs microseconds (the properties, inferred on a grid of
    thousands of points, are left to the commands that show them).  Formulas are not built
    (that imports sympy): their text was checked when they were registered."""
    from actviz.lazy import numpy as np

    tail = np.logspace(-3.0, 300.0, 20)
    probe = np.concatenate([-tail[::-1], [0.0], tail])
    for name in names:
        if is_deferred(name):
            continue
        bound = get(name)
        bound(probe), bound.derivative(probe), bound.breakpoints


def plugin_failures() -> list[PluginFailure]:
    """(plugin name, one-line reason, message) for each plugin that could not be loaded, in
    the order they were tried; empty until the registry has loaded (on first use)."""
    return list(_FAILURES)


def _entry_points() -> Iterable["metadata.EntryPoint"]:
    if not _may_have_plugins():
        return ()
    from importlib import metadata

    try:
        found = metadata.entry_points(group=GROUP)
    except Exception as error:  # a corrupt distribution on sys.path
        reason = describe_exception(error)
        _FAILURES.append(PluginFailure("*", reason, f"could not list actviz plugins: {reason}"))
        return ()
    # Several copies of one distribution on sys.path show the same entry point more than once.
    return list({(ep.name, ep.value): ep for ep in found}.values())


def _may_have_plugins() -> bool:
    """A cheap look for any installed distribution declaring the group.

    Importing importlib.metadata costs 20-50 ms, a tenth of a command's start-up; with no plugin
    installed (the usual case) this scan of the metadata folders on sys.path (1-2 ms) spares it.
    A zip file on sys.path is not looked into: importlib.metadata is asked instead.
    """
    needle = f"[{GROUP}]"
    for entry in sys.path:
        folder = entry or "."
        if os.path.isfile(folder):
            return True
        try:
            items = list(os.scandir(folder))
        except OSError:
            continue
        for item in items:
            if not item.name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(item.path, "entry_points.txt"), encoding="utf-8",
                          errors="replace") as declared:
                    if needle in declared.read():
                        return True
            except OSError:
                continue
    return False


def _register_object(loaded: Any) -> None:
    """Register what an entry point names (a module registers on import)."""
    from actviz.activations.custom import register

    if isinstance(loaded, ModuleType):
        return
    if callable(loaded) and not isinstance(loaded, Activation):
        loaded = loaded()
    if loaded is None:
        return
    if isinstance(loaded, Activation):
        register(loaded)
    elif isinstance(loaded, Mapping):
        for name, definition in loaded.items():
            if isinstance(definition, str):
                register(name, formula=definition)
            else:
                register(name, **dict(definition))
    elif isinstance(loaded, Iterable) and not isinstance(loaded, str):
        for activation in loaded:
            if not isinstance(activation, Activation):
                raise TypeError(f"expected Activation declarations, got {activation!r}")
            register(activation)
    else:
        raise TypeError("the entry point must name a module, an Activation, a list of them, a "
                        f"mapping of formulas, or a function returning one; got {loaded!r}")


def _report(entry_point: "metadata.EntryPoint", error: BaseException) -> None:
    # Recorded, not printed nor warnings.warn'ed: a library does not write to stderr, and the
    # "error" filter of test suites would turn a broken plugin into a crash.
    reason = describe_exception(error)
    message = f"plugin '{entry_point.name}' ({entry_point.value}) was not loaded: {reason}"
    _FAILURES.append(PluginFailure(entry_point.name, reason, message))
