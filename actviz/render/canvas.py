"""Where a figure is drawn and saved: inside actviz's style sheet and the language's fonts.

Fonts and styles are read from rcParams both when artists are created and when the file is
written, so a figure is built *and* saved inside :func:`drawing`.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from typing import Callable, Iterator

from actviz.render.fonts import LanguageSetup, language_setup
from actviz.render.save import save_figure
from actviz.render.style import style_context


@dataclass(frozen=True)
class FigureSpec:
    """How a figure should look, as the shared figure options give it (None: the default)."""

    style: str | None = None
    lang: str = "en"
    title: str | None = None
    width: float | None = None
    height: float | None = None
    dpi: float | None = None

    def size(self, default_width: float, default_height: float) -> tuple[float, float]:
        return (self.width or default_width, self.height or default_height)


@contextlib.contextmanager
def drawing(spec: FigureSpec) -> Iterator[LanguageSetup]:
    """The style sheet plus the language's font settings; yields the language actually used."""
    import matplotlib

    setup = language_setup(spec.lang)
    with style_context(spec.style), matplotlib.rc_context(setup.rc):
        yield setup


def draw_and_save(
    build: Callable[[str], "object"], spec: FigureSpec, path: str | os.PathLike
) -> LanguageSetup:
    """Build a figure with ``build(lang)`` and save it to ``path``, both inside :func:`drawing`.

    Returns the language setup so the caller can print its warning (no CJK font found).
    """
    with drawing(spec) as setup:
        figure = build(setup.lang)
        save_figure(figure, path, spec.dpi)
    return setup
