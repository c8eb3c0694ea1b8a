"""Applying actviz's matplotlib style sheet (or any other) without touching global state."""

from __future__ import annotations

import contextlib
from importlib import resources
from typing import Iterator

DEFAULT_STYLE = "actviz"


def style_path(name: str = DEFAULT_STYLE) -> str:
    """The file of a style shipped in ``actviz/styles/`` (e.g. ``actviz``)."""
    return str(resources.files("actviz.styles").joinpath(f"{name}.mplstyle"))


@contextlib.contextmanager
def style_context(style: str | None = None) -> Iterator[None]:
    """``plt.style.context`` for actviz's style, a shipped style name, a matplotlib style or a file.

    Never ``plt.style.use``: global rcParams are left as they were.
    """
    import matplotlib.pyplot as plt

    with plt.style.context(_resolve(style)):
        yield


def _resolve(style: str | None) -> str:
    if style is None or style == DEFAULT_STYLE:
        return style_path()
    return style
