"""Applying actviz's matplotlib style sheet (or any other) without touching global state."""

from __future__ import annotations

import contextlib
import functools
import logging
import warnings
from importlib import resources
from typing import Iterator

from actviz.errors import OptionError

DEFAULT_STYLE = "actviz"


def style_path(name: str = DEFAULT_STYLE) -> str:
    """The file of a style shipped in ``actviz/styles/`` (e.g. ``actviz``)."""
    return str(resources.files("actviz.styles").joinpath(f"{name}.mplstyle"))


@contextlib.contextmanager
def style_context(style: str | None = None) -> Iterator[None]:
    """``matplotlib.style.context`` for actviz's style with ``style`` (a name or file) on top.

    A user's sheet is applied over the house style, so a file holding only
    ``lines.linewidth: 3`` keeps everything else; ``default`` gives matplotlib's own look.
    Never ``style.use``: global rcParams are left as they were.  ``matplotlib.style`` rather
    than ``pyplot.style``: the same function without importing pyplot and its backends.
    """
    import matplotlib

    if style is None or style == DEFAULT_STYLE:
        # The house sheet alone is applied as the settings it holds: ~1 ms, where
        # style.context costs ~8 ms a call plus ~7 ms to import matplotlib.style, which
        # reads every bundled sheet -- a tenth of a figure's whole budget.  (Not
        # rc_context(fname=...): that resets the user's own rcParams to matplotlib's.)
        with matplotlib.rc_context(_house_settings()):
            yield
        return
    from matplotlib import style as mpl_style

    with mpl_style.context(_resolve(style)):
        yield


@functools.cache
def _house_settings() -> dict:
    """The settings in actviz's own sheet, and only those."""
    import matplotlib

    return dict(matplotlib.rc_params_from_file(style_path(), use_default_template=False))


def check_style(style: str | None) -> None:
    """Raise :class:`OptionError` unless ``style`` loads cleanly (called before any drawing).

    A misspelt name, a missing file or a sheet with bad lines (which matplotlib only logs or
    warns about, then ignores) all give one line naming the problem.
    """
    if style is None or style == DEFAULT_STYLE:
        return  # the shipped sheet, checked once by the tests rather than at every figure
    problems = _Collector()
    logger = logging.getLogger("matplotlib")
    logger.addHandler(problems)
    propagate, logger.propagate = logger.propagate, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with style_context(style):
                pass
    except OSError:
        raise OptionError(
            f"--style: '{style}' is neither a matplotlib style name nor a style file "
            "(see matplotlib.style.available)"
        ) from None
    except (UserWarning, ValueError, KeyError) as problem:
        raise OptionError(f"--style: cannot use '{style}': {_first_line(problem)}") from None
    finally:
        logger.removeHandler(problems)
        logger.propagate = propagate
    if problems.messages:
        raise OptionError(f"--style: cannot use '{style}': {problems.messages[0]}")


class _Collector(logging.Handler):
    """Keeps the first line of each warning matplotlib logs while reading a style sheet."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(_first_line(record.getMessage()))


def _first_line(problem: object) -> str:
    lines = str(problem).strip().splitlines()
    return lines[0] if lines else "invalid style"


def _resolve(style: str) -> list[str]:
    return [style_path(), style]
