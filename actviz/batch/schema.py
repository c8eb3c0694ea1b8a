"""The keys of a batch config: one row per option, saying which kinds take it and how it is read.

A figure's options are those of the command its ``kind`` stands for, spelled as in TOML
(``--no-derivative`` is ``derivative = false``; saturation's network ``--width`` is
``network_width``, because ``width`` and ``height`` are the figure's size everywhere).  The
readers check a TOML value's type and range and return it as the command would receive it, so
``xmin = -6`` and ``xmin = -6.0`` are the same option (and the same hash).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

PLOT, COMPARE, SATURATION, TABLE = "plot", "compare", "saturation", "table"
KINDS = (PLOT, COMPARE, SATURATION, TABLE)
CURVES = (PLOT, COMPARE)
DRAWN = (PLOT, COMPARE, SATURATION)  # the kinds that can write a figure

FIGURE_SUFFIXES = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
TEXT_SUFFIXES = {".csv": "csv", ".md": "markdown", ".tex": "latex", ".json": "json"}
SUFFIXES = {
    PLOT: FIGURE_SUFFIXES,
    COMPARE: FIGURE_SUFFIXES,
    SATURATION: {**FIGURE_SUFFIXES, **TEXT_SUFFIXES},
    TABLE: TEXT_SUFFIXES,
}
# Keys of a [[figure]] that are not options: what to draw and where.
FIGURE_KEYS = ("kind", "activations", "output")


class BadValue(ValueError):
    """A value of the wrong type or out of range; the message says what is expected."""


def shown(value: Any) -> str:
    """A TOML value as the user wrote it, for messages: ``'high'``, ``true``, ``[1, 2]``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "a table"
    return str(value)


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise BadValue(f"must be true or false, got {shown(value)}")
    return value


def text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BadValue(f"must be non-empty text, got {shown(value)}")
    return value


def number(low: float = -math.inf, high: float = math.inf) -> Callable[[Any], float]:
    """A finite number (an integer is fine) in [low, high]."""

    def read(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise BadValue(f"must be a number, got {shown(value)}")
        if not math.isfinite(value) or not low <= value <= high:
            raise BadValue(f"must be a finite number{_between(low, high)}, got {shown(value)}")
        return float(value)

    return read


def integer(low: int, high: int) -> Callable[[Any], int]:
    def read(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise BadValue(f"must be a whole number from {low:,} to {high:,}, got {shown(value)}")
        if not low <= value <= high:
            raise BadValue(f"must be from {low:,} to {high:,}, got {value:,}")
        return value

    return read


def choice(*allowed: str) -> Callable[[Any], str]:
    def read(value: Any) -> str:
        if value not in allowed:
            raise BadValue(f"must be one of {', '.join(allowed)}, got {shown(value)}")
        return value

    return read


def _between(low: float, high: float) -> str:
    if math.isinf(low) and math.isinf(high):
        return ""
    if math.isinf(high):
        return f" ≥ {low:g}"
    return f" from {low:g} to {high:g}"


def sweep_text(value: Any) -> str:
    """``"negative_slope=0.01,0.1"`` as on the command line, or a table of one list,
    ``{negative_slope = [0.01, 0.1]}``; returned in the command-line form."""
    if isinstance(value, str):
        from actviz.analysis.sweep import parse_sweep

        parse_sweep(value)  # an OptionError for a malformed sweep
        return value.strip()
    if isinstance(value, dict) and len(value) == 1:
        (key, values), = value.items()
        if isinstance(values, list) and values:
            read = number()
            return f"{key}=" + ",".join(repr(read(v)) for v in values)
    raise BadValue(f"must be a table of one parameter and its values, e.g. "
                   f"{{negative_slope = [0.01, 0.1, 0.3]}}, or 'negative_slope=0.01,0.1,0.3'; "
                   f"got {shown(value)}")


def points_text(value: Any) -> str:
    """``at``: a list of numbers (TOML's ``inf`` is fine) or the command's text, ``"-1,0,inf"``;
    returned as the text ``actviz table --at`` reads."""
    from actviz.analysis.tables import parse_points

    if isinstance(value, list):
        if not value:
            raise BadValue("must list at least one number, e.g. [-1, 0, 1]")
        for item in value:
            if isinstance(item, bool) or not isinstance(item, (int, float)) or math.isnan(item):
                raise BadValue(f"must list numbers, got {shown(item)} in {shown(value)}")
        value = ",".join(repr(float(v)) for v in value)
    elif not isinstance(value, str):
        raise BadValue(f"must be a list of numbers, e.g. [-1, 0, 1], got {shown(value)}")
    parse_points(value)
    return value


@dataclass(frozen=True)
class Option:
    """One key: the kinds that take it, how it is read, its default per kind, its meaning.

    ``from_defaults`` lists the kinds to which a value in ``[defaults]`` applies (all the
    option's kinds unless said otherwise): a table's x values never come from ``[defaults]``,
    whose range is the curves'.
    """

    key: str
    kinds: tuple[str, ...]
    read: Callable[[Any], Any]
    default: Any
    meaning: str
    from_defaults: tuple[str, ...] | None = None

    def default_for(self, kind: str) -> Any:
        return self.default.get(kind) if isinstance(self.default, dict) else self.default

    def defaults_apply_to(self, kind: str) -> bool:
        return kind in (self.kinds if self.from_defaults is None else self.from_defaults)


_FIGURE_LOOK = DRAWN
OPTIONS: tuple[Option, ...] = (
    Option("derivative", (PLOT, COMPARE, TABLE), boolean,
           {PLOT: False, COMPARE: False, TABLE: True},
           "draw f′ in a second panel (plot, compare); the f′(x) columns (table)"),
    Option("sweep", (PLOT,), sweep_text, None,
           "one curve per value of a parameter: {negative_slope = [0.01, 0.1, 0.3]}"),
    Option("xmin", (PLOT, COMPARE, TABLE), number(), -6.0, "left end of the x range",
           from_defaults=CURVES),
    Option("xmax", (PLOT, COMPARE, TABLE), number(), 6.0, "right end of the x range",
           from_defaults=CURVES),
    Option("points", (PLOT, COMPARE, TABLE), integer(2, 10**7), {PLOT: 2001, COMPARE: 2001,
           TABLE: 13}, "number of x values", from_defaults=CURVES),
    Option("at", (TABLE,), points_text, None,
           "the table's x values: [-6, -1, 0, 1, 6] (inf allowed)"),
    Option("threshold", (SATURATION,), number(), 0.01, "|f′| below this is saturated"),
    Option("sigma", (SATURATION,), number(), 1.0, "spread of the inputs x ~ N(0, σ²)"),
    Option("depth", (SATURATION,), integer(1, 1000), None,
           "layers of the vanishing-gradient experiment"),
    Option("network_width", (SATURATION,), integer(1, 4096), None,
           "with depth: units per layer (the command's --width) [256]"),
    Option("init", (SATURATION,), choice("xavier", "he", "lecun"), None,
           "with depth: weight initialisation [he]"),
    Option("seed", (SATURATION,), integer(0, 2**63 - 1), None, "with depth: random seed [0]"),
    Option("precision", (TABLE, SATURATION), integer(1, 17), {TABLE: 6, SATURATION: 4},
           "significant digits in .md and .tex tables"),
    Option("dpi", _FIGURE_LOOK, number(10, 2400), None, "PNG resolution"),
    Option("style", _FIGURE_LOOK, text, None,
           "a matplotlib style name, or a .mplstyle file relative to the config"),
    Option("title", _FIGURE_LOOK, text, None, "the figure's title ({name} allowed)"),
    Option("width", _FIGURE_LOOK, number(1, 100), None, "figure width in inches"),
    Option("height", _FIGURE_LOOK, number(1, 100), None, "figure height in inches"),
    Option("lang", _FIGURE_LOOK, choice("en", "zh"), "en", "language of labels and titles"),
    Option("format", KINDS, choice("png", "svg", "pdf", *TEXT_SUFFIXES.values()), None,
           "the suffix of an output written without one"),
)
OPTION_BY_KEY = {option.key: option for option in OPTIONS}

# Options that only mean something for a figure file, or only with depth, or only for a
# table rounded for people: given for another output, they are a mistake in the config.
FIGURE_ONLY = ("dpi", "style", "title", "width", "height", "lang")
DEPTH_ONLY = ("network_width", "init", "seed")
HUMAN_TEXT = ("markdown", "latex")


def suffix_for(fmt: str) -> str:
    """The file suffix of a format: ``png`` → ``.png``, ``latex`` → ``.tex``."""
    for table in (FIGURE_SUFFIXES, TEXT_SUFFIXES):
        for suffix, name in table.items():
            if name == fmt:
                return suffix
    raise KeyError(fmt)
