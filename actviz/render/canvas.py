"""Where a figure is drawn and saved: inside actviz's style sheet and the language's fonts.

Fonts and styles are read from rcParams both when artists are created and when the file is
written, so a figure is built *and* saved inside :func:`drawing`.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from dataclasses import dataclass
from typing import Callable, Iterator

from actviz.errors import OptionError
from actviz.render.fonts import LanguageSetup, language_setup
from actviz.render.save import check_figure_path, save_figure
from actviz.render.style import check_style, style_context


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


def check_figure(spec: FigureSpec, path: str | os.PathLike) -> str:
    """Everything about a figure file that can fail, checked before any work: the suffix and
    the folder (:func:`check_figure_path`), the style sheet and a ``$...$`` title.  Returns
    the format (``png``, ``svg`` or ``pdf``)."""
    fmt = check_figure_path(path)
    check_style(spec.style)
    if spec.title:
        check_title(spec.title)
    return fmt


def check_title(title: str) -> None:
    """A title with ``$...$`` must be valid mathtext (a literal ``$`` is written ``\\$``)."""
    if "$" not in title.replace(r"\$", ""):
        return
    from matplotlib.mathtext import MathTextParser

    try:
        MathTextParser("path").parse(title)
    except ValueError:
        raise OptionError(
            f"--title: cannot read the math in '{title}' (write a literal $ as \\$)"
        ) from None


def figure_fonts(spec: FigureSpec) -> LanguageSetup:
    """The fonts for ``spec.lang``, with a CJK font also when an English figure is given a
    title in Chinese (``--title 激活函数``), so its characters are not drawn as boxes."""
    setup = language_setup(spec.lang)
    if setup.lang == "zh" or not _has_cjk(spec.title or ""):
        return setup
    cjk = language_setup("zh")
    if cjk.warning:
        return LanguageSetup(spec.lang, setup.lang, warning=(
            "no CJK font found (install e.g. fonts-noto-cjk): the title's Chinese characters "
            "cannot be drawn"))
    return LanguageSetup(spec.lang, setup.lang, cjk.rc)


def _has_cjk(text: str) -> bool:
    """True if ``text`` holds CJK characters (ideographs, kana, hangul, full-width forms)."""
    return any("\u2e80" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af"
               or "\uff00" <= char <= "\uffef" for char in text)


@contextlib.contextmanager
def drawing(spec: FigureSpec) -> Iterator[LanguageSetup]:
    """The style sheet plus the language's font settings; yields the language actually used.

    When the fonts fall short (``setup.warning``, printed once by the caller), matplotlib's
    own warning for every missing glyph is silenced.
    """
    import matplotlib

    setup = figure_fonts(spec)
    with style_context(spec.style), matplotlib.rc_context(setup.rc), warnings.catch_warnings():
        if setup.warning:
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        yield setup


def draw_and_save(
    build: Callable[[str], "object"], spec: FigureSpec, path: str | os.PathLike
) -> LanguageSetup:
    """Build a figure with ``build(lang)`` and save it to ``path``, both inside :func:`drawing`.

    Returns the language setup so the caller can print its warning (no CJK font found).
    """
    check_style(spec.style)  # a bad sheet is one line, even for a caller that did not check
    with drawing(spec) as setup:
        figure = build(setup.lang)
        save_figure(figure, path, spec.dpi)
    return setup
