"""Saving a matplotlib figure atomically, its format chosen by the file's suffix."""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from actviz.errors import OptionError
from actviz.output import atomic_output, check_suffix, check_writable

if TYPE_CHECKING:  # matplotlib is imported only by code that draws
    from matplotlib.figure import Figure

FIGURE_SUFFIXES = (".png", ".svg", ".pdf")


def check_figure_path(path: str | os.PathLike) -> str:
    """The figure format (``png``, ``svg`` or ``pdf``) for ``path``; checked before any drawing.

    An unknown suffix is an :class:`OptionError`; a path that cannot be written (a folder, a
    parent that is a file, no permission) an :class:`OutputError`.
    """
    fmt = check_suffix(path, FIGURE_SUFFIXES)[1:]
    check_writable(path)
    return fmt


def save_figure(figure: "Figure", path: str | os.PathLike, dpi: float | None = None) -> Path:
    """Write ``figure`` to ``path`` (a temporary file beside it, then a rename) and return it.

    Metadata that changes from run to run (matplotlib's creation date) is left out, so the same
    figure gives the same bytes and batch rebuilds can compare files.
    """
    import matplotlib

    fmt = check_figure_path(path)
    metadata = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}
    # SVG ids (clip paths, glyphs) come from a random salt unless one is set.
    with matplotlib.rc_context({"svg.hashsalt": "actviz"}), warnings.catch_warnings():
        # A figure too small for its titles and labels: an error before the file is in place
        # rather than a squashed figure and a matplotlib warning.
        warnings.filterwarnings("error", message="constrained_layout not applied")
        try:
            with atomic_output(path, "wb") as handle:
                figure.savefig(handle, format=fmt, dpi=dpi, metadata=metadata[fmt])
        except UserWarning:
            width, height = figure.get_size_inches()
            raise OptionError(
                f"a {width:g} × {height:g} in figure is too small for its titles and labels: "
                "make --width/--height larger"
            ) from None
    return Path(path)
