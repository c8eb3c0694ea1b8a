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
CURVE_KINDS = ("plot", "compare")
DEPTH_ONLY = ("width", "init", "seed")
EVERY = ("*",)  # the patterns of "every activation"

NO_ACTIVATION = "give at least one activation: a name such as 'relu', or '*' for every one"


def activation_patterns(names: Any, every_when_none: bool = False) -> list[str]:
    """``names`` (a text or a sequence of texts) as a list of patterns for ``select``: one text
    is one pattern, not a sequence of one-letter ones.  ``None`` (not given) is every
    activation where the command says so (saturation, propagate: ``actviz saturation`` with
    no name).  An empty list is an error, never "every activation": a list that came out
    empty by mistake would otherwise run all of them without a word."""
    if names is None and every_when_none:
        return list(EVERY)
    if isinstance(names, str):
        return [names]
    try:
        patterns = list(names)
    except TypeError:  # None where the command needs names, a number
        patterns = []
    if not patterns:
        raise OptionError(NO_ACTIVATION)
    return patterns


def saturation_activations(patterns: Sequence[str]) -> list["BoundActivation"]:
    """The activations ``patterns`` select for ``saturation``, less the periodic ones that a
    wildcard (``"*"``, every one) brought in: their slope oscillates forever, so they have no
    saturation profile, and "every activation" must not fail on them.  One named outright
    stays, and the analysis says why it has none."""
    from actviz.activations.registry import is_wildcard, select
    from actviz.analysis.saturation import has_saturation_profile

    named = [pattern for pattern in patterns if not is_wildcard(pattern)]
    outright = {activation.spec for activation in select(named)} if named else set()
    chosen = [activation for activation in select(patterns)
              if activation.spec in outright or has_saturation_profile(activation)]
    if not chosen:
        raise OptionError(f"no activation that {', '.join(map(repr, patterns))} selects has a "
                          "saturation profile (a periodic one has none)")
    return chosen


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


def check_reading(kind: str, given: Mapping[str, Any], fmt: str, rows: int | None = None,
                  activations: int | None = None) -> None:
    """The one check of every table for people, whoever asks: a command's result (``rows``
    counted from what it computed) and a batch config (counted from the options, before
    anything is drawn).  See :func:`reading_table`."""
    table = reading_table(kind, given, rows, activations)
    if table is not None:
        table.check(fmt)


def reading_table(kind: str, given: Mapping[str, Any], rows: int | None = None,
                  activations: int | None = None):
    """The :class:`~actviz.analysis.limits.ReadingTable` of command ``kind``: ``rows`` are its
    x values (table) or logits (softmax), counted from ``given`` (``at``/``points``,
    ``logits``) when None; ``activations`` is how many a ``table`` shows (a group of columns
    each; None: not counted).  None for the kinds whose tables have a row per activation and
    a fixed number of columns: a config names its activations one by one."""
    shape = _READING_TABLES.get(kind)
    return None if shape is None else shape(given, rows, activations)


def table_columns(activations: int, given: Mapping[str, Any]) -> int:
    """The columns of a ``table``: x, then per activation f and, as asked, f' and f''.

    columns = 1 + activations × (1 + derivative + second_derivative)"""
    return 1 + activations * _columns_each(given)


def _columns_each(given: Mapping[str, Any]) -> int:
    return 1 + bool(given.get("derivative", True)) + bool(given.get("second_derivative"))


def _table_reading(given: Mapping[str, Any], rows: int | None, activations: int | None):
    from actviz.analysis.limits import READING_MAX_COLUMNS, ReadingTable

    if rows is None:
        rows = table_rows(given.get("at"), given.get("points"))
    key = "points" if given.get("points") is not None else "at"
    each = _columns_each(given)
    at_most = (READING_MAX_COLUMNS - 1) // each
    columns = 0 if activations is None else table_columns(activations, given)
    return ReadingTable(rows, columns, f"use fewer {option_name('points')}, or "
                                       f"{option_name('format')} csv or json", rows_key=key,
                        columns_key="activations",
                        columns_advice=f"name at most {at_most} activations (each takes "
                                       f"{each} column{'s' if each > 1 else ''}), or "
                                       f"{option_name('format')} csv or json")


def _softmax_reading(given: Mapping[str, Any], rows: int | None, activations: int | None):
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


def fit_panels(names: Sequence[str]) -> int:
    """How many activations (panels) a fit of ``names`` draws: the lesson's six for none."""
    if names:
        return len(names)
    from actviz.analysis.fit import parse_activation_list
    from actviz.options import DEFAULT_FIT_ACTIVATIONS

    return len(parse_activation_list(DEFAULT_FIT_ACTIVATIONS))


FIT_CONFIG = ("hidden", "epochs", "lr", "seed", "restarts", "xmin", "xmax", "points")


def check_info(name: str | None, given: Mapping[str, Any]) -> None:
    """``info``: a NAME or ``guide``, not both and not neither."""
    if given["guide"] and name is not None:
        raise OptionError(f"give either NAME ('{name}') or {option_name('guide')}, not both")
    if not given["guide"] and name is None:
        raise OptionError(f"give an activation NAME (e.g. 'actviz info relu') or "
                          f"{option_name('guide')}; 'actviz list' shows the names")


def check_figure_file(kind: str, given: Mapping[str, Any], spec: Any, target: Any,
                      count: int) -> None:
    """What ``-o target`` checks before any work: the suffix and folder, the style and the
    title, for ``plot``/``compare`` a range that can be drawn, and for every kind the PNG's
    pixels, from the size the figure will have (:func:`figure_inches`; ``count`` is what it
    shows one of each: activations, or softmax's logits)."""
    if kind in CURVE_KINDS:
        from actviz.analysis.grid import check_drawable_range

        check_drawable_range(given["xmin"], given["xmax"])  # matplotlib's limit; charts cope
    check_png_file(spec, target, lambda: figure_inches(kind, given, count))


def check_png_file(spec: Any, target: Any, inches: Callable[[], tuple[float, float]]) -> None:
    """The file (:func:`actviz.render.canvas.check_figure`) and, for a PNG, its pixels: at
    most :data:`actviz.render.canvas.MAX_PNG_SIDE` a side, for the figure's size (``spec``'s
    width and height where given, else ``inches()``, read in the figure's style) × its dpi."""
    from actviz.render.canvas import check_figure, check_png_pixels, pixel_size, style_context

    if check_figure(spec, target) == "png":
        with style_context(spec.style):
            pixels = pixel_size(spec.size(*inches()), spec.dpi)
            check_png_pixels(*pixels, spec.size_options)


def figure_inches(kind: str, given: Mapping[str, Any], count: int) -> tuple[float, float]:
    """The default size of command ``kind``'s figure of ``count`` activations (softmax:
    logits), from its options alone: nothing is computed (see :func:`check_figure_file`)."""
    from actviz.render import report_figures as sizes
    from actviz.render.figures import figure_size

    if kind in CURVE_KINDS:  # a panel each for f and the derivatives asked for
        return figure_size(1 + bool(given.get("derivative")) + bool(given.get("second_derivative")))
    panels = 1 if given.get("depth") is None else 2  # the gradient per layer beside
    if kind == "saturation":
        return sizes.saturation_inches(count, panels)
    if kind == "propagate":
        return sizes.propagation_inches(panels)
    if kind == SOFTMAX.name:
        return sizes.softmax_inches(count)
    if kind == "fit":
        return sizes.fit_inches(count)
    raise ValueError(f"no figure of kind {kind!r}")


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
