"""Where a figure is drawn and saved: the style sheet, the language's fonts, atomic saving.

Fonts and styles are read from rcParams both when artists are created and when the file is
written, so a figure is built *and* saved inside :func:`drawing`.

- Styles: actviz's matplotlib style sheet, or any other, applied with a context manager,
  without touching global state.
- Fonts for figure text in Chinese: find an installed CJK font, or fall back to English.
  matplotlib's default font (DejaVu Sans) has no Chinese glyphs; it draws empty boxes.  A CJK
  family is put first in ``font.family`` with DejaVu Sans behind it, so matplotlib's
  per-glyph fallback still finds the Unicode minus sign (U+2212) and Greek letters if the CJK
  font lacks them; that is why ``axes.unicode_minus`` can stay on (the course notes turn it
  off to dodge the boxes, and get a hyphen instead of a minus).
- Saving: atomically, the format chosen by the file's suffix, PNG sizes checked.

matplotlib is imported inside the functions that need it: checking a figure's options (as
batch does for every output before drawing any) imports none.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import math
import os
import shutil
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from actviz.errors import ActvizError, OptionError, not_text, option_name
from actviz.output import atomic_output, check_suffix, check_writable

if TYPE_CHECKING:
    from matplotlib.figure import Figure


# --------------------------------------------------------------------------------------------
# Styles, applied without touching global state
# --------------------------------------------------------------------------------------------

DEFAULT_STYLE = "actviz"
_STYLE = {"subject": "style", "separator": ": "}  # a style's errors begin "--style: " (CLI)


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
                problem = _unusable_setting()
    except OSError:
        raise OptionError(
            f"'{style}' is neither a matplotlib style name nor a style file "
            "(see matplotlib.style.available)", **_STYLE
        ) from None
    except (UserWarning, ValueError, KeyError) as problem:
        raise OptionError(f"cannot use '{style}': {_first_line(problem)}", **_STYLE) from None
    finally:
        logger.removeHandler(problems)
        logger.propagate = propagate
    if problems.messages:
        raise OptionError(f"cannot use '{style}': {problems.messages[0]}", **_STYLE)
    if problem:
        raise OptionError(f"cannot use '{style}': {problem}", **_STYLE)


MAX_FIGURE_INCHES = 100  # a side of a figure, as the --width and --height options allow
# Settings that must be positive numbers for a figure to have a size at all.
_POSITIVE_SETTINGS = ("figure.figsize", "figure.dpi", "savefig.dpi", "font.size")


def _unusable_setting() -> str | None:
    """What in the current rcParams a figure cannot be drawn with, in words, or None.

    matplotlib reads such sheets without complaint and fails only while drawing, with a
    traceback: an infinite ``figure.figsize`` (OverflowError), ``text.usetex: True`` without
    LaTeX installed (RuntimeError from the first label).
    """
    import matplotlib

    params = matplotlib.rcParams
    for key, value in params.items():
        numbers = value if isinstance(value, (list, tuple)) else [value]
        if any(isinstance(n, float) and not math.isfinite(n) for n in numbers):
            return f"{key} is {value!r}: it must be finite"
    for key in _POSITIVE_SETTINGS:
        value = params[key]
        numbers = value if isinstance(value, (list, tuple)) else [value]
        if any(isinstance(n, (int, float)) and n <= 0 for n in numbers):
            return f"{key} is {value!r}: it must be positive"
    if max(params["figure.figsize"]) > MAX_FIGURE_INCHES:
        return (f"figure.figsize is {params['figure.figsize']!r}: at most {MAX_FIGURE_INCHES} "
                "inches a side, the largest figure actviz draws")
    if params["text.usetex"]:
        missing = [tool for tool in ("latex", "dvipng") if shutil.which(tool) is None]
        if missing:
            return (f"text.usetex is True but {' and '.join(missing)} "
                    f"{'is' if len(missing) == 1 else 'are'} not installed: remove that line, "
                    "or install a TeX distribution")
    return None


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


# --------------------------------------------------------------------------------------------
# Fonts for Chinese figure text: a CJK family, or English
# --------------------------------------------------------------------------------------------

# Families that carry Simplified Chinese, most complete first.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK JP",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "Arial Unicode MS",
)


@lru_cache(maxsize=1)
def find_cjk_family() -> str | None:
    """The first installed family of :data:`CJK_FAMILIES`, or ``None``.

    matplotlib lists the fonts once, in a cache file, and never looks again: a CJK font
    installed after that (``apt-get install fonts-noto-cjk`` on a machine that has drawn a
    figure) stays invisible.  So when the cache holds none, the fonts on disk are compared
    with it and a CJK font missing from it is added and the cache rewritten
    (:func:`_add_fonts_missing_from_the_cache`).  That comparison lists every font (fc-list,
    15-40 ms, more with many fonts), so a finding of none is recorded with the state of the
    font folders (:func:`_font_folders_stamp`): a later process looks again only once a font
    folder has changed, as installing a font changes it.
    """
    family = _cached_cjk_family()
    if family is not None:
        return family
    stamp = _font_folders_stamp()
    if stamp == _recorded_no_cjk():
        return None  # looked already, and no font was installed since
    if _add_fonts_missing_from_the_cache():
        family = _cached_cjk_family()
    if family is None:
        _record_no_cjk(stamp)
    return family


def _font_folders() -> list[str]:
    """Where fonts are installed (matplotlib's own list of folders), and on Linux and macOS
    fontconfig's caches, which ``fc-cache`` rewrites when a font is installed anywhere
    fontconfig looks."""
    import sys

    from matplotlib import font_manager

    if sys.platform == "win32":
        return [os.path.join(os.environ.get("WINDIR", "C:\\Windows"), "Fonts"),
                *font_manager.MSUserFontDirectories]
    mac = [*font_manager.OSXFontDirectories] if sys.platform == "darwin" else []
    return [*font_manager.X11FontDirectories, *mac, "/var/cache/fontconfig",
            str(Path.home() / ".cache" / "fontconfig")]


def _font_folders_stamp() -> str:
    """Every folder below :func:`_font_folders` with its modification time (a folder's
    changes when a file is added to or removed from it), after the families looked for; one
    line each.  Folders only: it costs a directory listing, not a font read."""
    lines = [repr(CJK_FAMILIES)]
    pending = list(_font_folders())
    while pending:
        folder = pending.pop()
        try:
            # ascii(): a name with a newline or a byte that is not UTF-8 stays one line of text
            lines.append(f"{ascii(folder)} {os.stat(folder).st_mtime_ns}")
            with os.scandir(folder) as entries:
                pending += sorted(entry.path for entry in entries
                                  if entry.is_dir(follow_symlinks=False))
        except OSError:  # absent, or unreadable: as good as no fonts there
            continue
    return "\n".join(lines) + "\n"


def _no_cjk_record() -> Path:
    import matplotlib

    return Path(matplotlib.get_cachedir(), "actviz-no-cjk-font")


def _recorded_no_cjk() -> str | None:
    with contextlib.suppress(OSError, UnicodeDecodeError):
        return _no_cjk_record().read_text(encoding="utf-8")
    return None


def _record_no_cjk(stamp: str) -> None:
    from actviz.output import write_text_atomic

    with contextlib.suppress(OSError, ActvizError):  # a read-only cache: looked again next time
        write_text_atomic(_no_cjk_record(), stamp)


def _cached_cjk_family() -> str | None:
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in installed), None)


def _add_fonts_missing_from_the_cache() -> bool:
    """Add to matplotlib's font list the CJK fonts on disk that its cache lacks, and write the
    cache again so later processes find them at once; whether any was added."""
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    manager = font_manager.fontManager
    known = {os.path.realpath(font.fname) for font in manager.ttflist}
    added = False
    for path in font_manager.findSystemFonts():
        if os.path.realpath(path) in known:
            continue
        try:
            family = FT2Font(path).family_name
        except (OSError, RuntimeError):  # a font FreeType cannot read: matplotlib skips it too
            continue
        if family in CJK_FAMILIES or "CJK" in family:
            manager.addfont(path)
            added = True
    if added:
        cache = Path(matplotlib.get_cachedir(),
                     f"fontlist-v{font_manager.FontManager.__version__}.json")
        with contextlib.suppress(OSError):  # a read-only cache: found again next time
            font_manager.json_dump(manager, cache)
    return added


@dataclass(frozen=True)
class LanguageSetup:
    """What a figure in ``requested`` language gets: the language used, rcParams, a warning."""

    requested: str
    lang: str
    rc: dict = field(default_factory=dict)
    warning: str | None = None


def language_setup(lang: str) -> LanguageSetup:
    """rcParams for ``lang``; for ``zh`` without a CJK font, English and a one-line warning."""
    if lang != "zh":
        return LanguageSetup(lang, lang)
    family = find_cjk_family()
    if family is None:
        return LanguageSetup(
            lang,
            "en",
            warning="no CJK font found (install e.g. fonts-noto-cjk); labels are in English",
        )
    # the families themselves, not "sans-serif": matplotlib falls back glyph by glyph only
    # along font.family (a generic family resolves to its first installed font alone)
    rc = {"font.family": [family, "DejaVu Sans"]}
    return LanguageSetup(lang, "zh", rc)


# --------------------------------------------------------------------------------------------
# Saving: atomic, the format chosen by the suffix
# --------------------------------------------------------------------------------------------

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


# The keywords of a figure's size where a command does not say (plot's, compare's, ...):
# FigureSpec.size_options, from the command's declaration (actviz.options).
SIZE_OPTIONS = ("width", "height")


def check_png_pixels(width: int, height: int, size: tuple[str, str] = SIZE_OPTIONS) -> None:
    """A PNG larger than :data:`MAX_PNG_SIDE` on a side is refused (it would take gigabytes);
    the message names the command's ``size`` options."""
    if max(width, height) > MAX_PNG_SIDE:
        raise OptionError(
            f"a {width} × {height} px PNG is too large (at most {MAX_PNG_SIDE:,} px a side): "
            f"lower {option_name('dpi')}, {option_name(size[0])} or {option_name(size[1])}, "
            "or write .svg or .pdf"
        )


def check_figure_path(path: str | os.PathLike) -> str:
    """The figure format (``png``, ``svg`` or ``pdf``) for ``path``; checked before any drawing.

    An unknown suffix is an :class:`OptionError`; a path that cannot be written (a folder, a
    parent that is a file, no permission) an :class:`OutputError`.
    """
    fmt = check_suffix(path, FIGURE_SUFFIXES)[1:]
    check_writable(path)
    return fmt


def save_figure(figure: "Figure", path: str | os.PathLike, dpi: float | None = None,
                size: tuple[str, str] = SIZE_OPTIONS) -> Path:
    """Write ``figure`` to ``path`` (a temporary file beside it, then a rename) and return it;
    ``size`` names the options of its size, for a figure too large or too small.

    Metadata that changes from run to run (matplotlib's creation date) is left out, so the same
    figure gives the same bytes and batch rebuilds can compare files.
    """
    import matplotlib

    fmt = check_figure_path(path)
    if fmt == "png":  # again: a long legend may have made the figure taller since the check
        check_png_pixels(*pixel_size(figure.get_size_inches(), dpi, figure.dpi), size)
    # SVG ids (clip paths, glyphs) come from a random salt unless one is set.
    with matplotlib.rc_context({"svg.hashsalt": "actviz"}), warnings.catch_warnings():
        # A figure too small for its titles and labels: an error before the file is in place
        # rather than a squashed figure and a matplotlib warning.
        warnings.filterwarnings("error", message="constrained_layout not applied")
        try:
            with atomic_output(path, "wb") as handle, _watch_clipping(figure) as clipped:
                figure.savefig(handle, format=fmt, dpi=dpi, metadata=_STABLE_METADATA[fmt])
                if clipped:  # constrained layout cannot narrow a title wider than the figure
                    raise too_small(figure, size)
        except UserWarning:
            raise too_small(figure, size) from None
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


def too_small(figure: "Figure", size: tuple[str, str] = SIZE_OPTIONS) -> OptionError:
    """The error for a figure whose titles and labels do not fit its size (``size``: the
    command's options for it)."""
    width, height = figure.get_size_inches()
    return OptionError(
        f"a {width:g} × {height:g} in figure is too small for its titles and labels: "
        f"make {option_name(size[0])}/{option_name(size[1])} larger"
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


# --------------------------------------------------------------------------------------------
# Drawing: a figure built and saved inside its style and fonts
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FigureSpec:
    """How a figure should look, as the shared figure options give it (None: the default)."""

    style: str | None = None
    lang: str = "en"
    title: str | None = None
    width: float | None = None
    height: float | None = None
    dpi: float | None = None
    #: the keywords of width and height in the command's options (for the messages)
    size_options: tuple[str, str] = SIZE_OPTIONS

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


# Characters in a title: four lines across the widest figure.  A longer one cannot fit, and
# would cost its text layout (and mathtext parsing) long before that is found out.
MAX_TITLE_CHARS = 1_000


def check_title(title: str) -> None:
    """A title must be text (not a byte that is not UTF-8) of at most
    :data:`MAX_TITLE_CHARS` characters, and one with ``$...$`` valid mathtext (a literal
    ``$`` is written ``\\$``)."""
    if len(title) > MAX_TITLE_CHARS:
        raise OptionError(f"holds at most {MAX_TITLE_CHARS:,} characters, got {len(title):,}",
                          subject="title", separator=": ")
    found = not_text(title)
    if found is not None:
        raise OptionError(f"{found[1]} (is the terminal in another encoding?)",
                          subject="title", separator=": ")
    if "$" not in title.replace(r"\$", ""):
        return
    from matplotlib.mathtext import MathTextParser

    try:
        MathTextParser("path").parse(title)
    except ValueError:
        raise OptionError(
            f"cannot read the math in '{title}' (write a literal $ as \\$)",
            subject="title", separator=": ",
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
        save_figure(figure, path, spec.dpi, spec.size_options)
    return setup
