"""The activation registry: one declaration per activation, looked up by name or alias.

A declaration (:class:`Activation`) reads like a row of a textbook table: name, formula,
derivative, parameters, properties, reference.  :func:`get` binds parameter values to it and
returns a :class:`BoundActivation`, the object every command and notebook evaluates.

The string form ``name:key=value,key=value`` (e.g. ``"elu:alpha=0.5"``) is the one syntax every
command accepts; :func:`parse_spec` reads it.  ``name@framework`` (``"leaky_relu@keras"``,
``"leaky_relu@keras:negative_slope=0.3"``) starts from the defaults that framework uses
(:class:`FrameworkName`, :func:`split_framework`).
"""

from __future__ import annotations

import contextlib
import math
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping

from actviz.errors import ActvizError, FrameworkError, ParameterError, UnknownActivationError
from actviz.jsonable import json_number
from actviz.lazy import numpy as np

INF = math.inf

ArrayFn = Callable[..., "np.ndarray"]


# --------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    """One parameter of an activation: name, default, valid interval and a one-line meaning.

    The valid interval is ``low .. high``; ``low_open``/``high_open`` say whether the end itself
    is excluded.  Infinite ends are always open: values must be finite numbers.
    """

    name: str
    default: float
    meaning: str
    low: float = -INF
    high: float = INF
    low_open: bool = False
    high_open: bool = False
    symbol: str = ""  # Unicode symbol for titles, e.g. "α"; defaults to the name

    @property
    def label(self) -> str:
        return self.symbol or self.name

    def interval_text(self) -> str:
        left = "(" if self.low_open or self.low == -INF else "["
        right = ")" if self.high_open or self.high == INF else "]"
        return f"{left}{_fmt_bound(self.low)}, {_fmt_bound(self.high)}{right}"

    def validate(self, value: Any, activation: str) -> float:
        """Return ``value`` as a float, or raise :class:`ParameterError` naming the valid range."""
        where = f"parameter '{self.name}' of {activation}"
        if isinstance(value, bool):
            raise ParameterError(f"{where} must be a number, got {value!r}")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ParameterError(
                f"{where} must be a number in {self.interval_text()}, got {value!r}"
            ) from None
        if not math.isfinite(number):
            raise ParameterError(
                f"{where} must be a finite number in {self.interval_text()}, got {value!r}"
            )
        too_low = number < self.low or (self.low_open and number == self.low)
        too_high = number > self.high or (self.high_open and number == self.high)
        if too_low or too_high:
            raise ParameterError(
                f"{where} must be in {self.interval_text()}, got {_fmt_number(number)}"
            )
        return number


def _fmt_bound(value: float) -> str:
    if value == INF:
        return "∞"
    if value == -INF:
        return "-∞"
    return _fmt_number(value)


def _fmt_number(value: float) -> str:
    """Short readable form: 1 not 1.0, 0.333333 for 1/3, 1e6 not 1e+06 (messages, not data)."""
    text = f"{value:.6g}"
    return text.replace("e+0", "e").replace("e+", "e").replace("e-0", "e-")


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """An output range such as ``(0, 1)`` or ``[0, ∞)``."""

    low: float
    high: float
    low_closed: bool = False
    high_closed: bool = False

    @classmethod
    def open(cls, low: float, high: float) -> "Interval":
        return cls(low, high, False, False)

    @classmethod
    def closed(cls, low: float, high: float) -> "Interval":
        return cls(low, high, True, True)

    @classmethod
    def closed_open(cls, low: float, high: float) -> "Interval":
        return cls(low, high, True, False)

    @classmethod
    def open_closed(cls, low: float, high: float) -> "Interval":
        return cls(low, high, False, True)

    def __str__(self) -> str:
        left = "[" if self.low_closed and self.low != -INF else "("
        right = "]" if self.high_closed and self.high != INF else ")"
        return f"{left}{_fmt_bound(self.low)}, {_fmt_bound(self.high)}{right}"

    def to_json(self) -> list:
        return [json_number(self.low), json_number(self.high), self.low_closed, self.high_closed]


CONTINUITY_ORDERS = ("discontinuous", "C0", "C1", "C∞")
SATURATION_SIDES = ("none", "left", "right", "both")


@dataclass(frozen=True)
class Properties:
    """What a textbook says about an activation, for one set of parameter values.

    - ``range``: the set of output values (its closure for the bounds shown).
    - ``monotonic``: f is non-decreasing.
    - ``derivative_monotonic``: f' is non-decreasing or non-increasing everywhere.
    - ``continuity``: ``discontinuous``, ``C0`` (continuous, f' jumps), ``C1`` or ``C∞``.
    - ``zero_centred``: f is odd, f(-x) = -f(x), so symmetric inputs give zero-mean outputs.
    - ``saturating``: the sides where |f'(x)| -> 0: ``none``, ``left``, ``right`` or ``both``.
    - ``identity_near_origin``: f(0) = 0, f'(0) = 1 and f' continuous at 0.
    """

    range: Interval
    monotonic: bool
    derivative_monotonic: bool
    continuity: str
    zero_centred: bool
    saturating: str
    identity_near_origin: bool

    def __post_init__(self) -> None:
        if self.continuity not in CONTINUITY_ORDERS:
            raise ValueError(f"continuity must be one of {CONTINUITY_ORDERS}")
        if self.saturating not in SATURATION_SIDES:
            raise ValueError(f"saturating must be one of {SATURATION_SIDES}")

    @property
    def bounded_below(self) -> bool:
        return self.range.low > -INF

    @property
    def bounded_above(self) -> bool:
        return self.range.high < INF

    def to_json(self) -> dict:
        return {
            "range": str(self.range),
            "range_bounds": self.range.to_json(),
            "monotonic": self.monotonic,
            "derivative_monotonic": self.derivative_monotonic,
            "continuity": self.continuity,
            "zero_centred": self.zero_centred,
            "bounded_below": self.bounded_below,
            "bounded_above": self.bounded_above,
            "saturating": self.saturating,
            "identity_near_origin": self.identity_near_origin,
        }


# --------------------------------------------------------------------------------------------
# Notes: what a course teaches about an activation (``actviz info``)
# --------------------------------------------------------------------------------------------

# Where an activation is used, as a fixed vocabulary: `actviz info` prints these in every
# language (render/labels.py holds the words) and the guide (activations/guide.py) is keyed by
# them.  ``multiclass_output`` belongs to softmax, a vector function outside the registry.
USES = (
    "hidden",             # hidden layers of MLPs
    "cnn",                # convolutional networks for vision
    "transformers",       # transformer feed-forward blocks
    "mobile",             # mobile, quantised and low-precision networks
    "gates",              # gates: LSTM/GRU cells, squeeze-and-excitation, gated linear units
    "recurrent",          # the state of recurrent networks
    "binary_output",      # binary and multi-label classification outputs
    "multiclass_output",  # one-of-K classification outputs (softmax)
    "regression_output",  # unbounded real-valued outputs
    "positive_output",    # outputs that must be > 0: a variance, a rate
    "bounded_output",     # outputs in a fixed interval: pixels in [-1, 1], actions
    "loss",               # inside a loss function
    "sparse_coding",      # thresholding in sparse coding and denoising
    "rbf_networks",       # radial-basis-function networks
    "perceptron",         # perceptrons and threshold logic
    "research",           # experiments and comparisons; rare in current models
)


@dataclass(frozen=True)
class Notes:
    """What a course teaches about one activation, in one language (``actviz info`` prints it).

    - ``lesson``: the one line to remember.
    - ``strengths`` / ``weaknesses``: short sentences, each one fact.
    - ``where_used``: where it appears in practice, naming models.
    - ``parameters``: each parameter's meaning in this language; English falls back to
      :attr:`Parameter.meaning`.
    - ``at_breakpoints``: the kink convention in this language; English falls back to
      :attr:`Activation.at_breakpoints`.

    Registry names and commands in the text are written in backticks (`leaky_relu`,
    `actviz fit`): terminals highlight them and a test checks that each one exists.
    """

    lesson: str
    strengths: tuple[str, ...]
    weaknesses: tuple[str, ...]
    where_used: str
    parameters: Mapping[str, str] = field(default_factory=dict)
    at_breakpoints: str = ""



# --------------------------------------------------------------------------------------------
# Frameworks: how PyTorch, JAX, Keras, ... ship an activation (``actviz info``, ``name@keras``)
# --------------------------------------------------------------------------------------------

FRAMEWORKS = ("pytorch", "jax", "keras", "tensorflow", "mlx", "timm")
FRAMEWORK_TITLES = {"pytorch": "PyTorch", "jax": "JAX", "keras": "Keras",
                    "tensorflow": "TensorFlow", "mlx": "MLX", "timm": "timm"}
# The names people import them by, accepted after "@" too: relu@torch, gelu@tf.
FRAMEWORK_ALIASES = {"torch": "pytorch", "tf": "tensorflow"}


@dataclass(frozen=True)
class FrameworkName:
    """How one framework ships an activation: where it lives there and the defaults it uses.

    An entry's ``frameworks`` say, for each framework, the one function or layer that computes
    *this* entry, written as you would call it to get this form: PyTorch's tanh-approximated
    GELU is ``torch.nn.GELU(approximate='tanh')`` under ``gelu_tanh``, and JAX's
    ``jax.nn.gelu``, whose default is that form, is listed there too, while ``gelu`` lists
    ``jax.nn.gelu(approximate=False)``.  So ``name@framework`` always draws the entry's formula.

    ``defaults`` are the parameter values that call uses, in actviz's parameter names (Keras'
    ``negative_slope=0.2`` for leaky_relu is ``{"negative_slope": 0.2}``), including the ones
    the framework fixes (JAX's softplus has no β: ``{"beta": 1.0}``).  ``note`` says what else
    differs, in English (a string) or per language (``{"en": ..., "zh": ...}``): a parameter
    the framework fixes or names differently, a switch to another form (PyTorch's softplus
    returns x above ``threshold=20``), a different default in a sibling API.  Registry names
    in the note are written in backticks (`gelu_tanh`).
    """

    framework: str  # one of FRAMEWORKS
    name: str  # e.g. "torch.nn.LeakyReLU", "jax.nn.leaky_relu", "keras.activations.leaky_relu"
    defaults: Mapping[str, float] = field(default_factory=dict)
    note: str | Mapping[str, str] = ""

    def __post_init__(self) -> None:
        if self.framework not in FRAMEWORKS:
            raise ValueError(f"framework must be one of {FRAMEWORKS}, got {self.framework!r}")
        if not isinstance(self.note, str) and "en" not in self.note:
            raise ValueError(f"{self.name}: a note given per language needs an 'en' text")

    @property
    def title(self) -> str:
        """The framework as it spells itself: "PyTorch", "TensorFlow", "timm"."""
        return FRAMEWORK_TITLES[self.framework]

    def note_in(self, lang: str) -> str:
        """The note in ``lang``, else in English ("" when there is none)."""
        if isinstance(self.note, str):
            return self.note
        return self.note.get(lang) or self.note["en"]

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        return {"framework": self.framework, "title": self.title, "name": self.name,
                "defaults": dict(self.defaults), "note": self.note_in(lang)}


# Notes that recur across frameworks, in every language FrameworkName notes are written in.

def same_function_as(name: str) -> dict[str, str]:
    """Note: the framework ships the same function under another ``name`` too."""
    return {"en": f"{name} is the same function", "zh": f"{name} 是同一个函数"}


def fixed_parameter(symbol: str, value: str) -> dict[str, str]:
    """Note: the framework takes no argument for the parameter; it is always ``value``."""
    return {"en": f"no {symbol} argument: {symbol} is {value}",
            "zh": f"没有 {symbol} 参数：{symbol} 固定为 {value}"}


def renamed_parameter(symbol: str, name: str) -> dict[str, str]:
    """Note: the framework's argument for the parameter has another ``name``."""
    return {"en": f"{symbol} is the argument {name}", "zh": f"{symbol} 对应参数 {name}"}


def framework_key(text: str) -> str:
    """The framework ``text`` names ("keras", "Keras", "torch", "tf"), as in FRAMEWORKS.

    Raises :class:`FrameworkError` naming the known frameworks (and the closest one).
    """
    key = text.strip().lower()
    key = FRAMEWORK_ALIASES.get(key, key)
    if key in FRAMEWORKS:
        return key
    import difflib  # only on the error path

    close = difflib.get_close_matches(key, [*FRAMEWORKS, *FRAMEWORK_ALIASES], n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise FrameworkError(f"unknown framework '{text.strip()}'{hint} (actviz knows "
                         f"{', '.join(FRAMEWORKS)}; torch and tf work too)")


def is_framework_spec(head: str) -> bool:
    """Whether ``head`` (a spec's part before ":") is ``name@framework`` for the registry: the
    name or the framework is a known one.  A formula that uses "@" (``f(x)=x@x``) is not, and
    gets the formula reader's own message."""
    base, at, framework = head.partition("@")
    if not at:
        return False
    key = framework.strip().lower()
    _ensure_loaded()
    return _normal_key(base) in _ALIASES or FRAMEWORK_ALIASES.get(key, key) in FRAMEWORKS


def split_framework(name: str) -> tuple[str, str | None]:
    """``"leaky_relu@keras"`` -> ``("leaky_relu", "keras")``; ``"relu"`` -> ``("relu", None)``.

    The framework is returned as written; :func:`framework_key` checks it.
    """
    base, at, framework = name.partition("@")
    if not at:
        return name, None
    if not base.strip():
        raise UnknownActivationError(f"an activation name is required before '@' in '{name}', "
                                     "e.g. leaky_relu@keras")
    if not framework.strip():
        raise FrameworkError(f"nothing after '@' in '{name}': write e.g. leaky_relu@keras")
    return base.strip(), framework.strip()


# --------------------------------------------------------------------------------------------
# The declaration
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Activation:
    """The declaration of one activation function.

    ``function`` and ``derivative`` take a float64 array and the parameters as keyword
    arguments.  ``properties`` and ``breakpoints`` are either values or callables taking the
    parameters as keyword arguments (a property that depends on them, such as ELU's range).
    ``breakpoints`` lists the x where f or f' is not smooth (kinks and jumps); plots sample them
    exactly and tests check continuity there.  ``check`` validates combinations of parameters
    and returns an error message or ``None``.

    ``exact`` and ``exact_derivative`` state f and f' once more, plainly, for mpmath: they take
    the mpmath context ``mp``, an ``mpf`` x and the parameters, and return an ``mpf``.  They are
    the high-precision reference that the accuracy test and ``benchmarks/accuracy.py`` measure
    the float64 code against (actviz itself never imports mpmath).  Their branch choices at
    kinks are the documented conventions.
    """

    name: str
    title: str
    family: str
    formula: str  # matplotlib mathtext, without the surrounding $...$
    derivative_formula: str
    function: ArrayFn
    derivative: ArrayFn
    properties: Properties | Callable[..., Properties]
    reference: str
    summary: str = ""
    aliases: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    breakpoints: tuple[float, ...] | Callable[..., tuple[float, ...]] = ()
    at_breakpoints: str = ""  # which one-sided derivative is returned at kinks, and why
    check: Callable[..., str | None] | None = None
    # The textbook forms of f and f' (s·(1 − s) for σ', 1 − tanh² for tanh'), written with NumPy
    # ufuncs and evaluated in the dtype of their argument (float16, bfloat16, ...): what
    # ``actviz precision`` compares with the exact values rounded once.  None: no such form.
    naive_function: ArrayFn | None = None
    naive_derivative: ArrayFn | None = None
    exact: Callable[..., Any] | None = None
    exact_derivative: Callable[..., Any] | None = None
    # f'': the same contract as ``derivative`` (float64 array in, parameters as keywords), its
    # mathtext, and its plain mpmath reference.  At kinks and jumps f'' follows the convention
    # of ``at_breakpoints`` (the one-sided value f' takes there).
    second_derivative: ArrayFn | None = None
    second_derivative_formula: str = ""
    exact_second_derivative: Callable[..., Any] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)  # room for later issues (prose, ...)
    # What a course says about it (actviz info): where it is used, from USES, and the prose per
    # language ("en", "zh").  Optional: an activation without notes still gets a card.
    uses: tuple[str, ...] = ()
    notes: Mapping[str, Notes] = field(default_factory=dict)
    # Where PyTorch, JAX, Keras, TensorFlow, MLX and timm ship it, and with which defaults.
    frameworks: tuple[FrameworkName, ...] = ()

    def __post_init__(self) -> None:
        unknown = [use for use in self.uses if use not in USES]
        if unknown:
            raise ValueError(f"{self.name}: unknown uses {unknown}; choose from {USES}")
        self._check_frameworks()

    def _check_frameworks(self) -> None:
        """Each framework once, its defaults named after this entry's parameters (their values
        are checked by the registry-wide test, which binds them)."""
        listed = [shipped.framework for shipped in self.frameworks]
        twice = sorted({key for key in listed if listed.count(key) > 1})
        if twice:
            raise ValueError(f"{self.name}: frameworks {twice} are listed more than once")
        known = {p.name for p in self.parameters}
        for shipped in self.frameworks:
            extra = sorted(set(shipped.defaults) - known)
            if extra:
                raise ValueError(f"{self.name}: {shipped.name} sets {extra}, which are not "
                                 f"parameters of {self.name}")

    def notes_in(self, lang: str) -> Notes | None:
        """The notes in ``lang``, or ``None`` when the declaration has none in that language."""
        return self.notes.get(lang)

    @property
    def defaults(self) -> dict[str, float]:
        return {p.name: p.default for p in self.parameters}

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise ParameterError(self._unknown_parameter_message(name))

    def _unknown_parameter_message(self, name: str) -> str:
        known = [p.name for p in self.parameters]
        if not known:
            return f"{self.name} takes no parameters, got '{name}'"
        import difflib  # only on the error path: it costs start-up time

        close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown parameter '{name}' for {self.name}{hint}; it takes: {', '.join(known)}"

    def bind(self, **values: Any) -> "BoundActivation":
        """Validate ``values`` against the parameters and return the evaluable activation."""
        return self._bind(values, framework=None)

    def bind_in(self, framework: str, **values: Any) -> "BoundActivation":
        """Like :meth:`bind`, starting from ``framework``'s defaults instead of actviz's:
        ``lookup("leaky_relu").bind_in("keras")`` has ``negative_slope=0.2``."""
        shipped = self.in_framework(framework)
        return self._bind({**shipped.defaults, **values}, framework=shipped.framework)

    def _bind(self, values: Mapping[str, Any], framework: str | None) -> "BoundActivation":
        params = self.defaults
        for key, value in values.items():
            params[key] = self.parameter(key).validate(value, self.name)
        if self.check is not None:
            problem = self.check(**params)
            if problem:
                raise ParameterError(f"{self.name}: {problem}")
        return BoundActivation(self, params, framework)

    def in_framework(self, framework: str) -> FrameworkName:
        """How ``framework`` ("keras", "torch", ...) ships this activation.

        Raises :class:`FrameworkError` for an unknown framework or one that does not ship it;
        the message names the frameworks that do.
        """
        key = framework_key(framework)
        for shipped in self.frameworks:
            if shipped.framework == key:
                return shipped
        others = [f"{self.name}@{shipped.framework}" for shipped in self.frameworks]
        where = (f"; try {_one_of(others)}" if others
                 else ", nor does any other framework actviz knows")
        raise FrameworkError(f"{FRAMEWORK_TITLES[key]} ships no {self.name}{where}")


class BoundActivation:
    """An activation with its parameter values fixed: call it, or call ``.derivative``.

    ``act(x)`` and ``act.derivative(x)`` accept a scalar or anything array-like and return
    float64 of the same shape (a NumPy scalar for a scalar input).  NaN in gives NaN out.
    """

    def __init__(self, activation: Activation, params: Mapping[str, float],
                 framework: str | None = None):
        self.activation = activation
        self.params: dict[str, float] = dict(params)
        # The framework whose defaults the parameters started from ("keras" for
        # leaky_relu@keras), or None for actviz's own.
        self.framework = framework

    # -- evaluation ----------------------------------------------------------------------
    def __call__(self, x: Any) -> np.ndarray:
        return self._evaluate(self.activation.function, x)

    def derivative(self, x: Any, order: int = 1) -> np.ndarray:
        """The analytic derivative f'(x) (``order=1``) or f''(x) (``order=2``)."""
        if order == 1:
            return self._evaluate(self.activation.derivative, x)
        if order == 2:
            second = self.activation.second_derivative
            if second is None:
                raise ActvizError(f"{self.name} declares no second derivative")
            return self._evaluate(second, x)
        raise ParameterError(f"order must be 1 or 2, got {order!r}")

    def _evaluate(self, fn: ArrayFn, x: Any) -> np.ndarray:
        values = as_float_array(x)
        if getattr(fn, "whole_array", False):
            out = fn(values, **self.params)  # NaN-correct by its contract (whole_array)
            return out[()] if out.ndim == 0 else out
        out = np.empty(values.shape)
        # One NaN scan of the whole input (a cheap reduction), rather than a mask per slice:
        # the slices are re-scanned only when some NaN is really there.
        has_nan = holds_nan(values)
        if values.size <= EVALUATION_CHUNK:
            _evaluate_into(fn, values, out, self.params, has_nan)
            return out[()] if out.ndim == 0 else out
        # Cache-sized slices into one output: a kernel's dozen temporaries then live in the
        # cache, not in RAM, which is faster and keeps the peak memory near the output's size.
        # Kernels are elementwise, so the values are those of one call on the whole array.
        flat_values, flat_out = values.reshape(-1), out.reshape(-1)
        for start in range(0, values.size, EVALUATION_CHUNK):
            chunk = slice(start, start + EVALUATION_CHUNK)
            _evaluate_into(fn, flat_values[chunk], flat_out[chunk], self.params, has_nan)
        return out

    # -- description ---------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.activation.name

    @property
    def base_defaults(self) -> dict[str, float]:
        """The values the parameters start from: actviz's defaults, or the framework's."""
        defaults = self.activation.defaults
        if self.framework is not None:
            defaults.update(self.activation.in_framework(self.framework).defaults)
        return defaults

    @property
    def non_default_params(self) -> dict[str, float]:
        """The parameters that differ from :attr:`base_defaults`."""
        defaults = self.base_defaults
        return {k: v for k, v in self.params.items() if v != defaults[k]}

    @property
    def framework_title(self) -> str | None:
        """The framework's title ("Keras") when bound with its defaults, else ``None``."""
        return None if self.framework is None else FRAMEWORK_TITLES[self.framework]

    @property
    def qualified_name(self) -> str:
        """``"leaky_relu@keras"`` when bound with a framework's defaults, else the name."""
        return self.name if self.framework is None else f"{self.name}@{self.framework}"

    @property
    def spec(self) -> str:
        """The canonical ``name[@framework]:key=value`` string that :func:`get` turns back
        into this."""
        if not self.params:
            return self.qualified_name
        body = ",".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{self.qualified_name}:{body}"

    @property
    def label(self) -> str:
        """Human title with parameter values, e.g. ``ELU (α=0.5)``; bound with a framework's
        defaults, the framework comes first: ``LeakyReLU (Keras: a=0.2)``, ``ReLU (JAX)``."""
        parts = [
            f"{self.activation.parameter(k).label}={_fmt_number(v)}" for k, v in self.params.items()
        ]
        values = ", ".join(parts)
        if self.framework_title is not None:
            values = f"{self.framework_title}: {values}" if values else self.framework_title
        return f"{self.activation.title} ({values})" if values else self.activation.title

    @property
    def properties(self) -> Properties:
        declared = self.activation.properties
        return declared(**self.params) if callable(declared) else declared

    @property
    def breakpoints(self) -> tuple[float, ...]:
        declared = self.activation.breakpoints
        points = declared(**self.params) if callable(declared) else declared
        return tuple(sorted(set(float(p) for p in points)))

    def __repr__(self) -> str:
        return f"actviz.get({self.spec!r})"


# Elements evaluated per kernel call: 8,192 float64 are 64 KiB per temporary, so the
# temporaries of a kernel stay in the L2 cache; larger arrays are evaluated slice by slice.
# Not 16,384: 128 KiB is glibc's default mmap and trim threshold, and temporaries of that size
# were handed back to the system and faulted in again on every allocation (measured 3-6x
# slower for the double-double kernels: benchmarks/throughput.py).
EVALUATION_CHUNK = 1 << 13


def whole_array(kernel: ArrayFn) -> ArrayFn:
    """Mark ``kernel`` as a memory-speed kernel, which the wrapper calls once on the whole array.

    Such a kernel is one or two passes over memory (``np.maximum(x, 0)``, a comparison cast
    to float): slicing it into the cache saves nothing, and the per-slice calls, the final
    copy and the NaN scan would cost as much as the kernel itself.  Its contract, which
    ``tests/test_evaluation.py`` checks for every marked kernel: it returns a new float64
    array of x's shape (a 0-d one or a NumPy scalar for 0-d x) that shares no memory with x,
    holds NaN exactly where x is NaN (a NaN-propagating ufunc does that for free; otherwise
    :func:`keep_nan`), and makes at most one full-size temporary besides its result.
    """
    kernel.whole_array = True  # type: ignore[attr-defined]
    return kernel


def holds_nan(values: np.ndarray) -> bool:
    """Whether ``values`` holds a NaN: ``min`` propagates NaN and is a vectorised reduction
    with no temporary, about 3x cheaper than ``np.isnan(values).any()`` on 10^6 values."""
    return values.size > 0 and bool(np.isnan(np.min(values)))


def keep_nan(x: np.ndarray, out: np.ndarray) -> np.ndarray:
    """``out`` with NaN written wherever ``x`` is NaN (in place; returns ``out``), for a
    :func:`whole_array` kernel whose result does not carry NaN through by itself (a
    comparison is False at NaN).  One reduction when x holds no NaN."""
    if holds_nan(x):
        np.copyto(out, x, where=np.isnan(x))
    return out


def _evaluate_into(fn: ArrayFn, values: np.ndarray, out: np.ndarray,
                   params: Mapping[str, float], has_nan: bool = True) -> None:
    """``out[...] = fn(values)`` (a kernel may return a scalar or a broadcastable array), with
    NaN wherever ``values`` is NaN, whatever the kernel made of it (looked for only when
    ``has_nan``: the caller knows the input holds no NaN)."""
    out[...] = fn(values, **params)
    if has_nan:
        nan_in = np.isnan(values)
        if nan_in.any():
            out[nan_in] = np.nan


def as_float_array(x: Any) -> np.ndarray:
    """``x`` as a float64 array; a clear error for input that is not numeric."""
    try:
        return np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise ParameterError(f"x must be a number or an array of numbers, got {x!r}") from None


# --------------------------------------------------------------------------------------------
# The registry
# --------------------------------------------------------------------------------------------

_REGISTRY: dict[str, Activation] = {}
_DEFERRED: dict[str, Callable[[], Activation]] = {}  # name -> builder, run on first lookup
_ALIASES: dict[str, str] = {}


def register(activation: Activation, *, replace: bool = False) -> Activation:
    """Add ``activation`` to the registry (by its name and aliases) and return it."""
    _claim(activation.name, activation.aliases, replace)
    _REGISTRY[activation.name] = activation
    return activation


def register_deferred(name: str, build: Callable[[], Activation], *,
                      aliases: Iterable[str] = (), replace: bool = False) -> None:
    """Reserve ``name`` (and ``aliases``) for a declaration that is costly to build.

    ``build()`` runs on the first lookup of the name; ``names()`` lists it before that.  Formulas
    use this, so that registering one (in a plugin, say) does not import sympy.
    """
    _claim(name, tuple(aliases), replace)
    _DEFERRED[name] = build


def check_new_name(key: str, owner: str | None = None, *, replace: bool = False) -> None:
    """The one rule for a new activation's name or alias, which every front end applies
    (``actviz.register``, plugins, the formulas of a batch config): a lower-case identifier
    that no registered activation has as its name or as an alias (``logistic`` is sigmoid's).

    ``owner`` is the activation ``key`` is an alias of (None when ``key`` is its own name);
    ``replace=True`` allows taking over another's.  Raises ValueError saying why.
    """
    if not _is_identifier(key):
        raise ValueError(f"activation name {key!r} must be lower-case letters, digits and _")
    _ensure_loaded()  # a clash with a built-in or a plugin is found now, not at first use
    taken_by = _ALIASES.get(key)
    if taken_by is None or replace or (owner is not None and taken_by == owner):
        return  # free, or already an alias of the activation that claims it again
    of = "" if taken_by == key else f" (an alias of {taken_by})"
    raise ValueError(f"'{key}' is already registered{of}")


def _claim(name: str, aliases: Iterable[str], replace: bool) -> None:
    keys = (name, *aliases)
    for key in keys:
        check_new_name(key, None if key == name else name, replace=replace)
    _REGISTRY.pop(name, None)
    _DEFERRED.pop(name, None)
    for key in keys:
        _ALIASES[key] = name


@contextlib.contextmanager
def undone_on_error() -> Iterator[Callable[[], list[str]]]:
    """Registrations made in the block are undone if it raises: all or nothing (a plugin that
    fails half-way is left out whole).  Yields a function that lists the names registered in
    the block so far."""
    saved = dict(_REGISTRY), dict(_DEFERRED), dict(_ALIASES)

    def added() -> list[str]:
        return sorted({*_REGISTRY, *_DEFERRED} - {*saved[0], *saved[1]})

    try:
        yield added
    except BaseException:
        for table, before in zip((_REGISTRY, _DEFERRED, _ALIASES), saved):
            table.clear()
            table.update(before)
        raise


def is_deferred(name: str) -> bool:
    """Whether ``name``'s declaration is not built yet (a formula not used so far)."""
    return name in _DEFERRED


def _declaration(name: str) -> Activation:
    """The declaration registered as ``name``, built now if it was deferred."""
    if name in _DEFERRED:
        activation = _DEFERRED[name]()
        if activation.name != name:
            raise ValueError(f"the deferred declaration of '{name}' is named '{activation.name}'")
        _REGISTRY[name] = activation
        del _DEFERRED[name]
    return _REGISTRY[name]


def _is_identifier(key: str) -> bool:
    return isinstance(key, str) and bool(key) and key.replace("_", "a").isalnum() and key == key.lower() and key.isascii()


def names() -> list[str]:
    """The canonical names of every registered activation, sorted."""
    _ensure_loaded()
    return sorted({*_REGISTRY, *_DEFERRED})


def _normal_key(name: str) -> str:
    """How names are compared: "Leaky-ReLU " is "leaky_relu"."""
    return name.strip().lower().replace("-", "_")


def lookup(name: str) -> Activation:
    """The declaration registered under ``name`` or one of its aliases.

    ``"leaky_relu@keras"`` gives leaky_relu's declaration once Keras is known to ship it
    (:class:`FrameworkError` otherwise).
    """
    _ensure_loaded()
    name, framework = split_framework(name)
    canonical = _ALIASES.get(_normal_key(name))
    if canonical is None:
        raise UnknownActivationError(_unknown_name_message(name))
    activation = _declaration(canonical)
    if framework is not None:
        activation.in_framework(framework)
    return activation


def _unknown_name_message(name: str) -> str:
    import difflib

    close = difflib.get_close_matches(name.lower(), list(_ALIASES), n=3, cutoff=0.6)
    if not close:
        close = [k for k in _ALIASES if name.lower() in k or k in name.lower()][:3]
    canonical = list(dict.fromkeys(_ALIASES[c] for c in close))
    hint = f"; did you mean {_one_of(canonical)}?" if canonical else ""
    total = len(_REGISTRY) + len(_DEFERRED)
    return f"unknown activation '{name}'{hint} (`actviz list` shows all {total})"


def _one_of(words: list[str]) -> str:
    """'a', 'a' or 'b', 'a', 'b' or 'c'."""
    quoted = [repr(w) for w in words]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def parse_spec(spec: str) -> tuple[str, dict[str, str]]:
    """Split ``"name:key=value,key=value"`` into the name and a dict of raw values."""
    if not isinstance(spec, str) or not spec.strip():
        raise UnknownActivationError(f"an activation name is required, got {spec!r}")
    name, _, rest = spec.partition(":")
    values: dict[str, str] = {}
    if rest.strip():
        for item in rest.split(","):
            key, sep, value = item.partition("=")
            key = key.strip()
            if not sep or not key or not value.strip():
                raise ParameterError(
                    f"cannot read '{item.strip()}' in '{spec}': write parameters as key=value, "
                    "e.g. elu:alpha=0.5"
                )
            if key in values:
                raise ParameterError(f"parameter '{key}' is given twice in '{spec}'")
            values[key] = value.strip()
    elif rest == "" and spec.endswith(":"):
        raise ParameterError(f"nothing after ':' in '{spec}': write e.g. elu:alpha=0.5")
    return name.strip(), values


def get(spec: str, **params: Any) -> BoundActivation:
    """The activation named by ``spec`` with its parameters bound.

    ``spec`` is a name or alias (``"elu"``), optionally with parameters
    (``"elu:alpha=0.5"``); keyword arguments add or override parameters.
    Raises :class:`UnknownActivationError` (with suggestions) or :class:`ParameterError`.
    """
    if isinstance(spec, BoundActivation) and not params:
        return spec
    _ensure_loaded()
    # A registered name never reaches the resolvers: "relu" costs no formula machinery.  Nor
    # does "name@framework" (is_framework_spec), so that "sigmod@keras" gets suggestions.
    head = spec.partition(":")[0] if isinstance(spec, str) else ""
    is_name = _normal_key(head) in _ALIASES or is_framework_spec(head)
    custom = _custom_resolver(spec) if isinstance(spec, str) and not is_name else None
    if custom is not None:
        return custom(spec, **params)
    name, raw = parse_spec(spec)
    raw.update(params)
    name, framework = split_framework(name)
    activation = lookup(name)
    return activation.bind(**raw) if framework is None else activation.bind_in(framework, **raw)


# Formulas such as "f(x)=x*sigmoid(x)" are resolved by a hook so this module stays free of
# the (heavy, optional) formula machinery; see actviz.formula.
_SPEC_RESOLVERS: list[Callable[[str], Callable[..., BoundActivation] | None]] = []


def add_spec_resolver(resolver: Callable[[str], Callable[..., BoundActivation] | None]) -> None:
    """Let ``resolver(spec)`` claim specs that are not registry names (e.g. formulas)."""
    _SPEC_RESOLVERS.append(resolver)


def _custom_resolver(spec: str) -> Callable[..., BoundActivation] | None:
    for resolver in _SPEC_RESOLVERS:
        found = resolver(spec)
        if found is not None:
            return found
    return None


_LOADED = False
_LOADING = False
# Threads wait here while the first one loads; the loading thread itself may come back
# (a plugin looking a name up as it registers) and must not wait for itself.
_LOAD_LOCK = threading.RLock()
# What fills the registry on first use, passed in by actviz.activations (this module's package,
# so always imported first): the registry imports none of the modules that register into it.
_LOADER: Callable[[], None] | None = None


def set_loader(loader: Callable[[], None]) -> None:
    """Let ``loader()`` fill the registry, once, when it is first read: the built-in families,
    the formula resolver and the plugins (see :func:`actviz.activations.load_everything`)."""
    global _LOADER
    _LOADER = loader


def _ensure_loaded() -> None:
    """Once: run the loader that :func:`set_loader` gave.

    None of this imports sympy; a formula imports it when it is first used.
    """
    global _LOADED, _LOADING
    if _LOADED:
        return
    with _LOAD_LOCK:
        if _LOADED or _LOADING:
            return
        _LOADING = True
        try:
            if _LOADER is not None:
                _LOADER()
        finally:
            _LOADED, _LOADING = True, False


def is_wildcard(pattern: str) -> bool:
    """``"*"``, ``"*relu*"``, ``"hard?*"`` select by name.  A formula has "=" (and a spec
    ":"): not a wildcard, though it may hold * [ ?."""
    return any(ch in pattern for ch in "*?[") and ":" not in pattern and "=" not in pattern


def select(patterns: Iterable[str] = ()) -> list[BoundActivation]:
    """Bound activations for ``patterns``, in order, without duplicates; all of them if none.

    A pattern is a spec (``"elu"``, ``"elu:alpha=0.5"``) or a shell-style wildcard over names
    and aliases (``"*relu*"``, ``"hard?*"``), which selects every match at its defaults.
    """
    # One string is one pattern, not a sequence of one-letter patterns.
    patterns = [patterns] if isinstance(patterns, str) else list(patterns) or ["*"]
    chosen: dict[str, BoundActivation] = {}
    for pattern in patterns:
        if isinstance(pattern, str) and is_wildcard(pattern):
            bound = _select_matches(pattern)
        else:
            bound = [get(pattern)]
        for activation in bound:
            chosen.setdefault(activation.spec, activation)
    return list(chosen.values())


def _select_matches(pattern: str) -> list[BoundActivation]:
    """Every activation whose name or alias ``pattern`` matches, at its defaults; with
    ``@framework`` (``"*relu*@keras"``), those the framework ships, at its defaults."""
    import fnmatch

    _ensure_loaded()
    names_pattern, framework = split_framework(pattern)
    found = sorted({_ALIASES[k] for k in _ALIASES
                    if fnmatch.fnmatchcase(k, names_pattern.lower())})
    if framework is not None:
        key = framework_key(framework)
        found = [name for name in found
                 if any(shipped.framework == key for shipped in _declaration(name).frameworks)]
    if not found:
        raise UnknownActivationError(
            f"no activation matches '{pattern}' (`actviz list` shows all {len(_REGISTRY)})"
        )
    if framework is None:
        return [_declaration(name).bind() for name in found]
    return [_declaration(name).bind_in(framework) for name in found]


def all_activations() -> Iterable[Activation]:
    """Every registered declaration, sorted by name."""
    return [_declaration(n) for n in names()]
