"""Saving a matplotlib figure atomically, its format chosen by the file's suffix."""

from __future__ import annotations

import contextlib
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from actviz.errors import OptionError
from actviz.output import atomic_output, check_suffix, check_writable

if TYPE_CHECKING:  # matplotlib is imported only by code that draws
    from matplotlib.figure import Figure

FIGURE_SUFFIXES = (".png", ".svg", ".pdf")
MAX_PNG_SIDE = 16_384  # pixels: an A0 poster at 300 dpi is 14,043 px wide
# Left out of every file: what changes from run to run, so the same figure gives the same bytes.
_STABLE_METADATA = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}


def pixel_size(
    inches: tuple[float, float], dpi: float | None = None, figure_dpi: float | None = None
) -> tuple[int, int]:
    """The pixels of a PNG ``inches`` large at ``dpi``, by default the style's ``savefig.dpi``
    (whose ``"figure"`` means ``figure_dpi``, by default the style's ``figure.dpi``)."""
    import matplotlib

    if dpi is None:
        saved = matplotlib.rcParams["savefig.dpi"]
        dpi = (figure_dpi or matplotlib.rcParams["figure.dpi"]) if saved == "figure" else saved
    width, height = inches
    return round(width * dpi), round(height * dpi)


def check_png_pixels(width: int, height: int) -> None:
    """A PNG larger than :data:`MAX_PNG_SIDE` on a side is refused (it would take gigabytes)."""
    if max(width, height) > MAX_PNG_SIDE:
        raise OptionError(
            f"a {width} × {height} px PNG is too large (at most {MAX_PNG_SIDE:,} px a side): "
            "lower --dpi, --width or --height, or write .svg or .pdf"
        )


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
    if fmt == "png":  # again: a long legend may have made the figure taller since the check
        check_png_pixels(*pixel_size(figure.get_size_inches(), dpi, figure.dpi))
    # SVG ids (clip paths, glyphs) come from a random salt unless one is set.
    with matplotlib.rc_context({"svg.hashsalt": "actviz"}), warnings.catch_warnings():
        # A figure too small for its titles and labels: an error before the file is in place
        # rather than a squashed figure and a matplotlib warning.
        warnings.filterwarnings("error", message="constrained_layout not applied")
        try:
            with atomic_output(path, "wb") as handle, _watch_clipping(figure) as clipped:
                figure.savefig(handle, format=fmt, dpi=dpi, metadata=_STABLE_METADATA[fmt])
                if clipped:  # constrained layout cannot narrow a title wider than the figure
                    raise too_small(figure)
        except UserWarning:
            raise too_small(figure) from None
    return Path(path)


def figure_bytes(figure: "Figure", fmt: str, dpi: float | None = None) -> bytes:
    """``figure`` as the bytes of a ``fmt`` file (``png``, ``svg``), without the metadata that
    changes from run to run: what a notebook shows."""
    import io

    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "actviz"}):
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=_STABLE_METADATA[fmt])
    return buffer.getvalue()


def too_small(figure: "Figure") -> OptionError:
    """The error for a figure whose titles and labels do not fit its size."""
    width, height = figure.get_size_inches()
    return OptionError(
        f"a {width:g} × {height:g} in figure is too small for its titles and labels: "
        "make --width/--height larger (--fig-width/--fig-height for saturation)"
    )


@contextlib.contextmanager
def _watch_clipping(figure: "Figure") -> Iterator[list[str]]:
    """A list that each draw of ``figure`` fills with :func:`clipped_texts`, measured with
    the draw's own renderer (its text metrics are cached: no second pass)."""
    clipped: list[str] = []

    def measure(event) -> None:
        # The layout's first draw fixes every position; the final draw repeats it.
        figure.canvas.mpl_disconnect(handle)
        clipped[:] = clipped_texts(figure, event.renderer)

    handle = figure.canvas.mpl_connect("draw_event", measure)
    try:
        yield clipped
    finally:
        figure.canvas.mpl_disconnect(handle)


def clipped_texts(figure: "Figure", renderer) -> list[str]:
    """The texts of ``figure`` that reach past its edges by more than 1 pt, as drawn by
    ``renderer``: tick labels, titles, legends, annotations.

    Constrained layout warns when it cannot fit the axes, but a title wider than the figure
    it simply centres and lets the edges cut.
    """
    from matplotlib.axis import Axis
    from matplotlib.text import Text

    hidden = set()  # the labels of ticks beyond the view, which an axis does not draw
    for axis in figure.findobj(Axis):
        low, high = sorted(axis.get_view_interval())
        for tick in axis.majorTicks + axis.minorTicks:
            if not low <= tick.get_loc() <= high:
                hidden.update((tick.label1, tick.label2))
    inside = figure.bbox.padded(figure.dpi / 72)  # 1 pt of slack, for antialiasing
    return [text.get_text() for text in figure.findobj(Text)
            if text.get_visible() and text.get_text() and text not in hidden
            and not _within(text.get_window_extent(renderer), inside)]


def _within(box, frame) -> bool:
    return (box.x0 >= frame.x0 and box.y0 >= frame.y0
            and box.x1 <= frame.x1 and box.y1 <= frame.y1)
