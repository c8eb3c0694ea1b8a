"""Each command's checks across its options, in one place for the API, cli and batch.

A product function runs them before any work; a batch config runs the same ones while it is
read, before anything is drawn, so this module imports neither numpy nor matplotlib (every
function here imports what it needs, and only light modules).  Messages name options with
:func:`actviz.errors.option_name`, so each front end spells them its own way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Collection, Mapping, Sequence

from actviz.errors import OptionError, option_name
from actviz.options import SOFTMAX, TABLE

if TYPE_CHECKING:
    from actviz.activations.registry import BoundActivation
    from actviz.analysis.depth import DepthSettings

GRID = ("xmin", "xmax", "points")
DEPTH_ONLY = ("width", "init", "seed")


def check_curves(given: Mapping[str, Any]) -> None:
    """``plot`` and ``compare``: xmin < xmax, both finite, and the number of points."""
    from actviz.analysis.grid import check_range

    check_range(given["xmin"], given["xmax"], given["points"])


def table_grid(given: Mapping[str, Any], typed: Collection[str]):
    """``table``: (xmin, xmax, points) when one of them was given, else None; refused with
    ``at``.  The x values themselves are checked (``at``'s text) by
    :func:`actviz.analysis.tables.table_points`."""
    from actviz.analysis.tables import parse_points

    grid = tuple(given[key] for key in GRID) if set(typed) & set(GRID) else None
    if grid is not None:
        from actviz.analysis.grid import check_range

        if given["at"] is not None:
            raise OptionError(f"give either {option_name('at')} or {option_name('xmin')}/"
                              f"{option_name('xmax')}/{option_name('points')}, not both")
        check_range(*grid)
    elif given["at"] is not None:
        parse_points(given["at"])
    return grid


def table_rows(at: str | None, points: int | None) -> int:
    """How many rows a ``table`` of these options has, counted without computing it: the
    points of the grid, the values of ``at``, or the default x."""
    if points is not None:
        return points
    from actviz.analysis.lists import split_list
    from actviz.analysis.tables import DEFAULT_POINTS

    return len(split_list(at, "at", "")) if at is not None else len(DEFAULT_POINTS)


def check_reading(kind: str, given: Mapping[str, Any], fmt: str, rows: int | None = None) -> None:
    """The one check of every table for people, whoever asks: a command's result (``rows``
    counted from what it computed) and a batch config (counted from the options, before
    anything is drawn).  See :func:`reading_table`."""
    table = reading_table(kind, given, rows)
    if table is not None:
        table.check(fmt)


def reading_table(kind: str, given: Mapping[str, Any], rows: int | None = None):
    """The :class:`~actviz.analysis.limits.ReadingTable` of command ``kind``: ``rows`` are its
    x values (table) or logits (softmax), counted from ``given`` (``at``/``points``,
    ``logits``) when None.  None for the kinds whose tables have a row per activation and a
    fixed number of columns: a config names its activations one by one."""
    shape = _READING_TABLES.get(kind)
    return None if shape is None else shape(given, rows)


def _table_reading(given: Mapping[str, Any], rows: int | None):
    from actviz.analysis.limits import ReadingTable

    if rows is None:
        rows = table_rows(given.get("at"), given.get("points"))
    key = "points" if given.get("points") is not None else "at"
    return ReadingTable(rows, 0, f"use fewer {option_name('points')}, or "
                                 f"{option_name('format')} csv or json", rows_key=key)


def _softmax_reading(given: Mapping[str, Any], rows: int | None):
    from actviz.analysis.softmax import softmax_reading

    return softmax_reading(len(given["logits"]) if rows is None else rows, given["jacobian"])


_READING_TABLES = {TABLE.name: _table_reading, SOFTMAX.name: _softmax_reading}


def depth_settings(given: Mapping[str, Any], typed: Collection[str]) -> "DepthSettings | None":
    """``saturation``: the network of ``depth=L``; ``width``, ``init`` and ``seed`` only with
    it.  Threshold and sigma are checked too."""
    from actviz.analysis.depth import DepthSettings
    from actviz.analysis.saturation import check_sigma, check_threshold

    check_threshold(given["threshold"])
    check_sigma(given["sigma"])
    chosen = _depth_options(given, typed, DEPTH_ONLY)
    return None if chosen is None else DepthSettings(given["depth"], **chosen)


def _depth_options(given: Mapping[str, Any], typed: Collection[str],
                   depth_only: Sequence[str]) -> dict[str, Any] | None:
    """The network options among ``depth_only`` that have a value, or None without
    ``depth`` (when typing one of them is an error)."""
    if given["depth"] is None:
        for name in depth_only:
            if name in typed:
                raise OptionError(f"only applies with {option_name('depth')} L", subject=name)
        return None
    return {name: given[name] for name in depth_only if given[name] is not None}


PROPAGATE_DEPTH_ONLY = ("width", "seed")


def propagate_settings(given: Mapping[str, Any], typed: Collection[str]) -> "DepthSettings | None":
    """``propagate``: the measured network of ``depth=L`` with the same σ_w² and σ_b² (their
    bounds are the options', read when they were bound); ``width`` and ``seed`` only with it."""
    from actviz.analysis.depth import DepthSettings

    chosen = _depth_options(given, typed, PROPAGATE_DEPTH_ONLY)
    if chosen is None:
        return None
    return DepthSettings(given["depth"], sigma_w2=given["sigma_w2"], sigma_b2=given["sigma_b2"],
                         **chosen)


def check_sweep(spec: str, sweep: str, bind: Callable[..., "BoundActivation"]) -> None:
    """``plot --sweep``: the key is a parameter of ``spec`` and each value is in its range
    (``bind`` binds parameters, compiling nothing when it is a batch's)."""
    from actviz.analysis.sweep import sweep_activations

    sweep_activations(spec, sweep, bind)


def check_softmax(logits: Sequence[Any], given: Mapping[str, Any]) -> None:
    """``softmax``: the logits (finite numbers, two or more) and the temperatures."""
    from actviz.analysis.softmax import parse_temperatures, read_logits

    parse_temperatures(given["temperature"])
    read_logits(list(logits))


def fit_config(given: Mapping[str, Any]):
    """``fit``: the experiment's configuration, checked (sizes, lr, the interval)."""
    from actviz.analysis.fit import FitConfig

    config = FitConfig(**{key: given[key] for key in FIT_CONFIG})
    config.check()
    return config


FIT_CONFIG = ("hidden", "epochs", "lr", "seed", "restarts", "xmin", "xmax", "points")


def check_info(name: str | None, given: Mapping[str, Any]) -> None:
    """``info``: a NAME or ``guide``, not both and not neither."""
    if given["guide"] and name is not None:
        raise OptionError(f"give either NAME ('{name}') or {option_name('guide')}, not both")
    if not given["guide"] and name is None:
        raise OptionError(f"give an activation NAME (e.g. 'actviz info relu') or "
                          f"{option_name('guide')}; 'actviz list' shows the names")


def check_figure_file(kind: str, given: Mapping[str, Any], spec: Any, target: Any) -> None:
    """What ``-o target`` checks before any work: the suffix and folder, the style and the
    title, and for ``plot``/``compare`` a range that can be drawn and the PNG's pixels."""
    if kind in ("plot", "compare"):
        check_curve_file(given["xmin"], given["xmax"], 2 if given["derivative"] else 1, spec,
                         target)
    else:
        from actviz.render.canvas import check_figure

        check_figure(spec, target)


def check_curve_file(xmin: float, xmax: float, panels: int, spec: Any, target: Any) -> None:
    """A figure file of curves on [xmin, xmax] in ``panels`` panels: a range matplotlib can
    draw, the file (:func:`actviz.render.canvas.check_figure`) and, for a PNG, its pixels
    (at most :data:`actviz.render.canvas.MAX_PNG_SIDE` a side)."""
    from actviz.analysis.grid import check_drawable_range
    from actviz.render.canvas import check_figure, check_png_pixels, style_context
    from actviz.render.figures import png_pixels

    check_drawable_range(xmin, xmax)  # matplotlib's limit; terminal charts cope
    if check_figure(spec, target) == "png":
        with style_context(spec.style):
            check_png_pixels(*png_pixels(panels, (spec.width, spec.height), spec.dpi),
                             spec.size_options)


def figure_spec(given: Mapping[str, Any], size: tuple[str, str] = ("width", "height")):
    """The figure keywords of ``given`` as the render layer takes them (``size`` names the
    size keywords: saturation's are ``fig_width``, ``fig_height``)."""
    from actviz.render.canvas import FigureSpec

    width, height = (given.get(name) for name in size)
    return FigureSpec(style=given.get("style"), lang=given.get("lang") or "en",
                      title=given.get("title"), width=width, height=height,
                      dpi=given.get("dpi"), size_options=tuple(size))


def dtype_names(named: dict[str, Any]) -> None:
    """The formats named by ``dtype`` (table, plot, compare) or ``dtypes`` (precision) exist:
    checked by name alone, so a batch config is refused before anything is drawn and without
    importing numpy."""
    from actviz.analysis.dtypes import check_dtype_names

    for key in ("dtype", "dtypes"):
        if named.get(key):
            check_dtype_names(named[key], key)
