"""Every command's options, declared once: name, type and bounds, default, help, front ends.

One :class:`Option` per option of each :class:`Command`.  From these declarations come

- the keywords of the Python API (``actviz.plot(..., fig_width=5)``), checked by
  :meth:`Command.bind` (:mod:`actviz.products`);
- the click options of ``actviz COMMAND`` (``--fig-width``: the name with ``-`` for ``_``),
  made by :mod:`actviz.cli`, whose converters call the same :meth:`Option.read`;
- the keys of a batch ``[[figure]]`` of that kind and their checks (:mod:`actviz.batch`);
- the options table of the README (``tests/test_options.py`` fails when it drifts).

So a default, a bound or a help text is changed here and nowhere else.  A value is read the
same way in every front end: the API and a TOML file give Python values, the command line
gives text that click first turns into a number or a flag.  A bad value is an
:class:`~actviz.errors.OptionError` whose ``subject`` is the option's name, shown in the
caller's spelling (``xmin``, ``--xmin``, or the key ``xmin`` of ``[[figure]] 3``).

This module is a leaf: it imports neither numpy nor click, because the command line builds
its options from it before any command runs (``actviz list`` imports no numpy).

Adding a command ``NAME`` (the steps in full: :mod:`actviz.products`):

1. here: ``NAME = Command("NAME", (Option(...), ...), outputs={".png": "png", ...})``, reusing
   the option groups below (:data:`RANGE`, :data:`FIGURE`, :func:`format_option`,
   :func:`precision`, :func:`suffix_format`), and add it to :data:`COMMANDS` (``outputs``
   makes it a batch kind);
2. ``actviz/products/NAME.py``: its result class and ``def NAME(args, **options)``, which
   starts with ``given = options.NAME.bind(options)``;
3. ``actviz/cli.py``: a command decorated with ``@schema_options(options.NAME)``;
4. ``actviz/batch/jobs.py``: how :func:`~actviz.batch.jobs.result_of` calls it, when its
   arguments are not the others' (a list of activations);
5. the README: its section, and its options table (``markdown_table``; a test prints it).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from actviz.errors import OptionError

API, CLI, BATCH = "api", "cli", "batch"
EVERYWHERE = frozenset({API, CLI, BATCH})

FIGURE_SUFFIXES = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
TEXT_SUFFIXES = {".csv": "csv", ".md": "markdown", ".tex": "latex", ".json": "json"}


class UnknownOptionError(OptionError, TypeError):
    """A keyword the command does not take: an :class:`OptionError` like every bad option,
    and a ``TypeError`` as Python's own unexpected keywords are."""


class BadValue(ValueError):
    """A value of the wrong type or out of range; the message says what is expected (the
    option is named by whoever catches it)."""


def shown(value: Any) -> str:
    """A value as the user wrote it, for messages: ``'high'``, ``true``, ``[1, 2]``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "a table"
    text = str(value)
    # A huge integer (10**400) or list is named by its start, not printed whole on one line.
    return text if len(text) <= 60 else f"{text[:40]}… ({len(text):,} characters)"


# --------------------------------------------------------------------------------------------
# Value types: each reads a Python (or TOML) value, or raises BadValue
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    """True or false (on the command line, a flag)."""

    base = "flag"

    def read(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise BadValue(f"must be true or false, got {shown(value)}")
        return value

    def describe(self) -> str:
        return "true or false"


def _bound(value: float) -> str:
    """A bound as people write it: 10, 0.5, 1e6 (not 1e+06)."""
    return f"{value:g}".replace("e+0", "e").replace("e+", "e").replace("e-0", "e-")


def as_real(value: Any) -> float:
    """``value`` as a float: any real number (numpy's too), not a bool; an integer too large
    for float64 is ±inf, which the bounds then refuse in words."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise BadValue(f"must be a number, got {shown(value)}")
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


@dataclass(frozen=True)
class Number:
    """A finite number (an integer is fine) in [low, high], or above ``low`` when ``positive``."""

    low: float = -math.inf
    high: float = math.inf
    positive: bool = False  # > 0: "must be a positive finite number"
    above_zero: bool = False  # > 0 too, in the words of fit and softmax: "a finite number > 0"
    base = "float"

    def read(self, value: Any) -> float:
        number = as_real(value)  # numpy scalars too; an int beyond float64 is inf
        if (self.positive or self.above_zero) and not (math.isfinite(number) and number > 0):
            words = "a positive finite number" if self.positive else "a finite number > 0"
            bound = f" ≤ {_bound(self.high)}" if math.isfinite(self.high) else ""
            got = number if math.isfinite(number) else shown(value)
            raise BadValue(f"must be {words}{bound}, got {got}")
        if not math.isfinite(number) or not self.low <= number <= self.high:
            raise BadValue(f"must be {self._finite_words()}, got {shown(value)}")
        return number

    def _finite_words(self) -> str:
        if self.positive or self.above_zero:
            return f"a finite number > 0 and ≤ {_bound(self.high)}"
        return f"a finite number{self._between()}"

    def _between(self) -> str:
        if math.isinf(self.low) and math.isinf(self.high):
            return ""
        if math.isinf(self.high):
            return f" ≥ {_bound(self.low)}"
        if math.isinf(self.low):
            return f" ≤ {_bound(self.high)}"
        return f" from {_bound(self.low)} to {_bound(self.high)}"

    def describe(self) -> str:
        if self.positive or self.above_zero:
            return "a number > 0"
        return f"a number{self._between()}"


@dataclass(frozen=True)
class Integer:
    """A whole number in [low, high]."""

    low: int
    high: int | None = None  # None: no upper bound
    between: bool = False  # "must be between 2 and 10,000,000" (a count of points)
    base = "int"

    def read(self, value: Any) -> int:
        high = math.inf if self.high is None else self.high
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not (
                self.low <= value <= high):
            raise BadValue(f"must be {self._bounds()}, got {shown(value)}")
        return int(value)

    def _bounds(self) -> str:
        if self.high is None:
            return f"an integer ≥ {self.low}"
        if self.between:
            return f"between {self.low} and {self.high:,}"
        return f"an integer from {self.low:,} to {self.high:,}"

    def describe(self) -> str:
        return self._bounds()


@dataclass(frozen=True)
class Choice:
    """One of a few words."""

    choices: tuple[str, ...]
    base = "choice"

    def read(self, value: Any) -> str:
        if value not in self.choices:
            raise BadValue(f"must be one of {', '.join(self.choices)}, got {shown(value)}")
        return value

    def describe(self) -> str:
        return " \\| ".join(self.choices)


@dataclass(frozen=True)
class Text:
    """Non-empty text (a style, a title, a formula, a path)."""

    what: str = "text"
    base = "text"

    def read(self, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise BadValue(f"must be non-empty text, got {shown(value)}")
        return value

    def describe(self) -> str:
        return self.what


@dataclass(frozen=True)
class Listing:
    """A list of numbers or words, or the command line's comma-separated text of them; read
    as that text, which the command's own parser checks (``--at -1,0,inf``)."""

    item: str = "number"  # "number" or "name"
    example: str = "[-1, 0, 1]"
    base = "text"

    def read(self, value: Any) -> str:
        if isinstance(value, str) and value.strip():
            return value
        if hasattr(value, "tolist") and getattr(value, "ndim", 0) == 1:  # a numpy array
            value = value.tolist()
        if isinstance(value, (list, tuple)) and value:
            return ",".join(self._item(item, value) for item in value)
        raise BadValue(f"must be a list, e.g. {self.example}, got {shown(value)}")

    def _item(self, item: Any, whole: Any) -> str:
        if self.item == "number":
            try:
                number = as_real(item)
            except BadValue:
                number = math.nan
            if math.isnan(number):
                raise BadValue(f"must list numbers, got {shown(item)} in {shown(list(whole))}")
            return repr(number)
        if not isinstance(item, str) or not item.strip():
            raise BadValue(f"must list names, got {shown(item)} in {shown(list(whole))}")
        return item.strip()

    def describe(self) -> str:
        return f"a list of {self.item}s"


@dataclass(frozen=True)
class Sweep:
    """``"negative_slope=0.01,0.1"`` as on the command line, or a mapping of one parameter to
    its values, ``{"negative_slope": [0.01, 0.1]}``; read as the command-line text."""

    base = "text"

    def read(self, value: Any) -> str:
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, dict) and len(value) == 1:
            (key, values), = value.items()
            if isinstance(values, (list, tuple)) and values:
                number = Number()
                return f"{key}=" + ",".join(repr(number.read(v)) for v in values)
        raise BadValue("must be a table of one parameter and its values, e.g. "
                       "{negative_slope = [0.01, 0.1, 0.3]}, or 'negative_slope=0.01,0.1,0.3'; "
                       f"got {shown(value)}")

    def describe(self) -> str:
        return "KEY=V1,V2,... or {KEY = [V1, V2]}"


# --------------------------------------------------------------------------------------------
# Options and commands
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One option of one command.

    ``name`` is the API keyword; the command line spells it ``--name-with-dashes`` (plus
    ``short``, e.g. ``-d``), a batch config ``key`` (``name`` unless given).  ``fronts`` are the
    front ends that take it.  ``default=None`` with ``required=False`` means "not given".
    ``meaning`` is the help text (the command line's and the README's).  ``from_defaults``:
    whether a batch ``[defaults]`` value reaches this kind (a table's x never comes from it).
    ``default_text`` documents a default that a None stands for (``--width [256]``).
    """

    name: str
    type: Any
    default: Any
    meaning: str
    short: str | None = None
    key: str | None = None
    fronts: frozenset = EVERYWHERE
    metavar: str | None = None
    from_defaults: bool = True
    default_text: str | None = None
    flag_off: bool = False  # a flag whose default is true: the command line has --no-NAME
    multiple: bool = False  # the command line takes it more than once (a tuple of values)

    @property
    def cli_name(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def cli_flag(self) -> str:
        """How the command line's messages name it: the long name shown first in ``--help``
        (precision's ``dtypes`` is ``--dtype``), else :attr:`cli_name`."""
        return self.short if self.short and self.short.startswith("--") else self.cli_name

    @property
    def batch_key(self) -> str:
        return self.key or self.name

    def read(self, value: Any) -> Any:
        """``value`` checked and converted; None stays None when that is the default."""
        if value is None and self.default is None:
            return None
        try:
            return self.type.read(value)
        except BadValue as error:
            raise OptionError(str(error), subject=self.name) from None

    def shown_default(self) -> str:
        if self.default_text is not None:
            return self.default_text
        if self.default is None or self.default == ():
            return "—"
        if isinstance(self.default, float):
            return f"{self.default:g}"
        return shown(self.default).strip("'")


@dataclass(frozen=True)
class Command:
    """A command's options; ``outputs`` maps the suffixes a batch output of this kind may
    have to their format (none: the kind has no batch outputs)."""

    name: str
    options: tuple[Option, ...]
    outputs: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = [option.name for option in self.options]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: an option is declared twice in {names}")

    def option(self, name: str) -> Option:
        for option in self.options:
            if option.name == name:
                return option
        raise KeyError(name)

    def taken_by(self, front: str) -> tuple[Option, ...]:
        return tuple(option for option in self.options if front in option.fronts)

    def by_key(self) -> dict[str, Option]:
        """The batch keys of this kind and their options."""
        return {option.batch_key: option for option in self.taken_by(BATCH)}

    @property
    def size_options(self) -> tuple[str, str]:
        """The keywords of the figure's width and height, the options a batch config calls
        ``width`` and ``height`` (:func:`figure_look`): ``fig_width`` and ``fig_height`` where
        ``width`` is a network's (saturation, propagate)."""
        keys = self.by_key()
        return keys["width"].name, keys["height"].name

    def defaults(self, front: str = API) -> dict[str, Any]:
        return {option.name: option.default for option in self.taken_by(front)}

    def bind(self, given: Mapping[str, Any], front: str = API) -> dict[str, Any]:
        """Every option of ``front`` with its value: ``given`` (checked) or the default.  An
        unknown keyword is an :class:`OptionError` with the nearest known names."""
        known = {option.name: option for option in self.taken_by(front)}
        for name in given:
            if name not in known:
                raise UnknownOptionError(unknown_name(name, known, f"{self.name}() takes"))
        return {name: option.read(given[name]) if name in given else option.default
                for name, option in known.items()}

    def cli_spelling(self, name: str) -> str:
        """How the command line names option ``name`` of this command (``--dtype`` for
        precision's ``dtypes``; ``--fig-width`` for ``fig_width``)."""
        for option in self.options:
            if option.name == name:
                return option.cli_flag
        return "--" + name.replace("_", "-")

    def batch_spelling(self, name: str) -> str:
        """How a batch config spells option ``name`` (saturation's ``width`` is
        ``network_width``, its ``fig_width`` is ``width``)."""
        for option in self.options:
            if option.name == name:
                return option.batch_key
        return name


def unknown_name(name: str, known: Iterable[str], listed: str = "known") -> str:
    """``unknown option 'nme' (did you mean 'name'?); known: ...``."""
    import difflib  # only for a mistake

    known = list(known)
    close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown option {shown(name)}{hint}; {listed}: {', '.join(known)}"


# --------------------------------------------------------------------------------------------
# Option groups shared by several commands
# --------------------------------------------------------------------------------------------

MAX_POINTS = 10**7  # actviz.analysis.grid.MAX_POINTS (tests/test_options.py checks)


def derivative(default: bool = False, meaning: str = "Also draw the derivative f′ in a panel "
               "below.") -> Option:
    return Option("derivative", Flag(), default, meaning, short=None if default else "-d",
                  flag_off=default)


def second_derivative(meaning: str = "Also draw the second derivative f″ in a panel below "
                      "(a jump of f′ is one of f″ too).") -> Option:
    """-2: f'' beside f (and f' when asked): a panel of its own, or columns of a table."""
    return Option("second_derivative", Flag(), False, meaning, short="-2")


def x_range(points: int = 2001, xmin: float = -6.0, xmax: float = 6.0,
            points_help: str = "Number of x values (2 to 10^7).",
            max_points: int = MAX_POINTS, from_defaults: bool = True) -> tuple[Option, ...]:
    """--xmin, --xmax, --points (their relation is checked by the command)."""
    return (
        Option("xmin", Number(), xmin, "Left end of the x range.", from_defaults=from_defaults),
        Option("xmax", Number(), xmax, "Right end of the x range.", from_defaults=from_defaults),
        Option("points", Integer(2, max_points, between=True), points, points_help,
               from_defaults=from_defaults),
    )


RANGE = x_range()


def figure_look(size: tuple[str, str] = ("width", "height")) -> tuple[Option, ...]:
    """How a figure looks: --dpi, --style, --title, the size, --lang; and -o (the command
    line's; the API has ``.save(path)``, a batch figure its ``output``).  A command whose
    ``--width`` means something else names the size ``fig_width``/``fig_height``: a batch
    config still calls them ``width`` and ``height``."""
    width, height = size
    return (
        Option("output", Text("a file"), None, "Write the figure to this file (.png, .svg or "
               ".pdf).", short="-o", fronts=frozenset({CLI}), metavar="FILE"),
        Option("dpi", Number(10, 2400), None, "Resolution of PNG output in dots per inch "
               "(default: the style's, 100 for actviz's).", default_text="the style's"),
        Option("style", Text("a style name or .mplstyle file"), None,
               "A matplotlib style name or .mplstyle file (default: actviz).",
               metavar="NAME|PATH", default_text="actviz"),
        Option("title", Text(), None, "Replace the figure's title.",
               default_text="from the activations"),
        Option(width, Number(1, 100), None, "Figure width in inches.", key="width",
               default_text="the style's"),
        Option(height, Number(1, 100), None, "Figure height in inches.", key="height",
               default_text="the style's"),
        Option("lang", Choice(("en", "zh")), "en", "Language of labels and titles."),
    )


FIGURE = figure_look()


def format_option(*choices: str, default: str = "rich") -> Option:
    """--format of the command line: what to print (a batch output's format is its suffix)."""
    return Option("format", Choice(choices), default, "Output format.",
                  fronts=frozenset({CLI}))


_FORMAT_NAMES = {"rich": "rich", "markdown": "Markdown", "latex": "LaTeX", "html": "HTML",
                 "csv": "CSV", "json": "JSON"}
_EXACT_FORMATS = ("csv", "json")  # machine formats: every digit, whatever --precision says


def _in_words(formats: Sequence[str]) -> str:
    """("rich", "markdown", "latex") → "rich, Markdown and LaTeX"."""
    names = [_FORMAT_NAMES[f] for f in formats]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def precision(default: int, formats: Sequence[str] = tuple(_FORMAT_NAMES)) -> Option:
    """--precision of a command printing ``formats``: its help names only those it has
    (by default every format: for checking a value alone)."""
    rounded = [f for f in formats if f not in _EXACT_FORMATS]
    exact = [f for f in formats if f in _EXACT_FORMATS]
    meaning = f"Significant digits in {_in_words(rounded)}"
    if exact:
        verb = "is" if len(exact) == 1 else "are"
        meaning += f" ({_in_words(exact)} {verb} always exact)"
    return Option("precision", Integer(1, 17), default, meaning + ".")


def suffix_format(outputs: Mapping[str, str]) -> Option:
    """A batch output's ``format``: the suffix of an output written without one, among the
    formats of the command's ``outputs`` (suffix → format) and no others."""
    return Option("output_format", Choice(tuple(dict.fromkeys(outputs.values()))),
                  None, "The suffix of an output written without one.", key="format",
                  fronts=frozenset({BATCH}))


AXES_PLACEMENTS = ("frame", "origin")  # actviz.render.figures.axes_placement


def axes_option() -> Option:
    """--axes of plot and compare: a framed box, or axes crossing at the origin."""
    return Option("axes", Choice(AXES_PLACEMENTS), None,
                  "Where the axes sit: 'frame' (a box, tick labels outside it, thin lines at "
                  "x = 0 and y = 0) or 'origin' (the axes cross at (0, 0); a tick label a "
                  "curve would cover is left out).",
                  default_text="frame (origin for a style without top and right spines)")


# --------------------------------------------------------------------------------------------
# The commands
# --------------------------------------------------------------------------------------------


def rounded_to() -> Option:
    """--dtype of plot and compare: each curve drawn again, rounded to a format (checked by
    :func:`actviz.analysis.dtypes.lookup_dtype`)."""
    return Option("dtype", Text("a format name"), None, "Also draw each curve rounded to this "
                  "format (float16, bfloat16, float8_e4m3fn, ...; see actviz precision).",
                  metavar="NAME")


PLOT = Command("plot", (
    derivative(), second_derivative(),
    Option("sweep", Sweep(), None, "One curve per value of a parameter, e.g. alpha=0.5,1,2.",
           metavar="KEY=V1,V2,..."),
    *RANGE, *FIGURE, axes_option(), suffix_format(FIGURE_SUFFIXES),
    rounded_to(),
), outputs=FIGURE_SUFFIXES)

COMPARE = Command("compare", (derivative(), second_derivative(), *RANGE, *FIGURE, axes_option(),
                              suffix_format(FIGURE_SUFFIXES),
                              rounded_to()),
                  outputs=FIGURE_SUFFIXES)

TABLE_FORMATS = ("rich", "csv", "markdown", "latex", "json")
READING_FORMATS = ("rich", "markdown", "latex", "html")  # rounded for people (--precision)
DEFAULT_AT = "-6,-3,-1,-0.5,0,0.5,1,3,6"  # actviz.analysis.tables.DEFAULT_POINTS

TABLE = Command("table", (
    Option("at", Listing("number", "[-1, 0, 1]"), None,
           f"Comma-separated x values (inf allowed) [default: {DEFAULT_AT}].",
           metavar="X1,X2,...", default_text=DEFAULT_AT.replace(",", ", ")),
    *x_range(13, points_help="Evenly spaced x values, used when --xmin, --xmax or --points "
             "is given (at most 10,000 rows for rich, Markdown and LaTeX).",
             from_defaults=False),
    derivative(True, "Include the f'(x) columns (--no-derivative leaves them out)."),
    second_derivative("Include the f''(x) columns (d2f in JSON)."),
    format_option(*TABLE_FORMATS), precision(6, TABLE_FORMATS), suffix_format(TEXT_SUFFIXES),
    Option("dtype", Text("a format name"), None, "Round x, f and f' to this format (float16, "
           "bfloat16, float8_e4m3fn, ...; see actviz precision), shown with its digits.",
           metavar="NAME"),
), outputs=TEXT_SUFFIXES)

SATURATION_OUTPUTS = {**FIGURE_SUFFIXES, **TEXT_SUFFIXES}
SATURATION = Command("saturation", (
    Option("threshold", Number(positive=True), 0.01,
           "|f'| below this counts as saturated."),
    Option("sigma", Number(positive=True), 1.0,
           "Spread σ of the inputs x ~ N(0, σ²) for the fractions and the mean."),
    Option("depth", Integer(1, 1000), None, "Also send a gradient back through a random net "
           "of L layers (1 to 1,000).", metavar="L"),
    Option("width", Integer(1, 4096), None, "With --depth: units per layer, 1 to 4,096 "
           "[default: 256].", metavar="W", key="network_width", default_text="256"),
    Option("init", Choice(("xavier", "he", "lecun")), None,
           "With --depth: weight initialisation [default: he].", default_text="he"),
    Option("seed", Integer(0), None, "With --depth: random seed [default: 0].",
           metavar="N", default_text="0"),
    format_option(*TABLE_FORMATS), precision(4, TABLE_FORMATS),
    *figure_look(("fig_width", "fig_height")), suffix_format(SATURATION_OUTPUTS),
), outputs=SATURATION_OUTPUTS)

PROPAGATE_OUTPUTS = {**FIGURE_SUFFIXES, **TEXT_SUFFIXES}
PROPAGATE = Command("propagate", (
    Option("sigma_w2", Number(high=1e6, positive=True), 1.0, "Weight variance × fan-in: "
           "W_ij ~ N(0, σ_w²/fan_in) (2 is He's, 1 LeCun's)."),
    Option("sigma_b2", Number(0, 1e6), 0.0, "Bias variance: b_i ~ N(0, σ_b²)."),
    Option("depth", Integer(1, 1000), None, "Also the gradient reaching each of L layers: "
           "predicted, and measured in a random net (1 to 1,000).", metavar="L"),
    Option("width", Integer(1, 4096), None, "With --depth: units per layer of the measured "
           "net, 1 to 4,096 [default: 256].", metavar="W", key="network_width",
           default_text="256"),
    Option("seed", Integer(0), None, "With --depth: random seed of the measured net "
           "[default: 0].", metavar="N", default_text="0"),
    format_option(*TABLE_FORMATS), precision(4, TABLE_FORMATS),
    *figure_look(("fig_width", "fig_height")), suffix_format(PROPAGATE_OUTPUTS),
), outputs=PROPAGATE_OUTPUTS)

SOFTMAX_FORMATS = ("rich", "csv", "markdown", "json")
SOFTMAX_OUTPUTS = {**FIGURE_SUFFIXES, ".csv": "csv", ".md": "markdown", ".json": "json"}
SOFTMAX = Command("softmax", (
    Option("temperature", Listing("number", "[0.5, 1, 2]"), "1", "Temperatures T > 0, "
           "comma-separated: p = softmax(z / T), one column each.", metavar="T[,T2,...]"),
    Option("jacobian", Flag(), False,
           "Also print the Jacobian diag(p) − ppᵀ at each temperature."),
    Option("explain", Flag(), False,
           "Show what the naive formula gives (overflow → nan) and the shifted steps."),
    format_option(*SOFTMAX_FORMATS), precision(6, SOFTMAX_FORMATS), *FIGURE,
    suffix_format(SOFTMAX_OUTPUTS),
), outputs=SOFTMAX_OUTPUTS)

DEFAULT_FIT_ACTIVATIONS = "identity,sigmoid,tanh,relu,leaky_relu,silu"  # analysis.fit's
MAX_FIT_POINTS = 100_000  # actviz.analysis.fit.MAX_FIT_POINTS

FIT_OUTPUTS = {**FIGURE_SUFFIXES, ".json": "json"}
FIT = Command("fit", (
    Option("target", Text("a formula or a name"), None, "The curve to fit: a formula such as "
           "'cos(x)+1' or 'f(x)=x^2', or an activation's name.  [default: cos(x)+1]",
           metavar="FORMULA|NAME", default_text="cos(x)+1"),
    Option("activations", Listing("name", '["relu", "tanh"]'), DEFAULT_FIT_ACTIVATIONS,
           "Activations of the hidden units, one panel each.", metavar="A,B,...",
           fronts=frozenset({API, CLI})),  # a batch figure's own activations key gives them
    Option("hidden", Integer(1, 64), 2, "Hidden units (1 to 64)."),
    Option("epochs", Integer(1, 100_000), 300, "Full-batch Adam steps."),
    Option("lr", Number(above_zero=True), 0.04, "Adam's learning rate (> 0)."),
    Option("seed", Integer(0), 0,
           "Seed of the initial weights: the same seed gives the same numbers."),
    Option("restarts", Integer(1, 100), 20,
           "Random initialisations per activation; the best is reported and drawn."),
    *x_range(100, 0.0, 2 * math.pi, points_help=f"Training points, evenly spaced (2 to "
             f"{MAX_FIT_POINTS:,}).", max_points=MAX_FIT_POINTS, from_defaults=False),
    format_option("rich", "json"), *FIGURE, suffix_format(FIT_OUTPUTS),
), outputs=FIT_OUTPUTS)

INFO_OUTPUTS = {".md": "markdown", ".json": "json"}
INFO = Command("info", (
    Option("guide", Flag(), False,
           "Print the guide to choosing an activation, with the reasons, instead."),
    Option("lang", Choice(("en", "zh")), "en", "Language of the card or guide."),
    format_option("rich", "markdown", "json"), suffix_format(INFO_OUTPUTS),
), outputs=INFO_OUTPUTS)

PRECISION_OUTPUTS = {".csv": "csv", ".md": "markdown", ".json": "json"}
PRECISION = Command("precision", (
    # --dtype on the command line (the short name), like table/plot/compare's; the API's
    # keyword is plural because it takes several: actviz.precision(["sigmoid"], dtypes=[...]).
    Option("dtypes", Listing(item="name", example='["float32", "bfloat16"]'), None,
           "Formats, comma-separated: float32, float16, bfloat16, float8_e4m3fn, float8_e4m3, "
           "float8_e5m2, float8_e4m3fnuz, float8_e5m2fnuz, float8_e4m3b11fnuz, float8_e3m4.",
           short="--dtype", key="dtype", metavar="NAME,NAME...",
           default_text="float32,float16,bfloat16"),
    format_option("rich", "json", "csv", "markdown"), suffix_format(PRECISION_OUTPUTS),
), outputs=PRECISION_OUTPUTS)

COMMANDS: dict[str, Command] = {command.name: command for command in (
    PLOT, COMPARE, TABLE, SATURATION, PROPAGATE, SOFTMAX, FIT, INFO, PRECISION)}
KINDS = tuple(COMMANDS)  # what a batch [[figure]] can make: every command with outputs

# The command line's own commands: no API function (actviz.names/select list the registry,
# and batch is a front end itself), but their options are declared here all the same.
LIST = Command("list", (format_option("rich", "json"),))

_CLI_ONLY = frozenset({CLI})
BATCH_COMMAND = Command("batch", (
    Option("out_dir", Text("a folder"), None, "Folder the outputs are written to (default: "
           "the config's folder).", fronts=_CLI_ONLY, metavar="DIRECTORY"),
    Option("jobs", Integer(1, 512), None, "Worker processes (default: the number of CPUs); "
           "1 draws in this process.", short="-j", fronts=_CLI_ONLY),
    Option("force", Flag(), False, "Redraw every output, changed or not.", fronts=_CLI_ONLY),
    Option("dry_run", Flag(), False, "List what would be drawn, and why; write nothing.",
           fronts=_CLI_ONLY),
    Option("only", Text("a pattern"), (), "Only outputs whose path or file name matches "
           "(repeatable): 'functions/*'.", fronts=_CLI_ONLY, metavar="PATTERN", multiple=True),
    Option("quiet", Flag(), False, "Print nothing but errors.", short="-q", fronts=_CLI_ONLY),
))


# --------------------------------------------------------------------------------------------
# The README's tables of options (tests/test_options.py checks that the README holds them)
# --------------------------------------------------------------------------------------------


def markdown_table(command: Command) -> str:
    """The options of ``command`` as a Markdown table: how each front end spells it, its
    default and values, and what it means."""
    lines = ["| command line | Python | batch key | default | values | meaning |",
             "|---|---|---|---|---|---|"]
    for option in command.options:
        cli = f"`{option.short}/{option.cli_name}`" if option.short else f"`{option.cli_name}`"
        if option.flag_off:
            cli = f"`{option.cli_name}/--no-{option.cli_name[2:]}`"
        cells = [
            cli if CLI in option.fronts else "—",
            f"`{option.name}`" if API in option.fronts else "—",
            f"`{option.batch_key}`" if BATCH in option.fronts else "—",
            option.shown_default(),
            option.type.describe(),
            option.meaning.replace("|", "\\|"),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
